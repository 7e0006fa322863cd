"""The Wave 2 blocks plan with the real Terraform CLI against the provider's schema (offline stand-in).

One config carries every tuning field, async inference with topics and client config; another carries data
capture and a shadow variant with an encrypted core dump. The plan must accept every block shape and keep the
values.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import sagemaker_tf as sagemaker
from sagemaker_tf._runtime.framework import App, AwsProvider, KmsKey, S3Bucket, TerraformStack
from sagemaker_tf.testing import OfflineTerraform, planned_resources
from tests.helpers import synth_to_dir

TOPIC = "arn:aws:sns:us-east-1:111111111111:inference"
KEY = "arn:aws:kms:us-east-1:111111111111:key/k-1"


def _stack(app: App) -> TerraformStack:
    stack = TerraformStack(app, "wave2")
    AwsProvider(stack, "aws", region="us-east-1")
    bucket = S3Bucket(stack, "Bucket", bucket="wave2-outputs")
    image = sagemaker.ContainerImage.from_dlc("pytorch-inference", "2.1.0-gpu-py310")
    models = [
        sagemaker.Model(stack, n, containers=[sagemaker.ContainerDefinition(image=image)])
        for n in ("Llm", "Current", "Candidate")
    ]
    sagemaker.EndpointConfig(
        stack,
        "Async",
        instance_production_variants=[
            sagemaker.InstanceProductionVariantProps(
                model=models[0],
                variant_name="llm",
                instance_type=sagemaker.InstanceType.P3_2XLARGE,
                volume_size_in_gb=200,
                model_data_download_timeout=timedelta(minutes=30),
                container_startup_health_check_timeout=timedelta(minutes=15),
                inference_ami_version="al2-ami-sagemaker-inference-gpu-3-1",
                routing_strategy=sagemaker.RoutingStrategy.LEAST_OUTSTANDING_REQUESTS,
                enable_ssm_access=True,
                core_dump_destination=sagemaker.S3Location.from_uri("s3://wave2-outputs/dumps"),
            )
        ],
        async_inference=sagemaker.AsyncInferenceConfig(
            output_path=sagemaker.S3Location.from_uri("s3://wave2-outputs/out"),
            failure_path=sagemaker.S3Location.from_uri("s3://wave2-outputs/failed"),
            encryption_key=KEY,
            success_topic=TOPIC,
            error_topic=TOPIC,
            include_inference_response_in=[sagemaker.AsyncNotificationTopic.SUCCESS_NOTIFICATION_TOPIC],
            max_concurrent_invocations_per_instance=4,
        ),
    )
    sagemaker.EndpointConfig(
        stack,
        "Shadow",
        instance_production_variants=[
            sagemaker.InstanceProductionVariantProps(model=models[1], variant_name="current")
        ],
        shadow_production_variants=[
            sagemaker.InstanceProductionVariantProps(
                model=models[2],
                variant_name="candidate",
                core_dump_encryption_key=KmsKey(stack, "DumpKey"),
                core_dump_destination=sagemaker.S3Location.from_bucket(bucket, "shadow-dumps/"),
            )
        ],
        data_capture=sagemaker.DataCaptureConfig(
            destination=sagemaker.S3Location.from_uri("s3://wave2-outputs/capture"),
            sampling_percentage=30,
            capture_output=False,
            encryption_key=KEY,
            csv_content_types=["text/csv"],
            enabled=False,
        ),
    )
    return stack


def test_wave2_blocks_plan_offline_with_their_values(offline_terraform: OfflineTerraform, tmp_path: Path):
    app = App(outdir=str(tmp_path))
    stack = _stack(app)
    changes = planned_resources(offline_terraform.plan(synth_to_dir(app, stack)))
    configs = {
        c["name"].split("_")[0]: c["change"]
        for c in changes.values()
        if c["type"] == "aws_sagemaker_endpoint_configuration"
    }
    asynchronous, shadow = configs["Async"]["after"], configs["Shadow"]["after"]

    (llm,) = asynchronous["production_variants"]
    assert (
        llm["volume_size_in_gb"],
        llm["model_data_download_timeout_in_seconds"],
        llm["container_startup_health_check_timeout_in_seconds"],
    ) == (200, 1800, 900)
    assert (llm["inference_ami_version"], llm["enable_ssm_access"]) == ("al2-ami-sagemaker-inference-gpu-3-1", True)
    assert llm["routing_config"] == [{"routing_strategy": "LEAST_OUTSTANDING_REQUESTS"}]
    assert llm["core_dump_config"] == [{"destination_s3_uri": "s3://wave2-outputs/dumps", "kms_key_id": None}]
    (async_block,) = asynchronous["async_inference_config"]
    assert async_block["client_config"] == [{"max_concurrent_invocations_per_instance": 4}]
    (output,) = async_block["output_config"]
    assert (output["s3_output_path"], output["s3_failure_path"], output["kms_key_id"]) == (
        "s3://wave2-outputs/out",
        "s3://wave2-outputs/failed",
        KEY,
    )
    assert output["notification_config"] == [
        {"success_topic": TOPIC, "error_topic": TOPIC, "include_inference_response_in": ["SUCCESS_NOTIFICATION_TOPIC"]}
    ]

    (current,), (candidate,) = shadow["production_variants"], shadow["shadow_production_variants"]
    assert (current["variant_name"], candidate["variant_name"]) == ("current", "candidate")
    (candidate_unknown,) = configs["Shadow"]["after_unknown"]["shadow_production_variants"]
    assert candidate["core_dump_config"][0]["destination_s3_uri"] == "s3://wave2-outputs/shadow-dumps/"
    assert candidate_unknown["core_dump_config"][0] == {"kms_key_id": True}  # the KmsKey's ARN
    (capture,) = shadow["data_capture_config"]
    assert (capture["enable_capture"], capture["initial_sampling_percentage"], capture["kms_key_id"]) == (
        False,
        30,
        KEY,
    )
    assert capture["capture_options"] == [{"capture_mode": "Input"}]
    assert capture["capture_content_type_header"] == [{"csv_content_types": ["text/csv"], "json_content_types": None}]
