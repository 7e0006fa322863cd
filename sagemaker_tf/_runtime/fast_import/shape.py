"""Shape checks of every jsii internal the fast path touches, and the one warning when one does not fit.

The fast path reaches into jsii: the Python kernel's ``load`` method, two privates of jsii's reference map,
the kernel's package cache and the runtime-index format of its node program. Each is checked here before
use, against the jsii versions the fast path is known to work with (:data:`SUPPORTED_JSII`). Any mismatch
turns the fast path off for the process (the providers' own eager import runs) with one
:class:`FastImportFallbackWarning`; nothing here raises.
"""

from __future__ import annotations

import importlib
import inspect
import re
import sys
import warnings
from pathlib import Path
from typing import Any, Final

SUPPORTED_JSII: Final = ((1, 140, 0), (1, 143, 0))
"""jsii versions the fast path is known to work with: at least the first, below the second (the runtime index
format v1 and ``Kernel.load(name, version, tarball)`` are the same from 1.140 through 1.142)."""

LOAD_PARAMETERS: Final = ("self", "name", "version", "tarball")
"""The parameters of ``jsii._kernel.Kernel.load`` the kernel hook stands in for."""

NODE_PROGRAM_MARKERS: Final = (
    "RUNTIME_INDEX_VERSION=1",
    '"jsii/runtime-index"',
    "function loadRuntimeAssembly(",
    "tryLoadIndexed",
    ".jsii.runtime.v${",
    ".jsii.runtime-index.v${",
    ".jsii.runtime-defs.v${",
    "strip:1",
)
"""Strings of jsii's node program (``lib__program.js``) that the lazy copy's runtime index relies on: the index
format version and file names, the indexed load and the package extraction that strips ``package/``."""


class _LocalFallbackWarning(RuntimeWarning):
    """The fast provider import met a jsii or provider shape it does not know, and fell back to the eager one."""


def _warning_class() -> type[RuntimeWarning]:
    """The import hook's ``FastImportFallbackWarning``: one class for every copy of this module, importable by name
    (pytest-xdist, for one, pickles a warning by its module). Without the hook module (sagemaker_tf on a path
    entry, not installed), a class of this module."""
    try:
        hook = importlib.import_module("_sagemaker_tf_import_hook")
    except ImportError:
        return _LocalFallbackWarning
    found = getattr(hook, "FastImportFallbackWarning", None)
    return found if isinstance(found, type) and issubclass(found, RuntimeWarning) else _LocalFallbackWarning


FastImportFallbackWarning: Final = _warning_class()
"""The category of the one warning the fast import gives when it falls back (a ``RuntimeWarning``)."""


_warned: list[str] = []


def warn_fallback(reason: str) -> None:
    """Warn once per process that the fast path is off, and why."""
    if _warned:
        return
    _warned.append(reason)
    warnings.warn(
        f"sagemaker_tf: the fast provider import is off for this process ({reason}); the providers' own "
        "(slower) import is used instead. Set SAGEMAKER_TF_EAGER_PROVIDER_IMPORT=1 to silence this.",
        FastImportFallbackWarning,
        stacklevel=3,
    )


def parse_version(text: str) -> tuple[int, int, int] | None:
    """``(major, minor, patch)`` of a version string such as ``1.142.0`` or ``1.142.0.dev1``; ``None`` if not one."""
    match = re.match(r"^(\d+)\.(\d+)\.(\d+)", text)
    return (int(match[1]), int(match[2]), int(match[3])) if match else None


def jsii_version() -> str:
    """The installed jsii runtime's version (``jsii.__meta__.__version__``), ``""`` when it has none."""
    meta = sys.modules.get("jsii.__meta__")
    if meta is None:
        import jsii.__meta__ as meta
    version = getattr(meta, "__version__", "")
    return version if isinstance(version, str) else ""


def python_side_mismatch() -> str | None:
    """Why the Python side of the fast path cannot run here, or ``None`` when every internal fits."""
    version = jsii_version()
    parsed = parse_version(version)
    if parsed is None or not SUPPORTED_JSII[0] <= parsed < SUPPORTED_JSII[1]:
        low, high = (".".join(map(str, bound)) for bound in SUPPORTED_JSII)
        return f"jsii {version or '(unknown version)'} is outside the supported range >={low},<{high}"
    from jsii import _reference_map

    if not isinstance(getattr(_reference_map, "_submodule_fqn_map", None), dict):
        return "jsii._reference_map._submodule_fqn_map is missing or not a dict"
    if not callable(getattr(_reference_map, "_try_import_type_module", None)):
        return "jsii._reference_map._try_import_type_module is missing"
    return None


def kernel_mismatch(kernel: Any) -> str | None:
    """Why the kernel hook cannot wrap ``kernel.load``, or ``None`` when its shape fits."""
    load = getattr(type(kernel), "load", None)
    if not callable(load):
        return "jsii's Kernel has no load method"
    try:
        parameters = list(inspect.signature(load).parameters.values())
    except (TypeError, ValueError):
        return "the signature of jsii's Kernel.load cannot be read"
    names = tuple(parameter.name for parameter in parameters)
    kinds_ok = all(parameter.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD for parameter in parameters)
    if names != LOAD_PARAMETERS or not kinds_ok:
        return f"jsii's Kernel.load{inspect.signature(load)} is not load(self, name, version, tarball)"
    return None


def node_program_mismatch() -> str | None:
    """Why the lazy copy's runtime index would not be read by jsii's node program, or ``None`` when it would."""
    try:
        import jsii._embedded.jsii as embedded
    except ImportError:
        return "jsii has no embedded node program"
    program = Path(embedded.__file__).with_name("lib__program.js")
    try:
        text = program.read_text(encoding="utf-8")
    except OSError:
        return f"jsii's node program {program.name} cannot be read"
    missing = [marker for marker in NODE_PROGRAM_MARKERS if marker not in text]
    if missing:
        return f"jsii's node program lacks {', '.join(missing)}"
    return None
