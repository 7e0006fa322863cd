"""EndpointConfig and the variant props (ports upstream endpoint-config.test.ts plus Terraform specifics)."""

from __future__ import annotations

from datetime import timedelta

import pytest

import sagemaker_tf as sagemaker
from sagemaker_tf import AcceleratorType, ContainerDefinition, ContainerImage, InstanceType, Model, ValidationError
from sagemaker_tf._runtime.framework import (
    AwsProvider,
    DataAwsKmsKey,
    EcrRepository,
    IamRole,
    KmsKey,
    TerraformStack,
)
from sagemaker_tf._runtime.framework import (
    Testing as CdkTesting,
)
from sagemaker_tf.endpoint_config import (
    EndpointConfig,
    InstanceProductionVariantProps,
    ServerlessProductionVariantProps,
)
from tests.helpers import address, ecr_model, instance_variant, only, resources, synth, two_stacks

CONFIG = "aws_sagemaker_endpoint_configuration"


def imported_model(stack, id: str = "Model", name: str = "model"):
    return Model.from_model_name(stack, id, name)


def owned_model(stack, id: str = "MyModel", **kwargs) -> Model:
    repo = stack.node.try_find_child("Repo") or EcrRepository(stack, "Repo", name="repo")
    image = ContainerImage.from_ecr_repository(repo, "v1")
    return Model(stack, id, containers=[ContainerDefinition(image=image)], **kwargs)


def instance(model, name: str = "variant", **kwargs) -> InstanceProductionVariantProps:
    return InstanceProductionVariantProps(model=model, variant_name=name, **kwargs)


def serverless(model, name: str = "serverless-variant", **kwargs) -> ServerlessProductionVariantProps:
    kwargs.setdefault("max_concurrency", 10)
    kwargs.setdefault("memory_size_in_mb", 1024)
    return ServerlessProductionVariantProps(model=model, variant_name=name, **kwargs)


def config_with_one_variant(stack, **kwargs) -> EndpointConfig:
    return EndpointConfig(
        stack, "EndpointConfig", instance_production_variants=[instance(imported_model(stack))], **kwargs
    )


# --- synth-time checks (upstream "When synthesizing a stack containing an EndpointConfig") --------------------


def test_more_than_10_production_variants_fails_at_synth(stack):
    model = imported_model(stack)
    config = EndpointConfig(stack, "EndpointConfig", instance_production_variants=[instance(model)])
    for i in range(10):
        config.add_instance_production_variant(instance(model, f"variant-{i}"))
    with pytest.raises(Exception, match=r"\[Stack/EndpointConfig\] Can't have more than 10 production variants"):
        synth(stack)


def test_exactly_10_production_variants_synthesize(stack):
    model = imported_model(stack)
    EndpointConfig(
        stack, "EndpointConfig", instance_production_variants=[instance(model, f"variant-{i}") for i in range(10)]
    )
    rendered = only(synth(stack), CONFIG)["production_variants"]
    assert [v["variant_name"] for v in rendered] == [f"variant-{i}" for i in range(10)]


def test_no_production_variant_fails_at_synth(stack):
    EndpointConfig(stack, "EndpointConfig")
    with pytest.raises(Exception, match=r"\[Stack/EndpointConfig\] Must configure at least 1 production variant"):
        synth(stack)


def test_both_instance_and_serverless_variants_in_constructor_fail(stack):
    model = imported_model(stack)
    with pytest.raises(
        ValidationError, match="Cannot specify both instanceProductionVariants and serverlessProductionVariant"
    ):
        EndpointConfig(
            stack,
            "EndpointConfig",
            instance_production_variants=[instance(model, "instance-variant")],
            serverless_production_variant=serverless(model),
        )
    assert stack.node.try_find_child("EndpointConfig") is None


