"""A user's ``resource.add_override(...)`` reaches the output for every block the library renders.

The library renders ``primary_container``, ``container``, ``vpc_config``, the alarm actions and the IAM policy
documents at synth, and gives a model's ``depends_on`` and an endpoint config's variants at construction (set again
on each change). Each test overrides a path inside (or next to) one of them and checks that both the override and
the library's own values are in the synthesized JSON.
"""

from __future__ import annotations

import json

import pytest

import sagemaker_tf as sagemaker
from sagemaker_tf._runtime.framework import EcrRepository, IamRole, Subnet, TerraformStack, Vpc
from sagemaker_tf._runtime.render import _Rendered
from tests.helpers import ecr_container, hosting, make_stack, only, synth


def test_override_inside_primary_container_keeps_the_rendered_container(stack):
    model = sagemaker.Model(stack, "Model", containers=[ecr_container(stack)])
    model.resource.add_override("primary_container.0.mode", "MultiModel")
    (container,) = only(synth(stack), "aws_sagemaker_model")["primary_container"]
    assert container == {"image": "${aws_ecr_repository.Repo.repository_url}:v1", "mode": "MultiModel"}


def test_override_inside_one_pipeline_container_touches_only_that_container(stack):
    model = sagemaker.Model(stack, "Model", containers=[ecr_container(stack, "a"), ecr_container(stack, "b")])
    model.resource.add_override("container.1.environment", {"STAGE": "two"})
    containers = only(synth(stack), "aws_sagemaker_model")["container"]
    assert [c["image"].rsplit(":", 1)[1] for c in containers] == ["a", "b"]
    assert "environment" not in containers[0]
    assert containers[1]["environment"] == {"STAGE": "two"}


def test_override_inside_vpc_config_keeps_subnets_and_groups(stack):
    vpc = Vpc(stack, "Vpc", cidr_block="10.0.0.0/16")
    subnet = Subnet(stack, "Subnet", vpc_id=vpc.id, cidr_block="10.0.1.0/24")
    model = sagemaker.Model(
        stack,
        "Model",
        containers=[ecr_container(stack)],
        vpc=vpc,
        vpc_subnets=[subnet],
        security_groups=["sg-1", "sg-2"],
    )
    model.resource.add_override("vpc_config.0.security_group_ids.1", "sg-replaced")  # an index replaces one item
    model.resource.add_override("vpc_config.0.subnets", ["subnet-extra"])  # a list is appended (cdktf's merge)
    (vpc_config,) = only(synth(stack), "aws_sagemaker_model")["vpc_config"]
    assert vpc_config == {
        "subnets": ["${aws_subnet.Subnet.id}", "subnet-extra"],
        "security_group_ids": ["sg-1", "sg-replaced"],
    }


def test_a_block_set_through_the_provider_class_replaces_the_rendered_block(stack):
    vpc = Vpc(stack, "Vpc", cidr_block="10.0.0.0/16")
    model = sagemaker.Model(
        stack, "Model", containers=[ecr_container(stack)], vpc=vpc, vpc_subnets=["subnet-1"], security_groups=["sg-1"]
    )
    model.resource.put_vpc_config(subnets=["subnet-9"], security_group_ids=["sg-9"])
    # cdktf renders a single-item block set through the provider class as an object, not a list
    assert only(synth(stack), "aws_sagemaker_model")["vpc_config"] == {
        "subnets": ["subnet-9"],
        "security_group_ids": ["sg-9"],
    }


def test_override_inside_production_variants_reaches_the_named_variant(stack):
    _, config = hosting(stack)
    config.resource.add_override("production_variants.0.model_data_download_timeout_in_seconds", 1200)
    variants = only(synth(stack), "aws_sagemaker_endpoint_configuration")["production_variants"]
    assert [v["variant_name"] for v in variants] == ["main", "second"]
    assert variants[0]["model_data_download_timeout_in_seconds"] == 1200
    assert variants[0]["instance_type"] == "ml.t2.medium"
    assert "model_data_download_timeout_in_seconds" not in variants[1]


def test_depends_on_override_is_added_to_the_rendered_dependencies(stack):
    model, _ = hosting(stack)
    extra = EcrRepository(stack, "Extra", name="extra")
    model.resource.add_override("depends_on", ["aws_ecr_repository.Extra"])
    model.resource.depends_on = ["aws_ecr_repository.Repo"]
    doc = synth(stack)
    depends = only(doc, "aws_sagemaker_model")["depends_on"]
    assert depends[-1] == f"aws_ecr_repository.{extra.friendly_unique_id}"
    assert "aws_ecr_repository.Repo" in depends
    assert {d.split(".")[0] for d in depends} >= {"aws_iam_role", "aws_iam_role_policy"}
    assert len(depends) == len(set(depends))


