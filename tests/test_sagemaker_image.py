"""ContainerImage.from_sagemaker_image resolves like sagemaker-core's image registry (from the package's copy of it)."""

from __future__ import annotations

import functools
import json
import sys

import pytest

# The images extra is part of the test extra: a missing install fails here instead of skipping silently.
from sagemaker.core import image_uris

import sagemaker_tf as sagemaker
from sagemaker_tf.container_image import DLC_REPOSITORY_ACCOUNTS
from tests.conftest import make_stack, only, synth

WHERE = "ContainerImage.from_sagemaker_image: "
PARTITION = "${data.aws_partition.SagemakerTfPartition.partition}"
REGION = "${data.aws_region.SagemakerTfRegion.region}"
DNS_SUFFIX = "${data.aws_partition.SagemakerTfPartition.dns_suffix}"


def _model_doc(region: str | None, image: sagemaker.ContainerImage) -> dict:
    stack = make_stack(region)
    sagemaker.Model(stack, "Model", containers=[sagemaker.ContainerDefinition(image=image)])
    return synth(stack)


def _pull_resources(doc: dict) -> list[str]:
    policy = json.loads(only(doc, "aws_iam_role_policy")["policy"])
    (pull,) = [s for s in policy["Statement"] if "ecr:BatchGetImage" in s["Action"]]
    return pull["Resource"]


def _registries(framework: str, scope: str, version: str) -> dict[str, str]:
    return image_uris.config_for_framework(framework)[scope]["versions"][version]["registries"]


@pytest.mark.parametrize("region", ["us-east-1", "eu-west-1", "cn-north-1"])
def test_literal_region_gives_the_registry_uri_and_pull_rights_in_that_account(region):
    doc = _model_doc(region, sagemaker.ContainerImage.from_sagemaker_image("sklearn", "1.2-1"))
    account = _registries("sklearn", "inference", "1.2-1")[region]
    expected = image_uris.retrieve("sklearn", region, version="1.2-1", image_scope="inference")
    assert only(doc, "aws_sagemaker_model")["primary_container"] == [{"image": expected}]
    assert expected.startswith(f"{account}.dkr.ecr.{region}.amazonaws.com")
    assert _pull_resources(doc) == [f"arn:{PARTITION}:ecr:{region}:{account}:repository/sagemaker-scikit-learn"]
    assert "locals" not in doc


def test_the_issue_example_sklearn_in_us_east_1():
    doc = _model_doc("us-east-1", sagemaker.ContainerImage.from_sagemaker_image("sklearn", "1.2-1"))
    assert only(doc, "aws_sagemaker_model")["primary_container"][0]["image"] == (
        "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3"
    )


def test_unknown_region_looks_the_account_up_over_every_registry_region():
    doc = _model_doc(None, sagemaker.ContainerImage.from_sagemaker_image("sklearn", "1.2-1"))
    ((local_name, table),) = doc["locals"].items()
    assert local_name.startswith("SagemakerTfImageAccounts")
    assert table == _registries("sklearn", "inference", "1.2-1")
    account = f"${{local.{local_name}[data.aws_region.SagemakerTfRegion.region]}}"
    image = only(doc, "aws_sagemaker_model")["primary_container"][0]["image"]
    assert image == f"{account}.dkr.ecr.{REGION}.{DNS_SUFFIX}/sagemaker-scikit-learn:1.2-1-cpu-py3"
    assert _pull_resources(doc) == [f"arn:{PARTITION}:ecr:{REGION}:{account}:repository/sagemaker-scikit-learn"]


def test_two_images_with_one_registry_share_one_locals_map():
    stack = make_stack(None)
    image = sagemaker.ContainerImage.from_sagemaker_image("sklearn", "1.2-1")
    other = sagemaker.ContainerImage.from_sagemaker_image("xgboost", "1.7-1")  # same accounts as sklearn
    sagemaker.Model(stack, "A", containers=[sagemaker.ContainerDefinition(image=image)])
    sagemaker.Model(stack, "B", containers=[sagemaker.ContainerDefinition(image=other)])
    assert len(synth(stack)["locals"]) == 1


def test_instance_type_picks_the_processor_variant():
    gpu = sagemaker.ContainerImage.from_sagemaker_image("pytorch", "2.1", instance_type="ml.g5.xlarge")
    cpu = sagemaker.ContainerImage.from_sagemaker_image("pytorch", "2.1", instance_type=sagemaker.InstanceType.M5_LARGE)
    assert only(_model_doc("us-west-2", gpu), "aws_sagemaker_model")["primary_container"][0]["image"] == (
        "763104351884.dkr.ecr.us-west-2.amazonaws.com/pytorch-inference:2.1-gpu-py310"
    )
    assert only(_model_doc("us-west-2", cpu), "aws_sagemaker_model")["primary_container"][0]["image"] == (
        "763104351884.dkr.ecr.us-west-2.amazonaws.com/pytorch-inference:2.1-cpu-py310"
    )


@pytest.mark.parametrize(
    "framework,version,kwargs,repository",
    [
        ("huggingface-llm", "3.3.6", {}, "huggingface-pytorch-tgi-inference"),
        ("djl-lmi", "0.36.0", {}, "djl-inference"),
        ("xgboost", "1.7-1", {}, "sagemaker-xgboost"),
        ("huggingface", "4.49.0", {"instance_type": "ml.g5.xlarge"}, "huggingface-pytorch-inference"),
    ],
)
def test_llm_and_framework_images_resolve_like_sagemaker_core(framework, version, kwargs, repository):
    image = sagemaker.ContainerImage.from_sagemaker_image(framework, version, **kwargs)
    expected_kwargs = dict(kwargs)
    if framework == "huggingface":
        expected_kwargs["base_framework_version"] = "pytorch2.6.0"  # the only base framework of 4.49.0
    expected = image_uris.retrieve(
        framework, "eu-central-1", version=version, image_scope="inference", **expected_kwargs
    )
    assert f"/{repository}:" in expected
    assert only(_model_doc("eu-central-1", image), "aws_sagemaker_model")["primary_container"][0]["image"] == expected


