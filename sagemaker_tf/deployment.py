"""Deployment guardrails: how an endpoint moves to a new endpoint config (``aws_sagemaker_endpoint.deployment_config``).

``Endpoint(..., deployment=DeploymentPolicy.blue_green(...))`` or ``DeploymentPolicy.rolling(...)`` renders
``deployment_config`` with ``blue_green_update_policy`` or ``rolling_update_policy`` (never both), plus
``auto_rollback_configuration`` when rollback alarms are given. :class:`TrafficRouting` says how a blue/green
update shifts traffic (all at once, canary, linear) and :class:`Capacity` sizes a canary, a linear step or a
rolling batch.

Limits (hashicorp/aws ``internal/service/sagemaker/endpoint.go`` and the SageMaker API reference):

- traffic wait, rolling wait and termination wait: 0-3600 s;
- maximum execution timeout: 600-14400 s (the provider's bound; the API allows 28800 s for rolling updates, the
  provider rejects it);
- a capacity value is at least 1; a percentage is 1-100, a canary at most 50 %, a linear step 10-50 %, a rolling
  batch 5-50 % of the variant; every size is also checked against each variant's ``initial_instance_count`` at
  synth, a percentage as the whole instances it stands for (rounded up, at least one), so a count and a percentage
  are judged alike (not for autoscaled variants, whose count is only known at run time);
- 1-10 rollback alarms, each name 1-255 characters and not blank;
- no rolling update for a serverless or multi-variant endpoint (SageMaker's deployment guardrails exclusions).
"""

from __future__ import annotations

import abc
import datetime
import enum
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ._runtime.tokens import is_token
from ._validation import check_int, check_sequence, check_str, check_type, fail, show, type_error, whole_seconds
from .metrics import Alarm

if TYPE_CHECKING:
    from ._runtime.framework import CloudwatchMetricAlarm
    from .endpoint import IEndpoint

WAIT_SECONDS = (0, 3600)
EXECUTION_TIMEOUT_SECONDS = (600, 14400)
MAX_ROLLBACK_ALARMS = 10
_MAX_ALARM_NAME = 255
_CAPACITY_KINDS = "a Capacity (Capacity.instances(n) or Capacity.percent(p))"


class _CapacityType(enum.StrEnum):
    INSTANCE_COUNT = "INSTANCE_COUNT"
    CAPACITY_PERCENT = "CAPACITY_PERCENT"


class Capacity:
    """A share of a variant's instances: a canary, a linear step or a rolling batch.

    ``Capacity.instances(count)`` renders ``{type = "INSTANCE_COUNT", value = count}`` (count at least 1);
    ``Capacity.percent(percent)`` renders ``{type = "CAPACITY_PERCENT", value = percent}`` (1-100).

    Example::

        sagemaker.TrafficRouting.canary(sagemaker.Capacity.percent(10), wait=timedelta(minutes=10))
        sagemaker.DeploymentPolicy.rolling(maximum_batch_size=sagemaker.Capacity.instances(2),
                                           wait_interval=timedelta(minutes=5))
    """

    def __init__(self, capacity_type: _CapacityType, value: int) -> None:
        self._type = capacity_type
        self.value = value

    @staticmethod
    def instances(count: int) -> Capacity:
        """``count`` instances (a whole number, at least 1)."""
        check_int("Capacity.instances", "count", count, 1)
        return Capacity(_CapacityType.INSTANCE_COUNT, count)

    @staticmethod
    def percent(percent: int) -> Capacity:
        """``percent`` % of the variant's instances (a whole number, 1-100)."""
        check_int("Capacity.percent", "percent", percent, 1, 100)
        return Capacity(_CapacityType.CAPACITY_PERCENT, percent)

    @property
    def capacity_type(self) -> str:
        """``INSTANCE_COUNT`` or ``CAPACITY_PERCENT``."""
        return self._type.value

    @property
    def is_percent(self) -> bool:
        """Whether this is a percentage of the variant (else a number of instances)."""
        return self._type is _CapacityType.CAPACITY_PERCENT

    def __repr__(self) -> str:
        return f"Capacity.percent({self.value})" if self.is_percent else f"Capacity.instances({self.value})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Capacity) and (self._type, self.value) == (other._type, other.value)

    def __hash__(self) -> int:
        return hash((self._type, self.value))

    def render(self) -> list[dict[str, Any]]:
        """The Terraform block (``[{"type": ..., "value": ...}]``)."""
        return [{"type": self._type.value, "value": self.value}]


