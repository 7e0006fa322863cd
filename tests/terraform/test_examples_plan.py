"""Every example (``examples/*/main.py``) synthesizes, validates and plans with the real Terraform CLI, offline.

Convention: each ``main.py`` defines ``build(app: cdktf.App) -> cdktf.TerraformStack`` and only synthesizes under
``if __name__ == "__main__"``. Each module is imported once per process, by path.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from cdktf import App

from sagemaker_tf.testing import OfflineTerraform, planned_resources
from tests.terraform.conftest import synth_to_dir

EXAMPLES_DIR = Path(__file__).resolve().parents[2] / "examples"
EXAMPLES = sorted(EXAMPLES_DIR.glob("*/main.py"))

# Resource types each example must plan (a subset check). Key: the example's folder name, e.g.
#   "endpoint_autoscaling": {"aws_sagemaker_model", "aws_sagemaker_endpoint", "aws_appautoscaling_target"},
# An example without an entry must still plan at least one resource change.
EXPECTED_RESOURCE_TYPES: dict[str, set[str]] = {}

_loaded: dict[Path, ModuleType] = {}


def _load_example(main_py: Path) -> ModuleType:
    """Import ``examples/<name>/main.py`` by path, once per process."""
    if main_py not in _loaded:
        name = f"_sagemaker_tf_example_{main_py.parent.name}"
        spec = importlib.util.spec_from_file_location(name, main_py)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
        _loaded[main_py] = module
    return _loaded[main_py]


def _params() -> list[Any]:
    if not EXAMPLES:
        return [pytest.param(None, id="no-examples", marks=pytest.mark.skip(reason="no examples/*/main.py yet"))]
    return [pytest.param(path, id=path.parent.name) for path in EXAMPLES]


@pytest.mark.parametrize("main_py", _params())
def test_example_plans_offline(main_py: Path, offline_terraform: OfflineTerraform, tmp_path: Path) -> None:
    module = _load_example(main_py)
    assert callable(getattr(module, "build", None)), f"{main_py} must define build(app) -> TerraformStack"
    app = App(outdir=str(tmp_path / "cdktf.out"))
    stack = module.build(app)
    plan = offline_terraform.plan(synth_to_dir(app, stack))

    changes = planned_resources(plan)
    planned_types = {change["type"] for change in changes.values()}
    expected = EXPECTED_RESOURCE_TYPES.get(main_py.parent.name)
    if expected is None:
        assert len(changes) >= 1, f"{main_py.parent.name} planned no resource changes"
    else:
        assert expected <= planned_types, f"missing from the plan: {sorted(expected - planned_types)}"
    assert all(change["change"]["actions"] == ["create"] for change in changes.values())
