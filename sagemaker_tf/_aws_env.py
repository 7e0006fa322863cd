"""AWS environment facts: the stack's partition / region / account data sources, ARNs (building and parsing),
the ARNs of KMS keys and SNS topics passed by reference, and the region/account of a resource's provider (the
Terraform analogue of upstream's account/region checks).

The data sources are per-stack singletons (``_runtime.tree.singleton``): a stack has one ``data.aws_partition``
however many constructs need it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from constructs import Construct

from ._runtime.checks import synth_pass_memo
from ._runtime.framework import (
    AwsProvider,
    DataAwsCallerIdentity,
    DataAwsKmsKey,
    DataAwsPartition,
    DataAwsRegion,
    DataAwsSnsTopic,
    Fn,
    KmsKey,
    SnsTopic,
    TerraformStack,
    Token,
)
from ._runtime.render import provider_and_region
from ._runtime.tokens import is_token
from ._runtime.tree import default_provider, path_of, singleton, stack_of
from ._validation import check_str, fail, show

_PARTITION_ID = "SagemakerTfPartition"
_REGION_ID = "SagemakerTfRegion"
_ACCOUNT_ID = "SagemakerTfCallerIdentity"
ARN_RULE = re.compile(
    r"^arn:(?P<partition>[^:\x00-\x1f]+):(?P<service>[^:\x00-\x1f]+):(?P<region>[^:\x00-\x1f]*)"
    r":(?P<account>[^:\x00-\x1f]*):(?P<rest>[^\x00-\x1f\x7f]+)$"
)


def partition(scope: Construct) -> DataAwsPartition:
    """The stack's ``data.aws_partition`` (partition and dns_suffix)."""
    return singleton(scope, _PARTITION_ID, DataAwsPartition)


def region(scope: Construct) -> DataAwsRegion:
    """The stack's ``data.aws_region`` (the default provider's region)."""
    return singleton(scope, _REGION_ID, DataAwsRegion)


def caller_identity(scope: Construct) -> DataAwsCallerIdentity:
    """The stack's ``data.aws_caller_identity`` (the account id)."""
    return singleton(scope, _ACCOUNT_ID, DataAwsCallerIdentity)


# The attribute tokens of the three data sources, per data source object: each read is a jsii kernel round trip,
# and every token read from one attribute resolves to the same reference, so one read per stack is enough.
_ATTRIBUTE_TOKENS = "_sagemaker_tf_attribute_tokens"


def _attribute(source: Any, name: str) -> str:
    tokens: dict[str, str] | None = source.__dict__.get(_ATTRIBUTE_TOKENS)
    if tokens is None:
        tokens = {}
        object.__setattr__(source, _ATTRIBUTE_TOKENS, tokens)
    value = tokens.get(name)
    if value is None:
        value = tokens[name] = getattr(source, name)
    return value


def partition_name(scope: Construct) -> str:
    """The stack's partition (a token for ``data.aws_partition.partition``).

    Example::

        f"arn:{partition_name(scope)}:s3:::my-bucket"
    """
    return _attribute(partition(scope), "partition")


def dns_suffix(scope: Construct) -> str:
    """The stack's DNS suffix (a token for ``data.aws_partition.dns_suffix``)."""
    return _attribute(partition(scope), "dns_suffix")


def current_region(scope: Construct) -> str:
    """The default provider's region (a token for ``data.aws_region.region``)."""
    return _attribute(region(scope), "region")


def current_account(scope: Construct) -> str:
    """The account Terraform runs as (a token for ``data.aws_caller_identity.account_id``)."""
    return _attribute(caller_identity(scope), "account_id")


def arn(
    scope: Construct,
    service: str,
    resource_type: str,
    resource_name: str,
    *,
    account: str | None = None,
    region_name: str | None = None,
    sep: str = "/",
) -> str:
    """``arn:${partition}:<service>:${region}:${account}:<type>/<name>`` from the stack's data sources."""
    part = partition_name(scope)
    reg = region_name if region_name is not None else current_region(scope)
    acct = account if account is not None else current_account(scope)
    return f"arn:{part}:{service}:{reg}:{acct}:{resource_type}{sep}{resource_name}"


