"""The fast provider import: a lazy parent module for the prebuilt provider packages.

Most tests use a tiny fake provider package written to ``tmp_path``, so they run in this process in
milliseconds. The behaviour that needs a pristine interpreter and the real 2,212-submodule AWS provider
runs in exactly two subprocesses (one with the fast path, one eager), each started once per module.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import os
import re
import subprocess
import sys
import textwrap
import types
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from jsii import _reference_map

ROOT = Path(__file__).resolve().parent.parent
FAST_IMPORT_FILE = ROOT / "sagemaker_tf" / "_fast_import.py"


def _load_fast_import() -> types.ModuleType:
    """Load ``_fast_import`` by path: importing ``sagemaker_tf`` would itself call ``install()``."""
    spec = importlib.util.spec_from_file_location("_sagemaker_tf_fast_import_under_test", FAST_IMPORT_FILE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


fast_import = _load_fast_import()
OPT_OUT = fast_import.OPT_OUT_ENV_VAR


# --------------------------------------------------------------------------------------------------
# A fake provider package, shaped like the generated ones
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FakeProvider:
    """A generated-provider look-alike importable from ``tmp_path``."""

    package: str
    assembly: str
    root: Path


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text))


@pytest.fixture
def fake_provider(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeProvider]:
    """A package whose real ``__init__`` imports every submodule eagerly, like the AWS provider's."""
    tag = uuid.uuid4().hex[:10]
    provider = FakeProvider(f"fake_provider_{tag}", f"@fake/provider-{tag}", tmp_path / f"fake_provider_{tag}")
    _write(
        provider.root / "__init__.py",
        """
        EAGER_INIT_RAN = True
        from ._jsii import *
        from . import alpha_one
        from . import beta
        """,
    )
    _write(
        provider.root / "_jsii" / "__init__.py",
        f"""
        import types
        __jsii_assembly__ = types.SimpleNamespace(name={provider.assembly!r})
        __all__ = ["__jsii_assembly__"]
        """,
    )
    _write(provider.root / "alpha_one" / "__init__.py", 'from .._jsii import *\nVALUE = "alpha"\n')
    _write(provider.root / "beta" / "__init__.py", 'from .._jsii import *\nVALUE = "beta"\n')
    (provider.root / "py.typed").write_text("")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delenv(OPT_OUT, raising=False)
    yield provider
    for name in [m for m in sys.modules if m == provider.package or m.startswith(f"{provider.package}.")]:
        del sys.modules[name]
    for fqn in [k for k in _reference_map._submodule_fqn_map if k.startswith(f"{provider.assembly}.")]:
        del _reference_map._submodule_fqn_map[fqn]


def test_install_replaces_the_eager_init_with_a_lazy_parent(fake_provider: FakeProvider) -> None:
    assert fast_import.install([fake_provider.package]) == {fake_provider.package: True}

    parent = sys.modules[fake_provider.package]
    assert fast_import.is_lazy(parent)
    assert not hasattr(parent, "EAGER_INIT_RAN")
    assert f"{fake_provider.package}._jsii" in sys.modules  # the assembly is loaded up front
    assert f"{fake_provider.package}.alpha_one" not in sys.modules
    assert parent.__path__ == [str(fake_provider.root)]
    assert parent.__file__ == str(fake_provider.root / "__init__.py")


def test_lazy_parent_imports_a_submodule_on_first_attribute_access(fake_provider: FakeProvider) -> None:
    fast_import.install([fake_provider.package])
    parent = importlib.import_module(fake_provider.package)

    assert parent.alpha_one.VALUE == "alpha"
    assert sys.modules[f"{fake_provider.package}.alpha_one"] is parent.alpha_one
    assert f"{fake_provider.package}.beta" not in sys.modules


