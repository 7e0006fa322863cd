"""Endpoint configurations: production variant props, the EndpointConfig construct and its imports.

An ``EndpointConfig`` renders one ``aws_sagemaker_endpoint_configuration``. Without ``endpoint_config_name`` it
gets a deterministic ``name_prefix`` and ``create_before_destroy``, so a change to any variant (or to a model it
hosts) creates a new configuration first, the endpoint is pointed at it, and only then is the old one deleted.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum
from typing import Any

from constructs import Construct

from . import _stack
from ._framework import (
    AwsProvider,
    Fn,
    SagemakerEndpointConfiguration,
    TerraformResourceLifecycle,
    TerraformStack,
    Token,
)
from ._references import KmsKeyLike, kms_key_arn
from ._render import provider_and_region, render, rendered
from ._validation import (
    ResourceToken,
    add_synth_check,
    check_bool,
    check_resource_name,
    check_sequence,
    check_str,
    check_type,
    construct_location,
    fail,
    is_token,
    join_errors,
    name_prefix_for,
    new_child,
    path_of,
    show,
    synth_pass_memo,
)
from .async_inference import AsyncInferenceConfig
from .data_capture import DataCaptureConfig
from .iam import RoleLike, add_to_role, create_component_execution_role, role_dependency_addresses
from .instance_type import AcceleratorType, InstanceType
from .managed_instance_scaling import ManagedInstanceScaling
from .model import IModel, Model
from .s3_location import S3Location

MAX_INSTANCE_VARIANTS = 10
SERVERLESS_MEMORY_SIZES = (1024, 2048, 3072, 4096, 5120, 6144)
_VARIANT_NAME_RULE = re.compile(r"^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$")
_VARIANT_NAME_TEXT = "variant_name must match ^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$"
_ARN_RULE = re.compile(
    r"^arn:(?P<partition>[^:]+):(?P<service>[^:]+):(?P<region>[^:]*):(?P<account>[^:]*):(?P<rest>.+)$"
)
_MODEL_KINDS = "an IModel (a Model, or Model.from_model_arn / from_model_name / from_model_attributes)"
MAX_SHADOW_VARIANTS = 1
VOLUME_SIZE_GB = (1, 512)
MODEL_DATA_DOWNLOAD_TIMEOUT_S = (60, 3600)
CONTAINER_STARTUP_HEALTH_CHECK_TIMEOUT_S = (60, 3600)
INFERENCE_AMI_VERSIONS = (
    "al2-ami-sagemaker-inference-gpu-2",
    "al2-ami-sagemaker-inference-gpu-2-1",
    "al2-ami-sagemaker-inference-gpu-3-1",
    "al2-ami-sagemaker-inference-neuron-2",
    "al2023-ami-sagemaker-inference-gpu-4-1",
)
"""``inference_ami_version`` values: the provider validates against the AWS SDK's
``ProductionVariantInferenceAmiVersion`` enum (``enum.Validate`` in ``endpoint_configuration.go``)."""
NVME_STORAGE_FAMILIES = ("g4dn", "g5", "p4d")
"""Instance families that SageMaker gives NVMe instance storage instead of an EBS volume (the developer guide names
these), so ``volume_size_in_gb`` cannot apply to them."""


class RoutingStrategy(StrEnum):
    """How an instance variant routes requests to its instances (``routing_config``).

    Example::

        sagemaker.InstanceProductionVariantProps(model=model, variant_name="llm",
            routing_strategy=sagemaker.RoutingStrategy.LEAST_OUTSTANDING_REQUESTS)
    """

    LEAST_OUTSTANDING_REQUESTS = "LEAST_OUTSTANDING_REQUESTS"
    RANDOM = "RANDOM"


# --- props ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class InstanceProductionVariantProps:
    """One instance-backed production variant of an endpoint config.

    Defaults (upstream's): 1 instance of ``ml.t2.medium`` with weight 1.0. A weight of ``0`` is kept as ``0``
    (the variant gets no traffic until its weight is raised; AWS accepts 0). Upstream turns 0 into 1.0; we don't,
    because a user who writes 0 means 0. ``container_startup_health_check_timeout`` is 60-3600 s.
    ``instance_type`` and ``accelerator_type`` also take plain strings (``"ml.g5.2xlarge"``), checked against
    SageMaker's list; for a type newer than that list pass ``InstanceType.of(name, unchecked=True)``.

    Tuning for large models (each rendered only when given):

    - ``volume_size_in_gb``: 1-512 GB of EBS storage per instance (not on the NVMe families
      :data:`NVME_STORAGE_FAMILIES`);
    - ``model_data_download_timeout``: 60-3600 s to download the model artifacts;
    - ``inference_ami_version``: one of :data:`INFERENCE_AMI_VERSIONS` (GPU driver / Neuron AMI of the host);
    - ``routing_strategy``: :class:`RoutingStrategy` (renders ``routing_config``);
    - ``enable_ssm_access``: allow SSM sessions into the variant's containers;
    - ``core_dump_destination``: an :class:`S3Location` for core dumps (the model role gets write rights there),
      with ``core_dump_encryption_key`` (required for a shadow variant).

    Without ``model`` the variant hosts inference components (:class:`~sagemaker_tf.InferenceComponent`): the
    config then gets an execution role, and ``managed_instance_scaling`` (:class:`ManagedInstanceScaling`, min 0
    allowed) lets SageMaker add and remove its instances as the components need them. Such a variant cannot share
    a config with model variants, shadow variants or asynchronous inference.

    Example::

        sagemaker.InstanceProductionVariantProps(
            model=model, variant_name="variantA", instance_type=sagemaker.InstanceType.M5_LARGE,
            initial_instance_count=2, initial_variant_weight=2.0)
        sagemaker.InstanceProductionVariantProps(
            model=model, variant_name="llm", instance_type=sagemaker.InstanceType.P3_2XLARGE,
            volume_size_in_gb=256, model_data_download_timeout=timedelta(minutes=30),
            container_startup_health_check_timeout=timedelta(minutes=20),
            inference_ami_version="al2-ami-sagemaker-inference-gpu-2",
            routing_strategy=sagemaker.RoutingStrategy.LEAST_OUTSTANDING_REQUESTS, enable_ssm_access=True,
            core_dump_destination=sagemaker.S3Location.from_bucket(bucket, "core-dumps/"))
        sagemaker.InstanceProductionVariantProps(variant_name="components", instance_type="ml.g5.12xlarge",
            managed_instance_scaling=sagemaker.ManagedInstanceScaling(min_instance_count=0, max_instance_count=2))
    """

    model: IModel | None = None
    variant_name: str
    initial_variant_weight: float | None = None
    instance_type: InstanceType | str | None = None
    initial_instance_count: int | None = None
    accelerator_type: AcceleratorType | str | None = None
    container_startup_health_check_timeout: timedelta | None = None
    volume_size_in_gb: int | None = None
    model_data_download_timeout: timedelta | None = None
    inference_ami_version: str | None = None
    routing_strategy: RoutingStrategy | None = None
    enable_ssm_access: bool | None = None
    core_dump_destination: S3Location | None = None
    core_dump_encryption_key: KmsKeyLike | None = None
    managed_instance_scaling: ManagedInstanceScaling | None = None

    def __post_init__(self) -> None:
        where = "InstanceProductionVariantProps"
        _check_common_types(where, self.model, self.variant_name, self.initial_variant_weight, model_optional=True)
        if self.managed_instance_scaling is not None:
            check_type(
                where,
                "managed_instance_scaling",
                self.managed_instance_scaling,
                (ManagedInstanceScaling,),
                "a ManagedInstanceScaling",
            )
            if self.model is not None:
                fail(
                    where,
                    "managed_instance_scaling applies to a variant that hosts inference components (model=None); "
                    f"variant {self.variant_name!r} hosts a model: scale it with auto_scale_instance_count",
                )
        if self.instance_type is not None:  # a plain string is validated against SageMaker's list
            object.__setattr__(self, "instance_type", InstanceType.coerce(where, "instance_type", self.instance_type))
        if self.initial_instance_count is not None and not is_token(self.initial_instance_count):
            check_type(where, "initial_instance_count", self.initial_instance_count, (int,), "a whole number")
        if self.accelerator_type is not None:
            object.__setattr__(
                self, "accelerator_type", AcceleratorType.coerce(where, "accelerator_type", self.accelerator_type)
            )
        for field_name in ("container_startup_health_check_timeout", "model_data_download_timeout"):
            if getattr(self, field_name) is not None:
                check_type(where, field_name, getattr(self, field_name), (timedelta,), "a datetime.timedelta")
        if self.volume_size_in_gb is not None and not is_token(self.volume_size_in_gb):
            check_type(where, "volume_size_in_gb", self.volume_size_in_gb, (int,), "a whole number")
        if self.inference_ami_version is not None:
            check_str(where, "inference_ami_version", self.inference_ami_version)
        if self.routing_strategy is not None:
            check_type(
                where,
                "routing_strategy",
                self.routing_strategy,
                (RoutingStrategy,),
                "a RoutingStrategy (LEAST_OUTSTANDING_REQUESTS or RANDOM)",
            )
        check_bool(where, "enable_ssm_access", self.enable_ssm_access)
        if self.core_dump_destination is not None:
            check_type(
                where,
                "core_dump_destination",
                self.core_dump_destination,
                (S3Location,),
                "an S3Location (S3Location.from_bucket or S3Location.from_uri)",
            )
        kms_key_arn(where, self.core_dump_encryption_key, "core_dump_encryption_key")
        if self.core_dump_encryption_key is not None and self.core_dump_destination is None:
            fail(where, "core_dump_encryption_key needs core_dump_destination (it encrypts the core dumps)")


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


def _check_common_types(where: str, model: Any, variant_name: Any, weight: Any, model_optional: bool = False) -> None:
    if model is not None or not model_optional:
        check_type(where, "model", model, (IModel,), _MODEL_KINDS)
    check_str(where, "variant_name", variant_name)
    if weight is not None and not is_token(weight):
        check_type(where, "initial_variant_weight", weight, (int, float), "a number")


# --- resolved variants (what the config keeps and the endpoint reads) -------------------------------------------


@dataclass(frozen=True)
class _InstanceVariant:
    """An instance variant: its props with upstream's defaults applied (1 instance, ml.t2.medium, weight 1.0).

    Every prop reads through (``variant.instance_type``, ``variant.volume_size_in_gb`` ...).
    """

    props: InstanceProductionVariantProps

    def __getattr__(self, name: str) -> Any:
        if name == "props":  # not set yet (copy/pickle): no recursion
            raise AttributeError(name)
        return getattr(self.props, name)

    def render(self) -> dict[str, Any]:
        p = self.props
        out: dict[str, Any] = {
            "variant_name": p.variant_name,
            "model_name": None if p.model is None else p.model.model_name,
            "initial_instance_count": p.initial_instance_count,
            "instance_type": str(p.instance_type),
            "initial_variant_weight": p.initial_variant_weight,
        }
        optional = {
            "accelerator_type": None if p.accelerator_type is None else str(p.accelerator_type),
            "container_startup_health_check_timeout_in_seconds": _seconds(p.container_startup_health_check_timeout),
            "model_data_download_timeout_in_seconds": _seconds(p.model_data_download_timeout),
            "volume_size_in_gb": p.volume_size_in_gb,
            "inference_ami_version": p.inference_ami_version,
            "routing_config": None if p.routing_strategy is None else [{"routing_strategy": p.routing_strategy.value}],
            "enable_ssm_access": p.enable_ssm_access,
            "core_dump_config": self._render_core_dump(),
            "managed_instance_scaling": (
                None if p.managed_instance_scaling is None else p.managed_instance_scaling.render()
            ),
        }
        out.update((key, value) for key, value in optional.items() if value is not None)
        return {key: value for key, value in out.items() if value is not None}

    @property
    def hosts_components(self) -> bool:
        """Whether this variant hosts inference components (it has no model)."""
        return self.props.model is None

    def _render_core_dump(self) -> list[dict[str, Any]] | None:
        p = self.props
        if p.core_dump_destination is None:
            return None
        block = {"destination_s3_uri": p.core_dump_destination.uri}
        key = kms_key_arn("InstanceProductionVariantProps", p.core_dump_encryption_key, "core_dump_encryption_key")
        if key is not None:
            block["kms_key_id"] = key
        return [block]


def _seconds(duration: timedelta | None) -> int | None:
    return None if duration is None else int(duration.total_seconds())


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


class _Env:
    """Where a resource lives: its stack, its AWS provider (if it has its own resource) and what is known of the
    region and account at synth time.

    Only ``stack_path`` is computed up front (from Python caches). The provider facts cost jsii kernel round trips
    and are needed only when two stacks differ (at construction) or at synth, so they are read on first use;
    a provider's region, alias and ``allowed_account_ids`` can change after construction, so they are read each
    time, except within one synth-time validation pass, where each provider is read once (see
    ``_validation.synth_pass_memo``).
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


def _env_of_provider(stack: TerraformStack, provider: Any, region_override: Any, owned: bool) -> _Env:
    def facts() -> tuple[str | None, str, str | None, str | None]:
        aws = provider if isinstance(provider, AwsProvider) else None
        if aws is None and provider is None:
            aws = _stack.default_aws_provider(stack)
        provider_region, label, account = _provider_facts(aws)
        region = _literal(region_override) or provider_region
        return (path_of(aws) if aws is not None else None) if owned else None, label, region, account

    return _Env(path_of(stack), facts)


def _env_of_resource(resource: Any) -> _Env:
    """The environment of a provider resource (its ``provider`` and ``region`` arguments, else the stack's)."""
    stack = _stack.stack_of(resource)

    def facts() -> tuple[str | None, str, str | None, str | None]:
        provider, region = provider_and_region(resource)
        return _env_of_provider(stack, provider, region, owned=True)._get()

    return _Env(path_of(stack), facts)


def _env_of_scope(scope: Construct) -> _Env:
    """The environment a new resource under ``scope`` gets by default (the stack's default AWS provider)."""
    return _env_of_provider(_stack.stack_of(scope), None, None, owned=True)


def _env_of_arn(scope: Construct, arn: str) -> _Env:
    """The environment of an imported resource: what its ARN says, else the importing stack's default."""
    base = _env_of_provider(_stack.stack_of(scope), None, None, owned=False)
    parts = _split_arn(arn)
    if parts is None:
        return base

    def facts() -> tuple[str | None, str, str | None, str | None]:
        return None, base.provider_label, parts["region"] or base.region, parts["account"] or base.account

    return _Env(base.stack_path, facts)


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
    if not isinstance(model, IModel) or path_of(_stack.stack_of(model)) == config_env.stack_path:
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
    if (
        parts is None
        or parts["service"] != "sagemaker"
        or not parts["rest"].startswith(prefix)
        or len(parts["rest"]) == len(prefix)
    ):
        fail(
            where,
            f"ARN must look like arn:<partition>:sagemaker:<region>:<account>:{resource_type}/<name> (got {show(arn)})",
        )
    return parts["rest"][len(prefix) :]


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


def _seconds_errors(field_name: str, duration: timedelta | None, limits: tuple[int, int]) -> list[str]:
    if duration is None:
        return []
    seconds = duration.total_seconds()
    if seconds != int(seconds):
        return [f"{field_name} must be a whole number of seconds (got {show(duration)})"]
    low, high = limits
    if not low <= seconds <= high:
        return [f"{field_name} must be between {low} and {high} seconds (got {int(seconds)})"]
    return []


def _tuning_errors(props: InstanceProductionVariantProps, shadow: bool) -> list[str]:
    """The limits of the variant tuning props (provider schema and API reference)."""
    low, high = VOLUME_SIZE_GB
    errors = _int_range_errors(
        "volume_size_in_gb",
        props.volume_size_in_gb,
        low,
        high,
        f"volume_size_in_gb must be between {low} and {high} GB",
    )
    family = str(props.instance_type or "").split(".")[1:2]
    if props.volume_size_in_gb is not None and family and family[0] in NVME_STORAGE_FAMILIES:
        errors.append(
            f"volume_size_in_gb cannot be set on {props.instance_type}: the ml.{family[0]} family uses NVMe "
            "instance storage, not an EBS volume"
        )
    errors += _seconds_errors(
        "container_startup_health_check_timeout",
        props.container_startup_health_check_timeout,
        CONTAINER_STARTUP_HEALTH_CHECK_TIMEOUT_S,
    )
    errors += _seconds_errors(
        "model_data_download_timeout", props.model_data_download_timeout, MODEL_DATA_DOWNLOAD_TIMEOUT_S
    )
    ami = props.inference_ami_version
    if ami is not None and not is_token(ami) and ami not in INFERENCE_AMI_VERSIONS:
        errors.append(f"inference_ami_version must be one of: {', '.join(INFERENCE_AMI_VERSIONS)} (got {show(ami)!r})")
    if shadow and props.core_dump_destination is not None and props.core_dump_encryption_key is None:
        errors.append(
            "A shadow variant's core dump needs core_dump_encryption_key (kms_key_id is required in a "
            "shadow variant's core_dump_config)"
        )
    return errors


def _resolve_instance(where: str, props: Any, config_env: _Env, shadow: bool = False) -> _InstanceVariant:
    check_type(
        where,
        "shadow production variant" if shadow else "instance production variant",
        props,
        (InstanceProductionVariantProps,),
        "an InstanceProductionVariantProps",
    )
    errors = _variant_name_errors(props.variant_name)
    count = props.initial_instance_count
    if count is not None and not is_token(count) and count < 1:
        errors.append(f"Must have at least one instance (initial_instance_count={show(count)})")
    errors += _weight_errors(props.initial_variant_weight)
    errors += _tuning_errors(props, shadow)
    errors += _managed_scaling_errors(props.managed_instance_scaling, count)
    if shadow and props.model is None:
        errors.append("A shadow variant needs a model (inference components cannot be shadow-tested)")
    mismatch = _model_mismatch(props.model, config_env)
    if mismatch:
        errors.append(mismatch)
    if errors:
        fail(where, join_errors("Invalid Production Variant Props: ", errors))
    return _InstanceVariant(
        dataclasses.replace(
            props,
            initial_variant_weight=_weight(props.initial_variant_weight),
            instance_type=props.instance_type if props.instance_type is not None else InstanceType.T2_MEDIUM,
            initial_instance_count=count if count is not None else 1,
        )
    )


def _managed_scaling_errors(scaling: ManagedInstanceScaling | None, count: Any) -> list[str]:
    """The initial instance count must lie in the managed range (at least 1 instance to start with)."""
    if scaling is None or count is None or is_token(count):
        return []
    low, high = scaling.min_instance_count, scaling.max_instance_count
    if not is_token(high) and count > high:
        return [
            f"initial_instance_count ({count}) cannot be greater than managed_instance_scaling's "
            f"max_instance_count ({high})"
        ]
    if not is_token(low) and count < low:
        return [
            f"initial_instance_count ({count}) cannot be less than managed_instance_scaling's "
            f"min_instance_count ({low})"
        ]
    return []


def _resolve_serverless(where: str, props: Any, config_env: _Env) -> _ServerlessVariant:
    check_type(
        where,
        "serverless production variant",
        props,
        (ServerlessProductionVariantProps,),
        "a ServerlessProductionVariantProps",
    )
    errors = _variant_name_errors(props.variant_name)
    errors += _weight_errors(props.initial_variant_weight)
    errors += _int_range_errors(
        "max_concurrency", props.max_concurrency, 1, 200, "maxConcurrency must be between 1 and 200"
    )
    memory = props.memory_size_in_mb
    if not is_token(memory) and memory not in SERVERLESS_MEMORY_SIZES:
        sizes = ", ".join(str(s) for s in SERVERLESS_MEMORY_SIZES)
        errors.append(f"memorySizeInMB must be one of: {sizes} MB (memory_size_in_mb={show(memory)})")
    provisioned = props.provisioned_concurrency
    if provisioned is not None:
        errors += _int_range_errors(
            "provisioned_concurrency", provisioned, 1, 200, "provisionedConcurrency must be between 1 and 200"
        )
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


def _path(scope: Construct, id: str, check_id: bool = True) -> str:
    return construct_location(scope, id, "EndpointConfig", check_id)


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

    Beyond upstream: ``async_inference`` (:class:`AsyncInferenceConfig`, instance variants only),
    ``data_capture`` (:class:`DataCaptureConfig`) and ``shadow_production_variants`` (one shadow variant next to
    exactly one production variant). Every model that SageMaker makes write somewhere (async output, captures,
    its variant's core dumps) gets write rights on exactly that S3 location, and use of its KMS key.

    Example::

        config = sagemaker.EndpointConfig(stack, "EndpointConfig", instance_production_variants=[
            sagemaker.InstanceProductionVariantProps(model=model, variant_name="modelA",
                                                     initial_variant_weight=2.0),
        ])
        shadowed = sagemaker.EndpointConfig(stack, "Shadowed",
            instance_production_variants=[sagemaker.InstanceProductionVariantProps(model=model_a, variant_name="a")],
            shadow_production_variants=[sagemaker.InstanceProductionVariantProps(model=model_b, variant_name="b")],
            data_capture=sagemaker.DataCaptureConfig(destination=sagemaker.S3Location.from_bucket(bucket, "capture/")))
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
        async_inference: AsyncInferenceConfig | None = None,
        data_capture: DataCaptureConfig | None = None,
        shadow_production_variants: Sequence[InstanceProductionVariantProps] | None = None,
        execution_role: RoleLike | str | None = None,
    ) -> None:
        where = _path(scope, id, check_id=False)
        instance_props = check_sequence(where, "instance_production_variants", instance_production_variants)
        shadow_props = check_sequence(where, "shadow_production_variants", shadow_production_variants)
        if instance_production_variants is not None and serverless_production_variant is not None:
            fail(
                where,
                "Cannot specify both instanceProductionVariants and serverlessProductionVariant. "
                "Choose one variant type.",
            )
        if endpoint_config_name is not None:
            check_str(where, "endpoint_config_name", endpoint_config_name)
            check_resource_name(where, "endpoint_config_name", endpoint_config_name)
        config_key_arn = kms_key_arn(where, encryption_key)
        if async_inference is not None:
            check_type(where, "async_inference", async_inference, (AsyncInferenceConfig,), "an AsyncInferenceConfig")
        if data_capture is not None:
            check_type(where, "data_capture", data_capture, (DataCaptureConfig,), "a DataCaptureConfig")
        if len(shadow_props) > MAX_SHADOW_VARIANTS:
            fail(
                where, f"Can't have more than {MAX_SHADOW_VARIANTS} shadow production variant (got {len(shadow_props)})"
            )
        env = _env_of_scope(scope)
        instance: dict[str, _InstanceVariant] = {}
        for props in instance_props:
            variant = _resolve_instance(where, props, env)
            if variant.variant_name in instance:
                fail(where, f"There is already a Production Variant with name '{variant.variant_name}'")
            instance[variant.variant_name] = variant
        shadow = {v.variant_name: v for v in (_resolve_instance(where, p, env, shadow=True) for p in shadow_props)}
        for name in shadow:
            _check_shadow_name(where, name, instance)
        serverless = None
        if serverless_production_variant is not None:
            serverless = _resolve_serverless(where, serverless_production_variant, env)
            _check_serverless_compatible(where, async_inference, data_capture, shadow)
        if async_inference is not None and shadow:
            fail(where, _SHADOW_WITH_ASYNC)
        role_arn = _check_execution_role(where, execution_role)
        _check_component_mix(where, list(instance.values()), async_inference, shadow)

        with new_child(self, scope, id, where):
            super().__init__(scope, id)
        self._instance_variants = instance
        self._shadow_variants: dict[str, _InstanceVariant] = shadow
        self._serverless_variant: _ServerlessVariant | None = serverless
        self._async_inference = async_inference
        self._data_capture = data_capture
        self._resource: SagemakerEndpointConfiguration = rendered(SagemakerEndpointConfiguration)(
            self,
            "EndpointConfig",
            production_variants=[],
            name=endpoint_config_name,
            name_prefix=None if endpoint_config_name else name_prefix_for(self),
            kms_key_arn=config_key_arn,
            lifecycle=None if endpoint_config_name else TerraformResourceLifecycle(create_before_destroy=True),
        )
        render(self._resource, "production_variants", self._render_production_variants)
        render(self._resource, "shadow_production_variants", self._render_shadow_production_variants)
        render(
            self._resource,
            "async_inference_config",
            lambda: async_inference.render() if async_inference is not None else None,
        )
        render(
            self._resource, "data_capture_config", lambda: data_capture.render() if data_capture is not None else None
        )
        self._granted_roles: list[Any] = []  # roles of imported models this config granted to
        self._execution_role: RoleLike | None = None if isinstance(execution_role, str) else execution_role
        self._execution_role_arn: str | None = role_arn
        if any(v.hosts_components for v in instance.values()):
            self._ensure_execution_role()
        render(self._resource, "execution_role_arn", lambda: self._execution_role_arn)
        render(self._resource, "depends_on", self._render_depends_on)
        written: list[_InstanceVariant | _ServerlessVariant] = [*instance.values(), *shadow.values()]
        for writer in [*written, *([serverless] if serverless else [])]:
            self._grant_writes(writer)
        add_synth_check(self, self._validate_production_variants)

    endpoint_config_name = ResourceToken("name")
    endpoint_config_arn = ResourceToken("arn")

    @property
    def resource(self) -> SagemakerEndpointConfiguration:
        """The underlying ``aws_sagemaker_endpoint_configuration`` resource (an escape hatch)."""
        return self._resource

    @property
    def async_inference(self) -> AsyncInferenceConfig | None:
        """The asynchronous inference settings, or None for a real-time config.

        Example::

            if config.async_inference is not None:
                print(config.async_inference.output_path.uri)
        """
        return self._async_inference

    @property
    def data_capture(self) -> DataCaptureConfig | None:
        """The data capture settings, or None."""
        return self._data_capture

    @property
    def execution_role(self) -> RoleLike | None:
        """The role SageMaker assumes for the config's inference components (None when none is known as a
        resource: no variant hosts components, or the role was given as an ARN).

        Example::

            config.execution_role.arn
        """
        return self._execution_role

    @property
    def hosts_inference_components(self) -> bool:
        """Whether the config's variants host inference components (they have no model).

        Example::

            assert config.hosts_inference_components
        """
        return any(v.hosts_components for v in self._instance_variants.values())

    def _ensure_execution_role(self) -> None:
        """Create the scoped execution role when a variant hosts components and no role was given."""
        if self._execution_role_arn is None:
            self._execution_role = create_component_execution_role(self, "ExecutionRole")
            self._execution_role_arn = self._execution_role.arn

    def _grant_to_execution_role(self, statement: Any) -> None:
        """Add a statement to the execution role (a no-op when it is known only by ARN)."""
        if self._execution_role is not None:
            add_to_role(self._execution_role, statement)

    @property
    def instance_production_variants(self) -> list[InstanceProductionVariantProps]:
        """The instance variants, as props with the defaults filled in (1 instance, ml.t2.medium, weight 1.0)."""
        return [v.props for v in self._instance_variants.values()]

    @property
    def shadow_production_variants(self) -> list[InstanceProductionVariantProps]:
        """The shadow variant (at most one), as props with the defaults filled in."""
        return [v.props for v in self._shadow_variants.values()]

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
            fail(
                self, "Cannot add instance production variant when serverless production variant is already configured"
            )
        check_type(self, "props", props, (InstanceProductionVariantProps,), "an InstanceProductionVariantProps")
        if props.variant_name in self._instance_variants:
            fail(self, f"There is already a Production Variant with name '{props.variant_name}'")
        if props.variant_name in self._shadow_variants:
            fail(self, f"There is already a shadow production variant with name '{props.variant_name}'")
        variant = _resolve_instance(self.node.path, props, self._env())
        _check_component_mix(
            self.node.path,
            [*self._instance_variants.values(), variant],
            self._async_inference,
            self._shadow_variants,
        )
        if variant.hosts_components:
            self._ensure_execution_role()
        self._instance_variants[variant.variant_name] = variant
        self._grant_writes(variant)

    def add_shadow_production_variant(self, props: InstanceProductionVariantProps) -> None:
        """Add the shadow variant: it receives a copy of the production variant's requests (a shadow test).

        A shadow test needs exactly one production instance variant (checked at synth) and one shadow variant,
        with distinct names; it cannot be combined with serverless or asynchronous inference.

        Example::

            config.add_shadow_production_variant(sagemaker.InstanceProductionVariantProps(
                model=candidate_model, variant_name="shadow"))
        """
        if self._serverless_variant is not None:
            fail(self, _SHADOW_WITH_SERVERLESS)
        if self._async_inference is not None:
            fail(self, _SHADOW_WITH_ASYNC)
        check_type(self, "props", props, (InstanceProductionVariantProps,), "an InstanceProductionVariantProps")
        if self._shadow_variants:
            fail(
                self,
                f"Can't have more than {MAX_SHADOW_VARIANTS} shadow production variant "
                f"(got {len(self._shadow_variants) + 1})",
            )
        _check_shadow_name(self.node.path, props.variant_name, self._instance_variants)
        if self.hosts_inference_components:
            fail(self, _COMPONENTS_WITH_SHADOW)
        variant = _resolve_instance(self.node.path, props, self._env(), shadow=True)
        self._shadow_variants[variant.variant_name] = variant
        self._grant_writes(variant)

    def add_serverless_production_variant(self, props: ServerlessProductionVariantProps) -> None:
        """Set the serverless variant (only one, never together with instance variants)."""
        if self._instance_variants:
            fail(
                self,
                "Cannot add serverless production variant when instance production variants are already configured",
            )
        if self._serverless_variant is not None:
            fail(self, "Cannot add more than one serverless production variant per endpoint configuration")
        _check_serverless_compatible(self.node.path, self._async_inference, self._data_capture, self._shadow_variants)
        self._serverless_variant = _resolve_serverless(self.node.path, props, self._env())
        self._grant_writes(self._serverless_variant)

    def _grant_writes(self, variant: _InstanceVariant | _ServerlessVariant) -> None:
        """Give the variant's model the rights to write what this config makes it write (see S3Location)."""
        model: Any = variant.model
        if model is None:  # a component variant: SageMaker writes with the config's execution role
            model = _ExecutionRoleGrantee(self)
        role = model.role
        dump = variant.core_dump_destination if isinstance(variant, _InstanceVariant) else None
        dump_key = variant.core_dump_encryption_key if isinstance(variant, _InstanceVariant) else None
        writers = [w for w in (self._async_inference, self._data_capture) if w is not None]
        if role is None or not (writers or dump):  # nothing to grant, or no role to grant to (an imported model)
            return
        for writer in writers:
            writer.bind(role, model)
        if dump is not None:
            dump.bind(role, model, kms_key_arn(self, dump_key, "core_dump_encryption_key"))
        if not isinstance(model, (Model, _ExecutionRoleGrantee)) and role not in self._granted_roles:
            self._granted_roles.append(role)  # a Model waits for its own grants; an imported one cannot

    def _render_depends_on(self) -> list[str] | None:
        """The grants made to imported models' roles: created before the config, so the endpoint can use them."""
        roles = [*self._granted_roles]
        if self._execution_role is not None and self.hosts_inference_components:
            roles.append(self._execution_role)  # the config is checked against its role when it is created
        return [address for role in roles for address in role_dependency_addresses(role)] or None

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
        if self._shadow_variants:
            errors += self._shadow_test_errors()
        # Providers can be changed through the escape hatches after the variants were added: check again.
        env = self._env()
        variants: list[Any] = [*self._instance_variants.values(), *self._shadow_variants.values()]
        if self._serverless_variant is not None:
            variants.append(self._serverless_variant)
        for variant in variants:
            if variant.model is None:
                continue
            mismatch = _env_mismatch(_model_env(variant.model), env, "model", "endpoint configuration")
            if mismatch:
                errors.append(f"variant '{variant.variant_name}': {mismatch}")
        return errors

    def _shadow_test_errors(self) -> list[str]:
        """AWS's shadow test rules that need the whole config: one production variant, no pipelines, no Inf1."""
        errors: list[str] = []
        if len(self._instance_variants) != 1:
            errors.append(
                f"A shadow variant needs exactly 1 production instance variant (got {len(self._instance_variants)})"
            )
        for variant in [*self._instance_variants.values(), *self._shadow_variants.values()]:
            if str(variant.instance_type).startswith("ml.inf1."):
                errors.append(
                    f"Shadow tests do not support Inf1 instances (variant '{variant.variant_name}': "
                    f"{variant.instance_type})"
                )
            containers = getattr(variant.model, "_containers", None)
            if isinstance(variant.model, Model) and containers is not None and len(containers) > 1:
                errors.append(
                    f"Shadow tests do not support multi-container models (variant "
                    f"'{variant.variant_name}' hosts {len(containers)} containers)"
                )
        return errors

    def _render_production_variants(self) -> list[dict[str, Any]]:
        if self._serverless_variant is not None:
            return [self._serverless_variant.render()]
        return [v.render() for v in self._instance_variants.values()]

    def _render_shadow_production_variants(self) -> list[dict[str, Any]] | None:
        return [v.render() for v in self._shadow_variants.values()] or None


_SHADOW_WITH_ASYNC = (
    "Shadow variants cannot be used with async_inference (AWS does not run shadow tests on asynchronous endpoints)"
)
_SHADOW_WITH_SERVERLESS = (
    "Shadow variants cannot be used with a serverless production variant (AWS does not run "
    "shadow tests on serverless endpoints)"
)


_COMPONENTS_WITH_SHADOW = (
    "Shadow variants cannot be used with a variant that hosts inference components (model=None): "
    "shadow tests compare models, give every variant a model or drop the shadow variant"
)


class _ExecutionRoleGrantee:
    """The config's execution role as a grantee (``add_to_role_policy``), for what component variants write."""

    def __init__(self, config: EndpointConfig) -> None:
        self._config = config

    @property
    def role(self) -> RoleLike | None:
        return self._config._execution_role

    def add_to_role_policy(self, statement: Any) -> None:
        self._config._grant_to_execution_role(statement)


def _check_execution_role(where: str, role: Any) -> str | None:
    """The ARN of ``execution_role`` (an IamRole, DataAwsIamRole or role ARN string), or None."""
    if role is None:
        return None
    if isinstance(role, str):
        from .iam import role_name_from_arn

        role_name_from_arn(where, role)  # a literal ARN must be a role ARN
        return role
    from .iam import check_role

    checked = check_role(where, "execution_role", role)
    arn: str = checked.arn
    return arn


def _check_component_mix(where: str, variants: list[_InstanceVariant], async_inference: Any, shadow: Any) -> None:
    """What AWS refuses next to a variant that hosts inference components."""
    hosting = [v.variant_name for v in variants if v.hosts_components]
    if not hosting:
        return
    with_model = [v.variant_name for v in variants if not v.hosts_components]
    if with_model:
        fail(
            where,
            "A config whose variants host inference components (model=None: "
            f"{', '.join(map(repr, hosting))}) cannot also have variants with a model "
            f"({', '.join(map(repr, with_model))}); put the models on their own endpoint, or deploy them as "
            "InferenceComponent(model=...) on the component variant",
        )
    if async_inference is not None:
        fail(
            where,
            "async_inference cannot be used with a variant that hosts inference components (model=None: "
            f"{', '.join(map(repr, hosting))}); inference components serve real-time requests",
        )
    if shadow:
        fail(where, _COMPONENTS_WITH_SHADOW)


def _check_shadow_name(where: str, name: str, production: dict[str, _InstanceVariant]) -> None:
    if name in production:
        fail(where, f"The shadow variant needs a name distinct from the production variants (both are named '{name}')")


def _check_serverless_compatible(where: str, async_inference: Any, data_capture: Any, shadow: Any) -> None:
    """What AWS does not support on a serverless endpoint, said before Terraform sends it."""
    if async_inference is not None:
        fail(
            where,
            "async_inference needs instance production variants; a serverless variant cannot serve "
            "asynchronous inference",
        )
    if data_capture is not None:
        fail(
            where,
            "data_capture is not supported with a serverless production variant (Serverless Inference "
            "does not capture data)",
        )
    if shadow:
        fail(where, _SHADOW_WITH_SERVERLESS)
