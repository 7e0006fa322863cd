"""Inference components: component-hosting variants, InferenceComponent (awscc), copy-count scaling, refusals."""

from __future__ import annotations

import json
import math
from datetime import timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import sagemaker_tf as sagemaker
from sagemaker_tf._instance_facts import FACTS
from sagemaker_tf._runtime.awscc import AWSCC_VERSION, AwsccProvider
from sagemaker_tf._runtime.framework import IamRole, S3Bucket, TerraformStack
from tests.helpers import make_stack, only, resource_names, resources, synth

COMPONENT = "awscc_sagemaker_inference_component"
CONFIG = "aws_sagemaker_endpoint_configuration"
TARGET = "aws_appautoscaling_target"
POLICY = "aws_appautoscaling_policy"
ALARM = "aws_cloudwatch_metric_alarm"


def failure(build: Any) -> str:
    with pytest.raises(sagemaker.ValidationError) as err:
        build()
    return str(err.value)


def hosting(
    stack: TerraformStack,
    *,
    instance_type: Any = "ml.g5.12xlarge",
    scaling: sagemaker.ManagedInstanceScaling | None = None,
    **config: Any,
) -> sagemaker.Endpoint:
    props = sagemaker.InstanceProductionVariantProps(
        variant_name="llms",
        instance_type=instance_type,
        managed_instance_scaling=scaling,
    )
    endpoint_config = sagemaker.EndpointConfig(stack, "Config", instance_production_variants=[props], **config)
    return sagemaker.Endpoint(stack, "Endpoint", endpoint_config=endpoint_config)


def model(stack: TerraformStack, name: str = "llama") -> sagemaker.IModel:
    return sagemaker.Model.from_model_name(stack, f"Model-{name}", name)


def component(
    stack: TerraformStack, endpoint: sagemaker.Endpoint, id: str = "Llama", **kwargs: Any
) -> sagemaker.InferenceComponent:
    kwargs.setdefault("compute", sagemaker.ComputeRequirements(min_memory_mb=1024, accelerators=1))
    if "container" not in kwargs and "model" not in kwargs:
        kwargs["model"] = model(stack, id.lower())
    return sagemaker.InferenceComponent(stack, id, endpoint=endpoint, variant_name="llms", **kwargs)


def zero_endpoint(stack: TerraformStack) -> sagemaker.Endpoint:
    return hosting(stack, scaling=sagemaker.ManagedInstanceScaling(min_instance_count=0, max_instance_count=2))


def warnings_of(construct: Any) -> list[str]:
    return [entry.data for entry in construct.node.metadata if str(entry.type).endswith("/warn")]


# --- the endpoint config side ----------------------------------------------------------------------------------


def test_a_variant_without_a_model_hosts_components_with_a_scoped_execution_role(stack):
    hosting(
        stack,
        scaling=sagemaker.ManagedInstanceScaling(min_instance_count=0, max_instance_count=3),
    )
    doc = synth(stack)
    config = only(doc, CONFIG)
    (variant,) = config["production_variants"]
    assert "model_name" not in variant
    assert variant["managed_instance_scaling"] == [
        {"status": "ENABLED", "min_instance_count": 0, "max_instance_count": 3}
    ]
    (role_name,) = resource_names(doc, "aws_iam_role")
    assert config["execution_role_arn"] == f"${{aws_iam_role.{role_name}.arn}}"
    assert f"aws_iam_role.{role_name}" in config["depends_on"]
    assert resources(doc, "aws_iam_role_policy_attachment") == []  # no AmazonSageMakerFullAccess
    policy = only(doc, "aws_iam_role_policy")
    statements = json.loads(policy["policy"])["Statement"]
    env = (
        "${data.aws_partition.SagemakerTfPartition.partition}:logs:${data.aws_region.SagemakerTfRegion.region}"
        ":${data.aws_caller_identity.SagemakerTfCallerIdentity.account_id}"
    )
    assert statements == [  # the scoped baseline every execution role gets (iam.execution_role)
        {
            "Effect": "Allow",
            "Action": ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:DescribeLogStreams"],
            "Resource": [f"arn:{env}:log-group:/aws/sagemaker/*"],
        },
        {
            "Effect": "Allow",
            "Action": ["logs:PutLogEvents"],
            "Resource": [f"arn:{env}:log-group:/aws/sagemaker/*:log-stream:*"],
        },
        {
            "Effect": "Allow",
            "Action": ["cloudwatch:PutMetricData"],
            "Resource": ["*"],
            "Condition": {"StringLike": {"cloudwatch:namespace": ["/aws/sagemaker/*"]}},
        },
    ]
    trust = json.loads(only(doc, "aws_iam_role")["assume_role_policy"])["Statement"][0]
    assert set(trust["Condition"]["ArnLike"]) == {"aws:SourceArn"}


