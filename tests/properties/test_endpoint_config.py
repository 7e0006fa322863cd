"""Property tests of EndpointConfig: random variants fail with a ValidationError or respect the provider's limits."""

from __future__ import annotations

import re
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

import sagemaker_tf as sagemaker
from tests.helpers import make_stack, resources
from tests.helpers.fuzz import FUZZ, INSTANCE_TYPES, TEXT, data_ecr_model, draw_mostly_valid, outcome
from tests.helpers.refcheck import assert_references_resolve

NAME_RULE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z-]{0,62}$")


valid_names = st.one_of(st.none(), st.from_regex(r"[0-9A-Za-z][0-9A-Za-z-]{0,20}", fullmatch=True), st.just("m" * 63))


names = st.one_of(valid_names, TEXT, st.just("m" * 64))


# ---------------------------------------------------------------------------------------------------------------
# EndpointConfig: variants, weights, counts, instance types, names
# ---------------------------------------------------------------------------------------------------------------


valid_variant_names = st.from_regex(r"[0-9A-Za-z][0-9A-Za-z-]{0,8}", fullmatch=True)


INSTANCE_VALID = {
    "variant_name": valid_variant_names,
    "initial_variant_weight": st.one_of(st.none(), st.floats(0, 10, allow_nan=False)),
    "initial_instance_count": st.one_of(st.none(), st.integers(1, 5)),
    "instance_type": st.one_of(st.none(), st.sampled_from(INSTANCE_TYPES)),
}


INSTANCE_INVALID = {
    "variant_name": st.one_of(TEXT.filter(lambda t: not NAME_RULE.match(t)), st.integers()),
    "initial_variant_weight": st.one_of(st.floats(-5, -0.001), st.just("1")),
    "initial_instance_count": st.one_of(st.integers(-2, 0), st.just(1.5)),
    "instance_type": st.sampled_from(["ml.m5.lrage", "m5.large", 5]),  # a plain valid string is accepted
}


SERVERLESS_VALID = {
    "variant_name": valid_variant_names,
    "max_concurrency": st.integers(1, 200),
    "memory_size_in_mb": st.sampled_from([1024, 2048, 3072, 4096, 5120, 6144]),
    "provisioned_concurrency": st.none(),
    "initial_variant_weight": st.one_of(st.none(), st.floats(0, 10, allow_nan=False)),
}


SERVERLESS_INVALID = {
    "max_concurrency": st.sampled_from([0, 201, -1]),
    "memory_size_in_mb": st.sampled_from([512, 3000, 7168]),
    "provisioned_concurrency": st.sampled_from([0, 201, 300]),
}


def _check_config_limits(doc: dict[str, Any]) -> None:
    (config,) = resources(doc, "aws_sagemaker_endpoint_configuration")
    variants = config["production_variants"]
    assert 1 <= len(variants) <= 10
    serverless = [v for v in variants if v.get("serverless_config")]
    assert not serverless or len(variants) == 1
    for variant in variants:
        assert NAME_RULE.match(variant["variant_name"]), variant
        assert variant.get("initial_variant_weight", 1) >= 0
        if variant.get("serverless_config"):
            cfg = variant["serverless_config"]
            cfg = cfg[0] if isinstance(cfg, list) else cfg
            assert 1 <= cfg["max_concurrency"] <= 200
            assert cfg["memory_size_in_mb"] in (1024, 2048, 3072, 4096, 5120, 6144)
            if cfg.get("provisioned_concurrency") is not None:
                assert 1 <= cfg["provisioned_concurrency"] <= cfg["max_concurrency"]
        else:
            assert variant["initial_instance_count"] >= 1
            assert variant["instance_type"].startswith("ml.")
    if config.get("name") is not None:
        assert NAME_RULE.match(config["name"])
    else:
        assert len(config["name_prefix"]) <= 37


@FUZZ
@given(
    data=st.data(),
    count=st.integers(0, 11),
    mode=st.sampled_from(["instance", "instance", "serverless", "both"]),
    name=st.one_of(st.none(), names),
)
def test_random_endpoint_configs_fail_with_validation_errors_or_respect_provider_limits(
    data: st.DataObject, count: int, mode: str, name: str | None
):
    size = count if mode != "serverless" else 0
    broken = data.draw(st.integers(0, size), label="variant with a broken field")  # size: the serverless one
    variants = [draw_mostly_valid(data, INSTANCE_VALID, INSTANCE_INVALID if i == broken else {}) for i in range(size)]
    for index, variant in enumerate(variants):  # unique names unless the name is the broken field
        if isinstance(variant["variant_name"], str) and NAME_RULE.match(variant["variant_name"]):
            variant["variant_name"] = f"{variant['variant_name']}-{index}"
    serverless = None
    if mode != "instance":
        serverless = draw_mostly_valid(data, SERVERLESS_VALID, SERVERLESS_INVALID if broken == size else {})
    stack = make_stack()
    model = data_ecr_model(stack)

    def build() -> None:
        instance = [sagemaker.InstanceProductionVariantProps(model=model, **v) for v in variants]
        server = sagemaker.ServerlessProductionVariantProps(model=model, **serverless) if serverless else None
        sagemaker.EndpointConfig(
            stack,
            "Config",
            instance_production_variants=instance if mode != "serverless" else None,
            serverless_production_variant=server,
            endpoint_config_name=name,
        )

    doc = outcome(stack, build)
    if doc is None:
        return
    _check_config_limits(doc)
    assert_references_resolve(doc)
