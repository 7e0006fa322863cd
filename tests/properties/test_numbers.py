"""Every public numeric prop, fed NaN, +/-inf, huge, negative and ordinary numbers: each input gives a
``ValidationError`` that names the prop, or an app that synthesizes, never a crashed jsii kernel; after each input a
good app still synthesizes in the same process.

Fixed seed (``derandomize``), no example database, no deadline: cheap and stable in CI, on both families.
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
from tests.helpers.apps import assert_good_app_synthesizes, endpoint, model, synth_json

CORPUS = settings(
    max_examples=6,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
NUMBERS = st.one_of(
    st.sampled_from([math.nan, math.inf, -math.inf, 10**30, -(10**30), 2**31, 2**53 + 1, 1e308, -0.0, 0, -1]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(2**70), max_value=2**70),
)


def _variant(stack: TerraformStack, **props: Any) -> None:
    base: dict[str, Any] = {"model": model(stack), "variant_name": "main"}
    sagemaker.EndpointConfig(
        stack, "Config", instance_production_variants=[sagemaker.InstanceProductionVariantProps(**{**base, **props})]
    )


def _serverless(stack: TerraformStack, **props: Any) -> None:
    base: dict[str, Any] = {
        "model": model(stack),
        "variant_name": "sls",
        "max_concurrency": 5,
        "memory_size_in_mb": 1024,
    }
    sagemaker.EndpointConfig(
        stack, "Config", serverless_production_variant=sagemaker.ServerlessProductionVariantProps(**{**base, **props})
    )


def _count(stack: TerraformStack, **kwargs: Any) -> Any:
    variant = endpoint(stack).find_instance_production_variant("main")
    return variant.auto_scale_instance_count(**{"max_capacity": 4, **kwargs})


def _async_count(stack: TerraformStack) -> Any:
    variant = endpoint(stack, async_=True).find_instance_production_variant("main")
    return variant.auto_scale_instance_count(max_capacity=4)


def _concurrency(stack: TerraformStack, **kwargs: Any) -> Any:
    props = sagemaker.ServerlessProductionVariantProps(
        model=model(stack), variant_name="sls", max_concurrency=20, memory_size_in_mb=1024, provisioned_concurrency=2
    )
    config = sagemaker.EndpointConfig(stack, "Config", serverless_production_variant=props)
    made = sagemaker.Endpoint(stack, "Endpoint", endpoint_config=config)
    assert made.serverless_production_variant is not None
    return made.serverless_production_variant.auto_scale_provisioned_concurrency(**{"max_capacity": 10, **kwargs})


def _steps(stack: TerraformStack, **kwargs: Any) -> None:
    count = _count(stack)
    steps = kwargs.pop(
        "steps", [sagemaker.ScalingInterval(upper=10, change=-1), sagemaker.ScalingInterval(lower=50, change=1)]
    )
    metric = sagemaker.Metric("AWS/SageMaker", "CPUUtilization")
    count.scale_on_metric("Steps", metric=metric, scaling_steps=steps, **kwargs)


def _adjacent(*, lower: Any = None, upper: Any = None, change: Any = 1) -> list[sagemaker.ScalingInterval]:
    """Two intervals that meet at the value under test: ``[x, inf)`` and ``(-inf, x)``."""
    first = sagemaker.ScalingInterval(lower=lower, change=change) if lower is not None else None
    second = sagemaker.ScalingInterval(upper=upper, change=-1) if upper is not None else None
    at = lower if lower is not None else upper
    first = first or sagemaker.ScalingInterval(lower=at, change=change)
    second = second or sagemaker.ScalingInterval(upper=at, change=-1)
    return [second, first]


def _alarm(stack: TerraformStack, **kwargs: Any) -> None:
    sagemaker.Metric("AWS/SageMaker", "Invocations").create_alarm(
        stack, "Alarm", **{"threshold": 1, "evaluation_periods": 1, **kwargs}
    )


def _canary(stack: TerraformStack, size: Any) -> None:
    routing = sagemaker.TrafficRouting.canary(size, wait=timedelta(minutes=1))
    endpoint(stack, count=10, deployment=sagemaker.DeploymentPolicy.blue_green(traffic_routing=routing))


ENTRY_POINTS: dict[str, tuple[str, Callable[[TerraformStack, Any], Any]]] = {
    "variant weight": ("initial_variant_weight", lambda s, v: _variant(s, initial_variant_weight=v)),
    "variant count": ("initial_instance_count", lambda s, v: _variant(s, initial_instance_count=v)),
    "variant volume": ("volume_size_in_gb", lambda s, v: _variant(s, volume_size_in_gb=v)),
    "serverless weight": ("initial_variant_weight", lambda s, v: _serverless(s, initial_variant_weight=v)),
    "serverless concurrency": ("max_concurrency", lambda s, v: _serverless(s, max_concurrency=v)),
    "serverless memory": ("memory_size_in_mb", lambda s, v: _serverless(s, memory_size_in_mb=v)),
    "serverless provisioned": ("provisioned_concurrency", lambda s, v: _serverless(s, provisioned_concurrency=v)),
    "async concurrency": (
        "max_concurrent_invocations_per_instance",
        lambda s, v: sagemaker.AsyncInferenceConfig(
            output_path=sagemaker.S3Location.from_uri("s3://bucket/out"), max_concurrent_invocations_per_instance=v
        ),
    ),
    "capture sampling": (
        "sampling_percentage",
        lambda s, v: sagemaker.DataCaptureConfig(
            destination=sagemaker.S3Location.from_uri("s3://bucket/capture"), sampling_percentage=v
        ),
    ),
    "capacity instances": ("count", lambda s, v: _canary(s, sagemaker.Capacity.instances(v))),
    "capacity percent": ("percent", lambda s, v: _canary(s, sagemaker.Capacity.percent(v))),
    "max capacity": ("max_capacity", lambda s, v: _count(s, max_capacity=v)),
    "min capacity": ("min_capacity", lambda s, v: _count(s, min_capacity=v)),
    "requests per second": (
        "max_requests_per_second",
        lambda s, v: _count(s).scale_on_invocations("Rps", max_requests_per_second=v),
    ),
    "safety factor": (
        "afety",  # upstream's message: "Safety factor (x) must be ..."; ours: "safety_factor must be ..."
        lambda s, v: _count(s).scale_on_invocations("Rps", max_requests_per_second=10, safety_factor=v),
    ),
    "cpu target": (
        "target_utilization_percent",
        lambda s, v: _count(s).scale_on_cpu_utilization("Cpu", target_utilization_percent=v),
    ),
    "backlog target": (
        "target_backlog_per_instance",
        lambda s, v: _async_count(s).scale_on_backlog("Backlog", target_backlog_per_instance=v),
    ),
    "tracked metric target": (
        "target_value",
        lambda s, v: _count(s).scale_to_track_metric(
            "Track", target_value=v, metric=sagemaker.Metric("AWS/SageMaker", "ModelLatency")
        ),
    ),
    "interval lower": ("lower", lambda s, v: _steps(s, steps=_adjacent(lower=v))),
    "interval upper": ("upper", lambda s, v: _steps(s, steps=_adjacent(upper=v))),
    "interval change": ("change", lambda s, v: _steps(s, steps=_adjacent(lower=5, upper=5, change=v))),
    "step periods": ("evaluation_periods", lambda s, v: _steps(s, evaluation_periods=v)),
    "step datapoints": ("datapoints_to_alarm", lambda s, v: _steps(s, evaluation_periods=5, datapoints_to_alarm=v)),
    "step magnitude": (
        "min_adjustment_magnitude",
        lambda s, v: _steps(
            s, adjustment_type=sagemaker.AdjustmentType.PERCENT_CHANGE_IN_CAPACITY, min_adjustment_magnitude=v
        ),
    ),
    "schedule min": (
        "min_capacity",
        lambda s, v: _count(s).scale_on_schedule("Night", schedule=sagemaker.Schedule.cron(hour="1"), min_capacity=v),
    ),
    "schedule max": (
        "max_capacity",
        lambda s, v: _count(s).scale_on_schedule("Night", schedule=sagemaker.Schedule.cron(hour="1"), max_capacity=v),
    ),
    "serverless target": (
        "target_utilization",
        lambda s, v: _concurrency(s).scale_on_utilization("Warm", target_utilization=v),
    ),
    "concurrency max": ("max_capacity", lambda s, v: _concurrency(s, max_capacity=v)),
    "alarm threshold": ("threshold", lambda s, v: _alarm(s, threshold=v)),
    "alarm periods": ("evaluation_periods", lambda s, v: _alarm(s, evaluation_periods=v)),
    "alarm datapoints": ("datapoints_to_alarm", lambda s, v: _alarm(s, evaluation_periods=10, datapoints_to_alarm=v)),
}


@pytest.mark.parametrize("entry", sorted(ENTRY_POINTS))
@CORPUS
@given(value=NUMBERS)
def test_every_number_is_refused_by_name_or_synthesizes(entry: str, value: Any) -> None:
    field, build = ENTRY_POINTS[entry]
    stack = make_stack()
    try:
        build(stack, value)
        doc = synth_json(stack)
    except sagemaker.ValidationError as err:
        assert field in str(err), f"{entry}={value!r}: the message does not name {field}: {err}"
        if isinstance(value, float) and not math.isfinite(value):
            assert any(rule in str(err) for rule in ("finite", "whole number", "Safety factor")), str(err)
    else:
        assert isinstance(value, (int, float)) and math.isfinite(value), f"{entry} accepted {value!r}"
        if isinstance(value, int):
            assert abs(value) <= 2**53, f"{entry} accepted {value!r}, which a JSON number cannot carry exactly"
        assert isinstance(doc, dict) and doc.get("provider"), doc
    assert_good_app_synthesizes()
