"""S3Location: the URI it builds from a bucket or keeps, and how a literal or token URI is granted."""

from __future__ import annotations

import json
from typing import Any

import sagemaker_tf as sagemaker
from sagemaker_tf._runtime.framework import (
    DefaultTokenResolver,
    EcrRepository,
    S3Bucket,
    StringConcat,
    TerraformStack,
    Tokenization,
)
from tests.helpers import resources, synth


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


def test_location_from_bucket_builds_the_uri_from_the_bucket_name(stack):
    bucket = S3Bucket(stack, "Bucket", bucket_prefix="b-")
    assert (
        resolve(stack, sagemaker.S3Location.from_bucket(bucket, "capture/").uri)
        == "s3://${aws_s3_bucket.Bucket.bucket}/capture/"
    )
    assert resolve(stack, sagemaker.S3Location.from_bucket(bucket).uri) == "s3://${aws_s3_bucket.Bucket.bucket}/"


def test_location_from_uri_keeps_the_uri():
    assert sagemaker.S3Location.from_uri("s3://my-bucket/a/b").uri == "s3://my-bucket/a/b"


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
