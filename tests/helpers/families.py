"""What each framework family pins, so one test file runs on both (``make test`` and ``make test-cdktn``).

The suite runs against the family ``sagemaker_tf._runtime.framework`` chose in this venv. Everything a test may assert
that differs between the families is here; the synthesized resources themselves are the same.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from sagemaker_tf._runtime.framework import FAMILY

# provider -> the ``required_providers`` entry the family's bindings synthesize
REQUIRED_PROVIDERS: dict[str, dict[str, dict[str, str]]] = {
    "cdktf": {
        "aws": {"source": "aws", "version": "6.25.0"},  # cdktf-cdktf-provider-aws 21.22.1
        "docker": {"source": "kreuzwerker/docker", "version": "3.6.2"},  # cdktf-cdktf-provider-docker 12.0.3
        "awscc": {"source": "hashicorp/awscc", "version": "1.106.0"},  # sagemaker_tf._awscc, no bindings
    },
    "cdktn": {
        "aws": {"source": "hashicorp/aws", "version": "6.69.1"},  # cdktn-provider-aws 25.8.1
        "docker": {"source": "kreuzwerker/docker", "version": "4.6.0"},  # cdktn-provider-docker 16.1.0
        "awscc": {"source": "hashicorp/awscc", "version": "1.106.0"},  # sagemaker_tf._awscc, no bindings
    },
}

# provider -> (registry address, version) the offline stand-ins serve (what terraform records in state)
SERVED: dict[str, dict[str, tuple[str, str]]] = {
    family: {
        name: (
            "registry.terraform.io/" + (pin["source"] if "/" in pin["source"] else f"hashicorp/{pin['source']}"),
            pin["version"],
        )
        for name, pin in pins.items()
    }
    for family, pins in REQUIRED_PROVIDERS.items()
}

NAME = FAMILY.name
"""The family this test run uses: ``cdktf`` or ``cdktn``."""


def required_providers(*providers: str) -> dict[str, dict[str, str]]:
    """The ``required_providers`` block this family synthesizes for ``providers``."""
    return {p: REQUIRED_PROVIDERS[NAME][p] for p in providers}


def with_family_pins(doc: dict[str, Any]) -> dict[str, Any]:
    """``doc`` (synthesized or hand-written Terraform JSON) with its ``required_providers`` pins set to this family's.

    Hand-written fixtures pin what cdktf synthesizes (``aws`` 6.25.0); the offline stand-in serves only the
    family's versions (6.69.1 on cdktn), so ``terraform init`` needs the family's pins. Returns a new document.

    Example::

        with_family_pins(json.loads(path.read_text()))["terraform"]["required_providers"]["aws"]["version"]
    """
    out = copy.deepcopy(doc)
    pins = out.get("terraform", {}).get("required_providers", {})
    for provider in pins:
        pins[provider] = dict(REQUIRED_PROVIDERS[NAME][provider])
    return out


def on_family(code: str, family: str = NAME) -> str:
    """``code`` (a docs block, or a test app written once for cdktf) with its framework names renamed to ``family``.

    This is the README's migration rule: ``cdktf`` <-> ``cdktn`` in imports, ``cdktf_cdktf_provider_<p>`` <->
    ``cdktn_provider_<p>`` (Python packages, wherever they appear) and ``@cdktf/provider-<p>`` <->
    ``@cdktn/provider-<p>`` (the provider's jsii assembly, as the kernel names it); class names and arguments are
    the same in both families. A test that runs an app on each family writes it once, for cdktf, and passes it
    through here.

    Example::

        on_family("from cdktf_cdktf_provider_aws.provider import AwsProvider", "cdktn")
        # 'from cdktn_provider_aws.provider import AwsProvider'
    """
    if family == "cdktn":
        code = re.sub(r"\bcdktf_cdktf_provider_(\w+)", r"cdktn_provider_\1", code)
        code = code.replace("@cdktf/provider-", "@cdktn/provider-")
        return re.sub(r"^(\s*)(from|import) cdktf\b", r"\1\2 cdktn", code, flags=re.M)
    code = re.sub(r"\bcdktn_provider_(\w+)", r"cdktf_cdktf_provider_\1", code)
    code = code.replace("@cdktn/provider-", "@cdktf/provider-")
    return re.sub(r"^(\s*)(from|import) cdktn\b", r"\1\2 cdktf", code, flags=re.M)
