"""Asynchronous inference: where an endpoint writes results and failures, and whom it notifies.

``EndpointConfig(..., async_inference=AsyncInferenceConfig(...))`` renders ``async_inference_config``. Every
model of the config gets write rights on the output and failure locations, use of the KMS key and
``sns:Publish`` on the topics. Async inference needs instance variants (a serverless variant is rejected), and
it is what allows ``auto_scale_instance_count(min_capacity=0)`` and ``scale_on_backlog``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from constructs import Construct

from ._aws_env import KmsKeyLike, TopicLike, kms_key_arn, topic_arn
from ._validation import check_int, check_sequence, check_type, fail
from .iam import sns_publish_statements
from .s3_location import S3Location

if TYPE_CHECKING:
    from .model import IModel

MAX_CONCURRENT_INVOCATIONS = 1000
_LOCATION_KINDS = "an S3Location (S3Location.from_bucket or S3Location.from_uri)"


class AsyncNotificationTopic(StrEnum):
    """Which notifications carry the inference response (``include_inference_response_in``).

    Example::

        sagemaker.AsyncNotificationTopic.SUCCESS_NOTIFICATION_TOPIC
    """

    SUCCESS_NOTIFICATION_TOPIC = "SUCCESS_NOTIFICATION_TOPIC"
    ERROR_NOTIFICATION_TOPIC = "ERROR_NOTIFICATION_TOPIC"


@dataclass(frozen=True, kw_only=True)
class AsyncInferenceConfig:
    """Asynchronous inference for an endpoint config (instance variants only).

    - ``output_path`` (required) and ``failure_path``: where results and errors are written;
    - ``encryption_key``: the KMS key (``KmsKey``, ``DataAwsKmsKey`` or ARN) that encrypts them;
    - ``success_topic`` / ``error_topic``: SNS topics (``SnsTopic``, ``DataAwsSnsTopic`` or ARN) notified per request;
    - ``include_inference_response_in``: which of those notifications carry the response (each needs its topic);
    - ``max_concurrent_invocations_per_instance``: 1-1000; when omitted, ``client_config`` is not rendered and
      SageMaker picks the value (the provider would otherwise send 0).

    Example::

        async_config = sagemaker.AsyncInferenceConfig(
            output_path=sagemaker.S3Location.from_bucket(bucket, "async/output/"),
            failure_path=sagemaker.S3Location.from_bucket(bucket, "async/failure/"),
            max_concurrent_invocations_per_instance=4)
        sagemaker.EndpointConfig(stack, "AsyncConfig", async_inference=async_config,
                                 instance_production_variants=[...])
    """

    output_path: S3Location
    failure_path: S3Location | None = None
    encryption_key: KmsKeyLike | None = None
    success_topic: TopicLike | None = None
    error_topic: TopicLike | None = None
    include_inference_response_in: Sequence[AsyncNotificationTopic] | None = None
    max_concurrent_invocations_per_instance: int | None = None

    def __post_init__(self) -> None:
        where = "AsyncInferenceConfig"
        check_type(where, "output_path", self.output_path, (S3Location,), _LOCATION_KINDS)
        if self.failure_path is not None:
            check_type(where, "failure_path", self.failure_path, (S3Location,), _LOCATION_KINDS)
        kms_key_arn(where, self.encryption_key)
        topics = {
            AsyncNotificationTopic.SUCCESS_NOTIFICATION_TOPIC: topic_arn(where, self.success_topic, "success_topic"),
            AsyncNotificationTopic.ERROR_NOTIFICATION_TOPIC: topic_arn(where, self.error_topic, "error_topic"),
        }
        included: list[AsyncNotificationTopic] = []
        for item in check_sequence(where, "include_inference_response_in", self.include_inference_response_in):
            check_type(
                where,
                "include_inference_response_in[]",
                item,
                (AsyncNotificationTopic,),
                "an AsyncNotificationTopic (SUCCESS_NOTIFICATION_TOPIC or ERROR_NOTIFICATION_TOPIC)",
            )
            if topics[item] is None:
                topic_field = (
                    "success_topic" if item is AsyncNotificationTopic.SUCCESS_NOTIFICATION_TOPIC else "error_topic"
                )
                fail(where, f"include_inference_response_in lists {item.value}, which needs {topic_field}")
            if item not in included:
                included.append(item)
        if self.include_inference_response_in is not None:
            object.__setattr__(self, "include_inference_response_in", tuple(included))
        if self.max_concurrent_invocations_per_instance is not None:
            check_int(
                where,
                "max_concurrent_invocations_per_instance",
                self.max_concurrent_invocations_per_instance,
                1,
                MAX_CONCURRENT_INVOCATIONS,
            )

    def bind(self, scope: Construct, model: IModel) -> None:
        """Grant ``model``'s role what the endpoint needs: write the outputs, use the key, publish to the topics."""
        key = kms_key_arn(scope, self.encryption_key)
        for location in (self.output_path, self.failure_path):
            if location is not None:
                location.bind(scope, model, key)
        for statement in sns_publish_statements([arn for arn in self._topic_arns() if arn is not None]):
            model.add_to_role_policy(statement)

    def render(self) -> list[dict[str, Any]]:
        """The Terraform ``async_inference_config`` block."""
        output: dict[str, Any] = {"s3_output_path": self.output_path.uri}
        if self.failure_path is not None:
            output["s3_failure_path"] = self.failure_path.uri
        key = kms_key_arn("AsyncInferenceConfig", self.encryption_key)
        if key is not None:
            output["kms_key_id"] = key
        success, error = self._topic_arns()
        if success is not None or error is not None:
            notification: dict[str, Any] = {}
            if success is not None:
                notification["success_topic"] = success
            if error is not None:
                notification["error_topic"] = error
            if self.include_inference_response_in:
                notification["include_inference_response_in"] = [t.value for t in self.include_inference_response_in]
            output["notification_config"] = [notification]
        block: dict[str, Any] = {"output_config": [output]}
        if self.max_concurrent_invocations_per_instance is not None:
            block["client_config"] = [
                {"max_concurrent_invocations_per_instance": self.max_concurrent_invocations_per_instance}
            ]
        return [block]

    def _topic_arns(self) -> tuple[str | None, str | None]:
        return (
            topic_arn("AsyncInferenceConfig", self.success_topic, "success_topic"),
            topic_arn("AsyncInferenceConfig", self.error_topic, "error_topic"),
        )
