"""Network isolation: the model's container can make no network calls and gets no AWS credentials.

Run: ``python examples/network_isolation/main.py`` (or ``cdktf synth`` in this folder).
"""

import sagemaker_tf as sagemaker
from sagemaker_tf.framework import App, AwsProvider, DataAwsS3Bucket, LocalBackend, TerraformStack


def build(app: App) -> TerraformStack:
    stack = TerraformStack(app, "network-isolation")
    AwsProvider(stack, "aws", region="us-east-1")
    LocalBackend(stack, path="../../../terraform.network-isolation.tfstate")  # relative: relocatable JSON

    image = sagemaker.ContainerImage.from_dlc("pytorch-inference", "2.1.0-cpu-py310")
    model_data = sagemaker.ModelData.from_bucket(
        DataAwsS3Bucket(stack, "Artifacts", bucket="my-model-artifacts"), "model.tar.gz"
    )
    sagemaker.Model(
        stack,
        "ContainerModel",
        containers=[sagemaker.ContainerDefinition(image=image, model_data=model_data)],
        network_isolation=True,
    )
    return stack


if __name__ == "__main__":
    app = App()
    build(app)
    app.synth()