def test_a_given_execution_role_is_used_and_none_is_created(stack):
    role = IamRole(stack, "Mine", assume_role_policy="{}")
    hosting(stack, execution_role=role)
    doc = synth(stack)
    assert only(doc, CONFIG)["execution_role_arn"] == "${aws_iam_role.Mine.arn}"
    assert resource_names(doc, "aws_iam_role") == ["Mine"]


def test_an_execution_role_arn_string_is_rendered_as_given(stack):
    arn = "arn:aws:iam::111111111111:role/service/sagemaker-components"
    hosting(stack, execution_role=arn)
    doc = synth(stack)
    assert only(doc, CONFIG)["execution_role_arn"] == arn
    assert resources(doc, "aws_iam_role") == []


def test_a_bad_execution_role_is_refused(stack):
    assert "a role ARN must look like" in failure(lambda: hosting(stack, execution_role="not-an-arn"))
    assert "execution_role must be an IamRole or a DataAwsIamRole" in failure(
        lambda: hosting(make_stack(), execution_role=42)
    )


def test_component_and_model_variants_cannot_share_a_config(stack):
    props = [
        sagemaker.InstanceProductionVariantProps(variant_name="llms", instance_type="ml.g5.12xlarge"),
        sagemaker.InstanceProductionVariantProps(model=model(stack), variant_name="classic"),
    ]
    message = failure(lambda: sagemaker.EndpointConfig(stack, "Config", instance_production_variants=props))
    assert "Stack/Config" in message and "cannot also have variants with a model ('classic')" in message


def test_adding_a_model_variant_to_a_component_config_is_refused(stack):
    config = hosting(stack).endpoint_config
    assert isinstance(config, sagemaker.EndpointConfig)
    message = failure(
        lambda: config.add_instance_production_variant(
            sagemaker.InstanceProductionVariantProps(model=model(stack), variant_name="classic")
        )
    )
    assert "cannot also have variants with a model" in message


def test_async_and_shadow_are_refused_next_to_components(stack):
    bucket = S3Bucket(stack, "Bucket")
    async_config = sagemaker.AsyncInferenceConfig(output_path=sagemaker.S3Location.from_bucket(bucket, "out/"))
    assert "async_inference cannot be used with a variant that hosts inference components" in failure(
        lambda: hosting(stack, async_inference=async_config)
    )
    config = hosting(make_stack()).endpoint_config
    assert isinstance(config, sagemaker.EndpointConfig)
    shadow = sagemaker.InstanceProductionVariantProps(model=model(config.node.scope), variant_name="shadow")  # type: ignore[arg-type]
    assert "Shadow variants cannot be used with a variant that hosts inference components" in failure(
        lambda: config.add_shadow_production_variant(shadow)
    )


def test_data_capture_on_a_component_config_writes_with_the_execution_role(stack):
    bucket = S3Bucket(stack, "Bucket")
    capture = sagemaker.DataCaptureConfig(destination=sagemaker.S3Location.from_bucket(bucket, "capture/"))
    hosting(stack, data_capture=capture)
    policy = only(synth(stack), "aws_iam_role_policy")["policy"]
    assert '"s3:PutObject"' in policy and "capture/*" in policy


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"min_instance_count": 3, "max_instance_count": 2}, "min_instance_count must be less than or equal to"),
        ({"max_instance_count": 0, "min_instance_count": 0}, "max_instance_count must be at least 1 (got 0)"),
        ({"max_instance_count": 2, "min_instance_count": -1}, "min_instance_count must be at least 0 (got -1)"),
        ({"max_instance_count": True}, "max_instance_count must be a whole number"),
        ({"max_instance_count": 2.5}, "max_instance_count must be a whole number"),
    ],
)
def test_managed_instance_scaling_limits(kwargs, message):
    assert message in failure(lambda: sagemaker.ManagedInstanceScaling(**kwargs))


