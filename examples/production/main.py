"""Production: everything together — a model in a VPC with asset model data, a KMS-encrypted endpoint
configuration, an autoscaled endpoint, alarms that page an SNS topic, and an application role allowed to invoke it.

This is the app the root ``cdktf.json`` and ``make synth`` run.

Run: ``python examples/production/main.py`` (or ``cdktf synth`` at the repository root).
"""

from datetime import timedelta
from pathlib import Path

import sagemaker_tf as sagemaker
from sagemaker_tf.framework import (
    App,
    AwsProvider,
    AwsProviderDefaultTags,
    IamRole,
    KmsKey,
    LocalBackend,
    SnsTopic,
    Subnet,
    TerraformOutput,
    TerraformStack,
    Vpc,
)

HERE = Path(__file__).resolve().parent
VARIANT = "main"


def build(app: App) -> TerraformStack:
    stack = TerraformStack(app, "sagemaker-production")
    AwsProvider(stack, "aws", region="us-east-1", default_tags=[AwsProviderDefaultTags(tags={"app": "recommender"})])
    LocalBackend(stack, path="../../../terraform.sagemaker-production.tfstate")  # relative: relocatable JSON

    # Network: the model's containers run in private subnets; the model creates its own security group.
    vpc = Vpc(stack, "Vpc", cidr_block="10.20.0.0/16", enable_dns_hostnames=True, enable_dns_support=True)
    subnets = [
        Subnet(
            stack,
            f"Private{zone}",
            vpc_id=vpc.id,
            cidr_block=f"10.20.{index}.0/24",
            availability_zone=f"us-east-1{zone}",
        )
        for index, zone in enumerate("ab")
    ]

    model = sagemaker.Model(
        stack,
        "Model",
        containers=[
            sagemaker.ContainerDefinition(
                image=sagemaker.ContainerImage.from_dlc("pytorch-inference", "2.1.0-cpu-py310"),
                model_data=sagemaker.ModelData.from_asset(str(HERE / "model.tar.gz")),
                environment={"SAGEMAKER_PROGRAM": "inference.py", "SAGEMAKER_SUBMIT_DIRECTORY": "/opt/ml/model/code"},
            )
        ],
        vpc=vpc,
        vpc_subnets=subnets,
    )

    key = KmsKey(stack, "EndpointKey", description="SageMaker endpoint storage", enable_key_rotation=True)
    endpoint_config = sagemaker.EndpointConfig(
        stack,
        "EndpointConfig",
        instance_production_variants=[
            sagemaker.InstanceProductionVariantProps(
                model=model,
                variant_name=VARIANT,
                instance_type=sagemaker.InstanceType.M5_LARGE,
                initial_instance_count=2,
                container_startup_health_check_timeout=timedelta(minutes=10),
            )
        ],
        encryption_key=key,
    )
    endpoint = sagemaker.Endpoint(stack, "Endpoint", endpoint_config=endpoint_config)
    variant = endpoint.find_instance_production_variant(VARIANT)

    # Scale between 2 and 8 instances on requests, with CPU as a second signal.
    instance_count = variant.auto_scale_instance_count(max_capacity=8)
    instance_count.scale_on_invocations("LimitRPS", max_requests_per_second=30, scale_in_cooldown=timedelta(minutes=5))
    instance_count.scale_on_cpu_utilization("CpuTarget", target_utilization_percent=140)

    # Page the on-call topic on slow or failing requests.
    on_call = SnsTopic(stack, "OnCall", name="sagemaker-on-call", kms_master_key_id="alias/aws/sns")
    latency = variant.metric_model_latency(statistic="p99").create_alarm(
        stack, "ModelLatencyAlarm", threshold=500_000, evaluation_periods=3
    )
    errors = variant.metric_invocation_response_code(
        sagemaker.InvocationHttpResponseCode.INVOCATION_5XX_ERRORS, period=timedelta(minutes=1)
    ).create_alarm(
        stack,
        "Errors5xxAlarm",
        threshold=5,
        evaluation_periods=3,
        datapoints_to_alarm=2,
        treat_missing_data=sagemaker.TreatMissingData.NOT_BREACHING,
    )
    for alarm in (latency, errors):
        alarm.add_alarm_action(on_call.arn)
        alarm.add_ok_action(on_call.arn)

    # The application that calls the endpoint.
    app_role = IamRole(
        stack,
        "ApplicationRole",
        name_prefix="recommender-app-",
        assume_role_policy='{"Version":"2012-10-17","Statement":[{"Effect":"Allow",'
        '"Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}]}',
    )
    endpoint.grant_invoke(app_role)

    TerraformOutput(stack, "EndpointName", value=endpoint.endpoint_name)
    return stack


if __name__ == "__main__":
    app = App()
    build(app)
    app.synth()
