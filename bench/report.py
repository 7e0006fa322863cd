"""One run, every number of issue 14: import order, cold caches, construct overhead, kernel messages.

Run from the repository root (``make bench`` runs it)::

    python bench/report.py                         # everything, defaults below (about 10 minutes here)
    python bench/report.py --rounds 5 --cold-rounds 3 --endpoints 20 200 --repeat 5
    python bench/report.py --only startup,orders   # a subset: startup, orders, cold, overhead, images

Sections (each prints medians of runs that alternate between the compared modes, so that a change in the
machine's load hits all of them alike; the load average is printed before and after each section):

- **startup**: what the import hook costs every Python process of the environment: ``python -c pass``
  with ``-X importtime``, the hook module's own import time and the whole ``site`` start-up.
- **orders**: ``bench/hosting_app.py`` (the README hosting story) in fresh processes, warm caches:
  "provider first" (as isort/ruff order it, the hook makes it fast), "sagemaker_tf first", and "eager"
  (``SAGEMAKER_TF_EAGER_PROVIDER_IMPORT=1``: the providers as they ship).
- **cold**: ``--cold-rounds`` rounds, alternating a first run on empty sagemaker-tf and jsii caches (as on a
  fresh CI runner) with a run on warm caches; medians, the cold/warm ratio, the cold run's peak RSS, and
  any process still running after a cold run; then ``sagemaker-tf warm`` on empty caches (its output, with
  the time of each step) and one run after it.
- **overhead**: the same resources through the constructs and as hand-written L1 (``bench/overhead.py``),
  in this process, for each ``--endpoints`` size; time ratio and jsii kernel messages per endpoint.
- **images**: ``bench/images_app.py`` in fresh processes, warm caches, its image from ``from_sagemaker_image``
  vs the same image from ``from_dlc``, alternating; the ratio, and whether sagemaker-core was imported.

It prints numbers and ratios only and never fails on time.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from _common import OPT_OUT_ENV_VAR, load_average, median

BENCH = Path(__file__).resolve().parent
APP = BENCH / "hosting_app.py"
IMAGES_APP = BENCH / "images_app.py"
IMAGE_SOURCES = ("sagemaker-image", "dlc")
SECTIONS = ("startup", "orders", "cold", "overhead", "images")


# --------------------------------------------------------------------------------------------------
# Fresh-process runs of the hosting app
# --------------------------------------------------------------------------------------------------


def _child(order: str, outdir: str) -> None:
    """In the fresh process: import (in the given order), build, synth; print one RESULT line."""
    start = time.perf_counter()
    if order == "sagemaker_tf-first":
        import sagemaker_tf  # noqa: F401
    import importlib.util

    images = order in IMAGE_SOURCES
    spec = importlib.util.spec_from_file_location("bench_app", IMAGES_APP if images else APP)
    assert spec is not None and spec.loader is not None
    app_module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(app_module)  # as written: the provider is its first import
    from sagemaker_tf._runtime.framework import App

    imported = time.perf_counter()
    app = App(outdir=outdir)
    if images:
        app_module.build(app, order)
    else:
        app_module.build(app)
    app.synth()
    synthed = time.perf_counter()

    import hashlib

    from _common import memory_report

    hook = sys.modules.get("_sagemaker_tf_import_hook")
    stack_json = Path(outdir, "stacks", "images" if images else "hosting", "cdk.tf.json").read_bytes()
    aws = sys.modules["cdktf_cdktf_provider_aws"]
    print(
        "RESULT "
        + json.dumps(
            {
                "import_s": imported - start,
                "build_synth_s": synthed - imported,
                **memory_report(),
                "lazy": bool(aws.__dict__.get("__sagemaker_tf_lazy__")),
                "hooked": bool(hook and hook.handled.get("cdktf_cdktf_provider_aws")),
                "sha": hashlib.sha256(stack_json).hexdigest()[:16],
                "sagemaker_core": "sagemaker.core" in sys.modules,
            }
        )
    )


def _env(eager: bool = False, caches: Path | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != OPT_OUT_ENV_VAR}
    env["JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION"] = "20"
    if eager:
        env[OPT_OUT_ENV_VAR] = "1"
    if caches is not None:
        env["XDG_CACHE_HOME"] = str(caches / "xdg")
        env["JSII_RUNTIME_PACKAGE_CACHE_ROOT"] = str(caches / "jsii")
    return env


def _run_app(order: str, env: dict[str, str], work: Path) -> dict[str, Any]:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, __file__, "--child", order, str(work / "out")],
        env=env,
        cwd=work,
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{order} run failed:\n{done.stderr[-3000:]}")
    line = next(x for x in done.stdout.splitlines() if x.startswith("RESULT "))
    return {"wall_s": wall, **json.loads(line.removeprefix("RESULT "))}


def _line(label: str, r: dict[str, Any]) -> str:
    return (
        f"    {label:26} wall {r['wall_s']:6.2f} s  import {r['import_s']:6.2f} s  build+synth"
        f" {r['build_synth_s']:5.2f} s  peak RSS {r['python_peak_mb']:5.0f} + {r['node_peak_mb']:5.0f}"
        f" = {r['total_peak_mb']:5.0f} MB  lazy={r['lazy']!s:5} json {r['sha']}"
    )


# --------------------------------------------------------------------------------------------------
# Sections
# --------------------------------------------------------------------------------------------------


def startup(rounds: int) -> None:
    """``python -c pass``: the hook's share of interpreter start-up, from ``-X importtime``."""
    hook_us: list[float] = []
    site_us: list[float] = []
    walls: dict[str, list[float]] = {"hook on": [], "opted out": []}
    # As on a user's machine: bytecode is written (and then read) as usual, even where the environment turns
    # that off (PYTHONDONTWRITEBYTECODE); without a .pyc, compiling the hook module costs about 2 ms.
    envs = {
        eager: {k: v for k, v in _env(eager=eager).items() if k != "PYTHONDONTWRITEBYTECODE"} for eager in (False, True)
    }
    subprocess.run([sys.executable, "-c", "pass"], env=envs[False], check=True)  # writes the .pyc files
    for _ in range(max(rounds, 10)):
        for label, eager in (("hook on", False), ("opted out", True)):
            started = time.perf_counter()
            done = subprocess.run(
                [sys.executable, "-X", "importtime", "-c", "pass"],
                env=envs[eager],
                capture_output=True,
                text=True,
                check=True,
                cwd=tempfile.gettempdir(),
            )
            walls[label].append(time.perf_counter() - started)
            if label == "hook on":
                times = {
                    m.group(3).strip(): (int(m.group(1)), int(m.group(2)))
                    for m in re.finditer(r"import time:\s+(\d+) \|\s+(\d+) \|(.*)$", done.stderr, re.M)
                }
                hook_us.append(times.get("_sagemaker_tf_import_hook", (0, 0))[1])
                site_us.append(times.get("site", (0, 0))[1])
    print(
        f"  python -c pass, {len(hook_us)} runs: the hook module's import {median(hook_us):.0f} us"
        f" (cumulative), of 'site' {median(site_us):.0f} us;"
        f" wall hook on {median(walls['hook on']) * 1000:.1f} ms vs opted out"
        f" {median(walls['opted out']) * 1000:.1f} ms (the module is imported in both; opted out only"
        f" installs no finder)"
    )