@settings(max_examples=60, deadline=None)
@given(low=st.integers(-3, 6), high=st.integers(-3, 6))
def test_managed_instance_scaling_accepts_exactly_the_valid_ranges(low, high):
    valid = 0 <= low <= high and high >= 1
    if valid:
        scaling = sagemaker.ManagedInstanceScaling(min_instance_count=low, max_instance_count=high)
        assert scaling.render()[0]["min_instance_count"] == low
    else:
        with pytest.raises(sagemaker.ValidationError):
            sagemaker.ManagedInstanceScaling(min_instance_count=low, max_instance_count=high)


def test_managed_scaling_on_a_model_variant_is_refused(stack):
    message = failure(
        lambda: sagemaker.InstanceProductionVariantProps(
            model=model(stack),
            variant_name="classic",
            managed_instance_scaling=sagemaker.ManagedInstanceScaling(max_instance_count=2),
        )
    )
    assert "managed_instance_scaling applies to a variant that hosts inference components" in message


def test_the_initial_instance_count_must_lie_in_the_managed_range(stack):
    props = sagemaker.InstanceProductionVariantProps(
        variant_name="llms",
        initial_instance_count=3,
        managed_instance_scaling=sagemaker.ManagedInstanceScaling(min_instance_count=0, max_instance_count=2),
    )
    message = failure(lambda: sagemaker.EndpointConfig(stack, "Config", instance_production_variants=[props]))
    assert (
        "initial_instance_count (3) cannot be greater than managed_instance_scaling's max_instance_count (2)" in message
    )


def test_instance_count_scaling_of_a_component_variant_is_refused(stack):
    variant = hosting(stack).find_instance_production_variant("llms")
    assert variant.hosts_components
    assert "scale the components instead with component.auto_scale_copy_count" in failure(
        lambda: variant.auto_scale_instance_count(max_capacity=2)
    )


# --- InferenceComponent ----------------------------------------------------------------------------------------


def test_a_model_component_renders_the_awscc_resource_and_provider(stack):
    endpoint = hosting(stack)
    component(
        stack,
        endpoint,
        compute=sagemaker.ComputeRequirements(min_memory_mb=24_576, max_memory_mb=32_768, accelerators=2, cpu_cores=4),
        copy_count=2,
        model_data_download_timeout=timedelta(minutes=20),
        container_startup_timeout=timedelta(minutes=10),
    )
    doc = synth(stack)
    resource = only(doc, COMPONENT)
    resource.pop("//", None)
    assert resource == {
        "endpoint_name": "${aws_sagemaker_endpoint.Endpoint_8024A810.name}",
        "variant_name": "llms",
        "inference_component_name": resource["inference_component_name"],
        "provider": "awscc",
        "runtime_config": {"copy_count": 2},
        "specification": {
            "model_name": "llama",
            "compute_resource_requirements": {
                "min_memory_required_in_mb": 24_576,
                "max_memory_required_in_mb": 32_768,
                "number_of_accelerator_devices_required": 2,
                "number_of_cpu_cores_required": 4,
            },
            "startup_parameters": {
                "model_data_download_timeout_in_seconds": 1200,
                "container_startup_health_check_timeout_in_seconds": 600,
            },
        },
    }
    assert resource["inference_component_name"].startswith("Stack-Llama-")
    assert doc["terraform"]["required_providers"]["awscc"] == {"source": "hashicorp/awscc", "version": AWSCC_VERSION}
    assert doc["provider"]["awscc"] == [{"region": "us-east-1"}]