def _check_share(where: str, name: str, capacity: object, low_percent: int, high_percent: int) -> Capacity:
    """A canary, step or batch: a Capacity whose percentage lies in [low_percent, high_percent]."""
    if not isinstance(capacity, Capacity):
        type_error(where, name, capacity, _CAPACITY_KINDS)
    if capacity.is_percent and not is_token(capacity.value) and not low_percent <= capacity.value <= high_percent:
        share = f"at most {high_percent}%" if low_percent <= 1 else f"{low_percent}-{high_percent}%"
        fail(where, f"{name} must be {share} of the variant's instances (got {capacity!r})")
    return capacity


def _seconds(where: str, name: str, value: Any, bounds: tuple[int, int]) -> int | None:
    """Whole seconds of an optional timedelta within ``bounds`` (a message that names the rule and the value)."""
    if value is None:
        return None
    check_type(where, name, value, (datetime.timedelta,), "a datetime.timedelta")
    seconds = whole_seconds(value)
    low, high = bounds
    if seconds is None or not low <= seconds <= high:
        got = f"{value.total_seconds():g}"
        fail(where, f"{name} must be a whole number of seconds between {low} and {high} (got {got} seconds)")
    return seconds


# ------------------------------------------------------------------------------------------------ traffic routing


class TrafficRouting(abc.ABC):
    """How a blue/green update shifts traffic to the new fleet: all at once, a canary, or linear steps.

    ``wait`` is the baking time (0-3600 s) between steps, during which SageMaker watches the rollback alarms.

    Example::

        sagemaker.TrafficRouting.all_at_once()
        sagemaker.TrafficRouting.canary(sagemaker.Capacity.percent(10), wait=timedelta(minutes=10))
        sagemaker.TrafficRouting.linear(sagemaker.Capacity.percent(20), wait=timedelta(minutes=5))
    """

    @staticmethod
    def all_at_once(wait: datetime.timedelta | None = None) -> TrafficRouting:
        """Shift all traffic in one step (``ALL_AT_ONCE``); ``wait`` defaults to 0 s."""
        seconds = _seconds("TrafficRouting.all_at_once", "wait", wait, WAIT_SECONDS)
        return _Routing("ALL_AT_ONCE", 0 if seconds is None else seconds, None, None)

    @staticmethod
    def canary(size: Capacity, wait: datetime.timedelta) -> TrafficRouting:
        """First ``size`` (at most 50 % of the variant), then the rest after ``wait`` (``CANARY``)."""
        where = "TrafficRouting.canary"
        if size is None:
            fail(where, "a canary needs a size: TrafficRouting.canary(Capacity.percent(10), wait=...) (got size=None)")
        _check_share(where, "size", size, 1, 50)
        return _Routing("CANARY", _required_wait(where, wait), "canary_size", size)

    @staticmethod
    def linear(step: Capacity, wait: datetime.timedelta) -> TrafficRouting:
        """Shift ``step`` (10-50 % of the variant) every ``wait`` until all traffic is on the new fleet (``LINEAR``)."""
        where = "TrafficRouting.linear"
        if step is None:
            fail(
                where,
                "linear shifting needs a step: TrafficRouting.linear(Capacity.percent(20), wait=...) (got step=None)",
            )
        _check_share(where, "step", step, 10, 50)
        return _Routing("LINEAR", _required_wait(where, wait), "linear_step_size", step)

    @property
    @abc.abstractmethod
    def routing_type(self) -> str:
        """``ALL_AT_ONCE``, ``CANARY`` or ``LINEAR``."""

    @property
    @abc.abstractmethod
    def size(self) -> Capacity | None:
        """The canary size or the linear step (None for all at once)."""

    @abc.abstractmethod
    def render(self) -> list[dict[str, Any]]:
        """The ``traffic_routing_configuration`` block."""


def _required_wait(where: str, wait: Any, name: str = "wait") -> int:
    if wait is None:
        fail(where, f"{name} is required (a datetime.timedelta of 0-3600 seconds; got None)")
    seconds = _seconds(where, name, wait, WAIT_SECONDS)
    assert seconds is not None
    return seconds


