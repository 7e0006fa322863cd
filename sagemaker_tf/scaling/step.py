"""Step scaling: a ``StepScaling`` policy and an alarm for each direction."""

from __future__ import annotations

import datetime
import enum
from collections.abc import Sequence
from typing import TYPE_CHECKING

from constructs import Construct

from .. import metrics as _metrics
from .._runtime.framework import (
    AppautoscalingPolicy,
    AppautoscalingPolicyStepScalingPolicyConfiguration,
    AppautoscalingPolicyStepScalingPolicyConfigurationStepAdjustment,
)
from .._runtime.tree import path_of
from .._validation import check_duration, check_int, check_type, fail, show
from ..metrics import Alarm, ComparisonOperator, Metric, generated_name
from ._common import (
    _MAX_POLICY_NAME,
    _MAX_STEPS,
    _is_num,
    _num_str,
)
from .intervals import ScalingInterval, _alarm_indices, _normalize_intervals

if TYPE_CHECKING:
    from .base import BaseScalableAttribute


class AdjustmentType(enum.StrEnum):
    """How the ``change`` of a :class:`ScalingInterval` is applied.

    Example::

        count.scale_on_metric("Latency", metric=latency, scaling_steps=steps,
                              adjustment_type=sagemaker.AdjustmentType.PERCENT_CHANGE_IN_CAPACITY)
    """

    CHANGE_IN_CAPACITY = "ChangeInCapacity"
    PERCENT_CHANGE_IN_CAPACITY = "PercentChangeInCapacity"
    EXACT_CAPACITY = "ExactCapacity"


class MetricAggregationType(enum.StrEnum):
    """How a step scaling policy aggregates the alarm's data points.

    Example::

        count.scale_on_metric("Cpu", metric=cpu, scaling_steps=steps,
                              metric_aggregation_type=sagemaker.MetricAggregationType.MAXIMUM)
    """

    AVERAGE = "Average"
    MINIMUM = "Minimum"
    MAXIMUM = "Maximum"


