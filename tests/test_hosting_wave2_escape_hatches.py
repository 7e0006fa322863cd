"""A user's ``add_override`` reaches the output inside the Wave 2 blocks the library renders.

``async_inference_config``, ``data_capture_config``, ``shadow_production_variants`` and the tuning fields inside
``production_variants`` are rendered through ``sagemaker_tf._runtime.render``: an override path inside them merges into
the library's block instead of replacing it (or vanishing).
"""

from __future__ import annotations

import sagemaker_tf as sagemaker
from sagemaker_tf._runtime.framework import EcrRepository, TerraformStack
from tests.conftest import only, synth

CONFIG = "aws_sagemaker_endpoint_configuration"
OUT = sagemaker.S3Location.from_uri("s3://out-bucket/async")


def model(stack: TerraformStack, id: str) -> sagemaker.Model:
    repo = stack.node.try_find_child("Repo") or EcrRepository(stack, "Repo", name="repo")
    image = sagemaker.ContainerImage.from_ecr_repository(repo)
    return sagemaker.Model(stack, id, containers=[sagemaker.ContainerDefinition(image=image)])


def config(stack: TerraformStack, **kwargs) -> sagemaker.EndpointConfig:
    return sagemaker.EndpointConfig(
        stack,
        "Config",
        instance_production_variants=[
            sagemaker.InstanceProductionVariantProps(
                model=model(stack, "Model"), variant_name="main", volume_size_in_gb=64
            )
        ],
        **kwargs,
    )


def test_override_inside_async_output_config_keeps_the_output_path(stack):
    endpoint_config = config(stack, async_inference=sagemaker.AsyncInferenceConfig(output_path=OUT))
    endpoint_config.resource.add_override(
        "async_inference_config.0.output_config.0.s3_failure_path", "s3://out-bucket/failed"
    )
    (block,) = only(synth(stack), CONFIG)["async_inference_config"]
    assert block == {
        "output_config": [{"s3_output_path": "s3://out-bucket/async", "s3_failure_path": "s3://out-bucket/failed"}]
    }


def test_override_adds_client_config_next_to_the_rendered_output_config(stack):
    endpoint_config = config(stack, async_inference=sagemaker.AsyncInferenceConfig(output_path=OUT))
    endpoint_config.resource.add_override(
        "async_inference_config.0.client_config", [{"max_concurrent_invocations_per_instance": 2}]
    )
    (block,) = only(synth(stack), CONFIG)["async_inference_config"]
    assert block["client_config"] == [{"max_concurrent_invocations_per_instance": 2}]
    assert block["output_config"][0]["s3_output_path"] == "s3://out-bucket/async"


def test_override_inside_data_capture_keeps_the_rendered_capture(stack):
    capture = sagemaker.DataCaptureConfig(
        destination=sagemaker.S3Location.from_uri("s3://caps/x"), sampling_percentage=5
    )
    config(stack, data_capture=capture).resource.add_override("data_capture_config.0.initial_sampling_percentage", 50)
    (block,) = only(synth(stack), CONFIG)["data_capture_config"]
    assert (block["initial_sampling_percentage"], block["enable_capture"], block["destination_s3_uri"]) == (
        50,
        True,
        "s3://caps/x",
    )
    assert block["capture_options"] == [{"capture_mode": "Input"}, {"capture_mode": "Output"}]


def test_override_of_one_capture_option_touches_only_that_option(stack):
    capture = sagemaker.DataCaptureConfig(destination=sagemaker.S3Location.from_uri("s3://caps/x"))
    config(stack, data_capture=capture).resource.add_override(
        "data_capture_config.0.capture_options.1.capture_mode", "InputAndOutput"
    )
    (block,) = only(synth(stack), CONFIG)["data_capture_config"]
    assert block["capture_options"] == [{"capture_mode": "Input"}, {"capture_mode": "InputAndOutput"}]


def test_override_inside_the_shadow_variant_keeps_its_rendered_fields(stack):
    endpoint_config = config(
        stack,
        shadow_production_variants=[
            sagemaker.InstanceProductionVariantProps(model=model(stack, "Shadow"), variant_name="shadow")
        ],
    )
    endpoint_config.resource.add_override("shadow_production_variants.0.initial_instance_count", 3)
    (shadow,) = only(synth(stack), CONFIG)["shadow_production_variants"]
    assert (shadow["variant_name"], shadow["initial_instance_count"], shadow["instance_type"]) == (
        "shadow",
        3,
        "ml.t2.medium",
    )


def test_override_inside_a_tuning_block_of_a_production_variant(stack):
    endpoint_config = config(stack)
    endpoint_config.resource.add_override("production_variants.0.routing_config", [{"routing_strategy": "RANDOM"}])
    endpoint_config.resource.add_override("production_variants.0.volume_size_in_gb", 128)
    (main,) = only(synth(stack), CONFIG)["production_variants"]
    assert (main["routing_config"], main["volume_size_in_gb"], main["variant_name"]) == (
        [{"routing_strategy": "RANDOM"}],
        128,
        "main",
    )
