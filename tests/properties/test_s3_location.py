"""Property tests of S3Location: random URIs are refused or within the provider's limits."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

import sagemaker_tf as sagemaker
from tests.helpers import make_stack
from tests.helpers.fuzz import FUZZ, TEXT

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
        widened = widened or any(ord(c) < 0x20 or c == "\x7f" for c in uri)  # no URI holds a control character
        assert not BUCKET_NAME.match(bucket) or ".." in bucket or len(uri) > 512 or "/" in bucket or root or widened, (
            uri
        )
        return
    assert location.uri == uri and len(uri) <= 512
    assert re.match(r"^(https|s3)://([^/])/?(.*)$", uri)  # the provider's pattern
    stack = make_stack()
    statements = location.write_statements(stack)
    assert [s.actions for s in statements] == [("s3:PutObject", "s3:AbortMultipartUpload"), ("s3:GetBucketLocation",)]
