"""The fast provider import for the CDK Terrain family (cdktn 0.24, cdktn-provider-aws 25.8).

These run only where ``cdktn_provider_aws`` is installed, i.e. in a CDK Terrain venv (cdktn and cdktf
objects cannot share one app, and cdktn needs ``constructs<10.8``)::

    make venv-cdktn
    SAGEMAKER_TF_FRAMEWORK=cdktn .venv-cdktn/bin/python -m pytest tests/runtime/test_fast_import_cdktn.py

An app whose first import is ``from cdktn_provider_aws.provider import AwsProvider`` runs twice in fresh
interpreters (import hook on, and opted out); both must synthesize the same bytes. The app is written once, in
cdktf's spelling, and ``tests.helpers.families.on_family`` renames it for cdktn.
"""

from __future__ import annotations

import importlib.machinery
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.helpers.families import on_family

pytestmark = pytest.mark.skipif(
    importlib.machinery.PathFinder.find_spec("cdktn_provider_aws") is None,
    reason="cdktn_provider_aws is not installed (a CDK Terrain venv runs these)",
)

OPT_OUT = "SAGEMAKER_TF_EAGER_PROVIDER_IMPORT"

# Written once, for cdktf; on_family gives the CDK Terrain spelling (cdktn, cdktn_provider_<p>, @cdktn/provider-<p>).
_APP = on_family(
    r"""
import json, sys
from cdktf_cdktf_provider_aws.provider import AwsProvider    # first, as isort sorts it
from cdktf import TerraformStack, Testing
from cdktf_cdktf_provider_aws.iam_role import IamRole
from cdktf_cdktf_provider_aws.s3_bucket import S3Bucket
from cdktf_cdktf_provider_aws.sagemaker_model import SagemakerModel, SagemakerModelPrimaryContainer
from cdktf_cdktf_provider_docker.provider import DockerProvider
from cdktf_cdktf_provider_docker.image import Image, ImageBuild

stack = TerraformStack(Testing.app(), "terrain")
AwsProvider(stack, "aws", region="eu-west-1")
DockerProvider(stack, "docker")
bucket = S3Bucket(stack, "bucket", bucket_prefix="models-", tags={"team": "ml"})
role = IamRole(stack, "role", assume_role_policy=json.dumps({"Version": "2012-10-17", "Statement": []}))
image = Image(stack, "image", name="inference:1", build_attribute=ImageBuild(context="./image"))
SagemakerModel(stack, "model", execution_role_arn=role.arn,
               primary_container=SagemakerModelPrimaryContainer(
                   image=image.name, model_data_url=f"s3://{bucket.bucket}/model.tar.gz", environment={"A": "1"}))
with open(sys.argv[1], "w", encoding="utf-8") as out:
    out.write(Testing.synth(stack, run_validations=True))

hook = sys.modules.get("_sagemaker_tf_import_hook")
kernels = [m for n, m in sys.modules.items() if n.startswith("_sagemaker_tf_fast_kernel_for_")]
print(json.dumps({
    "handled": hook.handled if hook else None,
    "aws_lazy": sys.modules["cdktf_cdktf_provider_aws"].__dict__.get("__sagemaker_tf_lazy__", False),
    "docker_lazy": sys.modules["cdktf_cdktf_provider_docker"].__dict__.get("__sagemaker_tf_lazy__", False),
    "kernel_loaded_from": kernels[0].loaded_from.get("@cdktf/provider-aws") if kernels else None,
}))
""",
    "cdktn",
)


def _run(tmp_path: Path, opted_out: bool) -> tuple[dict[str, Any], bytes]:
    env = {k: v for k, v in os.environ.items() if k != OPT_OUT}
    env["JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION"] = "20"
    if opted_out:
        env[OPT_OUT] = "1"
    (tmp_path / "app.py").write_text(_APP)
    done = subprocess.run(
        [sys.executable, "app.py", "synth.json"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=900
    )
    assert done.returncode == 0, done.stderr[-4000:]
    return json.loads(done.stdout.strip().splitlines()[-1]), (tmp_path / "synth.json").read_bytes()


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[dict[str, Any], bytes]]:
    return {mode: _run(tmp_path_factory.mktemp(mode), mode == "eager") for mode in ("hooked", "eager")}


def test_cdktn_provider_imported_first_gets_the_fast_path_on_both_sides(
    runs: dict[str, tuple[dict[str, Any], bytes]],
) -> None:
    facts, _ = runs["hooked"]

    assert facts["handled"] == {"cdktn_provider_aws": True, "cdktn_provider_docker": True}
    assert facts["aws_lazy"] is True and facts["docker_lazy"] is True
    loaded = Path(facts["kernel_loaded_from"])
    assert loaded.name.startswith("cdktn_provider-aws@25.8.1-") and re.search(r"-lazy\d+\.jsii\.tgz$", loaded.name)


def test_cdktn_opt_out_gives_the_eager_import(runs: dict[str, tuple[dict[str, Any], bytes]]) -> None:
    facts, _ = runs["eager"]

    assert facts["handled"] == {}
    assert facts["aws_lazy"] is False and facts["kernel_loaded_from"] is None


def test_cdktn_synth_is_byte_identical_with_and_without_the_fast_path(
    runs: dict[str, tuple[dict[str, Any], bytes]],
) -> None:
    hooked, eager = runs["hooked"][1], runs["eager"][1]

    assert set(json.loads(hooked)["resource"]) == {
        "aws_s3_bucket",
        "aws_iam_role",
        "aws_sagemaker_model",
        "docker_image",
    }
    assert hooked == eager
