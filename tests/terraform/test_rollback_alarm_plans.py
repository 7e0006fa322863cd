"""What a change to an endpoint's rollback alarms does, in real (offline) update plans: the facts behind README's
"Provider pitfalls".

hashicorp/aws marks ``deployment_config.auto_rollback_configuration`` ForceNew as a block, but not the alarms in it
(sagemaker_tf/testing/_force_new.json). So renaming, adding or removing an alarm while one stays updates the
endpoint in place; adding the first alarm or removing the last (the block appears or disappears) replaces it.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

import sagemaker_tf as sagemaker
from sagemaker_tf._runtime.framework import App, AwsProvider, TerraformStack
from sagemaker_tf.cli._reader import Plan
from sagemaker_tf.cli.review import review
from sagemaker_tf.testing import OfflineTerraform, planned_resources
from tests.terraform.conftest import synth_to_dir

ENDPOINT_TYPE = "aws_sagemaker_endpoint"


def guarded(outdir: Path, alarms: list[str] | None) -> Path:
    """An endpoint with blue/green guardrails rolling back on ``alarms`` (given by name); None: no guardrails."""
    outdir.mkdir(parents=True, exist_ok=True)
    app = App(outdir=str(outdir))
    stack = TerraformStack(app, "guarded")
    AwsProvider(stack, "aws", region="us-east-1")
    model = sagemaker.Model.from_model_name(stack, "Model", "existing-model")
    config = sagemaker.EndpointConfig(
        stack,
        "Config",
        instance_production_variants=[
            sagemaker.InstanceProductionVariantProps(
                model=model, variant_name="main", instance_type=sagemaker.InstanceType.M5_LARGE
            )
        ],
    )
    deployment = sagemaker.DeploymentPolicy.blue_green(rollback_alarms=list(alarms)) if alarms is not None else None
    sagemaker.Endpoint(stack, "Endpoint", endpoint_config=config, endpoint_name="orders", deployment=deployment)
    return synth_to_dir(app, stack)


@pytest.fixture(scope="module")
def applied(offline_terraform: OfflineTerraform, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Two applied states: the endpoint rolling back on orders-5xx, and the endpoint without guardrails."""
    base = tmp_path_factory.mktemp("rollback")
    states = {}
    for key, alarms in (("one-alarm", ["orders-5xx"]), ("no-guardrails", None)):
        states[key] = base / key / "state"
        offline_terraform.apply(guarded(base / key / "cdktf.out", alarms), states[key])
    return states


def endpoint_change(
    offline_terraform: OfflineTerraform, state: Path, tmp_path: Path, alarms: list[str] | None
) -> dict[str, Any]:
    copy = tmp_path / "state"
    shutil.copytree(state, copy)
    plan = offline_terraform.plan(guarded(tmp_path / "v2", alarms), state_dir=copy)
    [change] = [rc for rc in planned_resources(plan).values() if rc["type"] == ENDPOINT_TYPE]
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(plan))
    change["findings"] = [(f.level, f.message) for f in review(Plan(path, plan)) if f.topic == "endpoint"]
    return change


@pytest.mark.parametrize(
    "alarms",
    [
        pytest.param(["orders-errors"], id="renamed"),
        pytest.param(["orders-5xx", "orders-latency"], id="one-added"),
        pytest.param(["orders-latency", "orders-errors"], id="all-replaced-by-others"),
    ],
)
def test_changing_rollback_alarms_while_one_stays_updates_the_endpoint_in_place(
    offline_terraform, applied, tmp_path, alarms
):
    change = endpoint_change(offline_terraform, applied["one-alarm"], tmp_path, alarms)
    assert change["change"]["actions"] == ["update"]
    assert "replace_paths" not in change["change"] or not change["change"]["replace_paths"]
    [(level, message)] = change["findings"]
    assert level == "info" and message.startswith("updated in place (UpdateEndpoint), changing deployment_config")
    assert "auto_rollback_configuration[0].alarms" in message  # the finding names what changes


def test_removing_the_last_rollback_alarm_replaces_the_endpoint(offline_terraform, applied, tmp_path):
    change = endpoint_change(offline_terraform, applied["one-alarm"], tmp_path, None)
    assert change["change"]["actions"] == ["delete", "create"]
    assert change["change"]["replace_paths"] == [["deployment_config", 0, "auto_rollback_configuration"]]
    assert any(level == "risky" and "replaced" in message for level, message in change["findings"])


def test_adding_the_first_rollback_alarm_replaces_the_endpoint(offline_terraform, applied, tmp_path):
    change = endpoint_change(offline_terraform, applied["no-guardrails"], tmp_path, ["orders-5xx"])
    assert change["change"]["actions"] == ["delete", "create"]
    assert change["change"]["replace_paths"] == [["deployment_config", 0, "auto_rollback_configuration"]]
    assert any(level == "risky" and "replaced" in message for level, message in change["findings"])
