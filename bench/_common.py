"""Helpers shared by the benchmark scripts: peak memory from /proc, medians, the machine's load."""

from __future__ import annotations

import os
import statistics
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OPT_OUT_ENV_VAR = "SAGEMAKER_TF_EAGER_PROVIDER_IMPORT"

if str(ROOT) not in sys.path:  # run from a fresh clone without installing the package
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")


def peak_rss_mb(pid: int) -> float:
    """The peak resident set size (``VmHWM``) of process ``pid`` in MB; 0.0 where /proc is unavailable."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def descendant_pids(root: int | None = None) -> list[int]:
    """Every descendant of ``root`` (default: this process). The jsii kernel is a node grandchild."""
    parent_of: dict[int, int] = {}
    for entry in Path("/proc").iterdir() if Path("/proc").is_dir() else []:
        if entry.name.isdigit():
            try:
                parent_of[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    found: list[int] = []
    frontier = [os.getpid() if root is None else root]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, ppid in parent_of.items() if ppid == parent]
        found.extend(children)
        frontier.extend(children)
    return found


def memory_report() -> dict[str, float]:
    """Peak RSS of this Python process, of its node descendants, and their sum (MB)."""
    python = peak_rss_mb(os.getpid())
    node = [peak_rss_mb(pid) for pid in descendant_pids()]
    return {
        "python_peak_mb": round(python, 1),
        "node_peak_mb": round(max(node, default=0.0), 1),
        "total_peak_mb": round(python + sum(node), 1),
    }


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def load_average() -> str:
    """``/proc/loadavg`` (the first three numbers), or ``unknown``."""
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


def fast_path_enabled() -> bool:
    return os.environ.get(OPT_OUT_ENV_VAR, "").strip().lower() not in {"1", "true", "yes", "on"}


def kernel_messages(build: Callable[[int], object], n: int) -> int:
    """How many requests the Python side sends to the jsii kernel while ``build(n)`` runs (callbacks included).

    Counted by wrapping jsii's ``_NodeProcess.send``, the one place every kernel request goes through.
    """
    from jsii._kernel.providers import process

    count = 0
    real_send = process._NodeProcess.send

    def counting_send(self: object, request: object, response_type: object) -> object:
        nonlocal count
        count += 1
        return real_send(self, request, response_type)  # type: ignore[arg-type]

    process._NodeProcess.send = counting_send  # type: ignore[method-assign,assignment]
    try:
        build(n)
    finally:
        process._NodeProcess.send = real_send  # type: ignore[method-assign]
    return count
