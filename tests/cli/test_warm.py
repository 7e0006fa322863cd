"""``sagemaker-tf warm`` (``sagemaker_tf.cli.warm.run``): every cache a first synth needs, built once.

One fresh interpreter runs it against an empty jsii package cache, a second one runs it again.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

from sagemaker_tf._runtime.fast_import import kernel as _fast_kernel
from sagemaker_tf._runtime.framework import FAMILY

_WARM = "import argparse, sys; from sagemaker_tf.cli import warm; sys.exit(warm.run(argparse.Namespace()))"


def _assemblies() -> list[tuple[str, str]]:
    """(npm name without scope, version) of the chosen family's jsii assemblies, from the bundled tarballs."""
    found = []
    for package in ("constructs", FAMILY.framework, *FAMILY.providers.values()):
        spec = importlib.util.find_spec(package)
        assert spec is not None and spec.submodule_search_locations
        (tarball,) = Path(next(iter(spec.submodule_search_locations)), "_jsii").glob("*.jsii.tgz")
        name, _, version = tarball.name.removesuffix(".jsii.tgz").rpartition("@")
        found.append((name, version))
    return sorted(found)


ASSEMBLIES = _assemblies()


@pytest.fixture(scope="module")
def warm_twice(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    """(jsii cache root, output of the first run, output of the second run) on an empty jsii cache."""
    scratch = tmp_path_factory.mktemp("warm")
    root = scratch / "jsii-cache"
    env = {k: v for k, v in os.environ.items() if k != "SAGEMAKER_TF_EAGER_PROVIDER_IMPORT"}
    env.update(JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION="20", JSII_RUNTIME_PACKAGE_CACHE_ROOT=str(root))
    env["XDG_CACHE_HOME"] = str(scratch / "xdg")  # our lazy copies too: built by the first run
    outputs = []
    for _ in range(2):
        done = subprocess.run([sys.executable, "-c", _WARM], env=env, capture_output=True, text=True, timeout=900)
        assert done.returncode == 0, done.stdout + done.stderr[-3000:]
        outputs.append(done.stdout)
    return root, outputs[0], outputs[1]


def _index_lines(output: str) -> dict[str, str]:
    lines = [line.split() for line in output.splitlines() if line.strip().startswith("jsii runtime index")]
    return {parts[3]: parts[4] for parts in lines}


def test_warm_on_an_empty_cache_builds_the_lazy_copy_with_the_aws_index(warm_twice: tuple[Path, str, str]) -> None:
    _, first, _ = warm_twice

    outcomes = {name.rpartition("/")[2]: outcome for name, outcome in _index_lines(first).items()}  # scope dropped
    assert set(outcomes) == {f"{name}@{version}" for name, version in ASSEMBLIES}
    (aws,) = [f"{name}@{version}" for name, version in ASSEMBLIES if name == "provider-aws"]
    assert outcomes[aws] == "present"  # it came with the lazy copy, built from the assembly while copying
    assert all(outcome in ("built", "present") for outcome in outcomes.values())
    (copy_line,) = [line for line in first.splitlines() if "lazy provider copy" in line]
    assert f"{aws}  built (" in copy_line and "with jsii's runtime index" in copy_line
    assert "test synth" in first and first.rstrip().splitlines()[-1].startswith("ready")


def test_warm_leaves_an_index_in_every_package_cache_entry(warm_twice: tuple[Path, str, str]) -> None:
    root, _, _ = warm_twice

    manifests = sorted(p.parent.relative_to(root).parts[-3:-1] for p in root.rglob(_fast_kernel.RUNTIME_INDEX_MANIFEST))
    assert manifests == ASSEMBLIES


def test_warm_again_finds_everything_in_place(warm_twice: tuple[Path, str, str]) -> None:
    _, _, second = warm_twice

    assert set(_index_lines(second).values()) == {"present"}