def test_rendered_depends_on_is_not_repeated_by_a_second_synth(stack):
    model, _ = hosting(stack)
    model.resource.depends_on = ["aws_ecr_repository.Repo"]
    first = only(synth(stack), "aws_sagemaker_model")["depends_on"]
    assert only(synth(stack), "aws_sagemaker_model")["depends_on"] == first


def test_grants_policy_document_can_be_replaced(stack):
    model, _ = hosting(stack)
    (policy,) = [c for c in model.role.node.find_all() if c.node.id == "Resource"]
    policy.add_override("policy", json.dumps({"Version": "2012-10-17", "Statement": []}))
    role_policy = only(synth(stack), "aws_iam_role_policy")
    assert json.loads(role_policy["policy"]) == {"Version": "2012-10-17", "Statement": []}


def test_trust_policy_override_reaches_the_role(stack):
    model, _ = hosting(stack)
    trust = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Action": "sts:AssumeRole",
                "Principal": {"Service": "sagemaker.amazonaws.com"},
                "Condition": {"StringEquals": {"aws:SourceAccount": "1"}},
            }
        ],
    }
    model.role.add_override("assume_role_policy", json.dumps(trust))
    assert json.loads(only(synth(stack), "aws_iam_role")["assume_role_policy"]) == trust


def test_alarm_action_override_joins_the_rendered_actions(stack):
    _, config = hosting(stack)
    endpoint = sagemaker.Endpoint(stack, "Endpoint", endpoint_config=config)
    alarm = (
        endpoint.find_instance_production_variant("main")
        .metric_model_latency()
        .create_alarm(stack, "Alarm", threshold=1, evaluation_periods=1)
    )
    alarm.add_alarm_action("arn:aws:sns:us-east-1:111111111111:ours")
    alarm.resource.add_override("ok_actions", ["arn:aws:sns:us-east-1:111111111111:theirs"])
    rendered = only(synth(stack), "aws_cloudwatch_metric_alarm")
    assert rendered["alarm_actions"] == ["arn:aws:sns:us-east-1:111111111111:ours"]
    assert rendered["ok_actions"] == ["arn:aws:sns:us-east-1:111111111111:theirs"]


CONFIG = "aws_sagemaker_endpoint_configuration"


OUT = sagemaker.S3Location.from_uri("s3://out-bucket/async")


def model(stack: TerraformStack, id: str) -> sagemaker.Model:
    repo = stack.node.try_find_child("Repo") or EcrRepository(stack, "Repo", name="repo")
    image = sagemaker.ContainerImage.from_ecr_repository(repo)
    return sagemaker.Model(stack, id, containers=[sagemaker.ContainerDefinition(image=image)])


def config(stack: TerraformStack, **kwargs) -> sagemaker.EndpointConfig:
    return sagemaker.EndpointConfig(
        stack,
        "Config",
        instance_production_variants=[
            sagemaker.InstanceProductionVariantProps(
                model=model(stack, "Model"), variant_name="main", volume_size_in_gb=64
            )
        ],
        **kwargs,
    )


def test_override_inside_async_output_config_keeps_the_output_path(stack):
    endpoint_config = config(stack, async_inference=sagemaker.AsyncInferenceConfig(output_path=OUT))
    endpoint_config.resource.add_override(
        "async_inference_config.0.output_config.0.s3_failure_path", "s3://out-bucket/failed"
    )
    (block,) = only(synth(stack), CONFIG)["async_inference_config"]
    assert block == {
        "output_config": [{"s3_output_path": "s3://out-bucket/async", "s3_failure_path": "s3://out-bucket/failed"}]
    }


def test_override_adds_client_config_next_to_the_rendered_output_config(stack):
    endpoint_config = config(stack, async_inference=sagemaker.AsyncInferenceConfig(output_path=OUT))
    endpoint_config.resource.add_override(
        "async_inference_config.0.client_config", [{"max_concurrent_invocations_per_instance": 2}]
    )
    (block,) = only(synth(stack), CONFIG)["async_inference_config"]
    assert block["client_config"] == [{"max_concurrent_invocations_per_instance": 2}]
    assert block["output_config"][0]["s3_output_path"] == "s3://out-bucket/async"


