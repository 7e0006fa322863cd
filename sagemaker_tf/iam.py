"""IAM: policy statements, grants and the SageMaker execution role. The one place IAM JSON is built."""

from __future__ import annotations

import enum
import hashlib
import json
import re
import weakref
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

from constructs import Construct

from . import _aws_env
from ._aws_env import check_key_arn as check_key_arn
from ._runtime.checks import synths_started
from ._runtime.framework import (
    DataAwsIamRole,
    Fn,
    IamRole,
    IamRolePolicy,
    IamRolePolicyAttachment,
    Token,
)
from ._runtime.tokens import is_token, lazy_resolved_string, token_of
from ._runtime.tree import node_of
from ._validation import check_sequence, fail, show

RoleLike = IamRole | DataAwsIamRole
"""An IAM role a user passes in: an ``IamRole`` resource or a ``DataAwsIamRole`` data source."""

_ROLE_KINDS = (IamRole, DataAwsIamRole)
_GRANTS_ID = "SagemakerTfGrants"
_POLICY_VERSION = "2012-10-17"


ConditionValues = str | Sequence[str]
Conditions = Mapping[str, Mapping[str, ConditionValues]]
"""An IAM ``Condition`` block: operator -> condition key -> value or values."""


@dataclass(frozen=True)
class PolicyStatement:
    """One IAM policy statement; ``conditions`` is its ``Condition`` block (operator -> key -> values).

    Example::

        model.add_to_role_policy(sagemaker.PolicyStatement(
            actions=["s3:GetObject"], resources=["arn:aws:s3:::my-bucket/*"]))
        sagemaker.PolicyStatement(
            actions=["s3:ListBucket"], resources=["arn:aws:s3:::my-bucket"],
            conditions={"StringLike": {"s3:prefix": ["models/*"]}})
    """

    actions: Sequence[str]
    resources: Sequence[str]
    effect: str = "Allow"
    conditions: Conditions | None = None

    def __post_init__(self) -> None:
        where = "PolicyStatement"
        for name in ("actions", "resources"):
            items = check_sequence(where, name, getattr(self, name))
            if not items:
                fail(where, f"{name} must not be empty")
            for item in items:
                if not isinstance(item, str) or not item:
                    fail(where, f"every entry of {name} must be a non-empty string (got {show(item)})")
            object.__setattr__(self, name, tuple(items))
        if self.effect not in ("Allow", "Deny"):
            fail(where, f"effect must be 'Allow' or 'Deny' (got {show(self.effect)})")
        if self.conditions is not None:
            object.__setattr__(self, "conditions", _check_conditions(where, self.conditions))

    def __hash__(self) -> int:
        return hash((self.actions, self.resources, self.effect, json.dumps(self.conditions, sort_keys=True)))

    def to_json(self) -> dict[str, Any]:
        """The statement as IAM policy JSON (single values are kept as lists for a stable shape)."""
        out: dict[str, Any] = {"Effect": self.effect, "Action": list(self.actions), "Resource": list(self.resources)}
        if self.conditions:
            out["Condition"] = {
                op: {key: list(values) for key, values in keys.items()} for op, keys in self.conditions.items()
            }
        return out


def _check_conditions(where: str, conditions: Any) -> dict[str, dict[str, tuple[str, ...]]]:
    """``conditions``: a mapping of operators to mappings of condition keys to a string or strings."""
    if not isinstance(conditions, Mapping):
        fail(where, f"conditions must map operators to {{key: values}} (got {type(conditions).__name__})")
    out: dict[str, dict[str, tuple[str, ...]]] = {}
    for operator, keys in conditions.items():
        if not isinstance(operator, str) or not operator or not isinstance(keys, Mapping) or not keys:
            fail(where, f"conditions must map operators to non-empty {{key: values}} (got {show(operator)})")
        out[operator] = {}
        for key, values in keys.items():
            items = (
                (values,) if isinstance(values, str) else tuple(check_sequence(where, f"conditions[{key!r}]", values))
            )
            if not isinstance(key, str) or not key or not items or not all(isinstance(v, str) and v for v in items):
                fail(where, f"condition {show(key)} must have non-empty string values (got {show(values)})")
            out[operator][key] = items
    return out


