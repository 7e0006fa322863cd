"""Terraform state carries over from cdktf to cdktn: an app moved between the families plans no change.

The state is what the cdktf family synthesized for examples/production (``tests/fixtures/family_parity``), applied
by the offline stand-in with this family's provider pins (the migration note's ``terraform init -upgrade``). Then
this family synthesizes the same app and Terraform plans it against that state: every resource must be a no-op.
On cdktf this plans the app against its own earlier synth; on cdktn it is the migration itself.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from sagemaker_tf.testing import OfflineTerraform, planned_resources
from tests.helpers.changed_examples import synth_production
from tests.helpers.families import NAME, with_family_pins
from tests.helpers.parity import SYNTH_FIXTURE


def test_state_from_the_cdktf_synth_plans_no_change_on_this_family(
    offline_terraform: OfflineTerraform, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ours = synth_production(tmp_path / "ours", monkeypatch)
    # the cdktf document, next to this synth's assets (asset folders are named by content hash, the same on both)
    theirs = tmp_path / "cdktf-stack"
    shutil.copytree(ours, theirs)
    cdktf_doc = json.loads(SYNTH_FIXTURE.read_text())
    (theirs / "cdk.tf.json").write_text(json.dumps(with_family_pins(cdktf_doc)))
    state = tmp_path / "state"
    applied = planned_resources(offline_terraform.apply(theirs, state))
    created = {address for address, rc in applied.items() if rc["change"]["actions"] == ["create"]}
    assert created == {f"{t}.{n}" for t, block in cdktf_doc["resource"].items() for n in block}

    plan = planned_resources(offline_terraform.plan(ours, state_dir=state))
    changed = {address: rc["change"]["actions"] for address, rc in plan.items() if rc["change"]["actions"] != ["no-op"]}
    assert changed == {}, f"moving to {NAME} would change: {changed}"
    assert {rc["provider_name"] for rc in plan.values()} >= {"registry.terraform.io/hashicorp/aws"}
