"""Every limit of the deployment guardrails, each with the exact message a user gets.

Sources: hashicorp/aws internal/service/sagemaker/endpoint.go (waits IntBetween(0, 3600), execution timeouts
IntBetween(600, 14400), capacity values IntAtLeast(1), alarms 1-10, exactly one of blue/green or rolling) and the
SageMaker API reference (TrafficRoutingConfig: canary at most 50 %, linear step 10-50 %; RollingUpdatePolicy: batch
5-50 %; Alarm.AlarmName 1-255 characters, not blank) and Developer Guide (deployment guardrails exclusions).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta as td
from typing import Any

import pytest

import sagemaker_tf as sagemaker
from sagemaker_tf import Capacity as C
from sagemaker_tf import DeploymentPolicy as D
from sagemaker_tf import TrafficRouting as T

WAIT = "must be a whole number of seconds between 0 and 3600"
TIMEOUT = "must be a whole number of seconds between 600 and 14400"
CAPACITY = "must be a Capacity (Capacity.instances(n) or Capacity.percent(p))"
ALARM_NAME = "an alarm name must be 1 to 255 characters and not blank"
ELEVEN = [f"alarm-{i}" for i in range(11)]

CASES: list[tuple[str, Callable[[], Any], str]] = [
    # Capacity
    ("instances 0", lambda: C.instances(0), "Capacity.instances: count must be at least 1 (got 0)"),
    ("instances float", lambda: C.instances(1.5), "Capacity.instances: count must be a whole number (got float: 1.5)"),
    ("instances bool", lambda: C.instances(True), "Capacity.instances: count must be a whole number (got bool: True)"),
    ("percent 0", lambda: C.percent(0), "Capacity.percent: percent must be between 1 and 100 (got 0)"),
    ("percent 101", lambda: C.percent(101), "Capacity.percent: percent must be between 1 and 100 (got 101)"),
    ("percent float", lambda: C.percent(2.5), "Capacity.percent: percent must be a whole number (got float: 2.5)"),
    # TrafficRouting
    (
        "all at once wait < 0",
        lambda: T.all_at_once(td(seconds=-1)),
        f"TrafficRouting.all_at_once: wait {WAIT} (got -1 seconds)",
    ),
    (
        "all at once wait > 3600",
        lambda: T.all_at_once(td(seconds=3601)),
        f"TrafficRouting.all_at_once: wait {WAIT} (got 3601 seconds)",
    ),
    (
        "all at once wait fraction",
        lambda: T.all_at_once(td(seconds=1.5)),
        f"TrafficRouting.all_at_once: wait {WAIT} (got 1.5 seconds)",
    ),
    (
        "all at once wait int",
        lambda: T.all_at_once(60),
        "TrafficRouting.all_at_once: wait must be a datetime.timedelta (got int: 60)",
    ),
    (
        "canary without size",
        lambda: T.canary(None, td(0)),
        "TrafficRouting.canary: a canary needs a size: TrafficRouting.canary(Capacity.percent(10), wait=...) "
        "(got size=None)",
    ),
    (
        "canary 51 %",
        lambda: T.canary(C.percent(51), td(0)),
        "TrafficRouting.canary: size must be at most 50% of the variant's instances (got Capacity.percent(51))",
    ),
    ("canary size int", lambda: T.canary(10, td(0)), f"TrafficRouting.canary: size {CAPACITY} (got int: 10)"),
    (
        "canary without wait",
        lambda: T.canary(C.percent(10), None),
        "TrafficRouting.canary: wait is required (a datetime.timedelta of 0-3600 seconds; got None)",
    ),
    (
        "canary wait > 3600",
        lambda: T.canary(C.percent(10), td(seconds=3601)),
        f"TrafficRouting.canary: wait {WAIT} (got 3601 seconds)",
    ),
    (
        "linear without step",
        lambda: T.linear(None, td(0)),
        "TrafficRouting.linear: linear shifting needs a step: TrafficRouting.linear(Capacity.percent(20), wait=...) "
        "(got step=None)",
    ),
    (
        "linear 9 %",
        lambda: T.linear(C.percent(9), td(0)),
        "TrafficRouting.linear: step must be 10-50% of the variant's instances (got Capacity.percent(9))",
    ),
    (
        "linear 51 %",
        lambda: T.linear(C.percent(51), td(0)),
        "TrafficRouting.linear: step must be 10-50% of the variant's instances (got Capacity.percent(51))",
    ),
    (
        "linear wait > 3600",
        lambda: T.linear(C.percent(10), td(hours=2)),
        f"TrafficRouting.linear: wait {WAIT} (got 7200 seconds)",
    ),
    (
        "linear without wait",
        lambda: T.linear(C.percent(10), None),
        "TrafficRouting.linear: wait is required (a datetime.timedelta of 0-3600 seconds; got None)",
    ),
    # blue/green
    (
        "blue/green routing str",
        lambda: D.blue_green(traffic_routing="CANARY"),
        "DeploymentPolicy.blue_green: traffic_routing must be a TrafficRouting (TrafficRouting.all_at_once(), "
        ".canary(...) or .linear(...)) (got str: CANARY)",
    ),
    (
        "termination wait > 3600",
        lambda: D.blue_green(termination_wait=td(seconds=3601)),
        f"DeploymentPolicy.blue_green: termination_wait {WAIT} (got 3601 seconds)",
    ),
    (
        "termination wait < 0",
        lambda: D.blue_green(termination_wait=td(seconds=-1)),
        f"DeploymentPolicy.blue_green: termination_wait {WAIT} (got -1 seconds)",
    ),
    (
        "blue/green timeout < 600",
        lambda: D.blue_green(maximum_execution_timeout=td(seconds=599)),
        f"DeploymentPolicy.blue_green: maximum_execution_timeout {TIMEOUT} (got 599 seconds)",
    ),
    (
        "blue/green timeout > 14400",
        lambda: D.blue_green(maximum_execution_timeout=td(seconds=14401)),
        f"DeploymentPolicy.blue_green: maximum_execution_timeout {TIMEOUT} (got 14401 seconds)",
    ),
    (
        "no rollback alarms",
        lambda: D.blue_green(rollback_alarms=[]),
        "DeploymentPolicy.blue_green: rollback_alarms must hold 1 to 10 alarms (got 0)",
    ),
    (
        "11 rollback alarms",
        lambda: D.blue_green(rollback_alarms=ELEVEN),
        "DeploymentPolicy.blue_green: rollback_alarms must hold 1 to 10 alarms (got 11)",
    ),
    (
        "empty alarm name",
        lambda: D.blue_green(rollback_alarms=[""]),
        f"DeploymentPolicy.blue_green: {ALARM_NAME} (got '')",
    ),
    (
        "blank alarm name",
        lambda: D.blue_green(rollback_alarms=["  "]),
        f"DeploymentPolicy.blue_green: {ALARM_NAME} (got '  ')",
    ),
    (
        "256-character alarm name",
        lambda: D.blue_green(rollback_alarms=["a" * 256]),
        f"DeploymentPolicy.blue_green: {ALARM_NAME} (got '{'a' * 77}...')",
    ),
    (
        "duplicate alarm",
        lambda: D.blue_green(rollback_alarms=["x", "x"]),
        "DeploymentPolicy.blue_green: rollback_alarms lists the same alarm twice (x)",
    ),
    (
        "alarm int",
        lambda: D.blue_green(rollback_alarms=[5]),
        "DeploymentPolicy.blue_green: rollback_alarms[] must be an Alarm or an alarm name (got int: 5)",
    ),
    (
        "alarms as one string",
        lambda: D.blue_green(rollback_alarms="x"),
        "DeploymentPolicy.blue_green: rollback_alarms must be a list (got str: x)",
    ),
    # rolling
    (
        "rolling without batch",
        lambda: D.rolling(maximum_batch_size=None, wait_interval=td(0)),
        "DeploymentPolicy.rolling: maximum_batch_size is required (a Capacity; got None)",
    ),
    (
        "rolling batch 4 %",
        lambda: D.rolling(maximum_batch_size=C.percent(4), wait_interval=td(0)),
        "DeploymentPolicy.rolling: maximum_batch_size must be 5-50% of the variant's instances (got Capacity.percent(4))",
    ),
    (
        "rolling batch 51 %",
        lambda: D.rolling(maximum_batch_size=C.percent(51), wait_interval=td(0)),
        "DeploymentPolicy.rolling: maximum_batch_size must be 5-50% of the variant's instances "
        "(got Capacity.percent(51))",
    ),
    (
        "rolling batch int",
        lambda: D.rolling(maximum_batch_size=2, wait_interval=td(0)),
        f"DeploymentPolicy.rolling: maximum_batch_size {CAPACITY} (got int: 2)",
    ),
    (
        "rolling without wait",
        lambda: D.rolling(maximum_batch_size=C.percent(10), wait_interval=None),
        "DeploymentPolicy.rolling: wait_interval is required (a datetime.timedelta of 0-3600 seconds; got None)",
    ),
    (
        "rolling wait > 3600",
        lambda: D.rolling(maximum_batch_size=C.percent(10), wait_interval=td(seconds=3601)),
        f"DeploymentPolicy.rolling: wait_interval {WAIT} (got 3601 seconds)",
    ),
    (
        "rollback batch str",
        lambda: D.rolling(maximum_batch_size=C.percent(10), wait_interval=td(0), rollback_maximum_batch_size="all"),
        f"DeploymentPolicy.rolling: rollback_maximum_batch_size {CAPACITY} (got str: all)",
    ),
    (
        "rolling timeout 28800 (API allows, provider rejects)",
        lambda: D.rolling(
            maximum_batch_size=C.percent(10), wait_interval=td(0), maximum_execution_timeout=td(seconds=28800)
        ),
        f"DeploymentPolicy.rolling: maximum_execution_timeout {TIMEOUT} (got 28800 seconds)",
    ),
    (
        "rolling timeout < 600",
        lambda: D.rolling(
            maximum_batch_size=C.percent(10), wait_interval=td(0), maximum_execution_timeout=td(minutes=5)
        ),
        f"DeploymentPolicy.rolling: maximum_execution_timeout {TIMEOUT} (got 300 seconds)",
    ),
    (
        "rolling 11 alarms",
        lambda: D.rolling(maximum_batch_size=C.percent(10), wait_interval=td(0), rollback_alarms=ELEVEN),
        "DeploymentPolicy.rolling: rollback_alarms must hold 1 to 10 alarms (got 11)",
    ),
]


@pytest.mark.parametrize("build, message", [(b, m) for _, b, m in CASES], ids=[n for n, _, _ in CASES])
def test_each_limit_fails_with_its_exact_message(build, message):
    with pytest.raises(sagemaker.ValidationError) as err:
        build()
    assert str(err.value) == message


@pytest.mark.parametrize(
    "build",
    [
        lambda: C.instances(1),
        lambda: C.percent(1),
        lambda: C.percent(100),
        lambda: T.all_at_once(td(0)),
        lambda: T.all_at_once(td(seconds=3600)),
        lambda: T.canary(C.percent(50), td(seconds=3600)),
        lambda: T.linear(C.percent(10), td(0)),
        lambda: T.linear(C.percent(50), td(0)),
        lambda: D.blue_green(termination_wait=td(0), maximum_execution_timeout=td(seconds=600)),
        lambda: D.blue_green(
            termination_wait=td(seconds=3600),
            maximum_execution_timeout=td(seconds=14400),
            rollback_alarms=[f"a{i}" for i in range(10)],
        ),
        lambda: D.rolling(maximum_batch_size=C.percent(5), wait_interval=td(0), rollback_alarms=["a" * 255]),
        lambda: D.rolling(
            maximum_batch_size=C.percent(50),
            wait_interval=td(seconds=3600),
            rollback_maximum_batch_size=C.percent(100),
            maximum_execution_timeout=td(seconds=14400),
        ),
    ],
    ids=lambda _: "bound",
)
def test_values_on_each_bound_are_accepted(build):
    assert build() is not None


def test_an_alarm_listed_as_object_and_by_name_is_a_repeat(stack):
    alarm = sagemaker.Metric("AWS/SageMaker", "ModelLatency").create_alarm(
        stack, "Latency", alarm_name="latency", threshold=1, evaluation_periods=1
    )
    with pytest.raises(sagemaker.ValidationError) as err:
        D.blue_green(rollback_alarms=[alarm, "latency"])
    assert str(err.value) == "DeploymentPolicy.blue_green: rollback_alarms lists the same alarm twice (latency)"


def test_a_deployment_of_the_wrong_kind_names_the_endpoint(stack):
    model = sagemaker.Model.from_model_name(stack, "Model", "m")
    config = sagemaker.EndpointConfig(
        stack,
        "Config",
        instance_production_variants=[sagemaker.InstanceProductionVariantProps(model=model, variant_name="main")],
    )
    with pytest.raises(sagemaker.ValidationError) as err:
        sagemaker.Endpoint(stack, "Endpoint", endpoint_config=config, deployment="blue_green")
    assert str(err.value) == (
        "Stack/Endpoint: deployment must be a DeploymentPolicy (DeploymentPolicy.blue_green(...) "
        "or DeploymentPolicy.rolling(...)) (got str: blue_green)"
    )