@dataclass(frozen=True)
class Grant:
    """The result of a grant: which role received which statements.

    ``success`` is False when the grantee has no role (an imported model without ``role``); nothing was added.

    Example::

        grant = endpoint.grant_invoke(consumer_role)
        assert grant.success
    """

    statements: tuple[PolicyStatement, ...]
    role: RoleLike | None = None
    success: bool = True
    role_arn: str | None = None
    """The role ARN the grant went to when the grantee was an ARN string (``role`` is None then)."""


@runtime_checkable
class IGrantable(Protocol):
    """Anything with a role that grants can be added to (a Model, imported or not)."""

    def add_to_role_policy(self, statement: PolicyStatement) -> None: ...


Grantee = IGrantable | IamRole | DataAwsIamRole | str
"""Who a grant goes to: a Model (any :class:`IGrantable`), an ``IamRole``, a ``DataAwsIamRole``, or an IAM role ARN
string (such as a Lambda function's ``role`` attribute)."""

# arn:<partition>:iam::<account>:role/<path/>name (IAM: path segments and the name use [\w+=,.@-]; name <= 64).
# The parts of a role ARN after _aws_env.split_arn: arn:aws*:iam::<12 digits>:role/<path/>name.
_ROLE_PARTITION = re.compile(r"aws[a-z-]*")
_ROLE_ACCOUNT = re.compile(r"\d{12}", re.ASCII)
_ROLE_PATH = re.compile(r"role/(?:[\w+=,.@-]+/)*([\w+=,.@-]{1,64})", re.ASCII)
_ROLE_ARN_TEXT = "a role ARN must look like arn:<partition>:iam::<account>:role/<path/>name"


def check_role(scope: Construct | str, field_name: str, role: Any) -> RoleLike:
    """Fail unless ``role`` is an ``IamRole`` or ``DataAwsIamRole``."""
    if not isinstance(role, _ROLE_KINDS):
        fail(scope, f"{field_name} must be an IamRole or a DataAwsIamRole (got {type(role).__name__}: {show(role)})")
    return role


def _policy_json(resolved_statements: list[Any]) -> str:
    """The policy document of resolved statements; equal statements (made from different token strings) collapse."""
    unique: dict[str, dict[str, Any]] = {}
    for resolved in resolved_statements:
        unique.setdefault(json.dumps(resolved, sort_keys=True), resolved)
    return json.dumps({"Version": _POLICY_VERSION, "Statement": list(unique.values())}, separators=(",", ":"))


# Each role's grants policy, kept in Python: looking it up in the construct tree (``try_find_child``) is a jsii
# kernel round trip per grant. The policy is only created and removed here.
_policies: weakref.WeakKeyDictionary[RoleLike, _InlinePolicy] = weakref.WeakKeyDictionary()


class _GrantsPolicy(Construct):
    """An inline ``aws_iam_role_policy`` on the role ``role_name`` whose document is its statements, resolved and
    de-duplicated at synth."""

    def __init__(self, scope: Construct, id: str, role_name: str) -> None:
        super().__init__(scope, id)
        self.statements: list[PolicyStatement] = []
        self.resource = IamRolePolicy(
            self,
            "Resource",
            role=role_name,
            policy=lazy_resolved_string(lambda: [s.to_json() for s in self.statements], _policy_json),
        )

    def add(self, statement: PolicyStatement) -> None:
        """Add ``statement`` unless an equal one is already there."""
        if statement not in self.statements:
            self.statements.append(statement)