def test_serverless_variant_synthesizes_with_serverless_config(stack):
    model = imported_model(stack)
    EndpointConfig(
        stack,
        "EndpointConfig",
        serverless_production_variant=serverless(
            model, max_concurrency=10, memory_size_in_mb=2048, provisioned_concurrency=5
        ),
    )
    assert only(synth(stack), CONFIG)["production_variants"] == [
        {
            "variant_name": "serverless-variant",
            "model_name": "model",
            "initial_variant_weight": 1.0,
            "serverless_config": {"max_concurrency": 10, "memory_size_in_mb": 2048, "provisioned_concurrency": 5},
        }
    ]


def test_serverless_variant_without_provisioned_concurrency_omits_it(stack):
    EndpointConfig(stack, "EndpointConfig", serverless_production_variant=serverless(imported_model(stack)))
    variant = only(synth(stack), CONFIG)["production_variants"][0]
    assert variant["serverless_config"] == {"max_concurrency": 10, "memory_size_in_mb": 1024}
    assert "instance_type" not in variant and "initial_instance_count" not in variant


# --- adding instance variants --------------------------------------------------------------------------------


def test_too_few_instances_fail(stack):
    config = config_with_one_variant(stack)
    with pytest.raises(
        ValidationError,
        match=r"^Stack/EndpointConfig: Invalid Production Variant Props: Must have "
        r"at least one instance \(initial_instance_count=0\)",
    ):
        config.add_instance_production_variant(
            instance(imported_model(stack, "M2"), "new-variant", initial_instance_count=0)
        )


def test_negative_weight_fails(stack):
    config = config_with_one_variant(stack)
    with pytest.raises(ValidationError, match="Invalid Production Variant Props: Cannot have negative variant weight"):
        config.add_instance_production_variant(
            instance(imported_model(stack, "M2"), "new-variant", initial_variant_weight=-1)
        )


def test_errors_are_aggregated_under_one_prefix(stack):
    config = config_with_one_variant(stack)
    with pytest.raises(ValidationError) as err:
        config.add_instance_production_variant(
            instance(imported_model(stack, "M2"), "new-variant", initial_instance_count=0, initial_variant_weight=-1)
        )
    message = str(err.value)
    assert message.count("Invalid Production Variant Props: ") == 1
    assert "Must have at least one instance" in message and "Cannot have negative variant weight" in message


def test_duplicate_variant_name_fails(stack):
    config = config_with_one_variant(stack)
    with pytest.raises(ValidationError, match="There is already a Production Variant with name 'variant'"):
        config.add_instance_production_variant(instance(imported_model(stack, "M2"), "variant"))


def test_duplicate_variant_name_in_constructor_fails(stack):
    model = imported_model(stack)
    with pytest.raises(ValidationError, match="There is already a Production Variant with name 'a'"):
        EndpointConfig(
            stack, "EndpointConfig", instance_production_variants=[instance(model, "a"), instance(model, "a")]
        )


def test_instance_variant_after_serverless_variant_fails(stack):
    model = imported_model(stack)
    config = EndpointConfig(stack, "EndpointConfig", serverless_production_variant=serverless(model))
    with pytest.raises(
        ValidationError,
        match="Cannot add instance production variant when serverless production variant is already configured",
    ):
        config.add_instance_production_variant(instance(model, "instance-variant"))


@pytest.mark.parametrize("bad", ["-starts-with-hyphen", "has_underscore", "ends-", "x" * 64, ""])
def test_variant_name_must_follow_the_aws_rule(stack, bad):
    config = config_with_one_variant(stack)
    with pytest.raises(ValidationError, match=r"Invalid Production Variant Props: variant_name must match"):
        config.add_instance_production_variant(instance(imported_model(stack, "M2"), bad))


def test_variant_name_of_63_characters_with_double_hyphen_is_accepted(stack):
    config = config_with_one_variant(stack)
    name = "a--b" + "c" * 59
    config.add_instance_production_variant(instance(imported_model(stack, "M2"), name))
    assert [v["variant_name"] for v in only(synth(stack), CONFIG)["production_variants"]] == ["variant", name]


