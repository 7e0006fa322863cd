"""SageMaker Pipelines: import-only (``Pipeline.from_pipeline_arn`` / ``_name`` / ``_attributes``) and grants."""

from __future__ import annotations

import re
from typing import Any

from constructs import Construct

from . import _aws_env
from ._runtime.checks import construct_location
from ._runtime.tokens import is_token
from ._validation import check_str, fail, show
from .iam import Grant, Grantee, PolicyStatement, grant

_PIPELINE_NAME_RULE = re.compile(r"^[a-zA-Z0-9](-*[a-zA-Z0-9])*$")
# The name in a pipeline ARN: one path segment, no spaces.
_PIPELINE_ARN_NAME = re.compile(r"[^/\x00-\x20]+")
_MAX_NAME = 256


def _path(scope: Construct, id: str) -> str:
    return construct_location(scope, id, "Pipeline")


def _check_pipeline_name(where: str, name: object) -> str:
    """Upstream's rule: 1-256 characters matching ``^[a-zA-Z0-9](-*[a-zA-Z0-9])*$`` (tokens pass)."""
    name = check_str(where, "pipeline_name", name)
    if is_token(name):
        return name
    if not 1 <= len(name) <= _MAX_NAME:
        fail(where, f'Invalid pipeline name: "{show(name)}". Pipeline name must be between 1-256 characters.')
    if not _PIPELINE_NAME_RULE.fullmatch(name):
        fail(
            where,
            f'Invalid pipeline name: "{show(name)}". Pipeline name must match pattern: ^[a-zA-Z0-9](-*[a-zA-Z0-9])*$',
        )
    return name


def _name_from_arn(where: str, arn: object) -> str:
    return _aws_env.name_from_arn(where, arn, "pipeline", _PIPELINE_ARN_NAME)


class IPipeline(Construct):
    """An existing SageMaker pipeline (from ``Pipeline.from_pipeline_arn`` and friends).

    Example::

        pipeline = sagemaker.Pipeline.from_pipeline_name(stack, "Training", "my-pipeline")
        pipeline.grant_start_pipeline_execution(scheduler_role)
    """

    pipeline_arn: str
    pipeline_name: str

    def grant_start_pipeline_execution(self, grantee: Grantee) -> Grant:
        """Give ``grantee`` (a Model, an IamRole, a DataAwsIamRole or a role ARN string)
        ``sagemaker:StartPipelineExecution``."""
        statement = PolicyStatement(actions=["sagemaker:StartPipelineExecution"], resources=[self.pipeline_arn])
        return grant(grantee, [statement], where=self)


class _ImportedPipeline(IPipeline):
    def __init__(self, scope: Construct, id: str, arn: str, name: str) -> None:
        super().__init__(scope, id)
        self.pipeline_arn = arn
        self.pipeline_name = name


class Pipeline(IPipeline):
    """A SageMaker pipeline. Import-only, as upstream: use ``from_pipeline_arn`` / ``from_pipeline_name`` /
    ``from_pipeline_attributes``; constructing one directly fails.

    Example::

        pipeline = sagemaker.Pipeline.from_pipeline_arn(
            stack, "Pipeline", "arn:aws:sagemaker:us-east-1:123456789012:pipeline/my-pipeline")
        pipeline.grant_start_pipeline_execution(role)
    """

    @staticmethod
    def from_pipeline_arn(scope: Construct, id: str, pipeline_arn: str) -> IPipeline:
        """Import a pipeline by ARN; the name is taken from the ARN."""
        return Pipeline.from_pipeline_attributes(scope, id, pipeline_arn=pipeline_arn)

    @staticmethod
    def from_pipeline_name(scope: Construct, id: str, pipeline_name: str) -> IPipeline:
        """Import a pipeline by name in the stack's region and account (ARN built from data sources)."""
        return Pipeline.from_pipeline_attributes(scope, id, pipeline_name=pipeline_name)

    @staticmethod
    def from_pipeline_attributes(
        scope: Construct,
        id: str,
        *,
        pipeline_arn: str | None = None,
        pipeline_name: str | None = None,
        account: str | None = None,
        region: str | None = None,
    ) -> IPipeline:
        """Import a pipeline by ARN, or by name (optionally in another ``account`` / ``region``).

        When both ``pipeline_arn`` and ``pipeline_name`` are given the ARN wins, as upstream.
        """
        where = _path(scope, id)
        if account is not None:
            check_str(where, "account", account)
        if region is not None:
            check_str(where, "region", region)
        if pipeline_arn:
            name = _name_from_arn(where, pipeline_arn)
            arn = pipeline_arn
        elif pipeline_name is not None:
            name = _check_pipeline_name(where, pipeline_name)
            arn = _aws_env.arn(scope, "sagemaker", "pipeline", name, account=account, region_name=region)
        else:
            fail(where, "Either pipelineArn or pipelineName must be provided")
        return _ImportedPipeline(scope, id, arn, name)

    def __init__(self, scope: Construct, id: str, **_props: Any) -> None:
        fail(
            _path(scope, id),
            "Pipeline construct cannot be instantiated directly. Use Pipeline.from_pipeline_arn() or "
            "Pipeline.from_pipeline_name() to import existing pipelines.",
        )
