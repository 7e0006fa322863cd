"""The SageMaker Model construct, its container definitions, and model imports."""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass
from typing import Any, Callable, Iterator, Mapping, Sequence, Union

import jsii
from constructs import Construct

from . import _stack
from ._framework import (
    DataAwsSecurityGroup,
    DataAwsVpc,
    Fn,
    IAnyProducer,
    IResolveContext,
    Lazy,
    SagemakerModel,
    SecurityGroup,
    SecurityGroupEgress,
    Subnet,
    TerraformResourceLifecycle,
    Token,
    Vpc,
)
from ._validation import (
    add_synth_check,
    check_bool,
    check_resource_name,
    check_sequence,
    check_str,
    check_type,
    construct_location,
    fail,
    is_token,
    show,
)
from .container_image import ContainerImage, ContainerImageConfig, check_image_uri
from .iam import (
    PolicyStatement,
    RoleLike,
    add_to_role,
    check_role,
    create_execution_role,
    grants_checkpoint,
    role_dependencies,
)
from .model_data import ModelData, ModelDataConfig

VpcLike = Union[Vpc, DataAwsVpc]
SubnetLike = Union[Subnet, str]
SecurityGroupLike = Union[SecurityGroup, DataAwsSecurityGroup, str]

MAX_CONTAINERS = 15
_ENV_KEY_RULE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_ENV_MAX_CHARS = 1024
_HOSTNAME_RULE = re.compile(r"^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$")
_S3_URI_RULE = re.compile(r"^(https|s3)://[^\s]+$")


@dataclass(frozen=True)
class ContainerDefinition:
    """One container of a model: its image, optional artifacts, environment and hostname.

    Example::

        sagemaker.ContainerDefinition(
            image=sagemaker.ContainerImage.from_dlc("pytorch-inference", "2.1-cpu-py310"),
            model_data=sagemaker.ModelData.from_bucket(bucket, "model.tar.gz"),
            environment={"SAGEMAKER_PROGRAM": "inference.py"},
        )
    """

    image: ContainerImage
    model_data: ModelData | None = None
    environment: Mapping[str, str] | None = None
    container_hostname: str | None = None

    def __post_init__(self) -> None:
        where = "ContainerDefinition"
        check_type(where, "image", self.image, (ContainerImage,), "a ContainerImage (use a ContainerImage factory)")
        if self.model_data is not None:
            check_type(where, "model_data", self.model_data, (ModelData,), "a ModelData (use a ModelData factory)")
        if self.environment is not None:
            check_type(where, "environment", self.environment, (Mapping,), "a mapping of strings to strings")
            for key, value in self.environment.items():
                _check_env_entry(where, key, value)
            object.__setattr__(self, "environment", dict(self.environment))
        if self.container_hostname is not None:
            check_str(where, "container_hostname", self.container_hostname)
            if not is_token(self.container_hostname) and not _HOSTNAME_RULE.match(self.container_hostname):
                fail(
                    where,
                    "container_hostname must be 1-63 alphanumerics or hyphens, starting and ending with an "
                    f"alphanumeric (got {show(self.container_hostname)!r})",
                )


def _check_env_entry(where: str, key: Any, value: Any) -> None:
    check_str(where, "environment key", key)
    if not is_token(key) and (not _ENV_KEY_RULE.match(key) or len(key) > _ENV_MAX_CHARS):
        fail(where, f"environment key must match ^[A-Za-z_][A-Za-z0-9_]*$ with at most 1024 characters (got {show(key)!r})")
    check_str(where, f"environment[{key!r}]", value)
    if not is_token(value) and len(value) > _ENV_MAX_CHARS:
        fail(where, f"environment[{key!r}] must be at most 1024 characters (got {len(value)} characters)")


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

    def __init__(self, where: str, security_group_ids: Sequence[str]) -> None:
        self._where = where
        self._ids: list[str] = list(security_group_ids)

    @property
    def security_groups(self) -> list[str]:
        """The security group ids (Terraform references or literal ids)."""
        return list(self._ids)

    def add_security_group(self, *groups: SecurityGroupLike) -> None:
        """Attach more security groups; they are rendered into the model's ``vpc_config``."""
        for group in groups:
            group_id = _security_group_id(self._where, group)
            if group_id not in self._ids:
                self._ids.append(group_id)


