"""Deployment guardrails on Endpoint: the deployment_config block, its checks against the variants, and the user's
``add_override`` paths inside it (the block is rendered through sagemaker_tf/_runtime/render.py)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from datetime import timedelta as td
from typing import Any

import pytest

import sagemaker_tf as sagemaker
from sagemaker_tf import Capacity as C
from sagemaker_tf import DeploymentPolicy as D
from sagemaker_tf import TrafficRouting as T
from sagemaker_tf import ValidationError
from sagemaker_tf._runtime.framework import TerraformStack
from sagemaker_tf._runtime.framework import Testing as CdktfTesting
from tests.helpers import only, synth

ENDPOINT = "aws_sagemaker_endpoint"


def config(stack: TerraformStack, *names: str, count: int = 4, **kwargs: Any) -> sagemaker.EndpointConfig:
    model = stack.node.try_find_child("Model") or sagemaker.Model.from_model_name(stack, "Model", "model")
    return sagemaker.EndpointConfig(
        stack,
        "EndpointConfig",
        instance_production_variants=[
            sagemaker.InstanceProductionVariantProps(
                model=model,
                variant_name=n,
                initial_instance_count=count,
                instance_type=sagemaker.InstanceType.M5_LARGE,
                **kwargs,
            )
            for n in (names or ("main",))
        ],
    )


def endpoint(
    stack: TerraformStack, deployment: sagemaker.DeploymentPolicy, *names: str, count: int = 4
) -> sagemaker.Endpoint:
    return sagemaker.Endpoint(
        stack, "Endpoint", endpoint_config=config(stack, *names, count=count), deployment=deployment
    )


def deployment_config(stack: TerraformStack) -> dict[str, Any]:
    (block,) = only(synth(stack), ENDPOINT)["deployment_config"]
    return block


def errors_alarm(stack: TerraformStack) -> sagemaker.Alarm:
    return sagemaker.Metric("AWS/SageMaker", "Invocation5XXErrors", statistic="Sum").create_alarm(
        stack, "Errors", threshold=5, evaluation_periods=1
    )


# --- blue/green ------------------------------------------------------------------------------------------------


def test_blue_green_defaults_to_all_at_once_without_waits(stack):
    endpoint(stack, sagemaker.DeploymentPolicy.blue_green())
    assert deployment_config(stack) == {
        "blue_green_update_policy": [
            {"traffic_routing_configuration": [{"type": "ALL_AT_ONCE", "wait_interval_in_seconds": 0}]}
        ],
    }


def test_blue_green_canary_renders_size_waits_timeout_and_rollback_alarms(stack):
    alarm = errors_alarm(stack)
    endpoint(
        stack,
        sagemaker.DeploymentPolicy.blue_green(
            traffic_routing=sagemaker.TrafficRouting.canary(sagemaker.Capacity.percent(10), wait=timedelta(minutes=10)),
            termination_wait=timedelta(minutes=15),
            maximum_execution_timeout=timedelta(hours=1),
            rollback_alarms=[alarm, "latency-alarm"],
        ),
    )
    assert deployment_config(stack) == {
        "blue_green_update_policy": [
            {
                "traffic_routing_configuration": [
                    {
                        "type": "CANARY",
                        "wait_interval_in_seconds": 600,
                        "canary_size": [{"type": "CAPACITY_PERCENT", "value": 10}],
                    }
                ],
                "termination_wait_in_seconds": 900,
                "maximum_execution_timeout_in_seconds": 3600,
            }
        ],
        "auto_rollback_configuration": [
            {
                "alarms": [
                    {"alarm_name": "Stack-Errors-bd97d16b"},
                    {"alarm_name": "latency-alarm"},
                ]
            }
        ],
    }


def test_blue_green_linear_renders_the_step_in_instances(stack):
    endpoint(
        stack,
        sagemaker.DeploymentPolicy.blue_green(
            traffic_routing=sagemaker.TrafficRouting.linear(sagemaker.Capacity.instances(2), wait=timedelta(seconds=90))
        ),
    )
    (routing,) = deployment_config(stack)["blue_green_update_policy"][0]["traffic_routing_configuration"]
    assert routing == {
        "type": "LINEAR",
        "wait_interval_in_seconds": 90,
        "linear_step_size": [{"type": "INSTANCE_COUNT", "value": 2}],
    }


def test_all_at_once_with_a_baking_wait(stack):
    endpoint(
        stack,
        sagemaker.DeploymentPolicy.blue_green(
            traffic_routing=sagemaker.TrafficRouting.all_at_once(timedelta(minutes=5))
        ),
    )
    (routing,) = deployment_config(stack)["blue_green_update_policy"][0]["traffic_routing_configuration"]
    assert routing == {"type": "ALL_AT_ONCE", "wait_interval_in_seconds": 300}


def test_blue_green_is_allowed_on_multi_variant_and_serverless_endpoints(stack):
    policy = sagemaker.DeploymentPolicy.blue_green()
    endpoint(stack, policy, "a", "b")
    model = sagemaker.Model.from_model_name(stack, "Serverless", "m")
    serverless = sagemaker.EndpointConfig(
        stack,
        "ServerlessConfig",
        serverless_production_variant=sagemaker.ServerlessProductionVariantProps(
            model=model, variant_name="s", max_concurrency=5, memory_size_in_mb=2048
        ),
    )
    sagemaker.Endpoint(stack, "ServerlessEndpoint", endpoint_config=serverless, deployment=policy)
    blocks = [e["deployment_config"][0] for e in synth(stack)["resource"][ENDPOINT].values()]
    assert all("blue_green_update_policy" in b for b in blocks) and len(blocks) == 2


def test_an_endpoint_without_deployment_renders_no_deployment_config(stack):
    sagemaker.Endpoint(stack, "Endpoint", endpoint_config=config(stack))
    assert "deployment_config" not in only(synth(stack), ENDPOINT)
    assert stack.node.find_child("Endpoint").deployment is None


def test_a_rollback_alarm_is_created_before_the_endpoint_by_its_literal_name(stack):
    alarm = errors_alarm(stack)
    endpoint(stack, sagemaker.DeploymentPolicy.blue_green(rollback_alarms=[alarm, "external"]))
    made = only(synth(stack), ENDPOINT)
    assert made["depends_on"] == ["aws_cloudwatch_metric_alarm.Errors_Alarm_C191DC42"]
    assert made["deployment_config"][0]["auto_rollback_configuration"] == [
        {"alarms": [{"alarm_name": "Stack-Errors-bd97d16b"}, {"alarm_name": "external"}]}
    ]


def test_an_alarm_on_the_endpoints_own_metric_adds_no_dependency_cycle(stack):
    made = endpoint(stack, sagemaker.DeploymentPolicy.blue_green(rollback_alarms=["own-latency"]))
    own = (
        made.find_instance_production_variant("main")
        .metric_model_latency()
        .create_alarm(stack, "OwnLatency", alarm_name="own-latency", threshold=1e6, evaluation_periods=1)
    )
    made_doc = synth(stack)
    assert only(made_doc, "aws_cloudwatch_metric_alarm")["dimensions"]["EndpointName"].startswith(
        "${aws_sagemaker_endpoint."
    )
    assert own.alarm_name and "depends_on" not in only(made_doc, ENDPOINT)


def test_an_alarm_object_watching_the_endpoint_is_rendered_by_name_without_depends_on(stack):
    made = endpoint(stack, sagemaker.DeploymentPolicy.blue_green())
    alarm = made.metric_approximate_backlog_size().create_alarm(stack, "Backlog", threshold=10, evaluation_periods=1)
    policy = sagemaker.DeploymentPolicy.blue_green(rollback_alarms=[alarm])
    assert policy.bind(made).depends_on == ()  # it watches the endpoint: a depends_on would be a cycle
    assert policy.rollback_alarm_names == ["Stack-Backlog-c229ec49"]


# --- rolling ---------------------------------------------------------------------------------------------------


def test_rolling_renders_batches_wait_timeout_and_rollback(stack):
    alarm = errors_alarm(stack)
    policy = sagemaker.DeploymentPolicy.rolling(
        maximum_batch_size=sagemaker.Capacity.percent(25),
        wait_interval=timedelta(minutes=5),
        rollback_maximum_batch_size=sagemaker.Capacity.instances(2),
        maximum_execution_timeout=timedelta(hours=4),
        rollback_alarms=[alarm],
    )
    made = endpoint(stack, policy)
    assert made.deployment is policy
    assert deployment_config(stack) == {
        "rolling_update_policy": [
            {
                "maximum_batch_size": [{"type": "CAPACITY_PERCENT", "value": 25}],
                "wait_interval_in_seconds": 300,
                "rollback_maximum_batch_size": [{"type": "INSTANCE_COUNT", "value": 2}],
                "maximum_execution_timeout_in_seconds": 14400,
            }
        ],
        "auto_rollback_configuration": [{"alarms": [{"alarm_name": "Stack-Errors-bd97d16b"}]}],
    }


def test_rolling_update_of_a_multi_variant_endpoint_fails_at_construction(stack):
    policy = sagemaker.DeploymentPolicy.rolling(
        maximum_batch_size=sagemaker.Capacity.percent(25), wait_interval=timedelta(0)
    )
    with pytest.raises(sagemaker.ValidationError) as err:
        endpoint(stack, policy, "a", "b")
    assert str(err.value) == (
        "Stack/Endpoint: A rolling update needs exactly one production variant (deployment guardrails exclusion) "
        "(got 2: a, b)"
    )
    assert stack.node.try_find_child("Endpoint") is None


def test_rolling_update_of_a_serverless_endpoint_fails_at_construction(stack):
    model = sagemaker.Model.from_model_name(stack, "Model", "m")
    serverless = sagemaker.EndpointConfig(
        stack,
        "EndpointConfig",
        serverless_production_variant=sagemaker.ServerlessProductionVariantProps(
            model=model, variant_name="s", max_concurrency=5, memory_size_in_mb=2048
        ),
    )
    policy = sagemaker.DeploymentPolicy.rolling(
        maximum_batch_size=sagemaker.Capacity.percent(25), wait_interval=timedelta(0)
    )
    with pytest.raises(sagemaker.ValidationError) as err:
        sagemaker.Endpoint(stack, "Endpoint", endpoint_config=serverless, deployment=policy)
    assert str(err.value) == (
        "Stack/Endpoint: A rolling update cannot be used with a serverless variant (deployment guardrails exclusion)"
    )


def test_a_variant_added_after_a_rolling_endpoint_fails_at_synth(stack):
    made = endpoint(
        stack,
        sagemaker.DeploymentPolicy.rolling(
            maximum_batch_size=sagemaker.Capacity.percent(25), wait_interval=timedelta(0)
        ),
    )
    made.endpoint_config.add_instance_production_variant(
        sagemaker.InstanceProductionVariantProps(model=stack.node.find_child("Model"), variant_name="late")
    )
    with pytest.raises(ValidationError) as err:
        synth(stack)
    assert (
        "[Stack/Endpoint] A rolling update needs exactly one production variant (deployment guardrails "
        "exclusion) (got 2: main, late)"
    ) in str(err.value)


def test_a_rolling_update_of_an_imported_config_is_not_checked(stack):
    imported = sagemaker.EndpointConfig.from_endpoint_config_name(stack, "Imported", "existing-config")
    sagemaker.Endpoint(
        stack,
        "Endpoint",
        endpoint_config=imported,
        deployment=sagemaker.DeploymentPolicy.rolling(
            maximum_batch_size=sagemaker.Capacity.instances(1), wait_interval=timedelta(0)
        ),
    )
    assert "rolling_update_policy" in deployment_config(stack)


# --- sizes in instances against the variants (synth) -------------------------------------------------------------


@pytest.mark.parametrize(
    "policy, count, message",
    [
        (
            lambda: sagemaker.DeploymentPolicy.blue_green(
                traffic_routing=sagemaker.TrafficRouting.canary(sagemaker.Capacity.instances(3), wait=timedelta(0))
            ),
            4,
            "canary size must be at most 50% of variant 'main' (initial_instance_count=4; got Capacity.instances(3))",
        ),
        (
            lambda: sagemaker.DeploymentPolicy.blue_green(
                traffic_routing=sagemaker.TrafficRouting.linear(sagemaker.Capacity.instances(1), wait=timedelta(0))
            ),
            20,
            "linear step must be 10-50% of variant 'main' (initial_instance_count=20; got Capacity.instances(1))",
        ),
        (
            lambda: sagemaker.DeploymentPolicy.rolling(
                maximum_batch_size=sagemaker.Capacity.instances(1), wait_interval=timedelta(0)
            ),
            1,
            "maximum_batch_size must be 5-50% of variant 'main' (initial_instance_count=1; got Capacity.instances(1))",
        ),
    ],
)
def test_sizes_in_instances_are_checked_against_the_initial_instance_count_at_synth(stack, policy, count, message):
    endpoint(stack, policy(), count=count)
    with pytest.raises(ValidationError) as err:
        synth(stack)
    assert f"[Stack/Endpoint] {message}" in str(err.value)


def test_sizes_in_instances_within_the_share_synthesize(stack):
    endpoint(
        stack,
        sagemaker.DeploymentPolicy.blue_green(
            traffic_routing=sagemaker.TrafficRouting.canary(sagemaker.Capacity.instances(2), wait=timedelta(0))
        ),
        count=4,
    )
    assert deployment_config(stack)["blue_green_update_policy"][0]["traffic_routing_configuration"][0][
        "canary_size"
    ] == [{"type": "INSTANCE_COUNT", "value": 2}]


def test_an_autoscaled_variant_is_not_checked_against_its_initial_count(stack):
    made = endpoint(
        stack,
        sagemaker.DeploymentPolicy.rolling(
            maximum_batch_size=sagemaker.Capacity.instances(1), wait_interval=timedelta(0)
        ),
        count=1,
    )
    made.find_instance_production_variant("main").auto_scale_instance_count(max_capacity=10)
    assert "rolling_update_policy" in deployment_config(stack)


# --- escape hatches inside deployment_config ----------------------------------------------------------------------


def test_override_inside_the_rendered_policy_merges_with_it(stack):
    made = endpoint(
        stack,
        sagemaker.DeploymentPolicy.blue_green(
            traffic_routing=sagemaker.TrafficRouting.canary(sagemaker.Capacity.percent(10), wait=timedelta(minutes=1))
        ),
    )
    made.resource.add_override("deployment_config.0.blue_green_update_policy.0.termination_wait_in_seconds", 120)
    made.resource.add_override(
        "deployment_config.0.blue_green_update_policy.0.traffic_routing_configuration.0.canary_size.0.value", 20
    )
    (policy,) = deployment_config(stack)["blue_green_update_policy"]
    assert policy["termination_wait_in_seconds"] == 120
    assert policy["traffic_routing_configuration"] == [
        {"type": "CANARY", "wait_interval_in_seconds": 60, "canary_size": [{"type": "CAPACITY_PERCENT", "value": 20}]}
    ]


def test_override_adds_a_rollback_configuration_next_to_the_rendered_policy(stack):
    made = endpoint(stack, sagemaker.DeploymentPolicy.blue_green())
    made.resource.add_override(
        "deployment_config.0.auto_rollback_configuration", [{"alarms": [{"alarm_name": "added-by-override"}]}]
    )
    block = deployment_config(stack)
    assert block["auto_rollback_configuration"] == [{"alarms": [{"alarm_name": "added-by-override"}]}]
    assert block["blue_green_update_policy"][0]["traffic_routing_configuration"][0]["type"] == "ALL_AT_ONCE"


def test_override_of_a_deployment_config_the_library_does_not_render_reaches_the_output(stack):
    made = sagemaker.Endpoint(stack, "Endpoint", endpoint_config=config(stack))
    made.resource.add_override(
        "deployment_config",
        [
            {
                "blue_green_update_policy": [
                    {"traffic_routing_configuration": [{"type": "ALL_AT_ONCE", "wait_interval_in_seconds": 30}]}
                ]
            }
        ],
    )
    assert (
        deployment_config(stack)["blue_green_update_policy"][0]["traffic_routing_configuration"][0][
            "wait_interval_in_seconds"
        ]
        == 30
    )


def test_deployment_config_synth_is_deterministic(stack):
    endpoint(
        stack,
        sagemaker.DeploymentPolicy.blue_green(
            traffic_routing=sagemaker.TrafficRouting.linear(sagemaker.Capacity.percent(20), wait=timedelta(minutes=2)),
            rollback_alarms=["a", "b"],
        ),
    )
    assert CdktfTesting.synth(stack) == CdktfTesting.synth(stack)


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
        "DeploymentPolicy.rolling: maximum_batch_size must be 5-50% of the variant's instances (got "
        "Capacity.percent(4))",
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
