"""Shared fixtures: a stack with an AWS provider, and helpers to read synthesized Terraform JSON."""

from __future__ import annotations

import json
from typing import Any

import pytest

import sagemaker_tf  # noqa: F401  (first: installs the fast provider import before any binding loads)
from sagemaker_tf._runtime.framework import AwsProvider, TerraformStack, Testing


def make_stack(region: str | None = "us-east-1", name: str = "Stack") -> TerraformStack:
    """A fresh app + stack with a default AWS provider (its region unset, so unknown at synth, when None)."""
    app = Testing.app()
    stack = TerraformStack(app, name)
    AwsProvider(stack, "aws", region=region)
    return stack


def two_stacks(
    origin_region: str,
    destination_region: str,
    origin_accounts: list[str] | None = None,
    destination_accounts: list[str] | None = None,
) -> tuple[TerraformStack, TerraformStack]:
    """Two stacks of one app, each with a default AWS provider in its own region (and optional account)."""
    app = Testing.app()
    origin = TerraformStack(app, "OriginStack")
    AwsProvider(origin, "aws", region=origin_region, allowed_account_ids=origin_accounts)
    destination = TerraformStack(app, "DestinationStack")
    AwsProvider(destination, "aws", region=destination_region, allowed_account_ids=destination_accounts)
    return origin, destination


@pytest.fixture
def stack() -> TerraformStack:
    return make_stack()


def synth(stack: TerraformStack) -> dict[str, Any]:
    """Synthesize ``stack`` with validations and parse the JSON."""
    return json.loads(Testing.synth(stack, run_validations=True))


def resources(doc: dict[str, Any], tf_type: str) -> list[dict[str, Any]]:
    """All resources of ``tf_type`` in a synthesized document."""
    return list(doc.get("resource", {}).get(tf_type, {}).values())


def resource_names(doc: dict[str, Any], tf_type: str) -> list[str]:
    """The logical names of ``tf_type`` resources."""
    return list(doc.get("resource", {}).get(tf_type, {}).keys())


def only(doc: dict[str, Any], tf_type: str) -> dict[str, Any]:
    """The single resource of ``tf_type``; fails when there is not exactly one."""
    found = resources(doc, tf_type)
    assert len(found) == 1, f"expected one {tf_type}, found {len(found)}"
    return found[0]


def data_sources(doc: dict[str, Any], tf_type: str) -> list[dict[str, Any]]:
    """All data sources of ``tf_type``."""
    return list(doc.get("data", {}).get(tf_type, {}).values())


def address(doc: dict[str, Any], tf_type: str, index: int = 0, kind: str = "resource") -> str:
    """The Terraform address ``type.name`` of the index-th block of ``tf_type``."""
    return f"{tf_type}.{list(doc[kind][tf_type].keys())[index]}"
