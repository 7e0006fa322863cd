"""The reference checker finds dangling references (so it can fail) and accepts the shapes cdktf emits."""

from __future__ import annotations

from typing import Any

import pytest

import sagemaker_tf as sagemaker
from sagemaker_tf._runtime.framework import DataAwsEcrRepository
from tests.helpers import make_stack, synth
from tests.helpers.refcheck import assert_references_resolve, check_references, references


def _doc(**blocks: Any) -> dict[str, Any]:
    """A small stack document with one role, one region data source, one local and one variable."""
    doc: dict[str, Any] = {
        "provider": {"aws": [{"region": "us-east-1"}], "docker": [{"alias": "assets"}]},
        "terraform": {"required_providers": {"aws": {"source": "aws"}}},
        "resource": {"aws_iam_role": {"Role": {"name": "r"}}},
        "data": {"aws_region": {"Region": {}}},
        "locals": {"Accounts": {"us-east-1": "1"}},
        "variable": {"Tag": {"type": "string"}},
    }
    for kind, content in blocks.items():
        for tf_type, named in content.items():
            doc.setdefault(kind, {}).setdefault(tf_type, {}).update(named)
    return doc


def _model(**attrs: Any) -> dict[str, Any]:
    return {"resource": {"aws_sagemaker_model": {"M": attrs}}}


def test_references_inside_function_calls_and_indexes_are_found():
    refs = references('element(split("/", aws_x.y.arn), 1) == local.T[data.aws_region.R.region]')
    assert [r.text for r in refs] == ["aws_x.y.arn", "local.T", "data.aws_region.R.region"]


def test_for_variables_function_names_and_keywords_are_not_references():
    refs = references('[for k, v in var.m : "${k}-${v.id}" if v != null && true]')
    assert [r.text for r in refs] == ["var.m"]


def test_a_resolving_document_has_no_problems():
    doc = _doc(
        **_model(
            execution_role_arn="${aws_iam_role.Role.arn}",
            name='${element(split("/", aws_iam_role.Role.arn), 1)}',
            image="${local.Accounts[data.aws_region.Region.region]}.dkr.ecr/x:${var.Tag}",
            literal="$${not.a_reference}",
            depends_on=["aws_iam_role.Role", "data.aws_region.Region"],
            provider="docker.assets",
        )
    )
    assert check_references(doc) == []


@pytest.mark.parametrize(
    ("attrs", "problem"),
    [
        ({"role": "${aws_iam_role.Missing.arn}"}, "${aws_iam_role.Missing.arn} -> no resource aws_iam_role.Missing"),
        ({"n": '${element(split("/", aws_iam_role.Gone.arn), 1)}'}, "-> no resource aws_iam_role.Gone"),
        ({"a": "${local.Accounts[data.aws_region.Other.region]}"}, "-> no data source data.aws_region.Other"),
        ({"a": "${local.Missing[data.aws_region.Region.region]}"}, "-> no local local.Missing"),
        ({"a": "x-${var.Nope}"}, "-> no variable var.Nope"),
        ({"a": '${format("%s", "${aws_s3_bucket.B.id}")}'}, "-> no resource aws_s3_bucket.B"),
        ({"depends_on": ["aws_iam_role.Missing"]}, "depends_on no resource aws_iam_role.Missing"),
        ({"depends_on": ["${aws_iam_role.Role}"]}, "depends_on must be a plain address"),
        ({"depends_on": ["aws_iam_role.Role.arn"]}, "depends_on must be a block address without attributes"),
        ({"provider": "docker.other"}, "no provider configuration docker.other"),
        ({"provider": "google"}, "no provider configuration google"),
    ],
)
def test_each_kind_of_dangling_reference_is_reported(attrs: dict[str, Any], problem: str):
    problems = check_references(_doc(**_model(**attrs)))
    assert len(problems) == 1, problems
    assert problems[0].startswith("resource.aws_sagemaker_model.M.")
    assert problem in problems[0]


def test_references_in_provider_configs_are_checked():
    doc = _doc()
    doc["provider"]["docker"][0]["registry_auth"] = [{"password": "${data.aws_ecr_authorization_token.T.password}"}]
    assert check_references(doc) == [
        "provider.docker[0].registry_auth[0].password: ${data.aws_ecr_authorization_token.T.password} "
        "-> no data source data.aws_ecr_authorization_token.T"
    ]


def test_a_planted_dangling_reference_in_a_synthesized_model_fails_the_assertion():
    stack = make_stack()
    repository = DataAwsEcrRepository(stack, "Repository", name="repo")
    model = sagemaker.Model(
        stack,
        "Model",
        containers=[sagemaker.ContainerDefinition(image=sagemaker.ContainerImage.from_ecr_repository(repository))],
    )
    doc = synth(stack)
    assert_references_resolve(doc)  # the real output resolves

    model.resource.add_override("execution_role_arn", "${aws_iam_role.Deleted_1234.arn}")
    with pytest.raises(AssertionError, match=r"no resource aws_iam_role\.Deleted_1234"):
        assert_references_resolve(synth(stack))
