"""Execution roles (RoleAccess, execution_role) and the checks on what a grant names (KMS keys, S3 keys, roots)."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import sagemaker_tf as sagemaker
from sagemaker_tf import _aws_env, iam
from sagemaker_tf._runtime.framework import (
    DataAwsIamRole,
    DataAwsKmsKey,
    DataAwsS3Bucket,
    DataAwsSecurityGroup,
    DataAwsVpc,
    EcrRepository,
    IamRole,
    IamRolePolicyAttachment,
    S3Bucket,
    Subnet,
    Vpc,
)
from sagemaker_tf._runtime.render import resource_address
from tests.helpers import only, resources, synth
from tests.helpers.fuzz import FUZZ

PARTITION = "${data.aws_partition.SagemakerTfPartition.partition}"
REGION = "${data.aws_region.SagemakerTfRegion.region}"
ACCOUNT = "${data.aws_caller_identity.SagemakerTfCallerIdentity.account_id}"
LOG_GROUPS = f"arn:{PARTITION}:logs:{REGION}:{ACCOUNT}:log-group:/aws/sagemaker/*"
BASELINE = [
    {
        "Effect": "Allow",
        "Action": ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:DescribeLogStreams"],
        "Resource": [LOG_GROUPS],
    },
    {"Effect": "Allow", "Action": ["logs:PutLogEvents"], "Resource": [f"{LOG_GROUPS}:log-stream:*"]},
    {
        "Effect": "Allow",
        "Action": ["cloudwatch:PutMetricData"],
        "Resource": ["*"],
        "Condition": {"StringLike": {"cloudwatch:namespace": ["/aws/sagemaker/*"]}},
    },
]
KEY_ARN = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"


def container(stack: Any) -> sagemaker.ContainerDefinition:
    repo = stack.node.try_find_child("Repo") or EcrRepository(stack, "Repo", name="repo")
    return sagemaker.ContainerDefinition(image=sagemaker.ContainerImage.from_ecr_repository(repo))


def statements(doc: dict[str, Any], index: int = 0) -> list[dict[str, Any]]:
    policy = resources(doc, "aws_iam_role_policy")[index]
    loaded: list[dict[str, Any]] = json.loads(policy["policy"])["Statement"]
    return loaded


def raises(message: str) -> Any:
    """pytest.raises for a ValidationError whose whole message is ``message``."""
    return pytest.raises(sagemaker.ValidationError, match=f"^{re.escape(message)}$")


# --- RoleAccess -------------------------------------------------------------------------------------------------


def test_the_default_role_gets_the_baseline_and_no_managed_policy(stack: Any) -> None:
    sagemaker.Model(stack, "Model", containers=[container(stack)])
    doc = synth(stack)
    assert resources(doc, "aws_iam_role_policy_attachment") == []
    assert statements(doc)[:3] == BASELINE


def test_full_access_is_the_baseline_plus_the_managed_policy(stack: Any) -> None:
    sagemaker.Model(stack, "Model", containers=[container(stack)], role_access=sagemaker.RoleAccess.FULL_ACCESS)
    doc = synth(stack)
    attachment = only(doc, "aws_iam_role_policy_attachment")
    assert attachment["policy_arn"] == f"arn:{PARTITION}:iam::aws:policy/AmazonSageMakerFullAccess"
    assert statements(doc)[:3] == BASELINE


@pytest.mark.parametrize("value", [sagemaker.RoleAccess.SCOPED, "Scoped"])
def test_role_access_takes_the_enum_or_its_value(stack: Any, value: Any) -> None:
    sagemaker.Model(stack, "Model", containers=[container(stack)], role_access=value)
    assert resources(synth(stack), "aws_iam_role_policy_attachment") == []


@pytest.mark.parametrize("bad", ["full", "FULL_ACCESS", 1, None, True])
def test_an_unknown_role_access_is_refused(stack: Any, bad: Any) -> None:
    with raises(
        "Stack/Model: role_access must be RoleAccess.SCOPED or RoleAccess.FULL_ACCESS "
        f"(got {type(bad).__name__}: {bad})"
    ):
        sagemaker.Model(stack, "Model", containers=[container(stack)], role_access=bad)


@pytest.mark.parametrize("kind", ["resource", "data source"])
def test_a_supplied_role_gets_the_same_scoped_grants_and_nothing_attached(stack: Any, kind: str) -> None:
    role = (
        IamRole(stack, "Mine", assume_role_policy="{}")
        if kind == "resource"
        else DataAwsIamRole(stack, "Mine", name="mine")
    )
    sagemaker.Model(stack, "Model", containers=[container(stack)], role=role)
    doc = synth(stack)
    assert resources(doc, "aws_iam_role_policy_attachment") == []
    policy = only(doc, "aws_iam_role_policy")
    assert policy["role"] == ("${aws_iam_role.Mine.name}" if kind == "resource" else "${data.aws_iam_role.Mine.name}")
    granted = json.loads(policy["policy"])["Statement"]
    assert granted[:3] == BASELINE
    assert {"ecr:BatchGetImage", "ecr:GetAuthorizationToken"} <= {a for s in granted for a in s["Action"]}


def test_full_access_with_a_supplied_role_is_refused(stack: Any) -> None:
    role = IamRole(stack, "Mine", assume_role_policy="{}")
    with raises(
        "Stack/Model: role_access=RoleAccess.FULL_ACCESS applies to the role a Model creates; a role you pass keeps "
        "the policies you attached (attach AmazonSageMakerFullAccess to it yourself if you want it)"
    ):
        sagemaker.Model(
            stack, "Model", containers=[container(stack)], role=role, role_access=sagemaker.RoleAccess.FULL_ACCESS
        )
    assert resources(synth(stack), "aws_iam_role_policy") == []


# --- execution_role, the builder other constructs share ---------------------------------------------------------


def test_execution_role_creates_a_scoped_role_and_lists_what_to_depend_on(stack: Any) -> None:
    execution = iam.execution_role(stack, "ServingRole")
    assert isinstance(execution.role, IamRole)
    execution.add(iam.PolicyStatement(actions=["s3:GetObject"], resources=["arn:aws:s3:::b/k"]))
    doc = synth(stack)
    role = only(doc, "aws_iam_role")
    assert json.loads(role["assume_role_policy"])["Statement"][0]["Condition"] == {
        "ArnLike": {"aws:SourceArn": f"arn:{PARTITION}:sagemaker:{REGION}:{ACCOUNT}:*"}
    }
    assert statements(doc) == [
        *BASELINE,
        {"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": ["arn:aws:s3:::b/k"]},
    ]
    assert [resource_address(d) for d in execution.dependencies()] == [
        "aws_iam_role.ServingRole",
        f"aws_iam_role_policy.{next(iter(doc['resource']['aws_iam_role_policy']))}",
    ]


@pytest.mark.parametrize("access", [iam.RoleAccess.SCOPED, iam.RoleAccess.FULL_ACCESS])
def test_a_created_roles_dependencies_known_in_python_are_its_children(stack: Any, access: iam.RoleAccess) -> None:
    execution = iam.execution_role(stack, "ServingRole", access=access)
    expected = [execution.role, *[c for c in execution.role.node.children if isinstance(c, IamRolePolicyAttachment)]]
    expected += [c.resource for c in execution.role.node.children if hasattr(c, "statements")]
    assert execution.dependencies() == expected == iam.role_dependencies(execution.role)
    assert len(expected) == (3 if access is iam.RoleAccess.FULL_ACCESS else 2)


def test_execution_role_adopts_a_role_arn_with_an_inline_policy_on_its_name(stack: Any) -> None:
    arn = "arn:aws:iam::111122223333:role/service/serving"
    execution = iam.execution_role(stack, "Role", role=arn)
    assert execution.role is None and execution.arn == arn
    doc = synth(stack)
    assert resources(doc, "aws_iam_role") == []
    policy = only(doc, "aws_iam_role_policy")
    assert policy["role"] == "serving"
    assert json.loads(policy["policy"])["Statement"] == BASELINE
    assert [resource_address(d) for d in execution.dependencies()] == [
        f"aws_iam_role_policy.{next(iter(doc['resource']['aws_iam_role_policy']))}"
    ]


def test_execution_role_refuses_a_malformed_arn_and_full_access_on_a_given_role(stack: Any) -> None:
    with raises(
        "Stack: grantee a role ARN must look like arn:<partition>:iam::<account>:role/<path/>name "
        "(got 'arn:aws:iam::1:role/x')"
    ):
        iam.execution_role(stack, "Role", role="arn:aws:iam::1:role/x")
    with pytest.raises(sagemaker.ValidationError, match="applies to the role sagemaker_tf creates"):
        iam.execution_role(stack, "Role", role="arn:aws:iam::111122223333:role/x", access=iam.RoleAccess.FULL_ACCESS)


# --- VPC --------------------------------------------------------------------------------------------------------


def vpc_model(stack: Any, **kwargs: Any) -> sagemaker.Model:
    vpc = Vpc(stack, "Vpc", cidr_block="10.0.0.0/16")
    subnet = Subnet(stack, "Subnet", vpc_id=vpc.id, cidr_block="10.0.0.0/24")
    return sagemaker.Model(
        stack, "Model", containers=[container(stack)], vpc=vpc, vpc_subnets=[subnet, "subnet-1"], **kwargs
    )


def test_a_model_in_a_vpc_may_create_interfaces_only_in_its_subnets_with_its_groups(stack: Any) -> None:
    vpc_model(stack)
    doc = synth(stack)
    group = next(iter(doc["resource"]["aws_security_group"]))
    interfaces = f"arn:{PARTITION}:ec2:{REGION}:{ACCOUNT}:network-interface/*"
    assert {
        "Effect": "Allow",
        "Action": ["ec2:CreateNetworkInterface"],
        "Resource": [
            interfaces,
            "${aws_subnet.Subnet.arn}",
            f"arn:{PARTITION}:ec2:{REGION}:{ACCOUNT}:subnet/subnet-1",
            f"${{aws_security_group.{group}.arn}}",
        ],
    } in statements(doc)
    assert {
        "Effect": "Allow",
        "Action": [
            "ec2:CreateNetworkInterfacePermission",
            "ec2:DeleteNetworkInterface",
            "ec2:DeleteNetworkInterfacePermission",
        ],
        "Resource": [interfaces],
        "Condition": {"ArnEquals": {"ec2:Vpc": ["${aws_vpc.Vpc.arn}"]}},
    } in statements(doc)


def test_a_model_outside_a_vpc_gets_no_ec2_action(stack: Any) -> None:
    sagemaker.Model(stack, "Model", containers=[container(stack)])
    assert not [a for s in statements(synth(stack)) for a in s["Action"] if a.startswith("ec2:")]


def test_groups_added_later_are_granted_too(stack: Any) -> None:
    vpc = DataAwsVpc(stack, "Vpc", default=True)
    model = sagemaker.Model(
        stack, "Model", containers=[container(stack)], vpc=vpc, vpc_subnets=["subnet-1"], security_groups=["sg-1"]
    )
    model.connections.add_security_group(DataAwsSecurityGroup(stack, "Extra", name="extra"), "sg-1")
    doc = synth(stack)
    assert {
        "Effect": "Allow",
        "Action": ["ec2:CreateNetworkInterface"],
        "Resource": ["${data.aws_security_group.Extra.arn}"],
    } in statements(doc)
    created = [s for s in statements(doc) if s["Action"] == ["ec2:CreateNetworkInterface"]]
    assert sum(r.endswith("security-group/sg-1") for s in created for r in s["Resource"]) == 1


def test_the_model_depends_on_its_vpc_grants(stack: Any) -> None:
    vpc_model(stack)
    doc = synth(stack)
    policy = next(iter(doc["resource"]["aws_iam_role_policy"]))
    assert f"aws_iam_role_policy.{policy}" in only(doc, "aws_sagemaker_model")["depends_on"]


# --- what a grant names: KMS keys -------------------------------------------------------------------------------

KMS_TEXT = "a KMS key ARN arn:<partition>:kms:<region>:<account>:key/<id>"
ALIAS = (
    f"encryption_key must be {KMS_TEXT}, not an alias: a policy on an alias ARN does not cover the key the alias "
    "points to, so the role could not use the key. Pass the key ARN (KmsKey.arn or "
    "DataAwsKmsKey(key_id='alias/...').arn), or grant the key ARNs yourself with a kms:RequestAlias condition"
)
WILDCARD = (
    f"encryption_key must be {KMS_TEXT} naming one key: no wildcard ('*' or '?') in the region, account or key id, "
    "which would grant use of every matching key"
)
SHAPE = f"encryption_key must be {KMS_TEXT}"


@pytest.mark.parametrize(
    "value, rule",
    [
        ("arn:aws:kms:*:*:*", WILDCARD),
        ("arn:aws:kms:us-east-1:*:key/1234abcd-12ab-34cd-56ef-1234567890ab", WILDCARD),
        ("arn:aws:kms:*:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab", WILDCARD),
        ("arn:aws:kms:us-east-1:111122223333:key/*", WILDCARD),
        ("arn:aws:kms:us-east-1:111122223333:key/1234abcd-?", WILDCARD),
        ("arn:aws:kms:us-east-1:111122223333:alias/my-key", ALIAS),
        ("arn:aws-cn:kms:cn-north-1:111122223333:alias/aws/s3", ALIAS),
        ("alias/my-key", ALIAS),
        ("arn:aws:kms:us-east-1:1111:key/k", SHAPE),
        ("arn:aws:kms:us-east-1:111122223333:key/", SHAPE),
        ("arn:aws:kms:us-east-1:111122223333:key/k\n", SHAPE),
        ("arn:aws:s3:::bucket", SHAPE),
        ("1234abcd-12ab-34cd-56ef-1234567890ab", SHAPE),
    ],
)
def test_a_bad_key_is_refused_naming_the_prop_the_value_and_the_rule(value: str, rule: str) -> None:
    location = sagemaker.S3Location.from_uri("s3://bucket/out/")
    with raises(f"DataCaptureConfig: {rule} (got {value!r})"):
        sagemaker.DataCaptureConfig(destination=location, encryption_key=value)


@pytest.mark.parametrize(
    "value",
    [
        KEY_ARN,
        "arn:aws:kms:eu-central-2:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab",
        "arn:aws-us-gov:kms:us-gov-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        "arn:aws:kms:eusc-de-east-1:111122223333:key/k-1",
    ],
)
def test_a_key_arn_is_accepted_and_granted_exactly(stack: Any, value: str) -> None:
    capture = sagemaker.DataCaptureConfig(
        destination=sagemaker.S3Location.from_uri("s3://bucket/out/"), encryption_key=value
    )
    model = sagemaker.Model(stack, "Model", containers=[container(stack)])
    sagemaker.EndpointConfig(
        stack,
        "Config",
        data_capture=capture,
        instance_production_variants=[sagemaker.InstanceProductionVariantProps(model=model, variant_name="A")],
    )
    kms = [s for s in statements(synth(stack)) if s["Action"][0].startswith("kms:")]
    assert [s["Resource"] for s in kms] == [[value]]


def test_a_data_source_key_looked_up_by_alias_is_granted_by_its_key_arn(stack: Any) -> None:
    key = DataAwsKmsKey(stack, "Key", key_id="alias/mine")
    location = sagemaker.S3Location.from_uri("s3://bucket/out/")
    capture = sagemaker.DataCaptureConfig(destination=location, encryption_key=key)
    model = sagemaker.Model(stack, "Model", containers=[container(stack)])
    sagemaker.EndpointConfig(
        stack,
        "Config",
        data_capture=capture,
        instance_production_variants=[sagemaker.InstanceProductionVariantProps(model=model, variant_name="A")],
    )
    kms = [s for s in statements(synth(stack)) if s["Action"][0].startswith("kms:")]
    assert [s["Resource"] for s in kms] == [["${data.aws_kms_key.Key.arn}"]]


def test_configure_assets_checks_its_key_too(stack: Any) -> None:
    with raises(
        "Stack: configure_assets: kms_key must be a KMS key ARN arn:<partition>:kms:<region>:<account>:key/<id> "
        "naming one key: no wildcard ('*' or '?') in the region, account or key id, which would grant use of every "
        "matching key (got 'arn:aws:kms:us-east-1:111122223333:key/*')"
    ):
        sagemaker.configure_assets(stack, kms_key="arn:aws:kms:us-east-1:111122223333:key/*")


ARN_PART = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-", min_size=1, max_size=12)


@FUZZ
@given(
    region=st.one_of(st.sampled_from(["us-east-1", "eu-west-3", "ap-southeast-4"]), ARN_PART, st.just("*")),
    account=st.one_of(st.from_regex(r"\d{12}", fullmatch=True), st.text("0123456789*?", max_size=14)),
    kind=st.sampled_from(["key", "alias", "keys"]),
    key_id=st.one_of(st.uuids().map(str), ARN_PART, st.text("ab*?/-", min_size=1, max_size=6)),
)
def test_random_key_arns_are_accepted_exactly_when_they_name_one_key(
    region: str, account: str, kind: str, key_id: str
) -> None:
    arn = f"arn:aws:kms:{region}:{account}:{kind}/{key_id}"
    one_key = (
        re.fullmatch(r"[a-z]{2,4}(-[a-z]+)+-\d+", region) is not None
        and re.fullmatch(r"\d{12}", account) is not None
        and kind == "key"
        and re.fullmatch(r"[A-Za-z0-9-]{1,128}", key_id) is not None
    )
    try:
        assert _aws_env.check_key_arn("Where", "key", arn) == arn
    except sagemaker.ValidationError as error:
        assert not one_key, error
        assert f"(got {arn!r})" in str(error)
        if "*" in arn or "?" in arn:
            assert "no wildcard" in str(error) or "not an alias" in str(error)
    else:
        assert one_key, arn


# --- what a grant names: S3 keys, prefixes and the bucket root --------------------------------------------------


@pytest.mark.parametrize(
    "make, message",
    [
        (
            lambda b: sagemaker.ModelData.from_bucket(b, "models/*.tar.gz"),
            "ModelData.from_bucket: object_key must not contain '*' or '?': IAM reads them as wildcards, so the "
            "grant would cover every matching object, not this one (got 'models/*.tar.gz')",
        ),
        (
            lambda b: sagemaker.ModelData.from_bucket_prefix(b, "models?/"),
            "ModelData.from_bucket_prefix: prefix must not contain '*' or '?': IAM reads them as wildcards, so the "
            "grant would cover every matching object, not this one (got 'models?/')",
        ),
        (
            lambda b: sagemaker.S3Location.from_bucket(b, "capture/*/"),
            "S3Location.from_bucket: prefix must not contain '*' or '?': IAM reads them as wildcards, so the grant "
            "would cover every matching object, not this one (got 'capture/*/')",
        ),
        (
            lambda b: sagemaker.S3Location.from_uri("s3://bucket/out*"),
            "S3Location.from_uri: uri must not contain '*' or '?': IAM reads them as wildcards, so the grant would "
            "cover every matching object, not this one (got 'out*')",
        ),
        (
            lambda b: sagemaker.S3Location.from_uri("s3://b*cket/out/"),
            "S3Location.from_uri: bucket name must be 3-63 lowercase letters, digits, dots or hyphens, starting and "
            "ending with a letter or digit (got 'b*cket')",
        ),
    ],
)
def test_wildcards_in_granted_s3_names_are_refused(stack: Any, make: Any, message: str) -> None:
    with raises(message):
        make(DataAwsS3Bucket(stack, "Bucket", bucket="bucket"))


ROOT = (
    "a location at the bucket root lets SageMaker write anywhere in the bucket; give a prefix, or use "
    "S3Location.bucket_root(bucket) to write at the root on purpose"
)


@pytest.mark.parametrize(
    "make, message",
    [
        (
            lambda b: sagemaker.S3Location.from_bucket(b),
            f"S3Location.from_bucket: prefix must not be empty: {ROOT} (got '')",
        ),
        (
            lambda b: sagemaker.S3Location.from_bucket(b, "/"),
            f"S3Location.from_bucket: prefix must not be empty: {ROOT} (got '/')",
        ),
        (
            lambda b: sagemaker.S3Location.from_uri("s3://bucket"),
            f"S3Location.from_uri: uri must name a prefix: {ROOT} (got 's3://bucket')",
        ),
        (
            lambda b: sagemaker.S3Location.from_uri("s3://bucket/"),
            f"S3Location.from_uri: uri must name a prefix: {ROOT} (got 's3://bucket/')",
        ),
        (
            lambda b: sagemaker.S3Location.from_uri("s3://bucket//"),
            f"S3Location.from_uri: uri must name a prefix: {ROOT} (got 's3://bucket//')",
        ),
    ],
)
def test_a_bucket_root_write_location_is_refused_unless_asked_for(stack: Any, make: Any, message: str) -> None:
    with raises(message):
        make(S3Bucket(stack, "Bucket"))


@pytest.mark.parametrize("kind", ["resource", "name"])
def test_bucket_root_grants_the_whole_bucket_on_purpose(stack: Any, kind: str) -> None:
    bucket = S3Bucket(stack, "Bucket") if kind == "resource" else "my-bucket"
    location = sagemaker.S3Location.bucket_root(bucket)
    model = sagemaker.Model(stack, "Model", containers=[container(stack)])
    sagemaker.EndpointConfig(
        stack,
        "Config",
        data_capture=sagemaker.DataCaptureConfig(destination=location),
        instance_production_variants=[sagemaker.InstanceProductionVariantProps(model=model, variant_name="A")],
    )
    bucket_arn = "${aws_s3_bucket.Bucket.arn}" if kind == "resource" else f"arn:{PARTITION}:s3:::my-bucket"
    puts = [s["Resource"] for s in statements(synth(stack)) if "s3:PutObject" in s["Action"]]
    assert puts == [[f"{bucket_arn}/*"]]


def test_bucket_root_checks_a_bucket_name(stack: Any) -> None:
    with raises(
        "S3Location.bucket_root: bucket name must be 3-63 lowercase letters, digits, dots or hyphens, starting and "
        "ending with a letter or digit (got 'B')"
    ):
        sagemaker.S3Location.bucket_root("B")
