"""Wave 2 hosting: S3 locations and their grants, variant tuning, async inference, data capture, shadow variants.

Each test builds one scenario and asserts on the synthesized Terraform JSON (blocks and IAM policy documents).
"""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest

import sagemaker_tf as sagemaker
from sagemaker_tf._runtime.framework import (
    DataAwsS3Bucket,
    DataAwsSnsTopic,
    DefaultTokenResolver,
    EcrRepository,
    IamRole,
    KmsKey,
    S3Bucket,
    SnsTopic,
    StringConcat,
    TerraformStack,
    Tokenization,
)
from tests.conftest import only, resources, synth

CONFIG = "aws_sagemaker_endpoint_configuration"
KEY_ARN = "arn:aws:kms:us-east-1:111111111111:key/k-1"
TOPIC_ARN = "arn:aws:sns:us-east-1:111111111111:errors"


def model(stack: TerraformStack, id: str = "Model", **kwargs: Any) -> sagemaker.Model:
    repo = stack.node.try_find_child("Repo") or EcrRepository(stack, "Repo", name="repo")
    image = sagemaker.ContainerImage.from_ecr_repository(repo, "v1")
    return sagemaker.Model(stack, id, containers=[sagemaker.ContainerDefinition(image=image)], **kwargs)


def variant(m: sagemaker.IModel, name: str = "main", **kwargs: Any) -> sagemaker.InstanceProductionVariantProps:
    return sagemaker.InstanceProductionVariantProps(model=m, variant_name=name, **kwargs)


def resolve(stack: TerraformStack, value: str) -> str:
    return Tokenization.resolve(value, scope=stack, resolver=DefaultTokenResolver(StringConcat()))


def statements(doc: dict[str, Any], index: int = 0) -> list[dict[str, Any]]:
    """The statements of the index-th grants policy."""
    return json.loads(resources(doc, "aws_iam_role_policy")[index]["policy"])["Statement"]


def grants_on(doc: dict[str, Any], resource: str, index: int = 0) -> list[str]:
    """Every action the index-th grants policy allows on ``resource``."""
    return [a for s in statements(doc, index) if resource in s["Resource"] for a in s["Action"]]


# --- S3Location --------------------------------------------------------------------------------------------------


def test_location_from_bucket_builds_the_uri_from_the_bucket_name(stack):
    bucket = S3Bucket(stack, "Bucket", bucket_prefix="b-")
    assert (
        resolve(stack, sagemaker.S3Location.from_bucket(bucket, "capture/").uri)
        == "s3://${aws_s3_bucket.Bucket.bucket}/capture/"
    )
    assert resolve(stack, sagemaker.S3Location.bucket_root(bucket).uri) == "s3://${aws_s3_bucket.Bucket.bucket}/"


def test_location_from_uri_keeps_the_uri():
    assert sagemaker.S3Location.from_uri("s3://my-bucket/a/b").uri == "s3://my-bucket/a/b"


def test_data_capture_grants_write_on_exactly_the_bucket_and_prefix(stack):
    bucket = DataAwsS3Bucket(stack, "Bucket", bucket="captures")
    capture = sagemaker.DataCaptureConfig(destination=sagemaker.S3Location.from_bucket(bucket, "endpoint-a/"))
    sagemaker.EndpointConfig(
        stack, "Config", data_capture=capture, instance_production_variants=[variant(model(stack))]
    )
    doc = synth(stack)
    assert grants_on(doc, "${data.aws_s3_bucket.Bucket.arn}/endpoint-a/*") == [
        "s3:PutObject",
        "s3:AbortMultipartUpload",
    ]
    assert grants_on(doc, "${data.aws_s3_bucket.Bucket.arn}") == ["s3:GetBucketLocation"]
    assert not [s for s in statements(doc) if "${data.aws_s3_bucket.Bucket.arn}/*" in s["Resource"]]