def test_user_imports_of_submodules_work_behind_the_lazy_parent(fake_provider: FakeProvider) -> None:
    fast_import.install([fake_provider.package])

    beta = importlib.import_module(f"{fake_provider.package}.beta")
    namespace: dict[str, Any] = {}
    exec(f"from {fake_provider.package}.alpha_one import VALUE", namespace)

    assert beta.VALUE == "beta"
    assert namespace["VALUE"] == "alpha"
    assert sys.modules[fake_provider.package].beta is beta


def test_lazy_parent_lists_submodules_and_rejects_unknown_names(fake_provider: FakeProvider) -> None:
    fast_import.install([fake_provider.package])
    parent = sys.modules[fake_provider.package]

    assert parent.__all__ == ["alpha_one", "beta"]
    assert {"alpha_one", "beta"} <= set(dir(parent))
    with pytest.raises(AttributeError, match="has no attribute 'gamma'"):
        parent.gamma  # noqa: B018
    namespace: dict[str, Any] = {}
    exec(f"from {fake_provider.package} import *", namespace)
    assert namespace["alpha_one"].VALUE == "alpha"
    assert namespace["beta"].VALUE == "beta"


def test_install_maps_each_jsii_namespace_to_its_submodule(fake_provider: FakeProvider) -> None:
    fast_import.install([fake_provider.package])

    assert _reference_map._submodule_fqn_map[f"{fake_provider.assembly}.alphaOne"] == (
        f"{fake_provider.package}.alpha_one"
    )
    assert _reference_map._submodule_fqn_map[f"{fake_provider.assembly}.beta"] == f"{fake_provider.package}.beta"


def test_install_is_a_no_op_when_the_real_package_was_imported(fake_provider: FakeProvider) -> None:
    real = importlib.import_module(fake_provider.package)

    assert fast_import.install([fake_provider.package]) == {fake_provider.package: False}
    assert sys.modules[fake_provider.package] is real
    assert real.EAGER_INIT_RAN is True
    assert not any(k.startswith(f"{fake_provider.assembly}.") for k in _reference_map._submodule_fqn_map)


def test_install_twice_keeps_the_first_lazy_parent(fake_provider: FakeProvider) -> None:
    fast_import.install([fake_provider.package])
    first = sys.modules[fake_provider.package]

    assert fast_import.install([fake_provider.package]) == {fake_provider.package: True}
    assert sys.modules[fake_provider.package] is first


