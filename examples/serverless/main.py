"""Serverless: an endpoint with on-demand compute, two warm invocations, and provisioned-concurrency scaling.

Run: ``python examples/serverless/main.py`` (or ``cdktf synth`` in this folder).
"""

import sagemaker_tf as sagemaker
from sagemaker_tf.framework import App, AwsProvider, LocalBackend, TerraformStack


def build(app: App) -> TerraformStack:
    stack = TerraformStack(app, "serverless")
    AwsProvider(stack, "aws", region="us-east-1")
    LocalBackend(stack, path="../../../terraform.serverless.tfstate")  # relative: relocatable JSON

    image = sagemaker.ContainerImage.from_dlc("pytorch-inference", "2.1.0-cpu-py310")
    model = sagemaker.Model(stack, "Model", containers=[sagemaker.ContainerDefinition(image=image)])
    endpoint_config = sagemaker.EndpointConfig(
        stack,
        "EndpointConfig",
        serverless_production_variant=sagemaker.ServerlessProductionVariantProps(
            model=model,
            variant_name="serverless",
            max_concurrency=20,
            memory_size_in_mb=2048,
            provisioned_concurrency=2,
        ),
    )
    endpoint = sagemaker.Endpoint(stack, "Endpoint", endpoint_config=endpoint_config)

    concurrency = endpoint.serverless_production_variant.auto_scale_provisioned_concurrency(max_capacity=10)
    concurrency.scale_on_utilization("KeepWarm", target_utilization=0.6)
    return stack


if __name__ == "__main__":
    app = App()
    build(app)
    app.synth()
