"""S3Location: the URI it builds from a bucket or keeps, and how a literal or token URI is granted."""

from __future__ import annotations

import sagemaker_tf as sagemaker
from sagemaker_tf._runtime.framework import (
    S3Bucket,
)
from tests.helpers import ecr_model, grant_statements, grants_on, instance_variant, resolve_tokens, synth


def test_location_from_bucket_builds_the_uri_from_the_bucket_name(stack):
    bucket = S3Bucket(stack, "Bucket", bucket_prefix="b-")
    assert (
        resolve_tokens(stack, sagemaker.S3Location.from_bucket(bucket, "capture/").uri)
        == "s3://${aws_s3_bucket.Bucket.bucket}/capture/"
    )
    assert resolve_tokens(stack, sagemaker.S3Location.bucket_root(bucket).uri) == "s3://${aws_s3_bucket.Bucket.bucket}/"


def test_location_from_uri_keeps_the_uri():
    assert sagemaker.S3Location.from_uri("s3://my-bucket/a/b").uri == "s3://my-bucket/a/b"


def test_a_literal_uri_is_granted_through_the_partition(stack):
    location = sagemaker.S3Location.from_uri("s3://dump-bucket/core/")
    sagemaker.EndpointConfig(
        stack,
        "Config",
        instance_production_variants=[instance_variant(ecr_model(stack), core_dump_destination=location)],
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
        stack, "Config", async_inference=config, instance_production_variants=[instance_variant(ecr_model(stack))]
    )
    doc = synth(stack)
    resources_granted = [r for s in grant_statements(doc) if "s3:PutObject" in s["Action"] for r in s["Resource"]]
    assert resources_granted == [
        "arn:${data.aws_partition.SagemakerTfPartition.partition}:s3:::"
        '${trimsuffix(trimprefix("s3://${aws_s3_bucket.Bucket.bucket}/out", "s3://"), "/")}/*'
    ]
