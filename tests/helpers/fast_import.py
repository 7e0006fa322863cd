"""The fast import module under test (loaded from its file, so no provider import installs it first) and a fake
provider package shaped like the generated ones, for the tests of ``sagemaker_tf._runtime.fast_import`` and the
``.pth`` import hook."""

from __future__ import annotations

import importlib.util
import io
import tarfile
import textwrap
import types
from dataclasses import dataclass
from pathlib import Path

from tests.helpers import ROOT

FAST_IMPORT_FILE = ROOT / "sagemaker_tf" / "_runtime" / "fast_import" / "__init__.py"


def load_fast_import(module_name: str = "_sagemaker_tf_fast_import_under_test") -> types.ModuleType:
    """Load the fast import by path, as ``module_name`` (importing ``sagemaker_tf`` would install it itself)."""
    spec = importlib.util.spec_from_file_location(module_name, FAST_IMPORT_FILE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


fast_import = load_fast_import()
kernel = fast_import.kernel_module()
OPT_OUT = fast_import.OPT_OUT_ENV_VAR


@dataclass(frozen=True)
class FakeProvider:
    """A generated-provider look-alike importable from ``tmp_path``."""

    package: str
    assembly: str
    root: Path


def write_source(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text))


def write_tarball(path: Path, members: dict[str, bytes], *, mtime: int | None = None) -> Path:
    """A gzipped pax tarball at ``path`` holding ``members`` (name -> bytes) in order, as npm packs a package."""
    with tarfile.open(path, "w:gz", format=tarfile.PAX_FORMAT) as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            if mtime is not None:
                info.mtime = mtime
            archive.addfile(info, io.BytesIO(data))
    return path
