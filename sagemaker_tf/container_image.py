"""Where a container's inference image comes from: an ECR repository, an AWS Deep Learning Container, or an asset."""

from __future__ import annotations

import abc
import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Union

from constructs import Construct

from . import _aws_env, _image_registry
from ._image_registry import RegistryImage
from ._runtime import framework as _framework  # attribute access: the Lambda bindings load only when used
from ._runtime import tree as _tree
from ._runtime.framework import DataAwsEcrRepository, EcrRepository, Fn, TerraformLocal, Token
from ._runtime.tokens import is_token, token_of
from ._validation import check_str, fail, show
from .iam import PolicyStatement, ecr_pull_statements
from .instance_type import InstanceType

if TYPE_CHECKING:
    from ._runtime.framework import DataAwsLambdaFunction, LambdaFunction
    from .model import IModel

RepositoryLike = EcrRepository | DataAwsEcrRepository
CredentialsProviderLike = Union["LambdaFunction", "DataAwsLambdaFunction", str]
"""The Lambda function that returns a private registry's credentials: a resource, a data source or an ARN."""
"""An ECR repository a user passes in: an ``EcrRepository`` resource or a ``DataAwsEcrRepository``."""

_MAX_IMAGE_URI = 255
_MAX_PROVIDER_ARN = 2048  # RepositoryCredentialsProviderArn
_LAMBDA_ARN_RULE = re.compile(r"^arn:[a-z-]+:lambda:[a-z0-9-]+:[0-9]{12}:function:[A-Za-z0-9_-]+(:[A-Za-z0-9$_-]+)?$")
_ACCOUNT_RULE = re.compile(r"^[0-9]{12}$")

# AWS Deep Learning Containers registry accounts by region (aws-cdk-lib 2.275 region-info, 32 regions).
DLC_REPOSITORY_ACCOUNTS: Mapping[str, str] = {
    "ap-east-1": "871362719292",
    "ap-east-2": "975050140332",
    "ap-northeast-1": "763104351884",
    "ap-northeast-2": "763104351884",
    "ap-south-1": "763104351884",
    "ap-south-2": "772153158452",
    "ap-southeast-1": "763104351884",
    "ap-southeast-2": "763104351884",
    "ap-southeast-3": "907027046896",
    "ap-southeast-4": "457447274322",
    "ap-southeast-6": "633930458069",
    "ca-central-1": "763104351884",
    "cn-north-1": "727897471807",
    "cn-northwest-1": "727897471807",
    "eu-central-1": "763104351884",
    "eu-central-2": "380420809688",
    "eu-north-1": "763104351884",
    "eu-south-1": "692866216735",
    "eu-south-2": "503227376785",
    "eu-west-1": "763104351884",
    "eu-west-2": "763104351884",
    "eu-west-3": "763104351884",
    "eusc-de-east-1": "204133271717",
    "me-central-1": "914824155844",
    "me-south-1": "217643126080",
    "sa-east-1": "763104351884",
    "us-east-1": "763104351884",
    "us-east-2": "763104351884",
    "us-isof-east-1": "303241398832",
    "us-isof-south-1": "454834333376",
    "us-west-1": "763104351884",
    "us-west-2": "763104351884",
}
_DLC_LOCAL_ID = "SagemakerTfDlcAccounts"
_IMAGE_LOCAL_PREFIX = "SagemakerTfImageAccounts"


@dataclass(frozen=True)
class ContainerImageConfig:
    """What binding an image returns: the image URI a container uses, and how SageMaker reaches its registry.

    ``repository_access_mode="Vpc"`` (an image in a private Docker registry reached through the model's VPC)
    renders the container's ``image_config``; ``repository_credentials_provider_arn`` is the Lambda function that
    returns the registry's credentials.

    Example::

        ContainerImageConfig(image_name="123456789012.dkr.ecr.us-east-1.amazonaws.com/repo:latest")
    """

    image_name: str
    repository_access_mode: str | None = None
    repository_credentials_provider_arn: str | None = None

    def image_config(self) -> list[dict[str, Any]] | None:
        """The container's ``image_config`` block (Terraform JSON), or None for an image in ECR."""
        if self.repository_access_mode is None:
            return None
        block: dict[str, Any] = {"repository_access_mode": self.repository_access_mode}
        if self.repository_credentials_provider_arn is not None:
            block["repository_auth_config"] = [
                {"repository_credentials_provider_arn": self.repository_credentials_provider_arn}
            ]
        return [block]


