"""The fast import checks every jsii internal it touches, and falls back with one warning on any mismatch.

Each test simulates one mismatch (a ``Kernel.load`` of another signature, a call the hook does not know, a
missing private, a jsii outside the supported range, a node program without the index format, a changed
archive layout) and checks that the result is the eager path, with exactly one
``FastImportFallbackWarning`` and no exception.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tarfile
import warnings
from pathlib import Path
from typing import Any

import pytest

from tests.helpers.fast_import import load_fast_import, write_tarball

fast_import = load_fast_import("_sagemaker_tf_fast_import_shape_test")  # its own copy: tests patch it
kernel = fast_import.kernel_module()
shape = fast_import.part("shape")
archive = fast_import.part("archive")
runtime_index = fast_import.part("runtime_index")


@pytest.fixture(autouse=True)
def fresh_warning_state(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shape, "_warned", [])


def _fallback_warnings(caught: list[warnings.WarningMessage]) -> list[str]:
    return [str(w.message) for w in caught if issubclass(w.category, shape.FastImportFallbackWarning)]


# --------------------------------------------------------------------------------------------------
# The kernel hook
# --------------------------------------------------------------------------------------------------


class _Kernel:
    """A stand-in for ``jsii._kernel.Kernel`` with the signature jsii 1.140-1.142 has."""

    def __init__(self) -> None:
        self.calls: list[tuple[Any, ...]] = []

    def load(self, name: str, version: str, tarball: str) -> str:
        self.calls.append((name, version, tarball))
        return "loaded"


class _KeywordOnlyKernel:
    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []

    def load(self, *, name: str, version: str, tarball: str) -> str:
        self.calls.append({"name": name, "version": version, "tarball": tarball})
        return "loaded"


class _RenamedKernel:
    def load(self, assembly: str, version: str, tarball: str) -> str:
        return "loaded"


class _ExtraParameterKernel:
    def load(self, name: str, version: str, tarball: str, integrity: str) -> str:
        return "loaded"


@pytest.mark.parametrize("kernel_class", [_KeywordOnlyKernel, _RenamedKernel, _ExtraParameterKernel])
def test_a_load_of_another_signature_is_left_alone_with_one_warning(tmp_path: Path, kernel_class: type) -> None:
    instance = kernel_class()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert kernel.install([tmp_path / "a.tgz"], instance) is False
        assert kernel.install([tmp_path / "b.tgz"], instance) is False

    assert "load" not in instance.__dict__
    (message,) = _fallback_warnings(caught)
    assert "Kernel.load" in message and "fast provider import is off" in message


def test_a_keyword_only_load_still_loads_what_jsii_asks_for(tmp_path: Path) -> None:
    instance = _KeywordOnlyKernel()
    with warnings.catch_warnings(record=True):
        warnings.simplefilter("always")
        kernel.install([tmp_path / "a.tgz"], instance)

    assert instance.load(name="x", version="1.0.0", tarball="/t.tgz") == "loaded"
    assert instance.calls == [{"name": "x", "version": "1.0.0", "tarball": "/t.tgz"}]


@pytest.mark.parametrize(
    ("args", "kwargs"),
    [
        (("x", "1.0.0"), {}),  # too few
        (("x", "1.0.0", "/t.tgz", "extra"), {}),  # too many
        (("x", "1.0.0"), {"tarball": "/t.tgz", "integrity": "sha512"}),  # an unknown keyword
        (("x", "1.0.0", 42), {}),  # not a path
    ],
)
def test_an_unexpected_call_is_passed_to_jsii_unchanged_with_one_warning(
    tmp_path: Path, args: tuple[Any, ...], kwargs: dict[str, Any]
) -> None:
    instance = _Kernel()
    kernel.install([tmp_path / "a.tgz"], instance)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            instance.load(*args, **kwargs)
        except TypeError as error:  # jsii's own method refuses the call, as it would without the hook
            refused: TypeError | None = error
        else:
            refused = None

    assert "load" not in instance.__dict__  # the hook stepped aside
    assert len(_fallback_warnings(caught)) == 1
    if refused is None:
        assert instance.calls == [args]
    else:
        assert instance.calls == []


def test_keyword_calls_of_the_known_signature_go_through_the_hook(tmp_path: Path) -> None:
    instance = _Kernel()
    wanted = tmp_path / "a.tgz"
    wanted.write_bytes(b"not a tarball: the copy fails and the original is loaded")
    kernel.install([wanted], instance)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert instance.load(name="x", version="1.0.0", tarball=str(wanted)) == "loaded"

    assert instance.calls == [("x", "1.0.0", str(wanted))]
    assert kernel.loaded_from["x"] == str(wanted)
    assert _fallback_warnings(caught) == []  # an unreadable tarball is not a shape change


# --------------------------------------------------------------------------------------------------
# The Python side: privates and the version range
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("private", ["_submodule_fqn_map", "_try_import_type_module"])
def test_a_missing_jsii_private_turns_the_fast_path_off_with_one_warning(
    monkeypatch: pytest.MonkeyPatch, private: str
) -> None:
    from jsii import _reference_map

    monkeypatch.delattr(_reference_map, private)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert fast_import.install(["cdktf_cdktf_provider_docker_not_imported_yet"]) == {
            "cdktf_cdktf_provider_docker_not_imported_yet": False
        }
        assert fast_import._jsii_supports_lazy_types() is False

    (message,) = _fallback_warnings(caught)
    assert private in message


@pytest.mark.parametrize(
    ("version", "supported"),
    [
        ("1.139.9", False),
        ("1.140.0", True),
        ("1.142.0", True),
        ("1.142.5.dev3", True),
        ("1.143.0", False),
        ("2.0.0", False),
        ("", False),
        ("unknown", False),
    ],
)
def test_the_fast_path_runs_only_inside_the_pinned_jsii_range(
    monkeypatch: pytest.MonkeyPatch, version: str, supported: bool
) -> None:
    monkeypatch.setattr(shape, "jsii_version", lambda: version)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert fast_import._jsii_supports_lazy_types() is supported

    assert len(_fallback_warnings(caught)) == (0 if supported else 1)


def test_the_installed_jsii_is_inside_the_pinned_range() -> None:
    version = shape.parse_version(shape.jsii_version())
    assert version is not None and shape.SUPPORTED_JSII[0] <= version < shape.SUPPORTED_JSII[1]
    assert shape.python_side_mismatch() is None
    assert shape.node_program_mismatch() is None


# --------------------------------------------------------------------------------------------------
# The node side: the index format jsii's program reads
# --------------------------------------------------------------------------------------------------


def test_a_node_program_without_the_index_format_gets_a_copy_without_an_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(shape, "NODE_PROGRAM_MARKERS", (*shape.NODE_PROGRAM_MARKERS, "a marker no jsii has"))
    assert "a marker no jsii has" in (shape.node_program_mismatch() or "")
    original = _npm_tarball(tmp_path / "p.tgz", _indexable_assembly())

    copy = kernel.lazy_tarball("@fake/provider", "1.2.3", original, tmp_path / "cache")

    assert copy is not None
    members = _members(copy)
    assert "package/.jsii" in members and "package/.jsii.runtime.v1.json" not in members


# --------------------------------------------------------------------------------------------------
# The archive layout
# --------------------------------------------------------------------------------------------------

_INDEX = 'exports.alphaOne = require("./alpha-one");\n'


def _indexable_assembly() -> dict[str, Any]:
    return {
        "name": "@fake/provider",
        "version": "1.2.3",
        "readme": {"markdown": "big"},
        "submodules": {"@fake/provider.alphaOne": {}},
        "types": {
            "@fake/provider.alphaOne.Thing": {
                "assembly": "@fake/provider",
                "docs": {"summary": "dropped from the index"},
                "fqn": "@fake/provider.alphaOne.Thing",
                "kind": "class",
                "locationInModule": {"filename": "x.ts", "line": 1},
                "properties": [{"name": 'ünïcode \u2028 "quoted"', "docs": {}, "type": {"primitive": "number"}}],
            },
            "@fake/provider.alphaOne.Props": {"fqn": "@fake/provider.alphaOne.Props", "kind": "interface"},
            "@fake/provider.alphaOne.Mode": {"fqn": "@fake/provider.alphaOne.Mode", "kind": "enum"},
        },
        "fingerprint": "x",
    }


def _npm_tarball(path: Path, assembly: Any, *, extra: dict[str, bytes] | None = None) -> Path:
    members: dict[str, bytes] = {
        "package/.jsii": json.dumps(assembly, indent=2, ensure_ascii=False).encode(),
        "package/lib/alpha-one/index.js": b'exports.name = "alpha-one";\n',
        "package/lib/alpha-one/index.d.ts": b"export declare const name: string;\n",
        "package/lib/index.js": _INDEX.encode(),
        "package/package.json": b'{"name": "@fake/provider", "version": "1.2.3", "main": "lib/index.js"}',
        **(extra or {}),
    }
    return write_tarball(path, members)


def _members(tarball: Path) -> dict[str, bytes]:
    with tarfile.open(tarball, "r:*") as archive_file:
        return {m.name: archive_file.extractfile(m).read() for m in archive_file if m.isfile()}  # type: ignore[union-attr]


def test_the_copy_carries_the_index_instead_of_the_assembly_and_no_declarations(tmp_path: Path) -> None:
    copy = kernel.lazy_tarball(
        "@fake/provider", "1.2.3", _npm_tarball(tmp_path / "p.tgz", _indexable_assembly()), tmp_path / "c"
    )

    assert copy is not None
    members = _members(copy)
    assert "package/.jsii" not in members and "package/lib/alpha-one/index.d.ts" not in members
    assert "package/lib/alpha-one/index.js" not in members  # in the module pack
    assert b'exports.name = "alpha-one";\n' in kernel.pack.pack_path_for(copy).read_bytes()
    manifest = json.loads(members["package/.jsii.runtime.v1.json"])
    assert manifest["schema"] == "jsii/runtime-index" and manifest["layout"]["typeCount"] == 3
    assert manifest["assemblyMetadata"] == {"name": "@fake/provider", "version": "1.2.3", "fingerprint": "x"}
    defs = members["package/.jsii.runtime-defs.v1.jsonl"].decode().split("\n")
    first = json.loads(defs[0])
    assert "docs" not in first and "locationInModule" not in first and "docs" not in first["properties"][0]
    assert first["properties"][0]["name"] == 'ünïcode \u2028 "quoted"'


@pytest.mark.parametrize(
    "assembly",
    [
        {"schema": "jsii/file-redirect", "compression": "gzip", "filename": ".jsii.gz"},  # no types
        {"types": {"a.B": {"kind": "namespace"}}},  # a kind jsii does not index
        "malformed",  # cut off in the middle of a value
    ],
    ids=["redirect", "unknown kind", "malformed"],
)
def test_an_assembly_that_cannot_be_indexed_is_kept_in_the_copy(tmp_path: Path, assembly: Any) -> None:
    original = _npm_tarball(tmp_path / "p.tgz", {})
    if assembly == "malformed":
        raw = b'{"types": {"a.B": {"kind": "class"}}, "truncated": [1, 2'
    else:
        raw = json.dumps(assembly).encode()
    original = _replace_member(original, "package/.jsii", raw)

    copy = kernel.lazy_tarball("@fake/provider", "1.2.3", original, tmp_path / "c")

    assert copy is not None
    members = _members(copy)
    assert members["package/.jsii"] == raw and "package/.jsii.runtime.v1.json" not in members


def test_a_package_that_ships_index_files_keeps_them(tmp_path: Path) -> None:
    shipped = {"package/.jsii.runtime.v1.json": b'{"shipped": true}'}
    original = _npm_tarball(tmp_path / "p.tgz", _indexable_assembly(), extra=shipped)

    members = _members(kernel.lazy_tarball("@fake/provider", "1.2.3", original, tmp_path / "c"))  # type: ignore[arg-type]

    assert members["package/.jsii.runtime.v1.json"] == b'{"shipped": true}' and "package/.jsii" in members


def _replace_member(tarball: Path, name: str, data: bytes) -> Path:
    members = _members(tarball)
    members[name] = data
    return write_tarball(tarball, members)


def test_an_index_js_of_another_layout_falls_back_with_one_warning(tmp_path: Path) -> None:
    original = _replace_member(
        _npm_tarball(tmp_path / "p.tgz", _indexable_assembly()), "package/lib/index.js", b"module.exports = 1;\n"
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert kernel.lazy_tarball("@fake/provider", "1.2.3", original, tmp_path / "c") is None
        assert kernel.lazy_tarball("@fake/provider", "1.2.3", original, tmp_path / "c") is None

    (message,) = _fallback_warnings(caught)
    assert "layout" in message


def test_the_index_matches_what_jsii_s_own_worker_writes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """jsii's index worker (node) and the Python builder, on the same assembly: the same three files."""
    monkeypatch.setenv("JSII_RUNTIME_PACKAGE_CACHE_ROOT", str(tmp_path / "jsii-cache"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("JSII_RUNTIME_PACKAGE_CACHE", raising=False)
    tarball = tmp_path / "provider@1.2.3.jsii.tgz"
    tarball.write_bytes(b"only its digest names the entry")
    entry = kernel.package_cache_entry("@fake/provider", "1.2.3", tarball)
    entry.mkdir(parents=True)
    text = json.dumps(_indexable_assembly(), indent=2, ensure_ascii=False).encode()
    (entry / ".jsii").write_bytes(text)
    assert kernel.ensure_runtime_index("@fake/provider", "1.2.3", tarball, wait=True) == "built"

    builder = runtime_index.RuntimeIndexBuilder()
    for start in range(0, len(text), 7):  # small chunks: values split across feeds
        builder.feed(text[start : start + 7])
    ours = builder.files()

    for name, data in ours.items():
        theirs = (entry / name).read_bytes()
        assert (json.loads(data) == json.loads(theirs)) if name.endswith(".json") else (data == theirs), name


# --------------------------------------------------------------------------------------------------
# End to end: a jsii whose Kernel.load changed, in a fresh interpreter with the import hook
# --------------------------------------------------------------------------------------------------

_CHANGED_JSII = r"""
import json, sys, warnings
warnings.simplefilter("always")
caught = []
warnings.showwarning = lambda message, category, *rest: caught.append((category.__name__, str(message)))
import jsii._kernel as jk
original = jk.Kernel.load
def load(self, *args, **kwargs):  # a jsii whose load takes (and passes on) keywords of its own
    return original(self, *args, **kwargs)
jk.Kernel.load = load
from cdktf_cdktf_provider_aws.provider import AwsProvider  # the hook's first provider import
from cdktf_cdktf_provider_aws.s3_bucket import S3Bucket
from cdktf import TerraformStack, Testing
stack = TerraformStack(Testing.app(), "changed")
AwsProvider(stack, "aws", region="eu-west-1")
S3Bucket(stack, "bucket", bucket="b")
print(json.dumps({"synth": Testing.synth(stack), "warnings": caught,
                  "lazy": sys.modules["cdktf_cdktf_provider_aws"].__dict__.get("__sagemaker_tf_lazy__", False)}))
"""


def test_a_jsii_with_a_changed_load_synthesizes_with_one_warning(tmp_path: Path) -> None:
    pytest.importorskip("cdktf_cdktf_provider_aws")
    env = {k: v for k, v in os.environ.items() if k != "SAGEMAKER_TF_EAGER_PROVIDER_IMPORT"}
    env.update(JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION="20", XDG_CACHE_HOME=str(tmp_path / "xdg"))
    done = subprocess.run(
        [sys.executable, "-c", _CHANGED_JSII], env=env, capture_output=True, text=True, timeout=600, check=False
    )

    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.splitlines()[-1])
    fallbacks = [message for category, message in result["warnings"] if category == "FastImportFallbackWarning"]
    assert len(fallbacks) == 1 and "Kernel.load" in fallbacks[0]
    assert '"aws_s3_bucket"' in result["synth"]
    assert not (tmp_path / "xdg" / "sagemaker-tf").exists() or not list((tmp_path / "xdg" / "sagemaker-tf").iterdir())