class _Routing(TrafficRouting):
    def __init__(self, routing_type: str, wait_seconds: int, size_key: str | None, size: Capacity | None) -> None:
        self._type = routing_type
        self._wait = wait_seconds
        self._size_key = size_key
        self._size = size

    @property
    def routing_type(self) -> str:
        return self._type

    @property
    def size(self) -> Capacity | None:
        return self._size

    def __repr__(self) -> str:
        return f"TrafficRouting({self._type}, wait={self._wait}s, size={self._size!r})"

    def render(self) -> list[dict[str, Any]]:
        block: dict[str, Any] = {"type": self._type, "wait_interval_in_seconds": self._wait}
        if self._size_key is not None and self._size is not None:
            block[self._size_key] = self._size.render()
        return [block]


# ---------------------------------------------------------------------------------------------- deployment policy


@dataclass(frozen=True)
class DeploymentConfig:
    """What a bound :class:`DeploymentPolicy` gives the endpoint: the ``deployment_config`` block and the checks
    that need the endpoint's variants."""

    block: dict[str, Any]
    rolling: bool
    sizes: tuple[tuple[str, Capacity, int, int], ...]  # (field, capacity, low %, high %) checked per variant
    depends_on: tuple[CloudwatchMetricAlarm, ...] = ()  # alarm resources to create before the endpoint


class DeploymentPolicy(abc.ABC):
    """How an endpoint moves to a new endpoint config: a blue/green or a rolling update, with optional auto-rollback.

    Use a factory. ``rollback_alarms`` are 1-10 :class:`Alarm` objects or alarm names; when one of them goes into
    ALARM during the update, SageMaker rolls back. An ``Alarm`` is rendered by its literal name, and the endpoint
    ``depends_on`` it unless the alarm watches this endpoint's own metrics (that would be a dependency cycle).
    Renaming, adding or removing rollback alarms while one stays updates the endpoint in place; adding the first or
    removing the last replaces it (the provider marks the ``auto_rollback_configuration`` block ForceNew, not its
    alarms).

    Example::

        errors = sagemaker.Metric("AWS/SageMaker", "Invocation5XXErrors", statistic="Sum",
            dimensions_map={"EndpointName": "orders", "VariantName": "main"}).create_alarm(
            stack, "Errors", threshold=5, evaluation_periods=1)
        sagemaker.Endpoint(stack, "Endpoint", endpoint_config=config, endpoint_name="orders",
            deployment=sagemaker.DeploymentPolicy.blue_green(
                traffic_routing=sagemaker.TrafficRouting.canary(sagemaker.Capacity.percent(10),
                                                                wait=timedelta(minutes=10)),
                termination_wait=timedelta(minutes=10), rollback_alarms=[errors]))
    """

    @staticmethod
    def blue_green(
        *,
        traffic_routing: TrafficRouting | None = None,
        termination_wait: datetime.timedelta | None = None,
        maximum_execution_timeout: datetime.timedelta | None = None,
        rollback_alarms: Sequence[Alarm | str] | None = None,
    ) -> DeploymentPolicy:
        """A blue/green update: a new fleet, traffic shifted as ``traffic_routing`` says (all at once by default),
        the old fleet kept for ``termination_wait`` (0-3600 s), the whole update bounded by
        ``maximum_execution_timeout`` (600-14400 s)."""
        where = "DeploymentPolicy.blue_green"
        routing = TrafficRouting.all_at_once() if traffic_routing is None else traffic_routing
        check_type(
            where,
            "traffic_routing",
            routing,
            (TrafficRouting,),
            "a TrafficRouting (TrafficRouting.all_at_once(), .canary(...) or .linear(...))",
        )
        termination = _seconds(where, "termination_wait", termination_wait, WAIT_SECONDS)
        timeout = _seconds(where, "maximum_execution_timeout", maximum_execution_timeout, EXECUTION_TIMEOUT_SECONDS)
        alarms = _rollback_alarms(where, rollback_alarms)
        return _BlueGreen(routing, termination, timeout, alarms)

    @staticmethod
    def rolling(
        *,
        maximum_batch_size: Capacity,
        wait_interval: datetime.timedelta,
        rollback_maximum_batch_size: Capacity | None = None,
        maximum_execution_timeout: datetime.timedelta | None = None,
        rollback_alarms: Sequence[Alarm | str] | None = None,
    ) -> DeploymentPolicy:
        """A rolling update in batches of ``maximum_batch_size`` (5-50 % of the variant), baking ``wait_interval``
        (0-3600 s) after each; a rollback restores ``rollback_maximum_batch_size`` at a time (all at once by
        default). Single-variant instance endpoints only."""
        where = "DeploymentPolicy.rolling"
        if maximum_batch_size is None:
            fail(where, "maximum_batch_size is required (a Capacity; got None)")
        batch = _check_share(where, "maximum_batch_size", maximum_batch_size, 5, 50)
        wait = _required_wait(where, wait_interval, "wait_interval")
        rollback = None
        if rollback_maximum_batch_size is not None:
            rollback = _check_share(where, "rollback_maximum_batch_size", rollback_maximum_batch_size, 1, 100)
        timeout = _seconds(where, "maximum_execution_timeout", maximum_execution_timeout, EXECUTION_TIMEOUT_SECONDS)
        alarms = _rollback_alarms(where, rollback_alarms)
        return _Rolling(batch, wait, rollback, timeout, alarms)

    is_rolling: bool = False
    """Whether this is a rolling update (which SageMaker refuses for serverless and multi-variant endpoints)."""

    def __init__(self, alarms: tuple[Any, ...] | None) -> None:
        self._alarms = alarms

    @property
    def rollback_alarm_names(self) -> list[str]:
        """The alarm names rendered in ``auto_rollback_configuration`` (an ``Alarm``'s literal name when it has one)."""
        return [_alarm_name(a) for a in self._alarms or ()]

    @abc.abstractmethod
    def bind(self, endpoint: IEndpoint) -> DeploymentConfig:
        """What ``endpoint`` (with ``endpoint_name``) renders as ``deployment_config`` and checks at synth."""

    def _config(
        self, endpoint: IEndpoint, block: dict[str, Any], sizes: tuple[tuple[str, Capacity, int, int], ...]
    ) -> DeploymentConfig:
        depends_on: list[CloudwatchMetricAlarm] = []
        if self._alarms is not None:
            block["auto_rollback_configuration"] = [
                {"alarms": [{"alarm_name": name} for name in self.rollback_alarm_names]}
            ]
            depends_on = [
                a.resource for a in self._alarms if not isinstance(a, str) and not _watches(a, endpoint.endpoint_name)
            ]
        return DeploymentConfig(block, rolling=self.is_rolling, sizes=sizes, depends_on=tuple(depends_on))


