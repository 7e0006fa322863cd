"""Where the lazy copies live, and where jsii unpacks packages: our cache and jsii's package cache.

Safety of our cache (``${XDG_CACHE_HOME:-~/.cache}/sagemaker-tf/``): site-packages is never written; a copy
is named after the package, its version, a SHA-256 of the original tarball and the version of the rewrite;
a directory or file that another user could write to (or rename, through a parent directory) is not used; a
copy is built into a temporary file, then linked into place (two processes may build at once, the first to
finish wins, and the output is deterministic).
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import re
import stat
import sys
import tempfile
import time
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Final

from . import archive, pack, shape

_LOG: Final = logging.getLogger(__name__)
_STALE_TEMPORARY_S: Final = 3600

RUNTIME_INDEX_MANIFEST: Final = ".jsii.runtime.v1.json"
"""The file jsii writes last when it builds the runtime index of a package (index format version 1)."""


def cache_dir() -> Path:
    """``${XDG_CACHE_HOME:-~/.cache}/sagemaker-tf`` (a relative ``XDG_CACHE_HOME`` is ignored)."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    root = Path(base) if base and os.path.isabs(base) else Path.home() / ".cache"
    return root / "sagemaker-tf"


def cached_name(name: str, version: str, digest: str) -> str:
    """The file name of the lazy copy of ``name@version`` whose original has SHA-256 ``digest``."""
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", name.lstrip("@"))
    return f"{safe}@{version}-{digest[:32]}-lazy{archive.REWRITE_VERSION}.jsii.tgz"


builds: dict[str, float] = {}
"""Per lazy copy this process built (its path), the seconds it took (for ``sagemaker-tf warm`` and benchmarks)."""


def lazy_tarball(
    name: str,
    version: str,
    tarball: str | os.PathLike[str],
    directory: Path | None = None,
    *,
    pending: Future[Path] | None = None,
) -> Path | None:
    """The lazy copy of ``tarball`` in the cache ``directory``, built now if missing; ``None`` on any failure.

    ``pending`` is a build of this very copy that :func:`start_build` started earlier: its outcome is waited for
    and handled here, in the caller's thread (warnings included).
    """
    try:
        if pending is not None:
            return pending.result()
        return _lazy_tarball(
            name, version, Path(tarball), directory or cache_dir(), shape.node_program_mismatch() is None
        )
    except archive.NotRewritable as error:
        shape.warn_fallback(f"the package tarball of {name} has a layout the lazy copy does not know: {error}")
        return None
    except PackMismatch as error:
        shape.warn_fallback(str(error))
        return None
    except Exception as error:
        _LOG.debug("sagemaker_tf: no lazy copy of %s: %s", tarball, error)
        return None


def start_build(name: str, version: str, tarball: str | os.PathLike[str]) -> Future[Path]:
    """Check or build the lazy copy of ``tarball`` on a thread, now; hand the future to :func:`lazy_tarball` later.

    The kernel hook starts this when the provider package is imported, before jsii loads (and, on a first run,
    unpacks) the framework's own assemblies in its node process: the copy is built meanwhile, on the other core.
    """
    indexable = shape.node_program_mismatch() is None  # here: no import on the thread
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sagemaker-tf-lazy-copy")
    try:
        return pool.submit(_lazy_tarball, name, version, Path(tarball), cache_dir(), indexable)
    finally:
        pool.shutdown(wait=False)  # the thread finishes its one build; interpreter exit waits for it


def _lazy_tarball(name: str, version: str, tarball: Path, directory: Path, indexable: bool) -> Path:
    with open(tarball, "rb") as source:
        digest = hashlib.file_digest(source, "sha256").hexdigest()
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    _check_private(directory, is_dir=True)
    _check_ancestors(directory)
    target = directory / cached_name(name, version, digest)
    pack_file = pack.pack_path_for(target)
    if target.exists():
        _check_private(target, is_dir=False)
        _check_pack(name, target, pack_file)
        return target
    _remove_stale_temporaries(directory)
    started = time.perf_counter()

    handle, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    pack_handle, pack_temp_name = tempfile.mkstemp(prefix=f".{pack_file.name}.", suffix=".tmp", dir=directory)
    temp, pack_temp = Path(temp_name), Path(pack_temp_name)
    try:
        with os.fdopen(handle, "wb") as out, os.fdopen(pack_handle, "wb") as pack_out:

            def write(with_runtime_index: bool) -> None:
                for stream in (out, pack_out):
                    stream.seek(0)
                    stream.truncate()
                target_pack = archive.PackTarget(pack_out, os.path.abspath(pack_file), os.path.abspath(tarball))
                archive.write_lazy_copy(tarball, out, with_runtime_index=with_runtime_index, pack=target_pack)

            try:
                write(with_runtime_index=indexable)
            except archive.AssemblyNotIndexed as error:  # keep the assembly, let jsii parse it
                _LOG.debug("sagemaker_tf: no runtime index in the lazy copy of %s: %s", tarball, error)
                write(with_runtime_index=False)
            pack_out.flush()  # not synced: the loader checks each module's hash, and reads a bad one from the original
            out.flush()
            os.fsync(out.fileno())
        _publish(pack_temp, pack_file)  # first: a published copy always has its pack
        _publish(temp, target)
    finally:
        temp.unlink(missing_ok=True)
        pack_temp.unlink(missing_ok=True)
    _check_private(target, is_dir=False)
    _check_pack(name, target, pack_file)
    builds[str(target)] = time.perf_counter() - started
    return target


