"""Application Auto Scaling for production variants: targets, target tracking, schedules and step scaling.

``auto_scale_instance_count(variant, ...)`` registers a variant's instance count as an
``aws_appautoscaling_target`` and returns a :class:`ScalableInstanceCount`, whose ``scale_on_*`` methods add
``aws_appautoscaling_policy`` / ``aws_appautoscaling_scheduled_action`` resources.
``auto_scale_provisioned_concurrency(variant, ...)`` does the same for a serverless variant's provisioned
concurrency.

This module never imports the endpoint modules: a variant is anything shaped like :class:`InstanceVariantLike`
or :class:`ServerlessVariantLike`.
"""

from __future__ import annotations

import datetime
import enum
import math
import re
import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, TypedDict, TypeGuard

from constructs import Construct

from . import async_scaling
from . import metrics as _metrics
from ._framework import (
    Annotations,
    AppautoscalingPolicy,
    AppautoscalingPolicyStepScalingPolicyConfiguration,
    AppautoscalingPolicyStepScalingPolicyConfigurationStepAdjustment,
    AppautoscalingPolicyTargetTrackingScalingPolicyConfiguration,
    AppautoscalingPolicyTargetTrackingScalingPolicyConfigurationCustomizedMetricSpecification,
    AppautoscalingPolicyTargetTrackingScalingPolicyConfigurationCustomizedMetricSpecificationDimensions,
    AppautoscalingPolicyTargetTrackingScalingPolicyConfigurationCustomizedMetricSpecificationMetrics,
    AppautoscalingPolicyTargetTrackingScalingPolicyConfigurationCustomizedMetricSpecificationMetricsMetricStat,
    AppautoscalingPolicyTargetTrackingScalingPolicyConfigurationCustomizedMetricSpecificationMetricsMetricStatMetric,
    AppautoscalingPolicyTargetTrackingScalingPolicyConfigurationCustomizedMetricSpecificationMetricsMetricStatMetricDimensions,
    AppautoscalingPolicyTargetTrackingScalingPolicyConfigurationPredefinedMetricSpecification,
    AppautoscalingScheduledAction,
    AppautoscalingScheduledActionScalableTargetAction,
    AppautoscalingTarget,
)
from ._validation import (
    adopt,
    check_bool,
    check_duration,
    check_number,
    check_str,
    check_type,
    child_path,
    fail,
    is_token,
    join_errors,
    node_of,
    path_of,
    show,
    taken_id_fails,
)
from .metrics import Alarm, ComparisonOperator, Metric, generated_name, is_percentile

if TYPE_CHECKING:  # endpoint.py imports this module
    from .endpoint import Endpoint
    from .instance_type import InstanceType

SERVICE_NAMESPACE = "sagemaker"
INSTANCE_COUNT_DIMENSION = "sagemaker:variant:DesiredInstanceCount"
PROVISIONED_CONCURRENCY_DIMENSION = "sagemaker:variant:DesiredProvisionedConcurrency"
CONFIG_ERROR_PREFIX = "Invalid Application Auto Scaling configuration: "
RESET_WARNING = (
    "hashicorp/aws resets an autoscaled variant to initial_instance_count on every endpoint config change "
    "(it never sends RetainAllVariantProperties, hashicorp/terraform-provider-aws#48990)."
)

# SageMaker does not auto-scale burstable instances (they already absorb bursts). Only the T families; the
# Trainium "ml.trn1." family is NOT burstable even though its name starts with a "t".
BURSTABLE_INSTANCE_TYPE_PREFIXES = ("ml.t2.", "ml.t3.", "ml.t3a.", "ml.t4g.")

_MAX_POLICY_NAME = 256
_MAX_STEPS = 40
_SCHEDULE_RULE = re.compile(r"^(at|rate|cron)\(.+\)$", re.DOTALL)
_TIMESTAMP_RULE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
_FORBIDDEN_ACTION_NAME_CHARS = re.compile(r"[:/|\x00-\x1f\x7f]")


class _TargetRefs(TypedDict):
    """The scalable target's identity, passed as keyword arguments to each policy and scheduled action."""

    service_namespace: str
    resource_id: str
    scalable_dimension: str