def _alarm_name(alarm: Any) -> str:
    if isinstance(alarm, str):
        return alarm
    literal = alarm.resource.alarm_name_input
    return literal if isinstance(literal, str) and not is_token(literal) else alarm.alarm_name


def _watches(alarm: Any, endpoint_name: str) -> bool:
    """Whether ``alarm``'s metric has a dimension that refers to the endpoint (so it is created after it)."""
    return any(endpoint_name in str(value) for value in (alarm.metric.dimensions_map or {}).values())


def _rollback_alarms(where: str, alarms: Any) -> tuple[Any, ...] | None:
    if alarms is None:
        return None
    items = check_sequence(where, "rollback_alarms", alarms)
    if not 1 <= len(items) <= MAX_ROLLBACK_ALARMS:
        fail(where, f"rollback_alarms must hold 1 to {MAX_ROLLBACK_ALARMS} alarms (got {len(items)})")
    seen: set[str] = set()
    for alarm in items:
        if not isinstance(alarm, Alarm):
            check_type(where, "rollback_alarms[]", alarm, (Alarm, str), "an Alarm or an alarm name")
            name = check_str(where, "rollback_alarms[]", alarm)
            if not is_token(name) and (not 1 <= len(name) <= _MAX_ALARM_NAME or not name.strip()):
                fail(
                    where, f"an alarm name must be 1 to {_MAX_ALARM_NAME} characters and not blank (got {show(name)!r})"
                )
        key = _alarm_name(alarm)  # an Alarm and its literal name are the same alarm
        if key in seen:
            fail(where, f"rollback_alarms lists the same alarm twice ({show(key)})")
        seen.add(key)
    return tuple(items)


