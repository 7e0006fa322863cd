"""CloudWatch metrics of production variants, and alarms on them (``aws_cloudwatch_metric_alarm``).

A :class:`Metric` is a plain value object (namespace, name, dimensions, statistic, period, label, unit).
``variant.metric_*()`` builds one with upstream's namespaces and statistics; ``metric.create_alarm(...)``
turns it into an :class:`Alarm`.

This module never imports the endpoint module: a variant is anything with ``variant_name`` and an
``endpoint`` that has ``endpoint_name`` (see :class:`VariantLike`).
"""

from __future__ import annotations

import dataclasses
import datetime
import enum
import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol, TypedDict, Unpack

from constructs import Construct

from ._runtime.checks import construct_location
from ._runtime.framework import CloudwatchMetricAlarm
from ._runtime.render import placed
from ._runtime.tokens import ResourceToken, is_token
from ._runtime.tree import new_child, path_of
from ._validation import check_bool, check_int, check_number, check_str, check_type, fail, show, whole_seconds

INVOCATION_NAMESPACE = "AWS/SageMaker"
"""Namespace of the invocation metrics (Invocations, ModelLatency, ...)."""
UTILIZATION_NAMESPACE = "/aws/sagemaker/Endpoints"
"""Namespace of the instance utilization metrics (CPUUtilization, ...)."""

_SIMPLE_STATISTICS = {
    "sum": "Sum",
    "average": "Average",
    "avg": "Average",
    "minimum": "Minimum",
    "min": "Minimum",
    "maximum": "Maximum",
    "max": "Maximum",
    "samplecount": "SampleCount",
    "n": "SampleCount",
}
_PERCENTILE = re.compile(r"^[pP](\d{1,3}(?:\.\d{1,10})?)$", re.ASCII)
_STATISTIC_TEXT = "Sum, Average, Minimum, Maximum, SampleCount or a percentile such as p99 or p99.9"

_UNITS = frozenset(
    {
        "Seconds",
        "Microseconds",
        "Milliseconds",
        "Bytes",
        "Kilobytes",
        "Megabytes",
        "Gigabytes",
        "Terabytes",
        "Bits",
        "Kilobits",
        "Megabits",
        "Gigabits",
        "Terabits",
        "Percent",
        "Count",
        "Bytes/Second",
        "Kilobytes/Second",
        "Megabytes/Second",
        "Gigabytes/Second",
        "Terabytes/Second",
        "Bits/Second",
        "Kilobits/Second",
        "Megabits/Second",
        "Gigabits/Second",
        "Terabits/Second",
        "Count/Second",
        "None",
    }
)

_MAX_ALARM_NAME = 255
_MAX_DESCRIPTION = 1024
_MAX_ACTIONS_PER_STATE = 5
_MAX_DIMENSIONS = 30


class InvocationHttpResponseCode(enum.StrEnum):
    """HTTP response code classes of endpoint invocations (metric names in ``AWS/SageMaker``).

    Example::

        variant.metric_invocation_response_code(sagemaker.InvocationHttpResponseCode.INVOCATION_5XX_ERRORS)
    """

    INVOCATION_4XX_ERRORS = "Invocation4XXErrors"
    INVOCATION_5XX_ERRORS = "Invocation5XXErrors"


class ComparisonOperator(enum.StrEnum):
    """How an alarm compares the metric with its threshold.

    Example::

        metric.create_alarm(stack, "Idle", threshold=1, evaluation_periods=3,
                            comparison_operator=sagemaker.ComparisonOperator.LESS_THAN_THRESHOLD)
    """

    GREATER_THAN_OR_EQUAL_TO_THRESHOLD = "GreaterThanOrEqualToThreshold"
    GREATER_THAN_THRESHOLD = "GreaterThanThreshold"
    LESS_THAN_THRESHOLD = "LessThanThreshold"
    LESS_THAN_OR_EQUAL_TO_THRESHOLD = "LessThanOrEqualToThreshold"


class TreatMissingData(enum.StrEnum):
    """How an alarm treats periods without data points.

    Example::

        metric.create_alarm(stack, "Errors", threshold=1, evaluation_periods=1,
                            treat_missing_data=sagemaker.TreatMissingData.NOT_BREACHING)
    """

    BREACHING = "breaching"
    NOT_BREACHING = "notBreaching"
    IGNORE = "ignore"
    MISSING = "missing"


