"""Model, ContainerDefinition, images and bucket model data (ports upstream model.test.ts plus Terraform specifics)."""

from __future__ import annotations

import json
import re

import pytest
from constructs import Construct

import sagemaker_tf as sagemaker
from sagemaker_tf import iam
from sagemaker_tf._runtime.framework import (
    DataAwsIamRole,
    EcrRepository,
    IamRole,
    IamRolePolicyAttachment,
    IamUser,
    S3Bucket,
    SecurityGroup,
    Subnet,
    Vpc,
)
from tests.helpers import address, make_stack, only, resources, synth


def ecr_image(stack, tag: str = "latest") -> sagemaker.ContainerImage:
    repo = stack.node.try_find_child("Repo") or EcrRepository(stack, "Repo", name="repo")
    return sagemaker.ContainerImage.from_ecr_repository(repo, tag)


def one_container(stack) -> list[sagemaker.ContainerDefinition]:
    return [sagemaker.ContainerDefinition(image=ecr_image(stack))]


def policy_of(doc) -> dict:
    return json.loads(only(doc, "aws_iam_role_policy")["policy"])


# --- containers ---------------------------------------------------------------------------------------------


def test_more_than_15_containers_fails_at_construction(stack):  # issue 13: the earliest point
    containers = [sagemaker.ContainerDefinition(image=ecr_image(stack)) for _ in range(16)]
    with pytest.raises(
        sagemaker.ValidationError,
        match=r"^Stack/Model: Cannot have more than 15 containers in "
        r"inference pipeline \(got 16\)$",
    ):
        sagemaker.Model(stack, "Model", containers=containers)


def test_no_containers_fails_at_synth(stack):
    sagemaker.Model(stack, "Model")
    with pytest.raises(Exception, match=r"\[Stack/Model\] Must configure at least 1 container for model"):
        synth(stack)


def test_15_containers_synthesize_as_container_blocks(stack):
    containers = [sagemaker.ContainerDefinition(image=ecr_image(stack), container_hostname=f"c{i}") for i in range(15)]
    sagemaker.Model(stack, "Model", containers=containers)
    model = only(synth(stack), "aws_sagemaker_model")
    assert len(model["container"]) == 15
    assert [c["container_hostname"] for c in model["container"]] == [f"c{i}" for i in range(15)]
    assert "primary_container" not in model


def test_one_container_renders_primary_container_with_all_fields(stack):
    bucket = S3Bucket(stack, "Bucket")
    sagemaker.Model(
        stack,
        "Model",
        containers=[
            sagemaker.ContainerDefinition(
                image=ecr_image(stack, "v1"),
                model_data=sagemaker.ModelData.from_bucket(bucket, "models/model.tar.gz"),
                environment={"SAGEMAKER_PROGRAM": "inference.py"},
                container_hostname="primary",
            )
        ],
    )
    model = only(synth(stack), "aws_sagemaker_model")
    assert model["primary_container"] == [
        {
            "image": "${aws_ecr_repository.Repo.repository_url}:v1",
            "model_data_url": "s3://${aws_s3_bucket.Bucket.bucket}/models/model.tar.gz",
            "environment": {"SAGEMAKER_PROGRAM": "inference.py"},
            "container_hostname": "primary",
        }
    ]
    assert "container" not in model


def test_container_added_after_construction_is_rendered(stack):
    model = sagemaker.Model(stack, "Model", containers=one_container(stack))
    model.add_container(
        sagemaker.ContainerDefinition(image=sagemaker.ContainerImage.from_dlc("repo", "tag", "123456789012"))
    )
    rendered = only(synth(stack), "aws_sagemaker_model")
    assert "primary_container" not in rendered
    assert len(rendered["container"]) == 2
    assert rendered["container"][1]["image"].startswith("123456789012.dkr.ecr.")


