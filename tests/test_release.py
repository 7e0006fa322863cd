"""Release readiness: one version, the license, the changelog, and install instructions that match the package.

``.ci/wheel-check`` (run by ``.ci/run``) builds the wheel and runs it outside the repository; these tests keep the
files it relies on consistent.
"""

from __future__ import annotations

import importlib.metadata
import re
import tomllib

import sagemaker_tf
from tests.examples import ROOT

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
VERSION = PYPROJECT["project"]["version"]
README = (ROOT / "README.md").read_text()


def test_one_version_from_pyproject_to_the_package():
    assert re.fullmatch(r"[0-9]+\.[0-9]+\.[0-9]+", VERSION)
    assert importlib.metadata.version("sagemaker-tf") == VERSION
    assert sagemaker_tf.__version__ == VERSION


def test_version_falls_back_without_distribution_metadata(monkeypatch):
    def missing(name: str) -> str:
        raise importlib.metadata.PackageNotFoundError(name)

    monkeypatch.setattr(importlib.metadata, "version", missing)
    assert sagemaker_tf._version() == sagemaker_tf._VERSION_FALLBACK == "0.0.0+unknown"


def test_license_is_the_apache_2_text_pyproject_declares():
    text = (ROOT / "LICENSE").read_text()
    assert PYPROJECT["project"]["license"] == "Apache-2.0"
    assert PYPROJECT["project"]["license-files"] == ["LICENSE"]
    assert text.lstrip().startswith("Apache License\n                           Version 2.0, January 2004")
    for heading in ("1. Definitions.", "4. Redistribution.", "9. Accepting Warranty or Additional Liability."):
        assert heading in text
    assert "END OF TERMS AND CONDITIONS" in text and "APPENDIX: How to apply the Apache License" in text


def test_changelog_has_unreleased_and_the_current_version():
    changelog = (ROOT / "CHANGELOG.md").read_text()
    headings = re.findall(r"^## \[([^\]]+)\]", changelog, re.M)
    assert headings[0] == "Unreleased"
    assert VERSION in headings
    assert "keepachangelog.com" in changelog


def test_build_is_pinned_in_the_test_extra():
    assert "build==1.6.1" in PYPROJECT["project"]["optional-dependencies"]["test"]
    assert "_image_registry.json" in PYPROJECT["tool"]["setuptools"]["package-data"]["sagemaker_tf"]


def test_readme_install_commands_name_this_version_and_what_wheel_check_runs():
    blocks = re.findall(r"^```sh\n(.*?)\n```", README, re.M | re.S)
    (clone,) = [b for b in blocks if "pip install '.[cdktf]'" in b]
    (wheel,) = [b for b in blocks if "python -m build" in b]
    assert [line.split("#")[0].strip() for line in clone.splitlines() if line.startswith("pip")] == [
        "pip install '.[cdktf]'",
        "pip install '.[cdktn]'",
    ]
    assert f"pip install 'dist/sagemaker_tf-{VERSION}-py3-none-any.whl[cdktf]'" in wheel
    assert "python -m pip install build==1.6.1 && python -m build" in wheel
    script = (ROOT / ".ci" / "wheel-check").read_text()
    for needed in ("readme_block \"pip install '.[cdktf]'\"", 'readme_block "python -m build"', "## Quick start"):
        assert needed in script


def test_ci_runs_the_wheel_check_after_make_synth():
    lines = (ROOT / ".ci" / "run").read_text().splitlines()
    assert lines[lines.index("make synth") + 1] == "bash .ci/wheel-check"
