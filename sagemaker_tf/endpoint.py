"""Endpoints: the Endpoint construct, its production variants (metrics and autoscaling entry points), imports.

An ``Endpoint`` renders one ``aws_sagemaker_endpoint`` whose ``endpoint_config_name`` references the config's
name attribute. Without ``endpoint_name`` the name is left to Terraform, which generates a unique one once and
keeps it: a new config (see ``EndpointConfig``) then updates the endpoint in place (UpdateEndpoint) instead of
replacing it.

``deployment`` (a :class:`~sagemaker_tf.deployment.DeploymentPolicy`) renders ``deployment_config`` through
``_runtime/render.py``, so ``endpoint.resource.add_override("deployment_config.0....", ...)`` merges into it.
"""

from __future__ import annotations

from typing import Unpack

from constructs import Construct

from . import _aws_env, metrics, scaling
from . import deployment as _deployment
from ._aws_env import construction_mismatch, env_mismatch, env_of_provider, env_of_resource, name_from_arn
from ._runtime import tree as _tree
from ._runtime.checks import add_synth_check, construct_location
from ._runtime.framework import SagemakerEndpoint
from ._runtime.render import placed, render, rendered
from ._runtime.tokens import ResourceToken
from ._runtime.tree import new_child
from ._validation import check_resource_name, check_str, check_type, fail
from .deployment import DeploymentPolicy
from .endpoint_config import EndpointConfig, IEndpointConfig
from .iam import Grant, Grantee, PolicyStatement, grant
from .instance_type import AcceleratorType, InstanceType
from .metrics import InvocationHttpResponseCode, Metric, MetricOptions
from .production_variant import ResolvedInstanceVariant, ResolvedServerlessVariant
from .scaling import ScalableInstanceCount, ScalableProvisionedConcurrency

_IMPORTED_CONFIG_LOOKUP = "Production variant lookup is not supported for an imported IEndpointConfig"


class _ProductionVariant:
    """What every hosted variant has: its endpoint, its name and the metrics upstream offers for all variants."""

    variant_name: str

    def __init__(self, endpoint: Endpoint, variant_name: str) -> None:
        self._endpoint = endpoint
        self.variant_name = variant_name

    @property
    def endpoint(self) -> Endpoint:
        """The endpoint hosting this variant."""
        return self._endpoint

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._endpoint.node.path!r}, {self.variant_name!r})"

    def metric(self, namespace: str, metric_name: str, **options: Unpack[MetricOptions]) -> Metric:
        """A metric of this variant (dimensions ``EndpointName``/``VariantName``; Sum over 5 minutes)."""
        return metrics.variant_metric(self, namespace, metric_name, **options)

    def metric_invocations(self, **options: Unpack[MetricOptions]) -> Metric:
        """``AWS/SageMaker`` ``Invocations`` (Sum)."""
        return metrics.metric_invocations(self, **options)

    def metric_model_latency(self, **options: Unpack[MetricOptions]) -> Metric:
        """``AWS/SageMaker`` ``ModelLatency`` (Average)."""
        return metrics.metric_model_latency(self, **options)

    def metric_overhead_latency(self, **options: Unpack[MetricOptions]) -> Metric:
        """``AWS/SageMaker`` ``OverheadLatency`` (Average)."""
        return metrics.metric_overhead_latency(self, **options)

    def metric_invocation_response_code(
        self, code: InvocationHttpResponseCode, **options: Unpack[MetricOptions]
    ) -> Metric:
        """``AWS/SageMaker`` ``Invocation4XXErrors`` / ``Invocation5XXErrors`` (Sum)."""
        return metrics.metric_invocation_response_code(self, code, **options)


