"""Inference components planned with the real Terraform CLI on the stand-ins (awscc served from the committed
schema), updated in place as the awscc provider does it, and what describe / diagram / review say about them."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import sagemaker_tf as sagemaker
from sagemaker_tf._runtime.awscc import AWSCC_VERSION
from sagemaker_tf._runtime.framework import App, AwsProvider, TerraformStack
from sagemaker_tf.cli._reader import load_plan, load_stacks
from sagemaker_tf.cli._topology import endpoint_views
from sagemaker_tf.cli.describe import describe
from sagemaker_tf.cli.diagram import build_graph, to_mermaid
from sagemaker_tf.cli.review import review
from sagemaker_tf.testing import OfflineTerraform, planned_resources
from sagemaker_tf.testing._awscc import awscc_provider_schema
from tests.examples import ROOT
from tests.terraform.conftest import synth_to_dir

COMPONENT = "awscc_sagemaker_inference_component.Llama_4E7FDFEC"
ENDPOINT = "aws_sagemaker_endpoint.Endpoint_8024A810"


def _app(outdir: Path, *, memory: int = 24_576, autoscaled: bool = True, copies: int = 1) -> Path:
    app = App(outdir=str(outdir))
    stack = TerraformStack(app, "components")
    AwsProvider(stack, "aws", region="us-east-1")
    config = sagemaker.EndpointConfig(
        stack,
        "Config",
        instance_production_variants=[
            sagemaker.InstanceProductionVariantProps(
                variant_name="llms",
                instance_type="ml.g5.12xlarge",
                managed_instance_scaling=sagemaker.ManagedInstanceScaling(
                    min_instance_count=0 if autoscaled else 1, max_instance_count=2
                ),
            )
        ],
    )
    endpoint = sagemaker.Endpoint(stack, "Endpoint", endpoint_config=config)
    component = sagemaker.InferenceComponent(
        stack,
        "Llama",
        endpoint=endpoint,
        variant_name="llms",
        model=sagemaker.Model.from_model_name(stack, "Model", "llama"),
        compute=sagemaker.ComputeRequirements(min_memory_mb=memory, accelerators=2),
        copy_count=copies,
    )
    if autoscaled:
        component.auto_scale_copy_count(min_capacity=0, max_capacity=2).scale_on_invocations_per_copy("L", target=5)
    return synth_to_dir(app, stack)


def _update(offline: OfflineTerraform, tmp_path: Path, **v2: Any) -> tuple[dict[str, Any], Path]:
    state = tmp_path / "state"
    offline.apply(_app(tmp_path / "v1", autoscaled=v2.get("autoscaled", True)), state)
    plan = offline.plan(_app(tmp_path / "v2", **v2), state_dir=state)
    plan_file = tmp_path / "plan.json"
    plan_file.write_text(json.dumps(plan), encoding="utf-8")
    return plan, plan_file


def test_a_compute_change_updates_the_component_in_place_and_leaves_the_endpoint(
    offline_terraform: OfflineTerraform, tmp_path: Path
):
    plan, plan_file = _update(offline_terraform, tmp_path, memory=32_768)
    changes = planned_resources(plan)
    assert changes[COMPONENT]["change"]["actions"] == ["update"]
    assert changes[ENDPOINT]["change"]["actions"] == ["no-op"]
    after = changes[COMPONENT]["change"]["after"]
    assert after["specification"]["compute_resource_requirements"]["min_memory_required_in_mb"] == 32_768
    findings = [f for f in review(load_plan(plan_file)) if f.address == COMPONENT]
    assert [f.level for f in findings] == ["risky"]
    assert "resets the auto-scaled copy count to 1" in findings[0].message


def test_an_update_of_a_component_without_copy_scaling_is_only_info(
    offline_terraform: OfflineTerraform, tmp_path: Path
):
    _, plan_file = _update(offline_terraform, tmp_path, memory=32_768, autoscaled=False)
    (finding,) = [f for f in review(load_plan(plan_file)) if f.address == COMPONENT]
    assert finding.level == "info" and "UpdateInferenceComponent" in finding.message


def test_the_served_awscc_schema_has_every_argument_the_library_renders(
    offline_terraform: OfflineTerraform, tmp_path: Path
):
    schema = offline_terraform.schema("awscc")
    assert schema["version"] == AWSCC_VERSION
    block = schema["resource_schemas"]["awscc_sagemaker_inference_component"]["block"]
    import json

    stack_dir = _app(tmp_path / "out")
    doc = json.loads((stack_dir / "cdk.tf.json").read_text())
    (rendered,) = doc["resource"]["awscc_sagemaker_inference_component"].values()

    def check(value: dict[str, Any], attributes: dict[str, Any], path: str) -> None:
        for key, item in value.items():
            if key in ("//", "provider", "depends_on", "lifecycle"):
                continue
            assert key in attributes, f"{path}{key} is not an argument of the served schema"
            nested = attributes[key].get("nested_type")
            if isinstance(item, dict) and nested is not None:
                check(item, nested["attributes"], f"{path}{key}.")

    check(rendered, block["attributes"], "")


def test_the_committed_awscc_schema_is_what_the_bindings_say():
    """Skips only without cdktn-provider-awscc (1.1 GB): CI installs it into the cdktn venv and runs
    ``.venv-cdktn/bin/python tools/gen_awscc_schema.py --check`` or this test there."""
    if importlib.util.find_spec("cdktn_provider_awscc") is None:
        pytest.skip("cdktn-provider-awscc is not installed (pip install cdktn-provider-awscc==1.8.0)")
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "gen_awscc_schema.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_the_committed_awscc_schema_pins_the_library_version():
    served = awscc_provider_schema()
    assert (served.source, served.version) == ("registry.terraform.io/hashicorp/awscc", AWSCC_VERSION)
    attributes = served.doc["resource_schemas"]["awscc_sagemaker_inference_component"]["block"]["attributes"]
    assert attributes["endpoint_name"] == {"required": True, "type": "string"}


def test_describe_and_diagram_show_components_copies_and_scaling(tmp_path: Path):
    stack_dir = _app(tmp_path / "out")
    text = describe(str(stack_dir))
    assert "ml.g5.12xlarge x 1, managed 0-2 instances" in text
    assert "component  Llama" in text
    assert "per copy 2 accelerators, 24576 MB; 1 copies at start; copies 0-2 (scales to zero)" in text
    assert "SageMakerInferenceComponentInvocationsPerCopy = 5" in text
    assert "Config/ExecutionRole (execution role)" in text and "logs:PutLogEvents" in text
    (stack,) = load_stacks(stack_dir)
    mermaid = to_mermaid(build_graph(endpoint_views(stack)))
    assert '"component: Llama<br/>2 accelerators, 24576 MB<br/>copies 0-2"' in mermaid
    assert "-->|hosts|" in mermaid and "-->|scales|" in mermaid


DOCS_DIAGRAM = ROOT / "docs" / "inference-components.md"
UPDATE_DOCS_ENV = "SAGEMAKER_TF_UPDATE_DOCS"


def test_the_docs_diagram_of_the_example_is_current(tmp_path: Path):
    import os

    from tests.examples import load_example

    app = App(outdir=str(tmp_path / "out"))
    stack_dir = synth_to_dir(app, load_example("inference_components").build(app))
    (stack,) = load_stacks(stack_dir)
    mermaid = f"```mermaid\n{to_mermaid(build_graph(endpoint_views(stack)))}\n```\n"
    text = DOCS_DIAGRAM.read_text(encoding="utf-8")
    head = text[: text.index("```mermaid")]
    if os.environ.get(UPDATE_DOCS_ENV) == "1":
        DOCS_DIAGRAM.write_text(head + mermaid, encoding="utf-8")
        return
    assert text == head + mermaid, f"docs/inference-components.md is stale: rerun with {UPDATE_DOCS_ENV}=1"
    assert "-->|hosts|" in mermaid and mermaid.count("component: ") == 3