def test_a_literal_uri_is_granted_through_the_partition(stack):
    location = sagemaker.S3Location.from_uri("s3://dump-bucket/core/")
    sagemaker.EndpointConfig(
        stack, "Config", instance_production_variants=[variant(model(stack), core_dump_destination=location)]
    )
    doc = synth(stack)
    s3 = "arn:${data.aws_partition.SagemakerTfPartition.partition}:s3:::"
    assert grants_on(doc, f"{s3}dump-bucket/core/*") == ["s3:PutObject", "s3:AbortMultipartUpload"]
    assert grants_on(doc, f"{s3}dump-bucket") == ["s3:GetBucketLocation"]


def test_a_token_uri_is_split_in_terraform(stack):
    bucket = S3Bucket(stack, "Bucket", bucket_prefix="b-")
    location = sagemaker.S3Location.from_uri(f"s3://{bucket.bucket}/out")
    config = sagemaker.AsyncInferenceConfig(output_path=location)
    sagemaker.EndpointConfig(
        stack, "Config", async_inference=config, instance_production_variants=[variant(model(stack))]
    )
    doc = synth(stack)
    resources_granted = [r for s in statements(doc) if "s3:PutObject" in s["Action"] for r in s["Resource"]]
    assert resources_granted == [
        "arn:${data.aws_partition.SagemakerTfPartition.partition}:s3:::"
        '${trimsuffix(trimprefix("s3://${aws_s3_bucket.Bucket.bucket}/out", "s3://"), "/")}/*'
    ]


# --- variant tuning ----------------------------------------------------------------------------------------------


def test_variant_tuning_reaches_the_production_variant(stack):
    key = KmsKey(stack, "Key")
    bucket = S3Bucket(stack, "Bucket", bucket_prefix="b-")
    sagemaker.EndpointConfig(
        stack,
        "Config",
        instance_production_variants=[
            variant(
                model(stack),
                instance_type=sagemaker.InstanceType.P3_2XLARGE,
                volume_size_in_gb=512,
                model_data_download_timeout=timedelta(hours=1),
                container_startup_health_check_timeout=timedelta(seconds=60),
                inference_ami_version="al2-ami-sagemaker-inference-gpu-3-1",
                routing_strategy=sagemaker.RoutingStrategy.LEAST_OUTSTANDING_REQUESTS,
                enable_ssm_access=False,
                core_dump_destination=sagemaker.S3Location.from_bucket(bucket, "dumps"),
                core_dump_encryption_key=key,
            )
        ],
    )
    (rendered,) = only(synth(stack), CONFIG)["production_variants"]
    assert {k: v for k, v in rendered.items() if k not in ("model_name", "variant_name")} == {
        "initial_instance_count": 1,
        "initial_variant_weight": 1,
        "instance_type": "ml.p3.2xlarge",
        "volume_size_in_gb": 512,
        "model_data_download_timeout_in_seconds": 3600,
        "container_startup_health_check_timeout_in_seconds": 60,
        "inference_ami_version": "al2-ami-sagemaker-inference-gpu-3-1",
        "routing_config": [{"routing_strategy": "LEAST_OUTSTANDING_REQUESTS"}],
        "enable_ssm_access": False,
        "core_dump_config": [
            {"destination_s3_uri": "s3://${aws_s3_bucket.Bucket.bucket}/dumps", "kms_key_id": "${aws_kms_key.Key.arn}"}
        ],
    }


def test_untuned_variant_renders_none_of_the_tuning_fields(stack):
    sagemaker.EndpointConfig(stack, "Config", instance_production_variants=[variant(model(stack))])
    (rendered,) = only(synth(stack), CONFIG)["production_variants"]
    assert set(rendered) == {
        "variant_name",
        "model_name",
        "initial_instance_count",
        "instance_type",
        "initial_variant_weight",
    }


