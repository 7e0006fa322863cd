"""What the property tests share: one ``settings`` profile, plain text without tokens, and the outcome of a build.

Fixed seed (``derandomize``), no example database, bounded example counts: cheap enough for CI.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st

import sagemaker_tf as sagemaker
from sagemaker_tf._runtime.framework import TerraformStack
from sagemaker_tf._runtime.framework import Testing as CdktfTesting

FUZZ = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
# Plain text without "${": a string holding "${" is a Terraform token and skips the concrete checks.
TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="${}"), max_size=12)
SYNTH_VALIDATION = "Validation failed with the following errors"


def outcome(stack: TerraformStack, build: Callable[[], Any]) -> dict[str, Any] | None:
    """Build and synthesize; None when rejected. Any error other than ours propagates and fails the test."""
    try:
        build()
    except sagemaker.ValidationError as err:
        event("rejected when built: " + re.sub(r"\(got .*|'.*", "", str(err))[:60])
        return None
    try:
        doc = json.loads(CdktfTesting.synth(stack, run_validations=True))
    except RuntimeError as err:  # cdktf reports node.add_validation messages this way at synth
        assert SYNTH_VALIDATION in str(err), f"synth failed without a validation message: {err}"
        assert f"[{stack.node.path}/" in str(err), f"a synth validation not located at one of our constructs: {err}"
        event("rejected at synth")
        return None
    event("synthesized")
    return doc


def draw_mostly_valid(data: st.DataObject, valid: dict[str, Any], invalid: dict[str, Any]) -> dict[str, Any]:
    """Valid values for every field, except (half the time) one field drawn from its invalid strategy."""
    broken = (
        data.draw(st.one_of(st.none(), st.sampled_from(sorted(invalid))), label="broken field") if invalid else None
    )
    return {k: data.draw(invalid[k] if k == broken else v, label=k) for k, v in valid.items()}