def test_the_awscc_provider_follows_the_aws_provider_region_and_can_be_replaced():
    stack = make_stack(region=None)
    component(stack, hosting(stack))
    assert synth(stack)["provider"]["awscc"] == [{}]  # both take the region from the environment
    other = make_stack()
    mine = AwsccProvider(other, "Mine", region_of=lambda: "eu-west-1")
    component(other, hosting(other), provider=mine)
    doc = synth(other)
    assert doc["provider"]["awscc"] == [{"region": "eu-west-1"}]
    assert only(doc, COMPONENT)["provider"] == "awscc"


def test_a_generated_name_follows_the_aws_name_rule_and_is_stable(stack):
    long_id = "A" * 90
    created = component(stack, hosting(stack), id=long_id, model=model(stack))
    name = only(synth(stack), COMPONENT)["inference_component_name"]
    assert len(name) <= 63 and name[0].isalnum() and name[-1].isalnum()
    assert all(c.isalnum() or c == "-" for c in name)
    assert created._name == name


def test_a_container_component_binds_its_image_and_artifacts_to_the_execution_role(stack):
    bucket = S3Bucket(stack, "Weights")
    container = sagemaker.ContainerDefinition(
        image=sagemaker.ContainerImage.from_dlc("huggingface-pytorch-tgi-inference", "2.4.0-gpu"),
        model_data=sagemaker.ModelData.from_bucket(bucket, "mistral/model.tar.gz"),
        environment={"HF_MODEL_ID": "/opt/ml/model"},
    )
    component(stack, hosting(stack), container=container)
    doc = synth(stack)
    spec = only(doc, COMPONENT)["specification"]
    assert spec["container"]["artifact_url"] == "s3://${aws_s3_bucket.Weights.bucket}/mistral/model.tar.gz"
    assert spec["container"]["environment"] == {"HF_MODEL_ID": "/opt/ml/model"}
    assert spec["container"]["image"].endswith("/huggingface-pytorch-tgi-inference:2.4.0-gpu")
    assert "model_name" not in spec
    policy = only(doc, "aws_iam_role_policy")["policy"]
    assert "ecr:BatchGetImage" in policy and '"s3:GetObject"' in policy and "mistral/model.tar.gz" in policy


@pytest.mark.parametrize(
    ("container", "message"),
    [
        (
            lambda: sagemaker.ContainerDefinition(
                model_package=sagemaker.ModelPackage.from_arn(
                    "arn:aws:sagemaker:us-east-1:111111111111:model-package/churn/1"
                )
            ),
            "container cannot take a model_package",
        ),
        (
            lambda: sagemaker.ContainerDefinition(
                image=sagemaker.ContainerImage.from_dlc("pytorch-inference", "2.1-gpu"), container_hostname="a"
            ),
            "container_hostname cannot be used in an inference component's container",
        ),
    ],
)
def test_containers_an_inference_component_cannot_render_are_refused(stack, container, message):
    assert message in failure(lambda: component(stack, hosting(stack), container=container()))


def test_model_and_container_are_exclusive(stack):
    endpoint = hosting(stack)
    container = sagemaker.ContainerDefinition(image=sagemaker.ContainerImage.from_dlc("pytorch-inference", "2.1"))
    assert "Give exactly one of model (an IModel) or container" in failure(
        lambda: component(stack, endpoint, model=model(stack), container=container)
    )
    assert "Give exactly one of model" in failure(
        lambda: sagemaker.InferenceComponent(
            stack,
            "Neither",
            endpoint=endpoint,
            variant_name="llms",
            compute=sagemaker.ComputeRequirements(min_memory_mb=1024),
        )
    )


def test_the_variant_must_exist_and_host_components(stack):
    endpoint = hosting(stack)
    assert "has no instance variant named 'other' (variants: 'llms')" in failure(
        lambda: sagemaker.InferenceComponent(
            stack,
            "C",
            endpoint=endpoint,
            variant_name="other",
            model=model(stack),
            compute=sagemaker.ComputeRequirements(min_memory_mb=1024),
        )
    )
    classic = make_stack()
    config = sagemaker.EndpointConfig(
        classic,
        "Config",
        instance_production_variants=[
            sagemaker.InstanceProductionVariantProps(model=model(classic), variant_name="llms")
        ],
    )
    endpoint = sagemaker.Endpoint(classic, "Endpoint", endpoint_config=config)
    assert "variant 'llms' hosts a model, not inference components" in failure(
        lambda: component(classic, endpoint, id="Other")
    )