class MetricOptions(TypedDict, total=False):
    """The options every metric helper accepts; each overrides the helper's default."""

    statistic: str
    period: datetime.timedelta
    label: str
    unit: str
    dimensions_map: Mapping[str, str]


_OPTION_NAMES = frozenset(MetricOptions.__annotations__)


class VariantLike(Protocol):
    """What the metric helpers need from a production variant (duck-typed; see ``endpoint.py``)."""

    variant_name: str

    @property
    def endpoint(self) -> Any:  # a construct with ``endpoint_name``
        ...


def normalize_statistic(where: str, statistic: Any) -> str:
    """The canonical CloudWatch spelling of ``statistic`` (``avg`` -> ``Average``, ``P99`` -> ``p99``)."""
    check_str(where, "statistic", statistic)
    simple = _SIMPLE_STATISTICS.get(statistic.lower())
    if simple is not None:
        return simple
    match = _PERCENTILE.fullmatch(statistic)
    if match and 0.0 <= float(match.group(1)) <= 100.0:
        return f"p{match.group(1)}"
    fail(where, f"statistic must be {_STATISTIC_TEXT} (got {show(statistic)!r})")


def is_percentile(statistic: str) -> bool:
    """Whether a normalized statistic is a percentile (``p99``), which CloudWatch calls extended."""
    return statistic.startswith("p")


ALARM_SHORT_PERIODS = (10, 20, 30)
"""Alarm periods below a minute that CloudWatch accepts; longer ones must be whole minutes."""


def period_seconds(where: str, period: Any, allowed_below_minute: tuple[int, ...] = ALARM_SHORT_PERIODS) -> int:
    """Whole seconds of ``period``; fail unless it is one of ``allowed_below_minute`` or a multiple of 60."""
    check_type(where, "period", period, (datetime.timedelta,), "a datetime.timedelta")
    whole = whole_seconds(period)
    if (
        whole is None
        or whole <= 0
        or (whole < 60 and whole not in allowed_below_minute)
        or (whole >= 60 and whole % 60)
    ):
        allowed = ", ".join(str(s) for s in allowed_below_minute)
        got = show(period.total_seconds())
        fail(where, f"period must be {allowed} seconds or a multiple of 60 seconds (got {got} seconds)")
    return whole


@dataclass(frozen=True)
class Metric:
    """A CloudWatch metric: namespace, name, dimensions, statistic, period, label and unit.

    ``statistic`` is ``Sum``, ``Average``, ``Minimum``, ``Maximum``, ``SampleCount`` or a percentile such as
    ``p99`` (case-insensitive; ``avg``/``min``/``max``/``n`` are accepted). ``period`` is 1, 5, 10, 20 or 30
    seconds or a multiple of a minute. ``label`` is descriptive only: a single-metric alarm does not render it.

    Example::

        latency = sagemaker.Metric("AWS/SageMaker", "ModelLatency",
                                   dimensions_map={"EndpointName": "my-endpoint", "VariantName": "blue"},
                                   statistic="p99", period=timedelta(minutes=1))
        latency.create_alarm(stack, "SlowModel", threshold=250_000, evaluation_periods=3)
    """

    namespace: str
    metric_name: str
    _: dataclasses.KW_ONLY
    dimensions_map: Mapping[str, str] | None = None
    statistic: str = "Average"
    period: datetime.timedelta = field(default_factory=lambda: datetime.timedelta(minutes=5))
    label: str | None = None
    unit: str | None = None

    def __post_init__(self) -> None:
        where = "Metric"
        check_str(where, "namespace", self.namespace)
        check_str(where, "metric_name", self.metric_name)
        for name, value in (("namespace", self.namespace), ("metric_name", self.metric_name)):
            if not is_token(value) and not 1 <= len(value) <= 255:
                fail(where, f"{name} must be 1 to 255 characters (got {show(value)!r})")
        dims: dict[str, str] = {}
        if self.dimensions_map is not None:
            check_type(where, "dimensions_map", self.dimensions_map, (Mapping,), "a mapping of strings to strings")
            if len(self.dimensions_map) > _MAX_DIMENSIONS:
                fail(
                    where, f"dimensions_map can have at most {_MAX_DIMENSIONS} entries (got {len(self.dimensions_map)})"
                )
            for key, value in self.dimensions_map.items():
                check_str(where, "dimensions_map key", key)
                check_str(where, f"dimensions_map[{key!r}]", value)
                dims[key] = value
        object.__setattr__(self, "dimensions_map", dims)
        object.__setattr__(self, "statistic", normalize_statistic(where, self.statistic))
        period_seconds(where, self.period, (1, 5, 10, 20, 30))
        if self.label is not None:
            check_str(where, "label", self.label)
        if self.unit is not None:
            check_str(where, "unit", self.unit)
            if self.unit not in _UNITS:
                fail(
                    where,
                    "unit must be one of the CloudWatch units such as Count, Percent or Microseconds "
                    f"(got {show(self.unit)!r})",
                )

    @property
    def period_seconds(self) -> int:
        """The period in whole seconds."""
        return int(self.period.total_seconds())

    def with_(self, **options: Unpack[MetricOptions]) -> Metric:
        """A copy with some of ``statistic``, ``period``, ``label``, ``unit`` or ``dimensions_map`` replaced.

        Example::

            p99 = variant.metric_model_latency().with_(statistic="p99", period=timedelta(minutes=1))
        """
        _check_option_names("Metric.with_", options)
        return dataclasses.replace(self, **options)

    def create_alarm(
        self,
        scope: Construct,
        id: str,
        *,
        threshold: float,
        evaluation_periods: int,
        comparison_operator: ComparisonOperator = ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        datapoints_to_alarm: int | None = None,
        treat_missing_data: TreatMissingData | None = None,
        alarm_name: str | None = None,
        alarm_description: str | None = None,
        actions_enabled: bool | None = None,
    ) -> Alarm:
        """An ``aws_cloudwatch_metric_alarm`` on this metric, created at ``scope/id``.

        Example::

            variant.metric_model_latency().create_alarm(stack, "ModelLatencyAlarm",
                                                        threshold=100000, evaluation_periods=3)
        """
        return Alarm(
            scope,
            id,
            metric=self,
            threshold=threshold,
            evaluation_periods=evaluation_periods,
            comparison_operator=comparison_operator,
            datapoints_to_alarm=datapoints_to_alarm,
            treat_missing_data=treat_missing_data,
            alarm_name=alarm_name,
            alarm_description=alarm_description,
            actions_enabled=actions_enabled,
        )


