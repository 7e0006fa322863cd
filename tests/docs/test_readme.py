"""Every ``python`` block of README.md runs and its stack synthesizes, so the manual cannot rot.

The README's blocks import cdktf (the default family), except the cdktn quick start. Each block runs on the family
of this test run: in the cdktn run its imports are renamed exactly as the README's migration note tells a user to
rename them (``cdktf`` -> ``cdktn``, ``cdktf_cdktf_provider_<p>`` -> ``cdktn_provider_<p>``), and the other way
round in the cdktf run, so both runs execute every block.
"""

from __future__ import annotations

import re

import pytest

from tests.helpers import ROOT, synth
from tests.helpers.families import NAME as FAMILY
from tests.helpers.families import on_family

README = (ROOT / "README.md").read_text()


def _blocks() -> list[tuple[str, str]]:
    """(id, code) for each python block; the id is the nearest heading above it, numbered when repeated."""
    found: list[tuple[str, str]] = []
    heading = "top"
    seen: dict[str, int] = {}
    for match in re.finditer(r"^(#{1,4}) ([^\n]+)$|^```python\n(.*?)^```", README, re.M | re.S):
        if match.group(2):
            heading = re.sub(r"[^0-9A-Za-z]+", "-", match.group(2)).strip("-").lower()
            continue
        seen[heading] = seen.get(heading, 0) + 1
        found.append((f"{heading}-{seen[heading]}", match.group(3)))
    return found


def test_the_migration_rename_maps_imports_between_families():
    cdktf_code = (
        "from cdktf import App\nfrom cdktf_cdktf_provider_aws.provider import AwsProvider\n"
        'loaded = kernel.loaded_from.get("@cdktf/provider-aws")\n'
    )
    cdktn_code = (
        "from cdktn import App\nfrom cdktn_provider_aws.provider import AwsProvider\n"
        'loaded = kernel.loaded_from.get("@cdktn/provider-aws")\n'
    )
    assert on_family(cdktf_code, "cdktn") == cdktn_code
    assert on_family(cdktn_code, "cdktf") == cdktf_code
    assert on_family(cdktf_code, "cdktf") == cdktf_code


def test_readme_has_a_quick_start_per_family():
    quick_starts = [code for block_id, code in _blocks() if "quick-start" in block_id]
    assert any("from cdktf import App" in code for code in quick_starts)
    assert any("from cdktn import App" in code for code in quick_starts)


BLOCKS = _blocks()
PRELUDE = next(code for _, code in BLOCKS if 'TerraformStack(Testing.app(), "readme")' in code)


def test_readme_has_the_seed_sections_in_order():
    headings = re.findall(r"^#{2,3} (.+)$", README, re.M)
    expected = [
        "Model",
        "Single Container Model",
        "Inference Pipeline Model",
        "Network Isolation",
        "Container Images",
        "Asset Image",
        "ECR Image",
        "DLC Image",
        "Model Artifacts",
        "Asset Model Data",
        "S3 Model Data",
        "Endpoint Configuration",
        "Endpoint",
        "AutoScaling",
        "Metrics",
    ]
    positions = [headings.index(name) for name in expected]
    assert positions == sorted(positions)


def test_readme_opens_with_the_two_setup_commands():
    commands = re.findall(r"^```sh\n(.*?)\n```", README, re.M | re.S)[:2]
    assert commands == [
        "JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20 make synth",
        "JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20 make test",
    ]


@pytest.mark.parametrize("code", [code for _, code in BLOCKS], ids=[block_id for block_id, _ in BLOCKS])
def test_readme_block_runs_and_synthesizes(code, tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)  # asset paths in the README are relative to the repository root
    namespace: dict = {}
    standalone = code is PRELUDE or "TerraformStack(" in code
    if not standalone:
        exec(compile(on_family(PRELUDE, FAMILY), "README.md prelude", "exec"), namespace)
    code = on_family(code, FAMILY).replace(
        "App()", f"App(outdir={str(tmp_path)!r})"
    )  # keep cdktf.out out of the checkout
    exec(compile(code, "README.md block", "exec"), namespace)
    doc = synth(namespace["stack"])
    assert doc["resource"], "the block's stack has no resources"
