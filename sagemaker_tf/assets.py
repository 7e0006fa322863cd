"""Local assets: a Docker build directory pushed to ECR, and a ``.tar.gz`` uploaded to S3, both at apply time.

``ContainerImage.from_asset`` and ``ModelData.from_asset`` land here. Files are packaged into ``cdktf.out`` with
cdktf ``TerraformAsset`` under a content hash, so the synthesized stack is self-contained and relocatable. Each
stack gets its asset infrastructure once (a construct at the stack root, ``SagemakerTfAssets``):

- an ``aws_ecr_repository`` (immutable tags, scan on push, AES256 or KMS encryption),
  ``data.aws_ecr_authorization_token`` and an aliased ``docker`` provider whose ``registry_auth`` comes from that token;
- an ``aws_s3_bucket`` with versioning, server-side encryption, a public access block, ownership controls, a
  TLS-only bucket policy and a lifecycle rule that aborts unfinished uploads and expires replaced versions.

``configure_assets`` lets a stack use its own repository, bucket, key prefix, docker provider or KMS key instead.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from constructs import Construct

from ._runtime import tree as _tree
from ._runtime.framework import (
    AssetType,
    DataAwsEcrAuthorizationToken,
    DataAwsEcrRepository,
    DataAwsKmsKey,
    DataAwsS3Bucket,
    DockerProvider,
    DockerProviderRegistryAuth,
    EcrRepository,
    EcrRepositoryEncryptionConfiguration,
    EcrRepositoryImageScanningConfiguration,
    Image,
    ImageBuild,
    KmsKey,
    RegistryImage,
    RegistryImageAuthConfig,
    S3Bucket,
    S3BucketLifecycleConfiguration,
    S3BucketLifecycleConfigurationRule,
    S3BucketLifecycleConfigurationRuleAbortIncompleteMultipartUpload,
    S3BucketLifecycleConfigurationRuleFilter,
    S3BucketLifecycleConfigurationRuleNoncurrentVersionExpiration,
    S3BucketOwnershipControls,
    S3BucketOwnershipControlsRule,
    S3BucketPolicy,
    S3BucketPublicAccessBlock,
    S3BucketServerSideEncryptionConfigurationA,
    S3BucketServerSideEncryptionConfigurationRuleA,
    S3BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefaultA,
    S3BucketVersioningA,
    S3BucketVersioningVersioningConfiguration,
    S3Object,
    TerraformAsset,
    TerraformResourceLifecycle,
    TerraformStack,
)
from ._runtime.tokens import is_token
from ._validation import check_str, check_type, fail, show
from .container_image import ContainerImage, ContainerImageConfig
from .iam import PolicyStatement, check_key_arn, check_s3_grant_part, ecr_pull_statements, s3_read_statements
from .model_data import ModelData, ModelDataConfig, check_artifact_path

if TYPE_CHECKING:
    from .model import IModel

RepositoryLike = EcrRepository | DataAwsEcrRepository
BucketLike = S3Bucket | DataAwsS3Bucket
KmsKeyLike = KmsKey | DataAwsKmsKey | str

STORE_ID = "SagemakerTfAssets"
"""The construct id of the per-stack asset store (a child of the stack)."""

DEFAULT_KEY_PREFIX = "sagemaker-tf-assets/"
"""Where model data objects go in the assets bucket unless ``configure_assets(key_prefix=...)`` says otherwise."""

DEFAULT_PLATFORM = "linux/amd64"
"""SageMaker hosting runs x86_64 containers unless the instance type says otherwise (Graviton: linux/arm64)."""

DOCKER_PROVIDER_ALIAS = "sagemaker_tf_assets"
"""The alias of the docker provider created for asset images."""

_IMAGE_WHERE = "ContainerImage.from_asset"
_DATA_WHERE = "ModelData.from_asset"
_PLATFORM_RULE = re.compile(r"^[a-z0-9]+/[a-z0-9_]+(/[a-z0-9]+)?$")
_ID_HASH_CHARS = 16
# Classic builder (Docker API build version "1"): it writes single-platform images without attestation
# manifests, which a non-containerd image store pushes as Docker v2 schema 2 (what SageMaker accepts).
_CLASSIC_BUILDER = "1"
# The assets bucket's lifecycle: unfinished multipart uploads and replaced object versions are removed.
ABORT_INCOMPLETE_UPLOAD_DAYS = 7
NONCURRENT_VERSION_DAYS = 30


# ----------------------------------------------------------------------------------------------------------------
# hashing
# ----------------------------------------------------------------------------------------------------------------
def _hash_file(digest: Any, path: str) -> None:
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)


def file_hash(path: str) -> str:
    """The sha256 of a file's bytes (hex); it names the packaged file and its S3 key."""
    digest = hashlib.sha256()
    _hash_file(digest, path)
    return digest.hexdigest()


