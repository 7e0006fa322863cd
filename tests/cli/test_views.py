"""What describe and diagram show: grant scopes as paths, rollback alarms linked by their literal names, the variant
tuning options; review's links read from values when a plan has no ``configuration``; escaped output; --version."""

from __future__ import annotations

import importlib.metadata
import json
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

import sagemaker_tf as sagemaker
from sagemaker_tf._runtime.framework import App, AwsProvider, S3Bucket, TerraformStack
from sagemaker_tf.cli.__main__ import main
from sagemaker_tf.cli._reader import Plan
from sagemaker_tf.cli.review import review
from tests.examples import ROOT
from tests.test_cli import synth_example

FIXTURES = ROOT / "tests" / "fixtures" / "cli"
REAL_PLAN = FIXTURES / "production_update.plan.json"


def views(capsys: pytest.CaptureFixture[str], path: Path) -> list[dict[str, Any]]:
    assert main(["describe", str(path), "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)["endpoints"]


def text(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    assert main(list(argv)) == 0
    out, err = capsys.readouterr()
    assert err == ""
    return out


@pytest.fixture(scope="module")
def async_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return synth_example("async_scale_to_zero", tmp_path_factory.mktemp("async") / "cdktf.out")


@pytest.fixture(scope="module")
def guarded_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """README's guardrails pattern: one rollback alarm an Alarm object, one a literal name of an alarm of the stack,
    one a name of an alarm elsewhere; and README's variant tuning for large models."""
    outdir = tmp_path_factory.mktemp("guarded") / "cdktf.out"
    outdir.mkdir()
    app = App(outdir=str(outdir))
    stack = TerraformStack(app, "guarded")
    AwsProvider(stack, "aws", region="us-east-1")
    bucket = S3Bucket(stack, "Dumps", bucket_prefix="dumps-")
    model = sagemaker.Model.from_model_name(stack, "Model", "existing-model")
    config = sagemaker.EndpointConfig(
        stack,
        "Config",
        instance_production_variants=[
            sagemaker.InstanceProductionVariantProps(
                model=model,
                variant_name="llm",
                instance_type=sagemaker.InstanceType.P3_2XLARGE,
                volume_size_in_gb=256,
                model_data_download_timeout=timedelta(minutes=30),
                container_startup_health_check_timeout=timedelta(minutes=20),
                inference_ami_version="al2-ami-sagemaker-inference-gpu-2",
                routing_strategy=sagemaker.RoutingStrategy.LEAST_OUTSTANDING_REQUESTS,
                enable_ssm_access=True,
                core_dump_destination=sagemaker.S3Location.from_bucket(bucket, "core-dumps/"),
            )
        ],
    )
    dimensions = {"EndpointName": "recommender", "VariantName": "llm"}
    latency = sagemaker.Metric("AWS/SageMaker", "ModelLatency", statistic="p99", dimensions_map=dimensions)
    latency_alarm = latency.create_alarm(stack, "RecommenderLatency", threshold=500_000, evaluation_periods=2)
    errors = sagemaker.Metric("AWS/SageMaker", "Invocation5XXErrors", statistic="Sum", dimensions_map=dimensions)
    errors.create_alarm(stack, "Recommender5xx", alarm_name="recommender-5xx", threshold=5, evaluation_periods=1)
    sagemaker.Endpoint(
        stack,
        "Recommender",
        endpoint_config=config,
        endpoint_name="recommender",
        deployment=sagemaker.DeploymentPolicy.blue_green(
            rollback_alarms=[latency_alarm, "recommender-5xx", "team-wide-errors"]
        ),
    )
    app.synth()
    return outdir


def test_describe_shows_grant_scopes_as_paths_not_whole_buckets(capsys, async_out):
    [view] = views(capsys, async_out)
    [role] = [g for g in view["grants"] if g["kind"] == "model role"]
    assert "s3:PutObject, s3:AbortMultipartUpload on Results/async/output/*" in role["grants"]
    assert "s3:PutObject, s3:AbortMultipartUpload on Results/async/failure/*" in role["grants"]
    assert "s3:GetObject*, s3:GetBucket*, s3:List* on Results, Results/models/model.tar.gz" in role["grants"]
    assert not any(line.endswith(" on Results") and "PutObject" in line for line in role["grants"])


def test_rollback_alarms_given_by_literal_name_link_to_the_alarm_of_the_stack(capsys, guarded_out):
    [view] = views(capsys, guarded_out)
    deployment = view["endpoint"]["deployment"]
    assert deployment["rollback_alarms"] == ["RecommenderLatency/Alarm", "Recommender5xx/Alarm", "team-wide-errors"]
    addresses = deployment["rollback_alarm_addresses"]
    assert addresses[0].startswith("aws_cloudwatch_metric_alarm.RecommenderLatency_")
    assert addresses[1].startswith("aws_cloudwatch_metric_alarm.Recommender5xx_") and addresses[2] is None
    # both alarms of the stack are described, though they watch the endpoint by its literal name
    assert sorted(a["label"] for a in view["alarms"]) == ["Recommender5xx/Alarm", "RecommenderLatency/Alarm"]
    mermaid = text(capsys, "diagram", str(guarded_out))
    assert mermaid.count("rolls back on") == 3
    assert mermaid.count("(not in this stack)") == 1 and "alarm: team-wide-errors<br/>(not in this stack)" in mermaid
    assert "alarm: Recommender5xx/Alarm<br/>Invocation5XXErrors Sum" in mermaid


def test_describe_shows_the_variant_tuning(capsys, guarded_out):
    [view] = views(capsys, guarded_out)
    [variant] = view["variants"]
    assert variant["tuning"] == {
        "volume_gb": 256,
        "model_data_download_timeout_s": 1800,
        "container_startup_timeout_s": 1200,
        "inference_ami": "al2-ami-sagemaker-inference-gpu-2",
        "ssm_access": True,
        "routing": "LEAST_OUTSTANDING_REQUESTS",
        "core_dumps": "s3://<Dumps.bucket>/core-dumps/",
    }
    line = next(line for line in text(capsys, "describe", str(guarded_out)).splitlines() if line.startswith("variant"))
    for phrase in (
        "volume 256 GB",
        "model download timeout 1800s",
        "startup health check timeout 1200s",
        "AMI al2-ami-sagemaker-inference-gpu-2",
        "routing LEAST_OUTSTANDING_REQUESTS",
        "SSM access",
        "core dumps to s3://<Dumps.bucket>/core-dumps/",
    ):
        assert phrase in line, phrase


def test_review_links_fall_back_to_values_when_the_plan_has_no_configuration(tmp_path):
    doc = json.loads(REAL_PLAN.read_text())
    with_config = review(Plan(REAL_PLAN, doc))
    assert sum(f.level == "risky" for f in with_config) == 2  # the autoscaled variant: reset and instance type
    doc.pop("configuration")
    without = review(Plan(tmp_path / "plan.json", doc))
    assert without == with_config


def test_review_update_findings_name_the_changed_attributes():
    findings = review(Plan(REAL_PLAN, json.loads(REAL_PLAN.read_text())))
    [update] = [f for f in findings if f.topic == "endpoint" and f.message.startswith("updated")]
    assert update.message.startswith("updated in place (UpdateEndpoint), changing endpoint_config_name (known after")


def test_text_output_escapes_terminal_control_characters(capsys, tmp_path):
    doc = json.loads((FIXTURES / "wave2" / "cdk.tf.json").read_text())
    evil = "orders\x1b]0;pwned\x07\x1b[2J\r\nFAKE"
    for endpoint in doc["resource"]["aws_sagemaker_endpoint"].values():
        endpoint["name"] = evil  # describe shows it
    for model in doc["resource"]["aws_sagemaker_model"].values():
        for container in model.get("primary_container") or []:
            container["image"] = evil  # diagram shows it
    path = tmp_path / "cdk.tf.json"
    path.write_text(json.dumps(doc))
    for argv in (["describe", str(path)], ["describe", str(path), "--format", "markdown"], ["diagram", str(path)]):
        out = text(capsys, *argv)
        assert not any(c in out for c in "\x1b\x07\r"), argv
        assert "orders\\x1b]0" in out and "\\x07\\x1b[2J\\r\\nFAKE" in out, argv
    plan = json.loads(REAL_PLAN.read_text())
    for rc in plan["resource_changes"]:
        rc["address"] = rc["address"] + "\x1b[31m"
    plan_path = tmp_path / "plan.json"
    plan_path.write_text(json.dumps(plan))
    for fmt in ("text", "markdown"):
        out = text(capsys, "review", str(plan_path), "--format", fmt)
        assert "\x1b" not in out and "\\x1b[31m" in out


def test_version_is_the_installed_package_version(capsys):
    expected = importlib.metadata.version("sagemaker-tf")
    assert main(["--version"]) == 0
    assert capsys.readouterr().out == f"sagemaker-tf {expected}\n"
    proc = subprocess.run([sys.executable, "-m", "sagemaker_tf", "--version"], capture_output=True, text=True)
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, f"sagemaker-tf {expected}\n", "")
