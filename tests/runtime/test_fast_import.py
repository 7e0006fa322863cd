"""The fast provider import: a lazy parent module for the prebuilt provider packages.

Most tests use a tiny fake provider package written to ``tmp_path``, so they run in this process in
milliseconds. The behaviour that needs a pristine interpreter and the real 2,212-submodule AWS provider
runs in exactly two subprocesses (one with the fast path, one eager), each started once per module.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.machinery
import importlib.util
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from jsii import _reference_map

from tests.helpers.fast_import import (
    FAST_IMPORT_FILE,
    OPT_OUT,
    FakeProvider,
    fast_import,
    kernel,
    write_source,
    write_tarball,
)

# --------------------------------------------------------------------------------------------------
# A fake provider package, shaped like the generated ones
# --------------------------------------------------------------------------------------------------


def test_install_replaces_the_eager_init_with_a_lazy_parent(fake_provider: FakeProvider) -> None:
    assert fast_import.install([fake_provider.package]) == {fake_provider.package: True}

    parent = sys.modules[fake_provider.package]
    assert fast_import.is_lazy(parent)
    assert not hasattr(parent, "EAGER_INIT_RAN")
    assert f"{fake_provider.package}._jsii" in sys.modules  # the assembly is loaded up front
    assert f"{fake_provider.package}.alpha_one" not in sys.modules
    assert parent.__path__ == [str(fake_provider.root)]
    assert parent.__file__ == str(fake_provider.root / "__init__.py")


def test_lazy_parent_imports_a_submodule_on_first_attribute_access(fake_provider: FakeProvider) -> None:
    fast_import.install([fake_provider.package])
    parent = importlib.import_module(fake_provider.package)

    assert parent.alpha_one.VALUE == "alpha"
    assert sys.modules[f"{fake_provider.package}.alpha_one"] is parent.alpha_one
    assert f"{fake_provider.package}.beta" not in sys.modules


def test_user_imports_of_submodules_work_behind_the_lazy_parent(fake_provider: FakeProvider) -> None:
    fast_import.install([fake_provider.package])

    beta = importlib.import_module(f"{fake_provider.package}.beta")
    namespace: dict[str, Any] = {}
    exec(f"from {fake_provider.package}.alpha_one import VALUE", namespace)

    assert beta.VALUE == "beta"
    assert namespace["VALUE"] == "alpha"
    assert sys.modules[fake_provider.package].beta is beta


def test_lazy_parent_lists_submodules_and_rejects_unknown_names(fake_provider: FakeProvider) -> None:
    fast_import.install([fake_provider.package])
    parent = sys.modules[fake_provider.package]

    assert parent.__all__ == ["alpha_one", "beta"]
    assert {"alpha_one", "beta"} <= set(dir(parent))
    with pytest.raises(AttributeError, match="has no attribute 'gamma'"):
        parent.gamma  # noqa: B018
    namespace: dict[str, Any] = {}
    exec(f"from {fake_provider.package} import *", namespace)
    assert namespace["alpha_one"].VALUE == "alpha"
    assert namespace["beta"].VALUE == "beta"


def test_install_maps_each_jsii_namespace_to_its_submodule(fake_provider: FakeProvider) -> None:
    fast_import.install([fake_provider.package])

    assert _reference_map._submodule_fqn_map[f"{fake_provider.assembly}.alphaOne"] == (
        f"{fake_provider.package}.alpha_one"
    )
    assert _reference_map._submodule_fqn_map[f"{fake_provider.assembly}.beta"] == f"{fake_provider.package}.beta"


def test_install_is_a_no_op_when_the_real_package_was_imported(fake_provider: FakeProvider) -> None:
    real = importlib.import_module(fake_provider.package)

    assert fast_import.install([fake_provider.package]) == {fake_provider.package: False}
    assert sys.modules[fake_provider.package] is real
    assert real.EAGER_INIT_RAN is True
    assert not any(k.startswith(f"{fake_provider.assembly}.") for k in _reference_map._submodule_fqn_map)


def test_install_twice_keeps_the_first_lazy_parent(fake_provider: FakeProvider) -> None:
    fast_import.install([fake_provider.package])
    first = sys.modules[fake_provider.package]

    assert fast_import.install([fake_provider.package]) == {fake_provider.package: True}
    assert sys.modules[fake_provider.package] is first


@pytest.mark.parametrize("value", ["1", "true", "YES"])
def test_opt_out_env_var_keeps_the_eager_import(
    fake_provider: FakeProvider, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv(OPT_OUT, value)

    assert fast_import.install([fake_provider.package]) == {fake_provider.package: False}
    assert fake_provider.package not in sys.modules
    assert importlib.import_module(fake_provider.package).EAGER_INIT_RAN is True


def test_opt_out_env_var_set_to_zero_keeps_the_fast_path(
    fake_provider: FakeProvider, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(OPT_OUT, "0")

    assert fast_import.install([fake_provider.package]) == {fake_provider.package: True}


def test_failed_assembly_load_leaves_nothing_half_installed(fake_provider: FakeProvider) -> None:
    (fake_provider.root / "_jsii" / "__init__.py").write_text('raise RuntimeError("kernel refused the assembly")\n')

    with pytest.raises(RuntimeError, match="kernel refused the assembly"):
        fast_import.install([fake_provider.package])
    assert fake_provider.package not in sys.modules
    assert f"{fake_provider.package}._jsii" not in sys.modules


def test_missing_package_is_skipped() -> None:
    assert fast_import.install(["no_such_provider_package_x"]) == {"no_such_provider_package_x": False}
    assert "no_such_provider_package_x" not in sys.modules


# --------------------------------------------------------------------------------------------------
# The namespace -> submodule mapping, checked against the real generated packages (no import)
# --------------------------------------------------------------------------------------------------

_JSII_TYPE = re.compile(r'jsii_type="([^"]+)"')
_ASSEMBLY = re.compile(r'JSIIAssembly\.load\(\s*"([^"]+)"')


def _skip_unless_installed(package: str) -> None:
    """The real-package tests need the bindings this fast import targets; the cdktn run has the other family's."""
    if importlib.util.find_spec(package) is None:
        pytest.skip(f"{package} is not installed (the cdktn test run): this fast import targets the cdktf bindings")