def _check_option_names(where: str, options: Mapping[str, Any]) -> None:
    unknown = sorted(set(options) - _OPTION_NAMES)
    if unknown:
        fail(
            where, f"unknown metric option(s) {', '.join(unknown)}; expected some of {', '.join(sorted(_OPTION_NAMES))}"
        )


def _path(scope: Construct, id: str, check_id: bool = True) -> str:
    return construct_location(scope, id, "Alarm", check_id)


def generated_name(path: str, max_len: int, allowed: str = r"[^0-9A-Za-z_.-]+") -> str:
    """A deterministic, readable name from a construct path: sanitized path + 8-hex hash, at most ``max_len``."""
    digest = hashlib.sha256(path.encode()).hexdigest()[:8]
    readable = re.sub(allowed, "-", path).strip("-") or "sagemaker"
    head = readable[: max_len - len(digest) - 1].rstrip("-")
    return f"{head}-{digest}"


def _action_arn(where: str, action: Any) -> str:
    arn = getattr(action, "arn", action) if not isinstance(action, str) else action
    if not isinstance(arn, str) or not arn:
        fail(where, f"alarm actions must be ARN strings or resources with an arn such as SnsTopic (got {show(action)})")
    if not is_token(arn) and not arn.startswith("arn:"):
        fail(where, f"alarm actions must be ARNs such as arn:aws:sns:us-east-1:123456789012:topic (got {show(arn)!r})")
    return arn


