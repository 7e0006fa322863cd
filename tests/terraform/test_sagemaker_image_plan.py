"""from_sagemaker_image with a region only Terraform knows: the real CLI plans the account lookup offline."""

from __future__ import annotations

from pathlib import Path

import pytest

import sagemaker_tf as sagemaker
from sagemaker_tf._runtime.framework import App, AwsProvider, TerraformStack, TerraformVariable
from sagemaker_tf.testing import OfflineTerraform, TerraformCommandError, planned_resources
from tests.helpers import synth_to_dir


def _stack_dir(tmp_path: Path, region: str) -> Path:
    app = App(outdir=str(tmp_path / "cdktf.out"))
    stack = TerraformStack(app, "image-lookup")
    variable = TerraformVariable(stack, "region", type="string", default=region)
    AwsProvider(stack, "aws", region=variable.string_value)
    sagemaker.Model(
        stack,
        "Model",
        containers=[
            sagemaker.ContainerDefinition(image=sagemaker.ContainerImage.from_sagemaker_image("sklearn", "1.2-1"))
        ],
    )
    return synth_to_dir(app, stack)


def test_a_registry_region_plans_the_registry_account(offline_terraform: OfflineTerraform, tmp_path: Path) -> None:
    plan = offline_terraform.plan(_stack_dir(tmp_path, "eu-central-2"))
    (model,) = [c["change"]["after"] for c in planned_resources(plan).values() if c["type"] == "aws_sagemaker_model"]
    assert model["primary_container"][0]["image"] == (
        "680994064768.dkr.ecr.eu-central-2.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3"
    )


def test_a_region_outside_the_registry_fails_the_plan(offline_terraform: OfflineTerraform, tmp_path: Path) -> None:
    with pytest.raises(TerraformCommandError) as caught:
        offline_terraform.plan(_stack_dir(tmp_path, "ap-southeast-6"))
    output = str(caught.value)
    assert "SagemakerTfImageAccounts" in output and "ap-southeast-6" in output, output
