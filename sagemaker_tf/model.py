"""The SageMaker Model construct and model imports (container definitions: ``container_definition.py``)."""

from __future__ import annotations

import contextlib
import enum
import re
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from constructs import Construct

from . import _aws_env
from ._runtime import tree as _tree
from ._runtime.checks import add_synth_check, construct_location
from ._runtime.framework import (
    DataAwsSecurityGroup,
    DataAwsVpc,
    SagemakerModel,
    SecurityGroup,
    SecurityGroupEgress,
    Subnet,
    TerraformResourceLifecycle,
    Vpc,
)
from ._runtime.render import render, rendered, resource_address
from ._runtime.tokens import ResourceToken, is_token, token_of
from ._runtime.tree import new_child
from ._validation import check_bool, check_resource_name, check_sequence, check_str, check_type, fail, show
from .container_definition import ContainerDefinition
from .container_image import ContainerImage, ContainerImageConfig, check_image_uri
from .iam import (
    PolicyStatement,
    RoleAccess,
    RoleLike,
    add_to_role,
    attachments_under,
    check_role,
    check_role_access,
    execution_role,
    grants_checkpoint,
    security_group_statements,
    vpc_statements,
)
from .model_data import MAX_S3_URI, ModelData, ModelDataConfig
from .model_package import ModelPackage
from .s3_location import split_s3_uri

VpcLike = Vpc | DataAwsVpc
SubnetLike = Subnet | str
SecurityGroupLike = SecurityGroup | DataAwsSecurityGroup | str

MAX_CONTAINERS = 15
MAX_SUBNETS = 16  # vpc_config.subnets: at most 16 (provider schema, CreateModel VpcConfig)
MAX_SECURITY_GROUPS = 5  # vpc_config.security_group_ids: at most 5
_REPOSITORY_ACCESS_MODES = ("Platform", "Vpc")
_WHITESPACE = re.compile(r"\s")


def _security_group_id(where: str, group: Any) -> str:
    if isinstance(group, (SecurityGroup, DataAwsSecurityGroup)):
        return group.id
    if isinstance(group, str) and group:
        return group
    fail(where, f"security groups must be SecurityGroup, DataAwsSecurityGroup or id strings (got {show(group)})")


def _subnet_id(where: str, subnet: Any) -> str:
    if isinstance(subnet, Subnet):
        return subnet.id
    if isinstance(subnet, str) and subnet:
        return subnet
    fail(where, f"vpc_subnets must be Subnet resources or subnet-id strings (got {show(subnet)})")


class Connections:
    """The security groups of a model in a VPC.

    Example::

        model.connections.add_security_group(extra_group)
        ids = model.connections.security_groups
    """

    def __init__(
        self, where: str, security_group_ids: Sequence[str], on_add: Callable[[list[Any]], None] | None = None
    ) -> None:
        self._where = where
        self._ids: list[str] = list(security_group_ids)
        self._on_add = on_add

    @property
    def security_groups(self) -> list[str]:
        """The security group ids (Terraform references or literal ids)."""
        return list(self._ids)

    def add_security_group(self, *groups: SecurityGroupLike) -> None:
        """Attach more security groups; they are rendered into the model's ``vpc_config``."""
        ids = list(self._ids)
        added: list[Any] = []
        for group in groups:
            group_id = _security_group_id(self._where, group)
            if group_id not in ids:
                ids.append(group_id)
                added.append(group)
        _check_group_count(self._where, ids)
        self._ids = ids
        if added and self._on_add is not None:
            self._on_add(added)  # the model's role may create network interfaces with the new groups


class InferenceExecutionMode(enum.StrEnum):
    """How the containers of a multi-container model run (CreateModel ``InferenceExecutionConfig``).

    ``SERIAL``: an inference pipeline, each container's output is the next one's input (SageMaker's default).
    ``DIRECT``: each request names one container (``TargetContainerHostname``); every container of a model with
    more than one needs a ``container_hostname``.

    Example::

        sagemaker.Model(stack, "Model", containers=[...],
                        inference_execution_mode=sagemaker.InferenceExecutionMode.DIRECT)
    """

    SERIAL = "Serial"
    DIRECT = "Direct"