def test_accelerators_need_an_accelerated_instance_type(stack):
    endpoint = hosting(stack, instance_type="ml.m5.xlarge")
    message = failure(lambda: component(stack, endpoint))
    assert "accelerators=1 needs an accelerated instance type" in message and "ml.m5.xlarge" in message
    component(make_stack(), hosting(make_stack()))  # a GPU type is fine


def test_the_accelerators_of_a_variant_must_fit_one_instance(stack):
    endpoint = hosting(stack)  # ml.g5.12xlarge: 4 GPUs
    gpus = sagemaker.ComputeRequirements(min_memory_mb=1024, accelerators=2)
    component(stack, endpoint, id="A", compute=gpus)
    component(stack, endpoint, id="B", compute=gpus)
    message = failure(lambda: component(stack, endpoint, id="C", compute=gpus))
    assert "need 6 accelerators per copy set (4 already placed + 2), but ml.g5.12xlarge has 4" in message


def test_an_instance_type_without_known_accelerators_gets_a_warning(stack):
    created = component(stack, hosting(stack, instance_type="ml.inf2.xlarge"))
    (warning,) = warnings_of(created)
    assert "does not know how many accelerators ml.inf2.xlarge has" in warning


def test_every_gpu_count_in_the_table_bounds_the_accelerators():
    counted = {name: facts.accelerator_count for name, facts in FACTS.items() if facts.accelerator_count}
    assert "ml.g5.12xlarge" in counted
    for instance_type, count in counted.items():
        stack = make_stack()
        endpoint = hosting(stack, instance_type=sagemaker.InstanceType.of(instance_type, unchecked=True))
        component(stack, endpoint, compute=sagemaker.ComputeRequirements(min_memory_mb=1024, accelerators=count))
        too_many = sagemaker.ComputeRequirements(min_memory_mb=1024, accelerators=count + 1)
        assert f"but {instance_type} has {count}" in failure(
            lambda s=stack, e=endpoint, c=too_many: component(s, e, id="X", compute=c)
        )


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"min_memory_mb": 127}, "min_memory_mb must be at least 128 (got 127)"),
        ({"min_memory_mb": 1024, "max_memory_mb": 512}, "max_memory_mb must be at least min_memory_mb"),
        ({"min_memory_mb": 1024, "accelerators": 0}, "accelerators must be at least 1 (got 0)"),
        ({"min_memory_mb": 1024, "accelerators": 1.5}, "accelerators must be a whole number"),
        ({"min_memory_mb": 1024, "cpu_cores": 0.1}, "cpu_cores must be a finite number of at least 0.25"),
        ({"min_memory_mb": 1024, "cpu_cores": math.nan}, "cpu_cores must be a finite number"),
        ({"min_memory_mb": "1024"}, "min_memory_mb must be a whole number"),
    ],
)
def test_compute_requirement_limits(kwargs, message):
    assert message in failure(lambda: sagemaker.ComputeRequirements(**kwargs))


@settings(max_examples=50, deadline=None)
@given(memory=st.integers(0, 400), cores=st.floats(0, 2, allow_nan=False))
def test_compute_requirements_accept_exactly_the_api_minimums(memory, cores):
    valid = memory >= 128 and cores >= 0.25
    if valid:
        assert sagemaker.ComputeRequirements(min_memory_mb=memory, cpu_cores=cores).render()[
            "min_memory_required_in_mb"
        ]
    else:
        with pytest.raises(sagemaker.ValidationError):
            sagemaker.ComputeRequirements(min_memory_mb=memory, cpu_cores=cores)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"copy_count": -1}, "copy_count must be at least 0 (got -1)"),
        ({"inference_component_name": "a" * 64}, "inference_component_name must be 1-63 alphanumerics"),
        ({"inference_component_name": "bad_name"}, "inference_component_name must be 1-63 alphanumerics"),
        ({"inference_component_name": "-lead"}, "inference_component_name must be 1-63 alphanumerics"),
        ({"model_data_download_timeout": timedelta(seconds=59)}, "between 60 and 3600 seconds (got 59)"),
        ({"container_startup_timeout": timedelta(seconds=3601)}, "between 60 and 3600 seconds (got 3601)"),
        ({"provider": "awscc"}, "provider must be a TerraformProvider"),
    ],
)
def test_component_limits(stack, kwargs, message):
    assert message in failure(lambda: component(stack, hosting(stack), **kwargs))


