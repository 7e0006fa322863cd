"""DLC image: a model served from an AWS Deep Learning Container image.

The registry account comes from the region (here us-east-1, so 763104351884).

Run: ``python examples/dlc_image/main.py`` (or ``cdktf synth`` in this folder).
"""

import sagemaker_tf as sagemaker
from sagemaker_tf.framework import App, AwsProvider, LocalBackend, TerraformStack


def build(app: App) -> TerraformStack:
    stack = TerraformStack(app, "dlc-image")
    AwsProvider(stack, "aws", region="us-east-1")
    LocalBackend(stack, path="../../../terraform.dlc-image.tfstate")  # relative: relocatable JSON

    repository_name = "huggingface-pytorch-training"
    tag = "1.13.1-transformers4.26.0-gpu-py39-cu117-ubuntu20.04"
    image = sagemaker.ContainerImage.from_dlc(repository_name, tag)
    sagemaker.Model(stack, "DlcModel", containers=[sagemaker.ContainerDefinition(image=image)])
    return stack


if __name__ == "__main__":
    app = App()
    build(app)
    app.synth()