def test_custom_container_image_constructs_appear_in_the_stack(stack):
    class ConstructCreatingImage(sagemaker.ContainerImage):
        def bind(self, scope: Construct, model: sagemaker.IModel) -> sagemaker.ContainerImageConfig:
            IamUser(scope, "User", name="ExtraConstructUserName")
            return sagemaker.ContainerImageConfig(image_name="anything")

    sagemaker.Model(stack, "Model", containers=[sagemaker.ContainerDefinition(image=ConstructCreatingImage())])
    doc = synth(stack)
    assert only(doc, "aws_iam_user")["name"] == "ExtraConstructUserName"
    assert only(doc, "aws_sagemaker_model")["primary_container"] == [{"image": "anything"}]


def test_custom_model_data_bind_is_used(stack):
    class FixedData(sagemaker.ModelData):
        def bind(self, scope: Construct, model: sagemaker.IModel) -> sagemaker.ModelDataConfig:
            return sagemaker.ModelDataConfig(uri="s3://fixed/model.tar.gz")

    sagemaker.Model(
        stack, "Model", containers=[sagemaker.ContainerDefinition(image=ecr_image(stack), model_data=FixedData())]
    )
    assert (
        only(synth(stack), "aws_sagemaker_model")["primary_container"][0]["model_data_url"] == "s3://fixed/model.tar.gz"
    )


def test_network_isolation_is_set(stack):
    sagemaker.Model(stack, "Model", containers=one_container(stack), network_isolation=True)
    assert only(synth(stack), "aws_sagemaker_model")["enable_network_isolation"] is True


def test_network_isolation_absent_by_default(stack):
    sagemaker.Model(stack, "Model", containers=one_container(stack))
    assert "enable_network_isolation" not in only(synth(stack), "aws_sagemaker_model")


# --- role, grants, depends_on ------------------------------------------------------------------------------


def test_default_role_trusts_sagemaker_for_this_account_and_region_and_attaches_nothing(stack):
    sagemaker.Model(stack, "Model", containers=one_container(stack))
    doc = synth(stack)
    trust = json.loads(only(doc, "aws_iam_role")["assume_role_policy"])
    partition = address(doc, "aws_partition", kind="data")
    region = address(doc, "aws_region", kind="data")
    account = address(doc, "aws_caller_identity", kind="data")
    assert trust["Statement"] == [
        {
            "Effect": "Allow",
            "Principal": {"Service": "sagemaker.amazonaws.com"},
            "Action": "sts:AssumeRole",
            "Condition": {
                "ArnLike": {
                    "aws:SourceArn": f"arn:${{data.{partition}.partition}}:sagemaker:${{data.{region}.region}}:"
                    f"${{data.{account}.account_id}}:*"
                }
            },
        }
    ]
    assert resources(doc, "aws_iam_role_policy_attachment") == []
    role = address(doc, "aws_iam_role")
    assert only(doc, "aws_sagemaker_model")["execution_role_arn"] == f"${{{role}.arn}}"


def test_full_access_attaches_the_managed_policy_with_partition_arn(stack):
    sagemaker.Model(stack, "Model", containers=one_container(stack), role_access=sagemaker.RoleAccess.FULL_ACCESS)
    doc = synth(stack)
    attachment = only(doc, "aws_iam_role_policy_attachment")
    partition = address(doc, "aws_partition", kind="data")
    assert attachment["policy_arn"] == f"arn:${{data.{partition}.partition}}:iam::aws:policy/AmazonSageMakerFullAccess"
    role = address(doc, "aws_iam_role")
    assert attachment["role"] == f"${{{role}.name}}"
    assert only(doc, "aws_sagemaker_model")["execution_role_arn"] == f"${{{role}.arn}}"


def test_model_depends_on_role_and_all_its_policies(stack):
    bucket = S3Bucket(stack, "Bucket")
    sagemaker.Model(
        stack,
        "Model",
        containers=[
            sagemaker.ContainerDefinition(
                image=ecr_image(stack), model_data=sagemaker.ModelData.from_bucket(bucket, "m.tar.gz")
            )
        ],
    )
    doc = synth(stack)
    depends = only(doc, "aws_sagemaker_model")["depends_on"]
    for tf_type in ("aws_iam_role", "aws_iam_role_policy"):
        assert address(doc, tf_type) in depends