@pytest.mark.parametrize(
    "ami",
    [
        "al2-ami-sagemaker-inference-gpu-2",
        "al2-ami-sagemaker-inference-gpu-2-1",
        "al2-ami-sagemaker-inference-gpu-3-1",
        "al2-ami-sagemaker-inference-neuron-2",
        "al2023-ami-sagemaker-inference-gpu-4-1",
    ],
)
def test_every_provider_inference_ami_version_is_accepted(stack, ami):
    sagemaker.EndpointConfig(
        stack, "Config", instance_production_variants=[variant(model(stack), inference_ami_version=ami)]
    )
    assert only(synth(stack), CONFIG)["production_variants"][0]["inference_ami_version"] == ami


def test_core_dump_grants_go_to_the_variant_model_only(stack):
    bucket = S3Bucket(stack, "Bucket", bucket_prefix="b-")
    dumps = sagemaker.S3Location.from_bucket(bucket, "dumps/")
    sagemaker.EndpointConfig(
        stack,
        "Config",
        instance_production_variants=[
            variant(model(stack, "A"), "a", core_dump_destination=dumps, core_dump_encryption_key=KEY_ARN),
            variant(model(stack, "B"), "b"),
        ],
    )
    doc = synth(stack)
    role_a, role_b = (p["role"] for p in resources(doc, "aws_iam_role_policy"))
    assert (role_a.startswith("${aws_iam_role.A_Role"), role_b.startswith("${aws_iam_role.B_Role")) == (True, True)
    assert grants_on(doc, "${aws_s3_bucket.Bucket.arn}/dumps/*", 0) == ["s3:PutObject", "s3:AbortMultipartUpload"]
    assert grants_on(doc, KEY_ARN, 0) == ["kms:Encrypt", "kms:GenerateDataKey*", "kms:Decrypt"]
    assert not [r for s in statements(doc, 1) for r in s["Resource"] if "Bucket" in r or "kms" in r]


def test_instance_production_variants_returns_the_tuning_props(stack):
    props = variant(model(stack), volume_size_in_gb=30, routing_strategy=sagemaker.RoutingStrategy.RANDOM)
    config = sagemaker.EndpointConfig(stack, "Config", instance_production_variants=[props])
    (back,) = config.instance_production_variants
    assert (back.volume_size_in_gb, back.routing_strategy, back.instance_type) == (
        30,
        sagemaker.RoutingStrategy.RANDOM,
        sagemaker.InstanceType.T2_MEDIUM,
    )


# --- async inference ---------------------------------------------------------------------------------------------


def test_async_inference_renders_output_notification_and_client_config(stack):
    bucket = S3Bucket(stack, "Bucket", bucket_prefix="b-")
    success = SnsTopic(stack, "Success")
    config = sagemaker.AsyncInferenceConfig(
        output_path=sagemaker.S3Location.from_bucket(bucket, "out/"),
        failure_path=sagemaker.S3Location.from_bucket(bucket, "failed/"),
        encryption_key=KEY_ARN,
        success_topic=success,
        error_topic=TOPIC_ARN,
        include_inference_response_in=[
            sagemaker.AsyncNotificationTopic.SUCCESS_NOTIFICATION_TOPIC,
            sagemaker.AsyncNotificationTopic.ERROR_NOTIFICATION_TOPIC,
        ],
        max_concurrent_invocations_per_instance=8,
    )
    endpoint_config = sagemaker.EndpointConfig(
        stack, "Config", async_inference=config, instance_production_variants=[variant(model(stack))]
    )
    assert endpoint_config.async_inference is config
    assert only(synth(stack), CONFIG)["async_inference_config"] == [
        {
            "output_config": [
                {
                    "s3_output_path": "s3://${aws_s3_bucket.Bucket.bucket}/out/",
                    "s3_failure_path": "s3://${aws_s3_bucket.Bucket.bucket}/failed/",
                    "kms_key_id": KEY_ARN,
                    "notification_config": [
                        {
                            "success_topic": "${aws_sns_topic.Success.arn}",
                            "error_topic": TOPIC_ARN,
                            "include_inference_response_in": ["SUCCESS_NOTIFICATION_TOPIC", "ERROR_NOTIFICATION_TOPIC"],
                        }
                    ],
                }
            ],
            "client_config": [{"max_concurrent_invocations_per_instance": 8}],
        }
    ]


