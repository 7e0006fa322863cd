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

from sagemaker_tf._runtime.framework import App, TerraformResource
from sagemaker_tf.testing import OfflineTerraform, TerraformCommandError
from tests.examples import load_example
from tests.terraform.conftest import synth_to_dir

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
