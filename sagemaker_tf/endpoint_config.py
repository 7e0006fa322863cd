"""Endpoint configurations: production variant props, the EndpointConfig construct and its imports.

An ``EndpointConfig`` renders one ``aws_sagemaker_endpoint_configuration``. Without ``endpoint_config_name`` it
gets a deterministic ``name_prefix`` and ``create_before_destroy``, so a change to any variant (or to a model it
hosts) creates a new configuration first, the endpoint is pointed at it, and only then is the old one deleted.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Sequence, Union

from constructs import Construct

from . import _stack
from ._framework import (
    AwsProvider,
    DataAwsKmsKey,
    Fn,
    KmsKey,
    SagemakerEndpointConfiguration,
    TerraformResourceLifecycle,
    TerraformStack,
    Token,
)
from ._validation import (
    add_synth_check,
    check_resource_name,
    check_sequence,
    check_str,
    check_type,
    construct_location,
    fail,
    is_token,
    join_errors,
    name_prefix_for,
    show,
)
from .instance_type import AcceleratorType, InstanceType
from .model import IModel, Model, lazy

KmsKeyLike = Union[KmsKey, DataAwsKmsKey, str]
"""A KMS key a user passes in: a ``KmsKey`` resource, a ``DataAwsKmsKey`` data source or a key ARN string."""

MAX_INSTANCE_VARIANTS = 10
SERVERLESS_MEMORY_SIZES = (1024, 2048, 3072, 4096, 5120, 6144)
_VARIANT_NAME_RULE = re.compile(r"^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$")
_VARIANT_NAME_TEXT = "variant_name must match ^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$"
_KMS_ARN_RULE = re.compile(r"^arn:[^:]+:kms:[^:]*:[^:]*:.+$")
_ARN_RULE = re.compile(
    r"^arn:(?P<partition>[^:]+):(?P<service>[^:]+):(?P<region>[^:]*):(?P<account>[^:]*):(?P<rest>.+)$"
)
_MODEL_KINDS = "an IModel (a Model, or Model.from_model_arn / from_model_name / from_model_attributes)"


# --- props ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class InstanceProductionVariantProps:
    """One instance-backed production variant of an endpoint config.

    Defaults (upstream's): 1 instance of ``ml.t2.medium`` with weight 1.0. A weight of ``0`` is kept as ``0``
    (the variant gets no traffic until its weight is raised; AWS accepts 0). Upstream turns 0 into 1.0; we don't,
    because a user who writes 0 means 0. ``container_startup_health_check_timeout`` is 60-3600 s.

    Example::

        sagemaker.InstanceProductionVariantProps(
            model=model, variant_name="variantA", instance_type=sagemaker.InstanceType.M5_LARGE,
            initial_instance_count=2, initial_variant_weight=2.0)
    """

    model: IModel
    variant_name: str
    initial_variant_weight: float | None = None
    instance_type: InstanceType | None = None
    initial_instance_count: int | None = None
    accelerator_type: AcceleratorType | None = None
    container_startup_health_check_timeout: timedelta | None = None

    def __post_init__(self) -> None:
        where = "InstanceProductionVariantProps"
        _check_common_types(where, self.model, self.variant_name, self.initial_variant_weight)
        if self.instance_type is not None:
            check_type(where, "instance_type", self.instance_type, (InstanceType,),
                       "an InstanceType (e.g. InstanceType.M5_LARGE or InstanceType.of('ml.m5.large'))")
        if self.initial_instance_count is not None and not is_token(self.initial_instance_count):
            check_type(where, "initial_instance_count", self.initial_instance_count, (int,), "a whole number")
        if self.accelerator_type is not None:
            check_type(where, "accelerator_type", self.accelerator_type, (AcceleratorType,),
                       "an AcceleratorType (e.g. AcceleratorType.EIA2_MEDIUM)")
        if self.container_startup_health_check_timeout is not None:
            check_type(where, "container_startup_health_check_timeout", self.container_startup_health_check_timeout,
                       (timedelta,), "a datetime.timedelta")


@dataclass(frozen=True, kw_only=True)
class ServerlessProductionVariantProps:
    """The single serverless production variant of an endpoint config.

    ``max_concurrency`` 1-200; ``memory_size_in_mb`` one of 1024, 2048, 3072, 4096, 5120, 6144;
    ``provisioned_concurrency`` 1-200 and at most ``max_concurrency``. The weight defaults to 1.0 (0 stays 0).

    Example::

        sagemaker.ServerlessProductionVariantProps(
            model=model, variant_name="serverless", max_concurrency=10, memory_size_in_mb=2048,
            provisioned_concurrency=2)
    """

    model: IModel
    variant_name: str
    max_concurrency: int
    memory_size_in_mb: int
    provisioned_concurrency: int | None = None
    initial_variant_weight: float | None = None

    def __post_init__(self) -> None:
        where = "ServerlessProductionVariantProps"
        _check_common_types(where, self.model, self.variant_name, self.initial_variant_weight)
        for field_name in ("max_concurrency", "memory_size_in_mb", "provisioned_concurrency"):
            value = getattr(self, field_name)
            if value is not None and not is_token(value):
                check_type(where, field_name, value, (int,), "a whole number")


def _check_common_types(where: str, model: Any, variant_name: Any, weight: Any) -> None:
    check_type(where, "model", model, (IModel,), _MODEL_KINDS)
    check_str(where, "variant_name", variant_name)
    if weight is not None and not is_token(weight):
        check_type(where, "initial_variant_weight", weight, (int, float), "a number")


# --- resolved variants (what the config keeps and the endpoint reads) -------------------------------------------


@dataclass(frozen=True)
class _InstanceVariant:
    """An instance variant with upstream's defaults applied."""

    model: IModel
    variant_name: str
    initial_variant_weight: float
    instance_type: InstanceType
    initial_instance_count: int
    accelerator_type: AcceleratorType | None
    container_startup_health_check_timeout: timedelta | None

    def render(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "variant_name": self.variant_name,
            "model_name": self.model.model_name,
            "initial_instance_count": self.initial_instance_count,
            "instance_type": str(self.instance_type),
            "initial_variant_weight": self.initial_variant_weight,
        }
        if self.accelerator_type is not None:
            out["accelerator_type"] = str(self.accelerator_type)
        if self.container_startup_health_check_timeout is not None:
            seconds = int(self.container_startup_health_check_timeout.total_seconds())
            out["container_startup_health_check_timeout_in_seconds"] = seconds
        return out


@dataclass(frozen=True)
class _ServerlessVariant:
    """The serverless variant with upstream's defaults applied."""

    model: IModel
    variant_name: str
    initial_variant_weight: float
    max_concurrency: int
    memory_size_in_mb: int
    provisioned_concurrency: int | None

    def render(self) -> dict[str, Any]:
        serverless: dict[str, Any] = {
            "max_concurrency": self.max_concurrency,
            "memory_size_in_mb": self.memory_size_in_mb,
        }
        if self.provisioned_concurrency is not None:
            serverless["provisioned_concurrency"] = self.provisioned_concurrency
        return {
            "variant_name": self.variant_name,
            "model_name": self.model.model_name,
            "initial_variant_weight": self.initial_variant_weight,
            "serverless_config": serverless,
        }


# --- AWS provider environment (the Terraform analogue of upstream's account/region checks) ---------------------


@dataclass(frozen=True)
class _Env:
    """Where a resource lives: its stack, its AWS provider (if it has its own resource) and what is known of the
    region and account at synth time."""

    stack_path: str
    provider_path: str | None
    provider_label: str
    region: str | None
    account: str | None


def _literal(value: Any) -> str | None:
    return value if isinstance(value, str) and value and not is_token(value) else None


def _provider_account(provider: AwsProvider | None) -> str | None:
    if provider is None:
        return None
    ids = provider.allowed_account_ids
    if ids and len(ids) == 1:
        return _literal(ids[0])
    return None


def _label(provider: AwsProvider | None) -> str:
    if provider is None:
        return "aws (no provider configured)"
    return f"aws.{provider.alias}" if provider.alias else "aws"


def _env_of_provider(stack: TerraformStack, provider: Any, region_override: Any, owned: bool) -> _Env:
    aws = provider if isinstance(provider, AwsProvider) else None
    if aws is None and provider is None:
        aws = _stack.default_aws_provider(stack)
    region = _literal(region_override) or (_literal(aws.region) if aws is not None else None)
    return _Env(
        stack_path=stack.node.path,
        provider_path=(aws.node.path if aws is not None else None) if owned else None,
        provider_label=_label(aws),
        region=region,
        account=_provider_account(aws),
    )


def _env_of_resource(resource: Any) -> _Env:
    """The environment of a provider resource (its ``provider`` and ``region`` arguments, else the stack's)."""
    return _env_of_provider(TerraformStack.of(resource), resource.provider, resource.region_input, owned=True)


def _env_of_scope(scope: Construct) -> _Env:
    """The environment a new resource under ``scope`` gets by default (the stack's default AWS provider)."""
    return _env_of_provider(TerraformStack.of(scope), None, None, owned=True)


def _env_of_arn(scope: Construct, arn: str) -> _Env:
    """The environment of an imported resource: what its ARN says, else the importing stack's default."""
    base = _env_of_provider(TerraformStack.of(scope), None, None, owned=False)
    parts = _split_arn(arn)
    if parts is None:
        return base
    return _Env(
        stack_path=base.stack_path,
        provider_path=None,
        provider_label=base.provider_label,
        region=parts["region"] or base.region,
        account=parts["account"] or base.account,
    )


def _env_mismatch(used: _Env, user: _Env, used_kind: str, user_kind: str) -> str | None:
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


def _construction_mismatch(used: _Env, user: _Env, used_kind: str, user_kind: str) -> str | None:
    """The environment check at construction: only across stacks, as upstream.

    Within one stack the providers are usually assigned after construction (``resource.provider = ...``), so
    that comparison waits for synth (see the synth checks of EndpointConfig and Endpoint).
    """
    if used.stack_path == user.stack_path:
        return None
    return _env_mismatch(used, user, used_kind, user_kind)


def _model_mismatch(model: Any, config_env: _Env) -> str | None:
    """The construction-time check of a variant's model; models in the config's own stack wait for synth."""
    if not isinstance(model, IModel) or TerraformStack.of(model).node.path == config_env.stack_path:
        return None  # a wrong type is reported by the props check; same-stack providers are compared at synth
    return _construction_mismatch(_model_env(model), config_env, "model", "endpoint configuration")


def _model_env(model: IModel) -> _Env:
    if isinstance(model, Model):
        return _env_of_resource(model.resource)
    return _env_of_arn(model, model.model_arn)


def _split_arn(arn: str) -> dict[str, str] | None:
    if is_token(arn):
        return None
    match = _ARN_RULE.match(arn)
    return match.groupdict() if match else None


def name_from_arn(where: str, arn: Any, resource_type: str) -> str:
    """The resource name of a SageMaker ARN ``arn:<partition>:sagemaker:<region>:<account>:<type>/<name>``.

    A token ARN is split in Terraform (``element(split("/", arn), 1)``).
    """
    check_str(where, f"{resource_type.replace('-', '_')}_arn", arn)
    if is_token(arn):
        return Token.as_string(Fn.element(Fn.split("/", arn), 1))
    parts = _split_arn(arn)
    prefix = f"{resource_type}/"
    if parts is None or parts["service"] != "sagemaker" or not parts["rest"].startswith(prefix) or len(
        parts["rest"]
    ) == len(prefix):
        fail(
            where,
            f"ARN must look like arn:<partition>:sagemaker:<region>:<account>:{resource_type}/<name> "
            f"(got {show(arn)})",
        )
    return parts["rest"][len(prefix):]


# --- validation of one variant ----------------------------------------------------------------------------------


def _variant_name_errors(name: str) -> list[str]:
    if is_token(name) or _VARIANT_NAME_RULE.match(name):
        return []
    return [f"{_VARIANT_NAME_TEXT} (got {show(name)!r})"]


def _weight_errors(weight: Any) -> list[str]:
    if weight is None or is_token(weight):
        return []
    if weight < 0:
        return [f"Cannot have negative variant weight (initial_variant_weight={show(weight)})"]
    if not math.isfinite(weight):
        return [f"initial_variant_weight must be a finite number (got {show(weight)})"]
    return []


def _int_range_errors(field_name: str, value: Any, low: int, high: int, text: str) -> list[str]:
    if value is None or is_token(value) or low <= value <= high:
        return []
    return [f"{text} ({field_name}={show(value)})"]


def _resolve_instance(where: str, props: Any, config_env: _Env) -> _InstanceVariant:
    check_type(where, "instance production variant", props, (InstanceProductionVariantProps,),
               "an InstanceProductionVariantProps")
    errors = _variant_name_errors(props.variant_name)
    count = props.initial_instance_count
    if count is not None and not is_token(count) and count < 1:
        errors.append(f"Must have at least one instance (initial_instance_count={show(count)})")
    errors += _weight_errors(props.initial_variant_weight)
    timeout = props.container_startup_health_check_timeout
    if timeout is not None:
        seconds = timeout.total_seconds()
        if seconds != int(seconds):
            errors.append(
                f"container_startup_health_check_timeout must be a whole number of seconds (got {show(timeout)})"
            )
        elif not 60 <= seconds <= 3600:
            errors.append(
                f"container_startup_health_check_timeout must be between 60 and 3600 seconds (got {int(seconds)})"
            )
    mismatch = _model_mismatch(props.model, config_env)
    if mismatch:
        errors.append(mismatch)
    if errors:
        fail(where, join_errors("Invalid Production Variant Props: ", errors))
    return _InstanceVariant(
        model=props.model,
        variant_name=props.variant_name,
        initial_variant_weight=_weight(props.initial_variant_weight),
        instance_type=props.instance_type if props.instance_type is not None else InstanceType.T2_MEDIUM,
        initial_instance_count=count if count is not None else 1,
        accelerator_type=props.accelerator_type,
        container_startup_health_check_timeout=timeout,
    )


def _resolve_serverless(where: str, props: Any, config_env: _Env) -> _ServerlessVariant:
    check_type(where, "serverless production variant", props, (ServerlessProductionVariantProps,),
               "a ServerlessProductionVariantProps")
    errors = _variant_name_errors(props.variant_name)
    errors += _weight_errors(props.initial_variant_weight)
    errors += _int_range_errors("max_concurrency", props.max_concurrency, 1, 200,
                                "maxConcurrency must be between 1 and 200")
    memory = props.memory_size_in_mb
    if not is_token(memory) and memory not in SERVERLESS_MEMORY_SIZES:
        sizes = ", ".join(str(s) for s in SERVERLESS_MEMORY_SIZES)
        errors.append(f"memorySizeInMB must be one of: {sizes} MB (memory_size_in_mb={show(memory)})")
    provisioned = props.provisioned_concurrency
    if provisioned is not None:
        errors += _int_range_errors("provisioned_concurrency", provisioned, 1, 200,
                                    "provisionedConcurrency must be between 1 and 200")
        if not is_token(provisioned) and not is_token(props.max_concurrency) and provisioned > props.max_concurrency:
            errors.append(
                "provisionedConcurrency cannot be greater than maxConcurrency "
                f"(provisioned_concurrency={provisioned}, max_concurrency={props.max_concurrency})"
            )
    mismatch = _model_mismatch(props.model, config_env)
    if mismatch:
        errors.append(mismatch)
    if errors:
        fail(where, join_errors("Invalid Serverless Production Variant Props: ", errors))
    return _ServerlessVariant(
        model=props.model,
        variant_name=props.variant_name,
        initial_variant_weight=_weight(props.initial_variant_weight),
        max_concurrency=props.max_concurrency,
        memory_size_in_mb=memory,
        provisioned_concurrency=provisioned,
    )


def _weight(weight: float | None) -> float:
    """Weight defaults to 1.0; an explicit 0 stays 0 (unlike upstream's ``weight || 1.0``)."""
    if weight is None:
        return 1.0
    return weight if is_token(weight) else float(weight)


def _kms_key_arn(where: str, key: Any) -> str | None:
    if key is None:
        return None
    if isinstance(key, (KmsKey, DataAwsKmsKey)):
        return key.arn
    if isinstance(key, str) and key:
        if not is_token(key) and not _KMS_ARN_RULE.match(key):
            fail(where, f"encryption_key must be a KMS key ARN arn:<partition>:kms:<region>:<account>:key/<id> "
                        f"(got {show(key)!r})")
        return key
    fail(where, f"encryption_key must be a KmsKey, a DataAwsKmsKey or a key ARN string "
                f"(got {type(key).__name__}: {show(key)})")


def _path(scope: Construct, id: str) -> str:
    return construct_location(scope, id, "EndpointConfig")


# --- constructs -------------------------------------------------------------------------------------------------


class IEndpointConfig(Construct):
    """An endpoint config, defined here (``EndpointConfig``) or imported (``EndpointConfig.from_endpoint_config_arn``).

    Example::

        config = sagemaker.EndpointConfig.from_endpoint_config_name(stack, "Imported", "my-config")
        sagemaker.Endpoint(stack, "Endpoint", endpoint_config=config)
    """

    endpoint_config_name: str
    endpoint_config_arn: str

    def _env(self) -> _Env:
        return _env_of_arn(self, self.endpoint_config_arn)


class _ImportedEndpointConfig(IEndpointConfig):
    def __init__(self, scope: Construct, id: str, arn: str, name: str) -> None:
        super().__init__(scope, id)
        self.endpoint_config_arn = arn
        self.endpoint_config_name = name


class EndpointConfig(IEndpointConfig):
    """A SageMaker endpoint configuration: up to 10 instance variants, or exactly one serverless variant.

    Variants may be added after construction; they are rendered at synth. Without ``endpoint_config_name`` the
    config gets a deterministic ``name_prefix`` (Terraform appends a unique suffix) and ``create_before_destroy``,
    so changing a variant replaces the config while the endpoint keeps serving. An explicit name is honoured; a
    change then needs a new name (SageMaker configs are immutable and names are unique).

    Every model must be on the config's AWS provider (same region and account): a model from another stack is
    checked when the variant is added (upstream's messages); within one stack, where providers are assigned after
    construction (``resource.provider = ...``), the check runs at synth.

    Example::

        config = sagemaker.EndpointConfig(stack, "EndpointConfig", instance_production_variants=[
            sagemaker.InstanceProductionVariantProps(model=model, variant_name="modelA",
                                                     initial_variant_weight=2.0),
        ])
    """

    @staticmethod
    def from_endpoint_config_arn(scope: Construct, id: str, endpoint_config_arn: str) -> IEndpointConfig:
        """Import an endpoint config by ARN; the name is taken from the ARN."""
        name = name_from_arn(_path(scope, id), endpoint_config_arn, "endpoint-config")
        return _ImportedEndpointConfig(scope, id, endpoint_config_arn, name)

    @staticmethod
    def from_endpoint_config_name(scope: Construct, id: str, endpoint_config_name: str) -> IEndpointConfig:
        """Import an endpoint config by name; the ARN is built from the stack's partition, region and account."""
        where = _path(scope, id)
        check_str(where, "endpoint_config_name", endpoint_config_name)
        check_resource_name(where, "endpoint_config_name", endpoint_config_name)
        arn = _stack.arn(scope, "sagemaker", "endpoint-config", endpoint_config_name)
        return _ImportedEndpointConfig(scope, id, arn, endpoint_config_name)

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        instance_production_variants: Sequence[InstanceProductionVariantProps] | None = None,
        serverless_production_variant: ServerlessProductionVariantProps | None = None,
        endpoint_config_name: str | None = None,
        encryption_key: KmsKeyLike | None = None,
    ) -> None:
        where = _path(scope, id)
        instance_props = check_sequence(where, "instance_production_variants", instance_production_variants)
        if instance_production_variants is not None and serverless_production_variant is not None:
            fail(where, "Cannot specify both instanceProductionVariants and serverlessProductionVariant. "
                        "Choose one variant type.")
        if endpoint_config_name is not None:
            check_str(where, "endpoint_config_name", endpoint_config_name)
            check_resource_name(where, "endpoint_config_name", endpoint_config_name)
        kms_key_arn = _kms_key_arn(where, encryption_key)
        env = _env_of_scope(scope)
        instance: dict[str, _InstanceVariant] = {}
        for props in instance_props:
            variant = _resolve_instance(where, props, env)
            if variant.variant_name in instance:
                fail(where, f"There is already a Production Variant with name '{variant.variant_name}'")
            instance[variant.variant_name] = variant
        serverless = None
        if serverless_production_variant is not None:
            serverless = _resolve_serverless(where, serverless_production_variant, env)

        super().__init__(scope, id)
        self._instance_variants = instance
        self._serverless_variant: _ServerlessVariant | None = serverless
        self._resource = SagemakerEndpointConfiguration(
            self,
            "EndpointConfig",
            production_variants=[],
            name=endpoint_config_name,
            name_prefix=None if endpoint_config_name else name_prefix_for(self),
            kms_key_arn=kms_key_arn,
            lifecycle=None if endpoint_config_name else TerraformResourceLifecycle(create_before_destroy=True),
        )
        self._resource.add_override("production_variants", lazy(self._render_production_variants))
        self.endpoint_config_name = self._resource.name
        self.endpoint_config_arn = self._resource.arn
        add_synth_check(self, self._validate_production_variants)

    @property
    def resource(self) -> SagemakerEndpointConfiguration:
        """The underlying ``aws_sagemaker_endpoint_configuration`` resource (an escape hatch)."""
        return self._resource

    @property
    def instance_production_variants(self) -> list[InstanceProductionVariantProps]:
        """The instance variants, as props with the defaults filled in (1 instance, ml.t2.medium, weight 1.0)."""
        return [
            InstanceProductionVariantProps(
                model=v.model,
                variant_name=v.variant_name,
                initial_variant_weight=v.initial_variant_weight,
                instance_type=v.instance_type,
                initial_instance_count=v.initial_instance_count,
                accelerator_type=v.accelerator_type,
                container_startup_health_check_timeout=v.container_startup_health_check_timeout,
            )
            for v in self._instance_variants.values()
        ]

    @property
    def serverless_production_variant(self) -> ServerlessProductionVariantProps | None:
        """The serverless variant (weight default filled in), or None."""
        v = self._serverless_variant
        if v is None:
            return None
        return ServerlessProductionVariantProps(
            model=v.model,
            variant_name=v.variant_name,
            max_concurrency=v.max_concurrency,
            memory_size_in_mb=v.memory_size_in_mb,
            provisioned_concurrency=v.provisioned_concurrency,
            initial_variant_weight=v.initial_variant_weight,
        )

    def add_instance_production_variant(self, props: InstanceProductionVariantProps) -> None:
        """Add an instance variant (at most 10 in all, checked at synth)."""
        if self._serverless_variant is not None:
            fail(self, "Cannot add instance production variant when serverless production variant is already "
                       "configured")
        check_type(self, "props", props, (InstanceProductionVariantProps,), "an InstanceProductionVariantProps")
        if props.variant_name in self._instance_variants:
            fail(self, f"There is already a Production Variant with name '{props.variant_name}'")
        variant = _resolve_instance(self.node.path, props, self._env())
        self._instance_variants[variant.variant_name] = variant

    def add_serverless_production_variant(self, props: ServerlessProductionVariantProps) -> None:
        """Set the serverless variant (only one, never together with instance variants)."""
        if self._instance_variants:
            fail(self, "Cannot add serverless production variant when instance production variants are already "
                       "configured")
        if self._serverless_variant is not None:
            fail(self, "Cannot add more than one serverless production variant per endpoint configuration")
        self._serverless_variant = _resolve_serverless(self.node.path, props, self._env())

    def _env(self) -> _Env:
        return _env_of_resource(self._resource)

    def _find_instance_variant(self, name: str) -> _InstanceVariant:
        found = self._instance_variants.get(name)
        if found is None:
            fail(self, f"No variant with name: '{name}'")
        return found

    def _validate_production_variants(self) -> list[str]:
        errors: list[str] = []
        count = len(self._instance_variants)
        if count == 0 and self._serverless_variant is None:
            errors.append("Must configure at least 1 production variant")
        if count > MAX_INSTANCE_VARIANTS:
            errors.append(f"Can't have more than {MAX_INSTANCE_VARIANTS} production variants (got {count})")
        # Providers can be changed through the escape hatches after the variants were added: check again.
        env = self._env()
        variants: list[Any] = list(self._instance_variants.values())
        if self._serverless_variant is not None:
            variants.append(self._serverless_variant)
        for variant in variants:
            mismatch = _env_mismatch(_model_env(variant.model), env, "model", "endpoint configuration")
            if mismatch:
                errors.append(f"variant '{variant.variant_name}': {mismatch}")
        return errors

    def _render_production_variants(self) -> list[dict[str, Any]]:
        if self._serverless_variant is not None:
            return [self._serverless_variant.render()]
        return [v.render() for v in self._instance_variants.values()]

