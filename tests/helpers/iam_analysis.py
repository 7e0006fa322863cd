"""Every IAM policy an example synthesizes, made judgeable, and two real IAM analyzers run over them.

The synthesized documents hold Terraform references (``${aws_s3_bucket.Models.arn}``,
``${data.aws_region.SagemakerTfRegion.region}``). An analyzer judges a statement by the resource *type* an ARN
names, so each reference is replaced with a plausible ARN of the type it resolves to at apply: a bucket's ``arn``
becomes ``arn:aws:s3:::<name>``, a KMS key's ``arn:aws:kms:us-east-1:111122223333:key/<uuid>``, the partition
``aws``, the region ``us-east-1``, the account ``111122223333``, a subnet id ``subnet-...``. A reference this module
does not know fails loudly (:class:`UnknownReference`), so a new kind of grant cannot slip past the analyzers as an
unjudgeable string.

Run ``python -m tests.helpers.iam_analysis`` for the per-example table in docs/security.md.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ACCOUNT = "111122223333"
REGION = "us-east-1"
PARTITION = "aws"

# <resource type without "aws_"> -> ARN template for its ``arn`` attribute ({name} is the lower-cased logical name,
# {uuid} a stable fake id). The types every example and grant can reference.
_ARNS = {
    "s3_bucket": "arn:aws:s3:::{name}",
    "kms_key": "arn:aws:kms:{region}:{account}:key/{uuid}",
    "ecr_repository": "arn:aws:ecr:{region}:{account}:repository/{name}",
    "sns_topic": "arn:aws:sns:{region}:{account}:{name}",
    "iam_role": "arn:aws:iam::{account}:role/{name}",
    "lambda_function": "arn:aws:lambda:{region}:{account}:function:{name}",
    "sagemaker_endpoint": "arn:aws:sagemaker:{region}:{account}:endpoint/{name}",
    "sagemaker_model": "arn:aws:sagemaker:{region}:{account}:model/{name}",
    "sagemaker_inference_component": "arn:aws:sagemaker:{region}:{account}:inference-component/{name}",
    "vpc": "arn:aws:ec2:{region}:{account}:vpc/vpc-{hex}",
    "subnet": "arn:aws:ec2:{region}:{account}:subnet/subnet-{hex}",
    "security_group": "arn:aws:ec2:{region}:{account}:security-group/sg-{hex}",
}
# Non-ARN attributes that appear inside policy documents.
_ATTRIBUTES = {
    ("aws_partition", "partition"): PARTITION,
    ("aws_partition", "dns_suffix"): "amazonaws.com",
    ("aws_region", "region"): REGION,
    ("aws_region", "name"): REGION,
    ("aws_caller_identity", "account_id"): ACCOUNT,
}
_REFERENCE = re.compile(r"\$\{([^{}]*)\}")
_ATTRIBUTE_REFERENCE = re.compile(
    r"(?:data\.)?(?:awscc|aws)_(?P<type>[a-z0-9_]+)\.(?P<name>[A-Za-z0-9_-]+)\.(?P<attr>[a-z_]+)"
)
# A region -> account lookup in a ``locals`` map (the SageMaker and DLC image registries): an ECR account.
_ACCOUNT_LOOKUP = re.compile(r"local\.SagemakerTf[A-Za-z0-9]+\[[^\]]+\]|lookup\(local\.SagemakerTf[^)]*\)")


class UnknownReference(ValueError):
    """A Terraform reference in a policy that :func:`substitute` cannot turn into a plausible value."""


def _fake(kind: str, name: str) -> str:
    digest = hashlib.sha256(f"{kind}/{name}".encode()).hexdigest()
    if kind == "s3_bucket":
        return _ARNS[kind].format(name=re.sub(r"[^a-z0-9-]", "-", name.lower()) + "-bucket")
    uuid = f"{digest[:8]}-{digest[8:12]}-{digest[12:16]}-{digest[16:20]}-{digest[20:32]}"
    return _ARNS[kind].format(
        name=re.sub(r"[^A-Za-z0-9-]", "-", name), region=REGION, account=ACCOUNT, uuid=uuid, hex=digest[:17]
    )


def _replace(expression: str) -> str:
    if _ACCOUNT_LOOKUP.fullmatch(expression):
        return "763104351884"
    match = _ATTRIBUTE_REFERENCE.fullmatch(expression)
    if match is None:
        raise UnknownReference(f"no plausible value for ${{{expression}}}")
    kind, name, attr = match["type"], match["name"], match["attr"]
    if (f"aws_{kind}", attr) in _ATTRIBUTES:
        return _ATTRIBUTES[(f"aws_{kind}", attr)]
    if attr == "arn" and kind in _ARNS:
        return _fake(kind, name)
    if kind == "sagemaker_inference_component" and attr == "inference_component_arn":  # the awscc resource
        return _fake(kind, name)
    if kind == "s3_bucket" and attr in ("bucket", "id"):
        return _fake(kind, name).removeprefix("arn:aws:s3:::")
    if kind == "s3_object" and attr == "key":
        return f"objects/{name}.tar.gz"
    if kind in ("subnet", "security_group", "vpc") and attr == "id":
        return _fake(kind, name).rsplit("/", 1)[1]
    if kind == "iam_role" and attr in ("name", "id"):
        return name
    raise UnknownReference(f"no plausible value for ${{{expression}}}")


def substitute(text: str) -> str:
    """``text`` with every ``${...}`` reference replaced by a plausible value of the right type."""
    return _REFERENCE.sub(lambda m: _replace(m.group(1)), text)


@dataclass(frozen=True)
class Policy:
    """One policy document of a stack: ``kind`` is inline, managed (an ``aws_iam_policy``) or trust."""

    stack: str
    kind: str
    address: str
    document: dict[str, Any]


@dataclass
class StackPolicies:
    """Every policy of one synthesized stack, and the AWS managed policies its roles attach by ARN."""

    stack: str
    policies: list[Policy] = field(default_factory=list)
    attached: list[str] = field(default_factory=list)


def _load(text: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(substitute(text))
    return loaded


def policies_of(stack: str, doc: dict[str, Any]) -> StackPolicies:
    """Collect inline policies, ``aws_iam_policy`` documents, trust policies and attached managed policy ARNs."""
    found = StackPolicies(stack)
    resources = doc.get("resource", {})
    for name, body in resources.get("aws_iam_role_policy", {}).items():
        found.policies.append(Policy(stack, "inline", f"aws_iam_role_policy.{name}", _load(body["policy"])))
    for name, body in resources.get("aws_iam_policy", {}).items():
        found.policies.append(Policy(stack, "managed", f"aws_iam_policy.{name}", _load(body["policy"])))
    for name, body in resources.get("aws_iam_role", {}).items():
        found.policies.append(Policy(stack, "trust", f"aws_iam_role.{name}", _load(body["assume_role_policy"])))
        for inline in body.get("inline_policy", []) or []:
            found.policies.append(Policy(stack, "inline", f"aws_iam_role.{name}", _load(inline["policy"])))
        found.attached.extend(substitute(arn) for arn in body.get("managed_policy_arns", []) or [])
    for body in resources.get("aws_iam_role_policy_attachment", {}).values():
        found.attached.append(substitute(body["policy_arn"]))
    return found


# ---------------------------------------------------------------------------------------------------- analyzers


def parliament_findings(document: dict[str, Any]) -> list[str]:
    """parliament's findings (every severity from LOW up, as its CLI reports by default) on an identity policy."""
    from parliament import analyze_policy_string, enhance_finding
    from parliament.cli import is_finding_filtered

    policy = analyze_policy_string(json.dumps(document), include_community_auditors=False)
    findings = [enhance_finding(f) for f in policy.findings]
    return sorted(f"{f.issue}: {f.detail}" for f in findings if not is_finding_filtered(f))


