"""User overrides inside library-rendered blocks reach a real (offline) Terraform plan."""

from __future__ import annotations

from pathlib import Path

from sagemaker_tf._runtime.framework import App, AwsProvider, TerraformStack
from sagemaker_tf.testing import OfflineTerraform, planned_resources
from tests.helpers import hosting, synth_to_dir


def test_overrides_inside_rendered_blocks_reach_the_offline_plan(offline_terraform: OfflineTerraform, tmp_path: Path):
    app = App(outdir=str(tmp_path))
    stack = TerraformStack(app, "escape-hatches")
    AwsProvider(stack, "aws", region="us-east-1")
    model, config = hosting(stack)
    model.resource.add_override("primary_container.0.environment", {"MODEL_SERVER_WORKERS": "2"})
    config.resource.add_override("production_variants.1.model_data_download_timeout_in_seconds", 1200)
    changes = planned_resources(offline_terraform.plan(synth_to_dir(app, stack)))
    (model_change,) = [c for c in changes.values() if c["type"] == "aws_sagemaker_model"]
    (config_change,) = [c for c in changes.values() if c["type"] == "aws_sagemaker_endpoint_configuration"]
    assert model_change["change"]["after"]["primary_container"][0]["environment"] == {"MODEL_SERVER_WORKERS": "2"}
    variants = {v["variant_name"]: v for v in config_change["change"]["after"]["production_variants"]}
    assert variants["second"]["model_data_download_timeout_in_seconds"] == 1200
    assert variants["main"]["model_data_download_timeout_in_seconds"] is None