def test_override_inside_data_capture_keeps_the_rendered_capture(stack):
    capture = sagemaker.DataCaptureConfig(
        destination=sagemaker.S3Location.from_uri("s3://caps/x"), sampling_percentage=5
    )
    config(stack, data_capture=capture).resource.add_override("data_capture_config.0.initial_sampling_percentage", 50)
    (block,) = only(synth(stack), CONFIG)["data_capture_config"]
    assert (block["initial_sampling_percentage"], block["enable_capture"], block["destination_s3_uri"]) == (
        50,
        True,
        "s3://caps/x",
    )
    assert block["capture_options"] == [{"capture_mode": "Input"}, {"capture_mode": "Output"}]


def test_override_of_one_capture_option_touches_only_that_option(stack):
    capture = sagemaker.DataCaptureConfig(destination=sagemaker.S3Location.from_uri("s3://caps/x"))
    config(stack, data_capture=capture).resource.add_override(
        "data_capture_config.0.capture_options.1.capture_mode", "InputAndOutput"
    )
    (block,) = only(synth(stack), CONFIG)["data_capture_config"]
    assert block["capture_options"] == [{"capture_mode": "Input"}, {"capture_mode": "InputAndOutput"}]


def test_override_inside_the_shadow_variant_keeps_its_rendered_fields(stack):
    endpoint_config = config(
        stack,
        shadow_production_variants=[
            sagemaker.InstanceProductionVariantProps(model=model(stack, "Shadow"), variant_name="shadow")
        ],
    )
    endpoint_config.resource.add_override("shadow_production_variants.0.initial_instance_count", 3)
    (shadow,) = only(synth(stack), CONFIG)["shadow_production_variants"]
    assert (shadow["variant_name"], shadow["initial_instance_count"], shadow["instance_type"]) == (
        "shadow",
        3,
        "ml.t2.medium",
    )


def test_override_inside_a_tuning_block_of_a_production_variant(stack):
    endpoint_config = config(stack)
    endpoint_config.resource.add_override("production_variants.0.routing_config", [{"routing_strategy": "RANDOM"}])
    endpoint_config.resource.add_override("production_variants.0.volume_size_in_gb", 128)
    (main,) = only(synth(stack), CONFIG)["production_variants"]
    assert (main["routing_config"], main["volume_size_in_gb"], main["variant_name"]) == (
        [{"routing_strategy": "RANDOM"}],
        128,
        "main",
    )


# --- an endpoint config built with its variants, or rendered at synth --------------------------------------------
# A config whose blocks all have the provider class's form is built with them and costs no synth callback; one
# with a block the library writes in list form (core dumps, managed instance scaling, async, data capture) is
# rendered at synth. A variant added later is set on the resource again. Both ways must give the same JSON.

CONFIG = "aws_sagemaker_endpoint_configuration"
DUMPS = sagemaker.S3Location.from_uri("s3://dumps-bucket/cores")


def _variant_sets(stack: TerraformStack, kind: str) -> list[sagemaker.InstanceProductionVariantProps]:
    if kind == "components":
        return [
            sagemaker.InstanceProductionVariantProps(
                model=None,
                variant_name="llm",
                instance_type=sagemaker.InstanceType.G5_2XLARGE,
                managed_instance_scaling=sagemaker.ManagedInstanceScaling(min_instance_count=0, max_instance_count=2),
            )
        ]
    if kind == "imported core dump":
        role = IamRole(stack, "ImportedRole", assume_role_policy="{}")
        model: sagemaker.IModel = sagemaker.Model.from_model_attributes(
            stack, "Imported", model_arn="arn:aws:sagemaker:us-east-1:111122223333:model/imported", role=role
        )
    else:
        model = sagemaker.Model(stack, "Model", containers=[ecr_container(stack)])
    tuning: dict[str, object] = {
        "plain": {},
        "routing": {"routing_strategy": sagemaker.RoutingStrategy.RANDOM, "volume_size_in_gb": 30},
        "core dump": {"core_dump_destination": DUMPS},
        "imported core dump": {"core_dump_destination": DUMPS},
    }[kind]
    return [
        sagemaker.InstanceProductionVariantProps(model=model, variant_name="main", **tuning),  # type: ignore[arg-type]
        sagemaker.InstanceProductionVariantProps(model=model, variant_name="second", initial_variant_weight=2),
    ][: 1 if kind.endswith("core dump") else 2]


