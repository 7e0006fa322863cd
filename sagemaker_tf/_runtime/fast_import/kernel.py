"""Node-side fast load of the prebuilt AWS provider: the jsii kernel hook.

When Python loads the ``@cdktf/provider-aws`` assembly, the jsii kernel (a node process) extracts the
package tarball and ``require``\\ s its ``lib/index.js``. That index eagerly requires all 2,212 generated
JavaScript submodules: 3.6-5.4 s and about 580 MB of node memory, even when a program uses ten resources;
and, on an empty jsii package cache, the kernel also parses the whole 131 MB assembly (about 5 s and 1 GB).

:func:`install` wraps the Python-side kernel's ``load`` once, for the tarballs given. When the kernel is
asked to load one of them, the wrapper hands it the lazy copy (``archive.py``, cached by ``cache.py``): its
``lib/index.js`` defines each submodule as a lazy getter, so node loads a submodule (from the module pack,
``pack.py``) the first time jsii looks a type up in it, and it carries jsii's runtime index of the assembly
(``runtime_index.py``), so the kernel reads only the types the program uses, from the first run on. The copy
is built on a thread from the moment the hook is installed (:func:`cache.start_build`), and waited for at the
load.

Every internal is checked first (``shape.py``). A ``load`` of another shape, a call the hook does not
recognize, a tarball of an unknown layout or a kernel refusing the copy: the original tarball is loaded,
with one :class:`~.shape.FastImportFallbackWarning`. A copy the kernel refused is deleted, so the next run
rebuilds it. ``SAGEMAKER_TF_EAGER_PROVIDER_IMPORT=1`` turns this off, together with the Python-side lazy
import.

The names of ``archive``, ``cache`` and ``index_build`` that callers used from here before the split are
re-exported.
"""

from __future__ import annotations

import inspect
import logging
import os
import re
from collections.abc import Iterable
from concurrent.futures import Future
from pathlib import Path
from typing import Any, Final

from . import archive, cache, index_build, pack, shape
from .archive import _TS_HELPERS, INDEX_MEMBER, REWRITE_VERSION, NotRewritable, lazy_index, write_lazy_copy
from .cache import (
    RUNTIME_INDEX_MANIFEST,
    cache_dir,
    cached_name,
    has_runtime_index,
    lazy_tarball,
    package_cache_entry,
    package_cache_root,
)
from .index_build import (
    BACKGROUND_BUILD_ENV_VAR,
    ensure_runtime_index,
    index_builds,
    index_worker_file,
    schedule_runtime_index,
)
from .shape import FastImportFallbackWarning

__all__ = [
    "BACKGROUND_BUILD_ENV_VAR",
    "INDEX_MEMBER",
    "REWRITE_VERSION",
    "RUNTIME_INDEX_MANIFEST",
    "_TS_HELPERS",
    "FastImportFallbackWarning",
    "NotRewritable",
    "archive",
    "cache",
    "cache_dir",
    "cached_name",
    "ensure_runtime_index",
    "has_runtime_index",
    "index_build",
    "index_builds",
    "index_worker_file",
    "install",
    "lazy_index",
    "lazy_tarball",
    "loaded_from",
    "pack",
    "package_cache_entry",
    "package_cache_root",
    "schedule_runtime_index",
    "shape",
    "write_lazy_copy",
]

_LOG: Final = logging.getLogger(__name__)

loaded_from: dict[str, str] = {}
"""Per assembly name, the tarball the kernel actually loaded through the hook (for tests and benchmarks)."""


def install(tarballs: Iterable[str | os.PathLike[str]], kernel: Any = None) -> bool:
    """Make the jsii ``kernel`` load a lazy copy of each of ``tarballs`` instead of the original.

    The hook sits on the kernel instance, sees every ``load`` request, acts only on a request whose
    tarball is one of ``tarballs``, and removes itself once it has handled all of them. Returns whether
    the hook is in place; a kernel whose ``load`` has another shape is left alone, with one warning.
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
    mismatch = shape.kernel_mismatch(kernel)
    if mismatch is not None:
        shape.warn_fallback(mismatch)
        return False
    hook = _LazyLoadHook(kernel, wanted)
    kernel.load = hook
    for tarball in wanted:
        assembly = assembly_loaded_by(Path(tarball))
        if assembly is not None:
            try:
                hook.pending[tarball] = (*assembly, cache.start_build(*assembly, tarball))
            except Exception as error:  # no thread: the copy is built when the kernel loads the tarball
                _LOG.debug("sagemaker_tf: no early build of %s: %s", tarball, error)
    return True


_ASSEMBLY_LOAD: Final = re.compile(
    r'JSIIAssembly\.load\(\s*"([^"\\]+)",\s*"([^"\\]+)",\s*__name__\[0:-6\],\s*"([^"\\/]+)",?\s*\)'
)


def assembly_loaded_by(tarball: Path) -> tuple[str, str] | None:
    """``(name, version)`` of the assembly that the ``_jsii/__init__.py`` next to ``tarball`` loads from it (read
    from its source, without running it); ``None`` when it does not say so in the generated form."""
    try:
        source = tarball.with_name("__init__.py").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    match = _ASSEMBLY_LOAD.search(source)
    if match is None or match.group(3) != tarball.name:
        return None
    return match.group(1), match.group(2)


class _LazyLoadHook:
    """The instance-level ``load`` installed by :func:`install`."""

    is_sagemaker_tf_lazy_load_hook: Final = True

    def __init__(self, kernel: Any, wanted: set[str]) -> None:
        self.kernel = kernel
        self.wanted = wanted
        self.pending: dict[str, tuple[str, str, Future[Path]]] = {}
        """Per tarball, the lazy copy's build started at install (name, version and future)."""

    def _original(self) -> Any:
        return type(self.kernel).load.__get__(self.kernel)

    def _remove(self) -> None:
        if self.kernel.__dict__.get("load") is self:
            del self.kernel.load

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        original = self._original()
        try:
            bound = inspect.signature(original).bind(*args, **kwargs)
            name, version, tarball = (bound.arguments[key] for key in ("name", "version", "tarball"))
            if not all(isinstance(value, str) for value in (name, version, tarball)):
                raise TypeError("name, version and tarball are not strings")
        except (TypeError, ValueError, KeyError) as error:  # a call this hook does not know: step aside
            self._remove()
            shape.warn_fallback(f"jsii called Kernel.load in an unexpected way ({error})")
            return original(*args, **kwargs)
        real = os.path.realpath(tarball)
        if real not in self.wanted:
            return original(*args, **kwargs)
        self.wanted.discard(real)
        if not self.wanted:
            self._remove()
        started = self.pending.pop(real, None)
        pending = started[2] if started is not None and started[:2] == (name, version) else None
        copy = cache.lazy_tarball(name, version, real, pending=pending)
        if copy is not None:
            try:
                result = original(name, version, os.fspath(copy))
            except Exception as error:
                _LOG.debug("sagemaker_tf: the kernel refused %s: %s", copy, error)
                copy.unlink(missing_ok=True)
                pack.pack_path_for(copy).unlink(missing_ok=True)
                shape.warn_fallback(f"the jsii kernel refused the lazy copy of {name}: {error}")
            else:
                loaded_from[name] = os.fspath(copy)
                index_build.schedule_runtime_index(name, version, os.fspath(copy))
                return result
        result = original(*args, **kwargs)
        loaded_from[name] = tarball
        index_build.schedule_runtime_index(name, version, tarball)
        return result