class _InlinePolicy(_GrantsPolicy):
    """The single inline ``aws_iam_role_policy`` that holds every grant sagemaker_tf makes to one role."""

    def __init__(self, role: RoleLike) -> None:
        super().__init__(role, _GRANTS_ID, role.name)
        _policies[role] = self

    @staticmethod
    def find(role: RoleLike) -> _InlinePolicy | None:
        """The role's grants policy, if it has one."""
        return _policies.get(role)

    @staticmethod
    def of(role: RoleLike) -> _InlinePolicy:
        """The role's grants policy, created on first use."""
        return _policies.get(role) or _InlinePolicy(role)


def grants_checkpoint(role: RoleLike) -> Callable[[], None]:
    """Remember ``role``'s grants now; the returned function restores them (used when a construction fails)."""
    found = _InlinePolicy.find(role)
    if found is not None:
        saved = list(found.statements)

        def restore() -> None:
            found.statements[:] = saved

        return restore

    def remove() -> None:
        if _policies.pop(role, None) is not None:
            node_of(role).try_remove_child(_GRANTS_ID)

    return remove


def add_to_role(role: RoleLike, statement: PolicyStatement) -> IamRolePolicy:
    """Add ``statement`` to ``role``'s inline grants policy; return the policy resource."""
    policy = _InlinePolicy.of(role)
    policy.add(statement)
    return policy.resource


def role_name_from_arn(where: Construct | str, role_arn: str, field_name: str = "grantee") -> str:
    """The role name in an IAM role ARN (the last path segment); a Terraform expression for a token ARN.

    ``field_name`` is the prop the ARN came from, named in the error.

    Example::

        role_name_from_arn("Endpoint", "arn:aws:iam::111111111111:role/service/consumer")  # "consumer"
    """
    if is_token(role_arn):
        return Token.as_string(Fn.regex("[^/]+$", role_arn))
    parts = _aws_env.split_arn(role_arn)
    match = (
        _ROLE_PATH.fullmatch(parts["rest"])
        if parts is not None
        and parts["service"] == "iam"
        and not parts["region"]
        and _ROLE_PARTITION.fullmatch(parts["partition"])
        and _ROLE_ACCOUNT.fullmatch(parts["account"])
        else None
    )
    if match is None:
        fail(where, f"{field_name} {_ROLE_ARN_TEXT} (got {show(role_arn)!r})")
    return match.group(1)


class _ArnRolePolicy(_GrantsPolicy):
    """The inline ``aws_iam_role_policy`` holding one grantor's grants to a role known only by its ARN."""


_arn_policies: weakref.WeakKeyDictionary[Construct, dict[str, _ArnRolePolicy]] = weakref.WeakKeyDictionary()


def _grant_to_role_arn(where: Construct | str, role_arn: str, statements: Sequence[PolicyStatement]) -> Grant:
    role_name = role_name_from_arn(where, role_arn)
    if isinstance(where, str):
        fail(where, "a role ARN grantee needs a construct to hold its policy")
    policies = _arn_policies.setdefault(where, {})
    policy = policies.get(role_arn)
    if policy is None:
        # A literal ARN names its policy by a hash of the ARN; a token ARN by its order among this grantor's
        # token grantees (a token's text depends on how many tokens the app made before it).
        suffix = (
            f"Token{sum(1 for arn in policies if is_token(arn))}"
            if is_token(role_arn)
            else hashlib.sha256(role_arn.encode()).hexdigest()[:8]
        )
        policy = policies[role_arn] = _ArnRolePolicy(where, f"RoleArnGrant{suffix}", role_name)
    for statement in statements:
        policy.add(statement)
    return Grant(tuple(statements), None, role_arn=role_arn)


def grant(grantee: Grantee, statements: Sequence[PolicyStatement], *, where: Construct | str) -> Grant:
    """Grant ``statements`` to a Model (any IGrantable), an IAM role, or a role given by its ARN."""
    if isinstance(grantee, str):
        return _grant_to_role_arn(where, grantee, statements)
    if isinstance(grantee, IGrantable) and not isinstance(grantee, _ROLE_KINDS):
        for statement in statements:
            grantee.add_to_role_policy(statement)
        role = getattr(grantee, "role", None)
        return Grant(tuple(statements), role, success=role is not None)
    role = _check_grantee(where, grantee)
    for statement in statements:
        add_to_role(role, statement)
    return Grant(tuple(statements), role)


