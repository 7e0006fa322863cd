"""What the Application Auto Scaling port shares: the service constants, the target's identity, the shape of a
variant, and the number checks of capacities and step bounds.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Protocol, TypedDict, TypeGuard

from .._runtime.tokens import is_token
from .._validation import check_str, fail, show

if TYPE_CHECKING:
    from ..endpoint import Endpoint
    from ..instance_type import InstanceType


SERVICE_NAMESPACE = "sagemaker"
INSTANCE_COUNT_DIMENSION = "sagemaker:variant:DesiredInstanceCount"
PROVISIONED_CONCURRENCY_DIMENSION = "sagemaker:variant:DesiredProvisionedConcurrency"
CONFIG_ERROR_PREFIX = "Invalid Application Auto Scaling configuration: "
RESET_WARNING = (
    "hashicorp/aws resets an autoscaled variant to initial_instance_count on every endpoint config change "
    "(it never sends RetainAllVariantProperties, hashicorp/terraform-provider-aws#48990)."
)

_MAX_POLICY_NAME = 256
_MAX_STEPS = 40
_SCHEDULE_RULE = re.compile(r"^(at|rate|cron)\(.+\)$", re.DOTALL)
_TIMESTAMP_RULE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$", re.ASCII)
_FORBIDDEN_ACTION_NAME_CHARS = re.compile(r"[:/|\x00-\x1f\x7f]")


class TargetRefs(TypedDict):
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


def _is_token_num(value: Any) -> bool:
    return isinstance(value, (int, float)) and is_token(value)


def _is_num(value: object) -> TypeGuard[float]:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and not is_token(value)


def _num_str(value: float) -> str:
    """A number as Terraform's string-typed step bounds want it (``10``, ``-2.5``)."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _check_policy_name(where: str, name: Any) -> None:
    check_str(where, "policy_name", name)
    if not is_token(name) and (not 1 <= len(name) <= _MAX_POLICY_NAME or not name.isprintable()):
        fail(where, f"policy_name must be 1 to {_MAX_POLICY_NAME} printable characters (got {show(name)!r})")


def _taken_policy_id(id: str) -> str:
    return f"There is already a scaling policy or scheduled action with id {id!r} on this target"