def test_a_valid_explicit_name_is_rendered(stack):
    component(stack, hosting(stack), inference_component_name="llama-3-8b")
    assert only(synth(stack), COMPONENT)["inference_component_name"] == "llama-3-8b"


def test_grant_invoke_names_the_endpoint_and_the_component(stack):
    created = component(stack, hosting(stack))
    role = IamRole(stack, "App", assume_role_policy="{}")
    created.grant_invoke(role)
    doc = synth(stack)
    (policy,) = [p for p in resources(doc, "aws_iam_role_policy") if p["role"] == "${aws_iam_role.App.name}"]
    assert "sagemaker:InvokeEndpoint" in policy["policy"]
    assert "${aws_sagemaker_endpoint.Endpoint_8024A810.arn}" in policy["policy"]
    assert f"${{{COMPONENT}.{resource_names(doc, COMPONENT)[0]}.inference_component_arn}}" in policy["policy"]


def test_component_metrics(stack):
    created = component(stack, hosting(stack))
    name_ref = f"${{{COMPONENT}.Llama_4E7FDFEC.inference_component_name}}"
    for metric, metric_name in (
        (created.metric_invocations_per_copy(), "InvocationsPerCopy"),
        (created.metric_model_latency(), "ModelLatency"),
        (created.metric_no_capacity_invocation_failures(), "NoCapacityInvocationFailures"),
    ):
        metric.create_alarm(stack, metric_name, threshold=1, evaluation_periods=1)
    alarms = {a["metric_name"]: a for a in resources(synth(stack), ALARM)}
    assert sorted(alarms) == ["InvocationsPerCopy", "ModelLatency", "NoCapacityInvocationFailures"]
    for metric_name, statistic in (
        ("InvocationsPerCopy", "Sum"),
        ("ModelLatency", "Average"),
        ("NoCapacityInvocationFailures", "Sum"),
    ):
        alarm = alarms[metric_name]
        assert (alarm["namespace"], alarm["statistic"], alarm["period"]) == ("AWS/SageMaker", statistic, 300)
        assert alarm["dimensions"] == {"InferenceComponentName": name_ref}


# --- copy-count scaling ----------------------------------------------------------------------------------------


def test_copy_count_scaling_registers_the_component_target(stack):
    created = component(stack, hosting(stack))
    copies = created.auto_scale_copy_count(max_capacity=4)
    copies.scale_on_invocations_per_copy("Load", target=20)
    copies.scale_on_concurrent_requests_per_copy("Concurrency", target=4, scale_in_cooldown=timedelta(minutes=5))
    doc = synth(stack)
    target = only(doc, TARGET)
    assert target["service_namespace"] == "sagemaker"
    assert target["scalable_dimension"] == "sagemaker:inference-component:DesiredCopyCount"
    assert target["resource_id"] == f"inference-component/${{{COMPONENT}.Llama_4E7FDFEC.inference_component_name}}"
    assert (target["min_capacity"], target["max_capacity"]) == (1, 4)
    tracked = {
        p["target_tracking_scaling_policy_configuration"]["predefined_metric_specification"][
            "predefined_metric_type"
        ]: p
        for p in resources(doc, POLICY)
    }
    assert sorted(tracked) == [
        "SageMakerInferenceComponentConcurrentRequestsPerCopyHighResolution",
        "SageMakerInferenceComponentInvocationsPerCopy",
    ]
    concurrency = tracked["SageMakerInferenceComponentConcurrentRequestsPerCopyHighResolution"]
    assert concurrency["target_tracking_scaling_policy_configuration"]["target_value"] == 4
    assert concurrency["target_tracking_scaling_policy_configuration"]["scale_in_cooldown"] == 300
    assert resources(doc, ALARM) == []  # no scale-out-from-zero above zero


