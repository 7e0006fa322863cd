"""What the property tests share: one ``settings`` profile, plain text without tokens, and the outcome of a build.

Fixed seed (``derandomize``), no example database, bounded example counts: cheap enough for CI.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st

import sagemaker_tf as sagemaker
from sagemaker_tf._runtime.framework import DataAwsEcrRepository, TerraformStack
from sagemaker_tf._runtime.framework import Testing as CdktfTesting
from tests.helpers import make_stack

FUZZ = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
# Plain text without "${": a string holding "${" is a Terraform token and skips the concrete checks.
TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="${}"), max_size=12)
SYNTH_VALIDATION = "Validation failed with the following errors"


def outcome(stack: TerraformStack, build: Callable[[], Any]) -> dict[str, Any] | None:
    """Build and synthesize; None when rejected. Any error other than ours propagates and fails the test."""
    try:
        build()
    except sagemaker.ValidationError as err:
        event("rejected when built: " + re.sub(r"\(got .*|'.*", "", str(err))[:60])
        return None
    try:
        doc = json.loads(CdktfTesting.synth(stack, run_validations=True))
    except sagemaker.ValidationError as err:  # the synth hook reports every synth-time check at once
        assert SYNTH_VALIDATION in str(err), f"synth failed without a validation message: {err}"
        assert f"[{stack.node.path}/" in str(err), f"a synth validation not located at one of our constructs: {err}"
        event("rejected at synth")
        return None
    event("synthesized")
    return doc


def draw_mostly_valid(data: st.DataObject, valid: dict[str, Any], invalid: dict[str, Any]) -> dict[str, Any]:
    """Valid values for every field, except (half the time) one field drawn from its invalid strategy."""
    broken = (
        data.draw(st.one_of(st.none(), st.sampled_from(sorted(invalid))), label="broken field") if invalid else None
    )
    return {k: data.draw(invalid[k] if k == broken else v, label=k) for k, v in valid.items()}


# --- builders of the property tests ---------------------------------------------------------------------------


def data_ecr_model(stack: TerraformStack, id: str = "Model") -> sagemaker.Model:
    """A one-container model on tag v1 of an ECR repository read through a data source."""
    repository = DataAwsEcrRepository(stack, f"{id}Repository", name="repo")
    image = sagemaker.ContainerImage.from_ecr_repository(repository, "v1")
    return sagemaker.Model(stack, id, containers=[sagemaker.ContainerDefinition(image=image)])


INSTANCE_TYPES = [
    sagemaker.InstanceType.M5_LARGE,
    sagemaker.InstanceType.T2_MEDIUM,
    sagemaker.InstanceType.G5_XLARGE,
    sagemaker.InstanceType.of("ml.c7i.large"),
]


def endpoint_variant(stack: TerraformStack) -> Any:
    """The instance variant ``v`` of a one-variant endpoint."""
    model = data_ecr_model(stack)
    config = sagemaker.EndpointConfig(
        stack,
        "Config",
        instance_production_variants=[
            sagemaker.InstanceProductionVariantProps(model=model, variant_name="v", instance_type=INSTANCE_TYPES[0])
        ],
    )
    endpoint = sagemaker.Endpoint(stack, "Endpoint", endpoint_config=config)
    return endpoint.find_instance_production_variant("v")


KEY_ARN = "arn:aws:kms:us-east-1:111111111111:key/k"


LOCATIONS = st.sampled_from(
    [
        sagemaker.S3Location.from_uri("s3://bucket-a/p"),
        sagemaker.S3Location.bucket_root("bucket-b"),
        sagemaker.S3Location.from_uri("s3://bucket-c/q/"),
    ]
)


def models(stack: TerraformStack, count: int) -> list[sagemaker.Model]:
    """``count`` one-container models on one image of an ECR repository read through a data source."""
    image = sagemaker.ContainerImage.from_ecr_repository(DataAwsEcrRepository(stack, "Repo", name="repo"))
    return [
        sagemaker.Model(stack, f"M{i}", containers=[sagemaker.ContainerDefinition(image=image)])
        for i in range(1, count + 1)
    ]


def synth_one_variant_config(config_kwargs: Callable[[], dict[str, Any]]) -> dict[str, Any] | None:
    """An endpoint config with one plain variant plus ``config_kwargs()``: its JSON, or None when rejected."""
    stack = make_stack()
    (model,) = models(stack, 1)

    def build() -> None:
        variants = [sagemaker.InstanceProductionVariantProps(model=model, variant_name="main")]
        sagemaker.EndpointConfig(stack, "Config", instance_production_variants=variants, **config_kwargs())

    return outcome(stack, build)
