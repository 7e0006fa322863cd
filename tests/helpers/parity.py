"""The cdktf family's recorded output (``tests/fixtures/family_parity/``) that the cdktn run is compared with.

Re-record after an intended change to the examples (cdktf venv): ``.venv/bin/python -m tests.test_family_parity``.
"""

from __future__ import annotations

import json
from typing import Any

from tests.helpers import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "family_parity"
SYNTH_FIXTURE = FIXTURES / "production.cdktf.tf.json"
PLAN_FIXTURE = FIXTURES / "plan_addresses.cdktf.json"
PLANNED_EXAMPLES = ("production", "single_container")  # single_container adds the docker provider
RECORD_HINT = "re-record in the cdktf venv: .venv/bin/python -m tests.test_family_parity"


def planned_addresses(plan: dict[str, Any]) -> dict[str, str]:
    """Planned resource address -> provider address (what Terraform state records for each resource)."""
    return {rc["address"]: rc["provider_name"] for rc in plan.get("resource_changes", [])}


def cdktf_planned_addresses(name: str) -> dict[str, str]:
    """The addresses and provider addresses the cdktf family planned for example ``name``."""
    return json.loads(PLAN_FIXTURE.read_text(encoding="utf-8"))[name]