class PackMismatch(Exception):
    """The module pack of a lazy copy cannot serve its modules."""


def _check_pack(name: str, target: Path, pack_file: Path) -> None:
    """Refuse a copy whose pack is missing, not private or damaged, and delete both (the next run rebuilds)."""
    reason = pack.mismatch(pack_file)
    if reason is None:
        try:
            _check_private(pack_file, is_dir=False)
        except PermissionError as error:
            reason = str(error)
    if reason is not None:
        target.unlink(missing_ok=True)
        pack_file.unlink(missing_ok=True)
        raise PackMismatch(f"the lazy copy of {name} cannot be used: {reason}")


def _publish(temp: Path, target: Path) -> None:
    """Put ``temp`` at ``target`` atomically, keeping a copy another process published first."""
    try:
        os.link(temp, target)
    except FileExistsError:
        pass
    except OSError:  # a file system without hard links
        os.replace(temp, target)


def _check_private(path: Path, *, is_dir: bool) -> None:
    """Refuse a path that is a symlink, of the wrong kind, or writable by another user."""
    info = os.lstat(path)
    kind_ok = stat.S_ISDIR(info.st_mode) if is_dir else stat.S_ISREG(info.st_mode)
    if not kind_ok:
        raise PermissionError(f"{path} is not a plain {'directory' if is_dir else 'file'}")
    if hasattr(os, "getuid") and (info.st_uid != os.getuid() or info.st_mode & 0o022):
        raise PermissionError(f"{path} is not private to this user")


def _check_ancestors(directory: Path) -> None:
    """Refuse a cache below a directory where another user could rename or replace it.

    An ancestor must be owned by this user or root and not writable by others, unless it has the
    sticky bit (like ``/tmp``), which stops others from renaming what they do not own.
    """
    if not hasattr(os, "getuid"):
        return
    for ancestor in directory.resolve().parents:
        info = os.stat(ancestor)
        if info.st_mode & stat.S_ISVTX:
            continue
        if info.st_uid not in (os.getuid(), 0) or info.st_mode & 0o022:
            raise PermissionError(f"{ancestor} is writable by other users")


def _remove_stale_temporaries(directory: Path) -> None:
    """Delete temporary files that a killed build left behind (older than an hour)."""
    cutoff = time.time() - _STALE_TEMPORARY_S
    for leftover in directory.glob(".*.tmp"):
        try:
            if leftover.stat().st_mtime < cutoff:
                leftover.unlink()
        except OSError:
            continue


# --------------------------------------------------------------------------------------------------
# jsii's package cache
# --------------------------------------------------------------------------------------------------


def package_cache_root() -> Path | None:
    """jsii's package cache directory, as the kernel computes it; ``None`` when the cache is disabled."""
    if os.environ.get("JSII_RUNTIME_PACKAGE_CACHE", "enabled").lower() != "enabled":
        return None
    configured = os.environ.get("JSII_RUNTIME_PACKAGE_CACHE_ROOT", "")
    if configured:
        return Path(configured)
    if sys.platform == "win32":
        local = os.environ.get("LOCALAPPDATA", "")
        base = Path(local) if local and os.path.isabs(local) else Path.home() / "AppData" / "Local"
        return base / "AWS" / "jsii" / "package-cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "com.amazonaws.jsii" / "package-cache"
    return Path.home() / ".cache" / "aws" / "jsii" / "package-cache"


def package_cache_entry(name: str, version: str, tarball: str | os.PathLike[str]) -> Path | None:
    """The directory the jsii kernel unpacks ``tarball`` (package ``name@version``) into; ``None`` without cache.

    jsii keys an entry by name, version and the SHA-256 of the tarball's bytes followed by ``\\0name\\0version``.
    """
    root = package_cache_root()
    if root is None:
        return None
    digest = _entry_digest(name, version, Path(tarball))
    segments = [part for part in re.sub(r"[^@a-z0-9_./-]+", "_", name).split("/") if part]
    return root.joinpath(*segments, re.sub(r"[^@a-z0-9_./-]+", "_", version), digest)


def _entry_digest(name: str, version: str, tarball: Path) -> str:
    """SHA-256 of the tarball plus key, remembered next to our own (immutable) lazy copies."""
    sidecar = tarball.with_name(tarball.name + ".jsii-cache-key") if tarball.parent == cache_dir() else None
    if sidecar is not None:
        try:
            return sidecar.read_text(encoding="ascii").strip()
        except OSError:
            pass
    with open(tarball, "rb") as source:
        digest = hashlib.file_digest(source, "sha256")
    digest.update(b"\0" + name.encode() + b"\0" + version.encode())
    hex_digest = digest.hexdigest()
    if sidecar is not None:
        with contextlib.suppress(OSError):
            sidecar.write_text(hex_digest, encoding="ascii")
    return hex_digest


def has_runtime_index(entry: Path) -> bool:
    """Whether jsii finished writing the runtime index of the package cache ``entry``."""
    return (entry / RUNTIME_INDEX_MANIFEST).is_file()
