"""One test per case that synthesized but AWS refuses, or whose check could be switched off or crash the kernel:
each is now a ``sagemaker_tf.ValidationError`` naming the prop and the rule, and the process stays usable."""

from __future__ import annotations

import math
from datetime import timedelta
from typing import Any

import pytest
from constructs import Construct

import sagemaker_tf as sagemaker
from sagemaker_tf import _instance_facts
from sagemaker_tf._runtime.framework import Testing as CdktfTesting
from tests.helpers import make_stack, synth
from tests.helpers.apps import assert_good_app_synthesizes, endpoint, model

KEY = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
NVME_TYPES = sorted(name for name, facts in _instance_facts.FACTS.items() if facts.local_nvme_storage)
CPU_TYPES = sorted(name for name, facts in _instance_facts.FACTS.items() if facts.accelerator == "none")


def variant(stack: Any, **kwargs: Any) -> sagemaker.InstanceProductionVariantProps:
    return sagemaker.InstanceProductionVariantProps(model=model(stack), variant_name="main", **kwargs)


# --- accepted here, rejected by AWS ------------------------------------------------------------------------------


def test_a_kms_key_on_a_config_with_a_local_nvme_variant_is_refused_at_synth():
    stack = make_stack()
    sagemaker.EndpointConfig(
        stack, "Config", instance_production_variants=[variant(stack, instance_type="ml.g5.xlarge")], encryption_key=KEY
    )
    with pytest.raises(sagemaker.ValidationError) as caught:
        synth(stack)
    assert "[Stack/Config] encryption_key cannot be used: variant 'main' runs on ml.g5.xlarge" in str(caught.value)
    assert "local NVMe instance storage" in str(caught.value)


def test_a_kms_key_on_an_ebs_variant_synthesizes():
    stack = make_stack()
    sagemaker.EndpointConfig(
        stack, "Config", instance_production_variants=[variant(stack, instance_type="ml.m5.large")], encryption_key=KEY
    )
    config = next(iter(synth(stack)["resource"]["aws_sagemaker_endpoint_configuration"].values()))
    assert config["kms_key_arn"] == KEY


@pytest.mark.parametrize("instance_type", NVME_TYPES)
def test_volume_size_is_refused_on_every_local_nvme_type(instance_type):
    stack = make_stack()
    with pytest.raises(sagemaker.ValidationError, match=r"volume_size_in_gb cannot be set on .*local NVMe"):
        sagemaker.EndpointConfig(
            stack,
            "Config",
            instance_production_variants=[variant(stack, instance_type=instance_type, volume_size_in_gb=100)],
        )


def test_the_families_the_old_list_missed_are_in_the_nvme_set():
    for name in ("ml.g6e.xlarge", "ml.p5.48xlarge", "ml.m5d.large", "ml.g5.xlarge", "ml.g4dn.xlarge"):
        assert name in NVME_TYPES, name
    assert "ml.m5.large" not in NVME_TYPES


@pytest.mark.parametrize("instance_type", CPU_TYPES[::7])
def test_a_gpu_inference_ami_on_a_cpu_instance_is_refused(instance_type):
    stack = make_stack()
    props = variant(stack, instance_type=instance_type, inference_ami_version="al2-ami-sagemaker-inference-gpu-2")
    with pytest.raises(sagemaker.ValidationError, match=r"inference_ami_version .* is a GPU AMI, but .* has no NVIDIA"):
        sagemaker.EndpointConfig(stack, "Config", instance_production_variants=[props])


def test_a_neuron_ami_on_a_gpu_instance_is_refused_and_on_inferentia_accepted():
    stack = make_stack()
    ami = "al2-ami-sagemaker-inference-neuron-2"
    with pytest.raises(sagemaker.ValidationError, match="is a Neuron AMI"):
        sagemaker.EndpointConfig(
            stack,
            "Config",
            instance_production_variants=[variant(stack, instance_type="ml.g5.xlarge", inference_ami_version=ami)],
        )
    other = make_stack()
    sagemaker.EndpointConfig(
        other,
        "Config",
        instance_production_variants=[variant(other, instance_type="ml.inf2.xlarge", inference_ami_version=ami)],
    )


def test_capacity_instances_beyond_the_aws_integer_is_refused():
    with pytest.raises(sagemaker.ValidationError, match=r"Capacity.instances: count must be at most 2147483647"):
        sagemaker.Capacity.instances(10**30)


