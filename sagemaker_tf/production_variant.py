"""Production variants: their props, the checks of one variant, and the resolved variants an EndpointConfig keeps and
an Endpoint reads (name, model, instance type and count, serverless config, tuning fields).
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum
from typing import Any

from ._aws_env import (
    Env,
    KmsKeyLike,
    construction_mismatch,
    env_of_arn,
    env_of_resource,
    kms_key_arn,
)
from ._runtime import tree as _tree
from ._runtime.tokens import is_token
from ._runtime.tree import path_of
from ._validation import (
    ENTITY_NAME_RULE,
    check_bool,
    check_int,
    check_number,
    check_str,
    check_type,
    fail,
    join_errors,
    show,
    whole_seconds,
)
from .instance_type import AcceleratorFamily, AcceleratorType, InstanceType
from .managed_instance_scaling import ManagedInstanceScaling
from .model import IModel, Model
from .s3_location import S3Location

MAX_INSTANCE_VARIANTS = 10
SERVERLESS_MEMORY_SIZES = (1024, 2048, 3072, 4096, 5120, 6144)
_VARIANT_NAME_TEXT = "variant_name must match ^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$"
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
_AMI_ACCELERATORS = {
    "gpu": (AcceleratorFamily.NVIDIA_GPU,),
    "neuron": (AcceleratorFamily.INFERENTIA, AcceleratorFamily.TRAINIUM),
}
"""Which accelerators each kind of inference AMI drives (the kind is the ``-gpu-`` / ``-neuron-`` part of its name)."""


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

    - ``volume_size_in_gb``: 1-512 GB of EBS storage per instance (not on a type with local NVMe storage,
      ``InstanceType.has_local_nvme_storage``);
    - ``model_data_download_timeout``: 60-3600 s to download the model artifacts;
    - ``inference_ami_version``: one of :data:`INFERENCE_AMI_VERSIONS` (GPU driver / Neuron AMI of the host; a GPU
      AMI only on an NVIDIA GPU type, a Neuron AMI only on Inferentia or Trainium);
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
        if self.initial_instance_count is not None:
            check_int(where, "initial_instance_count", self.initial_instance_count)
        if self.accelerator_type is not None:
            object.__setattr__(
                self, "accelerator_type", AcceleratorType.coerce(where, "accelerator_type", self.accelerator_type)
            )
        for field_name in ("container_startup_health_check_timeout", "model_data_download_timeout"):
            if getattr(self, field_name) is not None:
                check_type(where, field_name, getattr(self, field_name), (timedelta,), "a datetime.timedelta")
        if self.volume_size_in_gb is not None:
            check_int(where, "volume_size_in_gb", self.volume_size_in_gb)
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
            if value is not None:
                check_int(where, field_name, value)


def _check_common_types(where: str, model: Any, variant_name: Any, weight: Any, model_optional: bool = False) -> None:
    if model is not None or not model_optional:
        check_type(where, "model", model, (IModel,), _MODEL_KINDS)
    check_str(where, "variant_name", variant_name)
    if weight is not None:
        check_number(where, "initial_variant_weight", weight)


# --- resolved variants (what the config keeps and the endpoint reads) -------------------------------------------


@dataclass(frozen=True)
class ResolvedInstanceVariant:
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
    # Called after _seconds_errors accepted the value, so it holds whole seconds.
    return None if duration is None else whole_seconds(duration)


@dataclass(frozen=True)
class ResolvedServerlessVariant:
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


def _model_mismatch(model: Any, config_env: Env) -> str | None:
    """The construction-time check of a variant's model; models in the config's own stack wait for synth."""
    if not isinstance(model, IModel) or path_of(_tree.stack_of(model)) == config_env.stack_path:
        return None  # a wrong type is reported by the props check; same-stack providers are compared at synth
    return construction_mismatch(model_env(model), config_env, "model", "endpoint configuration")


def model_env(model: IModel) -> Env:
    if isinstance(model, Model):
        return env_of_resource(model.resource)
    return env_of_arn(model, model.model_arn)


# --- validation of one variant ----------------------------------------------------------------------------------


def _variant_name_errors(name: str) -> list[str]:
    if is_token(name) or ENTITY_NAME_RULE.fullmatch(name):
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
    seconds = whole_seconds(duration)
    if seconds is None:
        return [f"{field_name} must be a whole number of seconds (got {show(duration)})"]
    low, high = limits
    if not low <= seconds <= high:
        return [f"{field_name} must be between {low} and {high} seconds (got {seconds})"]
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
    instance_type = _listed_type(props.instance_type)
    if props.volume_size_in_gb is not None and instance_type is not None and instance_type.has_local_nvme_storage:
        errors.append(
            f"volume_size_in_gb cannot be set on {instance_type}: it has local NVMe instance storage, not an EBS volume"
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
    elif ami is not None and not is_token(ami) and instance_type is not None:
        kind = "gpu" if "-gpu-" in ami else "neuron"
        if instance_type.accelerator not in _AMI_ACCELERATORS[kind]:
            errors.append(
                f"inference_ami_version {ami} is a {'GPU' if kind == 'gpu' else 'Neuron'} AMI, but {instance_type} "
                f"has no {'NVIDIA GPU' if kind == 'gpu' else 'Inferentia or Trainium accelerator'} "
                f"(accelerator={instance_type.accelerator.value if instance_type.accelerator else 'unknown'})"
            )
    if shadow and props.core_dump_destination is not None and props.core_dump_encryption_key is None:
        errors.append(
            "A shadow variant's core dump needs core_dump_encryption_key (kms_key_id is required in a "
            "shadow variant's core_dump_config)"
        )
    return errors


def _listed_type(instance_type: InstanceType | str | None) -> InstanceType | None:
    """The variant's type when the instance facts table lists it (None for a token or an unlisted type)."""
    if instance_type is None or is_token(str(instance_type)):
        return None
    listed = InstanceType.of(str(instance_type), unchecked=True)
    return listed if listed.has_local_nvme_storage is not None else None


def family_errors(variant: ResolvedInstanceVariant, encrypted: bool) -> list[str]:
    """The rules that need the whole endpoint config and the variant's instance facts: no KMS key on a config with
    a local-NVMe variant (CreateEndpointConfig fails), and images built for the instance's CPU architecture."""
    errors: list[str] = []
    instance_type = _listed_type(variant.instance_type)
    if instance_type is None:
        return errors
    if encrypted and instance_type.has_local_nvme_storage:
        errors.append(
            f"encryption_key cannot be used: variant '{variant.variant_name}' runs on {instance_type}, which has "
            "local NVMe instance storage (encrypted by the instance's hardware); CreateEndpointConfig fails with a "
            "KmsKeyId on such a type"
        )
    model = variant.model
    if isinstance(model, Model):
        wanted = "arm64" if instance_type.is_graviton else "amd64"
        wrong = sorted(model._internal_architectures() - {wanted})
        if wrong:
            errors.append(
                f"variant '{variant.variant_name}' runs on {instance_type} ({wanted}"
                f"{', Graviton' if instance_type.is_graviton else ''}), but its model has an image built for "
                f"{', '.join(wrong)}; build it for linux/{wanted}"
            )
    return errors


def resolve_instance(where: str, props: Any, config_env: Env, shadow: bool = False) -> ResolvedInstanceVariant:
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
    return ResolvedInstanceVariant(
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


def resolve_serverless(where: str, props: Any, config_env: Env) -> ResolvedServerlessVariant:
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
    return ResolvedServerlessVariant(
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
