"""Application Auto Scaling for production variants: targets, target tracking, schedules, step scaling and the
backlog recipe of asynchronous endpoints (a port of aws-cdk's aws-applicationautoscaling, for SageMaker variants).

- ``variant``: ``ScalableInstanceCount`` / ``ScalableProvisionedConcurrency`` and ``auto_scale_*`` (the entry points
  a variant calls);
- ``base``: ``BaseScalableAttribute``, the registered target and its ``scale_*`` methods;
- ``target_tracking``, ``schedule``, ``step`` and ``intervals``: one kind of policy each;
- ``backlog``: scale to zero and the backlog policies of asynchronous endpoints;
- ``copy_count``: the copy count of an inference component, down to zero copies.

Example::

    count = variant.auto_scale_instance_count(max_capacity=3)
    count.scale_on_invocations("LimitRPS", max_requests_per_second=30)
"""

from ._common import (
    CONFIG_ERROR_PREFIX,
    INSTANCE_COUNT_DIMENSION,
    PROVISIONED_CONCURRENCY_DIMENSION,
    RESET_WARNING,
    SERVICE_NAMESPACE,
    InstanceVariantLike,
    ServerlessVariantLike,
    TargetRefs,
)
from .backlog import BacklogScalingPolicy
from .base import BaseScalableAttribute
from .copy_count import COPY_COUNT_DIMENSION, ScalableCopyCount, auto_scale_copy_count
from .intervals import ScalingInterval
from .schedule import Schedule
from .step import AdjustmentType, MetricAggregationType, StepScalingPolicy
from .target_tracking import PredefinedMetric
from .variant import (
    BURSTABLE_INSTANCE_TYPE_PREFIXES,
    ScalableInstanceCount,
    ScalableProvisionedConcurrency,
    auto_scale_instance_count,
    auto_scale_provisioned_concurrency,
    instance_count_id,
)

__all__ = [
    "BURSTABLE_INSTANCE_TYPE_PREFIXES",
    "CONFIG_ERROR_PREFIX",
    "COPY_COUNT_DIMENSION",
    "INSTANCE_COUNT_DIMENSION",
    "PROVISIONED_CONCURRENCY_DIMENSION",
    "RESET_WARNING",
    "SERVICE_NAMESPACE",
    "AdjustmentType",
    "BacklogScalingPolicy",
    "BaseScalableAttribute",
    "InstanceVariantLike",
    "MetricAggregationType",
    "PredefinedMetric",
    "ScalableCopyCount",
    "ScalableInstanceCount",
    "ScalableProvisionedConcurrency",
    "ScalingInterval",
    "Schedule",
    "ServerlessVariantLike",
    "StepScalingPolicy",
    "TargetRefs",
    "auto_scale_copy_count",
    "auto_scale_instance_count",
    "auto_scale_provisioned_concurrency",
    "instance_count_id",
]