@jsii.implements(IAnyProducer)
class _Produce:
    """A Lazy producer calling a Python function at synth (the value is emitted as-is)."""

    def __init__(self, fn: Callable[[], Any]) -> None:
        self._fn = fn

    def produce(self, context: IResolveContext) -> Any:
        return self._fn()


def lazy(fn: Callable[[], Any]) -> Any:
    """``Lazy.any_value`` over a Python function."""
    return Lazy.any_value(_Produce(fn))


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
        if is_token(model_arn):
            name = Token.as_string(Fn.element(Fn.split("/", model_arn), 1))
        else:
            match = re.match(r"^arn:[^:]+:sagemaker:[^:]*:[^:]*:model/(.+)$", model_arn)
            if not match:
                fail(where, f"model_arn must look like arn:<partition>:sagemaker:<region>:<account>:model/<name> (got {show(model_arn)})")
            name = match.group(1)
        super().__init__(scope, id)
        self.model_arn = model_arn
        self.model_name = name
        self.role = role
        self._connections = Connections(where, group_ids) if security_groups else None


def _path(scope: Construct, id: str) -> str:
    return construct_location(scope, id, "Model")


@contextlib.contextmanager
def _rollback(role: RoleLike | None) -> Iterator[None]:
    """On failure, undo what a construction added outside its own subtree: grants and new stack singletons."""
    restore = grants_checkpoint(role) if role is not None else None
    try:
        with _stack.undo_singletons_on_failure():
            yield
    except BaseException:
        if restore is not None:
            restore()
        raise


