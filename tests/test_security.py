"""checkov over the synthesized JSON of every example (plus a stack covering the VPC and KMS paths).

Findings on resources sagemaker_tf creates must be fixed or listed in ``ALLOWED`` with a reason; findings on
resources an example's own code creates are reported in docs/security.md but do not fail this test. checkov runs
once, as one subprocess over every stack file, offline (``--skip-download``).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from constructs import Construct

import sagemaker_tf as sagemaker
from sagemaker_tf._runtime.framework import (
    App,
    AwsProvider,
    DataAwsEcrRepository,
    DataAwsVpc,
    KmsKey,
    TerraformResource,
    TerraformStack,
)
from tests.test_examples import EXAMPLES, load_example

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"

# (check id, resource type) -> why a finding on a resource sagemaker_tf creates is accepted.
ALLOWED: dict[tuple[str, str], str] = {
    (
        "CKV_AWS_98",
        "aws_sagemaker_endpoint_configuration",
    ): "The KMS key for the endpoint's storage volume is the user's choice: EndpointConfig(kms_key=...).",
    (
        "CKV_AWS_136",
        "aws_ecr_repository",
    ): "The assets repository uses AES256 unless configure_assets(kms_key=...) gives a KMS key (then KMS).",
    (
        "CKV_AWS_145",
        "aws_s3_bucket",
    ): "The assets bucket uses SSE-S3 (AES256) unless configure_assets(kms_key=...) gives a KMS key (then aws:kms).",
    (
        "CKV_AWS_18",
        "aws_s3_bucket",
    ): "Access logging needs a separate log bucket the user owns; pass configure_assets(bucket=...) to use one "
    "with logging.",
    (
        "CKV_AWS_144",
        "aws_s3_bucket",
    ): "Cross-region replication of build artifacts that Terraform re-uploads from source is the user's choice.",
    (
        "CKV2_AWS_5",
        "aws_security_group",
    ): "The model's security group is attached through aws_sagemaker_model.vpc_config.security_group_ids; "
    "checkov 3.1's list of attaching resource types does not include SageMaker models (a false positive).",
    (
        "CKV_AWS_300",
        "aws_s3_bucket_lifecycle_configuration",
    ): "The assets bucket's rule aborts unfinished uploads after 7 days for every object (an empty filter block); "
    "checkov 3.1's terraform_json parser reads the empty filter as a restricting one (a false positive; the "
    "same rule without a filter passes).",
    (
        "CKV2_AWS_62",
        "aws_s3_bucket",
    ): "Nothing consumes S3 event notifications for asset uploads; a user who needs them supplies the bucket.",
}


@dataclass(frozen=True)
class Finding:
    """One failed checkov check, located in a stack and attributed to sagemaker_tf or to the user."""

    check_id: str
    check_name: str
    stack: str
    resource_type: str
    logical_id: str
    construct_path: str
    ours: bool


def _is_ours(element: Construct) -> bool:
    """Whether sagemaker_tf created ``element``: a sagemaker_tf construct is on its path, or a stack singleton."""
    scopes = element.node.scopes
    for scope in scopes[2:]:  # skip the app and the stack
        if scope.node.id.startswith("SagemakerTf"):
            return True
        if any(cls.__module__.startswith("sagemaker_tf") for cls in type(scope).__mro__):
            return True
    return False


def _coverage_stack(app: App) -> TerraformStack:
    """What the examples do not show: a model in a VPC (its own security group) and KMS-encrypted assets."""
    stack = TerraformStack(app, "security-coverage")
    AwsProvider(stack, "aws", region="us-east-1")
    key = KmsKey(stack, "AssetsKey", enable_key_rotation=True, description="sagemaker-tf assets")
    sagemaker.configure_assets(stack, kms_key=key)
    sagemaker.Model(
        stack,
        "VpcModel",
        containers=[
            sagemaker.ContainerDefinition(
                image=sagemaker.ContainerImage.from_asset(str(FIXTURES / "image")),
                model_data=sagemaker.ModelData.from_asset(str(FIXTURES / "model.tar.gz")),
            ),
            sagemaker.ContainerDefinition(
                image=sagemaker.ContainerImage.from_ecr_repository(DataAwsEcrRepository(stack, "Repo", name="r"))
            ),
        ],
        vpc=DataAwsVpc(stack, "Vpc", default=True),
        vpc_subnets=["subnet-0123456789abcdef0"],
        network_isolation=True,
    )
    return stack


def synth_all(outdir: Path) -> dict[str, tuple[Path, dict[str, tuple[str, str, bool]]]]:
    """Synthesize every example and the coverage stack; per stack: its JSON file and logical id -> (type, path, ours)."""
    builders = {name: load_example(name).build for name in EXAMPLES}
    builders["security_coverage"] = _coverage_stack
    out: dict[str, tuple[Path, dict[str, tuple[str, str, bool]]]] = {}
    outdir.mkdir(parents=True, exist_ok=True)
    for name, build in builders.items():
        app = App(outdir=str(outdir / name))
        stack = build(app)
        app.synth()
        owners: dict[str, tuple[str, str, bool]] = {}
        for element in stack.node.find_all():
            if isinstance(element, TerraformResource):
                owners[stack.get_logical_id(element)] = (
                    element.terraform_resource_type,
                    element.node.path,
                    _is_ours(element),
                )
        (stack_file,) = (outdir / name).glob("stacks/*/cdk.tf.json")
        out[name] = (stack_file, owners)
    return out


def checkov_command() -> list[str]:
    """checkov from the running interpreter's environment."""
    found = shutil.which("checkov", path=str(Path(sys.executable).parent)) or shutil.which("checkov")
    if found is None:
        pytest.skip("checkov is not installed; install the test extra: pip install 'sagemaker-tf[test]'")
    return [found]


