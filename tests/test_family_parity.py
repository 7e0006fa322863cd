"""The README app (examples/production) is the same Terraform on cdktf and on cdktn, apart from required_providers.

``tests/fixtures/family_parity/`` holds what the cdktf family produced: the production app's synthesized JSON and,
for the examples planned in ``tests/terraform/test_examples_plan.py``, each planned resource address with its
provider address. In the cdktf run these tests require an exact match (so the fixtures cannot go stale); in the
cdktn run they require the same JSON except ``terraform.required_providers``, which must hold cdktn's pins.

Re-record after an intended change to the examples (cdktf venv)::

    .venv/bin/python -m tests.test_family_parity
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

from tests.helpers import ROOT, synth_example
from tests.helpers.families import NAME, REQUIRED_PROVIDERS, required_providers
from tests.helpers.parity import (
    FIXTURES,
    PLAN_FIXTURE,
    PLANNED_EXAMPLES,
    RECORD_HINT,
    SYNTH_FIXTURE,
    planned_addresses,
)

REQUIRED_PROVIDERS_PATH = ("terraform", "required_providers")


def differences(a: Any, b: Any, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every path (keys and list indexes as strings) where ``a`` and ``b`` differ."""
    if isinstance(a, dict) and isinstance(b, dict):
        out: list[tuple[str, ...]] = []
        for key in sorted(set(a) | set(b)):
            if key not in a or key not in b:
                out.append((*path, key))
            else:
                out += differences(a[key], b[key], (*path, key))
        return out
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        return [d for i, (x, y) in enumerate(zip(a, b, strict=False)) for d in differences(x, y, (*path, str(i)))]
    return [] if a == b else [path]


def references(doc: Any) -> set[str]:
    """Every Terraform reference (``${...}``) in ``doc``."""
    return set(re.findall(r"\$\{[^}]*\}", json.dumps(doc)))


def addresses(doc: dict[str, Any]) -> set[str]:
    """Every resource and data source address in a synthesized document."""
    found = {f"{t}.{n}" for t, block in doc.get("resource", {}).items() for n in block}
    return found | {f"data.{t}.{n}" for t, block in doc.get("data", {}).items() for n in block}


def test_the_difference_finder_reports_each_changed_path():
    before = {"terraform": {"required_providers": {"aws": {"version": "1"}}}, "resource": {"a": [1, 2]}}
    after = {"terraform": {"required_providers": {"aws": {"version": "2"}}}, "resource": {"a": [1, 3]}, "x": {}}
    assert differences(before, after) == [
        ("resource", "a", "1"),
        ("terraform", "required_providers", "aws", "version"),
        ("x",),
    ]


def test_production_app_is_the_same_terraform_as_under_cdktf_apart_from_required_providers():
    cdktf_doc = json.loads(SYNTH_FIXTURE.read_text(encoding="utf-8"))
    doc = json.loads(synth_example("production"))

    assert addresses(doc) == addresses(cdktf_doc)  # the same resources and data sources ...
    assert references(doc) == references(cdktf_doc)  # ... wired the same way ...
    changed = differences(cdktf_doc, doc)
    outside = [p for p in changed if p[:2] != REQUIRED_PROVIDERS_PATH]
    assert not outside, (
        f"the {NAME} synth differs from the cdktf fixture at {outside[:10]}; {RECORD_HINT}"
    )  # ... same values
    assert cdktf_doc["terraform"]["required_providers"] == {"aws": REQUIRED_PROVIDERS["cdktf"]["aws"]}
    assert doc["terraform"]["required_providers"] == required_providers("aws")
    if NAME == "cdktf":
        assert changed == [], RECORD_HINT
    else:  # the pins differ (source "aws" -> "hashicorp/aws", version 6.25.0 -> 6.69.1), nothing else does
        assert changed == [
            ("terraform", "required_providers", "aws", "source"),
            ("terraform", "required_providers", "aws", "version"),
        ]


def _record() -> None:  # pragma: no cover - a maintenance command, run by hand
    """Write the fixtures from the cdktf family (synth of production; offline plans of PLANNED_EXAMPLES)."""
    import tempfile

    from sagemaker_tf._runtime.framework import App
    from sagemaker_tf.testing import OfflineTerraform
    from tests.helpers import load_example

    if NAME != "cdktf":
        sys.exit("record the fixtures with the cdktf family (.venv), they are its reference output")
    FIXTURES.mkdir(parents=True, exist_ok=True)
    doc = json.loads(synth_example("production"))
    SYNTH_FIXTURE.write_text(json.dumps(doc, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    plans: dict[str, dict[str, str]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        offline = OfflineTerraform(workdir=Path(tmp) / "offline")
        for name in PLANNED_EXAMPLES:
            app = App(outdir=str(Path(tmp) / name))
            stack = load_example(name).build(app)
            app.synth()
            plans[name] = dict(
                sorted(planned_addresses(offline.plan(Path(app.outdir) / "stacks" / stack.node.id)).items())
            )
    PLAN_FIXTURE.write_text(json.dumps(plans, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {SYNTH_FIXTURE.relative_to(ROOT)} and {PLAN_FIXTURE.relative_to(ROOT)}")


if __name__ == "__main__":
    _record()
