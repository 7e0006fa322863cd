"""sagemaker_tf.scaling.step: step scaling (``scale_on_metric``), a policy and an alarm per direction."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from sagemaker_tf import ValidationError
from sagemaker_tf import metrics as m
from sagemaker_tf._runtime.framework import TerraformStack
from sagemaker_tf.metrics import Metric
from sagemaker_tf.scaling import (
    AdjustmentType,
    MetricAggregationType,
    ScalingInterval,
    auto_scale_instance_count,
)
from tests.helpers import only, resources, synth
from tests.helpers.scaling import ALARM, POLICY, fake, target_ref


def named(doc: dict[str, Any], tf_type: str, part: str) -> tuple[str, dict[str, Any]]:
    """The one resource of ``tf_type`` whose logical name contains the construct id ``part``, with that name."""
    found = [(name, res) for name, res in doc["resource"][tf_type].items() if f"_{part}_" in name]
    assert len(found) == 1, f"expected one {tf_type} named *_{part}_*, found {[n for n, _ in found]}"
    return found[0]


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