def _package_dir(package: str) -> Path:
    _skip_unless_installed(package)
    spec = importlib.util.find_spec(package)
    assert spec is not None and spec.submodule_search_locations is not None
    return Path(next(iter(spec.submodule_search_locations)))


def _first_jsii_type(init_file: Path) -> str:
    """The first ``jsii_type="..."`` in a generated submodule, read in chunks (files are up to MBs)."""
    with init_file.open(encoding="utf-8") as handle:
        text = ""
        while chunk := handle.read(65536):
            text += chunk
            if match := _JSII_TYPE.search(text):
                return match.group(1)
    raise AssertionError(f"no jsii_type in {init_file}")


def _installed(package: str) -> bool:
    return importlib.machinery.PathFinder.find_spec(package) is not None


PROVIDERS = [
    pytest.param(package, marks=pytest.mark.skipif(not _installed(package), reason=f"{package} is not installed"))
    for package in fast_import.PROVIDER_PACKAGES
]


@pytest.mark.parametrize("package", PROVIDERS)
def test_every_generated_submodule_holds_the_namespace_we_map_to_it(package: str) -> None:
    root = _package_dir(package)
    assembly = _ASSEMBLY.search((root / "_jsii" / "__init__.py").read_text()).group(1)  # type: ignore[union-attr]
    submodules = fast_import._submodule_names([str(root)])

    wrong = {
        name: fqn
        for name in sorted(submodules)
        if (fqn := _first_jsii_type(root / name / "__init__.py")).rsplit(".", 1)[0]
        != f"{assembly}.{fast_import._namespace_of(name)}"
    }
    assert len(submodules) > 10
    assert wrong == {}


@pytest.mark.parametrize("package", PROVIDERS)
def test_lazy_submodule_list_equals_the_real_packages_all(package: str) -> None:
    source = (_package_dir(package) / "__init__.py").read_text()
    listed = re.search(r"^__all__ = \[(.*?)^\]", source, re.S | re.M)
    assert listed is not None
    real_all = re.findall(r'"([^"]+)"', listed.group(1))

    assert sorted(fast_import._submodule_names([str(_package_dir(package))])) == real_all


def test_namespace_of_converts_snake_case_to_lower_camel_case() -> None:
    assert fast_import._namespace_of("s3_bucket") == "s3Bucket"
    assert fast_import._namespace_of("wafv2_web_acl") == "wafv2WebAcl"
    assert fast_import._namespace_of("provider") == "provider"


# --------------------------------------------------------------------------------------------------
# The node side: a lazy JavaScript index in a cached copy of the package tarball
# --------------------------------------------------------------------------------------------------

_GENERATED_INDEX = """\
"use strict";
/**
 * Copyright (c) HashiCorp, Inc.
 * SPDX-License-Identifier: MPL-2.0
 */
Object.defineProperty(exports, "__esModule", { value: true });
exports.provider = exports.s3Bucket = exports.alphaOne = void 0;
// generated by cdktf get
exports.alphaOne = require("./alpha-one");
exports.s3Bucket = require("./s3-bucket");
exports.provider = require("./provider");
//# sourceMappingURL=data:application/json;base64,e30=
"""


def test_lazy_index_turns_each_require_into_a_getter_on_the_same_line() -> None:
    lazy = kernel.lazy_index(_GENERATED_INDEX)

    lines = lazy.split("\n")
    assert len(lines) == len(_GENERATED_INDEX.split("\n"))
    assert lines[9] == (
        'Object.defineProperty(exports, "s3Bucket", { enumerable: true, configurable: true, '
        'get: function () { return require("./s3-bucket"); } });'
    )
    assert "= require(" not in lazy
    assert lines[:8] == _GENERATED_INDEX.split("\n")[:8]


@pytest.mark.parametrize(
    "extra",
    ['exports.x = require("./x").y;', '__exportStar(require("./x"), exports);', "console.log(1);"],
)
def test_lazy_index_refuses_an_index_it_does_not_know(extra: str) -> None:
    with pytest.raises(ValueError, match="is not a generated export"):
        kernel.lazy_index(_GENERATED_INDEX + extra + "\n")


def test_lazy_index_refuses_an_index_without_requires() -> None:
    with pytest.raises(ValueError, match="requires no submodules"):
        kernel.lazy_index('"use strict";\n')


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_node_requires_a_submodule_only_when_its_export_is_read(tmp_path: Path) -> None:
    lib = tmp_path / "lib"
    for name in ("alpha-one", "s3-bucket", "provider"):
        write_source(lib / name / "index.js", f'globalThis.loaded.push("{name}"); exports.name = "{name}";\n')
    (lib / "index.js").write_text(kernel.lazy_index(_GENERATED_INDEX))
    script = """
        globalThis.loaded = [];
        const index = require(process.argv[1]);
        const before = [...globalThis.loaded];
        const keys = Object.keys(index);
        const name = index.s3Bucket.name;
        const again = index.s3Bucket === require(process.argv[1] + "/s3-bucket");
        console.log(JSON.stringify({ before, keys, name, again, after: globalThis.loaded }));
    """
    done = subprocess.run(["node", "-e", script, str(lib)], capture_output=True, text=True, timeout=60, check=True)

    assert json.loads(done.stdout) == {
        "before": [],
        "keys": ["alphaOne", "s3Bucket", "provider"],  # the original's enumerable exports, in its order
        "name": "s3-bucket",
        "again": True,
        "after": ["s3-bucket"],
    }


