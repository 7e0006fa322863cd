"""sagemaker_tf.scaling.intervals: ``ScalingInterval``'s own checks."""

from __future__ import annotations

import pytest

from sagemaker_tf import ValidationError
from sagemaker_tf.scaling import (
    ScalingInterval,
)


def test_scaling_interval_checks() -> None:
    with pytest.raises(ValidationError, match="Must supply at least one of 'upper' or 'lower'"):
        ScalingInterval(change=1)
    with pytest.raises(ValidationError, match="lower must be less than upper"):
        ScalingInterval(lower=5, upper=5, change=1)
    with pytest.raises(ValidationError, match="change must be a whole number"):
        ScalingInterval(lower=5, change=1.5)  # type: ignore[arg-type]
    assert ScalingInterval(lower=5, change=2.0).change == 2  # type: ignore[arg-type]
