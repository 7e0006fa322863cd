"""Fast import of the prebuilt CDKTF provider packages.

The ``__init__`` of ``cdktf_cdktf_provider_aws`` imports all of its 2,212 generated submodules so that
every class registers itself with the jsii runtime. That costs 10-17 s and about 1.6 GB before a
single resource is defined.

:func:`install` replaces that ``__init__`` with a lightweight parent module, *only* when the real one
has not run yet. Two callers run it before the real one can: ``sagemaker_tf/__init__`` and, on the first
import of a provider package in any order, the import hook that the installed ``.pth`` file puts on
``sys.meta_path`` (``_sagemaker_tf_import_hook.py``, which loads this file by path). The lightweight module

- has the real ``__path__``, so ``import cdktf_cdktf_provider_aws.s3_bucket`` works as usual;
- loads the jsii assembly through the real ``_jsii`` subpackage, as the real ``__init__`` does;
- imports a submodule on first attribute access (PEP 562 ``__getattr__``), so
  ``import cdktf_cdktf_provider_aws as aws; aws.s3_bucket.S3Bucket`` works;
- registers every submodule's jsii namespace with the jsii runtime (``_submodule_fqn_map``), so an
  object that jsii hands back whose class lives in a submodule not imported yet still gets its
  proper Python class: the runtime imports that submodule on the miss.

For the packages in :data:`NODE_LAZY_PACKAGES` it also makes the node side lazy: the jsii kernel loads a
copy of the package tarball whose JavaScript index requires submodules on first use (see
``sagemaker_tf/_runtime/fast_import/kernel.py``).

Set ``SAGEMAKER_TF_EAGER_PROVIDER_IMPORT=1`` to turn both off and get the providers' own eager import.
"""

from __future__ import annotations

import importlib
import importlib.machinery
import importlib.util
import os
import pkgutil
import sys
import types
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Final

OPT_OUT_ENV_VAR: Final = "SAGEMAKER_TF_EAGER_PROVIDER_IMPORT"
"""Set to ``1`` (or ``true``/``yes``/``on``) to import the provider packages eagerly, as they ship."""

PROVIDER_PACKAGES: Final = (
    "cdktf_cdktf_provider_aws",
    "cdktf_cdktf_provider_docker",
    "cdktn_provider_aws",
    "cdktn_provider_docker",
)
"""The prebuilt provider packages that :func:`install` makes lazy, for both framework families (CDK for
Terraform and CDK Terrain); those not installed are skipped. Keep in step with ``TRIGGERS`` in
``_sagemaker_tf_import_hook.py``."""

NODE_LAZY_PACKAGES: Final = frozenset({"cdktf_cdktf_provider_aws", "cdktn_provider_aws"})
"""Packages whose JavaScript index the jsii kernel loads lazily (the docker providers' are small)."""

_LAZY_MARKER: Final = "__sagemaker_tf_lazy__"
_TRUTHY: Final = frozenset({"1", "true", "yes", "on"})


def opted_out() -> bool:
    """Whether the user asked for the eager provider import through :data:`OPT_OUT_ENV_VAR`."""
    return os.environ.get(OPT_OUT_ENV_VAR, "").strip().lower() in _TRUTHY


def is_lazy(module: object) -> bool:
    """Whether ``module`` is a lightweight parent module installed by :func:`install`."""
    return isinstance(module, types.ModuleType) and module.__dict__.get(_LAZY_MARKER) is True


def install(packages: Iterable[str] = PROVIDER_PACKAGES) -> dict[str, bool]:
    """Install lightweight parent modules for the provider ``packages`` not imported yet.

    A package whose real ``__init__`` already ran (or is running), a package that is not installed,
    and every package when the user opted out are left alone. Returns, per package, whether its
    lightweight module is in place after the call.
    """
    result: dict[str, bool] = {}
    for package in packages:
        if opted_out():
            result[package] = False
        else:
            result[package] = _install_one(package)
    return result


def _install_one(package: str) -> bool:
    """Install the lightweight parent module for one package; see :func:`install`."""
    existing = sys.modules.get(package)
    if existing is not None:
        return is_lazy(existing)
    if "." in package or not _jsii_supports_lazy_types():
        return False
    # The path finder directly (the provider packages are plain site-packages installs): the import hook
    # (``_sagemaker_tf_import_hook``) sits on sys.meta_path and would act on this very look-up.
    spec = importlib.machinery.PathFinder.find_spec(package)
    if spec is None or spec.submodule_search_locations is None or spec.origin is None:
        return False
    path = pkgutil.extend_path(list(spec.submodule_search_locations), package)
    submodules = _submodule_names(path)
    if not submodules:
        return False

    module = _new_lazy_module(package, spec, path, submodules)
    if package in NODE_LAZY_PACKAGES:
        _install_node_side(path)
    before = set(sys.modules)
    sys.modules[package] = module
    try:
        jsii_package = importlib.import_module(f"{package}._jsii")
        assembly_name: str = jsii_package.__jsii_assembly__.name
    except BaseException:
        for name in set(sys.modules) - before:
            if name == package or name.startswith(f"{package}."):
                del sys.modules[name]
        raise
    _register_namespaces(assembly_name, package, submodules)
    return True


