"""The import hook: the fast provider import applies whatever the order of the user's imports.

In-process tests drive the meta-path finder with the fake provider package of ``tests/runtime/conftest.py``.
Subprocess tests check the real thing: the ``.pth`` file of this (editable) install, and a wheel built
with ``pip wheel`` and installed into a temporary venv, where an app whose first import is
``from cdktf_cdktf_provider_aws.provider import AwsProvider`` gets the fast path and synthesizes the
same bytes as the eager import.

They run on the family this venv uses (``tests/helpers/families.py``): the app is written once, for cdktf, and
``on_family`` renames its imports on cdktn (``cdktn``, ``cdktn_provider_aws``). The wheel venv gets its
dependencies (the family's framework and provider packages, jsii) from this venv's site-packages through a plain
path entry.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import os
import re
import subprocess
import sys
import sysconfig
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import ROOT
from tests.helpers.families import FAMILY, on_family
from tests.helpers.fast_import import OPT_OUT, FakeProvider, fast_import

FRAMEWORK = FAMILY.framework  # cdktf | cdktn
AWS = FAMILY.providers["aws"]  # cdktf_cdktf_provider_aws | cdktn_provider_aws
HOOK_FILE = ROOT / "_sagemaker_tf_import_hook.py"
PTH_NAME = "sagemaker_tf-import-hook.pth"


def _load_hook() -> types.ModuleType:
    """A private copy of the hook module, so that the tests never touch the session's own finder."""
    spec = importlib.util.spec_from_file_location("_sagemaker_tf_import_hook_under_test", HOOK_FILE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def hook(fake_provider: FakeProvider, monkeypatch: pytest.MonkeyPatch) -> Iterator[types.ModuleType]:
    """The hook's finder, first on ``sys.meta_path``, watching only the fake provider package."""
    module = _load_hook()
    monkeypatch.setattr(module, "_fast_import_module", lambda: fast_import)
    monkeypatch.setattr(module, "TRIGGERS", frozenset({fake_provider.package}))
    monkeypatch.setattr(sys, "meta_path", list(sys.meta_path))
    assert module.install() is True
    yield module
    module.uninstall()


def test_first_import_of_a_provider_gets_the_lazy_parent(hook: types.ModuleType, fake_provider: FakeProvider) -> None:
    parent = importlib.import_module(fake_provider.package)

    assert fast_import.is_lazy(parent)
    assert not hasattr(parent, "EAGER_INIT_RAN")
    assert hook.handled == {fake_provider.package: True}
    assert parent.__spec__.origin == str(fake_provider.root / "__init__.py")  # the real package's spec
    assert type(parent.__spec__.loader).__name__ == "SourceFileLoader"
    assert parent.alpha_one.VALUE == "alpha"
    assert f"{fake_provider.package}.beta" not in sys.modules
    assert not hook.is_installed()  # every watched package was seen: the finder left sys.meta_path


def test_first_import_of_a_submodule_gets_the_lazy_parent(hook: types.ModuleType, fake_provider: FakeProvider) -> None:
    namespace: dict[str, Any] = {}
    exec(f"from {fake_provider.package}.beta import VALUE", namespace)

    assert namespace["VALUE"] == "beta"
    assert fast_import.is_lazy(sys.modules[fake_provider.package])
    assert f"{fake_provider.package}.alpha_one" not in sys.modules


def test_hook_stays_out_when_opted_out_at_the_first_provider_import(
    hook: types.ModuleType, fake_provider: FakeProvider, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(OPT_OUT, "1")

    parent = importlib.import_module(fake_provider.package)

    assert parent.EAGER_INIT_RAN is True
    assert not fast_import.is_lazy(parent)
    assert hook.handled == {}


def test_hook_is_not_installed_when_opted_out_at_start_up(monkeypatch: pytest.MonkeyPatch) -> None:
    module = _load_hook()
    monkeypatch.setattr(sys, "meta_path", list(sys.meta_path))
    monkeypatch.setenv(OPT_OUT, "yes")

    assert module.install() is False
    assert not module.is_installed()


def test_failed_install_falls_back_to_the_eager_import(hook: types.ModuleType, fake_provider: FakeProvider) -> None:
    (fake_provider.root / "_jsii" / "__init__.py").write_text(
        "import os\n"
        "if os.environ.get('FAKE_KERNEL_REFUSES', '1') == '1':\n"
        "    os.environ['FAKE_KERNEL_REFUSES'] = '0'\n"
        "    raise RuntimeError('kernel refused the assembly once')\n"
        "import types\n"
        f"__jsii_assembly__ = types.SimpleNamespace(name={fake_provider.assembly!r})\n"
        "__all__ = ['__jsii_assembly__']\n"
    )
    try:
        parent = importlib.import_module(fake_provider.package)
    finally:
        os.environ.pop("FAKE_KERNEL_REFUSES", None)

    assert parent.EAGER_INIT_RAN is True  # no error for the user: the provider's own import ran
    assert hook.handled == {fake_provider.package: False}


def test_hook_leaves_an_already_imported_provider_alone(hook: types.ModuleType, fake_provider: FakeProvider) -> None:
    real = types.ModuleType(fake_provider.package)
    sys.modules[fake_provider.package] = real

    assert hook.ProviderImportFinder().find_spec(fake_provider.package) is None
    assert sys.modules[fake_provider.package] is real


def test_hook_watches_both_framework_families() -> None:
    assert frozenset(fast_import.PROVIDER_PACKAGES) == _load_hook().TRIGGERS


# --------------------------------------------------------------------------------------------------
# This interpreter's own install (``make venv``: an editable install)
# --------------------------------------------------------------------------------------------------

_STARTUP_PROBE = """
import json, sys
hook = sys.modules.get("_sagemaker_tf_import_hook")
print(json.dumps({
    "hook_imported": hook is not None,
    "finder_installed": bool(hook and hook.is_installed()),
    "heavy": sorted(m for m in sys.modules if m.split(".")[0] in
                    ("jsii", "cdktf", "cdktn", "constructs", "sagemaker_tf", "cdktf_cdktf_provider_aws",
                     "cdktn_provider_aws")),
}))
"""


def _clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != OPT_OUT}
    env["JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION"] = "20"
    env.update(extra)
    return env


def _run_json(python: str | Path, code: str, env: dict[str, str], cwd: Path) -> dict[str, Any]:
    done = subprocess.run([str(python), "-c", code], env=env, cwd=cwd, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-4000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_this_install_ships_the_pth_file_into_site_packages() -> None:
    purelib = Path(sysconfig.get_paths()["purelib"])
    pth = purelib / PTH_NAME

    assert pth.is_file(), f"{pth} missing: reinstall with `make venv` (pip install -e .)"
    assert pth.read_text().startswith("import sys; exec(")


def test_interpreter_start_up_imports_only_the_tiny_hook(tmp_path: Path) -> None:
    facts = _run_json(sys.executable, _STARTUP_PROBE, _clean_env(), tmp_path)

    assert facts == {"hook_imported": True, "finder_installed": True, "heavy": []}


def test_interpreter_start_up_with_the_opt_out_installs_no_finder(tmp_path: Path) -> None:
    facts = _run_json(sys.executable, _STARTUP_PROBE, _clean_env(**{OPT_OUT: "1"}), tmp_path)

    assert facts["finder_installed"] is False


def test_python_dash_capital_s_never_reads_the_pth_file(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-S", "-c", "import sys; print('_sagemaker_tf_import_hook' in sys.modules)"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert done.stdout.strip() == "False"


# --------------------------------------------------------------------------------------------------
# A wheel, installed into a fresh venv; an app that imports the provider first
# --------------------------------------------------------------------------------------------------

_APP = r"""
import json, sys
from cdktf_cdktf_provider_aws.provider import AwsProvider        # first, as isort sorts it
from cdktf import TerraformStack, Testing
import sagemaker_tf as sagemaker

hook = sys.modules.get("_sagemaker_tf_import_hook")
aws = sys.modules["cdktf_cdktf_provider_aws"]
kernels = [m for n, m in sys.modules.items() if n.startswith("_sagemaker_tf_fast_kernel_for_")]
stack = TerraformStack(Testing.app(), "hooked")
AwsProvider(stack, "aws", region="eu-west-1")
model = sagemaker.Model(stack, "Model", containers=[
    sagemaker.ContainerDefinition(image=sagemaker.ContainerImage.from_dlc("pytorch-inference", "2.1.0-cpu-py310")),
])
config = sagemaker.EndpointConfig(stack, "Config", instance_production_variants=[
    sagemaker.InstanceProductionVariantProps(model=model, variant_name="main",
                                             instance_type=sagemaker.InstanceType.M5_LARGE),
])
endpoint = sagemaker.Endpoint(stack, "Endpoint", endpoint_config=config)
endpoint.find_instance_production_variant("main").auto_scale_instance_count(max_capacity=3) \
    .scale_on_invocations("LimitRPS", max_requests_per_second=30)
with open(sys.argv[1], "w", encoding="utf-8") as out:
    out.write(Testing.synth(stack, run_validations=True))
print(json.dumps({
    "handled": hook.handled if hook else None,
    "lazy": aws.__dict__.get("__sagemaker_tf_lazy__", False),
    "hook_file": hook.__file__ if hook else None,
    "package_file": sagemaker.__file__,
    "aws_submodules": sum(1 for m in sys.modules if m.startswith("cdktf_cdktf_provider_aws.")
                          and m.count(".") == 1 and not m.split(".")[1].startswith("_")),
    "kernel_loaded_from": kernels[0].loaded_from.get("@cdktf/provider-aws") if kernels else None,
}))
"""
_APP = on_family(_APP)  # on cdktn, the same app with the README's migration rule applied


@pytest.fixture(scope="module")
def wheel_venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A venv with sagemaker-tf installed from a wheel built by ``pip wheel``; dependencies from this venv."""
    root = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir", str(root / "dist"), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    wheel = next((root / "dist").glob("sagemaker_tf-*.whl"))
    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--quiet", str(wheel)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    site = Path(
        _run_json(python, "import json, sysconfig; print(json.dumps(sysconfig.get_paths()))", _clean_env(), root)[
            "purelib"
        ]
    )
    # The dependencies (cdktf, the providers, jsii) are this venv's: a plain path entry, whose own .pth
    # files (this editable install's) are not read.
    (site / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return venv


@pytest.fixture(scope="module")
def wheel_runs(wheel_venv: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[dict[str, Any], bytes]]:
    """The app run once with the hook and once with the opt-out, in the wheel venv."""
    runs: dict[str, tuple[dict[str, Any], bytes]] = {}
    for mode, env in (("hooked", _clean_env()), ("eager", _clean_env(**{OPT_OUT: "1"}))):
        work = tmp_path_factory.mktemp(mode)
        facts = _run_app(wheel_venv, work, env)
        runs[mode] = (facts, (work / "synth.json").read_bytes())
    return runs


def _run_app(venv: Path, work: Path, env: dict[str, str]) -> dict[str, Any]:
    (work / "app.py").write_text(_APP)
    done = subprocess.run(
        [str(venv / "bin" / "python"), "app.py", "synth.json"],
        env=env,
        cwd=work,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


_INSTALL_PROBE = f"""
import json, os, sys, sysconfig
purelib = sysconfig.get_paths()["purelib"]
print(json.dumps({{"purelib": purelib, "pth_exists": os.path.isfile(os.path.join(purelib, {PTH_NAME!r})),
                  "hook_file": sys.modules["_sagemaker_tf_import_hook"].__file__}}))
"""


def test_wheel_puts_the_pth_file_and_the_hook_module_at_the_root_of_site_packages(wheel_venv: Path) -> None:
    facts = _run_json(wheel_venv / "bin" / "python", _INSTALL_PROBE, _clean_env(), wheel_venv)

    assert facts["pth_exists"] is True
    assert Path(facts["hook_file"]).parent == Path(facts["purelib"])


_EDITABLE_PROBE = f"""
import json, sys
from {AWS}.provider import AwsProvider
hook = sys.modules["_sagemaker_tf_import_hook"]
aws = sys.modules["{AWS}"]
print(json.dumps({{"handled": hook.handled, "lazy": aws.__dict__.get("__sagemaker_tf_lazy__", False),
                  "provider_class": AwsProvider.__module__}}))
"""


def test_this_editable_install_gives_a_provider_first_import_the_fast_path(tmp_path: Path) -> None:
    facts = _run_json(sys.executable, _EDITABLE_PROBE, _clean_env(), tmp_path)

    assert facts == {
        "handled": {AWS: True},
        "lazy": True,
        "provider_class": f"{AWS}.provider",
    }


def test_wheel_install_app_importing_the_provider_first_gets_the_fast_path(
    wheel_runs: dict[str, tuple[dict[str, Any], bytes]], wheel_venv: Path
) -> None:
    facts, _ = wheel_runs["hooked"]

    assert facts["handled"] == {AWS: True}
    assert facts["lazy"] is True
    assert Path(facts["hook_file"]).is_relative_to(wheel_venv)
    assert Path(facts["package_file"]).is_relative_to(wheel_venv)
    assert facts["aws_submodules"] < 100  # of 2,212 (cdktf's __init__ imports them all)
    assert re.search(r"-lazy\d+\.jsii\.tgz$", Path(facts["kernel_loaded_from"]).name)  # the node side is lazy too


def test_wheel_install_opt_out_gives_the_eager_import(wheel_runs: dict[str, tuple[dict[str, Any], bytes]]) -> None:
    facts, _ = wheel_runs["eager"]

    assert facts["handled"] == {}
    assert facts["lazy"] is False
    assert facts["kernel_loaded_from"] is None  # the node side loads the shipped tarball
    if FAMILY.name == "cdktf":
        assert facts["aws_submodules"] == 2212  # cdktf's own __init__ imports every submodule


def test_wheel_install_synth_is_byte_identical_with_the_hook_and_eager(
    wheel_runs: dict[str, tuple[dict[str, Any], bytes]],
) -> None:
    hooked, eager = wheel_runs["hooked"][1], wheel_runs["eager"][1]

    assert "aws_sagemaker_endpoint" in json.loads(hooked)["resource"]
    assert hooked == eager
