"""Metrics: alarm when a variant's average model latency stays at or above 100 ms for 3 periods.

Run: ``python examples/metrics/main.py`` (or ``cdktf synth`` in this folder).
"""

import sagemaker_tf as sagemaker
from sagemaker_tf.framework import App, AwsProvider, LocalBackend, TerraformStack


def build(app: App) -> TerraformStack:
    stack = TerraformStack(app, "metrics")
    AwsProvider(stack, "aws", region="us-east-1")
    LocalBackend(stack, path="../../../terraform.metrics.tfstate")  # relative: relocatable JSON

    image = sagemaker.ContainerImage.from_dlc("pytorch-inference", "2.1.0-cpu-py310")
    model = sagemaker.Model(stack, "Model", containers=[sagemaker.ContainerDefinition(image=image)])
    endpoint_config = sagemaker.EndpointConfig(
        stack,
        "EndpointConfig",
        instance_production_variants=[sagemaker.InstanceProductionVariantProps(model=model, variant_name="my-variant")],
    )
    endpoint = sagemaker.Endpoint(stack, "Endpoint", endpoint_config=endpoint_config)

    production_variant = endpoint.find_instance_production_variant("my-variant")
    production_variant.metric_model_latency().create_alarm(
        stack, "ModelLatencyAlarm", threshold=100000, evaluation_periods=3
    )
    return stack


if __name__ == "__main__":
    app = App()
    build(app)
    app.synth()