def _install_node_side(path: Iterable[str]) -> None:
    """Have the jsii kernel load a lazy copy of the package tarball(s) under ``<path>/_jsii``."""
    tarballs = [str(tarball) for directory in path for tarball in Path(directory, "_jsii").glob("*.jsii.tgz")]
    try:
        kernel_module().install(tarballs)
    except Exception as error:  # a jsii of another shape: the original tarball is loaded
        part("shape").warn_fallback(f"the kernel hook could not be installed: {error}")


def kernel_module() -> types.ModuleType:
    """``sagemaker_tf._runtime.fast_import.kernel`` (see :func:`part`)."""
    return part("kernel")


def part(name: str) -> types.ModuleType:
    """The module ``name`` of this package (``kernel``, ``shape``, ...).

    When this file was loaded by path (by the import hook, or a test), its siblings are imported as the package
    ``_sagemaker_tf_fast_import_parts_for_<this module's name>`` over this directory, so that their relative
    imports work and no ``sagemaker_tf`` ``__init__`` runs; the kernel is also registered as
    ``_sagemaker_tf_fast_kernel_for_<this module's name>``.
    """
    if __name__ == "sagemaker_tf._runtime.fast_import":  # imported as a package, not loaded by path
        return importlib.import_module(f"{__package__}.{name}")
    package = f"_sagemaker_tf_fast_import_parts_for_{__name__}"
    if package not in sys.modules:
        parts = types.ModuleType(package, "The modules next to sagemaker_tf/_runtime/fast_import/__init__.py.")
        parts.__path__ = [str(Path(__file__).parent)]
        sys.modules[package] = parts
    module = importlib.import_module(f"{package}.{name}")
    if name == "kernel":
        sys.modules.setdefault(f"_sagemaker_tf_fast_kernel_for_{__name__}", module)
    return module


def _jsii_supports_lazy_types() -> bool:
    """Whether every jsii internal the Python side uses has the shape it expects; warns once when not.

    jsii >= 1.120 imports a type's module when it meets an unregistered type, through
    ``_reference_map._submodule_fqn_map``. Without it, an object of a class from a submodule not imported
    yet would fail to deserialize, so we stay eager. ``shape.py`` also checks the jsii version range.
    """
    shape = part("shape")
    mismatch = shape.python_side_mismatch()
    if mismatch is not None:
        shape.warn_fallback(mismatch)
        return False
    return True


def _submodule_names(path: Iterable[str]) -> frozenset[str]:
    """The generated submodules (one directory each) under the package ``path``."""
    names: set[str] = set()
    for directory in path:
        try:
            entries = list(os.scandir(directory))
        except OSError:
            continue
        for entry in entries:
            if entry.name.isidentifier() and not entry.name.startswith("_") and entry.is_dir():
                names.add(entry.name)
    return frozenset(names)


def _new_lazy_module(
    package: str,
    spec: importlib.machinery.ModuleSpec,
    path: list[str],
    submodules: frozenset[str],
) -> types.ModuleType:
    """Build the lightweight parent module: real path and spec, lazy submodule attributes."""
    module = types.ModuleType(
        package,
        f"Lazily imported {package} (installed by sagemaker_tf; set {OPT_OUT_ENV_VAR}=1 for the eager import).",
    )

    def __getattr__(name: str) -> Any:
        if name in submodules:
            return importlib.import_module(f"{package}.{name}")
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    def __dir__() -> list[str]:
        return sorted(set(module.__dict__) | submodules)

    module.__dict__.update(
        {
            "__file__": spec.origin,
            "__cached__": spec.cached,
            "__path__": path,
            "__package__": package,
            "__loader__": spec.loader,
            "__spec__": spec,
            "__all__": sorted(submodules),
            "__getattr__": __getattr__,
            "__dir__": __dir__,
            _LAZY_MARKER: True,
        }
    )
    return module


def _register_namespaces(assembly_name: str, package: str, submodules: Iterable[str]) -> None:
    """Tell jsii which Python submodule holds each jsii namespace of the assembly.

    Every type of these assemblies is ``<assembly>.<namespace>.<Type>``, and the generated
    submodule of ``<namespace>`` is its snake_case form (``s3Bucket`` -> ``s3_bucket``).
    """
    from jsii import _reference_map

    _reference_map._submodule_fqn_map.update(
        {f"{assembly_name}.{_namespace_of(name)}": f"{package}.{name}" for name in submodules}
    )


def _namespace_of(submodule: str) -> str:
    """The jsii namespace (lowerCamelCase) of a generated submodule name (snake_case)."""
    head, *rest = submodule.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)