def test_scaling_to_zero_copies_adds_the_aws_step_policy_and_alarm(stack):
    created = component(stack, zero_endpoint(stack))
    copies = created.auto_scale_copy_count(min_capacity=0, max_capacity=2)
    doc = synth(stack)
    assert only(doc, TARGET)["min_capacity"] == 0
    step = only(doc, POLICY)
    assert step["policy_type"] == "StepScaling"
    assert step["step_scaling_policy_configuration"] == {
        "adjustment_type": "ChangeInCapacity",
        "cooldown": 60,
        "metric_aggregation_type": "Maximum",
        "step_adjustment": [{"metric_interval_lower_bound": "0", "scaling_adjustment": 1}],
    }
    alarm = only(doc, ALARM)
    assert alarm["namespace"] == "AWS/SageMaker"
    assert alarm["metric_name"] == "NoCapacityInvocationFailures"
    assert alarm["dimensions"] == {
        "InferenceComponentName": f"${{{COMPONENT}.Llama_4E7FDFEC.inference_component_name}}"
    }
    assert (alarm["statistic"], alarm["period"], alarm["evaluation_periods"], alarm["threshold"]) == ("Sum", 60, 1, 1)
    assert alarm["comparison_operator"] == "GreaterThanOrEqualToThreshold"
    assert alarm["alarm_actions"] == [f"${{aws_appautoscaling_policy.{resource_names(doc, POLICY)[0]}.arn}}"]
    assert copies.scale_out_policy is not None and copies.scale_out_alarm is not None


def test_zero_copies_need_a_variant_that_allows_zero_instances(stack):
    created = component(stack, hosting(stack, scaling=sagemaker.ManagedInstanceScaling(max_instance_count=2)))
    message = failure(lambda: created.auto_scale_copy_count(min_capacity=0, max_capacity=2))
    assert "needs variant 'llms' to allow 0 instances, but it has managed min_instance_count=1" in message
    assert "ManagedInstanceScaling(min_instance_count=0" in message
    unmanaged = make_stack()
    other = component(unmanaged, hosting(unmanaged))
    assert "it has no managed_instance_scaling" in failure(
        lambda: other.auto_scale_copy_count(min_capacity=0, max_capacity=1)
    )


def test_a_zero_instance_variant_needs_every_component_to_reach_zero_copies(stack):
    endpoint = zero_endpoint(stack)
    kept = component(stack, endpoint, id="Kept")
    kept.auto_scale_copy_count(min_capacity=1, max_capacity=2)
    component(stack, endpoint, id="Fixed")
    with pytest.raises(Exception) as err:
        synth(stack)
    message = str(err.value)
    assert (
        "allows 0 instances (managed min_instance_count=0), but inference component Stack/Kept keeps 1 copy" in message
    )
    assert "Stack/Fixed keeps 1 copy (it is not auto-scaled)" in message


def test_copy_count_capacity_rules(stack):
    created = component(stack, zero_endpoint(stack), copy_count=3)
    assert "max_capacity cannot be less than the component's copy_count: 3" in failure(
        lambda: created.auto_scale_copy_count(min_capacity=0, max_capacity=2)
    )
    assert "max_capacity must be at least 1 (got 0)" in failure(
        lambda: created.auto_scale_copy_count(min_capacity=0, max_capacity=0)
    )
    created.auto_scale_copy_count(min_capacity=0, max_capacity=4)
    assert "Copy count scaling is already enabled" in failure(lambda: created.auto_scale_copy_count(max_capacity=4))


def test_a_scheduled_zero_minimum_is_checked_like_the_target(stack):
    created = component(stack, hosting(stack))
    copies = created.auto_scale_copy_count(max_capacity=4)
    assert "min_capacity=0 (scale to zero copies) needs variant 'llms' to allow 0 instances" in failure(
        lambda: copies.scale_on_schedule("Night", schedule="cron(0 22 * * ? *)", min_capacity=0)
    )


