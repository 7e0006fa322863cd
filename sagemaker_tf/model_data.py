"""Where a model's artifacts come from: an object already in S3, or a local ``.tar.gz`` uploaded as an asset."""

from __future__ import annotations

import abc
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Union

from constructs import Construct

from ._framework import DataAwsS3Bucket, S3Bucket
from ._validation import check_str, fail, show
from .iam import s3_read_statements

if TYPE_CHECKING:
    from .model import IModel

BucketLike = Union[S3Bucket, DataAwsS3Bucket]
"""An S3 bucket a user passes in: an ``S3Bucket`` resource or a ``DataAwsS3Bucket`` data source."""

ARTIFACT_EXTENSION = ".tar.gz"


@dataclass(frozen=True)
class ModelDataConfig:
    """What binding model data returns: the S3 URI of a single ``.tar.gz`` archive.

    Example::

        ModelDataConfig(uri="s3://my-bucket/models/model.tar.gz")
    """

    uri: str


class ModelData(abc.ABC):
    """The source of a model's artifacts. Use a factory, or subclass and implement ``bind``.

    Example::

        data = sagemaker.ModelData.from_bucket(bucket, "models/model.tar.gz")
        container = sagemaker.ContainerDefinition(image=image, model_data=data)
    """

    @staticmethod
    def from_bucket(bucket: BucketLike, object_key: str) -> "ModelData":
        """Artifacts already in S3 at ``object_key`` of ``bucket``; the model role gets read rights."""
        return _S3ModelData(bucket, object_key)

    @staticmethod
    def from_asset(path: str) -> "ModelData":
        """A local ``.tar.gz`` file, uploaded to the stack's assets bucket at apply time."""
        from .assets import asset_model_data

        check_artifact_path("ModelData.from_asset", os.fspath(path) if isinstance(path, os.PathLike) else path)
        return asset_model_data(path)

    @abc.abstractmethod
    def bind(self, scope: Construct, model: "IModel") -> ModelDataConfig:
        """Create what the data needs in ``scope``, grant ``model`` read access, and return the S3 URI."""


def check_artifact_path(where: str, path: object) -> str:
    """Model artifacts must be one gzipped tar file (upstream's rule and message)."""
    check_str(where, "path", path)
    assert isinstance(path, str)
    if not path.lower().endswith(ARTIFACT_EXTENSION):
        fail(where, f"Asset must be a gzipped tar file with extension {ARTIFACT_EXTENSION} ({path})")
    return path


class _S3ModelData(ModelData):
    def __init__(self, bucket: BucketLike, object_key: str) -> None:
        where = "ModelData.from_bucket"
        if not isinstance(bucket, (S3Bucket, DataAwsS3Bucket)):
            fail(where, f"bucket must be an S3Bucket or a DataAwsS3Bucket (got {type(bucket).__name__}: {show(bucket)})")
        check_str(where, "object_key", object_key)
        if not object_key or object_key.startswith("/"):
            fail(where, f"object_key must be a non-empty key without a leading '/' (got {show(object_key)!r})")
        self._bucket = bucket
        self._key = object_key

    def bind(self, scope: Construct, model: "IModel") -> ModelDataConfig:
        for statement in s3_read_statements(self._bucket.arn, f"{self._bucket.arn}/{self._key}"):
            model.add_to_role_policy(statement)
        return ModelDataConfig(uri=f"s3://{self._bucket.bucket}/{self._key}")
