"""DataCaptureConfig: the data_capture_config block it renders and the write grant on its destination."""

from __future__ import annotations

import json
from typing import Any

import pytest

import sagemaker_tf as sagemaker
from sagemaker_tf._runtime.framework import (
    DataAwsS3Bucket,
    EcrRepository,
    TerraformStack,
)
from tests.helpers import only, resources, synth

CONFIG = "aws_sagemaker_endpoint_configuration"


KEY_ARN = "arn:aws:kms:us-east-1:111111111111:key/k-1"


def model(stack: TerraformStack, id: str = "Model", **kwargs: Any) -> sagemaker.Model:
    repo = stack.node.try_find_child("Repo") or EcrRepository(stack, "Repo", name="repo")
    image = sagemaker.ContainerImage.from_ecr_repository(repo, "v1")
    return sagemaker.Model(stack, id, containers=[sagemaker.ContainerDefinition(image=image)], **kwargs)


def variant(m: sagemaker.IModel, name: str = "main", **kwargs: Any) -> sagemaker.InstanceProductionVariantProps:
    return sagemaker.InstanceProductionVariantProps(model=m, variant_name=name, **kwargs)


def statements(doc: dict[str, Any], index: int = 0) -> list[dict[str, Any]]:
    """The statements of the index-th grants policy."""
    return json.loads(resources(doc, "aws_iam_role_policy")[index]["policy"])["Statement"]


def grants_on(doc: dict[str, Any], resource: str, index: int = 0) -> list[str]:
    """Every action the index-th grants policy allows on ``resource``."""
    return [a for s in statements(doc, index) if resource in s["Resource"] for a in s["Action"]]


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