def test_the_copy_count_target_value_must_be_positive(stack):
    copies = component(stack, hosting(stack)).auto_scale_copy_count(max_capacity=2)
    assert "target must be greater than 0 (got 0)" in failure(
        lambda: copies.scale_on_invocations_per_copy("L", target=0)
    )


# --- Model Registry -------------------------------------------------------------------------------------------

VALID_PACKAGE_ARNS = [
    ("arn:aws:sagemaker:us-east-1:111111111111:model-package/churn-models/3", "churn-models", 3),
    ("arn:aws-cn:sagemaker:cn-north-1:111111111111:model-package/churn/1", "churn", 1),
    ("arn:aws-us-gov:sagemaker:us-gov-west-1:111111111111:model-package/a1/12", "a1", 12),
    ("arn:aws:sagemaker:eu-west-1:111111111111:model-package/unversioned-package", "unversioned-package", None),
]
INVALID_PACKAGE_ARNS = [
    "arn:aws:sagemaker:us-east-1:111111111111:model-package-group/churn",  # a group, not a package
    "arn:aws:sagemaker:us-east-1:111111111111:model/churn",
    "arn:aws:s3:us-east-1:111111111111:model-package/churn/3",
    "arn:aws:sagemaker:us-east-1:11111111111:model-package/churn/3",  # 11-digit account
    "arn:aws:sagemaker::111111111111:model-package/churn/3",  # no region
    "arn:aws:sagemaker:useast1:111111111111:model-package/churn/3",
    "arn:foo:sagemaker:us-east-1:111111111111:model-package/churn/3",  # unknown partition
    "arn:aws:sagemaker:us-east-1:111111111111:model-package/churn/0",  # versions start at 1
    "arn:aws:sagemaker:us-east-1:111111111111:model-package/churn/x",
    "arn:aws:sagemaker:us-east-1:111111111111:model-package/-churn/3",
    "arn:aws:sagemaker:us-east-1:111111111111:model-package/churn/3/4",
    "churn-models/3",
]


@pytest.mark.parametrize(("arn", "group", "version"), VALID_PACKAGE_ARNS)
def test_valid_model_package_arns(arn, group, version):
    package = sagemaker.ModelPackage.from_arn(arn)
    assert (package.arn, package.group, package.version) == (arn, group, version)


@pytest.mark.parametrize("arn", INVALID_PACKAGE_ARNS)
def test_invalid_model_package_arns_are_refused(arn):
    message = failure(lambda: sagemaker.ModelPackage.from_arn(arn))
    assert "ModelPackage.from_arn" in message and ("arn must look like" in message or "unknown partition" in message)


def test_a_model_from_the_registry_renders_model_package_name(stack):
    arn = VALID_PACKAGE_ARNS[0][0]
    sagemaker.Model(
        stack,
        "Churn",
        containers=[
            sagemaker.ContainerDefinition(
                model_package=sagemaker.ModelPackage.from_arn(arn), environment={"LOG_LEVEL": "info"}
            )
        ],
    )
    container = only(synth(stack), "aws_sagemaker_model")["primary_container"]
    assert container == [{"model_package_name": arn, "environment": {"LOG_LEVEL": "info"}}]


def test_image_and_model_data_are_refused_with_a_model_package(stack):
    package = sagemaker.ModelPackage.from_arn(VALID_PACKAGE_ARNS[0][0])
    image = sagemaker.ContainerImage.from_dlc("pytorch-inference", "2.1")
    data = sagemaker.ModelData.from_bucket(S3Bucket(stack, "B"), "m.tar.gz")
    assert "image cannot be given with model_package" in failure(
        lambda: sagemaker.ContainerDefinition(image=image, model_package=package)
    )
    assert "model_data cannot be given with model_package" in failure(
        lambda: sagemaker.ContainerDefinition(model_data=data, model_package=package)
    )
    assert "Give image (a ContainerImage) or model_package" in failure(lambda: sagemaker.ContainerDefinition())