def test_full_access_model_depends_on_the_attachment_too(stack):
    sagemaker.Model(stack, "Model", containers=one_container(stack), role_access="FullAccess")
    doc = synth(stack)
    depends = only(doc, "aws_sagemaker_model")["depends_on"]
    for tf_type in ("aws_iam_role", "aws_iam_role_policy_attachment", "aws_iam_role_policy"):
        assert address(doc, tf_type) in depends


def _attach(role, id: str) -> IamRolePolicyAttachment:
    return IamRolePolicyAttachment(role, id, role=role.name, policy_arn="arn:aws:iam::aws:policy/ReadOnlyAccess")


def test_a_passed_roles_attachments_made_before_or_after_the_model_are_in_its_depends_on(stack):
    role = IamRole(stack, "Serving", assume_role_policy="{}")
    before = _attach(role, "Before")
    sagemaker.Model(stack, "Model", containers=one_container(stack), role=role)
    after = _attach(role, "After")
    model_doc = only(synth(stack), "aws_sagemaker_model")
    grants = next(c for c in role.node.children if c.node.id == "SagemakerTfGrants")
    assert model_doc["depends_on"] == [
        f"aws_iam_role.{role.friendly_unique_id}",
        f"aws_iam_role_policy.{grants.node.default_child.friendly_unique_id}",
        f"aws_iam_role_policy_attachment.{before.friendly_unique_id}",
        f"aws_iam_role_policy_attachment.{after.friendly_unique_id}",
    ]


def test_a_passed_roles_children_are_read_once_per_synth_for_all_its_models(stack, monkeypatch):
    role = IamRole(stack, "Serving", assume_role_policy="{}")
    _attach(role, "Attached")
    for i in range(3):
        sagemaker.Model(stack, f"Model{i}", containers=one_container(stack), role=role)
    reads: list[object] = []
    real_node_of = iam.node_of
    monkeypatch.setattr(iam, "node_of", lambda scope: reads.append(scope) or real_node_of(scope))
    docs = [synth(stack), synth(stack)]
    assert reads == [role, role]  # one read per synth, not one per model
    for doc in docs:
        assert all(
            address(doc, "aws_iam_role_policy_attachment") in model["depends_on"]
            for model in resources(doc, "aws_sagemaker_model")
        )


def test_a_users_depends_on_follows_the_roles_iam_and_its_attachments(stack):
    role = IamRole(stack, "Serving", assume_role_policy="{}")
    model = sagemaker.Model(stack, "Model", containers=one_container(stack), role=role)
    attached = _attach(role, "Attached")
    model.resource.depends_on = ["aws_ecr_repository.Mine"]
    for _ in range(2):  # a second synth renders the same list
        depends = only(synth(stack), "aws_sagemaker_model")["depends_on"]
        assert [d.split(".")[0] for d in depends] == [
            "aws_iam_role",
            "aws_iam_role_policy",
            "aws_iam_role_policy_attachment",
            "aws_ecr_repository",
        ]
        assert depends[2] == f"aws_iam_role_policy_attachment.{attached.friendly_unique_id}"


def test_ecr_image_grants_pull_on_the_repository_and_token_on_star(stack):
    sagemaker.Model(stack, "Model", containers=one_container(stack))
    statements = policy_of(synth(stack))["Statement"]
    assert {
        "Effect": "Allow",
        "Action": ["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"],
        "Resource": ["${aws_ecr_repository.Repo.arn}"],
    } in statements
    assert {"Effect": "Allow", "Action": ["ecr:GetAuthorizationToken"], "Resource": ["*"]} in statements


