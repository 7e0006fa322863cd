"""Inference pipeline: one model made of three containers that process each request in sequence.

Run: ``python examples/inference_pipeline/main.py`` (or ``cdktf synth`` in this folder).
"""

import sagemaker_tf as sagemaker
from sagemaker_tf.framework import (
    App,
    AwsProvider,
    DataAwsEcrRepository,
    DataAwsS3Bucket,
    LocalBackend,
    TerraformStack,
)


def build(app: App) -> TerraformStack:
    stack = TerraformStack(app, "inference-pipeline")
    AwsProvider(stack, "aws", region="us-east-1")
    LocalBackend(stack, path="../../../terraform.inference-pipeline.tfstate")  # relative: relocatable JSON

    bucket = DataAwsS3Bucket(stack, "Artifacts", bucket="my-model-artifacts")
    preprocess = DataAwsEcrRepository(stack, "Preprocess", name="preprocess")
    predict = DataAwsEcrRepository(stack, "Predict", name="predict")
    postprocess = DataAwsEcrRepository(stack, "Postprocess", name="postprocess")

    sagemaker.Model(
        stack,
        "InferencePipelineModel",
        containers=[
            sagemaker.ContainerDefinition(
                image=sagemaker.ContainerImage.from_ecr_repository(preprocess, "v1"),
                model_data=sagemaker.ModelData.from_bucket(bucket, "preprocess/model.tar.gz"),
            ),
            sagemaker.ContainerDefinition(
                image=sagemaker.ContainerImage.from_ecr_repository(predict, "v1"),
                model_data=sagemaker.ModelData.from_bucket(bucket, "predict/model.tar.gz"),
            ),
            sagemaker.ContainerDefinition(
                image=sagemaker.ContainerImage.from_ecr_repository(postprocess, "v1"),
                model_data=sagemaker.ModelData.from_bucket(bucket, "postprocess/model.tar.gz"),
            ),
        ],
    )
    return stack


if __name__ == "__main__":
    app = App()
    build(app)
    app.synth()