class ContainerImage(abc.ABC):
    """Where a container's inference image comes from. Use a factory, or subclass and implement ``bind``.

    Example::

        image = sagemaker.ContainerImage.from_ecr_repository(repository, "v1")
        container = sagemaker.ContainerDefinition(image=image)
    """

    @staticmethod
    def from_ecr_repository(repository: RepositoryLike, tag: str = "latest") -> ContainerImage:
        """An image in an ECR repository (``EcrRepository`` or ``DataAwsEcrRepository``) at ``tag``."""
        return _EcrImage(repository, tag)

    @staticmethod
    def from_dlc(repository_name: str, tag: str, account_id: str | None = None) -> ContainerImage:
        """An AWS Deep Learning Container image, e.g. ``from_dlc("pytorch-inference", "2.1-cpu-py310")``."""
        return _DlcImage(repository_name, tag, account_id)

    @staticmethod
    def from_sagemaker_image(
        framework: str,
        version: str,
        *,
        image_scope: str = "inference",
        instance_type: InstanceType | str | None = None,
        py_version: str | None = None,
        base_framework_version: str | None = None,
    ) -> ContainerImage:
        """A SageMaker framework image (sklearn, xgboost, pytorch, huggingface-llm, djl-lmi, ...), resolved from
        the SageMaker Python SDK's image registry (a copy generated from sagemaker-core ships in the package, so
        sagemaker-core is not needed).

        ``instance_type`` picks the processor variant (cpu, gpu, inf, graviton) where the image has several;
        ``py_version`` and, for ``huggingface``, ``base_framework_version`` (e.g. ``"pytorch2.6.0"``) where the
        version has several. With a literal provider region the image is one literal URI; otherwise Terraform looks
        the account up by region in a ``locals`` map of every region the registry has for this image. The model role
        gets ECR pull rights on that repository in that account.

        Example::

            image = sagemaker.ContainerImage.from_sagemaker_image("sklearn", "1.2-1")
            # us-east-1: 683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3
        """
        return _SageMakerImage(framework, version, image_scope, instance_type, py_version, base_framework_version)

    @staticmethod
    def from_private_registry(
        image_uri: str, *, credentials_provider: CredentialsProviderLike | None = None
    ) -> ContainerImage:
        """An image in a private Docker registry that SageMaker reaches through the model's VPC.

        Renders ``image_config { repository_access_mode = "Vpc" }``; with ``credentials_provider`` (a
        ``LambdaFunction``, a ``DataAwsLambdaFunction`` or a Lambda ARN) also ``repository_auth_config``, and the
        model role may invoke that function. Only a model with ``vpc`` can use it (checked when it is bound).

        Example::

            image = sagemaker.ContainerImage.from_private_registry(
                "registry.example.com:5000/team/model:1.4", credentials_provider=auth_function)
        """
        return _PrivateRegistryImage(image_uri, credentials_provider)

    @staticmethod
    def from_asset(
        directory: str,
        *,
        build_args: Mapping[str, str] | None = None,
        file: str | None = None,
        target: str | None = None,
        platform: str | None = None,
    ) -> ContainerImage:
        """An image built from a local directory with a Dockerfile and pushed to ECR at apply time."""
        # A function-level import (one of the package's three): assets.py subclasses ContainerImage, and it loads
        # the docker provider bindings, which only users of an asset image should pay for.
        from .assets import asset_image

        return asset_image(directory, build_args=build_args, file=file, target=target, platform=platform)

    @abc.abstractmethod
    def bind(self, scope: Construct, model: IModel) -> ContainerImageConfig:
        """Create what the image needs in ``scope``, grant ``model`` access, and return the image URI."""

    def _internal_architecture(self) -> str | None:
        """Internal (for the endpoint config's checks): the CPU architecture the image is built for, ``"arm64"`` or
        ``"amd64"``; None when the library cannot know (an ECR tag, a DLC, a user's subclass)."""
        return None


