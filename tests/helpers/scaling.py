"""What the scaling tests (``tests/scaling/``) share: the Terraform types they read, upstream's message prefix, a
stand-in variant on a stand-in endpoint, and references to the endpoint and the scalable target."""

from __future__ import annotations

from typing import Any

from sagemaker_tf._runtime.framework import TerraformStack
from tests.helpers import FakeEndpoint, FakeVariant, resource_names

PREFIX = "Invalid Application Auto Scaling configuration: "
TARGET = "aws_appautoscaling_target"
POLICY = "aws_appautoscaling_policy"
SCHEDULED = "aws_appautoscaling_scheduled_action"
ALARM = "aws_cloudwatch_metric_alarm"


def fake(stack: TerraformStack, **kwargs: Any) -> FakeVariant:
    """A stand-in instance variant (``FakeVariant`` fields as keywords) on the stack's one stand-in endpoint."""
    endpoint = stack.node.try_find_child("Endpoint") or FakeEndpoint(stack, "Endpoint")
    return FakeVariant(endpoint=endpoint, **kwargs)


def endpoint_ref(doc: dict[str, Any]) -> str:
    """The reference to the name of the one ``aws_sagemaker_endpoint`` in ``doc``."""
    return "${{aws_sagemaker_endpoint.{}.name}}".format(resource_names(doc, "aws_sagemaker_endpoint")[0])


def target_ref(doc: dict[str, Any], attribute: str, index: int = 0) -> str:
    """The reference to ``attribute`` of the ``index``-th ``aws_appautoscaling_target`` in ``doc``."""
    return f"${{aws_appautoscaling_target.{resource_names(doc, TARGET)[index]}.{attribute}}}"
