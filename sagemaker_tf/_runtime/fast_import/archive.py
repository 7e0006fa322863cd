"""The lazy copy of a provider's package tarball: its JavaScript index rewritten, its runtime index added.

:func:`lazy_index` rewrites the generated ``lib/index.js`` so that node requires each submodule on first
use. :func:`write_lazy_copy` streams the original tarball (gzip, then ustar) block by block into a new one
in which only that index member changes, and to which jsii's runtime index of the assembly is appended
(built from the ``.jsii`` member, on a second read of the tarball, see ``runtime_index.py``). With a
:class:`PackTarget`, the submodules' JavaScript goes into the module pack instead (``pack.py``). Every shape this module does
not know (a header checksum, an extended header on the index, a line of the index that is not a generated
export) raises :class:`NotRewritable`, and the caller falls back to the original tarball.
"""

from __future__ import annotations

import contextlib
import os
import re
import tarfile
import threading
import zlib
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any, BinaryIO, Final, Protocol

from . import pack as module_pack
from . import runtime_index

REWRITE_VERSION: Final = 4
"""Bumped whenever the rewrite changes, so that older cached copies are not reused."""

INDEX_MEMBER: Final = "package/lib/index.js"
"""The tarball member that is rewritten (the package's ``main``)."""

ASSEMBLY_MEMBER: Final = "package/.jsii"
"""The assembly, from which the runtime index is built."""

_BLOCK: Final = 512
_COMPRESSED_CHUNK: Final = 128 << 10  # read size of the original: its text inflates about tenfold
_GZIP_MEMBER: Final = 4 << 20  # uncompressed bytes per output gzip member (compressed in parallel)
_MAX_INDEX_BYTES: Final = 64 << 20

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


class NotRewritable(Exception):
    """The tarball or its index has a shape this module does not rewrite."""


class AssemblyNotIndexed(NotRewritable):
    """The assembly could not be indexed; write the copy again with the assembly and without an index."""


# --------------------------------------------------------------------------------------------------
# The index rewrite
# --------------------------------------------------------------------------------------------------


