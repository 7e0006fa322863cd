"""Shared fixtures; the plain helpers they use are in ``tests/helpers``."""

from __future__ import annotations

import pytest

from sagemaker_tf._runtime.framework import TerraformStack
from tests.helpers import make_stack


@pytest.fixture
def stack() -> TerraformStack:
    return make_stack()
