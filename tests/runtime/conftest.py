"""Fixtures of the runtime tests: a fake provider package importable from ``tmp_path``."""

from __future__ import annotations

import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from jsii import _reference_map

from tests.helpers.fast_import import OPT_OUT, FakeProvider, write_source


@pytest.fixture
def fake_provider(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeProvider]:
    """A package whose real ``__init__`` imports every submodule eagerly, like the AWS provider's."""
    tag = uuid.uuid4().hex[:10]
    provider = FakeProvider(f"fake_provider_{tag}", f"@fake/provider-{tag}", tmp_path / f"fake_provider_{tag}")
    write_source(
        provider.root / "__init__.py",
        """
        EAGER_INIT_RAN = True
        from ._jsii import *
        from . import alpha_one
        from . import beta
        """,
    )
    write_source(
        provider.root / "_jsii" / "__init__.py",
        f"""
        import types
        __jsii_assembly__ = types.SimpleNamespace(name={provider.assembly!r})
        __all__ = ["__jsii_assembly__"]
        """,
    )
    write_source(provider.root / "alpha_one" / "__init__.py", 'from .._jsii import *\nVALUE = "alpha"\n')
    write_source(provider.root / "beta" / "__init__.py", 'from .._jsii import *\nVALUE = "beta"\n')
    (provider.root / "py.typed").write_text("")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delenv(OPT_OUT, raising=False)
    yield provider
    for name in [m for m in sys.modules if m == provider.package or m.startswith(f"{provider.package}.")]:
        del sys.modules[name]
    for fqn in [k for k in _reference_map._submodule_fqn_map if k.startswith(f"{provider.assembly}.")]:
        del _reference_map._submodule_fqn_map[fqn]
