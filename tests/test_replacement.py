"""Replacement safety: two versions of the same app must give Terraform a plan that keeps the endpoint serving.

What CloudFormation gives CDK users for free, Terraform needs spelled out:
- the model and the endpoint config carry no fixed name (generated name / ``name_prefix``) and
  ``create_before_destroy``, so a changed one is created first under a new name;
- the endpoint keeps its (Terraform-generated) name and only its ``endpoint_config_name`` *reference* changes,
  which the AWS provider applies in place with UpdateEndpoint;
- every resource keeps its address between versions, so Terraform replaces/updates instead of destroying one
  resource and creating an unrelated one.
"""

from __future__ import annotations

import copy
import importlib.util
import shutil
from pathlib import Path
from typing import Any

import pytest

from sagemaker_tf import ContainerDefinition, ContainerImage, InstanceType, Model
from sagemaker_tf._runtime.framework import App, AwsProvider, EcrRepository, TerraformStack
from sagemaker_tf._runtime.framework import Testing as CdkTesting
from sagemaker_tf.endpoint import Endpoint
from sagemaker_tf.endpoint_config import EndpointConfig, InstanceProductionVariantProps
from tests.helpers import address, only, synth

MODEL = "aws_sagemaker_model"
CONFIG = "aws_sagemaker_endpoint_configuration"
ENDPOINT = "aws_sagemaker_endpoint"


def build(
    stack: TerraformStack,
    *,
    instance_type: InstanceType = InstanceType.M5_LARGE,
    tag: str = "v1",
    config_name: str | None = None,
) -> Endpoint:
    """The app under test: one model, one config with two variants (2:1), one endpoint."""
    repo = EcrRepository(stack, "Repo", name="inference")
    model = Model(stack, "Model", containers=[ContainerDefinition(image=ContainerImage.from_ecr_repository(repo, tag))])
    config = EndpointConfig(
        stack,
        "EndpointConfig",
        endpoint_config_name=config_name,
        instance_production_variants=[
            InstanceProductionVariantProps(
                model=model, variant_name="modelA", instance_type=instance_type, initial_variant_weight=2.0
            ),
            InstanceProductionVariantProps(
                model=model, variant_name="variantB", instance_type=InstanceType.M5_LARGE, initial_variant_weight=1.0
            ),
        ],
    )
    return Endpoint(stack, "Endpoint", endpoint_config=config)


def app_version(**kwargs: Any) -> dict[str, Any]:
    """Synthesize one version of the app in a fresh App (same stack name, as a redeploy would)."""
    app = CdkTesting.app()
    stack = TerraformStack(app, "Stack")
    AwsProvider(stack, "aws", region="us-east-1")
    build(stack, **kwargs)
    return synth(stack)


def addresses(doc: dict[str, Any]) -> set[str]:
    return {f"{t}.{name}" for t, blocks in doc.get("resource", {}).items() for name in blocks}


def without_metadata(doc: dict[str, Any]) -> dict[str, Any]:
    doc = copy.deepcopy(doc)
    for blocks in doc.get("resource", {}).values():
        for block in blocks.values():
            block.pop("//", None)
    doc.pop("//", None)
    return doc


def test_changed_instance_type_replaces_only_the_config_and_keeps_the_endpoint():
    before, after = app_version(instance_type=InstanceType.M5_LARGE), app_version(instance_type=InstanceType.C5_XLARGE)

    # Same resources at the same addresses: Terraform plans changes, not unrelated destroy/create pairs.
    assert addresses(before) == addresses(after)

    # The config: no fixed name, a stable prefix, create_before_destroy. Its variant changes (ForceNew in the
    # provider), so Terraform creates the new config under a fresh generated name before deleting the old one.
    config_before, config_after = only(before, CONFIG), only(after, CONFIG)
    for config in (config_before, config_after):
        assert "name" not in config
        assert config["lifecycle"] == {"create_before_destroy": True}
    assert config_before["name_prefix"] == config_after["name_prefix"]
    types = [[v["instance_type"] for v in c["production_variants"]] for c in (config_before, config_after)]
    assert types == [["ml.m5.large", "ml.m5.large"], ["ml.c5.xlarge", "ml.m5.large"]]

    # The endpoint: identical configuration in both versions. Its name is generated once by Terraform and kept;
    # its endpoint_config_name references the config's *name attribute*, so the new config's name reaches it as
    # an in-place update (UpdateEndpoint), never a replacement.
    endpoint_before, endpoint_after = only(before, ENDPOINT), only(after, ENDPOINT)
    assert endpoint_before == endpoint_after
    assert "name" not in endpoint_before and "lifecycle" not in endpoint_before
    assert endpoint_before["endpoint_config_name"] == f"${{{address(before, CONFIG)}.name}}"

    # Nothing else changed: the diff is exactly the one variant's instance type.
    patched = without_metadata(before)
    next(iter(patched["resource"][CONFIG].values()))["production_variants"][0]["instance_type"] = "ml.c5.xlarge"
    assert patched == without_metadata(after)


