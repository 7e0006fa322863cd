"""Property tests for the Wave 2 hosting props: variant tuning, async inference, data capture, shadow variants.

Random inputs (mostly valid, one field broken half the time) either fail with a ``ValidationError`` or synthesize
into blocks within the provider's limits. Fixed seed, no example database (see ``tests/test_fuzz.py``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

import sagemaker_tf as sagemaker
from sagemaker_tf._runtime.framework import DataAwsEcrRepository, TerraformStack
from sagemaker_tf.endpoint_config import INFERENCE_AMI_VERSIONS
from tests.conftest import make_stack, resources
from tests.refcheck import assert_references_resolve
from tests.test_fuzz import FUZZ, TEXT, draw_mostly_valid, outcome

CONTENT_TYPE = re.compile(r"^[0-9A-Za-z](-*[0-9A-Za-z])*/[0-9A-Za-z](-*[0-9A-Za-z.])*$")
KEY_ARN = "arn:aws:kms:us-east-1:111111111111:key/k"
TOPIC_ARN = "arn:aws:sns:us-east-1:111111111111:t"
LOCATIONS = st.sampled_from(
    [
        sagemaker.S3Location.from_uri("s3://bucket-a/p"),
        sagemaker.S3Location.bucket_root("bucket-b"),
        sagemaker.S3Location.from_uri("s3://bucket-c/q/"),
    ]
)
SECONDS = st.integers(60, 3600).map(lambda s: timedelta(seconds=s))
BAD_SECONDS = st.one_of(st.integers(0, 59), st.integers(3601, 10_000)).map(lambda s: timedelta(seconds=s))

TUNING_VALID = {
    "volume_size_in_gb": st.one_of(st.none(), st.integers(1, 512)),
    "model_data_download_timeout": st.one_of(st.none(), SECONDS),
    "container_startup_health_check_timeout": st.one_of(st.none(), SECONDS),
    "inference_ami_version": st.one_of(st.none(), st.sampled_from(INFERENCE_AMI_VERSIONS)),
    "routing_strategy": st.one_of(st.none(), st.sampled_from(list(sagemaker.RoutingStrategy))),
    "enable_ssm_access": st.one_of(st.none(), st.booleans()),
    "core_dump_destination": st.one_of(st.none(), LOCATIONS),
}
TUNING_INVALID = {
    "volume_size_in_gb": st.one_of(st.integers(-5, 0), st.integers(513, 2000), st.just("64")),
    "model_data_download_timeout": st.one_of(BAD_SECONDS, st.just(600)),
    "container_startup_health_check_timeout": BAD_SECONDS,
    "inference_ami_version": st.one_of(TEXT, st.just(3)),
    "routing_strategy": st.sampled_from(["RANDOM", 1]),
    "enable_ssm_access": st.sampled_from(["yes", 0]),
    "core_dump_destination": st.sampled_from(["s3://bucket/x", 1]),
}
ASYNC_VALID = {
    "failure_path": st.one_of(st.none(), LOCATIONS),
    "encryption_key": st.sampled_from([None, KEY_ARN]),
    "error_topic": st.sampled_from([None, TOPIC_ARN]),
    "max_concurrent_invocations_per_instance": st.one_of(st.none(), st.integers(1, 1000)),
}
ASYNC_INVALID = {
    "failure_path": st.sampled_from(["s3://x/y", 0]),
    "encryption_key": st.one_of(TEXT.filter(bool), st.just(1)),
    "error_topic": st.one_of(TEXT.filter(bool), st.just(1)),
    "max_concurrent_invocations_per_instance": st.one_of(st.integers(-3, 0), st.integers(1001, 5000), st.just(1.5)),
}
CONTENT_TYPES = st.lists(
    st.from_regex(r"[a-z]{1,8}/[a-z][a-z0-9.-]{0,8}[a-z0-9]", fullmatch=True), min_size=1, max_size=10, unique=True
)
CAPTURE_VALID = {
    "sampling_percentage": st.integers(0, 100),
    "capture_input": st.booleans(),
    "capture_output": st.just(True),
    "json_content_types": st.one_of(st.none(), CONTENT_TYPES),
    "csv_content_types": st.one_of(st.none(), CONTENT_TYPES),
    "enabled": st.booleans(),
}
CAPTURE_INVALID = {
    "sampling_percentage": st.one_of(st.integers(-10, -1), st.integers(101, 1000), st.just(50.5)),
    "capture_output": st.just(False),  # with capture_input False too this is the "no direction" rule
    "capture_input": st.just("true"),
    "json_content_types": st.one_of(
        st.just([]),
        st.lists(st.just("application/json"), min_size=2, max_size=2),
        st.lists(TEXT.filter(lambda t: not CONTENT_TYPE.match(t)), min_size=1, max_size=3),
    ),
    "csv_content_types": st.lists(
        st.from_regex(r"text/[a-z]{1,6}", fullmatch=True), min_size=11, max_size=12, unique=True
    ),
    "enabled": st.just(1),
}


def _tuning_is_valid(tuning: dict[str, Any]) -> bool:
    volume, ami = tuning["volume_size_in_gb"], tuning["inference_ami_version"]
    return (
        (volume is None or (isinstance(volume, int) and 1 <= volume <= 512))
        and all(
            t is None or (isinstance(t, timedelta) and 60 <= t.total_seconds() <= 3600)
            for t in (tuning["model_data_download_timeout"], tuning["container_startup_health_check_timeout"])
        )
        and (ami is None or ami in INFERENCE_AMI_VERSIONS)
        and (tuning["routing_strategy"] is None or isinstance(tuning["routing_strategy"], sagemaker.RoutingStrategy))
        and (tuning["enable_ssm_access"] is None or isinstance(tuning["enable_ssm_access"], bool))
        and (
            tuning["core_dump_destination"] is None or isinstance(tuning["core_dump_destination"], sagemaker.S3Location)
        )
    )


def models(stack: TerraformStack, count: int) -> list[sagemaker.Model]:
    image = sagemaker.ContainerImage.from_ecr_repository(DataAwsEcrRepository(stack, "Repo", name="repo"))
    return [
        sagemaker.Model(stack, f"M{i}", containers=[sagemaker.ContainerDefinition(image=image)])
        for i in range(1, count + 1)
    ]


def synth_one_variant_config(config_kwargs: Callable[[], dict[str, Any]]) -> dict[str, Any] | None:
    """An endpoint config with one plain variant plus ``config_kwargs()``: its JSON, or None when rejected."""
    stack = make_stack()
    (model,) = models(stack, 1)

    def build() -> None:
        variants = [sagemaker.InstanceProductionVariantProps(model=model, variant_name="main")]
        sagemaker.EndpointConfig(stack, "Config", instance_production_variants=variants, **config_kwargs())

    return outcome(stack, build)


def _check_variant(rendered: dict[str, Any]) -> None:
    assert 1 <= rendered.get("volume_size_in_gb", 1) <= 512
    for field in ("model_data_download_timeout_in_seconds", "container_startup_health_check_timeout_in_seconds"):
        assert 60 <= rendered.get(field, 60) <= 3600
    assert rendered.get("inference_ami_version", INFERENCE_AMI_VERSIONS[0]) in INFERENCE_AMI_VERSIONS
    for routing in rendered.get("routing_config", []):
        assert routing["routing_strategy"] in ("LEAST_OUTSTANDING_REQUESTS", "RANDOM")
    for dump in rendered.get("core_dump_config", []):
        assert dump["destination_s3_uri"].startswith("s3://") and len(dump["destination_s3_uri"]) <= 512


@FUZZ
@given(data=st.data(), shadow=st.booleans())
def test_random_tuned_variants_fail_with_validation_errors_or_synthesize_within_limits(data, shadow):
    tuning = draw_mostly_valid(data, TUNING_VALID, TUNING_INVALID)
    shadow_key = data.draw(st.sampled_from([None, KEY_ARN]), label="shadow core dump key") if shadow else None
    stack = make_stack()
    main, candidate = models(stack, 2)

    def build() -> None:
        config = sagemaker.EndpointConfig(
            stack,
            "Config",
            instance_production_variants=[
                sagemaker.InstanceProductionVariantProps(model=main, variant_name="main", **tuning)
            ],
        )
        if shadow:
            config.add_shadow_production_variant(
                sagemaker.InstanceProductionVariantProps(
                    model=candidate,
                    variant_name="shadow",
                    core_dump_destination=tuning["core_dump_destination"],
                    core_dump_encryption_key=shadow_key if tuning["core_dump_destination"] is not None else None,
                )
            )

    doc = outcome(stack, build)
    shadow_dump_unkeyed = shadow and tuning["core_dump_destination"] is not None and shadow_key is None
    assert (doc is not None) == (_tuning_is_valid(tuning) and not shadow_dump_unkeyed), tuning
    if doc is None:
        return
    (config,) = resources(doc, "aws_sagemaker_endpoint_configuration")
    for rendered in config["production_variants"] + config.get("shadow_production_variants", []):
        _check_variant(rendered)
    for rendered in config.get("shadow_production_variants", []):
        assert all(dump.get("kms_key_id") for dump in rendered.get("core_dump_config", []))
    assert_references_resolve(doc)


@FUZZ
@given(data=st.data())
def test_random_async_configs_fail_with_validation_errors_or_render_within_limits(data):
    fields = draw_mostly_valid(data, ASYNC_VALID, ASYNC_INVALID)
    doc = synth_one_variant_config(
        lambda: {
            "async_inference": sagemaker.AsyncInferenceConfig(
                output_path=sagemaker.S3Location.from_uri("s3://out/x"), **fields
            )
        }
    )
    concurrency = fields["max_concurrent_invocations_per_instance"]
    valid = (
        (fields["failure_path"] is None or isinstance(fields["failure_path"], sagemaker.S3Location))
        and fields["encryption_key"] in (None, KEY_ARN)
        and fields["error_topic"] in (None, TOPIC_ARN)
        and (concurrency is None or (isinstance(concurrency, int) and 1 <= concurrency <= 1000))
    )
    assert (doc is not None) == valid, fields
    if doc is None:
        return
    ((block,),) = [r["async_inference_config"] for r in resources(doc, "aws_sagemaker_endpoint_configuration")]
    assert ("client_config" in block) == (concurrency is not None)
    for client in block.get("client_config", []):
        assert 1 <= client["max_concurrent_invocations_per_instance"] <= 1000
    (output,) = block["output_config"]
    assert all(len(output[k]) <= 512 for k in ("s3_output_path", "s3_failure_path") if k in output)
    assert ("notification_config" in output) == (fields["error_topic"] is not None)


@FUZZ
@given(data=st.data())
def test_random_data_capture_configs_fail_with_validation_errors_or_render_within_limits(data):
    fields = draw_mostly_valid(data, CAPTURE_VALID, CAPTURE_INVALID)
    if fields["capture_output"] is False:
        fields["capture_input"] = False
    doc = synth_one_variant_config(
        lambda: {
            "data_capture": sagemaker.DataCaptureConfig(
                destination=sagemaker.S3Location.from_uri("s3://caps/x"), **fields
            )
        }
    )
    lists = [fields[k] for k in ("json_content_types", "csv_content_types") if fields[k] is not None]
    valid = (
        isinstance(fields["sampling_percentage"], int)
        and 0 <= fields["sampling_percentage"] <= 100
        and isinstance(fields["capture_input"], bool)
        and isinstance(fields["enabled"], bool)
        and fields["capture_output"] is True
        and all(
            1 <= len(types) <= 10
            and len(set(types)) == len(types)
            and all(CONTENT_TYPE.match(t) and len(t) <= 256 for t in types)
            for types in lists
        )
    )
    assert (doc is not None) == valid, fields
    if doc is None:
        return
    ((block,),) = [r["data_capture_config"] for r in resources(doc, "aws_sagemaker_endpoint_configuration")]
    assert block["enable_capture"] is fields["enabled"]
    assert 0 <= block["initial_sampling_percentage"] <= 100
    assert 1 <= len(block["capture_options"]) <= 2
    for header in block.get("capture_content_type_header", []):
        assert all(1 <= len(v) <= 10 for v in header.values())


BUCKET_NAME = re.compile(r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")


@FUZZ
@given(
    bucket=st.one_of(st.from_regex(r"[a-z0-9][a-z0-9.-]{1,20}[a-z0-9]", fullmatch=True), TEXT),
    prefix=st.one_of(TEXT, st.just("p" * 600), st.from_regex(r"[a-z0-9/_-]{0,30}", fullmatch=True)),
)
def test_random_s3_uris_are_rejected_or_within_the_provider_limits(bucket, prefix):
    uri = f"s3://{bucket}/{prefix}"
    try:
        location = sagemaker.S3Location.from_uri(uri)
    except sagemaker.ValidationError:
        root = not prefix.strip("/")  # a bucket-root write location needs S3Location.bucket_root
        widened = any(c in prefix for c in "*?\n")  # IAM wildcards (or a line break) in the granted prefix
        assert not BUCKET_NAME.match(bucket) or ".." in bucket or len(uri) > 512 or "/" in bucket or root or widened, (
            uri
        )
        return
    assert location.uri == uri and len(uri) <= 512
    assert re.match(r"^(https|s3)://([^/])/?(.*)$", uri)  # the provider's pattern
    stack = make_stack()
    statements = location.write_statements(stack)
    assert [s.actions for s in statements] == [("s3:PutObject", "s3:AbortMultipartUpload"), ("s3:GetBucketLocation",)]
