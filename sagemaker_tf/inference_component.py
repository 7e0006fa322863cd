"""Inference components: many models on the instances of one endpoint variant, each with its own compute and copies.

An endpoint config variant without a model (``InstanceProductionVariantProps(model=None, ...)``) hosts inference
components. Each :class:`InferenceComponent` renders one ``awscc_sagemaker_inference_component`` (provider
``hashicorp/awscc``, see ``_runtime/awscc.py``): a model (``model=``) or a container (image, artifacts, environment),
the compute it reserves per copy (:class:`ComputeRequirements`), and how many copies run (``copy_count``).

Updates: the awscc provider marks no argument of ``awscc_sagemaker_inference_component`` as RequiresReplace
(``internal/aws/sagemaker/inference_component_resource_gen.go``), so any change is an in-place
UpdateInferenceComponent, which SageMaker rolls out copy by copy while the endpoint keeps serving. The component's
name is generated once from its construct path and never changes. ``runtime_config.copy_count`` is write-only:
every update sends it, so an update resets an autoscaled copy count to ``copy_count`` (``sagemaker-tf review``
flags it).

Checked here: the variant exists and hosts components; ``model`` or ``container``, not both; memory is required (at
least 128 MB); accelerators only on accelerated instance types (G, P, Inf, Trn families) and, where sagemaker-core
knows the type's GPU count (``InstanceType.accelerator_count``, from the instance facts table), the accelerators of
all the variant's components fit one instance (otherwise a warning says the fit was not checked); copy count, startup
timeouts and name as the API reference limits them.
"""

from __future__ import annotations

import math
import re
import weakref
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Unpack

from constructs import Construct

from ._aws_env import default_aws_provider
from ._runtime.awscc import AwsccProvider, AwsccResource
from ._runtime.checks import construct_location
from ._runtime.framework import Annotations, TerraformProvider
from ._runtime.tokens import is_token
from ._runtime.tree import new_child, singleton
from ._validation import check_duration, check_int, check_number, check_str, check_type, fail, show
from .container_definition import ContainerDefinition
from .container_image import ContainerImage, ContainerImageConfig, check_image_uri
from .endpoint import Endpoint, IEndpoint
from .endpoint_config import EndpointConfig
from .iam import Grant, Grantee, PolicyStatement, grant
from .instance_type import AcceleratorFamily, InstanceType
from .metrics import Metric, MetricOptions, component_metric, generated_name
from .model import IModel
from .model_data import ModelDataConfig
from .production_variant import ResolvedInstanceVariant
from .s3_location import split_s3_uri
from .scaling.copy_count import ScalableCopyCount, add_zero_instance_check, auto_scale_copy_count

RESOURCE_TYPE = "awscc_sagemaker_inference_component"
MAX_NAME = 63
_NAME_RULE = re.compile(r"^[a-zA-Z0-9](-*[a-zA-Z0-9])*$")
_NAME_TEXT = "1-63 alphanumerics or hyphens, starting and ending with an alphanumeric"
MIN_MEMORY_MB = 128
"""``MinMemoryRequiredInMb`` / ``MaxMemoryRequiredInMb``: at least 128 (compute resource requirements)."""
MIN_CPU_CORES = 0.25
"""``NumberOfCpuCoresRequired``: at least 0.25."""
MIN_ACCELERATORS = 1
"""``NumberOfAcceleratorDevicesRequired``: at least 1."""
STARTUP_TIMEOUT_S = (60, 3600)
"""``ModelDataDownloadTimeoutInSeconds`` and ``ContainerStartupHealthCheckTimeoutInSeconds``: 60-3600 s."""
MAX_ARTIFACT_URL = 1024


