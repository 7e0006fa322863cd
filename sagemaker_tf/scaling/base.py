"""The registered scalable dimension of one variant and its policies (target tracking, schedule, step)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from constructs import Construct

from .._runtime.framework import (
    AppautoscalingPolicy,
    AppautoscalingScheduledAction,
    AppautoscalingScheduledActionScalableTargetAction,
    AppautoscalingTarget,
)
from .._runtime.tokens import is_token
from .._runtime.tree import adopt, node_of, path_of, taken_id_fails
from .._validation import check_number, check_str, check_type, fail, show
from ..metrics import Metric, generated_name
from ._common import (
    _FORBIDDEN_ACTION_NAME_CHARS,
    _MAX_POLICY_NAME,
    SERVICE_NAMESPACE,
    TargetRefs,
    _check_capacity,
    _is_num,
    _is_token_num,
    _taken_policy_id,
)
from .backlog import check_not_async
from .intervals import ScalingInterval
from .schedule import Schedule, _check_timezone, _timestamp
from .step import AdjustmentType, MetricAggregationType, StepScalingPolicy
from .target_tracking import PredefinedMetric, _customized_metric, add_target_tracking_policy


class BaseScalableAttribute(Construct):
    """A registered scalable dimension of one variant (an ``aws_appautoscaling_target``) and its policies.

    Use :func:`auto_scale_instance_count` / ``variant.auto_scale_instance_count(...)`` to get one. Policies and
    scheduled actions reference the target's attributes, so Terraform creates them after the target.

    Example::

        count = variant.auto_scale_instance_count(max_capacity=4)
        count.scale_on_schedule("NightlyScaleIn", schedule=sagemaker.Schedule.cron(hour="22", minute="0"),
                                max_capacity=1)
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        variant: Any,
        scalable_dimension: str,
        min_capacity: int,
        max_capacity: int,
        resource_id: str | None = None,
    ) -> None:
        super().__init__(scope, id)
        adopt(self, scope, id)
        self.variant = variant
        self.min_capacity = min_capacity
        self.max_capacity = max_capacity
        if resource_id is None:  # a variant's dimension; other scalables (inference components) pass their own
            resource_id = f"endpoint/{variant.endpoint.endpoint_name}/variant/{variant.variant_name}"
        self._target = AppautoscalingTarget(
            self,
            "Target",
            service_namespace=SERVICE_NAMESPACE,
            resource_id=resource_id,
            scalable_dimension=scalable_dimension,
            min_capacity=min_capacity,
            max_capacity=max_capacity,
        )

    @property
    def target(self) -> AppautoscalingTarget:
        """The ``aws_appautoscaling_target`` (an escape hatch)."""
        return self._target

    @property
    def resource_id(self) -> str:
        """``endpoint/<endpoint name>/variant/<variant name>`` (a reference to the target)."""
        return self._target.resource_id

    @property
    def scalable_dimension(self) -> str:
        """The registered dimension, e.g. ``sagemaker:variant:DesiredInstanceCount``."""
        return self._target.scalable_dimension

    # ------------------------------------------------------------------------------------------ shared helpers

    def _where(self, id: Any, check_id: bool = True) -> str:
        """The path of a new policy ``id``; with ``check_id=False`` the caller creates it in ``_taken_id_fails``."""
        path = path_of(self)
        check_str(path, "id", id)
        if not id or "/" in id:
            fail(self, f"id must be a non-empty string without '/' (got {show(id)!r})")
        where = f"{path}/{id}"
        if check_id and node_of(self).try_find_child(id) is not None:
            fail(where, _taken_policy_id(id))
        return where

    def _taken_id_fails(self, where: str, id: str) -> Any:
        return taken_id_fails(where, id, lambda: _taken_policy_id(id))

    def target_refs(self) -> TargetRefs:
        """The target's ``service_namespace``, ``resource_id`` and ``scalable_dimension``, as keyword arguments
        for a policy or scheduled action on this target."""
        # The target's attribute tokens never change: read them from the kernel once per target.
        refs: TargetRefs | None = self.__dict__.get("_refs")
        if refs is None:
            refs = TargetRefs(
                service_namespace=self._target.service_namespace,
                resource_id=self._target.resource_id,
                scalable_dimension=self._target.scalable_dimension,
            )
            self.__dict__["_refs"] = refs
        return TargetRefs(**refs)

    def _check_zero(self, where: str, name: str) -> None:
        """Whether a capacity of 0 is allowed (subclasses refuse it where AWS does)."""

    def _warn_reset(self, minimum: int, source: str) -> None:
        """Warn when a reset to the variant's initial count would put it below ``minimum``
        (see ScalableInstanceCount)."""

    # ----------------------------------------------------------------------------------------------- policies

    def scale_to_track_metric(
        self,
        id: str,
        *,
        target_value: float,
        metric: Metric | None = None,
        predefined_metric: PredefinedMetric | str | None = None,
        policy_name: str | None = None,
        disable_scale_in: bool | None = None,
        scale_in_cooldown: datetime.timedelta | None = None,
        scale_out_cooldown: datetime.timedelta | None = None,
    ) -> AppautoscalingPolicy:
        """Target tracking on a custom :class:`Metric` or on a predefined metric (give exactly one).

        A custom metric becomes a ``customized_metric_specification``; a percentile statistic (``p99``) is sent
        as a metric query. Its period is not used: Application Auto Scaling picks its own.

        Example::

            count.scale_to_track_metric("P90Latency", target_value=200_000,
                                        metric=variant.metric_model_latency(statistic="p90"))
        """
        where = self._where(id, check_id=False)
        check_number(where, "target_value", target_value)
        if _is_num(target_value) and target_value <= 0:
            fail(where, f"target_value must be greater than 0 (got {target_value})")
        if (metric is None) == (predefined_metric is None):
            fail(where, "Exactly one of 'metric' or 'predefined_metric' must be given")
        customized = None
        predefined = None
        if metric is not None:
            check_type(where, "metric", metric, (Metric,), "a sagemaker_tf.Metric")
            customized = _customized_metric(metric)
        else:
            if isinstance(predefined_metric, PredefinedMetric):
                predefined = predefined_metric.value
            else:
                predefined = check_str(where, "predefined_metric", predefined_metric)
                if not predefined:
                    fail(where, "predefined_metric must not be empty")
            if predefined == PredefinedMetric.SAGEMAKER_VARIANT_INVOCATIONS_PER_INSTANCE.value:
                check_not_async(where, self.variant)
        return add_target_tracking_policy(
            self,
            id,
            where,
            target=self.target_refs(),
            target_value=target_value,
            predefined_metric=predefined,
            customized_metric=customized,
            policy_name=policy_name,
            disable_scale_in=disable_scale_in,
            scale_in_cooldown=scale_in_cooldown,
            scale_out_cooldown=scale_out_cooldown,
        )

    def scale_on_schedule(
        self,
        id: str,
        *,
        schedule: Schedule | str,
        min_capacity: int | None = None,
        max_capacity: int | None = None,
        start_time: datetime.datetime | str | None = None,
        end_time: datetime.datetime | str | None = None,
        timezone: str | None = None,
        action_name: str | None = None,
    ) -> AppautoscalingScheduledAction:
        """Change the target's minimum and/or maximum capacity on a schedule (``aws_appautoscaling_scheduled_action``).

        ``start_time`` / ``end_time`` are timezone-aware datetimes (sent in UTC) or ``YYYY-MM-DDThh:mm:ssZ``
        strings. ``timezone`` is an IANA name such as ``Europe/Paris`` for cron and at expressions.

        Example::

            count.scale_on_schedule("BusinessHours", schedule=sagemaker.Schedule.cron(hour="8", minute="0"),
                                    min_capacity=2, timezone="Europe/Paris")
        """
        where = self._where(id)
        if isinstance(schedule, str):
            schedule = Schedule.expression(schedule)
        check_type(where, "schedule", schedule, (Schedule,), "a Schedule or an expression string")
        if min_capacity is None and max_capacity is None:
            fail(where, "You must supply at least one of min_capacity or max_capacity")
        for name, value in (("min_capacity", min_capacity), ("max_capacity", max_capacity)):
            if value is not None:
                _check_capacity(where, name, value)
                if value == 0 and not _is_token_num(value):
                    self._check_zero(where, name)
        if _is_num(min_capacity) and _is_num(max_capacity) and min_capacity > max_capacity:
            fail(
                where, f"min_capacity must be less than or equal to max_capacity (got {min_capacity} > {max_capacity})"
            )
        start = _timestamp(where, "start_time", start_time)
        end = _timestamp(where, "end_time", end_time)
        if start and end and not is_token(start) and not is_token(end) and start >= end:
            fail(where, f"start_time must be before end_time (got {start} and {end})")
        if timezone is not None:
            _check_timezone(where, timezone)
        if action_name is not None:
            check_str(where, "action_name", action_name)
            if not is_token(action_name) and (
                not 1 <= len(action_name) <= _MAX_POLICY_NAME or _FORBIDDEN_ACTION_NAME_CHARS.search(action_name)
            ):
                fail(
                    where,
                    f"action_name must be 1 to 256 characters without ':', '/' or '|' (got {show(action_name)!r})",
                )
        if _is_num(min_capacity):
            self._warn_reset(min_capacity, f"scheduled action {id!r}")  # type: ignore[arg-type]
        return AppautoscalingScheduledAction(
            self,
            id,
            name=action_name if action_name is not None else generated_name(where, _MAX_POLICY_NAME),
            schedule=schedule.expression_string,
            # The generated binding types these capacities as strings.
            scalable_target_action=AppautoscalingScheduledActionScalableTargetAction(
                min_capacity=None if min_capacity is None else str(min_capacity),
                max_capacity=None if max_capacity is None else str(max_capacity),
            ),
            start_time=start,
            end_time=end,
            timezone=timezone,
            **self.target_refs(),
        )

    def scale_on_metric(
        self,
        id: str,
        *,
        metric: Metric,
        scaling_steps: Sequence[ScalingInterval],
        adjustment_type: AdjustmentType = AdjustmentType.CHANGE_IN_CAPACITY,
        cooldown: datetime.timedelta | None = None,
        min_adjustment_magnitude: int | None = None,
        metric_aggregation_type: MetricAggregationType | None = None,
        evaluation_periods: int | None = None,
        datapoints_to_alarm: int | None = None,
    ) -> StepScalingPolicy:
        """Step scaling: a ``StepScaling`` policy plus an alarm for each direction (scale in and scale out).

        The thresholds are found as in AWS CDK: the no-change interval (or the middle boundary) splits the steps
        into a lower policy (alarm ``<=`` threshold) and an upper policy (alarm ``>=`` threshold).

        Example::

            count.scale_on_metric("ByCpu", metric=variant.metric_cpu_utilization(), scaling_steps=[
                sagemaker.ScalingInterval(upper=20, change=-1),
                sagemaker.ScalingInterval(lower=70, change=+1),
                sagemaker.ScalingInterval(lower=90, change=+2),
            ])
        """
        where = self._where(id)
        return StepScalingPolicy(
            self,
            id,
            where=where,
            metric=metric,
            scaling_steps=scaling_steps,
            adjustment_type=adjustment_type,
            cooldown=cooldown,
            min_adjustment_magnitude=min_adjustment_magnitude,
            metric_aggregation_type=metric_aggregation_type,
            evaluation_periods=evaluation_periods,
            datapoints_to_alarm=datapoints_to_alarm,
        )