class InstanceProductionVariant(_ProductionVariant):
    """An instance variant as hosted by an endpoint: metrics and autoscaling.

    Get one from ``endpoint.find_instance_production_variant(name)`` or ``endpoint.instance_production_variants``;
    the same object is returned for the same name.

    Example::

        variant = endpoint.find_instance_production_variant("variantA")
        scaling = variant.auto_scale_instance_count(max_capacity=3)
        variant.metric_model_latency().create_alarm(stack, "Latency", threshold=100000, evaluation_periods=3)
    """

    def __init__(self, endpoint: Endpoint, record: ResolvedInstanceVariant) -> None:
        super().__init__(endpoint, record.variant_name)
        self.initial_instance_count: int = record.initial_instance_count
        self.instance_type: InstanceType = record.instance_type
        self.initial_variant_weight: float = record.initial_variant_weight
        self.accelerator_type: AcceleratorType | None = record.accelerator_type
        self.hosts_components: bool = record.hosts_components
        """Whether the variant hosts inference components (it has no model)."""

    # --- autoscaling ---------------------------------------------------------------------------------------------
    def auto_scale_instance_count(self, *, max_capacity: int, min_capacity: int | None = None) -> ScalableInstanceCount:
        """Enable Application Auto Scaling of the instance count; returns a ``ScalableInstanceCount``.

        Not for a variant that hosts inference components: SageMaker scales its instances itself
        (``managed_instance_scaling``) as the components' copies need them.
        """
        if self.hosts_components:
            fail(
                self._endpoint,
                f"variant {self.variant_name!r} hosts inference components, whose instances SageMaker scales "
                "(managed_instance_scaling on the variant); scale the components instead with "
                "component.auto_scale_copy_count(...)",
            )
        return scaling.auto_scale_instance_count(self, max_capacity=max_capacity, min_capacity=min_capacity)

    def metric_invocations_per_instance(self, **options: Unpack[MetricOptions]) -> Metric:
        """``AWS/SageMaker`` ``InvocationsPerInstance`` (Sum)."""
        return metrics.metric_invocations_per_instance(self, **options)

    def metric_disk_utilization(self, **options: Unpack[MetricOptions]) -> Metric:
        """``/aws/sagemaker/Endpoints`` ``DiskUtilization`` (Average)."""
        return metrics.metric_disk_utilization(self, **options)

    def metric_cpu_utilization(self, **options: Unpack[MetricOptions]) -> Metric:
        """``/aws/sagemaker/Endpoints`` ``CPUUtilization`` (Average)."""
        return metrics.metric_cpu_utilization(self, **options)

    def metric_memory_utilization(self, **options: Unpack[MetricOptions]) -> Metric:
        """``/aws/sagemaker/Endpoints`` ``MemoryUtilization`` (Average)."""
        return metrics.metric_memory_utilization(self, **options)

    def metric_gpu_utilization(self, **options: Unpack[MetricOptions]) -> Metric:
        """``/aws/sagemaker/Endpoints`` ``GPUUtilization`` (Average)."""
        return metrics.metric_gpu_utilization(self, **options)

    def metric_gpu_memory_utilization(self, **options: Unpack[MetricOptions]) -> Metric:
        """``/aws/sagemaker/Endpoints`` ``GPUMemoryUtilization`` (Average)."""
        return metrics.metric_gpu_memory_utilization(self, **options)


class ServerlessProductionVariant(_ProductionVariant):
    """The serverless variant as hosted by an endpoint: metrics and provisioned-concurrency autoscaling.

    Get it from ``endpoint.serverless_production_variant`` (None when the config has instance variants).
    Upstream has no endpoint-side serverless variant; this is our addition.

    Example::

        variant = endpoint.serverless_production_variant
        variant.auto_scale_provisioned_concurrency(max_capacity=10)
        variant.metric_invocations().create_alarm(stack, "Busy", threshold=1000, evaluation_periods=1)
    """

    def __init__(self, endpoint: Endpoint, record: ResolvedServerlessVariant) -> None:
        super().__init__(endpoint, record.variant_name)
        self.max_concurrency: int = record.max_concurrency
        self.memory_size_in_mb: int = record.memory_size_in_mb
        self.provisioned_concurrency: int | None = record.provisioned_concurrency
        self.initial_variant_weight: float = record.initial_variant_weight

    def auto_scale_provisioned_concurrency(
        self, *, max_capacity: int, min_capacity: int | None = None
    ) -> ScalableProvisionedConcurrency:
        """Enable Application Auto Scaling of the provisioned concurrency (``DesiredProvisionedConcurrency``)."""
        return scaling.auto_scale_provisioned_concurrency(self, max_capacity=max_capacity, min_capacity=min_capacity)


class IEndpoint(Construct):
    """An endpoint, defined here (``Endpoint``) or imported (``Endpoint.from_endpoint_arn`` ...).

    Example::

        endpoint = sagemaker.Endpoint.from_endpoint_name(stack, "Imported", "my-endpoint")
        endpoint.grant_invoke(consumer_role)
    """

    endpoint_name: str
    endpoint_arn: str

    def grant_invoke(self, grantee: Grantee) -> Grant:
        """Give ``grantee`` ``sagemaker:InvokeEndpoint`` on this endpoint.

        ``grantee`` is a Model, an ``IamRole``, a ``DataAwsIamRole``, or an IAM role ARN string such as a Lambda
        function's ``role``. For an ARN, an inline ``aws_iam_role_policy`` under this endpoint goes to the role
        named by the ARN's last path segment (a literal ARN is checked; a token ARN is cut with ``regex``).

        Example::

            endpoint.grant_invoke(consumer_role)
            endpoint.grant_invoke("arn:aws:iam::111111111111:role/service-role/invoker")
        """
        statement = PolicyStatement(actions=["sagemaker:InvokeEndpoint"], resources=[self.endpoint_arn])
        return grant(grantee, [statement], where=self)


