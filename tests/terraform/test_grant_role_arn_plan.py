"""``grant_invoke`` to a role ARN plans with the real Terraform CLI (offline stand-in).

A literal ARN gives the role name itself; a Lambda function's ``role`` (a token) gives ``regex("[^/]+$", ...)``,
which Terraform evaluates at plan time from the function's configured role. The policy names the endpoint's
ARN, known after apply (the synthesized statement itself is asserted in tests/test_endpoint.py).
"""

from __future__ import annotations

from pathlib import Path

import sagemaker_tf as sagemaker
from sagemaker_tf._runtime.framework import App, AwsProvider, LambdaFunction, TerraformStack
from sagemaker_tf.testing import OfflineTerraform, planned_resources
from tests.helpers import synth_to_dir


def test_role_arn_grants_plan_an_inline_policy_on_each_named_role(
    offline_terraform: OfflineTerraform, tmp_path: Path
) -> None:
    app = App(outdir=str(tmp_path))
    stack = TerraformStack(app, "grants")
    AwsProvider(stack, "aws", region="us-east-1")
    model = sagemaker.Model.from_model_name(stack, "Model", "model")
    config = sagemaker.EndpointConfig(
        stack,
        "Config",
        instance_production_variants=[sagemaker.InstanceProductionVariantProps(model=model, variant_name="v")],
    )
    endpoint = sagemaker.Endpoint(stack, "Endpoint", endpoint_config=config, endpoint_name="grants-endpoint")
    function = LambdaFunction(
        stack,
        "Invoker",
        function_name="invoker",
        handler="index.handler",
        runtime="python3.12",
        filename="fn.zip",
        role="arn:aws:iam::111111111111:role/service-role/invoker-role",
    )
    endpoint.grant_invoke(function.role)
    endpoint.grant_invoke("arn:aws:iam::111111111111:role/batch/scorer")

    changes = planned_resources(offline_terraform.plan(synth_to_dir(app, stack)))
    policies = {
        c["change"]["after"]["role"]: c["change"] for c in changes.values() if c["type"] == "aws_iam_role_policy"
    }
    assert sorted(policies) == ["invoker-role", "scorer"]
    for change in policies.values():
        assert change["actions"] == ["create"]
        assert change["after_unknown"]["policy"] is True  # it names the endpoint's ARN, known after apply
