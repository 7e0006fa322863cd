"""Pipeline imports and grants (ports upstream pipeline.test.ts; the scheduler-target cases have no analogue here)."""

from __future__ import annotations

import json

import pytest

from sagemaker_tf import ValidationError
from sagemaker_tf._runtime.framework import IamRole, TerraformOutput, TerraformVariable
from sagemaker_tf.pipeline import IPipeline, Pipeline
from tests.helpers import data_sources, only, synth

TRUST = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Principal": {"Service": "scheduler.amazonaws.com"}, "Action": "sts:AssumeRole"}
        ],
    }
)
PARTITION = "${data.aws_partition.SagemakerTfPartition.partition}"
REGION = "${data.aws_region.SagemakerTfRegion.region}"
ACCOUNT = "${data.aws_caller_identity.SagemakerTfCallerIdentity.account_id}"


def output_of(stack, value) -> str:
    TerraformOutput(stack, "probe", value=value)
    return synth(stack)["output"]["probe"]["value"]


# --- from_pipeline_arn ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "arn, name",
    [
        ("arn:aws:sagemaker:us-east-1:123456789012:pipeline/my-pipeline", "my-pipeline"),
        ("arn:aws:sagemaker:us-west-2:987654321098:pipeline/test-pipeline-123", "test-pipeline-123"),
        ("arn:aws:sagemaker:us-east-1:987654321098:pipeline/cross-account-pipeline", "cross-account-pipeline"),
        ("arn:aws:sagemaker:eu-west-1:123456789012:pipeline/eu-pipeline", "eu-pipeline"),
    ],
)
def test_import_by_arn_keeps_the_arn_and_extracts_the_name(stack, arn, name):
    pipeline = Pipeline.from_pipeline_arn(stack, "ImportedPipeline", arn)
    assert isinstance(pipeline, IPipeline)
    assert (pipeline.pipeline_arn, pipeline.pipeline_name) == (arn, name)


def test_import_by_arn_of_another_resource_type_fails(stack):
    with pytest.raises(ValidationError, match=r"pipeline_arn must look like .*:pipeline/<name>"):
        Pipeline.from_pipeline_arn(stack, "ImportedPipeline", "arn:aws:sagemaker:us-east-1:123456789012:model/m")


def test_import_by_token_arn_splits_in_terraform(stack):
    arn = TerraformVariable(stack, "arn", type="string").string_value
    pipeline = Pipeline.from_pipeline_arn(stack, "ImportedPipeline", arn)
    assert output_of(stack, pipeline.pipeline_name) == '${element(split("/", var.arn), 1)}'


# --- from_pipeline_name --------------------------------------------------------------------------------------


def test_import_by_name_builds_the_arn_from_data_sources(stack):
    pipeline = Pipeline.from_pipeline_name(stack, "ImportedPipeline", "my-test-pipeline")
    assert pipeline.pipeline_name == "my-test-pipeline"
    assert output_of(stack, pipeline.pipeline_arn) == (
        f"arn:{PARTITION}:sagemaker:{REGION}:{ACCOUNT}:pipeline/my-test-pipeline"
    )


def test_import_by_name_uses_one_set_of_data_sources_per_stack(stack):
    Pipeline.from_pipeline_name(stack, "A", "a")
    Pipeline.from_pipeline_name(stack, "B", "b")
    doc = synth(stack)
    assert len(data_sources(doc, "aws_partition")) == 1 and len(data_sources(doc, "aws_region")) == 1


# --- from_pipeline_attributes --------------------------------------------------------------------------------


def test_attributes_with_arn(stack):
    arn = "arn:aws:sagemaker:us-east-1:123456789012:pipeline/attr-pipeline"
    pipeline = Pipeline.from_pipeline_attributes(stack, "ImportedPipeline", pipeline_arn=arn)
    assert (pipeline.pipeline_arn, pipeline.pipeline_name) == (arn, "attr-pipeline")


def test_attributes_with_name(stack):
    pipeline = Pipeline.from_pipeline_attributes(stack, "ImportedPipeline", pipeline_name="attr-name-pipeline")
    assert pipeline.pipeline_name == "attr-name-pipeline"
    assert output_of(stack, pipeline.pipeline_arn).endswith(":pipeline/attr-name-pipeline")