class Model(IModel):
    """A SageMaker model: one container, or an inference pipeline of up to 15.

    Without ``role`` it creates an execution role with ``AmazonSageMakerFullAccess``; grants made by images and
    model data go into one inline policy on the role, and the model ``depends_on`` them. Without ``model_name``
    Terraform generates the name and the model is replaced with ``create_before_destroy``.

    Example::

        model = sagemaker.Model(stack, "Model", containers=[
            sagemaker.ContainerDefinition(image=sagemaker.ContainerImage.from_ecr_repository(repo, "v1")),
        ])
    """

    @staticmethod
    def from_model_arn(scope: Construct, id: str, model_arn: str) -> IModel:
        """Import a model by ARN."""
        return Model.from_model_attributes(scope, id, model_arn=model_arn)

    @staticmethod
    def from_model_name(scope: Construct, id: str, model_name: str) -> IModel:
        """Import a model by name; the ARN is built from the stack's partition, region and account."""
        check_resource_name(_path(scope, id), "model_name", model_name)
        arn = _stack.arn(scope, "sagemaker", "model", model_name)
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
    ) -> None:
        where = _path(scope, id)
        containers = check_sequence(where, "containers", containers)
        for container in containers:
            check_type(where, "containers[]", container, (ContainerDefinition,), "a ContainerDefinition")
        if role is not None:
            check_role(where, "role", role)
        check_resource_name(where, "model_name", model_name)
        check_bool(where, "network_isolation", network_isolation)
        check_bool(where, "allow_all_outbound", allow_all_outbound)
        subnet_ids, group_ids = _check_networking(where, vpc, vpc_subnets, security_groups, allow_all_outbound)

        with _rollback(role):
            super().__init__(scope, id)
            try:
                self._build(
                    containers, role, model_name, network_isolation, vpc, subnet_ids, group_ids, allow_all_outbound
                )
            except BaseException:
                scope.node.try_remove_child(id)
                raise

    def _build(
        self,
        containers: Sequence[ContainerDefinition],
        role: RoleLike | None,
        model_name: str | None,
        network_isolation: bool | None,
        vpc: VpcLike | None,
        subnet_ids: list[str],
        group_ids: list[str],
        allow_all_outbound: bool | None,
    ) -> None:
        self._containers: list[dict[str, Any]] = []
        self._subnet_ids = subnet_ids
        if vpc is not None:
            if not group_ids:
                group_ids = [self._create_security_group(vpc, allow_all_outbound).id]
            self._connections = Connections(self.node.path, group_ids)
        self.role = role if role is not None else create_execution_role(self)
        self._resource: SagemakerModel | None = None
        for container in containers:
            self.add_container(container)

        self._resource = SagemakerModel(
            self,
            "Model",
            execution_role_arn=self.role.arn,
            name=model_name,
            enable_network_isolation=network_isolation,
            lifecycle=None if model_name else TerraformResourceLifecycle(create_before_destroy=True),
        )
        self._resource.add_override("primary_container", lazy(self._render_primary_container))
        self._resource.add_override("container", lazy(self._render_containers))
        self._resource.add_override("vpc_config", lazy(self._render_vpc_config))
        # Rendered at synth so policies created by later grants are included; Terraform wants plain addresses.
        self._resource.add_override("depends_on", lazy(self._render_depends_on))
        self.model_name = self._resource.name
        self.model_arn = self._resource.arn
        add_synth_check(self, self._validate_containers)

    @property
    def resource(self) -> SagemakerModel:
        """The underlying ``aws_sagemaker_model`` resource (an escape hatch)."""
        assert self._resource is not None
        return self._resource

    def add_container(self, container: ContainerDefinition) -> None:
        """Add a container; with more than one, the model becomes an inference pipeline."""
        check_type(self, "container", container, (ContainerDefinition,), "a ContainerDefinition")
        with _rollback(self.role):
            self._containers.append(self._bind_container(container))

    def _bind_container(self, container: ContainerDefinition) -> dict[str, Any]:
        image = container.image.bind(self, self)
        if not isinstance(image, ContainerImageConfig) or not isinstance(image.image_name, str):
            fail(self, f"{type(container.image).__name__}.bind must return a ContainerImageConfig (got {show(image)})")
        rendered: dict[str, Any] = {"image": check_image_uri(self, image.image_name)}
        if container.model_data is not None:
            data = container.model_data.bind(self, self)
            if not isinstance(data, ModelDataConfig) or not isinstance(data.uri, str):
                fail(self, f"{type(container.model_data).__name__}.bind must return a ModelDataConfig (got {show(data)})")
            uri = data.uri
            if not is_token(uri) and not _S3_URI_RULE.match(uri):
                fail(self, f"model data URI must be an s3:// or https:// URL (got {show(uri)})")
            rendered["model_data_url"] = uri
        if container.environment:
            rendered["environment"] = dict(container.environment)
        if container.container_hostname is not None:
            rendered["container_hostname"] = container.container_hostname
        return rendered

    def _render_depends_on(self) -> Any:
        deps = role_dependencies(self.role) if self.role is not None else []
        return [f"{dep.terraform_resource_type}.{dep.friendly_unique_id}" for dep in deps] or None

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
        if len(self._containers) < 1:
            return ["Must configure at least 1 container for model"]
        if len(self._containers) > MAX_CONTAINERS:
            return [f"Cannot have more than {MAX_CONTAINERS} containers in inference pipeline (got {len(self._containers)})"]
        return []

    def _render_primary_container(self) -> Any:
        return [self._containers[0]] if len(self._containers) == 1 else None

    def _render_containers(self) -> Any:
        return self._containers if len(self._containers) > 1 else None

    def _render_vpc_config(self) -> Any:
        if self._connections is None:
            return None
        return [{"subnets": list(self._subnet_ids), "security_group_ids": self._connections.security_groups}]


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
    return [_subnet_id(where, s) for s in subnets], [_security_group_id(where, g) for g in groups]