class IModel(Construct):
    """A SageMaker model, defined here (``Model``) or imported (``Model.from_model_arn`` ...).

    Example::

        model = sagemaker.Model.from_model_name(stack, "Imported", "my-model")
        print(model.model_arn)
    """

    model_name: str
    model_arn: str
    role: RoleLike | None
    _connections: Connections | None = None

    @property
    def grant_principal(self) -> RoleLike | None:
        """The role this model runs as; grants to the model land on it."""
        return self.role

    @property
    def connections(self) -> Connections:
        """The model's security groups; only for models in a VPC."""
        if self._connections is None:
            fail(self, "Cannot manage network access without configuring a VPC")
        return self._connections

    def add_to_role_policy(self, statement: PolicyStatement) -> None:
        """Add a statement to the model's role (a no-op for an imported model without a role)."""
        check_type(self, "statement", statement, (PolicyStatement,), "a PolicyStatement")
        if self.role is not None:
            add_to_role(self.role, statement)


class _ImportedModel(IModel):
    def __init__(
        self, scope: Construct, id: str, model_arn: str, role: RoleLike | None, security_groups: Sequence[Any] | None
    ) -> None:
        where = _path(scope, id)
        check_str(where, "model_arn", model_arn)
        if role is not None:
            check_role(where, "role", role)
        group_ids = [_security_group_id(where, g) for g in check_sequence(where, "security_groups", security_groups)]
        name = _aws_env.name_from_arn(where, model_arn, "model")
        super().__init__(scope, id)
        self.model_arn = model_arn
        self.model_name = name
        self.role = role
        self._connections = Connections(where, group_ids) if security_groups else None


def _path(scope: Construct, id: str, check_id: bool = True) -> str:
    return construct_location(scope, id, "Model", check_id)


@contextlib.contextmanager
def _rollback(role: RoleLike | None) -> Iterator[None]:
    """On failure, undo what a construction added outside its own subtree: grants and new stack singletons."""
    restore = grants_checkpoint(role) if role is not None else None
    try:
        with _tree.undo_singletons_on_failure():
            yield
    except BaseException:
        if restore is not None:
            restore()
        raise


