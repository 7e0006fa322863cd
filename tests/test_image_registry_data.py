"""The packaged image registry is sagemaker-core's, and resolves every image as sagemaker-core does.

sagemaker-core is the reference here (it is in the test extra); the package itself never imports it.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import logging
import subprocess
import sys
import textwrap
from collections.abc import Iterator

import pytest
from sagemaker.core import common_utils, image_uris

import sagemaker_tf as sagemaker
from sagemaker_tf import _image_registry, _instance_types
from tests.examples import ROOT

_spec = importlib.util.spec_from_file_location("gen_image_registry", ROOT / "tools" / "gen_image_registry.py")
assert _spec is not None and _spec.loader is not None
gen = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(gen)

_PROBE_ACCOUNT = "000000000000"
_REGISTRY_FROM_REGION = image_uris._registry_from_region
_BOGUS_PY = "py0"


def test_committed_file_matches_the_installed_sagemaker_core():
    assert _image_registry.DATA_FILE.read_text() == gen.render(gen.registry_data()), (
        "the image registry data is stale: run python tools/gen_image_registry.py"
    )
    assert _image_registry.registry()["sagemaker_core"] == "2.27.0"


def test_the_file_is_package_data():
    pyproject = (ROOT / "pyproject.toml").read_text()
    assert '"_image_registry.json"' in pyproject


@pytest.fixture(scope="module")
def reference() -> Iterator[object]:
    """sagemaker-core's retrieve, made fast (cached config files and endpoint resolver) and region-free (it
    records the registries table it selects instead of failing for a region the image lacks)."""
    patches = pytest.MonkeyPatch()
    captured: list[dict[str, str]] = []

    def capture(region: str, registry_dict: dict[str, str]) -> str:
        captured.append(dict(registry_dict))
        return _PROBE_ACCOUNT

    loaded = functools.cache(image_uris.config_for_framework)
    patches.setattr(image_uris, "config_for_framework", loaded)
    patches.setattr(common_utils, "_botocore_resolver", functools.cache(common_utils._botocore_resolver))
    patches.setattr(image_uris, "_registry_from_region", capture)
    level = logging.getLogger("sagemaker").level
    logging.getLogger("sagemaker").setLevel(logging.ERROR)
    image_uris._captured = captured  # type: ignore[attr-defined]
    yield image_uris
    logging.getLogger("sagemaker").setLevel(level)
    patches.undo()
    # retrieve only reads the cached configs: each is still equal to the file on disk.
    for framework in image_uris.list_frameworks():
        assert loaded(framework) == image_uris.config_for_framework(framework), framework


def _theirs(module, framework, version, scope, instance_type, py_version, base) -> tuple[str, dict] | str:
    module._captured.clear()
    kwargs = {"version": version, "image_scope": scope, "instance_type": instance_type, "py_version": py_version}
    if base is not None:
        kwargs["base_framework_version"] = base
    try:
        uri = module.retrieve(framework, "us-east-1", **kwargs)
    except Exception as err:  # any refusal: ValueError, KeyError, TypeError, UnboundLocalError, OSError
        return f"{type(err).__name__}: {err}"
    return uri.split("/", 1)[1], module._captured[0]


def _ours(framework, version, scope, instance_type, py_version, base) -> tuple[str, dict] | str:
    try:
        image = _image_registry._resolve(framework, version, scope, instance_type, py_version, base)
    except sagemaker.ValidationError as err:
        return str(err)
    return image.repository_and_tag(), dict(image.accounts)


def _py_versions(node: object, found: set[str]) -> set[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "py_versions":
                found.update(value)
            elif isinstance(value, dict) and key.startswith("py"):
                found.add(key)
            _py_versions(value, found)
    return found


def _base_versions(config: dict, version: str) -> list[str | None]:
    found: set[str] = set()
    for scope in config.values():
        if isinstance(scope, dict):
            resolved = scope.get("version_aliases", {}).get(version, version)
            node = scope.get("versions", {}).get(resolved, {})
            found.update(k for k in node if k.startswith(("pytorch", "tensorflow")))
            found.update(node.get("version_aliases", {}))
    return [None, *sorted(found), "pytorch0.0"]


def _instance_families() -> list[str | None]:
    """One instance type per way retrieve can treat a family: None, every family a registry lists by name (a
    processor), sagemaker-core's Graviton families, p2 / p4d (special-cased), and one per remaining kind
    (inf*, trn*, g/p GPU, other CPU) of the botocore list."""
    data = _image_registry.registry()
    named: set[str] = set(data["graviton_families"]) | {"p2", "p4d"}

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "processors":
                    named.update(value)
                walk(value)

    walk(data["frameworks"])
    picked: dict[object, str] = {}
    for value in _instance_types.INSTANCE_TYPES.values():
        family = value.split(".")[1]
        if family in named:
            kind: object = family
        elif family.startswith(("inf", "trn")):
            kind = family[:3]
        else:
            kind = "gpu" if family[0] in "gp" else "cpu"
        picked.setdefault(kind, value)
    return [None, *picked.values()]


def _cases() -> Iterator[tuple[str, str, str, str | None, str | None, str | None]]:
    families = _instance_families()
    for framework in _image_registry.list_frameworks():
        config = _image_registry.registry()["frameworks"][framework]
        scopes = _image_registry._scopes(framework) or ["inference"]
        for scope in scopes:
            for version in _image_registry.list_versions(framework, scope):
                subtree = config if "versions" in config else config[scope]
                resolved = subtree.get("version_aliases", {}).get(version, version)
                pys = sorted(_py_versions(subtree.get("versions", {}).get(resolved, {}), set()))
                bases = _base_versions(config, version) if framework == "huggingface" else [None]
                for instance_type in families:
                    for py_version in [None, *pys, _BOGUS_PY]:
                        for base in bases:
                            yield framework, version, scope, instance_type, py_version, base


def _comparable(message: str) -> bool:
    """sagemaker-core's refusals whose text we keep: its ValueErrors, except the Graviton one (it prints a set, in
    hash order) and the missing instance type (ours says which one to pass)."""
    return message.startswith("ValueError: ") and "{" not in message and "Empty SageMaker" not in message


def test_every_registry_image_resolves_as_sagemaker_core_does(reference):
    """Every framework, scope, version (and alias), Python version (none, each listed, one unknown), base framework
    (huggingface) and kind of instance: the same repository, tag and accounts, or both refuse."""
    checked = refused = 0
    mismatches = []
    for case in _cases():
        theirs = _theirs(reference, *case)
        ours = _ours(*case)
        if isinstance(theirs, str):
            refused += 1
            if not isinstance(ours, str) or (_comparable(theirs) and theirs.removeprefix("ValueError: ") not in ours):
                mismatches.append((case, theirs, ours))
        elif ours != theirs:
            mismatches.append((case, theirs, ours))
        checked += 1
    assert mismatches == [], f"{len(mismatches)} of {checked}: {mismatches[:5]}"
    assert checked > 20_000 and 0 < refused < checked


@pytest.mark.parametrize("instance_type", list(_instance_types.INSTANCE_TYPES.values()))
def test_every_instance_type_picks_the_image_sagemaker_core_picks(reference, instance_type):
    for case in (
        ("pytorch", "2.1", "inference", instance_type, None, None),
        ("tensorflow", "2.13", "inference", instance_type, None, None),
        ("xgboost", "1.7-1", "inference", instance_type, "py3", None),
        ("sklearn", "1.2-1", "inference", instance_type, None, None),
        ("huggingface", "4.49.0", "inference", instance_type, None, "pytorch2.6.0"),
        ("sagemaker-tritonserver", "24.09", "inference", instance_type, None, None),
    ):
        theirs, ours = _theirs(reference, *case), _ours(*case)
        assert isinstance(ours, str) if isinstance(theirs, str) else ours == theirs, (case, theirs, ours)


def test_every_region_of_every_registry_gives_sagemaker_core_s_uri(monkeypatch):
    """One image per registries table, in every region of that table: account and ECR hostname as retrieve's."""
    monkeypatch.setattr(image_uris, "_registry_from_region", _REGISTRY_FROM_REGION)  # the real one, if patched
    data = _image_registry.registry()
    seen: set[int] = set()
    checked = 0
    for framework, config in data["frameworks"].items():
        for scope in _image_registry._scopes(framework) or ["inference"]:
            subtree = config if "versions" in config else config[scope]
            for version, node in subtree.get("versions", {}).items():
                table = node.get("registries")
                if not isinstance(table, int) or table in seen:
                    continue
                try:
                    image = _image_registry._resolve(framework, version, scope, None, None, None)
                except sagemaker.ValidationError:
                    continue
                seen.add(table)
                for region in image.accounts:
                    expected = image_uris.retrieve(framework, region, version=version, image_scope=scope)
                    assert image.uri_in(region) == expected
                    checked += 1
    assert len(seen) > 40 and checked > 1000
    assert set(data["hostnames"]) == {region for table in data["registries"] for region in table}