def test_bucket_model_data_grants_get_on_the_object_and_list_on_its_key_only(stack):
    bucket = S3Bucket(stack, "Bucket")
    data = sagemaker.ModelData.from_bucket(bucket, "path/to/model.tar.gz")
    sagemaker.Model(stack, "Model", containers=[sagemaker.ContainerDefinition(image=ecr_image(stack), model_data=data)])
    statements = [s for s in policy_of(synth(stack))["Statement"] if s["Action"][0].startswith("s3:")]
    assert statements == [
        {
            "Effect": "Allow",
            "Action": ["s3:GetObject"],
            "Resource": ["${aws_s3_bucket.Bucket.arn}/path/to/model.tar.gz"],
        },
        {
            "Effect": "Allow",
            "Action": ["s3:ListBucket"],
            "Resource": ["${aws_s3_bucket.Bucket.arn}"],
            "Condition": {"StringEquals": {"s3:prefix": ["path/to/model.tar.gz"]}},
        },
    ]


def test_same_image_in_two_containers_grants_once(stack):
    image = ecr_image(stack)
    sagemaker.Model(stack, "Model", containers=[sagemaker.ContainerDefinition(image=image)] * 2)
    statements = [s for s in policy_of(synth(stack))["Statement"] if s["Action"][0].startswith("ecr:")]
    assert len(statements) == 2  # the pull statement and the token statement, each once


def test_supplied_role_is_used_and_receives_the_grants(stack):
    role = IamRole(stack, "MyRole", assume_role_policy="{}")
    model = sagemaker.Model(stack, "Model", containers=one_container(stack), role=role)
    doc = synth(stack)
    assert model.role is role and model.grant_principal is role
    assert len(resources(doc, "aws_iam_role")) == 1
    assert resources(doc, "aws_iam_role_policy_attachment") == []
    assert only(doc, "aws_iam_role_policy")["role"] == "${aws_iam_role.MyRole.name}"
    assert only(doc, "aws_sagemaker_model")["execution_role_arn"] == "${aws_iam_role.MyRole.arn}"


def test_data_source_role_receives_an_inline_policy(stack):
    role = DataAwsIamRole(stack, "Existing", name="existing-role")
    sagemaker.Model(stack, "Model", containers=one_container(stack), role=role)
    doc = synth(stack)
    assert only(doc, "aws_iam_role_policy")["role"] == "${data.aws_iam_role.Existing.name}"
    assert resources(doc, "aws_iam_role") == []


def test_add_to_role_policy_adds_statement_and_dependency(stack):
    model = sagemaker.Model(
        stack,
        "Model",
        containers=[
            sagemaker.ContainerDefinition(image=sagemaker.ContainerImage.from_dlc("repo", "tag", "123456789012"))
        ],
    )
    model.add_to_role_policy(sagemaker.PolicyStatement(actions=["s3:PutObject"], resources=["arn:aws:s3:::out/*"]))
    doc = synth(stack)
    assert {"Effect": "Allow", "Action": ["s3:PutObject"], "Resource": ["arn:aws:s3:::out/*"]} in policy_of(doc)[
        "Statement"
    ]
    assert address(doc, "aws_iam_role_policy") in only(doc, "aws_sagemaker_model")["depends_on"]


def test_policy_statement_rejects_bad_effect():
    with pytest.raises(
        sagemaker.ValidationError, match=r"PolicyStatement: effect must be 'Allow' or 'Deny' \(got Maybe\)"
    ):
        sagemaker.PolicyStatement(actions=["s3:GetObject"], resources=["*"], effect="Maybe")


# --- names and lifecycle ---------------------------------------------------------------------------------------


def test_model_without_name_gets_generated_name_and_create_before_destroy(stack):
    sagemaker.Model(stack, "Model", containers=one_container(stack))
    model = only(synth(stack), "aws_sagemaker_model")
    assert "name" not in model
    assert model["lifecycle"] == {"create_before_destroy": True}


def test_model_with_name_uses_it_without_create_before_destroy(stack):
    model = sagemaker.Model(stack, "Model", containers=one_container(stack), model_name="my-model-1")
    rendered = only(synth(stack), "aws_sagemaker_model")
    assert rendered["name"] == "my-model-1"
    assert "lifecycle" not in rendered
    assert model.model_name.startswith("${")


