"""The first synth on empty caches (a fresh CI runner): same JSON as the eager import, no process left behind.

A fresh interpreter, with a private ``HOME``, ``XDG_CACHE_HOME`` and jsii package cache, runs a small app
whose first import is the provider (the import hook's path): it builds the lazy copy (with jsii's runtime
index inside), has jsii unpack it, and synthesizes. The same app then runs with the providers' eager import.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("cdktf_cdktf_provider_aws")

_APP = r"""
import json, sys
from cdktf_cdktf_provider_aws.provider import AwsProvider
from cdktf import TerraformStack, Testing
import sagemaker_tf as sagemaker

stack = TerraformStack(Testing.app(), "cold")
AwsProvider(stack, "aws", region="eu-west-1")
model = sagemaker.Model(stack, "Model", containers=[
    sagemaker.ContainerDefinition(image=sagemaker.ContainerImage.from_dlc("pytorch-inference", "2.1.0-cpu-py310")),
])
config = sagemaker.EndpointConfig(stack, "Config", instance_production_variants=[
    sagemaker.InstanceProductionVariantProps(model=model, variant_name="main",
                                             instance_type=sagemaker.InstanceType.M5_LARGE),
])
sagemaker.Endpoint(stack, "Endpoint", endpoint_config=config)
kernels = [m for n, m in sys.modules.items()
           if n.endswith(".kernel") and isinstance(getattr(m, "loaded_from", None), dict)]
loaded = [k.loaded_from.get("@cdktf/provider-aws") for k in kernels if k.loaded_from.get("@cdktf/provider-aws")]
with open(sys.argv[1], "w", encoding="utf-8") as out:
    out.write(Testing.synth(stack, run_validations=True))
print(json.dumps({"loaded_from": loaded[0] if loaded else None,
                  "lazy": sys.modules["cdktf_cdktf_provider_aws"].__dict__.get("__sagemaker_tf_lazy__", False)}))
"""


def _run(tmp_path: Path, name: str, env: dict[str, str]) -> tuple[dict[str, object], str, int]:
    """Run the app in a new session; return its facts, its JSON and its process id (the session's id)."""
    out = tmp_path / f"{name}.json"
    process = subprocess.Popen(
        [sys.executable, "-c", _APP, str(out)],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    stdout, stderr = process.communicate(timeout=900)
    assert process.returncode == 0, stderr[-3000:]
    return json.loads(stdout.splitlines()[-1]), out.read_text(encoding="utf-8"), process.pid


def _survivors(session: int, marker: str) -> list[str]:
    """Processes still in the app's session or process group, or whose command line names the private caches."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            fields = (proc / "stat").read_text().rpartition(")")[2].split()
            command = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:  # it ended while we looked
            continue
        process_group, session_id = int(fields[2]), int(fields[3])
        if session in (process_group, session_id) or (marker in command and int(proc.name) != os.getpid()):
            found.append(f"{proc.name}: {command[:200]}")
    return found


@pytest.fixture(scope="module")
def cold_and_eager(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    tmp_path = tmp_path_factory.mktemp("cold")
    home = tmp_path / "home"
    home.mkdir()
    base = {k: v for k, v in os.environ.items() if not k.startswith(("SAGEMAKER_TF_", "JSII_RUNTIME_PACKAGE"))}
    base.update(JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION="20")
    cold_env = {
        **base,
        "HOME": str(home),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "JSII_RUNTIME_PACKAGE_CACHE_ROOT": str(home / "jsii-package-cache"),
    }
    cold_facts, cold_json, cold_pid = _run(tmp_path, "cold", cold_env)
    survivors = _survivors(cold_pid, str(home))
    second_facts, second_json, _ = _run(tmp_path, "second", cold_env)
    eager_facts, eager_json, _ = _run(tmp_path, "eager", {**base, "SAGEMAKER_TF_EAGER_PROVIDER_IMPORT": "1"})
    return {
        "home": home,
        "cold": (cold_facts, cold_json),
        "second": (second_facts, second_json),
        "eager": (eager_facts, eager_json),
        "survivors": survivors,
    }


def test_the_first_run_on_empty_caches_gives_the_eager_import_s_bytes(cold_and_eager: dict[str, object]) -> None:
    (cold_facts, cold_json), (eager_facts, eager_json) = cold_and_eager["cold"], cold_and_eager["eager"]  # type: ignore[misc]

    assert cold_facts["lazy"] is True and eager_facts["lazy"] is False
    assert "aws_sagemaker_endpoint" in json.loads(cold_json)["resource"]
    assert cold_json == eager_json
    assert cold_and_eager["second"][1] == eager_json  # type: ignore[index]


def test_the_first_run_loads_a_lazy_copy_that_carries_its_runtime_index(cold_and_eager: dict[str, object]) -> None:
    home: Path = cold_and_eager["home"]  # type: ignore[assignment]
    cold_facts, _ = cold_and_eager["cold"]  # type: ignore[misc]

    assert str(cold_facts["loaded_from"]).startswith(str(home / ".cache" / "sagemaker-tf"))
    (manifest,) = (home / "jsii-package-cache").glob("@cdktf/provider-aws/*/*/.jsii.runtime.v1.json")
    assert not (manifest.parent / ".jsii").exists()  # jsii never needed the 124 MB assembly


def test_no_process_outlives_the_first_run(cold_and_eager: dict[str, object]) -> None:
    assert cold_and_eager["survivors"] == []
