"""Scale to zero on asynchronous endpoints: min_capacity=0, scale_on_backlog (AWS's recipe), the endpoint backlog
metrics, the refusals on real-time endpoints, and the #48990 reset warning (cdktf Annotations)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

import sagemaker_tf as sagemaker
from sagemaker_tf._runtime.framework import S3Bucket, TerraformStack
from sagemaker_tf.scaling import RESET_WARNING
from tests.helpers import only, resource_names, resources, synth

TARGET = "aws_appautoscaling_target"
POLICY = "aws_appautoscaling_policy"
ALARM = "aws_cloudwatch_metric_alarm"
NOT_ASYNC = (
    "is only possible on an asynchronous endpoint (an EndpointConfig with async_inference); "
    "endpoint Stack/Endpoint serves a real-time config"
)


def endpoint(stack: TerraformStack, *, asynchronous: bool = True, count: int = 1) -> sagemaker.Endpoint:
    model = sagemaker.Model.from_model_name(stack, "Model", "model")
    async_config = None
    if asynchronous:
        bucket = S3Bucket(stack, "Bucket", bucket_prefix="async-")
        async_config = sagemaker.AsyncInferenceConfig(output_path=sagemaker.S3Location.from_bucket(bucket, "out/"))
    config = sagemaker.EndpointConfig(
        stack,
        "EndpointConfig",
        async_inference=async_config,
        instance_production_variants=[
            sagemaker.InstanceProductionVariantProps(
                model=model,
                variant_name="main",
                instance_type=sagemaker.InstanceType.G5_XLARGE,
                initial_instance_count=count,
            )
        ],
    )
    return sagemaker.Endpoint(stack, "Endpoint", endpoint_config=config)


def variant(stack: TerraformStack, **kwargs: Any) -> sagemaker.InstanceProductionVariant:
    return endpoint(stack, **kwargs).find_instance_production_variant("main")


def endpoint_name_ref(doc: dict[str, Any]) -> str:
    return "${{aws_sagemaker_endpoint.{}.name}}".format(resource_names(doc, "aws_sagemaker_endpoint")[0])


def failure(build) -> str:
    with pytest.raises(sagemaker.ValidationError) as err:
        build()
    return str(err.value)


def warnings_of(construct: Any) -> list[str]:
    return [entry.data for entry in construct.node.metadata if entry.type == "@cdktf/warn"]


# --- min_capacity = 0 ------------------------------------------------------------------------------------------


def test_an_async_variant_can_scale_to_zero(stack):
    variant(stack).auto_scale_instance_count(min_capacity=0, max_capacity=4)
    target = only(synth(stack), TARGET)
    assert (target["min_capacity"], target["max_capacity"]) == (0, 4)


def test_scale_to_zero_on_a_real_time_endpoint_fails_with_a_clear_message(stack):
    real_time = variant(stack, asynchronous=False)
    assert failure(lambda: real_time.auto_scale_instance_count(min_capacity=0, max_capacity=4)) == (
        f"Stack/Endpoint/InstanceCount-main: min_capacity=0 (scale to zero) {NOT_ASYNC}"
    )
    assert stack.node.find_child("Endpoint").node.try_find_child("InstanceCount-main") is None


def test_a_scheduled_minimum_of_zero_is_refused_on_a_real_time_endpoint(stack):
    count = variant(stack, asynchronous=False).auto_scale_instance_count(max_capacity=4)
    assert failure(lambda: count.scale_on_schedule("Night", schedule="cron(0 22 * * ? *)", min_capacity=0)) == (
        f"Stack/Endpoint/InstanceCount-main/Night: min_capacity=0 (scale to zero) {NOT_ASYNC}"
    )
    assert failure(lambda: count.scale_on_schedule("Off", schedule="cron(0 22 * * ? *)", max_capacity=0)) == (
        f"Stack/Endpoint/InstanceCount-main/Off: max_capacity=0 (scale to zero) {NOT_ASYNC}"
    )


def test_a_scheduled_minimum_of_zero_is_fine_on_an_async_endpoint(stack):
    count = variant(stack).auto_scale_instance_count(max_capacity=4)
    count.scale_on_schedule("Night", schedule="cron(0 22 * * ? *)", min_capacity=0, max_capacity=0)
    action = only(synth(stack), "aws_appautoscaling_scheduled_action")
    assert action["scalable_target_action"] == {"min_capacity": "0", "max_capacity": "0"}


def test_a_negative_minimum_is_refused(stack):
    assert failure(lambda: variant(stack).auto_scale_instance_count(min_capacity=-1, max_capacity=4)) == (
        "Stack/Endpoint/InstanceCount-main: min_capacity must be at least 0 (got -1)"
    )


# --- scale_on_backlog ------------------------------------------------------------------------------------------


def test_scale_on_backlog_from_zero_follows_the_aws_recipe(stack):
    count = variant(stack).auto_scale_instance_count(min_capacity=0, max_capacity=4)
    assert count.scale_on_backlog("Backlog", target_backlog_per_instance=5) is None
    doc = synth(stack)
    endpoint_name = endpoint_name_ref(doc)
    policies = {p["policy_type"]: p for p in resources(doc, POLICY)}
    assert set(policies) == {"TargetTrackingScaling", "StepScaling"}
    tracking = policies["TargetTrackingScaling"]["target_tracking_scaling_policy_configuration"]
    assert tracking == {
        "target_value": 5,
        "customized_metric_specification": {
            "namespace": "AWS/SageMaker",
            "metric_name": "ApproximateBacklogSizePerInstance",
            "statistic": "Average",
            "dimensions": [{"name": "EndpointName", "value": endpoint_name}],
        },
    }
    assert policies["StepScaling"]["step_scaling_policy_configuration"] == {
        "adjustment_type": "ChangeInCapacity",
        "metric_aggregation_type": "Average",
        "cooldown": 300,
        "step_adjustment": [{"metric_interval_lower_bound": "0", "scaling_adjustment": 1}],
    }
    step_name = next(n for n, p in doc["resource"][POLICY].items() if p["policy_type"] == "StepScaling")
    alarm = only(doc, ALARM)
    assert {k: v for k, v in alarm.items() if k not in ("alarm_name", "alarm_description")} == {
        "namespace": "AWS/SageMaker",
        "metric_name": "HasBacklogWithoutCapacity",
        "dimensions": {"EndpointName": endpoint_name},
        "statistic": "Average",
        "period": 60,
        "evaluation_periods": 2,
        "datapoints_to_alarm": 2,
        "threshold": 1,
        "comparison_operator": "GreaterThanOrEqualToThreshold",
        "treat_missing_data": "missing",
        "alarm_actions": [f"${{aws_appautoscaling_policy.{step_name}.arn}}"],
    }
    target = resource_names(doc, TARGET)[0]
    for policy in resources(doc, POLICY):  # both act on the registered target (created after it)
        assert policy["resource_id"] == f"${{aws_appautoscaling_target.{target}.resource_id}}"


def test_scale_on_backlog_above_zero_adds_only_target_tracking(stack):
    count = variant(stack, count=2).auto_scale_instance_count(min_capacity=1, max_capacity=4)
    count.scale_on_backlog(
        "Backlog",
        target_backlog_per_instance=2.5,
        scale_in_cooldown=timedelta(minutes=10),
        scale_out_cooldown=timedelta(minutes=1),
    )
    doc = synth(stack)
    tracking = only(doc, POLICY)["target_tracking_scaling_policy_configuration"]
    assert (tracking["target_value"], tracking["scale_in_cooldown"], tracking["scale_out_cooldown"]) == (2.5, 600, 60)
    assert ALARM not in doc["resource"]


def test_the_scale_out_cooldown_also_paces_the_step_policy(stack):
    count = variant(stack).auto_scale_instance_count(min_capacity=0, max_capacity=4)
    count.scale_on_backlog("Backlog", target_backlog_per_instance=5, scale_out_cooldown=timedelta(minutes=2))
    step = next(p for p in resources(synth(stack), POLICY) if p["policy_type"] == "StepScaling")
    assert step["step_scaling_policy_configuration"]["cooldown"] == 120


def test_backlog_policy_exposes_its_parts(stack):
    count = variant(stack).auto_scale_instance_count(min_capacity=0, max_capacity=4)
    count.scale_on_backlog("Backlog", target_backlog_per_instance=5)
    policy = count.node.find_child("Backlog")
    assert policy.tracking_policy is not None and policy.scale_out_policy is not None
    policy.scale_out_alarm.add_ok_action("arn:aws:sns:us-east-1:111111111111:ops")
    assert only(synth(stack), ALARM)["ok_actions"] == ["arn:aws:sns:us-east-1:111111111111:ops"]


@pytest.mark.parametrize(
    "target, message",
    [
        (0, "target_backlog_per_instance must be greater than 0 (got 0)"),
        (-1.5, "target_backlog_per_instance must be greater than 0 (got -1.5)"),
        ("5", "target_backlog_per_instance must be a number (got str: 5)"),
    ],
)
def test_scale_on_backlog_checks_its_target(stack, target, message):
    count = variant(stack).auto_scale_instance_count(min_capacity=0, max_capacity=4)
    assert failure(lambda: count.scale_on_backlog("Backlog", target_backlog_per_instance=target)) == (
        f"Stack/Endpoint/InstanceCount-main/Backlog: {message}"
    )
    assert count.node.try_find_child("Backlog") is None


def test_scale_on_backlog_checks_its_cooldowns(stack):
    count = variant(stack).auto_scale_instance_count(min_capacity=0, max_capacity=4)
    assert failure(
        lambda: count.scale_on_backlog(
            "Backlog", target_backlog_per_instance=5, scale_in_cooldown=timedelta(seconds=-1)
        )
    ) == (
        "Stack/Endpoint/InstanceCount-main/Backlog: scale_in_cooldown must be a non-negative whole number of seconds "
        "(got datetime.timedelta(days=-1, seconds=86399))"
    )


def test_scale_on_backlog_on_a_real_time_endpoint_fails(stack):
    count = variant(stack, asynchronous=False).auto_scale_instance_count(max_capacity=4)
    assert failure(lambda: count.scale_on_backlog("Backlog", target_backlog_per_instance=5)) == (
        f"Stack/Endpoint/InstanceCount-main/Backlog: scale_on_backlog {NOT_ASYNC}"
    )


def test_invocations_scaling_on_an_async_endpoint_fails(stack):
    count = variant(stack).auto_scale_instance_count(max_capacity=4)
    message = (
        "SageMakerVariantInvocationsPerInstance is not published for asynchronous endpoints, so scaling on "
        "it would never trigger; use scale_on_backlog(...) instead"
    )
    assert failure(lambda: count.scale_on_invocations("Rps", max_requests_per_second=10)) == (
        f"Stack/Endpoint/InstanceCount-main/Rps: {message}"
    )
    assert failure(
        lambda: count.scale_to_track_metric(
            "Predefined",
            target_value=100,
            predefined_metric=sagemaker.PredefinedMetric.SAGEMAKER_VARIANT_INVOCATIONS_PER_INSTANCE,
        )
    ) == (f"Stack/Endpoint/InstanceCount-main/Predefined: {message}")
    assert POLICY not in synth(stack)["resource"]


# --- endpoint metrics ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "helper, metric_name",
    [
        ("metric_approximate_backlog_size", "ApproximateBacklogSize"),
        ("metric_approximate_backlog_size_per_instance", "ApproximateBacklogSizePerInstance"),
        ("metric_approximate_age_of_oldest_request", "ApproximateAgeOfOldestRequest"),
        ("metric_has_backlog_without_capacity", "HasBacklogWithoutCapacity"),
    ],
)
def test_endpoint_backlog_metrics(stack, helper, metric_name):
    made = endpoint(stack)
    metric = getattr(made, helper)()
    assert (metric.namespace, metric.metric_name, metric.statistic, metric.period_seconds) == (
        "AWS/SageMaker",
        metric_name,
        "Average",
        300,
    )
    assert metric.dimensions_map == {"EndpointName": made.endpoint_name}
    tuned = getattr(made, helper)(statistic="Maximum", period=timedelta(minutes=1))
    tuned.create_alarm(stack, "Alarm", threshold=10, evaluation_periods=3)
    alarm = only(synth(stack), ALARM)
    assert (alarm["metric_name"], alarm["statistic"], alarm["period"]) == (metric_name, "Maximum", 60)
    assert alarm["dimensions"] == {"EndpointName": endpoint_name_ref(synth(stack))}


def test_an_unknown_metric_option_is_refused(stack):
    made = endpoint(stack)
    assert failure(lambda: made.metric_approximate_backlog_size(colour="red")) == (
        "metric: unknown metric option(s) colour; expected some of dimensions_map, label, period, statistic, unit"
    )


# --- the #48990 reset warning ----------------------------------------------------------------------------------


def test_a_scheduled_minimum_above_the_initial_count_warns_about_the_reset(stack):
    count = variant(stack, asynchronous=False, count=2).auto_scale_instance_count(max_capacity=8)
    count.scale_on_schedule("BusinessHours", schedule="cron(0 8 * * ? *)", min_capacity=4)
    assert warnings_of(count) == [
        f"{RESET_WARNING} Variant 'main': initial_instance_count=2 is below the minimum of 4 (scheduled action "
        "'BusinessHours'); raise initial_instance_count to at least 4."
    ]


def test_no_warning_when_the_initial_count_covers_every_minimum(stack):
    count = variant(stack, asynchronous=False, count=4).auto_scale_instance_count(max_capacity=8)
    count.scale_on_schedule("BusinessHours", schedule="cron(0 8 * * ? *)", min_capacity=4)
    count.scale_on_schedule("Night", schedule="cron(0 22 * * ? *)", max_capacity=4)
    assert warnings_of(count) == []


def test_the_reset_warning_reaches_the_synthesized_manifest(stack, tmp_path):
    import json

    from sagemaker_tf._runtime.framework import App, AwsProvider
    from sagemaker_tf._runtime.framework import TerraformStack as Stack

    app = App(outdir=str(tmp_path))
    own = Stack(app, "Stack")
    AwsProvider(own, "aws", region="us-east-1")
    count = variant(own, asynchronous=False, count=1).auto_scale_instance_count(max_capacity=8)
    count.scale_on_schedule("Peak", schedule="cron(0 8 * * ? *)", min_capacity=3)
    app.synth()
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    annotations = manifest["stacks"]["Stack"]["annotations"]
    assert any(
        a["level"] == "@cdktf/warn" and "initial_instance_count=1 is below the minimum of 3" in a["message"]
        for a in annotations
    )
