"""Every public numeric, string and ARN prop of inference components and the Model Registry, fed NaN, +/-inf, huge,
negative and bool numbers, and unicode, control characters, huge strings and valid values with a trailing newline:
each input gives a ``ValidationError`` that names the prop, or an app that synthesizes with the value emitted as
given; after each input a good app still synthesizes in the same process (no crashed jsii kernel).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sagemaker_tf as sagemaker
from sagemaker_tf._runtime.framework import TerraformStack
from tests.helpers import make_stack
from tests.helpers.apps import assert_good_app_synthesizes, synth_json

CORPUS = settings(
    max_examples=4,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
NUMBERS = st.one_of(
    st.sampled_from([math.nan, math.inf, -math.inf, 10**30, -(10**30), 2**31, -1, 0, True, False, 0.5, 1.0]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(2**70), max_value=2**70),
)
CONTROL = "\n\r\t\x00\x1b"
# No "${": a string holding it is a Terraform token, which skips the concrete checks by design.
TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="${}"), max_size=40)
COMPONENT = "awscc_sagemaker_inference_component"
ROLE_ARN = "arn:aws:iam::123456789012:role/serving"
PACKAGE_ARN = "arn:aws:sagemaker:us-east-1:123456789012:model-package/fraud/12"


def _hosting(stack: TerraformStack, *, scaling: Any = None, **config: Any) -> sagemaker.Endpoint:
    """A component-hosting endpoint (one variant without a model) of 1 to 4 instances."""
    scaling = scaling or sagemaker.ManagedInstanceScaling(min_instance_count=1, max_instance_count=4)
    props = sagemaker.InstanceProductionVariantProps(
        variant_name="llms", instance_type="ml.g5.12xlarge", managed_instance_scaling=scaling
    )
    endpoint_config = sagemaker.EndpointConfig(stack, "Config", instance_production_variants=[props], **config)
    return sagemaker.Endpoint(stack, "Endpoint", endpoint_config=endpoint_config)


def _component(stack: TerraformStack, *, zero: bool = False, **kwargs: Any) -> sagemaker.InferenceComponent:
    """A component on ``_hosting`` (``zero``: its variant may release every instance)."""
    scaling = sagemaker.ManagedInstanceScaling(min_instance_count=0, max_instance_count=4) if zero else None
    endpoint = _hosting(stack, scaling=scaling)
    props: dict[str, Any] = {
        "endpoint": endpoint,
        "variant_name": "llms",
        "model": sagemaker.Model.from_model_name(stack, "Llama", "llama"),
        "compute": sagemaker.ComputeRequirements(min_memory_mb=1024, accelerators=1),
        **kwargs,
    }
    return sagemaker.InferenceComponent(stack, "Component", **props)


def _compute(stack: TerraformStack, **kwargs: Any) -> None:
    _component(stack, compute=sagemaker.ComputeRequirements(**{"min_memory_mb": 1024, **kwargs}))


def _timeout(value: Any) -> Any:
    """A timedelta of ``value`` seconds where Python can make one, else the raw value (refused by type)."""
    try:
        return timedelta(seconds=value)
    except (TypeError, ValueError, OverflowError):
        return value


def _spec(doc: dict[str, Any]) -> dict[str, Any]:
    (component,) = doc["resource"][COMPONENT].values()
    return component


# name -> (the word the message names, how the prop is used, where the value lands in the component JSON or None)
NUMERIC: dict[str, tuple[str, Callable[[TerraformStack, Any], Any], Callable[[dict[str, Any]], Any] | None]] = {
    "compute min memory": (
        "min_memory_mb",
        lambda s, v: _compute(s, min_memory_mb=v),
        lambda c: c["specification"]["compute_resource_requirements"]["min_memory_required_in_mb"],
    ),
    "compute max memory": (
        "max_memory_mb",
        lambda s, v: _compute(s, min_memory_mb=128, max_memory_mb=v),
        lambda c: c["specification"]["compute_resource_requirements"]["max_memory_required_in_mb"],
    ),
    "compute accelerators": (
        "accelerators",
        lambda s, v: _compute(s, accelerators=v),
        lambda c: c["specification"]["compute_resource_requirements"]["number_of_accelerator_devices_required"],
    ),
    "compute cpu cores": (
        "cpu_cores",
        lambda s, v: _compute(s, cpu_cores=v),
        lambda c: c["specification"]["compute_resource_requirements"]["number_of_cpu_cores_required"],
    ),
    "copy count": ("copy_count", lambda s, v: _component(s, copy_count=v), lambda c: c["runtime_config"]["copy_count"]),
    "download timeout": (
        "model_data_download_timeout",
        lambda s, v: _component(s, model_data_download_timeout=_timeout(v)),
        lambda c: c["specification"]["startup_parameters"]["model_data_download_timeout_in_seconds"],
    ),
    "startup timeout": (
        "container_startup_timeout",
        lambda s, v: _component(s, container_startup_timeout=_timeout(v)),
        lambda c: c["specification"]["startup_parameters"]["container_startup_health_check_timeout_in_seconds"],
    ),
    "managed min instances": (
        "min_instance_count",
        lambda s, v: _hosting(
            s, scaling=sagemaker.ManagedInstanceScaling(min_instance_count=v, max_instance_count=2**31 - 1)
        ),
        None,
    ),
    "managed max instances": (
        "max_instance_count",
        lambda s, v: _hosting(s, scaling=sagemaker.ManagedInstanceScaling(min_instance_count=0, max_instance_count=v)),
        None,
    ),
    "copy min capacity": (
        "min_capacity",
        lambda s, v: _component(s).auto_scale_copy_count(min_capacity=v, max_capacity=2**31 - 1),
        None,
    ),
    "copy max capacity": (
        "max_capacity",
        lambda s, v: _component(s, zero=True).auto_scale_copy_count(min_capacity=0, max_capacity=v),
        None,
    ),
    "invocations per copy target": (
        "target",
        lambda s, v: (
            _component(s).auto_scale_copy_count(max_capacity=4).scale_on_invocations_per_copy("Load", target=v)
        ),
        None,
    ),
    "concurrent requests per copy target": (
        "target",
        lambda s, v: (
            _component(s).auto_scale_copy_count(max_capacity=4).scale_on_concurrent_requests_per_copy("Busy", target=v)
        ),
        None,
    ),
}


def _seconds_of(value: Any) -> float | None:
    made = _timeout(value)
    return made.total_seconds() if isinstance(made, timedelta) else None


@pytest.mark.parametrize("entry", sorted(NUMERIC))
@CORPUS
@given(value=NUMBERS)
def test_every_number_is_refused_by_name_or_synthesizes_as_given(entry: str, value: Any) -> None:
    field, build, emitted = NUMERIC[entry]
    stack = make_stack()
    try:
        build(stack, value)
        doc = synth_json(stack)
    except sagemaker.ValidationError as err:
        assert field in str(err), f"{entry}={value!r}: the message does not name {field}: {err}"
    else:
        assert not isinstance(value, bool), f"{entry} accepted {value!r}"
        assert isinstance(value, (int, float)) and math.isfinite(value), f"{entry} accepted {value!r}"
        if isinstance(value, int):
            assert abs(value) <= 2**53, f"{entry} accepted {value!r}, which a JSON number cannot carry exactly"
        if emitted is not None:
            expected = _seconds_of(value) if "timeout" in entry else value
            assert emitted(_spec(doc)) == expected, f"{entry}={value!r} emitted {emitted(_spec(doc))!r}"
    assert_good_app_synthesizes()


# Both directions on a few fixed values per prop: these must hold whatever hypothesis draws.
ACCEPTED: dict[str, list[Any]] = {
    "compute min memory": [128, 24_576],
    "compute max memory": [128, 4096],
    "compute accelerators": [1, 4],
    "compute cpu cores": [0.25, 2, 1.5],
    "copy count": [0, 1, 100],
    "download timeout": [60, 3600],
    "startup timeout": [60, 600],
    "managed min instances": [0, 1],
    "managed max instances": [1, 4],
    "copy min capacity": [1],
    "copy max capacity": [1, 10],
    "invocations per copy target": [0.5, 10],
    "concurrent requests per copy target": [1, 4.5],
}
REFUSED_EVERYWHERE = [math.nan, math.inf, -math.inf, 10**30, -1, True, "1", None]
REFUSED: dict[str, list[Any]] = {
    "compute min memory": [127, 0, 1024.0],
    "compute max memory": [127, 0.5],
    "compute accelerators": [0, 1.0],
    "compute cpu cores": [0.2, 0],
    "copy count": [1.0],
    "download timeout": [59, 3601, 60.5],
    "startup timeout": [59, 3601],
    "managed min instances": [1.0],
    "managed max instances": [0, 1.0],
    "copy min capacity": [0, 3, 1.0],  # 0 needs a variant that may release every instance; 3 > copy_count
    "copy max capacity": [0, 1.0],
    "invocations per copy target": [0],
    "concurrent requests per copy target": [0, -0.5],
}


def test_every_numeric_entry_has_fixed_cases() -> None:
    assert set(ACCEPTED) == set(NUMERIC) == set(REFUSED)


@pytest.mark.parametrize(("entry", "value"), [(e, v) for e in sorted(ACCEPTED) for v in ACCEPTED[e]])
def test_a_valid_number_is_accepted_and_emitted(entry: str, value: Any) -> None:
    _, build, emitted = NUMERIC[entry]
    stack = make_stack()
    build(stack, value)
    doc = synth_json(stack)
    if emitted is not None:
        expected = _seconds_of(value) if "timeout" in entry else value
        assert emitted(_spec(doc)) == expected


@pytest.mark.parametrize(
    ("entry", "value"), [(e, v) for e in sorted(REFUSED) for v in [*REFUSED[e], *REFUSED_EVERYWHERE]]
)
def test_an_invalid_number_is_refused_by_name(entry: str, value: Any) -> None:
    field, build, _ = NUMERIC[entry]
    if value is None and entry in ("compute max memory", "compute accelerators", "compute cpu cores"):
        return  # None means "not set" for the optional compute fields
    if value is None and "timeout" in entry:
        return  # None means "AWS default" for the timeouts
    with pytest.raises(sagemaker.ValidationError) as caught:
        stack = make_stack()
        build(stack, value)
        synth_json(stack)
    assert field in str(caught.value), str(caught.value)
    assert_good_app_synthesizes()


# --- strings and ARNs ------------------------------------------------------------------------------------------

# name -> (the word the message names, a valid value, how the prop is used, where the value lands or None)
STRINGS: dict[str, tuple[str, str, Callable[[TerraformStack, str], Any], Callable[[dict[str, Any]], Any] | None]] = {
    "component name": (
        "inference_component_name",
        "llama-7b",
        lambda s, v: _component(s, inference_component_name=v),
        lambda doc: _spec(doc)["inference_component_name"],
    ),
    "component variant name": (
        "variant_name",
        "llms",
        lambda s, v: _component(s, variant_name=v),
        lambda doc: _spec(doc)["variant_name"],
    ),
    "model package arn": (
        "arn",
        PACKAGE_ARN,
        lambda s, v: sagemaker.ModelPackage.from_arn(v),
        None,
    ),
    "execution role arn": (
        "execution_role",
        ROLE_ARN,
        lambda s, v: _hosting(s, execution_role=v),
        lambda doc: next(iter(doc["resource"]["aws_sagemaker_endpoint_configuration"].values()))["execution_role_arn"],
    ),
}


def _inputs(valid: str) -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(
            [valid, valid + "\n", "\n" + valid, valid + "\r\n", valid + "\x00", valid + "\u00e9", "x" * 5000, "", " "]
        ),
        TEXT,
        TEXT.map(lambda t: valid + t),
    )


@pytest.mark.parametrize("entry", sorted(STRINGS))
def test_the_valid_string_is_accepted_and_with_a_trailing_newline_refused(entry: str) -> None:
    field, valid, build, emitted = STRINGS[entry]
    stack = make_stack()
    build(stack, valid)
    doc = synth_json(stack)
    if emitted is not None:
        assert emitted(doc) == valid
    for bad in (valid + "\n", valid + "\x00", "x" * 5000):
        with pytest.raises(sagemaker.ValidationError) as caught:
            stack = make_stack()
            build(stack, bad)
            synth_json(stack)
        assert field in str(caught.value), str(caught.value)
    assert_good_app_synthesizes()


@pytest.mark.parametrize("entry", sorted(STRINGS))
@settings(CORPUS, max_examples=10)
@given(data=st.data())
def test_every_string_is_refused_by_name_or_synthesizes_whole(entry: str, data: st.DataObject) -> None:
    field, valid, build, emitted = STRINGS[entry]
    value = data.draw(_inputs(valid))
    stack = make_stack()
    try:
        built = build(stack, value)
        doc = synth_json(stack)
    except sagemaker.ValidationError as err:
        assert field in str(err), f"{entry}={value!r}: the message does not name {field}: {err}"
    else:
        assert not any(c in value for c in CONTROL), f"{entry} accepted {value!r}"
        assert value.isascii(), f"{entry} accepted {value!r}, which AWS's name and ARN patterns refuse"
        if emitted is not None:
            assert emitted(doc) == value
        if isinstance(built, sagemaker.ModelPackage):
            assert built.arn == value
    assert_good_app_synthesizes()