@pytest.mark.parametrize("size", [sagemaker.Capacity.instances(1), sagemaker.Capacity.percent(25)])
def test_a_canary_on_a_one_instance_variant_is_refused_as_a_count_or_a_percentage(size):
    stack = make_stack()
    routing = sagemaker.TrafficRouting.canary(size, wait=timedelta(0))
    endpoint(stack, count=1, deployment=sagemaker.DeploymentPolicy.blue_green(traffic_routing=routing))
    with pytest.raises(sagemaker.ValidationError, match=r"canary size must be at most 50% of variant 'main'"):
        synth(stack)


def test_a_percentage_canary_within_half_the_fleet_synthesizes():
    stack = make_stack()
    routing = sagemaker.TrafficRouting.canary(sagemaker.Capacity.percent(25), wait=timedelta(0))
    endpoint(stack, count=4, deployment=sagemaker.DeploymentPolicy.blue_green(traffic_routing=routing))
    assert synth(stack)["resource"]["aws_sagemaker_endpoint"]


def test_min_capacity_above_max_capacity_is_reported_as_min_greater_than_max():
    stack = make_stack()
    variant_ = endpoint(stack, count=3).find_instance_production_variant("main")
    with pytest.raises(sagemaker.ValidationError) as caught:
        variant_.auto_scale_instance_count(min_capacity=5, max_capacity=2)
    assert "min_capacity must be less than or equal to max_capacity (got 5 > 2)" in str(caught.value)


def test_a_graviton_variant_with_an_amd64_asset_image_is_refused(tmp_path):
    (tmp_path / "Dockerfile").write_text("FROM scratch\n")
    stack = make_stack()
    image = sagemaker.ContainerImage.from_asset(str(tmp_path))
    m = sagemaker.Model(stack, "Model", containers=[sagemaker.ContainerDefinition(image=image)])
    props = sagemaker.InstanceProductionVariantProps(model=m, variant_name="main", instance_type="ml.c7g.xlarge")
    sagemaker.EndpointConfig(stack, "Config", instance_production_variants=[props])
    with pytest.raises(
        sagemaker.ValidationError, match=r"ml.c7g.xlarge \(arm64, Graviton\), but its model has an image"
    ):
        synth(stack)


# --- checks that could be switched off or crash --------------------------------------------------------------------


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
@pytest.mark.parametrize(
    "entry",
    ["scale_on_backlog", "scale_on_invocations", "alarm threshold", "ScalingInterval lower", "ScalingInterval upper"],
)
def test_a_non_finite_number_is_refused_and_the_kernel_survives(entry, bad):
    stack = make_stack()
    with pytest.raises(sagemaker.ValidationError, match="must be a finite number"):
        if entry == "scale_on_backlog":
            count = endpoint(stack, async_=True).find_instance_production_variant("main")
            count.auto_scale_instance_count(max_capacity=2).scale_on_backlog("B", target_backlog_per_instance=bad)
        elif entry == "scale_on_invocations":
            count = endpoint(stack).find_instance_production_variant("main").auto_scale_instance_count(max_capacity=3)
            count.scale_on_invocations("R", max_requests_per_second=bad)
        elif entry == "alarm threshold":
            sagemaker.Metric("AWS/SageMaker", "Invocations").create_alarm(
                stack, "A", threshold=bad, evaluation_periods=1
            )
        else:
            sagemaker.ScalingInterval(**{entry.split()[1]: bad, "change": 1})
    assert_good_app_synthesizes()


SLASH_CASES = {
    "empty config": (lambda s: sagemaker.EndpointConfig(s, "a/b"), "Must configure at least 1 production variant"),
    "model without containers": (lambda s: sagemaker.Model(s, "a/b"), "Must configure at least 1 container"),
}


def _eleven(stack: Any) -> None:
    config = sagemaker.EndpointConfig(stack, "a/b")
    m = model(stack)
    for i in range(11):
        config.add_instance_production_variant(sagemaker.InstanceProductionVariantProps(model=m, variant_name=f"v{i}"))


