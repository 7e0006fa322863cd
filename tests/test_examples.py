"""Every example app synthesizes in-process, is pinned by a syrupy snapshot, and is deterministic."""

from __future__ import annotations

import json
import os

import pytest
from sagemaker_tf._framework import Testing as CdktfTesting
from syrupy.extensions.json import JSONSnapshotExtension

from tests.examples import EXAMPLES, ROOT, load_example
from tests.refcheck import assert_references_resolve


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
    assert_references_resolve(json.loads(first))


def test_every_example_has_a_cdktf_json_running_its_main():
    for name in EXAMPLES:
        config = json.loads((ROOT / "examples" / name / "cdktf.json").read_text())
        assert config["language"] == "python"
        assert "JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20" in config["app"]
        assert config["app"].endswith("main.py")


def test_examples_cover_the_seed_sections():
    assert set(EXAMPLES) == {
        "single_container", "inference_pipeline", "network_isolation", "ecr_image", "dlc_image", "s3_model_data",
        "endpoint_config", "endpoint", "autoscaling", "metrics", "serverless", "production",
    }
