"""sagemaker_tf._runtime.framework: the one module that imports cdktf or cdktn and the provider bindings."""

from __future__ import annotations

import ast
import sys
import types
from pathlib import Path

import pytest

from sagemaker_tf._runtime import framework as _framework
from sagemaker_tf._runtime.framework import ALL_PACKAGES, FAMILIES, FAMILY, FRAMEWORK_ENV_VAR, select_family

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "sagemaker_tf"
FRAMEWORK_FILE = PACKAGE / "_runtime" / "framework.py"
# Allowed to import the framework packages directly: the chooser itself, and the fast import, which patches the
# provider packages before anything imports them.
ALLOWED = {"_runtime/framework.py", "_runtime/fast_import/__init__.py", "_runtime/fast_import/kernel.py"}


def direct_framework_imports(source: str) -> list[tuple[int, str]]:
    """(line, module) for every import of a cdktf/cdktn/provider package in ``source``, nested ones included."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.split(".")[0] in ALL_PACKAGES]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module.split(".")[0] in ALL_PACKAGES:
                found.append((node.lineno, node.module))
        elif isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            value = node.args[0].value
            if name in {"import_module", "__import__"} and isinstance(value, str):
                if value.split(".")[0] in ALL_PACKAGES:
                    found.append((node.lineno, value))
    return found


def test_the_import_check_sees_every_kind_of_direct_import():
    source = (
        "import cdktf\n"
        "from cdktn import App\n"
        "def f():\n"
        "    from cdktf_cdktf_provider_aws.iam_role import IamRole\n"
        "    import importlib; importlib.import_module('cdktn_provider_docker.image')\n"
        "from ._runtime.framework import Token\n"
        "from constructs import Construct\n"
    )
    assert direct_framework_imports(source) == [
        (1, "cdktf"),
        (2, "cdktn"),
        (4, "cdktf_cdktf_provider_aws.iam_role"),
        (5, "cdktn_provider_docker.image"),
    ]


def test_only_the_framework_module_imports_cdktf_cdktn_or_the_provider_bindings():
    offenders = [
        f"{path.relative_to(ROOT)}:{line} imports {module}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.relative_to(PACKAGE).as_posix() not in ALLOWED
        for line, module in direct_framework_imports(path.read_text(encoding="utf-8"))
    ]
    assert not offenders, (
        "sagemaker_tf must import the framework and provider classes through sagemaker_tf/_runtime/framework.py, so that "
        "the same code runs on cdktf and cdktn. Replace each import below with "
        "`from ._runtime.framework import <Name>` (from a subpackage: `from sagemaker_tf._runtime.framework import <Name>`); "
        "for a class _runtime/framework.py does not list yet, add it to both _NAMES and the TYPE_CHECKING imports "
        "there (the cdktf module path).\n  " + "\n  ".join(offenders)
    )


# Files outside the library that may import a family directly: the probe of the cdktf fast import.
ALLOWED_OUTSIDE = {"bench/import_probe.py"}


def test_tests_examples_and_bench_import_the_framework_through_sagemaker_tf():
    offenders = [
        f"{path.relative_to(ROOT)}:{line} imports {module}"
        for folder in ("tests", "examples", "bench")
        for path in sorted((ROOT / folder).rglob("*.py"))
        if str(path.relative_to(ROOT)) not in ALLOWED_OUTSIDE
        for line, module in direct_framework_imports(path.read_text(encoding="utf-8"))
    ]
    assert not offenders, (
        "tests, examples and benchmarks run on both families (make test, make test-cdktn), so they import "
        "framework and provider classes through sagemaker_tf: `from sagemaker_tf._runtime.framework import <Name>` in "
        "tests and bench, `from sagemaker_tf.framework import <Name>` in examples (a class not listed there: add "
        "it to _NAMES and the TYPE_CHECKING imports in sagemaker_tf/_runtime/framework.py, or use "
        '`provider_module("aws", "<submodule>")`).\n  ' + "\n  ".join(offenders)
    )


def _type_checking_imports() -> dict[str, tuple[str, str]]:
    tree = ast.parse(FRAMEWORK_FILE.read_text(encoding="utf-8"))
    block = next(
        n for n in tree.body if isinstance(n, ast.If) and isinstance(n.test, ast.Name) and n.test.id == "TYPE_CHECKING"
    )
    table: dict[str, tuple[str, str]] = {}
    for node in block.body:
        assert isinstance(node, ast.ImportFrom) and node.module
        package, _, submodule = node.module.partition(".")
        kind = "framework" if package == "cdktf" else package.rsplit("_", 1)[1]
        for alias in node.names:
            assert alias.asname == alias.name, f"re-export {alias.name} as itself, so type checkers export it"
            table[alias.name] = (kind, submodule)
    return table


def test_the_names_table_matches_the_type_checking_imports():
    assert _type_checking_imports() == _framework._NAMES


def test_every_name_is_the_chosen_familys_class():
    packages = (FAMILY.framework, *FAMILY.providers.values())
    for name in _framework.__all__:
        value = getattr(_framework, name)
        module = value.__module__
        assert module.split(".")[0] in packages, f"{name} comes from {module}, not from the {FAMILY.name} family"


def test_the_library_builds_on_the_chosen_family():
    import sagemaker_tf.model as model_module

    assert model_module.SagemakerModel.__module__ == f"{FAMILY.providers['aws']}.sagemaker_model"
    assert _framework.TerraformStack.__module__.split(".")[0] == FAMILY.framework


def test_an_explicit_setting_chooses_the_installed_family():
    assert select_family({FRAMEWORK_ENV_VAR: FAMILY.name}) is FAMILY
    assert select_family({FRAMEWORK_ENV_VAR: f" {FAMILY.name.upper()} "}) is FAMILY


def test_an_explicit_setting_for_a_family_not_installed_names_the_install_command():
    missing = [f for f in FAMILIES.values() if not f.installed()]
    if not missing:
        pytest.skip("both families are installed in this venv")
    with pytest.raises(ImportError, match=rf"pip install 'sagemaker-tf\[{missing[0].name}\]'"):
        select_family({FRAMEWORK_ENV_VAR: missing[0].name})


def test_an_unknown_family_is_rejected():
    with pytest.raises(ImportError, match=r"'cdk' is not a framework family; use one of: cdktf, cdktn"):
        select_family({FRAMEWORK_ENV_VAR: "cdk"})


def test_without_a_setting_the_installed_family_is_chosen():
    assert select_family({}) is FAMILY


def test_with_both_installed_and_neither_imported_cdktf_is_the_default(monkeypatch):
    monkeypatch.setattr(type(FAMILY), "installed", lambda self: True)
    for family in FAMILIES.values():
        monkeypatch.delitem(sys.modules, family.framework, raising=False)
    assert select_family({}).name == "cdktf"


def test_with_both_installed_the_family_the_app_already_imported_wins(monkeypatch):
    monkeypatch.setattr(type(FAMILY), "installed", lambda self: True)
    for family in FAMILIES.values():
        monkeypatch.delitem(sys.modules, family.framework, raising=False)
    monkeypatch.setitem(sys.modules, "cdktn", types.ModuleType("cdktn"))
    assert select_family({}).name == "cdktn"


def test_with_no_family_installed_the_error_names_both_install_commands(monkeypatch):
    monkeypatch.setattr(type(FAMILY), "installed", lambda self: False)
    with pytest.raises(ImportError) as raised:
        select_family({})
    assert "pip install 'sagemaker-tf[cdktf]' or pip install 'sagemaker-tf[cdktn]'" in str(raised.value)


def test_the_public_facade_gives_the_same_classes():
    import sagemaker_tf.framework as framework

    assert framework.FAMILY is FAMILY
    assert framework.App is _framework.App
    assert framework.provider_module("aws", "iam_user").IamUser.__module__.startswith(FAMILY.providers["aws"])


def test_a_scope_from_the_other_family_fails_with_the_setting_to_use():
    from constructs import Construct

    import sagemaker_tf as sagemaker

    other = next(f for f in FAMILIES.values() if f is not FAMILY)
    # stands in for the other family's TerraformStack (both families cannot be installed in one test venv)
    foreign_stack = type("TerraformStack", (Construct,), {"__module__": other.framework})
    stack = foreign_stack(_framework.Testing.app(), "Stack")
    with pytest.raises(sagemaker.ValidationError) as raised:
        sagemaker.Model(stack, "Model")
    message = str(raised.value)
    assert message.startswith("Stack/Model: the scope belongs to a " + other.name + " app")
    assert f"{FRAMEWORK_ENV_VAR}={other.name}" in message
    assert stack.node.try_find_child("Model") is None
