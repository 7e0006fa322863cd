"""Data capture plus a shadow variant: test a candidate model on a copy of live traffic, and record both.

The production variant ``current`` serves every request; the shadow variant ``candidate`` gets a copy of each
request and its responses are discarded (SageMaker compares them in its shadow-test metrics). Data capture records
20% of the requests and responses, as JSON text, into a KMS-encrypted prefix of a capture bucket. Both models' roles
get write rights on exactly that prefix and use of the key.

Run: ``python examples/data_capture_shadow/main.py`` (or ``cdktf synth`` in this folder).
"""

import sagemaker_tf as sagemaker
from sagemaker_tf.framework import App, AwsProvider, KmsKey, LocalBackend, S3Bucket, TerraformOutput, TerraformStack


def build(app: App) -> TerraformStack:
    stack = TerraformStack(app, "data-capture-shadow")
    AwsProvider(stack, "aws", region="us-east-1")
    LocalBackend(stack, path="../../../terraform.data-capture-shadow.tfstate")  # relative: relocatable JSON

    captures = S3Bucket(stack, "Captures", bucket_prefix="endpoint-captures-")
    key = KmsKey(
        stack,
        "CaptureKey",
        description="Encrypts the endpoint's captured requests and responses",
        enable_key_rotation=True,
    )

    current = sagemaker.Model(
        stack,
        "Current",
        containers=[
            sagemaker.ContainerDefinition(
                image=sagemaker.ContainerImage.from_dlc("pytorch-inference", "2.1.0-cpu-py310")
            )
        ],
    )
    candidate = sagemaker.Model(
        stack,
        "Candidate",
        containers=[
            sagemaker.ContainerDefinition(
                image=sagemaker.ContainerImage.from_dlc("pytorch-inference", "2.3.0-cpu-py311")
            )
        ],
    )

    config = sagemaker.EndpointConfig(
        stack,
        "EndpointConfig",
        instance_production_variants=[
            sagemaker.InstanceProductionVariantProps(
                model=current,
                variant_name="current",
                instance_type=sagemaker.InstanceType.M5_LARGE,
                initial_instance_count=2,
            )
        ],
        shadow_production_variants=[
            sagemaker.InstanceProductionVariantProps(
                model=candidate, variant_name="candidate", instance_type=sagemaker.InstanceType.M5_LARGE
            )
        ],
        data_capture=sagemaker.DataCaptureConfig(
            destination=sagemaker.S3Location.from_bucket(captures, "data-capture/"),
            sampling_percentage=20,
            encryption_key=key,
            json_content_types=["application/json"],
        ),
    )
    endpoint = sagemaker.Endpoint(stack, "Endpoint", endpoint_config=config)
    TerraformOutput(stack, "EndpointName", value=endpoint.endpoint_name)
    TerraformOutput(stack, "CaptureUri", value=config.data_capture.destination.uri)
    return stack


if __name__ == "__main__":
    app = App()
    build(app)
    app.synth()
