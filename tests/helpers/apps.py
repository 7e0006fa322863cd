"""Small apps the property tests build: a model, an endpoint with one variant, and the "good app" that must still
synthesize after any bad input (the process stays usable)."""

from __future__ import annotations

import json
from typing import Any

import sagemaker_tf as sagemaker
from sagemaker_tf._runtime.framework import DataAwsEcrRepository, TerraformStack
from sagemaker_tf._runtime.framework import Testing as CdktfTesting
from tests.helpers import make_stack


def model(stack: TerraformStack, id: str = "Model") -> sagemaker.Model:
    repository = stack.node.try_find_child("Repo") or DataAwsEcrRepository(stack, "Repo", name="repo")
    image = sagemaker.ContainerImage.from_ecr_repository(repository, "v1")
    return sagemaker.Model(stack, id, containers=[sagemaker.ContainerDefinition(image=image)])


def endpoint(
    stack: TerraformStack, *, count: int = 2, instance_type: str = "ml.m5.large", async_: bool = False, **kwargs: Any
) -> sagemaker.Endpoint:
    props = sagemaker.InstanceProductionVariantProps(
        model=model(stack), variant_name="main", instance_type=instance_type, initial_instance_count=count
    )
    async_inference = (
        sagemaker.AsyncInferenceConfig(output_path=sagemaker.S3Location.from_uri("s3://bucket/out")) if async_ else None
    )
    config = sagemaker.EndpointConfig(
        stack, "Config", instance_production_variants=[props], async_inference=async_inference
    )
    return sagemaker.Endpoint(stack, "Endpoint", endpoint_config=config, **kwargs)


def synth_json(stack: TerraformStack) -> dict[str, Any]:
    return json.loads(CdktfTesting.synth(stack, run_validations=True))


def assert_good_app_synthesizes() -> None:
    """A complete valid app still synthesizes in this process (a NaN that reached the kernel would break it)."""
    stack = make_stack()
    made = endpoint(stack)
    made.find_instance_production_variant("main").auto_scale_instance_count(max_capacity=3).scale_on_invocations(
        "Rps", max_requests_per_second=10.5
    )
    doc = synth_json(stack)
    assert doc["resource"]["aws_sagemaker_endpoint"], "the good app lost its endpoint"
