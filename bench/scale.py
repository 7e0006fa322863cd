"""Scaling: build and synth N hosted endpoints through sagemaker_tf, for N = 10, 100 and 1,000.

Run from the repository root (``make bench`` runs it too)::

    python bench/scale.py                    # N = 10, 100, 1000
    python bench/scale.py --sizes 10 100     # a quicker check

Each endpoint has its own model, endpoint configuration, endpoint, autoscaling (target + policy) and one
alarm; the IAM role, ECR repository and bucket are shared. For each N the script prints the build and
synth times, the time per endpoint, and the ratio of the per-endpoint time to the smallest N's: a ratio
near 1 means linear, a ratio growing with N means worse than linear. It never fails on time.
"""

from __future__ import annotations

import argparse
import time

from _common import load_average, memory_report
from overhead import with_constructs  # imports sagemaker_tf first: the fast provider import


def _measure(endpoints: int) -> tuple[float, float, int]:
    """Build and synth ``endpoints`` endpoints; return (build_s, synth_s, resources)."""
    import json

    import overhead

    timings: dict[str, float] = {}
    real_synth = overhead.Testing.synth

    def timed_synth(stack, *args, **kwargs):  # type: ignore[no-untyped-def]
        timings["build_end"] = time.perf_counter()
        document = real_synth(stack, *args, **kwargs)
        timings["synth_end"] = time.perf_counter()
        return document

    overhead.Testing.synth = timed_synth  # type: ignore[method-assign]
    try:
        started = time.perf_counter()
        document = with_constructs(endpoints)
    finally:
        overhead.Testing.synth = real_synth  # type: ignore[method-assign]
    resources = sum(len(items) for items in json.loads(document)["resource"].values())
    return timings["build_end"] - started, timings["synth_end"] - timings["build_end"], resources


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 1000])
    args = parser.parse_args()

    _measure(2)  # warm-up: first use of each provider submodule
    print(f"load average: {load_average()}", flush=True)
    base: float | None = None
    for n in args.sizes:
        build, synth, resources = _measure(n)
        per_endpoint = (build + synth) / n
        base = base or per_endpoint
        print(
            f"  N={n:5}  resources {resources:6}  build {build:8.2f} s  synth {synth:7.2f} s"
            f"  per endpoint {per_endpoint * 1000:7.1f} ms"
            f" (build {build / n * 1000:.1f} + synth {synth / n * 1000:.1f})"
            f"  ratio to N={args.sizes[0]}: {per_endpoint / base:.2f}x",
            flush=True,
        )
    print(f"  peak RSS: {memory_report()}   load average now: {load_average()}")


if __name__ == "__main__":
    main()