def default_aws_provider(scope: Construct) -> AwsProvider | None:
    """The stack's AwsProvider without an alias, if the user configured one."""
    return default_provider(scope, AwsProvider)


def known_region(scope: Construct) -> str | None:
    """The default provider's region when it is a concrete string at synth, else None."""
    provider = default_aws_provider(scope)
    if provider is None:
        return None
    value = provider.region
    if not value or Token.is_unresolved(value):
        return None
    return value


# --- resources passed in by reference: KMS keys and SNS topics --------------------------------------------------

KmsKeyLike = KmsKey | DataAwsKmsKey | str
"""A KMS key a user passes in: a ``KmsKey`` resource, a ``DataAwsKmsKey`` data source or a key ARN string."""

TopicLike = SnsTopic | DataAwsSnsTopic | str
"""An SNS topic a user passes in: an ``SnsTopic`` resource, a ``DataAwsSnsTopic`` data source or a topic ARN."""

_KMS = (
    (KmsKey, DataAwsKmsKey),
    "a KmsKey, a DataAwsKmsKey or a key ARN string",
    re.compile(r"^arn:[^:\x00-\x20]+:kms:[^:\x00-\x20]*:[^:\x00-\x20]*:[^\x00-\x20]+$"),
    "a KMS key ARN arn:<partition>:kms:<region>:<account>:key/<id>",
)
_SNS = (
    (SnsTopic, DataAwsSnsTopic),
    "an SnsTopic, a DataAwsSnsTopic or a topic ARN string",
    re.compile(r"^arn:[^:\x00-\x20]+:sns:[^:\x00-\x20]+:[^:\x00-\x20]+:[^:\x00-\x20]+$"),
    "an SNS topic ARN arn:<partition>:sns:<region>:<account>:<name>",
)


def _arn_of(where: Construct | str, value: Any, field: str, kind: tuple[Any, str, re.Pattern[str], str]) -> str | None:
    classes, kinds_text, rule, rule_text = kind
    if value is None:
        return None
    if isinstance(value, classes):
        arn: str = value.arn
        return arn
    if isinstance(value, str) and value:
        if not is_token(value) and not rule.fullmatch(value):
            fail(where, f"{field} must be {rule_text} (got {show(value)!r})")
        return value
    fail(where, f"{field} must be {kinds_text} (got {type(value).__name__}: {show(value)})")


KMS_KEY_ARN_TEXT = "a KMS key ARN arn:<partition>:kms:<region>:<account>:key/<id>"
_KMS_KEY_ARN = re.compile(r"arn:aws[a-z-]*:kms:[a-z]{2,4}(?:-[a-z]+)+-\d+:\d{12}:key/[A-Za-z0-9-]{1,128}")
_KMS_ALIAS = re.compile(r"(?:arn:[^:]*:kms:[^:]*:[^:]*:)?alias/.*", re.DOTALL)
_KMS_WILDCARDS = ("*", "?")


def check_key_arn(where: Construct | str, field: str, value: str) -> str:
    """A KMS key ARN that a grant will name: one key, by its key ARN (tokens pass).

    An alias is refused: a policy statement on an alias ARN does not cover the key the alias points to, so the role
    could not use the key. A wildcard (``*``, ``?``) in the region, account or key id is refused: it would grant use
    of every matching key (``arn:aws:kms:*:*:*`` is every key in every account).

    Example::

        check_key_arn("DataCaptureConfig", "encryption_key", "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab")
    """
    if is_token(value):
        return value
    if _KMS_ALIAS.fullmatch(value):
        fail(
            where,
            f"{field} must be {KMS_KEY_ARN_TEXT}, not an alias: a policy on an alias ARN does not cover the key the "
            "alias points to, so the role could not use the key. Pass the key ARN (KmsKey.arn or "
            "DataAwsKmsKey(key_id='alias/...').arn), or grant the key ARNs yourself with a kms:RequestAlias "
            f"condition (got {show(value)!r})",
        )
    if any(wildcard in value for wildcard in _KMS_WILDCARDS):
        fail(
            where,
            f"{field} must be {KMS_KEY_ARN_TEXT} naming one key: no wildcard ('*' or '?') in the region, account or "
            f"key id, which would grant use of every matching key (got {show(value)!r})",
        )
    if not _KMS_KEY_ARN.fullmatch(value):
        fail(where, f"{field} must be {KMS_KEY_ARN_TEXT} (got {show(value)!r})")
    return value