@pytest.mark.parametrize("bad", ["-leading", "has_underscore", "a" * 64, "", "dot.name"])
def test_invalid_model_name_is_rejected_with_path_and_value(stack, bad):
    with pytest.raises(sagemaker.ValidationError, match=r"^Stack/Model: model_name must match"):
        sagemaker.Model(stack, "Model", containers=one_container(stack), model_name=bad)
    assert stack.node.try_find_child("Model") is None


def test_model_name_of_63_characters_is_accepted(stack):
    sagemaker.Model(stack, "Model", containers=one_container(stack), model_name="a" * 63)
    assert only(synth(stack), "aws_sagemaker_model")["name"] == "a" * 63


# --- VPC ----------------------------------------------------------------------------------------------------------


def vpc_and_subnets(stack):
    vpc = Vpc(stack, "Vpc", cidr_block="10.0.0.0/16")
    subnets = [
        Subnet(stack, "SubnetA", vpc_id=vpc.id, cidr_block="10.0.1.0/24"),
        Subnet(stack, "SubnetB", vpc_id=vpc.id, cidr_block="10.0.2.0/24"),
    ]
    return vpc, subnets


def test_vpc_with_security_groups_creates_no_security_group(stack):
    vpc, subnets = vpc_and_subnets(stack)
    group = SecurityGroup(stack, "SG", vpc_id=vpc.id)
    sagemaker.Model(
        stack, "Model", containers=one_container(stack), vpc=vpc, vpc_subnets=subnets, security_groups=[group]
    )
    doc = synth(stack)
    assert len(resources(doc, "aws_security_group")) == 1
    assert only(doc, "aws_sagemaker_model")["vpc_config"] == [
        {
            "subnets": ["${aws_subnet.SubnetA.id}", "${aws_subnet.SubnetB.id}"],
            "security_group_ids": ["${aws_security_group.SG.id}"],
        }
    ]


def test_vpc_without_security_groups_creates_one_with_all_egress(stack):
    vpc, subnets = vpc_and_subnets(stack)
    sagemaker.Model(stack, "Model", containers=one_container(stack), vpc=vpc, vpc_subnets=subnets)
    doc = synth(stack)
    group = only(doc, "aws_security_group")
    assert group["vpc_id"] == "${aws_vpc.Vpc.id}"
    assert group["description"] == "SageMaker model Stack/Model"
    assert [(e["protocol"], e["cidr_blocks"]) for e in group["egress"]] == [("-1", ["0.0.0.0/0"])]
    sg = address(doc, "aws_security_group")
    assert only(doc, "aws_sagemaker_model")["vpc_config"][0]["security_group_ids"] == [f"${{{sg}.id}}"]


def test_vpc_with_allow_all_outbound_false_creates_group_without_egress(stack):
    vpc, subnets = vpc_and_subnets(stack)
    sagemaker.Model(
        stack, "Model", containers=one_container(stack), vpc=vpc, vpc_subnets=subnets, allow_all_outbound=False
    )
    assert "egress" not in only(synth(stack), "aws_security_group")


def test_security_groups_and_allow_all_outbound_together_fail(stack):
    vpc, subnets = vpc_and_subnets(stack)
    with pytest.raises(
        sagemaker.ValidationError,
        match="Stack/Model: Configure 'allowAllOutbound' directly on the supplied SecurityGroups",
    ):
        sagemaker.Model(
            stack,
            "Model",
            containers=one_container(stack),
            vpc=vpc,
            vpc_subnets=subnets,
            security_groups=["sg-123"],
            allow_all_outbound=False,
        )


@pytest.mark.parametrize("kwargs", [{"security_groups": ["sg-123"]}, {"allow_all_outbound": False}])
def test_networking_options_without_vpc_fail(stack, kwargs):
    with pytest.raises(
        sagemaker.ValidationError,
        match="Stack/Model: Cannot configure 'securityGroups' or 'allowAllOutbound' without configuring a VPC",
    ):
        sagemaker.Model(stack, "Model", containers=one_container(stack), **kwargs)


