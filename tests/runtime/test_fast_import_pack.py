"""The module pack: the lazy copy's JavaScript submodules served from one file, and every way it can fail.

A fake npm package (an index of generated exports, submodules that require each other relatively, a builtin and
a JSON file, a member with a pax long name) is copied by ``lazy_tarball``; node then loads the copy as jsii would
(unpacked) and the original, and the exports must be the same. Then the pack is damaged in each way we know of:
Python refuses a missing, truncated, foreign or shared pack before the kernel sees the copy (one warning, the
original tarball, and a rebuild on the next run), and the node loader reads a module whose bytes changed, or that
its table does not list, from the original tarball.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tarfile
import warnings
from pathlib import Path
from typing import Any

import pytest

from tests.helpers.fast_import import kernel, write_tarball

pytestmark = pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")

_LONG = "very-long-directory-name-" * 6
_INDEX = (
    '"use strict";\n'
    'Object.defineProperty(exports, "__esModule", { value: true });\n'
    "exports.provider = exports.s3Bucket = exports.alphaOne = void 0;\n"
    'exports.alphaOne = require("./alpha-one");\n'
    'exports.s3Bucket = require("./s3-bucket");\n'
    'exports.provider = require("./provider");\n'
    f'exports.longOne = require("./{_LONG}");\n'
)
_MODULES = {
    "package/lib/alpha-one/index.js": (
        'globalThis.loaded.push("alpha-one"); const structs = require("./index-structs");\n'
        "exports.name = 'alpha-one'; exports.structs = structs.all; exports.file = __filename.endsWith('index.js');\n"
    ),
    "package/lib/alpha-one/index-structs/index.js": (
        'globalThis.loaded.push("alpha-one/structs"); const a = require("./structs0"), b = require("./structs0.js");\n'
        "exports.all = [a.value, a === b, require('path').posix.join('x', 'y'), require('../../data.json').n];\n"
    ),
    "package/lib/alpha-one/index-structs/structs0.js": 'globalThis.loaded.push("structs0"); exports.value = 40;\n',
    "package/lib/s3-bucket/index.js": 'globalThis.loaded.push("s3-bucket"); exports.name = "s3-bucket";\n',
    "package/lib/provider/index.js": 'globalThis.loaded.push("provider"); exports.name = "provider";\n',
    f"package/lib/{_LONG}/index.js": 'globalThis.loaded.push("long"); exports.name = "long";\n',
}


def _tarball(path: Path) -> Path:
    members = {
        "package/package.json": b'{"name": "@fake/provider", "version": "1.2.3", "main": "lib/index.js"}',
        "package/lib/index.js": _INDEX.encode(),
        "package/lib/data.json": b'{"n": 2}',
        **{name: text.encode() for name, text in _MODULES.items()},
    }
    return write_tarball(path, members)


@pytest.fixture
def built(tmp_path: Path) -> tuple[Path, Path, Path]:
    """(original tarball, lazy copy, pack)."""
    original = _tarball(tmp_path / "provider@1.2.3.jsii.tgz")
    copy = kernel.lazy_tarball("@fake/provider", "1.2.3", original, tmp_path / "cache")
    assert copy is not None
    return original, copy, kernel.pack.pack_path_for(copy)


def _unpack(tarball: Path, into: Path) -> Path:
    """Unpack as jsii does (``strip: 1``); the package directory."""
    with tarfile.open(tarball, "r:*") as archive:
        archive.extractall(into, filter="data")
    return into / "package"


_SCRIPT = """
globalThis.loaded = [];
const index = require(process.argv[1]);
const before = [...globalThis.loaded];
const s3 = index.s3Bucket.name;
const alpha = index.alphaOne;
console.log(JSON.stringify({
  before, s3, alpha: [alpha.name, alpha.structs, alpha.file], long: index.longOne.name,
  same: index.alphaOne === index.alphaOne, keys: Object.keys(index), loaded: globalThis.loaded,
}));
"""


def _node(package: Path) -> dict[str, object]:
    done = subprocess.run(["node", "-e", _SCRIPT, str(package)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    result: dict[str, object] = json.loads(done.stdout)
    return result


def _expected(tmp_path: Path, original: Path) -> dict[str, object]:
    result = _node(_unpack(original, tmp_path / "eager"))
    assert result["before"] == ["alpha-one", "alpha-one/structs", "structs0", "s3-bucket", "provider", "long"]
    assert result["alpha"] == ["alpha-one", [40, True, "x/y", 2], True]
    return result


def test_the_copy_keeps_no_submodule_and_the_pack_serves_them_on_first_use(
    tmp_path: Path, built: tuple[Path, Path, Path]
) -> None:
    original, copy, pack = built
    with tarfile.open(copy, "r:") as archive:  # an uncompressed tar
        names = archive.getnames()
    assert "package/lib/index.js" in names and "package/lib/data.json" in names
    # every submodule is in the pack, but the one behind a pax header, which is copied as it is
    assert [name for name in names if name.endswith(".js") and name != "package/lib/index.js"] == [
        f"package/lib/{_LONG}/index.js"
    ]
    assert kernel.pack.mismatch(pack) is None

    lazy = _node(_unpack(copy, tmp_path / "lazy"))
    eager = _expected(tmp_path, original)

    assert lazy["before"] == []  # nothing is read before it is used
    assert lazy["loaded"] == ["s3-bucket", "alpha-one", "alpha-one/structs", "structs0", "long"]
    for key in ("s3", "alpha", "long", "same", "keys"):
        assert lazy[key] == eager[key]


def _table(index: Path) -> tuple[dict[str, list[Any]], str]:
    text = index.read_text(encoding="utf-8")
    match = re.search(r"^  var TABLE = (\{.*\});$", text, re.MULTILINE)
    assert match is not None
    return json.loads(match.group(1)), text


@pytest.mark.parametrize("damage", ["module bytes changed", "module not in the table", "pack gone after the check"])
def test_the_node_loader_reads_a_module_it_cannot_serve_from_the_original_tarball(
    tmp_path: Path, built: tuple[Path, Path, Path], damage: str
) -> None:
    original, copy, pack = built
    package = _unpack(copy, tmp_path / "lazy")
    table, text = _table(package / "lib" / "index.js")
    offset, length, _ = table["lib/s3-bucket/index.js"]
    if damage == "module bytes changed":
        data = bytearray(pack.read_bytes())
        start = data.index(b'"s3-bucket"', int(offset))
        data[start + 1 : start + 3] = b"XX"
        pack.write_bytes(bytes(data))
    elif damage == "module not in the table":
        del table["lib/s3-bucket/index.js"]
        text = re.sub(r"^  var TABLE = .*$", lambda _: f"  var TABLE = {json.dumps(table)};", text, flags=re.M)
        (package / "lib" / "index.js").write_text(text, encoding="utf-8")
    else:
        pack.unlink()
    assert int(length) > 0

    lazy = _node(package)
    eager = _expected(tmp_path, original)

    assert lazy["s3"] == "s3-bucket" and lazy["alpha"] == eager["alpha"] and lazy["long"] == "long"
    assert lazy["loaded"] == ["s3-bucket", "alpha-one", "alpha-one/structs", "structs0", "long"]


def test_the_node_loader_fails_loudly_when_neither_the_pack_nor_the_original_has_the_module(
    tmp_path: Path, built: tuple[Path, Path, Path]
) -> None:
    original, copy, pack = built
    package = _unpack(copy, tmp_path / "lazy")
    pack.unlink()
    original.unlink()

    done = subprocess.run(["node", "-e", _SCRIPT, str(package)], capture_output=True, text=True, timeout=120)

    assert done.returncode != 0 and "Cannot find module './s3-bucket'" in done.stderr


def test_the_extractor_finds_a_member_behind_a_pax_long_name(built: tuple[Path, Path, Path]) -> None:
    original, _, _ = built
    wanted = f"lib/{_LONG}/index.js"
    done = subprocess.run(
        ["node", "-e", kernel.pack._EXTRACT_JS, str(original), "lib/nothing.js", wanted],
        capture_output=True,
        timeout=60,
    )
    assert done.returncode == 0
    assert done.stdout == wanted.encode() + b"\n" + _MODULES[f"package/{wanted}"].encode()

    missing = subprocess.run(["node", "-e", kernel.pack._EXTRACT_JS, str(original), "lib/nothing.js"], timeout=60)
    assert missing.returncode == 1


@pytest.mark.parametrize("damage", ["missing", "truncated", "foreign", "empty", "shared"])
def test_a_damaged_pack_falls_back_to_the_original_with_one_warning_and_is_rebuilt(
    built: tuple[Path, Path, Path], damage: str
) -> None:
    original, copy, pack = built
    if damage == "missing":
        pack.unlink()
    elif damage == "truncated":
        with open(pack, "r+b") as handle:
            handle.truncate(pack.stat().st_size - 10)
    elif damage == "foreign":
        pack.write_bytes(b"x" * 100)
    elif damage == "empty":
        pack.write_bytes(b"")
    else:
        os.chmod(pack, 0o666)
    kernel.shape._warned.clear()

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        again = kernel.lazy_tarball("@fake/provider", "1.2.3", original, copy.parent)

    assert again is None  # the kernel hook loads the original tarball
    assert [type(w.message) for w in caught] == [kernel.FastImportFallbackWarning]
    assert "module pack" in str(caught[0].message) or "not private" in str(caught[0].message)
    assert not copy.exists() and not pack.exists()  # deleted: the next run builds both again
    rebuilt = kernel.lazy_tarball("@fake/provider", "1.2.3", original, copy.parent)
    assert rebuilt == copy and kernel.pack.mismatch(pack) is None


# --------------------------------------------------------------------------------------------------
# The early build: started when the provider is imported, waited for when the kernel loads its tarball
# --------------------------------------------------------------------------------------------------

_JSII_INIT = """import jsii