def trust_parliament_findings(document: dict[str, Any]) -> list[str]:
    """parliament on a trust policy: a trust policy has no Resource element, which parliament (built for identity
    policies) reports as MALFORMED; every other finding (principal, condition keys and types) counts."""
    return [f for f in parliament_findings(document) if "neither Resource nor NotResource" not in f]


# ecr:GetAuthorizationToken has no resource-level permissions: AWS requires Resource "*" (ECR's IAM reference). The
# token it returns only lets the role pull what its other ECR statements allow (BatchGetImage etc., scoped to the
# repositories), so cloudsplaining's "credentials exposure" flag on it is excluded here, and only here.
CLOUDSPLAINING_EXCLUSIONS: dict[str, list[str]] = {"exclude-actions": ["ecr:GetAuthorizationToken"]}
CLOUDSPLAINING_RISKS = ("PrivilegeEscalation", "ResourceExposure", "CredentialsExposure", "DataExfiltration")


def cloudsplaining_findings(
    document: dict[str, Any], exclusions: dict[str, list[str]] | None = None
) -> dict[str, list[Any]]:
    """cloudsplaining's risk categories that have findings (privilege escalation, resource exposure, credentials
    exposure, data exfiltration), with ``exclusions`` (default :data:`CLOUDSPLAINING_EXCLUSIONS`)."""
    from cloudsplaining.command.scan_policy_file import scan_policy

    config = CLOUDSPLAINING_EXCLUSIONS if exclusions is None else exclusions
    results = scan_policy(document, config)
    out: dict[str, list[Any]] = {}
    for risk in CLOUDSPLAINING_RISKS:
        value = results.get(risk)
        items = value.get("findings", []) if isinstance(value, dict) else value
        if items:
            out[risk] = list(items)
    return out


