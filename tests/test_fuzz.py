"""Property tests: random apps either fail with a ``ValidationError`` (or a synth-time validation naming our
construct) or synthesize into JSON that respects the provider's limits and whose references all resolve.

Fixed seed (``derandomize``), no example database, bounded example counts: cheap enough for CI.
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Callable
from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import sagemaker_tf as sagemaker
from sagemaker_tf._runtime.framework import DataAwsEcrRepository, TerraformStack
from sagemaker_tf._runtime.framework import Testing as CdktfTesting
from tests.conftest import make_stack, resources
from tests.refcheck import assert_references_resolve

FUZZ = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
NAME_RULE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z-]{0,62}$")
ENV_KEY_RULE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
HOSTNAME_RULE = re.compile(r"^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$")
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


def _ecr_model(stack: TerraformStack, id: str = "Model") -> sagemaker.Model:
    repository = DataAwsEcrRepository(stack, f"{id}Repository", name="repo")
    image = sagemaker.ContainerImage.from_ecr_repository(repository, "v1")
    return sagemaker.Model(stack, id, containers=[sagemaker.ContainerDefinition(image=image)])


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
    if len(specs) > 1 and any(hostnames) and not all(hostnames):  # all or none (CreateModel)
        return False
    return True


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
    for spec, container in zip(specs, rendered):
        assert container.get("environment") == (spec["environment"] or None)
        assert container.get("container_hostname") == spec["hostname"]
        assert len(container["image"]) <= 255 or "${" in container["image"]
    assert model.get("name") == name
    assert_references_resolve(doc)


# ---------------------------------------------------------------------------------------------------------------
# EndpointConfig: variants, weights, counts, instance types, names
# ---------------------------------------------------------------------------------------------------------------
INSTANCE_TYPES = [
    sagemaker.InstanceType.M5_LARGE,
    sagemaker.InstanceType.T2_MEDIUM,
    sagemaker.InstanceType.G5_XLARGE,
    sagemaker.InstanceType.of("ml.c7i.large"),
]


def draw_mostly_valid(data: st.DataObject, valid: dict[str, Any], invalid: dict[str, Any]) -> dict[str, Any]:
    """Valid values for every field, except (half the time) one field drawn from its invalid strategy."""
    broken = (
        data.draw(st.one_of(st.none(), st.sampled_from(sorted(invalid))), label="broken field") if invalid else None
    )
    return {k: data.draw(invalid[k] if k == broken else v, label=k) for k, v in valid.items()}


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
    model = _ecr_model(stack)

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


# ---------------------------------------------------------------------------------------------------------------
# scaling and metrics on an endpoint's variant
# ---------------------------------------------------------------------------------------------------------------
def _variant(stack: TerraformStack) -> Any:
    model = _ecr_model(stack)
    config = sagemaker.EndpointConfig(
        stack,
        "Config",
        instance_production_variants=[
            sagemaker.InstanceProductionVariantProps(model=model, variant_name="v", instance_type=INSTANCE_TYPES[0])
        ],
    )
    endpoint = sagemaker.Endpoint(stack, "Endpoint", endpoint_config=config)
    return endpoint.find_instance_production_variant("v")


valid_durations = st.one_of(st.none(), st.integers(0, 3600).map(lambda s: datetime.timedelta(seconds=s)))
bad_durations = st.one_of(
    st.integers(-5, -1).map(lambda s: datetime.timedelta(seconds=s)),
    st.just(datetime.timedelta(seconds=1.5)),
    st.integers(0, 600),  # an int where a timedelta is expected
)
SCALING_VALID = {
    "max_capacity": st.integers(1, 12),
    "min_capacity": st.one_of(st.none(), st.just(1)),
    "rps": st.one_of(st.floats(0.01, 500, allow_nan=False), st.integers(1, 100)),
    "safety": st.one_of(st.none(), st.floats(0.01, 1.0, allow_nan=False)),
    "scale_in": valid_durations,
    "scale_out": valid_durations,
}
SCALING_INVALID = {
    "max_capacity": st.sampled_from([0, -1, "3"]),
    "min_capacity": st.sampled_from([0, -1, 13, 2.5]),
    "rps": st.sampled_from([0, -1.5, "30"]),
    "safety": st.sampled_from([0.0, 1.5, -0.1]),
    "scale_in": bad_durations,
    "scale_out": bad_durations,
}


@FUZZ
@given(data=st.data())
def test_random_scaling_parameters_fail_with_validation_errors_or_synthesize_sound_policies(data: st.DataObject):
    p = draw_mostly_valid(data, SCALING_VALID, SCALING_INVALID)
    stack = make_stack()
    variant = _variant(stack)

    def build() -> None:
        count = variant.auto_scale_instance_count(max_capacity=p["max_capacity"], min_capacity=p["min_capacity"])
        count.scale_on_invocations(
            "Rps",
            max_requests_per_second=p["rps"],
            safety_factor=p["safety"],
            scale_in_cooldown=p["scale_in"],
            scale_out_cooldown=p["scale_out"],
        )

    doc = outcome(stack, build)
    if doc is None:
        return
    (target,) = resources(doc, "aws_appautoscaling_target")
    assert 0 <= target["min_capacity"] <= target["max_capacity"]
    (policy,) = resources(doc, "aws_appautoscaling_policy")
    tracking = policy["target_tracking_scaling_policy_configuration"]
    assert tracking["target_value"] > 0
    for key in ("scale_in_cooldown", "scale_out_cooldown"):
        if tracking.get(key) is not None:
            assert isinstance(tracking[key], int) and tracking[key] >= 0
    assert_references_resolve(doc)


METRIC_VALID = {
    "statistic": st.one_of(
        st.none(), st.sampled_from(["Average", "Sum", "Maximum", "minimum", "p99", "p99.9", "tm90"])
    ),
    "period": st.one_of(
        st.none(), st.sampled_from([10, 30, 60, 300, 3600]).map(lambda s: datetime.timedelta(seconds=s))
    ),
    "evaluation_periods": st.integers(1, 6),
    "datapoints": st.none(),
    "threshold": st.floats(-1e6, 1e6, allow_nan=False),
    "alarm_name": st.one_of(st.none(), st.from_regex(r"[A-Za-z0-9_.-]{1,40}", fullmatch=True)),
}
METRIC_INVALID = {
    "statistic": st.sampled_from(["Bogus", "", "p101", 5]),
    "period": st.one_of(st.sampled_from([0, 45, 90, -60]).map(lambda s: datetime.timedelta(seconds=s)), st.just(300)),
    "evaluation_periods": st.sampled_from([0, -1, 1.5]),
    "datapoints": st.sampled_from([0, 7, -1]),
    "threshold": st.sampled_from(["high", None]),
    "alarm_name": st.sampled_from(["", "a" * 256]),
}


@FUZZ
@given(data=st.data())
def test_random_metric_options_fail_with_validation_errors_or_synthesize_valid_alarms(data: st.DataObject):
    p = draw_mostly_valid(data, METRIC_VALID, METRIC_INVALID)
    statistic, period, evaluation_periods = p["statistic"], p["period"], p["evaluation_periods"]
    datapoints, threshold, alarm_name = p["datapoints"], p["threshold"], p["alarm_name"]
    stack = make_stack()
    variant = _variant(stack)

    def build() -> None:
        options: dict[str, Any] = {}
        if statistic is not None:
            options["statistic"] = statistic
        if period is not None:
            options["period"] = period
        metric = variant.metric_model_latency(**options)
        metric.create_alarm(
            stack,
            "Alarm",
            threshold=threshold,
            evaluation_periods=evaluation_periods,
            datapoints_to_alarm=datapoints,
            alarm_name=alarm_name,
        )

    doc = outcome(stack, build)
    if doc is None:
        return
    (alarm,) = resources(doc, "aws_cloudwatch_metric_alarm")
    assert alarm["period"] in (10, 20, 30) or (alarm["period"] >= 60 and alarm["period"] % 60 == 0)
    assert alarm["evaluation_periods"] >= 1
    if alarm.get("datapoints_to_alarm") is not None:
        assert 1 <= alarm["datapoints_to_alarm"] <= alarm["evaluation_periods"]
    assert (alarm.get("statistic") is None) != (alarm.get("extended_statistic") is None)
    if alarm.get("alarm_name") is not None:
        assert 1 <= len(alarm["alarm_name"]) <= 255
    assert_references_resolve(doc)