def test_changed_model_rolls_model_and_config_while_the_endpoint_keeps_serving():
    before, after = app_version(tag="v1"), app_version(tag="v2")
    assert addresses(before) == addresses(after)

    # The model is replaced create-before-destroy under a new generated name ...
    model_before, model_after = only(before, MODEL), only(after, MODEL)
    assert model_before["primary_container"] != model_after["primary_container"]
    for model in (model_before, model_after):
        assert "name" not in model and model["lifecycle"] == {"create_before_destroy": True}

    # ... which the config picks up through a reference (so the config is replaced too, create-before-destroy) ...
    model_name_ref = f"${{{address(before, MODEL)}.name}}"
    for doc in (before, after):
        config = only(doc, CONFIG)
        assert [v["model_name"] for v in config["production_variants"]] == [model_name_ref, model_name_ref]
        assert config["lifecycle"] == {"create_before_destroy": True} and "name" not in config

    # ... and the endpoint is untouched in configuration: only the referenced config name changes at apply.
    assert only(before, ENDPOINT) == only(after, ENDPOINT)


def test_generated_names_are_stable_across_synths():
    first, second = app_version(), app_version()
    assert only(first, CONFIG)["name_prefix"] == only(second, CONFIG)["name_prefix"]
    assert without_metadata(first) == without_metadata(second)


def test_explicit_config_name_is_honoured_without_create_before_destroy():
    """With an explicit name a changed config must get a new name (documented): SageMaker config names are unique,
    so create-before-destroy under the same name could never succeed, and we do not set it."""
    before = app_version(config_name="my-config-v1")
    after = app_version(config_name="my-config-v2", instance_type=InstanceType.C5_XLARGE)
    assert [only(d, CONFIG)["name"] for d in (before, after)] == ["my-config-v1", "my-config-v2"]
    assert all("lifecycle" not in only(d, CONFIG) and "name_prefix" not in only(d, CONFIG) for d in (before, after))
    assert only(before, ENDPOINT) == only(after, ENDPOINT)


def _offline_skip_reason() -> str | None:
    if shutil.which("terraform") is None:
        return "the terraform CLI is not on PATH"
    if importlib.util.find_spec("tf") is None:
        return "the 'tf' plugin framework is missing (pip install 'sagemaker-tf[test]')"
    return None


def test_both_versions_validate_and_plan_against_the_provider_schema(tmp_path: Path):
    """The lazily rendered blocks (production_variants, lifecycle, name_prefix) are valid for hashicorp/aws 6.25."""
    reason = _offline_skip_reason()
    if reason:
        pytest.skip(reason)
    from sagemaker_tf.testing import OfflineTerraform, planned_resources

    offline = OfflineTerraform(workdir=tmp_path / "offline", providers=("aws",))
    for version, instance_type in (("v1", InstanceType.M5_LARGE), ("v2", InstanceType.C5_XLARGE)):
        app = App(outdir=str(tmp_path / version))
        stack = TerraformStack(app, "Stack")
        AwsProvider(stack, "aws", region="us-east-1")
        build(stack, instance_type=instance_type)
        app.synth()
        plan = offline.plan(Path(app.outdir) / "stacks" / "Stack")
        changes = planned_resources(plan)
        config = next(rc for addr, rc in changes.items() if addr.startswith(f"{CONFIG}."))
        after = config["change"]["after"]
        assert after["name_prefix"].startswith("Stack-EndpointConfig-")
        assert [v["instance_type"] for v in after["production_variants"]] == [str(instance_type), "ml.m5.large"]
        assert [v["initial_variant_weight"] for v in after["production_variants"]] == [2.0, 1.0]
