"""The module pack: a provider's JavaScript submodules in one uncompressed file, read on first ``require``.

jsii unpacks a package tarball into its package cache, file by file: for the AWS provider that is 2,231
JavaScript files (224 MB) written on the first run, of which a program uses a dozen. So the lazy copy
(``archive.py``) keeps only ``lib/index.js`` and jsii's runtime index; every other ``lib/**/*.js`` goes, as it
streams by, into one pack file next to the copy in our cache. The lazy index then ends with a small loader
(:func:`loader_js`) that serves ``require("./s3-bucket")`` from the pack: it reads the module's bytes at the
offset the table gives, checks their SHA-256 prefix, and compiles them under the path they would have had
(``lib/s3-bucket/index.js``), so ``require("cdktf")`` and the relative requires between the files of one
submodule resolve as before.

Layout: the modules' bytes back to back, then a 32-byte trailer: :data:`MAGIC` (8 bytes), the size of the
module data (little-endian uint64) and 16 zero bytes. :func:`mismatch` checks the trailer before the kernel
is handed the copy (a missing, truncated or foreign pack: the original tarball is loaded, with one warning).

The loader falls back too, never silently wrong: a module whose bytes do not match, or a pack that cannot be
read, is read from the original tarball instead (in a short-lived node process that streams it), and a
module not in the table is required at its original path first.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO, Final

MAGIC: Final = b"SMTFPK01"
TRAILER_SIZE: Final = 32
HASH_CHARS: Final = 16
"""Hex characters of each module's SHA-256 kept in the table (a check against a changed pack, not a signature)."""

PACKAGE_PREFIX: Final = "package/"
LOADER_NAME: Final = "__sagemakerTfRequire"
"""The function the lazy index's getters call instead of ``require``."""


def pack_path_for(copy: Path) -> Path:
    """The pack that belongs to the lazy copy ``copy`` (same directory, same key)."""
    stem = copy.name.removesuffix(".jsii.tgz")
    return copy.with_name(f"{stem}.modules.pack")


def is_packed_member(name: str, kind: bytes, index_member: str) -> bool:
    """Whether a tarball member goes into the pack: a plain ``package/lib/**/*.js`` other than the index."""
    return name.startswith("package/lib/") and name.endswith(".js") and name != index_member and kind in (b"0", b"\0")


class PackWriter:
    """Append modules to a pack file and keep their table: relative path -> ``[offset, length, hash]``."""

    def __init__(self, out: BinaryIO) -> None:
        self._out = out
        self._offset = 0
        self.table: dict[str, list[int | str]] = {}

    def add(self, member: str, chunks: Iterable[bytes]) -> None:
        """Append the bytes of tarball ``member`` (``package/lib/...``), as they stream by."""
        digest = hashlib.sha256()
        start = self._offset
        for chunk in chunks:
            self._out.write(chunk)
            digest.update(chunk)
            self._offset += len(chunk)
        self.table[member.removeprefix(PACKAGE_PREFIX)] = [start, self._offset - start, digest.hexdigest()[:HASH_CHARS]]

    def finish(self) -> None:
        """Write the trailer."""
        self._out.write(MAGIC + self._offset.to_bytes(8, "little") + bytes(TRAILER_SIZE - 16))


