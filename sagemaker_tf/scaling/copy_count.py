"""Application Auto Scaling of an inference component's copy count, down to zero copies (AWS's recipe).

``component.auto_scale_copy_count(min_capacity=..., max_capacity=...)`` registers the scalable target
``sagemaker`` / ``inference-component/<name>`` / ``sagemaker:inference-component:DesiredCopyCount`` and returns a
:class:`ScalableCopyCount`. Its policies track ``SageMakerInferenceComponentInvocationsPerCopy``
(:meth:`~ScalableCopyCount.scale_on_invocations_per_copy`) or
``SageMakerInferenceComponentConcurrentRequestsPerCopyHighResolution``
(:meth:`~ScalableCopyCount.scale_on_concurrent_requests_per_copy`); the scheduled and step policies of every
scalable target work too.

Scale to zero (SageMaker Developer Guide, "Scale an endpoint to zero instances"): with ``min_capacity=0`` the
target also gets ``ScaleOutFromZero``, a step policy (``ChangeInCapacity``, +1 copy from lower bound 0, Maximum,
cooldown 60 s), and the alarm ``NoCapacityInvocationFailures`` (``AWS/SageMaker``, dimension
``InferenceComponentName``, Sum over 60 s, >= 1 in 1 of 1 periods) that triggers it: target tracking alone never
leaves zero copies. Zero copies only release the instances when the variant's ``managed_instance_scaling`` allows
0 instances, and such a variant only reaches zero when every component on it can drop to zero copies: both
directions are refused with the fix.

The first call after zero copies fails (``NoCapacityInvocationFailures``) and triggers the alarm; an instance and a
copy then take minutes to start, and calls fail until the copy is in service.
"""

from __future__ import annotations

import datetime
import weakref
from typing import TYPE_CHECKING, Any

from .._runtime.checks import add_synth_check
from .._runtime.tree import taken_id_fails
from .._validation import check_number, fail, join_errors
from ._common import CONFIG_ERROR_PREFIX, _check_capacity, _is_num
from .backlog import scale_out_from_zero
from .base import BaseScalableAttribute
from .target_tracking import add_target_tracking_policy

if TYPE_CHECKING:
    from ..inference_component import InferenceComponent

COPY_COUNT_DIMENSION = "sagemaker:inference-component:DesiredCopyCount"
INVOCATIONS_PER_COPY = "SageMakerInferenceComponentInvocationsPerCopy"
CONCURRENT_REQUESTS_PER_COPY = "SageMakerInferenceComponentConcurrentRequestsPerCopyHighResolution"
NO_CAPACITY_PERIOD = datetime.timedelta(seconds=60)
NO_CAPACITY_EVALUATION_PERIODS = 1
SCALE_OUT_FROM_ZERO_COOLDOWN_SECONDS = 60
_TARGET_ID = "CopyCount"


class ScalableCopyCount(BaseScalableAttribute):
    """The auto-scaled copy count of an inference component.

    Get one from ``component.auto_scale_copy_count(max_capacity=...)``. With ``min_capacity=0``,
    ``scale_out_policy`` and ``scale_out_alarm`` hold the step policy and alarm that bring the first copy back.

    Example::

        copies = component.auto_scale_copy_count(min_capacity=0, max_capacity=4)
        copies.scale_on_invocations_per_copy("Load", target=20, scale_in_cooldown=timedelta(minutes=15))
    """

    scale_out_policy: Any = None
    scale_out_alarm: Any = None

    @property
    def component(self) -> InferenceComponent:
        """The inference component whose copies this target scales."""
        component: InferenceComponent = self.variant
        return component

    def _check_zero(self, where: str, name: str) -> None:
        _check_zero_copies(where, self.component, f"{name}=0")

    def scale_on_invocations_per_copy(
        self,
        id: str,
        *,
        target: float,
        scale_in_cooldown: datetime.timedelta | None = None,
        scale_out_cooldown: datetime.timedelta | None = None,
    ) -> Any:
        """Track ``SageMakerInferenceComponentInvocationsPerCopy`` (invocations per copy per minute) at ``target``.

        Example::

            copies.scale_on_invocations_per_copy("Load", target=20)
        """
        return self._track_predefined(id, INVOCATIONS_PER_COPY, target, scale_in_cooldown, scale_out_cooldown)

    def scale_on_concurrent_requests_per_copy(
        self,
        id: str,
        *,
        target: float,
        scale_in_cooldown: datetime.timedelta | None = None,
        scale_out_cooldown: datetime.timedelta | None = None,
    ) -> Any:
        """Track ``SageMakerInferenceComponentConcurrentRequestsPerCopyHighResolution`` (requests in flight per
        copy, published every 10 s) at ``target``: reacts faster than invocations for long LLM calls.

        Example::

            copies.scale_on_concurrent_requests_per_copy("Concurrency", target=4)
        """
        return self._track_predefined(id, CONCURRENT_REQUESTS_PER_COPY, target, scale_in_cooldown, scale_out_cooldown)

    def _track_predefined(
        self,
        id: str,
        metric: str,
        target: float,
        scale_in_cooldown: datetime.timedelta | None,
        scale_out_cooldown: datetime.timedelta | None,
    ) -> Any:
        where = self._where(id, check_id=False)
        check_number(where, "target", target)
        if _is_num(target) and target <= 0:
            fail(where, f"target must be greater than 0 (got {target})")
        return add_target_tracking_policy(
            self,
            id,
            where,
            target=self.target_refs(),
            target_value=target,
            predefined_metric=metric,
            policy_name=None,
            disable_scale_in=None,
            scale_in_cooldown=scale_in_cooldown,
            scale_out_cooldown=scale_out_cooldown,
        )