@pytest.mark.parametrize("seconds", [59, 3601])
def test_container_startup_health_check_timeout_out_of_range_fails(stack, seconds):
    with pytest.raises(
        ValidationError,
        match=rf"container_startup_health_check_timeout must be between 60 and "
        rf"3600 seconds \(got {seconds}\)",
    ):
        EndpointConfig(
            stack,
            "EndpointConfig",
            instance_production_variants=[
                instance(imported_model(stack), container_startup_health_check_timeout=timedelta(seconds=seconds))
            ],
        )


def test_container_startup_health_check_timeout_must_be_whole_seconds(stack):
    with pytest.raises(ValidationError, match="whole number of seconds"):
        EndpointConfig(
            stack,
            "EndpointConfig",
            instance_production_variants=[
                instance(imported_model(stack), container_startup_health_check_timeout=timedelta(seconds=90.5))
            ],
        )


def test_all_instance_variant_fields_are_rendered(stack):
    model = owned_model(stack)
    EndpointConfig(
        stack,
        "EndpointConfig",
        instance_production_variants=[
            instance(
                model,
                "full",
                initial_variant_weight=2,
                instance_type=InstanceType.M5_LARGE,
                initial_instance_count=3,
                accelerator_type=AcceleratorType.EIA2_MEDIUM,
                container_startup_health_check_timeout=timedelta(minutes=10),
            ),
        ],
    )
    doc = synth(stack)
    assert only(doc, CONFIG)["production_variants"] == [
        {
            "variant_name": "full",
            "model_name": f"${{{address(doc, 'aws_sagemaker_model')}.name}}",
            "initial_instance_count": 3,
            "instance_type": "ml.m5.large",
            "initial_variant_weight": 2.0,
            "accelerator_type": "ml.eia2.medium",
            "container_startup_health_check_timeout_in_seconds": 600,
        }
    ]


def test_defaults_are_one_t2_medium_instance_with_weight_one(stack):
    config_with_one_variant(stack)
    assert only(synth(stack), CONFIG)["production_variants"] == [
        {
            "variant_name": "variant",
            "model_name": "model",
            "initial_instance_count": 1,
            "instance_type": "ml.t2.medium",
            "initial_variant_weight": 1.0,
        }
    ]


def test_weight_zero_stays_zero(stack):
    """Deliberate difference from upstream (which turns 0 into 1.0): 0 means "no traffic yet"."""
    model = imported_model(stack)
    config = EndpointConfig(
        stack,
        "EndpointConfig",
        instance_production_variants=[instance(model, "live"), instance(model, "dark", initial_variant_weight=0)],
    )
    rendered = only(synth(stack), CONFIG)["production_variants"]
    weights = {v["variant_name"]: v["initial_variant_weight"] for v in rendered}
    assert weights == {"live": 1.0, "dark": 0.0}
    assert [v.initial_variant_weight for v in config.instance_production_variants] == [1.0, 0.0]


def test_serverless_weight_zero_stays_zero(stack):
    EndpointConfig(
        stack,
        "EndpointConfig",
        serverless_production_variant=serverless(imported_model(stack), initial_variant_weight=0),
    )
    assert only(synth(stack), CONFIG)["production_variants"][0]["initial_variant_weight"] == 0.0


def test_variant_added_after_construction_is_rendered(stack):
    model = imported_model(stack)
    config = EndpointConfig(stack, "EndpointConfig")
    config.add_instance_production_variant(instance(model, "late", instance_type=InstanceType.C5_LARGE))
    rendered = only(synth(stack), CONFIG)["production_variants"]
    assert [(v["variant_name"], v["instance_type"]) for v in rendered] == [("late", "ml.c5.large")]