def orders(rounds: int) -> None:
    """The hosting app in both import orders (hook on) and eager, warm caches, alternating."""
    modes: dict[str, tuple[str, bool]] = {
        "provider first (hook)": ("provider-first", False),
        "sagemaker_tf first": ("sagemaker_tf-first", False),
        "eager (opted out)": ("provider-first", True),
    }
    with tempfile.TemporaryDirectory(prefix="sagemaker-tf-bench-") as scratch:
        work = Path(scratch)
        for order, eager in modes.values():  # untimed: fills the caches
            _run_app(order, _env(eager=eager), work)
        results: dict[str, list[dict[str, Any]]] = {label: [] for label in modes}
        for round_number in range(rounds):
            for label, (order, eager) in modes.items():
                result = _run_app(order, _env(eager=eager), work)
                results[label].append(result)
                print(_line(f"{round_number + 1}: {label}", result), flush=True)
    print(f"  medians of {rounds} alternating rounds:")
    summary = {
        label: {k: median([r[k] for r in rs]) for k in ("wall_s", "import_s", "build_synth_s", "total_peak_mb")}
        for label, rs in results.items()
    }
    for label, s in summary.items():
        print(
            f"    {label:26} wall {s['wall_s']:6.2f} s  import {s['import_s']:6.2f} s"
            f"  build+synth {s['build_synth_s']:5.2f} s  peak RSS {s['total_peak_mb']:5.0f} MB"
        )
    eager, first = summary["eager (opted out)"], summary["provider first (hook)"]
    print(
        f"    eager / provider first: wall {eager['wall_s'] / first['wall_s']:.2f}x,"
        f" peak RSS {eager['total_peak_mb'] / first['total_peak_mb']:.2f}x;"
        f" provider first / sagemaker_tf first: wall"
        f" {first['wall_s'] / summary['sagemaker_tf first']['wall_s']:.2f}x"
    )
    shas = {r["sha"] for rs in results.values() for r in rs}
    print(f"    synthesized JSON identical in all runs: {'yes' if len(shas) == 1 else 'NO ' + str(sorted(shas))}")