# cdktn's generated index (CDK Terrain): TypeScript's interop helpers, then ``__importStar(require(...))``.
_CDKTN_INDEX = (
    '"use strict";\n/**\n * Copyright IBM Corp. 2021, 2026\n * SPDX-License-Identifier: MPL-2.0\n */\n'
    + kernel._TS_HELPERS
    + 'Object.defineProperty(exports, "__esModule", { value: true });\n'
    "exports.provider = exports.s3Bucket = exports.alphaOne = void 0;\n"
    "// generated by cdktn get\n"
    'exports.alphaOne = __importStar(require("./alpha-one/index"));\n'
    'exports.s3Bucket = __importStar(require("./s3-bucket/index"));\n'
    'exports.provider = __importStar(require("./provider/index"));\n'
    "//# sourceMappingURL=data:application/json;base64,e30=\n"
)


def test_lazy_index_keeps_cdktns_import_star_inside_the_getter() -> None:
    lazy = kernel.lazy_index(_CDKTN_INDEX)

    lines = lazy.split("\n")
    assert len(lines) == len(_CDKTN_INDEX.split("\n"))
    assert (
        'Object.defineProperty(exports, "s3Bucket", { enumerable: true, configurable: true, '
        'get: function () { return __importStar(require("./s3-bucket/index")); } });'
    ) in lines
    assert "= __importStar(require(" not in lazy
    assert kernel._TS_HELPERS in lazy


def test_lazy_index_accepts_the_helper_lines_only_with_the_whole_helper_block() -> None:
    stray = "var __importStar = (this && this.__importStar) || (function () {\n"
    with pytest.raises(ValueError, match="is not a generated export"):
        kernel.lazy_index(_GENERATED_INDEX + stray)


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
@pytest.mark.parametrize("index", [_GENERATED_INDEX, _CDKTN_INDEX], ids=["cdktf", "cdktn"])
def test_node_lazy_index_exports_the_same_objects_as_the_original(tmp_path: Path, index: str) -> None:
    for flavour, source in (("eager", index), ("lazy", kernel.lazy_index(index))):
        lib = tmp_path / flavour / "lib"
        for name in ("alpha-one", "s3-bucket", "provider"):
            write_source(
                lib / name / "index.js",
                f'Object.defineProperty(exports, "__esModule", {{ value: true }}); '
                f'globalThis.loaded.push("{name}"); exports.name = "{name}";\n',
            )
        (lib / "index.js").write_text(source)
    script = """
        const out = {};
        for (const flavour of ["eager", "lazy"]) {
            globalThis.loaded = [];
            const index = require(process.argv[1] + "/" + flavour + "/lib");
            const before = [...globalThis.loaded];
            const same = index.s3Bucket === require(process.argv[1] + "/" + flavour + "/lib/s3-bucket/index");
            out[flavour] = { before, keys: Object.keys(index), name: index.s3Bucket.name, same };
        }
        console.log(JSON.stringify(out));
    """
    done = subprocess.run(["node", "-e", script, str(tmp_path)], capture_output=True, text=True, timeout=60, check=True)
    result = json.loads(done.stdout)

    assert result["eager"]["before"] == ["alpha-one", "s3-bucket", "provider"]
    assert result["lazy"]["before"] == []
    for key in ("keys", "name", "same"):
        assert result["lazy"][key] == result["eager"][key]
    assert result["lazy"]["same"] is True


def _npm_tarball(path: Path, index: str = _GENERATED_INDEX, *, long_name: bool = True) -> Path:
    """A gzipped npm-style package: package.json, a big .jsii, the index, submodules, a pax long name."""
    members: dict[str, bytes] = {
        "package/.jsii": json.dumps({"types": {f"t{i}": {"x": i} for i in range(20000)}}).encode(),
        "package/lib/alpha-one/index.js": b'exports.name = "alpha-one";\n',
        "package/lib/index.js": index.encode(),
        "package/package.json": b'{"name": "@fake/provider", "version": "1.2.3", "main": "lib/index.js"}',
    }
    if long_name:
        members["package/lib/" + "very-long-directory-name-" * 6 + "/index.js"] = b"exports.x = 1;\n"
    return write_tarball(path, members, mtime=499162500)


def _members(tarball: Path) -> dict[str, bytes]:
    with tarfile.open(tarball, "r:*") as archive:
        return {m.name: archive.extractfile(m).read() for m in archive if m.isfile()}  # type: ignore[union-attr]


@pytest.fixture
def private_cache(tmp_path: Path) -> Path:
    """A cache directory that does not exist yet."""
    return tmp_path / "cache" / "sagemaker-tf"


def test_lazy_copy_changes_only_the_index_and_is_deterministic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(kernel.archive, "_GZIP_MEMBER", 64 * 1024)  # several gzip members, compressed in parallel
    original = _npm_tarball(tmp_path / "fake-provider@1.2.3.jsii.tgz")
    first, second = tmp_path / "first.tgz", tmp_path / "second.tgz"
    with first.open("wb") as out:
        kernel.write_lazy_copy(original, out, with_runtime_index=False)
    with second.open("wb") as out:
        kernel.write_lazy_copy(original, out, with_runtime_index=False)

    before, after = _members(original), _members(first)
    assert list(after) == list(before)
    assert {name for name in before if before[name] != after[name]} == {kernel.INDEX_MEMBER}
    assert after[kernel.INDEX_MEMBER].decode() == kernel.lazy_index(_GENERATED_INDEX)
    assert first.read_bytes() == second.read_bytes()
    assert first.read_bytes().count(b"\x1f\x8b\x08") > 1  # more than one gzip member


