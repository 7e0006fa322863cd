"""Every example app synthesizes in-process, is pinned by a syrupy snapshot, and is deterministic.

The snapshots are shared by both framework families. Their ``terraform.required_providers`` entries are
normalized to a placeholder, because that block is the only part of the JSON that differs between cdktf and
cdktn (provider source and version); ``test_example_pins_the_family_providers`` asserts the real entries per
family. One snapshot per example, not one per family, so a change that reaches one family's Terraform but not the
other's fails the suite instead of being recorded twice.
"""

from __future__ import annotations

import json
import os

import pytest
from syrupy.extensions.json import JSONSnapshotExtension

from sagemaker_tf._runtime.framework import Testing as CdktfTesting
from tests.examples import EXAMPLES, ROOT, load_example
from tests.families import required_providers
from tests.refcheck import assert_references_resolve


def synth_example(name: str) -> str:
    """The example's stack JSON, synthesized with validations."""
    stack = load_example(name).build(CdktfTesting.app())
    return CdktfTesting.synth(stack, run_validations=True)


@pytest.fixture
def snapshot_json(snapshot):
    return snapshot.use_extension(JSONSnapshotExtension)


PINNED_BY_FAMILY = "<pinned by the framework family: see tests/families.py>"


def normalized(doc: dict) -> dict:
    """``doc`` with each ``required_providers`` entry replaced by a family-independent placeholder."""
    providers = doc.get("terraform", {}).get("required_providers")
    if providers:
        doc["terraform"]["required_providers"] = {name: PINNED_BY_FAMILY for name in providers}
    return doc


@pytest.mark.parametrize("name", EXAMPLES)
def test_example_matches_snapshot(name, snapshot_json):
    assert normalized(json.loads(synth_example(name))) == snapshot_json


@pytest.mark.parametrize("name", ["production", "single_container"])
def test_example_pins_the_family_providers(name):
    doc = json.loads(synth_example(name))
    providers = doc["terraform"]["required_providers"]
    assert providers == required_providers(*providers)
    assert "aws" in providers


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
        "single_container",
        "inference_pipeline",
        "network_isolation",
        "ecr_image",
        "dlc_image",
        "s3_model_data",
        "endpoint_config",
        "endpoint",
        "autoscaling",
        "metrics",
        "serverless",
        "production",
        "sagemaker_image",
        "model_options",
        "data_capture_shadow",
        "async_scale_to_zero",
        "llm_guardrails",
        "inference_components",
    }
