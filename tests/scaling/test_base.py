"""sagemaker_tf.scaling.base: what every scalable attribute checks itself (``scale_to_track_metric``'s
arguments)."""

from __future__ import annotations

import pytest

from sagemaker_tf import ValidationError
from sagemaker_tf._runtime.framework import TerraformStack
from sagemaker_tf.metrics import Metric
from sagemaker_tf.scaling import (
    PredefinedMetric,
    auto_scale_instance_count,
)
from tests.helpers.scaling import fake


def test_track_metric_needs_exactly_one_metric(stack: TerraformStack) -> None:
    count = auto_scale_instance_count(fake(stack), max_capacity=3)
    with pytest.raises(ValidationError, match="Exactly one of 'metric' or 'predefined_metric'"):
        count.scale_to_track_metric("A", target_value=1)
    with pytest.raises(ValidationError, match="Exactly one of 'metric' or 'predefined_metric'"):
        count.scale_to_track_metric(
            "A",
            target_value=1,
            metric=Metric("NS", "M"),
            predefined_metric=PredefinedMetric.SAGEMAKER_VARIANT_INVOCATIONS_PER_INSTANCE,
        )
    with pytest.raises(ValidationError, match="target_value must be greater than 0"):
        count.scale_to_track_metric("A", target_value=-1, metric=Metric("NS", "M"))
