"""What the tests share: stacks to build in, readers of synthesized JSON, the example apps, and small builders.

Test modules import from here (and from ``tests.helpers.families`` and ``tests.helpers.refcheck``), never from
each other; fixtures live in the ``conftest.py`` files.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from constructs import Construct

import sagemaker_tf as sagemaker
from sagemaker_tf._runtime.framework import (
    App,
    AwsProvider,
    DefaultTokenResolver,
    EcrRepository,
    SagemakerEndpoint,
    StringConcat,
    TerraformStack,
    Testing,
    Tokenization,
)

# --- stacks and synthesized JSON ---------------------------------------------------------------------------------


def make_stack(region: str | None = "us-east-1", name: str = "Stack") -> TerraformStack:
    """A fresh app + stack with a default AWS provider (its region unset, so unknown at synth, when None)."""
    app = Testing.app()
    stack = TerraformStack(app, name)
    AwsProvider(stack, "aws", region=region)
    return stack


def two_stacks(
    origin_region: str,
    destination_region: str,
    origin_accounts: list[str] | None = None,
    destination_accounts: list[str] | None = None,
) -> tuple[TerraformStack, TerraformStack]:
    """Two stacks of one app, each with a default AWS provider in its own region (and optional account)."""
    app = Testing.app()
    origin = TerraformStack(app, "OriginStack")
    AwsProvider(origin, "aws", region=origin_region, allowed_account_ids=origin_accounts)
    destination = TerraformStack(app, "DestinationStack")
    AwsProvider(destination, "aws", region=destination_region, allowed_account_ids=destination_accounts)
    return origin, destination


def synth(stack: TerraformStack) -> dict[str, Any]:
    """Synthesize ``stack`` with validations and parse the JSON."""
    return json.loads(Testing.synth(stack, run_validations=True))


def resources(doc: dict[str, Any], tf_type: str) -> list[dict[str, Any]]:
    """All resources of ``tf_type`` in a synthesized document."""
    return list(doc.get("resource", {}).get(tf_type, {}).values())


def resource_names(doc: dict[str, Any], tf_type: str) -> list[str]:
    """The logical names of ``tf_type`` resources."""
    return list(doc.get("resource", {}).get(tf_type, {}).keys())


def only(doc: dict[str, Any], tf_type: str) -> dict[str, Any]:
    """The single resource of ``tf_type``; fails when there is not exactly one."""
    found = resources(doc, tf_type)
    assert len(found) == 1, f"expected one {tf_type}, found {len(found)}"
    return found[0]


def data_sources(doc: dict[str, Any], tf_type: str) -> list[dict[str, Any]]:
    """All data sources of ``tf_type``."""
    return list(doc.get("data", {}).get(tf_type, {}).values())


def address(doc: dict[str, Any], tf_type: str, index: int = 0, kind: str = "resource") -> str:
    """The Terraform address ``type.name`` of the index-th block of ``tf_type``."""
    return f"{tf_type}.{list(doc[kind][tf_type].keys())[index]}"


def synth_to_dir(app: App, stack: TerraformStack) -> Path:
    """Synthesize ``app`` and return the folder of ``stack`` (``<outdir>/stacks/<name>``)."""
    app.synth()
    return Path(app.outdir) / "stacks" / stack.node.id


# --- the example apps --------------------------------------------------------------------------------------------

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted(p.parent.name for p in (ROOT / "examples").glob("*/main.py"))
_loaded: dict[str, ModuleType] = {}


def load_example(name: str) -> ModuleType:
    """Import ``examples/<name>/main.py`` by path, once per process."""
    if name not in _loaded:
        spec = importlib.util.spec_from_file_location(
            f"_sagemaker_tf_example_{name}", ROOT / "examples" / name / "main.py"
        )
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module
        spec.loader.exec_module(module)
        assert callable(getattr(module, "build", None)), f"examples/{name}/main.py must define build(app)"
        _loaded[name] = module
    return _loaded[name]


def synth_example(name: str) -> str:
    """The example's stack JSON, synthesized with validations."""
    stack = load_example(name).build(Testing.app())
    return Testing.synth(stack, run_validations=True)


