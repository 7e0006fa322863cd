"""Fixtures for tests that run the real Terraform CLI offline against the stand-in providers."""

from __future__ import annotations

import importlib.util
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from sagemaker_tf.testing import OfflineTerraform


def _skip_reason() -> str | None:
    if shutil.which("terraform") is None:
        return "the terraform CLI is not on PATH; these tests run the real CLI offline (install Terraform >= 1.5)"
    if importlib.util.find_spec("tf") is None:
        return "the 'tf' plugin framework is missing; install the test extra: pip install 'sagemaker-tf[test]'"
    return None


@pytest.fixture(scope="session")
def offline_terraform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OfflineTerraform]:
    """Provider schemas extracted once per session, with the mirror and shims written into a temp folder."""
    reason = _skip_reason()
    if reason:
        pytest.skip(reason)
    yield OfflineTerraform(workdir=tmp_path_factory.mktemp("offline-terraform"))


@pytest.fixture(scope="session")
def terraform_plan(offline_terraform: OfflineTerraform) -> Callable[[Path], dict[str, Any]]:
    """``terraform_plan(stack_dir) -> dict``: init, validate and plan offline; the parsed ``show -json`` plan."""
    return offline_terraform.plan