class InstanceVariantLike(Protocol):
    """What instance-count scaling needs from an instance production variant (see ``endpoint.py``)."""

    variant_name: str
    initial_instance_count: int

    @property
    def instance_type(self) -> InstanceType:  # str(instance_type) is "ml.x.y"
        ...

    @property
    def endpoint(self) -> Endpoint:  # the owning Endpoint construct, with ``endpoint_name``
        ...


class ServerlessVariantLike(Protocol):
    """What provisioned-concurrency scaling needs from a serverless production variant."""

    variant_name: str
    max_concurrency: int
    provisioned_concurrency: int | None

    @property
    def endpoint(self) -> Endpoint: ...


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


class PredefinedMetric(enum.StrEnum):
    """Application Auto Scaling's predefined metrics for SageMaker variants.

    Example::

        count.scale_to_track_metric("Concurrency", target_value=5,
            predefined_metric=sagemaker.PredefinedMetric.SAGEMAKER_VARIANT_CONCURRENT_REQUESTS_PER_MODEL_HIGH_RESOLUTION)
    """

    SAGEMAKER_VARIANT_INVOCATIONS_PER_INSTANCE = "SageMakerVariantInvocationsPerInstance"
    SAGEMAKER_VARIANT_PROVISIONED_CONCURRENCY_UTILIZATION = "SageMakerVariantProvisionedConcurrencyUtilization"
    SAGEMAKER_VARIANT_CONCURRENT_REQUESTS_PER_MODEL_HIGH_RESOLUTION = (
        "SageMakerVariantConcurrentRequestsPerModelHighResolution"
    )


@dataclass(frozen=True, kw_only=True)
class ScalingInterval:
    """A range of metric values and the capacity change to apply in it (step scaling).

    Leave out ``lower`` or ``upper`` to take it from the neighbouring interval. The first interval starts at 0
    and the last one extends to infinity.

    Example::

        steps = [
            sagemaker.ScalingInterval(upper=10, change=-1),
            sagemaker.ScalingInterval(lower=50, change=+1),
            sagemaker.ScalingInterval(lower=70, change=+3),
        ]
    """

    change: int
    lower: float | None = None
    upper: float | None = None

    def __post_init__(self) -> None:
        where = "ScalingInterval"
        change: object = self.change  # annotated int, but a whole float is accepted
        if isinstance(change, float) and change.is_integer():
            object.__setattr__(self, "change", int(change))
        check_type(where, "change", self.change, (int,), "a whole number")
        for name in ("lower", "upper"):
            value = getattr(self, name)
            if value is not None:
                check_number(where, name, value)
        if self.lower is None and self.upper is None:
            fail(where, f"Must supply at least one of 'upper' or 'lower' (got change={self.change})")
        if self.lower is not None and self.upper is not None and self.lower >= self.upper:
            fail(where, f"lower must be less than upper (got lower={self.lower}, upper={self.upper})")


