"""Every example applies offline, then plans and applies a real update.

v1 is the example as synthesized; it is applied to a local state with the stand-in (fake names seeded by each
resource's address, so two identically configured resources, such as two models' default roles, get different
names). v2 is the same synthesized JSON with two changes: a tag on every model (updated in place) and the first
production variant's weight of every endpoint configuration (ForceNew: the configuration is replaced and the endpoint
moved to the new one in place). The v2 plan runs against the v1 state and must show exactly that; then v2 applies.
"""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from sagemaker_tf._runtime.framework import App
from sagemaker_tf.testing import OfflineTerraform, planned_resources
from tests.examples import EXAMPLES, load_example
from tests.terraform.conftest import synth_to_dir

NAMED = {"aws_iam_role": "name", "aws_sagemaker_model": "name", "aws_sagemaker_endpoint_configuration": "name"}


def _v2(stack_dir: Path, out: Path) -> Path:
    shutil.copytree(stack_dir, out)
    doc = json.loads((out / "cdk.tf.json").read_text(encoding="utf-8"))
    resources = doc["resource"]
    for body in resources.get("aws_sagemaker_model", {}).values():
        body["tags"] = {**(body.get("tags") or {}), "review": "v2"}
    for body in resources.get("aws_sagemaker_endpoint_configuration", {}).values():
        first = body["production_variants"][0]
        first["initial_variant_weight"] = (first.get("initial_variant_weight") or 1) + 1
    (out / "cdk.tf.json").write_text(json.dumps(doc, indent=2), encoding="utf-8")
    return out


def _unknown(marker: Any) -> bool:
    """True when an ``after_unknown`` entry marks anything as known only after apply."""
    if isinstance(marker, dict):
        return any(_unknown(v) for v in marker.values())
    if isinstance(marker, list):
        return any(_unknown(v) for v in marker)
    return marker is True


def _changed_keys(change: dict[str, Any]) -> set[str]:
    before, after, unknown = change["before"], change["after"], change["after_unknown"]
    keys = set(before) | set(after) | set(unknown)
    return {k for k in keys if before.get(k) != after.get(k) or _unknown(unknown.get(k))}


@pytest.mark.parametrize("name", EXAMPLES)
def test_example_applies_then_plans_and_applies_an_update(
    name: str, offline_terraform: OfflineTerraform, tmp_path: Path
) -> None:
    app = App(outdir=str(tmp_path / "cdktf.out"))
    stack = load_example(name).build(app)
    v1 = synth_to_dir(app, stack)
    state = tmp_path / "state"
    offline_terraform.apply(v1, state)

    applied = json.loads((state / "terraform.tfstate").read_text(encoding="utf-8"))
    names = Counter(
        (r["type"], i["attributes"][NAMED[r["type"]]])
        for r in applied["resources"]
        if r["type"] in NAMED
        for i in r["instances"]
    )
    assert names and all(count == 1 for count in names.values()), names

    changes = planned_resources(offline_terraform.plan(_v2(v1, tmp_path / "v2"), state_dir=state))
    by_type: dict[str, list[dict[str, Any]]] = {}
    for change in changes.values():
        by_type.setdefault(change["type"], []).append(change)
    for change in by_type.pop("aws_sagemaker_model"):
        assert change["change"]["actions"] == ["update"]
        assert _changed_keys(change["change"]) == {"tags", "tags_all"}
        assert change["change"]["after"]["tags"]["review"] == "v2"
    configs = by_type.pop("aws_sagemaker_endpoint_configuration", [])
    for change in configs:
        assert sorted(change["change"]["actions"]) == ["create", "delete"]
        assert change["change"]["replace_paths"] == [["production_variants", 0, "initial_variant_weight"]]
    endpoints = by_type.pop("aws_sagemaker_endpoint", [])
    for change in endpoints:
        assert change["change"]["actions"] == ["update"]
        assert _changed_keys(change["change"]) == {"endpoint_config_name"}  # moved to the new configuration
    assert len(endpoints) <= len(configs)
    others = {c["address"]: c["change"]["actions"] for cs in by_type.values() for c in cs}
    assert all(actions == ["no-op"] for actions in others.values()), others

    offline_terraform.apply(tmp_path / "v2", state)  # the replacement's new name does not collide with the old
