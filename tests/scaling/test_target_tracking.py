"""sagemaker_tf.scaling.target_tracking: ``TargetTrackingScaling`` policies (invocations per instance, CPU,
a custom or percentile metric, a predefined metric), their options and checks."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest

from sagemaker_tf import ValidationError
from sagemaker_tf import metrics as m
from sagemaker_tf._runtime.framework import TerraformStack
from sagemaker_tf.scaling import (
    PredefinedMetric,
    auto_scale_instance_count,
)
from tests.helpers import only, synth
from tests.helpers.scaling import POLICY, endpoint_ref, fake, target_ref


def test_limit_rps_30_gives_target_900(stack: TerraformStack) -> None:
    count = auto_scale_instance_count(fake(stack), max_capacity=3)
    assert count.scale_on_invocations("LimitRPS", max_requests_per_second=30) is None
    doc = synth(stack)
    policy = only(doc, POLICY)
    assert policy["policy_type"] == "TargetTrackingScaling"
    config = policy["target_tracking_scaling_policy_configuration"]
    assert config == {
        "predefined_metric_specification": {"predefined_metric_type": "SageMakerVariantInvocationsPerInstance"},
        "target_value": 900,
    }
    # the policy points at the target's attributes, so Terraform creates it after the target
    for attribute in ("resource_id", "scalable_dimension", "service_namespace"):
        assert policy[attribute] == target_ref(doc, attribute)
    assert re.fullmatch(r"Stack-Endpoint-InstanceCount-variant-LimitRPS-[0-9a-f]{8}", policy["name"])


def test_invocation_policy_options(stack: TerraformStack) -> None:
    count = auto_scale_instance_count(fake(stack), max_capacity=3)
    count.scale_on_invocations(
        "LimitRPS",
        max_requests_per_second=20,
        safety_factor=1.0,
        policy_name="my-policy",
        disable_scale_in=True,
        scale_in_cooldown=datetime.timedelta(minutes=10),
        scale_out_cooldown=datetime.timedelta(seconds=30),
    )
    policy = only(synth(stack), POLICY)
    assert policy["name"] == "my-policy"
    config = policy["target_tracking_scaling_policy_configuration"]
    assert (config["target_value"], config["disable_scale_in"]) == (1200, True)
    assert (config["scale_in_cooldown"], config["scale_out_cooldown"]) == (600, 30)


def test_invocation_policy_argument_checks(stack: TerraformStack) -> None:
    count = auto_scale_instance_count(fake(stack), max_capacity=3)
    with pytest.raises(ValidationError, match="max_requests_per_second must be greater than 0"):
        count.scale_on_invocations("A", max_requests_per_second=0)
    with pytest.raises(ValidationError, match=r"scale_in_cooldown must be a datetime.timedelta"):
        count.scale_on_invocations("A", max_requests_per_second=1, scale_in_cooldown=60)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="policy_name must be 1 to 256 printable characters"):
        count.scale_on_invocations("A", max_requests_per_second=1, policy_name="")
    count.scale_on_invocations("A", max_requests_per_second=1)
    with pytest.raises(ValidationError, match="There is already a scaling policy or scheduled action with id 'A'"):
        count.scale_on_invocations("A", max_requests_per_second=2)


def test_cpu_utilization_tracks_a_customized_metric(stack: TerraformStack) -> None:
    count = auto_scale_instance_count(fake(stack), max_capacity=3)
    count.scale_on_cpu_utilization(
        "Cpu", target_utilization_percent=70, scale_out_cooldown=datetime.timedelta(minutes=1)
    )
    doc = synth(stack)
    config = only(doc, POLICY)["target_tracking_scaling_policy_configuration"]
    assert config["target_value"] == 70
    assert config["scale_out_cooldown"] == 60
    assert config["customized_metric_specification"] == {
        "namespace": "/aws/sagemaker/Endpoints",
        "metric_name": "CPUUtilization",
        "statistic": "Average",
        "unit": "Percent",
        "dimensions": [
            {"name": "EndpointName", "value": endpoint_ref(doc)},
            {"name": "VariantName", "value": "variant"},
        ],
    }
    with pytest.raises(ValidationError, match="target_utilization_percent must be greater than 0"):
        count.scale_on_cpu_utilization("Zero", target_utilization_percent=0)


def test_track_a_custom_metric(stack: TerraformStack) -> None:
    variant = fake(stack)
    count = auto_scale_instance_count(variant, max_capacity=3)
    count.scale_to_track_metric(
        "Latency", target_value=250, metric=m.metric_model_latency(variant, statistic="Maximum")
    )
    spec = only(synth(stack), POLICY)["target_tracking_scaling_policy_configuration"]["customized_metric_specification"]
    assert (spec["namespace"], spec["metric_name"], spec["statistic"]) == ("AWS/SageMaker", "ModelLatency", "Maximum")
    assert "metrics" not in spec


def test_track_a_percentile_metric_uses_a_metric_query(stack: TerraformStack) -> None:
    variant = fake(stack)
    count = auto_scale_instance_count(variant, max_capacity=3)
    count.scale_to_track_metric(
        "P90", target_value=200_000, metric=m.metric_model_latency(variant, statistic="p90", label="p90")
    )
    spec = only(synth(stack), POLICY)["target_tracking_scaling_policy_configuration"]["customized_metric_specification"]
    assert list(spec) == ["metrics"]
    (query,) = spec["metrics"]
    assert (query["id"], query["label"], query["return_data"]) == ("m1", "p90", True)
    assert query["metric_stat"]["stat"] == "p90"
    assert query["metric_stat"]["metric"]["metric_name"] == "ModelLatency"
    assert [d["name"] for d in query["metric_stat"]["metric"]["dimensions"]] == ["EndpointName", "VariantName"]


@pytest.mark.parametrize(
    "predefined",
    [
        PredefinedMetric.SAGEMAKER_VARIANT_CONCURRENT_REQUESTS_PER_MODEL_HIGH_RESOLUTION,
        "SageMakerVariantConcurrentRequestsPerModelHighResolution",
    ],
)
def test_track_a_predefined_metric(stack: TerraformStack, predefined: Any) -> None:
    count = auto_scale_instance_count(fake(stack), max_capacity=3)
    count.scale_to_track_metric("Concurrency", target_value=5, predefined_metric=predefined)
    config = only(synth(stack), POLICY)["target_tracking_scaling_policy_configuration"]
    assert config == {
        "predefined_metric_specification": {
            "predefined_metric_type": "SageMakerVariantConcurrentRequestsPerModelHighResolution"
        },
        "target_value": 5,
    }
