"""Property tests of the deployment guardrails: random policies fail cleanly or synthesize within limits."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

import sagemaker_tf as sagemaker
from tests.helpers import make_stack, resources
from tests.helpers.fuzz import FUZZ, outcome
from tests.helpers.refcheck import assert_references_resolve

waits = st.one_of(st.none(), st.integers(0, 3600), st.integers(0, 3600), st.sampled_from([-1, 3601, 20_000]))


timeouts = st.one_of(st.none(), st.integers(600, 14400), st.sampled_from([0, 599, 14401, 28800]))


capacities = st.one_of(
    st.tuples(st.just("percent"), st.integers(1, 60)),
    st.tuples(st.just("instances"), st.integers(1, 6)),
    st.tuples(st.just("percent"), st.integers(1, 60)),
    st.tuples(st.sampled_from(["instances", "percent"]), st.sampled_from([-1, 0, 101, 2.5])),
    st.none(),
)


valid_alarm_names = st.text(alphabet="abc-", min_size=1, max_size=5)


alarm_lists = st.one_of(
    st.none(),
    st.lists(valid_alarm_names, min_size=1, max_size=10, unique=True),
    st.lists(st.one_of(valid_alarm_names, st.sampled_from(["", " "])), max_size=12),
)


def _td(value: int | None) -> timedelta | None:
    return None if value is None else timedelta(seconds=value)


def _capacity(spec: tuple[str, Any] | None) -> Any:
    if spec is None:
        return None
    kind, value = spec
    return getattr(sagemaker.Capacity, kind)(value)


def _share_ok(spec: tuple[str, Any] | None, low: int, high: int, count: int) -> bool:
    if spec is None or not isinstance(spec[1], int):
        return False
    kind, value = spec
    if kind == "percent":
        return 1 <= value <= 100 and low <= value <= high
    return value >= 1 and low * count <= 100 * value <= high * count


def _alarms_ok(alarms: list[str] | None) -> bool:
    return alarms is None or (
        1 <= len(alarms) <= 10 and len(set(alarms)) == len(alarms) and all(a.strip() for a in alarms)
    )


def _within(value: int | None, low: int, high: int, required: bool = False) -> bool:
    return (value is None and not required) or (value is not None and low <= value <= high)


@FUZZ
@given(
    kind=st.sampled_from(["all_at_once", "canary", "linear", "rolling"]),
    size=capacities,
    wait=waits,
    termination=waits,
    timeout=timeouts,
    rollback_batch=capacities,
    alarms=alarm_lists,
    count=st.integers(1, 12),
)
def test_random_deployment_policies_fail_or_synthesize_within_limits(
    kind, size, wait, termination, timeout, rollback_batch, alarms, count
):
    stack = make_stack()
    model = sagemaker.Model.from_model_name(stack, "Model", "model")

    def build() -> None:
        if kind == "rolling":
            policy = sagemaker.DeploymentPolicy.rolling(
                maximum_batch_size=_capacity(size),
                wait_interval=_td(wait),
                rollback_maximum_batch_size=_capacity(rollback_batch),
                maximum_execution_timeout=_td(timeout),
                rollback_alarms=alarms,
            )
        else:
            if kind == "all_at_once":
                routing = sagemaker.TrafficRouting.all_at_once(_td(wait))
            else:
                routing = getattr(sagemaker.TrafficRouting, kind)(_capacity(size), _td(wait))
            policy = sagemaker.DeploymentPolicy.blue_green(
                traffic_routing=routing,
                termination_wait=_td(termination),
                maximum_execution_timeout=_td(timeout),
                rollback_alarms=alarms,
            )
        config = sagemaker.EndpointConfig(
            stack,
            "Config",
            instance_production_variants=[
                sagemaker.InstanceProductionVariantProps(model=model, variant_name="main", initial_instance_count=count)
            ],
        )
        sagemaker.Endpoint(stack, "Endpoint", endpoint_config=config, deployment=policy)

    doc = outcome(stack, build)
    expected = _within(timeout, 600, 14400) and _alarms_ok(alarms)
    if kind == "rolling":
        expected = (
            expected
            and _share_ok(size, 5, 50, count)
            and _within(wait, 0, 3600, required=True)
            and (rollback_batch is None or _share_ok(rollback_batch, 0, 100, 10**9))
        )
    else:
        expected = expected and _within(termination, 0, 3600)
        if kind == "all_at_once":
            expected = expected and _within(wait, 0, 3600)
        else:
            low = 0 if kind == "canary" else 10
            expected = expected and _share_ok(size, low, 50, count) and _within(wait, 0, 3600, required=True)
    assert (doc is not None) == expected, (kind, size, wait, termination, timeout, rollback_batch, alarms, count)
    if doc is None:
        return
    (endpoint,) = resources(doc, "aws_sagemaker_endpoint")
    (block,) = endpoint["deployment_config"]
    policies = [k for k in ("blue_green_update_policy", "rolling_update_policy") if k in block]
    assert len(policies) == 1
    (policy,) = block[policies[0]]
    for key in ("termination_wait_in_seconds", "wait_interval_in_seconds"):
        assert 0 <= policy.get(key, 0) <= 3600
    assert 600 <= policy.get("maximum_execution_timeout_in_seconds", 600) <= 14400
    for routing in policy.get("traffic_routing_configuration", []):
        assert 0 <= routing["wait_interval_in_seconds"] <= 3600
        assert routing["type"] in ("ALL_AT_ONCE", "CANARY", "LINEAR")
        assert ("canary_size" in routing) == (routing["type"] == "CANARY")
        assert ("linear_step_size" in routing) == (routing["type"] == "LINEAR")
    for sizes in (policy.get("maximum_batch_size"), policy.get("rollback_maximum_batch_size")):
        for capacity in sizes or []:
            assert capacity["value"] >= 1 and capacity["type"] in ("INSTANCE_COUNT", "CAPACITY_PERCENT")
    if alarms is None:
        assert "auto_rollback_configuration" not in block
    else:
        (rollback,) = block["auto_rollback_configuration"]
        assert [a["alarm_name"] for a in rollback["alarms"]] == alarms
    assert_references_resolve(doc)