def mismatch(pack: Path) -> str | None:
    """Why ``pack`` cannot serve the lazy copy's modules (missing, truncated, foreign), or ``None``."""
    try:
        with open(pack, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size < TRAILER_SIZE:
                return f"the module pack {pack.name} is truncated"
            handle.seek(size - TRAILER_SIZE)
            trailer = handle.read(TRAILER_SIZE)
    except OSError as error:
        return f"the module pack {pack.name} cannot be read ({error.strerror or error})"
    if trailer[:8] != MAGIC or int.from_bytes(trailer[8:16], "little") != size - TRAILER_SIZE:
        return f"the module pack {pack.name} is truncated or not a module pack"
    return None


def loader_js(table: dict[str, list[int | str]], pack: str, original: str) -> str:
    """The loader appended to the lazy index: defines :data:`LOADER_NAME` (see the module docstring)."""
    constants = {
        "PACK": pack,
        "ORIGINAL": original,
        "TABLE": table,
        "MAGIC": MAGIC.decode("ascii"),
        "TRAILER": TRAILER_SIZE,
        "HASH_CHARS": HASH_CHARS,
        "EXTRACT": _EXTRACT_JS,
    }
    values = "\n".join(
        f"  var {name} = {json.dumps(value, separators=(',', ':'))};" for name, value in constants.items()
    )
    return _LOADER_JS.replace("/*CONSTANTS*/", values)


_LOADER_JS: Final = """\
// sagemaker-tf: the submodules below are read from one pack file on first use (see pack.py of sagemaker-tf).
var __sagemakerTfRequire = (function () {
  var fs = require("fs"), path = require("path"), vm = require("vm"), crypto = require("crypto");
  var Module = require("module");
/*CONSTANTS*/
  var root = path.dirname(__dirname);
  var own = Object.prototype.hasOwnProperty;
  var modules = Object.create(null);
  var fd = null;
  function openPack() {
    if (fd !== null) return fd;
    fd = -1;
    try {
      var handle = fs.openSync(PACK, "r");
      var size = fs.fstatSync(handle).size;
      var trailer = Buffer.alloc(TRAILER);
      if (size >= TRAILER && fs.readSync(handle, trailer, 0, TRAILER, size - TRAILER) === TRAILER &&
          trailer.toString("latin1", 0, 8) === MAGIC && Number(trailer.readBigUInt64LE(8)) === size - TRAILER) {
        fd = handle;
      } else {
        fs.closeSync(handle);
      }
    } catch (error) {
      fd = -1;
    }
    return fd;
  }
  function fromPack(entry) {
    var handle = openPack();
    if (handle < 0) return null;
    try {
      var bytes = Buffer.alloc(entry[1]);
      if (fs.readSync(handle, bytes, 0, entry[1], entry[0]) !== entry[1]) return null;
      if (crypto.createHash("sha256").update(bytes).digest("hex").slice(0, HASH_CHARS) !== entry[2]) return null;
      return bytes.toString("utf8");
    } catch (error) {
      return null;
    }
  }
  function fromOriginal(candidates) {
    var done = require("child_process").spawnSync(process.execPath, ["-e", EXTRACT, ORIGINAL].concat(candidates), {
      encoding: "utf8", maxBuffer: 1 << 28, stdio: ["ignore", "pipe", "pipe"]
    });
    if (done.status !== 0 || typeof done.stdout !== "string") return null;
    var newline = done.stdout.indexOf("\\n");
    return { rel: done.stdout.slice(0, newline), source: done.stdout.slice(newline + 1) };
  }
  function candidatesOf(dir, spec) {
    if (spec.slice(0, 2) !== "./" && spec.slice(0, 3) !== "../") return null;
    var base = path.posix.normalize(path.posix.join(dir, spec));
    return [base, base + ".js", base + "/index.js"];
  }
  function find(candidates) {
    for (var i = 0; i < candidates.length; i++) if (own.call(TABLE, candidates[i])) return candidates[i];
    return null;
  }
  function compile(rel, source) {
    var filename = path.join(root, rel);
    var mod = { id: filename, filename: filename, exports: {}, loaded: false, children: [], paths: [] };
    modules[rel] = mod;
    var outer = Module.createRequire(filename);
    var dir = path.posix.dirname(rel);
    var local = function require(spec) { return requireFrom(dir, spec, outer); };
    local.resolve = outer.resolve;
    local.cache = outer.cache;
    try {
      var wrapped = vm.runInThisContext(
        "(function (exports, require, module, __filename, __dirname) { " + source + "\\n})", { filename: filename });
      wrapped.call(mod.exports, mod.exports, local, mod, filename, path.dirname(filename));
    } catch (error) {
      delete modules[rel];
      throw error;
    }
    mod.loaded = true;
    return mod.exports;
  }
  function requireFrom(dir, spec, outer) {
    var candidates = candidatesOf(dir, spec);
    if (candidates === null) return outer(spec);
    var rel = find(candidates);
    if (rel !== null) {
      if (modules[rel] !== undefined) return modules[rel].exports;
      var source = fromPack(TABLE[rel]);
      if (source !== null) return compile(rel, source);
    }
    try {
      return outer(spec);
    } catch (error) {
      if (!error || error.code !== "MODULE_NOT_FOUND") throw error;
      var found = fromOriginal(rel !== null ? [rel] : candidates);
      if (found === null) throw error;
      if (modules[found.rel] !== undefined) return modules[found.rel].exports;
      return compile(found.rel, found.source);
    }
  }
  var fromIndex = Module.createRequire(__filename);
  return function (spec) { return requireFrom("lib", spec, fromIndex); };
})();
"""

_EXTRACT_JS: Final = r"""
const fs = require("fs"), zlib = require("zlib");
const [file, ...wanted] = process.argv.slice(1);
let header = Buffer.alloc(0), left = 0, size = 0, kind = "", name = "", parts = null, longName = null, found = false;
function field(h, start, length) {
  const end = h.indexOf(0, start);
  return h.toString("utf8", start, end < 0 || end > start + length ? start + length : end);
}
function done(data) {
  if (kind === "x") { const m = /\d+ path=([^\n]*)\n/.exec(data.toString("utf8")); longName = m ? m[1] : null; return; }
  if (kind === "L") { longName = data.toString("utf8").replace(/\0.*$/s, ""); return; }
  found = true;
  process.stdout.write(name.slice("package/".length) + "\n");
  process.stdout.write(data, () => process.exit(0));
  input.destroy();
}
function feed(chunk) {
  while (chunk.length && !found) {
    if (left > 0) {
      const take = Math.min(left, chunk.length);
      if (parts) parts.push(chunk.subarray(0, take));
      left -= take; chunk = chunk.subarray(take);
      if (left === 0 && parts) { const data = Buffer.concat(parts).subarray(0, size); parts = null; done(data); }
      continue;
    }
    const take = Math.min(512 - header.length, chunk.length);
    header = Buffer.concat([header, chunk.subarray(0, take)]); chunk = chunk.subarray(take);
    if (header.length < 512) continue;
    const h = header; header = Buffer.alloc(0);
    if (h.every((b) => b === 0)) continue;
    const prefix = h.toString("latin1", 257, 263) === "ustar\0" ? field(h, 345, 155) : "";
    name = longName !== null ? longName : (prefix ? prefix + "/" : "") + field(h, 0, 100);
    kind = String.fromCharCode(h[156] || 48);
    if (kind !== "x" && kind !== "L") longName = null;
    size = parseInt(field(h, 124, 12).trim() || "0", 8);
    left = size + ((512 - (size % 512)) % 512);
    const wantedHere = (kind === "0" && wanted.includes(name.slice("package/".length))) || kind === "x" || kind === "L";
    parts = wantedHere ? [] : null;
    if (left === 0 && parts) { parts = null; done(Buffer.alloc(0)); }
  }
}
const input = fs.createReadStream(file);
input.pipe(zlib.createGunzip()).on("data", feed).on("error", () => process.exit(2))
  .on("end", () => { if (!found) process.exit(1); });
input.on("error", () => process.exit(2));
"""
