"""Construct overhead: the same resources through sagemaker_tf constructs and as hand-written provider L1.

Run from the repository root (``make bench`` runs it too)::

    python bench/overhead.py                      # 20 endpoints per stack, 7 repetitions
    python bench/overhead.py --endpoints 50 --repeat 9

Both ways build, per endpoint, a model (ECR image, S3 model data, a grant policy on a given role), an
endpoint configuration, an endpoint, an autoscaling target and target-tracking policy, and one CloudWatch
alarm; then synth. The script checks that both synthesized documents hold the same resources (logical ids
aside), then prints the median build+synth time of each way and their ratio. It never fails on time.
"""

from __future__ import annotations

import argparse
import json
import re
import time
from collections.abc import Callable
from typing import Any

from _common import kernel_messages, load_average, median, memory_report

import sagemaker_tf as sagemaker  # first: installs the fast provider import
from sagemaker_tf._runtime.framework import (
    AppautoscalingPolicy,
    AppautoscalingPolicyTargetTrackingScalingPolicyConfiguration,
    AppautoscalingPolicyTargetTrackingScalingPolicyConfigurationPredefinedMetricSpecification,
    AppautoscalingTarget,
    AwsProvider,
    CloudwatchMetricAlarm,
    EcrRepository,
    IamRole,
    IamRolePolicy,
    S3Bucket,
    SagemakerEndpoint,
    SagemakerEndpointConfiguration,
    SagemakerEndpointConfigurationProductionVariants,
    SagemakerModel,
    SagemakerModelPrimaryContainer,
    TerraformStack,
    Testing,
)

VARIANT = "main"


def _shared(stack: TerraformStack) -> tuple[IamRole, EcrRepository, S3Bucket]:
    AwsProvider(stack, "aws", region="us-east-1")
    role = IamRole(stack, "Role", name="inference", assume_role_policy="{}")
    repository = EcrRepository(stack, "Repo", name="inference")
    bucket = S3Bucket(stack, "Bucket", bucket="models")
    return role, repository, bucket


def with_constructs(endpoints: int) -> str:
    """Build ``endpoints`` hosted models through sagemaker_tf and synth."""
    stack = TerraformStack(Testing.app(), "bench")
    role, repository, bucket = _shared(stack)
    for i in range(endpoints):
        model = sagemaker.Model(
            stack,
            f"Model{i}",
            role=role,
            model_name=f"model-{i}",
            containers=[
                sagemaker.ContainerDefinition(
                    image=sagemaker.ContainerImage.from_ecr_repository(repository, "v1"),
                    model_data=sagemaker.ModelData.from_bucket(bucket, f"model-{i}.tar.gz"),
                )
            ],
        )
        config = sagemaker.EndpointConfig(
            stack,
            f"Config{i}",
            endpoint_config_name=f"config-{i}",
            instance_production_variants=[
                sagemaker.InstanceProductionVariantProps(
                    model=model, variant_name=VARIANT, instance_type=sagemaker.InstanceType.M5_LARGE
                )
            ],
        )
        endpoint = sagemaker.Endpoint(stack, f"Endpoint{i}", endpoint_config=config, endpoint_name=f"endpoint-{i}")
        variant = endpoint.find_instance_production_variant(VARIANT)
        variant.auto_scale_instance_count(max_capacity=4).scale_on_invocations(
            "Rps", max_requests_per_second=30, policy_name=f"rps-{i}"
        )
        variant.metric_model_latency().create_alarm(
            stack, f"Latency{i}", threshold=1000, evaluation_periods=3, alarm_name=f"latency-{i}"
        )
    return Testing.synth(stack)


def _grant_policy(repository: EcrRepository, bucket: S3Bucket, keys: list[str]) -> str:
    statements: list[dict[str, Any]] = [
        {
            "Effect": "Allow",
            "Action": ["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"],
            "Resource": [repository.arn],
        },
        {"Effect": "Allow", "Action": ["ecr:GetAuthorizationToken"], "Resource": ["*"]},
    ]
    for key in keys:
        statements.append(
            {
                "Effect": "Allow",
                "Action": ["s3:GetObject*", "s3:GetBucket*", "s3:List*"],
                "Resource": [bucket.arn, f"{bucket.arn}/{key}"],
            }
        )
    return json.dumps({"Version": "2012-10-17", "Statement": statements}, separators=(",", ":"))


