"""Where a container's inference image comes from: an ECR repository, an AWS Deep Learning Container, or an asset."""

from __future__ import annotations

import abc
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Mapping, Union

from constructs import Construct

from . import _stack
from ._framework import DataAwsEcrRepository, EcrRepository, Fn, TerraformLocal, Token
from ._validation import check_str, fail, is_token, show
from .iam import ecr_pull_statements

if TYPE_CHECKING:
    from .model import IModel

RepositoryLike = Union[EcrRepository, DataAwsEcrRepository]
"""An ECR repository a user passes in: an ``EcrRepository`` resource or a ``DataAwsEcrRepository``."""

_MAX_IMAGE_URI = 255
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


@dataclass(frozen=True)
class ContainerImageConfig:
    """What binding an image returns: the image URI a container uses.

    Example::

        ContainerImageConfig(image_name="123456789012.dkr.ecr.us-east-1.amazonaws.com/repo:latest")
    """

    image_name: str


class ContainerImage(abc.ABC):
    """Where a container's inference image comes from. Use a factory, or subclass and implement ``bind``.

    Example::

        image = sagemaker.ContainerImage.from_ecr_repository(repository, "v1")
        container = sagemaker.ContainerDefinition(image=image)
    """

    @staticmethod
    def from_ecr_repository(repository: RepositoryLike, tag: str = "latest") -> "ContainerImage":
        """An image in an ECR repository (``EcrRepository`` or ``DataAwsEcrRepository``) at ``tag``."""
        return _EcrImage(repository, tag)

    @staticmethod
    def from_dlc(repository_name: str, tag: str, account_id: str | None = None) -> "ContainerImage":
        """An AWS Deep Learning Container image, e.g. ``from_dlc("pytorch-inference", "2.1-cpu-py310")``."""
        return _DlcImage(repository_name, tag, account_id)

    @staticmethod
    def from_asset(
        directory: str,
        *,
        build_args: Mapping[str, str] | None = None,
        file: str | None = None,
        target: str | None = None,
        platform: str | None = None,
    ) -> "ContainerImage":
        """An image built from a local directory with a Dockerfile and pushed to ECR at apply time."""
        from .assets import asset_image

        return asset_image(directory, build_args=build_args, file=file, target=target, platform=platform)

    @abc.abstractmethod
    def bind(self, scope: Construct, model: "IModel") -> ContainerImageConfig:
        """Create what the image needs in ``scope``, grant ``model`` access, and return the image URI."""


def check_image_uri(where: Construct | str, uri: str) -> str:
    """Image URIs are at most 255 characters (CreateModel's limit); tokens pass."""
    if not is_token(uri) and len(uri) > _MAX_IMAGE_URI:
        fail(where, f"image URI must be at most {_MAX_IMAGE_URI} characters (got {len(uri)}: {show(uri)})")
    return uri


def _check_tag(where: str, tag: Any) -> str:
    check_str(where, "tag", tag)
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

    def bind(self, scope: Construct, model: "IModel") -> ContainerImageConfig:
        for statement in ecr_pull_statements(self._repository.arn):
            model.add_to_role_policy(statement)
        return ContainerImageConfig(image_name=f"{self._repository.repository_url}:{self._tag}")


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
            if not is_token(account_id) and not _ACCOUNT_RULE.match(account_id):
                fail(where, f"account_id must be 12 digits (got {show(account_id)})")
        self._account_id = account_id

    def _account(self, scope: Construct) -> str:
        if self._account_id is not None:
            return self._account_id
        known = _stack.known_region(scope)
        if known is not None:
            if known not in DLC_REPOSITORY_ACCOUNTS:
                fail(
                    scope,
                    f"no AWS Deep Learning Containers account is known for region {known!r}; "
                    "pass account_id to ContainerImage.from_dlc",
                )
            return DLC_REPOSITORY_ACCOUNTS[known]
        # The region is only known to Terraform: look the account up there.
        table = _stack.singleton(scope, _DLC_LOCAL_ID, lambda s, i: TerraformLocal(s, i, dict(DLC_REPOSITORY_ACCOUNTS)))
        return Token.as_string(Fn.lookup(table.as_string_map, _stack.region(scope).region))

    def bind(self, scope: Construct, model: "IModel") -> ContainerImageConfig:
        account = self._account(scope)
        region = _stack.region(scope).region
        dns_suffix = _stack.partition(scope).dns_suffix
        repository_arn = _stack.arn(
            scope, "ecr", "repository", self._repository_name, account=account, region_name=region
        )
        for statement in ecr_pull_statements(repository_arn):
            model.add_to_role_policy(statement)
        uri = f"{account}.dkr.ecr.{region}.{dns_suffix}/{self._repository_name}:{self._tag}"
        return ContainerImageConfig(image_name=uri)
