"""IAM: policy statements, grants and the SageMaker execution role. The one place IAM JSON is built."""

from __future__ import annotations

import hashlib
import json
import re
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

from constructs import Construct

from . import _aws_env
from ._runtime.framework import (
    DataAwsIamRole,
    Fn,
    IamRole,
    IamRolePolicy,
    IamRolePolicyAttachment,
    Token,
)
from ._runtime.tokens import is_token, lazy_resolved_string
from ._runtime.tree import node_of
from ._validation import check_sequence, fail, show

RoleLike = IamRole | DataAwsIamRole
"""An IAM role a user passes in: an ``IamRole`` resource or a ``DataAwsIamRole`` data source."""

_ROLE_KINDS = (IamRole, DataAwsIamRole)
_GRANTS_ID = "SagemakerTfGrants"
_POLICY_VERSION = "2012-10-17"


@dataclass(frozen=True)
class PolicyStatement:
    """One IAM policy statement.

    Example::

        model.add_to_role_policy(sagemaker.PolicyStatement(
            actions=["s3:GetObject"], resources=["arn:aws:s3:::my-bucket/*"]))
    """

    actions: Sequence[str]
    resources: Sequence[str]
    effect: str = "Allow"

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

    def to_json(self) -> dict[str, Any]:
        """The statement as IAM policy JSON (single values are kept as lists for a stable shape)."""
        return {"Effect": self.effect, "Action": list(self.actions), "Resource": list(self.resources)}


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
_ROLE_ARN_RULE = re.compile(r"^arn:aws[a-z-]*:iam::\d{12}:role/(?:[\w+=,.@-]+/)*([\w+=,.@-]{1,64})$", re.ASCII)
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


def role_name_from_arn(where: Construct | str, role_arn: str) -> str:
    """The role name in an IAM role ARN (the last path segment); a Terraform expression for a token ARN.

    Example::

        role_name_from_arn("Endpoint", "arn:aws:iam::111111111111:role/service/consumer")  # "consumer"
    """
    if is_token(role_arn):
        return Token.as_string(Fn.regex("[^/]+$", role_arn))
    match = _ROLE_ARN_RULE.fullmatch(role_arn)
    if match is None:
        fail(where, f"grantee {_ROLE_ARN_TEXT} (got {show(role_arn)!r})")
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


def ecr_pull_statements(repository_arn: str) -> list[PolicyStatement]:
    """What a model role needs to pull an image from one ECR repository."""
    return [
        PolicyStatement(
            actions=["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"],
            resources=[repository_arn],
        ),
        PolicyStatement(actions=["ecr:GetAuthorizationToken"], resources=["*"]),
    ]


def s3_read_statements(bucket_arn: str, object_arn: str) -> list[PolicyStatement]:
    """What a model role needs to read one object (upstream's grantRead actions)."""
    return [PolicyStatement(actions=["s3:GetObject*", "s3:GetBucket*", "s3:List*"], resources=[bucket_arn, object_arn])]


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


def create_execution_role(scope: Construct, construct_id: str = "Role") -> IamRole:
    """An ``aws_iam_role`` trusting sagemaker.amazonaws.com with ``AmazonSageMakerFullAccess`` attached."""
    trust = json.dumps(
        {
            "Version": _POLICY_VERSION,
            "Statement": [
                {"Effect": "Allow", "Principal": {"Service": "sagemaker.amazonaws.com"}, "Action": "sts:AssumeRole"}
            ],
        },
        separators=(",", ":"),
    )
    role = IamRole(scope, construct_id, assume_role_policy=trust)
    partition = _aws_env.partition(scope).partition
    IamRolePolicyAttachment(
        role,
        "FullAccess",
        role=role.name,
        policy_arn=f"arn:{partition}:iam::aws:policy/AmazonSageMakerFullAccess",
    )
    return role


def role_dependency_addresses(role: RoleLike) -> list[str]:
    """The Terraform addresses (``type.name``) of :func:`role_dependencies`, for a rendered ``depends_on``.

    Example::

        render(resource, "depends_on", lambda: role_dependency_addresses(role) or None)
    """
    return [resource_address(dep) for dep in role_dependencies(role)]


# A provider class's Terraform type is a constant of the class: read it from the kernel once per class.
_resource_types: dict[type, str] = {}


def resource_address(resource: Any) -> str:
    """``type.name`` of a Terraform resource, for a rendered ``depends_on``.

    Example::

        resource_address(role)   # "aws_iam_role.Role"
    """
    kind = _resource_types.get(type(resource))
    if kind is None:
        kind = _resource_types[type(resource)] = resource.terraform_resource_type
    return f"{kind}.{resource.friendly_unique_id}"


def role_dependencies(role: RoleLike) -> list[Any]:
    """The role plus every policy resource attached under it (for a model's ``depends_on``)."""
    deps: list[Any] = [role] if isinstance(role, IamRole) else []
    for child in node_of(role).children:
        if isinstance(child, IamRolePolicyAttachment):
            deps.append(child)
        elif isinstance(child, _InlinePolicy):
            deps.append(child.resource)
    return deps