class _BlueGreen(DeploymentPolicy):
    def __init__(
        self, routing: TrafficRouting, termination: int | None, timeout: int | None, alarms: tuple[Any, ...] | None
    ) -> None:
        super().__init__(alarms)
        self.traffic_routing = routing
        self._termination = termination
        self._timeout = timeout

    def bind(self, endpoint: IEndpoint) -> DeploymentConfig:
        policy: dict[str, Any] = {"traffic_routing_configuration": self.traffic_routing.render()}
        if self._termination is not None:
            policy["termination_wait_in_seconds"] = self._termination
        if self._timeout is not None:
            policy["maximum_execution_timeout_in_seconds"] = self._timeout
        sizes: tuple[tuple[str, Capacity, int, int], ...] = ()
        size = self.traffic_routing.size
        if size is not None:
            canary = self.traffic_routing.routing_type == "CANARY"
            sizes = (("canary size", size, 0, 50),) if canary else (("linear step", size, 10, 50),)
        return self._config(endpoint, {"blue_green_update_policy": [policy]}, sizes)


class _Rolling(DeploymentPolicy):
    is_rolling = True

    def __init__(
        self, batch: Capacity, wait: int, rollback: Capacity | None, timeout: int | None, alarms: tuple[Any, ...] | None
    ) -> None:
        super().__init__(alarms)
        self.maximum_batch_size = batch
        self._wait = wait
        self._rollback = rollback
        self._timeout = timeout

    def bind(self, endpoint: IEndpoint) -> DeploymentConfig:
        policy: dict[str, Any] = {
            "maximum_batch_size": self.maximum_batch_size.render(),
            "wait_interval_in_seconds": self._wait,
        }
        if self._rollback is not None:
            policy["rollback_maximum_batch_size"] = self._rollback.render()
        if self._timeout is not None:
            policy["maximum_execution_timeout_in_seconds"] = self._timeout
        sizes = (("maximum_batch_size", self.maximum_batch_size, 5, 50),)
        return self._config(endpoint, {"rolling_update_policy": [policy]}, sizes)


# ------------------------------------------------------------------------------------------- checks per endpoint

ROLLING_SERVERLESS = "A rolling update cannot be used with a serverless variant (deployment guardrails exclusion)"
ROLLING_MULTI_VARIANT = "A rolling update needs exactly one production variant (deployment guardrails exclusion)"


def rolling_errors(rolling: bool, instance_variants: Sequence[Any], serverless: bool) -> list[str]:
    """Why a rolling update cannot update an endpoint with these variants (none for blue/green)."""
    errors: list[str] = []
    if rolling and serverless:
        errors.append(ROLLING_SERVERLESS)
    if rolling and len(instance_variants) > 1:
        names = ", ".join(v.variant_name for v in instance_variants)
        errors.append(f"{ROLLING_MULTI_VARIANT} (got {len(instance_variants)}: {names})")
    return errors


def variant_errors(
    config: DeploymentConfig, instance_variants: Sequence[Any], serverless: bool, autoscaled: set[str]
) -> list[str]:
    """What ``config`` breaks on an endpoint with these variants (records with ``variant_name`` and
    ``initial_instance_count``); ``autoscaled`` names the variants whose count changes at run time."""
    errors = rolling_errors(config.rolling, instance_variants, serverless)
    for field, capacity, low, high in config.sizes:
        if is_token(capacity.value):
            continue
        for variant in instance_variants:
            count = variant.initial_instance_count
            if variant.variant_name in autoscaled or is_token(count):
                continue
            instances = instances_of(capacity, count)
            if not low * count <= 100 * instances <= high * count:
                share = f"at most {high}%" if low == 0 else f"{low}-{high}%"
                whole = f", which is {instances} instance{'s' if instances > 1 else ''}" if capacity.is_percent else ""
                errors.append(
                    f"{field} must be {share} of variant '{variant.variant_name}' "
                    f"(initial_instance_count={count}; got {capacity!r}{whole})"
                )
    return errors


def instances_of(capacity: Capacity, count: int) -> int:
    """How many of ``count`` instances ``capacity`` stands for: a count as given, a percentage rounded up to whole
    instances (an instance cannot be split, so any share is at least one). Both kinds are then judged alike against
    the share AWS allows, so ``Capacity.percent(25)`` of one instance is refused as ``Capacity.instances(1)`` is."""
    if not capacity.is_percent:
        return capacity.value
    return max(1, math.ceil(capacity.value * count / 100))