def test_async_inference_without_concurrency_renders_no_client_config(stack):
    config = sagemaker.AsyncInferenceConfig(output_path=sagemaker.S3Location.from_uri("s3://out-bucket/async"))
    sagemaker.EndpointConfig(
        stack, "Config", async_inference=config, instance_production_variants=[variant(model(stack))]
    )
    assert only(synth(stack), CONFIG)["async_inference_config"] == [
        {"output_config": [{"s3_output_path": "s3://out-bucket/async"}]}
    ]


def test_real_time_config_has_no_async_block_and_no_async_property(stack):
    config = sagemaker.EndpointConfig(stack, "Config", instance_production_variants=[variant(model(stack))])
    assert config.async_inference is None
    rendered = only(synth(stack), CONFIG)
    assert not {"async_inference_config", "data_capture_config", "shadow_production_variants"} & set(rendered)


def test_async_inference_grants_paths_key_and_topics_to_every_model(stack):
    bucket = S3Bucket(stack, "Bucket", bucket_prefix="b-")
    errors = DataAwsSnsTopic(stack, "Errors", name="errors")
    config = sagemaker.AsyncInferenceConfig(
        output_path=sagemaker.S3Location.from_bucket(bucket, "out"),
        failure_path=sagemaker.S3Location.from_bucket(bucket, "failed"),
        encryption_key=KEY_ARN,
        success_topic=TOPIC_ARN,
        error_topic=errors,
    )
    endpoint_config = sagemaker.EndpointConfig(
        stack, "Config", async_inference=config, instance_production_variants=[variant(model(stack, "A"), "a")]
    )
    endpoint_config.add_instance_production_variant(variant(model(stack, "B"), "b"))
    doc = synth(stack)
    for index in range(2):
        assert grants_on(doc, "${aws_s3_bucket.Bucket.arn}/out/*", index) == ["s3:PutObject", "s3:AbortMultipartUpload"]
        assert grants_on(doc, "${aws_s3_bucket.Bucket.arn}/failed/*", index) == [
            "s3:PutObject",
            "s3:AbortMultipartUpload",
        ]
        assert grants_on(doc, KEY_ARN, index) == ["kms:Encrypt", "kms:GenerateDataKey*", "kms:Decrypt"]
        publish = [s for s in statements(doc, index) if s["Action"] == ["sns:Publish"]]
        assert publish == [
            {"Effect": "Allow", "Action": ["sns:Publish"], "Resource": [TOPIC_ARN, "${data.aws_sns_topic.Errors.arn}"]}
        ]


def test_grants_to_a_given_role_land_on_that_role(stack):
    role = IamRole(stack, "Role", assume_role_policy="{}")
    capture = sagemaker.DataCaptureConfig(destination=sagemaker.S3Location.from_uri("s3://caps/x"))
    sagemaker.EndpointConfig(
        stack, "Config", data_capture=capture, instance_production_variants=[variant(model(stack, role=role))]
    )
    doc = synth(stack)
    assert only(doc, "aws_iam_role_policy")["role"] == "${aws_iam_role.Role.name}"
    assert [
        d
        for d in only(doc, "aws_sagemaker_model")["depends_on"]
        if d.startswith("aws_iam_role_policy.Role_SagemakerTfGrants_")
    ]


def test_an_imported_model_without_a_role_gets_no_grant(stack):
    imported = sagemaker.Model.from_model_name(stack, "Imported", "existing")
    capture = sagemaker.DataCaptureConfig(destination=sagemaker.S3Location.from_uri("s3://caps/x"))
    sagemaker.EndpointConfig(stack, "Config", data_capture=capture, instance_production_variants=[variant(imported)])
    doc = synth(stack)
    assert resources(doc, "aws_iam_role_policy") == []
    assert only(doc, CONFIG)["data_capture_config"][0]["destination_s3_uri"] == "s3://caps/x"