class StepScalingPolicy(Construct):
    """Step scaling on a metric: up to two ``StepScaling`` policies, each triggered by its own alarm.

    Created by ``scalable.scale_on_metric(...)``; ``lower_policy``/``lower_alarm`` scale in,
    ``upper_policy``/``upper_alarm`` scale out (either may be None when the steps only go one way).

    Example::

        step = count.scale_on_metric("ByCpu", metric=cpu, scaling_steps=steps)
        step.upper_alarm.add_ok_action(topic_arn)
    """

    def __init__(
        self,
        scalable: BaseScalableAttribute,
        id: str,
        *,
        where: str,
        metric: Metric,
        scaling_steps: Sequence[ScalingInterval],
        adjustment_type: AdjustmentType,
        cooldown: datetime.timedelta | None,
        min_adjustment_magnitude: int | None,
        metric_aggregation_type: MetricAggregationType | None,
        evaluation_periods: int | None,
        datapoints_to_alarm: int | None,
    ) -> None:
        check_type(where, "metric", metric, (Metric,), "a sagemaker_tf.Metric")
        steps = list(scaling_steps) if isinstance(scaling_steps, (list, tuple)) else None
        if steps is None:
            fail(where, f"scaling_steps must be a list of ScalingInterval (got {show(scaling_steps)})")
        for step in steps:
            check_type(where, "scaling_steps[]", step, (ScalingInterval,), "a ScalingInterval")
        if len(steps) < 2:
            fail(where, f"You must supply at least 2 intervals for autoscaling (got {len(steps)})")
        if len(steps) > _MAX_STEPS:
            fail(where, f"'scaling_steps' can have at most {_MAX_STEPS} steps, got {len(steps)}")
        if not isinstance(adjustment_type, AdjustmentType):
            fail(where, f"adjustment_type must be an AdjustmentType (got {show(adjustment_type)})")
        if metric_aggregation_type is not None and not isinstance(metric_aggregation_type, MetricAggregationType):
            fail(
                where, f"metric_aggregation_type must be a MetricAggregationType (got {show(metric_aggregation_type)})"
            )
        cooldown_s = check_duration(where, "cooldown", cooldown)
        if min_adjustment_magnitude is not None:
            check_int(where, "min_adjustment_magnitude", min_adjustment_magnitude, 1)
            if adjustment_type is not AdjustmentType.PERCENT_CHANGE_IN_CAPACITY:
                fail(where, "min_adjustment_magnitude only applies with AdjustmentType.PERCENT_CHANGE_IN_CAPACITY")
        if datapoints_to_alarm is not None and evaluation_periods is None:
            fail(where, "evaluation_periods must be set if datapoints_to_alarm is set")
        absolute = adjustment_type is AdjustmentType.EXACT_CAPACITY
        if absolute:
            negative = [s.change for s in steps if s.change < 0]
            if negative:
                fail(where, f"ExactCapacity changes must not be negative (got {negative})")
        intervals = _normalize_intervals(where, steps, absolute)
        lower_index, upper_index = _alarm_indices(intervals)
        aggregation = (metric_aggregation_type or _aggregation_of(metric)).value
        periods = 1 if evaluation_periods is None else evaluation_periods
        # Fail on the alarm's arguments (period, counts) before anything is added to the tree.
        _metrics.period_seconds(where, metric.period)
        check_int(where, "evaluation_periods", periods, 1)
        if datapoints_to_alarm is not None:
            check_int(where, "datapoints_to_alarm", datapoints_to_alarm, 1)
            if _is_num(periods) and _is_num(datapoints_to_alarm) and datapoints_to_alarm > periods:
                fail(
                    where,
                    "datapoints_to_alarm must be less than or equal to evaluation_periods, got datapoints_to_alarm: "
                    f"{datapoints_to_alarm}, evaluation_periods: {periods}",
                )

        super().__init__(scalable, id)
        self.lower_policy: AppautoscalingPolicy | None = None
        self.lower_alarm: Alarm | None = None
        self.upper_policy: AppautoscalingPolicy | None = None
        self.upper_alarm: Alarm | None = None

        def policy(
            name: str, adjustments: list[AppautoscalingPolicyStepScalingPolicyConfigurationStepAdjustment]
        ) -> AppautoscalingPolicy:
            return AppautoscalingPolicy(
                self,
                name,
                name=generated_name(f"{path_of(self)}/{name}", _MAX_POLICY_NAME),
                policy_type="StepScaling",
                step_scaling_policy_configuration=AppautoscalingPolicyStepScalingPolicyConfiguration(
                    adjustment_type=adjustment_type.value,
                    cooldown=cooldown_s,
                    metric_aggregation_type=aggregation,
                    min_adjustment_magnitude=min_adjustment_magnitude,
                    step_adjustment=adjustments,
                ),
                **scalable.target_refs(),
            )

        def alarm(name: str, threshold: float, operator: ComparisonOperator, description: str, arn: str) -> Alarm:
            made = Alarm(
                self,
                name,
                metric=metric,
                threshold=threshold,
                evaluation_periods=periods,
                datapoints_to_alarm=datapoints_to_alarm,
                comparison_operator=operator,
                alarm_description=description,
            )
            made.add_alarm_action(arn)
            return made

        if lower_index is not None:
            threshold = intervals[lower_index].upper
            adjustments = [
                AppautoscalingPolicyStepScalingPolicyConfigurationStepAdjustment(
                    scaling_adjustment=intervals[i].change,  # type: ignore[arg-type]
                    metric_interval_lower_bound=None if i == 0 else _num_str(intervals[i].lower - threshold),
                    metric_interval_upper_bound=_num_str(intervals[i].upper - threshold),
                )
                for i in range(lower_index, -1, -1)
            ]
            self.lower_policy = policy("LowerPolicy", adjustments)
            self.lower_alarm = alarm(
                "LowerAlarm",
                threshold,
                ComparisonOperator.LESS_THAN_OR_EQUAL_TO_THRESHOLD,
                "Lower threshold scaling alarm",
                self.lower_policy.arn,
            )
        if upper_index is not None:
            threshold = intervals[upper_index].lower
            last = len(intervals) - 1
            adjustments = [
                AppautoscalingPolicyStepScalingPolicyConfigurationStepAdjustment(
                    scaling_adjustment=intervals[i].change,  # type: ignore[arg-type]
                    metric_interval_lower_bound=_num_str(intervals[i].lower - threshold),
                    metric_interval_upper_bound=None if i == last else _num_str(intervals[i].upper - threshold),
                )
                for i in range(upper_index, len(intervals))
            ]
            self.upper_policy = policy("UpperPolicy", adjustments)
            self.upper_alarm = alarm(
                "UpperAlarm",
                threshold,
                ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
                "Upper threshold scaling alarm",
                self.upper_policy.arn,
            )


def _aggregation_of(metric: Metric) -> MetricAggregationType:
    return {
        "Minimum": MetricAggregationType.MINIMUM,
        "Maximum": MetricAggregationType.MAXIMUM,
    }.get(metric.statistic, MetricAggregationType.AVERAGE)