def test_two_to_one_traffic_weights(stack):
    model_a, model_b = imported_model(stack, "A", "model-a"), imported_model(stack, "B", "model-b")
    config = EndpointConfig(
        stack, "EndpointConfig", instance_production_variants=[instance(model_a, "modelA", initial_variant_weight=2.0)]
    )
    config.add_instance_production_variant(instance(model_b, "variantB", initial_variant_weight=1.0))
    rendered = only(synth(stack), CONFIG)["production_variants"]
    assert [(v["variant_name"], v["model_name"], v["initial_variant_weight"]) for v in rendered] == [
        ("modelA", "model-a", 2.0),
        ("variantB", "model-b", 1.0),
    ]


def test_instance_production_variants_fill_in_the_defaults(stack):
    config = config_with_one_variant(stack)
    [props] = config.instance_production_variants
    assert (props.variant_name, props.initial_instance_count, props.instance_type, props.initial_variant_weight) == (
        "variant",
        1,
        InstanceType.T2_MEDIUM,
        1.0,
    )
    assert config.serverless_production_variant is None


# --- adding the serverless variant ---------------------------------------------------------------------------


@pytest.mark.parametrize("value", [0, 201])
def test_serverless_max_concurrency_out_of_range_fails(stack, value):
    config = EndpointConfig(stack, "EndpointConfig")
    with pytest.raises(
        ValidationError, match="Invalid Serverless Production Variant Props: maxConcurrency must be between 1 and 200"
    ):
        config.add_serverless_production_variant(serverless(imported_model(stack), max_concurrency=value))


def test_serverless_invalid_memory_size_fails(stack):
    config = EndpointConfig(stack, "EndpointConfig")
    with pytest.raises(
        ValidationError,
        match="Invalid Serverless Production Variant Props: memorySizeInMB must be "
        "one of: 1024, 2048, 3072, 4096, 5120, 6144 MB",
    ):
        config.add_serverless_production_variant(serverless(imported_model(stack), memory_size_in_mb=1500))


def test_serverless_provisioned_concurrency_above_max_fails(stack):
    config = EndpointConfig(stack, "EndpointConfig")
    with pytest.raises(
        ValidationError,
        match="Invalid Serverless Production Variant Props: provisionedConcurrency "
        "cannot be greater than maxConcurrency",
    ):
        config.add_serverless_production_variant(
            serverless(imported_model(stack), max_concurrency=10, provisioned_concurrency=15)
        )


@pytest.mark.parametrize("value", [0, 201])
def test_serverless_provisioned_concurrency_out_of_range_fails(stack, value):
    config = EndpointConfig(stack, "EndpointConfig")
    with pytest.raises(ValidationError, match="provisionedConcurrency must be between 1 and 200"):
        config.add_serverless_production_variant(
            serverless(imported_model(stack), max_concurrency=200, provisioned_concurrency=value)
        )


def test_serverless_negative_weight_fails(stack):
    config = EndpointConfig(stack, "EndpointConfig")
    with pytest.raises(
        ValidationError, match="Invalid Serverless Production Variant Props: Cannot have negative variant weight"
    ):
        config.add_serverless_production_variant(serverless(imported_model(stack), initial_variant_weight=-1))


def test_serverless_after_instance_variants_fails(stack):
    config = config_with_one_variant(stack)
    with pytest.raises(
        ValidationError,
        match="Cannot add serverless production variant when instance production variants are already configured",
    ):
        config.add_serverless_production_variant(serverless(imported_model(stack, "M2")))


def test_second_serverless_variant_fails(stack):
    model = imported_model(stack)
    config = EndpointConfig(stack, "EndpointConfig", serverless_production_variant=serverless(model, "first"))
    with pytest.raises(
        ValidationError, match="Cannot add more than one serverless production variant per endpoint configuration"
    ):
        config.add_serverless_production_variant(serverless(model, "second", max_concurrency=5, memory_size_in_mb=2048))