# --- data capture ------------------------------------------------------------------------------------------------


def test_data_capture_renders_enable_capture_options_and_content_types(stack):
    capture = sagemaker.DataCaptureConfig(
        destination=sagemaker.S3Location.from_uri("s3://caps/endpoint"),
        sampling_percentage=0,
        encryption_key=KEY_ARN,
        json_content_types=["application/json", "application/jsonlines"],
        csv_content_types=["text/csv"],
    )
    config = sagemaker.EndpointConfig(
        stack, "Config", data_capture=capture, instance_production_variants=[variant(model(stack))]
    )
    assert config.data_capture is capture
    assert only(synth(stack), CONFIG)["data_capture_config"] == [
        {
            "enable_capture": True,
            "initial_sampling_percentage": 0,
            "destination_s3_uri": "s3://caps/endpoint",
            "capture_options": [{"capture_mode": "Input"}, {"capture_mode": "Output"}],
            "kms_key_id": KEY_ARN,
            "capture_content_type_header": [
                {"json_content_types": ["application/json", "application/jsonlines"], "csv_content_types": ["text/csv"]}
            ],
        }
    ]


@pytest.mark.parametrize(
    ("capture_input", "capture_output", "modes"),
    [(True, False, ["Input"]), (False, True, ["Output"]), (True, True, ["Input", "Output"])],
)
def test_data_capture_renders_one_capture_option_per_direction(stack, capture_input, capture_output, modes):
    capture = sagemaker.DataCaptureConfig(
        destination=sagemaker.S3Location.from_uri("s3://caps/x"),
        capture_input=capture_input,
        capture_output=capture_output,
    )
    sagemaker.EndpointConfig(
        stack, "Config", data_capture=capture, instance_production_variants=[variant(model(stack))]
    )
    (block,) = only(synth(stack), CONFIG)["data_capture_config"]
    assert [o["capture_mode"] for o in block["capture_options"]] == modes


def test_disabled_data_capture_renders_enable_capture_false(stack):
    capture = sagemaker.DataCaptureConfig(destination=sagemaker.S3Location.from_uri("s3://caps/x"), enabled=False)
    sagemaker.EndpointConfig(
        stack, "Config", data_capture=capture, instance_production_variants=[variant(model(stack))]
    )
    (block,) = only(synth(stack), CONFIG)["data_capture_config"]
    assert (block["enable_capture"], block["initial_sampling_percentage"]) == (False, 100)
    assert "capture_content_type_header" not in block and "kms_key_id" not in block


# --- shadow variants ---------------------------------------------------------------------------------------------


def test_shadow_variant_renders_next_to_the_production_variant(stack):
    config = sagemaker.EndpointConfig(
        stack,
        "Config",
        instance_production_variants=[variant(model(stack, "Current"), "current")],
        shadow_production_variants=[
            variant(
                model(stack, "Candidate"),
                "candidate",
                instance_type=sagemaker.InstanceType.M5_LARGE,
                initial_variant_weight=0.5,
            )
        ],
    )
    rendered = only(synth(stack), CONFIG)
    assert [v["variant_name"] for v in rendered["production_variants"]] == ["current"]
    (shadow,) = rendered["shadow_production_variants"]
    assert shadow.pop("model_name").startswith("${aws_sagemaker_model.Candidate_Model_")
    assert shadow == {
        "variant_name": "candidate",
        "initial_instance_count": 1,
        "instance_type": "ml.m5.large",
        "initial_variant_weight": 0.5,
    }
    assert [p.variant_name for p in config.shadow_production_variants] == ["candidate"]


def test_add_shadow_production_variant_after_construction(stack):
    config = sagemaker.EndpointConfig(stack, "Config", instance_production_variants=[variant(model(stack), "prod")])
    config.add_shadow_production_variant(variant(model(stack, "Shadow"), "shadow"))
    assert [v["variant_name"] for v in only(synth(stack), CONFIG)["shadow_production_variants"]] == ["shadow"]


