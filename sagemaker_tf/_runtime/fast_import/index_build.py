"""jsii's runtime index built by jsii's own worker, for assemblies that do not carry one.

jsii (>= 1.140) unpacks each package tarball once into its package cache and, on the first load from the
cache, starts a worker thread in the kernel that writes a "runtime index" of the assembly next to it. The
worker dies with the kernel, i.e. with the Python process. The lazy copy of a large provider carries its
index already (see ``runtime_index.py``). The other assemblies (cdktf, constructs, the docker provider) are
small enough for the kernel's worker to finish in most runs. :func:`ensure_runtime_index` finishes what it did
not: in the foreground for ``sagemaker-tf warm``, or, only when the user asks for it with
``SAGEMAKER_TF_BACKGROUND_INDEX_BUILD=1``, in a detached node process started at exit.
"""

from __future__ import annotations

import atexit
import json
import logging
import os
import re
import subprocess
import time
from pathlib import Path
from typing import Final

from .cache import _check_private, cache_dir, has_runtime_index, package_cache_entry

_LOG: Final = logging.getLogger(__name__)

_INDEX_WORKER_FILE: Final = "lib__runtime-index-worker.js"
_BUILD_TIMEOUT_S: Final = 600
_BUILDER_SCRIPT: Final = r"""
const { Worker } = require("worker_threads");
const fs = require("fs");
const [workerFile, featuresJson, lockFile, ...dirs] = process.argv.slice(1);
let failed = false;
let left = dirs.length;
for (const packageDir of dirs) {
  const worker = new Worker(workerFile, { workerData: { packageDir, supportedFeatures: JSON.parse(featuresJson) } });
  worker.on("message", (m) => { if (m && m.error) { console.error(m.error); failed = true; } });
  worker.on("error", (e) => { console.error(String(e)); failed = true; });
  worker.on("exit", (code) => { if (code !== 0) failed = true; if (--left === 0 && lockFile) fs.rmSync(lockFile, { force: true }); });
}
process.on("exit", () => { process.exitCode = failed ? 1 : 0; });
"""
_DEFAULT_FEATURES: Final = ("intersection-types", "class-covariant-overrides")

index_builds: dict[str, str] = {}
"""Per package cache entry, what :func:`ensure_runtime_index` did: ``present``, ``started``, ``busy``, ``built``
or ``failed`` (for tests, benchmarks and ``sagemaker-tf warm``)."""


def index_worker_file() -> Path | None:
    """jsii's own runtime-index worker script (embedded in the jsii Python package), if this jsii has one."""
    try:
        import jsii._embedded.jsii as embedded
    except ImportError:
        return None
    worker = Path(embedded.__file__).with_name(_INDEX_WORKER_FILE)
    return worker if worker.is_file() else None


def _supported_features(worker: Path) -> list[str]:
    """The assembly features this jsii kernel supports (read from its bundled program)."""
    try:
        program = worker.with_name("lib__program.js").read_text(encoding="utf-8")
    except OSError:
        return list(_DEFAULT_FEATURES)
    match = re.search(r"ASSEMBLY_SUPPORTED_FEATURES=(\[[^\]]*\])", program)
    return re.findall(r'"([^"]+)"', match.group(1)) if match else list(_DEFAULT_FEATURES)


_scheduled: list[tuple[str, str, str]] = []


BACKGROUND_BUILD_ENV_VAR: Final = "SAGEMAKER_TF_BACKGROUND_INDEX_BUILD"
"""Set to ``1``/``true``/``yes``/``on`` to start a detached index build at exit when an index is missing (off by
default: no process outlives a synth unless asked; ``warm`` builds in the foreground either way)."""


def background_build_requested() -> bool:
    """Whether the user asked for the detached index build at exit (:data:`BACKGROUND_BUILD_ENV_VAR`)."""
    return os.environ.get(BACKGROUND_BUILD_ENV_VAR, "").strip().lower() in ("1", "true", "yes", "on")


def schedule_runtime_index(name: str, version: str, tarball: str) -> None:
    """At exit of this process, :func:`ensure_runtime_index` for a package the kernel loaded.

    Not right away: the kernel's own index worker is running then, and usually finishes in a long enough
    process. At exit we only start a build when it did not (``atexit`` runs this before jsii stops the kernel).
    Nothing is scheduled unless :data:`BACKGROUND_BUILD_ENV_VAR` is on.
    """
    if not background_build_requested():
        return
    if not _scheduled:
        atexit.register(_ensure_scheduled)
    _scheduled.append((name, version, tarball))


def _ensure_scheduled() -> None:
    while _scheduled:
        ensure_runtime_index(*_scheduled.pop(0))


def ensure_runtime_index(name: str, version: str, tarball: str | os.PathLike[str], *, wait: bool = False) -> str:
    """Make sure jsii's runtime index of the package ``name@version`` (from ``tarball``) gets written.

    When the package cache entry has no index, run jsii's index worker on it in a node process of its own:
    detached, so that it finishes after this process exits (``wait=False``, what a normal run does), or
    waited for (``wait=True``, what ``sagemaker-tf warm`` does). A lock file in our cache directory keeps
    concurrent runs from starting a second build. Returns what happened (see :data:`index_builds`); never
    raises.
    """
    try:
        entry = package_cache_entry(name, version, tarball)
        if entry is None or not entry.is_dir():
            return _record(str(entry), "no-cache")
        if has_runtime_index(entry):
            return _record(str(entry), "present")
        worker = index_worker_file()
        if worker is None:
            return _record(str(entry), "unsupported")
        lock = _take_build_lock(entry, wait)
        if lock is None:
            return _record(str(entry), "busy")
        command = [
            os.environ.get("JSII_NODE", "node"),
            "--max-old-space-size=4096",
            "-e",
            _BUILDER_SCRIPT,
            str(worker),
            json.dumps(_supported_features(worker)),
            str(lock),
            str(entry),
        ]
        if not wait:
            try:
                subprocess.Popen(
                    command,
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    start_new_session=True,
                    close_fds=True,
                )
            except BaseException:
                lock.unlink(missing_ok=True)  # no builder will release it
                raise
            return _record(str(entry), "started")
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=_BUILD_TIMEOUT_S, check=False)
        finally:
            lock.unlink(missing_ok=True)
        if done.returncode != 0 or not has_runtime_index(entry):
            _LOG.debug("sagemaker_tf: runtime index build failed for %s: %s", entry, done.stderr[-2000:])
            return _record(str(entry), "failed")
        return _record(str(entry), "built")
    except Exception as error:
        _LOG.debug("sagemaker_tf: no runtime index for %s: %s", name, error)
        return _record(f"{name}@{version}", "failed")


def _record(entry: str, outcome: str) -> str:
    index_builds[entry] = outcome
    return outcome


def _take_build_lock(entry: Path, wait: bool) -> Path | None:
    """Create ``<cache>/index-<entry digest>.lock``; ``None`` when a live build holds it (unless ``wait``)."""
    directory = cache_dir()
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    _check_private(directory, is_dir=True)
    lock = directory / f"index-{entry.name[:32]}.lock"
    for _ in range(2):
        try:
            handle = os.open(lock, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            try:
                age = time.time() - lock.stat().st_mtime
            except OSError:
                continue
            if age > _BUILD_TIMEOUT_S or wait:  # stale (a killed build), or warm must build now
                lock.unlink(missing_ok=True)
                continue
            return None
        os.write(handle, str(os.getpid()).encode())
        os.close(handle)
        return lock
    return None