class Schedule:
    """When a scheduled scaling action runs: ``at(...)``, ``rate(...)`` or ``cron(...)`` (Application Auto Scaling).

    Example::

        sagemaker.Schedule.cron(hour="8", minute="0", week_day="MON-FRI")    # cron(0 8 ? * MON-FRI *)
        sagemaker.Schedule.rate(timedelta(hours=6))                           # rate(6 hours)
        sagemaker.Schedule.at(datetime(2030, 1, 1, 9, 0))                     # at(2030-01-01T09:00:00)
        sagemaker.Schedule.expression("cron(0 20 * * ? *)")
    """

    def __init__(self, expression_string: str) -> None:
        self.expression_string = expression_string

    def __repr__(self) -> str:
        return f"Schedule({self.expression_string!r})"

    @staticmethod
    def expression(expression: str) -> Schedule:
        """A literal ``at(...)``, ``rate(...)`` or ``cron(...)`` expression."""
        check_str("Schedule.expression", "expression", expression)
        if not is_token(expression) and not _SCHEDULE_RULE.match(expression.strip()):
            fail(
                "Schedule.expression",
                f"expression must look like at(...), rate(...) or cron(...) (got {show(expression)!r})",
            )
        return Schedule(expression.strip())

    @staticmethod
    def rate(interval: datetime.timedelta) -> Schedule:
        """Every ``interval`` (whole minutes, at least one)."""
        seconds = check_duration("Schedule.rate", "interval", interval)
        if seconds is None or seconds < 60 or seconds % 60:
            fail("Schedule.rate", f"interval must be a whole number of minutes, at least 1 (got {show(interval)})")
        minutes = seconds // 60
        for size, unit in ((1440, "day"), (60, "hour"), (1, "minute")):
            if minutes % size == 0:
                count = minutes // size
                return Schedule(f"rate({count} {unit}{'' if count == 1 else 's'})")
        raise AssertionError("unreachable")

    @staticmethod
    def at(moment: datetime.datetime) -> Schedule:
        """Once, at ``moment``: a timezone-aware datetime is converted to UTC; a naive one is taken as written,
        in the action's ``timezone`` (UTC by default)."""
        check_type("Schedule.at", "moment", moment, (datetime.datetime,), "a datetime.datetime")
        if moment.tzinfo is not None:
            moment = moment.astimezone(datetime.UTC).replace(tzinfo=None)
        return Schedule(f"at({moment.replace(microsecond=0).isoformat()})")

    @staticmethod
    def cron(
        *,
        minute: str | None = None,
        hour: str | None = None,
        day: str | None = None,
        month: str | None = None,
        week_day: str | None = None,
        year: str | None = None,
    ) -> Schedule:
        """A cron schedule; unset fields are ``*`` (``?`` for the day field not used)."""
        where = "Schedule.cron"
        fields = {"minute": minute, "hour": hour, "day": day, "month": month, "week_day": week_day, "year": year}
        for name, value in fields.items():
            if value is not None:
                check_str(where, name, value)
                if not value or any(c.isspace() for c in value):
                    fail(where, f"{name} must be a non-empty cron field without spaces (got {show(value)!r})")
        if day is not None and week_day is not None:
            fail(
                where,
                f"Cannot supply both 'day' and 'week_day', use at most one (got day={day!r}, week_day={week_day!r})",
            )
        parts = [
            minute or "*",
            hour or "*",
            day or ("?" if week_day is not None else "*"),
            month or "*",
            week_day or "?",
            year or "*",
        ]
        return Schedule(f"cron({' '.join(parts)})")


def _is_token_num(value: Any) -> bool:
    return isinstance(value, (int, float)) and is_token(value)


def _is_num(value: object) -> TypeGuard[float]:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and not is_token(value)