def run_checkov(files: list[Path], cwd: Path) -> list[dict[str, Any]]:
    """One offline checkov run over ``files``; its failed checks."""
    command = checkov_command() + [
        "--framework",
        "terraform_json",
        "--compact",
        "--quiet",
        "--skip-download",
        "--output",
        "json",
    ]
    for path in files:
        command += ["-f", str(path.relative_to(cwd))]
    env = {**os.environ, "BC_SKIP_MAPPING": "TRUE", "CHECKOV_RUN_SCA_PACKAGE_SCAN_V2": "false"}
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode in (0, 1), f"checkov failed ({done.returncode}):\n{done.stderr[-3000:]}"
    reports = json.loads(done.stdout)
    reports = reports if isinstance(reports, list) else [reports]
    failed: list[dict[str, Any]] = []
    for report in reports:
        if isinstance(report, dict) and "results" in report:
            failed.extend(report["results"].get("failed_checks", []))
        elif isinstance(report, dict) and report.get("failed", 0):
            raise AssertionError(f"unexpected checkov report shape: {report}")
    return failed


def attribute(
    failed: list[dict[str, Any]], stacks: dict[str, tuple[Path, dict[str, tuple[str, str, bool]]]], cwd: Path
) -> list[Finding]:
    """Turn checkov's failed checks into findings located by stack and construct path."""
    by_file = {f"/{path.relative_to(cwd)}": name for name, (path, _) in stacks.items()}
    findings: list[Finding] = []
    for check in failed:
        name = by_file[check["file_path"] if check["file_path"].startswith("/") else "/" + check["file_path"]]
        logical = check["resource"].rsplit(".", 1)[-1]
        tf_type, path, ours = stacks[name][1][logical]
        findings.append(Finding(check["check_id"], check["check_name"], name, tf_type, logical, path, ours))
    return sorted(findings, key=lambda f: (f.stack, f.construct_path, f.check_id))


def unexpected(findings: list[Finding]) -> list[Finding]:
    """Findings on sagemaker_tf's own resources that the allow-list does not explain."""
    return [f for f in findings if f.ours and (f.check_id, f.resource_type) not in ALLOWED]


@pytest.fixture(scope="module")
def findings(tmp_path_factory: pytest.TempPathFactory) -> list[Finding]:
    checkov_command()
    outdir = tmp_path_factory.mktemp("security")
    stacks = synth_all(outdir / "out")
    return attribute(run_checkov([path for path, _ in stacks.values()], outdir), stacks, outdir)