class _ImportedEndpoint(IEndpoint):
    def __init__(self, scope: Construct, id: str, arn: str, name: str) -> None:
        super().__init__(scope, id)
        self.endpoint_arn = arn
        self.endpoint_name = name


def _path(scope: Construct, id: str, check_id: bool = True) -> str:
    return construct_location(scope, id, "Endpoint", check_id)


class Endpoint(IEndpoint):
    """A SageMaker endpoint serving an endpoint config.

    Without ``endpoint_name`` Terraform generates the name once and keeps it, so a changed config updates the
    endpoint in place. The config must live on the same AWS provider (region, account) as the endpoint: a
    config from another stack is checked at construction (upstream's messages), and the providers of one stack
    (assigned through ``resource.provider`` after construction) at synth. ``deployment`` sets the deployment
    guardrails of later config changes (:class:`~sagemaker_tf.deployment.DeploymentPolicy`); a rolling update is
    refused for a serverless or multi-variant endpoint.

    Example::

        endpoint = sagemaker.Endpoint(stack, "Endpoint", endpoint_config=config,
            deployment=sagemaker.DeploymentPolicy.blue_green(
                traffic_routing=sagemaker.TrafficRouting.linear(sagemaker.Capacity.percent(20),
                                                                wait=timedelta(minutes=5))))
        endpoint.grant_invoke(consumer_role)
    """

    @staticmethod
    def from_endpoint_arn(scope: Construct, id: str, endpoint_arn: str) -> IEndpoint:
        """Import an endpoint by ARN; the name is taken from the ARN."""
        return Endpoint.from_endpoint_attributes(scope, id, endpoint_arn=endpoint_arn)

    @staticmethod
    def from_endpoint_name(scope: Construct, id: str, endpoint_name: str) -> IEndpoint:
        """Import an endpoint by name; the ARN is built from the stack's partition, region and account."""
        where = _path(scope, id)
        check_str(where, "endpoint_name", endpoint_name)
        check_resource_name(where, "endpoint_name", endpoint_name)
        arn = _aws_env.arn(scope, "sagemaker", "endpoint", endpoint_name)
        return _ImportedEndpoint(scope, id, arn, endpoint_name)

    @staticmethod
    def from_endpoint_attributes(scope: Construct, id: str, *, endpoint_arn: str) -> IEndpoint:
        """Import an endpoint from its attributes (the ARN)."""
        name = name_from_arn(_path(scope, id), endpoint_arn, "endpoint")
        return _ImportedEndpoint(scope, id, endpoint_arn, name)

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        endpoint_config: IEndpointConfig,
        endpoint_name: str | None = None,
        deployment: DeploymentPolicy | None = None,
    ) -> None:
        where = _path(scope, id, check_id=False)
        check_type(
            where,
            "endpoint_config",
            endpoint_config,
            (IEndpointConfig,),
            "an EndpointConfig or an imported one (EndpointConfig.from_endpoint_config_arn / _name)",
        )
        if endpoint_name is not None:
            check_str(where, "endpoint_name", endpoint_name)
            check_resource_name(where, "endpoint_name", endpoint_name)
        mismatch = construction_mismatch(
            endpoint_config._internal_env(),
            env_of_provider(_tree.stack_of(scope), None, None, owned=True),
            "endpoint configuration",
            "endpoint",
        )
        if mismatch:
            fail(where, mismatch)
        if deployment is not None:
            check_type(
                where,
                "deployment",
                deployment,
                (DeploymentPolicy,),
                "a DeploymentPolicy (DeploymentPolicy.blue_green(...) or DeploymentPolicy.rolling(...))",
            )
            if isinstance(endpoint_config, EndpointConfig):  # variants added later are checked again at synth
                errors = _deployment.rolling_errors(
                    deployment.is_rolling,
                    list(endpoint_config._internal_instance_variants().values()),
                    endpoint_config._internal_serverless_variant() is not None,
                )
                if errors:
                    fail(where, "; ".join(errors))

        with new_child(self, scope, id, where):
            super().__init__(scope, id)
        self._endpoint_config = endpoint_config
        self._deployment = deployment
        self._instance_variants: dict[str, InstanceProductionVariant] = {}
        self._serverless_variant: ServerlessProductionVariant | None = None
        # Rendered only with a deployment policy (a rendered resource costs a kernel callback at synth).
        self._resource: SagemakerEndpoint = (rendered if deployment is not None else placed)(SagemakerEndpoint)(
            self,
            "Endpoint",
            endpoint_config_name=endpoint_config.endpoint_config_name,
            name=endpoint_name,
        )
        self._bound_deployment = deployment.bind(self) if deployment is not None else None
        if self._bound_deployment is not None:
            bound = self._bound_deployment
            render(self._resource, "deployment_config", lambda: [bound.block])
            render(
                self._resource,
                "depends_on",
                lambda: [f"{r.terraform_resource_type}.{r.friendly_unique_id}" for r in bound.depends_on] or None,
            )
            add_synth_check(self, self._validate_deployment)
        add_synth_check(self, self._validate_environment)

    endpoint_name = ResourceToken("name")
    endpoint_arn = ResourceToken("arn")

    @property
    def resource(self) -> SagemakerEndpoint:
        """The underlying ``aws_sagemaker_endpoint`` resource (an escape hatch)."""
        return self._resource

    @property
    def endpoint_config(self) -> IEndpointConfig:
        """The endpoint config this endpoint serves."""
        return self._endpoint_config

    @property
    def deployment(self) -> DeploymentPolicy | None:
        """The deployment guardrails (blue/green or rolling update policy), or None."""
        return self._deployment

    # --- endpoint metrics (asynchronous inference) ---------------------------------------------------------------
    def metric_approximate_backlog_size(self, **options: Unpack[MetricOptions]) -> Metric:
        """``AWS/SageMaker`` ``ApproximateBacklogSize``: queued async requests (Average; dimension EndpointName)."""
        return metrics.metric_approximate_backlog_size(self, **options)

    def metric_approximate_backlog_size_per_instance(self, **options: Unpack[MetricOptions]) -> Metric:
        """``ApproximateBacklogSizePerInstance``: queued async requests per instance (Average)."""
        return metrics.metric_approximate_backlog_size_per_instance(self, **options)

    def metric_approximate_age_of_oldest_request(self, **options: Unpack[MetricOptions]) -> Metric:
        """``ApproximateAgeOfOldestRequest``: seconds the oldest queued async request has waited (Average)."""
        return metrics.metric_approximate_age_of_oldest_request(self, **options)

    def metric_has_backlog_without_capacity(self, **options: Unpack[MetricOptions]) -> Metric:
        """``HasBacklogWithoutCapacity``: 1 while requests are queued and no instance runs (Average)."""
        return metrics.metric_has_backlog_without_capacity(self, **options)

    @property
    def instance_production_variants(self) -> list[InstanceProductionVariant]:
        """The instance variants of the config (fails for an imported config)."""
        config = self._owned_config()
        return [self._instance_variant(record) for record in config._internal_instance_variants().values()]

    def find_instance_production_variant(self, name: str) -> InstanceProductionVariant:
        """The instance variant called ``name``; fails for an unknown name or an imported config."""
        config = self._owned_config()
        found = config._internal_instance_variants().get(name)
        if found is None:
            fail(self, f"No variant with name: '{name}'")
        return self._instance_variant(found)

    @property
    def serverless_production_variant(self) -> ServerlessProductionVariant | None:
        """The serverless variant of the config, or None (fails for an imported config)."""
        config = self._owned_config()
        record = config._internal_serverless_variant()
        if record is None:
            return None
        if self._serverless_variant is None or self._serverless_variant.variant_name != record.variant_name:
            self._serverless_variant = ServerlessProductionVariant(self, record)
        return self._serverless_variant

    def _owned_config(self) -> EndpointConfig:
        if not isinstance(self._endpoint_config, EndpointConfig):
            fail(self, _IMPORTED_CONFIG_LOOKUP)
        return self._endpoint_config

    def _instance_variant(self, record: ResolvedInstanceVariant) -> InstanceProductionVariant:
        variant = self._instance_variants.get(record.variant_name)
        if variant is None:
            variant = InstanceProductionVariant(self, record)
            self._instance_variants[record.variant_name] = variant
        return variant

    def _validate_deployment(self) -> list[str]:
        config = self._endpoint_config
        if self._bound_deployment is None or not isinstance(config, EndpointConfig):
            return []  # an imported config's variants are unknown
        autoscaled = {
            name
            for name in config._internal_instance_variants()
            if self.node.try_find_child(scaling.instance_count_id(name)) is not None
        }
        return _deployment.variant_errors(
            self._bound_deployment,
            list(config._internal_instance_variants().values()),
            config._internal_serverless_variant() is not None,
            autoscaled,
        )

    def _validate_environment(self) -> list[str]:
        mismatch = env_mismatch(
            self._endpoint_config._internal_env(), env_of_resource(self._resource), "endpoint configuration", "endpoint"
        )
        return [mismatch] if mismatch else []