def test_vpc_without_subnets_fails(stack):
    vpc, _ = vpc_and_subnets(stack)
    with pytest.raises(sagemaker.ValidationError, match="Stack/Model: vpc_subnets must list at least one subnet"):
        sagemaker.Model(stack, "Model", containers=one_container(stack), vpc=vpc)


def test_connections_without_vpc_fail(stack):
    model = sagemaker.Model(stack, "Model", containers=one_container(stack))
    with pytest.raises(
        sagemaker.ValidationError, match="Stack/Model: Cannot manage network access without configuring a VPC"
    ):
        _ = model.connections


def test_connections_of_imported_model_without_security_groups_fail(stack):
    model = sagemaker.Model.from_model_attributes(
        stack, "Model", model_arn="arn:aws:sagemaker:us-west-2:123456789012:model/MyModel"
    )
    with pytest.raises(sagemaker.ValidationError, match="Cannot manage network access without configuring a VPC"):
        _ = model.connections


def test_imported_model_with_security_groups_has_connections(stack):
    model = sagemaker.Model.from_model_attributes(
        stack,
        "Model",
        model_arn="arn:aws:sagemaker:us-west-2:123456789012:model/MyModel",
        security_groups=["sg-123456789"],
    )
    assert model.connections.security_groups == ["sg-123456789"]


def test_security_group_added_later_is_in_vpc_config(stack):
    vpc, subnets = vpc_and_subnets(stack)
    model = sagemaker.Model(stack, "Model", containers=one_container(stack), vpc=vpc, vpc_subnets=subnets)
    model.connections.add_security_group(SecurityGroup(stack, "AdditionalGroup", vpc_id=vpc.id), "sg-literal")
    doc = synth(stack)
    created = next(name for name in doc["resource"]["aws_security_group"] if name != "AdditionalGroup")
    assert only(doc, "aws_sagemaker_model")["vpc_config"][0]["security_group_ids"] == [
        f"${{aws_security_group.{created}.id}}",
        "${aws_security_group.AdditionalGroup.id}",
        "sg-literal",
    ]


# --- imports ------------------------------------------------------------------------------------------------------


def test_import_by_arn_parses_the_name(stack):
    model = sagemaker.Model.from_model_arn(stack, "Model", "arn:aws:sagemaker:us-west-2:123456789012:model/MyModel")
    assert model.model_name == "MyModel"
    assert model.model_arn == "arn:aws:sagemaker:us-west-2:123456789012:model/MyModel"


def test_import_by_malformed_arn_fails(stack):
    with pytest.raises(sagemaker.ValidationError, match=r"Stack/Model: model_arn must look like .* \(got not-an-arn\)"):
        sagemaker.Model.from_model_arn(stack, "Model", "not-an-arn")


def test_import_by_name_builds_the_arn_from_data_sources(stack):
    model = sagemaker.Model.from_model_name(stack, "Model", "my-name")
    assert model.model_name == "my-name"
    stack_doc = synth(stack)
    for data in ("aws_partition", "aws_region", "aws_caller_identity"):
        assert data in stack_doc["data"]
    from sagemaker_tf._runtime.framework import TerraformOutput

    TerraformOutput(stack, "arn", value=model.model_arn)
    value = synth(stack)["output"]["arn"]["value"]
    assert re.fullmatch(
        r"arn:\$\{data\.aws_partition\.\w+\.partition\}:sagemaker:\$\{data\.aws_region\.\w+\.region\}:"
        r"\$\{data\.aws_caller_identity\.\w+\.account_id\}:model/my-name",
        value,
    )


def test_import_by_token_arn_splits_in_terraform(stack):
    role = IamRole(stack, "R", assume_role_policy="{}")
    model = sagemaker.Model.from_model_arn(stack, "Model", role.arn)
    from sagemaker_tf._runtime.framework import TerraformOutput

    TerraformOutput(stack, "name", value=model.model_name)
    assert synth(stack)["output"]["name"]["value"] == '${element(split("/", aws_iam_role.R.arn), 1)}'


