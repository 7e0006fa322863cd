"""The bad-input audit: every wrong argument to Model, ContainerDefinition, images, model data and
PolicyStatement is a ``ValidationError`` naming where, which field, the value and the rule, and a failed
construction leaves nothing behind (the rest of the app still synthesizes)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from constructs import Construct

import sagemaker_tf as sagemaker
from sagemaker_tf._runtime.framework import DataAwsEcrRepository, DataAwsS3Bucket, DataAwsVpc, IamRole, TerraformStack
from sagemaker_tf._validation import check_duration
from tests.conftest import make_stack, resources, synth
from tests.refcheck import assert_references_resolve

ARN = "arn:aws:iam::123456789012:role/r"


@dataclass
class Env:
    """A stack with a repository, a bucket, a role, a VPC and a model ``Existing`` already in it."""

    stack: TerraformStack
    repository: DataAwsEcrRepository
    bucket: DataAwsS3Bucket
    role: IamRole
    vpc: DataAwsVpc
    existing: sagemaker.Model

    @property
    def container(self) -> sagemaker.ContainerDefinition:
        return sagemaker.ContainerDefinition(image=sagemaker.ContainerImage.from_ecr_repository(self.repository))


def _env(region: str | None = "us-east-1") -> Env:
    stack = make_stack(region)
    repository = DataAwsEcrRepository(stack, "Repository", name="repo")
    bucket = DataAwsS3Bucket(stack, "Bucket", bucket="bucket")
    role = IamRole(stack, "UserRole", assume_role_policy="{}")
    vpc = DataAwsVpc(stack, "Vpc", default=True)
    image = sagemaker.ContainerImage.from_ecr_repository(repository)
    existing = sagemaker.Model(stack, "Existing", containers=[sagemaker.ContainerDefinition(image=image)])
    return Env(stack, repository, bucket, role, vpc, existing)


class _UriImage(sagemaker.ContainerImage):
    """A user-written image whose bind returns ``result`` as is."""

    def __init__(self, result: Any) -> None:
        self._result = result

    def bind(self, scope: Construct, model: sagemaker.IModel) -> Any:
        return self._result


class _UriData(sagemaker.ModelData):
    """User-written model data whose bind returns ``result`` as is."""

    def __init__(self, result: Any) -> None:
        self._result = result

    def bind(self, scope: Construct, model: sagemaker.IModel) -> Any:
        return self._result


def _model(env: Env, **kwargs: Any) -> sagemaker.Model:
    kwargs.setdefault("containers", [env.container])
    return sagemaker.Model(env.stack, "Model", **kwargs)


def _with(env: Env, **container: Any) -> sagemaker.Model:
    image = container.pop("image", sagemaker.ContainerImage.from_ecr_repository(env.repository))
    return _model(env, containers=[sagemaker.ContainerDefinition(image=image, **container)])


NAME_RULE = "must match ^[0-9A-Za-z-]{1,63}$ and must not start with a hyphen"
LONG = "x" * 1025
LONG_SHOWN = "x" * 77 + "..."

CASES: list[tuple[str, Callable[[Env], Any], str]] = [
    # --- Model: scope and id -------------------------------------------------------------------------------
    (
        "scope is a string",
        lambda e: sagemaker.Model("Stack", "Model", containers=[e.container]),
        "Model: scope must be a Construct (got str: Stack)",
    ),
    (
        "id is an int",
        lambda e: sagemaker.Model(e.stack, 5, containers=[e.container]),
        "Stack: id must be a non-empty string (got int: 5)",
    ),
    (
        "id is empty",
        lambda e: sagemaker.Model(e.stack, "", containers=[e.container]),
        "Stack: id must be a non-empty string (got str: '')",
    ),
    (
        "id is taken",
        lambda e: sagemaker.Model(e.stack, "Existing", containers=[e.container]),
        "Stack/Existing: There is already a construct with id 'Existing' in Stack",
    ),
    (
        "scope is the app",
        lambda e: sagemaker.Model(e.stack.node.scope, "Model", containers=[e.container]),
        "Model: Model must be created inside a TerraformStack",
    ),
    # --- Model: props -----------------------------------------------------------------------------------------
    (
        "containers is a string",
        lambda e: _model(e, containers="123.dkr.ecr/repo:tag"),
        "Stack/Model: containers must be a list (got str: 123.dkr.ecr/repo:tag)",
    ),
    (
        "a container is a dict",
        lambda e: _model(e, containers=[{"image": "uri"}]),
        "Stack/Model: containers[] must be a ContainerDefinition (got dict: {'image': 'uri'})",
    ),
    (
        "role is an ARN string",
        lambda e: _model(e, role=ARN),
        f"Stack/Model: role must be an IamRole or a DataAwsIamRole (got str: {ARN})",
    ),
    (
        "model_name starts with a hyphen",
        lambda e: _model(e, model_name="-model"),
        f"Stack/Model: model_name {NAME_RULE} (got '-model')",
    ),
    (
        "model_name is too long",
        lambda e: _model(e, model_name="m" * 64),
        f"Stack/Model: model_name {NAME_RULE} (got '{'m' * 64}')",
    ),
    (
        "model_name has an underscore",
        lambda e: _model(e, model_name="my_model"),
        f"Stack/Model: model_name {NAME_RULE} (got 'my_model')",
    ),
    (
        "model_name is an int",
        lambda e: _model(e, model_name=5),
        "Stack/Model: model_name must be a string (got int: 5)",
    ),
    (
        "network_isolation is a string",
        lambda e: _model(e, network_isolation="yes"),
        "Stack/Model: network_isolation must be a bool (got str: yes)",
    ),
    (
        "allow_all_outbound is an int",
        lambda e: _model(e, vpc=e.vpc, vpc_subnets=["subnet-1"], allow_all_outbound=1),
        "Stack/Model: allow_all_outbound must be a bool (got int: 1)",
    ),
    (
        "vpc is an id string",
        lambda e: _model(e, vpc="vpc-1", vpc_subnets=["subnet-1"]),
        "Stack/Model: vpc must be a Vpc or a DataAwsVpc (got str: vpc-1)",
    ),
    (
        "security groups without a vpc",
        lambda e: _model(e, security_groups=["sg-1"]),
        "Stack/Model: Cannot configure 'securityGroups' or 'allowAllOutbound' without configuring a VPC",
    ),
    (
        "subnets without a vpc",
        lambda e: _model(e, vpc_subnets=["subnet-1"]),
        "Stack/Model: Cannot configure 'vpc_subnets' without configuring a VPC",
    ),
    (
        "a vpc without subnets",
        lambda e: _model(e, vpc=e.vpc),
        "Stack/Model: vpc_subnets must list at least one subnet when vpc is given (Terraform cannot select subnets)",
    ),
    (
        "vpc_subnets is a string",
        lambda e: _model(e, vpc=e.vpc, vpc_subnets="subnet-1"),
        "Stack/Model: vpc_subnets must be a list (got str: subnet-1)",
    ),
    (
        "a subnet is an int",
        lambda e: _model(e, vpc=e.vpc, vpc_subnets=[5]),
        "Stack/Model: vpc_subnets must be Subnet resources or subnet-id strings (got 5)",
    ),
    (
        "a security group is a dict",
        lambda e: _model(e, vpc=e.vpc, vpc_subnets=["s"], security_groups=[{"id": 1}]),
        "Stack/Model: security groups must be SecurityGroup, DataAwsSecurityGroup or id strings (got {'id': 1})",
    ),
    (
        "groups and allow_all_outbound",
        lambda e: _model(e, vpc=e.vpc, vpc_subnets=["s"], security_groups=["sg-1"], allow_all_outbound=False),
        "Stack/Model: Configure 'allowAllOutbound' directly on the supplied SecurityGroups",
    ),
    # --- Model: what images and model data bind to -------------------------------------------------------------
    (
        "an image URI over 255 characters",
        lambda e: _with(e, image=_UriImage(sagemaker.ContainerImageConfig(image_name="i" * 256))),
        f"Stack/Model: image URI must be at most 255 characters (got 256: {'i' * 77}...)",
    ),
    (
        "an image bind returning a string",
        lambda e: _with(e, image=_UriImage("repo:tag")),
        "Stack/Model: _UriImage.bind must return a ContainerImageConfig (got repo:tag)",
    ),
    (
        "a model data URI that is not S3",
        lambda e: _with(e, model_data=_UriData(sagemaker.ModelDataConfig(uri="ftp://h/m"))),
        "Stack/Model: model data URI must be an s3:// or https:// URL (got ftp://h/m)",
    ),
    (
        "a model data bind returning None",
        lambda e: _with(e, model_data=_UriData(None)),
        "Stack/Model: _UriData.bind must return a ModelDataConfig (got None)",
    ),
    (
        "a DLC image in a region without DLCs",
        lambda e: _with(e, image=sagemaker.ContainerImage.from_dlc("r", "t")),
        "Stack/Model: no AWS Deep Learning Containers account is known for region 'xx-west-9'; "
        "pass account_id to ContainerImage.from_dlc",
    ),
    # --- Model methods -------------------------------------------------------------------------------------------
    (
        "add_container with a dict",
        lambda e: e.existing.add_container({"image": "uri"}),
        "Stack/Existing: container must be a ContainerDefinition (got dict: {'image': 'uri'})",
    ),
    (
        "add_to_role_policy with a dict",
        lambda e: e.existing.add_to_role_policy({"actions": ["s3:*"]}),
        "Stack/Existing: statement must be a PolicyStatement (got dict: {'actions': ['s3:*']})",
    ),
    (
        "connections without a vpc",
        lambda e: e.existing.connections,
        "Stack/Existing: Cannot manage network access without configuring a VPC",
    ),
    # --- imports ---------------------------------------------------------------------------------------------
    (
        "import: model_arn is not an ARN",
        lambda e: sagemaker.Model.from_model_arn(e.stack, "Imported", "model/x"),
        "Stack/Imported: model_arn must look like arn:<partition>:sagemaker:<region>:<account>:model/<name> "
        "(got model/x)",
    ),
    (
        "import: model_arn is an int",
        lambda e: sagemaker.Model.from_model_arn(e.stack, "Imported", 5),
        "Stack/Imported: model_arn must be a string (got int: 5)",
    ),
    (
        "import: model_name breaks the rule",
        lambda e: sagemaker.Model.from_model_name(e.stack, "Imported", "a_b"),
        f"Stack/Imported: model_name {NAME_RULE} (got 'a_b')",
    ),
    (
        "import: id is taken",
        lambda e: sagemaker.Model.from_model_name(e.stack, "Existing", "name"),
        "Stack/Existing: There is already a construct with id 'Existing' in Stack",
    ),
    (
        "import: role is a string",
        lambda e: sagemaker.Model.from_model_attributes(
            e.stack, "Imported", model_arn="arn:aws:sagemaker:us-east-1:123456789012:model/m", role=ARN
        ),
        f"Stack/Imported: role must be an IamRole or a DataAwsIamRole (got str: {ARN})",
    ),
    (
        "import: security_groups is a string",
        lambda e: sagemaker.Model.from_model_attributes(
            e.stack, "Imported", model_arn="arn:aws:sagemaker:us-east-1:123456789012:model/m", security_groups="sg-1"
        ),
        "Stack/Imported: security_groups must be a list (got str: sg-1)",
    ),
    # --- ContainerDefinition -----------------------------------------------------------------------------------
    (
        "container: image is a URI string",
        lambda e: sagemaker.ContainerDefinition(image="repo:tag"),
        "ContainerDefinition: image must be a ContainerImage (use a ContainerImage factory) (got str: repo:tag)",
    ),
    (
        "container: model_data is a URI string",
        lambda e: _with(e, model_data="s3://b/m.tar.gz"),
        "ContainerDefinition: model_data must be a ModelData (use a ModelData factory) (got str: s3://b/m.tar.gz)",
    ),
    (
        "container: environment is a string",
        lambda e: _with(e, environment="A=b"),
        "ContainerDefinition: environment must be a mapping of strings to strings (got str: A=b)",
    ),
    (
        "container: environment key starts with a digit",
        lambda e: _with(e, environment={"1A": "x"}),
        "ContainerDefinition: environment key must match ^[A-Za-z_][A-Za-z0-9_]*$ with at most 1024 characters "
        "(got '1A')",
    ),
    (
        "container: environment key has a hyphen",
        lambda e: _with(e, environment={"MY-KEY": "x"}),
        "ContainerDefinition: environment key must match ^[A-Za-z_][A-Za-z0-9_]*$ with at most 1024 characters "
        "(got 'MY-KEY')",
    ),
    (
        "container: environment key too long",
        lambda e: _with(e, environment={LONG: "x"}),
        "ContainerDefinition: environment key must match ^[A-Za-z_][A-Za-z0-9_]*$ with at most 1024 characters "
        f"(got '{LONG_SHOWN}')",
    ),
    (
        "container: environment key is an int",
        lambda e: _with(e, environment={1: "x"}),
        "ContainerDefinition: environment key must be a string (got int: 1)",
    ),
    (
        "container: environment value is an int",
        lambda e: _with(e, environment={"A": 1}),
        "ContainerDefinition: environment['A'] must be a string (got int: 1)",
    ),
    (
        "container: environment value too long",
        lambda e: _with(e, environment={"A": LONG}),
        "ContainerDefinition: environment['A'] must be at most 1024 characters (got 1025 characters)",
    ),
    (
        "container: hostname starts with a hyphen",
        lambda e: _with(e, container_hostname="-host"),
        "ContainerDefinition: container_hostname must be 1-63 alphanumerics or hyphens, starting and ending with an "
        "alphanumeric (got '-host')",
    ),
    (
        "container: hostname too long",
        lambda e: _with(e, container_hostname="h" * 64),
        "ContainerDefinition: container_hostname must be 1-63 alphanumerics or hyphens, starting and ending with an "
        f"alphanumeric (got '{'h' * 64}')",
    ),
    (
        "container: hostname is an int",
        lambda e: _with(e, container_hostname=1),
        "ContainerDefinition: container_hostname must be a string (got int: 1)",
    ),
    # --- images ----------------------------------------------------------------------------------------------
    (
        "ecr: repository is a name",
        lambda e: sagemaker.ContainerImage.from_ecr_repository("my-repo"),
        "ContainerImage.from_ecr_repository: repository must be an EcrRepository or a DataAwsEcrRepository "
        "(got str: my-repo)",
    ),
    (
        "ecr: tag is an int",
        lambda e: sagemaker.ContainerImage.from_ecr_repository(e.repository, 1),
        "ContainerImage.from_ecr_repository: tag must be a string (got int: 1)",
    ),
    (
        "ecr: tag is empty",
        lambda e: sagemaker.ContainerImage.from_ecr_repository(e.repository, ""),
        "ContainerImage.from_ecr_repository: tag must not be empty",
    ),
    (
        "dlc: repository_name is None",
        lambda e: sagemaker.ContainerImage.from_dlc(None, "t"),
        "ContainerImage.from_dlc: repository_name must be a string (got NoneType: None)",
    ),
    (
        "dlc: account_id is short",
        lambda e: sagemaker.ContainerImage.from_dlc("r", "t", account_id="123"),
        "ContainerImage.from_dlc: account_id must be 12 digits (got 123)",
    ),
    (
        "asset: directory is an int",
        lambda e: sagemaker.ContainerImage.from_asset(123),
        "ContainerImage.from_asset: directory must be a string (got int: 123)",
    ),
    (
        "asset: directory is missing",
        lambda e: sagemaker.ContainerImage.from_asset("no/such/dir"),
        "ContainerImage.from_asset: Cannot find image directory at no/such/dir",
    ),
    # --- model data ------------------------------------------------------------------------------------------
    (
        "bucket: bucket is a name",
        lambda e: sagemaker.ModelData.from_bucket("my-bucket", "m.tar.gz"),
        "ModelData.from_bucket: bucket must be an S3Bucket or a DataAwsS3Bucket (got str: my-bucket)",
    ),
    (
        "bucket: key starts with a slash",
        lambda e: sagemaker.ModelData.from_bucket(e.bucket, "/m.tar.gz"),
        "ModelData.from_bucket: object_key must be a non-empty key without a leading '/' (got '/m.tar.gz')",
    ),
    (
        "bucket: key is an int",
        lambda e: sagemaker.ModelData.from_bucket(e.bucket, 5),
        "ModelData.from_bucket: object_key must be a string (got int: 5)",
    ),
    (
        "asset: not a tar.gz",
        lambda e: sagemaker.ModelData.from_asset("model.zip"),
        "ModelData.from_asset: Asset must be a gzipped tar file with extension .tar.gz (model.zip)",
    ),
    (
        "asset: path is an int",
        lambda e: sagemaker.ModelData.from_asset(5),
        "ModelData.from_asset: path must be a string (got int: 5)",
    ),
    (
        "asset: file is missing",
        lambda e: sagemaker.ModelData.from_asset("no/such/model.tar.gz"),
        "ModelData.from_asset: Cannot find model data file at no/such/model.tar.gz",
    ),
    # --- PolicyStatement and InstanceType ----------------------------------------------------------------------
    (
        "statement: actions is a string",
        lambda e: sagemaker.PolicyStatement(actions="s3:GetObject", resources=["*"]),
        "PolicyStatement: actions must be a list (got str: s3:GetObject)",
    ),
    (
        "statement: actions is empty",
        lambda e: sagemaker.PolicyStatement(actions=[], resources=["*"]),
        "PolicyStatement: actions must not be empty",
    ),
    (
        "statement: a resource is an int",
        lambda e: sagemaker.PolicyStatement(actions=["s3:GetObject"], resources=[5]),
        "PolicyStatement: every entry of resources must be a non-empty string (got 5)",
    ),
    (
        "statement: effect is lower case",
        lambda e: sagemaker.PolicyStatement(actions=["a:b"], resources=["*"], effect="allow"),
        "PolicyStatement: effect must be 'Allow' or 'Deny' (got allow)",
    ),
    (
        "instance type is an int",
        lambda e: sagemaker.InstanceType.of(5),
        "InstanceType.of: instance type must be a string (got int: 5)",
    ),
    (
        "instance type lacks ml.",
        lambda e: sagemaker.InstanceType.of("m5.large"),
        "InstanceType.of: instance type must start with 'ml.'; (got m5.large)",
    ),
]


def _tree(stack: TerraformStack) -> list[str]:
    return [c.node.path for c in stack.node.find_all()]


@pytest.mark.parametrize(("case", "build", "message"), CASES, ids=[c[0] for c in CASES])
def test_bad_input_is_a_validation_error_naming_field_value_and_rule(
    case: str, build: Callable[[Env], Any], message: str
):
    env = _env("xx-west-9" if "DLC" in case else "us-east-1")
    before = _tree(env.stack)
    with pytest.raises(sagemaker.ValidationError) as caught:
        build(env)
    assert type(caught.value) is sagemaker.ValidationError
    assert str(caught.value) == message
    assert _tree(env.stack) == before, "a failed call left constructs behind"
    assert_references_resolve(synth(env.stack))


def test_an_int_where_a_timedelta_is_expected_is_named():
    with pytest.raises(sagemaker.ValidationError) as caught:
        check_duration("Stack/Scaling", "scale_in_cooldown", 300, 0, 3600)
    assert str(caught.value) == "Stack/Scaling: scale_in_cooldown must be a datetime.timedelta (got int: 300)"
    with pytest.raises(sagemaker.ValidationError) as caught:
        check_duration("Stack/Scaling", "scale_in_cooldown", datetime.timedelta(seconds=1.5), 0, 3600)
    assert str(caught.value) == (
        "Stack/Scaling: scale_in_cooldown must be a non-negative whole number of seconds (got datetime.timedelta(seconds=1, microseconds=500000))"
    )


def test_a_model_failing_on_its_second_container_leaves_no_grants_role_or_data_sources():
    env = _env("xx-west-9")
    dlc = sagemaker.ContainerDefinition(image=sagemaker.ContainerImage.from_dlc("pytorch-inference", "2.1"))
    before = _tree(env.stack)
    data_before = synth(env.stack).get("data", {})
    with pytest.raises(sagemaker.ValidationError, match="no AWS Deep Learning Containers account"):
        sagemaker.Model(env.stack, "Model", role=env.role, containers=[env.container, dlc])
    assert _tree(env.stack) == before

    doc = synth(env.stack)
    assert len(resources(doc, "aws_sagemaker_model")) == 1  # only Existing
    policies = doc["resource"].get("aws_iam_role_policy", {})
    assert [name for name in policies if name.startswith("UserRole")] == [], "the user's role kept grants"
    assert doc.get("data", {}) == data_before  # no data source the failed model looked up was left behind

    sagemaker.Model(env.stack, "Model", role=env.role, containers=[env.container])  # the id is free again
    doc = synth(env.stack)
    assert len(resources(doc, "aws_sagemaker_model")) == 2
    assert_references_resolve(doc)


def test_a_failed_add_container_restores_the_grants_and_keeps_the_model_whole():
    env = _env("xx-west-9")
    model = sagemaker.Model(env.stack, "Model", role=env.role, containers=[env.container])
    policy_before = synth(env.stack)["resource"]["aws_iam_role_policy"]
    bad = sagemaker.ContainerDefinition(
        image=_UriImage(sagemaker.ContainerImageConfig(image_name="i" * 256)),
        model_data=sagemaker.ModelData.from_bucket(env.bucket, "m.tar.gz"),
    )
    with pytest.raises(sagemaker.ValidationError, match="image URI must be at most 255 characters"):
        model.add_container(bad)
    doc = synth(env.stack)
    assert doc["resource"]["aws_iam_role_policy"] == policy_before
    models = resources(doc, "aws_sagemaker_model")
    assert [len(m.get("container") or m["primary_container"]) for m in models] == [1, 1]


def test_the_app_still_synthesizes_after_every_kind_of_failure():
    env = _env()
    for case, build, _message in CASES:
        if "DLC" in case:
            continue
        with pytest.raises(sagemaker.ValidationError):
            build(env)
    doc = synth(env.stack)
    assert len(resources(doc, "aws_sagemaker_model")) == 1
    assert_references_resolve(doc)


def _hosting_factories(env: Env) -> dict[str, Callable[[Any, Any], Any]]:
    props = sagemaker.InstanceProductionVariantProps(model=env.existing, variant_name="v")
    imported = sagemaker.EndpointConfig.from_endpoint_config_name(env.stack, "ImportedConfig", "cfg")
    return {
        "EndpointConfig": lambda scope, id: sagemaker.EndpointConfig(scope, id, instance_production_variants=[props]),
        "Endpoint": lambda scope, id: sagemaker.Endpoint(scope, id, endpoint_config=imported),
        "Alarm": lambda scope, id: sagemaker.Metric("AWS/SageMaker", "Invocations").create_alarm(
            scope, id, threshold=1, evaluation_periods=1
        ),
    }


@pytest.mark.parametrize("kind", ["EndpointConfig", "Endpoint", "Alarm"])
def test_hosting_constructs_name_a_duplicate_id(kind: str):
    env = _env()
    build = _hosting_factories(env)[kind]
    build(env.stack, "Same")
    with pytest.raises(sagemaker.ValidationError) as err:
        build(env.stack, "Same")
    assert type(err.value) is sagemaker.ValidationError
    assert str(err.value) == "Stack/Same: There is already a construct with id 'Same' in Stack"
    assert_references_resolve(synth(env.stack))


@pytest.mark.parametrize("kind", ["EndpointConfig", "Endpoint", "Alarm"])
def test_hosting_constructs_reject_a_string_scope(kind: str):
    env = _env()
    with pytest.raises(sagemaker.ValidationError) as err:
        _hosting_factories(env)[kind]("Stack", "X")
    assert str(err.value) == f"{kind}: scope must be a Construct (got str: Stack)"


def test_a_model_in_a_message_is_named_by_its_path_not_its_address():
    env = _env()
    with pytest.raises(sagemaker.ValidationError) as err:
        sagemaker.EndpointConfig(env.stack, "Config", instance_production_variants=[env.existing])  # type: ignore[list-item]
    assert "Model(Stack/Existing)" in str(err.value)
    assert " at 0x" not in str(err.value)


def test_nested_failures_roll_back_only_what_each_level_created():
    from sagemaker_tf import _aws_env
    from sagemaker_tf._runtime import tree as _tree

    env = _env()
    for made_by_existing in ("SagemakerTfRegion", "SagemakerTfCallerIdentity"):  # its role's log group ARNs
        env.stack.node.try_remove_child(made_by_existing)
        _tree._singletons.get(env.stack, {}).pop(made_by_existing, None)
    with pytest.raises(RuntimeError), _tree.undo_singletons_on_failure():
        _aws_env.region(env.stack)
        with _tree.undo_singletons_on_failure():
            _aws_env.caller_identity(env.stack)
        raise RuntimeError("outer fails")
    assert env.stack.node.try_find_child("SagemakerTfPartition") is not None  # made before, by the Existing model
    assert env.stack.node.try_find_child("SagemakerTfRegion") is None
    assert env.stack.node.try_find_child("SagemakerTfCallerIdentity") is None  # inner succeeded, outer failed
    assert _tree._open_journals == []