def _num_str(value: float) -> str:
    """A number as Terraform's string-typed step bounds want it (``10``, ``-2.5``)."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _check_capacity(where: str, name: str, value: Any, low: int = 0) -> None:
    if is_token(value):
        return
    check_type(where, name, value, (int,), "a whole number")
    if value < low:
        fail(where, f"{name} must be at least {low} (got {value})")


def _check_policy_name(where: str, name: Any) -> None:
    check_str(where, "policy_name", name)
    if not is_token(name) and (not 1 <= len(name) <= _MAX_POLICY_NAME or not name.isprintable()):
        fail(where, f"policy_name must be 1 to {_MAX_POLICY_NAME} printable characters (got {show(name)!r})")


def _dimension_list(metric: Metric, kind: type) -> list[Any]:
    return [kind(name=k, value=v) for k, v in (metric.dimensions_map or {}).items()]


def _customized_metric(
    metric: Metric,
) -> AppautoscalingPolicyTargetTrackingScalingPolicyConfigurationCustomizedMetricSpecification:
    """A target tracking ``customized_metric_specification``; percentiles go through a ``metrics`` query."""
    if not is_percentile(metric.statistic):
        return AppautoscalingPolicyTargetTrackingScalingPolicyConfigurationCustomizedMetricSpecification(
            namespace=metric.namespace,
            metric_name=metric.metric_name,
            statistic=metric.statistic,
            unit=metric.unit,
            dimensions=_dimension_list(
                metric,
                AppautoscalingPolicyTargetTrackingScalingPolicyConfigurationCustomizedMetricSpecificationDimensions,
            )
            or None,
        )
    stat_metric = AppautoscalingPolicyTargetTrackingScalingPolicyConfigurationCustomizedMetricSpecificationMetricsMetricStatMetric(
        namespace=metric.namespace,
        metric_name=metric.metric_name,
        dimensions=_dimension_list(
            metric,
            AppautoscalingPolicyTargetTrackingScalingPolicyConfigurationCustomizedMetricSpecificationMetricsMetricStatMetricDimensions,
        )
        or None,
    )
    query = AppautoscalingPolicyTargetTrackingScalingPolicyConfigurationCustomizedMetricSpecificationMetrics(
        id="m1",
        label=metric.label,
        return_data=True,
        metric_stat=AppautoscalingPolicyTargetTrackingScalingPolicyConfigurationCustomizedMetricSpecificationMetricsMetricStat(
            metric=stat_metric, stat=metric.statistic, unit=metric.unit
        ),
    )
    return AppautoscalingPolicyTargetTrackingScalingPolicyConfigurationCustomizedMetricSpecification(metrics=[query])


def _taken_policy_id(id: str) -> str:
    return f"There is already a scaling policy or scheduled action with id {id!r} on this target"


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

    def _target_refs(self) -> _TargetRefs:
        # The target's attribute tokens never change: read them from the kernel once per target.
        refs: _TargetRefs | None = self.__dict__.get("_refs")
        if refs is None:
            refs = _TargetRefs(
                service_namespace=self._target.service_namespace,
                resource_id=self._target.resource_id,
                scalable_dimension=self._target.scalable_dimension,
            )
            self.__dict__["_refs"] = refs
        return _TargetRefs(**refs)

    def _track(
        self,
        id: str,
        where: str,
        *,
        scope: Construct | None = None,
        target_value: float,
        predefined_metric: str | None = None,
        customized_metric: Any = None,
        policy_name: str | None,
        disable_scale_in: bool | None,
        scale_in_cooldown: datetime.timedelta | None,
        scale_out_cooldown: datetime.timedelta | None,
    ) -> AppautoscalingPolicy:
        if policy_name is not None:
            _check_policy_name(where, policy_name)
        check_bool(where, "disable_scale_in", disable_scale_in)
        in_s = check_duration(where, "scale_in_cooldown", scale_in_cooldown)
        out_s = check_duration(where, "scale_out_cooldown", scale_out_cooldown)
        predefined = None
        if predefined_metric is not None:
            predefined = AppautoscalingPolicyTargetTrackingScalingPolicyConfigurationPredefinedMetricSpecification(
                predefined_metric_type=predefined_metric
            )
        with self._taken_id_fails(where, id):
            return AppautoscalingPolicy(
                self if scope is None else scope,
                id,
                name=policy_name if policy_name is not None else generated_name(where, _MAX_POLICY_NAME),
                policy_type="TargetTrackingScaling",
                target_tracking_scaling_policy_configuration=AppautoscalingPolicyTargetTrackingScalingPolicyConfiguration(
                    target_value=target_value,
                    predefined_metric_specification=predefined,
                    customized_metric_specification=customized_metric,
                    disable_scale_in=disable_scale_in,
                    scale_in_cooldown=in_s,
                    scale_out_cooldown=out_s,
                ),
                **self._target_refs(),
            )

    def _check_zero(self, where: str, name: str) -> None:
        """Whether a capacity of 0 is allowed (subclasses refuse it where AWS does)."""

    def _warn_reset(self, minimum: int, source: str) -> None:
        """Warn when a reset to the variant's initial count would put it below ``minimum`` (see ScalableInstanceCount)."""

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
                async_scaling.check_not_async(where, self.variant)
        return self._track(
            id,
            where,
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
            **self._target_refs(),
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


def _timestamp(where: str, name: str, value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None:
            fail(
                where,
                f"{name} must be timezone-aware, e.g. datetime(..., tzinfo=timezone.utc) (got {value.isoformat()})",
            )
        return value.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    text = check_str(where, name, value)
    if not is_token(text) and not _TIMESTAMP_RULE.match(text):
        fail(where, f"{name} must be a datetime or a YYYY-MM-DDThh:mm:ssZ string (got {show(text)!r})")
    return text


def _check_timezone(where: str, timezone: Any) -> None:
    check_str(where, "timezone", timezone)
    if is_token(timezone):
        return
    import zoneinfo

    try:
        zoneinfo.ZoneInfo(timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        if zoneinfo.available_timezones():  # only judge when this machine has a time zone database
            fail(
                where,
                f"timezone must be an IANA time zone name such as Europe/Paris or Etc/UTC (got {show(timezone)!r})",
            )


class ScalableInstanceCount(BaseScalableAttribute):
    """The auto-scaled instance count of an instance production variant.

    Get one from ``variant.auto_scale_instance_count(max_capacity=...)``.

    Example::

        count = variant.auto_scale_instance_count(max_capacity=3)
        count.scale_on_invocations("LimitRPS", max_requests_per_second=30)   # target 900 invocations/instance/min
        count.scale_on_cpu_utilization("Cpu", target_utilization_percent=70)
    """

    def _check_zero(self, where: str, name: str) -> None:
        async_scaling.check_async(where, self.variant, f"{name}=0 (scale to zero)")

    def _warn_reset(self, minimum: int, source: str) -> None:
        initial = self.variant.initial_instance_count
        if _is_num(initial) and initial < minimum:
            Annotations.of(self).add_warning(
                f"{RESET_WARNING} Variant {self.variant.variant_name!r}: initial_instance_count={initial} is below "
                f"the minimum of {minimum} ({source}); raise initial_instance_count to at least {minimum}."
            )

    def scale_on_backlog(
        self,
        id: str,
        *,
        target_backlog_per_instance: float,
        scale_in_cooldown: datetime.timedelta | None = None,
        scale_out_cooldown: datetime.timedelta | None = None,
    ) -> None:
        """Scale an asynchronous variant on its queue (AWS's recipe; see :mod:`sagemaker_tf.async_scaling`).

        Target tracking keeps ``ApproximateBacklogSizePerInstance`` at ``target_backlog_per_instance``; when the
        target's ``min_capacity`` is 0, a step policy and the ``HasBacklogWithoutCapacity`` alarm also scale out
        from zero (cooldown ``scale_out_cooldown``, 300 s by default). The policies live under ``<target>/<id>``.

        Example::

            count = variant.auto_scale_instance_count(min_capacity=0, max_capacity=4)
            count.scale_on_backlog("Backlog", target_backlog_per_instance=5,
                                   scale_in_cooldown=timedelta(minutes=10))
        """
        where = self._where(id)
        async_scaling.check_async(where, self.variant, "scale_on_backlog")
        metric = _metrics.metric_approximate_backlog_size_per_instance(self.variant.endpoint)
        async_scaling.BacklogScalingPolicy(
            self,
            id,
            where=where,
            target_backlog_per_instance=target_backlog_per_instance,
            scale_in_cooldown=scale_in_cooldown,
            scale_out_cooldown=scale_out_cooldown,
            customized_metric=_customized_metric(metric),
        )

    def scale_on_invocations(
        self,
        id: str,
        *,
        max_requests_per_second: float,
        safety_factor: float | None = None,
        policy_name: str | None = None,
        disable_scale_in: bool | None = None,
        scale_in_cooldown: datetime.timedelta | None = None,
        scale_out_cooldown: datetime.timedelta | None = None,
    ) -> None:
        """Track ``SageMakerVariantInvocationsPerInstance`` at ``safety_factor * max_requests_per_second * 60``.

        ``max_requests_per_second`` is what one instance sustains in a load test; ``safety_factor`` defaults to
        0.5 and must be in (0, 1]. Not for asynchronous endpoints, which do not publish the metric.
        """
        where = self._where(id, check_id=False)
        async_scaling.check_not_async(where, self.variant)
        check_number(where, "max_requests_per_second", max_requests_per_second)
        if _is_num(max_requests_per_second) and max_requests_per_second <= 0:
            fail(where, f"max_requests_per_second must be greater than 0 (got {max_requests_per_second})")
        factor = 0.5 if safety_factor is None else safety_factor
        check_number(where, "safety_factor", factor)
        if _is_num(factor) and (factor <= 0.0 or factor > 1.0):
            fail(where, f"Safety factor ({factor:g}) must be greater than 0.0 and less than or equal 1.0")
        self._track(
            id,
            where,
            target_value=factor * max_requests_per_second * 60,
            predefined_metric=PredefinedMetric.SAGEMAKER_VARIANT_INVOCATIONS_PER_INSTANCE.value,
            policy_name=policy_name,
            disable_scale_in=disable_scale_in,
            scale_in_cooldown=scale_in_cooldown,
            scale_out_cooldown=scale_out_cooldown,
        )

    def scale_on_cpu_utilization(
        self,
        id: str,
        *,
        target_utilization_percent: float,
        policy_name: str | None = None,
        disable_scale_in: bool | None = None,
        scale_in_cooldown: datetime.timedelta | None = None,
        scale_out_cooldown: datetime.timedelta | None = None,
    ) -> AppautoscalingPolicy:
        """Track the variant's average ``CPUUtilization`` (``/aws/sagemaker/Endpoints``) at a target.

        SageMaker reports CPU summed over vCPUs (0 to 100 x vCPUs), so on a 4-vCPU instance 200 means half busy.
        """
        where = self._where(id, check_id=False)
        check_number(where, "target_utilization_percent", target_utilization_percent)
        if _is_num(target_utilization_percent) and target_utilization_percent <= 0:
            fail(where, f"target_utilization_percent must be greater than 0 (got {target_utilization_percent})")
        metric = _metrics.metric_cpu_utilization(self.variant, unit="Percent")
        return self._track(
            id,
            where,
            target_value=target_utilization_percent,
            customized_metric=_customized_metric(metric),
            policy_name=policy_name,
            disable_scale_in=disable_scale_in,
            scale_in_cooldown=scale_in_cooldown,
            scale_out_cooldown=scale_out_cooldown,
        )


class ScalableProvisionedConcurrency(BaseScalableAttribute):
    """The auto-scaled provisioned concurrency of a serverless production variant.

    Get one from ``variant.auto_scale_provisioned_concurrency(max_capacity=...)``.

    Example::

        concurrency = serverless_variant.auto_scale_provisioned_concurrency(max_capacity=10)
        concurrency.scale_on_utilization("KeepWarm", target_utilization=0.6)
    """

    def scale_on_utilization(
        self,
        id: str,
        *,
        target_utilization: float,
        policy_name: str | None = None,
        disable_scale_in: bool | None = None,
        scale_in_cooldown: datetime.timedelta | None = None,
        scale_out_cooldown: datetime.timedelta | None = None,
    ) -> AppautoscalingPolicy:
        """Track ``SageMakerVariantProvisionedConcurrencyUtilization`` (a ratio in (0, 1]) at a target."""
        where = self._where(id, check_id=False)
        check_number(where, "target_utilization", target_utilization)
        if _is_num(target_utilization) and not 0 < target_utilization <= 1:
            fail(
                where,
                f"target_utilization must be greater than 0.0 and less than or equal 1.0 (got {target_utilization})",
            )
        return self._track(
            id,
            where,
            target_value=target_utilization,
            predefined_metric=PredefinedMetric.SAGEMAKER_VARIANT_PROVISIONED_CONCURRENCY_UTILIZATION.value,
            policy_name=policy_name,
            disable_scale_in=disable_scale_in,
            scale_in_cooldown=scale_in_cooldown,
            scale_out_cooldown=scale_out_cooldown,
        )


# --------------------------------------------------------------------------------------------------- step scaling


@dataclass
class _Interval:
    lower: float
    upper: float
    change: int | None


def _normalize_intervals(where: str, steps: Sequence[ScalingInterval], absolute: bool) -> list[_Interval]:
    """Sort the steps, fill in missing bounds, cover [0, inf) and leave at most one no-change gap."""
    ordered = sorted(steps, key=lambda s: s.lower if s.lower is not None else s.upper)  # type: ignore[arg-type,return-value]
    lowers: list[float | None] = [s.lower for s in ordered]
    uppers: list[float | None] = [s.upper for s in ordered]
    changed = True
    while changed:
        changed = False
        for i in range(len(ordered) - 1):  # an upper bound is the next interval's lower bound
            if uppers[i] is not None and lowers[i + 1] is None:
                lowers[i + 1], changed = uppers[i], True
        for i in range(len(ordered) - 1, 0, -1):  # and a lower bound the previous interval's upper bound
            if lowers[i] is not None and uppers[i - 1] is None:
                uppers[i - 1], changed = lowers[i], True
    if lowers[0] is None:
        lowers[0] = 0
    if uppers[-1] is None:
        uppers[-1] = math.inf
    full = [_Interval(float(lo), float(up), s.change) for lo, up, s in zip(lowers, uppers, ordered)]  # type: ignore[arg-type]
    for a, b in zip(full, full[1:]):
        if a.lower < b.upper and a.upper > b.lower:
            fail(where, f"Two intervals overlap: [{a.lower:g}, {a.upper:g}) and [{b.lower:g}, {b.upper:g})")

    # Cover the whole number line from 0 with no-change (None) intervals in the gaps.
    if full[0].lower > 0:
        full.insert(0, _Interval(0.0, full[0].lower, None))
    elif full[0].lower < 0:
        fail(where, f"scaling_steps cannot start below 0 (got lower={full[0].lower:g})")
    if full[-1].upper != math.inf:
        full.append(_Interval(full[-1].upper, math.inf, None))
    i = 1
    while i < len(full):
        if full[i - 1].upper < full[i].lower:
            full.insert(i, _Interval(full[i - 1].upper, full[i].lower, None))
        i += 1
    if not absolute:  # a relative change of 0 means "do nothing"
        for interval in full:
            if interval.change == 0:
                interval.change = None
    merged: list[_Interval] = []
    for interval in full:
        if merged and merged[-1].change is None and interval.change is None:
            merged[-1].upper = interval.upper
        else:
            merged.append(interval)
    gaps = [x for x in merged if x.change is None]
    if len(gaps) > 1:
        shown = ", ".join(f"[{x.lower:g}, {x.upper:g})" for x in gaps)
        fail(where, f"Can have at most one no-change interval, got {shown}")
    return merged


def _alarm_indices(intervals: list[_Interval]) -> tuple[int | None, int | None]:
    """The interval that carries the lower alarm's threshold and the one that carries the upper's."""
    gap = next((i for i, x in enumerate(intervals) if x.change is None), None)
    if gap is not None:
        return (gap - 1 if gap > 0 else None, gap + 1 if gap < len(intervals) - 1 else None)
    if len(intervals) == 1:
        return None, 0
    middle = len(intervals) // 2
    return middle - 1, middle


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
            _check_capacity(where, "min_adjustment_magnitude", min_adjustment_magnitude, low=1)
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
        _metrics.check_count(where, "evaluation_periods", periods)
        if datapoints_to_alarm is not None:
            _metrics.check_count(where, "datapoints_to_alarm", datapoints_to_alarm)
            if _is_num(periods) and _is_num(datapoints_to_alarm) and datapoints_to_alarm > periods:
                fail(
                    where,
                    f"datapoints_to_alarm must be less than or equal to evaluation_periods, got datapoints_to_alarm: {datapoints_to_alarm}, evaluation_periods: {periods}",
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
                **scalable._target_refs(),
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


# ------------------------------------------------------------------------------------------------- entry points


def _scalable_id(prefix: str, variant_name: str) -> str:
    return f"{prefix}-{re.sub(r'[^0-9A-Za-z-]', '_', variant_name)}"


def instance_count_id(variant_name: str) -> str:
    """The construct id of a variant's instance-count target under its endpoint (``InstanceCount-<variant>``)."""
    return _scalable_id("InstanceCount", variant_name)


def _endpoint_of(variant: Any) -> Construct:
    endpoint = getattr(variant, "endpoint", None)
    if not isinstance(endpoint, Construct) or not hasattr(endpoint, "endpoint_name"):
        fail("auto_scale", f"the variant must belong to an Endpoint construct (got endpoint={show(endpoint)})")
    return endpoint


def auto_scale_instance_count(
    variant: InstanceVariantLike, *, max_capacity: int, min_capacity: int | None = None
) -> ScalableInstanceCount:
    """Register the variant's instance count with Application Auto Scaling (``aws_appautoscaling_target``).

    ``min_capacity`` defaults to the variant's initial instance count; the initial count must lie within
    ``[min_capacity, max_capacity]``. Burstable (T-family) instance types cannot be auto-scaled, and a variant
    can be registered once. The target lives under the endpoint at ``InstanceCount-<variant name>``.

    Example::

        count = variant.auto_scale_instance_count(max_capacity=3)   # calls this function
        count.scale_on_invocations("LimitRPS", max_requests_per_second=30)
    """
    endpoint = _endpoint_of(variant)
    construct_id = instance_count_id(variant.variant_name)
    where = child_path(endpoint, construct_id)
    _check_capacity(where, "max_capacity", max_capacity, low=1)
    if min_capacity is not None:
        _check_capacity(where, "min_capacity", min_capacity)
        if min_capacity == 0 and not _is_token_num(min_capacity):
            async_scaling.check_async(where, variant, "min_capacity=0 (scale to zero)")
    initial = variant.initial_instance_count
    instance_type = str(variant.instance_type)
    errors: list[str] = []
    if _is_num(initial):
        if _is_num(min_capacity) and min_capacity > initial:
            errors.append(
                f"minCapacity cannot be greater than initial instance count: {initial} (min_capacity={min_capacity})"
            )
        if _is_num(max_capacity) and max_capacity < initial:
            errors.append(
                f"maxCapacity cannot be less than initial instance count: {initial} (max_capacity={max_capacity})"
            )
    if any(instance_type.startswith(prefix) for prefix in BURSTABLE_INSTANCE_TYPE_PREFIXES):
        errors.append(f"AutoScaling not supported for burstable instance types like {instance_type}")
    taken = f"AutoScaling of task count already enabled for this service (variant {variant.variant_name!r})"
    # Registered through here before: known in Python. Any other child with this id is caught at creation.
    scaled = _instance_counts.setdefault(endpoint, set())
    if construct_id in scaled:
        errors.append(taken)
    if errors:
        fail(where, join_errors(CONFIG_ERROR_PREFIX, errors))
    with taken_id_fails(where, construct_id, lambda: join_errors(CONFIG_ERROR_PREFIX, [taken])):
        count = ScalableInstanceCount(
            endpoint,
            construct_id,
            variant=variant,
            scalable_dimension=INSTANCE_COUNT_DIMENSION,
            min_capacity=initial if min_capacity is None else min_capacity,
            max_capacity=max_capacity,
        )
    scaled.add(construct_id)
    return count


# The instance-count targets registered per endpoint (their construct ids), kept in Python.
_instance_counts: weakref.WeakKeyDictionary[Any, set[str]] = weakref.WeakKeyDictionary()


def auto_scale_provisioned_concurrency(
    variant: ServerlessVariantLike, *, max_capacity: int, min_capacity: int | None = None
) -> ScalableProvisionedConcurrency:
    """Register a serverless variant's provisioned concurrency with Application Auto Scaling.

    The variant needs ``provisioned_concurrency``. ``min_capacity`` defaults to it; it must lie within
    ``[min_capacity, max_capacity]`` and ``max_capacity`` cannot exceed the variant's ``max_concurrency``.
    The target lives under the endpoint at ``ProvisionedConcurrency-<variant name>``.

    Example::

        concurrency = serverless_variant.auto_scale_provisioned_concurrency(max_capacity=10)   # calls this function
        concurrency.scale_on_utilization("KeepWarm", target_utilization=0.6)
    """
    endpoint = _endpoint_of(variant)
    construct_id = _scalable_id("ProvisionedConcurrency", variant.variant_name)
    where = child_path(endpoint, construct_id)
    _check_capacity(where, "max_capacity", max_capacity, low=1)
    if min_capacity is not None:
        _check_capacity(where, "min_capacity", min_capacity, low=1)
    provisioned = getattr(variant, "provisioned_concurrency", None)
    max_concurrency = getattr(variant, "max_concurrency", None)
    errors: list[str] = []
    if provisioned is None:
        errors.append(
            f"Provisioned concurrency can only be auto-scaled on a serverless variant with provisioned_concurrency "
            f"(variant {variant.variant_name!r} has none)"
        )
    elif _is_num(provisioned):
        if _is_num(min_capacity) and min_capacity > provisioned:
            errors.append(
                f"minCapacity cannot be greater than provisioned concurrency: {provisioned} (min_capacity={min_capacity})"
            )
        if _is_num(max_capacity) and max_capacity < provisioned:
            errors.append(
                f"maxCapacity cannot be less than provisioned concurrency: {provisioned} (max_capacity={max_capacity})"
            )
    if _is_num(max_concurrency) and _is_num(max_capacity) and max_capacity > max_concurrency:
        errors.append(
            f"maxCapacity cannot be greater than max concurrency: {max_concurrency} (max_capacity={max_capacity})"
        )
    if endpoint.node.try_find_child(construct_id) is not None:
        errors.append(
            f"AutoScaling of provisioned concurrency already enabled for this variant (variant {variant.variant_name!r})"
        )
    if errors:
        fail(where, join_errors(CONFIG_ERROR_PREFIX, errors))
    return ScalableProvisionedConcurrency(
        endpoint,
        construct_id,
        variant=variant,
        scalable_dimension=PROVISIONED_CONCURRENCY_DIMENSION,
        min_capacity=provisioned if min_capacity is None else min_capacity,  # type: ignore[arg-type]
        max_capacity=max_capacity,
    )