def test_lazy_tarball_is_built_once_into_the_cache_and_reused(tmp_path: Path, private_cache: Path) -> None:
    original = _npm_tarball(tmp_path / "fake-provider@1.2.3.jsii.tgz")

    built = kernel.lazy_tarball("@fake/provider", "1.2.3", original, private_cache)
    assert built is not None
    stamp = built.stat()
    again = kernel.lazy_tarball("@fake/provider", "1.2.3", original, private_cache)

    assert again == built
    assert (again.stat().st_ino, again.stat().st_mtime_ns) == (stamp.st_ino, stamp.st_mtime_ns)
    assert built.parent == private_cache
    assert built.name.startswith("fake_provider@1.2.3-") and built.name.endswith(".jsii.tgz")
    # no temporary file left behind: the copy and its module pack
    assert sorted(os.listdir(private_cache)) == sorted([built.name, kernel.pack.pack_path_for(built).name])
    assert private_cache.stat().st_mode & 0o777 == 0o700


def test_lazy_tarball_key_changes_with_the_original_content(tmp_path: Path, private_cache: Path) -> None:
    one = kernel.lazy_tarball("@fake/provider", "1.2.3", _npm_tarball(tmp_path / "a.tgz"), private_cache)
    other = kernel.lazy_tarball(
        "@fake/provider", "1.2.3", _npm_tarball(tmp_path / "b.tgz", _GENERATED_INDEX + "// changed\n"), private_cache
    )

    assert one is not None and other is not None and one != other