def directory_hash(directory: str) -> str:
    """A sha256 over a directory's files: relative paths, executable bits and bytes, in sorted order.

    It does not depend on where the directory is, so a moved checkout gives the same hash.
    """
    entries: list[tuple[str, str]] = []
    for root, dirs, files in os.walk(directory, followlinks=True):
        dirs.sort()
        for name in files:
            full = os.path.join(root, name)
            entries.append((os.path.relpath(full, directory).replace(os.sep, "/"), full))
    digest = hashlib.sha256()
    for relative, full in sorted(entries):
        executable = bool(os.stat(full).st_mode & stat.S_IXUSR)
        digest.update(f"{relative}\0{int(executable)}\0{os.path.getsize(full)}\0".encode())
        _hash_file(digest, full)
    return digest.hexdigest()


# ----------------------------------------------------------------------------------------------------------------
# the per-stack asset store
# ----------------------------------------------------------------------------------------------------------------
@dataclass
class _AssetSettings:
    repository: RepositoryLike | None = None
    bucket: BucketLike | None = None
    key_prefix: str = DEFAULT_KEY_PREFIX
    docker_provider: DockerProvider | None = None
    kms_key: KmsKeyLike | None = None


class _AssetStore(Construct):
    """The stack's asset infrastructure, created on first use, and the per-hash images and uploads."""

    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        self.settings = _AssetSettings()
        self._repository: RepositoryLike | None = None
        self._token: DataAwsEcrAuthorizationToken | None = None
        self._docker: DockerProvider | None = None
        self._docker_is_ours = False
        self._bucket: BucketLike | None = None
        self._bucket_dependencies: list[Any] = []

    @staticmethod
    def of(scope: Construct) -> _AssetStore:
        """The stack's store, created on first use."""
        return _tree.singleton(scope, STORE_ID, _AssetStore)

    @property
    def in_use(self) -> bool:
        """Whether an asset has been bound (after that, settings can no longer change)."""
        return self._repository is not None or self._bucket is not None

    # -- images -------------------------------------------------------------------------------------------------
    def repository(self) -> RepositoryLike:
        """The ECR repository for asset images."""
        if self._repository is None:
            if self.settings.repository is not None:
                self._repository = self.settings.repository
            else:
                self._repository = EcrRepository(
                    self,
                    "Repository",
                    name=_repository_name(_tree.stack_of(self)),
                    image_tag_mutability="IMMUTABLE",
                    image_scanning_configuration=EcrRepositoryImageScanningConfiguration(scan_on_push=True),
                    encryption_configuration=[self._repository_encryption()],
                    force_delete=True,
                )
        return self._repository

    def _repository_encryption(self) -> EcrRepositoryEncryptionConfiguration:
        """AES256 by default; the configured KMS key when there is one (checkov CKV_AWS_136)."""
        kms_arn = self.kms_key_arn()
        if kms_arn is None:
            return EcrRepositoryEncryptionConfiguration(encryption_type="AES256")
        return EcrRepositoryEncryptionConfiguration(encryption_type="KMS", kms_key=kms_arn)

    def token(self) -> DataAwsEcrAuthorizationToken:
        """``data.aws_ecr_authorization_token`` for the repository's registry."""
        if self._token is None:
            registry_id = self.settings.repository.registry_id if self.settings.repository is not None else None
            self._token = DataAwsEcrAuthorizationToken(self, "RegistryToken", registry_id=registry_id)
        return self._token

    def docker_provider(self) -> DockerProvider:
        """The docker provider that builds and pushes: the configured one, the stack's default, or our own."""
        if self._docker is None:
            chosen = self.settings.docker_provider or _default_docker_provider(self)
            if chosen is not None:
                self._docker = chosen
            else:
                token = self.token()
                self._docker = DockerProvider(
                    self,
                    "Docker",
                    alias=DOCKER_PROVIDER_ALIAS,
                    registry_auth=[
                        DockerProviderRegistryAuth(
                            address=token.proxy_endpoint, username=token.user_name, password=token.password
                        )
                    ],
                )
                self._docker_is_ours = True
        return self._docker

    def image(self, asset: _AssetImage) -> tuple[RepositoryLike, RegistryImage]:
        """The pushed image for ``asset``: built once per stack and image hash."""
        repository = self.repository()
        construct_id = f"Image{asset.image_hash[:_ID_HASH_CHARS]}"
        found = self.node.try_find_child(construct_id)
        if found is not None:
            return repository, found.node.find_child("Push")  # type: ignore[return-value]
        provider = self.docker_provider()
        context = self._package(
            f"Directory{asset.content_hash[:_ID_HASH_CHARS]}", asset.directory, AssetType.DIRECTORY, asset.content_hash
        )
        holder = Construct(self, construct_id)
        built = Image(
            holder,
            "Image",
            name=f"{repository.repository_url}:{asset.image_hash}",
            build_attribute=ImageBuild(
                context=context.path,
                dockerfile=asset.file,
                build_args=dict(asset.build_args) if asset.build_args else None,
                target=asset.target,
                platform=asset.platform,
                version=_CLASSIC_BUILDER,
            ),
            triggers={"asset_hash": asset.image_hash},
            provider=provider,
            lifecycle=TerraformResourceLifecycle(create_before_destroy=True),
        )
        auth = None
        if not self._docker_is_ours:
            token = self.token()
            auth = RegistryImageAuthConfig(
                address=token.proxy_endpoint, username=token.user_name, password=token.password
            )
        RegistryImage(holder, "Push", name=built.name, keep_remotely=True, auth_config=auth, provider=provider)
        return repository, holder.node.find_child("Push")  # type: ignore[return-value]

    def _package(self, construct_id: str, path: str, kind: AssetType, content_hash: str) -> TerraformAsset:
        """The packaged copy of ``path`` in ``cdktf.out``: one per content hash, however many images use it."""
        found = self.node.try_find_child(construct_id)
        if isinstance(found, TerraformAsset):
            return found
        return TerraformAsset(self, construct_id, path=path, type=kind, asset_hash=content_hash)

    # -- model data ---------------------------------------------------------------------------------------------
    def bucket(self) -> BucketLike:
        """The S3 bucket for model data assets."""
        if self._bucket is None:
            if self.settings.bucket is not None:
                self._bucket = self.settings.bucket
            else:
                self._bucket = self._create_bucket()
        return self._bucket

    def _create_bucket(self) -> S3Bucket:
        bucket = S3Bucket(self, "Bucket", bucket_prefix=_bucket_prefix(_tree.stack_of(self)), force_destroy=True)
        kms_arn = self.kms_key_arn()
        by_default = S3BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefaultA(
            sse_algorithm="aws:kms" if kms_arn else "AES256", kms_master_key_id=kms_arn
        )
        encryption = S3BucketServerSideEncryptionConfigurationA(
            self,
            "BucketEncryption",
            bucket=bucket.id,
            rule=[
                S3BucketServerSideEncryptionConfigurationRuleA(
                    apply_server_side_encryption_by_default=by_default,
                    bucket_key_enabled=True if kms_arn else None,
                )
            ],
        )
        versioning = S3BucketVersioningA(
            self,
            "BucketVersioning",
            bucket=bucket.id,
            versioning_configuration=S3BucketVersioningVersioningConfiguration(status="Enabled"),
        )
        public_access = S3BucketPublicAccessBlock(
            self,
            "BucketPublicAccessBlock",
            bucket=bucket.id,
            block_public_acls=True,
            block_public_policy=True,
            ignore_public_acls=True,
            restrict_public_buckets=True,
        )
        ownership = S3BucketOwnershipControls(
            self,
            "BucketOwnershipControls",
            bucket=bucket.id,
            rule=S3BucketOwnershipControlsRule(object_ownership="BucketOwnerEnforced"),
        )
        policy = S3BucketPolicy(
            self,
            "BucketPolicy",
            bucket=bucket.id,
            policy=_tls_only_policy(bucket.arn),
            depends_on=[public_access],
        )
        S3BucketLifecycleConfiguration(
            self,
            "BucketLifecycle",
            bucket=bucket.id,
            rule=[
                S3BucketLifecycleConfigurationRule(
                    id="sagemaker-tf-assets",
                    status="Enabled",
                    filter=[S3BucketLifecycleConfigurationRuleFilter()],  # empty: every object
                    abort_incomplete_multipart_upload=[
                        S3BucketLifecycleConfigurationRuleAbortIncompleteMultipartUpload(
                            days_after_initiation=ABORT_INCOMPLETE_UPLOAD_DAYS
                        )
                    ],
                    noncurrent_version_expiration=[
                        S3BucketLifecycleConfigurationRuleNoncurrentVersionExpiration(
                            noncurrent_days=NONCURRENT_VERSION_DAYS
                        )
                    ],
                )
            ],
            depends_on=[versioning],
        )
        self._bucket_dependencies = [encryption, versioning, public_access, ownership, policy]
        return bucket

    def kms_key_arn(self) -> str | None:
        """The ARN of the configured KMS key, if any."""
        key = self.settings.kms_key
        if key is None:
            return None
        return key if isinstance(key, str) else key.arn

    def upload(self, data: _AssetModelData) -> S3Object:
        """The S3 object for ``data``: uploaded once per stack and file hash."""
        bucket = self.bucket()
        construct_id = f"ModelData{data.content_hash[:_ID_HASH_CHARS]}"
        found = self.node.try_find_child(construct_id)
        if found is not None:
            return found.node.find_child("Object")  # type: ignore[return-value]
        packaged = self._package(
            f"File{data.content_hash[:_ID_HASH_CHARS]}", data.path, AssetType.FILE, data.content_hash
        )
        holder = Construct(self, construct_id)
        return S3Object(
            holder,
            "Object",
            bucket=bucket.bucket,
            key=f"{self.settings.key_prefix}{data.content_hash}{data.extension}",
            source=packaged.path,
            source_hash=data.content_hash,
            depends_on=list(self._bucket_dependencies) or None,
            lifecycle=TerraformResourceLifecycle(create_before_destroy=True),
        )