def test_shadow_variant_with_two_production_variants_fails_at_synth(stack):
    config = sagemaker.EndpointConfig(
        stack, "Config", instance_production_variants=[variant(model(stack), "a"), variant(model(stack, "B"), "b")]
    )
    config.add_shadow_production_variant(variant(model(stack, "Shadow"), "shadow"))
    with pytest.raises(
        Exception,
        match=r"\[Stack/Config\] A shadow variant needs exactly 1 production instance "
        r"variant \(got 2\)",
    ):
        synth(stack)


def test_shadow_test_with_a_pipeline_model_fails_at_synth(stack):
    repo = EcrRepository(stack, "Repo", name="repo")
    image = sagemaker.ContainerImage.from_ecr_repository(repo)
    pipeline = sagemaker.Model(stack, "Pipeline", containers=[sagemaker.ContainerDefinition(image=image)] * 2)
    sagemaker.EndpointConfig(
        stack,
        "Config",
        instance_production_variants=[variant(pipeline, "prod")],
        shadow_production_variants=[variant(model(stack, "Shadow"), "shadow")],
    )
    with pytest.raises(
        Exception,
        match=r"Shadow tests do not support multi-container models \(variant 'prod' "
        r"hosts 2 containers\)",
    ):
        synth(stack)


def test_shadow_test_on_inf1_fails_at_synth(stack):
    sagemaker.EndpointConfig(
        stack,
        "Config",
        instance_production_variants=[variant(model(stack), "prod")],
        shadow_production_variants=[
            variant(model(stack, "Shadow"), "shadow", instance_type=sagemaker.InstanceType.of("ml.inf1.xlarge"))
        ],
    )
    with pytest.raises(
        Exception,
        match=r"Shadow tests do not support Inf1 instances \(variant 'shadow': "
        r"ml.inf1.xlarge\)",
    ):
        synth(stack)


def test_shadow_variant_gets_the_data_capture_grants(stack):
    capture = sagemaker.DataCaptureConfig(destination=sagemaker.S3Location.from_uri("s3://caps/x"))
    sagemaker.EndpointConfig(
        stack,
        "Config",
        data_capture=capture,
        instance_production_variants=[variant(model(stack, "Prod"), "prod")],
        shadow_production_variants=[variant(model(stack, "Shadow"), "shadow")],
    )
    doc = synth(stack)
    s3 = "arn:${data.aws_partition.SagemakerTfPartition.partition}:s3:::caps/x/*"
    assert [grants_on(doc, s3, i) for i in range(2)] == [["s3:PutObject", "s3:AbortMultipartUpload"]] * 2


def test_config_waits_for_grants_made_to_an_imported_models_role(stack):
    role = IamRole(stack, "Role", assume_role_policy="{}")
    imported = sagemaker.Model.from_model_attributes(
        stack, "Imported", role=role, model_arn="arn:aws:sagemaker:us-east-1:111111111111:model/m"
    )
    capture = sagemaker.DataCaptureConfig(destination=sagemaker.S3Location.from_uri("s3://caps/x"))
    sagemaker.EndpointConfig(stack, "Config", data_capture=capture, instance_production_variants=[variant(imported)])
    doc = synth(stack)
    depends_on = only(doc, CONFIG)["depends_on"]
    assert depends_on[0] == "aws_iam_role.Role"
    assert depends_on[1].startswith("aws_iam_role_policy.Role_SagemakerTfGrants_") and len(depends_on) == 2


def test_config_without_writes_depends_on_nothing(stack):
    role = IamRole(stack, "Role", assume_role_policy="{}")
    imported = sagemaker.Model.from_model_attributes(
        stack, "Imported", role=role, model_arn="arn:aws:sagemaker:us-east-1:111111111111:model/m"
    )
    sagemaker.EndpointConfig(
        stack, "Config", instance_production_variants=[variant(imported), variant(model(stack), "b")]
    )
    assert "depends_on" not in only(synth(stack), CONFIG)