def _check_zero_copies(where: str, component: InferenceComponent, what: str) -> None:
    """Zero copies release instances only when the variant's managed scaling allows 0 instances."""
    minimum = component.managed_min_instance_count
    if component._record is None or minimum == 0:
        return  # an imported endpoint config: nothing known to check
    shown = "no managed_instance_scaling" if minimum is None else f"managed min_instance_count={minimum}"
    fail(
        where,
        f"{what} (scale to zero copies) needs variant {component.variant_name!r} to allow 0 instances, but it has "
        f"{shown}: set managed_instance_scaling=ManagedInstanceScaling(min_instance_count=0, max_instance_count=...) "
        "on the variant, or keep min_capacity at 1 or more",
    )


# The copy-count targets registered per component, kept in Python (a component is registered once).
_targets: weakref.WeakKeyDictionary[Any, ScalableCopyCount] = weakref.WeakKeyDictionary()


def scalable_copy_count(component: Any) -> ScalableCopyCount | None:
    """The copy-count target of ``component``, if ``auto_scale_copy_count`` registered one.

    Example::

        scalable_copy_count(component)
    """
    return _targets.get(component)


def auto_scale_copy_count(
    component: InferenceComponent, *, max_capacity: int, min_capacity: int = 1
) -> ScalableCopyCount:
    """Register ``component``'s copy count with Application Auto Scaling (the target lives at
    ``<component>/CopyCount``); see the module doc for scale to zero.

    Example::

        copies = auto_scale_copy_count(component, min_capacity=0, max_capacity=2)   # component.auto_scale_copy_count
    """
    where = f"{component.node.path}/{_TARGET_ID}"
    _check_capacity(where, "max_capacity", max_capacity, low=1)
    _check_capacity(where, "min_capacity", min_capacity)
    errors: list[str] = []
    if _is_num(min_capacity) and _is_num(max_capacity) and min_capacity > max_capacity:
        errors.append(f"min_capacity ({min_capacity}) cannot be greater than max_capacity ({max_capacity})")
    copies = component.copy_count
    if _is_num(copies):
        if _is_num(max_capacity) and copies > max_capacity:
            errors.append(f"max_capacity cannot be less than the component's copy_count: {copies} (max={max_capacity})")
        if _is_num(min_capacity) and copies < min_capacity:
            errors.append(
                f"min_capacity cannot be greater than the component's copy_count: {copies} (min={min_capacity})"
            )
    if component in _targets:
        errors.append(f"Copy count scaling is already enabled for this inference component ({component.node.path})")
    if errors:
        fail(where, join_errors(CONFIG_ERROR_PREFIX, errors))
    if _is_num(min_capacity) and min_capacity == 0:
        _check_zero_copies(where, component, "min_capacity=0")
    with taken_id_fails(where, _TARGET_ID, lambda: f"There is already a construct with id {_TARGET_ID!r}"):
        target = ScalableCopyCount(
            component,
            _TARGET_ID,
            variant=component,
            scalable_dimension=COPY_COUNT_DIMENSION,
            min_capacity=min_capacity,
            max_capacity=max_capacity,
            resource_id=f"inference-component/{component.inference_component_name}",
        )
    _targets[component] = target
    if _is_num(min_capacity) and min_capacity == 0:
        metric = component.metric_no_capacity_invocation_failures(period=NO_CAPACITY_PERIOD)
        target.scale_out_policy, target.scale_out_alarm = scale_out_from_zero(
            target,
            target,
            metric=metric,
            aggregation="Maximum",
            cooldown_s=SCALE_OUT_FROM_ZERO_COOLDOWN_SECONDS,
            evaluation_periods=NO_CAPACITY_EVALUATION_PERIODS,
            alarm_id="NoCapacityInvocationFailures",
            description="A call found no copy of the inference component: scale out from zero copies",
        )
    return target


def zero_instance_errors(components: list[Any]) -> list[str]:
    """The components that keep a variant allowing 0 instances from ever reaching 0 (checked at synth).

    Example::

        zero_instance_errors([component])
    """
    errors: list[str] = []
    for component in components:
        if component.managed_min_instance_count != 0:
            continue
        target = _targets.get(component)
        floor = component.copy_count if target is None else target.min_capacity
        if _is_num(floor) and floor > 0:
            how = "it is not auto-scaled" if target is None else f"its copy count scales down to {floor}"
            errors.append(
                f"variant {component.variant_name!r} allows 0 instances (managed min_instance_count=0), but "
                f"inference component {component.node.path} keeps {floor} cop{'y' if floor == 1 else 'ies'} "
                f"({how}): call auto_scale_copy_count(min_capacity=0, ...) on it, or set the variant's "
                "min_instance_count to 1 or more"
            )
    return errors


def add_zero_instance_check(component: Any) -> None:
    """Check :func:`zero_instance_errors` for ``component`` at synth (after all its scaling is known)."""
    add_synth_check(component, lambda: zero_instance_errors([component]))
