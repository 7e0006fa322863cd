"""Where a model's artifacts come from: an object or a prefix already in S3, or a local ``.tar.gz`` asset."""

from __future__ import annotations

import abc
import enum
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from constructs import Construct

from ._runtime.framework import DataAwsS3Bucket, S3Bucket
from ._runtime.tokens import is_token, token_of
from ._validation import check_bool, check_str, fail, show
from .iam import check_s3_grant_part, s3_read_statements

if TYPE_CHECKING:
    from .model import IModel

BucketLike = S3Bucket | DataAwsS3Bucket
"""An S3 bucket a user passes in: an ``S3Bucket`` resource or a ``DataAwsS3Bucket`` data source."""

ARTIFACT_EXTENSION = ".tar.gz"
MAX_S3_URI = 1024  # CreateModel: S3ModelUri / Url, at most 1024 characters


class S3DataType(enum.StrEnum):
    """What an S3 model data URI points at (CreateModel ``S3DataType``)."""

    S3_OBJECT = "S3Object"
    S3_PREFIX = "S3Prefix"


class CompressionType(enum.StrEnum):
    """How S3 model data is packed (CreateModel ``CompressionType``)."""

    GZIP = "Gzip"
    NONE = "None"


@dataclass(frozen=True)
class ModelDataConfig:
    """What binding model data returns: an S3 URI and what it points at.

    The defaults describe one gzipped tar archive (``model_data_url``). An uncompressed prefix is
    ``s3_data_type=S3Prefix, compression_type=None``; ``accept_eula`` is the ``model_access_config`` of a gated
    model. Either of those renders a ``model_data_source`` block instead of ``model_data_url``.

    Example::

        ModelDataConfig(uri="s3://my-bucket/models/model.tar.gz")
        ModelDataConfig(uri="s3://my-bucket/llama/", s3_data_type="S3Prefix", compression_type="None",
                        accept_eula=True)
    """

    uri: str
    s3_data_type: str = S3DataType.S3_OBJECT.value
    compression_type: str = CompressionType.GZIP.value
    accept_eula: bool | None = None

    @property
    def is_prefix(self) -> bool:
        """True when the URI is a key name prefix (``S3Prefix``)."""
        return self.s3_data_type == S3DataType.S3_PREFIX.value

    @property
    def needs_data_source(self) -> bool:
        """True when only ``model_data_source`` can express this data (a prefix, no compression, or an EULA)."""
        return self.is_prefix or self.compression_type != CompressionType.GZIP.value or self.accept_eula is not None

    def s3_data_source(self) -> dict[str, Any]:
        """The ``s3_data_source`` block (Terraform JSON) of ``model_data_source`` / ``additional_model_data_source``."""
        source: dict[str, Any] = {
            "s3_uri": self.uri,
            "s3_data_type": self.s3_data_type,
            "compression_type": self.compression_type,
        }
        if self.accept_eula is not None:
            source["model_access_config"] = [{"accept_eula": self.accept_eula}]
        return source


