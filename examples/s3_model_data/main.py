"""S3 model data: artifacts that already live in a bucket; the model role gets read rights on them.

Run: ``python examples/s3_model_data/main.py`` (or ``cdktf synth`` in this folder).
"""

import sagemaker_tf as sagemaker
from sagemaker_tf.framework import App, AwsProvider, LocalBackend, S3Bucket, TerraformStack


def build(app: App) -> TerraformStack:
    stack = TerraformStack(app, "s3-model-data")
    AwsProvider(stack, "aws", region="us-east-1")
    LocalBackend(stack, path="../../../terraform.s3-model-data.tfstate")  # relative: relocatable JSON

    bucket = S3Bucket(stack, "MyBucket", bucket_prefix="model-artifacts-")
    model_data = sagemaker.ModelData.from_bucket(bucket, "path/to/artifact/file.tar.gz")
    image = sagemaker.ContainerImage.from_dlc("pytorch-inference", "2.1.0-cpu-py310")
    sagemaker.Model(
        stack, "S3DataModel", containers=[sagemaker.ContainerDefinition(image=image, model_data=model_data)]
    )
    return stack


if __name__ == "__main__":
    app = App()
    build(app)
    app.synth()
