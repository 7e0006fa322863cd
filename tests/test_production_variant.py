"""Production variant props: the tuning fields, core dumps, and shadow variants, asserted on the synthesized JSON."""

from __future__ import annotations

from datetime import timedelta

import pytest

import sagemaker_tf as sagemaker
from sagemaker_tf._runtime.framework import (
    EcrRepository,
    KmsKey,
    S3Bucket,
)
from tests.helpers import (
    CONFIG,
    KEY_ARN,
    ecr_model,
    grant_statements,
    grants_on,
    instance_variant,
    only,
    resources,
    synth,
)


def test_variant_tuning_reaches_the_production_variant(stack):
    key = KmsKey(stack, "Key")
    bucket = S3Bucket(stack, "Bucket", bucket_prefix="b-")
    sagemaker.EndpointConfig(
        stack,
        "Config",
        instance_production_variants=[
            instance_variant(
                ecr_model(stack),
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
    sagemaker.EndpointConfig(stack, "Config", instance_production_variants=[instance_variant(ecr_model(stack))])
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
        stack, "Config", instance_production_variants=[instance_variant(ecr_model(stack), inference_ami_version=ami)]
    )
    assert only(synth(stack), CONFIG)["production_variants"][0]["inference_ami_version"] == ami


def test_core_dump_grants_go_to_the_variant_model_only(stack):
    bucket = S3Bucket(stack, "Bucket", bucket_prefix="b-")
    dumps = sagemaker.S3Location.from_bucket(bucket, "dumps/")
    sagemaker.EndpointConfig(
        stack,
        "Config",
        instance_production_variants=[
            instance_variant(ecr_model(stack, "A"), "a", core_dump_destination=dumps, core_dump_encryption_key=KEY_ARN),
            instance_variant(ecr_model(stack, "B"), "b"),
        ],
    )
    doc = synth(stack)
    role_a, role_b = (p["role"] for p in resources(doc, "aws_iam_role_policy"))
    assert (role_a.startswith("${aws_iam_role.A_Role"), role_b.startswith("${aws_iam_role.B_Role")) == (True, True)
    assert grants_on(doc, "${aws_s3_bucket.Bucket.arn}/dumps/*", 0) == ["s3:PutObject", "s3:AbortMultipartUpload"]
    assert grants_on(doc, KEY_ARN, 0) == ["kms:Encrypt", "kms:GenerateDataKey*", "kms:Decrypt"]
    assert not [r for s in grant_statements(doc, 1) for r in s["Resource"] if "Bucket" in r or "kms" in r]


def test_instance_production_variants_returns_the_tuning_props(stack):
    props = instance_variant(ecr_model(stack), volume_size_in_gb=30, routing_strategy=sagemaker.RoutingStrategy.RANDOM)
    config = sagemaker.EndpointConfig(stack, "Config", instance_production_variants=[props])
    (back,) = config.instance_production_variants
    assert (back.volume_size_in_gb, back.routing_strategy, back.instance_type) == (
        30,
        sagemaker.RoutingStrategy.RANDOM,
        sagemaker.InstanceType.T2_MEDIUM,
    )


def test_shadow_variant_renders_next_to_the_production_variant(stack):
    config = sagemaker.EndpointConfig(
        stack,
        "Config",
        instance_production_variants=[instance_variant(ecr_model(stack, "Current"), "current")],
        shadow_production_variants=[
            instance_variant(
                ecr_model(stack, "Candidate"),
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
    config = sagemaker.EndpointConfig(
        stack, "Config", instance_production_variants=[instance_variant(ecr_model(stack), "prod")]
    )
    config.add_shadow_production_variant(instance_variant(ecr_model(stack, "Shadow"), "shadow"))
    assert [v["variant_name"] for v in only(synth(stack), CONFIG)["shadow_production_variants"]] == ["shadow"]


def test_shadow_variant_with_two_production_variants_fails_at_synth(stack):
    config = sagemaker.EndpointConfig(
        stack,
        "Config",
        instance_production_variants=[
            instance_variant(ecr_model(stack), "a"),
            instance_variant(ecr_model(stack, "B"), "b"),
        ],
    )
    config.add_shadow_production_variant(instance_variant(ecr_model(stack, "Shadow"), "shadow"))
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
        instance_production_variants=[instance_variant(pipeline, "prod")],
        shadow_production_variants=[instance_variant(ecr_model(stack, "Shadow"), "shadow")],
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
        instance_production_variants=[instance_variant(ecr_model(stack), "prod")],
        shadow_production_variants=[
            instance_variant(
                ecr_model(stack, "Shadow"), "shadow", instance_type=sagemaker.InstanceType.of("ml.inf1.xlarge")
            )
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
        instance_production_variants=[instance_variant(ecr_model(stack, "Prod"), "prod")],
        shadow_production_variants=[instance_variant(ecr_model(stack, "Shadow"), "shadow")],
    )
    doc = synth(stack)
    s3 = "arn:${data.aws_partition.SagemakerTfPartition.partition}:s3:::caps/x/*"
    assert [grants_on(doc, s3, i) for i in range(2)] == [["s3:PutObject", "s3:AbortMultipartUpload"]] * 2