def test_imported_model_without_role_ignores_grants(stack):
    model = sagemaker.Model.from_model_arn(stack, "Model", "arn:aws:sagemaker:us-west-2:123456789012:model/MyModel")
    model.add_to_role_policy(sagemaker.PolicyStatement(actions=["s3:GetObject"], resources=["*"]))
    assert model.grant_principal is None
    assert "resource" not in synth(stack) or "aws_iam_role_policy" not in synth(stack)["resource"]


# --- deep learning containers ----------------------------------------------------------------------------------


def test_dlc_with_account_id_uses_it(stack):
    sagemaker.Model(
        stack,
        "Model",
        containers=[
            sagemaker.ContainerDefinition(
                image=sagemaker.ContainerImage.from_dlc("anyRepositoryName", "anyTag", "111122223333")
            )
        ],
    )
    doc = synth(stack)
    region = address(doc, "aws_region", kind="data")
    partition = address(doc, "aws_partition", kind="data")
    assert only(doc, "aws_sagemaker_model")["primary_container"][0]["image"] == (
        f"111122223333.dkr.ecr.${{data.{region}.region}}.${{data.{partition}.dns_suffix}}/anyRepositoryName:anyTag"
    )
    assert {
        "Effect": "Allow",
        "Action": ["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"],
        "Resource": [
            f"arn:${{data.{partition}.partition}}:ecr:${{data.{region}.region}}:111122223333:repository/anyRepositoryName"
        ],
    } in policy_of(doc)["Statement"]


@pytest.mark.parametrize(
    "region, account",
    [
        ("us-east-1", "763104351884"),
        ("ap-east-1", "871362719292"),
        ("cn-north-1", "727897471807"),
        ("me-south-1", "217643126080"),
    ],
)
def test_dlc_without_account_and_known_region_uses_the_table(region, account):
    stack = make_stack(region)
    sagemaker.Model(
        stack,
        "Model",
        containers=[
            sagemaker.ContainerDefinition(image=sagemaker.ContainerImage.from_dlc("anyRepositoryName", "anyTag"))
        ],
    )
    image = only(synth(stack), "aws_sagemaker_model")["primary_container"][0]["image"]
    assert image.startswith(f"{account}.dkr.ecr.")


def test_dlc_without_account_and_unknown_region_looks_up_in_terraform():
    stack = make_stack(region=None)
    sagemaker.Model(
        stack,
        "Model",
        containers=[
            sagemaker.ContainerDefinition(image=sagemaker.ContainerImage.from_dlc("anyRepositoryName", "anyTag"))
        ],
    )
    doc = synth(stack)
    local_name, table = next(iter(doc["locals"].items()))
    assert len(table) == 32 and table["us-west-2"] == "763104351884" and table["ap-east-1"] == "871362719292"
    region = address(doc, "aws_region", kind="data")
    image = only(doc, "aws_sagemaker_model")["primary_container"][0]["image"]
    assert image.startswith(f"${{local.{local_name}[data.{region}.region]}}.dkr.ecr.")


def test_dlc_in_region_without_known_account_fails():
    stack = make_stack("xx-nowhere-1")
    with pytest.raises(
        sagemaker.ValidationError,
        match=r"Stack/Model: no AWS Deep Learning Containers account is known for region 'xx-nowhere-1'",
    ):
        sagemaker.Model(
            stack,
            "Model",
            containers=[sagemaker.ContainerDefinition(image=sagemaker.ContainerImage.from_dlc("repo", "tag"))],
        )
    assert stack.node.try_find_child("Model") is None


def test_dlc_rejects_malformed_account():
    with pytest.raises(
        sagemaker.ValidationError, match=r"ContainerImage.from_dlc: account_id must be 12 digits \(got anyAwsAccount\)"
    ):
        sagemaker.ContainerImage.from_dlc("repo", "tag", "anyAwsAccount")


# --- input checking ---------------------------------------------------------------------------------------------


