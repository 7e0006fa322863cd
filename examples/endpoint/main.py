"""Endpoint: serve an endpoint configuration, and let an application role invoke it.

Run: ``python examples/endpoint/main.py`` (or ``cdktf synth`` in this folder).
"""

import sagemaker_tf as sagemaker
from sagemaker_tf.framework import App, AwsProvider, DataAwsIamRole, LocalBackend, TerraformOutput, TerraformStack


def build(app: App) -> TerraformStack:
    stack = TerraformStack(app, "endpoint")
    AwsProvider(stack, "aws", region="us-east-1")
    LocalBackend(stack, path="../../../terraform.endpoint.tfstate")  # relative: relocatable JSON

    image = sagemaker.ContainerImage.from_dlc("pytorch-inference", "2.1.0-cpu-py310")
    model = sagemaker.Model(stack, "Model", containers=[sagemaker.ContainerDefinition(image=image)])
    endpoint_config = sagemaker.EndpointConfig(
        stack,
        "EndpointConfig",
        instance_production_variants=[sagemaker.InstanceProductionVariantProps(model=model, variant_name="main")],
    )
    endpoint = sagemaker.Endpoint(stack, "Endpoint", endpoint_config=endpoint_config)

    application_role = DataAwsIamRole(stack, "ApplicationRole", name="my-application")
    endpoint.grant_invoke(application_role)
    TerraformOutput(stack, "EndpointName", value=endpoint.endpoint_name)
    return stack


if __name__ == "__main__":
    app = App()
    build(app)
    app.synth()