__jsii_assembly__ = jsii.JSIIAssembly.load(
    "@fake/provider", "1.2.3", __name__[0:-6], "provider@1.2.3.jsii.tgz"
)
"""


class _Kernel:
    def __init__(self) -> None:
        self.loads: list[tuple[str, str, str]] = []

    def load(self, name: str, version: str, tarball: str) -> str:
        self.loads.append((name, version, tarball))
        return "loaded"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (_JSII_INIT, ("@fake/provider", "1.2.3")),
        (_JSII_INIT.replace("provider@1.2.3.jsii.tgz", "other@1.2.3.jsii.tgz"), None),  # another tarball
        (_JSII_INIT.replace("__name__[0:-6]", '"x"'), None),  # not the generated form
        (None, None),  # no _jsii/__init__.py
    ],
)
def test_the_assembly_is_read_from_the_generated_jsii_module_without_running_it(
    tmp_path: Path, source: str | None, expected: tuple[str, str] | None
) -> None:
    tarball = _tarball(tmp_path / "provider@1.2.3.jsii.tgz")
    if source is not None:
        (tmp_path / "__init__.py").write_text(source, encoding="utf-8")

    assert kernel.assembly_loaded_by(tarball) == expected


def test_the_copy_is_built_early_and_the_load_waits_for_that_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    original = _tarball(tmp_path / "provider@1.2.3.jsii.tgz")
    (tmp_path / "__init__.py").write_text(_JSII_INIT, encoding="utf-8")
    started: list[Path] = []
    real_build = kernel.cache._lazy_tarball

    def recording_build(name: str, version: str, tarball: Path, *rest: Any) -> Path:
        started.append(tarball)
        built: Path = real_build(name, version, tarball, *rest)
        return built

    monkeypatch.setattr(kernel.cache, "_lazy_tarball", recording_build)
    fake = _Kernel()

    assert kernel.install([original], fake) is True
    hook = vars(fake)["load"]
    future = hook.pending[str(original)][2]
    copy = future.result(timeout=60)  # built before any load
    assert started == [original]
    fake.load("@fake/provider", "1.2.3", str(original))

    assert fake.loads == [("@fake/provider", "1.2.3", str(copy))]
    assert started == [original]  # the load used the early build, not a second one
    assert (
        copy.parent == tmp_path / "xdg" / "sagemaker-tf"
        and kernel.pack.mismatch(kernel.pack.pack_path_for(copy)) is None
    )