# ---------------------------------------------------------------------------------------------------- synthesis


def synthesized_stacks() -> Iterator[tuple[str, dict[str, Any]]]:
    """(name, stack JSON) of every example and of the security coverage stack (tests/test_security.py)."""
    import tempfile

    from tests.helpers.security import synth_all

    with tempfile.TemporaryDirectory() as out:
        for name, (path, _) in synth_all(Path(out) / "out").items():
            yield name, json.loads(path.read_text())


@dataclass
class Figures:
    """One row of the table in docs/security.md."""

    stack: str
    managed: list[str]
    actions: int
    wildcard_resources: int
    parliament: int
    cloudsplaining: int


def _actions(document: dict[str, Any]) -> set[str]:
    """Every action the document allows, wildcards expanded (``s3:List*`` counts each List action)."""
    from cloudsplaining.scan.policy_document import PolicyDocument

    return {action.lower() for action in PolicyDocument(document).all_allowed_actions}


def figures(stack: str, doc: dict[str, Any], managed_documents: dict[str, dict[str, Any]] | None = None) -> Figures:
    """Managed policies attached, distinct actions granted, ``*`` resources and analyzer findings.

    ``managed_documents`` maps an AWS managed policy name to its document, to judge attached policies too (the
    analyzers do not ship AWS managed policies; docs/security.md says which version was used).
    """
    found = policies_of(stack, doc)
    identity = [p for p in found.policies if p.kind != "trust"]
    for arn in found.attached:
        name = arn.rsplit("/", 1)[-1]
        if managed_documents and name in managed_documents:
            identity.append(Policy(stack, "attached", arn, managed_documents[name]))
    actions: set[str] = set()
    wildcards = parliament = splaining = 0
    for policy in identity:
        actions |= _actions(policy.document)
        for statement in policy.document.get("Statement", []):
            resources = statement.get("Resource", [])
            resources = [resources] if isinstance(resources, str) else resources
            wildcards += sum(1 for r in resources if r == "*")
        parliament += len(parliament_findings(policy.document))
        splaining += sum(len(v) for v in cloudsplaining_findings(policy.document).values())
    for policy in found.policies:
        if policy.kind == "trust":
            parliament += len(trust_parliament_findings(policy.document))
    managed = [arn.rsplit("/", 1)[-1] for arn in found.attached]
    return Figures(stack, managed, len(actions), wildcards, parliament, splaining)


def main(argv: list[str]) -> None:
    """Print the per-example table of docs/security.md; each ``NAME=PATH`` argument is an AWS managed policy's
    document (the JSON of ``aws iam get-policy-version``) to judge where a role attaches it."""
    managed: dict[str, dict[str, Any]] = {}
    for argument in argv:
        name, path = argument.split("=", 1)
        loaded = json.loads(Path(path).read_text())
        managed[name] = loaded.get("PolicyVersion", {}).get("Document", loaded)
    print("| example | managed policies | actions | `*` resources | parliament | cloudsplaining |")
    print("| --- | --- | ---: | ---: | ---: | ---: |")
    for name, doc in synthesized_stacks():
        row = figures(name, doc, managed)
        attached = ", ".join(row.managed) or "none"
        print(
            f"| {name} | {attached} | {row.actions} | {row.wildcard_resources} | {row.parliament} | "
            f"{row.cloudsplaining} |"
        )
    sys.stdout.flush()


if __name__ == "__main__":
    main(sys.argv[1:])
