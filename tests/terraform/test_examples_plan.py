"""Every example (``examples/*/main.py``) synthesizes, validates and plans with the real Terraform CLI, offline.

Each plan must create exactly the resource types the example is meant to create, nothing else, and a few values a
reviewer cares about are checked in the plan itself.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from sagemaker_tf._runtime.framework import App
from sagemaker_tf.testing import OfflineTerraform, planned_resources
from tests.examples import EXAMPLES, ROOT, load_example
from tests.terraform.conftest import synth_to_dir
from tests.test_family_parity import PLANNED_EXAMPLES, RECORD_HINT, cdktf_planned_addresses, planned_addresses

MODEL = {"aws_iam_role", "aws_iam_role_policy", "aws_sagemaker_model"}
HOSTING = MODEL | {"aws_sagemaker_endpoint_configuration", "aws_sagemaker_endpoint"}
SCALING = {"aws_appautoscaling_target", "aws_appautoscaling_policy"}
ASSET_BUCKET = {
    "aws_s3_bucket",
    "aws_s3_bucket_ownership_controls",
    "aws_s3_bucket_policy",
    "aws_s3_bucket_public_access_block",
    "aws_s3_bucket_server_side_encryption_configuration",
    "aws_s3_bucket_versioning",
    "aws_s3_object",
    "aws_s3_bucket_lifecycle_configuration",
}

# The resource types each example plans to create (exact).
EXPECTED_RESOURCE_TYPES: dict[str, set[str]] = {
    "async_scale_to_zero": HOSTING | SCALING | {"aws_s3_bucket", "aws_cloudwatch_metric_alarm"},
    "autoscaling": HOSTING | SCALING,
    "data_capture_shadow": HOSTING | {"aws_s3_bucket", "aws_kms_key"},
    "dlc_image": MODEL,
    "ecr_image": MODEL,
    "endpoint": HOSTING,
    "endpoint_config": MODEL | {"aws_sagemaker_endpoint_configuration"},
    "inference_components": HOSTING | SCALING | {"aws_cloudwatch_metric_alarm", "awscc_sagemaker_inference_component"},
    "inference_pipeline": MODEL,
    "llm_guardrails": HOSTING | {"aws_cloudwatch_metric_alarm"},
    "metrics": HOSTING | {"aws_cloudwatch_metric_alarm"},
    "network_isolation": MODEL,
    "production": HOSTING
    | SCALING
    | ASSET_BUCKET
    | {
        "aws_cloudwatch_metric_alarm",
        "aws_kms_key",
        "aws_security_group",
        "aws_sns_topic",
        "aws_subnet",
        "aws_vpc",
    },
    "s3_model_data": MODEL | {"aws_s3_bucket"},
    "sagemaker_image": HOSTING | {"aws_s3_bucket"},
    "model_options": MODEL
    | {"aws_sagemaker_endpoint_configuration", "aws_s3_bucket", "aws_security_group", "aws_subnet", "aws_vpc"},
    "serverless": HOSTING | SCALING,
    "single_container": MODEL | ASSET_BUCKET | {"aws_ecr_repository", "docker_image", "docker_registry_image"},
}


def _after(changes: dict[str, Any], tf_type: str) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """(planned values, unknown-after-apply markers) of every planned ``tf_type``."""
    return [(c["change"]["after"], c["change"]["after_unknown"]) for c in changes.values() if c["type"] == tf_type]


def _check_values(name: str, changes: dict[str, Any]) -> None:
    if name == "endpoint_config":
        ((config, unknown),) = _after(changes, "aws_sagemaker_endpoint_configuration")
        variants = {v["variant_name"]: v for v in config["production_variants"]}
        assert {n: v["initial_variant_weight"] for n, v in variants.items()} == {"modelA": 2, "variantB": 1}
        assert all(v["instance_type"] == "ml.t2.medium" and v["initial_instance_count"] == 1 for v in variants.values())
        assert variants["variantB"]["container_startup_health_check_timeout_in_seconds"] == 300
        assert all(u["model_name"] is True for u in unknown["production_variants"])  # set from the models
    if name == "autoscaling":
        ((target, unknown),) = _after(changes, "aws_appautoscaling_target")
        assert (target["service_namespace"], target["scalable_dimension"]) == (
            "sagemaker",
            "sagemaker:variant:DesiredInstanceCount",
        )
        assert (target["min_capacity"], target["max_capacity"]) == (1, 3)
        assert unknown["resource_id"] is True  # endpoint/<generated endpoint name>/variant/my-variant
        ((policy, _),) = _after(changes, "aws_appautoscaling_policy")
        assert policy["policy_type"] == "TargetTrackingScaling"
        assert policy["target_tracking_scaling_policy_configuration"][0]["target_value"] == 900
    if name == "metrics":
        ((alarm, unknown),) = _after(changes, "aws_cloudwatch_metric_alarm")
        assert (alarm["namespace"], alarm["metric_name"], alarm["statistic"]) == (
            "AWS/SageMaker",
            "ModelLatency",
            "Average",
        )
        assert (alarm["threshold"], alarm["evaluation_periods"], alarm["period"]) == (100000, 3, 300)
        assert unknown["dimensions"] is True or unknown["dimensions"]["EndpointName"] is True
    if name == "sagemaker_image":  # the region is a variable (default eu-west-1): Terraform looks the account up
        ((model, _),) = _after(changes, "aws_sagemaker_model")
        assert model["primary_container"][0]["image"] == (
            "141502667606.dkr.ecr.eu-west-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3"
        )
        ((config, _),) = _after(changes, "aws_sagemaker_endpoint_configuration")
        assert config["production_variants"][0]["instance_type"] == "ml.c5.xlarge"
    if name == "model_options":
        models = {
            m["primary_container"][0]["image"].rsplit("/", 1)[1] if m["primary_container"] else "direct": (m, u)
            for m, u in _after(changes, "aws_sagemaker_model")
        }
        llm, llm_unknown = models["huggingface-pytorch-tgi-inference:2.7.0-tgi3.3.6-gpu-py311-cu124-ubuntu22.04"]
        (source,) = llm["primary_container"][0]["model_data_source"][0]["s3_data_source"]
        assert (source["s3_data_type"], source["compression_type"]) == ("S3Prefix", "None")
        assert source["model_access_config"] == [{"accept_eula": True}]
        (channel,) = llm["primary_container"][0]["additional_model_data_source"]
        assert channel["channel_name"] == "sql-adapter"
        assert channel["s3_data_source"][0]["s3_data_type"] == "S3Prefix"
        mme, _ = models["sagemaker-scikit-learn:1.2-1-cpu-py3"]
        assert mme["primary_container"][0]["mode"] == "MultiModel"
        direct, _ = models["direct"]
        assert direct["inference_execution_config"] == [{"mode": "Direct"}]
        assert [c["container_hostname"] for c in direct["container"]] == ["xgboost", "ranker"]
        assert direct["container"][1]["image_config"] == [
            {
                "repository_access_mode": "Vpc",
                "repository_auth_config": [
                    {
                        "repository_credentials_provider_arn": "arn:aws:lambda:us-east-1:123456789012:function:registry-credentials"
                    }
                ],
            }
        ]
        ((config, _),) = _after(changes, "aws_sagemaker_endpoint_configuration")
        assert config["production_variants"][0]["instance_type"] == "ml.g6e.2xlarge"
    if name == "data_capture_shadow":
        _check_data_capture_shadow(changes)
    if name == "async_scale_to_zero":
        _check_async_scale_to_zero(changes)
    if name == "inference_components":
        _check_inference_components(changes)
    if name == "llm_guardrails":
        _check_llm_guardrails(changes)
    if name == "serverless":
        ((config, _),) = _after(changes, "aws_sagemaker_endpoint_configuration")
        (serverless,) = config["production_variants"][0]["serverless_config"]
        assert (
            serverless["max_concurrency"],
            serverless["memory_size_in_mb"],
            serverless["provisioned_concurrency"],
        ) == (20, 2048, 2)


def _check_data_capture_shadow(changes: dict[str, Any]) -> None:
    ((config, unknown),) = _after(changes, "aws_sagemaker_endpoint_configuration")
    (production,), (shadow,) = config["production_variants"], config["shadow_production_variants"]
    assert (production["variant_name"], production["instance_type"], production["initial_instance_count"]) == (
        "current",
        "ml.m5.large",
        2,
    )
    assert (shadow["variant_name"], shadow["instance_type"], shadow["initial_instance_count"]) == (
        "candidate",
        "ml.m5.large",
        1,
    )
    (capture,) = config["data_capture_config"]
    assert (capture["enable_capture"], capture["initial_sampling_percentage"]) == (True, 20)
    assert [o["capture_mode"] for o in capture["capture_options"]] == ["Input", "Output"]
    assert capture["capture_content_type_header"][0]["json_content_types"] == ["application/json"]
    (capture_unknown,) = unknown["data_capture_config"]
    assert capture_unknown["destination_s3_uri"] is True and capture_unknown["kms_key_id"] is True  # bucket, key
    policies = _after(changes, "aws_iam_role_policy")
    assert [u["policy"] for _, u in policies] == [True, True]  # each model's role gets the capture grants


def _check_async_scale_to_zero(changes: dict[str, Any]) -> None:
    ((config, unknown),) = _after(changes, "aws_sagemaker_endpoint_configuration")
    (async_config,) = config["async_inference_config"]
    assert async_config["client_config"] == [{"max_concurrent_invocations_per_instance": 4}]
    assert unknown["async_inference_config"][0]["output_config"][0]["s3_output_path"] is True  # from the bucket
    ((target, _),) = _after(changes, "aws_appautoscaling_target")
    assert (target["min_capacity"], target["max_capacity"]) == (0, 4)
    policies = {p["policy_type"]: p for p, _ in _after(changes, "aws_appautoscaling_policy")}
    (tracking,) = policies["TargetTrackingScaling"]["target_tracking_scaling_policy_configuration"]
    assert (tracking["target_value"], tracking["scale_in_cooldown"]) == (5, 600)
    (metric,) = tracking["customized_metric_specification"]
    assert (metric["namespace"], metric["metric_name"], metric["statistic"]) == (
        "AWS/SageMaker",
        "ApproximateBacklogSizePerInstance",
        "Average",
    )
    (step,) = policies["StepScaling"]["step_scaling_policy_configuration"]
    assert (step["adjustment_type"], step["cooldown"], step["metric_aggregation_type"]) == (
        "ChangeInCapacity",
        300,
        "Average",
    )
    assert [(a["metric_interval_lower_bound"], a["scaling_adjustment"]) for a in step["step_adjustment"]] == [("0", 1)]
    alarms = {a["metric_name"]: (a, u) for a, u in _after(changes, "aws_cloudwatch_metric_alarm")}
    backlog, backlog_unknown = alarms["HasBacklogWithoutCapacity"]
    assert (
        backlog["period"],
        backlog["evaluation_periods"],
        backlog["datapoints_to_alarm"],
        backlog["threshold"],
        backlog["treat_missing_data"],
    ) == (60, 2, 2, 1, "missing")
    assert backlog_unknown["alarm_actions"] == [True]  # the step policy's ARN, known after apply
    oldest, _ = alarms["ApproximateAgeOfOldestRequest"]
    assert (oldest["statistic"], oldest["threshold"], oldest["period"]) == ("Maximum", 900, 60)


def _check_inference_components(changes: dict[str, Any]) -> None:
    ((config, unknown),) = _after(changes, "aws_sagemaker_endpoint_configuration")
    (variant,) = config["production_variants"]
    assert variant["model_name"] is None and unknown["execution_role_arn"] is True
    assert (variant["instance_type"], variant["initial_instance_count"]) == ("ml.g5.12xlarge", 1)
    assert variant["managed_instance_scaling"] == [
        {"status": "ENABLED", "min_instance_count": 0, "max_instance_count": 2}
    ]
    components = {
        c["inference_component_name"].split("-")[2]: (c, u)
        for c, u in _after(changes, "awscc_sagemaker_inference_component")
    }
    assert sorted(components) == ["Churn", "Llama", "Mistral"]
    gpus = {
        n: c["specification"]["compute_resource_requirements"]["number_of_accelerator_devices_required"]
        for n, (c, _) in components.items()
    }
    assert gpus == {"Llama": 2, "Mistral": 1, "Churn": 1}  # 4 GPUs: one ml.g5.12xlarge holds a copy of each
    assert {n: c["runtime_config"]["copy_count"] for n, (c, _) in components.items()} == {
        "Llama": 1,
        "Mistral": 1,
        "Churn": 0,
    }
    mistral, _ = components["Mistral"]
    assert mistral["specification"]["container"]["environment"] == {"SM_NUM_GPUS": "1"}
    assert mistral["specification"]["container"]["artifact_url"] == "s3://my-llm-weights/mistral-7b/model.tar.gz"
    assert components["Llama"][1]["specification"]["model_name"] is True  # the Llama model's generated name
    assert all(u["endpoint_name"] is True for _, u in components.values())
    targets = [t for t, _ in _after(changes, "aws_appautoscaling_target")]
    assert sorted((t["scalable_dimension"], t["min_capacity"], t["max_capacity"]) for t in targets) == [
        ("sagemaker:inference-component:DesiredCopyCount", 0, 1),
        ("sagemaker:inference-component:DesiredCopyCount", 0, 2),
        ("sagemaker:inference-component:DesiredCopyCount", 0, 2),
    ]
    policies = [p for p, _ in _after(changes, "aws_appautoscaling_policy")]
    assert sorted(p["policy_type"] for p in policies) == ["StepScaling"] * 3 + ["TargetTrackingScaling"] * 3
    tracked = sorted(
        p["target_tracking_scaling_policy_configuration"][0]["predefined_metric_specification"][0][
            "predefined_metric_type"
        ]
        for p in policies
        if p["policy_type"] == "TargetTrackingScaling"
    )
    assert tracked == [
        "SageMakerInferenceComponentConcurrentRequestsPerCopyHighResolution",
        "SageMakerInferenceComponentInvocationsPerCopy",
        "SageMakerInferenceComponentInvocationsPerCopy",
    ]
    alarms = [a for a, _ in _after(changes, "aws_cloudwatch_metric_alarm")]
    no_capacity = [a for a in alarms if a["metric_name"] == "NoCapacityInvocationFailures"]
    assert len(no_capacity) == 3
    assert {(a["statistic"], a["period"], a["threshold"]) for a in no_capacity} == {("Sum", 60, 1)}
    ((churn_model, _),) = [
        (m, u) for m, u in _after(changes, "aws_sagemaker_model") if m["primary_container"][0]["model_package_name"]
    ]
    assert churn_model["primary_container"][0]["model_package_name"].endswith(":model-package/churn-models/7")


def _check_llm_guardrails(changes: dict[str, Any]) -> None:
    ((config, _),) = _after(changes, "aws_sagemaker_endpoint_configuration")
    (variant,) = config["production_variants"]
    assert (
        variant["instance_type"],
        variant["initial_instance_count"],
        variant["model_data_download_timeout_in_seconds"],
        variant["container_startup_health_check_timeout_in_seconds"],
    ) == ("ml.g5.12xlarge", 4, 1800, 1200)
    assert variant["routing_config"] == [{"routing_strategy": "LEAST_OUTSTANDING_REQUESTS"}]
    ((endpoint, _),) = _after(changes, "aws_sagemaker_endpoint")
    assert endpoint["name"] == "llm-chat"
    (deployment,) = endpoint["deployment_config"]
    (blue_green,) = deployment["blue_green_update_policy"]
    assert (blue_green["termination_wait_in_seconds"], blue_green["maximum_execution_timeout_in_seconds"]) == (
        600,
        7200,
    )
    (routing,) = blue_green["traffic_routing_configuration"]
    assert (routing["type"], routing["wait_interval_in_seconds"], routing["canary_size"]) == (
        "CANARY",
        600,
        [{"type": "INSTANCE_COUNT", "value": 1}],
    )
    assert deployment["rolling_update_policy"] == []
    (rollback,) = deployment["auto_rollback_configuration"]
    names = sorted(a["alarm_name"] for a in rollback["alarms"])
    assert names == sorted(a["alarm_name"] for a, _ in _after(changes, "aws_cloudwatch_metric_alarm"))
    assert len(names) == 2


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