def _index_state(caches: Path) -> str:
    """Whether the AWS provider's jsii runtime index exists in the cache entry the kernel used."""
    manifests = list((caches / "jsii").glob("@cdktf/provider-aws/*/*/.jsii.runtime.v1.json"))
    return "index present" if manifests else "index missing"


def _processes_mentioning(text: str) -> list[str]:
    """Processes (other than this one) whose command line mentions ``text``: what outlived a run."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit() or int(proc.name) == os.getpid():
            continue
        try:
            command = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if text in command:
            found.append(f"{proc.name}: {command[:120]}")
    return found


def cold(rounds: int) -> None:
    """Alternating: a first run on empty caches, then a run on warm caches; ratios; then ``sagemaker-tf warm``."""
    with tempfile.TemporaryDirectory(prefix="sagemaker-tf-cold-") as scratch:
        root = Path(scratch)
        work = root / "work"
        work.mkdir()
        warm_caches = root / "warm"
        _run_app("provider-first", _env(caches=warm_caches), work)  # fills the warm caches (untimed)
        results: dict[str, list[dict[str, Any]]] = {"cold (first run, empty caches)": [], "warm": []}
        leftovers: list[str] = []
        for number in range(rounds):
            caches = root / f"cold{number}"
            first = _run_app("provider-first", _env(caches=caches), work)
            leftovers += _processes_mentioning(str(caches))
            print(_line(f"cold, round {number + 1}", first) + f"  at exit: {_index_state(caches)}", flush=True)
            results["cold (first run, empty caches)"].append(first)
            warm = _run_app("provider-first", _env(caches=warm_caches), work)
            print(_line(f"warm, round {number + 1}", warm), flush=True)
            results["warm"].append(warm)
        summary = {label: _median_result(runs) for label, runs in results.items()}
        for label, result in summary.items():
            print(_line(f"median {label[:19]}", result))
        cold_result, warm_result = summary.values()
        print(
            f"    cold / warm: wall {cold_result['wall_s'] / warm_result['wall_s']:.2f}x (target <= 2.5x),"
            f" peak RSS {cold_result['total_peak_mb']:.0f} MB (target < 400 MB)"
        )
        print(f"    processes left running after a cold run: {leftovers or 'none'}")
        shas = {r["sha"] for rs in results.values() for r in rs}
        print(f"    synthesized JSON identical in all runs: {'yes' if len(shas) == 1 else 'NO ' + str(sorted(shas))}")

        warmed = root / "warmed"
        started = time.perf_counter()
        done = subprocess.run(
            [
                sys.executable,
                "-c",
                "import argparse, sys; from sagemaker_tf.cli import warm; sys.exit(warm.run(argparse.Namespace()))",
            ],
            env=_env(caches=warmed),
            cwd=work,
            capture_output=True,
            text=True,
            check=False,
        )
        print(f"    sagemaker-tf warm on empty caches: {time.perf_counter() - started:.2f} s, exit {done.returncode}")
        for line in done.stdout.splitlines():
            print(f"      | {line}")
        print(_line("after warm, run 1", _run_app("provider-first", _env(caches=warmed), work)), flush=True)


def _median_result(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The run with the median wall time (its other numbers with it)."""
    ordered = sorted(runs, key=lambda r: r["wall_s"])
    return ordered[(len(ordered) - 1) // 2]


def overhead(sizes: list[int], repeat: int) -> None:
    """Constructs vs hand-written L1 in this process: time ratio and kernel messages per endpoint."""
    import overhead as bench_overhead  # imports sagemaker_tf, cdktf and the provider (fast path)
    from _common import kernel_messages as messages

    bench_overhead.with_constructs(2), bench_overhead.with_l1(2)  # warm-up: first use of each submodule
    for n in sizes:
        times: dict[str, list[float]] = {"constructs": [], "l1": []}
        for _ in range(repeat):
            for name, build in (("constructs", bench_overhead.with_constructs), ("l1", bench_overhead.with_l1)):
                started = time.perf_counter()
                build(n)
                times[name].append(time.perf_counter() - started)
        constructs, l1 = median(times["constructs"]), median(times["l1"])
        m_constructs = messages(bench_overhead.with_constructs, n) / n
        m_l1 = messages(bench_overhead.with_l1, n) / n
        print(
            f"    {n:4} endpoints: constructs {constructs:6.2f} s, L1 {l1:6.2f} s (medians of {repeat}),"
            f" ratio {constructs / l1:.2f}x;  kernel messages per endpoint: constructs {m_constructs:.1f},"
            f" L1 {m_l1:.1f}, ratio {m_constructs / m_l1:.2f}x",
            flush=True,
        )


def images(rounds: int) -> None:
    """An app whose image comes from ``from_sagemaker_image`` vs ``from_dlc``, fresh processes, alternating."""
    with tempfile.TemporaryDirectory(prefix="sagemaker-tf-bench-") as scratch:
        work = Path(scratch)
        for source in IMAGE_SOURCES:  # untimed: fills the caches
            _run_app(source, _env(), work)
        results: dict[str, list[dict[str, Any]]] = {source: [] for source in IMAGE_SOURCES}
        for round_number in range(rounds):
            for source in IMAGE_SOURCES:
                result = _run_app(source, _env(), work)
                results[source].append(result)
                print(_line(f"{round_number + 1}: {source}", result), flush=True)
    print(f"  medians of {rounds} alternating rounds:")
    walls = {source: median([r["wall_s"] for r in rs]) for source, rs in results.items()}
    synths = {source: median([r["build_synth_s"] for r in rs]) for source, rs in results.items()}
    for source in IMAGE_SOURCES:
        print(f"    {source:26} wall {walls[source]:6.2f} s  build+synth {synths[source]:5.2f} s")
    imported = any(r["sagemaker_core"] for r in results["sagemaker-image"])
    print(
        f"    from_sagemaker_image / from_dlc: wall {walls['sagemaker-image'] / walls['dlc']:.2f}x,"
        f" build+synth {synths['sagemaker-image'] / synths['dlc']:.2f}x;"
        f" sagemaker-core imported: {'YES' if imported else 'no'}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds of the fresh-process runs")
    parser.add_argument("--cold-rounds", type=int, default=3, help="alternating cold (empty caches) / warm rounds")
    parser.add_argument("--endpoints", type=int, nargs="+", default=[20, 200])
    parser.add_argument("--repeat", type=int, default=5, help="repetitions per size in the overhead section")
    parser.add_argument("--only", default=",".join(SECTIONS), help=f"comma-separated subset of {SECTIONS}")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(*args.child)
        return

    print(
        f"sagemaker-tf bench/report.py  {time.strftime('%Y-%m-%d %H:%M:%S UTC', time.gmtime())}"
        f"  python {sys.version.split()[0]}  cpus {os.cpu_count()}"
    )
    selected = [s.strip() for s in args.only.split(",") if s.strip()]
    for section in selected:
        print(f"\n[{section}]  load average before: {load_average()}", flush=True)
        if section == "startup":
            startup(args.rounds)
        elif section == "orders":
            orders(args.rounds)
        elif section == "cold":
            cold(args.cold_rounds)
        elif section == "overhead":
            overhead(args.endpoints, args.repeat)
        elif section == "images":
            images(max(args.rounds, 5))
        else:
            raise SystemExit(f"unknown section {section!r}; choose from {SECTIONS}")
        print(f"  load average after: {load_average()}", flush=True)


if __name__ == "__main__":
    sys.path.insert(0, str(BENCH))
    main()
