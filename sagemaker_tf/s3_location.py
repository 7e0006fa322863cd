"""S3 locations that SageMaker writes to (async inference output, data capture, core dumps).

The one place that builds those S3 URIs and the write grants on them: whoever writes to a location gets
``s3:PutObject``/``s3:AbortMultipartUpload`` on the objects under exactly that bucket and prefix, and
``s3:GetBucketLocation`` on that bucket; nothing on the rest of the bucket. A location at the bucket root (which
lets the writer put objects anywhere in the bucket) is made only by ``S3Location.bucket_root``, never by an empty
or missing prefix.
"""

from __future__ import annotations

import abc
import re
from typing import TYPE_CHECKING, Any

from constructs import Construct

from . import _aws_env
from ._runtime.framework import DataAwsS3Bucket, Fn, S3Bucket, Token
from ._runtime.tokens import is_token
from ._validation import check_no_control_characters, check_str, check_type, fail, show
from .iam import PolicyStatement, check_s3_grant_part, kms_encrypt_statements, s3_write_statements

if TYPE_CHECKING:
    from .model import IModel

MAX_URI_CHARS = 512
"""The provider's (and the API's) limit on the S3 URIs of async output, data capture and core dumps."""

# The API's shape of an artifact URL, ^(https|s3)://([^/]+)/?(.*)$: a scheme, a bucket (or host), then a key.
_URL_RULE = re.compile(r"(?P<scheme>[a-z0-9]+)://(?P<bucket>[^/]+)(?:/(?P<key>.*))?")
_BUCKET_RULE = re.compile(r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")
_MIN_BUCKET_CHARS = 3
_ROOT_TEXT = (
    "a location at the bucket root lets SageMaker write anywhere in the bucket; give a prefix, or use "
    "S3Location.bucket_root(bucket) to write at the root on purpose"
)


def split_s3_uri(uri: str, schemes: tuple[str, ...] = ("s3",)) -> tuple[str, str, str] | None:
    """``(scheme, bucket, key)`` of a literal ``s3://bucket/key`` URL, or None when it has another shape.

    The one S3 URI parser of the package. ``schemes`` widens it to the ``https://`` URLs SageMaker also reads
    model artifacts from (then the "bucket" is the host).

    Example::

        split_s3_uri("s3://my-bucket/async/out")  # ("s3", "my-bucket", "async/out")
        split_s3_uri("https://example.com/m.tar.gz", ("s3", "https"))  # ("https", "example.com", "m.tar.gz")
    """
    match = _URL_RULE.fullmatch(uri)
    if match is None or match.group("scheme") not in schemes:
        return None
    return match.group("scheme"), match.group("bucket"), match.group("key") or ""


class S3Location(abc.ABC):
    """A bucket and prefix that SageMaker writes to. Use a factory; the writer gets rights on exactly this place.

    Example::

        captures = sagemaker.S3Location.from_bucket(bucket, "data-capture/")
        outputs = sagemaker.S3Location.from_uri("s3://my-bucket/async/out")
        captures.uri  # "s3://${aws_s3_bucket.GivenBucket.bucket}/data-capture/"
    """

    @staticmethod
    def from_bucket(bucket: S3Bucket | DataAwsS3Bucket, prefix: str = "") -> S3Location:
        """The ``prefix`` of a bucket you define (``S3Bucket``) or look up (``DataAwsS3Bucket``).

        The prefix must not be empty (the writer would get ``s3:PutObject`` on the whole bucket): use
        :meth:`bucket_root` for that.
        """
        return _BucketLocation(bucket, prefix)

    @staticmethod
    def from_uri(uri: str) -> S3Location:
        """An ``s3://bucket/prefix`` URI (or a token that resolves to one). ``s3://bucket`` and ``s3://bucket/``
        are refused: use :meth:`bucket_root` to write at the root on purpose."""
        return _UriLocation(uri)

    @staticmethod
    def bucket_root(bucket: S3Bucket | DataAwsS3Bucket | str) -> S3Location:
        """The root of a bucket (an ``S3Bucket``, a ``DataAwsS3Bucket`` or a bucket name): the writer gets
        ``s3:PutObject`` on every key of the bucket. Only this factory makes such a location.

        Example::

            sagemaker.S3Location.bucket_root(capture_bucket).uri   # "s3://${aws_s3_bucket.Captures.bucket}/"
            sagemaker.S3Location.bucket_root("my-capture-bucket").uri   # "s3://my-capture-bucket/"
        """
        if isinstance(bucket, str):
            return _UriLocation(f"s3://{bucket}/", root=True)
        return _BucketLocation(bucket, "", root=True)

    @property
    @abc.abstractmethod
    def uri(self) -> str:
        """``s3://<bucket>/<prefix>``."""

    @abc.abstractmethod
    def write_statements(self, scope: Construct) -> list[PolicyStatement]:
        """The statements that let a role write under this location (``scope`` finds the stack's partition)."""

    def __repr__(self) -> str:
        return f"S3Location({self.uri!r})"

    def bind(self, scope: Construct, writer: IModel, encryption_key_arn: str | None = None) -> str:
        """Grant ``writer``'s role write rights here (and use of ``encryption_key_arn``); return :attr:`uri`.

        Binding the same location to the same model again adds nothing.
        """
        statements = self.write_statements(scope)
        if encryption_key_arn is not None:
            statements += kms_encrypt_statements(encryption_key_arn)
        for statement in statements:
            writer.add_to_role_policy(statement)
        return self.uri


def _objects_arn(bucket_arn: str, prefix: str) -> str:
    """``<bucket arn>/<prefix>/*`` (or ``/*`` for the whole bucket); a trailing slash of the prefix is folded."""
    folder = prefix.rstrip("/") if not is_token(prefix) else Token.as_string(Fn.trimsuffix(prefix, "/"))
    return f"{bucket_arn}/{folder}/*" if folder else f"{bucket_arn}/*"


def _check_prefix(where: str, value: object, root: bool) -> str:
    prefix = check_str(where, "prefix", value)
    if is_token(prefix):
        return prefix
    if not prefix.strip("/") and not root:
        fail(where, f"prefix must not be empty: {_ROOT_TEXT} (got {show(prefix)!r})")
    check_s3_grant_part(where, "prefix", prefix)
    if prefix.startswith("/"):
        fail(where, f"prefix must not start with '/' (got {show(prefix)!r})")
    longest = MAX_URI_CHARS - len("s3://") - _MIN_BUCKET_CHARS - 1
    if len(prefix) > longest:
        fail(
            where,
            f"prefix must be at most {longest} characters, so that the S3 URI fits in {MAX_URI_CHARS} "
            f"(got {len(prefix)} characters)",
        )
    return prefix


class _BucketLocation(S3Location):
    def __init__(self, bucket: Any, prefix: Any, root: bool = False) -> None:
        where = "S3Location.bucket_root" if root else "S3Location.from_bucket"
        check_type(where, "bucket", bucket, (S3Bucket, DataAwsS3Bucket), "an S3Bucket or a DataAwsS3Bucket")
        self._bucket = bucket
        self._prefix = _check_prefix(where, prefix, root)

    @property
    def uri(self) -> str:
        return f"s3://{self._bucket.bucket}/{self._prefix}"

    def write_statements(self, scope: Construct) -> list[PolicyStatement]:
        return s3_write_statements(self._bucket.arn, _objects_arn(self._bucket.arn, self._prefix))


class _UriLocation(S3Location):
    def __init__(self, value: object, root: bool = False) -> None:
        where = "S3Location.bucket_root" if root else "S3Location.from_uri"
        uri = check_str(where, "uri", value)
        self._uri = uri
        self._bucket: str | None = None
        self._prefix: str | None = None
        if is_token(uri):
            return
        check_no_control_characters(where, "uri", uri)
        parts = split_s3_uri(uri)
        if parts is None:
            fail(where, f"uri must look like s3://<bucket>/<prefix> (got {show(uri)!r})")
        if len(uri) > MAX_URI_CHARS:
            fail(where, f"uri must be at most {MAX_URI_CHARS} characters (got {len(uri)} characters)")
        _, bucket, prefix = parts
        if not _BUCKET_RULE.fullmatch(bucket) or ".." in bucket:
            fail(
                where,
                "bucket name must be 3-63 lowercase letters, digits, dots or hyphens, starting and ending "
                f"with a letter or digit (got {show(bucket)!r})",
            )
        self._bucket = bucket
        self._prefix = prefix
        if not self._prefix.strip("/") and not root:
            fail(where, f"uri must name a prefix: {_ROOT_TEXT} (got {show(uri)!r})")
        check_s3_grant_part(where, "uri", self._prefix)

    @property
    def uri(self) -> str:
        return self._uri

    def write_statements(self, scope: Construct) -> list[PolicyStatement]:
        s3 = f"arn:{_aws_env.partition_name(scope)}:s3:::"
        if self._bucket is None:  # a token: split it in Terraform
            bucket = Token.as_string(Fn.element(Fn.split("/", self._uri), 2))
            path = Token.as_string(Fn.trimsuffix(Fn.trimprefix(self._uri, "s3://"), "/"))
            return s3_write_statements(f"{s3}{bucket}", f"{s3}{path}/*")
        assert self._prefix is not None
        return s3_write_statements(f"{s3}{self._bucket}", _objects_arn(f"{s3}{self._bucket}", self._prefix))
