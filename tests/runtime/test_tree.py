"""What iam.py and sagemaker_tf/_runtime keep in Python instead of asking the jsii kernel each time.

Each cache must give the same answers as the construct tree: tokens, paths, stacks, singletons, grants
policies, and synth-time checks reported at the construct's own path.
"""

from __future__ import annotations

import json

import jsii
import pytest

import sagemaker_tf as sagemaker
from sagemaker_tf import _aws_env, iam
from sagemaker_tf._runtime import checks as _checks
from sagemaker_tf._runtime import tokens as _tokens
from sagemaker_tf._runtime import tree as _tree
from sagemaker_tf._runtime.framework import (
    AwsProvider,
    IamRole,
    INumberProducer,
    IStringProducer,
    Lazy,
    TerraformStack,
    Token,
)
from sagemaker_tf._runtime.framework import (
    Testing as FrameworkTesting,
)
from tests.helpers import make_stack, synth


def test_number_tokens_are_recognised_in_python_exactly_like_cdktf_does(stack: TerraformStack) -> None:
    role = IamRole(stack, "Role", assume_role_policy="{}")
    tokens = [
        Token.as_number(role.arn),
        role.max_session_duration,
        Token.as_number("${var.x}"),
        Token.as_number(Lazy.number_value(_Seven())),
    ]
    plain = [0, 1.5, -3, 2**60, -1e289, -8.1e298, 1.7e308]

    assert [_tokens.is_token(v) for v in tokens] == [True] * 4
    assert [_tokens.is_token(v) for v in plain] == [False] * len(plain)
    assert [bool(Token.is_unresolved(v)) for v in tokens + plain] == [True] * 4 + [False] * len(plain)
    assert _tokens.is_token(10**400) is False  # too large for a double: a plain (if odd) number


@jsii.implements(INumberProducer)
class _Seven:
    """A number producer (jsii interface implemented in Python)."""

    def produce(self, context: object) -> int:
        return 7


def test_cached_path_and_stack_are_the_tree_s(stack: TerraformStack) -> None:
    model = sagemaker.Model(stack, "Model")

    assert _tree.path_of(model) == model.node.path == "Stack/Model"
    assert _tree.stack_of(model).node.path == "Stack"
    assert _tree.path_of(model) == "Stack/Model"  # from the cache this time
    with pytest.raises(RuntimeError):  # outside a stack: cdktf's error, and nothing cached
        _tree.stack_of(FrameworkTesting.app())


def test_singletons_are_one_per_stack_and_come_back_after_a_failed_construction() -> None:
    stack = make_stack()
    first = _aws_env.partition(stack)
    assert _aws_env.partition(stack) is first
    assert stack.node.try_find_child("SagemakerTfPartition") is not None

    with pytest.raises(RuntimeError, match="boom"), _tree.undo_singletons_on_failure():
        _aws_env.region(stack)
        raise RuntimeError("boom")
    assert stack.node.try_find_child("SagemakerTfRegion") is None

    again = _aws_env.region(stack)  # not the removed one from the cache
    assert stack.node.try_find_child("SagemakerTfRegion") is not None
    assert again.node.path == "Stack/SagemakerTfRegion"
    assert set(synth(stack)["data"]) == {"aws_partition", "aws_region"}


def test_one_policy_per_role_all_statements_resolved_together_and_deduplicated(stack: TerraformStack) -> None:
    role = IamRole(stack, "Role", assume_role_policy="{}")
    bucket_arn = Token.as_string(Lazy.string_value(_Text("arn:aws:s3:::models")))
    iam.add_to_role(role, iam.PolicyStatement(actions=["s3:GetObject"], resources=[bucket_arn]))
    iam.add_to_role(role, iam.PolicyStatement(actions=["s3:GetObject"], resources=["arn:aws:s3:::models"]))
    iam.add_to_role(role, iam.PolicyStatement(actions=["ecr:GetAuthorizationToken"], resources=["*"]))

    policies = synth(stack)["resource"]["aws_iam_role_policy"]
    assert len(policies) == 1
    document = json.loads(next(iter(policies.values()))["policy"])
    assert document["Statement"] == [  # the token-made statement equals the literal one once resolved
        {"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": ["arn:aws:s3:::models"]},
        {"Effect": "Allow", "Action": ["ecr:GetAuthorizationToken"], "Resource": ["*"]},
    ]


@jsii.implements(IStringProducer)
class _Text:
    """A string producer."""

    def __init__(self, text: str) -> None:
        self.text = text

    def produce(self, context: object) -> str:
        return self.text


def test_grants_checkpoint_removes_a_policy_made_after_it(stack: TerraformStack) -> None:
    role = IamRole(stack, "Role", assume_role_policy="{}")
    undo = iam.grants_checkpoint(role)
    iam.add_to_role(role, iam.PolicyStatement(actions=["s3:GetObject"], resources=["*"]))

    undo()

    assert role.node.try_find_child("SagemakerTfGrants") is None
    assert "aws_iam_role_policy" not in synth(stack).get("resource", {})
    iam.add_to_role(role, iam.PolicyStatement(actions=["s3:PutObject"], resources=["*"]))  # a new one
    assert len(synth(stack)["resource"]["aws_iam_role_policy"]) == 1


def test_synth_checks_of_two_stacks_are_reported_at_each_construct_s_path() -> None:
    app = FrameworkTesting.app()
    stacks = []
    for name in ("One", "Two"):
        stack = TerraformStack(app, name)
        AwsProvider(stack, "aws", region="us-east-1")
        sagemaker.Model(stack, "Empty")  # no containers: fails at synth
        stacks.append(stack)

    for name, stack in zip(("One", "Two"), stacks, strict=True):
        with pytest.raises(Exception) as error:
            FrameworkTesting.synth(stack, run_validations=True)
        assert f"[{name}/Empty] Must configure at least 1 container for model" in str(error.value)
        assert f"[{'Two' if name == 'One' else 'One'}/Empty]" not in str(error.value)


def test_a_passing_check_costs_no_validation_on_the_construct(stack: TerraformStack) -> None:
    image = sagemaker.ContainerImage.from_dlc("pytorch-inference", "2.1.0-cpu-py310")
    model = sagemaker.Model(stack, "Model", containers=[sagemaker.ContainerDefinition(image=image)])

    synth(stack)

    assert model.node.validate() == []
    assert len(stack.node.validate()) == 0


def test_a_failing_check_of_a_construct_removed_from_the_tree_is_not_reported(stack: TerraformStack) -> None:
    from constructs import Construct

    kept, removed = Construct(stack, "Kept"), Construct(stack, "Removed")
    _checks.add_synth_check(kept, lambda: ["kept is wrong"])
    _checks.add_synth_check(removed, lambda: ["removed is wrong"])
    stack.node.try_remove_child("Removed")

    with pytest.raises(Exception) as error:
        synth(stack)
    assert "[Stack/Kept] kept is wrong" in str(error.value)
    assert "removed is wrong" not in str(error.value)