@dataclass(frozen=True, kw_only=True)
class ComputeRequirements:
    """The compute one copy of an inference component reserves on an instance.

    ``min_memory_mb`` (required, at least 128), ``max_memory_mb`` (at least ``min_memory_mb``), ``accelerators``
    (whole GPUs or Neuron devices, at least 1) and ``cpu_cores`` (at least 0.25).

    Example::

        sagemaker.ComputeRequirements(min_memory_mb=24_576, accelerators=2)
        sagemaker.ComputeRequirements(min_memory_mb=1024, max_memory_mb=2048, cpu_cores=0.5)
    """

    min_memory_mb: int
    max_memory_mb: int | None = None
    accelerators: int | None = None
    cpu_cores: float | None = None

    def __post_init__(self) -> None:
        where = "ComputeRequirements"
        check_int(where, "min_memory_mb", self.min_memory_mb, MIN_MEMORY_MB)  # required: None is refused too
        for name, low in (
            ("max_memory_mb", MIN_MEMORY_MB),
            ("accelerators", MIN_ACCELERATORS),
        ):
            value = getattr(self, name)
            if value is not None:
                check_int(where, name, value, low)
        cores = self.cpu_cores
        if cores is not None and not is_token(cores):
            check_number(where, "cpu_cores", cores)
            if not math.isfinite(cores) or cores < MIN_CPU_CORES:
                fail(where, f"cpu_cores must be a finite number of at least {MIN_CPU_CORES} (got {show(cores)})")
        low, high = self.min_memory_mb, self.max_memory_mb
        if high is not None and not is_token(low) and not is_token(high) and high < low:
            fail(where, f"max_memory_mb must be at least min_memory_mb (got max_memory_mb={high}, min_memory_mb={low})")

    def render(self) -> dict[str, Any]:
        """The ``compute_resource_requirements`` object."""
        out = {
            "min_memory_required_in_mb": self.min_memory_mb,
            "max_memory_required_in_mb": self.max_memory_mb,
            "number_of_accelerator_devices_required": self.accelerators,
            "number_of_cpu_cores_required": self.cpu_cores,
        }
        return {key: value for key, value in out.items() if value is not None}


class _ExecutionRoleGrantee:
    """What an image or model data binds to (``add_to_role_policy``): the endpoint config's execution role."""

    def __init__(self, config: EndpointConfig | None) -> None:
        self._config = config

    @property
    def role(self) -> Any:
        return None if self._config is None else self._config.execution_role

    def add_to_role_policy(self, statement: PolicyStatement) -> None:
        if self._config is not None:
            self._config._internal_grant_to_execution_role(statement)


def _check_name(where: str, field_name: str, value: Any) -> None:
    check_str(where, field_name, value)
    if not is_token(value) and (len(value) > MAX_NAME or not _NAME_RULE.fullmatch(value)):
        fail(where, f"{field_name} must be {_NAME_TEXT} (got {show(value)!r})")


def _check_seconds(where: str, field_name: str, value: Any) -> int | None:
    seconds = check_duration(where, field_name, value)
    if seconds is None:
        return None
    low, high = STARTUP_TIMEOUT_S
    if not low <= seconds <= high:
        fail(where, f"{field_name} must be between {low} and {high} seconds (got {seconds})")
    return seconds


def _check_container(where: str, container: Any) -> ContainerDefinition:
    check_type(where, "container", container, (ContainerDefinition,), "a ContainerDefinition")
    if container.model_package is not None:
        fail(
            where,
            "container cannot take a model_package (an inference component's container has only an image, "
            "artifacts and environment); deploy the package as a Model and pass model=",
        )
    refused = [
        name for name in ("container_hostname", "multi_model", "additional_model_data") if getattr(container, name)
    ]
    if refused:
        fail(
            where,
            f"{', '.join(refused)} cannot be used in an inference component's container (it has only image, "
            "model_data and environment); use a Model and pass model=",
        )
    checked: ContainerDefinition = container
    return checked


# The components created per (endpoint, variant name): the compute of every copy that shares the variant's instances.
_components: weakref.WeakKeyDictionary[Any, dict[str, list[ComputeRequirements]]] = weakref.WeakKeyDictionary()


def _variant_record(where: str, endpoint: IEndpoint, variant_name: str) -> ResolvedInstanceVariant | None:
    """The config's variant ``variant_name`` (None when the endpoint's config is imported: nothing to check)."""
    if not isinstance(endpoint, Endpoint) or not isinstance(endpoint.endpoint_config, EndpointConfig):
        return None
    config = endpoint.endpoint_config
    variants = config._internal_instance_variants()
    record = variants.get(variant_name)
    if record is None:
        names = ", ".join(repr(n) for n in variants) or "none"
        fail(where, f"endpoint {endpoint.node.path} has no instance variant named {variant_name!r} (variants: {names})")
    if not record.hosts_components:
        fail(
            where,
            f"variant {variant_name!r} hosts a model, not inference components; create the variant without a model "
            "(InstanceProductionVariantProps(model=None, ...)) to host components",
        )
    return record