class Alarm(Construct):
    """A CloudWatch alarm on one :class:`Metric` (``aws_cloudwatch_metric_alarm``).

    Without ``alarm_name`` a deterministic name is derived from the construct path. Actions are ARNs (an SNS
    topic, an Application Auto Scaling policy, ...); actions added after creation are still rendered.

    Example::

        alarm = variant.metric_invocation_response_code(
            sagemaker.InvocationHttpResponseCode.INVOCATION_5XX_ERRORS).create_alarm(
            stack, "Errors", threshold=1, evaluation_periods=1)
        alarm.add_alarm_action(topic.arn)
        alarm.add_ok_action(topic.arn)
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        metric: Metric,
        threshold: float,
        evaluation_periods: int,
        comparison_operator: ComparisonOperator = ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        datapoints_to_alarm: int | None = None,
        treat_missing_data: TreatMissingData | None = None,
        alarm_name: str | None = None,
        alarm_description: str | None = None,
        actions_enabled: bool | None = None,
    ) -> None:
        where = _path(scope, id, check_id=False)
        check_type(where, "metric", metric, (Metric,), "a sagemaker_tf.Metric")
        check_number(where, "threshold", threshold)
        check_int(where, "evaluation_periods", evaluation_periods, 1)
        if datapoints_to_alarm is not None:
            check_int(where, "datapoints_to_alarm", datapoints_to_alarm, 1)
            if (
                not is_token(datapoints_to_alarm)
                and not is_token(evaluation_periods)
                and datapoints_to_alarm > evaluation_periods
            ):
                fail(
                    where,
                    "datapoints_to_alarm must be less than or equal to evaluation_periods "
                    f"(got datapoints_to_alarm={datapoints_to_alarm}, evaluation_periods={evaluation_periods})",
                )
        operator = _enum_value(where, "comparison_operator", comparison_operator, ComparisonOperator)
        missing = (
            None
            if treat_missing_data is None
            else _enum_value(where, "treat_missing_data", treat_missing_data, TreatMissingData)
        )
        period = period_seconds(where, metric.period)
        if alarm_name is not None:
            check_str(where, "alarm_name", alarm_name)
            if not is_token(alarm_name) and (
                not 1 <= len(alarm_name) <= _MAX_ALARM_NAME or any(ord(c) < 32 or ord(c) == 127 for c in alarm_name)
            ):
                fail(
                    where, f"alarm_name must be 1 to {_MAX_ALARM_NAME} printable characters (got {show(alarm_name)!r})"
                )
        if alarm_description is not None:
            check_str(where, "alarm_description", alarm_description)
            if not is_token(alarm_description) and len(alarm_description) > _MAX_DESCRIPTION:
                fail(
                    where,
                    f"alarm_description must be at most {_MAX_DESCRIPTION} characters (got {len(alarm_description)})",
                )
        check_bool(where, "actions_enabled", actions_enabled)

        with new_child(self, scope, id, where):
            super().__init__(scope, id)
        self.metric = metric
        self._actions: dict[str, list[str]] = {"alarm_actions": [], "ok_actions": [], "insufficient_data_actions": []}
        percentile = is_percentile(metric.statistic)
        # Not rendered (a rendered resource costs a kernel callback at synth): actions are set as they are added.
        self._resource: CloudwatchMetricAlarm = placed(CloudwatchMetricAlarm)(
            self,
            "Alarm",
            alarm_name=alarm_name if alarm_name is not None else generated_name(where, _MAX_ALARM_NAME),
            comparison_operator=operator,
            evaluation_periods=evaluation_periods,
            threshold=threshold,
            namespace=metric.namespace,
            metric_name=metric.metric_name,
            dimensions=dict(metric.dimensions_map or {}) or None,
            period=period,
            statistic=None if percentile else metric.statistic,
            extended_statistic=metric.statistic if percentile else None,
            unit=metric.unit,
            datapoints_to_alarm=datapoints_to_alarm,
            treat_missing_data=missing,
            alarm_description=alarm_description,
            actions_enabled=actions_enabled,
        )
        self._set_actions: dict[str, list[str] | None] = {key: None for key in self._actions}

    alarm_name = ResourceToken("alarm_name")
    alarm_arn = ResourceToken("arn")

    @property
    def resource(self) -> CloudwatchMetricAlarm:
        """The underlying ``aws_cloudwatch_metric_alarm`` (an escape hatch)."""
        return self._resource

    def add_alarm_action(self, *arns: Any) -> None:
        """Notify these ARNs (e.g. SNS topics) when the alarm enters ALARM."""
        self._add("alarm_actions", arns)

    def add_ok_action(self, *arns: Any) -> None:
        """Notify these ARNs when the alarm returns to OK."""
        self._add("ok_actions", arns)

    def add_insufficient_data_action(self, *arns: Any) -> None:
        """Notify these ARNs when the alarm enters INSUFFICIENT_DATA."""
        self._add("insufficient_data_actions", arns)

    def _add(self, key: str, arns: tuple[Any, ...]) -> None:
        updated = list(self._actions[key])
        for arn in (_action_arn(path_of(self), a) for a in arns):
            if arn not in updated:
                updated.append(arn)
        if len(updated) > _MAX_ACTIONS_PER_STATE:
            fail(
                self, f"an alarm can have at most {_MAX_ACTIONS_PER_STATE} {key.replace('_', ' ')} (got {len(updated)})"
            )
        self._actions[key] = updated
        # As for a rendered block, a value the user set through the provider class (``resource.ok_actions = ...``)
        # wins over the library's list; ``add_override`` merges on top of either.
        current = getattr(self._resource, f"{key}_input")
        if current and current != self._set_actions[key]:
            return
        setattr(self._resource, key, list(updated))
        self._set_actions[key] = list(updated)


def _enum_value(where: str, name: str, value: Any, kind: type[enum.Enum]) -> str:
    if isinstance(value, kind):
        return str(value.value)
    if isinstance(value, str) and value in {m.value for m in kind}:  # the raw Terraform spelling is fine too
        return value
    fail(where, f"{name} must be a {kind.__name__} (got {show(value)})")


# ----------------------------------------------------------------------------------------------- variant metrics


def variant_metric(variant: VariantLike, namespace: str, metric_name: str, **options: Unpack[MetricOptions]) -> Metric:
    """A metric of ``variant``: dimensions ``EndpointName`` and ``VariantName``, statistic ``Sum``, 5 minutes.

    ``options`` (``statistic``, ``period``, ``label``, ``unit``, ``dimensions_map``) override those defaults;
    an option given as None keeps the default. Like upstream, a ``dimensions_map`` replaces the variant's
    dimensions.

    Example::

        variant.metric("AWS/SageMaker", "ModelSetupTime", statistic="Maximum")
    """
    return _variant_metric(variant, namespace, metric_name, "Sum", options)


def _variant_metric(
    variant: VariantLike, namespace: str, metric_name: str, statistic: str, options: Mapping[str, Any]
) -> Metric:
    dimensions = {"EndpointName": variant.endpoint.endpoint_name, "VariantName": variant.variant_name}
    return _metric_with_defaults(namespace, metric_name, dimensions, statistic, options)


def _metric_with_defaults(
    namespace: str, metric_name: str, dimensions: Mapping[str, str], statistic: str, options: Mapping[str, Any]
) -> Metric:
    """A metric whose ``options`` (those not None) override the given dimensions and statistic."""
    _check_option_names("metric", options)
    values: dict[str, Any] = {"dimensions_map": dict(dimensions), "statistic": statistic}
    values.update({key: value for key, value in options.items() if value is not None})
    return Metric(namespace, metric_name, **values)


def metric_invocations(variant: VariantLike, **options: Unpack[MetricOptions]) -> Metric:
    """Number of requests sent to the variant (``AWS/SageMaker`` ``Invocations``, Sum over 5 minutes)."""
    return variant_metric(variant, INVOCATION_NAMESPACE, "Invocations", **options)


def metric_invocations_per_instance(variant: VariantLike, **options: Unpack[MetricOptions]) -> Metric:
    """Invocations normalized by instance count (``InvocationsPerInstance``, Sum over 5 minutes)."""
    return variant_metric(variant, INVOCATION_NAMESPACE, "InvocationsPerInstance", **options)


def metric_model_latency(variant: VariantLike, **options: Unpack[MetricOptions]) -> Metric:
    """Time the model took to respond, in microseconds (``ModelLatency``, Average over 5 minutes)."""
    return _variant_metric(variant, INVOCATION_NAMESPACE, "ModelLatency", "Average", options)


def metric_overhead_latency(variant: VariantLike, **options: Unpack[MetricOptions]) -> Metric:
    """SageMaker's overhead on top of the model latency (``OverheadLatency``, Average over 5 minutes)."""
    return _variant_metric(variant, INVOCATION_NAMESPACE, "OverheadLatency", "Average", options)


