"""Import-order-independent fast import of the provider bindings (loaded by ``sagemaker_tf-import-hook.pth``).

Installing sagemaker-tf puts a one-line ``.pth`` file into site-packages. At interpreter start-up it imports
this module, which only puts :class:`ProviderImportFinder` at the front of ``sys.meta_path``: nothing else
is imported (only ``sys`` and ``os``, which the interpreter has already loaded), and nothing runs until a
provider package is imported.

On the first import of a provider package (``cdktf_cdktf_provider_aws``, ``cdktf_cdktf_provider_docker``,
``cdktn_provider_aws``, ``cdktn_provider_docker``), however the user's imports are ordered, the finder
installs sagemaker_tf's lightweight parent module for it (``sagemaker_tf/_runtime/fast_import/__init__.py``,
loaded by file path so that importing it runs neither ``sagemaker_tf/__init__`` nor ``sagemaker_tf/_runtime``'s)
and hands that module to the import system. Any failure means: no hook, the provider's own eager import runs.

Off when ``SAGEMAKER_TF_EAGER_PROVIDER_IMPORT`` is ``1``/``true``/``yes``/``on`` (read at start-up and again at
the first provider import). ``python -S`` (no site-packages processing) and a zipapp that bundles its
dependencies never read the ``.pth`` file, so they get the eager import.
"""

import os
import sys

OPT_OUT_ENV_VAR = "SAGEMAKER_TF_EAGER_PROVIDER_IMPORT"
TRIGGERS = frozenset(
    {"cdktf_cdktf_provider_aws", "cdktf_cdktf_provider_docker", "cdktn_provider_aws", "cdktn_provider_docker"}
)
"""Top-level packages whose first import installs the lazy parent module."""

FAST_IMPORT_MODULE = "_sagemaker_tf_fast_import_via_hook"
"""The ``sys.modules`` name under which ``sagemaker_tf/_runtime/fast_import/__init__.py`` is loaded by path."""


class FastImportFallbackWarning(RuntimeWarning):
    """The fast provider import met a jsii or provider shape it does not know, and fell back to the eager import.

    Defined here, in a top-level module, so that every copy of the fast import (the one this hook loads by path,
    and ``sagemaker_tf._runtime.fast_import``) warns with one class that can be imported by name.
    """


handled: dict[str, bool] = {}
"""Per provider package the finder saw: whether it installed the lazy parent module (for tests, benchmarks)."""


def opted_out() -> bool:
    """Whether the user asked for the providers' own eager import."""
    return os.environ.get(OPT_OUT_ENV_VAR, "").strip().lower() in ("1", "true", "yes", "on")


class _Reuse:
    """A loader that hands the import system a module that already exists (the lazy parent)."""

    def __init__(self, module: object) -> None:
        self.module = module
        self.original_spec = getattr(module, "__spec__", None)

    def create_module(self, spec: object) -> object:
        return self.module

    def exec_module(self, module: object) -> None:
        module.__spec__ = self.original_spec  # type: ignore[attr-defined]  (the real package's spec)


class ProviderImportFinder:
    """A ``sys.meta_path`` finder that acts once per provider package, on its first import."""

    def __init__(self) -> None:
        self.pending = set(TRIGGERS)

    def find_spec(self, name: str, path: object = None, target: object = None) -> object:
        if name not in self.pending:
            return None
        self.pending.discard(name)  # first: install() below looks the package up again
        if not self.pending:
            uninstall()
        if opted_out() or name in sys.modules:
            return None
        try:
            module = _install(name)
        except Exception:
            module = None
        handled[name] = module is not None
        if module is None:
            return None
        from importlib.machinery import ModuleSpec

        spec = ModuleSpec(name, _Reuse(module), origin=getattr(module, "__file__", None), is_package=True)
        spec.submodule_search_locations = list(module.__path__)  # type: ignore[attr-defined]
        return spec


def _install(package: str) -> object:
    """Install the lazy parent module of ``package``; return it, or ``None`` when that is not possible."""
    fast_import = _fast_import_module()
    if fast_import is None or not fast_import.install([package]).get(package):
        return None
    # Out of sys.modules again: the import system would otherwise take the real package's spec from it and
    # run the real ``__init__``. It puts the module back itself, through ``_Reuse.create_module``.
    return sys.modules.pop(package)


def _fast_import_module() -> object:
    """``sagemaker_tf/_runtime/fast_import/__init__.py`` loaded by path: no package ``__init__`` runs."""
    module = sys.modules.get(FAST_IMPORT_MODULE)
    if module is not None:
        return module
    import importlib.util

    package = importlib.util.find_spec("sagemaker_tf")
    if package is None or not package.submodule_search_locations:
        return None
    for directory in package.submodule_search_locations:
        source = os.path.join(directory, "_runtime", "fast_import", "__init__.py")
        if os.path.isfile(source):
            break
    else:
        return None
    spec = importlib.util.spec_from_file_location(FAST_IMPORT_MODULE, source)
    if spec is None or spec.loader is None:
        return None
    module = importlib.util.module_from_spec(spec)
    sys.modules[FAST_IMPORT_MODULE] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[FAST_IMPORT_MODULE]
        raise
    return module


_finder: ProviderImportFinder | None = None


def install() -> bool:
    """Put the finder at the front of ``sys.meta_path`` (once); return whether it is there."""
    global _finder
    if opted_out():
        return False
    if _finder is None:
        _finder = ProviderImportFinder()
    if _finder not in sys.meta_path:
        sys.meta_path.insert(0, _finder)
    return True


def uninstall() -> None:
    """Take the finder off ``sys.meta_path``."""
    if _finder is not None and _finder in sys.meta_path:
        sys.meta_path.remove(_finder)


def is_installed() -> bool:
    """Whether the finder is on ``sys.meta_path`` (it leaves once every provider package was seen)."""
    return _finder is not None and _finder in sys.meta_path