def kms_key_arn(where: Construct | str, key: Any, field: str = "encryption_key") -> str | None:
    """The ARN of ``key`` (None stays None); a literal string must be one key's ARN (:func:`check_key_arn`: no
    alias, no wildcard), because the roles that use the key are granted on exactly that ARN.

    Example::

        kms_key_arn("Stack/Config", key, "core_dump_encryption_key")
    """
    if isinstance(key, str) and key:
        return check_key_arn(where, field, key)
    return _arn_of(where, key, field, _KMS)


def topic_arn(where: Construct | str, topic: Any, field: str) -> str | None:
    """The ARN of ``topic`` (None stays None); a literal string must look like an SNS topic ARN.

    Example::

        topic_arn("AsyncInferenceConfig", topic, "success_topic")
    """
    return _arn_of(where, topic, field, _SNS)


# --- AWS provider environment (the Terraform analogue of upstream's account/region checks) ---------------------


class Env:
    """Where a resource lives: its stack, its AWS provider (if it has its own resource) and what is known of the
    region and account at synth time.

    Only ``stack_path`` is computed up front (from Python caches). The provider facts cost jsii kernel round trips
    and are needed only when two stacks differ (at construction) or at synth, so they are read on first use;
    a provider's region, alias and ``allowed_account_ids`` can change after construction, so they are read each
    time, except within one synth-time validation pass, where each provider is read once (see
    ``_runtime.checks.synth_pass_memo``).
    """

    def __init__(self, stack_path: str, facts: Callable[[], tuple[str | None, str, str | None, str | None]]) -> None:
        self.stack_path = stack_path
        self._facts = facts
        self._known: tuple[str | None, str, str | None, str | None] | None = None

    def _get(self) -> tuple[str | None, str, str | None, str | None]:
        if self._known is None:
            self._known = self._facts()
        return self._known

    @property
    def provider_path(self) -> str | None:
        return self._get()[0]

    @property
    def provider_label(self) -> str:
        return self._get()[1]

    @property
    def region(self) -> str | None:
        return self._get()[2]

    @property
    def account(self) -> str | None:
        return self._get()[3]


def _literal(value: Any) -> str | None:
    return value if isinstance(value, str) and value and not is_token(value) else None


def _provider_facts(provider: AwsProvider | None) -> tuple[str | None, str, str | None]:
    """``(region, label, account)`` of an AWS provider: read from the kernel, once per synth validation pass."""
    if provider is None:
        return None, "aws (no provider configured)", None
    facts: tuple[str | None, str, str | None] = synth_pass_memo(
        ("aws-provider", id(provider)), lambda: _read_provider_facts(provider)
    )
    return facts


def _read_provider_facts(provider: AwsProvider) -> tuple[str | None, str, str | None]:
    alias = provider.alias
    ids = provider.allowed_account_ids
    account = _literal(ids[0]) if ids and len(ids) == 1 else None
    return _literal(provider.region), f"aws.{alias}" if alias else "aws", account


def env_of_provider(stack: TerraformStack, provider: Any, region_override: Any, owned: bool) -> Env:
    def facts() -> tuple[str | None, str, str | None, str | None]:
        aws = provider if isinstance(provider, AwsProvider) else None
        if aws is None and provider is None:
            aws = default_aws_provider(stack)
        provider_region, label, account = _provider_facts(aws)
        region = _literal(region_override) or provider_region
        return (path_of(aws) if aws is not None else None) if owned else None, label, region, account

    return Env(path_of(stack), facts)


