"""Every example app synthesizes in-process, is pinned by a syrupy snapshot, and is deterministic."""

from __future__ import annotations

import importlib.util
import json
import os
import sys
from pathlib import Path
from types import ModuleType

import pytest
from cdktf import Testing as CdktfTesting
from syrupy.extensions.json import JSONSnapshotExtension

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted(p.parent.name for p in (ROOT / "examples").glob("*/main.py"))
_loaded: dict[str, ModuleType] = {}


def load_example(name: str) -> ModuleType:
    """Import ``examples/<name>/main.py`` once per process."""
    if name not in _loaded:
        spec = importlib.util.spec_from_file_location(f"example_{name}", ROOT / "examples" / name / "main.py")
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module
        spec.loader.exec_module(module)
        _loaded[name] = module
    return _loaded[name]


def synth_example(name: str) -> str:
    """The example's stack JSON, synthesized with validations."""
    stack = load_example(name).build(CdktfTesting.app())
    return CdktfTesting.synth(stack, run_validations=True)


@pytest.fixture
def snapshot_json(snapshot):
    return snapshot.use_extension(JSONSnapshotExtension)


@pytest.mark.parametrize("name", EXAMPLES)
def test_example_matches_snapshot(name, snapshot_json):
    assert json.loads(synth_example(name)) == snapshot_json


@pytest.mark.parametrize("name", EXAMPLES)
def test_example_synth_is_deterministic_and_relocatable(name):
    first, second = synth_example(name), synth_example(name)
    assert first == second
    for needle in (str(ROOT), os.path.expanduser("~"), "/tmp/", "/work/"):
        assert needle not in first, f"{name} leaks a machine path ({needle})"


def test_every_example_has_a_cdktf_json_running_its_main():
    for name in EXAMPLES:
        config = json.loads((ROOT / "examples" / name / "cdktf.json").read_text())
        assert config["language"] == "python"
        assert "JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20" in config["app"]
        assert config["app"].endswith("main.py")


def test_examples_cover_the_seed_sections():
    assert {"inference_pipeline", "network_isolation", "ecr_image", "dlc_image", "s3_model_data"} <= set(EXAMPLES)
