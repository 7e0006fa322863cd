"""jsii's runtime index of an assembly, written in Python while the lazy tarball is copied.

When the jsii kernel loads a package from its package cache and finds a *runtime index* next to it, it reads
type definitions from the index on demand instead of parsing the whole ``.jsii`` file (131 MB for the AWS
provider: about 5 s and 1 GB of node memory). jsii writes the index itself, in a worker thread, after the
first load; a synth shorter than that worker (about 10 s) never leaves one. :class:`RuntimeIndexBuilder`
writes the same three files from the ``.jsii`` bytes as they stream through the tarball copy, so that the
lazy copy carries its index and the first load from the cache is already indexed.

The format (version 1, what ``loadRuntimeAssembly`` of jsii 1.140-1.14x reads):

- ``.jsii.runtime.v1.json``: ``{"schema": "jsii/runtime-index", "version": 1, "index": ..., "defs": ...,
  "assemblyMetadata": <the assembly without types, readme and submodules>, "layout": {...}}``;
- ``.jsii.runtime-index.v1``: the type names joined by ``\\n``, one kind byte per type (class 0, interface 1,
  enum 2), then ``typeCount + 1`` little-endian uint32 offsets into the defs file;
- ``.jsii.runtime-defs.v1.jsonl``: one JSON line per type, without ``docs``, ``locationInModule`` and
  ``sourceLine`` keys (at any depth).

The ``.jsii`` is parsed one type at a time, from a bounded window of text: memory stays near the size of
the defs written, not the size of the assembly. Anything unexpected raises :class:`IndexNotBuilt`, and the
copy is then written without an index (jsii parses the assembly as before).
"""

from __future__ import annotations

import codecs
import json
import re
import tempfile
from collections.abc import Iterator
from typing import Any, Final

INDEX_VERSION: Final = 1
SCHEMA: Final = "jsii/runtime-index"
MANIFEST_FILE: Final = f".jsii.runtime.v{INDEX_VERSION}.json"
INDEX_FILE: Final = f".jsii.runtime-index.v{INDEX_VERSION}"
DEFS_FILE: Final = f".jsii.runtime-defs.v{INDEX_VERSION}.jsonl"
KINDS: Final = ("class", "interface", "enum")
"""The type kinds an index holds, by ordinal (jsii refuses to index an assembly with any other kind)."""

_SLIM_KEYS: Final = frozenset({"docs", "locationInModule", "sourceLine"})
_WHITESPACE: Final = re.compile(r"[ \t\n\r]*")
_PARSE_WINDOW: Final = 4 << 20  # characters of text gathered before parsing (fewer retries of a split value)


class IndexNotBuilt(Exception):
    """The assembly has a shape this builder does not index."""


def _slim(value: dict[str, Any]) -> dict[str, Any]:
    """``value`` without the keys jsii's index leaves out (an ``object_hook``: most objects have none of them, and
    are kept as the C decoder built them, which is about a third faster than rebuilding each from its pairs)."""
    if "docs" in value or "locationInModule" in value or "sourceLine" in value:
        return {key: item for key, item in value.items() if key not in _SLIM_KEYS}
    return value


