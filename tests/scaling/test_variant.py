"""sagemaker_tf.scaling.variant: a variant's instance count and a serverless variant's provisioned concurrency.

Registering the scalable target (``auto_scale_instance_count``, ``auto_scale_provisioned_concurrency``) and its
capacity checks, ``ScalableInstanceCount``'s own checks, and whole scaling flows: through the real Endpoint API,
the docs/scaling.md examples and an offline ``terraform plan``.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from sagemaker_tf import ValidationError, _instance_facts
from sagemaker_tf._runtime.framework import TerraformStack
from sagemaker_tf.scaling import (
    ScalableInstanceCount,
    ScalableProvisionedConcurrency,
    ScalingInterval,
    Schedule,
    auto_scale_instance_count,
    auto_scale_provisioned_concurrency,
)
from tests.helpers import ROOT, FakeEndpoint, FakeVariant, make_stack, only, resources, synth
from tests.helpers.families import on_family
from tests.helpers.scaling import ALARM, POLICY, PREFIX, SCHEDULED, TARGET, endpoint_ref, fake


def test_target_registers_the_variant_instance_count(stack: TerraformStack) -> None:
    count = auto_scale_instance_count(fake(stack, initial_instance_count=2), max_capacity=5)
    assert isinstance(count, ScalableInstanceCount)
    assert count.node.path == "Stack/Endpoint/InstanceCount-variant"
    doc = synth(stack)
    target = only(doc, TARGET)
    assert target["service_namespace"] == "sagemaker"
    assert target["resource_id"] == f"endpoint/{endpoint_ref(doc)}/variant/variant"
    assert target["scalable_dimension"] == "sagemaker:variant:DesiredInstanceCount"
    assert (target["min_capacity"], target["max_capacity"]) == (2, 5)  # min defaults to the initial count
    assert "role_arn" not in target  # Application Auto Scaling uses its service-linked role


def test_explicit_min_capacity(stack: TerraformStack) -> None:
    auto_scale_instance_count(fake(stack, initial_instance_count=3), min_capacity=1, max_capacity=3)
    target = only(synth(stack), TARGET)
    assert (target["min_capacity"], target["max_capacity"]) == (1, 3)


def test_min_capacity_above_initial_count_fails(stack: TerraformStack) -> None:
    with pytest.raises(
        ValidationError, match=re.escape(PREFIX) + "minCapacity cannot be greater than initial instance count: 1"
    ):
        auto_scale_instance_count(fake(stack), min_capacity=2, max_capacity=3)


def test_max_capacity_below_initial_count_fails(stack: TerraformStack) -> None:
    with pytest.raises(
        ValidationError, match=re.escape(PREFIX) + "maxCapacity cannot be less than initial instance count: 2"
    ):
        auto_scale_instance_count(fake(stack, initial_instance_count=2), max_capacity=1)


@pytest.mark.parametrize(
    "instance_type", sorted(name for name, facts in _instance_facts.FACTS.items() if facts.burstable)
)
def test_burstable_instance_types_fail(stack: TerraformStack, instance_type: str) -> None:
    with pytest.raises(
        ValidationError, match=f"AutoScaling not supported for burstable instance types like {re.escape(instance_type)}"
    ):
        auto_scale_instance_count(fake(stack, instance_type=instance_type), max_capacity=3)


@pytest.mark.parametrize("instance_type", ["ml.trn1.2xlarge", "ml.trn2.48xlarge", "ml.m5.large", "ml.g5.xlarge"])
def test_trainium_and_other_families_can_scale(stack: TerraformStack, instance_type: str) -> None:
    auto_scale_instance_count(fake(stack, instance_type=instance_type), max_capacity=3)
    assert len(resources(synth(stack), TARGET)) == 1


def test_errors_are_aggregated_under_upstream_prefix(stack: TerraformStack) -> None:
    with pytest.raises(ValidationError) as caught:
        auto_scale_instance_count(
            fake(stack, instance_type="ml.t2.medium", initial_instance_count=2), min_capacity=3, max_capacity=1
        )
    message = str(caught.value)
    assert message.startswith(f"Stack/Endpoint/InstanceCount-variant: {PREFIX}")
    assert "min_capacity must be less than or equal to max_capacity (got 3 > 1)" in message
    assert "minCapacity cannot be greater than initial instance count: 2 (min_capacity=3)" in message
    assert "maxCapacity cannot be less than initial instance count: 2 (max_capacity=1)" in message
    assert "burstable instance types like ml.t2.medium" in message
    assert stack.node.find_child("Endpoint").node.try_find_child("InstanceCount-variant") is None


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"max_capacity": 0}, "max_capacity must be at least 1"),
        ({"max_capacity": 2.5}, "max_capacity must be a whole number"),
        ({"max_capacity": 3, "min_capacity": -1}, "min_capacity must be at least 0"),
        (
            {"max_capacity": 3, "min_capacity": 0},
            r"min_capacity=0 \(scale to zero\) is only possible on an asynchronous endpoint",
        ),
    ],
)
def test_capacity_arguments_are_checked(stack: TerraformStack, kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        auto_scale_instance_count(fake(stack), **kwargs)


def test_enabling_twice_for_the_same_variant_fails(stack: TerraformStack) -> None:
    variant = fake(stack)
    auto_scale_instance_count(variant, max_capacity=3)
    with pytest.raises(
        ValidationError, match=re.escape(PREFIX) + "AutoScaling of task count already enabled for this service"
    ):
        auto_scale_instance_count(variant, max_capacity=3)
    # a second lookup of the same variant is another object: still refused
    with pytest.raises(ValidationError, match="already enabled"):
        auto_scale_instance_count(fake(stack), max_capacity=4)
    assert len(resources(synth(stack), TARGET)) == 1


def test_two_variants_of_one_endpoint_scale_independently(stack: TerraformStack) -> None:
    first = auto_scale_instance_count(fake(stack, variant_name="blue"), max_capacity=3)
    second = auto_scale_instance_count(fake(stack, variant_name="green", initial_instance_count=2), max_capacity=6)
    first.scale_on_invocations("LimitRPS", max_requests_per_second=30)
    second.scale_on_invocations("LimitRPS", max_requests_per_second=10)
    doc = synth(stack)
    targets = {t["resource_id"]: t for t in resources(doc, TARGET)}
    assert set(targets) == {f"endpoint/{endpoint_ref(doc)}/variant/blue", f"endpoint/{endpoint_ref(doc)}/variant/green"}
    assert sorted(
        p["target_tracking_scaling_policy_configuration"]["target_value"] for p in resources(doc, POLICY)
    ) == [300, 900]
    assert len({p["name"] for p in resources(doc, POLICY)}) == 2


@pytest.mark.parametrize(("factor", "shown"), [(0, "0"), (1.1, "1.1"), (-0.5, "-0.5")])
def test_safety_factor_out_of_range_fails(stack: TerraformStack, factor: float, shown: str) -> None:
    count = auto_scale_instance_count(fake(stack, initial_instance_count=2), max_capacity=3)
    with pytest.raises(
        ValidationError, match=re.escape(f"Safety factor ({shown}) must be greater than 0.0 and less than or equal 1.0")
    ):
        count.scale_on_invocations("LimitRPS", max_requests_per_second=30, safety_factor=factor)
    assert count.node.try_find_child("LimitRPS") is None


@dataclass
class FakeServerlessVariant:
    endpoint: Any
    variant_name: str = "serverless"
    max_concurrency: int = 20
    memory_size_in_mb: int = 2048
    provisioned_concurrency: int | None = 5


def serverless(stack: TerraformStack, **kwargs: Any) -> FakeServerlessVariant:
    endpoint = stack.node.try_find_child("Endpoint") or FakeEndpoint(stack, "Endpoint")
    return FakeServerlessVariant(endpoint=endpoint, **kwargs)


def test_provisioned_concurrency_target_and_utilization_policy(stack: TerraformStack) -> None:
    concurrency = auto_scale_provisioned_concurrency(serverless(stack), max_capacity=10)
    assert isinstance(concurrency, ScalableProvisionedConcurrency)
    concurrency.scale_on_utilization("KeepWarm", target_utilization=0.6)
    doc = synth(stack)
    target = only(doc, TARGET)
    assert target["scalable_dimension"] == "sagemaker:variant:DesiredProvisionedConcurrency"
    assert target["resource_id"] == f"endpoint/{endpoint_ref(doc)}/variant/serverless"
    assert (target["min_capacity"], target["max_capacity"]) == (5, 10)
    policy = only(doc, POLICY)
    assert policy["policy_type"] == "TargetTrackingScaling"
    assert policy["target_tracking_scaling_policy_configuration"] == {
        "predefined_metric_specification": {
            "predefined_metric_type": "SageMakerVariantProvisionedConcurrencyUtilization"
        },
        "target_value": 0.6,
    }


@pytest.mark.parametrize(
    ("variant_kwargs", "kwargs", "message"),
    [
        (
            {"provisioned_concurrency": None},
            {"max_capacity": 5},
            "can only be auto-scaled on a serverless variant with provisioned_concurrency",
        ),
        ({}, {"max_capacity": 30}, "maxCapacity cannot be greater than max concurrency: 20"),
        ({}, {"max_capacity": 4}, "maxCapacity cannot be less than provisioned concurrency: 5"),
        ({}, {"max_capacity": 10, "min_capacity": 6}, "minCapacity cannot be greater than provisioned concurrency: 5"),
    ],
)
def test_provisioned_concurrency_checks(
    stack: TerraformStack, variant_kwargs: dict[str, Any], kwargs: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValidationError, match=re.escape(PREFIX) + ".*" + message):
        auto_scale_provisioned_concurrency(serverless(stack, **variant_kwargs), **kwargs)


def test_provisioned_concurrency_twice_and_utilization_range(stack: TerraformStack) -> None:
    concurrency = auto_scale_provisioned_concurrency(serverless(stack), max_capacity=10)
    with pytest.raises(ValidationError, match="already enabled"):
        auto_scale_provisioned_concurrency(serverless(stack), max_capacity=10)
    with pytest.raises(
        ValidationError, match=r"target_utilization must be greater than 0.0 and less than or equal 1.0"
    ):
        concurrency.scale_on_utilization("TooHigh", target_utilization=1.5)
    concurrency.scale_on_schedule(
        "Weekend", schedule=Schedule.cron(week_day="SAT", hour="0", minute="0"), min_capacity=1
    )
    assert only(synth(stack), SCHEDULED)["scalable_target_action"] == {"min_capacity": "1"}


def test_a_variant_without_an_endpoint_construct_is_rejected() -> None:
    with pytest.raises(ValidationError, match="the variant must belong to an Endpoint construct"):
        auto_scale_instance_count(FakeVariant(endpoint="not-a-construct"), max_capacity=3)


def real_endpoint(stack: TerraformStack, *variants: tuple[str, str, int], prefix: str = "") -> Any:
    """An Endpoint with instance variants given as (name, instance type, initial count)."""
    from sagemaker_tf.endpoint import Endpoint
    from sagemaker_tf.endpoint_config import EndpointConfig, InstanceProductionVariantProps
    from sagemaker_tf.instance_type import InstanceType
    from sagemaker_tf.model import Model

    model = Model.from_model_name(stack, f"{prefix}Model", "model")
    config = EndpointConfig(
        stack,
        f"{prefix}EndpointConfig",
        instance_production_variants=[
            InstanceProductionVariantProps(
                model=model, variant_name=name, instance_type=InstanceType.of(kind), initial_instance_count=count
            )
            for name, kind, count in variants
        ],
    )
    return Endpoint(stack, f"{prefix}Endpoint", endpoint_config=config)


def test_real_variant_limit_rps(stack: TerraformStack) -> None:
    endpoint = real_endpoint(stack, ("variant", "ml.m5.large", 1))
    count = endpoint.find_instance_production_variant("variant").auto_scale_instance_count(max_capacity=3)
    count.scale_on_invocations("LimitRPS", max_requests_per_second=30)
    doc = synth(stack)
    target = only(doc, TARGET)
    assert target["resource_id"] == f"endpoint/{endpoint_ref(doc)}/variant/variant"
    assert (target["min_capacity"], target["max_capacity"]) == (1, 3)
    assert only(doc, POLICY)["target_tracking_scaling_policy_configuration"]["target_value"] == 900


def test_real_variants_upstream_failures(stack: TerraformStack) -> None:
    endpoint = real_endpoint(stack, ("default", "ml.t2.medium", 1), ("big", "ml.m5.large", 2))
    with pytest.raises(
        ValidationError, match=r"AutoScaling not supported for burstable instance types like ml.t2.medium"
    ):
        endpoint.find_instance_production_variant("default").auto_scale_instance_count(max_capacity=3)
    with pytest.raises(ValidationError, match="minCapacity cannot be greater than initial instance count: 2"):
        endpoint.find_instance_production_variant("big").auto_scale_instance_count(min_capacity=3, max_capacity=4)
    with pytest.raises(ValidationError, match="maxCapacity cannot be less than initial instance count: 2"):
        endpoint.find_instance_production_variant("big").auto_scale_instance_count(max_capacity=1)


def test_real_variant_enabled_twice_through_two_lookups(stack: TerraformStack) -> None:
    endpoint = real_endpoint(stack, ("variant", "ml.m5.large", 1))
    endpoint.find_instance_production_variant("variant").auto_scale_instance_count(max_capacity=3)
    with pytest.raises(
        ValidationError, match=re.escape(PREFIX) + "AutoScaling of task count already enabled for this service"
    ):
        endpoint.find_instance_production_variant("variant").auto_scale_instance_count(max_capacity=3)
    with pytest.raises(ValidationError, match="already enabled"):
        endpoint.instance_production_variants[0].auto_scale_instance_count(max_capacity=3)


def test_real_two_autoscaled_variants_on_one_endpoint(stack: TerraformStack) -> None:
    endpoint = real_endpoint(stack, ("blue", "ml.m5.large", 1), ("green", "ml.c5.xlarge", 2))
    for variant in endpoint.instance_production_variants:
        variant.auto_scale_instance_count(max_capacity=4).scale_on_invocations("LimitRPS", max_requests_per_second=30)
    doc = synth(stack)
    targets = sorted((t["resource_id"], t["min_capacity"]) for t in resources(doc, TARGET))
    assert targets == [
        (f"endpoint/{endpoint_ref(doc)}/variant/blue", 1),
        (f"endpoint/{endpoint_ref(doc)}/variant/green", 2),
    ]
    assert len(resources(doc, POLICY)) == 2


def test_real_serverless_provisioned_concurrency(stack: TerraformStack) -> None:
    from sagemaker_tf.endpoint import Endpoint
    from sagemaker_tf.endpoint_config import EndpointConfig, ServerlessProductionVariantProps
    from sagemaker_tf.model import Model

    model = Model.from_model_name(stack, "Model", "model")
    config = EndpointConfig(
        stack,
        "EndpointConfig",
        serverless_production_variant=ServerlessProductionVariantProps(
            model=model,
            variant_name="serverless",
            max_concurrency=20,
            memory_size_in_mb=2048,
            provisioned_concurrency=2,
        ),
    )
    endpoint = Endpoint(stack, "Endpoint", endpoint_config=config)
    variant = endpoint.serverless_production_variant
    variant.auto_scale_provisioned_concurrency(max_capacity=8).scale_on_utilization("KeepWarm", target_utilization=0.5)
    doc = synth(stack)
    target = only(doc, TARGET)
    assert (target["scalable_dimension"], target["min_capacity"], target["max_capacity"]) == (
        "sagemaker:variant:DesiredProvisionedConcurrency",
        2,
        8,
    )
    with pytest.raises(ValidationError, match="already enabled"):
        endpoint.serverless_production_variant.auto_scale_provisioned_concurrency(max_capacity=8)


DOCS = ROOT / "docs" / "scaling.md"


def doc_blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", DOCS.read_text(), flags=re.DOTALL)


def test_docs_have_the_three_sections_and_runnable_examples() -> None:
    text = DOCS.read_text()
    for heading in ("## AutoScaling", "## Metrics", "## Scaling beyond invocations"):
        assert heading in text
    assert len(doc_blocks()) >= 3


COUNT_SETUP = "count = variant.auto_scale_instance_count(max_capacity=6)"


@pytest.mark.parametrize("index", range(len(re.findall(r"```python\n", DOCS.read_text()))) if DOCS.exists() else [])
def test_docs_example_runs_as_is(index: int) -> None:
    """Each block runs with only the variables the page lists (``stack``, ``endpoint``, ``variant``, ``count``)."""
    stack = make_stack()
    endpoint = real_endpoint(stack, ("variantName", "ml.m5.large", 1), prefix="Fixture")
    variant = endpoint.find_instance_production_variant("variantName")
    namespace: dict[str, Any] = {"stack": stack, "endpoint": endpoint, "variant": variant}
    block = doc_blocks()[index]
    if re.search(r"\bcount\b", block) and COUNT_SETUP not in block:
        exec(COUNT_SETUP, namespace)
    exec(compile(on_family(block), f"docs/scaling.md block {index}", "exec"), namespace)
    assert synth(stack)["resource"]


def test_docs_limit_rps_and_model_latency_examples_render_as_documented() -> None:
    stack = make_stack()
    namespace: dict[str, Any] = {"stack": stack}
    for block in doc_blocks()[:2]:  # AutoScaling builds its endpoint and variant; Metrics reuses that variant
        exec(compile(block, "docs/scaling.md", "exec"), namespace)
    doc = synth(stack)
    assert only(doc, TARGET)["max_capacity"] == 3
    assert only(doc, POLICY)["target_tracking_scaling_policy_configuration"]["target_value"] == 900
    alarm = only(doc, ALARM)
    assert (alarm["metric_name"], alarm["threshold"], alarm["evaluation_periods"]) == ("ModelLatency", 100000, 3)
    assert only(doc, "aws_sagemaker_endpoint_configuration")["production_variants"][0]["instance_type"] == "ml.m5.large"


def test_every_scaling_and_alarm_resource_plans_with_the_real_terraform_cli(tmp_path: Path) -> None:
    """terraform init / validate / plan (offline, stand-in providers) accept all the shapes this module renders."""
    import importlib.util
    import shutil

    if shutil.which("terraform") is None or importlib.util.find_spec("tf") is None:
        pytest.skip("needs the terraform CLI and the 'tf' package (the test extra)")
    from sagemaker_tf._runtime.framework import App, AwsProvider
    from sagemaker_tf.testing import planned_resources, terraform_plan

    app = App(outdir=str(tmp_path))
    stack = TerraformStack(app, "Stack")
    AwsProvider(stack, "aws", region="us-east-1")
    endpoint = real_endpoint(stack, ("blue", "ml.m5.large", 1), ("green", "ml.c5.large", 2))
    blue = endpoint.find_instance_production_variant("blue")
    count = blue.auto_scale_instance_count(max_capacity=4)
    count.scale_on_invocations("LimitRPS", max_requests_per_second=30, scale_in_cooldown=datetime.timedelta(minutes=5))
    count.scale_on_cpu_utilization("Cpu", target_utilization_percent=70)
    count.scale_to_track_metric("P90", target_value=5, metric=blue.metric_model_latency(statistic="p90"))
    count.scale_on_schedule(
        "Night",
        schedule=Schedule.cron(hour="22", minute="0"),
        min_capacity=1,
        max_capacity=1,
        timezone="Europe/Paris",
        start_time="2030-01-01T00:00:00Z",
    )
    count.scale_on_metric(
        "Step",
        metric=blue.metric_cpu_utilization(),
        cooldown=datetime.timedelta(minutes=1),
        scaling_steps=[
            ScalingInterval(upper=20, change=-1),
            ScalingInterval(lower=70, change=1),
            ScalingInterval(lower=90, change=2),
        ],
    )
    endpoint.find_instance_production_variant("green").auto_scale_instance_count(max_capacity=5).scale_on_invocations(
        "LimitRPS", max_requests_per_second=10
    )
    alarm = blue.metric_model_latency(statistic="p99").create_alarm(stack, "P99", threshold=1, evaluation_periods=2)
    alarm.add_alarm_action("arn:aws:sns:us-east-1:123456789012:on-call")
    app.synth()

    planned = planned_resources(terraform_plan(tmp_path / "stacks" / "Stack"))
    kinds = sorted(
        address.split(".")[0] for address, change in planned.items() if change["change"]["actions"] == ["create"]
    )
    assert kinds.count(TARGET) == 2
    assert kinds.count(POLICY) == 6  # LimitRPS, Cpu, P90, two step policies (blue) + LimitRPS (green)
    assert kinds.count(SCHEDULED) == 1
    assert kinds.count(ALARM) == 3  # two step alarms + P99
    step_policy = next(c for a, c in planned.items() if "_Step_UpperPolicy_" in a)
    adjustments = step_policy["change"]["after"]["step_scaling_policy_configuration"][0]["step_adjustment"]
    assert sorted(a["scaling_adjustment"] for a in adjustments) == [1, 2]
