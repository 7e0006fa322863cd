"""Property tests of DataCaptureConfig: random configs fail with a ValidationError or render within limits."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

import sagemaker_tf as sagemaker
from tests.helpers import resources
from tests.helpers.fuzz import FUZZ, TEXT, draw_mostly_valid, synth_one_variant_config

CONTENT_TYPE = re.compile(r"^[0-9A-Za-z](-*[0-9A-Za-z])*/[0-9A-Za-z](-*[0-9A-Za-z.])*$")


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
