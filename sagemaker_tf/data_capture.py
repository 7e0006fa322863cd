"""Data capture: record a sample of an endpoint's requests and responses to S3 (for Model Monitor and audits).

``EndpointConfig(..., data_capture=DataCaptureConfig(...))`` renders ``data_capture_config``. Every model of the
config gets write rights on the destination and use of the KMS key.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from constructs import Construct

from ._aws_env import KmsKeyLike, kms_key_arn
from ._runtime.tokens import is_token
from ._validation import check_int, check_sequence, check_str, check_type, fail, show
from .s3_location import S3Location

if TYPE_CHECKING:
    from .model import IModel

MAX_CONTENT_TYPES = 10
MAX_CONTENT_TYPE_CHARS = 256
_CONTENT_TYPE_RULE = re.compile(r"^[0-9A-Za-z](-*[0-9A-Za-z])*/[0-9A-Za-z](-*[0-9A-Za-z.])*$")
_CONTENT_TYPE_TEXT = "must match [0-9A-Za-z](-*[0-9A-Za-z])*/[0-9A-Za-z](-*[0-9A-Za-z.])* with at most 256 characters"


@dataclass(frozen=True, kw_only=True)
class DataCaptureConfig:
    """Capture a sample of an endpoint's inputs and/or outputs to S3.

    - ``destination``: where captures are written (the models get write rights there);
    - ``sampling_percentage``: 0-100 (default 100) of requests captured;
    - ``capture_input`` / ``capture_output``: at least one must stay True (each renders one ``capture_options``);
    - ``encryption_key``: the KMS key (``KmsKey``, ``DataAwsKmsKey`` or ARN) that encrypts the captures;
    - ``json_content_types`` / ``csv_content_types``: 1-10 content types each when given, recorded as text;
    - ``enabled``: False keeps the configuration but stops capturing; ``enable_capture`` is always rendered
      (the provider would send false when it is omitted).

    Example::

        capture = sagemaker.DataCaptureConfig(
            destination=sagemaker.S3Location.from_bucket(bucket, "data-capture/"),
            sampling_percentage=20, json_content_types=["application/json"])
        sagemaker.EndpointConfig(stack, "CapturedConfig", data_capture=capture, instance_production_variants=[...])
    """

    destination: S3Location
    sampling_percentage: int = 100
    capture_input: bool = True
    capture_output: bool = True
    encryption_key: KmsKeyLike | None = None
    json_content_types: Sequence[str] | None = None
    csv_content_types: Sequence[str] | None = None
    enabled: bool = True

    def __post_init__(self) -> None:
        where = "DataCaptureConfig"
        check_type(
            where,
            "destination",
            self.destination,
            (S3Location,),
            "an S3Location (S3Location.from_bucket or S3Location.from_uri)",
        )
        check_int(where, "sampling_percentage", self.sampling_percentage, 0, 100)
        for field_name in ("capture_input", "capture_output", "enabled"):
            check_type(where, field_name, getattr(self, field_name), (bool,), "a bool")
        if not self.capture_input and not self.capture_output:
            fail(where, "capture_input and capture_output cannot both be False (capture at least one direction)")
        kms_key_arn(where, self.encryption_key)
        for field_name in ("json_content_types", "csv_content_types"):
            value = getattr(self, field_name)
            if value is not None:
                object.__setattr__(self, field_name, _check_content_types(where, field_name, value))

    def bind(self, scope: Construct, model: IModel) -> None:
        """Grant ``model``'s role write rights on the destination (and use of the key)."""
        self.destination.bind(scope, model, kms_key_arn(scope, self.encryption_key))

    def render(self) -> list[dict[str, Any]]:
        """The Terraform ``data_capture_config`` block."""
        modes = [mode for mode, on in (("Input", self.capture_input), ("Output", self.capture_output)) if on]
        block: dict[str, Any] = {
            "enable_capture": self.enabled,
            "initial_sampling_percentage": self.sampling_percentage,
            "destination_s3_uri": self.destination.uri,
            "capture_options": [{"capture_mode": mode} for mode in modes],
        }
        key = kms_key_arn("DataCaptureConfig", self.encryption_key)
        if key is not None:
            block["kms_key_id"] = key
        header = {
            name: list(types)
            for name, types in (
                ("json_content_types", self.json_content_types),
                ("csv_content_types", self.csv_content_types),
            )
            if types
        }
        if header:
            block["capture_content_type_header"] = [header]
        return [block]


def _check_content_types(where: str, field_name: str, value: Any) -> tuple[str, ...]:
    items = check_sequence(where, field_name, value)
    if not 1 <= len(items) <= MAX_CONTENT_TYPES:
        fail(where, f"{field_name} must list 1-{MAX_CONTENT_TYPES} content types when given (got {len(items)})")
    for item in items:
        check_str(where, f"{field_name}[]", item)
        if not is_token(item) and (len(item) > MAX_CONTENT_TYPE_CHARS or not _CONTENT_TYPE_RULE.fullmatch(item)):
            fail(where, f"every entry of {field_name} {_CONTENT_TYPE_TEXT} (got {show(item)!r})")
    if len(set(items)) != len(items):
        fail(where, f"{field_name} lists a content type twice (got {show(list(items))})")
    return tuple(items)
