"""Model options: a gated LLM from an uncompressed S3 prefix, a multi-model endpoint model, and a multi-container
model with direct invocation whose second image comes from a private registry in the VPC.

- ``llm``: the TGI image (``huggingface-llm``) from sagemaker-core's registry; the weights are an uncompressed S3
  prefix (``ModelData.from_bucket_prefix``) of a gated model (``accept_eula=True``) plus a LoRA adapter channel
  (``additional_model_data``); it is hosted on a ``ml.g6e.2xlarge`` given as a plain string.
- ``multi-model``: one scikit-learn container serving every ``.tar.gz`` under ``mme/`` (``multi_model=True``).
- ``direct``: two containers invoked one at a time (``InferenceExecutionMode.DIRECT``, so both have hostnames);
  the second image lives in a private Docker registry reached through the VPC, with a Lambda credentials provider.

Run: ``python examples/model_options/main.py`` (or ``cdktf synth`` in this folder).
"""

import sagemaker_tf as sagemaker
from sagemaker_tf.framework import App, AwsProvider, LocalBackend, S3Bucket, Subnet, TerraformStack, Vpc

REGISTRY_CREDENTIALS = "arn:aws:lambda:us-east-1:123456789012:function:registry-credentials"


def build(app: App) -> TerraformStack:
    stack = TerraformStack(app, "model-options")
    AwsProvider(stack, "aws", region="us-east-1")
    LocalBackend(stack, path="../../../terraform.model-options.tfstate")  # relative: relocatable JSON
    weights = S3Bucket(stack, "Weights", bucket_prefix="model-weights-")

    llm = sagemaker.Model(
        stack,
        "Llm",
        containers=[
            sagemaker.ContainerDefinition(
                image=sagemaker.ContainerImage.from_sagemaker_image("huggingface-llm", "3.3.6"),
                model_data=sagemaker.ModelData.from_bucket_prefix(
                    weights, "meta-llama-3-8b-instruct/", accept_eula=True
                ),
                additional_model_data={"sql-adapter": sagemaker.ModelData.from_bucket_prefix(weights, "adapters/sql/")},
                environment={"HF_MODEL_ID": "/opt/ml/model", "SM_NUM_GPUS": "1"},
            ),
        ],
    )
    sagemaker.EndpointConfig(
        stack,
        "LlmConfig",
        instance_production_variants=[
            sagemaker.InstanceProductionVariantProps(model=llm, variant_name="llm", instance_type="ml.g6e.2xlarge"),
        ],
    )

    sagemaker.Model(
        stack,
        "MultiModel",
        containers=[
            sagemaker.ContainerDefinition(
                image=sagemaker.ContainerImage.from_sagemaker_image("sklearn", "1.2-1"),
                model_data=sagemaker.ModelData.from_bucket_prefix(weights, "mme/"),
                multi_model=True,
            ),
        ],
    )

    vpc = Vpc(stack, "Vpc", cidr_block="10.0.0.0/16")
    subnets = [Subnet(stack, f"Private{i}", vpc_id=vpc.id, cidr_block=f"10.0.{i}.0/24") for i in range(2)]
    sagemaker.Model(
        stack,
        "Direct",
        containers=[
            sagemaker.ContainerDefinition(
                image=sagemaker.ContainerImage.from_sagemaker_image("xgboost", "1.7-1"),
                model_data=sagemaker.ModelData.from_bucket(weights, "xgboost/model.tar.gz"),
                container_hostname="xgboost",
            ),
            sagemaker.ContainerDefinition(
                image=sagemaker.ContainerImage.from_private_registry(
                    "registry.internal.example.com:5000/ranker:2.3", credentials_provider=REGISTRY_CREDENTIALS
                ),
                container_hostname="ranker",
            ),
        ],
        inference_execution_mode=sagemaker.InferenceExecutionMode.DIRECT,
        vpc=vpc,
        vpc_subnets=subnets,
    )
    return stack


if __name__ == "__main__":
    app = App()
    build(app)
    app.synth()
