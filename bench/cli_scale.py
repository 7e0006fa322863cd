"""CLI scale: ``describe``, ``diagram`` and ``review`` on N endpoints, and the ratio of their times between sizes.

Run from the repository root (needs the ``terraform`` CLI and the ``test`` or ``offline`` extra for the plans)::

    python bench/cli_scale.py                        # N = 50 and 500, 3 rounds
    python bench/cli_scale.py --sizes 50 250 500 --rounds 5
    python bench/cli_scale.py --baseline 455c883     # also time the CLI of that commit on the same inputs

For each N the script builds and synthesizes N endpoints through the constructs. Each endpoint has its own model
(with its own role and the scoped grants the library adds to it), endpoint configuration, endpoint with blue/green
guardrails and a rollback alarm given by literal name, autoscaling target and policy, and a latency alarm; one
caller role is granted
``InvokeEndpoint`` on all of them. It then applies that stack to a local state offline and plans v2 (every
variant's instance type changed) with the real Terraform CLI: that update plan is what ``review`` reads. The inputs
are built once per N (the time is printed, not compared). The offline apply of N=500 (about 4,500 resources) takes
tens of minutes on a loaded machine; ``--plan create`` reviews the first-deploy plan of v1 instead (no apply).

Then, in this process, each command's work (read the JSON, build the view, render it as the command prints it) is
timed over ``--rounds`` rounds: the median wall time and the median CPU time of this process (``process_time``:
on a shared machine it leaves out the time other processes hold the cores), each with its ratio to the smallest
N's, next to the ratio of the sizes; linear work keeps the ratio near the size ratio (10x from 50 to 500). The
number of Python function calls of one run (cProfile) gives the same ratio without any noise. The peak of Python
allocations (tracemalloc) during one run of each command is printed per endpoint: flat means memory grows
linearly. With ``--baseline REF`` the same timings are taken, in a child process, with the ``sagemaker_tf``
package of that git commit (exported to a temporary folder). It never fails on time.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

from _common import ROOT, load_average, median

COMMANDS = ("describe", "diagram", "review")
ASSUME_SAGEMAKER = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Principal": {"Service": "sagemaker.amazonaws.com"}, "Action": "sts:AssumeRole"}
        ],
    }
)


# ----------------------------------------------------------------------------------------------------------------
# inputs (this process's sagemaker_tf)
# ----------------------------------------------------------------------------------------------------------------
def build(outdir: Path, endpoints: int, instance_type: str) -> Path:
    """Synthesize ``endpoints`` endpoints into ``outdir``; returns the stack folder."""
    import sagemaker_tf as sagemaker  # first: the fast provider import
    from sagemaker_tf._runtime.framework import App, AwsProvider, IamRole, S3Bucket, TerraformStack

    outdir.mkdir(parents=True, exist_ok=True)
    app = App(outdir=str(outdir))
    stack = TerraformStack(app, "scale")
    AwsProvider(stack, "aws", region="us-east-1")
    bucket = S3Bucket(stack, "Models", bucket_prefix="models-")
    caller = IamRole(stack, "Caller", name_prefix="caller-", assume_role_policy="{}")
    for i in range(endpoints):
        # Each model has its own role, named: the stand-in seeds generated names by configuration, so identical
        # generated roles would collide at apply.
        role = IamRole(stack, f"ModelRole{i}", name=f"model-role-{i}", assume_role_policy=ASSUME_SAGEMAKER)
        model = sagemaker.Model(
            stack,
            f"Model{i}",
            role=role,
            containers=[
                sagemaker.ContainerDefinition(
                    image=sagemaker.ContainerImage.from_dlc("pytorch-inference", "2.1.0-cpu-py310"),
                    model_data=sagemaker.ModelData.from_bucket(bucket, f"models/{i}/model.tar.gz"),
                )
            ],
        )
        config = sagemaker.EndpointConfig(
            stack,
            f"Config{i}",
            instance_production_variants=[
                sagemaker.InstanceProductionVariantProps(model=model, variant_name="main", instance_type=instance_type)
            ],
        )
        name = f"endpoint-{i}"
        errors = sagemaker.Metric(
            "AWS/SageMaker",
            "Invocation5XXErrors",
            statistic="Sum",
            dimensions_map={"EndpointName": name, "VariantName": "main"},
        ).create_alarm(stack, f"Errors{i}", alarm_name=f"{name}-5xx", threshold=5, evaluation_periods=1)
        endpoint = sagemaker.Endpoint(
            stack,
            f"Endpoint{i}",
            endpoint_config=config,
            endpoint_name=name,
            deployment=sagemaker.DeploymentPolicy.blue_green(rollback_alarms=[f"{name}-5xx"]),
        )
        assert errors is not None
        variant = endpoint.find_instance_production_variant("main")
        variant.auto_scale_instance_count(max_capacity=4).scale_on_invocations("Rps", max_requests_per_second=30)
        variant.metric_model_latency().create_alarm(stack, f"Latency{i}", threshold=1000, evaluation_periods=3)
        endpoint.grant_invoke(caller)
    app.synth()
    return outdir / "stacks" / "scale"


def inputs(base: Path, endpoints: int, update: bool = True) -> tuple[Path, Path]:
    """(v1 stack folder, plan.json of v2 against the applied v1) for ``endpoints`` endpoints; reused when ``base``
    already holds them (``--workdir``)."""
    from sagemaker_tf.testing import OfflineTerraform

    if (base / "plan.json").exists() and (base / "v1" / "stacks" / "scale").is_dir():
        print(f"  N={endpoints:4}  inputs: reused from {base}", flush=True)
        return base / "v1" / "stacks" / "scale", base / "plan.json"
    started = time.perf_counter()
    v1 = build(base / "v1", endpoints, "ml.m5.large")
    v2 = build(base / "v2", endpoints, "ml.c5.xlarge") if update else v1
    synthesized = time.perf_counter()
    offline = OfflineTerraform(workdir=base / "offline")
    if update:
        offline.apply(v1, base / "state")
        plan = offline.plan(v2, state_dir=base / "state")
    else:
        plan = offline.plan(v1)
    path = base / "plan.json"
    path.write_text(json.dumps(plan), encoding="utf-8")
    print(
        f"  N={endpoints:4}  inputs: synth {synthesized - started:6.1f} s, offline "
        f"{'apply v1 + plan v2' if update else 'plan v1 (first deploy)'} "
        f"{time.perf_counter() - synthesized:6.1f} s; {len(plan.get('resource_changes') or [])} resource changes",
        flush=True,
    )
    return v1, path


# ----------------------------------------------------------------------------------------------------------------
# timings (the imported sagemaker_tf: this tree, or a baseline's on PYTHONPATH)
# ----------------------------------------------------------------------------------------------------------------
def _commands(stack_dir: Path, plan_json: Path) -> dict[str, Callable[[], str]]:
    from sagemaker_tf.cli._reader import load_plan, load_sagemaker_stacks
    from sagemaker_tf.cli._topology import endpoint_views
    from sagemaker_tf.cli.describe import describe
    from sagemaker_tf.cli.diagram import build_graph, to_markdown
    from sagemaker_tf.cli.review import render, review

    def diagram() -> str:
        views = [v for s in load_sagemaker_stacks(stack_dir) for v in endpoint_views(s)]
        return to_markdown(build_graph(views))

    return {
        "describe": lambda: describe(str(stack_dir), "text"),
        "diagram": diagram,
        "review": lambda: render(review(load_plan(plan_json)), "text"),
    }


def timings(stack_dir: Path, plan_json: Path, rounds: int) -> dict[str, dict[str, float]]:
    """command -> {"median_s", "median_cpu_s", "calls", "peak_mb", "output_chars"} for one N."""
    out: dict[str, dict[str, float]] = {}
    for name, run in _commands(stack_dir, plan_json).items():
        tracemalloc.start()
        chars = len(run())
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        profile = cProfile.Profile()
        profile.runcall(run)
        calls = sum(stat.callcount for stat in profile.getstats())
        walls, cpus = [], []
        for _ in range(rounds):
            started, started_cpu = time.perf_counter(), time.process_time()
            run()
            walls.append(time.perf_counter() - started)
            cpus.append(time.process_time() - started_cpu)
        out[name] = {
            "median_s": median(walls),
            "median_cpu_s": median(cpus),
            "calls": calls,
            "peak_mb": peak / 1e6,
            "output_chars": chars,
        }
    return out


def _baseline_timings(ref: str, cases: list[tuple[int, Path, Path]], rounds: int, tmp: Path) -> dict[int, Any]:
    export = tmp / "baseline"
    export.mkdir()
    archive = subprocess.run(["git", "archive", ref, "sagemaker_tf"], cwd=ROOT, capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(export)], input=archive.stdout, check=True)
    env = {**os.environ, "PYTHONPATH": str(export)}
    results = {}
    for n, stack_dir, plan_json in cases:
        proc = subprocess.run(
            [sys.executable, __file__, "--time-only", str(stack_dir), str(plan_json), "--rounds", str(rounds)],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        results[n] = json.loads(proc.stdout)
    return results


def _report(label: str, sizes: list[int], results: dict[int, dict[str, dict[str, float]]]) -> None:
    base = sizes[0]
    print(f"{label} (ratios to N={base}):")
    for command in COMMANDS:
        for n in sizes:
            r, b = results[n][command], results[base][command]
            print(
                f"  {command:8} N={n:4} (x{n / base:<4.0f})"
                f"  wall {r['median_s'] * 1000:8.1f} ms x{r['median_s'] / b['median_s']:5.2f}"
                f"  cpu {r['median_cpu_s'] * 1000:8.1f} ms x{r['median_cpu_s'] / b['median_cpu_s']:5.2f}"
                f"  calls {r['calls']:9.0f} x{r['calls'] / b['calls']:5.2f}"
                f"  peak {r['peak_mb']:6.1f} MB = {r['peak_mb'] * 1000 / n:5.1f} KB/endpoint",
                flush=True,
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 500])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--baseline", metavar="REF", help="also time the sagemaker_tf of this git commit")
    parser.add_argument("--workdir", metavar="DIR", help="keep the inputs in DIR, and reuse those found there")
    parser.add_argument(
        "--plan",
        choices=("update", "create"),
        default="update",
        help="review an update plan (apply v1, plan v2) or a first-deploy plan (quicker to build at large N)",
    )
    parser.add_argument("--time-only", nargs=2, metavar=("STACK_DIR", "PLAN_JSON"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.time_only:
        print(json.dumps(timings(Path(args.time_only[0]), Path(args.time_only[1]), args.rounds)))
        return
    print(f"load average: {load_average()}", flush=True)
    with tempfile.TemporaryDirectory(prefix="sagemaker-tf-cli-scale-") as tmp:
        cases = []
        for n in args.sizes:
            stack_dir, plan_json = inputs(Path(args.workdir or tmp) / f"{args.plan}-n{n}", n, args.plan == "update")
            cases.append((n, stack_dir, plan_json))
        print(f"load average: {load_average()}", flush=True)
        results = {n: timings(stack_dir, plan_json, args.rounds) for n, stack_dir, plan_json in cases}
        _report("this tree", args.sizes, results)
        if args.baseline:
            _report(
                f"baseline {args.baseline}", args.sizes, _baseline_timings(args.baseline, cases, args.rounds, Path(tmp))
            )
    print(f"load average now: {load_average()}")


if __name__ == "__main__":
    main()