def _default_docker_provider(scope: Construct) -> DockerProvider | None:
    return _tree.default_provider(scope, DockerProvider)


def _slug(stack: TerraformStack) -> str:
    return re.sub(r"[^a-z0-9]+", "-", stack.node.id.lower()).strip("-") or "stack"


def _repository_name(stack: TerraformStack) -> str:
    return f"sagemaker-tf-assets-{_slug(stack)[:200]}".rstrip("-")


def _bucket_prefix(stack: TerraformStack) -> str:
    # bucket_prefix allows 37 characters; Terraform appends a 26-character suffix.
    head = f"sagemaker-tf-{_slug(stack)}"[:36].rstrip("-")
    return f"{head}-"


def _tls_only_policy(bucket_arn: str) -> str:
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "DenyInsecureTransport",
                    "Effect": "Deny",
                    "Principal": "*",
                    "Action": "s3:*",
                    "Resource": [bucket_arn, f"{bucket_arn}/*"],
                    "Condition": {"Bool": {"aws:SecureTransport": "false"}},
                }
            ],
        },
        separators=(",", ":"),
    )


# ----------------------------------------------------------------------------------------------------------------
# configuration
# ----------------------------------------------------------------------------------------------------------------
def configure_assets(
    scope: Construct,
    *,
    repository: RepositoryLike | None = None,
    bucket: BucketLike | None = None,
    key_prefix: str | None = None,
    docker_provider: DockerProvider | None = None,
    kms_key: KmsKeyLike | None = None,
) -> None:
    """Choose where a stack's asset images and model data go. Call it before the first ``Model`` uses an asset.

    - ``repository``: push asset images here (``EcrRepository`` / ``DataAwsEcrRepository``) instead of creating
      a repository. Its tags should be immutable; each tag is an asset hash.
    - ``bucket``: upload model data here (``S3Bucket`` / ``DataAwsS3Bucket``) instead of creating a bucket.
    - ``key_prefix``: the key prefix for model data objects (default ``sagemaker-tf-assets/``; ``""`` for none).
    - ``docker_provider``: build and push with this ``DockerProvider`` (it then authenticates to ECR per push).
    - ``kms_key``: encrypt the created bucket and the created ECR repository with this KMS key (``KmsKey``,
      ``DataAwsKmsKey`` or an ARN); the model role gets ``kms:Decrypt`` on it.

    Example::

        from sagemaker_tf.assets import configure_assets

        configure_assets(stack, repository=my_repository, bucket=my_bucket, key_prefix="models/")
    """
    where = f"{scope.node.path}: configure_assets" if scope.node.path else "configure_assets"
    if repository is not None:
        check_type(
            where,
            "repository",
            repository,
            (EcrRepository, DataAwsEcrRepository),
            "an EcrRepository or a DataAwsEcrRepository",
        )
    if bucket is not None:
        check_type(where, "bucket", bucket, (S3Bucket, DataAwsS3Bucket), "an S3Bucket or a DataAwsS3Bucket")
    if key_prefix is not None:
        check_str(where, "key_prefix", key_prefix)
        if key_prefix.startswith("/"):
            fail(where, f"key_prefix must not start with '/' (got {show(key_prefix)!r})")
        check_s3_grant_part(where, "key_prefix", key_prefix)
    if docker_provider is not None:
        check_type(where, "docker_provider", docker_provider, (DockerProvider,), "a DockerProvider")
    if kms_key is not None:
        check_type(where, "kms_key", kms_key, (KmsKey, DataAwsKmsKey, str), "a KmsKey, a DataAwsKmsKey or an ARN")
        if isinstance(kms_key, str) and not kms_key:
            fail(where, "kms_key must not be empty")
        if isinstance(kms_key, str):
            check_key_arn(where, "kms_key", kms_key)  # the model role is granted kms:Decrypt on exactly this ARN
    if kms_key is not None and bucket is not None:
        fail(where, "kms_key encrypts the bucket sagemaker_tf creates; it cannot be combined with bucket")
    store = _AssetStore.of(scope)
    if store.in_use:
        fail(
            where,
            "configure_assets must be called before any Model uses ContainerImage.from_asset or "
            "ModelData.from_asset in this stack",
        )
    settings = store.settings
    if repository is not None:
        settings.repository = repository
    if bucket is not None:
        settings.bucket = bucket
    if key_prefix is not None:
        settings.key_prefix = key_prefix
    if docker_provider is not None:
        settings.docker_provider = docker_provider
    if kms_key is not None:
        settings.kms_key = kms_key


