"""The variant-facing scalable attributes (instance count, provisioned concurrency) and their entry points."""

from __future__ import annotations

import datetime
import re
import weakref
from typing import Any

from constructs import Construct

from .. import metrics as _metrics
from .._runtime.framework import (
    Annotations,
    AppautoscalingPolicy,
)
from .._runtime.tokens import is_token
from .._runtime.tree import child_path, taken_id_fails
from .._validation import check_int, check_number, fail, join_errors, min_max_error, show
from ..instance_type import InstanceType
from ._common import (
    CONFIG_ERROR_PREFIX,
    INSTANCE_COUNT_DIMENSION,
    PROVISIONED_CONCURRENCY_DIMENSION,
    RESET_WARNING,
    InstanceVariantLike,
    ServerlessVariantLike,
    _is_num,
    _is_token_num,
)
from .backlog import BacklogScalingPolicy, check_async, check_not_async
from .base import BaseScalableAttribute
from .target_tracking import PredefinedMetric, _customized_metric, add_target_tracking_policy


class ScalableInstanceCount(BaseScalableAttribute):
    """The auto-scaled instance count of an instance production variant.

    Get one from ``variant.auto_scale_instance_count(max_capacity=...)``.

    Example::

        count = variant.auto_scale_instance_count(max_capacity=3)
        count.scale_on_invocations("LimitRPS", max_requests_per_second=30)   # target 900 invocations/instance/min
        count.scale_on_cpu_utilization("Cpu", target_utilization_percent=70)
    """

    def _check_zero(self, where: str, name: str) -> None:
        check_async(where, self.variant, f"{name}=0 (scale to zero)")

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
        """Scale an asynchronous variant on its queue (AWS's recipe; see :mod:`sagemaker_tf.scaling.backlog`).

        Target tracking keeps ``ApproximateBacklogSizePerInstance`` at ``target_backlog_per_instance``; when the
        target's ``min_capacity`` is 0, a step policy and the ``HasBacklogWithoutCapacity`` alarm also scale out
        from zero (cooldown ``scale_out_cooldown``, 300 s by default). The policies live under ``<target>/<id>``.

        Example::

            count = variant.auto_scale_instance_count(min_capacity=0, max_capacity=4)
            count.scale_on_backlog("Backlog", target_backlog_per_instance=5,
                                   scale_in_cooldown=timedelta(minutes=10))
        """
        where = self._where(id)
        check_async(where, self.variant, "scale_on_backlog")
        metric = _metrics.metric_approximate_backlog_size_per_instance(self.variant.endpoint)
        BacklogScalingPolicy(
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
        check_not_async(where, self.variant)
        check_number(where, "max_requests_per_second", max_requests_per_second)
        if _is_num(max_requests_per_second) and max_requests_per_second <= 0:
            fail(where, f"max_requests_per_second must be greater than 0 (got {max_requests_per_second})")
        factor = 0.5 if safety_factor is None else safety_factor
        check_number(where, "safety_factor", factor)
        if _is_num(factor) and (factor <= 0.0 or factor > 1.0):
            fail(where, f"Safety factor ({factor:g}) must be greater than 0.0 and less than or equal 1.0")
        add_target_tracking_policy(
            self,
            id,
            where,
            target=self.target_refs(),
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
        return add_target_tracking_policy(
            self,
            id,
            where,
            target=self.target_refs(),
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
        return add_target_tracking_policy(
            self,
            id,
            where,
            target=self.target_refs(),
            target_value=target_utilization,
            predefined_metric=PredefinedMetric.SAGEMAKER_VARIANT_PROVISIONED_CONCURRENCY_UTILIZATION.value,
            policy_name=policy_name,
            disable_scale_in=disable_scale_in,
            scale_in_cooldown=scale_in_cooldown,
            scale_out_cooldown=scale_out_cooldown,
        )


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
    check_int(where, "max_capacity", max_capacity, 1)
    if min_capacity is not None:
        check_int(where, "min_capacity", min_capacity, 0)
        if min_capacity == 0 and not _is_token_num(min_capacity):
            check_async(where, variant, "min_capacity=0 (scale to zero)")
    initial = variant.initial_instance_count
    instance_type = str(variant.instance_type)
    min_max = min_max_error("min_capacity", min_capacity, "max_capacity", max_capacity)
    errors: list[str] = [min_max] if min_max else []
    if _is_num(initial):
        if _is_num(min_capacity) and min_capacity > initial:
            errors.append(
                f"minCapacity cannot be greater than initial instance count: {initial} (min_capacity={min_capacity})"
            )
        if _is_num(max_capacity) and max_capacity < initial:
            errors.append(
                f"maxCapacity cannot be less than initial instance count: {initial} (max_capacity={max_capacity})"
            )
    # SageMaker does not auto-scale burstable instances (they already absorb bursts): the instance facts say which.
    if not is_token(instance_type) and InstanceType.of(instance_type, unchecked=True).is_burstable:
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
    check_int(where, "max_capacity", max_capacity, 1)
    if min_capacity is not None:
        check_int(where, "min_capacity", min_capacity, 1)
    provisioned = getattr(variant, "provisioned_concurrency", None)
    max_concurrency = getattr(variant, "max_concurrency", None)
    min_max = min_max_error("min_capacity", min_capacity, "max_capacity", max_capacity)
    errors: list[str] = [min_max] if min_max else []
    if provisioned is None:
        errors.append(
            f"Provisioned concurrency can only be auto-scaled on a serverless variant with provisioned_concurrency "
            f"(variant {variant.variant_name!r} has none)"
        )
    elif _is_num(provisioned):
        if _is_num(min_capacity) and min_capacity > provisioned:
            errors.append(
                f"minCapacity cannot be greater than provisioned concurrency: {provisioned} "
                f"(min_capacity={min_capacity})"
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
            "AutoScaling of provisioned concurrency already enabled for this variant "
            f"(variant {variant.variant_name!r})"
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
