"""Metrics of production variants and CloudWatch alarms (sagemaker_tf.metrics)."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from constructs import Construct

from sagemaker_tf import ValidationError
from sagemaker_tf import metrics as m
from sagemaker_tf._runtime.framework import SnsTopic, TerraformStack
from sagemaker_tf.metrics import Alarm, ComparisonOperator, InvocationHttpResponseCode, Metric, TreatMissingData
from tests.helpers import FakeEndpoint, FakeVariant, fake_variant, make_stack, only, resources, synth


def alarms(doc: dict[str, Any]) -> list[dict[str, Any]]:
    return resources(doc, "aws_cloudwatch_metric_alarm")


# ------------------------------------------------------------------------------------------------ variant helpers

HELPERS = [
    ("metric_invocations", "AWS/SageMaker", "Invocations", "Sum"),
    ("metric_invocations_per_instance", "AWS/SageMaker", "InvocationsPerInstance", "Sum"),
    ("metric_model_latency", "AWS/SageMaker", "ModelLatency", "Average"),
    ("metric_overhead_latency", "AWS/SageMaker", "OverheadLatency", "Average"),
    ("metric_disk_utilization", "/aws/sagemaker/Endpoints", "DiskUtilization", "Average"),
    ("metric_cpu_utilization", "/aws/sagemaker/Endpoints", "CPUUtilization", "Average"),
    ("metric_memory_utilization", "/aws/sagemaker/Endpoints", "MemoryUtilization", "Average"),
    ("metric_gpu_utilization", "/aws/sagemaker/Endpoints", "GPUUtilization", "Average"),
    ("metric_gpu_memory_utilization", "/aws/sagemaker/Endpoints", "GPUMemoryUtilization", "Average"),
]


def test_the_nine_helpers_are_listed() -> None:
    assert sorted(m.VARIANT_METRIC_HELPERS) == sorted(name for name, *_ in HELPERS)


@pytest.mark.parametrize(("helper", "namespace", "metric_name", "statistic"), HELPERS)
def test_variant_helper_uses_upstream_namespace_statistic_and_dimensions(
    stack: TerraformStack, helper: str, namespace: str, metric_name: str, statistic: str
) -> None:
    variant = fake_variant(stack)
    metric = getattr(m, helper)(variant)
    assert (metric.namespace, metric.metric_name, metric.statistic) == (namespace, metric_name, statistic)
    assert metric.period == datetime.timedelta(minutes=5)
    assert metric.dimensions_map == {"EndpointName": variant.endpoint.endpoint_name, "VariantName": "variant"}


@pytest.mark.parametrize(
    ("code", "name"),
    [
        (InvocationHttpResponseCode.INVOCATION_4XX_ERRORS, "Invocation4XXErrors"),
        (InvocationHttpResponseCode.INVOCATION_5XX_ERRORS, "Invocation5XXErrors"),
    ],
)
def test_response_code_metric_is_a_sum_in_aws_sagemaker(stack: TerraformStack, code: Any, name: str) -> None:
    metric = m.metric_invocation_response_code(fake_variant(stack), code)
    assert (metric.namespace, metric.metric_name, metric.statistic) == ("AWS/SageMaker", name, "Sum")


def test_response_code_must_be_the_enum(stack: TerraformStack) -> None:
    with pytest.raises(ValidationError, match="code must be an InvocationHttpResponseCode"):
        m.metric_invocation_response_code(fake_variant(stack), "Invocation5XXErrors")  # type: ignore[arg-type]


def test_generic_variant_metric_defaults_to_sum(stack: TerraformStack) -> None:
    metric = m.variant_metric(fake_variant(stack), "AWS/SageMaker", "ModelSetupTime")
    assert metric.statistic == "Sum"
    assert set(metric.dimensions_map or {}) == {"EndpointName", "VariantName"}


def test_user_options_override_the_defaults(stack: TerraformStack) -> None:
    variant = fake_variant(stack)
    metric = m.metric_model_latency(
        variant, statistic="p99", period=datetime.timedelta(minutes=1), label="p99 latency", unit="Microseconds"
    )
    assert (metric.statistic, metric.period_seconds, metric.label, metric.unit) == (
        "p99",
        60,
        "p99 latency",
        "Microseconds",
    )
    replaced = m.metric_invocations(variant, dimensions_map={"EndpointName": "other"})
    assert replaced.dimensions_map == {"EndpointName": "other"}  # replaces, as upstream


def test_an_option_given_as_none_keeps_the_default(stack: TerraformStack) -> None:
    variant = fake_variant(stack)
    metric = m.metric_model_latency(variant, statistic=None, dimensions_map=None)
    assert metric.statistic == "Average"
    assert set(metric.dimensions_map or {}) == {"EndpointName", "VariantName"}


def test_unknown_metric_option_is_rejected(stack: TerraformStack) -> None:
    with pytest.raises(ValidationError, match=r"unknown metric option.*statstic"):
        m.metric_invocations(fake_variant(stack), statstic="Sum")


# ---------------------------------------------------------------------------------------------------- Metric value


@pytest.mark.parametrize(
    ("given", "canonical"),
    [
        ("avg", "Average"),
        ("SUM", "Sum"),
        ("min", "Minimum"),
        ("Maximum", "Maximum"),
        ("n", "SampleCount"),
        ("samplecount", "SampleCount"),
        ("P99", "p99"),
        ("p99.9", "p99.9"),
        ("p0", "p0"),
        ("p100", "p100"),
    ],
)
def test_statistic_is_normalized(given: str, canonical: str) -> None:
    assert Metric("NS", "M", statistic=given).statistic == canonical


@pytest.mark.parametrize("statistic", ["Median", "p101", "p", "tm99", ""])
def test_unknown_statistic_fails(statistic: str) -> None:
    with pytest.raises(
        ValidationError, match=r"statistic must be Sum, Average, Minimum, Maximum, SampleCount or a percentile"
    ):
        Metric("NS", "M", statistic=statistic)


@pytest.mark.parametrize("seconds", [0, 7, 45, 90, 1.5])
def test_metric_period_must_be_a_cloudwatch_period(seconds: float) -> None:
    with pytest.raises(ValidationError, match="period must be 1, 5, 10, 20, 30 seconds or a multiple of 60 seconds"):
        Metric("NS", "M", period=datetime.timedelta(seconds=seconds))


def test_metric_rejects_unknown_unit_and_wrong_types() -> None:
    with pytest.raises(ValidationError, match="unit must be one of the CloudWatch units"):
        Metric("NS", "M", unit="Miles")
    with pytest.raises(ValidationError, match=r"period must be a datetime.timedelta"):
        Metric("NS", "M", period=300)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match=r"dimensions_map\['A'\] must be a string"):
        Metric("NS", "M", dimensions_map={"A": 1})  # type: ignore[dict-item]


def test_with_returns_a_changed_copy() -> None:
    base = Metric("NS", "M", dimensions_map={"A": "a"})
    changed = base.with_(statistic="max", period=datetime.timedelta(minutes=1))
    assert (changed.statistic, changed.period_seconds, changed.dimensions_map) == ("Maximum", 60, {"A": "a"})
    assert (base.statistic, base.period_seconds) == ("Average", 300)
    with pytest.raises(ValidationError, match="unknown metric option"):
        base.with_(namespace="other")


# ---------------------------------------------------------------------------------------------------------- alarms


def test_model_latency_alarm_from_the_readme(stack: TerraformStack) -> None:
    variant = fake_variant(stack)
    alarm = m.metric_model_latency(variant).create_alarm(
        stack, "ModelLatencyAlarm", threshold=100000, evaluation_periods=3
    )
    assert isinstance(alarm, Alarm)
    rendered = only(synth(stack), "aws_cloudwatch_metric_alarm")
    assert rendered["namespace"] == "AWS/SageMaker"
    assert rendered["metric_name"] == "ModelLatency"
    assert rendered["statistic"] == "Average"
    assert rendered["period"] == 300
    assert rendered["threshold"] == 100000
    assert rendered["evaluation_periods"] == 3
    assert rendered["comparison_operator"] == "GreaterThanOrEqualToThreshold"
    assert rendered["dimensions"]["VariantName"] == "variant"
    assert re.fullmatch(r"\$\{aws_sagemaker_endpoint\.[^.]+\.name\}", rendered["dimensions"]["EndpointName"])
    assert re.fullmatch(r"Stack-ModelLatencyAlarm-[0-9a-f]{8}", rendered["alarm_name"])
    for absent in ("extended_statistic", "alarm_actions", "ok_actions", "insufficient_data_actions", "unit"):
        assert absent not in rendered


def test_percentile_goes_to_extended_statistic(stack: TerraformStack) -> None:
    Metric("NS", "M", statistic="p99.9").create_alarm(stack, "A", threshold=1, evaluation_periods=1)
    rendered = only(synth(stack), "aws_cloudwatch_metric_alarm")
    assert rendered["extended_statistic"] == "p99.9"
    assert "statistic" not in rendered


def test_all_alarm_options_are_rendered(stack: TerraformStack) -> None:
    Metric(
        "NS", "M", dimensions_map={"D": "d"}, statistic="Maximum", period=datetime.timedelta(seconds=20), unit="Count"
    ).create_alarm(
        stack,
        "A",
        threshold=2.5,
        evaluation_periods=5,
        datapoints_to_alarm=3,
        comparison_operator=ComparisonOperator.LESS_THAN_THRESHOLD,
        treat_missing_data=TreatMissingData.NOT_BREACHING,
        alarm_name="my alarm",
        alarm_description="too low",
        actions_enabled=False,
    )
    rendered = only(synth(stack), "aws_cloudwatch_metric_alarm")
    assert rendered == {
        "alarm_name": "my alarm",
        "alarm_description": "too low",
        "actions_enabled": False,
        "comparison_operator": "LessThanThreshold",
        "datapoints_to_alarm": 3,
        "dimensions": {"D": "d"},
        "evaluation_periods": 5,
        "metric_name": "M",
        "namespace": "NS",
        "period": 20,
        "statistic": "Maximum",
        "threshold": 2.5,
        "treat_missing_data": "notBreaching",
        "unit": "Count",
    }


@pytest.mark.parametrize("seconds", [1, 5])
def test_alarm_period_must_be_10_20_30_or_a_multiple_of_60(stack: TerraformStack, seconds: int) -> None:
    metric = Metric("NS", "M", period=datetime.timedelta(seconds=seconds))  # fine for a metric
    with pytest.raises(
        ValidationError, match=r"Stack/A: period must be 10, 20, 30 seconds or a multiple of 60 seconds"
    ):
        metric.create_alarm(stack, "A", threshold=1, evaluation_periods=1)
    assert stack.node.try_find_child("A") is None


def test_alarm_argument_checks(stack: TerraformStack) -> None:
    metric = Metric("NS", "M")
    with pytest.raises(ValidationError, match="evaluation_periods must be at least 1"):
        metric.create_alarm(stack, "A", threshold=1, evaluation_periods=0)
    with pytest.raises(ValidationError, match="datapoints_to_alarm must be less than or equal to evaluation_periods"):
        metric.create_alarm(stack, "A", threshold=1, evaluation_periods=2, datapoints_to_alarm=3)
    with pytest.raises(ValidationError, match="threshold must be a number"):
        metric.create_alarm(stack, "A", threshold="1", evaluation_periods=1)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="alarm_name must be 1 to 255 printable characters"):
        metric.create_alarm(stack, "A", threshold=1, evaluation_periods=1, alarm_name="x" * 256)
    with pytest.raises(ValidationError, match="comparison_operator must be a ComparisonOperator"):
        metric.create_alarm(stack, "A", threshold=1, evaluation_periods=1, comparison_operator=">=")  # type: ignore[arg-type]
    assert stack.node.try_find_child("A") is None


def test_generated_alarm_name_is_valid_and_deterministic_for_deep_paths() -> None:
    names = []
    for _ in range(2):
        stack = make_stack()
        scope: Construct = stack
        for i in range(12):
            scope = Construct(scope, f"Level{i}-" + "x" * 30)
        Metric("NS", "M").create_alarm(scope, "Alarm", threshold=1, evaluation_periods=1)
        names.append(only(synth(stack), "aws_cloudwatch_metric_alarm")["alarm_name"])
    assert names[0] == names[1]
    assert len(names[0]) <= 255
    assert re.fullmatch(r"Stack-Level0-x+-Level1-[0-9A-Za-z_.-]+-[0-9a-f]{8}", names[0])


def test_two_alarms_at_different_paths_get_different_names(stack: TerraformStack) -> None:
    Metric("NS", "M").create_alarm(stack, "A", threshold=1, evaluation_periods=1)
    Metric("NS", "M").create_alarm(Construct(stack, "Sub"), "A", threshold=1, evaluation_periods=1)
    names = {a["alarm_name"] for a in alarms(synth(stack))}
    assert len(names) == 2


def test_actions_added_after_creation_are_rendered(stack: TerraformStack) -> None:
    topic = SnsTopic(stack, "Topic")
    alarm = Metric("NS", "M").create_alarm(stack, "A", threshold=1, evaluation_periods=1)
    alarm.add_alarm_action("arn:aws:sns:us-east-1:123456789012:page-me")
    alarm.add_alarm_action(topic.arn, "arn:aws:sns:us-east-1:123456789012:page-me")  # a duplicate is kept once
    alarm.add_ok_action(topic)
    alarm.add_insufficient_data_action(topic.arn)
    rendered = only(synth(stack), "aws_cloudwatch_metric_alarm")
    topic_ref = "${aws_sns_topic.Topic.arn}"
    assert rendered["alarm_actions"] == ["arn:aws:sns:us-east-1:123456789012:page-me", topic_ref]
    assert rendered["ok_actions"] == [topic_ref]
    assert rendered["insufficient_data_actions"] == [topic_ref]


def test_bad_actions_are_rejected(stack: TerraformStack) -> None:
    alarm = Metric("NS", "M").create_alarm(stack, "A", threshold=1, evaluation_periods=1)
    with pytest.raises(ValidationError, match="alarm actions must be ARNs"):
        alarm.add_alarm_action("my-topic")
    with pytest.raises(ValidationError, match="at most 5 ok actions"):
        alarm.add_ok_action(*[f"arn:aws:sns:us-east-1:123456789012:t{i}" for i in range(6)])
    assert "ok_actions" not in only(synth(stack), "aws_cloudwatch_metric_alarm")


def test_alarm_exposes_name_and_arn_references(stack: TerraformStack) -> None:
    alarm = Metric("NS", "M").create_alarm(stack, "A", threshold=1, evaluation_periods=1)
    assert alarm.alarm_arn.startswith("${TfToken[")
    assert alarm.alarm_name.startswith("${TfToken[")
    assert alarm.resource.node.path == "Stack/A/Alarm"


INTEG_ALARMS = [
    ("metric_invocations", (), "InvocationsAlarm", 1, 2, "Invocations"),
    ("metric_invocations_per_instance", (), "InvocationsPerInstanceAlarm", 4, 5, "InvocationsPerInstance"),
    ("metric_model_latency", (), "ModelLatencyAlarm", 7, 8, "ModelLatency"),
    ("metric_overhead_latency", (), "OverheadLatencyAlarm", 10, 11, "OverheadLatency"),
    (
        "metric_invocation_response_code",
        (InvocationHttpResponseCode.INVOCATION_5XX_ERRORS,),
        "Invocation5XXErrorsAlarm",
        13,
        14,
        "Invocation5XXErrors",
    ),
    ("metric_disk_utilization", (), "DiskUtilizationAlarm", 16, 17, "DiskUtilization"),
    ("metric_cpu_utilization", (), "CPUUtilizationAlarm", 19, 20, "CPUUtilization"),
    ("metric_memory_utilization", (), "MemoryUtilizationAlarm", 22, 23, "MemoryUtilization"),
    ("metric_gpu_utilization", (), "GPUUtilizationAlarm", 25, 26, "GPUUtilization"),
    ("metric_gpu_memory_utilization", (), "GPUMemoryUtilizationAlarm", 28, 29, "GPUMemoryUtilization"),
]
"""upstream integ.endpoint.alarms.ts: helper, extra args, alarm id, threshold, evaluation periods, metric name."""


def check_integ_alarms(doc: dict[str, Any]) -> None:
    """One alarm per helper with the integ test's thresholds, all on the variant ``firstVariant``."""
    by_metric = {a["metric_name"]: a for a in alarms(doc)}
    assert len(by_metric) == len(INTEG_ALARMS) == len(alarms(doc))
    for _, _, alarm_id, threshold, periods, metric_name in INTEG_ALARMS:
        alarm = by_metric[metric_name]
        assert (alarm["threshold"], alarm["evaluation_periods"]) == (threshold, periods)
        assert alarm["dimensions"]["VariantName"] == "firstVariant"
        assert alarm["alarm_name"].startswith(f"Stack-{alarm_id}-")