def test_attributes_with_custom_account_and_region_need_no_lookups(stack):
    pipeline = Pipeline.from_pipeline_attributes(
        stack, "ImportedPipeline", pipeline_name="custom-env-pipeline", account="234567890123", region="eu-central-1"
    )
    assert output_of(stack, pipeline.pipeline_arn) == (
        f"arn:{PARTITION}:sagemaker:eu-central-1:234567890123:pipeline/custom-env-pipeline"
    )
    doc = synth(stack)
    assert data_sources(doc, "aws_region") == [] and data_sources(doc, "aws_caller_identity") == []


def test_attributes_without_arn_or_name_fail(stack):
    with pytest.raises(
        ValidationError,
        match=r"^Stack/ImportedPipeline: Either pipelineArn or pipelineName must be "
        r"provided$",
    ):
        Pipeline.from_pipeline_attributes(stack, "ImportedPipeline")


@pytest.mark.parametrize(
    "name",
    [
        "valid-pipeline",
        "ValidPipeline123",
        "a",
        "pipeline-with-123-numbers",
        "PipelineWithMixedCase",
        "valid--double-dash",
        "x" * 256,
    ],
)
def test_valid_pipeline_names_are_accepted(stack, name):
    assert Pipeline.from_pipeline_attributes(stack, "Pipeline", pipeline_name=name).pipeline_name == name


@pytest.mark.parametrize(
    "name", ["-invalid-start", "invalid-end-", "invalid_underscore", "invalid.dot", "invalid space"]
)
def test_invalid_pipeline_names_fail(stack, name):
    with pytest.raises(ValidationError, match=rf'Invalid pipeline name: "{name}"\. Pipeline name must match pattern'):
        Pipeline.from_pipeline_attributes(stack, "Pipeline", pipeline_name=name)
    assert stack.node.try_find_child("Pipeline") is None


@pytest.mark.parametrize("name", ["", "x" * 257])
def test_pipeline_names_outside_1_to_256_characters_fail(stack, name):
    with pytest.raises(ValidationError, match="Pipeline name must be between 1-256 characters"):
        Pipeline.from_pipeline_attributes(stack, "Pipeline", pipeline_name=name)


def test_pipeline_cannot_be_constructed_directly(stack):
    with pytest.raises(ValidationError, match="Pipeline construct cannot be instantiated directly"):
        Pipeline(stack, "Pipeline")
    assert stack.node.try_find_child("Pipeline") is None


# --- grant_start_pipeline_execution --------------------------------------------------------------------------


def test_grant_start_pipeline_execution_on_a_named_pipeline(stack):
    pipeline = Pipeline.from_pipeline_name(stack, "TestPipeline", "test-pipeline")
    role = IamRole(stack, "TestRole", assume_role_policy=TRUST)
    grant = pipeline.grant_start_pipeline_execution(role)
    doc = synth(stack)
    statement = json.loads(only(doc, "aws_iam_role_policy")["policy"])["Statement"]
    assert statement == [
        {
            "Effect": "Allow",
            "Action": ["sagemaker:StartPipelineExecution"],
            "Resource": [f"arn:{PARTITION}:sagemaker:{REGION}:{ACCOUNT}:pipeline/test-pipeline"],
        }
    ]
    assert grant.role is role


def test_grant_start_pipeline_execution_on_an_imported_arn(stack):
    arn = "arn:aws:sagemaker:us-west-2:987654321098:pipeline/imported-pipeline"
    Pipeline.from_pipeline_arn(stack, "ImportedPipeline", arn).grant_start_pipeline_execution(
        IamRole(stack, "TestRole", assume_role_policy=TRUST)
    )
    statement = json.loads(only(synth(stack), "aws_iam_role_policy")["policy"])["Statement"]
    assert statement == [{"Effect": "Allow", "Action": ["sagemaker:StartPipelineExecution"], "Resource": [arn]}]


def test_grant_to_a_string_that_is_not_a_role_arn_fails(stack):
    pipeline = Pipeline.from_pipeline_name(stack, "TestPipeline", "test-pipeline")
    with pytest.raises(ValidationError, match="grantee a role ARN must look like arn:<partition>:iam::<account>"):
        pipeline.grant_start_pipeline_execution("role")
