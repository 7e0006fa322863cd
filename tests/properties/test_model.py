"""Property tests of Model: random containers, names and model options either fail with a ValidationError or
synthesize within SageMaker's rules.
"""

from __future__ import annotations

import re
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

import sagemaker_tf as sagemaker
from sagemaker_tf._runtime.framework import DataAwsEcrRepository, S3Bucket
from tests.helpers import make_stack, resources
from tests.helpers.fuzz import FUZZ, TEXT, outcome
from tests.helpers.refcheck import assert_references_resolve

NAME_RULE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z-]{0,62}$")


ENV_KEY_RULE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


HOSTNAME_RULE = re.compile(r"^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$")


# ---------------------------------------------------------------------------------------------------------------
# Model: containers, environments, hostnames, names
# ---------------------------------------------------------------------------------------------------------------
valid_env = st.dictionaries(st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,15}", fullmatch=True), TEXT, max_size=3)


valid_hostnames = st.one_of(st.none(), st.from_regex(r"[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?", fullmatch=True))


valid_names = st.one_of(st.none(), st.from_regex(r"[0-9A-Za-z][0-9A-Za-z-]{0,20}", fullmatch=True), st.just("m" * 63))


names = st.one_of(valid_names, TEXT, st.just("m" * 64))


BAD_ENV_KEYS = st.one_of(TEXT.filter(lambda t: not ENV_KEY_RULE.match(t)), st.just("K" * 1025))


BAD_ENV_VALUES = st.just("v" * 1025)


BAD_HOSTNAMES = st.one_of(TEXT.filter(lambda t: not HOSTNAME_RULE.match(t)), st.just("h" * 64))


BAD_NAMES = st.one_of(TEXT.filter(lambda t: not NAME_RULE.match(t)), st.just("m" * 64))


@st.composite
def model_inputs(draw: Any) -> tuple[list[dict[str, Any]], str | None]:
    """1-15 valid containers and a valid name, with (half the time) one thing broken."""
    broken = draw(st.sampled_from([None, None, None, None, "env_key", "env_value", "hostname", "name", "count"]))
    size = draw(st.sampled_from([0, 16, 17]) if broken == "count" else st.integers(1, 15))
    specs = [
        {"environment": draw(st.one_of(st.none(), valid_env)), "hostname": draw(valid_hostnames)} for _ in range(size)
    ]
    name = draw(BAD_NAMES if broken == "name" else valid_names)
    if broken in ("env_key", "env_value", "hostname") and specs:
        spec = specs[draw(st.integers(0, size - 1))]
        if broken == "hostname":
            spec["hostname"] = draw(BAD_HOSTNAMES)
        else:
            key = draw(BAD_ENV_KEYS) if broken == "env_key" else "KEY"
            spec["environment"] = {
                **(spec["environment"] or {}),
                key: draw(BAD_ENV_VALUES if broken == "env_value" else TEXT),
            }
    return specs, name


def _model_is_valid(specs: list[dict[str, Any]], name: str | None) -> bool:
    if not 1 <= len(specs) <= sagemaker.model.MAX_CONTAINERS:
        return False
    if name is not None and not NAME_RULE.match(name):
        return False
    for spec in specs:
        for key, value in (spec["environment"] or {}).items():
            if not ENV_KEY_RULE.match(key) or len(key) > 1024 or len(value) > 1024:
                return False
        if spec["hostname"] is not None and not HOSTNAME_RULE.match(spec["hostname"]):
            return False
    hostnames = [spec["hostname"] is not None for spec in specs]
    return not (len(specs) > 1 and any(hostnames) and not all(hostnames))  # all or none (CreateModel)


@FUZZ
@given(inputs=model_inputs(), isolation=st.sampled_from([None, True, False]))
def test_random_models_fail_with_validation_errors_or_synthesize_within_limits(
    inputs: tuple[list[dict[str, Any]], str | None], isolation: bool | None
):
    specs, name = inputs
    stack = make_stack()
    repository = DataAwsEcrRepository(stack, "Repository", name="repo")
    image = sagemaker.ContainerImage.from_ecr_repository(repository, "v1")

    def build() -> None:
        containers = [
            sagemaker.ContainerDefinition(image=image, environment=s["environment"], container_hostname=s["hostname"])
            for s in specs
        ]
        sagemaker.Model(stack, "Model", containers=containers, model_name=name, network_isolation=isolation)

    doc = outcome(stack, build)
    assert (doc is not None) == _model_is_valid(specs, name), (specs, name)
    if doc is None:
        return
    (model,) = resources(doc, "aws_sagemaker_model")
    rendered = model.get("container") or model["primary_container"]
    assert len(rendered) == len(specs)
    for spec, container in zip(specs, rendered, strict=False):
        assert container.get("environment") == (spec["environment"] or None)
        assert container.get("container_hostname") == spec["hostname"]
        assert len(container["image"]) <= 255 or "${" in container["image"]
    assert model.get("name") == name
    assert_references_resolve(doc)


CHANNEL_RULE = re.compile(r"^[A-Za-z0-9.\-_]{1,64}$")


HOSTNAME = st.from_regex(r"[a-z0-9]([a-z0-9-]{0,6}[a-z0-9])?", fullmatch=True)


VALID_PREFIX = st.from_regex(r"[a-z0-9]{1,8}(/[a-z0-9]{1,8}){0,2}/", fullmatch=True)


