"""Application Auto Scaling of production variants (sagemaker_tf.scaling)."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from sagemaker_tf import ValidationError, _instance_facts
from sagemaker_tf import metrics as m
from sagemaker_tf._runtime.framework import TerraformStack
from sagemaker_tf.metrics import Metric
from sagemaker_tf.scaling import (
    AdjustmentType,
    MetricAggregationType,
    PredefinedMetric,
    ScalableInstanceCount,
    ScalableProvisionedConcurrency,
    ScalingInterval,
    Schedule,
    auto_scale_instance_count,
    auto_scale_provisioned_concurrency,
)
from tests.helpers import ROOT, FakeEndpoint, FakeVariant, make_stack, only, resource_names, resources, synth
from tests.helpers.families import on_family

PREFIX = "Invalid Application Auto Scaling configuration: "
TARGET = "aws_appautoscaling_target"
POLICY = "aws_appautoscaling_policy"
SCHEDULED = "aws_appautoscaling_scheduled_action"
ALARM = "aws_cloudwatch_metric_alarm"


@dataclass
class FakeServerlessVariant:
    endpoint: Any
    variant_name: str = "serverless"
    max_concurrency: int = 20
    memory_size_in_mb: int = 2048
    provisioned_concurrency: int | None = 5


def fake(stack: TerraformStack, **kwargs: Any) -> FakeVariant:
    endpoint = stack.node.try_find_child("Endpoint") or FakeEndpoint(stack, "Endpoint")
    return FakeVariant(endpoint=endpoint, **kwargs)


def endpoint_ref(doc: dict[str, Any]) -> str:
    return "${{aws_sagemaker_endpoint.{}.name}}".format(resource_names(doc, "aws_sagemaker_endpoint")[0])


def target_ref(doc: dict[str, Any], attribute: str, index: int = 0) -> str:
    return f"${{aws_appautoscaling_target.{resource_names(doc, TARGET)[index]}.{attribute}}}"


def named(doc: dict[str, Any], tf_type: str, part: str) -> tuple[str, dict[str, Any]]:
    """The one resource of ``tf_type`` whose logical name contains the construct id ``part``, with that name."""
    found = [(name, res) for name, res in doc["resource"][tf_type].items() if f"_{part}_" in name]
    assert len(found) == 1, f"expected one {tf_type} named *_{part}_*, found {[n for n, _ in found]}"
    return found[0]


# --------------------------------------------------------------------------------------------- the scalable target


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


# ------------------------------------------------------------------------------------------- target tracking


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


@pytest.mark.parametrize(("factor", "shown"), [(0, "0"), (1.1, "1.1"), (-0.5, "-0.5")])
def test_safety_factor_out_of_range_fails(stack: TerraformStack, factor: float, shown: str) -> None:
    count = auto_scale_instance_count(fake(stack, initial_instance_count=2), max_capacity=3)
    with pytest.raises(
        ValidationError, match=re.escape(f"Safety factor ({shown}) must be greater than 0.0 and less than or equal 1.0")
    ):
        count.scale_on_invocations("LimitRPS", max_requests_per_second=30, safety_factor=factor)
    assert count.node.try_find_child("LimitRPS") is None


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


def test_track_metric_needs_exactly_one_metric(stack: TerraformStack) -> None:
    count = auto_scale_instance_count(fake(stack), max_capacity=3)
    with pytest.raises(ValidationError, match="Exactly one of 'metric' or 'predefined_metric'"):
        count.scale_to_track_metric("A", target_value=1)
    with pytest.raises(ValidationError, match="Exactly one of 'metric' or 'predefined_metric'"):
        count.scale_to_track_metric(
            "A",
            target_value=1,
            metric=Metric("NS", "M"),
            predefined_metric=PredefinedMetric.SAGEMAKER_VARIANT_INVOCATIONS_PER_INSTANCE,
        )
    with pytest.raises(ValidationError, match="target_value must be greater than 0"):
        count.scale_to_track_metric("A", target_value=-1, metric=Metric("NS", "M"))


# ------------------------------------------------------------------------------------------------------ schedules


def test_schedule_factories() -> None:
    assert Schedule.cron(hour="8", minute="0", week_day="MON-FRI").expression_string == "cron(0 8 ? * MON-FRI *)"
    assert Schedule.cron(minute="30", day="1").expression_string == "cron(30 * 1 * ? *)"
    assert Schedule.rate(datetime.timedelta(minutes=1)).expression_string == "rate(1 minute)"
    assert Schedule.rate(datetime.timedelta(hours=6)).expression_string == "rate(6 hours)"
    assert Schedule.rate(datetime.timedelta(days=2)).expression_string == "rate(2 days)"
    assert Schedule.rate(datetime.timedelta(minutes=90)).expression_string == "rate(90 minutes)"
    assert Schedule.at(datetime.datetime(2030, 1, 2, 3, 4, 5)).expression_string == "at(2030-01-02T03:04:05)"
    paris = datetime.timezone(datetime.timedelta(hours=1))
    assert (
        Schedule.at(datetime.datetime(2030, 1, 2, 3, 4, 5, tzinfo=paris)).expression_string == "at(2030-01-02T02:04:05)"
    )
    assert Schedule.expression(" rate(5 minutes) ").expression_string == "rate(5 minutes)"


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: Schedule.cron(day="1", week_day="MON"), "Cannot supply both 'day' and 'week_day'"),
        (lambda: Schedule.cron(hour="8 9"), "hour must be a non-empty cron field without spaces"),
        (lambda: Schedule.rate(datetime.timedelta(seconds=90)), "interval must be a whole number of minutes"),
        (lambda: Schedule.rate(datetime.timedelta(0)), "interval must be a whole number of minutes"),
        (lambda: Schedule.expression("every day"), r"expression must look like at\(...\), rate\(...\) or cron\(...\)"),
    ],
)
def test_bad_schedules_fail(make: Any, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        make()


def test_scheduled_action_renders_capacities_as_strings(stack: TerraformStack) -> None:
    count = auto_scale_instance_count(fake(stack), max_capacity=4)
    count.scale_on_schedule(
        "Night",
        schedule=Schedule.cron(hour="22", minute="0"),
        min_capacity=1,
        max_capacity=1,
        start_time=datetime.datetime(2030, 1, 1, 1, tzinfo=datetime.timezone(datetime.timedelta(hours=1))),
        end_time="2031-01-01T00:00:00Z",
        timezone="Europe/Paris",
    )
    doc = synth(stack)
    action = only(doc, SCHEDULED)
    assert action["scalable_target_action"] == {"min_capacity": "1", "max_capacity": "1"}
    assert action["schedule"] == "cron(0 22 * * ? *)"
    assert (action["start_time"], action["end_time"], action["timezone"]) == (
        "2030-01-01T00:00:00Z",
        "2031-01-01T00:00:00Z",
        "Europe/Paris",
    )
    for attribute in ("resource_id", "scalable_dimension", "service_namespace"):
        assert action[attribute] == target_ref(doc, attribute)
    assert re.fullmatch(r"Stack-Endpoint-InstanceCount-variant-Night-[0-9a-f]{8}", action["name"])


def test_scheduled_action_with_one_capacity_and_a_string_schedule(stack: TerraformStack) -> None:
    count = auto_scale_instance_count(fake(stack), max_capacity=4)
    count.scale_on_schedule("Morning", schedule="cron(0 8 * * ? *)", max_capacity=4, action_name="morning")
    action = only(synth(stack), SCHEDULED)
    assert action["scalable_target_action"] == {"max_capacity": "4"}
    assert action["name"] == "morning"
    assert "start_time" not in action and "timezone" not in action


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({}, "at least one of min_capacity or max_capacity"),
        ({"min_capacity": 3, "max_capacity": 2}, "min_capacity must be less than or equal to max_capacity"),
        ({"min_capacity": -1}, "min_capacity must be at least 0"),
        ({"max_capacity": 2, "start_time": datetime.datetime(2030, 1, 1)}, "start_time must be timezone-aware"),
        (
            {"max_capacity": 2, "end_time": "2030-01-01 00:00"},
            "end_time must be a datetime or a YYYY-MM-DDThh:mm:ssZ string",
        ),
        (
            {"max_capacity": 2, "start_time": "2031-01-01T00:00:00Z", "end_time": "2030-01-01T00:00:00Z"},
            "start_time must be before end_time",
        ),
        ({"max_capacity": 2, "action_name": "a/b"}, "action_name must be 1 to 256 characters without"),
    ],
)
def test_scheduled_action_argument_checks(stack: TerraformStack, kwargs: dict[str, Any], message: str) -> None:
    count = auto_scale_instance_count(fake(stack), max_capacity=4)
    with pytest.raises(ValidationError, match=message):
        count.scale_on_schedule("Bad", schedule=Schedule.rate(datetime.timedelta(hours=1)), **kwargs)
    assert count.node.try_find_child("Bad") is None


def test_unknown_timezone_fails_when_the_machine_knows_time_zones(stack: TerraformStack) -> None:
    import zoneinfo

    if not zoneinfo.available_timezones():
        pytest.skip("no time zone database on this machine")
    count = auto_scale_instance_count(fake(stack), max_capacity=4)
    with pytest.raises(ValidationError, match="timezone must be an IANA time zone name"):
        count.scale_on_schedule("Bad", schedule="rate(1 hour)", max_capacity=2, timezone="Mars/Olympus")


# --------------------------------------------------------------------------------------------------- step scaling


def test_step_scaling_creates_a_policy_and_an_alarm_per_direction(stack: TerraformStack) -> None:
    variant = fake(stack)
    count = auto_scale_instance_count(variant, max_capacity=5)
    step = count.scale_on_metric(
        "ByCpu",
        metric=m.metric_cpu_utilization(variant),
        scaling_steps=[
            ScalingInterval(upper=10, change=-2),
            ScalingInterval(lower=10, upper=30, change=-1),
            ScalingInterval(lower=70, change=1),
            ScalingInterval(lower=90, change=3),
        ],
        cooldown=datetime.timedelta(minutes=2),
        evaluation_periods=3,
        datapoints_to_alarm=2,
    )
    assert step.lower_policy is not None and step.upper_policy is not None
    doc = synth(stack)
    lower_name, lower = named(doc, POLICY, "LowerPolicy")
    upper_name, upper = named(doc, POLICY, "UpperPolicy")
    for policy in (lower, upper):
        assert policy["policy_type"] == "StepScaling"
        assert policy["resource_id"] == target_ref(doc, "resource_id")
        config = policy["step_scaling_policy_configuration"]
        assert (config["adjustment_type"], config["cooldown"], config["metric_aggregation_type"]) == (
            "ChangeInCapacity",
            120,
            "Average",
        )
    # the lower alarm fires at <= 30; steps are relative to it and the last one extends to -infinity
    assert lower["step_scaling_policy_configuration"]["step_adjustment"] == [
        {"metric_interval_lower_bound": "-20", "metric_interval_upper_bound": "0", "scaling_adjustment": -1},
        {"metric_interval_upper_bound": "-20", "scaling_adjustment": -2},
    ]
    # the upper alarm fires at >= 70; the last step extends to +infinity
    assert upper["step_scaling_policy_configuration"]["step_adjustment"] == [
        {"metric_interval_lower_bound": "0", "metric_interval_upper_bound": "20", "scaling_adjustment": 1},
        {"metric_interval_lower_bound": "20", "scaling_adjustment": 3},
    ]
    alarms = {a["comparison_operator"]: a for a in resources(doc, ALARM)}
    low_alarm, high_alarm = alarms["LessThanOrEqualToThreshold"], alarms["GreaterThanOrEqualToThreshold"]
    assert (low_alarm["threshold"], high_alarm["threshold"]) == (30, 70)
    assert low_alarm["alarm_actions"] == [f"${{aws_appautoscaling_policy.{lower_name}.arn}}"]
    assert high_alarm["alarm_actions"] == [f"${{aws_appautoscaling_policy.{upper_name}.arn}}"]
    assert low_alarm == named(doc, ALARM, "LowerAlarm")[1]
    for alarm in (low_alarm, high_alarm):
        assert (alarm["metric_name"], alarm["evaluation_periods"], alarm["datapoints_to_alarm"]) == (
            "CPUUtilization",
            3,
            2,
        )


def test_step_scaling_without_a_gap_splits_in_the_middle_and_takes_the_metric_aggregation(
    stack: TerraformStack,
) -> None:
    count = auto_scale_instance_count(fake(stack), max_capacity=5)
    step = count.scale_on_metric(
        "Queue",
        metric=Metric("NS", "Backlog", statistic="Maximum"),
        scaling_steps=[ScalingInterval(upper=5, change=-1), ScalingInterval(lower=5, change=1)],
    )
    assert step.lower_alarm is not None and step.upper_alarm is not None
    doc = synth(stack)
    assert sorted(a["threshold"] for a in resources(doc, ALARM)) == [5, 5]
    assert {p["step_scaling_policy_configuration"]["metric_aggregation_type"] for p in resources(doc, POLICY)} == {
        "Maximum"
    }


def test_step_scaling_out_only(stack: TerraformStack) -> None:
    count = auto_scale_instance_count(fake(stack), max_capacity=5)
    step = count.scale_on_metric(
        "Out",
        metric=Metric("NS", "M"),
        scaling_steps=[ScalingInterval(lower=50, change=1), ScalingInterval(lower=80, change=2)],
        adjustment_type=AdjustmentType.PERCENT_CHANGE_IN_CAPACITY,
        min_adjustment_magnitude=1,
        metric_aggregation_type=MetricAggregationType.MINIMUM,
    )
    assert step.lower_policy is None and step.lower_alarm is None
    policy = only(synth(stack), POLICY)["step_scaling_policy_configuration"]
    assert policy["adjustment_type"] == "PercentChangeInCapacity"
    assert policy["min_adjustment_magnitude"] == 1
    assert policy["metric_aggregation_type"] == "Minimum"


def test_step_scaling_exact_capacity_keeps_zero_changes(stack: TerraformStack) -> None:
    count = auto_scale_instance_count(fake(stack), max_capacity=5)
    count.scale_on_metric(
        "Exact",
        metric=Metric("NS", "M"),
        scaling_steps=[
            ScalingInterval(upper=10, change=1),
            ScalingInterval(lower=10, upper=50, change=0),
            ScalingInterval(lower=50, change=4),
        ],
        adjustment_type=AdjustmentType.EXACT_CAPACITY,
    )
    doc = synth(stack)
    adjustments = sorted(
        a["scaling_adjustment"]
        for p in resources(doc, POLICY)
        for a in p["step_scaling_policy_configuration"]["step_adjustment"]
    )
    assert 0 in adjustments  # with ExactCapacity, 0 is a real target, not "no change"


@pytest.mark.parametrize(
    ("steps", "kwargs", "message"),
    [
        ([ScalingInterval(lower=1, change=1)], {}, "You must supply at least 2 intervals for autoscaling"),
        (
            [ScalingInterval(lower=i, upper=i + 1, change=1) for i in range(41)],
            {},
            "'scaling_steps' can have at most 40 steps, got 41",
        ),
        (
            [ScalingInterval(lower=0, upper=50, change=1), ScalingInterval(lower=40, change=2)],
            {},
            "Two intervals overlap",
        ),
        (
            [
                ScalingInterval(upper=10, change=-1),
                ScalingInterval(lower=20, upper=30, change=1),
                ScalingInterval(lower=40, change=2),
            ],
            {},
            "Can have at most one no-change interval",
        ),
        (
            [ScalingInterval(upper=10, change=-1), ScalingInterval(lower=20, change=1)],
            {"min_adjustment_magnitude": 2},
            "min_adjustment_magnitude only applies with AdjustmentType.PERCENT_CHANGE_IN_CAPACITY",
        ),
        (
            [ScalingInterval(upper=10, change=-1), ScalingInterval(lower=20, change=1)],
            {"datapoints_to_alarm": 2},
            "evaluation_periods must be set if datapoints_to_alarm is set",
        ),
        (
            [ScalingInterval(upper=10, change=-1), ScalingInterval(lower=20, change=1)],
            {"adjustment_type": AdjustmentType.EXACT_CAPACITY},
            "ExactCapacity changes must not be negative",
        ),
        (
            [ScalingInterval(upper=10, change=-1), ScalingInterval(lower=20, change=1)],
            {"metric": Metric("NS", "M", period=datetime.timedelta(seconds=5))},
            "period must be 10, 20, 30 seconds or a multiple of 60 seconds",
        ),
    ],
)
def test_step_scaling_argument_checks(
    stack: TerraformStack, steps: list[ScalingInterval], kwargs: dict[str, Any], message: str
) -> None:
    count = auto_scale_instance_count(fake(stack), max_capacity=5)
    arguments: dict[str, Any] = {"metric": Metric("NS", "M"), "scaling_steps": steps, **kwargs}
    with pytest.raises(ValidationError, match=message):
        count.scale_on_metric("Bad", **arguments)
    assert count.node.try_find_child("Bad") is None


def test_scaling_interval_checks() -> None:
    with pytest.raises(ValidationError, match="Must supply at least one of 'upper' or 'lower'"):
        ScalingInterval(change=1)
    with pytest.raises(ValidationError, match="lower must be less than upper"):
        ScalingInterval(lower=5, upper=5, change=1)
    with pytest.raises(ValidationError, match="change must be a whole number"):
        ScalingInterval(lower=5, change=1.5)  # type: ignore[arg-type]
    assert ScalingInterval(lower=5, change=2.0).change == 2  # type: ignore[arg-type]


# ------------------------------------------------------------------------------------------ provisioned concurrency


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


# ------------------------------------------------------------------------------------- through the real Endpoint API


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


# ------------------------------------------------------------------------------------------------- docs/scaling.md

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


# ------------------------------------------------------------------------------------- Terraform accepts the output


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
