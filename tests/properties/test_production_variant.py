"""Property tests of the variant tuning props: random values fail with a ValidationError or stay in limits."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

import sagemaker_tf as sagemaker
from sagemaker_tf.endpoint_config import INFERENCE_AMI_VERSIONS
from tests.helpers import make_stack, resources
from tests.helpers.fuzz import FUZZ, KEY_ARN, LOCATIONS, TEXT, draw_mostly_valid, models, outcome
from tests.helpers.refcheck import assert_references_resolve

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