def lazy_index(source: str, *, loader: str | None = None) -> str:
    """Rewrite a generated ``lib/index.js`` so that each submodule is required on first access.

    Each ``exports.x = require("./x");`` line (cdktf) or ``exports.x = __importStar(require("./x"));`` line
    (cdktn) becomes an enumerable, configurable getter on one line that returns the same expression (line
    numbers, hence the source map, stay valid). With ``loader`` (the module pack's, ``pack.loader_js``), the
    getters call it instead of ``require`` and it is appended after the last line. Every other line must be a header, a comment, the
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
            call = module_pack.LOADER_NAME if loader is not None else "require"
            value = f'__importStar({call}("{target}"))' if star else f'{call}("{target}")'
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
    if loader is not None:
        out.append(loader)
    return "\n".join(out)


# --------------------------------------------------------------------------------------------------

# --------------------------------------------------------------------------------------------------
# The tarball copy
# --------------------------------------------------------------------------------------------------


class PackTarget:
    """Where :func:`write_lazy_copy` puts the JavaScript submodules: an open pack file and its paths."""

    def __init__(self, out: BinaryIO, path: str, original: str) -> None:
        self.writer = module_pack.PackWriter(out)
        self.path = path
        self.original = original


class _Sink(Protocol):
    def write(self, data: bytes, /) -> Any: ...


def write_lazy_copy(
    tarball: Path, out: BinaryIO, *, with_runtime_index: bool = True, pack: PackTarget | None = None
) -> None:
    """Write ``tarball`` (a gzipped npm package) to ``out`` with :data:`INDEX_MEMBER` made lazy.

    The tar stream is copied block by block; only the index member's size field, checksum and data
    change, and the ``lib/**/*.d.ts`` declarations, which nothing reads at run time, are left out. With
    ``with_runtime_index``, :data:`ASSEMBLY_MEMBER` is replaced by jsii's runtime index of it, built as it
    streams by and appended as three members before the end of the archive; when the assembly cannot be
    indexed this raises :class:`AssemblyNotIndexed` (write again without the index). Raises
    ``NotRewritable`` when the index is missing, duplicated or not a plain ustar entry.

    Without ``pack``, the output is a series of gzip members (as ``pigz`` writes), compressed in parallel.
    With ``pack``, every other ``lib/**/*.js`` goes into the module pack instead (``pack.py``), the index
    gets the pack's loader and is written last, and the output is an uncompressed tar (jsii detects the
    compression from the bytes): what is left is mostly the runtime index, which is written once and
    unpacked once.
    """
    sink: contextlib.AbstractContextManager[_Sink] = (
        _GzipMembersWriter(out) if pack is None else contextlib.nullcontext(out)
    )
    with open(tarball, "rb") as raw, sink as writer, contextlib.ExitStack() as cleanup:
        reader = _Reader(_gunzip_chunks(raw))
        index_header: bytes | None = None
        index_source = ""
        rewritten = False
        extended_header_pending = False
        builder: runtime_index.RuntimeIndexBuilder | None = None
        indexing: Future[bool] | None = None
        if with_runtime_index:  # on a thread of its own, reading the tarball again: parsing holds the GIL, while
            # the copy below mostly inflates, hashes and writes (which release it), so the two overlap
            builder = runtime_index.RuntimeIndexBuilder()
            cleanup.callback(builder.close)
            stop = threading.Event()
            pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sagemaker-tf-index")
            cleanup.callback(pool.shutdown, wait=True)
            cleanup.callback(stop.set)
            indexing = pool.submit(_index_assembly, tarball, builder, stop)
        assembly_seen = False
        names: set[str] = set()
        while True:
            header = reader.read_exact(_BLOCK)
            if header == bytes(_BLOCK):  # end of archive: our members, then the end and whatever padding follows
                if pack is not None and index_header is not None:
                    pack.writer.finish()
                    _write_index(writer, index_header, index_source, pack)
                if builder is not None and indexing is not None and indexing.result():
                    _write_runtime_index(writer, builder, names)
                writer.write(header)
                for chunk in reader.rest():
                    writer.write(chunk)
                break
            size = _header_size(header)
            kind = header[156:157]
            padded = -size % _BLOCK
            name = _header_name(header)
            names.add(name)
            if name == INDEX_MEMBER and kind in (b"0", b"\0"):
                if rewritten or extended_header_pending or size > _MAX_INDEX_BYTES:
                    raise NotRewritable(f"{INDEX_MEMBER} is duplicated, extended or too large")
                data = reader.read_exact(size).decode("utf-8")
                reader.read_exact(padded)
                if pack is None:
                    _write_index(writer, header, data, None)
                else:  # written last, with the pack's table
                    index_header, index_source = header, data
                    try:
                        lazy_index(data)  # refuse an unknown index before streaming the rest
                    except ValueError as error:
                        raise NotRewritable(str(error)) from error
                rewritten = True
            elif _is_indexed_assembly(name, kind, extended_header_pending) and with_runtime_index and not assembly_seen:
                # indexed instead of copied (by _index_assembly): the kernel reads the index, never the assembly
                assembly_seen = True
                for _ in reader.copy(size + padded):
                    pass
            elif (
                pack is not None
                and module_pack.is_packed_member(name, kind, INDEX_MEMBER)
                and not extended_header_pending
            ):
                pack.writer.add(name, reader.copy(size))
                reader.read_exact(padded)
            elif _is_type_declaration(name, kind) and not extended_header_pending:
                for _ in reader.copy(size + padded):  # never read at run time: neither node nor jsii loads it
                    pass
            else:
                writer.write(header)
                for chunk in reader.copy(size + padded):
                    writer.write(chunk)
            extended_header_pending = kind in (b"x", b"L", b"K")
        if not rewritten:
            raise NotRewritable(f"no {INDEX_MEMBER} in {tarball}")
        if with_runtime_index and not assembly_seen:
            raise AssemblyNotIndexed(f"no plain {ASSEMBLY_MEMBER} in {tarball}")


def _is_indexed_assembly(name: str, kind: bytes, extended_header_pending: bool) -> bool:
    """The member that the runtime index is built from: a plain ``package/.jsii`` without an extended header."""
    return name == ASSEMBLY_MEMBER and kind in (b"0", b"\0") and not extended_header_pending


def _index_assembly(tarball: Path, builder: runtime_index.RuntimeIndexBuilder, stop: threading.Event) -> bool:
    """Feed the first indexed assembly of ``tarball`` to ``builder``; whether there was one.

    Raises :class:`AssemblyNotIndexed` when the assembly does not parse (the copy is then written with it).
    """
    with open(tarball, "rb") as raw:
        reader = _Reader(_gunzip_chunks(raw))
        extended_header_pending = False
        while not stop.is_set():
            header = reader.read_exact(_BLOCK)
            if header == bytes(_BLOCK):
                return False
            size = _header_size(header)
            kind = header[156:157]
            if _is_indexed_assembly(_header_name(header), kind, extended_header_pending):
                try:
                    for chunk in reader.copy(size):
                        if stop.is_set():
                            return False
                        builder.feed(chunk)
                except runtime_index.IndexNotBuilt as error:
                    raise AssemblyNotIndexed(str(error)) from error
                return True
            for _ in reader.copy(size + -size % _BLOCK):
                pass
            extended_header_pending = kind in (b"x", b"L", b"K")
    return False


def _write_index(writer: _Sink, header: bytes, source: str, pack: PackTarget | None) -> None:
    """Write the lazy index member (with the pack's loader when there is a pack)."""
    loader = None if pack is None else module_pack.loader_js(pack.writer.table, pack.path, pack.original)
    try:
        body = lazy_index(source, loader=loader).encode("utf-8")
    except ValueError as error:
        raise NotRewritable(str(error)) from error
    writer.write(_with_size(header, len(body)))
    writer.write(body + bytes(-len(body) % _BLOCK))


def _write_runtime_index(writer: _Sink, builder: runtime_index.RuntimeIndexBuilder, names: set[str]) -> None:
    """Append the runtime index files as ``package/<file>`` members (deterministic headers), if they can be built."""
    try:
        members = builder.members()
    except runtime_index.IndexNotBuilt as error:
        raise AssemblyNotIndexed(str(error)) from error
    if names & {f"package/{name}" for name, _, _ in members}:
        raise AssemblyNotIndexed("the package already has runtime index files")
    for name, size, chunks in members:
        info = tarfile.TarInfo(f"package/{name}")
        info.size = size
        info.mode = 0o644
        info.mtime = 0
        writer.write(info.tobuf(tarfile.USTAR_FORMAT, "utf-8", "strict"))
        for chunk in chunks:
            writer.write(chunk)
        writer.write(bytes(-size % _BLOCK))


def _is_type_declaration(name: str, kind: bytes) -> bool:
    """A TypeScript declaration file of the package's ``lib/`` (a plain file)."""
    return name.startswith("package/lib/") and name.endswith(".d.ts") and kind in (b"0", b"\0")


def _header_name(header: bytes) -> str:
    """The path of a ustar header (``prefix/name``)."""
    name = header[0:100].split(b"\0", 1)[0]
    prefix = header[345:500].split(b"\0", 1)[0] if header[257:263] == b"ustar\0" else b""
    full = prefix + b"/" + name if prefix else name
    return full.decode("utf-8", "replace")


def _header_size(header: bytes) -> int:
    """The size field of a tar header, checking the header's checksum first."""
    if _checksum(header) != int(header[148:156].split(b"\0", 1)[0].strip() or b"0", 8):
        raise NotRewritable("bad tar header checksum")
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
    while chunk := raw.read(_COMPRESSED_CHUNK):
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
        raise NotRewritable("truncated gzip stream")


class _Reader:
    """Exact-size reads over an iterator of byte chunks."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self._chunks = chunks
        self._buffer = bytearray()

    def _fill(self, size: int) -> None:
        while len(self._buffer) < size:
            chunk = next(self._chunks, None)
            if chunk is None:
                raise NotRewritable("truncated tarball")
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