def _canary(stack: Any) -> None:
    props = variant(stack)
    config = sagemaker.EndpointConfig(stack, "Config", instance_production_variants=[props])
    routing = sagemaker.TrafficRouting.canary(sagemaker.Capacity.instances(1), wait=timedelta(0))
    sagemaker.Endpoint(
        stack, "a/b", endpoint_config=config, deployment=sagemaker.DeploymentPolicy.blue_green(traffic_routing=routing)
    )


SLASH_CASES["eleven variants"] = (_eleven, "Can't have more than 10 production variants")
SLASH_CASES["too-large canary"] = (_canary, "canary size must be at most 50%")


@pytest.mark.parametrize("case", sorted(SLASH_CASES))
def test_an_id_with_a_slash_keeps_the_synth_time_check_at_the_real_path(case):
    build, message = SLASH_CASES[case]
    stack = make_stack()
    build(stack)
    with pytest.raises(sagemaker.ValidationError) as caught:
        synth(stack)
    assert f"[Stack/a--b] {message}" in str(caught.value)


NEWLINE_CASES = {
    "model name": lambda s: sagemaker.Model(s, "M", model_name="name\n", containers=[]),
    "hostname": lambda s: sagemaker.ContainerDefinition(
        image=sagemaker.ContainerImage.from_dlc("r", "t"), container_hostname="web\n"
    ),
    "environment key": lambda s: sagemaker.Model(
        s,
        "M",
        containers=[
            sagemaker.ContainerDefinition(image=sagemaker.ContainerImage.from_dlc("r", "t"), environment={"KEY\n": "v"})
        ],
    ),
    "s3 uri": lambda s: sagemaker.S3Location.from_uri("s3://bucket/prefix\n"),
    "model arn": lambda s: sagemaker.Model.from_model_arn(s, "M", "arn:aws:sagemaker:us-east-1:123456789012:model/m\n"),
    "endpoint arn": lambda s: sagemaker.Endpoint.from_endpoint_arn(
        s, "E", "arn:aws:sagemaker:us-east-1:123456789012:endpoint/e\n"
    ),
    "kms key arn": lambda s: sagemaker.EndpointConfig(
        s, "C", instance_production_variants=[variant(s)], encryption_key=KEY + "\n"
    ),
    "content type": lambda s: sagemaker.DataCaptureConfig(
        destination=sagemaker.S3Location.from_uri("s3://bucket/c"), json_content_types=["application/json\n"]
    ),
    "unchecked instance type": lambda s: sagemaker.InstanceType.of("ml.x9.large\n", unchecked=True),
    "variant name": lambda s: sagemaker.EndpointConfig(
        s,
        "C",
        instance_production_variants=[sagemaker.InstanceProductionVariantProps(model=model(s), variant_name="v\n")],
    ),
    "endpoint config name": lambda s: sagemaker.EndpointConfig(
        s, "C", instance_production_variants=[variant(s)], endpoint_config_name="c\n"
    ),
}


@pytest.mark.parametrize("case", sorted(NEWLINE_CASES))
def test_a_trailing_newline_is_refused(case):
    with pytest.raises(sagemaker.ValidationError):
        NEWLINE_CASES[case](make_stack())


def test_whole_app_checks_arrive_as_one_validation_error_listing_every_problem():
    stack = make_stack()
    sagemaker.EndpointConfig(stack, "Empty")
    sagemaker.Model(stack, "Bare")
    app = stack.node.root
    for run in (
        app.synth,
        lambda: CdktfTesting.synth(stack, run_validations=True),
        lambda: CdktfTesting.full_synth(stack),
    ):
        with pytest.raises(sagemaker.ValidationError) as caught:
            run()
        text = str(caught.value)
        assert "[Stack/Empty] Must configure at least 1 production variant" in text
        assert "[Stack/Bare] Must configure at least 1 container for model" in text
        assert "at Object." not in text and "node:internal" not in text
    assert_good_app_synthesizes()


def test_testing_synth_without_validations_still_synthesizes():
    stack = make_stack()
    sagemaker.EndpointConfig(stack, "Empty")
    assert CdktfTesting.synth(stack)


def test_a_construct_tree_with_plain_constructs_keeps_paths():
    stack = make_stack()
    scope = Construct(stack, "x/y")
    sagemaker.EndpointConfig(scope, "c/d")
    with pytest.raises(sagemaker.ValidationError, match=r"\[Stack/x--y/c--d\] Must configure"):
        synth(stack)
