"""Inference components in synthesized Terraform JSON: what ``describe`` and ``diagram`` show of them.

An ``awscc_sagemaker_inference_component`` references its endpoint (``endpoint_name``); its ``specification``
names a model (``model_name``) or a container (``image``, ``artifact_url``), and the compute one copy reserves.
Its copy-count scalable target (``inference-component/<name>``) references the component.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sagemaker_tf.cli._reader import Resource, Stack, display

COMPONENT_TYPE = "awscc_sagemaker_inference_component"


def _object(value: Any) -> dict[str, Any]:
    """An awscc nested object (a dict; a one-item list when written as a block)."""
    if isinstance(value, list):
        value = value[0] if value else {}
    return value if isinstance(value, dict) else {}


def compute_text(compute: dict[str, Any]) -> str:
    """``2 accelerators, 4 CPU cores, 24576-32768 MB`` for a ``compute_resource_requirements`` object.

    Example::

        compute_text({"number_of_accelerator_devices_required": 2, "min_memory_required_in_mb": 1024})
    """
    parts = []
    if compute.get("number_of_accelerator_devices_required") is not None:
        parts.append(f"{compute['number_of_accelerator_devices_required']} accelerators")
    if compute.get("number_of_cpu_cores_required") is not None:
        parts.append(f"{compute['number_of_cpu_cores_required']} CPU cores")
    low, high = compute.get("min_memory_required_in_mb"), compute.get("max_memory_required_in_mb")
    if low is not None:
        parts.append(f"{low}-{high} MB" if high is not None else f"{low} MB")
    return ", ".join(parts) or "no compute reserved"


def component_views(stack: Stack, endpoint: Resource, policy_rule: Callable[[Resource], str]) -> list[dict[str, Any]]:
    """One JSON-ready dict per inference component hosted by ``endpoint`` (``policy_rule`` describes a policy).

    Example::

        component_views(stack, endpoint, _policy_rule)[0]["copies"]   # 1
    """
    out = []
    for component in stack.referencing(COMPONENT_TYPE, endpoint):
        spec = _object(component.get("specification"))
        container = _object(spec.get("container"))
        models = stack.referenced(spec.get("model_name"), "aws_sagemaker_model")
        scaling = None
        for target in stack.referencing("aws_appautoscaling_target", component):
            scaling = {
                "address": target.address,
                "min_capacity": target.get("min_capacity"),
                "max_capacity": target.get("max_capacity"),
                "policies": [
                    f"{p.label.rsplit('/', 1)[-1]}: {policy_rule(p)}"
                    for p in stack.referencing("aws_appautoscaling_policy", target)
                ],
            }
        out.append(
            {
                "address": component.address,
                "label": component.label,
                "name": display(component.get("inference_component_name")),
                "variant": component.get("variant_name"),
                "model": models[0].address if models else None,
                "model_label": models[0].label if models else (display(spec.get("model_name")) or None),
                "image": stack.show(container["image"]) if container.get("image") is not None else None,
                "artifact": stack.show(container["artifact_url"]) if container.get("artifact_url") else None,
                "compute": compute_text(_object(spec.get("compute_resource_requirements"))),
                "copies": _object(component.get("runtime_config")).get("copy_count"),
                "scaling": scaling,
            }
        )
    return out


def component_rows(components: list[dict[str, Any]]) -> list[tuple[str, str, str]]:
    """The ``describe`` rows of the components: what runs, the compute per copy, the copies and their scaling.

    Example::

        component_rows(view["components"])
    """
    rows = []
    for c in components:
        source = f"model {c['model_label']}" if c["model_label"] else f"image {c['image']}"
        if c["artifact"]:
            source += f", data {c['artifact']}"
        details = [f"variant {c['variant']}", source, f"per copy {c['compute']}", f"{c['copies']} copies at start"]
        s = c["scaling"]
        if s is not None:
            zero = " (scales to zero)" if s["min_capacity"] == 0 else ""
            details.append(f"copies {s['min_capacity']}-{s['max_capacity']}{zero}")
            details += s["policies"]
        rows.append(("component", c["label"], "; ".join(details)))
    return rows
