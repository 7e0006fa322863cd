"""DataCaptureConfig: the data_capture_config block it renders and the write grant on its destination."""

from __future__ import annotations

import pytest

import sagemaker_tf as sagemaker
from sagemaker_tf._runtime.framework import (
    DataAwsS3Bucket,
)
from tests.helpers import (
    CONFIG,
    KEY_ARN,
    ecr_model,
    grant_statements,
    grants_on,
    instance_variant,
    only,
    synth,
)


def test_data_capture_grants_write_on_exactly_the_bucket_and_prefix(stack):
    bucket = DataAwsS3Bucket(stack, "Bucket", bucket="captures")
    capture = sagemaker.DataCaptureConfig(destination=sagemaker.S3Location.from_bucket(bucket, "endpoint-a/"))
    sagemaker.EndpointConfig(
        stack, "Config", data_capture=capture, instance_production_variants=[instance_variant(ecr_model(stack))]
    )
    doc = synth(stack)
    assert grants_on(doc, "${data.aws_s3_bucket.Bucket.arn}/endpoint-a/*") == [
        "s3:PutObject",
        "s3:AbortMultipartUpload",
    ]
    assert grants_on(doc, "${data.aws_s3_bucket.Bucket.arn}") == ["s3:GetBucketLocation"]
    assert not [s for s in grant_statements(doc) if "${data.aws_s3_bucket.Bucket.arn}/*" in s["Resource"]]


def test_data_capture_renders_enable_capture_options_and_content_types(stack):
    capture = sagemaker.DataCaptureConfig(
        destination=sagemaker.S3Location.from_uri("s3://caps/endpoint"),
        sampling_percentage=0,
        encryption_key=KEY_ARN,
        json_content_types=["application/json", "application/jsonlines"],
        csv_content_types=["text/csv"],
    )
    config = sagemaker.EndpointConfig(
        stack, "Config", data_capture=capture, instance_production_variants=[instance_variant(ecr_model(stack))]
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
        stack, "Config", data_capture=capture, instance_production_variants=[instance_variant(ecr_model(stack))]
    )
    (block,) = only(synth(stack), CONFIG)["data_capture_config"]
    assert [o["capture_mode"] for o in block["capture_options"]] == modes


def test_disabled_data_capture_renders_enable_capture_false(stack):
    capture = sagemaker.DataCaptureConfig(destination=sagemaker.S3Location.from_uri("s3://caps/x"), enabled=False)
    sagemaker.EndpointConfig(
        stack, "Config", data_capture=capture, instance_production_variants=[instance_variant(ecr_model(stack))]
    )
    (block,) = only(synth(stack), CONFIG)["data_capture_config"]
    assert (block["enable_capture"], block["initial_sampling_percentage"]) == (False, 100)
    assert "capture_content_type_header" not in block and "kms_key_id" not in block
