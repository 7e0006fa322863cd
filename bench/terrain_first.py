"""CDK Terrain (cdktn 0.24): an app that imports ``cdktn_provider_aws`` first, with the fast path and eager.

Run it with a CDK Terrain venv, from the repository root (cdktn and cdktf cannot share one venv's app)::

    .venv-cdktn/bin/python bench/terrain_first.py --rounds 3

Each run is a fresh process: ``from cdktn_provider_aws.provider import AwsProvider`` first, then a small
stack (S3 bucket, IAM role, SageMaker model, docker image) and ``Testing.synth``. "hook" is the default
(the installed ``.pth`` import hook makes both providers lazy, and the kernel loads the lazy JavaScript index);
"eager" sets ``SAGEMAKER_TF_EAGER_PROVIDER_IMPORT=1``. The two alternate; medians and ratios are printed.
sagemaker-tf's own constructs are not used here (they import cdktf until the framework switch lands).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import OPT_OUT_ENV_VAR, load_average, median

APP = r"""
import json, sys, time
start = time.perf_counter()
from cdktn_provider_aws.provider import AwsProvider
from cdktn import TerraformStack, Testing
from cdktn_provider_aws.iam_role import IamRole
from cdktn_provider_aws.s3_bucket import S3Bucket
from cdktn_provider_aws.sagemaker_model import SagemakerModel, SagemakerModelPrimaryContainer
from cdktn_provider_docker.provider import DockerProvider
from cdktn_provider_docker.image import Image, ImageBuild
imported = time.perf_counter()
stack = TerraformStack(Testing.app(), "terrain")
AwsProvider(stack, "aws", region="eu-west-1")
DockerProvider(stack, "docker")
bucket = S3Bucket(stack, "bucket", bucket_prefix="models-")
role = IamRole(stack, "role", assume_role_policy=json.dumps({"Version": "2012-10-17", "Statement": []}))
image = Image(stack, "image", name="inference:1", build_attribute=ImageBuild(context="./image"))
SagemakerModel(stack, "model", execution_role_arn=role.arn, primary_container=SagemakerModelPrimaryContainer(
    image=image.name, model_data_url=f"s3://{bucket.bucket}/model.tar.gz"))
document = Testing.synth(stack, run_validations=True)
sys.path.insert(0, sys.argv[1])
from _common import memory_report
sha = __import__("hashlib").sha256(document.encode()).hexdigest()[:16]
print("RESULT " + json.dumps({"import_s": imported - start, "in_process_s": time.perf_counter() - start,
                              **memory_report(), "sha": sha,
                              "lazy": bool(sys.modules["cdktn_provider_aws"].__dict__.get("__sagemaker_tf_lazy__"))}))
"""


def run(eager: bool) -> dict[str, float | str | bool]:
    env = {k: v for k, v in os.environ.items() if k != OPT_OUT_ENV_VAR}
    env["JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION"] = "20"
    if eager:
        env[OPT_OUT_ENV_VAR] = "1"
    with tempfile.TemporaryDirectory() as work:
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-c", APP, str(Path(__file__).parent)],
            env=env,
            cwd=work,
            capture_output=True,
            text=True,
            check=False,
        )
        wall = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(done.stderr[-3000:])
    line = next(x for x in done.stdout.splitlines() if x.startswith("RESULT "))
    return {"wall_s": wall, **json.loads(line.removeprefix("RESULT "))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    from importlib.metadata import version

    print(
        f"cdktn {version('cdktn')}, cdktn-provider-aws {version('cdktn-provider-aws')},"
        f" cdktn-provider-docker {version('cdktn-provider-docker')}, constructs {version('constructs')},"
        f" jsii {version('jsii')}   load average: {load_average()}"
    )
    run(False), run(True)  # untimed: caches
    results: dict[str, list[dict]] = {"hook": [], "eager": []}
    for number in range(args.rounds):
        for mode in results:
            r = run(mode == "eager")
            results[mode].append(r)
            print(
                f"  {number + 1}: {mode:5} wall {r['wall_s']:6.2f} s  import {r['import_s']:6.2f} s"
                f"  peak RSS {r['python_peak_mb']:5.0f} + {r['node_peak_mb']:5.0f} = {r['total_peak_mb']:5.0f} MB"
                f"  lazy={r['lazy']}  json {r['sha']}",
                flush=True,
            )
    summary = {
        mode: {k: median([float(r[k]) for r in rs]) for k in ("wall_s", "import_s", "total_peak_mb")}
        for mode, rs in results.items()
    }
    for mode, s in summary.items():
        print(
            f"  median {mode:5} wall {s['wall_s']:6.2f} s  import {s['import_s']:6.2f} s  "
            f"peak RSS {s['total_peak_mb']:.0f} MB"
        )
    print(
        f"  eager / hook: wall {summary['eager']['wall_s'] / summary['hook']['wall_s']:.2f}x,"
        f" peak RSS {summary['eager']['total_peak_mb'] / summary['hook']['total_peak_mb']:.2f}x;"
        f" JSON identical in all runs: {len({r['sha'] for rs in results.values() for r in rs}) == 1}"
        f"   load average now: {load_average()}"
    )


if __name__ == "__main__":
    main()
