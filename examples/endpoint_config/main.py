"""Endpoint configuration: two models behind one endpoint with 2:1 traffic weights.

``modelA`` gets two thirds of the requests and ``variantB`` one third.

Run: ``python examples/endpoint_config/main.py`` (or ``cdktf synth`` in this folder).
"""

from datetime import timedelta

import sagemaker_tf as sagemaker
from sagemaker_tf.framework import App, AwsProvider, LocalBackend, TerraformStack


def build(app: App) -> TerraformStack:
    stack = TerraformStack(app, "endpoint-config")
    AwsProvider(stack, "aws", region="us-east-1")
    LocalBackend(stack, path="../../../terraform.endpoint-config.tfstate")  # relative: relocatable JSON

    image = sagemaker.ContainerImage.from_dlc("pytorch-inference", "2.1.0-cpu-py310")
    model_a = sagemaker.Model(stack, "ModelA", containers=[sagemaker.ContainerDefinition(image=image)])
    model_b = sagemaker.Model(stack, "ModelB", containers=[sagemaker.ContainerDefinition(image=image)])

    sagemaker.EndpointConfig(
        stack,
        "EndpointConfig",
        instance_production_variants=[
            sagemaker.InstanceProductionVariantProps(model=model_a, variant_name="modelA", initial_variant_weight=2.0),
            sagemaker.InstanceProductionVariantProps(
                model=model_b,
                variant_name="variantB",
                initial_variant_weight=1.0,
                container_startup_health_check_timeout=timedelta(minutes=5),
            ),
        ],
    )
    return stack


if __name__ == "__main__":
    app = App()
    build(app)
    app.synth()
