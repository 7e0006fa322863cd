"""ECR image: a model whose inference image is a tag in an existing ECR repository.

Run: ``python examples/ecr_image/main.py`` (or ``cdktf synth`` in this folder).
"""

import sagemaker_tf as sagemaker
from sagemaker_tf.framework import App, AwsProvider, DataAwsEcrRepository, LocalBackend, TerraformStack


def build(app: App) -> TerraformStack:
    stack = TerraformStack(app, "ecr-image")
    AwsProvider(stack, "aws", region="us-east-1")
    LocalBackend(stack, path="../../../terraform.ecr-image.tfstate")  # relative: relocatable JSON

    repository = DataAwsEcrRepository(stack, "Repository", name="repo")
    image = sagemaker.ContainerImage.from_ecr_repository(repository, "tag")
    sagemaker.Model(stack, "EcrImageModel", containers=[sagemaker.ContainerDefinition(image=image)])
    return stack


if __name__ == "__main__":
    app = App()
    build(app)
    app.synth()
