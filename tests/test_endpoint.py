"""Endpoint, its production variants, grants and imports (ports upstream endpoint.test.ts, non-autoscaling cases)."""

from __future__ import annotations

import json

import pytest

from sagemaker_tf import (
    AcceleratorType,
    ContainerDefinition,
    ContainerImage,
    InstanceType,
    Model,
    ValidationError,
)
from sagemaker_tf._runtime.framework import AwsProvider, DataAwsIamRole, EcrRepository, IamRole, TerraformOutput
from sagemaker_tf.endpoint import Endpoint, InstanceProductionVariant, ServerlessProductionVariant
from sagemaker_tf.endpoint_config import (
    EndpointConfig,
    InstanceProductionVariantProps,
    ServerlessProductionVariantProps,
)
from tests.helpers import address, only, resources, synth, two_stacks

ENDPOINT = "aws_sagemaker_endpoint"
TRUST = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}
        ],
    }
)


def config_with(stack, *names: str, id: str = "EndpointConfig", **kwargs) -> EndpointConfig:
    model = stack.node.try_find_child("Model") or Model.from_model_name(stack, "Model", "model")
    return EndpointConfig(
        stack,
        id,
        instance_production_variants=[
            InstanceProductionVariantProps(model=model, variant_name=n, **kwargs) for n in names
        ],
    )


def endpoint_with(stack, *names: str, **kwargs) -> Endpoint:
    return Endpoint(stack, "Endpoint", endpoint_config=config_with(stack, *(names or ("variant",)), **kwargs))


def imported_config_endpoint(stack) -> Endpoint:
    config = EndpointConfig.from_endpoint_config_name(stack, "EndpointConfig", "MyEndpointConfig")
    return Endpoint(stack, "Endpoint", endpoint_config=config)


def policy_of(doc) -> dict:
    return json.loads(only(doc, "aws_iam_role_policy")["policy"])


# --- finding variants (upstream "When searching an Endpoint for a production variant") ------------------------


def test_find_existing_variant_returns_it(stack):
    variant = endpoint_with(stack).find_instance_production_variant("variant")
    assert isinstance(variant, InstanceProductionVariant)
    assert variant.variant_name == "variant"


def test_find_missing_variant_fails(stack):
    endpoint = endpoint_with(stack)
    with pytest.raises(ValidationError, match=r"^Stack/Endpoint: No variant with name: 'missing-variant'$"):
        endpoint.find_instance_production_variant("missing-variant")


def test_find_variant_of_imported_config_fails(stack):
    endpoint = imported_config_endpoint(stack)
    with pytest.raises(
        ValidationError, match="Production variant lookup is not supported for an imported IEndpointConfig"
    ):
        endpoint.find_instance_production_variant("variant")


def test_instance_production_variants_lists_them(stack):
    variants = endpoint_with(stack, "a", "b").instance_production_variants
    assert [v.variant_name for v in variants] == ["a", "b"]


def test_instance_production_variants_of_imported_config_fail(stack):
    endpoint = imported_config_endpoint(stack)
    with pytest.raises(
        ValidationError, match="Production variant lookup is not supported for an imported IEndpointConfig"
    ):
        endpoint.instance_production_variants  # noqa: B018


def test_same_variant_object_is_returned_for_the_same_name(stack):
    endpoint = endpoint_with(stack, "a", "b")
    assert endpoint.find_instance_production_variant("a") is endpoint.find_instance_production_variant("a")
    assert endpoint.instance_production_variants[1] is endpoint.find_instance_production_variant("b")


def test_variant_added_to_the_config_after_the_endpoint_is_found(stack):
    endpoint = endpoint_with(stack, "a")
    endpoint.endpoint_config.add_instance_production_variant(
        InstanceProductionVariantProps(model=Model.from_model_name(stack, "M2", "m2"), variant_name="late")
    )
    assert endpoint.find_instance_production_variant("late").variant_name == "late"


