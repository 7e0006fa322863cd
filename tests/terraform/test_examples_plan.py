"""Every example (``examples/*/main.py``) synthesizes, validates and plans with the real Terraform CLI, offline.

Each plan must create exactly the resource types the example is meant to create, nothing else, and a few values a
reviewer cares about are checked in the plan itself.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sagemaker_tf._framework import App

from sagemaker_tf.testing import OfflineTerraform, planned_resources
from tests.examples import EXAMPLES, ROOT, load_example
from tests.terraform.conftest import synth_to_dir
from tests.test_family_parity import PLANNED_EXAMPLES, RECORD_HINT, cdktf_planned_addresses, planned_addresses

MODEL = {"aws_iam_role", "aws_iam_role_policy", "aws_iam_role_policy_attachment", "aws_sagemaker_model"}
HOSTING = MODEL | {"aws_sagemaker_endpoint_configuration", "aws_sagemaker_endpoint"}
SCALING = {"aws_appautoscaling_target", "aws_appautoscaling_policy"}
ASSET_BUCKET = {
    "aws_s3_bucket", "aws_s3_bucket_ownership_controls", "aws_s3_bucket_policy", "aws_s3_bucket_public_access_block",
    "aws_s3_bucket_server_side_encryption_configuration", "aws_s3_bucket_versioning", "aws_s3_object",
    "aws_s3_bucket_lifecycle_configuration",
}

# The resource types each example plans to create (exact).
EXPECTED_RESOURCE_TYPES: dict[str, set[str]] = {
    "autoscaling": HOSTING | SCALING,
    "dlc_image": MODEL,
    "ecr_image": MODEL,
    "endpoint": HOSTING,
    "endpoint_config": MODEL | {"aws_sagemaker_endpoint_configuration"},
    "inference_pipeline": MODEL,
    "metrics": HOSTING | {"aws_cloudwatch_metric_alarm"},
    "network_isolation": MODEL,
    "production": HOSTING | SCALING | ASSET_BUCKET | {
        "aws_cloudwatch_metric_alarm", "aws_kms_key", "aws_security_group", "aws_sns_topic", "aws_subnet", "aws_vpc",
    },
    "s3_model_data": MODEL | {"aws_s3_bucket"},
    "serverless": HOSTING | SCALING,
    "single_container": MODEL | ASSET_BUCKET | {"aws_ecr_repository", "docker_image", "docker_registry_image"},
}


def _after(changes: dict[str, Any], tf_type: str) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """(planned values, unknown-after-apply markers) of every planned ``tf_type``."""
    return [(c["change"]["after"], c["change"]["after_unknown"]) for c in changes.values() if c["type"] == tf_type]


def _check_values(name: str, changes: dict[str, Any]) -> None:
    if name == "endpoint_config":
        (config, unknown), = _after(changes, "aws_sagemaker_endpoint_configuration")
        variants = {v["variant_name"]: v for v in config["production_variants"]}
        assert {n: v["initial_variant_weight"] for n, v in variants.items()} == {"modelA": 2, "variantB": 1}
        assert all(v["instance_type"] == "ml.t2.medium" and v["initial_instance_count"] == 1 for v in variants.values())
        assert variants["variantB"]["container_startup_health_check_timeout_in_seconds"] == 300
        assert all(u["model_name"] is True for u in unknown["production_variants"])  # set from the models
    if name == "autoscaling":
        (target, unknown), = _after(changes, "aws_appautoscaling_target")
        assert (target["service_namespace"], target["scalable_dimension"]) == ("sagemaker", "sagemaker:variant:DesiredInstanceCount")
        assert (target["min_capacity"], target["max_capacity"]) == (1, 3)
        assert unknown["resource_id"] is True  # endpoint/<generated endpoint name>/variant/my-variant
        (policy, _), = _after(changes, "aws_appautoscaling_policy")
        assert policy["policy_type"] == "TargetTrackingScaling"
        assert policy["target_tracking_scaling_policy_configuration"][0]["target_value"] == 900
    if name == "metrics":
        (alarm, unknown), = _after(changes, "aws_cloudwatch_metric_alarm")
        assert (alarm["namespace"], alarm["metric_name"], alarm["statistic"]) == ("AWS/SageMaker", "ModelLatency", "Average")
        assert (alarm["threshold"], alarm["evaluation_periods"], alarm["period"]) == (100000, 3, 300)
        assert unknown["dimensions"] is True or unknown["dimensions"]["EndpointName"] is True
    if name == "serverless":
        (config, _), = _after(changes, "aws_sagemaker_endpoint_configuration")
        (serverless,) = config["production_variants"][0]["serverless_config"]
        assert (serverless["max_concurrency"], serverless["memory_size_in_mb"], serverless["provisioned_concurrency"]) == (20, 2048, 2)


@pytest.mark.parametrize("name", EXAMPLES)
def test_example_plans_offline(name: str, offline_terraform: OfflineTerraform, tmp_path: Path) -> None:
    app = App(outdir=str(tmp_path / "cdktf.out"))
    stack = load_example(name).build(app)
    stack_dir = synth_to_dir(app, stack)
    synthesized = (Path(stack_dir) / "cdk.tf.json").read_text()
    for machine_path in (str(tmp_path), str(ROOT)):
        assert machine_path not in synthesized, f"{name} writes a machine path into cdk.tf.json ({machine_path})"
    plan = offline_terraform.plan(stack_dir)

    changes = planned_resources(plan)
    assert all(change["change"]["actions"] == ["create"] for change in changes.values())
    assert {change["type"] for change in changes.values()} == EXPECTED_RESOURCE_TYPES[name]
    _check_values(name, changes)
    if name in PLANNED_EXAMPLES:
        # State carries over between the families: the same addresses, each with the same provider address.
        assert planned_addresses(plan) == cdktf_planned_addresses(name), RECORD_HINT


def test_every_example_has_plan_expectations() -> None:
    assert set(EXPECTED_RESOURCE_TYPES) == set(EXAMPLES)