def test_valid_serverless_variant_is_kept(stack):
    config = EndpointConfig(stack, "EndpointConfig")
    config.add_serverless_production_variant(
        serverless(imported_model(stack), max_concurrency=10, memory_size_in_mb=2048, provisioned_concurrency=5)
    )
    props = config.serverless_production_variant
    assert (
        props.max_concurrency,
        props.memory_size_in_mb,
        props.provisioned_concurrency,
        props.initial_variant_weight,
    ) == (10, 2048, 5, 1.0)
    assert config.instance_production_variants == []


# --- props types ---------------------------------------------------------------------------------------------


def test_props_reject_a_string_model():
    with pytest.raises(ValidationError, match=r"InstanceProductionVariantProps: model must be an IModel \(a Model"):
        InstanceProductionVariantProps(model="my-model", variant_name="v")
    with pytest.raises(ValidationError, match=r"ServerlessProductionVariantProps: model must be an IModel"):
        ServerlessProductionVariantProps(model="my-model", variant_name="v", max_concurrency=1, memory_size_in_mb=1024)


def test_props_reject_an_unknown_instance_type_string(stack):  # issue 13: known strings are accepted
    with pytest.raises(ValidationError, match=r"InstanceProductionVariantProps: unknown instance_type 'ml.m5.lrage'"):
        instance(imported_model(stack), instance_type="ml.m5.lrage")


def test_props_are_frozen_and_keyword_only(stack):
    props = instance(imported_model(stack))
    with pytest.raises(AttributeError):
        props.variant_name = "other"  # type: ignore[misc]
    with pytest.raises(TypeError):
        InstanceProductionVariantProps(imported_model(stack, "M2"), "v")  # type: ignore[misc]


def test_add_rejects_a_dict(stack):
    config = config_with_one_variant(stack)
    with pytest.raises(ValidationError, match="props must be an InstanceProductionVariantProps"):
        config.add_instance_production_variant({"model": imported_model(stack, "M2"), "variant_name": "x"})


# --- names, lifecycle and encryption -------------------------------------------------------------------------


def test_without_name_gets_a_name_prefix_and_create_before_destroy(stack):
    config_with_one_variant(stack)
    resource = only(synth(stack), CONFIG)
    assert "name" not in resource
    assert resource["name_prefix"].startswith("Stack-EndpointConfig-") and resource["name_prefix"].endswith("-")
    assert len(resource["name_prefix"]) <= 37
    assert resource["lifecycle"] == {"create_before_destroy": True}


def test_explicit_name_is_honoured_without_create_before_destroy(stack):
    config = config_with_one_variant(stack, endpoint_config_name="my-config")
    resource = only(synth(stack), CONFIG)
    assert resource["name"] == "my-config"
    assert "name_prefix" not in resource and "lifecycle" not in resource
    assert config.endpoint_config_name.startswith("${")  # the resource's name attribute


@pytest.mark.parametrize("bad", ["-bad", "has space", "x" * 64])
def test_invalid_explicit_name_fails_and_leaves_nothing(stack, bad):
    with pytest.raises(ValidationError, match=r"^Stack/EndpointConfig: endpoint_config_name must match"):
        config_with_one_variant(stack, endpoint_config_name=bad)
    assert stack.node.try_find_child("EndpointConfig") is None


def test_encryption_key_resource_gives_kms_key_arn(stack):
    key = KmsKey(stack, "Key")
    config_with_one_variant(stack, encryption_key=key)
    assert only(synth(stack), CONFIG)["kms_key_arn"] == "${aws_kms_key.Key.arn}"


def test_encryption_key_data_source_gives_kms_key_arn(stack):
    key = DataAwsKmsKey(stack, "Key", key_id="alias/mine")
    config_with_one_variant(stack, encryption_key=key)
    assert only(synth(stack), CONFIG)["kms_key_arn"] == "${data.aws_kms_key.Key.arn}"