def _compute_errors(
    record: ResolvedInstanceVariant, compute: ComputeRequirements, others: list[ComputeRequirements]
) -> str:
    """What does not fit the variant's instance type ("" when it fits or the facts are unknown)."""
    instance_type = str(record.instance_type)
    wanted = compute.accelerators
    if wanted is None or is_token(wanted):
        return ""
    listed = None if is_token(instance_type) else InstanceType.of(instance_type, unchecked=True)
    if listed is not None and listed.accelerator is AcceleratorFamily.NONE:
        return (
            f"accelerators={wanted} needs an accelerated instance type (G, P, Inf or Trn families); variant "
            f"{record.variant_name!r} runs on {instance_type}: drop accelerators or host the component on a GPU variant"
        )
    available = listed.accelerator_count if listed is not None else None
    if available is None:
        return ""
    used = sum(c.accelerators for c in others if c.accelerators is not None and not is_token(c.accelerators))
    if used + wanted > available:
        return (
            f"the components of variant {record.variant_name!r} need {used + wanted} accelerators per copy set "
            f"({used} already placed + {wanted}), but {instance_type} has {available}: lower accelerators or use a "
            "larger instance type"
        )
    return ""


_AWSCC_PROVIDER_ID = "SagemakerTfAwsccProvider"


def default_awscc_provider(scope: Construct) -> AwsccProvider:
    """The stack's awscc provider, created on first use in the region of the stack's default AWS provider (read at
    synth: unset when that one is unset, so both take the region from the environment).

    Example::

        provider = default_awscc_provider(stack)
    """

    def make(stack: Any, construct_id: str) -> AwsccProvider:
        def region_of() -> Any:
            aws = default_aws_provider(stack)
            return None if aws is None else aws.region

        return AwsccProvider(stack, construct_id, region_of=region_of)

    provider: AwsccProvider = singleton(scope, _AWSCC_PROVIDER_ID, make)
    return provider