def env_of_resource(resource: Any) -> Env:
    """The environment of a provider resource (its ``provider`` and ``region`` arguments, else the stack's)."""
    stack = stack_of(resource)

    def facts() -> tuple[str | None, str, str | None, str | None]:
        provider, region = provider_and_region(resource)
        return env_of_provider(stack, provider, region, owned=True)._get()

    return Env(path_of(stack), facts)


def env_of_scope(scope: Construct) -> Env:
    """The environment a new resource under ``scope`` gets by default (the stack's default AWS provider)."""
    return env_of_provider(stack_of(scope), None, None, owned=True)


def env_of_arn(scope: Construct, arn: str) -> Env:
    """The environment of an imported resource: what its ARN says, else the importing stack's default."""
    base = env_of_provider(stack_of(scope), None, None, owned=False)
    parts = split_arn(arn)
    if parts is None:
        return base

    def facts() -> tuple[str | None, str, str | None, str | None]:
        return None, base.provider_label, parts["region"] or base.region, parts["account"] or base.account

    return Env(base.stack_path, facts)


def env_mismatch(used: Env, user: Env, used_kind: str, user_kind: str) -> str | None:
    """Upstream's account/region message (or a provider message) when ``used`` cannot serve ``user``."""
    if used.account and user.account and used.account != user.account:
        return f"Cannot use {used_kind} in account {used.account} for {user_kind} in account {user.account}"
    if used.region and user.region and used.region != user.region:
        return f"Cannot use {used_kind} in region {used.region} for {user_kind} in region {user.region}"
    if (
        used.stack_path == user.stack_path
        and used.provider_path is not None
        and user.provider_path is not None
        and used.provider_path != user.provider_path
    ):
        return (
            f"Cannot use {used_kind} on AWS provider {used.provider_label} for {user_kind} on AWS provider "
            f"{user.provider_label}; use the same provider for both"
        )
    return None


def construction_mismatch(used: Env, user: Env, used_kind: str, user_kind: str) -> str | None:
    """The environment check at construction: only across stacks, as upstream.

    Within one stack the providers are usually assigned after construction (``resource.provider = ...``), so
    that comparison waits for synth (see the synth checks of EndpointConfig and Endpoint).
    """
    if used.stack_path == user.stack_path:
        return None
    return env_mismatch(used, user, used_kind, user_kind)


def split_arn(arn: str) -> dict[str, str] | None:
    """The parts of a literal ARN (partition, service, region, account, rest), or None for a token or a non-ARN.

    The one ARN parser of the package: every ARN check starts here.

    Example::

        split_arn("arn:aws:sagemaker:us-east-1:111111111111:endpoint/e")["rest"]  # "endpoint/e"
    """
    if is_token(arn):
        return None
    match = ARN_RULE.fullmatch(arn)
    return match.groupdict() if match else None


def name_from_arn(where: str, arn: Any, resource_type: str, name_rule: re.Pattern[str] | None = None) -> str:
    """The resource name of a SageMaker ARN ``arn:<partition>:sagemaker:<region>:<account>:<type>/<name>``.

    ``name_rule``, when given, must match the whole name. A token ARN is split in Terraform
    (``element(split("/", arn), 1)``).

    Example::

        name_from_arn("Stack/Imported", "arn:aws:sagemaker:us-east-1:111111111111:model/m", "model")  # "m"
    """
    field = f"{resource_type.replace('-', '_')}_arn"
    check_str(where, field, arn)
    if is_token(arn):
        return Token.as_string(Fn.element(Fn.split("/", arn), 1))
    parts = split_arn(arn)
    prefix = f"{resource_type}/"
    name = parts["rest"][len(prefix) :] if parts is not None else ""
    if (
        parts is None
        or parts["service"] != "sagemaker"
        or not parts["rest"].startswith(prefix)
        or not name
        or (name_rule is not None and not name_rule.fullmatch(name))
    ):
        fail(
            where,
            f"{field} must look like arn:<partition>:sagemaker:<region>:<account>:{resource_type}/<name> "
            f"(got {show(arn)})",
        )
    return name
