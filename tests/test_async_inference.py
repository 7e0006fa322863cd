"""AsyncInferenceConfig: the async_inference_config block and the grants on its paths, key and topics."""

from __future__ import annotations

import sagemaker_tf as sagemaker
from sagemaker_tf._runtime.framework import (
    DataAwsSnsTopic,
    S3Bucket,
    SnsTopic,
)
from tests.helpers import (
    CONFIG,
    KEY_ARN,
    TOPIC_ARN,
    ecr_model,
    grant_statements,
    grants_on,
    instance_variant,
    only,
    synth,
)


def test_async_inference_renders_output_notification_and_client_config(stack):
    bucket = S3Bucket(stack, "Bucket", bucket_prefix="b-")
    success = SnsTopic(stack, "Success")
    config = sagemaker.AsyncInferenceConfig(
        output_path=sagemaker.S3Location.from_bucket(bucket, "out/"),
        failure_path=sagemaker.S3Location.from_bucket(bucket, "failed/"),
        encryption_key=KEY_ARN,
        success_topic=success,
        error_topic=TOPIC_ARN,
        include_inference_response_in=[
            sagemaker.AsyncNotificationTopic.SUCCESS_NOTIFICATION_TOPIC,
            sagemaker.AsyncNotificationTopic.ERROR_NOTIFICATION_TOPIC,
        ],
        max_concurrent_invocations_per_instance=8,
    )
    endpoint_config = sagemaker.EndpointConfig(
        stack, "Config", async_inference=config, instance_production_variants=[instance_variant(ecr_model(stack))]
    )
    assert endpoint_config.async_inference is config
    assert only(synth(stack), CONFIG)["async_inference_config"] == [
        {
            "output_config": [
                {
                    "s3_output_path": "s3://${aws_s3_bucket.Bucket.bucket}/out/",
                    "s3_failure_path": "s3://${aws_s3_bucket.Bucket.bucket}/failed/",
                    "kms_key_id": KEY_ARN,
                    "notification_config": [
                        {
                            "success_topic": "${aws_sns_topic.Success.arn}",
                            "error_topic": TOPIC_ARN,
                            "include_inference_response_in": ["SUCCESS_NOTIFICATION_TOPIC", "ERROR_NOTIFICATION_TOPIC"],
                        }
                    ],
                }
            ],
            "client_config": [{"max_concurrent_invocations_per_instance": 8}],
        }
    ]


def test_async_inference_without_concurrency_renders_no_client_config(stack):
    config = sagemaker.AsyncInferenceConfig(output_path=sagemaker.S3Location.from_uri("s3://out-bucket/async"))
    sagemaker.EndpointConfig(
        stack, "Config", async_inference=config, instance_production_variants=[instance_variant(ecr_model(stack))]
    )
    assert only(synth(stack), CONFIG)["async_inference_config"] == [
        {"output_config": [{"s3_output_path": "s3://out-bucket/async"}]}
    ]


def test_real_time_config_has_no_async_block_and_no_async_property(stack):
    config = sagemaker.EndpointConfig(
        stack, "Config", instance_production_variants=[instance_variant(ecr_model(stack))]
    )
    assert config.async_inference is None
    rendered = only(synth(stack), CONFIG)
    assert not {"async_inference_config", "data_capture_config", "shadow_production_variants"} & set(rendered)


def test_async_inference_grants_paths_key_and_topics_to_every_model(stack):
    bucket = S3Bucket(stack, "Bucket", bucket_prefix="b-")
    errors = DataAwsSnsTopic(stack, "Errors", name="errors")
    config = sagemaker.AsyncInferenceConfig(
        output_path=sagemaker.S3Location.from_bucket(bucket, "out"),
        failure_path=sagemaker.S3Location.from_bucket(bucket, "failed"),
        encryption_key=KEY_ARN,
        success_topic=TOPIC_ARN,
        error_topic=errors,
    )
    endpoint_config = sagemaker.EndpointConfig(
        stack,
        "Config",
        async_inference=config,
        instance_production_variants=[instance_variant(ecr_model(stack, "A"), "a")],
    )
    endpoint_config.add_instance_production_variant(instance_variant(ecr_model(stack, "B"), "b"))
    doc = synth(stack)
    for index in range(2):
        assert grants_on(doc, "${aws_s3_bucket.Bucket.arn}/out/*", index) == ["s3:PutObject", "s3:AbortMultipartUpload"]
        assert grants_on(doc, "${aws_s3_bucket.Bucket.arn}/failed/*", index) == [
            "s3:PutObject",
            "s3:AbortMultipartUpload",
        ]
        assert grants_on(doc, KEY_ARN, index) == ["kms:Encrypt", "kms:GenerateDataKey*", "kms:Decrypt"]
        publish = [s for s in grant_statements(doc, index) if s["Action"] == ["sns:Publish"]]
        assert publish == [
            {"Effect": "Allow", "Action": ["sns:Publish"], "Resource": [TOPIC_ARN, "${data.aws_sns_topic.Errors.arn}"]}
        ]
