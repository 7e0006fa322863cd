"""Single container model: an image built from a local Dockerfile plus local model artifacts.

At apply time Terraform builds the image with your Docker daemon, pushes it to the stack's asset ECR repository
and uploads ``model.tar.gz`` to the stack's asset bucket. ``cdktf synth`` and ``terraform plan`` need no Docker.

Run: ``python examples/single_container/main.py`` (or ``cdktf synth`` in this folder).
"""

from pathlib import Path

import sagemaker_tf as sagemaker
from sagemaker_tf.framework import App, AwsProvider, LocalBackend, TerraformStack

HERE = Path(__file__).resolve().parent


def build(app: App) -> TerraformStack:
    stack = TerraformStack(app, "single-container")
    AwsProvider(stack, "aws", region="us-east-1")
    LocalBackend(stack, path="../../../terraform.single-container.tfstate")  # relative: relocatable JSON

    image = sagemaker.ContainerImage.from_asset(str(HERE / "image"))
    model_data = sagemaker.ModelData.from_asset(str(HERE / "model.tar.gz"))
    sagemaker.Model(
        stack,
        "PrimaryContainerModel",
        containers=[sagemaker.ContainerDefinition(image=image, model_data=model_data)],
    )
    return stack


if __name__ == "__main__":
    app = App()
    build(app)
    app.synth()
