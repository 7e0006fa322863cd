"""Property tests of AsyncInferenceConfig: random configs fail with a ValidationError or render within limits."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

import sagemaker_tf as sagemaker
from tests.helpers import resources
from tests.helpers.fuzz import (
    FUZZ,
    KEY_ARN,
    LOCATIONS,
    TEXT,
    draw_mostly_valid,
    synth_one_variant_config,
)

TOPIC_ARN = "arn:aws:sns:us-east-1:111111111111:t"


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
