"""Node-side fast load of the prebuilt AWS provider: a lazy JavaScript index for the jsii kernel.

When Python loads the ``@cdktf/provider-aws`` assembly, the jsii kernel (a node process) extracts the
package tarball and ``require``\\ s its ``lib/index.js``. That index eagerly requires all 2,212 generated
JavaScript submodules: 3.6-5.4 s and about 580 MB of node memory, even when a program uses ten resources.

:func:`install` wraps the Python-side kernel's ``load`` once, for the tarballs given. When the kernel is
asked to load one of them, the wrapper hands it a copy whose ``lib/index.js`` defines each submodule as a
lazy getter (``Object.defineProperty(exports, "x", {get: () => require("./x")})``), so node requires a
submodule the first time jsii looks a type up in it. Everything else in the tarball is byte-identical.

Safety:

- site-packages is never written. The copy lives in a per-user cache directory,
  ``${XDG_CACHE_HOME:-~/.cache}/sagemaker-tf/``, named after the package, its version, a SHA-256 of the
  original tarball and the version of this rewrite. A directory or file that another user could write
  to (or rename, through a parent directory) is not used.
- The copy is built into a temporary file, then linked into place. Two processes may build at once;
  the first to finish wins, the other discards its copy. The output is deterministic.
- The index is rewritten only when every line of it is of a shape we know; otherwise nothing changes.
- Any failure (no cache directory, a malformed tarball, the kernel refusing the copy) falls back
  silently to the original tarball. A copy the kernel refused is deleted, so the next run rebuilds it.

``SAGEMAKER_TF_EAGER_PROVIDER_IMPORT=1`` turns this off, together with the Python-side lazy import.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import json
import logging
import os
import re
import stat
import subprocess
import sys
import tempfile
import time
import zlib
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any, BinaryIO, Final

_LOG: Final = logging.getLogger(__name__)

REWRITE_VERSION: Final = 1
"""Bumped whenever the rewrite changes, so that older cached copies are not reused."""

INDEX_MEMBER: Final = "package/lib/index.js"
"""The tarball member that is rewritten (the package's ``main``)."""

_BLOCK: Final = 512
_READ_CHUNK: Final = 1 << 20
_GZIP_MEMBER: Final = 8 << 20  # uncompressed bytes per output gzip member (compressed in parallel)
_MAX_INDEX_BYTES: Final = 64 << 20
_STALE_TEMPORARY_S: Final = 3600

_REQUIRE_LINE: Final = re.compile(
    r'^exports\.([A-Za-z_$][\w$]*) = (__importStar\()?require\("(\./[\w./-]+)"\)(?(2)\));$'
)
"""``exports.x = require("./x");`` (cdktf's generated index) or ``exports.x = __importStar(require("./x"));``
(cdktn's)."""

_TS_HELPERS: Final = """\
var __createBinding = (this && this.__createBinding) || (Object.create ? (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    var desc = Object.getOwnPropertyDescriptor(m, k);
    if (!desc || ("get" in desc ? !m.__esModule : desc.writable || desc.configurable)) {
      desc = { enumerable: true, get: function() { return m[k]; } };
    }
    Object.defineProperty(o, k2, desc);
}) : (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    o[k2] = m[k];
}));
var __setModuleDefault = (this && this.__setModuleDefault) || (Object.create ? (function(o, v) {
    Object.defineProperty(o, "default", { enumerable: true, value: v });
}) : function(o, v) {
    o["default"] = v;
});
var __importStar = (this && this.__importStar) || (function () {
    var ownKeys = function(o) {
        ownKeys = Object.getOwnPropertyNames || function (o) {
            var ar = [];
            for (var k in o) if (Object.prototype.hasOwnProperty.call(o, k)) ar[ar.length] = k;
            return ar;
        };
        return ownKeys(o);
    };
    return function (mod) {
        if (mod && mod.__esModule) return mod;
        var result = {};
        if (mod != null) for (var k = ownKeys(mod), i = 0; i < k.length; i++) if (k[i] !== "default") __createBinding(result, mod, k[i]);
        __setModuleDefault(result, mod);
        return result;
    };
})();
"""
"""The module-interop helpers TypeScript emits at the top of cdktn's index (kept as they are)."""
_TS_HELPER_LINES: Final = frozenset(_TS_HELPERS.split("\n"))
_KEPT_LINE: Final = re.compile(
    r"^(?:"
    r'"use strict";'
    r"|/\*\*|\*/| \*/| \*(?: .*)?"
    r"|//.*"
    r'|Object\.defineProperty\(exports, "__esModule", \{ value: true \}\);'
    r"|(?:exports\.[A-Za-z_$][\w$]* = )+void 0;"
    r"|"
    r")$"
)


class _NotRewritable(Exception):
    """The tarball or its index has a shape this module does not rewrite."""


# --------------------------------------------------------------------------------------------------
# The index rewrite
# --------------------------------------------------------------------------------------------------


def lazy_index(source: str) -> str:
    """Rewrite a generated ``lib/index.js`` so that each submodule is required on first access.

    Each ``exports.x = require("./x");`` line (cdktf) or ``exports.x = __importStar(require("./x"));`` line
    (cdktn) becomes an enumerable, configurable getter on one line that returns the same expression (line
    numbers, hence the source map, stay valid). Every other line must be a header, a comment, the
    ``__esModule`` marker, a ``exports.a = exports.b = void 0;`` line or, when the index contains
    TypeScript's interop helpers verbatim, a line of those helpers; it is kept as it is. Raises
    ``ValueError`` for anything else, or when there is nothing to rewrite.
    """
    uses_helpers = _TS_HELPERS in source
    lines = source.split("\n")
    out: list[str] = []
    rewritten = 0
    for number, line in enumerate(lines, start=1):
        match = _REQUIRE_LINE.match(line)
        if match is not None:
            name, star, target = match.groups()
            value = f'__importStar(require("{target}"))' if star else f'require("{target}")'
            out.append(
                f'Object.defineProperty(exports, "{name}", {{ enumerable: true, configurable: true, '
                f"get: function () {{ return {value}; }} }});"
            )
            rewritten += 1
        elif _KEPT_LINE.match(line) or (line in _TS_HELPER_LINES and uses_helpers):
            out.append(line)
        else:
            raise ValueError(f"line {number} of the index is not a generated export: {line[:80]!r}")
    if rewritten == 0:
        raise ValueError("the index requires no submodules")
    return "\n".join(out)


# --------------------------------------------------------------------------------------------------
# The tarball copy
# --------------------------------------------------------------------------------------------------


def cache_dir() -> Path:
    """``${XDG_CACHE_HOME:-~/.cache}/sagemaker-tf`` (a relative ``XDG_CACHE_HOME`` is ignored)."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    root = Path(base) if base and os.path.isabs(base) else Path.home() / ".cache"
    return root / "sagemaker-tf"


def cached_name(name: str, version: str, digest: str) -> str:
    """The file name of the lazy copy of ``name@version`` whose original has SHA-256 ``digest``."""
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", name.lstrip("@"))
    return f"{safe}@{version}-{digest[:32]}-lazy{REWRITE_VERSION}.jsii.tgz"


def lazy_tarball(
    name: str, version: str, tarball: str | os.PathLike[str], directory: Path | None = None
) -> Path | None:
    """The lazy copy of ``tarball`` in the cache ``directory``, built now if missing; ``None`` on any failure."""
    try:
        return _lazy_tarball(name, version, Path(tarball), directory or cache_dir())
    except Exception as error:
        _LOG.debug("sagemaker_tf: no lazy copy of %s: %s", tarball, error)
        return None


def _lazy_tarball(name: str, version: str, tarball: Path, directory: Path) -> Path:
    with open(tarball, "rb") as source:
        digest = hashlib.file_digest(source, "sha256").hexdigest()
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    _check_private(directory, is_dir=True)
    _check_ancestors(directory)
    target = directory / cached_name(name, version, digest)
    if target.exists():
        _check_private(target, is_dir=False)
        return target
    _remove_stale_temporaries(directory)

    handle, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    temp = Path(temp_name)
    try:
        with os.fdopen(handle, "wb") as out:
            write_lazy_copy(tarball, out)
            out.flush()
            os.fsync(out.fileno())
        _publish(temp, target)
    finally:
        temp.unlink(missing_ok=True)
    _check_private(target, is_dir=False)
    return target


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


def write_lazy_copy(tarball: Path, out: BinaryIO) -> None:
    """Write ``tarball`` (a gzipped npm package) to ``out`` with :data:`INDEX_MEMBER` made lazy.

    The tar stream is copied block by block; only the index member's size field, checksum and data
    change. The output is a series of gzip members (as ``pigz`` writes), compressed in parallel.
    Raises ``_NotRewritable`` when the index is missing, duplicated or not a plain ustar entry.
    """
    with open(tarball, "rb") as raw, _GzipMembersWriter(out) as writer:
        reader = _Reader(_gunzip_chunks(raw))
        rewritten = False
        extended_header_pending = False
        while True:
            header = reader.read_exact(_BLOCK)
            if header == bytes(_BLOCK):  # end of archive: copy it and whatever padding follows
                writer.write(header)
                for chunk in reader.rest():
                    writer.write(chunk)
                break
            size = _header_size(header)
            kind = header[156:157]
            padded = -size % _BLOCK
            if _header_name(header) == INDEX_MEMBER and kind in (b"0", b"\0"):
                if rewritten or extended_header_pending or size > _MAX_INDEX_BYTES:
                    raise _NotRewritable(f"{INDEX_MEMBER} is duplicated, extended or too large")
                data = reader.read_exact(size).decode("utf-8")
                reader.read_exact(padded)
                try:
                    body = lazy_index(data).encode("utf-8")
                except ValueError as error:
                    raise _NotRewritable(str(error)) from error
                writer.write(_with_size(header, len(body)))
                writer.write(body + bytes(-len(body) % _BLOCK))
                rewritten = True
            else:
                writer.write(header)
                for chunk in reader.copy(size + padded):
                    writer.write(chunk)
            extended_header_pending = kind in (b"x", b"L", b"K")
        if not rewritten:
            raise _NotRewritable(f"no {INDEX_MEMBER} in {tarball}")


def _header_name(header: bytes) -> str:
    """The path of a ustar header (``prefix/name``)."""
    name = header[0:100].split(b"\0", 1)[0]
    prefix = header[345:500].split(b"\0", 1)[0] if header[257:263] == b"ustar\0" else b""
    full = prefix + b"/" + name if prefix else name
    return full.decode("utf-8", "replace")


def _header_size(header: bytes) -> int:
    """The size field of a tar header, checking the header's checksum first."""
    if _checksum(header) != int(header[148:156].split(b"\0", 1)[0].strip() or b"0", 8):
        raise _NotRewritable("bad tar header checksum")
    field = header[124:136]
    if field[0] & 0x80:  # GNU base-256 size
        return int.from_bytes(field[1:], "big")
    return int(field.split(b"\0", 1)[0].strip() or b"0", 8)


def _checksum(header: bytes) -> int:
    return sum(header[:148]) + 8 * 32 + sum(header[156:])


def _with_size(header: bytes, size: int) -> bytes:
    """``header`` with a new size field and checksum."""
    changed = bytearray(header)
    changed[124:136] = b"%011o\0" % size
    changed[148:156] = b"%06o\0 " % _checksum(bytes(changed))
    return bytes(changed)


def _gunzip_chunks(raw: BinaryIO) -> Iterator[bytes]:
    """Decompress a gzip file of one or more members, in chunks; raise on a truncated file."""
    inflater = zlib.decompressobj(wbits=31)
    started = False
    while chunk := raw.read(_READ_CHUNK):
        while chunk:
            started = True
            yield inflater.decompress(chunk)
            if inflater.eof:
                chunk = inflater.unused_data
                inflater = zlib.decompressobj(wbits=31)
                started = False
            else:
                chunk = b""
    if started:
        raise _NotRewritable("truncated gzip stream")


class _Reader:
    """Exact-size reads over an iterator of byte chunks."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self._chunks = chunks
        self._buffer = bytearray()

    def _fill(self, size: int) -> None:
        while len(self._buffer) < size:
            chunk = next(self._chunks, None)
            if chunk is None:
                raise _NotRewritable("truncated tarball")
            self._buffer += chunk

    def read_exact(self, size: int) -> bytes:
        self._fill(size)
        data = bytes(self._buffer[:size])
        del self._buffer[:size]
        return data

    def copy(self, size: int) -> Iterator[bytes]:
        """Yield exactly ``size`` bytes, in chunks."""
        while size > 0:
            if not self._buffer:
                self._fill(1)
            take = min(size, len(self._buffer))
            yield bytes(self._buffer[:take])
            del self._buffer[:take]
            size -= take

    def rest(self) -> Iterator[bytes]:
        if self._buffer:
            yield bytes(self._buffer)
            self._buffer.clear()
        yield from self._chunks


def _gzip_member(data: bytes) -> bytes:
    """One deterministic gzip member (mtime 0, no name) of ``data``, at level 1."""
    deflater = zlib.compressobj(1, zlib.DEFLATED, 31)
    return deflater.compress(data) + deflater.flush()


class _GzipMembersWriter:
    """Write fixed-size slices of the stream as gzip members, compressed on a thread pool, in order."""

    def __init__(self, out: BinaryIO) -> None:
        self._out = out
        self._buffer = bytearray()
        self._pending: deque[Future[bytes]] = deque()
        self._workers = max(1, min(4, os.cpu_count() or 1))
        self._pool = ThreadPoolExecutor(max_workers=self._workers, thread_name_prefix="sagemaker-tf-gzip")

    def __enter__(self) -> _GzipMembersWriter:
        return self

    def __exit__(self, kind: type[BaseException] | None, *_: Any) -> None:
        try:
            if kind is None:
                if self._buffer or not self._pending:
                    self._submit(bytes(self._buffer))
                    self._buffer.clear()
                while self._pending:
                    self._out.write(self._pending.popleft().result())
        finally:
            self._pool.shutdown(wait=True, cancel_futures=True)

    def write(self, data: bytes) -> None:
        self._buffer += data
        while len(self._buffer) >= _GZIP_MEMBER:
            self._submit(bytes(self._buffer[:_GZIP_MEMBER]))
            del self._buffer[:_GZIP_MEMBER]

    def _submit(self, data: bytes) -> None:
        self._pending.append(self._pool.submit(_gzip_member, data))
        while len(self._pending) > 2 * self._workers:
            self._out.write(self._pending.popleft().result())


# --------------------------------------------------------------------------------------------------
# The kernel hook
# --------------------------------------------------------------------------------------------------

LoadFunction = Callable[[str, str, str], Any]

loaded_from: dict[str, str] = {}
"""Per assembly name, the tarball the kernel actually loaded through the hook (for tests and benchmarks)."""


def install(tarballs: Iterable[str | os.PathLike[str]], kernel: Any = None) -> bool:
    """Make the jsii ``kernel`` load a lazy copy of each of ``tarballs`` instead of the original.

    The hook sits on the kernel instance, sees every ``load`` request, acts only on a request whose
    tarball is one of ``tarballs``, and removes itself once it has handled all of them. Returns whether
    the hook is in place.
    """
    if kernel is None:
        from jsii._runtime import kernel as default_kernel

        kernel = default_kernel
    wanted = {os.path.realpath(path) for path in tarballs}
    if not wanted:
        return False
    existing = kernel.__dict__.get("load")
    if getattr(existing, "is_sagemaker_tf_lazy_load_hook", False):  # also one from another copy of this module
        existing.wanted |= wanted
        return True
    kernel.load = _LazyLoadHook(kernel, wanted)
    return True


class _LazyLoadHook:
    """The instance-level ``load`` installed by :func:`install`."""

    is_sagemaker_tf_lazy_load_hook: Final = True

    def __init__(self, kernel: Any, wanted: set[str]) -> None:
        self.kernel = kernel
        self.wanted = wanted

    def _original(self) -> LoadFunction:
        return type(self.kernel).load.__get__(self.kernel)  # type: ignore[no-any-return]

    def __call__(self, name: str, version: str, tarball: str) -> Any:
        original = self._original()
        real = os.path.realpath(tarball)
        if real not in self.wanted:
            return original(name, version, tarball)
        self.wanted.discard(real)
        if not self.wanted and self.kernel.__dict__.get("load") is self:
            del self.kernel.load
        copy = lazy_tarball(name, version, real)
        if copy is not None:
            try:
                result = original(name, version, os.fspath(copy))
            except Exception as error:
                _LOG.debug("sagemaker_tf: the kernel refused %s: %s", copy, error)
                copy.unlink(missing_ok=True)
            else:
                loaded_from[name] = os.fspath(copy)
                schedule_runtime_index(name, version, os.fspath(copy))
                return result
        result = original(name, version, tarball)
        loaded_from[name] = tarball
        schedule_runtime_index(name, version, tarball)
        return result


# --------------------------------------------------------------------------------------------------
# jsii's runtime index, built to completion
# --------------------------------------------------------------------------------------------------
#
# jsii (>= 1.140) unpacks each package tarball once into its package cache and, on the first load from the
# cache, starts a worker thread in the kernel that writes a "runtime index" of the assembly next to it
# (``.jsii.runtime.v1.json`` and two data files). Later loads read types from that index on demand instead
# of parsing the whole ``.jsii`` (131 MB for the AWS provider): about 5 ms instead of about 5 s and 1 GB.
# The worker dies with the kernel, i.e. with the Python process, so a process shorter than the build
# (about 10 s for the AWS provider) never leaves an index, and every later run pays again. The functions
# below find the cache entry jsii used and, when it has no index, run jsii's own index worker in a node
# process of its own that outlives ours (or, for ``sagemaker-tf warm``, wait for it).

RUNTIME_INDEX_MANIFEST: Final = ".jsii.runtime.v1.json"
"""The file jsii writes last when it builds the runtime index of a package (index format version 1)."""

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
"""Set to ``0``/``false``/``no``/``off`` to never start the detached index build at exit (``warm`` still builds)."""


def schedule_runtime_index(name: str, version: str, tarball: str) -> None:
    """At exit of this process, :func:`ensure_runtime_index` for a package the kernel loaded.

    Not right away: the kernel's own index worker is running then, and usually finishes in a long enough
    process. At exit we only start a build when it did not (``atexit`` runs this before jsii stops the kernel).
    Nothing is scheduled when :data:`BACKGROUND_BUILD_ENV_VAR` is off.
    """
    if os.environ.get(BACKGROUND_BUILD_ENV_VAR, "").strip().lower() in ("0", "false", "no", "off"):
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