def check_image_uri(where: Construct | str, uri: str) -> str:
    """Image URIs are at most 255 characters (CreateModel's limit); tokens pass."""
    if not is_token(uri) and len(uri) > _MAX_IMAGE_URI:
        fail(where, f"image URI must be at most {_MAX_IMAGE_URI} characters (got {len(uri)}: {show(uri)})")
    return uri


def _check_tag(where: str, value: Any) -> str:
    tag = check_str(where, "tag", value)
    if not tag:
        fail(where, "tag must not be empty")
    return tag


class _EcrImage(ContainerImage):
    def __init__(self, repository: RepositoryLike, tag: str) -> None:
        where = "ContainerImage.from_ecr_repository"
        if not isinstance(repository, (EcrRepository, DataAwsEcrRepository)):
            fail(
                where,
                "repository must be an EcrRepository or a DataAwsEcrRepository "
                f"(got {type(repository).__name__}: {show(repository)})",
            )
        self._repository = repository
        self._tag = _check_tag(where, tag)

    def bind(self, scope: Construct, model: IModel) -> ContainerImageConfig:
        for statement in ecr_pull_statements(token_of(self._repository, "arn")):
            model.add_to_role_policy(statement)
        return ContainerImageConfig(image_name=f"{token_of(self._repository, 'repository_url')}:{self._tag}")


class _DlcImage(ContainerImage):
    def __init__(self, repository_name: str, tag: str, account_id: str | None) -> None:
        where = "ContainerImage.from_dlc"
        check_str(where, "repository_name", repository_name)
        if not repository_name:
            fail(where, "repository_name must not be empty")
        self._repository_name = repository_name
        self._tag = _check_tag(where, tag)
        if account_id is not None:
            check_str(where, "account_id", account_id)
            if not is_token(account_id) and not _ACCOUNT_RULE.fullmatch(account_id):
                fail(where, f"account_id must be 12 digits (got {show(account_id)})")
        self._account_id = account_id

    def _account(self, scope: Construct) -> str:
        if self._account_id is not None:
            return self._account_id
        known = _aws_env.known_region(scope)
        if known is not None:
            if known not in DLC_REPOSITORY_ACCOUNTS:
                fail(
                    scope,
                    f"no AWS Deep Learning Containers account is known for region {known!r}; "
                    "pass account_id to ContainerImage.from_dlc",
                )
            return DLC_REPOSITORY_ACCOUNTS[known]
        # The region is only known to Terraform: look the account up there.
        table = _tree.singleton(scope, _DLC_LOCAL_ID, lambda s, i: TerraformLocal(s, i, dict(DLC_REPOSITORY_ACCOUNTS)))
        return Token.as_string(Fn.lookup(table.as_string_map, _aws_env.current_region(scope)))

    def bind(self, scope: Construct, model: IModel) -> ContainerImageConfig:
        account = self._account(scope)
        region = _aws_env.current_region(scope)
        dns_suffix = _aws_env.dns_suffix(scope)
        repository_arn = _aws_env.arn(
            scope, "ecr", "repository", self._repository_name, account=account, region_name=region
        )
        for statement in ecr_pull_statements(repository_arn):
            model.add_to_role_policy(statement)
        uri = f"{account}.dkr.ecr.{region}.{dns_suffix}/{self._repository_name}:{self._tag}"
        return ContainerImageConfig(image_name=uri)


