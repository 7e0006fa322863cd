"""Endpoint configurations: production variant props, the EndpointConfig construct and its imports.

An ``EndpointConfig`` renders one ``aws_sagemaker_endpoint_configuration``. Without ``endpoint_config_name`` it
gets a deterministic ``name_prefix`` and ``create_before_destroy``, so a change to any variant (or to a model it
hosts) creates a new configuration first, the endpoint is pointed at it, and only then is the old one deleted.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from constructs import Construct

from . import _aws_env
from ._aws_env import (
    Env,
    KmsKeyLike,
    env_mismatch,
    env_of_arn,
    env_of_resource,
    env_of_scope,
    kms_key_arn,
    name_from_arn,
)
from ._runtime.checks import add_synth_check, construct_location
from ._runtime.framework import (
    SagemakerEndpointConfiguration,
    TerraformResourceLifecycle,
)
from ._runtime.render import block_arguments, placed, render, rendered, resource_address, set_library_depends_on
from ._runtime.tokens import ResourceToken
from ._runtime.tree import new_child
from ._validation import (
    check_resource_name,
    check_sequence,
    check_str,
    check_type,
    fail,
    name_prefix_for,
)
from .async_inference import AsyncInferenceConfig
from .data_capture import DataCaptureConfig
from .iam import ExecutionRole, RoleLike, check_role, role_dependencies
from .iam import execution_role as _execution_role
from .iam import role_name_from_arn as _role_name_from_arn
from .model import Model
from .production_variant import (
    INFERENCE_AMI_VERSIONS as INFERENCE_AMI_VERSIONS,
)
from .production_variant import (
    MAX_INSTANCE_VARIANTS as MAX_INSTANCE_VARIANTS,
)
from .production_variant import (
    MAX_SHADOW_VARIANTS,
    ResolvedInstanceVariant,
    ResolvedServerlessVariant,
    family_errors,
    model_env,
    resolve_instance,
    resolve_serverless,
)
from .production_variant import (
    SERVERLESS_MEMORY_SIZES as SERVERLESS_MEMORY_SIZES,
)
from .production_variant import (
    InstanceProductionVariantProps as InstanceProductionVariantProps,
)
from .production_variant import (
    RoutingStrategy as RoutingStrategy,
)
from .production_variant import (
    ServerlessProductionVariantProps as ServerlessProductionVariantProps,
)


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

    def _internal_env(self) -> Env:
        """Internal (for ``endpoint.py``): the AWS environment (region, account, provider) the config lives in."""
        return env_of_arn(self, self.endpoint_config_arn)


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
        arn = _aws_env.arn(scope, "sagemaker", "endpoint-config", endpoint_config_name)
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
        env = env_of_scope(scope)
        instance: dict[str, ResolvedInstanceVariant] = {}
        for props in instance_props:
            variant = resolve_instance(where, props, env)
            if variant.variant_name in instance:
                fail(where, f"There is already a Production Variant with name '{variant.variant_name}'")
            instance[variant.variant_name] = variant
        shadow = {v.variant_name: v for v in (resolve_instance(where, p, env, shadow=True) for p in shadow_props)}
        for name in shadow:
            _check_shadow_name(where, name, instance)
        serverless = None
        if serverless_production_variant is not None:
            serverless = resolve_serverless(where, serverless_production_variant, env)
            _check_serverless_compatible(where, async_inference, data_capture, shadow)
        if async_inference is not None and shadow:
            fail(where, _SHADOW_WITH_ASYNC)
        role_arn = _check_execution_role(where, execution_role)
        _check_component_mix(where, list(instance.values()), async_inference, shadow)

        with new_child(self, scope, id, where):
            super().__init__(scope, id)
        self._instance_variants = instance
        self._shadow_variants: dict[str, ResolvedInstanceVariant] = shadow
        self._serverless_variant: ResolvedServerlessVariant | None = serverless
        self._async_inference = async_inference
        self._data_capture = data_capture
        self._granted_roles: list[Any] = []  # roles of imported models this config granted to
        self._given_role: RoleLike | str | None = execution_role
        self._execution: ExecutionRole | None = None  # made (or adopted) once a variant hosts components
        self._execution_role: RoleLike | None = None if isinstance(execution_role, str) else execution_role
        self._execution_role_arn: str | None = role_arn
        if any(v.hosts_components for v in instance.values()):
            self._ensure_execution_role()
        written: list[ResolvedInstanceVariant | ResolvedServerlessVariant] = [*instance.values(), *shadow.values()]
        for writer in [*written, *([serverless] if serverless else [])]:
            self._grant_writes(writer)
        # A config whose blocks all have the provider class's form gets them at construction (each later change
        # sets them again), so it costs no kernel callback at synth. The blocks the library writes as a list where
        # the class writes an object (async, data capture, core dumps, managed instance scaling) render at synth.
        written_blocks = [self._render_production_variants(), self._render_shadow_production_variants() or []]
        self._eager = (
            async_inference is None
            and data_capture is None
            and not any(key in block for blocks in written_blocks for block in blocks for key in _LIST_FORM_BLOCKS)
        )
        self._dependencies = self._library_dependencies() if self._eager else []
        self._resource_role_arn = self._execution_role_arn if self._eager else None
        self._resource: SagemakerEndpointConfiguration = (
            placed(SagemakerEndpointConfiguration) if self._eager else rendered(SagemakerEndpointConfiguration)
        )(
            self,
            "EndpointConfig",
            production_variants=block_arguments(written_blocks[0]) if self._eager else [],
            shadow_production_variants=block_arguments(written_blocks[1] or None) if self._eager else None,
            execution_role_arn=self._resource_role_arn,
            name=endpoint_config_name,
            name_prefix=None if endpoint_config_name else name_prefix_for(self),
            kms_key_arn=config_key_arn,
            lifecycle=None if endpoint_config_name else TerraformResourceLifecycle(create_before_destroy=True),
            depends_on=self._dependencies or None,
        )
        if not self._eager:
            resource = self._resource
            render(resource, "production_variants", self._render_production_variants)
            render(resource, "shadow_production_variants", self._render_shadow_production_variants)
            render(resource, "async_inference_config", lambda: async_inference.render() if async_inference else None)
            render(resource, "data_capture_config", lambda: data_capture.render() if data_capture else None)
            render(resource, "execution_role_arn", lambda: self._execution_role_arn)
            render(resource, "depends_on", lambda: [resource_address(d) for d in self._library_dependencies()] or None)
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
        """The execution role once a variant hosts components: created scoped when none was given, and a given one
        gets the same scoped baseline as an inline policy (``iam.execution_role``, as for a model's role)."""
        if self._execution is None:
            self._execution = _execution_role(self, "ExecutionRole", role=self._given_role)
            self._execution_role = self._execution.role
            self._execution_role_arn = self._execution.arn

    def _internal_grant_to_execution_role(self, statement: Any) -> None:
        """Internal (for ``inference_component.py``): add a statement to the execution role (a no-op when the role
        is known only by its ARN)."""
        if self._execution is not None:
            self._execution.add(statement)

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
        variant = resolve_instance(self.node.path, props, self._internal_env())
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
        self._update_resource()

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
        variant = resolve_instance(self.node.path, props, self._internal_env(), shadow=True)
        self._shadow_variants[variant.variant_name] = variant
        self._grant_writes(variant)
        self._update_resource()

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
        self._serverless_variant = resolve_serverless(self.node.path, props, self._internal_env())
        self._grant_writes(self._serverless_variant)
        self._update_resource()

    def _grant_writes(self, variant: ResolvedInstanceVariant | ResolvedServerlessVariant) -> None:
        """Give the variant's model the rights to write what this config makes it write (see S3Location)."""
        model: Any = variant.model
        if model is None:  # a component variant: SageMaker writes with the config's execution role
            model = _ExecutionRoleGrantee(self)
        role = model.role
        dump = variant.core_dump_destination if isinstance(variant, ResolvedInstanceVariant) else None
        dump_key = variant.core_dump_encryption_key if isinstance(variant, ResolvedInstanceVariant) else None
        writers = [w for w in (self._async_inference, self._data_capture) if w is not None]
        if role is None or not (writers or dump):  # nothing to grant, or no role to grant to (an imported model)
            return
        for writer in writers:
            writer.bind(role, model)
        if dump is not None:
            dump.bind(role, model, kms_key_arn(self, dump_key, "core_dump_encryption_key"))
        if not isinstance(model, (Model, _ExecutionRoleGrantee)) and role not in self._granted_roles:
            self._granted_roles.append(role)  # a Model waits for its own grants; an imported one cannot

    def _library_dependencies(self) -> list[Any]:
        """The IAM the config ``depends_on``: the grants made to imported models' roles (created before the config,
        so the endpoint can use them) and, when it hosts components, its execution role's (it is checked then)."""
        dependencies = [dependency for role in self._granted_roles for dependency in role_dependencies(role)]
        if self._execution is not None and self.hosts_inference_components:
            dependencies += self._execution.dependencies()
        return dependencies

    def _update_resource(self) -> None:
        """After construction, set on a config built eagerly what a new variant, role or grant changed."""
        if not self._eager:
            return  # rendered at synth
        resource = self._resource
        resource.put_production_variants(
            self._block_arguments("production_variants", self._render_production_variants())
        )
        shadow = self._render_shadow_production_variants()
        if shadow is not None:
            resource.put_shadow_production_variants(self._block_arguments("shadow_production_variants", shadow))
        if self._execution_role_arn is not None and self._execution_role_arn != self._resource_role_arn:
            resource.execution_role_arn = self._resource_role_arn = self._execution_role_arn
        dependencies = self._library_dependencies()
        if dependencies != self._dependencies:
            self._dependencies = dependencies
            set_library_depends_on(resource, dependencies)

    def _block_arguments(self, key: str, blocks: list[dict[str, Any]]) -> Any:
        """``blocks`` as the class's argument for ``key``; the list-form blocks of a variant added after construction
        go in as overrides of that variant's entry (an override inside one of them replaces it)."""
        for index, block in enumerate(blocks):
            for name in _LIST_FORM_BLOCKS:
                if name in block:
                    self._resource.add_override(f"{key}.{index}.{name}", block[name])
        return block_arguments([{k: v for k, v in block.items() if k not in _LIST_FORM_BLOCKS} for block in blocks])

    def _internal_env(self) -> Env:
        """Internal (for ``endpoint.py``): the AWS environment of the config's resource (its provider's)."""
        return env_of_resource(self._resource)

    def _internal_instance_variants(self) -> dict[str, ResolvedInstanceVariant]:
        """Internal (for ``endpoint.py``): the resolved instance variants by name (the live dict, do not change it)."""
        return self._instance_variants

    def _internal_serverless_variant(self) -> ResolvedServerlessVariant | None:
        """Internal (for ``endpoint.py``): the resolved serverless variant, if any."""
        return self._serverless_variant

    def _validate_production_variants(self) -> list[str]:
        errors: list[str] = []
        count = len(self._instance_variants)
        if count == 0 and self._serverless_variant is None:
            errors.append("Must configure at least 1 production variant")
        if count > MAX_INSTANCE_VARIANTS:
            errors.append(f"Can't have more than {MAX_INSTANCE_VARIANTS} production variants (got {count})")
        if self._shadow_variants:
            errors += self._shadow_test_errors()
        encrypted = self._resource.kms_key_arn_input is not None
        for variant in [*self._instance_variants.values(), *self._shadow_variants.values()]:
            errors += family_errors(variant, encrypted)
        # Providers can be changed through the escape hatches after the variants were added: check again.
        env = self._internal_env()
        variants: list[Any] = [*self._instance_variants.values(), *self._shadow_variants.values()]
        if self._serverless_variant is not None:
            variants.append(self._serverless_variant)
        for variant in variants:
            if variant.model is None:
                continue
            mismatch = env_mismatch(model_env(variant.model), env, "model", "endpoint configuration")
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


# Variant blocks the library writes as a one-element list, where the provider class takes and writes an object.
_LIST_FORM_BLOCKS = ("core_dump_config", "managed_instance_scaling")

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
    def role(self) -> Any:
        """The construct grants bind under: the role, or the config when the role is known only by its ARN."""
        config = self._config
        if config._execution is None:
            return None
        return config.execution_role if config.execution_role is not None else config

    def add_to_role_policy(self, statement: Any) -> None:
        self._config._internal_grant_to_execution_role(statement)


def _check_execution_role(where: str, role: Any) -> str | None:
    """The ARN of ``execution_role`` (an IamRole, DataAwsIamRole or role ARN string), or None."""
    if role is None:
        return None
    if isinstance(role, str):
        _role_name_from_arn(where, role, "execution_role")  # a literal ARN must be a role ARN
        return role
    checked = check_role(where, "execution_role", role)
    arn: str = checked.arn
    return arn


def _check_component_mix(
    where: str, variants: list[ResolvedInstanceVariant], async_inference: Any, shadow: Any
) -> None:
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


def _check_shadow_name(where: str, name: str, production: dict[str, ResolvedInstanceVariant]) -> None:
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
