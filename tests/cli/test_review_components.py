"""The review rules for inference components, on hand-written plan JSON (no Terraform needed)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sagemaker_tf.cli._reader import load_plan
from sagemaker_tf.cli.review import review

COMPONENT = "awscc_sagemaker_inference_component.Llama"
TARGET = "aws_appautoscaling_target.LlamaCopies"


def _plan(tmp_path: Path, actions: list[str], *, autoscaled: bool) -> Path:
    changes: list[dict[str, Any]] = [
        {
            "address": COMPONENT,
            "type": "awscc_sagemaker_inference_component",
            "name": "Llama",
            "change": {
                "actions": actions,
                "before": {"inference_component_name": "llama", "runtime_config": {"copy_count": 1}},
                "after": {"inference_component_name": "llama", "runtime_config": {"copy_count": 1}},
            },
        }
    ]
    resources: list[dict[str, Any]] = [{"address": COMPONENT, "type": changes[0]["type"], "expressions": {}}]
    if autoscaled:
        changes.append(
            {
                "address": TARGET,
                "type": "aws_appautoscaling_target",
                "name": "LlamaCopies",
                "change": {"actions": ["no-op"], "before": {}, "after": {}},
            }
        )
        resources.append(
            {
                "address": TARGET,
                "type": "aws_appautoscaling_target",
                "expressions": {"resource_id": {"references": [f"{COMPONENT}.inference_component_name", COMPONENT]}},
            }
        )
    doc = {
        "format_version": "1.2",
        "resource_changes": changes,
        "configuration": {"root_module": {"resources": resources}},
    }
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def _component_findings(path: Path) -> list[tuple[str, str]]:
    return [(f.level, f.message) for f in review(load_plan(path)) if f.address == COMPONENT]


def test_an_update_of_an_autoscaled_component_is_risky_it_resets_the_copy_count(tmp_path: Path):
    ((level, message),) = _component_findings(_plan(tmp_path, ["update"], autoscaled=True))
    assert level == "risky" and "resets the auto-scaled copy count to 1" in message


def test_an_update_of_a_component_without_copy_scaling_is_info(tmp_path: Path):
    ((level, message),) = _component_findings(_plan(tmp_path, ["update"], autoscaled=False))
    assert level == "info" and "UpdateInferenceComponent" in message


def test_replacing_or_deleting_a_component_is_risky(tmp_path: Path):
    assert [f[0] for f in _component_findings(_plan(tmp_path, ["delete", "create"], autoscaled=False))] == ["risky"]
    assert _component_findings(_plan(tmp_path, ["delete"], autoscaled=False)) == [
        ("risky", "deleted: calls naming llama fail")
    ]