def test_variant_exposes_what_scaling_and_metrics_need(stack):
    endpoint = endpoint_with(
        stack,
        "v",
        instance_type=InstanceType.M5_LARGE,
        initial_instance_count=2,
        initial_variant_weight=3,
        accelerator_type=AcceleratorType.EIA2_MEDIUM,
    )
    variant = endpoint.find_instance_production_variant("v")
    assert (
        variant.initial_instance_count,
        str(variant.instance_type),
        variant.initial_variant_weight,
        str(variant.accelerator_type),
    ) == (2, "ml.m5.large", 3.0, "ml.eia2.medium")
    assert variant.endpoint is endpoint
    assert variant.endpoint.endpoint_name == endpoint.endpoint_name


def test_variant_defaults_are_visible_on_the_endpoint_variant(stack):
    variant = endpoint_with(stack).find_instance_production_variant("variant")
    assert (
        variant.initial_instance_count,
        variant.instance_type,
        variant.initial_variant_weight,
        variant.accelerator_type,
    ) == (1, InstanceType.T2_MEDIUM, 1.0, None)


def test_serverless_variant_is_exposed(stack):
    model = Model.from_model_name(stack, "Model", "model")
    config = EndpointConfig(
        stack,
        "EndpointConfig",
        serverless_production_variant=ServerlessProductionVariantProps(
            model=model, variant_name="sls", max_concurrency=20, memory_size_in_mb=4096, provisioned_concurrency=3
        ),
    )
    endpoint = Endpoint(stack, "Endpoint", endpoint_config=config)
    variant = endpoint.serverless_production_variant
    assert isinstance(variant, ServerlessProductionVariant)
    assert (
        variant.variant_name,
        variant.max_concurrency,
        variant.memory_size_in_mb,
        variant.provisioned_concurrency,
    ) == ("sls", 20, 4096, 3)
    assert variant.endpoint is endpoint and endpoint.serverless_production_variant is variant
    assert endpoint.instance_production_variants == []


def test_serverless_variant_is_none_for_instance_configs(stack):
    assert endpoint_with(stack).serverless_production_variant is None


def test_variant_metrics_carry_endpoint_and_variant_dimensions(stack):
    endpoint = endpoint_with(stack, "v")
    variant = endpoint.find_instance_production_variant("v")
    expected = {"EndpointName": endpoint.endpoint_name, "VariantName": "v"}
    cases = [
        (variant.metric_invocations(), ("AWS/SageMaker", "Invocations", "Sum")),
        (variant.metric_invocations_per_instance(), ("AWS/SageMaker", "InvocationsPerInstance", "Sum")),
        (variant.metric_model_latency(), ("AWS/SageMaker", "ModelLatency", "Average")),
        (variant.metric_overhead_latency(), ("AWS/SageMaker", "OverheadLatency", "Average")),
        (variant.metric_disk_utilization(), ("/aws/sagemaker/Endpoints", "DiskUtilization", "Average")),
        (variant.metric_cpu_utilization(), ("/aws/sagemaker/Endpoints", "CPUUtilization", "Average")),
        (variant.metric_memory_utilization(), ("/aws/sagemaker/Endpoints", "MemoryUtilization", "Average")),
        (variant.metric_gpu_utilization(), ("/aws/sagemaker/Endpoints", "GPUUtilization", "Average")),
        (variant.metric_gpu_memory_utilization(), ("/aws/sagemaker/Endpoints", "GPUMemoryUtilization", "Average")),
        (variant.metric("Custom/NS", "Thing"), ("Custom/NS", "Thing", "Sum")),
    ]
    for metric, (namespace, name, statistic) in cases:
        assert (metric.namespace, metric.metric_name, metric.statistic) == (namespace, name, statistic)
        assert dict(metric.dimensions_map) == expected


