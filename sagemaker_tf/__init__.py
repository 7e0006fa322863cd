"""sagemaker-tf: CDK for Terraform constructs for Amazon SageMaker model hosting.

Example::

    import sagemaker_tf as sagemaker

    model = sagemaker.Model(stack, "Model", containers=[
        sagemaker.ContainerDefinition(image=sagemaker.ContainerImage.from_dlc("pytorch-inference", "2.1-cpu-py310")),
    ])
"""

from sagemaker_tf import _fast_import

_fast_import.install()

from .assets import configure_assets  # noqa: E402  (after the fast import is installed)
from .async_inference import AsyncInferenceConfig, AsyncNotificationTopic  # noqa: E402
from .container_image import ContainerImage, ContainerImageConfig  # noqa: E402
from .endpoint import Endpoint, IEndpoint, InstanceProductionVariant, ServerlessProductionVariant  # noqa: E402
from .endpoint_config import (  # noqa: E402
    EndpointConfig,
    IEndpointConfig,
    InstanceProductionVariantProps,
    RoutingStrategy,
    ServerlessProductionVariantProps,
)
from .data_capture import DataCaptureConfig  # noqa: E402
from .deployment import Capacity, DeploymentPolicy, TrafficRouting  # noqa: E402
from .errors import ValidationError  # noqa: E402
from .iam import Grant, PolicyStatement  # noqa: E402
from .instance_type import AcceleratorType, InstanceType  # noqa: E402
from .metrics import Alarm, ComparisonOperator, InvocationHttpResponseCode, Metric, TreatMissingData  # noqa: E402
from .model import Connections, ContainerDefinition, IModel, InferenceExecutionMode, Model  # noqa: E402
from .model_data import ModelData, ModelDataConfig  # noqa: E402
from .pipeline import IPipeline, Pipeline  # noqa: E402
from .s3_location import S3Location  # noqa: E402
from .scaling import (  # noqa: E402
    AdjustmentType,
    BaseScalableAttribute,
    MetricAggregationType,
    PredefinedMetric,
    ScalableInstanceCount,
    ScalableProvisionedConcurrency,
    ScalingInterval,
    Schedule,
    StepScalingPolicy,
)

__all__ = [
    "AcceleratorType",
    "AdjustmentType",
    "Alarm",
    "AsyncInferenceConfig",
    "AsyncNotificationTopic",
    "BaseScalableAttribute",
    "Capacity",
    "ComparisonOperator",
    "Connections",
    "ContainerDefinition",
    "ContainerImage",
    "ContainerImageConfig",
    "DataCaptureConfig",
    "DeploymentPolicy",
    "Endpoint",
    "EndpointConfig",
    "Grant",
    "IEndpoint",
    "IEndpointConfig",
    "IModel",
    "IPipeline",
    "InferenceExecutionMode",
    "InstanceProductionVariant",
    "InstanceProductionVariantProps",
    "InstanceType",
    "InvocationHttpResponseCode",
    "Metric",
    "MetricAggregationType",
    "Model",
    "ModelData",
    "ModelDataConfig",
    "Pipeline",
    "PolicyStatement",
    "PredefinedMetric",
    "RoutingStrategy",
    "S3Location",
    "ScalableInstanceCount",
    "ScalableProvisionedConcurrency",
    "ScalingInterval",
    "Schedule",
    "ServerlessProductionVariant",
    "ServerlessProductionVariantProps",
    "StepScalingPolicy",
    "TrafficRouting",
    "TreatMissingData",
    "ValidationError",
    "configure_assets",
]