def test_two_concurrent_builds_publish_one_complete_copy(
    tmp_path: Path, private_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = _npm_tarball(tmp_path / "fake.tgz")
    both_writing = threading.Barrier(2, timeout=60)
    real_write = kernel.write_lazy_copy

    def write_when_both_are_building(tarball: Path, out: Any, **options: Any) -> None:
        both_writing.wait()
        real_write(tarball, out, **options)

    monkeypatch.setattr(kernel.archive, "write_lazy_copy", write_when_both_are_building)
    results: list[Path | None] = []

    def build() -> None:
        results.append(kernel.lazy_tarball("@fake/provider", "1.2.3", original, private_cache))

    threads = [threading.Thread(target=build) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(results) == 2 and results[0] is not None and results[0] == results[1]
    assert sorted(os.listdir(private_cache)) == sorted([results[0].name, kernel.pack.pack_path_for(results[0]).name])
    assert _members(results[0])[kernel.INDEX_MEMBER].decode().startswith(kernel.lazy_index(_GENERATED_INDEX, loader=""))
    assert kernel.pack.mismatch(kernel.pack.pack_path_for(results[0])) is None


@pytest.mark.parametrize("problem", ["unknown index", "no index", "not gzip", "truncated"])
def test_lazy_tarball_gives_none_for_a_tarball_it_cannot_rewrite(
    tmp_path: Path, private_cache: Path, problem: str
) -> None:
    original = tmp_path / "bad.tgz"
    if problem == "unknown index":
        _npm_tarball(original, _GENERATED_INDEX + "console.log(1);\n")
    elif problem == "no index":
        with tarfile.open(original, "w:gz") as archive:
            info = tarfile.TarInfo("package/package.json")
            archive.addfile(info, io.BytesIO(b""))
    elif problem == "not gzip":
        original.write_bytes(b"plain text, not a tarball")
    else:
        whole = _npm_tarball(tmp_path / "whole.tgz").read_bytes()
        original.write_bytes(whole[: len(whole) // 2])

    assert kernel.lazy_tarball("@fake/provider", "1.2.3", original, private_cache) is None
    assert not private_cache.exists() or os.listdir(private_cache) == []


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX permissions")
def test_lazy_tarball_refuses_a_cache_directory_others_can_write(tmp_path: Path, private_cache: Path) -> None:
    private_cache.mkdir(parents=True)
    private_cache.chmod(0o777)

    assert kernel.lazy_tarball("@fake/provider", "1.2.3", _npm_tarball(tmp_path / "a.tgz"), private_cache) is None


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX permissions")
def test_lazy_tarball_refuses_a_cache_below_a_directory_others_can_write(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)  # world-writable without the sticky bit: others could swap our directory

    directory = shared / "sagemaker-tf"
    assert kernel.lazy_tarball("@fake/provider", "1.2.3", _npm_tarball(tmp_path / "a.tgz"), directory) is None


def test_lazy_tarball_removes_temporaries_a_killed_build_left(tmp_path: Path, private_cache: Path) -> None:
    private_cache.mkdir(parents=True, mode=0o700)
    stale = private_cache / ".fake_provider@1.2.3-abc-lazy1.jsii.tgz.x1.tmp"
    fresh = private_cache / ".fake_provider@1.2.3-abc-lazy1.jsii.tgz.x2.tmp"
    stale.write_bytes(b"half")
    fresh.write_bytes(b"in progress")
    os.utime(stale, (1_000_000, 1_000_000))

    built = kernel.lazy_tarball("@fake/provider", "1.2.3", _npm_tarball(tmp_path / "a.tgz"), private_cache)

    assert built is not None
    assert sorted(os.listdir(private_cache)) == sorted([built.name, kernel.pack.pack_path_for(built).name, fresh.name])


def test_lazy_tarball_refuses_a_symlinked_cache_directory(tmp_path: Path) -> None:
    (tmp_path / "elsewhere").mkdir(mode=0o700)
    link = tmp_path / "link"
    link.symlink_to(tmp_path / "elsewhere")

    assert kernel.lazy_tarball("@fake/provider", "1.2.3", _npm_tarball(tmp_path / "a.tgz"), link) is None


def test_cache_dir_follows_xdg_cache_home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert kernel.cache_dir() == tmp_path / "sagemaker-tf"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/ignored")
    assert kernel.cache_dir() == Path.home() / ".cache" / "sagemaker-tf"


class _FakeKernel:
    """Records ``load`` requests; refuses tarballs whose path contains ``refuse``."""

    def __init__(self, refuse: str = "\0") -> None:
        self.loads: list[tuple[str, str, str]] = []
        self.refuse = refuse

    def load(self, name: str, version: str, tarball: str) -> str:
        self.loads.append((name, version, tarball))
        if self.refuse in tarball:
            raise RuntimeError("kernel refused")
        return f"loaded {tarball}"


def test_kernel_hook_loads_the_lazy_copy_then_removes_itself(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    original = str(_npm_tarball(tmp_path / "fake.tgz"))
    fake = _FakeKernel()

    assert kernel.install([original], fake) is True
    fake.load("@other/lib", "1.0.0", "/elsewhere/other.tgz")
    fake.load("@fake/provider", "1.2.3", original)

    copy = kernel.lazy_tarball("@fake/provider", "1.2.3", original)
    assert copy is not None and copy.parent == tmp_path / "xdg" / "sagemaker-tf"
    assert fake.loads == [
        ("@other/lib", "1.0.0", "/elsewhere/other.tgz"),
        ("@fake/provider", "1.2.3", str(copy)),
    ]
    assert "load" not in vars(fake)
    assert kernel.loaded_from["@fake/provider"] == str(copy)


def test_kernel_hook_falls_back_to_the_original_and_drops_a_refused_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    original = str(_npm_tarball(tmp_path / "fake.tgz"))
    fake = _FakeKernel(refuse="sagemaker-tf")

    kernel.install([original], fake)
    assert fake.load("@fake/provider", "1.2.3", original) == f"loaded {original}"

    assert [request[2] for request in fake.loads][1:] == [original]
    assert "sagemaker-tf" in fake.loads[0][2]
    assert not Path(fake.loads[0][2]).exists()
    assert kernel.loaded_from["@fake/provider"] == original


def test_kernel_hook_uses_the_original_when_no_copy_can_be_built(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    original = tmp_path / "odd.tgz"
    _npm_tarball(original, _GENERATED_INDEX + "console.log(1);\n")
    fake = _FakeKernel()

    kernel.install([str(original)], fake)
    fake.load("@fake/provider", "1.2.3", str(original))

    assert fake.loads == [("@fake/provider", "1.2.3", str(original))]


@pytest.mark.parametrize("opted_out", [False, True])
def test_install_hooks_the_kernel_for_node_lazy_packages_unless_opted_out(
    fake_provider: FakeProvider, monkeypatch: pytest.MonkeyPatch, opted_out: bool
) -> None:
    (fake_provider.root / "_jsii" / "provider-fake@1.0.0.jsii.tgz").write_bytes(b"")
    hooked: list[list[str]] = []
    monkeypatch.setattr(fast_import, "NODE_LAZY_PACKAGES", frozenset({fake_provider.package}))
    monkeypatch.setattr(kernel, "install", lambda tarballs: hooked.append(list(tarballs)))
    if opted_out:
        monkeypatch.setenv(OPT_OUT, "1")

    fast_import.install([fake_provider.package])

    expected = [] if opted_out else [[str(fake_provider.root / "_jsii" / "provider-fake@1.0.0.jsii.tgz")]]
    assert hooked == expected


# --------------------------------------------------------------------------------------------------
# jsii's runtime index: finished by a node process of our own
# --------------------------------------------------------------------------------------------------

_FAKE_ASSEMBLY = {
    "schema": "jsii/0.10.0",
    "name": "@fake/provider",
    "version": "1.2.3",
    "fingerprint": "x",
    "types": {
        f"@fake/provider.ns{i}.Thing": {
            "assembly": "@fake/provider",
            "fqn": f"@fake/provider.ns{i}.Thing",
            "kind": "class",
            "name": "Thing",
            "namespace": f"ns{i}",
        }
        for i in range(3)
    },
}


@pytest.fixture
def fake_cache_entry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """(tarball, its jsii package cache entry, unpacked but without a runtime index), in a private cache."""
    monkeypatch.setenv("JSII_RUNTIME_PACKAGE_CACHE_ROOT", str(tmp_path / "jsii-cache"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("JSII_RUNTIME_PACKAGE_CACHE", raising=False)
    monkeypatch.setattr(kernel.index_build, "index_builds", {})
    tarball = tmp_path / "provider@1.2.3.jsii.tgz"
    tarball.write_bytes(b"not really a tarball")
    entry = kernel.package_cache_entry("@fake/provider", "1.2.3", tarball)
    assert entry is not None
    entry.mkdir(parents=True)
    (entry / ".jsii").write_text(json.dumps(_FAKE_ASSEMBLY))
    return tarball, entry


def test_package_cache_entry_is_keyed_like_jsii_keys_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JSII_RUNTIME_PACKAGE_CACHE_ROOT", str(tmp_path / "root"))
    tarball = tmp_path / "t.tgz"
    tarball.write_bytes(b"abc")

    entry = kernel.package_cache_entry("@cdktf/provider-aws", "21.22.1", tarball)

    digest = hashlib.sha256(b"abc" + b"\0@cdktf/provider-aws" + b"\0" + b"21.22.1").hexdigest()
    assert entry == tmp_path / "root" / "@cdktf" / "provider-aws" / "21.22.1" / digest


def test_package_cache_entry_is_none_when_jsii_s_cache_is_disabled(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JSII_RUNTIME_PACKAGE_CACHE", "disabled")

    assert kernel.package_cache_entry("x", "1.0.0", tmp_path / "none.tgz") is None
    assert kernel.ensure_runtime_index("x", "1.0.0", tmp_path / "none.tgz") == "no-cache"


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_warm_mode_builds_the_runtime_index_with_jsii_s_own_worker(fake_cache_entry: tuple[Path, Path]) -> None:
    tarball, entry = fake_cache_entry

    assert kernel.ensure_runtime_index("@fake/provider", "1.2.3", tarball, wait=True) == "built"

    manifest = json.loads((entry / kernel.RUNTIME_INDEX_MANIFEST).read_text())
    assert manifest["schema"] == "jsii/runtime-index" and manifest["layout"]["typeCount"] == 3
    assert kernel.ensure_runtime_index("@fake/provider", "1.2.3", tarball, wait=True) == "present"
    assert list(kernel.cache_dir().glob("index-*.lock")) == []


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_normal_mode_starts_one_detached_build_that_outlives_the_process(
    fake_cache_entry: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    tarball, entry = fake_cache_entry
    real_popen = subprocess.Popen
    started: list[tuple[list[str], dict[str, Any]]] = []

    def record(command: list[str], **options: Any) -> None:
        started.append((command, options))

    monkeypatch.setattr(kernel.index_build.subprocess, "Popen", record)

    assert kernel.ensure_runtime_index("@fake/provider", "1.2.3", tarball) == "started"
    assert kernel.ensure_runtime_index("@fake/provider", "1.2.3", tarball) == "busy"  # the lock is held

    ((command, options),) = started
    assert options["start_new_session"] is True and options["stdout"] == subprocess.DEVNULL
    lock = Path(command[-2])
    assert lock.exists() and lock.parent == kernel.cache_dir()
    monkeypatch.setattr(kernel.index_build.subprocess, "Popen", real_popen)
    subprocess.run(command, check=True, timeout=120)  # what the detached process does
    assert kernel.has_runtime_index(entry)
    assert not lock.exists()  # the builder released it


def test_a_stale_build_lock_does_not_block_forever(
    fake_cache_entry: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    tarball, entry = fake_cache_entry
    monkeypatch.setattr(kernel.index_build.subprocess, "Popen", lambda command, **options: None)
    kernel.cache_dir().mkdir(mode=0o700, parents=True)
    lock = kernel.cache_dir() / f"index-{entry.name[:32]}.lock"
    lock.write_text("12345")
    os.utime(lock, (1_000_000, 1_000_000))

    assert kernel.ensure_runtime_index("@fake/provider", "1.2.3", tarball) == "started"


def test_the_index_check_runs_at_exit_of_the_process(fake_cache_entry: tuple[Path, Path], tmp_path: Path) -> None:
    tarball, _ = fake_cache_entry
    record = tmp_path / "started.json"
    script = f"""
import importlib.util, json, sys
import os
os.environ["SAGEMAKER_TF_BACKGROUND_INDEX_BUILD"] = "1"
spec = importlib.util.spec_from_file_location("fi", {str(FAST_IMPORT_FILE)!r})
fi = importlib.util.module_from_spec(spec); spec.loader.exec_module(fi)
k = fi.part("index_build")
k.subprocess.Popen = lambda command, **options: open({str(record)!r}, "w").write(json.dumps(command))
k.schedule_runtime_index("@fake/provider", "1.2.3", {str(tarball)!r})
print("scheduled, nothing started yet:", not __import__("os").path.exists({str(record)!r}))
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True)

    assert "nothing started yet: True" in done.stdout
    command = json.loads(record.read_text())
    assert command[-1] == str(kernel.package_cache_entry("@fake/provider", "1.2.3", tarball))


# --------------------------------------------------------------------------------------------------
# The real AWS provider in fresh interpreters: one fast-path run, one eager run
# --------------------------------------------------------------------------------------------------

_PROBE = r"""
import importlib.util, json, os, sys

fast_path_file, mode, synth_out = sys.argv[1:4]
spec = importlib.util.spec_from_file_location("_fast_import", fast_path_file)
fi = importlib.util.module_from_spec(spec)
spec.loader.exec_module(fi)
AWS = "cdktf_cdktf_provider_aws"
facts = {}

def loaded(package):
    prefix = package + "."
    return sorted(m[len(prefix):] for m in sys.modules
                  if m.startswith(prefix) and "." not in m[len(prefix):] and not m[len(prefix):].startswith("_"))

if mode == "eager":
    # Opted out: install() must not touch anything. Then the user imports the provider before us.
    facts["install_opted_out"] = fi.install()
    facts["aws_imported_by_opted_out_install"] = AWS in sys.modules
    from cdktf_cdktf_provider_aws.s3_bucket import S3Bucket
    real = sys.modules[AWS]
    del os.environ[fi.OPT_OUT_ENV_VAR]
    facts["install_after_real_import"] = fi.install([AWS])  # docker stays eager in this run
    facts["real_module_kept"] = sys.modules[AWS] is real
else:
    facts["install"] = fi.install()
    facts["loaded_after_install"] = loaded(AWS)
    from cdktf_cdktf_provider_aws.s3_bucket import S3Bucket

import cdktf_cdktf_provider_aws as aws
import cdktf_cdktf_provider_aws.sagemaker_model as sagemaker_model_module
facts["is_lazy"] = fi.is_lazy(aws)
facts["attribute_access_gives_same_class"] = aws.s3_bucket.S3Bucket is S3Bucket
facts["statement_import_gives_same_module"] = sagemaker_model_module is aws.sagemaker_model

from cdktf import TerraformStack, Testing
from cdktf_cdktf_provider_aws.provider import AwsProvider
from cdktf_cdktf_provider_aws.iam_role import IamRole
from cdktf_cdktf_provider_aws.sagemaker_model import SagemakerModel, SagemakerModelPrimaryContainer
from cdktf_cdktf_provider_docker.provider import DockerProvider
from cdktf_cdktf_provider_docker.image import Image, ImageBuild

stack = TerraformStack(Testing.app(), "probe")
AwsProvider(stack, "aws", region="eu-west-1")
DockerProvider(stack, "docker")
bucket = S3Bucket(stack, "bucket", bucket_prefix="models-", tags={"team": "ml"})
role = IamRole(stack, "role", assume_role_policy=json.dumps({"Version": "2012-10-17", "Statement": []}))
image = Image(stack, "image", name="inference:1", build_attribute=ImageBuild(context="./image"))
SagemakerModel(stack, "model", execution_role_arn=role.arn,
               primary_container=SagemakerModelPrimaryContainer(
                   image=image.name, model_data_url=f"s3://{bucket.bucket}/model.tar.gz",
                   environment={"A": "1"}))
with open(synth_out, "w", encoding="utf-8") as out:
    out.write(Testing.synth(stack, run_validations=True))

# jsii hands back an object whose class lives in a submodule nobody imported: build it on the
# node side only, through the kernel, and forget the Python stand-in so the runtime must resolve it.
from jsii import _reference_map
from jsii._runtime import kernel

def create_on_node_side(fqn, construct_id, props):
    stand_in_class = type("StandIn", (), {"__jsii_type__": fqn})
    stand_in = stand_in_class()
    kernel.create(stand_in_class, stand_in, [stack, construct_id, props])
    del _reference_map._refs._refs[stand_in.__jsii_ref__.ref]

facts["xray_group_loaded_before"] = "xray_group" in loaded(AWS)
create_on_node_side("@cdktf/provider-aws.xrayGroup.XrayGroup", "handed_back",
                    {"groupName": "g", "filterExpression": "f"})
child = stack.node.find_child("handed_back")
facts["handed_back_class"] = type(child).__module__ + "." + type(child).__qualname__
facts["handed_back_group_name"] = child.group_name_input
facts["handed_back_struct_class"] = type(child.insights_configuration).__qualname__

if mode == "fast":
    # Control: without our namespace entry the runtime cannot find the class.
    ns = "@cdktf/provider-aws.xrayEncryptionConfig"
    entry = _reference_map._submodule_fqn_map.pop(ns)
    create_on_node_side(ns + ".XrayEncryptionConfig", "control", {"type": "NONE"})
    try:
        stack.node.find_child("control")
        facts["control"] = "resolved"
    except ValueError as error:
        facts["control"] = str(error)
    _reference_map._submodule_fqn_map[ns] = entry

facts["loaded_at_end"] = len(loaded(AWS))
facts["kernel_loaded_from"] = fi.kernel_module().loaded_from.get("@cdktf/provider-aws")
facts["kernel_hook_left"] = "load" in vars(kernel)
facts["docker_is_lazy"] = fi.is_lazy(sys.modules["cdktf_cdktf_provider_docker"])
print("FACTS " + json.dumps(facts))
"""


@dataclass(frozen=True)
class ProbeRun:
    """What one fresh interpreter reported, and the JSON it synthesized."""

    facts: dict[str, Any]
    synth: bytes


def _run_probe(tmp_dir: Path, mode: str) -> ProbeRun:
    _skip_unless_installed("cdktf_cdktf_provider_aws")
    env = {k: v for k, v in os.environ.items() if k != OPT_OUT}
    env["JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION"] = "20"
    if mode == "eager":
        env[OPT_OUT] = "1"
    script = tmp_dir / "probe.py"
    script.write_text(_PROBE)
    synth_file = tmp_dir / f"synth-{mode}.json"
    done = subprocess.run(
        [sys.executable, str(script), str(FAST_IMPORT_FILE), mode, str(synth_file)],
        cwd=tmp_dir,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    line = next(x for x in done.stdout.splitlines() if x.startswith("FACTS "))
    return ProbeRun(json.loads(line.removeprefix("FACTS ")), synth_file.read_bytes())


@pytest.fixture(scope="module")
def fast_run(tmp_path_factory: pytest.TempPathFactory) -> ProbeRun:
    """A fresh interpreter that installs the fast path before touching the providers."""
    return _run_probe(tmp_path_factory.mktemp("fast"), "fast")


@pytest.fixture(scope="module")
def eager_run(tmp_path_factory: pytest.TempPathFactory) -> ProbeRun:
    """A fresh interpreter with the opt-out set, whose user code imports the provider first."""
    return _run_probe(tmp_path_factory.mktemp("eager"), "eager")


def test_fast_path_loads_no_aws_submodule_until_used(fast_run: ProbeRun) -> None:
    assert fast_run.facts["install"] == {
        "cdktf_cdktf_provider_aws": True,
        "cdktf_cdktf_provider_docker": True,
        "cdktn_provider_aws": False,  # the other framework family, not installed here
        "cdktn_provider_docker": False,
    }
    assert fast_run.facts["loaded_after_install"] == []
    assert fast_run.facts["is_lazy"] is True
    assert fast_run.facts["docker_is_lazy"] is True
    # s3_bucket, sagemaker_model, provider, iam_role and the handed-back xray_group.
    assert fast_run.facts["loaded_at_end"] == 5


def test_fast_path_user_submodule_import_and_attribute_access_work(fast_run: ProbeRun) -> None:
    assert fast_run.facts["attribute_access_gives_same_class"] is True
    assert fast_run.facts["statement_import_gives_same_module"] is True


def test_object_from_a_submodule_not_yet_imported_gets_its_real_class(fast_run: ProbeRun) -> None:
    assert fast_run.facts["xray_group_loaded_before"] is False
    assert fast_run.facts["handed_back_class"] == "cdktf_cdktf_provider_aws.xray_group.XrayGroup"
    assert fast_run.facts["handed_back_group_name"] == "g"
    assert fast_run.facts["handed_back_struct_class"] == "XrayGroupInsightsConfigurationOutputReference"
    # Without the namespace entry install() registers, the same situation fails.
    assert "Unknown type: @cdktf/provider-aws.xrayEncryptionConfig.XrayEncryptionConfig" in fast_run.facts["control"]


def test_opt_out_env_var_disables_the_fast_path_in_a_fresh_interpreter(eager_run: ProbeRun) -> None:
    assert eager_run.facts["install_opted_out"] == dict.fromkeys(fast_import.PROVIDER_PACKAGES, False)
    assert eager_run.facts["aws_imported_by_opted_out_install"] is False
    assert eager_run.facts["is_lazy"] is False
    assert eager_run.facts["docker_is_lazy"] is False


def test_user_import_before_install_keeps_the_real_eager_package(eager_run: ProbeRun) -> None:
    assert eager_run.facts["install_after_real_import"] == {"cdktf_cdktf_provider_aws": False}
    assert eager_run.facts["real_module_kept"] is True
    assert eager_run.facts["loaded_at_end"] == 2212
    assert eager_run.facts["attribute_access_gives_same_class"] is True
    assert eager_run.facts["handed_back_class"] == "cdktf_cdktf_provider_aws.xray_group.XrayGroup"


def test_fast_path_has_the_kernel_load_a_lazy_copy_from_the_user_cache(fast_run: ProbeRun) -> None:
    loaded_from = Path(fast_run.facts["kernel_loaded_from"])
    assert loaded_from.parent == kernel.cache_dir()
    assert loaded_from.name.startswith("cdktf_provider-aws@21.22.1-")
    assert fast_run.facts["kernel_hook_left"] is False  # the hook removed itself after its one load
    with tarfile.open(loaded_from, "r:*") as archive:
        index = archive.extractfile(kernel.INDEX_MEMBER)
        assert index is not None
        text = index.read().decode()
    getters, loader = text.split("\n// sagemaker-tf:", 1)  # the pack's loader follows the last line of the index
    assert 'Object.defineProperty(exports, "s3Bucket", { enumerable: true, configurable: true, get: ' in getters
    assert "= require(" not in getters and "require(" not in getters.replace("__sagemakerTfRequire(", "")
    assert "modules.pack" in loader


def test_fast_path_load_went_through_the_jsii_cache_entry_we_compute(fast_run: ProbeRun) -> None:
    entry = kernel.package_cache_entry("@cdktf/provider-aws", "21.22.1", fast_run.facts["kernel_loaded_from"])

    assert entry is not None and (entry / "lib" / "index.js").is_file()
    # The lazy copy carries jsii's runtime index in place of the assembly, and no type declarations.
    assert (entry / kernel.RUNTIME_INDEX_MANIFEST).is_file() and not (entry / ".jsii").exists()
    assert not list((entry / "lib").glob("*/index.d.ts"))


def test_opt_out_and_eager_user_import_leave_the_kernel_alone(eager_run: ProbeRun) -> None:
    assert eager_run.facts["kernel_loaded_from"] is None
    assert eager_run.facts["kernel_hook_left"] is False


def test_synthesized_json_is_byte_identical_with_and_without_the_fast_path(
    fast_run: ProbeRun, eager_run: ProbeRun
) -> None:
    document = json.loads(fast_run.synth)
    assert set(document["resource"]) == {"aws_s3_bucket", "aws_iam_role", "aws_sagemaker_model", "docker_image"}
    assert fast_run.synth == eager_run.synth


@pytest.mark.parametrize("value", [None, "", "0", "off", "no"])
def test_the_background_index_build_is_off_unless_asked_for(monkeypatch: pytest.MonkeyPatch, value: str | None) -> None:
    monkeypatch.setattr(kernel.index_build, "_scheduled", [])
    if value is None:
        monkeypatch.delenv(kernel.BACKGROUND_BUILD_ENV_VAR, raising=False)
    else:
        monkeypatch.setenv(kernel.BACKGROUND_BUILD_ENV_VAR, value)

    kernel.schedule_runtime_index("@fake/provider", "1.2.3", "/nowhere.tgz")

    assert kernel.index_build._scheduled == []


@pytest.mark.parametrize("value", ["1", "true", "yes", "on"])
def test_the_background_index_build_runs_when_asked_for(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setattr(kernel.index_build, "_scheduled", [("already", "scheduled", "/x.tgz")])  # no atexit again
    monkeypatch.setenv(kernel.BACKGROUND_BUILD_ENV_VAR, value)

    kernel.schedule_runtime_index("@fake/provider", "1.2.3", "/nowhere.tgz")

    assert kernel.index_build._scheduled[-1] == ("@fake/provider", "1.2.3", "/nowhere.tgz")


def test_a_builder_that_cannot_start_leaves_no_lock_behind(
    fake_cache_entry: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    tarball, _ = fake_cache_entry

    def no_node(command: list[str], **options: Any) -> None:
        raise FileNotFoundError("node")

    monkeypatch.setattr(kernel.index_build.subprocess, "Popen", no_node)

    assert kernel.ensure_runtime_index("@fake/provider", "1.2.3", tarball) == "failed"
    assert list(kernel.cache_dir().glob("index-*.lock")) == []