def _check_grantee(where: Construct | str, grantee: Any) -> RoleLike:
    if not isinstance(grantee, _ROLE_KINDS):
        fail(
            where,
            "grantee must be a Model, an IamRole, a DataAwsIamRole or a role ARN string "
            f"(got {type(grantee).__name__})",
        )
    return grantee


# Grant inputs: what a user names in a grant must name exactly that, or the grant covers more than they meant. A
# KMS key string is checked where keys passed by reference are read (``_aws_env.check_key_arn``).
_WILDCARDS = ("*", "?")


def check_s3_grant_part(where: Construct | str, field: str, value: str) -> str:
    """An S3 bucket name, key or prefix that a grant will name: no ``*`` or ``?``, which IAM reads as wildcards and
    would widen the grant to every matching object (tokens pass).

    Example::

        check_s3_grant_part("ModelData.from_bucket", "object_key", "models/model.tar.gz")
    """
    if not is_token(value) and any(wildcard in value for wildcard in _WILDCARDS):
        fail(
            where,
            f"{field} must not contain '*' or '?': IAM reads them as wildcards, so the grant would cover every "
            f"matching object, not this one (got {show(value)!r})",
        )
    return value


def ecr_pull_statements(repository_arn: str) -> list[PolicyStatement]:
    """What a model role needs to pull an image from one ECR repository."""
    return [
        PolicyStatement(
            actions=["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"],
            resources=[repository_arn],
        ),
        PolicyStatement(actions=["ecr:GetAuthorizationToken"], resources=["*"]),
    ]


def s3_read_statements(bucket_arn: str, key: str, *, prefix: bool = False) -> list[PolicyStatement]:
    """What a model role needs to read one object ``key`` (or, with ``prefix=True``, every object under ``key``) of
    one bucket: ``s3:GetObject`` on exactly that, and ``s3:ListBucket`` on the bucket for that key or prefix only.

    Example::

        s3_read_statements("arn:aws:s3:::b", "models/model.tar.gz")
        s3_read_statements("arn:aws:s3:::b", "llama/", prefix=True)
    """
    pattern = f"{key}*" if prefix else key
    operator = "StringLike" if prefix else "StringEquals"
    return [
        PolicyStatement(actions=["s3:GetObject"], resources=[f"{bucket_arn}/{pattern}"]),
        PolicyStatement(
            actions=["s3:ListBucket"], resources=[bucket_arn], conditions={operator: {"s3:prefix": [pattern]}}
        ),
    ]


def s3_write_statements(bucket_arn: str, objects_arn: str) -> list[PolicyStatement]:
    """What a model role needs to write objects under one prefix (``objects_arn`` ends in ``/*``) of one bucket.

    Example::

        s3_write_statements("arn:aws:s3:::b", "arn:aws:s3:::b/capture/*")
    """
    return [
        PolicyStatement(actions=["s3:PutObject", "s3:AbortMultipartUpload"], resources=[objects_arn]),
        PolicyStatement(actions=["s3:GetBucketLocation"], resources=[bucket_arn]),
    ]


def kms_encrypt_statements(key_arn: str) -> list[PolicyStatement]:
    """What a model role needs to write objects encrypted with one KMS key (and read them back).

    Example::

        kms_encrypt_statements("arn:aws:kms:us-east-1:111111111111:key/k")
    """
    return [PolicyStatement(actions=["kms:Encrypt", "kms:GenerateDataKey*", "kms:Decrypt"], resources=[key_arn])]