class _SageMakerImage(ContainerImage):
    """A framework image from sagemaker-core's registry (the package's copy); resolved when the factory is called."""

    def __init__(
        self,
        framework: str,
        version: str,
        image_scope: str,
        instance_type: InstanceType | str | None,
        py_version: str | None,
        base_framework_version: str | None,
    ) -> None:
        where = _image_registry.WHERE
        check_str(where, "framework", framework)
        check_str(where, "version", version)
        check_str(where, "image_scope", image_scope)
        for name, value in (("py_version", py_version), ("base_framework_version", base_framework_version)):
            if value is not None:
                check_str(where, name, value)
        instance = None if instance_type is None else str(InstanceType.coerce(where, "instance_type", instance_type))
        if instance is not None and is_token(instance):
            fail(where, f"instance_type must be known at synth to choose the image (got {show(instance)})")
        self._instance_type = instance
        self._image: RegistryImage = _image_registry.resolve(
            framework,
            version,
            image_scope=image_scope,
            instance_type=instance,
            py_version=py_version,
            base_framework_version=base_framework_version,
        )

    @property
    def registry_image(self) -> RegistryImage:
        """The resolved repository, tag and per-region accounts."""
        return self._image

    def _account_and_uri(self, scope: Construct) -> tuple[str, str, str]:
        """(account, region, uri) for the stack's region: literal when the provider's region is, else lookups."""
        image = self._image
        known = _aws_env.known_region(scope)
        if known is not None:
            if known not in image.accounts:
                fail(
                    scope,
                    f"{image.description} has no image in region {known!r} (sagemaker-core's registry has it in "
                    f"{', '.join(image.accounts)})",
                )
            return image.accounts[known], known, image.uri_in(known)
        # The region is only known to Terraform: a locals map of every region the registry has for this image.
        digest = hashlib.sha256(json.dumps(image.accounts, sort_keys=True).encode()).hexdigest()[:8]
        table = _tree.singleton(
            scope, f"{_IMAGE_LOCAL_PREFIX}{digest}", lambda s, i: TerraformLocal(s, i, dict(image.accounts))
        )
        region = _aws_env.current_region(scope)
        account = Token.as_string(Fn.lookup(table.as_string_map, region))
        dns_suffix = _aws_env.dns_suffix(scope)
        return account, region, f"{account}.dkr.ecr.{region}.{dns_suffix}/{image.repository_and_tag()}"

    def _internal_architecture(self) -> str | None:
        if self._instance_type is None:
            return None
        return "arm64" if InstanceType.of(self._instance_type, unchecked=True).is_graviton else "amd64"

    def bind(self, scope: Construct, model: IModel) -> ContainerImageConfig:
        account, region, uri = self._account_and_uri(scope)
        repository_arn = _aws_env.arn(
            scope, "ecr", "repository", self._image.repository, account=account, region_name=region
        )
        for statement in ecr_pull_statements(repository_arn):
            model.add_to_role_policy(statement)
        return ContainerImageConfig(image_name=uri)


class _PrivateRegistryImage(ContainerImage):
    """An image in a private Docker registry in the model's VPC (``repository_access_mode = "Vpc"``)."""

    def __init__(self, image_uri: str, credentials_provider: CredentialsProviderLike | None) -> None:
        where = "ContainerImage.from_private_registry"
        check_str(where, "image_uri", image_uri)
        if not image_uri or (not is_token(image_uri) and re.search(r"\s", image_uri)):
            fail(where, f"image_uri must be a non-empty image reference without whitespace (got {show(image_uri)!r})")
        self._uri = check_image_uri(where, image_uri)
        self._provider_arn: str | None = None
        if isinstance(credentials_provider, (_framework.LambdaFunction, _framework.DataAwsLambdaFunction)):
            self._provider_arn = credentials_provider.arn
        elif credentials_provider is not None:
            if not isinstance(credentials_provider, str):
                fail(
                    where,
                    "credentials_provider must be a LambdaFunction, a DataAwsLambdaFunction or a Lambda "
                    f"function ARN (got {type(credentials_provider).__name__}: {show(credentials_provider)})",
                )
            if not is_token(credentials_provider) and (
                len(credentials_provider) > _MAX_PROVIDER_ARN or not _LAMBDA_ARN_RULE.fullmatch(credentials_provider)
            ):
                fail(
                    where,
                    "credentials_provider must be a Lambda function ARN "
                    f"(arn:<partition>:lambda:<region>:<account>:function:<name>; got {show(credentials_provider)})",
                )
            self._provider_arn = credentials_provider

    def bind(self, scope: Construct, model: IModel) -> ContainerImageConfig:
        if self._provider_arn is not None:
            model.add_to_role_policy(PolicyStatement(actions=["lambda:InvokeFunction"], resources=[self._provider_arn]))
        return ContainerImageConfig(
            image_name=self._uri, repository_access_mode="Vpc", repository_credentials_provider_arn=self._provider_arn
        )
