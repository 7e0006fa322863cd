"""AutoScaling: scale a variant's instance count on invocations per instance (``LimitRPS``, 30 rps).

The target is ``safety_factor * max_requests_per_second * 60`` = 0.5 * 30 * 60 = 900 invocations per instance per
minute. The variant uses ``ml.m5.large``: SageMaker does not autoscale burstable types such as the
``ml.t2.medium`` default, which upstream's README example uses and upstream's own check rejects.

Run: ``python examples/autoscaling/main.py`` (or ``cdktf synth`` in this folder).
"""

import sagemaker_tf as sagemaker
from sagemaker_tf.framework import App, AwsProvider, LocalBackend, TerraformStack


def build(app: App) -> TerraformStack:
    stack = TerraformStack(app, "autoscaling")
    AwsProvider(stack, "aws", region="us-east-1")
    LocalBackend(stack, path="../../../terraform.autoscaling.tfstate")  # relative: relocatable JSON

    image = sagemaker.ContainerImage.from_dlc("pytorch-inference", "2.1.0-cpu-py310")
    model = sagemaker.Model(stack, "Model", containers=[sagemaker.ContainerDefinition(image=image)])
    variant_name = "my-variant"
    endpoint_config = sagemaker.EndpointConfig(
        stack,
        "EndpointConfig",
        instance_production_variants=[
            sagemaker.InstanceProductionVariantProps(
                model=model, variant_name=variant_name, instance_type=sagemaker.InstanceType.M5_LARGE
            )
        ],
    )
    endpoint = sagemaker.Endpoint(stack, "Endpoint", endpoint_config=endpoint_config)

    production_variant = endpoint.find_instance_production_variant(variant_name)
    instance_count = production_variant.auto_scale_instance_count(max_capacity=3)
    instance_count.scale_on_invocations("LimitRPS", max_requests_per_second=30)
    return stack


if __name__ == "__main__":
    app = App()
    build(app)
    app.synth()
