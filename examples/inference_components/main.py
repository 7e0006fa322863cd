"""Inference components: two LLMs and a Model Registry model sharing one GPU endpoint that scales to zero.

One ``ml.g5.12xlarge`` variant (4 NVIDIA A10G GPUs) hosts inference components instead of a model:

- ``Llama``: a model from S3 weights on the Hugging Face TGI image, 2 GPUs per copy, 0 to 2 copies scaled on the
  requests in flight per copy;
- ``Mistral``: a container (image, weights archive, environment) deployed straight onto the endpoint, 1 GPU per copy,
  0 to 2 copies scaled on invocations per copy;
- ``Churn``: a model whose container comes from the Model Registry (a model package version), 1 GPU.

SageMaker places the copies on instances and adds or removes instances between 0 and 2 (managed instance scaling).
Every component can drop to zero copies, so the endpoint can release its last instance when no one calls it; the
first call then fails, its ``NoCapacityInvocationFailures`` alarm adds a copy, and an instance and the copy take
minutes to start.

Run: ``python examples/inference_components/main.py`` (or ``cdktf synth`` in this folder).
"""

from datetime import timedelta

import sagemaker_tf as sagemaker  # first: it makes the provider bindings below load lazily (fast)
from sagemaker_tf.framework import (
    App,
    AwsProvider,
    DataAwsIamRole,
    DataAwsS3Bucket,
    LocalBackend,
    TerraformOutput,
    TerraformStack,
)

VARIANT = "llms"
TGI_IMAGE = ("huggingface-pytorch-tgi-inference", "2.4.0-tgi2.4.0-gpu-py311-cu124-ubuntu22.04")
CHURN_PACKAGE = "arn:aws:sagemaker:us-east-1:111111111111:model-package/churn-models/7"


def build(app: App) -> TerraformStack:
    stack = TerraformStack(app, "inference-components")
    AwsProvider(stack, "aws", region="us-east-1")
    LocalBackend(stack, path="../../../terraform.inference-components.tfstate")  # relative: relocatable JSON

    weights = DataAwsS3Bucket(stack, "Weights", bucket="my-llm-weights")
    app_role = DataAwsIamRole(stack, "AppRole", name="chat-backend")

    endpoint_config = sagemaker.EndpointConfig(
        stack,
        "EndpointConfig",
        instance_production_variants=[
            sagemaker.InstanceProductionVariantProps(  # no model: the variant hosts inference components
                variant_name=VARIANT,
                instance_type=sagemaker.InstanceType.G5_12XLARGE,
                managed_instance_scaling=sagemaker.ManagedInstanceScaling(min_instance_count=0, max_instance_count=2),
                routing_strategy=sagemaker.RoutingStrategy.LEAST_OUTSTANDING_REQUESTS,
            )
        ],
    )
    endpoint = sagemaker.Endpoint(stack, "Endpoint", endpoint_config=endpoint_config)

    llama_model = sagemaker.Model(
        stack,
        "LlamaModel",
        containers=[
            sagemaker.ContainerDefinition(
                image=sagemaker.ContainerImage.from_dlc(*TGI_IMAGE),
                model_data=sagemaker.ModelData.from_bucket(weights, "llama-3.1-8b/model.tar.gz"),
                environment={"SM_NUM_GPUS": "2", "MAX_INPUT_LENGTH": "4096", "MAX_TOTAL_TOKENS": "8192"},
            )
        ],
    )
    llama = sagemaker.InferenceComponent(
        stack,
        "Llama",
        endpoint=endpoint,
        variant_name=VARIANT,
        model=llama_model,
        compute=sagemaker.ComputeRequirements(min_memory_mb=32_768, accelerators=2),
        container_startup_timeout=timedelta(minutes=15),
    )
    llama_copies = llama.auto_scale_copy_count(min_capacity=0, max_capacity=2)
    llama_copies.scale_on_concurrent_requests_per_copy("Concurrency", target=4, scale_in_cooldown=timedelta(minutes=15))

    mistral = sagemaker.InferenceComponent(
        stack,
        "Mistral",
        endpoint=endpoint,
        variant_name=VARIANT,
        container=sagemaker.ContainerDefinition(
            image=sagemaker.ContainerImage.from_dlc(*TGI_IMAGE),
            model_data=sagemaker.ModelData.from_bucket(weights, "mistral-7b/model.tar.gz"),
            environment={"SM_NUM_GPUS": "1"},
        ),
        compute=sagemaker.ComputeRequirements(min_memory_mb=16_384, accelerators=1),
        model_data_download_timeout=timedelta(minutes=20),
    )
    mistral_copies = mistral.auto_scale_copy_count(min_capacity=0, max_capacity=2)
    mistral_copies.scale_on_invocations_per_copy("Load", target=30, scale_in_cooldown=timedelta(minutes=15))

    churn_model = sagemaker.Model(
        stack,
        "ChurnModel",
        containers=[sagemaker.ContainerDefinition(model_package=sagemaker.ModelPackage.from_arn(CHURN_PACKAGE))],
    )
    churn_model.add_to_role_policy(  # the package's artifacts: the ARN does not say where they are
        sagemaker.PolicyStatement(actions=["s3:GetObject"], resources=["arn:aws:s3:::my-model-registry/churn/*"])
    )
    churn = sagemaker.InferenceComponent(
        stack,
        "Churn",
        endpoint=endpoint,
        variant_name=VARIANT,
        model=churn_model,
        compute=sagemaker.ComputeRequirements(min_memory_mb=4096, accelerators=1, cpu_cores=2),
        copy_count=0,
    )
    churn.auto_scale_copy_count(min_capacity=0, max_capacity=1).scale_on_invocations_per_copy("Load", target=100)

    for component in (llama, mistral, churn):
        component.grant_invoke(app_role.arn)
    llama.metric_model_latency(statistic="p90", period=timedelta(minutes=1)).create_alarm(
        stack,
        "LlamaLatency",
        threshold=20_000_000,
        evaluation_periods=5,
        alarm_description="Llama p90 latency above 20 s",
    )
    TerraformOutput(stack, "EndpointName", value=endpoint.endpoint_name)
    TerraformOutput(stack, "LlamaComponent", value=llama.inference_component_name)
    return stack


if __name__ == "__main__":
    app = App()
    build(app)
    app.synth()