def test_variant_response_code_metric(stack):
    from sagemaker_tf.metrics import InvocationHttpResponseCode

    variant = endpoint_with(stack).find_instance_production_variant("variant")
    metric = variant.metric_invocation_response_code(InvocationHttpResponseCode.INVOCATION_5XX_ERRORS)
    assert (metric.namespace, metric.metric_name, metric.statistic) == ("AWS/SageMaker", "Invocation5XXErrors", "Sum")


def test_serverless_variant_metrics(stack):
    model = Model.from_model_name(stack, "Model", "model")
    config = EndpointConfig(
        stack,
        "EndpointConfig",
        serverless_production_variant=ServerlessProductionVariantProps(
            model=model, variant_name="sls", max_concurrency=20, memory_size_in_mb=4096
        ),
    )
    variant = Endpoint(stack, "Endpoint", endpoint_config=config).serverless_production_variant
    metric = variant.metric_model_latency()
    assert (metric.metric_name, metric.statistic, metric.dimensions_map["VariantName"]) == (
        "ModelLatency",
        "Average",
        "sls",
    )
    assert variant.metric_invocations().metric_name == "Invocations"


def test_auto_scale_instance_count_delegates_to_scaling(stack):
    endpoint = endpoint_with(stack, "v", instance_type=InstanceType.M5_LARGE)
    endpoint.find_instance_production_variant("v").auto_scale_instance_count(max_capacity=3)
    doc = synth(stack)
    target = only(doc, "aws_appautoscaling_target")
    assert target["resource_id"] == f"endpoint/${{{address(doc, ENDPOINT)}.name}}/variant/v"
    assert (target["min_capacity"], target["max_capacity"]) == (1, 3)


def test_auto_scale_provisioned_concurrency_delegates_to_scaling(stack):
    model = Model.from_model_name(stack, "Model", "model")
    config = EndpointConfig(
        stack,
        "EndpointConfig",
        serverless_production_variant=ServerlessProductionVariantProps(
            model=model, variant_name="sls", max_concurrency=20, memory_size_in_mb=2048, provisioned_concurrency=2
        ),
    )
    endpoint = Endpoint(stack, "Endpoint", endpoint_config=config)
    endpoint.serverless_production_variant.auto_scale_provisioned_concurrency(max_capacity=10)
    doc = synth(stack)
    target = only(doc, "aws_appautoscaling_target")
    assert target["resource_id"] == f"endpoint/${{{address(doc, ENDPOINT)}.name}}/variant/sls"
    assert target["scalable_dimension"] == "sagemaker:variant:DesiredProvisionedConcurrency"
    assert (target["min_capacity"], target["max_capacity"]) == (2, 10)


# --- the endpoint resource -------------------------------------------------------------------------------------


def test_endpoint_references_the_config_name_and_leaves_its_name_to_terraform(stack):
    endpoint_with(stack)
    doc = synth(stack)
    resource = only(doc, ENDPOINT)
    assert resource["endpoint_config_name"] == f"${{{address(doc, 'aws_sagemaker_endpoint_configuration')}.name}}"
    assert "name" not in resource and "lifecycle" not in resource


def test_endpoint_attributes_are_the_resource_attributes(stack):
    endpoint = endpoint_with(stack)
    TerraformOutput(stack, "name", value=endpoint.endpoint_name)
    TerraformOutput(stack, "arn", value=endpoint.endpoint_arn)
    doc = synth(stack)
    addr = address(doc, ENDPOINT)
    assert (doc["output"]["name"]["value"], doc["output"]["arn"]["value"]) == (f"${{{addr}.name}}", f"${{{addr}.arn}}")


def test_explicit_endpoint_name_is_honoured(stack):
    Endpoint(stack, "Endpoint", endpoint_config=config_with(stack, "v"), endpoint_name="my-endpoint")
    assert only(synth(stack), ENDPOINT)["name"] == "my-endpoint"


def test_invalid_endpoint_name_fails_and_leaves_nothing(stack):
    config = config_with(stack, "v")
    with pytest.raises(ValidationError, match=r"^Stack/Endpoint: endpoint_name must match"):
        Endpoint(stack, "Endpoint", endpoint_config=config, endpoint_name="bad_name")
    assert stack.node.try_find_child("Endpoint") is None