# Mostly valid values, so that about half the drawn models synthesize and the other half hit one rule.
PREFIX = st.one_of(
    VALID_PREFIX, VALID_PREFIX, VALID_PREFIX, VALID_PREFIX.map(lambda p: p.rstrip("/")), st.sampled_from(["/lead/", ""])
)


VALID_CHANNEL = st.from_regex(r"[A-Za-z0-9.\-_]{1,10}", fullmatch=True)


CHANNEL_NAME = st.one_of(VALID_CHANNEL, VALID_CHANNEL, VALID_CHANNEL, TEXT, st.just("c" * 65))


EULA = st.sampled_from([None, None, True, False, None, True, False, "yes"])


CHANNEL_EULA = st.sampled_from([None, None, True, False])


@st.composite
def containers(draw: Any) -> list[dict[str, Any]]:
    specs = []
    for _ in range(draw(st.integers(1, 3))):
        specs.append(
            {
                "prefix": draw(st.one_of(st.none(), PREFIX)),
                "archive": draw(st.booleans()),
                "eula": draw(EULA),
                "multi_model": draw(st.sampled_from([None, None, None, True, False])),
                "channels": draw(
                    st.dictionaries(
                        CHANNEL_NAME,
                        st.tuples(VALID_PREFIX, CHANNEL_EULA),
                        max_size=draw(st.sampled_from([2, 2, 2, 7])),
                    )
                ),
                "hostname": draw(st.one_of(st.none(), HOSTNAME)),
            }
        )
    return specs


def _spec_is_valid(spec: dict[str, Any]) -> bool:
    prefix, eula = spec["prefix"], spec["eula"]
    if (
        prefix is not None
        and not spec["archive"]
        and (not prefix or prefix.startswith("/") or not prefix.endswith("/"))
    ):
        return False
    # an archive's key is prefix + "model.tar.gz": an empty prefix gives the valid key "model.tar.gz"
    if prefix is not None and spec["archive"] and prefix.startswith("/"):
        return False
    if eula not in (None, True, False) and prefix is not None:
        return False
    if any(e not in (None, True, False) for _, e in spec["channels"].values()):
        return False
    names = list(spec["channels"])
    if len(names) > 5 or not all(CHANNEL_RULE.match(n) for n in names):
        return False
    if len({n.lower() for n in names}) != len(names):
        return False
    return not (spec["multi_model"] and (prefix is None or spec["archive"] or eula is not None or names))


def _options_are_valid(specs: list[dict[str, Any]], mode: Any) -> bool:
    if not all(_spec_is_valid(s) for s in specs):
        return False
    hostnames = [s["hostname"] for s in specs]
    if len(specs) > 1 and None in hostnames and any(h is not None for h in hostnames):  # all or none
        return False
    return not (
        mode == sagemaker.InferenceExecutionMode.DIRECT
        and len(specs) > 1
        and (None in hostnames or len(set(hostnames)) != len(hostnames))
    )


def _data(bucket: S3Bucket, spec: dict[str, Any]) -> sagemaker.ModelData | None:
    if spec["prefix"] is None:
        return None
    if spec["archive"]:
        return sagemaker.ModelData.from_bucket(bucket, spec["prefix"] + "model.tar.gz", accept_eula=spec["eula"])
    return sagemaker.ModelData.from_bucket_prefix(bucket, spec["prefix"], accept_eula=spec["eula"])


@FUZZ
@given(specs=containers(), mode=st.sampled_from([None, *sagemaker.InferenceExecutionMode]))
def test_random_model_options_fail_cleanly_or_keep_sagemakers_rules(specs: list[dict[str, Any]], mode: Any) -> None:
    stack = make_stack()
    image = sagemaker.ContainerImage.from_ecr_repository(DataAwsEcrRepository(stack, "Repo", name="repo"), "v1")
    bucket = S3Bucket(stack, "Bucket")

    def build() -> None:
        definitions = [
            sagemaker.ContainerDefinition(
                image=image,
                model_data=_data(bucket, s),
                multi_model=s["multi_model"],
                container_hostname=s["hostname"],
                additional_model_data={
                    n: sagemaker.ModelData.from_bucket_prefix(bucket, p, accept_eula=e)
                    for n, (p, e) in s["channels"].items()
                }
                or None,
            )
            for s in specs
        ]
        sagemaker.Model(stack, "Model", containers=definitions, inference_execution_mode=mode)

    doc = outcome(stack, build)
    assert (doc is not None) == _options_are_valid(specs, mode), specs
    if doc is None:
        return
    (model,) = resources(doc, "aws_sagemaker_model")
    rendered = model.get("container") or model["primary_container"]
    for container in rendered:
        channels = container.get("additional_model_data_source", [])
        assert len(channels) <= 5
        assert all(CHANNEL_RULE.match(c["channel_name"]) for c in channels)
        for source in [c["s3_data_source"][0] for c in channels] + [
            s["s3_data_source"][0] for s in container.get("model_data_source", [])
        ]:
            assert (source["s3_data_type"], source["compression_type"]) in {("S3Prefix", "None"), ("S3Object", "Gzip")}
            assert source["s3_uri"].endswith("/") == (source["s3_data_type"] == "S3Prefix")
        if container.get("mode") == "MultiModel":
            assert container["model_data_url"].endswith("/") and "model_data_source" not in container
    if mode == sagemaker.InferenceExecutionMode.DIRECT and len(rendered) > 1:
        assert len({c["container_hostname"] for c in rendered}) == len(rendered)
    assert_references_resolve(doc)