def test_a_synth_never_imports_sagemaker_core(tmp_path):
    """An app that uses from_sagemaker_image synthesizes without sagemaker-core in the process."""
    app = textwrap.dedent(
        """
        import sys
        import sagemaker_tf as sagemaker
        from sagemaker_tf._runtime.framework import App, AwsProvider, TerraformStack

        app = App(outdir=sys.argv[1])
        stack = TerraformStack(app, "images")
        AwsProvider(stack, "aws", region="eu-west-1")
        image = sagemaker.ContainerImage.from_sagemaker_image("pytorch", "2.1", instance_type="ml.g5.xlarge")
        sagemaker.Model(stack, "Model", containers=[sagemaker.ContainerDefinition(image=image)])
        app.synth()
        print(sorted(name for name in sys.modules if name == "sagemaker" or name.startswith("sagemaker.")))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", app, str(tmp_path / "out")], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip().splitlines()[-1] == "[]"
    doc = json.loads((tmp_path / "out" / "stacks" / "images" / "cdk.tf.json").read_text())
    (model,) = doc["resource"]["aws_sagemaker_model"].values()
    assert model["primary_container"][0]["image"] == (
        "763104351884.dkr.ecr.eu-west-1.amazonaws.com/pytorch-inference:2.1-gpu-py310"
    )