def test_endpoint_config_must_be_an_endpoint_config(stack):
    with pytest.raises(ValidationError, match="endpoint_config must be an EndpointConfig or an imported one"):
        Endpoint(stack, "Endpoint", endpoint_config="my-config")


def test_endpoint_with_imported_config_uses_its_name(stack):
    imported_config_endpoint(stack)
    assert only(synth(stack), ENDPOINT)["endpoint_config_name"] == "MyEndpointConfig"


# --- grants ----------------------------------------------------------------------------------------------------


def test_grant_invoke_to_a_role_adds_an_inline_policy(stack):
    endpoint = endpoint_with(stack)
    role = IamRole(stack, "Consumer", assume_role_policy=TRUST)
    grant = endpoint.grant_invoke(role)
    doc = synth(stack)
    assert policy_of(doc)["Statement"] == [
        {"Effect": "Allow", "Action": ["sagemaker:InvokeEndpoint"], "Resource": [f"${{{address(doc, ENDPOINT)}.arn}}"]}
    ]
    assert only(doc, "aws_iam_role_policy")["role"] == "${aws_iam_role.Consumer.name}"
    assert grant.success and grant.role is role


def test_grant_invoke_to_a_role_data_source(stack):
    endpoint = endpoint_with(stack)
    endpoint.grant_invoke(DataAwsIamRole(stack, "Consumer", name="consumer"))
    assert only(synth(stack), "aws_iam_role_policy")["role"] == "${data.aws_iam_role.Consumer.name}"


def test_grant_invoke_to_a_model_lands_on_its_role(stack):
    endpoint = endpoint_with(stack)
    repo = EcrRepository(stack, "Repo", name="repo")
    caller = Model(stack, "Caller", containers=[ContainerDefinition(image=ContainerImage.from_ecr_repository(repo))])
    endpoint.grant_invoke(caller)
    doc = synth(stack)
    statements = policy_of(doc)["Statement"]
    assert {
        "Effect": "Allow",
        "Action": ["sagemaker:InvokeEndpoint"],
        "Resource": [f"${{{address(doc, ENDPOINT)}.arn}}"],
    } in statements


def test_grant_invoke_to_a_literal_role_arn_adds_an_inline_policy_on_the_named_role(stack):
    endpoint = endpoint_with(stack)
    grant = endpoint.grant_invoke("arn:aws:iam::123456789012:role/service-role/invoker")
    again = endpoint.grant_invoke("arn:aws:iam::123456789012:role/service-role/invoker")
    assert (grant.role, grant.role_arn, grant.success) == (
        None,
        "arn:aws:iam::123456789012:role/service-role/invoker",
        True,
    )
    assert again.role_arn == grant.role_arn
    doc = synth(stack)
    policy = only(doc, "aws_iam_role_policy")  # the same ARN twice: one policy, one statement
    assert policy["role"] == "invoker"
    assert json.loads(policy["policy"])["Statement"] == [
        {"Effect": "Allow", "Action": ["sagemaker:InvokeEndpoint"], "Resource": [f"${{{address(doc, ENDPOINT)}.arn}}"]}
    ]


def test_grant_invoke_to_a_lambda_functions_role_uses_a_terraform_expression_for_the_name(stack):
    from sagemaker_tf._runtime.framework import LambdaFunction

    endpoint = endpoint_with(stack)
    function = LambdaFunction(
        stack,
        "Fn",
        function_name="invoker",
        role="arn:aws:iam::123456789012:role/fn-role",
        handler="index.handler",
        runtime="python3.12",
        filename="fn.zip",
    )
    grant = endpoint.grant_invoke(function.role)
    assert grant.role_arn is not None and grant.role_arn.startswith("${TfToken[")
    doc = synth(stack)
    policy = only(doc, "aws_iam_role_policy")
    function_address = address(doc, "aws_lambda_function")
    assert policy["role"] == f'${{regex("[^/]+$", {function_address}.role)}}'
    assert json.loads(policy["policy"])["Statement"][0]["Action"] == ["sagemaker:InvokeEndpoint"]


