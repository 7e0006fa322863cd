"""End-to-end synth of the complete example app, in fresh processes, with and without the fast import.

Run from the repository root (``make bench`` runs it too)::

    python bench/synth.py                 # 3 rounds per mode, warm caches
    python bench/synth.py --cold          # every run starts with empty caches (what CI sees)
    python bench/synth.py --rounds 5

Each run is a new Python process that imports ``sagemaker_tf`` and then the app
(``examples/production/main.py``: cdktf, the provider bindings, the jsii kernel), calls its ``build(app)``
and ``app.synth()``. It
reports the wall time of each phase and the peak RSS of Python and of the node jsii kernel. "fast" is the
default; "eager" sets ``SAGEMAKER_TF_EAGER_PROVIDER_IMPORT=1``. The script prints numbers and ratios only;
it never fails on time.

The fast import only works when ``sagemaker_tf`` is imported before any ``cdktf_cdktf_provider_aws``
module; ``--as-written`` runs the app's own import order instead.
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

from _common import OPT_OUT_ENV_VAR, ROOT, load_average, median

APP = ROOT / "examples" / "production" / "main.py"
MODES = ("fast", "eager")


def _child(app_file: Path, outdir: str, as_written: bool) -> None:
    """Runs in the fresh process: import, build, synth, then print one JSON line."""
    start = time.perf_counter()
    import importlib.util

    import _common  # noqa: F401  (sys.path, JSII env)

    if not as_written:
        import sagemaker_tf  # noqa: F401  (before the app's own provider imports, as the README asks)

    spec = importlib.util.spec_from_file_location("bench_app", app_file)
    assert spec is not None and spec.loader is not None
    app_module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(app_module)  # imports sagemaker_tf, cdktf, the provider submodules
    from sagemaker_tf._runtime.framework import App

    imported = time.perf_counter()
    app = App(outdir=outdir)
    app_module.build(app)
    built = time.perf_counter()
    app.synth()
    synthed = time.perf_counter()

    from _common import memory_report

    stack_json = next(Path(outdir, "stacks").glob("*/cdk.tf.json")).read_bytes()
    print(
        "RESULT "
        + json.dumps(
            {
                "import_s": imported - start,
                "build_s": built - imported,
                "synth_s": synthed - built,
                "in_process_s": synthed - start,
                **memory_report(),
                "stack_json_bytes": len(stack_json),
                "stack_json_sha": __import__("hashlib").sha256(stack_json).hexdigest()[:16],
            }
        )
    )


def _run(mode: str, cold_root: Path | None, as_written: bool) -> dict[str, float | str]:
    env = {k: v for k, v in os.environ.items() if k != OPT_OUT_ENV_VAR}
    env["JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION"] = "20"
    if mode == "eager":
        env[OPT_OUT_ENV_VAR] = "1"
    with tempfile.TemporaryDirectory(prefix="sagemaker-tf-bench-") as scratch:
        if cold_root is not None:  # empty sagemaker-tf and jsii package caches for this run only
            env["XDG_CACHE_HOME"] = str(Path(scratch, "xdg"))
            env["JSII_RUNTIME_PACKAGE_CACHE_ROOT"] = str(Path(scratch, "jsii-cache"))
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, __file__, "--child", str(APP), str(Path(scratch, "out"))]
            + (["--as-written"] if as_written else []),
            env=env,
            cwd=APP.parent,
            capture_output=True,
            text=True,
            check=False,
        )
        wall = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{mode} run failed:\n{done.stderr[-3000:]}")
    line = next(x for x in done.stdout.splitlines() if x.startswith("RESULT "))
    return {"wall_s": wall, **json.loads(line.removeprefix("RESULT "))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--cold", action="store_true", help="empty sagemaker-tf and jsii caches for every run")
    parser.add_argument(
        "--as-written",
        action="store_true",
        help="run the app exactly as written, without importing sagemaker_tf before it",
    )
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(Path(args.child[0]), args.child[1], args.as_written)
        return

    print(
        f"app: {APP.relative_to(ROOT)}   caches: {'cold' if args.cold else 'warm'}"
        f"   sagemaker_tf imported first: {'no (as written)' if args.as_written else 'yes'}"
        f"   load average: {load_average()}"
    )
    if not args.cold:  # one untimed run per mode fills the caches (lazy tarball, jsii package cache)
        for mode in MODES:
            _run(mode, None, args.as_written)
    results: dict[str, list[dict[str, float | str]]] = {mode: [] for mode in MODES}
    for round_number in range(args.rounds):
        for mode in MODES:  # alternate, so that load changes hit both modes alike
            result = _run(mode, Path("cold") if args.cold else None, args.as_written)
            results[mode].append(result)
            print(
                f"  round {round_number + 1} {mode:5}  wall {result['wall_s']:6.2f} s"
                f"  import {result['import_s']:6.2f} s"
                f"  build {result['build_s']:5.2f} s  synth {result['synth_s']:5.2f} s"
                f"  peak RSS python {result['python_peak_mb']:6.0f} MB + node {result['node_peak_mb']:6.0f} MB"
                f" = {result['total_peak_mb']:6.0f} MB  json {result['stack_json_sha']}"
            )
    print(f"medians over {args.rounds} rounds (load average now: {load_average()}):")
    summary: dict[str, dict[str, float]] = {}
    for mode in MODES:
        keys = ("wall_s", "import_s", "build_s", "synth_s", "total_peak_mb", "python_peak_mb", "node_peak_mb")
        summary[mode] = {key: median([float(r[key]) for r in results[mode]]) for key in keys}
        s = summary[mode]
        print(
            f"  {mode:5}  wall {s['wall_s']:6.2f} s (import {s['import_s']:.2f} + build {s['build_s']:.2f}"
            f" + synth {s['synth_s']:.2f})  peak RSS {s['total_peak_mb']:.0f} MB"
            f" (python {s['python_peak_mb']:.0f} + node {s['node_peak_mb']:.0f})"
        )
    fast, eager = summary["fast"], summary["eager"]
    print(
        f"  ratio eager/fast: wall {eager['wall_s'] / fast['wall_s']:.2f}x,"
        f" import {eager['import_s'] / fast['import_s']:.2f}x,"
        f" peak RSS {eager['total_peak_mb'] / fast['total_peak_mb']:.2f}x"
    )
    same = {r["stack_json_sha"] for mode in MODES for r in results[mode]}
    identical = "yes" if len(same) == 1 else "NO: " + ", ".join(sorted(same))
    print(f"  synthesized stack JSON identical across all runs: {identical}")
    print(
        f"  targets: wall < 4 s: {'met' if fast['wall_s'] < 4 else 'not met'} ({fast['wall_s']:.2f} s);"
        f" peak RSS < 0.8 GB: {'met' if fast['total_peak_mb'] < 800 else 'not met'} ({fast['total_peak_mb']:.0f} MB)"
    )


if __name__ == "__main__":
    main()