def test_ecr_image_rejects_a_string_repository():
    with pytest.raises(
        sagemaker.ValidationError,
        match="from_ecr_repository: repository must be an EcrRepository or a DataAwsEcrRepository",
    ):
        sagemaker.ContainerImage.from_ecr_repository("my-repo")  # type: ignore[arg-type]


def test_container_definition_rejects_a_string_image():
    with pytest.raises(
        sagemaker.ValidationError, match=r"ContainerDefinition: image must be a ContainerImage .*got str"
    ):
        sagemaker.ContainerDefinition(image="nginx:latest")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "env, rule",
    [
        ({"1BAD": "x"}, "environment key must match"),
        ({"GOOD": 3}, r"environment\['GOOD'\] must be a string"),
        ({"GOOD": "x" * 1025}, r"environment\['GOOD'\] must be at most 1024 characters"),
    ],
)
def test_container_definition_checks_environment(stack, env, rule):
    with pytest.raises(sagemaker.ValidationError, match=rule):
        sagemaker.ContainerDefinition(image=ecr_image(stack), environment=env)


def test_container_definition_checks_hostname(stack):
    with pytest.raises(sagemaker.ValidationError, match="container_hostname must be 1-63 alphanumerics"):
        sagemaker.ContainerDefinition(image=ecr_image(stack), container_hostname="bad_host")


def test_model_rejects_dict_containers(stack):
    with pytest.raises(
        sagemaker.ValidationError, match=r"Stack/Model: containers\[\] must be a ContainerDefinition \(got dict"
    ):
        sagemaker.Model(stack, "Model", containers=[{"image": ecr_image(stack)}])  # type: ignore[list-item]


def test_model_rejects_a_string_role(stack):
    with pytest.raises(sagemaker.ValidationError, match="Stack/Model: role must be an IamRole or a DataAwsIamRole"):
        sagemaker.Model(stack, "Model", containers=one_container(stack), role="arn:aws:iam::123456789012:role/x")  # type: ignore[arg-type]


def test_too_long_image_uri_is_rejected(stack):
    class LongImage(sagemaker.ContainerImage):
        def bind(self, scope, model):
            return sagemaker.ContainerImageConfig(image_name="x" * 256)

    with pytest.raises(sagemaker.ValidationError, match="Stack/Model: image URI must be at most 255 characters"):
        sagemaker.Model(stack, "Model", containers=[sagemaker.ContainerDefinition(image=LongImage())])
    assert stack.node.try_find_child("Model") is None
    synth(stack)  # the rest of the app still synthesizes


def test_model_data_uri_must_be_s3(stack):
    class BadData(sagemaker.ModelData):
        def bind(self, scope, model):
            return sagemaker.ModelDataConfig(uri="/local/model.tar.gz")

    with pytest.raises(sagemaker.ValidationError, match="model data URI must be an s3:// or https:// URL"):
        sagemaker.Model(
            stack, "Model", containers=[sagemaker.ContainerDefinition(image=ecr_image(stack), model_data=BadData())]
        )


# --- instance and accelerator types ---------------------------------------------------------------------------


def test_instance_type_constants_and_of():
    assert str(sagemaker.InstanceType.M5_LARGE) == "ml.m5.large"
    assert str(sagemaker.InstanceType.T2_MEDIUM) == "ml.t2.medium"
    assert sagemaker.InstanceType.of("ml.g6e.xlarge") == sagemaker.InstanceType.of("ml.g6e.xlarge")
    assert str(sagemaker.AcceleratorType.EIA2_MEDIUM) == "ml.eia2.medium"


def test_instance_type_requires_ml_prefix():
    with pytest.raises(
        sagemaker.ValidationError, match=r"InstanceType.of: instance type must start with 'ml.'; \(got m5.large\)"
    ):
        sagemaker.InstanceType.of("m5.large")
    with pytest.raises(sagemaker.ValidationError, match=r"AcceleratorType.of: accelerator type must start with 'ml.'"):
        sagemaker.AcceleratorType.of("eia2.large")
