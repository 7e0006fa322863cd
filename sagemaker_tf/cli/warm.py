"""``sagemaker-tf warm``: build every cache a first synth needs, once, before it is needed.

Run it where the caches should live: in a CI image or a Docker layer after ``pip install``, or on a
developer machine after an upgrade. It builds, in the current user's cache directories:

1. the lazy copy of each large provider's package tarball (``${XDG_CACHE_HOME:-~/.cache}/sagemaker-tf``),
   which carries jsii's runtime index of the provider;
2. jsii's unpacked copy of every assembly the synth loads (``~/.cache/aws/jsii/package-cache``, or
   ``$JSII_RUNTIME_PACKAGE_CACHE_ROOT``);
3. jsii's runtime index of the other assemblies, waiting for it (jsii builds it in a worker thread that
   dies with the process; see ``sagemaker_tf/_runtime/fast_import/index_build.py``);
4. the bytecode of the modules a synth imports, by synthesizing a small hosting stack in memory.

Example::

    $ sagemaker-tf warm
    sagemaker-tf warm: building the caches a first synth needs
      load assemblies     5.1 s (import, lazy copies, jsii unpacking)
      lazy provider copy  @cdktf/provider-aws@21.22.1  built (2.5 s), with jsii's runtime index, and its module pack
      jsii runtime index  @cdktf/provider-aws@21.22.1  present
      ...
      test synth          9 resources (1.2 s)
    ready (6.6 s after import)

It takes no arguments and returns 0 when every cache is in place, 1 otherwise. Running it again is cheap
(everything is found in place).
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
import time
import types
from collections.abc import Iterator
from pathlib import Path


def run(args: argparse.Namespace) -> int:
    """Build the caches; print one line per cache; return 0 when all are in place, 1 otherwise."""
    del args  # ``warm`` has no options
    out = sys.stdout
    print("sagemaker-tf warm: building the caches a first synth needs", file=out)
    started = time.perf_counter()
    import sagemaker_tf  # noqa: F401  (installs the fast import: lazy copies built, assemblies loaded)
    from sagemaker_tf._runtime import fast_import as _fast_import
    from sagemaker_tf._runtime.fast_import import kernel as _fast_kernel

    if _fast_import.opted_out():
        print(f"  {_fast_import.OPT_OUT_ENV_VAR} is set: warming the providers' eager import", file=out)
    for package in _installed_providers(_fast_import.PROVIDER_PACKAGES):
        importlib.import_module(f"{package}._jsii")  # loads the assembly (already done by the fast path)

    loaded = f"{time.perf_counter() - started:.1f} s"
    print(f"  load assemblies     {loaded} (import, lazy copies, jsii unpacking)", file=out)
    ok = True
    builds = _copy_builds()
    for name, version, tarball in _loaded_assemblies():
        if Path(tarball).parent == _fast_kernel.cache_dir():
            built = builds.get(tarball)
            how = f"built ({built:.1f} s)" if built is not None else "present"
            indexed = "with" if _copy_has_index(name, version, tarball) else "without"
            packed = (
                ", and its module pack"
                if _fast_kernel.pack.mismatch(_fast_kernel.pack.pack_path_for(Path(tarball))) is None
                else ""
            )
            print(f"  lazy provider copy  {name}@{version}  {how}, {indexed} jsii's runtime index{packed}", file=out)
        began = time.perf_counter()
        outcome = _fast_kernel.ensure_runtime_index(name, version, tarball, wait=True)
        took = f" ({time.perf_counter() - began:.1f} s)" if outcome == "built" else ""
        print(f"  jsii runtime index  {name}@{version}  {outcome}{took}", file=out)
        ok = ok and outcome in ("present", "built", "no-cache", "unsupported")  # the last two: nothing to build

    began = time.perf_counter()
    try:
        resources = _test_synth()
    except Exception as error:
        print(f"  test synth          FAILED: {type(error).__name__}: {error}", file=out)
        ok = False
    else:
        print(f"  test synth          {resources} resources ({time.perf_counter() - began:.1f} s)", file=out)
    total = f"({time.perf_counter() - started:.1f} s after import)"
    print(f"ready {total}" if ok else f"some caches could not be built (see above) {total}", file=out)
    return 0 if ok else 1


def _copy_builds() -> dict[str, float]:
    """Seconds per lazy copy built in this process (from this package's cache module and the import hook's copy)."""
    builds: dict[str, float] = {}
    for module in list(sys.modules.values()):
        found = module.__dict__.get("builds") if isinstance(module, types.ModuleType) else None
        if isinstance(found, dict) and callable(module.__dict__.get("lazy_tarball")):
            builds.update(found)
    return builds


def _copy_has_index(name: str, version: str, tarball: str) -> bool:
    """Whether jsii's package cache entry of the lazy copy has the runtime index that came in the copy."""
    from sagemaker_tf._runtime.fast_import import cache

    entry = cache.package_cache_entry(name, version, tarball)
    return entry is not None and cache.has_runtime_index(entry)


def _installed_providers(packages: tuple[str, ...]) -> list[str]:
    """The provider packages installed here (either framework family)."""
    import importlib.util

    return [package for package in packages if importlib.util.find_spec(package) is not None]


def _loaded_assemblies() -> Iterator[tuple[str, str, str]]:
    """(name, version, tarball the kernel loaded) for every jsii assembly this process loaded."""
    loaded_from: dict[str, str] = {}
    for module in list(sys.modules.values()):  # this package's kernel hook, and the import hook's copy
        if (
            isinstance(module, types.ModuleType)
            and isinstance(module.__dict__.get("loaded_from"), dict)
            and callable(module.__dict__.get("ensure_runtime_index"))
        ):
            loaded_from.update(module.__dict__["loaded_from"])
    seen: set[str] = set()
    for name, module in sorted(sys.modules.items()):
        assembly = getattr(module, "__jsii_assembly__", None) if name.endswith("._jsii") else None
        if assembly is None or assembly.name in seen:
            continue
        seen.add(assembly.name)
        original = Path(module.__file__).with_name(assembly.filename)  # type: ignore[arg-type]
        yield assembly.name, assembly.version, loaded_from.get(assembly.name, str(original))


def _test_synth() -> int:
    """Synthesize a small hosting stack in memory (model, config, endpoint, autoscaling, alarm)."""
    import sagemaker_tf as sagemaker
    from sagemaker_tf._runtime.framework import AwsProvider, TerraformStack, Testing

    stack = TerraformStack(Testing.app(), "warm")
    AwsProvider(stack, "aws", region="us-east-1")
    model = sagemaker.Model(
        stack,
        "Model",
        containers=[
            sagemaker.ContainerDefinition(
                image=sagemaker.ContainerImage.from_dlc("pytorch-inference", "2.1.0-cpu-py310")
            ),
        ],
    )
    config = sagemaker.EndpointConfig(
        stack,
        "Config",
        instance_production_variants=[
            sagemaker.InstanceProductionVariantProps(
                model=model, variant_name="main", instance_type=sagemaker.InstanceType.M5_LARGE
            ),
        ],
    )
    endpoint = sagemaker.Endpoint(stack, "Endpoint", endpoint_config=config)
    variant = endpoint.find_instance_production_variant("main")
    variant.auto_scale_instance_count(max_capacity=2).scale_on_invocations("Rps", max_requests_per_second=10)
    variant.metric_model_latency().create_alarm(stack, "Latency", threshold=1000, evaluation_periods=3)
    document = json.loads(Testing.synth(stack, run_validations=True))
    return sum(len(items) for items in document.get("resource", {}).values())
