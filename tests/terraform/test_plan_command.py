"""``sagemaker-tf plan``: synthesize an app through its cdktf.json, plan it with the real Terraform CLI offline, and
review it; with ``--state``, apply to a local state so that the next run of a changed app plans a real update.

The command's own provider mirror is replaced by the session's (``make_offline``), so the schemas are extracted
once per test session; everything else (the app in a child process, terraform init/validate/plan/apply) is real.
"""

from __future__ import annotations

import json
import shutil
from typing import Any

import pytest

from sagemaker_tf.cli import plan as plan_command
from sagemaker_tf.cli.__main__ import main
from sagemaker_tf.testing import OfflineTerraform, planned_resources
from tests.examples import EXAMPLES, ROOT

CONFIG = "aws_sagemaker_endpoint_configuration.EndpointConfig_FD7B6F91"
ENDPOINT = "aws_sagemaker_endpoint.Endpoint_8024A810"


@pytest.fixture
def shared_offline(offline_terraform: OfflineTerraform, monkeypatch: pytest.MonkeyPatch) -> OfflineTerraform:
    monkeypatch.setattr(plan_command, "make_offline", lambda: offline_terraform)
    return offline_terraform


def changed(plan: dict[str, Any]) -> dict[str, list[str]]:
    return {
        a: rc["change"]["actions"] for a, rc in planned_resources(plan).items() if rc["change"]["actions"] != ["no-op"]
    }


def test_new_project_plans_then_a_changed_instance_type_plans_a_replacement(shared_offline, tmp_path, capsys):
    project = tmp_path / "recommender"
    assert main(["new", str(project)]) == 0
    state = tmp_path / "recommender.tfstate"
    capsys.readouterr()

    # first run: everything is created, and applied to the new state file
    assert main(["plan", str(project), "--state", str(state), "-o", str(tmp_path / "v1.json")]) == 0
    out, err = capsys.readouterr()
    assert err == "" and out.startswith("SageMaker review: 0 risky, 0 warning, 2 info")
    v1 = json.loads((tmp_path / "v1.json").read_text())
    assert all(a == ["create"] for a in changed(v1).values()) and CONFIG in changed(v1)
    assert json.loads(state.read_text())["resources"]
    assert (tmp_path / "recommender.tfstate.cloud.json").exists()  # the stand-in's fake account, kept beside it

    # second run of a changed app: the config is replaced (ForceNew), the endpoint updated in place
    main_py = project / "main.py"
    main_py.write_text(main_py.read_text().replace("InstanceType.M5_LARGE", "InstanceType.C5_XLARGE"))
    argv = ["plan", str(project), "--state", str(state), "-o", str(tmp_path / "v2.json"), "--fail-on", "risky"]
    assert main(argv) == 1  # the variant is autoscaled: an instance-type change is risky
    out, err = capsys.readouterr()
    v2 = json.loads((tmp_path / "v2.json").read_text())
    assert changed(v2) == {CONFIG: ["create", "delete"], ENDPOINT: ["update"]}
    assert planned_resources(v2)[CONFIG]["change"]["replace_paths"] == [["production_variants", 0, "instance_type"]]
    assert "replaced (forced by production_variants[0].instance_type), create-before-destroy" in out
    assert "changes instance type ml.m5.large -> ml.c5.xlarge while autoscaled" in out
    assert err == ""

    # third run, nothing changed since: the state holds v2, so there is nothing to review, and the gate passes
    assert main(["plan", str(project), "--state", str(state), "--fail-on", "risky", "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["nothing_to_review"] is True and report["findings"] == []


def test_plan_without_state_plans_from_empty_state_and_writes_nothing_else(shared_offline, tmp_path, capsys):
    project = tmp_path / "app"
    assert main(["new", str(project), "--name", "orders"]) == 0
    before = sorted(p.name for p in project.iterdir())
    assert main(["plan", str(project), "--stack", "orders", "--format", "markdown"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[-1].startswith("| info | `aws_sagemaker_endpoint.")
    assert sorted(p.name for p in project.iterdir()) == before  # synthesized in a temporary folder


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_example_plans_through_its_cdktf_json(shared_offline, tmp_path, capsys, name):
    app = tmp_path / name
    shutil.copytree(ROOT / "examples" / name, app, ignore=shutil.ignore_patterns("cdktf.out", "__pycache__"))
    assert main(["plan", str(app), "-o", str(tmp_path / "plan.json")]) == 0
    out, err = capsys.readouterr()
    assert err == "" and out.startswith("SageMaker review: ")
    plan = json.loads((tmp_path / "plan.json").read_text())
    sagemaker = [a for a in changed(plan) if a.startswith("aws_sagemaker_")]
    assert sagemaker and all(changed(plan)[a] == ["create"] for a in sagemaker)


def test_a_failing_terraform_step_is_one_line_naming_terraforms_error(shared_offline, tmp_path, capsys):
    project = tmp_path / "app"
    assert main(["new", str(project)]) == 0
    main_py = project / "main.py"
    main_py.write_text(
        main_py.read_text().replace(
            "    return stack\n",
            '    endpoint.resource.add_override("endpoint_config_name", "${aws_sagemaker_model.Missing.name}")\n'
            "    return stack\n",
        )
    )
    capsys.readouterr()
    assert main(["plan", str(project)]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1
    assert err.startswith("sagemaker-tf plan: error: terraform validate failed: Error: Reference to undeclared ")