# ----------------------------------------------------------------------------------------------------------------
# the asset image
# ----------------------------------------------------------------------------------------------------------------
def _fspath(where: str, field: str, value: object) -> str:
    if isinstance(value, os.PathLike):
        value = os.fspath(value)
    value = check_str(where, field, value)
    if not value:
        fail(where, f"{field} must not be empty")
    return value


class _AssetImage(ContainerImage):
    """An image built from a local directory at apply time and pushed to the stack's asset repository."""

    def __init__(
        self,
        directory: str,
        build_args: Mapping[str, str] | None,
        file: str | None,
        target: str | None,
        platform: str | None,
    ) -> None:
        where = _IMAGE_WHERE
        directory = _fspath(where, "directory", directory)
        full = os.path.abspath(directory)
        if not os.path.exists(full):
            fail(where, f"Cannot find image directory at {directory}")
        if not os.path.isdir(full):
            fail(where, f"{directory} is a file; the image asset must be a directory with a Dockerfile")
        dockerfile = "Dockerfile" if file is None else _fspath(where, "file", file)
        if os.path.isabs(dockerfile):
            fail(where, f"file must be relative to the image directory (got {show(dockerfile)})")
        dockerfile_path = os.path.normpath(os.path.join(full, dockerfile))
        if os.path.relpath(dockerfile_path, full).startswith(os.pardir):
            fail(where, f"file must be inside the image directory {directory} (got {show(dockerfile)})")
        if not os.path.isfile(dockerfile_path):
            fail(where, f"Cannot find file at {os.path.join(directory, dockerfile)}")
        args: dict[str, str] = {}
        if build_args is not None:
            check_type(where, "build_args", build_args, (Mapping,), "a mapping of strings to strings")
            for key, value in build_args.items():
                check_str(where, "build_args key", key)
                check_str(where, f"build_args[{key!r}]", value)
                args[key] = value
        if target is not None:
            check_str(where, "target", target)
            if not target:
                fail(where, "target must not be empty")
        if platform is None:
            platform = DEFAULT_PLATFORM
        check_str(where, "platform", platform)
        if not is_token(platform) and not _PLATFORM_RULE.match(platform):
            fail(where, f"platform must look like os/arch[/variant], e.g. linux/amd64 (got {show(platform)!r})")

        self.directory = full
        self.file = os.path.relpath(dockerfile_path, full).replace(os.sep, "/")
        self.build_args = args
        self.target = target
        self.platform = platform
        self.content_hash = directory_hash(full)
        options = {"file": self.file, "build_args": args, "target": target, "platform": platform}
        self.image_hash = hashlib.sha256((self.content_hash + json.dumps(options, sort_keys=True)).encode()).hexdigest()

    def bind(self, scope: Construct, model: IModel) -> ContainerImageConfig:
        """Build and push once per stack, grant the model pull rights, and return ``<repository>@<digest>``."""
        store = _AssetStore.of(scope)
        repository, pushed = store.image(self)
        for statement in ecr_pull_statements(repository.arn):
            model.add_to_role_policy(statement)
        kms_arn = store.kms_key_arn()
        if kms_arn is not None and store.settings.repository is None:
            model.add_to_role_policy(PolicyStatement(actions=["kms:Decrypt"], resources=[kms_arn]))
        return ContainerImageConfig(image_name=f"{repository.repository_url}@{pushed.sha256_digest}")


