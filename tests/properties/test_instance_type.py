"""Property tests of InstanceType: a string is accepted exactly when SageMaker lists it."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

import sagemaker_tf as sagemaker
from sagemaker_tf import _instance_types
from tests.helpers.fuzz import FUZZ

KNOWN = sorted(_instance_types.INSTANCE_TYPES.values())


def _mutate(name: str, position: int, char: str) -> str:
    position %= len(name)
    return name[:position] + char + name[position + 1 :]


@FUZZ
@given(
    name=st.one_of(
        st.sampled_from(KNOWN),
        st.builds(_mutate, st.sampled_from(KNOWN), st.integers(0, 30), st.sampled_from("0x.-9z")),
    )
)
def test_instance_type_strings_are_accepted_exactly_when_sagemaker_lists_them(name: str) -> None:
    try:
        made = sagemaker.InstanceType.of(name)
    except sagemaker.ValidationError as err:
        assert name not in KNOWN
        assert str(err).startswith("InstanceType.of: ")
        if name.startswith("ml.") and re.match(r"^ml\.[a-z0-9-]+\.[a-z0-9]+$", name):
            assert "unchecked=True" in str(err)
            assert str(sagemaker.InstanceType.of(name, unchecked=True)) == name
        return
    assert name in KNOWN and str(made) == name