def test_encryption_key_arn_string_is_used_as_is(stack):
    arn = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    config_with_one_variant(stack, encryption_key=arn)
    assert only(synth(stack), CONFIG)["kms_key_arn"] == arn


def test_no_encryption_key_renders_no_kms_key_arn(stack):
    config_with_one_variant(stack)
    assert "kms_key_arn" not in only(synth(stack), CONFIG)


@pytest.mark.parametrize(
    "bad, rule", [("alias/mine", "must be a KMS key ARN"), (42, "must be a KmsKey, a DataAwsKmsKey or a key ARN")]
)
def test_bad_encryption_key_fails(stack, bad, rule):
    with pytest.raises(ValidationError, match=rule):
        config_with_one_variant(stack, encryption_key=bad)


# --- imports -------------------------------------------------------------------------------------------------


def test_import_by_arn_takes_the_name_from_the_arn(stack):
    config = EndpointConfig.from_endpoint_config_arn(
        stack, "EndpointConfig", "arn:aws:sagemaker:us-west-2:123456789012:endpoint-config/my-name"
    )
    assert config.endpoint_config_name == "my-name"
    assert config.endpoint_config_arn == "arn:aws:sagemaker:us-west-2:123456789012:endpoint-config/my-name"


def test_import_by_malformed_arn_fails(stack):
    with pytest.raises(ValidationError, match=r"endpoint-config/<name>"):
        EndpointConfig.from_endpoint_config_arn(
            stack, "EndpointConfig", "arn:aws:sagemaker:us-west-2:123456789012:endpoint/my-name"
        )


def test_import_by_name_builds_the_arn_from_data_sources(stack):
    config = EndpointConfig.from_endpoint_config_name(stack, "EndpointConfig", "my-name")
    TerraformOutputProbe(stack, config.endpoint_config_arn)
    doc = synth(stack)
    assert doc["output"]["probe"]["value"] == (
        "arn:${data.aws_partition.SagemakerTfPartition.partition}:sagemaker:"
        "${data.aws_region.SagemakerTfRegion.region}:${data.aws_caller_identity.SagemakerTfCallerIdentity.account_id}"
        ":endpoint-config/my-name"
    )
    assert config.endpoint_config_name == "my-name"


def test_import_by_invalid_name_fails(stack):
    with pytest.raises(ValidationError, match="endpoint_config_name must match"):
        EndpointConfig.from_endpoint_config_name(stack, "EndpointConfig", "bad_name")


def TerraformOutputProbe(stack, value):
    from sagemaker_tf._runtime.framework import TerraformOutput

    return TerraformOutput(stack, "probe", value=value)


# --- AWS provider environment (upstream "When sharing a model from an origin stack with a destination stack") --


def test_owned_model_across_regions_fails():
    origin, destination = two_stacks("us-west-2", "us-east-1")
    model = owned_model(origin, model_name="explicitly-named-model")
    with pytest.raises(
        ValidationError, match="Cannot use model in region us-west-2 for endpoint configuration in region us-east-1"
    ):
        EndpointConfig(destination, "MyEndpointConfig", instance_production_variants=[instance(model, "my-variant")])


def test_owned_model_across_accounts_fails():
    origin, destination = two_stacks("us-west-2", "us-west-2", ["123456789012"], ["234567890123"])
    model = owned_model(origin, model_name="explicitly-named-model")
    with pytest.raises(
        ValidationError,
        match="Cannot use model in account 123456789012 for endpoint configuration in account 234567890123",
    ):
        EndpointConfig(destination, "MyEndpointConfig", instance_production_variants=[instance(model, "my-variant")])


def test_owned_model_in_another_stack_of_the_same_region_is_accepted():
    origin, destination = two_stacks("us-west-2", "us-west-2")
    model = owned_model(origin)
    config = EndpointConfig(
        destination, "MyEndpointConfig", instance_production_variants=[instance(model, "my-variant")]
    )
    assert [v.variant_name for v in config.instance_production_variants] == ["my-variant"]