class Model(IModel):
    """A SageMaker model: one container, or an inference pipeline of up to 15.

    ``inference_execution_mode`` (``InferenceExecutionMode.SERIAL`` or ``DIRECT``) renders
    ``inference_execution_config``; with ``DIRECT`` and more than one container every container needs a unique
    ``container_hostname``. More than 15 containers fail in ``Model(...)`` or in the ``add_container`` that adds the
    16th; a model that never gets a container fails at synth.

    Without ``role`` it creates an execution role trusting SageMaker for this account and region only, with
    ``role_access`` deciding what it may do: ``RoleAccess.SCOPED`` (the default) grants only what the model uses
    (CloudWatch Logs and metrics under ``/aws/sagemaker/``, pull from its images' repositories, read of its model
    data, its KMS keys, its VPC's network interfaces); ``RoleAccess.FULL_ACCESS`` adds ``AmazonSageMakerFullAccess``.
    A ``role`` you pass gets the same scoped grants as an inline policy, and keeps what you attached to it. Every
    grant goes into one inline policy on the role, and the model ``depends_on`` it. Without ``model_name``
    Terraform generates the name and the model is replaced with ``create_before_destroy``.

    Example::

        model = sagemaker.Model(stack, "Model", containers=[
            sagemaker.ContainerDefinition(image=sagemaker.ContainerImage.from_ecr_repository(repo, "v1")),
        ])
        upstream_like = sagemaker.Model(stack, "Wide", containers=[...], role_access=sagemaker.RoleAccess.FULL_ACCESS)
    """

    @staticmethod
    def from_model_arn(scope: Construct, id: str, model_arn: str) -> IModel:
        """Import a model by ARN."""
        return Model.from_model_attributes(scope, id, model_arn=model_arn)

    @staticmethod
    def from_model_name(scope: Construct, id: str, model_name: str) -> IModel:
        """Import a model by name; the ARN is built from the stack's partition, region and account."""
        check_resource_name(_path(scope, id), "model_name", model_name)
        arn = _aws_env.arn(scope, "sagemaker", "model", model_name)
        imported = Model.from_model_attributes(scope, id, model_arn=arn)
        imported.model_name = model_name
        return imported

    @staticmethod
    def from_model_attributes(
        scope: Construct,
        id: str,
        *,
        model_arn: str,
        role: RoleLike | None = None,
        security_groups: Sequence[SecurityGroupLike] | None = None,
    ) -> IModel:
        """Import a model by ARN, with its role (for grants) and security groups (for connections)."""
        return _ImportedModel(scope, id, model_arn, role, security_groups)

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        containers: Sequence[ContainerDefinition] | None = None,
        role: RoleLike | None = None,
        model_name: str | None = None,
        network_isolation: bool | None = None,
        vpc: VpcLike | None = None,
        vpc_subnets: Sequence[SubnetLike] | None = None,
        security_groups: Sequence[SecurityGroupLike] | None = None,
        allow_all_outbound: bool | None = None,
        inference_execution_mode: InferenceExecutionMode | None = None,
        role_access: RoleAccess = RoleAccess.SCOPED,
    ) -> None:
        where = _path(scope, id, check_id=False)
        containers = check_sequence(where, "containers", containers)
        for container in containers:
            check_type(where, "containers[]", container, (ContainerDefinition,), "a ContainerDefinition")
        if len(containers) > MAX_CONTAINERS:
            fail(
                where,
                f"Cannot have more than {MAX_CONTAINERS} containers in inference pipeline (got {len(containers)})",
            )
        mode = _check_mode(where, inference_execution_mode)
        access = check_role_access(where, role_access)
        if role is not None:
            check_role(where, "role", role)
            if access is not RoleAccess.SCOPED:
                fail(
                    where,
                    "role_access=RoleAccess.FULL_ACCESS applies to the role a Model creates; a role you pass keeps "
                    "the policies you attached (attach AmazonSageMakerFullAccess to it yourself if you want it)",
                )
        check_resource_name(where, "model_name", model_name)
        check_bool(where, "network_isolation", network_isolation)
        check_bool(where, "allow_all_outbound", allow_all_outbound)
        subnet_ids, _ = _check_networking(where, vpc, vpc_subnets, security_groups, allow_all_outbound)
        subnets = list(check_sequence(where, "vpc_subnets", vpc_subnets))
        groups = list(check_sequence(where, "security_groups", security_groups))

        with _rollback(role):
            with new_child(self, scope, id, where):
                super().__init__(scope, id)
            try:
                self._build(
                    containers,
                    role,
                    access,
                    model_name,
                    network_isolation,
                    vpc,
                    subnet_ids,
                    subnets,
                    groups,
                    allow_all_outbound,
                    mode,
                )
            except BaseException:
                scope.node.try_remove_child(id)
                raise

    def _build(
        self,
        containers: Sequence[ContainerDefinition],
        role: RoleLike | None,
        access: RoleAccess,
        model_name: str | None,
        network_isolation: bool | None,
        vpc: VpcLike | None,
        subnet_ids: list[str],
        subnets: list[Any],
        groups: list[Any],
        allow_all_outbound: bool | None,
        mode: InferenceExecutionMode | None,
    ) -> None:
        self._containers: list[dict[str, Any]] = []
        self._images: list[ContainerImage] = []  # what each container runs, for the endpoint config's checks
        self._inference_execution_mode = mode
        self._subnet_ids = subnet_ids
        execution = execution_role(self, "Role", role=role, access=access)
        self.role = execution.role
        if vpc is not None:
            if not groups:
                groups = [self._create_security_group(vpc, allow_all_outbound)]
            group_ids = [_security_group_id(self.node.path, group) for group in groups]
            self._connections = Connections(self.node.path, group_ids, self._grant_security_groups)
            subnet_arns = [_ec2_arn(self, "subnet", subnet) for subnet in subnets]
            group_arns = [_ec2_arn(self, "security-group", group) for group in groups]
            for statement in vpc_statements(self, token_of(vpc, "arn"), subnet_arns, group_arns):
                self.add_to_role_policy(statement)
        self._resource: SagemakerModel | None = None
        for container in containers:
            self.add_container(container)

        self._resource = rendered(SagemakerModel)(
            self,
            "Model",
            execution_role_arn=token_of(self.role, "arn"),
            name=model_name,
            enable_network_isolation=network_isolation,
            lifecycle=None if model_name else TerraformResourceLifecycle(create_before_destroy=True),
            # The IAM exists before SageMaker assumes the role. Later grants land in the same inline policy.
            depends_on=execution.dependencies(attachments=False) or None,
        )
        render(self._resource, "primary_container", self._render_primary_container)
        render(self._resource, "container", self._render_containers)
        render(self._resource, "vpc_config", self._render_vpc_config)
        render(self._resource, "inference_execution_config", self._render_inference_execution_config)
        if execution.made is None and self.role is not None:  # a role you pass: its attachments, read at synth
            role = self.role
            render(self._resource, "depends_on", lambda: [resource_address(a) for a in attachments_under(role)] or None)
        add_synth_check(self, self._validate_containers)

    model_name = ResourceToken("name")
    model_arn = ResourceToken("arn")

    @property
    def resource(self) -> SagemakerModel:
        """The underlying ``aws_sagemaker_model`` resource (an escape hatch)."""
        assert self._resource is not None
        return self._resource

    def add_container(self, container: ContainerDefinition) -> None:
        """Add a container; with more than one, the model becomes an inference pipeline (at most 15 containers)."""
        check_type(self, "container", container, (ContainerDefinition,), "a ContainerDefinition")
        if len(self._containers) >= MAX_CONTAINERS:
            fail(
                self,
                f"Cannot have more than {MAX_CONTAINERS} containers in inference pipeline "
                f"(got {len(self._containers) + 1})",
            )
        with _rollback(self.role):
            bound = self._bind_container(container)
            self._check_container_set([*self._containers, bound])
            self._containers.append(bound)
            if isinstance(container.image, ContainerImage):
                self._images.append(container.image)

    def _internal_architectures(self) -> set[str]:
        """Internal (for the endpoint config's checks): the CPU architectures the containers' images are built for
        (``"arm64"``, ``"amd64"``), where the library knows them."""
        return {arch for arch in (image._internal_architecture() for image in self._images) if arch is not None}

    def _check_container_set(self, containers: list[dict[str, Any]]) -> None:
        """Rules over all containers; each holds for every longer list too, so checking on each add is exact."""
        if len(containers) < 2:
            return
        missing = [i for i, c in enumerate(containers) if "container_hostname" not in c]
        if missing and self._inference_execution_mode == InferenceExecutionMode.DIRECT:
            fail(
                self,
                "inference_execution_mode Direct needs a container_hostname on every container "
                f"(containers {', '.join(map(str, missing))} have none)",
            )
        if missing and len(missing) < len(containers):  # CreateModel: a hostname on one container means on all
            fail(
                self,
                "container_hostname must be set on every container of a multi-container model or on none "
                f"(containers {', '.join(map(str, missing))} have none)",
            )
        if self._inference_execution_mode != InferenceExecutionMode.DIRECT:
            return
        names = [c["container_hostname"] for c in containers if not is_token(c["container_hostname"])]
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            fail(
                self,
                f"container_hostname must be unique with inference_execution_mode Direct (got {', '.join(duplicates)} "
                "more than once)",
            )

    def _bind_container(self, container: ContainerDefinition) -> dict[str, Any]:
        if container.model_package is not None:
            return self._bind_package(container, container.model_package)
        assert container.image is not None  # ContainerDefinition needs an image without a package
        image = container.image.bind(self, self)
        if not isinstance(image, ContainerImageConfig) or not isinstance(image.image_name, str):
            fail(self, f"{type(container.image).__name__}.bind must return a ContainerImageConfig (got {show(image)})")
        rendered: dict[str, Any] = {"image": check_image_uri(self, image.image_name)}
        image_config = self._image_config(image)
        if image_config is not None:
            rendered["image_config"] = image_config
        if container.model_data is not None:
            data = self._bind_data(container.model_data, "model data")
            if container.multi_model:
                rendered.update(self._multi_model_data(data))
            elif data.needs_data_source:
                rendered["model_data_source"] = [{"s3_data_source": [data.s3_data_source()]}]
            else:
                rendered["model_data_url"] = data.uri
        if container.multi_model is not None:
            rendered["mode"] = "MultiModel" if container.multi_model else "SingleModel"
        channels = [
            {
                "channel_name": name,
                "s3_data_source": [self._bind_data(data, f"additional_model_data[{name!r}]").s3_data_source()],
            }
            for name, data in (container.additional_model_data or {}).items()
        ]
        if channels:
            rendered["additional_model_data_source"] = channels
        if container.environment:
            rendered["environment"] = dict(container.environment)
        if container.container_hostname is not None:
            rendered["container_hostname"] = container.container_hostname
        return rendered

    def _image_config(self, image: ContainerImageConfig) -> list[dict[str, Any]] | None:
        mode = image.repository_access_mode
        if mode is None:
            return None
        if mode not in _REPOSITORY_ACCESS_MODES:
            fail(
                self, f"repository_access_mode must be one of {', '.join(_REPOSITORY_ACCESS_MODES)} (got {show(mode)})"
            )
        if mode == "Vpc" and self._connections is None:
            fail(
                self,
                "an image in a private registry (repository_access_mode Vpc) needs a model in a VPC: "
                "pass vpc and vpc_subnets to the Model",
            )
        return image.image_config()

    def _bind_package(self, container: ContainerDefinition, package: ModelPackage) -> dict[str, Any]:
        """A container from the Model Registry: ``model_package_name`` instead of an image and artifacts."""
        rendered: dict[str, Any] = {"model_package_name": package.arn}
        if container.environment:
            rendered["environment"] = dict(container.environment)
        if container.container_hostname is not None:
            rendered["container_hostname"] = container.container_hostname
        return rendered

    def _bind_data(self, model_data: ModelData, field: str) -> ModelDataConfig:
        data = model_data.bind(self, self)
        if not isinstance(data, ModelDataConfig) or not isinstance(data.uri, str):
            fail(self, f"{type(model_data).__name__}.bind must return a ModelDataConfig (got {show(data)})")
        uri = data.uri
        if not is_token(uri) and (split_s3_uri(uri, ("s3", "https")) is None or _WHITESPACE.search(uri)):
            fail(self, f"{field} URI must be an s3:// or https:// URL (got {show(uri)})")
        if not is_token(uri) and len(uri) > MAX_S3_URI:
            fail(self, f"{field} URI must be at most {MAX_S3_URI} characters (got {len(uri)})")
        return data

    def _multi_model_data(self, data: ModelDataConfig) -> dict[str, Any]:
        """A multi-model container reads every model archive under one S3 prefix, given as ``model_data_url``."""
        if not data.is_prefix:
            fail(
                self,
                "multi_model=True needs model data that is an S3 prefix holding the models "
                f"(ModelData.from_bucket_prefix), not one archive (got s3_data_type {data.s3_data_type})",
            )
        if data.accept_eula is not None:
            fail(
                self,
                "accept_eula cannot be used with multi_model=True (SageMaker multi-model endpoints do not "
                "support model_data_source)",
            )
        return {"model_data_url": data.uri}

    def _grant_security_groups(self, groups: list[Any]) -> None:
        for statement in security_group_statements([_ec2_arn(self, "security-group", group) for group in groups]):
            self.add_to_role_policy(statement)

    def _create_security_group(self, vpc: VpcLike, allow_all_outbound: bool | None) -> SecurityGroup:
        egress = None
        if allow_all_outbound is not False:
            egress = [
                SecurityGroupEgress(
                    description="Allow all outbound traffic by default",
                    from_port=0,
                    to_port=0,
                    protocol="-1",
                    cidr_blocks=["0.0.0.0/0"],
                    ipv6_cidr_blocks=[],
                    prefix_list_ids=[],
                    security_groups=[],
                    self_attribute=False,
                )
            ]
        return SecurityGroup(
            self,
            "SecurityGroup",
            vpc_id=vpc.id,
            description=f"SageMaker model {self.node.path}",
            egress=egress,
            lifecycle=TerraformResourceLifecycle(create_before_destroy=True),
        )

    def _validate_containers(self) -> list[str]:
        # The only container rule that needs the finished tree: the others fail in Model(...) / add_container.
        if len(self._containers) < 1:
            return ["Must configure at least 1 container for model"]
        return []

    def _render_inference_execution_config(self) -> Any:
        if self._inference_execution_mode is None:
            return None
        return [{"mode": self._inference_execution_mode.value}]

    def _render_primary_container(self) -> Any:
        return [self._containers[0]] if len(self._containers) == 1 else None

    def _render_containers(self) -> Any:
        return self._containers if len(self._containers) > 1 else None

    def _render_vpc_config(self) -> Any:
        if self._connections is None:
            return None
        return [{"subnets": list(self._subnet_ids), "security_group_ids": self._connections.security_groups}]


