"""A hand-written L1 SageMaker hosting stack validates and plans with the real Terraform CLI, offline; planted
faults make terraform fail with its own error text."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from sagemaker_tf._runtime.framework import (
    App,
    AppautoscalingPolicy,
    AppautoscalingPolicyTargetTrackingScalingPolicyConfiguration,
    AppautoscalingPolicyTargetTrackingScalingPolicyConfigurationPredefinedMetricSpecification,
    AppautoscalingTarget,
    AwsProvider,
    CloudwatchMetricAlarm,
    DataAwsCallerIdentity,
    DataAwsEcrAuthorizationToken,
    DataAwsEcrRepository,
    DataAwsIamPolicyDocument,
    DataAwsIamPolicyDocumentStatement,
    DataAwsIamPolicyDocumentStatementPrincipals,
    DataAwsPartition,
    DataAwsRegion,
    DockerProvider,
    DockerProviderRegistryAuth,
    IamRole,
    Image,
    ImageBuild,
    RegistryImage,
    SagemakerEndpoint,
    SagemakerEndpointConfiguration,
    SagemakerEndpointConfigurationProductionVariants,
    SagemakerModel,
    SagemakerModelPrimaryContainer,
    TerraformStack,
)
from sagemaker_tf.testing import OfflineTerraform, TerraformCommandError, planned_resources
from tests.helpers import synth_to_dir

REGION = "eu-west-1"
ACCOUNT = "123456789012"
ENDPOINT_NAME = "offline-endpoint"


def build_l1_stack(outdir: Path, fault: Callable[[dict[str, Any]], None] | None = None) -> tuple[App, TerraformStack]:
    """An endpoint with one variant, autoscaling and an alarm, serving an image built and pushed to ECR."""
    app = App(outdir=str(outdir))
    stack = TerraformStack(app, "l1-sagemaker")
    AwsProvider(stack, "aws", region=REGION)
    partition = DataAwsPartition(stack, "partition")
    region = DataAwsRegion(stack, "region")
    caller = DataAwsCallerIdentity(stack, "caller")
    repo = DataAwsEcrRepository(stack, "repo", name="inference")
    token = DataAwsEcrAuthorizationToken(stack, "token")
    DockerProvider(stack, "docker")
    ecr_docker = DockerProvider(
        stack,
        "docker_ecr",
        alias="ecr",
        registry_auth=[
            DockerProviderRegistryAuth(address=token.proxy_endpoint, username=token.user_name, password=token.password)
        ],
    )
    context = outdir / "image-context"
    context.mkdir(parents=True, exist_ok=True)
    (context / "Dockerfile").write_text("FROM scratch\n", encoding="utf-8")
    image_uri = f"{repo.repository_url}:v1"
    image = Image(stack, "image", name=image_uri, build_attribute=ImageBuild(context=str(context)), keep_locally=True)
    pushed = RegistryImage(stack, "pushed", name=image.name, provider=ecr_docker, keep_remotely=True)

    assume = DataAwsIamPolicyDocument(
        stack,
        "assume",
        statement=[
            DataAwsIamPolicyDocumentStatement(
                actions=["sts:AssumeRole"],
                principals=[
                    DataAwsIamPolicyDocumentStatementPrincipals(
                        type="Service", identifiers=[f"sagemaker.{partition.dns_suffix}"]
                    )
                ],
            )
        ],
    )
    role = IamRole(
        stack,
        "role",
        name_prefix="offline-sagemaker-",
        assume_role_policy=assume.json,
        tags={"account": caller.account_id, "region": region.region, "partition": partition.partition},
    )
    model = SagemakerModel(
        stack,
        "model",
        execution_role_arn=role.arn,
        primary_container=SagemakerModelPrimaryContainer(image=image_uri, environment={"SAGEMAKER_PROGRAM": "x"}),
        depends_on=[pushed],
    )
    config = SagemakerEndpointConfiguration(
        stack,
        "config",
        production_variants=[
            SagemakerEndpointConfigurationProductionVariants(
                variant_name="AllTraffic",
                model_name=model.name,
                initial_instance_count=2,
                instance_type="ml.m5.large",
                initial_variant_weight=1,
            )
        ],
    )
    endpoint = SagemakerEndpoint(stack, "endpoint", name=ENDPOINT_NAME, endpoint_config_name=config.name)
    target = AppautoscalingTarget(
        stack,
        "scaling_target",
        service_namespace="sagemaker",
        resource_id=f"endpoint/{endpoint.name}/variant/AllTraffic",
        scalable_dimension="sagemaker:variant:DesiredInstanceCount",
        min_capacity=2,
        max_capacity=4,
    )
    AppautoscalingPolicy(
        stack,
        "scaling_policy",
        name="invocations",
        policy_type="TargetTrackingScaling",
        service_namespace=target.service_namespace,
        resource_id=target.resource_id,
        scalable_dimension=target.scalable_dimension,
        target_tracking_scaling_policy_configuration=AppautoscalingPolicyTargetTrackingScalingPolicyConfiguration(
            target_value=100,
            predefined_metric_specification=(
                AppautoscalingPolicyTargetTrackingScalingPolicyConfigurationPredefinedMetricSpecification(
                    predefined_metric_type="SageMakerVariantInvocationsPerInstance"
                )
            ),
        ),
    )
    CloudwatchMetricAlarm(
        stack,
        "latency_alarm",
        alarm_name="offline-latency",
        namespace="AWS/SageMaker",
        metric_name="ModelLatency",
        dimensions={"EndpointName": endpoint.name, "VariantName": "AllTraffic"},
        statistic="Average",
        period=60,
        evaluation_periods=3,
        threshold=100000,
        comparison_operator="GreaterThanThreshold",
    )
    if fault is not None:
        fault({"model": model, "target": target, "config": config, "endpoint": endpoint, "role": role, "stack": stack})
    return app, stack


@pytest.fixture(scope="module")
def l1_plan(offline_terraform: OfflineTerraform, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    app, stack = build_l1_stack(tmp_path_factory.mktemp("l1"))
    return offline_terraform.plan(synth_to_dir(app, stack))


def _after(plan: dict[str, Any], address: str) -> dict[str, Any]:
    return planned_resources(plan)[address]["change"]["after"]


def _after_unknown(plan: dict[str, Any], address: str) -> dict[str, Any]:
    return planned_resources(plan)[address]["change"]["after_unknown"]


def test_l1_stack_plans_every_resource_as_a_create(l1_plan: dict[str, Any]) -> None:
    changes = planned_resources(l1_plan)
    assert set(changes) == {
        "aws_iam_role.role",
        "aws_sagemaker_model.model",
        "aws_sagemaker_endpoint_configuration.config",
        "aws_sagemaker_endpoint.endpoint",
        "aws_appautoscaling_target.scaling_target",
        "aws_appautoscaling_policy.scaling_policy",
        "aws_cloudwatch_metric_alarm.latency_alarm",
        "docker_image.image",
        "docker_registry_image.pushed",
    }
    assert {tuple(c["change"]["actions"]) for c in changes.values()} == {("create",)}
    assert changes["docker_registry_image.pushed"]["provider_name"] == "registry.terraform.io/kreuzwerker/docker"


def test_data_sources_give_plausible_values(l1_plan: dict[str, Any]) -> None:
    ecr_url = f"{ACCOUNT}.dkr.ecr.{REGION}.amazonaws.com/inference"
    assert _after(l1_plan, "docker_image.image")["name"] == f"{ecr_url}:v1"
    assert _after(l1_plan, "aws_sagemaker_model.model")["primary_container"][0]["image"] == f"{ecr_url}:v1"
    assert _after(l1_plan, "aws_iam_role.role")["tags"] == {"account": ACCOUNT, "region": REGION, "partition": "aws"}
    policy = json.loads(_after(l1_plan, "aws_iam_role.role")["assume_role_policy"])
    assert policy["Statement"] == [
        {"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"Service": "sagemaker.amazonaws.com"}}
    ]


def test_endpoint_config_variant_is_planned_as_configured(l1_plan: dict[str, Any]) -> None:
    variant = _after(l1_plan, "aws_sagemaker_endpoint_configuration.config")["production_variants"][0]
    assert variant["variant_name"] == "AllTraffic"
    assert variant["initial_instance_count"] == 2
    assert variant["instance_type"] == "ml.m5.large"
    assert variant["initial_variant_weight"] == 1
    unknown = _after_unknown(l1_plan, "aws_sagemaker_endpoint_configuration.config")
    # the model's name is only known after apply, and so are computed attributes on create, also nested ones
    assert unknown["production_variants"][0]["model_name"] is True
    assert unknown["production_variants"][0]["volume_size_in_gb"] is True
    assert unknown["arn"] is True and unknown["name"] is True


def test_scaling_target_and_alarm_reference_the_endpoint(l1_plan: dict[str, Any]) -> None:
    target = _after(l1_plan, "aws_appautoscaling_target.scaling_target")
    assert target["resource_id"] == f"endpoint/{ENDPOINT_NAME}/variant/AllTraffic"
    assert (target["min_capacity"], target["max_capacity"]) == (2, 4)
    assert target["region"] == REGION
    policy = _after(l1_plan, "aws_appautoscaling_policy.scaling_policy")
    spec = policy["target_tracking_scaling_policy_configuration"][0]
    assert spec["predefined_metric_specification"][0]["predefined_metric_type"] == (
        "SageMakerVariantInvocationsPerInstance"
    )
    alarm = _after(l1_plan, "aws_cloudwatch_metric_alarm.latency_alarm")
    assert alarm["dimensions"] == {"EndpointName": ENDPOINT_NAME, "VariantName": "AllTraffic"}
    assert alarm["threshold"] == 100000


def _plan_with_fault(
    offline: OfflineTerraform, outdir: Path, fault: Callable[[dict[str, Any]], None]
) -> TerraformCommandError:
    app, stack = build_l1_stack(outdir, fault)
    with pytest.raises(TerraformCommandError) as info:
        offline.plan(synth_to_dir(app, stack))
    return info.value


def test_dangling_reference_fails_validate(offline_terraform: OfflineTerraform, tmp_path: Path) -> None:
    def fault(parts: dict[str, Any]) -> None:
        parts["model"].execution_role_arn = "${aws_iam_role.nope.arn}"

    error = _plan_with_fault(offline_terraform, tmp_path, fault)
    assert "validate" in error.command
    assert "Reference to undeclared resource" in error.output
    assert 'A managed resource "aws_iam_role" "nope" has not been declared' in error.output


def test_string_for_a_number_fails_validate(offline_terraform: OfflineTerraform, tmp_path: Path) -> None:
    def fault(parts: dict[str, Any]) -> None:
        parts["target"].add_override("max_capacity", "lots")

    error = _plan_with_fault(offline_terraform, tmp_path, fault)
    assert "Incorrect attribute value type" in error.output
    assert "max_capacity" in error.output
    assert "a number is required" in error.output