def sns_publish_statements(topic_arns: Sequence[str]) -> list[PolicyStatement]:
    """What a model role needs to publish to the given SNS topics (none: no statement).

    Example::

        sns_publish_statements(["arn:aws:sns:us-east-1:111111111111:done"])
    """
    return [PolicyStatement(actions=["sns:Publish"], resources=list(topic_arns))] if topic_arns else []


class RoleAccess(enum.StrEnum):
    """What the execution role a Model creates may do.

    ``SCOPED`` (the default): only what the model uses, as AWS lists it for CreateModel: CloudWatch Logs on the
    ``/aws/sagemaker/*`` log groups, ``cloudwatch:PutMetricData`` in the ``/aws/sagemaker/*`` namespaces, ECR pull
    on its images' repositories, ``s3:GetObject`` on its artifacts, KMS use of its keys, and the EC2
    network-interface actions when it runs in a VPC. ``FULL_ACCESS``: the same plus the AWS managed policy
    ``AmazonSageMakerFullAccess`` (upstream's behaviour).

    Example::

        sagemaker.Model(stack, "Model", containers=[...], role_access=sagemaker.RoleAccess.FULL_ACCESS)
    """

    SCOPED = "Scoped"
    FULL_ACCESS = "FullAccess"


SAGEMAKER_FULL_ACCESS = "AmazonSageMakerFullAccess"
_SERVICE = "sagemaker.amazonaws.com"


def check_role_access(where: Construct | str, value: Any) -> RoleAccess:
    """``role_access``: a RoleAccess (or its value, "Scoped" / "FullAccess")."""
    if isinstance(value, RoleAccess):
        return value
    if isinstance(value, str) and value in {a.value for a in RoleAccess}:
        return RoleAccess(value)
    fail(
        where,
        f"role_access must be RoleAccess.SCOPED or RoleAccess.FULL_ACCESS (got {type(value).__name__}: {show(value)})",
    )


def trust_policy(scope: Construct) -> str:
    """The execution role's trust policy: ``sagemaker.amazonaws.com`` may assume it for SageMaker resources of this
    stack's account and region only (``aws:SourceArn``, the confused-deputy condition AWS documents for real-time,
    serverless and asynchronous inference: ``arn:<partition>:sagemaker:<region>:<account>:*``).

    Example::

        IamRole(stack, "Role", assume_role_policy=trust_policy(stack))
    """
    source = _aws_env.arn(scope, "sagemaker", "", "*", sep="")
    statement = {
        "Effect": "Allow",
        "Principal": {"Service": _SERVICE},
        "Action": "sts:AssumeRole",
        "Condition": {"ArnLike": {"aws:SourceArn": source}},
    }
    return json.dumps({"Version": _POLICY_VERSION, "Statement": [statement]}, separators=(",", ":"))


def baseline_statements(scope: Construct) -> list[PolicyStatement]:
    """What every SageMaker execution role needs whatever the model runs (AWS "CreateModel API: execution role
    permissions"), each scoped: CloudWatch Logs on the ``/aws/sagemaker/*`` log groups of this stack's account and
    region, and ``cloudwatch:PutMetricData`` only into ``/aws/sagemaker/*`` namespaces (``PutMetricData`` has no
    resource-level permissions, so the namespace condition is its only scope).

    Images, model data, keys and VPC access add their own statements when a model uses them.

    Example::

        for statement in baseline_statements(stack):
            add_to_role(role, statement)
    """
    log_groups = _aws_env.arn(scope, "logs", "log-group", "/aws/sagemaker/*", sep=":")
    return [
        PolicyStatement(
            actions=["logs:CreateLogGroup", "logs:CreateLogStream", "logs:DescribeLogStreams"],
            resources=[log_groups],
        ),
        PolicyStatement(actions=["logs:PutLogEvents"], resources=[f"{log_groups}:log-stream:*"]),
        PolicyStatement(
            actions=["cloudwatch:PutMetricData"],
            resources=["*"],
            conditions={"StringLike": {"cloudwatch:namespace": ["/aws/sagemaker/*"]}},
        ),
    ]


