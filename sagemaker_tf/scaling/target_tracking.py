"""Target tracking: predefined metrics, customized metric specifications and the policy itself."""

from __future__ import annotations

import datetime
import enum
from typing import Any

from constructs import Construct

from .._runtime.framework import (
    AppautoscalingPolicy,
    AppautoscalingPolicyTargetTrackingScalingPolicyConfiguration,
    AppautoscalingPolicyTargetTrackingScalingPolicyConfigurationCustomizedMetricSpecification,
    AppautoscalingPolicyTargetTrackingScalingPolicyConfigurationCustomizedMetricSpecificationDimensions,
    AppautoscalingPolicyTargetTrackingScalingPolicyConfigurationCustomizedMetricSpecificationMetrics,
    AppautoscalingPolicyTargetTrackingScalingPolicyConfigurationCustomizedMetricSpecificationMetricsMetricStat,
    AppautoscalingPolicyTargetTrackingScalingPolicyConfigurationCustomizedMetricSpecificationMetricsMetricStatMetric,
    AppautoscalingPolicyTargetTrackingScalingPolicyConfigurationCustomizedMetricSpecificationMetricsMetricStatMetricDimensions,
    AppautoscalingPolicyTargetTrackingScalingPolicyConfigurationPredefinedMetricSpecification,
)
from .._runtime.tree import taken_id_fails
from .._validation import check_bool, check_duration
from ..metrics import Metric, generated_name, is_percentile
from ._common import _MAX_POLICY_NAME, TargetRefs, _check_policy_name, _taken_policy_id


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
    stat_metric = AppautoscalingPolicyTargetTrackingScalingPolicyConfigurationCustomizedMetricSpecificationMetricsMetricStatMetric(  # noqa: E501 (one class name)
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


def add_target_tracking_policy(
    scope: Construct,
    id: str,
    where: str,
    *,
    target: TargetRefs,
    target_value: float,
    predefined_metric: str | None = None,
    customized_metric: Any = None,
    policy_name: str | None,
    disable_scale_in: bool | None,
    scale_in_cooldown: datetime.timedelta | None,
    scale_out_cooldown: datetime.timedelta | None,
) -> AppautoscalingPolicy:
    """A ``TargetTrackingScaling`` policy on ``target`` (a scalable target's identity, see
    ``BaseScalableAttribute.target_refs``), created as ``scope``/``id``; ``where`` is its path for messages.

    Example::

        add_target_tracking_policy(count, "Cpu", where, target=count.target_refs(), target_value=70,
                                   customized_metric=customized_metric(metric), policy_name=None,
                                   disable_scale_in=None, scale_in_cooldown=None, scale_out_cooldown=None)
    """
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
    with taken_id_fails(where, id, lambda: _taken_policy_id(id)):
        return AppautoscalingPolicy(
            scope,
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
            **target,
        )