def metric_invocation_response_code(
    variant: VariantLike, code: InvocationHttpResponseCode, **options: Unpack[MetricOptions]
) -> Metric:
    """Invocations answered with a 4xx or 5xx code (``Invocation4XXErrors`` / ``Invocation5XXErrors``, Sum)."""
    if not isinstance(code, InvocationHttpResponseCode):
        fail("metric_invocation_response_code", f"code must be an InvocationHttpResponseCode (got {show(code)})")
    return _variant_metric(variant, INVOCATION_NAMESPACE, code.value, "Sum", options)


def metric_disk_utilization(variant: VariantLike, **options: Unpack[MetricOptions]) -> Metric:
    """Disk space used by the containers, in percent (``/aws/sagemaker/Endpoints`` ``DiskUtilization``, Average)."""
    return _variant_metric(variant, UTILIZATION_NAMESPACE, "DiskUtilization", "Average", options)


def metric_cpu_utilization(variant: VariantLike, **options: Unpack[MetricOptions]) -> Metric:
    """CPU used by the containers, summed over vCPUs (``CPUUtilization``, Average; up to 100 x vCPUs)."""
    return _variant_metric(variant, UTILIZATION_NAMESPACE, "CPUUtilization", "Average", options)


def metric_memory_utilization(variant: VariantLike, **options: Unpack[MetricOptions]) -> Metric:
    """Memory used by the containers, in percent (``MemoryUtilization``, Average)."""
    return _variant_metric(variant, UTILIZATION_NAMESPACE, "MemoryUtilization", "Average", options)