@pytest.mark.parametrize("arn", ["arn:aws:iam::123456789012:user/x", "role/x", "arn:aws:iam::12345:role/x", ""])
def test_grant_invoke_to_a_bad_role_arn_fails(stack, arn):
    endpoint = endpoint_with(stack)
    with pytest.raises(ValidationError) as error:
        endpoint.grant_invoke(arn)
    assert str(error.value) == (
        "Stack/Endpoint: grantee a role ARN must look like "
        f"arn:<partition>:iam::<account>:role/<path/>name (got {arn!r})"
    )


def test_grant_invoke_to_a_number_fails(stack):
    endpoint = endpoint_with(stack)
    with pytest.raises(ValidationError) as error:
        endpoint.grant_invoke(42)  # type: ignore[arg-type]
    assert str(error.value) == (
        "Stack/Endpoint: grantee must be a Model, an IamRole, a DataAwsIamRole or a role ARN string (got int)"
    )


def test_grant_invoke_on_imported_endpoint_uses_its_arn(stack):
    arn = "arn:aws:sagemaker:us-east-1:123456789012:endpoint/my-endpoint"
    Endpoint.from_endpoint_arn(stack, "Imported", arn).grant_invoke(
        IamRole(stack, "Consumer", assume_role_policy=TRUST)
    )
    assert policy_of(synth(stack))["Statement"][0]["Resource"] == [arn]


# --- imports ---------------------------------------------------------------------------------------------------


def test_import_by_arn_takes_the_name_from_the_arn(stack):
    arn = "arn:aws:sagemaker:us-west-2:123456789012:endpoint/my-name"
    endpoint = Endpoint.from_endpoint_arn(stack, "Endpoint", arn)
    assert endpoint.endpoint_name == "my-name"


def test_import_by_attributes(stack):
    arn = "arn:aws-cn:sagemaker:cn-north-1:123456789012:endpoint/my-name"
    endpoint = Endpoint.from_endpoint_attributes(stack, "Endpoint", endpoint_arn=arn)
    assert (endpoint.endpoint_name, endpoint.endpoint_arn) == ("my-name", arn)


def test_import_by_malformed_arn_fails(stack):
    with pytest.raises(ValidationError, match=r"^Stack/Endpoint: endpoint_arn must look like .*:endpoint/<name>"):
        Endpoint.from_endpoint_arn(stack, "Endpoint", "arn:aws:sagemaker:us-west-2:123456789012:model/my-name")


def test_import_by_token_arn_splits_in_terraform(stack):
    from sagemaker_tf._runtime.framework import TerraformVariable

    arn = TerraformVariable(stack, "arn", type="string").string_value
    endpoint = Endpoint.from_endpoint_arn(stack, "Endpoint", arn)
    TerraformOutput(stack, "name", value=endpoint.endpoint_name)
    assert synth(stack)["output"]["name"]["value"] == '${element(split("/", var.arn), 1)}'


def test_import_by_name_builds_the_arn_from_data_sources(stack):
    endpoint = Endpoint.from_endpoint_name(stack, "Endpoint", "my-name")
    TerraformOutput(stack, "arn", value=endpoint.endpoint_arn)
    assert synth(stack)["output"]["arn"]["value"] == (
        "arn:${data.aws_partition.SagemakerTfPartition.partition}:sagemaker:"
        "${data.aws_region.SagemakerTfRegion.region}:${data.aws_caller_identity.SagemakerTfCallerIdentity.account_id}"
        ":endpoint/my-name"
    )


def test_import_by_invalid_name_fails(stack):
    with pytest.raises(ValidationError, match="endpoint_name must match"):
        Endpoint.from_endpoint_name(stack, "Endpoint", "-bad")


# --- AWS provider environment (upstream "When sharing an endpoint config from an origin stack ...") ------------


