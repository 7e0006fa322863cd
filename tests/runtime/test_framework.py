"""sagemaker_tf._runtime.framework: the one module that imports cdktf or cdktn and the provider bindings."""

from __future__ import annotations

import ast
import sys
import types
from pathlib import Path

import pytest

from sagemaker_tf._runtime import framework as _framework
from sagemaker_tf._runtime.framework import ALL_PACKAGES, FAMILIES, FAMILY, FRAMEWORK_ENV_VAR, select_family
from tests.helpers import ROOT

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
            if (
                name in {"import_module", "__import__"}
                and isinstance(value, str)
                and value.split(".")[0] in ALL_PACKAGES
            ):
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
        "sagemaker_tf must import the framework and provider classes through sagemaker_tf/_runtime/framework.py, so "
        "that the same code runs on cdktf and cdktn. Replace each import below with "
        "`from ._runtime.framework import <Name>` (from a subpackage: "
        "`from sagemaker_tf._runtime.framework import <Name>`); "
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


# ---------------------------------------------------------------------------------------------------- layer rules
# The layers of docs/architecture.md, checked on the source with ``ast``: a forbidden import fails here.

RUNTIME = "sagemaker_tf._runtime"
TOOLS = ("sagemaker_tf.cli", "sagemaker_tf.testing")
# The only modules allowed to import jsii itself (the rest reach the kernel through named _runtime functions).
JSII_ALLOWED = {
    f"{RUNTIME}.checks",
    f"{RUNTIME}.tokens",
    f"{RUNTIME}.fast_import",
    f"{RUNTIME}.fast_import.kernel",
    f"{RUNTIME}.fast_import.shape",  # the shape checks of the jsii internals the fast import touches
    f"{RUNTIME}.fast_import.index_build",  # finds jsii's own index worker script
}
# What _runtime may import from the rest of the package: the error type and the small reusable checks.
RUNTIME_MAY_IMPORT = {"sagemaker_tf.errors", "sagemaker_tf._validation"}
# Data flows one way (images, data and roles into a Model, models into a config, the config into an endpoint, the
# endpoint's variants into scaling and metrics): a module never imports the ones listed for it.
NEVER_IMPORTS = {
    "sagemaker_tf.model": {"sagemaker_tf.endpoint_config", "sagemaker_tf.endpoint", "sagemaker_tf.scaling"},
    "sagemaker_tf.container_image": {"sagemaker_tf.model", "sagemaker_tf.endpoint_config", "sagemaker_tf.endpoint"},
    "sagemaker_tf.model_data": {"sagemaker_tf.model", "sagemaker_tf.endpoint_config", "sagemaker_tf.endpoint"},
    "sagemaker_tf.endpoint_config": {"sagemaker_tf.endpoint", "sagemaker_tf.scaling"},
    "sagemaker_tf.scaling": {"sagemaker_tf.endpoint", "sagemaker_tf.endpoint_config"},
}
MAX_FUNCTION_LEVEL_SIBLING_IMPORTS = 3


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _is_type_checking(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"


def _resolve(module: str, node: ast.ImportFrom | ast.Import) -> list[tuple[str, str]]:
    """(imported module, imported name or "") for each name of an import statement, package modules resolved."""
    if isinstance(node, ast.Import):
        return [(alias.name, "") for alias in node.names]
    is_package = MODULES.get(module, Path()).name == "__init__.py"
    base = module.split(".")
    if node.level:
        base = base[: len(base) - node.level + (1 if is_package else 0)]
        target = ".".join([*base, node.module] if node.module else base)
    else:
        target = node.module or ""
    found = []
    for alias in node.names:
        sub = f"{target}.{alias.name}"
        found.append((sub, "") if sub in MODULES else (target, alias.name))
    return found


def _imports(module: str) -> tuple[list[tuple[str, str, int]], list[tuple[str, str, int]], list[tuple[str, str, int]]]:
    """(module-level, TYPE_CHECKING-only, function-level) imports of ``module``: (target, name, line)."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    top: list[tuple[str, str, int]] = []
    typing_only: list[tuple[str, str, int]] = []
    nested: list[tuple[str, str, int]] = []

    def visit(node: ast.AST, kind: list[tuple[str, str, int]]) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.Import, ast.ImportFrom)):
                kind += [(target, name, child.lineno) for target, name in _resolve(module, child)]
            elif _is_type_checking(child):
                visit(child, typing_only)
            elif isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                visit(child, nested)
            else:
                visit(child, kind)

    visit(tree, top)
    return top, typing_only, nested


def _within(module: str, package: str | tuple[str, ...]) -> bool:
    packages = (package,) if isinstance(package, str) else package
    return any(module == p or module.startswith(p + ".") for p in packages)


def test_only_runtime_modules_import_jsii():
    offenders = [
        f"{module}:{line} imports {target}"
        for module in MODULES
        if module not in JSII_ALLOWED
        for kinds in _imports(module)
        for target, _, line in kinds
        if target.split(".")[0] == "jsii"
    ]
    assert not offenders, "only sagemaker_tf._runtime talks to jsii; call a named _runtime function:\n" + "\n".join(
        offenders
    )


def test_runtime_imports_nothing_of_the_domain():
    offenders = [
        f"{module}:{line} imports {target}"
        for module in MODULES
        if _within(module, RUNTIME)
        for kinds in _imports(module)
        for target, _, line in kinds
        if target.startswith("sagemaker_tf") and not _within(target, RUNTIME) and target not in RUNTIME_MAY_IMPORT
    ]
    assert not offenders, "\n".join(offenders)


def test_the_domain_uses_only_named_public_runtime_functions():
    offenders = [
        f"{module}:{line} imports {target}{'.' + name if name else ''}"
        for module in MODULES
        if not _within(module, (RUNTIME, *TOOLS))
        for kinds in _imports(module)
        for target, name, line in kinds
        if _within(target, RUNTIME) and (name.startswith("_") or _within(target, f"{RUNTIME}.fast_import"))
    ]
    assert not offenders, "\n".join(offenders)


def test_the_library_never_imports_the_tools():
    offenders = [
        f"{module}:{line} imports {target}"
        for module in MODULES
        if not _within(module, TOOLS) and module != "sagemaker_tf.__main__"
        for kinds in _imports(module)
        for target, _, line in kinds
        if _within(target, TOOLS)
    ]
    assert not offenders, "\n".join(offenders)


def test_data_flows_one_way():
    offenders = [
        f"{module}:{line} imports {target}"
        for module in MODULES
        for owner, forbidden in NEVER_IMPORTS.items()
        if _within(module, owner)
        for kind in _imports(module)[::2]  # TYPE_CHECKING imports are for annotations only
        for target, _, line in kind
        if any(_within(target, f) for f in forbidden)
    ]
    assert not offenders, "\n".join(offenders)


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def _module_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for module in MODULES:
        targets = {t for t, _, _ in _imports(module)[0] if t in MODULES and t != module}
        # A package's own submodules run after its __init__: an import of the parent is not an edge back.
        graph[module] = {t for t in targets if not module.startswith(t + ".")}
    return graph


def test_the_cycle_finder_finds_a_cycle():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": set()}) is None


def test_module_level_imports_form_a_dag():
    assert _cycle(_module_graph()) is None


def test_at_most_three_function_level_imports_of_siblings_each_with_a_reason():
    found = [
        (module, line)
        for module in MODULES
        if not _within(module, TOOLS)
        for target, _, line in _imports(module)[2]
        if target.startswith("sagemaker_tf")
    ]
    assert len(found) <= MAX_FUNCTION_LEVEL_SIBLING_IMPORTS, found
    for module, line in found:
        above = MODULES[module].read_text(encoding="utf-8").splitlines()[line - 2]
        assert above.strip().startswith("#"), f"{module}:{line}: say why this import is inside a function"


def test_import_sagemaker_tf_loads_no_jsii_and_no_framework():
    probe = (
        "import sys, json, sagemaker_tf; sagemaker_tf.__all__; "
        "print(json.dumps(sorted(m for m in ('jsii', 'cdktf', 'cdktn', 'constructs') if m in sys.modules)))"
    )
    import json
    import subprocess

    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []


def test_the_public_names_are_the_type_checking_re_exports():
    import sagemaker_tf

    tree = ast.parse((PACKAGE / "__init__.py").read_text(encoding="utf-8"))
    block = next(n for n in tree.body if _is_type_checking(n))
    table = {}
    for node in block.body:
        if isinstance(node, ast.AnnAssign) and getattr(node.target, "id", None) == "__version__":
            continue  # read from the distribution's metadata, not re-exported from a module
        assert isinstance(node, ast.ImportFrom) and node.module and node.level == 1
        for alias in node.names:
            assert alias.asname == alias.name, f"re-export {alias.name} as itself, so type checkers export it"
            table[alias.name] = node.module
    assert table == sagemaker_tf._LAZY_NAMES