def metric_gpu_utilization(variant: VariantLike, **options: Unpack[MetricOptions]) -> Metric:
    """GPU used by the containers, summed over GPUs (``GPUUtilization``, Average)."""
    return _variant_metric(variant, UTILIZATION_NAMESPACE, "GPUUtilization", "Average", options)


def metric_gpu_memory_utilization(variant: VariantLike, **options: Unpack[MetricOptions]) -> Metric:
    """GPU memory used by the containers, summed over GPUs (``GPUMemoryUtilization``, Average)."""
    return _variant_metric(variant, UTILIZATION_NAMESPACE, "GPUMemoryUtilization", "Average", options)


# ---------------------------------------------------------------------------------------------- endpoint metrics


class EndpointLike(Protocol):
    """What the endpoint-level metric helpers need: a construct with ``endpoint_name``."""

    endpoint_name: str


def _endpoint_metric(endpoint: EndpointLike, metric_name: str, options: Mapping[str, Any]) -> Metric:
    """An ``AWS/SageMaker`` metric with the one dimension ``EndpointName``, Average over 5 minutes."""
    return _metric_with_defaults(
        INVOCATION_NAMESPACE, metric_name, {"EndpointName": endpoint.endpoint_name}, "Average", options
    )


def metric_approximate_backlog_size(endpoint: EndpointLike, **options: Unpack[MetricOptions]) -> Metric:
    """Requests queued on an asynchronous endpoint (``ApproximateBacklogSize``, Average over 5 minutes)."""
    return _endpoint_metric(endpoint, "ApproximateBacklogSize", options)


def metric_approximate_backlog_size_per_instance(endpoint: EndpointLike, **options: Unpack[MetricOptions]) -> Metric:
    """Queued requests divided by the instance count (``ApproximateBacklogSizePerInstance``, Average)."""
    return _endpoint_metric(endpoint, "ApproximateBacklogSizePerInstance", options)


def metric_approximate_age_of_oldest_request(endpoint: EndpointLike, **options: Unpack[MetricOptions]) -> Metric:
    """Age in seconds of the oldest queued request (``ApproximateAgeOfOldestRequest``, Average)."""
    return _endpoint_metric(endpoint, "ApproximateAgeOfOldestRequest", options)


def metric_has_backlog_without_capacity(endpoint: EndpointLike, **options: Unpack[MetricOptions]) -> Metric:
    """1 while requests are queued and the endpoint has no instance (``HasBacklogWithoutCapacity``, Average)."""
    return _endpoint_metric(endpoint, "HasBacklogWithoutCapacity", options)


VARIANT_METRIC_HELPERS = (
    "metric_invocations",
    "metric_invocations_per_instance",
    "metric_model_latency",
    "metric_overhead_latency",
    "metric_disk_utilization",
    "metric_cpu_utilization",
    "metric_memory_utilization",
    "metric_gpu_utilization",
    "metric_gpu_memory_utilization",
)
"""The names of the nine option-only helpers (``metric_invocation_response_code`` also takes a code)."""


# --------------------------------------------------------------------------------------- inference component metrics


def component_metric(component_name: str, metric_name: str, statistic: str, options: Mapping[str, Any]) -> Metric:
    """An ``AWS/SageMaker`` metric of one inference component (dimension ``InferenceComponentName``), 5 minutes.

    Example::

        component_metric(component.inference_component_name, "InvocationsPerCopy", "Sum", {})
    """
    return _metric_with_defaults(
        INVOCATION_NAMESPACE, metric_name, {"InferenceComponentName": component_name}, statistic, options
    )