def test_imported_by_name_model_across_regions_fails():
    origin, destination = two_stacks("us-west-2", "us-east-1")
    model = Model.from_model_name(origin, "MyModel", "explicitly-named-model")
    with pytest.raises(
        ValidationError, match="Cannot use model in region us-west-2 for endpoint configuration in region us-east-1"
    ):
        EndpointConfig(destination, "MyEndpointConfig", instance_production_variants=[instance(model, "my-variant")])


def test_imported_by_arn_model_in_another_region_fails():
    origin, destination = two_stacks("us-east-1", "us-east-1")
    model = Model.from_model_arn(
        origin, "MyModel", "arn:aws:sagemaker:us-west-2:123456789012:model/explicitly-named-model"
    )
    with pytest.raises(
        ValidationError, match="Cannot use model in region us-west-2 for endpoint configuration in region us-east-1"
    ):
        EndpointConfig(destination, "MyEndpointConfig", instance_production_variants=[instance(model, "my-variant")])


def test_imported_by_arn_model_in_another_account_fails():
    origin, destination = two_stacks("us-west-2", "us-west-2", ["234567890123"], ["234567890123"])
    model = Model.from_model_arn(
        origin, "MyModel", "arn:aws:sagemaker:us-west-2:123456789012:model/explicitly-named-model"
    )
    with pytest.raises(
        ValidationError,
        match="Cannot use model in account 123456789012 for endpoint configuration in account 234567890123",
    ):
        EndpointConfig(destination, "MyEndpointConfig", instance_production_variants=[instance(model, "my-variant")])


def test_serverless_model_across_regions_fails():
    origin, destination = two_stacks("us-west-2", "us-east-1")
    model = owned_model(origin)
    with pytest.raises(
        ValidationError, match="Invalid Serverless Production Variant Props: Cannot use model in region us-west-2"
    ):
        EndpointConfig(destination, "MyEndpointConfig", serverless_production_variant=serverless(model))


def test_model_on_an_aliased_provider_of_the_same_stack_fails_at_synth(stack):
    west = AwsProvider(stack, "west", region="us-west-2", alias="west")
    model = owned_model(stack)
    model.resource.provider = west
    EndpointConfig(stack, "EndpointConfig", instance_production_variants=[instance(model)])
    with pytest.raises(
        Exception,
        match=r"\[Stack/EndpointConfig\] variant 'variant': Cannot use model in region "
        r"us-west-2 for endpoint configuration in region us-east-1",
    ):
        synth(stack)


def test_model_on_another_provider_with_the_same_region_fails_at_synth(stack):
    other = AwsProvider(stack, "other", region="us-east-1", alias="other")
    model = owned_model(stack)
    model.resource.provider = other
    EndpointConfig(stack, "EndpointConfig", serverless_production_variant=serverless(model))
    with pytest.raises(
        Exception,
        match=r"variant 'serverless-variant': Cannot use model on AWS provider aws.other "
        r"for endpoint configuration on AWS provider aws; use the same provider",
    ):
        synth(stack)


def test_model_with_a_region_argument_elsewhere_fails_at_synth(stack):
    model = owned_model(stack)
    model.resource.region = "eu-west-1"
    EndpointConfig(stack, "EndpointConfig", instance_production_variants=[instance(model)])
    with pytest.raises(
        Exception, match="Cannot use model in region eu-west-1 for endpoint configuration in region us-east-1"
    ):
        synth(stack)


def test_both_on_the_same_aliased_provider_synthesize(stack):
    """Providers are assigned after construction, so the same-stack comparison waits for synth."""
    west = AwsProvider(stack, "west", region="us-west-2", alias="west")
    model = owned_model(stack)
    model.resource.provider = west
    config = EndpointConfig(stack, "EndpointConfig", instance_production_variants=[instance(model)])
    config.resource.provider = west
    assert only(synth(stack), CONFIG)["provider"] == "aws.west"


