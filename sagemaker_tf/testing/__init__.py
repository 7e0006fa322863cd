"""Plan synthesized cdktf stacks with the real Terraform CLI, offline and without AWS credentials.

``terraform_plan(stack_dir)`` runs ``terraform init``, ``validate``, ``plan`` and ``show -json`` on a synthesized
stack folder (``cdktf.out/stacks/<name>``) against schema-faithful stand-ins for ``hashicorp/aws`` and
``kreuzwerker/docker``, and returns the parsed plan. ``OfflineTerraform.apply(stack_dir, state_dir)`` applies a stack
to a local state and ``OfflineTerraform.plan(stack_dir, state_dir=...)`` plans an update against it, with the real
provider's ForceNew replacements. Needs the ``terraform`` CLI on PATH and the ``offline`` extra
(``pip install 'sagemaker-tf[cdktf,offline]'``). See docs/offline-terraform.md.

Importing this module is cheap: it imports neither the provider bindings nor the plugin framework.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sagemaker_tf.testing._offline import OfflineTerraform, TerraformCommandError, TerraformNotFoundError

__all__ = [
    "OfflineTerraform",
    "TerraformCommandError",
    "TerraformNotFoundError",
    "planned_resources",
    "terraform_plan",
    "terraform_validate",
]

_default: OfflineTerraform | None = None


def _default_offline() -> OfflineTerraform:
    global _default
    if _default is None:
        _default = OfflineTerraform()
    return _default


def terraform_plan(stack_dir: Path | str) -> dict[str, Any]:
    """Validate and plan one synthesized stack offline; return the parsed ``terraform show -json`` plan.

    Raises :class:`TerraformCommandError` (with terraform's own error text) when init, validate or plan fails.
    The schemas are extracted once per process (about 5 s) and reused.
    """
    return _default_offline().plan(stack_dir)


def terraform_validate(stack_dir: Path | str) -> str:
    """Run ``terraform validate`` on one synthesized stack offline; return its output."""
    return _default_offline().validate(stack_dir)


def planned_resources(plan: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Map each planned resource address to its ``resource_changes`` entry."""
    return {rc["address"]: rc for rc in plan.get("resource_changes", [])}