def vpc_statements(
    scope: Construct, vpc_arn: str, subnet_arns: Sequence[str], security_group_arns: Sequence[str]
) -> list[PolicyStatement]:
    """What a model in a VPC needs (AWS "CreateModel API: execution role permissions", private VPC): create its
    network interfaces only in ``subnet_arns`` with ``security_group_arns``, manage only network interfaces in
    ``vpc_arn`` (the ``ec2:Vpc`` condition the IAM service authorization reference lists for those actions), and
    the Describe calls, which have no resource-level permissions.

    Example::

        vpc_statements(stack, vpc.arn, [subnet.arn], [group.arn])
    """
    interfaces = _aws_env.arn(scope, "ec2", "network-interface", "*")
    return [
        PolicyStatement(
            actions=["ec2:CreateNetworkInterface"], resources=[interfaces, *subnet_arns, *security_group_arns]
        ),
        PolicyStatement(
            actions=[
                "ec2:CreateNetworkInterfacePermission",
                "ec2:DeleteNetworkInterface",
                "ec2:DeleteNetworkInterfacePermission",
            ],
            resources=[interfaces],
            conditions={"ArnEquals": {"ec2:Vpc": [vpc_arn]}},
        ),
        PolicyStatement(
            actions=[
                "ec2:DescribeNetworkInterfaces",
                "ec2:DescribeVpcs",
                "ec2:DescribeDhcpOptions",
                "ec2:DescribeSubnets",
                "ec2:DescribeSecurityGroups",
            ],
            resources=["*"],
        ),
    ]


def security_group_statements(security_group_arns: Sequence[str]) -> list[PolicyStatement]:
    """What a model in a VPC needs for security groups added after it was built: create its network interfaces
    with them.

    Example::

        security_group_statements([extra_group.arn])
    """
    groups = list(security_group_arns)
    return [PolicyStatement(actions=["ec2:CreateNetworkInterface"], resources=groups)] if groups else []


@dataclass(frozen=True)
class ExecutionRole:
    """The role a SageMaker resource runs as, made or adopted by :func:`execution_role`.

    ``role`` is the ``IamRole`` / ``DataAwsIamRole`` (None when the role was given as an ARN string); ``arn`` is
    its ARN for the resource's ``execution_role_arn``. :meth:`add` grants a statement to it (into its one inline
    grants policy), and :meth:`dependencies` lists what a resource using it must ``depends_on`` so the IAM
    exists before SageMaker assumes the role.

    Example::

        execution = execution_role(config, "ExecutionRole")
        execution.add(PolicyStatement(actions=["s3:GetObject"], resources=[f"{bucket.arn}/models/*"]))
        resource.execution_role_arn = execution.arn
    """

    role: RoleLike | None
    arn: str
    grantor: Construct
    made: tuple[Any, ...] | None = None  # the attachments made under a role created here; None: an adopted role

    def add(self, statement: PolicyStatement) -> None:
        """Grant ``statement`` to the role (equal statements are kept once)."""
        if self.role is not None:
            add_to_role(self.role, statement)
        else:
            _grant_to_role_arn(self.grantor, self.arn, [statement])

    def dependencies(self, *, attachments: bool = True) -> list[Any]:
        """The role and every policy resource on it that a resource using it must ``depends_on``.

        For a role created here that is known in Python. For an adopted role, its children are read (one kernel
        round trip) so that policies attached under it before this call are included; with ``attachments=False``
        they are left out, for a resource that renders them at synth (:func:`attachments_under`).
        """
        if self.role is None:
            by_arn = _arn_policies.get(self.grantor, {}).get(self.arn)
            return [by_arn.resource] if by_arn is not None else []
        if self.made is None and attachments:
            return role_dependencies(self.role)
        inline = _InlinePolicy.find(self.role)
        role_itself = [self.role] if isinstance(self.role, IamRole) else []
        return [*role_itself, *(self.made or ()), *([inline.resource] if inline is not None else [])]