class ModelData(abc.ABC):
    """The source of a model's artifacts. Use a factory, or subclass and implement ``bind``.

    Example::

        data = sagemaker.ModelData.from_bucket(bucket, "models/model.tar.gz")
        container = sagemaker.ContainerDefinition(image=image, model_data=data)
    """

    @staticmethod
    def from_bucket(bucket: BucketLike, object_key: str, *, accept_eula: bool | None = None) -> ModelData:
        """Artifacts already in S3 at ``object_key`` of ``bucket`` (a ``.tar.gz``); the model role gets read rights.

        ``accept_eula`` (for gated models such as Llama) renders the object as a ``model_data_source`` with
        ``model_access_config { accept_eula }`` instead of ``model_data_url``.
        """
        return _S3ModelData(bucket, object_key, accept_eula)

    @staticmethod
    def from_bucket_prefix(bucket: BucketLike, prefix: str, *, accept_eula: bool | None = None) -> ModelData:
        """Uncompressed artifacts: every object under ``prefix`` (which ends in ``/``) of ``bucket``.

        Renders ``model_data_source { s3_data_source { s3_data_type = "S3Prefix", compression_type = "None" } }``
        (and, for a multi-model container, the prefix as ``model_data_url``). The role gets read rights on the
        objects under the prefix.

        Example::

            sagemaker.ModelData.from_bucket_prefix(bucket, "llama-3-8b/", accept_eula=True)
        """
        return _S3PrefixModelData(bucket, prefix, accept_eula)

    @staticmethod
    def from_asset(path: str) -> ModelData:
        """A local ``.tar.gz`` file, uploaded to the stack's assets bucket at apply time."""
        # A function-level import (one of the package's three): assets.py subclasses ModelData, and it loads the
        # S3 object bindings, which only users of an asset should pay for.
        from .assets import asset_model_data

        check_artifact_path("ModelData.from_asset", os.fspath(path) if isinstance(path, os.PathLike) else path)
        return asset_model_data(path)

    @abc.abstractmethod
    def bind(self, scope: Construct, model: IModel) -> ModelDataConfig:
        """Create what the data needs in ``scope``, grant ``model`` read access, and return the S3 URI."""


def check_artifact_path(where: str, path: object) -> str:
    """Model artifacts must be one gzipped tar file (upstream's rule and message)."""
    check_str(where, "path", path)
    assert isinstance(path, str)
    if not path.lower().endswith(ARTIFACT_EXTENSION):
        fail(where, f"Asset must be a gzipped tar file with extension {ARTIFACT_EXTENSION} ({path})")
    return path


def _check_bucket(where: str, bucket: Any) -> BucketLike:
    if not isinstance(bucket, (S3Bucket, DataAwsS3Bucket)):
        fail(where, f"bucket must be an S3Bucket or a DataAwsS3Bucket (got {type(bucket).__name__}: {show(bucket)})")
    return bucket


def _check_key(where: str, field: str, value: Any) -> str:
    key = check_str(where, field, value)
    if not key or key.startswith("/"):
        fail(where, f"{field} must be a non-empty key without a leading '/' (got {show(key)!r})")
    if not is_token(key) and len(key) > MAX_S3_URI:
        fail(where, f"{field} must be at most {MAX_S3_URI} characters (got {len(key)})")
    return check_s3_grant_part(where, field, key)


class _S3ModelData(ModelData):
    def __init__(self, bucket: BucketLike, object_key: str, accept_eula: bool | None) -> None:
        where = "ModelData.from_bucket"
        self._bucket = _check_bucket(where, bucket)
        self._key = _check_key(where, "object_key", object_key)
        self._accept_eula = check_bool(where, "accept_eula", accept_eula)

    def bind(self, scope: Construct, model: IModel) -> ModelDataConfig:
        for statement in s3_read_statements(token_of(self._bucket, "arn"), self._key):
            model.add_to_role_policy(statement)
        return ModelDataConfig(
            uri=f"s3://{token_of(self._bucket, 'bucket')}/{self._key}", accept_eula=self._accept_eula
        )


class _S3PrefixModelData(ModelData):
    def __init__(self, bucket: BucketLike, prefix: str, accept_eula: bool | None) -> None:
        where = "ModelData.from_bucket_prefix"
        self._bucket = _check_bucket(where, bucket)
        self._prefix = _check_key(where, "prefix", prefix)
        if not is_token(prefix) and not prefix.endswith("/"):
            fail(where, f"prefix must end with '/' (an S3 key name prefix; got {show(prefix)!r})")
        self._accept_eula = check_bool(where, "accept_eula", accept_eula)

    def bind(self, scope: Construct, model: IModel) -> ModelDataConfig:
        for statement in s3_read_statements(token_of(self._bucket, "arn"), self._prefix, prefix=True):
            model.add_to_role_policy(statement)
        return ModelDataConfig(
            uri=f"s3://{self._bucket.bucket}/{self._prefix}",
            s3_data_type=S3DataType.S3_PREFIX.value,
            compression_type=CompressionType.NONE.value,
            accept_eula=self._accept_eula,
        )
