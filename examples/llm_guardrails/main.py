"""LLM with guardrails: a large-model variant on ml.g5 updated by a blue/green canary with automatic rollback.

The variant is tuned for a large model: 30 minutes to download the weights, 20 minutes for the container to pass its
first health check, and requests routed to the instance with the fewest outstanding requests (long generations make
random routing uneven). ``volume_size_in_gb`` is not set: ml.g5 instances use their local NVMe storage and SageMaker
does not accept a storage volume size for them.

Each new endpoint config (a new model, a new image) is deployed blue/green: one of the four instances' worth of
traffic (the canary) first, the rest after 10 minutes of baking; the old fleet is kept 10 more minutes. If the 5xx
alarm or the p99 latency alarm fires during the update, SageMaker rolls back.

Run: ``python examples/llm_guardrails/main.py`` (or ``cdktf synth`` in this folder).
"""

from datetime import timedelta

import sagemaker_tf as sagemaker
from sagemaker_tf.framework import App, AwsProvider, DataAwsS3Bucket, LocalBackend, TerraformOutput, TerraformStack

VARIANT = "llm"
ENDPOINT_NAME = "llm-chat"


def build(app: App) -> TerraformStack:
    stack = TerraformStack(app, "llm-guardrails")
    AwsProvider(stack, "aws", region="us-east-1")
    LocalBackend(stack, path="../../../terraform.llm-guardrails.tfstate")  # relative: relocatable JSON

    weights = DataAwsS3Bucket(stack, "Weights", bucket="my-llm-weights")
    model = sagemaker.Model(
        stack,
        "Model",
        containers=[
            sagemaker.ContainerDefinition(
                image=sagemaker.ContainerImage.from_dlc(
                    "huggingface-pytorch-tgi-inference", "2.4.0-tgi2.4.0-gpu-py311-cu124-ubuntu22.04"
                ),
                model_data=sagemaker.ModelData.from_bucket(weights, "llama/model.tar.gz"),
                environment={"SM_NUM_GPUS": "4", "MAX_INPUT_LENGTH": "4096", "MAX_TOTAL_TOKENS": "8192"},
            )
        ],
    )
    endpoint_config = sagemaker.EndpointConfig(
        stack,
        "EndpointConfig",
        instance_production_variants=[
            sagemaker.InstanceProductionVariantProps(
                model=model,
                variant_name=VARIANT,
                instance_type=sagemaker.InstanceType.G5_12XLARGE,
                initial_instance_count=4,
                model_data_download_timeout=timedelta(minutes=30),
                container_startup_health_check_timeout=timedelta(minutes=20),
                routing_strategy=sagemaker.RoutingStrategy.LEAST_OUTSTANDING_REQUESTS,
            )
        ],
    )

    # The rollback alarms watch the variant by its literal names, so they exist before the endpoint refers to them.
    dimensions = {"EndpointName": ENDPOINT_NAME, "VariantName": VARIANT}
    errors = sagemaker.Metric(
        "AWS/SageMaker", "Invocation5XXErrors", statistic="Sum", period=timedelta(minutes=1), dimensions_map=dimensions
    ).create_alarm(stack, "Errors", threshold=5, evaluation_periods=2)
    latency = sagemaker.Metric(
        "AWS/SageMaker", "ModelLatency", statistic="p99", period=timedelta(minutes=1), dimensions_map=dimensions
    ).create_alarm(stack, "Latency", threshold=30_000_000, evaluation_periods=3)
    endpoint = sagemaker.Endpoint(
        stack,
        "Endpoint",
        endpoint_config=endpoint_config,
        endpoint_name=ENDPOINT_NAME,
        deployment=sagemaker.DeploymentPolicy.blue_green(
            traffic_routing=sagemaker.TrafficRouting.canary(
                sagemaker.Capacity.instances(1), wait=timedelta(minutes=10)
            ),
            termination_wait=timedelta(minutes=10),
            maximum_execution_timeout=timedelta(hours=2),
            rollback_alarms=[errors, latency],
        ),
    )
    TerraformOutput(stack, "EndpointName", value=endpoint.endpoint_name)
    return stack


if __name__ == "__main__":
    app = App()
    build(app)
    app.synth()
