"""Every example plus a coverage stack, synthesized for the security tests (checkov, IAM analyzers)."""

from __future__ import annotations

from pathlib import Path

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
from tests.helpers import EXAMPLES, ROOT, load_example

FIXTURES = ROOT / "tests" / "fixtures"


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
    """Synthesize every example and the coverage stack.

    Per stack: its JSON file and logical id -> (type, path, ours)."""
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