def test_integ_alarms_scenario_with_a_fake_variant(stack: TerraformStack) -> None:
    variant = FakeVariant(endpoint=FakeEndpoint(stack, "Endpoint"), variant_name="firstVariant")
    for helper, args, alarm_id, threshold, periods, _ in INTEG_ALARMS:
        getattr(m, helper)(variant, *args).create_alarm(
            stack, alarm_id, threshold=threshold, evaluation_periods=periods
        )
    check_integ_alarms(synth(stack))


# ------------------------------------------------------------------------------------- through the real Endpoint API


def real_endpoint(stack: TerraformStack, variant_name: str = "firstVariant") -> Any:
    from sagemaker_tf.endpoint import Endpoint
    from sagemaker_tf.endpoint_config import EndpointConfig, InstanceProductionVariantProps
    from sagemaker_tf.instance_type import InstanceType
    from sagemaker_tf.model import Model

    model = Model.from_model_name(stack, "Model", "model")
    config = EndpointConfig(
        stack,
        "EndpointConfig",
        instance_production_variants=[
            InstanceProductionVariantProps(model=model, variant_name=variant_name, instance_type=InstanceType.M5_LARGE)
        ],
    )
    return Endpoint(stack, "Endpoint", endpoint_config=config)


def test_integ_alarms_scenario_through_the_endpoint(stack: TerraformStack) -> None:
    endpoint = real_endpoint(stack)
    variant = endpoint.find_instance_production_variant("firstVariant")
    for helper, args, alarm_id, threshold, periods, _ in INTEG_ALARMS:
        getattr(variant, helper)(*args).create_alarm(stack, alarm_id, threshold=threshold, evaluation_periods=periods)
    doc = synth(stack)
    check_integ_alarms(doc)
    endpoint_ref = "${{aws_sagemaker_endpoint.{}.name}}".format(next(iter(doc["resource"]["aws_sagemaker_endpoint"])))
    assert {a["dimensions"]["EndpointName"] for a in alarms(doc)} == {endpoint_ref}


def test_variant_metric_methods_match_the_module_functions(stack: TerraformStack) -> None:
    variant = real_endpoint(stack).find_instance_production_variant("firstVariant")
    for helper, *_ in HELPERS:
        assert getattr(variant, helper)(statistic="p50") == getattr(m, helper)(variant, statistic="p50")
    assert variant.metric("NS", "Custom") == m.variant_metric(variant, "NS", "Custom")