def owned_config(origin) -> EndpointConfig:
    return EndpointConfig(
        origin,
        "MyEndpointConfig",
        endpoint_config_name="explicit-name",
        instance_production_variants=[
            InstanceProductionVariantProps(
                model=Model.from_model_name(origin, "MyModel", "my-model"), variant_name="my-variant"
            )
        ],
    )


def test_owned_config_across_regions_fails():
    origin, destination = two_stacks("us-west-2", "us-east-1")
    with pytest.raises(
        ValidationError, match="Cannot use endpoint configuration in region us-west-2 for endpoint in region us-east-1"
    ):
        Endpoint(destination, "MyEndpoint", endpoint_config=owned_config(origin))
    assert destination.node.try_find_child("MyEndpoint") is None


def test_owned_config_across_accounts_fails():
    origin, destination = two_stacks("us-west-2", "us-west-2", ["123456789012"], ["234567890123"])
    with pytest.raises(
        ValidationError,
        match="Cannot use endpoint configuration in account 123456789012 for endpoint in account 234567890123",
    ):
        Endpoint(destination, "MyEndpoint", endpoint_config=owned_config(origin))


def test_imported_by_name_config_across_regions_fails():
    origin, destination = two_stacks("us-west-2", "us-east-1")
    config = EndpointConfig.from_endpoint_config_name(origin, "MyEndpointConfig", "explicit-name")
    with pytest.raises(
        ValidationError, match="Cannot use endpoint configuration in region us-west-2 for endpoint in region us-east-1"
    ):
        Endpoint(destination, "MyEndpoint", endpoint_config=config)


def test_imported_by_arn_config_in_another_region_fails():
    origin, destination = two_stacks("us-east-1", "us-east-1")
    config = EndpointConfig.from_endpoint_config_arn(
        origin, "MyEndpointConfig", "arn:aws:sagemaker:us-west-2:123456789012:endpoint-config/explicit-name"
    )
    with pytest.raises(
        ValidationError, match="Cannot use endpoint configuration in region us-west-2 for endpoint in region us-east-1"
    ):
        Endpoint(destination, "MyEndpoint", endpoint_config=config)


def test_imported_by_arn_config_in_another_account_fails():
    origin, destination = two_stacks("us-west-2", "us-west-2", ["234567890123"], ["234567890123"])
    config = EndpointConfig.from_endpoint_config_arn(
        origin, "MyEndpointConfig", "arn:aws:sagemaker:us-west-2:123456789012:endpoint-config/explicit-name"
    )
    with pytest.raises(
        ValidationError,
        match="Cannot use endpoint configuration in account 123456789012 for endpoint in account 234567890123",
    ):
        Endpoint(destination, "MyEndpoint", endpoint_config=config)


def test_config_on_another_provider_of_the_same_stack_fails_at_synth(stack):
    west = AwsProvider(stack, "west", region="us-west-2", alias="west")
    config = config_with(stack, "v")
    Endpoint(stack, "Endpoint", endpoint_config=config)
    config.resource.provider = west
    with pytest.raises(
        Exception,
        match=r"\[Stack/Endpoint\] Cannot use endpoint configuration in region us-west-2 "
        r"for endpoint in region us-east-1",
    ):
        synth(stack)


def test_endpoint_and_config_on_the_same_aliased_provider_synthesize(stack):
    west = AwsProvider(stack, "west", region="us-west-2", alias="west")
    config = EndpointConfig(stack, "EndpointConfig")
    config.resource.provider = west
    config.add_instance_production_variant(
        InstanceProductionVariantProps(
            model=Model.from_model_arn(stack, "M", "arn:aws:sagemaker:us-west-2:123456789012:model/m"), variant_name="v"
        )
    )
    endpoint = Endpoint(stack, "Endpoint", endpoint_config=config)
    endpoint.resource.provider = west
    assert [r["provider"] for r in resources(synth(stack), ENDPOINT)] == ["aws.west"]