@pytest.mark.parametrize("value", ["1", "true", "YES"])
def test_opt_out_env_var_keeps_the_eager_import(
    fake_provider: FakeProvider, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv(OPT_OUT, value)

    assert fast_import.install([fake_provider.package]) == {fake_provider.package: False}
    assert fake_provider.package not in sys.modules
    assert importlib.import_module(fake_provider.package).EAGER_INIT_RAN is True


def test_opt_out_env_var_set_to_zero_keeps_the_fast_path(
    fake_provider: FakeProvider, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(OPT_OUT, "0")

    assert fast_import.install([fake_provider.package]) == {fake_provider.package: True}


def test_failed_assembly_load_leaves_nothing_half_installed(fake_provider: FakeProvider) -> None:
    (fake_provider.root / "_jsii" / "__init__.py").write_text('raise RuntimeError("kernel refused the assembly")\n')

    with pytest.raises(RuntimeError, match="kernel refused the assembly"):
        fast_import.install([fake_provider.package])
    assert fake_provider.package not in sys.modules
    assert f"{fake_provider.package}._jsii" not in sys.modules


def test_missing_package_is_skipped() -> None:
    assert fast_import.install(["no_such_provider_package_x"]) == {"no_such_provider_package_x": False}
    assert "no_such_provider_package_x" not in sys.modules


# --------------------------------------------------------------------------------------------------
# The namespace -> submodule mapping, checked against the real generated packages (no import)
# --------------------------------------------------------------------------------------------------

_JSII_TYPE = re.compile(r'jsii_type="([^"]+)"')
_ASSEMBLY = re.compile(r'JSIIAssembly\.load\(\s*"([^"]+)"')


def _package_dir(package: str) -> Path:
    spec = importlib.util.find_spec(package)
    assert spec is not None and spec.submodule_search_locations is not None
    return Path(next(iter(spec.submodule_search_locations)))


def _first_jsii_type(init_file: Path) -> str:
    """The first ``jsii_type="..."`` in a generated submodule, read in chunks (files are up to MBs)."""
    with init_file.open(encoding="utf-8") as handle:
        text = ""
        while chunk := handle.read(65536):
            text += chunk
            if match := _JSII_TYPE.search(text):
                return match.group(1)
    raise AssertionError(f"no jsii_type in {init_file}")


@pytest.mark.parametrize("package", fast_import.PROVIDER_PACKAGES)
def test_every_generated_submodule_holds_the_namespace_we_map_to_it(package: str) -> None:
    root = _package_dir(package)
    assembly = _ASSEMBLY.search((root / "_jsii" / "__init__.py").read_text()).group(1)  # type: ignore[union-attr]
    submodules = fast_import._submodule_names([str(root)])

    wrong = {
        name: fqn
        for name in sorted(submodules)
        if (fqn := _first_jsii_type(root / name / "__init__.py")).rsplit(".", 1)[0]
        != f"{assembly}.{fast_import._namespace_of(name)}"
    }
    assert len(submodules) > 10
    assert wrong == {}


@pytest.mark.parametrize("package", fast_import.PROVIDER_PACKAGES)
def test_lazy_submodule_list_equals_the_real_packages_all(package: str) -> None:
    source = (_package_dir(package) / "__init__.py").read_text()
    listed = re.search(r"^__all__ = \[(.*?)^\]", source, re.S | re.M)
    assert listed is not None
    real_all = re.findall(r'"([^"]+)"', listed.group(1))

    assert sorted(fast_import._submodule_names([str(_package_dir(package))])) == real_all


def test_namespace_of_converts_snake_case_to_lower_camel_case() -> None:
    assert fast_import._namespace_of("s3_bucket") == "s3Bucket"
    assert fast_import._namespace_of("wafv2_web_acl") == "wafv2WebAcl"
    assert fast_import._namespace_of("provider") == "provider"


# --------------------------------------------------------------------------------------------------
# The real AWS provider in fresh interpreters: one fast-path run, one eager run
# --------------------------------------------------------------------------------------------------

_PROBE = r'''
import importlib.util, json, os, sys

fast_path_file, mode, synth_out = sys.argv[1:4]
spec = importlib.util.spec_from_file_location("_fast_import", fast_path_file)
fi = importlib.util.module_from_spec(spec)
spec.loader.exec_module(fi)
AWS = "cdktf_cdktf_provider_aws"
facts = {}

def loaded(package):
    prefix = package + "."
    return sorted(m[len(prefix):] for m in sys.modules
                  if m.startswith(prefix) and "." not in m[len(prefix):] and not m[len(prefix):].startswith("_"))

if mode == "eager":
    # Opted out: install() must not touch anything. Then the user imports the provider before us.
    facts["install_opted_out"] = fi.install()
    facts["aws_imported_by_opted_out_install"] = AWS in sys.modules
    from cdktf_cdktf_provider_aws.s3_bucket import S3Bucket
    real = sys.modules[AWS]
    del os.environ[fi.OPT_OUT_ENV_VAR]
    facts["install_after_real_import"] = fi.install([AWS])  # docker stays eager in this run
    facts["real_module_kept"] = sys.modules[AWS] is real
else:
    facts["install"] = fi.install()
    facts["loaded_after_install"] = loaded(AWS)
    from cdktf_cdktf_provider_aws.s3_bucket import S3Bucket

import cdktf_cdktf_provider_aws as aws
import cdktf_cdktf_provider_aws.sagemaker_model as sagemaker_model_module
facts["is_lazy"] = fi.is_lazy(aws)
facts["attribute_access_gives_same_class"] = aws.s3_bucket.S3Bucket is S3Bucket
facts["statement_import_gives_same_module"] = sagemaker_model_module is aws.sagemaker_model

from cdktf import TerraformStack, Testing
from cdktf_cdktf_provider_aws.provider import AwsProvider
from cdktf_cdktf_provider_aws.iam_role import IamRole
from cdktf_cdktf_provider_aws.sagemaker_model import SagemakerModel, SagemakerModelPrimaryContainer
from cdktf_cdktf_provider_docker.provider import DockerProvider
from cdktf_cdktf_provider_docker.image import Image, ImageBuild

stack = TerraformStack(Testing.app(), "probe")
AwsProvider(stack, "aws", region="eu-west-1")
DockerProvider(stack, "docker")
bucket = S3Bucket(stack, "bucket", bucket_prefix="models-", tags={"team": "ml"})
role = IamRole(stack, "role", assume_role_policy=json.dumps({"Version": "2012-10-17", "Statement": []}))
image = Image(stack, "image", name="inference:1", build_attribute=ImageBuild(context="./image"))
SagemakerModel(stack, "model", execution_role_arn=role.arn,
               primary_container=SagemakerModelPrimaryContainer(
                   image=image.name, model_data_url=f"s3://{bucket.bucket}/model.tar.gz",
                   environment={"A": "1"}))
with open(synth_out, "w", encoding="utf-8") as out:
    out.write(Testing.synth(stack, run_validations=True))

# jsii hands back an object whose class lives in a submodule nobody imported: build it on the
# node side only, through the kernel, and forget the Python stand-in so the runtime must resolve it.
from jsii import _reference_map
from jsii._runtime import kernel

def create_on_node_side(fqn, construct_id, props):
    stand_in_class = type("StandIn", (), {"__jsii_type__": fqn})
    stand_in = stand_in_class()
    kernel.create(stand_in_class, stand_in, [stack, construct_id, props])
    del _reference_map._refs._refs[stand_in.__jsii_ref__.ref]

facts["xray_group_loaded_before"] = "xray_group" in loaded(AWS)
create_on_node_side("@cdktf/provider-aws.xrayGroup.XrayGroup", "handed_back",
                    {"groupName": "g", "filterExpression": "f"})
child = stack.node.find_child("handed_back")
facts["handed_back_class"] = type(child).__module__ + "." + type(child).__qualname__
facts["handed_back_group_name"] = child.group_name_input
facts["handed_back_struct_class"] = type(child.insights_configuration).__qualname__

if mode == "fast":
    # Control: without our namespace entry the runtime cannot find the class.
    ns = "@cdktf/provider-aws.xrayEncryptionConfig"
    entry = _reference_map._submodule_fqn_map.pop(ns)
    create_on_node_side(ns + ".XrayEncryptionConfig", "control", {"type": "NONE"})
    try:
        stack.node.find_child("control")
        facts["control"] = "resolved"
    except ValueError as error:
        facts["control"] = str(error)
    _reference_map._submodule_fqn_map[ns] = entry

facts["loaded_at_end"] = len(loaded(AWS))
facts["docker_is_lazy"] = fi.is_lazy(sys.modules["cdktf_cdktf_provider_docker"])
print("FACTS " + json.dumps(facts))
'''


@dataclass(frozen=True)
class ProbeRun:
    """What one fresh interpreter reported, and the JSON it synthesized."""

    facts: dict[str, Any]
    synth: bytes


def _run_probe(tmp_dir: Path, mode: str) -> ProbeRun:
    env = {k: v for k, v in os.environ.items() if k != OPT_OUT}
    env["JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION"] = "20"
    if mode == "eager":
        env[OPT_OUT] = "1"
    script = tmp_dir / "probe.py"
    script.write_text(_PROBE)
    synth_file = tmp_dir / f"synth-{mode}.json"
    done = subprocess.run(
        [sys.executable, str(script), str(FAST_IMPORT_FILE), mode, str(synth_file)],
        cwd=tmp_dir,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    line = next(x for x in done.stdout.splitlines() if x.startswith("FACTS "))
    return ProbeRun(json.loads(line.removeprefix("FACTS ")), synth_file.read_bytes())


@pytest.fixture(scope="module")
def fast_run(tmp_path_factory: pytest.TempPathFactory) -> ProbeRun:
    """A fresh interpreter that installs the fast path before touching the providers."""
    return _run_probe(tmp_path_factory.mktemp("fast"), "fast")


@pytest.fixture(scope="module")
def eager_run(tmp_path_factory: pytest.TempPathFactory) -> ProbeRun:
    """A fresh interpreter with the opt-out set, whose user code imports the provider first."""
    return _run_probe(tmp_path_factory.mktemp("eager"), "eager")


def test_fast_path_loads_no_aws_submodule_until_used(fast_run: ProbeRun) -> None:
    assert fast_run.facts["install"] == {"cdktf_cdktf_provider_aws": True, "cdktf_cdktf_provider_docker": True}
    assert fast_run.facts["loaded_after_install"] == []
    assert fast_run.facts["is_lazy"] is True
    assert fast_run.facts["docker_is_lazy"] is True
    # s3_bucket, sagemaker_model, provider, iam_role and the handed-back xray_group.
    assert fast_run.facts["loaded_at_end"] == 5


def test_fast_path_user_submodule_import_and_attribute_access_work(fast_run: ProbeRun) -> None:
    assert fast_run.facts["attribute_access_gives_same_class"] is True
    assert fast_run.facts["statement_import_gives_same_module"] is True


def test_object_from_a_submodule_not_yet_imported_gets_its_real_class(fast_run: ProbeRun) -> None:
    assert fast_run.facts["xray_group_loaded_before"] is False
    assert fast_run.facts["handed_back_class"] == "cdktf_cdktf_provider_aws.xray_group.XrayGroup"
    assert fast_run.facts["handed_back_group_name"] == "g"
    assert fast_run.facts["handed_back_struct_class"] == "XrayGroupInsightsConfigurationOutputReference"
    # Without the namespace entry install() registers, the same situation fails.
    assert "Unknown type: @cdktf/provider-aws.xrayEncryptionConfig.XrayEncryptionConfig" in fast_run.facts["control"]


def test_opt_out_env_var_disables_the_fast_path_in_a_fresh_interpreter(eager_run: ProbeRun) -> None:
    assert eager_run.facts["install_opted_out"] == {
        "cdktf_cdktf_provider_aws": False,
        "cdktf_cdktf_provider_docker": False,
    }
    assert eager_run.facts["aws_imported_by_opted_out_install"] is False
    assert eager_run.facts["is_lazy"] is False
    assert eager_run.facts["docker_is_lazy"] is False


def test_user_import_before_install_keeps_the_real_eager_package(eager_run: ProbeRun) -> None:
    assert eager_run.facts["install_after_real_import"] == {"cdktf_cdktf_provider_aws": False}
    assert eager_run.facts["real_module_kept"] is True
    assert eager_run.facts["loaded_at_end"] == 2212
    assert eager_run.facts["attribute_access_gives_same_class"] is True
    assert eager_run.facts["handed_back_class"] == "cdktf_cdktf_provider_aws.xray_group.XrayGroup"


def test_synthesized_json_is_byte_identical_with_and_without_the_fast_path(
    fast_run: ProbeRun, eager_run: ProbeRun
) -> None:
    document = json.loads(fast_run.synth)
    assert set(document["resource"]) == {"aws_s3_bucket", "aws_iam_role", "aws_sagemaker_model", "docker_image"}
    assert fast_run.synth == eager_run.synth
