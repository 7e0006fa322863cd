"""Real update plans of our examples: synthesize v1, apply it to a local state with the stand-in, synthesize v2,
plan the update with the real Terraform CLI, read it with ``terraform show -json``, and check both the plan and
what ``sagemaker-tf review`` says about it.

v2 is the same example code with one input changed: the example module's ``sagemaker`` name is swapped for a thin
proxy of ``sagemaker_tf`` that alters one argument (instance type, weight, image, or a fixed model name).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import sagemaker_tf
from sagemaker_tf._runtime.framework import App
from sagemaker_tf.cli.__main__ import main
from sagemaker_tf.cli._reader import Plan
from sagemaker_tf.cli.review import Finding, review
from sagemaker_tf.testing import OfflineTerraform, TerraformCommandError, planned_resources
from tests.examples import ROOT, load_example
from tests.families import with_family_pins

ENDPOINT = "aws_sagemaker_endpoint.Endpoint_8024A810"
CONFIG = "aws_sagemaker_endpoint_configuration.EndpointConfig_FD7B6F91"
MODEL = "aws_sagemaker_model.Model_2AD80A05"
TARGET = "aws_appautoscaling_target.Endpoint_InstanceCount-main_Target_966A6B1A"
ROLE_POLICY = "aws_iam_role_policy.Model_Role_SagemakerTfGrants_B2FBD0CF"


class _Library:
    """``sagemaker_tf`` as an example sees it, with one argument changed."""

    def __init__(
        self,
        *,
        instance_type: Any = None,
        weight: float | None = None,
        image: tuple[str, str] | None = None,
        model_name: str | None = None,
        config_name: str | None = None,
        endpoint_name: str | None = None,
        memory_size_in_mb: int | None = None,
        own_role: bool = False,
    ) -> None:
        self._own_role = own_role
        self._instance_type, self._weight, self._image, self._model_name = instance_type, weight, image, model_name
        self._config_name, self._endpoint_name, self._memory = config_name, endpoint_name, memory_size_in_mb
        outer = self

        class _ContainerImage:
            def __getattr__(self, name: str) -> Any:
                return getattr(sagemaker_tf.ContainerImage, name)

            @staticmethod
            def from_dlc(repository: str, tag: str, account_id: str | None = None) -> Any:
                repository, tag = outer._image or (repository, tag)
                return sagemaker_tf.ContainerImage.from_dlc(repository, tag, account_id)

        self.ContainerImage = _ContainerImage()

    def __getattr__(self, name: str) -> Any:
        return getattr(sagemaker_tf, name)

    def InstanceProductionVariantProps(self, **kwargs: Any) -> Any:
        if self._instance_type is not None:
            kwargs["instance_type"] = self._instance_type
        if self._weight is not None:
            kwargs["initial_variant_weight"] = self._weight
        return sagemaker_tf.InstanceProductionVariantProps(**kwargs)

    def Model(self, *args: Any, **kwargs: Any) -> Any:
        if self._model_name is not None:
            kwargs["model_name"] = self._model_name
        if self._own_role:  # the user's own role instead of the generated one
            from sagemaker_tf._runtime.framework import IamRole

            kwargs["role"] = IamRole(
                args[0],
                "OwnRole",
                name_prefix="recommender-model-",
                assume_role_policy=json.dumps(
                    {
                        "Version": "2012-10-17",
                        "Statement": [
                            {
                                "Effect": "Allow",
                                "Action": "sts:AssumeRole",
                                "Principal": {"Service": "sagemaker.amazonaws.com"},
                            }
                        ],
                    }
                ),
            )
        return sagemaker_tf.Model(*args, **kwargs)

    def ServerlessProductionVariantProps(self, **kwargs: Any) -> Any:
        if self._memory is not None:
            kwargs["memory_size_in_mb"] = self._memory
        return sagemaker_tf.ServerlessProductionVariantProps(**kwargs)

    def EndpointConfig(self, *args: Any, **kwargs: Any) -> Any:
        if self._config_name is not None:
            kwargs["endpoint_config_name"] = self._config_name
        return sagemaker_tf.EndpointConfig(*args, **kwargs)

    def Endpoint(self, *args: Any, **kwargs: Any) -> Any:
        if self._endpoint_name is not None:
            kwargs["endpoint_name"] = self._endpoint_name
        return sagemaker_tf.Endpoint(*args, **kwargs)


def synth_example(name: str, outdir: Path, monkeypatch: pytest.MonkeyPatch, **changes: Any) -> Path:
    """Synthesize ``examples/<name>`` (with ``changes``) into ``outdir``; returns the stack folder."""
    module = load_example(name)
    outdir.mkdir(parents=True, exist_ok=True)
    with monkeypatch.context() as m:
        m.setattr(module, "sagemaker", _Library(**changes))
        app = App(outdir=str(outdir))
        stack = module.build(app)
        app.synth()
    return outdir / "stacks" / stack.node.id


def synth_production(outdir: Path, monkeypatch: pytest.MonkeyPatch, **changes: Any) -> Path:
    """Synthesize examples/production (with ``changes``) into ``outdir``; returns the stack folder."""
    return synth_example("production", outdir, monkeypatch, **changes)


@pytest.fixture(scope="module")
def applied_v1(offline_terraform: OfflineTerraform, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """examples/production as it is, applied to a local state; returns the state folder (copy it before use)."""
    base = tmp_path_factory.mktemp("v1")
    with pytest.MonkeyPatch.context() as m:
        stack_dir = synth_production(base / "cdktf.out", m)
    state = base / "state"
    offline_terraform.apply(stack_dir, state)
    return state


@pytest.fixture
def update_plan(
    offline_terraform: OfflineTerraform, applied_v1: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Callable[..., dict[str, Any]]:
    """``update_plan(**changes)``: the real plan (``show -json``) of v2 against the applied v1."""

    def plan(**changes: Any) -> dict[str, Any]:
        state = tmp_path / "state"
        shutil.copytree(applied_v1, state)
        stack_dir = synth_production(tmp_path / "v2", monkeypatch, **changes)
        return offline_terraform.plan(stack_dir, state_dir=state)

    return plan


def findings_of(plan: dict[str, Any], tmp_path: Path) -> list[Finding]:
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(plan))
    return review(Plan(path, plan))


def actions(plan: dict[str, Any]) -> dict[str, list[str]]:
    return {
        a: rc["change"]["actions"] for a, rc in planned_resources(plan).items() if rc["change"]["actions"] != ["no-op"]
    }


def said(findings: list[Finding], level: str, address: str, text: str) -> bool:
    return any(f.level == level and f.address == address and text in f.message for f in findings)


def test_apply_fills_computed_values_deterministically(offline_terraform, applied_v1, tmp_path):
    state = json.loads((applied_v1 / "terraform.tfstate").read_text())
    by_address = {
        f"{r['type']}.{r['name']}": r["instances"][0]["attributes"]
        for r in state["resources"]
        if r["mode"] == "managed"
    }
    config = by_address[CONFIG]
    assert config["name"].startswith("sagemaker-production-Endpoi-411a7125-") and len(config["name"]) == 37 + 26
    assert config["arn"] == f"arn:aws:sagemaker:us-east-1:123456789012:endpoint-config/{config['name']}"
    assert by_address[ENDPOINT]["endpoint_config_name"] == config["name"]
    assert by_address[MODEL]["name"] == by_address[CONFIG]["production_variants"][0]["model_name"]
    # an unchanged app plans no change at all against its own state
    again = tmp_path / "state"
    shutil.copytree(applied_v1, again)
    with pytest.MonkeyPatch.context() as m:
        stack_dir = synth_production(tmp_path / "same", m)
    assert actions(offline_terraform.plan(stack_dir, state_dir=again)) == {}


def test_instance_type_change_replaces_the_config_and_updates_the_endpoint_in_place(update_plan, tmp_path):
    plan = update_plan(instance_type=sagemaker_tf.InstanceType.C5_XLARGE)
    assert actions(plan) == {CONFIG: ["create", "delete"], ENDPOINT: ["update"]}
    assert planned_resources(plan)[CONFIG]["change"]["replace_paths"] == [["production_variants", 0, "instance_type"]]
    findings = findings_of(plan, tmp_path)
    assert said(findings, "info", ENDPOINT, "updated in place (UpdateEndpoint)")
    assert said(
        findings, "info", CONFIG, "replaced (forced by production_variants[0].instance_type), create-before-destroy"
    )
    assert said(findings, "risky", TARGET, "resets its instance count to the new config's initial_instance_count (2)")
    assert said(findings, "risky", TARGET, "changes instance type ml.m5.large -> ml.c5.xlarge while autoscaled")
    assert said(findings, "info", ENDPOINT, "no deployment guardrails")


def test_weight_change_replaces_the_config_and_resets_the_autoscaled_count(update_plan, tmp_path):
    plan = update_plan(weight=2.0)
    assert actions(plan) == {CONFIG: ["create", "delete"], ENDPOINT: ["update"]}
    assert planned_resources(plan)[CONFIG]["change"]["replace_paths"] == [
        ["production_variants", 0, "initial_variant_weight"]
    ]
    findings = findings_of(plan, tmp_path)
    assert said(findings, "risky", TARGET, "resets its instance count")
    assert not any("changes instance type" in f.message for f in findings)
    assert not any(f.address in (ENDPOINT, CONFIG, MODEL) and f.level == "risky" for f in findings)


def test_model_change_replaces_model_and_config_and_updates_the_endpoint_in_place(update_plan, tmp_path):
    plan = update_plan(image=("tensorflow-inference", "2.13.0-cpu"))
    assert actions(plan) == {
        MODEL: ["create", "delete"],
        CONFIG: ["create", "delete"],
        ENDPOINT: ["update"],
        ROLE_POLICY: ["update"],
    }
    changes = planned_resources(plan)
    assert changes[MODEL]["change"]["replace_paths"] == [["primary_container", 0, "image"]]
    assert changes[CONFIG]["change"]["replace_paths"] == [["production_variants", 0, "model_name"]]
    findings = findings_of(plan, tmp_path)
    assert said(findings, "info", MODEL, "create-before-destroy: the new model (new name)")
    assert said(findings, "info", CONFIG, "forced by production_variants[0].model_name")
    assert said(findings, "warning", ROLE_POLICY, "changes the permissions of aws_iam_role.Model_Role_6A0569D6")
    assert said(findings, "info", ENDPOINT, "updated in place")


def test_fixed_name_model_change_fails_as_aws_would_and_review_says_so(offline_terraform, tmp_path, monkeypatch):
    state = tmp_path / "state"
    v1 = synth_production(tmp_path / "v1", monkeypatch, model_name="recommender")
    offline_terraform.apply(v1, state)
    v2 = synth_production(
        tmp_path / "v2", monkeypatch, model_name="recommender", image=("pytorch-inference", "2.2.0-cpu-py310")
    )
    plan = offline_terraform.plan(v2, state_dir=state)
    # the config's create_before_destroy carries over to the model it depends on: create first, same name
    assert actions(plan)[MODEL] == ["create", "delete"]
    assert planned_resources(plan)[MODEL]["change"]["after"]["name"] == "recommender"
    findings = findings_of(plan, tmp_path)
    assert said(findings, "risky", MODEL, "its name is fixed: CreateModel fails")
    with pytest.raises(TerraformCommandError) as failed:
        offline_terraform.apply(v2, state)
    assert "Cannot create already existing model" in failed.value.output
    assert "arn:aws:sagemaker:us-east-1:123456789012:model/recommender" in failed.value.output


def test_review_fail_on_risky_exits_1_on_a_real_plan_and_0_without_risk(update_plan, tmp_path, capsys):
    risky = tmp_path / "risky.json"
    risky.write_text(json.dumps(update_plan(weight=3.0)))
    assert main(["review", str(risky), "--fail-on", "risky"]) == 1
    assert main(["review", str(risky)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("SageMaker review: 1 risky, 0 warning, 3 info")
    assert main(["review", str(risky), "--format", "markdown"]) == 0
    md = capsys.readouterr().out.splitlines()
    assert md[:4] == [
        "**SageMaker review:** 1 risky, 0 warning, 3 info",
        "",
        "| level | resource | consequence |",
        "|---|---|---|",
    ]
    assert md[4].startswith(f"| risky | `{TARGET}` | variant main is autoscaled (2-8)")


def test_wave2_guardrails_and_rollback_alarms_in_effect(offline_terraform, tmp_path, capsys):
    """The hand-written Wave 2 stack: applied, then its champion's instance type changed and planned."""
    source = ROOT / "tests" / "fixtures" / "cli" / "wave2"
    v1, v2 = tmp_path / "v1", tmp_path / "v2"
    v1.mkdir()
    v2.mkdir()
    doc = with_family_pins(json.loads((source / "cdk.tf.json").read_text()))  # the stand-in serves the family's pins
    (v1 / "cdk.tf.json").write_text(json.dumps(doc))
    doc["resource"]["aws_sagemaker_endpoint_configuration"]["Config_33333333"]["production_variants"][0][
        "instance_type"
    ] = "ml.m5.2xlarge"
    (v2 / "cdk.tf.json").write_text(json.dumps(doc))
    state = tmp_path / "state"
    offline_terraform.apply(v1, state)
    plan = offline_terraform.plan(v2, state_dir=state)
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(plan))
    assert main(["review", str(path), "--format", "json"]) == 0
    findings = json.loads(capsys.readouterr().out)["findings"]
    messages = {(f["topic"], f["message"]) for f in findings}
    assert (
        "deployment",
        "deployment guardrails: blue/green CANARY; auto-rollback on wave2-rollback-latency",
    ) in messages
    assert any(t == "endpoint" and m.startswith("updated in place") for t, m in messages)


