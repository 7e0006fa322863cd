"""Autoscaling of asynchronous endpoints: scale to zero and the backlog policies (AWS's documented recipe).

Only an endpoint whose config has ``async_inference`` may scale its instance count to 0 and publishes the backlog
metrics. ``ScalableInstanceCount.scale_on_backlog(...)`` builds :class:`BacklogScalingPolicy`:

- ``Tracking``: target tracking on the customized metric ``ApproximateBacklogSizePerInstance`` (``AWS/SageMaker``,
  dimension ``EndpointName``, Average) at ``target_backlog_per_instance``;
- when the target's ``min_capacity`` is 0, also ``ScaleOutFromZero``: a ``StepScaling`` policy
  (``ChangeInCapacity``, Average, cooldown 300 s, +1 instance for any breach), triggered by the alarm
  ``HasBacklogWithoutCapacity`` (Average over 60 s, 2 of 2 data points >= 1, missing data stays missing). Target
  tracking alone only leaves zero once the backlog per instance exceeds its target; with no instance running that
  metric has nothing to divide by.

The figures are those of the SageMaker Developer Guide, "Autoscale an asynchronous endpoint". The variant is
duck-typed (this module never imports the endpoint modules); the scalable target is a ``BaseScalableAttribute``.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from constructs import Construct

from .. import metrics as _metrics
from .._runtime.framework import (
    AppautoscalingPolicy,
    AppautoscalingPolicyStepScalingPolicyConfiguration,
    AppautoscalingPolicyStepScalingPolicyConfigurationStepAdjustment,
)
from .._runtime.tokens import is_token
from .._runtime.tree import path_of
from .._validation import check_duration, check_number, fail
from ..metrics import Alarm, ComparisonOperator, TreatMissingData, generated_name
from .target_tracking import add_target_tracking_policy

if TYPE_CHECKING:  # base.py imports this module (check_not_async)
    from .base import BaseScalableAttribute

SCALE_OUT_FROM_ZERO_COOLDOWN_SECONDS = 300
HAS_BACKLOG_PERIOD = datetime.timedelta(seconds=60)
HAS_BACKLOG_EVALUATION_PERIODS = 2
_MAX_POLICY_NAME = 256

NOT_ASYNC = (
    "is only possible on an asynchronous endpoint (an EndpointConfig with async_inference); "
    "endpoint {endpoint} serves a real-time config"
)
NO_INVOCATIONS_METRIC = (
    "SageMakerVariantInvocationsPerInstance is not published for asynchronous endpoints, so scaling on it would "
    "never trigger; use scale_on_backlog(...) instead"
)


def is_async(variant: Any) -> bool:
    """Whether ``variant`` belongs to an endpoint whose (own) config has ``async_inference``."""
    config = getattr(getattr(variant, "endpoint", None), "endpoint_config", None)
    return getattr(config, "async_inference", None) is not None


def check_async(where: str, variant: Any, what: str) -> None:
    """Fail unless ``variant`` is hosted by an asynchronous endpoint; ``what`` names the refused request."""
    if not is_async(variant):
        fail(where, f"{what} {NOT_ASYNC.format(endpoint=variant.endpoint.node.path)}")


def check_not_async(where: str, variant: Any) -> None:
    """Fail when ``variant`` is asynchronous: invocations-per-instance scaling has no metric there."""
    if is_async(variant):
        fail(where, NO_INVOCATIONS_METRIC)


class BacklogScalingPolicy(Construct):
    """Scaling of an asynchronous variant on its queue: target tracking on the backlog per instance, plus (when the
    target's minimum is 0) the step policy and alarm that scale out from zero.

    Created by ``count.scale_on_backlog(id, target_backlog_per_instance=...)``. ``tracking_policy`` is always set;
    ``scale_out_policy`` and ``scale_out_alarm`` only when the target can reach zero.

    Example::

        count = variant.auto_scale_instance_count(min_capacity=0, max_capacity=4)   # an async endpoint
        count.scale_on_backlog("Backlog", target_backlog_per_instance=5)
        policy = count.node.find_child("Backlog")
        policy.scale_out_alarm.add_alarm_action(topic.arn)
    """

    def __init__(
        self,
        scalable: BaseScalableAttribute,
        id: str,
        *,
        where: str,
        target_backlog_per_instance: float,
        scale_in_cooldown: datetime.timedelta | None,
        scale_out_cooldown: datetime.timedelta | None,
        customized_metric: Any,
    ) -> None:
        check_number(where, "target_backlog_per_instance", target_backlog_per_instance)
        if not is_token(target_backlog_per_instance) and target_backlog_per_instance <= 0:
            fail(where, f"target_backlog_per_instance must be greater than 0 (got {target_backlog_per_instance})")
        out_s = check_duration(where, "scale_out_cooldown", scale_out_cooldown)
        check_duration(where, "scale_in_cooldown", scale_in_cooldown)
        super().__init__(scalable, id)
        self.scale_out_policy: AppautoscalingPolicy | None = None
        self.scale_out_alarm: Alarm | None = None
        self.tracking_policy: AppautoscalingPolicy = add_target_tracking_policy(
            self,
            "Tracking",
            f"{where}/Tracking",
            target=scalable.target_refs(),
            target_value=target_backlog_per_instance,
            customized_metric=customized_metric,
            policy_name=None,
            disable_scale_in=None,
            scale_in_cooldown=scale_in_cooldown,
            scale_out_cooldown=scale_out_cooldown,
        )
        if scalable.min_capacity != 0:
            return
        metric = _metrics.metric_has_backlog_without_capacity(scalable.variant.endpoint, period=HAS_BACKLOG_PERIOD)
        self.scale_out_policy, self.scale_out_alarm = scale_out_from_zero(
            self,
            scalable,
            metric=metric,
            aggregation="Average",
            cooldown_s=SCALE_OUT_FROM_ZERO_COOLDOWN_SECONDS if out_s is None else out_s,
            evaluation_periods=HAS_BACKLOG_EVALUATION_PERIODS,
            alarm_id="HasBacklogWithoutCapacity",
            description="Requests are queued and no instance runs: scale out from zero",
        )


def scale_out_from_zero(
    scope: Construct,
    scalable: Any,
    *,
    metric: Any,
    aggregation: str,
    cooldown_s: int,
    evaluation_periods: int,
    alarm_id: str,
    description: str,
) -> tuple[AppautoscalingPolicy, Alarm]:
    """AWS's way out of zero capacity: a ``StepScaling`` policy (``ChangeInCapacity``, +1 for any breach, from
    lower bound 0) under ``scope/ScaleOutFromZero``, triggered by an alarm ``scope/<alarm_id>`` on ``metric`` >= 1
    in ``evaluation_periods`` of ``evaluation_periods`` data points (missing data stays missing).

    Target tracking cannot leave zero on its own: with nothing running, the tracked metric has nothing to divide by.
    Used for asynchronous endpoints (``HasBacklogWithoutCapacity``) and inference components
    (``NoCapacityInvocationFailures``).

    Example::

        policy, alarm = scale_out_from_zero(self, count, metric=metric, aggregation="Average", cooldown_s=300,
                                            evaluation_periods=2, alarm_id="HasBacklogWithoutCapacity",
                                            description="Requests are queued and no instance runs")
    """
    policy = AppautoscalingPolicy(
        scope,
        "ScaleOutFromZero",
        name=generated_name(f"{path_of(scope)}/ScaleOutFromZero", _MAX_POLICY_NAME),
        policy_type="StepScaling",
        step_scaling_policy_configuration=AppautoscalingPolicyStepScalingPolicyConfiguration(
            adjustment_type="ChangeInCapacity",
            metric_aggregation_type=aggregation,
            cooldown=cooldown_s,
            step_adjustment=[
                AppautoscalingPolicyStepScalingPolicyConfigurationStepAdjustment(
                    scaling_adjustment=1, metric_interval_lower_bound="0"
                )
            ],
        ),
        **scalable.target_refs(),
    )
    alarm = Alarm(
        scope,
        alarm_id,
        metric=metric,
        threshold=1,
        evaluation_periods=evaluation_periods,
        datapoints_to_alarm=evaluation_periods,
        comparison_operator=ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treat_missing_data=TreatMissingData.MISSING,
        alarm_description=description,
    )
    alarm.add_alarm_action(policy.arn)
    return policy, alarm