def test_a_region_the_image_lacks_fails_at_construction():
    image = sagemaker.ContainerImage.from_sagemaker_image("sklearn", "1.2-1")
    stack = make_stack("ap-southeast-6")
    with pytest.raises(sagemaker.ValidationError) as caught:
        sagemaker.Model(stack, "Model", containers=[sagemaker.ContainerDefinition(image=image)])
    regions = ", ".join(sorted(_registries("sklearn", "inference", "1.2-1")))
    assert str(caught.value) == (
        f"Stack/Model: sklearn 1.2-1 (inference) has no image in region 'ap-southeast-6' "
        f"(sagemaker-core's registry has it in {regions})"
    )
    assert stack.node.try_find_child("Model") is None


@pytest.mark.parametrize(
    "args,kwargs,message",
    [
        (
            ("sklern", "1.2-1"),
            {},
            "unknown framework 'sklern' in sagemaker-core's image registry. Closest: sklearn, "
            "sparkml-serving, sglang. All names: sagemaker.core.image_uris.list_frameworks()",
        ),
        (
            ("sklearn", "9.9"),
            {},
            "unknown version '9.9' of sklearn (inference). Closest: 1.9-0. "
            "Versions: 0.20.0, 0.23-1, 1.0-1, 1.2-1, 1.9-0, 1.4-2-py312",
        ),
        (
            ("sklearn", "1.2-1"),
            {"image_scope": "serving"},
            "image_scope must be one of inference, inference_graviton, training for framework 'sklearn' "
            "(got 'serving')",
        ),
        (
            ("huggingface-llm", "3.3.6"),
            {"image_scope": "training"},
            "image_scope must be one of inference for framework 'huggingface-llm' (got 'training')",
        ),
        (
            ("pytorch", "2.1"),
            {},
            "instance_type is required for pytorch 2.1 (inference): it has one image per processor "
            "(e.g. instance_type='ml.m5.large' for cpu, 'ml.g5.xlarge' for gpu)",
        ),
        (
            ("pytorch", "2.1"),
            {"instance_type": "ml.g5.xlarge", "py_version": "py27"},
            "sagemaker-core cannot resolve pytorch 2.1 (inference): Unsupported Python version: py27. You may need "
            "to upgrade your SDK version (pip install -U sagemaker) for newer Python versions. Supported Python "
            "version(s): py310.",
        ),
        (("sklearn", "1.2-1"), {"instance_type": "ml.m5.lrage"}, "unknown instance_type 'ml.m5.lrage'"),
        ((5, "1.2-1"), {}, "framework must be a string (got int: 5)"),
    ],
)
def test_bad_input_names_the_rule(args, kwargs, message):
    with pytest.raises(sagemaker.ValidationError) as caught:
        sagemaker.ContainerImage.from_sagemaker_image(*args, **kwargs)
    assert str(caught.value).startswith(WHERE + message)


def test_resolves_without_sagemaker_core(monkeypatch):
    # The registry ships in the package (_image_registry.json), so an app needs no sagemaker-core to resolve it.
    monkeypatch.setitem(sys.modules, "sagemaker", None)
    monkeypatch.setitem(sys.modules, "sagemaker.core", None)
    image = sagemaker.ContainerImage.from_sagemaker_image("xgboost", "1.7-1", py_version="py3")
    assert only(_model_doc("eu-west-1", image), "aws_sagemaker_model")["primary_container"][0]["image"] == (
        "141502667606.dkr.ecr.eu-west-1.amazonaws.com/sagemaker-xgboost:1.7-1"
    )


# --- from_dlc's upstream account table, checked against the same registry -------------------------------------

# The AWS Deep Learning Containers repositories; in each region one account hosts all of them.
DLC_REPOSITORIES = {
    "pytorch-inference",
    "pytorch-training",
    "tensorflow-inference",
    "tensorflow-training",
    "huggingface-pytorch-inference",
    "huggingface-pytorch-training",
    "huggingface-pytorch-tgi-inference",
    "djl-inference",
}


@functools.lru_cache(maxsize=1)
def _dlc_accounts_by_region() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if node.get("repository") in DLC_REPOSITORIES and isinstance(node.get("registries"), dict):
                for region, account in node["registries"].items():
                    found.setdefault(region, set()).add(account)
            for child in node.values():
                walk(child)

    for framework in image_uris.list_frameworks():
        walk(image_uris.config_for_framework(framework))
    return found


def _mismatches(table: dict[str, str]) -> dict[str, tuple[str, list[str]]]:
    """Regions whose account differs from the registry's DLC account there: (ours, registry's)."""
    registry = _dlc_accounts_by_region()
    return {
        region: (account, sorted(registry.get(region, set())))
        for region, account in table.items()
        if registry.get(region) != {account}
    }


def test_every_region_of_the_dlc_table_matches_the_registry():
    assert len(DLC_REPOSITORY_ACCOUNTS) == 32
    assert _mismatches(dict(DLC_REPOSITORY_ACCOUNTS)) == {}


@pytest.mark.parametrize("region", sorted(DLC_REPOSITORY_ACCOUNTS))
def test_the_dlc_check_catches_a_wrong_account_in_any_region(region):
    planted = dict(DLC_REPOSITORY_ACCOUNTS, **{region: "111111111111"})
    assert _mismatches(planted) == {region: ("111111111111", [DLC_REPOSITORY_ACCOUNTS[region]])}
