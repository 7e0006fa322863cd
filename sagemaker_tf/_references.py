"""ARNs of the resources a user passes in by reference: KMS keys and SNS topics.

Each accepts the provider resource, its data source or an ARN string, and checks a literal ARN's shape at
construction (the provider validates these fields as ARNs at plan time).
"""

from __future__ import annotations

import re
from typing import Any, Union

from cdktf_cdktf_provider_aws.data_aws_kms_key import DataAwsKmsKey
from cdktf_cdktf_provider_aws.data_aws_sns_topic import DataAwsSnsTopic
from cdktf_cdktf_provider_aws.kms_key import KmsKey
from cdktf_cdktf_provider_aws.sns_topic import SnsTopic
from constructs import Construct

from ._validation import fail, is_token, show

KmsKeyLike = Union[KmsKey, DataAwsKmsKey, str]
"""A KMS key a user passes in: a ``KmsKey`` resource, a ``DataAwsKmsKey`` data source or a key ARN string."""

TopicLike = Union[SnsTopic, DataAwsSnsTopic, str]
"""An SNS topic a user passes in: an ``SnsTopic`` resource, a ``DataAwsSnsTopic`` data source or a topic ARN."""

_KMS_ARN_RULE = re.compile(r"^arn:[^:]+:kms:[^:]*:[^:]*:.+$")
_SNS_ARN_RULE = re.compile(r"^arn:[^:]+:sns:[^:]+:[^:]+:[^:]+$")


def kms_key_arn(where: Construct | str, key: Any, field: str = "encryption_key") -> str | None:
    """The ARN of ``key`` (None stays None); a literal string must look like a KMS ARN.

    Example::

        kms_key_arn("Stack/Config", key, "core_dump_encryption_key")
    """
    if key is None:
        return None
    if isinstance(key, (KmsKey, DataAwsKmsKey)):
        return key.arn
    if isinstance(key, str) and key:
        if not is_token(key) and not _KMS_ARN_RULE.match(key):
            fail(where, f"{field} must be a KMS key ARN arn:<partition>:kms:<region>:<account>:key/<id> "
                        f"(got {show(key)!r})")
        return key
    fail(where, f"{field} must be a KmsKey, a DataAwsKmsKey or a key ARN string "
                f"(got {type(key).__name__}: {show(key)})")


def topic_arn(where: Construct | str, topic: Any, field: str) -> str | None:
    """The ARN of ``topic`` (None stays None); a literal string must look like an SNS topic ARN.

    Example::

        topic_arn("AsyncInferenceConfig", topic, "success_topic")
    """
    if topic is None:
        return None
    if isinstance(topic, (SnsTopic, DataAwsSnsTopic)):
        return topic.arn
    if isinstance(topic, str) and topic:
        if not is_token(topic) and not _SNS_ARN_RULE.match(topic):
            fail(where, f"{field} must be an SNS topic ARN arn:<partition>:sns:<region>:<account>:<name> "
                        f"(got {show(topic)!r})")
        return topic
    fail(where, f"{field} must be an SnsTopic, a DataAwsSnsTopic or a topic ARN string "
                f"(got {type(topic).__name__}: {show(topic)})")
