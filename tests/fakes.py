"""Stand-ins for an endpoint and its variant, for scaling and metrics tests that need no real EndpointConfig."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from constructs import Construct

from sagemaker_tf._runtime.framework import SagemakerEndpoint, TerraformStack


class FakeEndpoint(Construct):
    """A stand-in for sagemaker_tf.Endpoint: a construct holding a real aws_sagemaker_endpoint."""

    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        self.resource = SagemakerEndpoint(self, "Endpoint", endpoint_config_name="config")
        self.endpoint_name = self.resource.name


@dataclass
class FakeVariant:
    endpoint: Any
    variant_name: str = "variant"
    initial_instance_count: int = 1
    instance_type: str = "ml.m5.large"


def fake_variant(stack: TerraformStack) -> FakeVariant:
    return FakeVariant(endpoint=FakeEndpoint(stack, "Endpoint"))