def test_review_of_a_real_plan_without_sagemaker_resources_has_nothing_to_review(offline_terraform, tmp_path, capsys):
    # A CI gate runs review on every plan: one that touches no SageMaker resource passes, with or without --fail-on.
    stack = tmp_path / "stack"
    stack.mkdir()
    doc = json.loads((ROOT / "tests" / "fixtures" / "cli" / "no_sagemaker.tf.json").read_text())
    (stack / "cdk.tf.json").write_text(json.dumps(with_family_pins(doc)))  # the stand-in serves the family's pins
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(offline_terraform.plan(stack)))
    for argv in (["review", str(path)], ["review", str(path), "--fail-on", "risky"]):
        assert main(argv) == 0
        out, err = capsys.readouterr()
        assert err == "" and out.startswith("SageMaker review: nothing to review"), out


def test_fixed_name_config_is_replaced_destroy_first_and_never_reaches_the_endpoint(
    offline_terraform, tmp_path, monkeypatch
):
    state = tmp_path / "state"
    offline_terraform.apply(synth_production(tmp_path / "v1", monkeypatch, config_name="recommender-v1"), state)
    v2 = synth_production(
        tmp_path / "v2", monkeypatch, config_name="recommender-v1", instance_type=sagemaker_tf.InstanceType.M5_XLARGE
    )
    plan = offline_terraform.plan(v2, state_dir=state)
    assert actions(plan)[CONFIG] == ["delete", "create"]  # a fixed name gets no create_before_destroy
    # the endpoint's endpoint_config_name does not change: Terraform never calls UpdateEndpoint
    assert ENDPOINT not in actions(plan)
    findings = findings_of(plan, tmp_path)
    assert said(findings, "risky", CONFIG, f"destroy-first: the config that {ENDPOINT} uses is deleted before")
    assert said(
        findings, "risky", CONFIG, f'{ENDPOINT} is not updated: its endpoint_config_name stays "recommender-v1"'
    )