def with_l1(endpoints: int) -> str:
    """Build the same resources as hand-written provider L1 and synth."""
    stack = TerraformStack(Testing.app(), "bench")
    role, repository, bucket = _shared(stack)
    policy = IamRolePolicy(
        stack,
        "Grants",
        role=role.name,
        policy=_grant_policy(repository, bucket, [f"model-{i}.tar.gz" for i in range(endpoints)]),
    )
    for i in range(endpoints):
        model = SagemakerModel(
            stack,
            f"Model{i}",
            name=f"model-{i}",
            execution_role_arn=role.arn,
            primary_container=SagemakerModelPrimaryContainer(
                image=f"{repository.repository_url}:v1",
                model_data_url=f"s3://{bucket.bucket}/model-{i}.tar.gz",
            ),
            depends_on=[role, policy],
        )
        config = SagemakerEndpointConfiguration(
            stack,
            f"Config{i}",
            name=f"config-{i}",
            production_variants=[
                SagemakerEndpointConfigurationProductionVariants(
                    model_name=model.name,
                    variant_name=VARIANT,
                    instance_type="ml.m5.large",
                    initial_instance_count=1,
                    initial_variant_weight=1,
                )
            ],
        )
        endpoint = SagemakerEndpoint(stack, f"Endpoint{i}", name=f"endpoint-{i}", endpoint_config_name=config.name)
        target = AppautoscalingTarget(
            stack,
            f"Target{i}",
            service_namespace="sagemaker",
            resource_id=f"endpoint/{endpoint.name}/variant/{VARIANT}",
            scalable_dimension="sagemaker:variant:DesiredInstanceCount",
            min_capacity=1,
            max_capacity=4,
        )
        AppautoscalingPolicy(
            stack,
            f"Rps{i}",
            name=f"rps-{i}",
            policy_type="TargetTrackingScaling",
            resource_id=target.resource_id,
            scalable_dimension=target.scalable_dimension,
            service_namespace=target.service_namespace,
            target_tracking_scaling_policy_configuration=AppautoscalingPolicyTargetTrackingScalingPolicyConfiguration(
                target_value=900,
                predefined_metric_specification=(
                    AppautoscalingPolicyTargetTrackingScalingPolicyConfigurationPredefinedMetricSpecification(
                        predefined_metric_type="SageMakerVariantInvocationsPerInstance"
                    )
                ),
            ),
        )
        CloudwatchMetricAlarm(
            stack,
            f"Latency{i}",
            alarm_name=f"latency-{i}",
            comparison_operator="GreaterThanOrEqualToThreshold",
            dimensions={"EndpointName": endpoint.name, "VariantName": VARIANT},
            evaluation_periods=3,
            metric_name="ModelLatency",
            namespace="AWS/SageMaker",
            period=300,
            statistic="Average",
            threshold=1000,
        )
    return Testing.synth(stack)


_REFERENCE = re.compile(r"(\$\{[a-z0-9_]+)\.[^.}]+")


def resource_shape(document: str) -> dict[str, int]:
    """Resource types and counts of a synthesized document (what both ways must agree on)."""
    resources = json.loads(document)["resource"]
    return {kind: len(items) for kind, items in sorted(resources.items())}


def normalized_bodies(document: str) -> dict[str, list[str]]:
    """Per resource type, the sorted resource bodies with logical ids removed from references."""
    resources = json.loads(document)["resource"]
    out: dict[str, list[str]] = {}
    for kind, items in resources.items():
        bodies = []
        for body in items.values():
            # A one-element list and its element are the same Terraform block (``primary_container``).
            body = {
                k: v[0] if isinstance(v, list) and len(v) == 1 and isinstance(v[0], dict) else v
                for k, v in body.items()
                if k not in ("//", "lifecycle")
            }
            text = _REFERENCE.sub(r"\1", json.dumps(body, sort_keys=True))
            bodies.append(re.sub(r'"(aws_[a-z0-9_]+)\.[^"]+"', r'"\1"', text))
        out[kind] = sorted(bodies)
    return out


def _timed(build: Callable[[int], str], endpoints: int) -> tuple[float, str]:
    started = time.perf_counter()
    document = build(endpoints)
    return time.perf_counter() - started, document


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--endpoints", type=int, default=20, help="hosted models per stack")
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()

    # Warm up both ways (first use of each submodule, jsii type caches), and compare what they make.
    constructs_doc, l1_doc = with_constructs(2), with_l1(2)
    same_shape = resource_shape(constructs_doc) == resource_shape(l1_doc)
    constructs_bodies, l1_bodies = normalized_bodies(constructs_doc), normalized_bodies(l1_doc)
    differing = sorted(kind for kind in constructs_bodies if constructs_bodies[kind] != l1_bodies.get(kind))
    print(f"endpoints per stack: {args.endpoints}   repetitions: {args.repeat}   load average: {load_average()}")
    print(f"  resources per way for 2 endpoints: {resource_shape(l1_doc)}")
    print(
        f"  same resource types and counts: {'yes' if same_shape else 'NO'};"
        f" identical bodies (logical ids aside): {'all' if not differing else 'except ' + ', '.join(differing)}"
    )

    times: dict[str, list[float]] = {"constructs": [], "l1": []}
    for _ in range(args.repeat):
        for name, build in (("constructs", with_constructs), ("l1", with_l1)):  # alternate
            elapsed, _doc = _timed(build, args.endpoints)
            times[name].append(elapsed)
    constructs, l1 = median(times["constructs"]), median(times["l1"])
    print(
        f"  build+synth median: constructs {constructs:.3f} s, hand-written L1 {l1:.3f} s"
        f"  (per endpoint {constructs / args.endpoints * 1000:.1f} ms vs {l1 / args.endpoints * 1000:.1f} ms)"
    )
    rounded = {name: [round(t, 3) for t in values] for name, values in times.items()}
    print(f"  all runs (s): constructs {rounded['constructs']}, L1 {rounded['l1']}")
    ratio = constructs / l1
    print(f"  ratio constructs / L1: {ratio:.2f}x   (target <= 1.5x: {'met' if ratio <= 1.5 else 'not met'})")
    per_constructs = kernel_messages(with_constructs, args.endpoints) / args.endpoints
    per_l1 = kernel_messages(with_l1, args.endpoints) / args.endpoints
    print(
        f"  jsii kernel messages per endpoint: constructs {per_constructs:.1f}, L1 {per_l1:.1f}"
        f" ({per_constructs / per_l1:.2f}x)"
    )
    print(f"  peak RSS: {memory_report()}   load average now: {load_average()}")


if __name__ == "__main__":
    main()
