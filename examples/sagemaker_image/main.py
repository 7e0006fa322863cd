"""SageMaker framework image: scikit-learn from the SageMaker Python SDK's image registry, in any region.

``ContainerImage.from_sagemaker_image("sklearn", "1.2-1")`` looks the image up in sagemaker-core's registry (the
copy the package ships; sagemaker-core itself is not needed). Here the provider's region is a Terraform variable, so
the registry account is looked up at plan time in a ``locals`` map of every region that has the image (with the
default ``eu-west-1`` that is 141502667606). With a literal region the image is one literal URI. The variant's
instance type is a plain string, checked against SageMaker's list of instance types.

Run: ``python examples/sagemaker_image/main.py`` (or ``cdktf synth`` in this folder).
"""

import sagemaker_tf as sagemaker  # first: it makes the provider bindings below load lazily (fast)
from sagemaker_tf.framework import App, AwsProvider, LocalBackend, S3Bucket, TerraformStack, TerraformVariable


def build(app: App) -> TerraformStack:
    stack = TerraformStack(app, "sagemaker-image")
    region = TerraformVariable(
        stack, "region", type="string", default="eu-west-1", description="The AWS region to deploy to"
    )
    AwsProvider(stack, "aws", region=region.string_value)
    LocalBackend(stack, path="../../../terraform.sagemaker-image.tfstate")  # relative: relocatable JSON

    bucket = S3Bucket(stack, "Artifacts", bucket_prefix="sklearn-artifacts-")
    model = sagemaker.Model(
        stack,
        "SklearnModel",
        containers=[
            sagemaker.ContainerDefinition(
                image=sagemaker.ContainerImage.from_sagemaker_image("sklearn", "1.2-1"),
                model_data=sagemaker.ModelData.from_bucket(bucket, "sklearn/model.tar.gz"),
                environment={"SAGEMAKER_PROGRAM": "inference.py"},
            ),
        ],
    )
    endpoint_config = sagemaker.EndpointConfig(
        stack,
        "EndpointConfig",
        instance_production_variants=[
            sagemaker.InstanceProductionVariantProps(model=model, variant_name="main", instance_type="ml.c5.xlarge"),
        ],
    )
    sagemaker.Endpoint(stack, "Endpoint", endpoint_config=endpoint_config)
    return stack


if __name__ == "__main__":
    app = App()
    build(app)
    app.synth()
