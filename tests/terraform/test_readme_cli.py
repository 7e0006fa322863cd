"""README "Command line": each command's output for examples/production, regenerated here so it cannot rot.

The test fails when README.md differs from what the commands print today; run it with
``SAGEMAKER_TF_UPDATE_README=1`` to rewrite the blocks between the ``<!-- sagemaker-tf <command>: begin/end -->``
markers. The review block comes from a real update plan (production applied offline, then its instance type
changed), so this test lives with the other real-Terraform tests.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess

import pytest

import sagemaker_tf
from sagemaker_tf.cli._reader import Plan, load_stacks
from sagemaker_tf.cli._topology import endpoint_views
from sagemaker_tf.cli.describe import render as render_describe
from sagemaker_tf.cli.diagram import build_graph, to_dot, to_mermaid
from sagemaker_tf.cli.review import render as render_review
from sagemaker_tf.cli.review import review
from sagemaker_tf.testing import OfflineTerraform
from tests.helpers import ROOT
from tests.helpers.changed_examples import synth_production

README = ROOT / "README.md"
UPDATE_ENV = "SAGEMAKER_TF_UPDATE_README"
PICTURE = ROOT / "docs" / "production-topology.png"


def _replace(text: str, command: str, body: str, fence: str) -> str:
    pattern = re.compile(
        rf"(<!-- sagemaker-tf {command}: begin -->\n)(.*?)(<!-- sagemaker-tf {command}: end -->)", re.S
    )
    assert pattern.search(text), f"README.md lacks the {command} markers"
    return pattern.sub(lambda m: f"{m.group(1)}```{fence}\n{body.rstrip()}\n```\n{m.group(3)}", text)


@pytest.fixture(scope="module")
def outputs(offline_terraform: OfflineTerraform, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    base = tmp_path_factory.mktemp("readme")
    with pytest.MonkeyPatch.context() as m:
        v1 = synth_production(base / "v1", m)
        v2 = synth_production(base / "v2", m, instance_type=sagemaker_tf.InstanceType.C5_XLARGE)
    [stack] = load_stacks(v1)
    views = endpoint_views(stack)
    offline_terraform.apply(v1, base / "state")
    plan = offline_terraform.plan(v2, state_dir=base / "state")
    return {
        "describe": render_describe(views, "text"),
        "diagram": to_mermaid(build_graph(views)),
        "dot": to_dot(build_graph(views)),
        "review": render_review(review(Plan(base / "plan.json", plan)), "text"),
    }


def test_readme_command_line_section_shows_todays_output(outputs):
    text = README.read_text()
    updated = _replace(text, "describe", outputs["describe"], "text")
    updated = _replace(updated, "diagram", outputs["diagram"], "mermaid")
    updated = _replace(updated, "review", outputs["review"], "text")
    if os.environ.get(UPDATE_ENV) == "1":
        README.write_text(updated)
        if shutil.which("dot"):
            subprocess.run(
                ["dot", "-Tpng", "-Gdpi=110", "-o", str(PICTURE)], input=outputs["dot"], text=True, check=True
            )
        return
    assert updated == text, f"README.md's Command line section is stale: rerun with {UPDATE_ENV}=1"


def test_readme_shows_the_committed_topology_picture():
    assert "![examples/production drawn by sagemaker-tf diagram](docs/production-topology.png)" in README.read_text()
    assert PICTURE.read_bytes().startswith(b"\x89PNG")


def test_readme_review_block_is_a_real_finding_list(outputs):
    lines = outputs["review"].splitlines()
    assert lines[0] == "SageMaker review: 2 risky, 0 warning, 3 info"
    assert json.dumps(outputs["review"]).count("RISKY") == 2
