"""Deployment guardrails in a real (offline) Terraform plan: a rolling policy, and a user override inside the
rendered ``deployment_config`` next to the library's values."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import sagemaker_tf as sagemaker
from sagemaker_tf._runtime.framework import App, AwsProvider, TerraformStack
from sagemaker_tf.testing import OfflineTerraform, planned_resources
from tests.helpers import synth_to_dir


def test_rolling_policy_with_an_override_inside_it_plans(offline_terraform: OfflineTerraform, tmp_path: Path):
    app = App(outdir=str(tmp_path))
    stack = TerraformStack(app, "guardrails")
    AwsProvider(stack, "aws", region="us-east-1")
    model = sagemaker.Model.from_model_name(stack, "Model", "existing-model")
    config = sagemaker.EndpointConfig(
        stack,
        "Config",
        instance_production_variants=[
            sagemaker.InstanceProductionVariantProps(
                model=model,
                variant_name="main",
                initial_instance_count=4,
                instance_type=sagemaker.InstanceType.M5_LARGE,
            )
        ],
    )
    alarm = sagemaker.Metric(
        "AWS/SageMaker",
        "Invocation5XXErrors",
        statistic="Sum",
        dimensions_map={"EndpointName": "orders", "VariantName": "main"},
    ).create_alarm(stack, "Errors", alarm_name="orders-5xx", threshold=1, evaluation_periods=1)
    endpoint = sagemaker.Endpoint(
        stack,
        "Endpoint",
        endpoint_config=config,
        endpoint_name="orders",
        deployment=sagemaker.DeploymentPolicy.rolling(
            maximum_batch_size=sagemaker.Capacity.instances(1),
            wait_interval=timedelta(minutes=5),
            maximum_execution_timeout=timedelta(hours=1),
            rollback_alarms=[alarm],
        ),
    )
    endpoint.resource.add_override(
        "deployment_config.0.rolling_update_policy.0.rollback_maximum_batch_size",
        [{"type": "CAPACITY_PERCENT", "value": 100}],
    )

    changes = planned_resources(offline_terraform.plan(synth_to_dir(app, stack)))
    (change,) = [c for c in changes.values() if c["type"] == "aws_sagemaker_endpoint"]
    (deployment,) = change["change"]["after"]["deployment_config"]
    assert deployment["blue_green_update_policy"] == []
    (rolling,) = deployment["rolling_update_policy"]
    assert rolling["maximum_batch_size"] == [{"type": "INSTANCE_COUNT", "value": 1}]
    assert rolling["rollback_maximum_batch_size"] == [{"type": "CAPACITY_PERCENT", "value": 100}]  # the override
    assert (rolling["wait_interval_in_seconds"], rolling["maximum_execution_timeout_in_seconds"]) == (300, 3600)
    assert deployment["auto_rollback_configuration"] == [{"alarms": [{"alarm_name": "orders-5xx"}]}]
    assert {c["type"] for c in changes.values()} == {
        "aws_sagemaker_endpoint",
        "aws_sagemaker_endpoint_configuration",
        "aws_cloudwatch_metric_alarm",
    }