def test_no_unexplained_checkov_finding_on_our_own_resources(findings: list[Finding]):
    problems = unexpected(findings)
    assert not problems, "new checkov findings on sagemaker_tf resources (fix them or add to ALLOWED):\n" + "\n".join(
        f"  {f.check_id} {f.check_name}: {f.stack} {f.construct_path} ({f.resource_type})" for f in problems
    )


def test_checkov_sees_our_resources_and_the_documented_findings(findings: list[Finding]):
    ours = {(f.check_id, f.resource_type) for f in findings if f.ours}
    assert ("CKV_AWS_98", "aws_sagemaker_endpoint_configuration") in ours  # the user's KMS choice, see the docs
    assert ("CKV_AWS_136", "aws_ecr_repository") in ours  # the default AES256 assets repository
    kms_stack = {(f.check_id, f.resource_type) for f in findings if f.stack == "security_coverage"}
    assert ("CKV_AWS_136", "aws_ecr_repository") not in kms_stack  # with configure_assets(kms_key=...): KMS
    assert ("CKV_AWS_145", "aws_s3_bucket") not in kms_stack


def test_every_allow_list_entry_has_a_reason():
    assert all(len(reason) > 30 for reason in ALLOWED.values())


def test_an_unlisted_finding_on_our_resource_is_reported_and_a_users_is_not():
    planted = [
        Finding("CKV_AWS_999", "planted", "x", "aws_iam_role", "Model_Role", "x/Model/Role", True),
        Finding("CKV_AWS_999", "planted", "x", "aws_s3_bucket", "MyBucket", "x/MyBucket", False),
        Finding("CKV_AWS_98", "kms", "x", "aws_sagemaker_endpoint_configuration", "C", "x/Config/Resource", True),
    ]
    assert unexpected(planted) == planted[:1]


# Actions with no resource-level permissions (AWS's service authorization reference): "*" is the only resource
# they accept, so each is bounded another way (see docs/security.md).
STAR_ONLY_ACTIONS = {
    ("ecr:GetAuthorizationToken",): "the token only lets the role pull what its repository-scoped statements allow",
    ("cloudwatch:PutMetricData",): "a cloudwatch:namespace condition keeps it to the /aws/sagemaker/* namespaces",
    (
        "ec2:DescribeNetworkInterfaces",
        "ec2:DescribeVpcs",
        "ec2:DescribeDhcpOptions",
        "ec2:DescribeSubnets",
        "ec2:DescribeSecurityGroups",
    ): "read-only network descriptions a model in a VPC needs; granted only to models with vpc=",
}


def test_inline_grants_are_scoped_to_exact_arns_except_actions_without_resource_permissions(tmp_path: Path):
    stacks = synth_all(tmp_path / "out")
    for name, (path, _) in stacks.items():
        doc = json.loads(path.read_text())
        for logical, policy in doc.get("resource", {}).get("aws_iam_role_policy", {}).items():
            for statement in json.loads(policy["policy"])["Statement"]:
                if "*" in statement["Resource"]:
                    assert tuple(statement["Action"]) in STAR_ONLY_ACTIONS, (name, logical, statement)
                    assert statement["Resource"] == ["*"]
                if statement["Action"] == ["cloudwatch:PutMetricData"]:
                    assert statement["Condition"] == {"StringLike": {"cloudwatch:namespace": ["/aws/sagemaker/*"]}}
                assert all(r == "*" or "*" not in r.split("/")[0] for r in statement["Resource"]), (name, statement)


def test_no_example_role_carries_sagemaker_full_access(tmp_path: Path):
    for name, (path, _) in synth_all(tmp_path / "out").items():
        doc = json.loads(path.read_text())
        attached = [a["policy_arn"] for a in doc.get("resource", {}).get("aws_iam_role_policy_attachment", {}).values()]
        assert not [arn for arn in attached if arn.endswith("/AmazonSageMakerFullAccess")], name