def execution_role(
    scope: Construct,
    id: str = "Role",
    *,
    role: RoleLike | str | None = None,
    access: RoleAccess = RoleAccess.SCOPED,
) -> ExecutionRole:
    """The execution role of a SageMaker resource built under ``scope``, with the scoped baseline granted.

    Without ``role``: an ``aws_iam_role`` ``id`` under ``scope`` whose trust policy is :func:`trust_policy`, with
    :func:`baseline_statements` in its inline grants policy, and ``AmazonSageMakerFullAccess`` attached when
    ``access`` is ``RoleAccess.FULL_ACCESS``. With ``role`` (an ``IamRole``, a ``DataAwsIamRole`` or a role ARN
    string): the same baseline goes into an inline policy on that role; the policies its owner attached stay as
    they are, and ``access`` must be ``SCOPED`` (attaching a managed policy to someone else's role is theirs to do).

    Images, model data, keys and VPC access are granted through :meth:`ExecutionRole.add` by what uses them.

    Example::

        execution = execution_role(model, "Role")                          # created, scoped
        execution = execution_role(model, "Role", role=my_role)             # adopted: baseline added
        execution = execution_role(config, "Role", role="arn:aws:iam::111122223333:role/serving")
    """
    access = check_role_access(scope, access)
    if role is None:
        created = IamRole(scope, id, assume_role_policy=trust_policy(scope))
        made: tuple[Any, ...] = ()
        if access is RoleAccess.FULL_ACCESS:
            attachment = IamRolePolicyAttachment(
                created,
                "FullAccess",
                role=created.name,
                policy_arn=f"arn:{_aws_env.partition_name(scope)}:iam::aws:policy/{SAGEMAKER_FULL_ACCESS}",
            )
            made = (attachment,)
        adopted = ExecutionRole(created, created.arn, scope, made)
    else:
        if access is not RoleAccess.SCOPED:
            fail(
                scope,
                "role_access=RoleAccess.FULL_ACCESS applies to the role sagemaker_tf creates; a role you pass keeps "
                f"the policies you attached (attach {SAGEMAKER_FULL_ACCESS} to it yourself if you want it)",
            )
        if isinstance(role, str):
            role_name_from_arn(scope, role)  # checks a literal ARN's shape
            adopted = ExecutionRole(None, role, scope)
        else:
            checked = check_role(scope, "role", role)
            adopted = ExecutionRole(checked, token_of(checked, "arn"), scope)
    for statement in baseline_statements(scope):
        adopted.add(statement)
    return adopted


# The policy attachments under each adopted role, read once per synth however many models use the role.
_attachments: weakref.WeakKeyDictionary[Any, list[Any]] = weakref.WeakKeyDictionary()
_attachments_synth = [-1]


def attachments_under(role: RoleLike) -> list[Any]:
    """The ``aws_iam_role_policy_attachment`` resources scoped under ``role``, read once per synth.

    For a model's synth-time ``depends_on``: a role you pass may get attachments after the model is created.

    Example::

        render(model.resource, "depends_on", lambda: [resource_address(a) for a in attachments_under(role)] or None)
    """
    if _attachments_synth[0] != synths_started():
        _attachments.clear()
        _attachments_synth[0] = synths_started()
    found = _attachments.get(role)
    if found is None:
        found = _attachments[role] = [c for c in node_of(role).children if isinstance(c, IamRolePolicyAttachment)]
    return found


def role_dependencies(role: RoleLike) -> list[Any]:
    """The role plus every policy resource attached under it (for a model's ``depends_on``)."""
    deps: list[Any] = [role] if isinstance(role, IamRole) else []
    for child in node_of(role).children:
        if isinstance(child, IamRolePolicyAttachment):
            deps.append(child)
        elif isinstance(child, _InlinePolicy):
            deps.append(child.resource)
    return deps
