"""Property tests of the scaling port: random parameters fail with a ValidationError or synthesize sound policies."""

from __future__ import annotations

import datetime
from datetime import timedelta

from hypothesis import given
from hypothesis import strategies as st

import sagemaker_tf as sagemaker
from sagemaker_tf._runtime.framework import S3Bucket
from tests.helpers import make_stack, resources
from tests.helpers.fuzz import FUZZ, draw_mostly_valid, endpoint_variant, outcome
from tests.helpers.refcheck import assert_references_resolve

# ---------------------------------------------------------------------------------------------------------------
# EndpointConfig: variants, weights, counts, instance types, names
# ---------------------------------------------------------------------------------------------------------------


# ---------------------------------------------------------------------------------------------------------------
# scaling and metrics on an endpoint's variant
# ---------------------------------------------------------------------------------------------------------------


valid_durations = st.one_of(st.none(), st.integers(0, 3600).map(lambda s: datetime.timedelta(seconds=s)))


bad_durations = st.one_of(
    st.integers(-5, -1).map(lambda s: datetime.timedelta(seconds=s)),
    st.just(datetime.timedelta(seconds=1.5)),
    st.integers(0, 600),  # an int where a timedelta is expected
)


SCALING_VALID = {
    "max_capacity": st.integers(1, 12),
    "min_capacity": st.one_of(st.none(), st.just(1)),
    "rps": st.one_of(st.floats(0.01, 500, allow_nan=False), st.integers(1, 100)),
    "safety": st.one_of(st.none(), st.floats(0.01, 1.0, allow_nan=False)),
    "scale_in": valid_durations,
    "scale_out": valid_durations,
}


SCALING_INVALID = {
    "max_capacity": st.sampled_from([0, -1, "3"]),
    "min_capacity": st.sampled_from([0, -1, 13, 2.5]),
    "rps": st.sampled_from([0, -1.5, "30"]),
    "safety": st.sampled_from([0.0, 1.5, -0.1]),
    "scale_in": bad_durations,
    "scale_out": bad_durations,
}


@FUZZ
@given(data=st.data())
def test_random_scaling_parameters_fail_with_validation_errors_or_synthesize_sound_policies(data: st.DataObject):
    p = draw_mostly_valid(data, SCALING_VALID, SCALING_INVALID)
    stack = make_stack()
    variant = endpoint_variant(stack)

    def build() -> None:
        count = variant.auto_scale_instance_count(max_capacity=p["max_capacity"], min_capacity=p["min_capacity"])
        count.scale_on_invocations(
            "Rps",
            max_requests_per_second=p["rps"],
            safety_factor=p["safety"],
            scale_in_cooldown=p["scale_in"],
            scale_out_cooldown=p["scale_out"],
        )

    doc = outcome(stack, build)
    if doc is None:
        return
    (target,) = resources(doc, "aws_appautoscaling_target")
    assert 0 <= target["min_capacity"] <= target["max_capacity"]
    (policy,) = resources(doc, "aws_appautoscaling_policy")
    tracking = policy["target_tracking_scaling_policy_configuration"]
    assert tracking["target_value"] > 0
    for key in ("scale_in_cooldown", "scale_out_cooldown"):
        if tracking.get(key) is not None:
            assert isinstance(tracking[key], int) and tracking[key] >= 0
    assert_references_resolve(doc)


waits = st.one_of(st.none(), st.integers(0, 3600), st.integers(0, 3600), st.sampled_from([-1, 3601, 20_000]))


def _td(value: int | None) -> timedelta | None:
    return None if value is None else timedelta(seconds=value)


@FUZZ
@given(
    asynchronous=st.booleans(),
    min_capacity=st.one_of(st.none(), st.integers(-1, 3)),
    max_capacity=st.integers(0, 5),
    count=st.integers(1, 3),
    target=st.one_of(st.floats(-2, 50, allow_nan=False), st.just(0), st.just("5")),
    scale_out=waits,
    backlog=st.booleans(),
    invocations=st.booleans(),
)
def test_random_async_scaling_fails_or_follows_the_recipe(
    asynchronous, min_capacity, max_capacity, count, target, scale_out, backlog, invocations
):
    stack = make_stack()
    model = sagemaker.Model.from_model_name(stack, "Model", "model")
    async_config = None
    if asynchronous:
        async_config = sagemaker.AsyncInferenceConfig(
            output_path=sagemaker.S3Location.from_bucket(S3Bucket(stack, "Bucket"), "out/")
        )
    config = sagemaker.EndpointConfig(
        stack,
        "Config",
        async_inference=async_config,
        instance_production_variants=[
            sagemaker.InstanceProductionVariantProps(
                model=model,
                variant_name="main",
                initial_instance_count=count,
                instance_type=sagemaker.InstanceType.M5_LARGE,
            )
        ],
    )
    endpoint = sagemaker.Endpoint(stack, "Endpoint", endpoint_config=config)

    def build() -> None:
        scalable = endpoint.find_instance_production_variant("main").auto_scale_instance_count(
            min_capacity=min_capacity, max_capacity=max_capacity
        )
        if backlog:
            scalable.scale_on_backlog("Backlog", target_backlog_per_instance=target, scale_out_cooldown=_td(scale_out))
        if invocations:
            scalable.scale_on_invocations("Rps", max_requests_per_second=10)

    doc = outcome(stack, build)
    minimum = count if min_capacity is None else min_capacity
    expected = (
        max_capacity >= 1
        and max_capacity >= count
        and (min_capacity is None or 0 <= min_capacity <= count)
        and (minimum != 0 or asynchronous)
    )
    if backlog:
        expected = (
            expected
            and asynchronous
            and isinstance(target, (int, float))
            and target > 0
            and (scale_out is None or scale_out >= 0)
        )
    if invocations:
        expected = expected and not asynchronous
    assert (doc is not None) == expected, (asynchronous, min_capacity, max_capacity, count, target, backlog)
    if doc is None:
        return
    (target_resource,) = resources(doc, "aws_appautoscaling_target")
    assert target_resource["min_capacity"] == minimum and (minimum > 0 or asynchronous)
    kinds = sorted(p["policy_type"] for p in resources(doc, "aws_appautoscaling_policy"))
    step_expected = backlog and minimum == 0
    assert kinds.count("StepScaling") == (1 if step_expected else 0)
    assert kinds.count("TargetTrackingScaling") == int(backlog) + int(invocations)
    alarms = resources(doc, "aws_cloudwatch_metric_alarm")
    assert [a["metric_name"] for a in alarms] == (["HasBacklogWithoutCapacity"] if step_expected else [])
    assert_references_resolve(doc)