class RuntimeIndexBuilder:
    """Feed it the bytes of a ``.jsii`` file in order; :meth:`files` returns the three index files."""

    def __init__(self) -> None:
        self._text = ""
        self._pos = 0
        self._pending: list[str] = []
        self._pending_size = 0
        self._decoder = codecs.getincrementaldecoder("utf-8")()
        self._plain = json.JSONDecoder()
        self._slimming = json.JSONDecoder(object_hook=_slim)
        self._state = "start"  # start, top, top-value, types, done
        self._key = ""
        self._metadata: dict[str, Any] = {}
        self._names: list[str] = []
        self._kinds = bytearray()
        self._offsets: list[int] = [0]
        self._defs = tempfile.TemporaryFile()  # noqa: SIM115  (closed by members() or close())
        self._size = 0
        self._saw_types = False

    def feed(self, data: bytes) -> None:
        """Add the next bytes of the ``.jsii`` file."""
        text = self._decoder.decode(data)
        self._pending.append(text)
        self._pending_size += len(text)
        if self._pending_size >= _PARSE_WINDOW:
            self._parse(final=False)

    def close(self) -> None:
        """Release the temporary file that holds the type definitions."""
        self._defs.close()

    def files(self) -> dict[str, bytes]:
        """The index files, by name in the package directory, after the last :meth:`feed` (in memory)."""
        return {name: b"".join(chunks) for name, _, chunks in self.members()}

    def members(self) -> list[tuple[str, int, Iterator[bytes]]]:
        """The index files as ``(name in the package directory, size, chunks)``, after the last :meth:`feed`.

        The type definitions (35 MB for the AWS provider) stream from a temporary file; read the members in
        order, once. Raises :class:`IndexNotBuilt` when the assembly could not be indexed.
        """
        self._pending.append(self._decoder.decode(b"", final=True))
        self._parse(final=True)
        if self._state != "done" or not self._saw_types:
            raise IndexNotBuilt("the assembly has no types object (a redirect, or truncated)")
        if self._size >= 1 << 32:
            raise IndexNotBuilt("the type definitions do not fit 32-bit offsets")
        names = "\n".join(self._names).encode("utf-8")
        offsets = b"".join(offset.to_bytes(4, "little") for offset in self._offsets)
        count = len(self._names)
        manifest = {
            "schema": SCHEMA,
            "version": INDEX_VERSION,
            "index": INDEX_FILE,
            "defs": DEFS_FILE,
            "assemblyMetadata": self._metadata,
            "layout": {
                "typeCount": count,
                "names": {"start": 0, "length": len(names)},
                "kinds": {"start": len(names), "length": count},
                "offsets": {"start": len(names) + count, "length": len(offsets)},
            },
        }
        index = names + bytes(self._kinds) + offsets
        manifest_bytes = json.dumps(manifest, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
        return [
            (DEFS_FILE, self._size, self._read_defs()),
            (INDEX_FILE, len(index), iter((index,))),
            (MANIFEST_FILE, len(manifest_bytes), iter((manifest_bytes,))),
        ]

    def _read_defs(self) -> Iterator[bytes]:
        self._defs.seek(0)
        try:
            while chunk := self._defs.read(1 << 20):
                yield chunk
        finally:
            self._defs.close()

    # The parser: a small state machine over the top-level object and the ``types`` object, decoding one
    # value at a time with ``raw_decode``. A value cut by the end of the text so far is retried with more.

    def _skip(self) -> None:
        self._pos = _WHITESPACE.match(self._text, self._pos).end()  # type: ignore[union-attr]

    def _expect(self, char: str) -> bool:
        self._skip()
        if self._pos >= len(self._text):
            return False
        if self._text[self._pos] != char:
            raise IndexNotBuilt(f"expected {char!r} at character {self._pos} of the window")
        self._pos += 1
        return True

    def _decode(self, decoder: json.JSONDecoder, final: bool) -> tuple[bool, Any]:
        self._skip()
        try:
            value, end = decoder.raw_decode(self._text, self._pos)
        except json.JSONDecodeError as error:
            if final:
                raise IndexNotBuilt(f"malformed assembly: {error}") from error
            return False, None
        # A number at the very end of the text may continue in the next chunk.
        if end >= len(self._text) and not final:
            return False, None
        self._pos = end
        return True, value

    def _parse(self, final: bool) -> None:
        self._text = self._text[self._pos :] + "".join(self._pending)
        self._pos = 0
        self._pending.clear()
        self._pending_size = 0
        start = self._pos
        while self._step(final):
            start = self._pos
        self._pos = start

    def _step(self, final: bool) -> bool:
        """Parse one token group; False when more text is needed (or the end was reached)."""
        if self._state == "done":
            return False
        if self._state == "start":
            if not self._expect("{"):
                return False
            self._state = "top"
            return True
        if self._state in ("top", "types"):
            self._skip()
            if self._pos >= len(self._text):
                return False
            char = self._text[self._pos]
            if char == "}":
                self._pos += 1
                self._state = "top" if self._state == "types" else "done"
                return True
            if char == ",":
                self._pos += 1
                self._skip()
            ok, key = self._decode(self._plain, final)
            if not ok or not self._expect(":"):
                return False
            if not isinstance(key, str):
                raise IndexNotBuilt("a key is not a string")
            if self._state == "types":
                ok, definition = self._decode(self._slimming, final)
                if not ok:
                    return False
                self._add_type(key, definition)
                return True
            if key == "types":
                if not self._expect("{"):
                    return False
                self._saw_types = True
                self._state = "types"
                return True
            ok, value = self._decode(self._plain, final)
            if not ok:
                return False
            if key not in ("readme", "submodules"):
                self._metadata[key] = value
            return True
        raise AssertionError(self._state)

    def _add_type(self, name: str, definition: Any) -> None:
        kind = definition.get("kind") if isinstance(definition, dict) else None
        if kind not in KINDS:
            raise IndexNotBuilt(f"type {name!r} has kind {kind!r}, which the index does not hold")
        line = json.dumps(definition, separators=(",", ":"), ensure_ascii=False).encode("utf-8") + b"\n"
        self._names.append(name)
        self._kinds.append(KINDS.index(kind))
        self._defs.write(line)
        self._size += len(line)
        self._offsets.append(self._size)
