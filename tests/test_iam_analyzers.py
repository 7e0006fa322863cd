"""Two real IAM analyzers, parliament and cloudsplaining, over the policies of every example.

Every example (examples/*/main.py) and the security coverage stack of tests/test_security.py are synthesized; every
``aws_iam_role_policy``, ``aws_iam_policy`` and trust policy is collected (tests/helpers/iam_analysis.py), with each
Terraform reference replaced by a plausible value of the type it resolves to at apply (a bucket's ``arn`` by an S3
bucket ARN, a KMS key's by a key ARN, the region data source by ``us-east-1``, the account by a 12-digit id), so
the analyzers judge resource types as they would on the applied policy. An unknown reference fails the
collection instead of reaching the analyzers as an opaque string.

- parliament: no finding of any severity from LOW up (unknown actions or condition keys, resource types that do
  not match an action, ``Resource: *`` on an action that supports resources, malformed statements). Trust
  policies are judged too, except for parliament's "no Resource element", which every trust policy has.
- cloudsplaining: no privilege-escalation, resource-exposure, credentials-exposure or data-exfiltration finding.
  The only exclusion is ``ecr:GetAuthorizationToken`` (see ``CLOUDSPLAINING_EXCLUSIONS``); a test pins that it is
  the only action the exclusion hides.

The planted-statement tests show each analyzer reports what it should, so a clean result means something.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.helpers.iam_analysis import (
    CLOUDSPLAINING_EXCLUSIONS,
    Policy,
    UnknownReference,
    cloudsplaining_findings,
    parliament_findings,
    policies_of,
    substitute,
    synthesized_stacks,
    trust_parliament_findings,
)

pytest.importorskip("parliament", reason="install the test extra: pip install 'sagemaker-tf[test]'")
pytest.importorskip("cloudsplaining", reason="install the test extra: pip install 'sagemaker-tf[test]'")


@pytest.fixture(scope="module")
def stacks() -> dict[str, dict[str, Any]]:
    return dict(synthesized_stacks())


@pytest.fixture(scope="module")
def policies(stacks: dict[str, dict[str, Any]]) -> list[Policy]:
    return [policy for name, doc in stacks.items() for policy in policies_of(name, doc).policies]


def _where(policy: Policy) -> str:
    return f"{policy.stack} {policy.address}"


def test_every_example_is_analyzed(stacks: dict[str, dict[str, Any]], policies: list[Policy]) -> None:
    from tests.helpers import EXAMPLES

    assert set(EXAMPLES) <= set(stacks)
    with_role = {p.stack for p in policies if p.kind == "trust"}
    assert set(EXAMPLES) <= with_role, "every example builds at least one execution role"
    assert {p.stack for p in policies if p.kind == "inline"} >= set(EXAMPLES)


def test_parliament_finds_nothing_in_any_identity_policy(policies: list[Policy]) -> None:
    problems = {
        _where(p): findings for p in policies if p.kind != "trust" and (findings := parliament_findings(p.document))
    }
    assert problems == {}


def test_parliament_finds_nothing_in_any_trust_policy(policies: list[Policy]) -> None:
    problems = {
        _where(p): findings
        for p in policies
        if p.kind == "trust" and (findings := trust_parliament_findings(p.document))
    }
    assert problems == {}


def test_cloudsplaining_finds_no_escalation_exposure_or_exfiltration(policies: list[Policy]) -> None:
    problems = {
        _where(p): findings for p in policies if p.kind != "trust" and (findings := cloudsplaining_findings(p.document))
    }
    assert problems == {}


def test_the_cloudsplaining_exclusion_hides_only_the_ecr_token(policies: list[Policy]) -> None:
    hidden = {
        action
        for p in policies
        if p.kind != "trust"
        for actions in cloudsplaining_findings(p.document, exclusions={}).values()
        for action in actions
    }
    assert hidden <= {"ecr:GetAuthorizationToken"}
    assert CLOUDSPLAINING_EXCLUSIONS == {"exclude-actions": ["ecr:GetAuthorizationToken"]}


def test_no_example_attaches_a_managed_policy(stacks: dict[str, dict[str, Any]]) -> None:
    attached = {name: found.attached for name, doc in stacks.items() if (found := policies_of(name, doc)).attached}
    assert attached == {}


def test_every_model_role_trusts_sagemaker_only_from_its_account_and_region(policies: list[Policy]) -> None:
    trusts = [p for p in policies if p.kind == "trust" and "sagemaker.amazonaws.com" in json.dumps(p.document)]
    assert trusts
    for policy in trusts:
        (statement,) = policy.document["Statement"]
        assert statement["Condition"] == {"ArnLike": {"aws:SourceArn": "arn:aws:sagemaker:us-east-1:111122223333:*"}}


# --- the analyzers can fail -----------------------------------------------------------------------------------

GOOD = {
    "Effect": "Allow",
    "Action": ["s3:GetObject"],
    "Resource": ["arn:aws:s3:::models-bucket/model.tar.gz"],
}


def _with(*statements: dict[str, Any]) -> dict[str, Any]:
    return {"Version": "2012-10-17", "Statement": [GOOD, *statements]}


@pytest.mark.parametrize(
    "planted, issue",
    [
        ({"Effect": "Allow", "Action": ["s3:PutObject"], "Resource": ["*"]}, "RESOURCE_STAR"),
        ({"Effect": "Allow", "Action": ["iam:PassRole"], "Resource": ["*"]}, "RESOURCE_STAR"),
        (
            {"Effect": "Allow", "Action": ["kms:Decrypt"], "Resource": ["arn:aws:kms:us-east-1:111122223333:alias/k"]},
            "RESOURCE_MISMATCH",
        ),
        ({"Effect": "Allow", "Action": ["s3:GetObjects"], "Resource": ["*"]}, "UNKNOWN_ACTION"),
        (
            {
                "Effect": "Allow",
                "Action": ["ec2:CreateNetworkInterface"],
                "Resource": ["arn:aws:s3:::models-bucket"],
            },
            "RESOURCE_MISMATCH",
        ),
    ],
)
def test_parliament_reports_a_planted_statement(planted: dict[str, Any], issue: str) -> None:
    assert parliament_findings(_with()) == []
    assert any(finding.startswith(f"{issue}:") for finding in parliament_findings(_with(planted)))


@pytest.mark.parametrize(
    "planted, risk",
    [
        ({"Effect": "Allow", "Action": ["iam:PassRole"], "Resource": ["*"]}, "ResourceExposure"),
        ({"Effect": "Allow", "Action": ["s3:PutBucketPolicy"], "Resource": ["*"]}, "ResourceExposure"),
        (
            {"Effect": "Allow", "Action": ["iam:PassRole", "sagemaker:CreateNotebookInstance"], "Resource": ["*"]},
            "PrivilegeEscalation",
        ),
        ({"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": ["*"]}, "DataExfiltration"),
        ({"Effect": "Allow", "Action": ["iam:CreateAccessKey"], "Resource": ["*"]}, "CredentialsExposure"),
    ],
)
def test_cloudsplaining_reports_a_planted_statement(planted: dict[str, Any], risk: str) -> None:
    assert cloudsplaining_findings(_with()) == {}
    assert risk in cloudsplaining_findings(_with(planted))


def test_the_ecr_token_is_a_credentials_exposure_without_the_exclusion() -> None:
    token = {"Effect": "Allow", "Action": ["ecr:GetAuthorizationToken"], "Resource": ["*"]}
    assert cloudsplaining_findings(_with(token), exclusions={}) == {
        "CredentialsExposure": ["ecr:GetAuthorizationToken"]
    }
    assert cloudsplaining_findings(_with(token)) == {}


def test_a_trust_policy_without_a_known_principal_is_reported() -> None:
    trust = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Servce": "x"}, "Action": "sts:AssumeRole"}],
    }
    assert trust_parliament_findings(trust)


# --- the reference substitution -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "reference, value",
    [
        ("${aws_s3_bucket.Models.arn}", "arn:aws:s3:::models-bucket"),
        ("${data.aws_s3_bucket.Artifacts.arn}", "arn:aws:s3:::artifacts-bucket"),
        ("${data.aws_partition.SagemakerTfPartition.partition}", "aws"),
        ("${data.aws_region.SagemakerTfRegion.region}", "us-east-1"),
        ("${data.aws_caller_identity.SagemakerTfCallerIdentity.account_id}", "111122223333"),
        ("${aws_ecr_repository.Repo.arn}", "arn:aws:ecr:us-east-1:111122223333:repository/Repo"),
        ("${aws_sns_topic.Done.arn}", "arn:aws:sns:us-east-1:111122223333:Done"),
        ("${aws_s3_object.Model.key}", "objects/Model.tar.gz"),
    ],
)
def test_references_become_values_of_their_type(reference: str, value: str) -> None:
    assert substitute(reference) == value


def test_a_kms_key_reference_becomes_a_key_arn() -> None:
    arn = substitute("${aws_kms_key.CaptureKey.arn}")
    assert arn.startswith("arn:aws:kms:us-east-1:111122223333:key/") and len(arn.rsplit("/", 1)[1]) == 36


def test_an_unknown_reference_fails_instead_of_reaching_the_analyzers() -> None:
    with pytest.raises(UnknownReference, match="aws_glue_job"):
        substitute("${aws_glue_job.Etl.arn}")
    with pytest.raises(UnknownReference, match="upper"):
        substitute('${upper("x")}')
