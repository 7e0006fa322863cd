"""Async scale to zero: an asynchronous GPU endpoint that costs nothing while its queue is empty.

Requests are queued by SageMaker; results and failures go to S3 (the model's role gets write rights on exactly those
prefixes). The variant scales between 0 and 4 instances with AWS's documented recipe (``scale_on_backlog``):

- target tracking keeps ``ApproximateBacklogSizePerInstance`` at 5 queued requests per instance, and scales in to 0
  when the queue is empty;
- with no instance running that metric is undefined, so a ``StepScaling`` policy adds one instance when the
  ``HasBacklogWithoutCapacity`` alarm fires (2 of 2 one-minute data points >= 1).

An alarm on the age of the oldest queued request tells operators when the endpoint falls behind.

Run: ``python examples/async_scale_to_zero/main.py`` (or ``cdktf synth`` in this folder).
"""

from datetime import timedelta

import sagemaker_tf as sagemaker
from sagemaker_tf.framework import App, AwsProvider, LocalBackend, S3Bucket, TerraformOutput, TerraformStack

VARIANT = "main"


def build(app: App) -> TerraformStack:
    stack = TerraformStack(app, "async-scale-to-zero")
    AwsProvider(stack, "aws", region="us-east-1")
    LocalBackend(stack, path="../../../terraform.async-scale-to-zero.tfstate")  # relative: relocatable JSON

    results = S3Bucket(stack, "Results", bucket_prefix="async-results-")
    model = sagemaker.Model(
        stack,
        "Model",
        containers=[
            sagemaker.ContainerDefinition(
                image=sagemaker.ContainerImage.from_dlc("pytorch-inference", "2.1.0-gpu-py310"),
                model_data=sagemaker.ModelData.from_bucket(results, "models/model.tar.gz"),
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
                instance_type=sagemaker.InstanceType.G5_XLARGE,
            )
        ],
        async_inference=sagemaker.AsyncInferenceConfig(
            output_path=sagemaker.S3Location.from_bucket(results, "async/output/"),
            failure_path=sagemaker.S3Location.from_bucket(results, "async/failure/"),
            max_concurrent_invocations_per_instance=4,
        ),
    )
    endpoint = sagemaker.Endpoint(stack, "Endpoint", endpoint_config=endpoint_config)

    instance_count = endpoint.find_instance_production_variant(VARIANT).auto_scale_instance_count(
        min_capacity=0, max_capacity=4
    )
    instance_count.scale_on_backlog("Backlog", target_backlog_per_instance=5, scale_in_cooldown=timedelta(minutes=10))

    endpoint.metric_approximate_age_of_oldest_request(statistic="Maximum", period=timedelta(minutes=1)).create_alarm(
        stack,
        "OldestRequest",
        threshold=900,
        evaluation_periods=5,
        alarm_description="A queued request has waited more than 15 minutes",
    )
    TerraformOutput(stack, "EndpointName", value=endpoint.endpoint_name)
    return stack


if __name__ == "__main__":
    app = App()
    build(app)
    app.synth()
