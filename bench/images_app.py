"""One GPU model behind an endpoint, its image from ``from_sagemaker_image`` or the same image from ``from_dlc``.

``bench/report.py --only images`` runs both in fresh processes: the difference is what resolving a framework
image through the packaged registry costs a synth. Run alone: ``python bench/images_app.py sagemaker-image|dlc OUTDIR``.
"""

import sys

from sagemaker_tf import (
    ContainerDefinition,
    ContainerImage,
    Endpoint,
    EndpointConfig,
    InstanceProductionVariantProps,
    InstanceType,
    Model,
)
from sagemaker_tf._runtime.framework import App, AwsProvider, TerraformStack

SOURCES = ("sagemaker-image", "dlc")


def build(app: App, source: str) -> TerraformStack:
    stack = TerraformStack(app, "images")
    AwsProvider(stack, "aws", region="eu-west-1")
    if source == "sagemaker-image":
        image = ContainerImage.from_sagemaker_image("pytorch", "2.1", instance_type=InstanceType.G5_XLARGE)
    else:
        image = ContainerImage.from_dlc("pytorch-inference", "2.1-gpu-py310")  # the same image
    model = Model(stack, "Model", containers=[ContainerDefinition(image=image)])
    config = EndpointConfig(
        stack,
        "EndpointConfig",
        instance_production_variants=[
            InstanceProductionVariantProps(model=model, variant_name="main", instance_type=InstanceType.G5_XLARGE)
        ],
    )
    Endpoint(stack, "Endpoint", endpoint_config=config)
    return stack


if __name__ == "__main__":
    app = App(outdir=sys.argv[2] if len(sys.argv) > 2 else "cdktf.out")
    build(app, sys.argv[1])
    app.synth()
