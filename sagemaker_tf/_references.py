"""ARNs of the resources a user passes in by reference: KMS keys and SNS topics.

Each accepts the provider resource, its data source or an ARN string, and checks a literal ARN's shape at
construction (the provider validates these fields as ARNs at plan time).
"""

from __future__ import annotations

import re
from typing import Any, Union

from constructs import Construct

from ._framework import DataAwsKmsKey, DataAwsSnsTopic, KmsKey, SnsTopic
from ._validation import fail, is_token, show
from .iam import check_key_arn

KmsKeyLike = Union[KmsKey, DataAwsKmsKey, str]
"""A KMS key a user passes in: a ``KmsKey`` resource, a ``DataAwsKmsKey`` data source or a key ARN string."""

TopicLike = Union[SnsTopic, DataAwsSnsTopic, str]
"""An SNS topic a user passes in: an ``SnsTopic`` resource, a ``DataAwsSnsTopic`` data source or a topic ARN."""

_KMS = (
    (KmsKey, DataAwsKmsKey),
    "a KmsKey, a DataAwsKmsKey or a key ARN string",
    re.compile(r"^arn:[^:]+:kms:[^:]*:[^:]*:.+$"),
    "a KMS key ARN arn:<partition>:kms:<region>:<account>:key/<id>",
)
_SNS = (
    (SnsTopic, DataAwsSnsTopic),
    "an SnsTopic, a DataAwsSnsTopic or a topic ARN string",
    re.compile(r"^arn:[^:]+:sns:[^:]+:[^:]+:[^:]+$"),
    "an SNS topic ARN arn:<partition>:sns:<region>:<account>:<name>",
)


def _arn_of(where: Construct | str, value: Any, field: str, kind: tuple[Any, str, re.Pattern[str], str]) -> str | None:
    classes, kinds_text, rule, rule_text = kind
    if value is None:
        return None
    if isinstance(value, classes):
        arn: str = value.arn
        return arn
    if isinstance(value, str) and value:
        if not is_token(value) and not rule.match(value):
            fail(where, f"{field} must be {rule_text} (got {show(value)!r})")
        return value
    fail(where, f"{field} must be {kinds_text} (got {type(value).__name__}: {show(value)})")


def kms_key_arn(where: Construct | str, key: Any, field: str = "encryption_key") -> str | None:
    """The ARN of ``key`` (None stays None); a literal string must be one key's ARN (``iam.check_key_arn``: no
    alias, no wildcard), because the roles that use the key are granted on exactly that ARN.

    Example::

        kms_key_arn("Stack/Config", key, "core_dump_encryption_key")
    """
    if isinstance(key, str) and key:
        return check_key_arn(where, field, key)
    return _arn_of(where, key, field, _KMS)


def topic_arn(where: Construct | str, topic: Any, field: str) -> str | None:
    """The ARN of ``topic`` (None stays None); a literal string must look like an SNS topic ARN.

    Example::

        topic_arn("AsyncInferenceConfig", topic, "success_topic")
    """
    return _arn_of(where, topic, field, _SNS)