class InferenceComponent(Construct):
    """One model deployed on a component-hosting variant of an endpoint, with its compute and copy count.

    Give ``model`` (an :class:`IModel`) or ``container`` (a :class:`ContainerDefinition` with ``image``, optional
    ``model_data`` as one archive, and ``environment``), not both. For a container, the endpoint config's
    execution role gets the rights to pull the image and read the artifacts. Without ``inference_component_name``
    a name is generated from the construct path (63 characters at most) and kept across updates. The resource is
    ``awscc_sagemaker_inference_component`` on the stack's awscc provider (configured for the region of the
    stack's AWS provider); pass ``provider=`` to use another awscc provider.

    Example::

        llama = sagemaker.InferenceComponent(stack, "Llama", endpoint=endpoint, variant_name="llms",
            model=llama_model, compute=sagemaker.ComputeRequirements(min_memory_mb=24_576, accelerators=2),
            copy_count=1, container_startup_timeout=timedelta(minutes=10))
        llama.grant_invoke(app_role)
        copies = llama.auto_scale_copy_count(min_capacity=0, max_capacity=2)
        copies.scale_on_invocations_per_copy("Load", target=10)
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        endpoint: IEndpoint,
        variant_name: str,
        compute: ComputeRequirements,
        model: IModel | None = None,
        container: ContainerDefinition | None = None,
        copy_count: int = 1,
        inference_component_name: str | None = None,
        model_data_download_timeout: timedelta | None = None,
        container_startup_timeout: timedelta | None = None,
        provider: TerraformProvider | None = None,
    ) -> None:
        where = construct_location(scope, id, "InferenceComponent", check_id=False)
        check_type(where, "endpoint", endpoint, (IEndpoint,), "an Endpoint or an imported one (Endpoint.from_...)")
        _check_name(where, "variant_name", variant_name)
        if (model is None) == (container is None):
            fail(where, "Give exactly one of model (an IModel) or container (a ContainerDefinition)")
        if model is not None:
            check_type(where, "model", model, (IModel,), "an IModel (a Model or Model.from_model_arn / _name)")
        if container is not None:
            _check_container(where, container)
        check_type(where, "compute", compute, (ComputeRequirements,), "a ComputeRequirements")
        check_int(where, "copy_count", copy_count, 0)
        if inference_component_name is not None:
            _check_name(where, "inference_component_name", inference_component_name)
        download_s = _check_seconds(where, "model_data_download_timeout", model_data_download_timeout)
        startup_s = _check_seconds(where, "container_startup_timeout", container_startup_timeout)
        if provider is not None:
            check_type(where, "provider", provider, (TerraformProvider,), "a TerraformProvider (an awscc provider)")
        record = _variant_record(where, endpoint, variant_name)
        placed = _components.setdefault(endpoint, {}).setdefault(variant_name, [])
        if record is not None:
            error = _compute_errors(record, compute, placed)
            if error:
                fail(where, error)

        with new_child(self, scope, id, where):
            super().__init__(scope, id)
        self._endpoint = endpoint
        self._variant_name = variant_name
        self._model = model
        self._container = container
        self._compute = compute
        self._copy_count = copy_count
        self._record = record
        self._name = inference_component_name or generated_name(self.node.path, MAX_NAME, r"[^0-9A-Za-z]+")
        config = endpoint.endpoint_config if isinstance(endpoint, Endpoint) else None
        grantee = _ExecutionRoleGrantee(config if isinstance(config, EndpointConfig) else None)
        self._container_spec = None if container is None else self._bind_container(container, grantee)
        startup = {
            "model_data_download_timeout_in_seconds": download_s,
            "container_startup_health_check_timeout_in_seconds": startup_s,
        }
        self._startup = {k: v for k, v in startup.items() if v is not None} or None
        self._resource = AwsccResource(
            self,
            "Resource",
            RESOURCE_TYPE,
            self._render,
            provider=provider if provider is not None else default_awscc_provider(self),
        )
        placed.append(compute)
        self._warn_unchecked_fit()
        add_zero_instance_check(self)

    def _bind_container(self, container: ContainerDefinition, grantee: _ExecutionRoleGrantee) -> dict[str, Any]:
        assert isinstance(container.image, ContainerImage)  # a ContainerDefinition without a package has an image
        image = container.image.bind(self, grantee)  # type: ignore[arg-type]
        if not isinstance(image, ContainerImageConfig) or not isinstance(image.image_name, str):
            fail(self, f"{type(container.image).__name__}.bind must return a ContainerImageConfig (got {show(image)})")
        if image.repository_access_mode is not None:
            fail(self, "an image from a private registry cannot be used in an inference component's container")
        spec: dict[str, Any] = {"image": check_image_uri(self, image.image_name)}
        if container.model_data is not None:
            data = container.model_data.bind(self, grantee)  # type: ignore[arg-type]
            if not isinstance(data, ModelDataConfig) or not isinstance(data.uri, str):
                fail(
                    self, f"{type(container.model_data).__name__}.bind must return a ModelDataConfig (got {show(data)})"
                )
            if data.needs_data_source:
                fail(
                    self,
                    "an inference component's artifacts are one archive (artifact_url); uncompressed data "
                    "(ModelData.from_bucket_prefix or accept_eula) needs a Model: pass model=",
                )
            uri = data.uri
            if not is_token(uri) and (len(uri) > MAX_ARTIFACT_URL or split_s3_uri(uri, ("s3", "https")) is None):
                fail(self, f"model data must be an s3:// or https:// URL of at most {MAX_ARTIFACT_URL} characters")
            spec["artifact_url"] = uri
        if container.environment:
            spec["environment"] = dict(container.environment)
        return spec

    def _warn_unchecked_fit(self) -> None:
        record = self._record
        if record is None:
            return
        instance_type = str(record.instance_type)
        if (
            self._compute.accelerators is not None
            and not is_token(instance_type)
            and InstanceType.of(instance_type, unchecked=True).accelerator_count is None
        ):
            Annotations.of(self).add_warning(
                f"sagemaker-tf does not know how many accelerators {instance_type} has, so it did not check that "
                f"the components of variant {record.variant_name!r} fit one instance; check their accelerators, "
                "memory and CPU cores against the instance type"
            )

    def _render(self) -> dict[str, Any]:
        spec: dict[str, Any] = {"compute_resource_requirements": self._compute.render()}
        if self._model is not None:
            spec["model_name"] = self._model.model_name
        if self._container_spec is not None:
            spec["container"] = self._container_spec
        if self._startup is not None:
            spec["startup_parameters"] = self._startup
        return {
            "endpoint_name": self._endpoint.endpoint_name,
            "variant_name": self._variant_name,
            "inference_component_name": self._name,
            "specification": spec,
            "runtime_config": {"copy_count": self._copy_count},
        }

    @property
    def resource(self) -> AwsccResource:
        """The ``awscc_sagemaker_inference_component`` resource (an escape hatch: ``add_override`` works)."""
        return self._resource

    @property
    def inference_component_name(self) -> str:
        """The component's name (a reference to the resource, so users of it are created after it)."""
        name: str = self._resource.get_string_attribute("inference_component_name")
        return name

    @property
    def inference_component_arn(self) -> str:
        """The component's ARN."""
        arn: str = self._resource.get_string_attribute("inference_component_arn")
        return arn

    @property
    def endpoint(self) -> IEndpoint:
        """The endpoint hosting the component."""
        return self._endpoint

    @property
    def variant_name(self) -> str:
        """The variant whose instances run the component's copies."""
        return self._variant_name

    @property
    def compute(self) -> ComputeRequirements:
        """The compute each copy reserves."""
        return self._compute

    @property
    def copy_count(self) -> int:
        """The copies created (and restored by every update, see the module doc)."""
        return self._copy_count

    @property
    def managed_min_instance_count(self) -> int | None:
        """The variant's managed minimum instance count (None when unknown or not managed)."""
        scaling = None if self._record is None else self._record.managed_instance_scaling
        return None if scaling is None else scaling.min_instance_count

    def grant_invoke(self, grantee: Grantee) -> Grant:
        """Give ``grantee`` ``sagemaker:InvokeEndpoint`` for this component on its endpoint.

        The statement names the endpoint and this component's ARN: AWS authorizes an InvokeEndpoint that names an
        inference component against both resources, so the grantee can call this component and no other.

        Example::

            component.grant_invoke(app_role)
        """
        statement = PolicyStatement(
            actions=["sagemaker:InvokeEndpoint"],
            resources=[self._endpoint.endpoint_arn, self.inference_component_arn],
        )
        return grant(grantee, [statement], where=self)

    def auto_scale_copy_count(self, *, max_capacity: int, min_capacity: int = 1) -> ScalableCopyCount:
        """Register the copy count with Application Auto Scaling (``inference-component/<name>``).

        ``min_capacity=0`` needs a variant whose ``managed_instance_scaling`` allows 0 instances; it adds the step
        policy and ``NoCapacityInvocationFailures`` alarm that bring the first copy back.

        Example::

            copies = component.auto_scale_copy_count(min_capacity=0, max_capacity=4)
            copies.scale_on_concurrent_requests_per_copy("Concurrency", target=4)
        """
        return auto_scale_copy_count(self, max_capacity=max_capacity, min_capacity=min_capacity)

    # --- metrics ---------------------------------------------------------------------------------------------------
    def metric_invocations_per_copy(self, **options: Unpack[MetricOptions]) -> Metric:
        """``AWS/SageMaker`` ``InvocationsPerCopy``: invocations per copy of this component (Sum over 5 minutes)."""
        return component_metric(self.inference_component_name, "InvocationsPerCopy", "Sum", options)

    def metric_model_latency(self, **options: Unpack[MetricOptions]) -> Metric:
        """``AWS/SageMaker`` ``ModelLatency`` of this component, in microseconds (Average over 5 minutes)."""
        return component_metric(self.inference_component_name, "ModelLatency", "Average", options)

    def metric_no_capacity_invocation_failures(self, **options: Unpack[MetricOptions]) -> Metric:
        """``AWS/SageMaker`` ``NoCapacityInvocationFailures``: calls that failed because no copy ran (Sum)."""
        return component_metric(self.inference_component_name, "NoCapacityInvocationFailures", "Sum", options)