def asset_image(
    directory: str,
    *,
    build_args: Mapping[str, str] | None = None,
    file: str | None = None,
    target: str | None = None,
    platform: str | None = None,
) -> ContainerImage:
    """The image built from ``directory`` (see ``ContainerImage.from_asset``); checks the inputs now."""
    return _AssetImage(directory, build_args, file, target, platform)


# ----------------------------------------------------------------------------------------------------------------
# the asset model data
# ----------------------------------------------------------------------------------------------------------------
class _AssetModelData(ModelData):
    """A local ``.tar.gz`` uploaded to the stack's assets bucket at apply time."""

    def __init__(self, path: str) -> None:
        where = _DATA_WHERE
        path = _fspath(where, "path", path)
        check_artifact_path(where, path)
        full = os.path.abspath(path)
        if not os.path.exists(full):
            fail(where, f"Cannot find model data file at {path}")
        if not os.path.isfile(full):
            fail(where, f"{path} is a directory; model data must be a single gzipped tar file")
        self.path = full
        self.extension = ".tar.gz"
        self.content_hash = file_hash(full)

    def bind(self, scope: Construct, model: IModel) -> ModelDataConfig:
        """Upload once per stack, grant the model read rights, and return ``s3://<bucket>/<key>``."""
        store = _AssetStore.of(scope)
        uploaded = store.upload(self)
        bucket = store.bucket()
        for statement in s3_read_statements(bucket.arn, uploaded.key):
            model.add_to_role_policy(statement)
        kms_arn = store.kms_key_arn()
        if kms_arn is not None:
            model.add_to_role_policy(PolicyStatement(actions=["kms:Decrypt"], resources=[kms_arn]))
        # Referencing the object's attributes makes the model depend on the upload.
        return ModelDataConfig(uri=f"s3://{uploaded.bucket}/{uploaded.key}")


def asset_model_data(path: str) -> ModelData:
    """The model data uploaded from ``path`` (see ``ModelData.from_asset``); checks the file now."""
    return _AssetModelData(path)