def test_endpoint_name_change_replaces_the_endpoint_and_review_calls_it_downtime(
    offline_terraform, tmp_path, monkeypatch
):
    state = tmp_path / "state"
    offline_terraform.apply(synth_production(tmp_path / "v1", monkeypatch, endpoint_name="recommender"), state)
    plan = offline_terraform.plan(
        synth_production(tmp_path / "v2", monkeypatch, endpoint_name="recommender-2"), state_dir=state
    )
    assert actions(plan)[ENDPOINT] == ["delete", "create"]
    assert planned_resources(plan)[ENDPOINT]["change"]["replace_paths"] == [["name"]]
    findings = findings_of(plan, tmp_path)
    assert said(findings, "risky", ENDPOINT, "replaced (forced by name): the endpoint is deleted and created again")


def test_first_deploy_plan_reviews_as_creates_without_risk(offline_terraform, tmp_path, monkeypatch):
    plan = offline_terraform.plan(synth_production(tmp_path / "v1", monkeypatch))
    findings = findings_of(plan, tmp_path)
    assert [f.level for f in findings] == ["info", "info"]
    assert findings[0].message == "created"


def test_serverless_memory_change_resets_the_autoscaled_provisioned_concurrency(
    offline_terraform, tmp_path, monkeypatch
):
    state = tmp_path / "state"
    offline_terraform.apply(synth_example("serverless", tmp_path / "v1", monkeypatch), state)
    plan = offline_terraform.plan(
        synth_example("serverless", tmp_path / "v2", monkeypatch, memory_size_in_mb=4096), state_dir=state
    )
    changed = actions(plan)
    config = next(a for a in changed if a.startswith("aws_sagemaker_endpoint_configuration."))
    endpoint = next(a for a in changed if a.startswith("aws_sagemaker_endpoint."))
    assert (changed[config], changed[endpoint]) == (["create", "delete"], ["update"])
    assert planned_resources(plan)[config]["change"]["replace_paths"] == [
        ["production_variants", 0, "serverless_config", 0, "memory_size_in_mb"]
    ]
    findings = findings_of(plan, tmp_path)
    assert any(
        f.level == "risky"
        and "variant serverless is autoscaled (2-10): UpdateEndpoint resets its provisioned "
        "concurrency to the new config's serverless_config.provisioned_concurrency (2)"
        in f.message
        for f in findings
    )


def test_moving_the_model_to_another_role_deletes_the_old_one_and_review_flags_it(update_plan, tmp_path):
    plan = update_plan(own_role=True)
    changed = actions(plan)
    assert changed["aws_iam_role.Model_Role_6A0569D6"] == ["delete"]
    assert changed[MODEL] == ["create", "delete"]
    assert planned_resources(plan)[MODEL]["change"]["replace_paths"] == [["execution_role_arn"]]
    findings = findings_of(plan, tmp_path)
    assert said(findings, "info", MODEL, "forced by execution_role_arn")
    old_role = "aws_iam_role.Model_Role_6A0569D6"
    assert said(findings, "info", old_role, f"deleted: {old_role} served only {MODEL}, which this plan replaces")
    assert said(findings, "info", ROLE_POLICY, f"deleted: {old_role} served only {MODEL}")
    assert not any(f.topic == "iam" and f.level == "risky" for f in findings)