def test_provider_changed_after_adding_the_variant_fails_at_synth(stack):
    west = AwsProvider(stack, "west", region="us-west-2", alias="west")
    model = owned_model(stack)
    EndpointConfig(stack, "EndpointConfig", instance_production_variants=[instance(model)])
    model.resource.provider = west
    with pytest.raises(
        Exception,
        match=r"\[Stack/EndpointConfig\] variant 'variant': Cannot use model in region "
        r"us-west-2 for endpoint configuration in region us-east-1",
    ):
        synth(stack)


def test_unknown_regions_are_not_compared():
    app = CdkTesting.app()
    origin = TerraformStack(app, "OriginStack")
    AwsProvider(origin, "aws")  # region from the environment: unknown at synth
    destination = TerraformStack(app, "DestinationStack")
    AwsProvider(destination, "aws", region="us-east-1")
    config = EndpointConfig(
        destination, "MyEndpointConfig", instance_production_variants=[instance(owned_model(origin), "my-variant")]
    )
    assert len(config.instance_production_variants) == 1


def test_grants_to_a_given_role_land_on_that_role(stack):
    role = IamRole(stack, "Role", assume_role_policy="{}")
    capture = sagemaker.DataCaptureConfig(destination=sagemaker.S3Location.from_uri("s3://caps/x"))
    sagemaker.EndpointConfig(
        stack,
        "Config",
        data_capture=capture,
        instance_production_variants=[instance_variant(ecr_model(stack, role=role))],
    )
    doc = synth(stack)
    assert only(doc, "aws_iam_role_policy")["role"] == "${aws_iam_role.Role.name}"
    assert [
        d
        for d in only(doc, "aws_sagemaker_model")["depends_on"]
        if d.startswith("aws_iam_role_policy.Role_SagemakerTfGrants_")
    ]


def test_an_imported_model_without_a_role_gets_no_grant(stack):
    imported = sagemaker.Model.from_model_name(stack, "Imported", "existing")
    capture = sagemaker.DataCaptureConfig(destination=sagemaker.S3Location.from_uri("s3://caps/x"))
    sagemaker.EndpointConfig(
        stack, "Config", data_capture=capture, instance_production_variants=[instance_variant(imported)]
    )
    doc = synth(stack)
    assert resources(doc, "aws_iam_role_policy") == []
    assert only(doc, CONFIG)["data_capture_config"][0]["destination_s3_uri"] == "s3://caps/x"


def test_config_waits_for_grants_made_to_an_imported_models_role(stack):
    role = IamRole(stack, "Role", assume_role_policy="{}")
    imported = sagemaker.Model.from_model_attributes(
        stack, "Imported", role=role, model_arn="arn:aws:sagemaker:us-east-1:111111111111:model/m"
    )
    capture = sagemaker.DataCaptureConfig(destination=sagemaker.S3Location.from_uri("s3://caps/x"))
    sagemaker.EndpointConfig(
        stack, "Config", data_capture=capture, instance_production_variants=[instance_variant(imported)]
    )
    doc = synth(stack)
    depends_on = only(doc, CONFIG)["depends_on"]
    assert depends_on[0] == "aws_iam_role.Role"
    assert depends_on[1].startswith("aws_iam_role_policy.Role_SagemakerTfGrants_") and len(depends_on) == 2


def test_config_without_writes_depends_on_nothing(stack):
    role = IamRole(stack, "Role", assume_role_policy="{}")
    imported = sagemaker.Model.from_model_attributes(
        stack, "Imported", role=role, model_arn="arn:aws:sagemaker:us-east-1:111111111111:model/m"
    )
    sagemaker.EndpointConfig(
        stack,
        "Config",
        instance_production_variants=[instance_variant(imported), instance_variant(ecr_model(stack), "b")],
    )
    assert "depends_on" not in only(synth(stack), CONFIG)
