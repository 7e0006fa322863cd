"""A bad value planted with ``add_override`` fails offline, as the real provider or the AWS API would fail it.

Each case takes an example, overrides one argument of one resource with a value the real provider's validator (or
the CreateX / PutX request's constraints) refuses, and runs the real ``terraform validate`` / ``plan`` on the
stand-in: the command fails with the provider's words, naming the attribute. The same example without the override
plans cleanly (tests/terraform/test_examples_plan.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import sagemaker_tf as sagemaker
from sagemaker_tf._runtime.framework import App, TerraformResource
from sagemaker_tf.framework import AwsProvider, TerraformStack
from sagemaker_tf.testing import OfflineTerraform, TerraformCommandError
from tests.helpers import load_example, synth_to_dir

# (example, resource type, override path, bad value, words the failure must contain)
CASES: list[tuple[str, str, str, Any, str]] = [
    (
        "endpoint_config",
        "aws_sagemaker_endpoint_configuration",
        "production_variants.0.instance_type",
        "ml.x",
        'Error: expected instance_type to be one of ["ml.t2.medium"',
    ),
    (
        "data_capture_shadow",
        "aws_sagemaker_endpoint_configuration",
        "data_capture_config.0.initial_sampling_percentage",
        101,
        "Error: expected data_capture_config.0.initial_sampling_percentage to be in the range (0 - 100), got 101",
    ),
    (
        "endpoint",
        "aws_sagemaker_model",
        "name",
        "m" * 64,
        f'Error: "name" cannot be longer than 63 characters: "{"m" * 64}"',
    ),
    (
        "endpoint",
        "aws_iam_role",
        "max_session_duration",
        100,
        "Error: expected max_session_duration to be in the range (3600 - 43200), got 100",
    ),
    (
        "llm_guardrails",
        "aws_sagemaker_endpoint",
        "deployment_config.0.blue_green_update_policy.0.traffic_routing_configuration.0.wait_interval_in_seconds",
        3601,
        "Error: expected deployment_config.0.blue_green_update_policy.0.traffic_routing_configuration.0."
        "wait_interval_in_seconds to be in the range (0 - 3600), got 3601",
    ),
    (
        "metrics",
        "aws_cloudwatch_metric_alarm",
        "extended_statistic",
        "p99",
        'Error: "extended_statistic": conflicts with statistic',
    ),
    (
        "metrics",
        "aws_cloudwatch_metric_alarm",
        "comparison_operator",
        "Bigger",
        'Error: expected comparison_operator to be one of ["GreaterThanOrEqualToThreshold"',
    ),
    (
        "autoscaling",
        "aws_appautoscaling_target",
        "scalable_dimension",
        "sagemaker:variant:Desired",
        "Error: invalid scalable_dimension: RegisterScalableTarget would fail with ValidationException: Value "
        "'sagemaker:variant:Desired' at 'scalableDimension' failed to satisfy constraint: Member must satisfy enum "
        "value set: [",
    ),
    (
        "autoscaling",
        "aws_appautoscaling_policy",
        "policy_type",
        "TargetTracking",
        "Error: invalid policy_type: PutScalingPolicy would fail with ValidationException",
    ),
    (
        "endpoint_config",
        "aws_sagemaker_endpoint_configuration",
        "production_variants.1.variant_name",
        "variant_b",
        "Error: invalid production_variants.1.variant_name: CreateEndpointConfig would fail with ValidationException: "
        "Value 'variant_b' at 'productionVariants.2.member.variantName' failed to satisfy constraint",
    ),
    (
        "production",
        "aws_cloudwatch_metric_alarm",
        "alarm_actions",
        ["on-call"],
        'Error: "alarm_actions.0" (on-call) is an invalid ARN: arn: invalid prefix',
    ),
    (
        "production",
        "aws_cloudwatch_metric_alarm",
        "ok_actions",
        ["arn:aws:automate:us-east-1:ec2:explode"],
        'Error: "ok_actions.0" does not match EC2 automation ARN ("^arn:[\\\\w-]+:automate:[\\\\w-]+:ec2:'
        '(reboot|recover|stop|terminate)$"): "arn:aws:automate:us-east-1:ec2:explode"',
    ),
    (
        "production",
        "aws_cloudwatch_metric_alarm",
        "insufficient_data_actions",
        ["sns:on-call"],
        'Error: "insufficient_data_actions.0" does not match EC2 automation ARN',
    ),
    (
        "endpoint",
        "aws_iam_role_policy",
        "role",
        "arn:aws:iam::123456789012:role/serving",
        'Error: "role" must be the role\'s name not its ARN',
    ),
    (
        "endpoint",
        "aws_iam_role_policy",
        "role",
        "r" * 129,
        f"Error: expected length of role to be in the range (1 - 128), got {'r' * 129}",
    ),
]

# values the same validators accept: the plan succeeds with them planted
VALID_CASES: list[tuple[str, str, str, Any]] = [
    (
        "production",
        "aws_cloudwatch_metric_alarm",
        "alarm_actions",
        ["arn:aws:sns:us-east-1:123456789012:on-call", "arn:aws:automate:us-east-1:ec2:recover"],
    ),
    ("production", "aws_cloudwatch_metric_alarm", "ok_actions", ["arn:aws:automate:us-east-1:ec2:reboot"]),
    (
        "production",
        "aws_cloudwatch_metric_alarm",
        "insufficient_data_actions",
        ["arn:aws:sns:us-east-1:123456789012:on-call"],
    ),
    ("endpoint", "aws_iam_role_policy", "role", "serving-role"),
]


def _resource(stack: Any, type_name: str) -> Any:
    found = [
        c for c in stack.node.find_all() if isinstance(c, TerraformResource) and c.terraform_resource_type == type_name
    ]
    assert found, f"no {type_name} in the stack"
    return found[0]


@pytest.mark.parametrize(("example", "type_name", "path", "value", "words"), CASES)
def test_a_planted_bad_value_fails_offline_in_the_providers_words(
    example: str,
    type_name: str,
    path: str,
    value: Any,
    words: str,
    offline_terraform: OfflineTerraform,
    tmp_path: Path,
) -> None:
    app = App(outdir=str(tmp_path / "cdktf.out"))
    stack = load_example(example).build(app)
    _resource(stack, type_name).add_override(path, value)
    with pytest.raises(TerraformCommandError) as failure:
        offline_terraform.plan(synth_to_dir(app, stack))
    output = " ".join(failure.value.output.split())  # Terraform wraps long messages
    assert words in output
    assert f"with {type_name}." in output  # Terraform names the resource, and the config line of the attribute


@pytest.mark.parametrize(("example", "type_name", "path", "value"), VALID_CASES)
def test_a_planted_valid_value_plans_offline(
    example: str, type_name: str, path: str, value: Any, offline_terraform: OfflineTerraform, tmp_path: Path
) -> None:
    app = App(outdir=str(tmp_path / "cdktf.out"))
    stack = load_example(example).build(app)
    _resource(stack, type_name).add_override(path, value)
    plan = offline_terraform.plan(synth_to_dir(app, stack))
    planned = [c["change"]["after"].get(path) for c in plan["resource_changes"] if c["type"] == type_name]
    if isinstance(value, list):  # the planted actions join the library's own (unknown until apply: null)
        assert any(isinstance(v, list) and set(value) <= set(v) for v in planned), planned
    else:
        assert value in planned, planned


def _plan_or_refusal(offline_terraform: Any, stack_dir: Any, words: str | None, type_name: str) -> Any:
    """The plan when ``words`` is None; else check that the plan fails with ``words`` on a ``type_name``."""
    if words is None:
        return offline_terraform.plan(stack_dir)
    with pytest.raises(TerraformCommandError) as failure:
        offline_terraform.plan(stack_dir)
    output = " ".join(failure.value.output.split())
    assert words in output
    assert f"with {type_name}." in output
    return None


def _scheduled_stack(app: App) -> TerraformStack:
    """A variant scaled on a schedule (``aws_appautoscaling_scheduled_action`` with start, end and time zone)."""
    stack = TerraformStack(app, "scheduled")
    AwsProvider(stack, "aws", region="us-east-1")
    image = sagemaker.ContainerImage.from_dlc("pytorch-inference", "2.1.0-cpu-py310")
    model = sagemaker.Model(stack, "Model", containers=[sagemaker.ContainerDefinition(image=image)])
    config = sagemaker.EndpointConfig(
        stack,
        "EndpointConfig",
        instance_production_variants=[
            sagemaker.InstanceProductionVariantProps(
                model=model, variant_name="main", instance_type=sagemaker.InstanceType.M5_LARGE
            )
        ],
    )
    endpoint = sagemaker.Endpoint(stack, "Endpoint", endpoint_config=config)
    count = endpoint.find_instance_production_variant("main").auto_scale_instance_count(max_capacity=3)
    count.scale_on_schedule(
        "Night",
        schedule="cron(0 22 * * ? *)",
        min_capacity=1,
        start_time="2030-01-01T00:00:00Z",
        end_time="2030-06-01T00:00:00Z",
        timezone="Europe/Paris",
    )
    return stack


# validation.IsRFC3339Time on start_time / end_time; timezone has no validator in the provider (Default "UTC")
@pytest.mark.parametrize(
    ("path", "value", "words"),
    [
        (
            "start_time",
            "2030-01-01",
            'Error: expected "start_time" to be a valid RFC3339 date, got "2030-01-01": parsing time "2030-01-01"',
        ),
        (
            "end_time",
            "2030-06-01 00:00:00Z",
            'Error: expected "end_time" to be a valid RFC3339 date, got "2030-06-01 00:00:00Z"',
        ),
        ("start_time", "2030-01-01T08:00:00+02:00", None),
        ("end_time", "2030-06-01T00:00:00.5Z", None),
        ("timezone", "America/Argentina/Buenos_Aires", None),
    ],
)
def test_scheduled_action_times_are_checked_as_the_provider_checks_them(
    path: str, value: str, words: str | None, offline_terraform: OfflineTerraform, tmp_path: Path
) -> None:
    app = App(outdir=str(tmp_path / "cdktf.out"))
    stack = _scheduled_stack(app)
    _resource(stack, "aws_appautoscaling_scheduled_action").add_override(path, value)
    plan = _plan_or_refusal(offline_terraform, synth_to_dir(app, stack), words, "aws_appautoscaling_scheduled_action")
    if plan is not None:
        (action,) = [c for c in plan["resource_changes"] if c["type"] == "aws_appautoscaling_scheduled_action"]
        assert action["change"]["after"][path] == value


# the provider's CustomizeDiff on aws_cloudwatch_metric_alarm (plan time): metric_name wants exactly one of statistic /
# extended_statistic; no metric_query element has both an expression and a metric
_METRIC = {"metric_name": "ModelLatency", "namespace": "AWS/SageMaker", "period": 60, "stat": "Average"}
_TO_METRIC_QUERY = {"metric_name": None, "namespace": None, "period": None, "statistic": None, "dimensions": None}
ALARM_PLAN_CASES: list[tuple[dict[str, Any], str | None]] = [
    (
        {"statistic": None},
        "Error: One of `statistic` or `extended_statistic` must be set for a cloudwatch metric alarm",
    ),
    ({"statistic": None, "extended_statistic": "p99"}, None),
    (
        {**_TO_METRIC_QUERY, "metric_query": [{"id": "e1", "expression": "m1 * 2", "metric": [_METRIC]}]},
        "Error: No metric_query may have both `expression` and a `metric` specified",
    ),
    (
        {
            **_TO_METRIC_QUERY,
            "metric_query": [
                {"id": "m1", "metric": [_METRIC]},
                {"id": "e1", "expression": "m1 * 2", "return_data": True},
            ],
        },
        None,
    ),
]


@pytest.mark.parametrize(("overrides", "words"), ALARM_PLAN_CASES)
def test_the_alarm_customize_diff_runs_at_plan(
    overrides: dict[str, Any], words: str | None, offline_terraform: OfflineTerraform, tmp_path: Path
) -> None:
    app = App(outdir=str(tmp_path / "cdktf.out"))
    stack = load_example("metrics").build(app)
    alarm = _resource(stack, "aws_cloudwatch_metric_alarm")
    for path, value in overrides.items():
        alarm.add_override(path, value)
    plan = _plan_or_refusal(offline_terraform, synth_to_dir(app, stack), words, "aws_cloudwatch_metric_alarm")
    if plan is not None:
        assert any(c["type"] == "aws_cloudwatch_metric_alarm" for c in plan["resource_changes"])
