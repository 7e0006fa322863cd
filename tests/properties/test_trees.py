"""Synth-time checks cannot be switched off by the shape of the construct tree: whatever the ids (with "/", which
constructs rewrites to "--", unicode, spaces) and however deep the nesting, every broken construct is reported at
synth as a ``ValidationError`` at its real path.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from constructs import Construct
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sagemaker_tf as sagemaker
from sagemaker_tf._runtime.framework import Testing as CdktfTesting
from tests.helpers import make_stack
from tests.helpers.apps import assert_good_app_synthesizes, model

TREES = settings(
    max_examples=15,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
IDS = st.text(
    alphabet=st.one_of(st.sampled_from("/-_ .aZ9"), st.characters(blacklist_categories=("Cs", "Cc"))),
    min_size=1,
    max_size=8,
).filter(lambda t: "${" not in t)


def _empty_config(scope: Construct, id: str) -> None:
    sagemaker.EndpointConfig(scope, id)


def _no_containers(scope: Construct, id: str) -> None:
    sagemaker.Model(scope, id)


def _eleven_variants(scope: Construct, id: str) -> None:
    config = sagemaker.EndpointConfig(scope, id)
    m = model(scope, f"{id}Model")
    for i in range(11):
        config.add_instance_production_variant(sagemaker.InstanceProductionVariantProps(model=m, variant_name=f"v{i}"))


def _large_canary(scope: Construct, id: str) -> None:
    props = sagemaker.InstanceProductionVariantProps(model=model(scope, f"{id}Model"), variant_name="main")
    config = sagemaker.EndpointConfig(scope, f"{id}Config", instance_production_variants=[props])
    routing = sagemaker.TrafficRouting.canary(sagemaker.Capacity.instances(1), wait=timedelta(0))
    sagemaker.Endpoint(
        scope, id, endpoint_config=config, deployment=sagemaker.DeploymentPolicy.blue_green(traffic_routing=routing)
    )


BROKEN: dict[str, tuple[Callable[[Construct, str], None], str]] = {
    "empty config": (_empty_config, "Must configure at least 1 production variant"),
    "model without containers": (_no_containers, "Must configure at least 1 container for model"),
    "eleven variants": (_eleven_variants, "Can't have more than 10 production variants"),
    "too-large canary": (_large_canary, "canary size must be at most 50%"),
}


@TREES
@given(
    path=st.lists(IDS, min_size=0, max_size=3),
    leaf=IDS,
    broken=st.lists(st.sampled_from(sorted(BROKEN)), min_size=1, max_size=3, unique=True),
    via_app=st.booleans(),
)
def test_every_synth_time_check_fires_whatever_the_ids_and_nesting(
    path: list[str], leaf: str, broken: list[str], via_app: bool
) -> None:
    stack = make_stack()
    scope: Construct = stack
    for i, id in enumerate(path):
        scope = Construct(scope, f"{id}{i}")  # a suffix keeps siblings distinct after "/" becomes "--"
    expected: list[str] = []
    for i, name in enumerate(broken):
        build, message = BROKEN[name]
        build(scope, f"{leaf}{i}")
        expected.append(message)
    run: Callable[[], Any] = (
        stack.node.root.synth if via_app else lambda: CdktfTesting.synth(stack, run_validations=True)
    )
    try:
        run()
    except sagemaker.ValidationError as err:
        text = str(err)
    else:
        raise AssertionError(f"synthesized with {broken} under ids {path!r}/{leaf!r}")
    real_scope = scope.node.path
    for i, message in enumerate(expected):
        real = f"{real_scope}/{leaf.replace('/', '--')}{i}"
        assert message in text, text
        assert f"[{real}" in text, f"{message} not reported at {real}: {text}"
    assert "at Object." not in text and "node:internal" not in text  # no Node stack
    assert_good_app_synthesizes()
