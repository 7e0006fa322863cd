"""Every limit of the Wave 2 hosting props is a ``ValidationError`` with this exact message: where, rule, value.

Sources of the limits: hashicorp/aws ``internal/service/sagemaker/endpoint_configuration.go`` (ranges, enums,
ARNs, set sizes, the shadow core dump's required ``kms_key_id``) and the SageMaker API reference / developer
guide (content-type pattern, bucket names, shadow test exclusions, serverless exclusions).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

import sagemaker_tf as sagemaker
from sagemaker_tf._runtime.framework import EcrRepository, S3Bucket, TerraformStack
from tests.conftest import make_stack, resources, synth

LOCATION = sagemaker.S3Location.from_uri("s3://bucket/prefix")
ASYNC = sagemaker.AsyncInferenceConfig(output_path=LOCATION)
CAPTURE = sagemaker.DataCaptureConfig(destination=LOCATION)
PV = "Stack/Config: Invalid Production Variant Props: "
KMS_RULE = "must be a KMS key ARN arn:<partition>:kms:<region>:<account>:key/<id>"
SNS_RULE = "must be an SNS topic ARN arn:<partition>:sns:<region>:<account>:<name>"
CONTENT_RULE = "must match [0-9A-Za-z](-*[0-9A-Za-z])*/[0-9A-Za-z](-*[0-9A-Za-z.])* with at most 256 characters"
AMIS = (
    "al2-ami-sagemaker-inference-gpu-2, al2-ami-sagemaker-inference-gpu-2-1, al2-ami-sagemaker-inference-gpu-3-1, "
    "al2-ami-sagemaker-inference-neuron-2, al2023-ami-sagemaker-inference-gpu-4-1"
)


def model(stack: TerraformStack, id: str = "Model") -> sagemaker.Model:
    repo = stack.node.try_find_child("Repo") or EcrRepository(stack, "Repo", name="repo")
    image = sagemaker.ContainerImage.from_ecr_repository(repo)
    return sagemaker.Model(stack, id, containers=[sagemaker.ContainerDefinition(image=image)])


def variant(stack: TerraformStack, name: str = "main", id: str = "Model", **kwargs: Any):
    return sagemaker.InstanceProductionVariantProps(model=model(stack, id), variant_name=name, **kwargs)


def config(stack: TerraformStack, **kwargs: Any) -> sagemaker.EndpointConfig:
    return sagemaker.EndpointConfig(stack, "Config", **kwargs)


def serverless(stack: TerraformStack) -> sagemaker.ServerlessProductionVariantProps:
    return sagemaker.ServerlessProductionVariantProps(
        model=model(stack, "Serverless"), variant_name="sls", max_concurrency=1, memory_size_in_mb=1024
    )


def bucket(stack: TerraformStack) -> S3Bucket:
    return S3Bucket(stack, "Bucket")


CASES: list[tuple[str, Callable[[TerraformStack], Any], str]] = [
    # --- S3Location ---
    (
        "location bucket kind",
        lambda s: sagemaker.S3Location.from_bucket("bucket"),
        "S3Location.from_bucket: bucket must be an S3Bucket or a DataAwsS3Bucket (got str: bucket)",
    ),
    (
        "location prefix kind",
        lambda s: sagemaker.S3Location.from_bucket(bucket(s), 7),
        "S3Location.from_bucket: prefix must be a string (got int: 7)",
    ),
    (
        "location prefix slash",
        lambda s: sagemaker.S3Location.from_bucket(bucket(s), "/captures"),
        "S3Location.from_bucket: prefix must not start with '/' (got '/captures')",
    ),
    (
        "location prefix length",
        lambda s: sagemaker.S3Location.from_bucket(bucket(s), "p" * 504),
        "S3Location.from_bucket: prefix must be at most 503 characters, so that the S3 URI fits in 512 "
        "(got 504 characters)",
    ),
    (
        "location uri kind",
        lambda s: sagemaker.S3Location.from_uri(None),
        "S3Location.from_uri: uri must be a string (got NoneType: None)",
    ),
    (
        "location uri scheme",
        lambda s: sagemaker.S3Location.from_uri("https://bucket/x"),
        "S3Location.from_uri: uri must look like s3://<bucket>/<prefix> (got 'https://bucket/x')",
    ),
    (
        "location uri length",
        lambda s: sagemaker.S3Location.from_uri("s3://bucket/" + "k" * 501),
        "S3Location.from_uri: uri must be at most 512 characters (got 513 characters)",
    ),
    (
        "location uri bucket",
        lambda s: sagemaker.S3Location.from_uri("s3://My_Bucket/x"),
        "S3Location.from_uri: bucket name must be 3-63 lowercase letters, digits, dots or hyphens, starting and "
        "ending with a letter or digit (got 'My_Bucket')",
    ),
    # --- AsyncInferenceConfig ---
    (
        "async output kind",
        lambda s: sagemaker.AsyncInferenceConfig(output_path="s3://bucket/out"),
        "AsyncInferenceConfig: output_path must be an S3Location (S3Location.from_bucket or S3Location.from_uri) "
        "(got str: s3://bucket/out)",
    ),
    (
        "async failure kind",
        lambda s: sagemaker.AsyncInferenceConfig(output_path=LOCATION, failure_path=1),
        "AsyncInferenceConfig: failure_path must be an S3Location (S3Location.from_bucket or S3Location.from_uri) "
        "(got int: 1)",
    ),
    (
        "async key arn",
        lambda s: sagemaker.AsyncInferenceConfig(output_path=LOCATION, encryption_key="arn:aws:kms:us-east-1:k"),
        f"AsyncInferenceConfig: encryption_key {KMS_RULE} (got 'arn:aws:kms:us-east-1:k')",
    ),
    (
        "async key kind",
        lambda s: sagemaker.AsyncInferenceConfig(output_path=LOCATION, encryption_key=3),
        "AsyncInferenceConfig: encryption_key must be a KmsKey, a DataAwsKmsKey or a key ARN string (got int: 3)",
    ),
    (
        "async success topic arn",
        lambda s: sagemaker.AsyncInferenceConfig(output_path=LOCATION, success_topic="done"),
        f"AsyncInferenceConfig: success_topic {SNS_RULE} (got 'done')",
    ),
    (
        "async error topic kind",
        lambda s: sagemaker.AsyncInferenceConfig(output_path=LOCATION, error_topic=["t"]),
        "AsyncInferenceConfig: error_topic must be an SnsTopic, a DataAwsSnsTopic or a topic ARN string "
        "(got list: ['t'])",
    ),
    (
        "async include kind",
        lambda s: sagemaker.AsyncInferenceConfig(
            output_path=LOCATION,
            success_topic="arn:aws:sns:us-east-1:1:t",
            include_inference_response_in=["SUCCESS_NOTIFICATION_TOPIC"],
        ),
        "AsyncInferenceConfig: include_inference_response_in[] must be an AsyncNotificationTopic "
        "(SUCCESS_NOTIFICATION_TOPIC or ERROR_NOTIFICATION_TOPIC) (got str: SUCCESS_NOTIFICATION_TOPIC)",
    ),
    (
        "async include without topic",
        lambda s: sagemaker.AsyncInferenceConfig(
            output_path=LOCATION,
            include_inference_response_in=[sagemaker.AsyncNotificationTopic.ERROR_NOTIFICATION_TOPIC],
        ),
        "AsyncInferenceConfig: include_inference_response_in lists ERROR_NOTIFICATION_TOPIC, which needs error_topic",
    ),
    (
        "async concurrency low",
        lambda s: sagemaker.AsyncInferenceConfig(output_path=LOCATION, max_concurrent_invocations_per_instance=0),
        "AsyncInferenceConfig: max_concurrent_invocations_per_instance must be between 1 and 1000 inclusive (got 0)",
    ),
    (
        "async concurrency high",
        lambda s: sagemaker.AsyncInferenceConfig(output_path=LOCATION, max_concurrent_invocations_per_instance=1001),
        "AsyncInferenceConfig: max_concurrent_invocations_per_instance must be between 1 and 1000 inclusive (got 1001)",
    ),
    (
        "async concurrency kind",
        lambda s: sagemaker.AsyncInferenceConfig(output_path=LOCATION, max_concurrent_invocations_per_instance=2.5),
        "AsyncInferenceConfig: max_concurrent_invocations_per_instance must be a whole number (got float: 2.5)",
    ),
    (
        "async config kind",
        lambda s: config(s, async_inference={"output_path": LOCATION}),
        "Stack/Config: async_inference must be an AsyncInferenceConfig (got dict: {'output_path': "
        "S3Location('s3://bucket/prefix')})",
    ),
    (
        "async with serverless",
        lambda s: config(s, async_inference=ASYNC, serverless_production_variant=serverless(s)),
        "Stack/Config: async_inference needs instance production variants; a serverless variant cannot serve "
        "asynchronous inference",
    ),
    (
        "serverless added to async",
        lambda s: config(s, async_inference=ASYNC).add_serverless_production_variant(serverless(s)),
        "Stack/Config: async_inference needs instance production variants; a serverless variant cannot serve "
        "asynchronous inference",
    ),
    # --- DataCaptureConfig ---
    (
        "capture destination kind",
        lambda s: sagemaker.DataCaptureConfig(destination=None),
        "DataCaptureConfig: destination must be an S3Location (S3Location.from_bucket or S3Location.from_uri) "
        "(got NoneType: None)",
    ),
    (
        "capture sampling low",
        lambda s: sagemaker.DataCaptureConfig(destination=LOCATION, sampling_percentage=-1),
        "DataCaptureConfig: sampling_percentage must be between 0 and 100 inclusive (got -1)",
    ),
    (
        "capture sampling high",
        lambda s: sagemaker.DataCaptureConfig(destination=LOCATION, sampling_percentage=101),
        "DataCaptureConfig: sampling_percentage must be between 0 and 100 inclusive (got 101)",
    ),
    (
        "capture sampling kind",
        lambda s: sagemaker.DataCaptureConfig(destination=LOCATION, sampling_percentage=12.5),
        "DataCaptureConfig: sampling_percentage must be a whole number (got float: 12.5)",
    ),
    (
        "capture direction kind",
        lambda s: sagemaker.DataCaptureConfig(destination=LOCATION, capture_input="yes"),
        "DataCaptureConfig: capture_input must be a bool (got str: yes)",
    ),
    (
        "capture enabled kind",
        lambda s: sagemaker.DataCaptureConfig(destination=LOCATION, enabled=None),
        "DataCaptureConfig: enabled must be a bool (got NoneType: None)",
    ),
    (
        "capture no direction",
        lambda s: sagemaker.DataCaptureConfig(destination=LOCATION, capture_input=False, capture_output=False),
        "DataCaptureConfig: capture_input and capture_output cannot both be False (capture at least one direction)",
    ),
    (
        "capture key arn",
        lambda s: sagemaker.DataCaptureConfig(destination=LOCATION, encryption_key="k-1"),
        f"DataCaptureConfig: encryption_key {KMS_RULE} (got 'k-1')",
    ),
    (
        "capture no content types",
        lambda s: sagemaker.DataCaptureConfig(destination=LOCATION, json_content_types=[]),
        "DataCaptureConfig: json_content_types must list 1-10 content types when given (got 0)",
    ),
    (
        "capture too many content types",
        lambda s: sagemaker.DataCaptureConfig(
            destination=LOCATION, csv_content_types=[f"text/csv{i}" for i in range(11)]
        ),
        "DataCaptureConfig: csv_content_types must list 1-10 content types when given (got 11)",
    ),
    (
        "capture content types kind",
        lambda s: sagemaker.DataCaptureConfig(destination=LOCATION, json_content_types="application/json"),
        "DataCaptureConfig: json_content_types must be a list (got str: application/json)",
    ),
    (
        "capture content type pattern",
        lambda s: sagemaker.DataCaptureConfig(
            destination=LOCATION, json_content_types=["application/json; charset=utf-8"]
        ),
        f"DataCaptureConfig: every entry of json_content_types {CONTENT_RULE} (got 'application/json; charset=utf-8')",
    ),
    (
        "capture content type length",
        lambda s: sagemaker.DataCaptureConfig(destination=LOCATION, csv_content_types=["text/" + "c" * 252]),
        f"DataCaptureConfig: every entry of csv_content_types {CONTENT_RULE} (got 'text/{'c' * 72}...')",
    ),
    (
        "capture content type twice",
        lambda s: sagemaker.DataCaptureConfig(destination=LOCATION, csv_content_types=["text/csv", "text/csv"]),
        "DataCaptureConfig: csv_content_types lists a content type twice (got ['text/csv', 'text/csv'])",
    ),
    (
        "capture config kind",
        lambda s: config(s, data_capture=LOCATION),
        "Stack/Config: data_capture must be a DataCaptureConfig (got _UriLocation: S3Location('s3://bucket/prefix'))",
    ),
    (
        "capture with serverless",
        lambda s: config(s, data_capture=CAPTURE, serverless_production_variant=serverless(s)),
        "Stack/Config: data_capture is not supported with a serverless production variant (Serverless Inference does "
        "not capture data)",
    ),
    # --- variant tuning (props types) ---
    (
        "volume kind",
        lambda s: variant(s, volume_size_in_gb="100"),
        "InstanceProductionVariantProps: volume_size_in_gb must be a whole number (got str: 100)",
    ),
    (
        "download timeout kind",
        lambda s: variant(s, model_data_download_timeout=600),
        "InstanceProductionVariantProps: model_data_download_timeout must be a datetime.timedelta (got int: 600)",
    ),
    (
        "ami kind",
        lambda s: variant(s, inference_ami_version=2),
        "InstanceProductionVariantProps: inference_ami_version must be a string (got int: 2)",
    ),
    (
        "routing kind",
        lambda s: variant(s, routing_strategy="RANDOM"),
        "InstanceProductionVariantProps: routing_strategy must be a RoutingStrategy (LEAST_OUTSTANDING_REQUESTS or "
        "RANDOM) (got str: RANDOM)",
    ),
    (
        "ssm kind",
        lambda s: variant(s, enable_ssm_access="true"),
        "InstanceProductionVariantProps: enable_ssm_access must be a bool (got str: true)",
    ),
    (
        "core dump kind",
        lambda s: variant(s, core_dump_destination="s3://bucket/dumps"),
        "InstanceProductionVariantProps: core_dump_destination must be an S3Location (S3Location.from_bucket or "
        "S3Location.from_uri) (got str: s3://bucket/dumps)",
    ),
    (
        "core dump key arn",
        lambda s: variant(s, core_dump_destination=LOCATION, core_dump_encryption_key="key"),
        f"InstanceProductionVariantProps: core_dump_encryption_key {KMS_RULE} (got 'key')",
    ),
    (
        "core dump key alone",
        lambda s: variant(s, core_dump_encryption_key="arn:aws:kms:us-east-1:111111111111:key/k"),
        "InstanceProductionVariantProps: core_dump_encryption_key needs core_dump_destination (it encrypts the core "
        "dumps)",
    ),
    # --- variant tuning (limits, checked when the variant joins a config) ---
    (
        "volume low",
        lambda s: config(s, instance_production_variants=[variant(s, volume_size_in_gb=0)]),
        f"{PV}volume_size_in_gb must be between 1 and 512 GB (volume_size_in_gb=0)",
    ),
    (
        "volume high",
        lambda s: config(s, instance_production_variants=[variant(s, volume_size_in_gb=513)]),
        f"{PV}volume_size_in_gb must be between 1 and 512 GB (volume_size_in_gb=513)",
    ),
    (
        "download timeout low",
        lambda s: config(
            s, instance_production_variants=[variant(s, model_data_download_timeout=timedelta(seconds=59))]
        ),
        f"{PV}model_data_download_timeout must be between 60 and 3600 seconds (got 59)",
    ),
    (
        "download timeout high",
        lambda s: config(
            s, instance_production_variants=[variant(s, model_data_download_timeout=timedelta(hours=1, seconds=1))]
        ),
        f"{PV}model_data_download_timeout must be between 60 and 3600 seconds (got 3601)",
    ),
    (
        "download timeout fraction",
        lambda s: config(
            s, instance_production_variants=[variant(s, model_data_download_timeout=timedelta(seconds=90.5))]
        ),
        f"{PV}model_data_download_timeout must be a whole number of seconds "
        "(got datetime.timedelta(seconds=90, microseconds=500000))",
    ),
    (
        "health check timeout high",
        lambda s: config(
            s, instance_production_variants=[variant(s, container_startup_health_check_timeout=timedelta(seconds=3601))]
        ),
        f"{PV}container_startup_health_check_timeout must be between 60 and 3600 seconds (got 3601)",
    ),
    (
        "volume on NVMe",
        lambda s: config(
            s,
            instance_production_variants=[
                variant(s, instance_type=sagemaker.InstanceType.G5_12XLARGE, volume_size_in_gb=100)
            ],
        ),
        f"{PV}volume_size_in_gb cannot be set on ml.g5.12xlarge: the ml.g5 family uses NVMe instance storage, not an "
        "EBS volume",
    ),
    (
        "ami value",
        lambda s: config(
            s, instance_production_variants=[variant(s, inference_ami_version="al2-ami-sagemaker-inference-gpu-9")]
        ),
        f"{PV}inference_ami_version must be one of: {AMIS} (got 'al2-ami-sagemaker-inference-gpu-9')",
    ),
    (
        "several limits at once",
        lambda s: config(
            s,
            instance_production_variants=[
                variant(s, volume_size_in_gb=600, model_data_download_timeout=timedelta(seconds=10))
            ],
        ),
        f"{PV}volume_size_in_gb must be between 1 and 512 GB (volume_size_in_gb=600); model_data_download_timeout must "
        "be between 60 and 3600 seconds (got 10)",
    ),
    (
        "limit on an added variant",
        lambda s: config(s, instance_production_variants=[variant(s)]).add_instance_production_variant(
            variant(s, "second", "Second", volume_size_in_gb=1000)
        ),
        f"{PV}volume_size_in_gb must be between 1 and 512 GB (volume_size_in_gb=1000)",
    ),
    # --- shadow variants ---
    (
        "two shadows",
        lambda s: config(
            s,
            instance_production_variants=[variant(s)],
            shadow_production_variants=[variant(s, "s1", "S1"), variant(s, "s2", "S2")],
        ),
        "Stack/Config: Can't have more than 1 shadow production variant (got 2)",
    ),
    (
        "second shadow added",
        lambda s: config(
            s, instance_production_variants=[variant(s)], shadow_production_variants=[variant(s, "s1", "S1")]
        ).add_shadow_production_variant(variant(s, "s2", "S2")),
        "Stack/Config: Can't have more than 1 shadow production variant (got 2)",
    ),
    (
        "shadow same name",
        lambda s: config(
            s, instance_production_variants=[variant(s, "v")], shadow_production_variants=[variant(s, "v", "Shadow")]
        ),
        "Stack/Config: The shadow variant needs a name distinct from the production variants (both are named 'v')",
    ),
    (
        "shadow added with same name",
        lambda s: config(s, instance_production_variants=[variant(s, "v")]).add_shadow_production_variant(
            variant(s, "v", "Shadow")
        ),
        "Stack/Config: The shadow variant needs a name distinct from the production variants (both are named 'v')",
    ),
    (
        "production added with shadow name",
        lambda s: config(s, shadow_production_variants=[variant(s, "v", "Shadow")]).add_instance_production_variant(
            variant(s, "v")
        ),
        "Stack/Config: There is already a shadow production variant with name 'v'",
    ),
    (
        "shadow kind",
        lambda s: config(s, instance_production_variants=[variant(s)], shadow_production_variants=[serverless(s)]),
        "Stack/Config: shadow production variant must be an InstanceProductionVariantProps (got "
        "ServerlessProductionVariantProps: ServerlessProductionVariantProps(model=<sagemaker_tf.model.Model object",
    ),
    (
        "shadow list kind",
        lambda s: config(s, instance_production_variants=[variant(s)], shadow_production_variants=variant(s, "s", "S")),
        "Stack/Config: shadow_production_variants must be a list (got InstanceProductionVariantProps: "
        "InstanceProductionVariantProps(model=<sagemaker_tf.model.Model object at",
    ),
    (
        "shadow core dump without key",
        lambda s: config(
            s,
            instance_production_variants=[variant(s)],
            shadow_production_variants=[variant(s, "shadow", "Shadow", core_dump_destination=LOCATION)],
        ),
        f"{PV}A shadow variant's core dump needs core_dump_encryption_key (kms_key_id is required in a shadow variant's "
        "core_dump_config)",
    ),
    (
        "shadow with async",
        lambda s: config(
            s,
            async_inference=ASYNC,
            instance_production_variants=[variant(s)],
            shadow_production_variants=[variant(s, "shadow", "Shadow")],
        ),
        "Stack/Config: Shadow variants cannot be used with async_inference (AWS does not run shadow tests on "
        "asynchronous endpoints)",
    ),
    (
        "shadow added to async",
        lambda s: config(
            s, async_inference=ASYNC, instance_production_variants=[variant(s)]
        ).add_shadow_production_variant(variant(s, "shadow", "Shadow")),
        "Stack/Config: Shadow variants cannot be used with async_inference (AWS does not run shadow tests on "
        "asynchronous endpoints)",
    ),
    (
        "shadow with serverless",
        lambda s: config(
            s, serverless_production_variant=serverless(s), shadow_production_variants=[variant(s, "shadow", "Shadow")]
        ),
        "Stack/Config: Shadow variants cannot be used with a serverless production variant (AWS does not run shadow "
        "tests on serverless endpoints)",
    ),
    (
        "shadow added to serverless",
        lambda s: config(s, serverless_production_variant=serverless(s)).add_shadow_production_variant(
            variant(s, "shadow", "Shadow")
        ),
        "Stack/Config: Shadow variants cannot be used with a serverless production variant (AWS does not run shadow "
        "tests on serverless endpoints)",
    ),
]


@pytest.mark.parametrize(("build", "message"), [(b, m) for _, b, m in CASES], ids=[c[0] for c in CASES])
def test_bad_input_is_rejected_with_the_exact_message(build, message):
    stack = make_stack()
    with pytest.raises(sagemaker.ValidationError) as caught:
        build(stack)
    text = str(caught.value)
    # messages that show a Python object's repr are compared up to the repr's address
    assert text == message if " object" not in message else text.startswith(message), text


def test_a_rejected_config_leaves_nothing_behind_and_the_stack_still_synthesizes():
    stack = make_stack()
    with pytest.raises(sagemaker.ValidationError):
        config(stack, async_inference=ASYNC, serverless_production_variant=serverless(stack))
    assert stack.node.try_find_child("Config") is None
    sagemaker.EndpointConfig(stack, "Config", instance_production_variants=[variant(stack, id="Other")])
    assert len(resources(synth(stack), "aws_sagemaker_endpoint_configuration")) == 1


def test_a_rejected_shadow_variant_adds_no_grant():
    stack = make_stack()
    endpoint_config = config(stack, instance_production_variants=[variant(stack)])
    shadow_model = model(stack, "Shadow")
    with pytest.raises(sagemaker.ValidationError):
        endpoint_config.add_shadow_production_variant(
            sagemaker.InstanceProductionVariantProps(
                model=shadow_model, variant_name="shadow", core_dump_destination=LOCATION
            )
        )
    assert endpoint_config.shadow_production_variants == []
    assert shadow_model.role.node.try_find_child("SagemakerTfGrants").statements[-1].actions[0].startswith("ecr:")