@pytest.mark.parametrize("kind", ["plain", "routing", "core dump", "imported core dump", "components"])
def test_variants_given_at_construction_or_added_later_synthesize_the_same_config(kind):
    early, late = make_stack(), make_stack()
    sagemaker.EndpointConfig(early, "Config", instance_production_variants=_variant_sets(early, kind))
    config = sagemaker.EndpointConfig(late, "Config")
    added_variants = _variant_sets(late, kind)
    for props in added_variants:
        config.add_instance_production_variant(props)
    built, added = only(synth(early), CONFIG), only(synth(late), CONFIG)
    assert built == added
    assert [v["variant_name"] for v in built["production_variants"]] == [p.variant_name for p in added_variants]
    if kind in ("core dump", "imported core dump"):
        assert built["production_variants"][0]["core_dump_config"] == [
            {"destination_s3_uri": "s3://dumps-bucket/cores"}
        ]
    if kind == "imported core dump":  # the grant to the imported model's role exists before the config
        assert {d.split(".")[0] for d in built["depends_on"]} == {"aws_iam_role", "aws_iam_role_policy"}
    if kind == "components":
        assert built["production_variants"][0]["managed_instance_scaling"] == [
            {"status": "ENABLED", "min_instance_count": 0, "max_instance_count": 2}
        ]
        assert built["execution_role_arn"].startswith("${aws_iam_role.")
        assert {d.split(".")[0] for d in built["depends_on"]} == {"aws_iam_role", "aws_iam_role_policy"}
    if kind == "routing":
        assert built["production_variants"][0]["routing_config"] == [{"routing_strategy": "RANDOM"}]


@pytest.mark.parametrize(
    ("kwargs", "rendered_at_synth"),
    [
        ({}, False),
        ({"data_capture": "capture"}, True),
        ({"core_dump": True}, True),
    ],
)
def test_only_a_config_with_list_form_blocks_is_rendered_at_synth(stack, kwargs, rendered_at_synth):
    model = sagemaker.Model(stack, "Model", containers=[ecr_container(stack)])
    props = sagemaker.InstanceProductionVariantProps(
        model=model, variant_name="main", core_dump_destination=DUMPS if kwargs.get("core_dump") else None
    )
    capture = None
    if kwargs.get("data_capture"):
        capture = sagemaker.DataCaptureConfig(destination=sagemaker.S3Location.from_uri("s3://capture-bucket/c"))
    config = sagemaker.EndpointConfig(stack, "Config", instance_production_variants=[props], data_capture=capture)
    assert isinstance(config.resource, _Rendered) is rendered_at_synth
    assert only(synth(stack), CONFIG)["production_variants"][0]["variant_name"] == "main"


def test_a_users_depends_on_stays_when_a_later_variant_adds_the_librarys(stack):
    config = sagemaker.EndpointConfig(stack, "Config")
    config.resource.depends_on = ["aws_ecr_repository.Mine"]
    config.add_instance_production_variant(_variant_sets(stack, "components")[0])
    depends = only(synth(stack), CONFIG)["depends_on"]
    assert depends[-1] == "aws_ecr_repository.Mine"
    assert {d.split(".")[0] for d in depends[:-1]} == {"aws_iam_role", "aws_iam_role_policy"}


def test_a_later_variant_keeps_an_override_of_an_earlier_one(stack):
    model, config = hosting(stack)
    config.resource.add_override("production_variants.0.volume_size_in_gb", 40)
    config.add_instance_production_variant(sagemaker.InstanceProductionVariantProps(model=model, variant_name="third"))
    variants = only(synth(stack), CONFIG)["production_variants"]
    assert [v["variant_name"] for v in variants] == ["main", "second", "third"]
    assert variants[0]["volume_size_in_gb"] == 40 and "volume_size_in_gb" not in variants[2]


def test_an_override_inside_a_nested_block_of_a_config_built_at_construction_reaches_the_output(stack):
    model = sagemaker.Model(stack, "Model", containers=[ecr_container(stack)])
    props = sagemaker.InstanceProductionVariantProps(
        model=model, variant_name="main", routing_strategy=sagemaker.RoutingStrategy.RANDOM
    )
    config = sagemaker.EndpointConfig(stack, "Config", instance_production_variants=[props])
    config.resource.add_override(
        "production_variants.0.routing_config.0.routing_strategy", "LEAST_OUTSTANDING_REQUESTS"
    )
    (variant,) = only(synth(stack), CONFIG)["production_variants"]
    assert variant["routing_config"] == [{"routing_strategy": "LEAST_OUTSTANDING_REQUESTS"}]
    assert variant["variant_name"] == "main"