def _ec2_arn(scope: Construct, kind: str, value: Any) -> str:
    """The ARN of a subnet or security group: its resource's or data source's ``arn`` (which carries the owner
    account, so a shared VPC's subnets work), or one built in the stack's account for an id string."""
    if isinstance(value, str):
        return _aws_env.arn(scope, "ec2", kind, value)
    arn: str = token_of(value, "arn")
    return arn


def _check_mode(where: str, mode: Any) -> InferenceExecutionMode | None:
    """``inference_execution_mode``: an InferenceExecutionMode (or its value, "Serial" / "Direct")."""
    if mode is None or isinstance(mode, InferenceExecutionMode):
        return mode
    if isinstance(mode, str) and mode in {m.value for m in InferenceExecutionMode}:
        return InferenceExecutionMode(mode)
    fail(
        where,
        "inference_execution_mode must be InferenceExecutionMode.SERIAL or InferenceExecutionMode.DIRECT "
        f"(got {type(mode).__name__}: {show(mode)})",
    )


def _check_networking(
    where: str,
    vpc: Any,
    vpc_subnets: Any,
    security_groups: Any,
    allow_all_outbound: bool | None,
) -> tuple[list[str], list[str]]:
    groups = check_sequence(where, "security_groups", security_groups)
    subnets = check_sequence(where, "vpc_subnets", vpc_subnets)
    if (security_groups is not None or allow_all_outbound is not None) and vpc is None:
        fail(where, "Cannot configure 'securityGroups' or 'allowAllOutbound' without configuring a VPC")
    if vpc is None:
        if subnets:
            fail(where, "Cannot configure 'vpc_subnets' without configuring a VPC")
        return [], []
    check_type(where, "vpc", vpc, (Vpc, DataAwsVpc), "a Vpc or a DataAwsVpc")
    if groups and allow_all_outbound is not None:
        fail(where, "Configure 'allowAllOutbound' directly on the supplied SecurityGroups")
    if not subnets:
        fail(where, "vpc_subnets must list at least one subnet when vpc is given (Terraform cannot select subnets)")
    subnet_ids = [_subnet_id(where, s) for s in subnets]
    if len(subnet_ids) > MAX_SUBNETS:
        fail(where, f"vpc_subnets must list at most {MAX_SUBNETS} subnets (got {len(subnet_ids)})")
    group_ids = [_security_group_id(where, g) for g in groups]
    _check_group_count(where, group_ids)
    return subnet_ids, group_ids


def _check_group_count(where: str, group_ids: list[str]) -> None:
    if len(group_ids) > MAX_SECURITY_GROUPS:
        fail(where, f"a model can have at most {MAX_SECURITY_GROUPS} security groups (got {len(group_ids)})")