CONFIG = "aws_sagemaker_endpoint_configuration"
KEY_ARN = "arn:aws:kms:us-east-1:111111111111:key/k-1"
TOPIC_ARN = "arn:aws:sns:us-east-1:111111111111:errors"


# --- builders ----------------------------------------------------------------------------------------------------


def ecr_repository(stack: TerraformStack) -> EcrRepository:
    """The stack's one ECR repository ``Repo`` (named ``repo``), made on first use."""
    found = stack.node.try_find_child("Repo")
    return found if found is not None else EcrRepository(stack, "Repo", name="repo")  # type: ignore[return-value]


def ecr_model(stack: TerraformStack, id: str = "Model", tag: str | None = "v1", **kwargs: Any) -> sagemaker.Model:
    """A one-container model on an image of the stack's ECR repository (``tag`` None: the image's default tag)."""
    repo = ecr_repository(stack)
    image = (
        sagemaker.ContainerImage.from_ecr_repository(repo)
        if tag is None
        else sagemaker.ContainerImage.from_ecr_repository(repo, tag)
    )
    return sagemaker.Model(stack, id, containers=[sagemaker.ContainerDefinition(image=image)], **kwargs)


def instance_variant(
    m: sagemaker.IModel, name: str = "main", **kwargs: Any
) -> sagemaker.InstanceProductionVariantProps:
    """Instance variant props for model ``m``."""
    return sagemaker.InstanceProductionVariantProps(model=m, variant_name=name, **kwargs)


def resolve_tokens(stack: TerraformStack, value: str) -> str:
    """``value`` with its tokens resolved as the synthesized JSON shows them."""
    return Tokenization.resolve(value, scope=stack, resolver=DefaultTokenResolver(StringConcat()))


def grant_statements(doc: dict[str, Any], index: int = 0) -> list[dict[str, Any]]:
    """The statements of the index-th grants policy."""
    return json.loads(resources(doc, "aws_iam_role_policy")[index]["policy"])["Statement"]


def grants_on(doc: dict[str, Any], resource: str, index: int = 0) -> list[str]:
    """Every action the index-th grants policy allows on ``resource``."""
    return [a for s in grant_statements(doc, index) if resource in s["Resource"] for a in s["Action"]]


def ecr_container(stack: TerraformStack, tag: str = "v1") -> sagemaker.ContainerDefinition:
    repo = stack.node.try_find_child("Repo") or EcrRepository(stack, "Repo", name="repo")
    return sagemaker.ContainerDefinition(image=sagemaker.ContainerImage.from_ecr_repository(repo, tag))


def hosting(stack: TerraformStack) -> tuple[sagemaker.Model, sagemaker.EndpointConfig]:
    model = sagemaker.Model(stack, "Model", containers=[ecr_container(stack)])
    config = sagemaker.EndpointConfig(
        stack,
        "EndpointConfig",
        instance_production_variants=[
            sagemaker.InstanceProductionVariantProps(model=model, variant_name="main"),
            sagemaker.InstanceProductionVariantProps(model=model, variant_name="second"),
        ],
    )
    return model, config


# --- stand-ins for an endpoint and its variant (scaling and metrics tests that need no real EndpointConfig) -------


class FakeEndpoint(Construct):
    """A stand-in for sagemaker_tf.Endpoint: a construct holding a real aws_sagemaker_endpoint."""

    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        self.resource = SagemakerEndpoint(self, "Endpoint", endpoint_config_name="config")
        self.endpoint_name = self.resource.name


@dataclass
class FakeVariant:
    endpoint: Any
    variant_name: str = "variant"
    initial_instance_count: int = 1
    instance_type: str = "ml.m5.large"


def fake_variant(stack: TerraformStack) -> FakeVariant:
    return FakeVariant(endpoint=FakeEndpoint(stack, "Endpoint"))


def synth_example_dir(name: str, outdir: Path) -> Path:
    """Synthesize ``examples/<name>`` into ``outdir`` (a cdktf.out); returns ``outdir``."""
    outdir.mkdir(parents=True, exist_ok=True)
    app = App(outdir=str(outdir))
    load_example(name).build(app)
    app.synth()
    return outdir
