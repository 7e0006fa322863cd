"""Managed instance scaling of a variant that hosts inference components.

SageMaker adds and removes the instances of such a variant itself, as the inference components on it need room
for their copies (``ProductionVariantManagedInstanceScaling``). With ``min_instance_count=0`` the endpoint can
release every instance once no copy is left; the components' copy-count autoscaling then decides when
instances come back (see ``InferenceComponent.auto_scale_copy_count``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ._runtime.tokens import is_token
from ._validation import check_type, fail

MIN_INSTANCE_COUNT_LOW = 0
"""``MinInstanceCount``: minimum value 0 (API reference, ProductionVariantManagedInstanceScaling)."""
MAX_INSTANCE_COUNT_LOW = 1
"""``MaxInstanceCount``: minimum value 1."""


@dataclass(frozen=True, kw_only=True)
class ManagedInstanceScaling:
    """The instance range SageMaker keeps a component-hosting variant in (``managed_instance_scaling``).

    ``min_instance_count`` may be 0 (the endpoint scales to zero instances when no component copy runs);
    ``max_instance_count`` is at least 1 and at least ``min_instance_count``. Renders ``status = "ENABLED"``.

    Example::

        sagemaker.InstanceProductionVariantProps(variant_name="llms", instance_type="ml.g5.12xlarge",
            managed_instance_scaling=sagemaker.ManagedInstanceScaling(min_instance_count=0, max_instance_count=2))
    """

    max_instance_count: int
    min_instance_count: int = 1

    def __post_init__(self) -> None:
        where = "ManagedInstanceScaling"
        for name, low in (
            ("min_instance_count", MIN_INSTANCE_COUNT_LOW),
            ("max_instance_count", MAX_INSTANCE_COUNT_LOW),
        ):
            value = getattr(self, name)
            if is_token(value):
                continue
            check_type(where, name, value, (int,), "a whole number")
            if value < low:
                fail(where, f"{name} must be at least {low} (got {value})")
        low_value, high_value = self.min_instance_count, self.max_instance_count
        if not is_token(low_value) and not is_token(high_value) and low_value > high_value:
            fail(
                where,
                "min_instance_count must be less than or equal to max_instance_count "
                f"(got min_instance_count={low_value}, max_instance_count={high_value})",
            )

    @property
    def scales_to_zero(self) -> bool:
        """Whether the variant may release all its instances (``min_instance_count`` is 0)."""
        return not is_token(self.min_instance_count) and self.min_instance_count == 0

    def render(self) -> list[dict[str, Any]]:
        """The provider's ``managed_instance_scaling`` block."""
        return [
            {
                "status": "ENABLED",
                "min_instance_count": self.min_instance_count,
                "max_instance_count": self.max_instance_count,
            }
        ]
