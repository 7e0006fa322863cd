"""sagemaker-tf: CDK for Terraform constructs for Amazon SageMaker model hosting.

Example::

    import sagemaker_tf as sagemaker

    model = sagemaker.Model(stack, "Model", containers=[
        sagemaker.ContainerDefinition(image=sagemaker.ContainerImage.from_dlc("pytorch-inference", "2.1-cpu-py310")),
    ])
"""

import importlib
import importlib.util
from typing import TYPE_CHECKING, Any

# The public names resolve on first use (PEP 562), so ``import sagemaker_tf`` stays cheap: the command line
# (``python -m sagemaker_tf``) reads JSON without loading cdktf, and no jsii or cdktf module is loaded until a
# name is used. ``from sagemaker_tf import Model`` works as usual.
_LAZY_NAMES: dict[str, str] = {
    "configure_assets": "assets",
    "AsyncInferenceConfig": "async_inference",
    "AsyncNotificationTopic": "async_inference",
    "DataCaptureConfig": "data_capture",
    "Capacity": "deployment",
    "DeploymentPolicy": "deployment",
    "TrafficRouting": "deployment",
    "RoutingStrategy": "endpoint_config",
    "S3Location": "s3_location",
    "ContainerImage": "container_image",
    "ContainerImageConfig": "container_image",
    "Endpoint": "endpoint",
    "IEndpoint": "endpoint",
    "InstanceProductionVariant": "endpoint",
    "ServerlessProductionVariant": "endpoint",
    "EndpointConfig": "endpoint_config",
    "IEndpointConfig": "endpoint_config",
    "InstanceProductionVariantProps": "endpoint_config",
    "ServerlessProductionVariantProps": "endpoint_config",
    "ValidationError": "errors",
    "Grant": "iam",
    "PolicyStatement": "iam",
    "AcceleratorFamily": "instance_type",
    "RoleAccess": "iam",
    "AcceleratorType": "instance_type",
    "InstanceType": "instance_type",
    "Alarm": "metrics",
    "ComparisonOperator": "metrics",
    "InvocationHttpResponseCode": "metrics",
    "Metric": "metrics",
    "TreatMissingData": "metrics",
    "Connections": "model",
    "ContainerDefinition": "container_definition",
    "IModel": "model",
    "InferenceExecutionMode": "model",
    "Model": "model",
    "ModelData": "model_data",
    "ModelDataConfig": "model_data",
    "IPipeline": "pipeline",
    "Pipeline": "pipeline",
    "AdjustmentType": "scaling",
    "BaseScalableAttribute": "scaling",
    "MetricAggregationType": "scaling",
    "PredefinedMetric": "scaling",
    "ScalableInstanceCount": "scaling",
    "ScalableProvisionedConcurrency": "scaling",
    "ScalingInterval": "scaling",
    "Schedule": "scaling",
    "StepScalingPolicy": "scaling",
    "ManagedInstanceScaling": "managed_instance_scaling",
    "ComputeRequirements": "inference_component",
    "InferenceComponent": "inference_component",
    "ScalableCopyCount": "scaling",
    "ModelPackage": "model_package",
}

# Generated from _LAZY_NAMES by tools/gen_public_names.py (do not edit): type checkers and IDEs see these
# imports, at run time the names load lazily (``X as X``: re-exported).
if TYPE_CHECKING:
    from .assets import configure_assets as configure_assets
    from .async_inference import AsyncInferenceConfig as AsyncInferenceConfig
    from .async_inference import AsyncNotificationTopic as AsyncNotificationTopic
    from .container_definition import ContainerDefinition as ContainerDefinition
    from .container_image import ContainerImage as ContainerImage
    from .container_image import ContainerImageConfig as ContainerImageConfig
    from .data_capture import DataCaptureConfig as DataCaptureConfig
    from .deployment import Capacity as Capacity
    from .deployment import DeploymentPolicy as DeploymentPolicy
    from .deployment import TrafficRouting as TrafficRouting
    from .endpoint import Endpoint as Endpoint
    from .endpoint import IEndpoint as IEndpoint
    from .endpoint import InstanceProductionVariant as InstanceProductionVariant
    from .endpoint import ServerlessProductionVariant as ServerlessProductionVariant
    from .endpoint_config import EndpointConfig as EndpointConfig
    from .endpoint_config import IEndpointConfig as IEndpointConfig
    from .endpoint_config import InstanceProductionVariantProps as InstanceProductionVariantProps
    from .endpoint_config import RoutingStrategy as RoutingStrategy
    from .endpoint_config import ServerlessProductionVariantProps as ServerlessProductionVariantProps
    from .errors import ValidationError as ValidationError
    from .iam import Grant as Grant
    from .iam import PolicyStatement as PolicyStatement
    from .iam import RoleAccess as RoleAccess
    from .inference_component import ComputeRequirements as ComputeRequirements
    from .inference_component import InferenceComponent as InferenceComponent
    from .instance_type import AcceleratorFamily as AcceleratorFamily
    from .instance_type import AcceleratorType as AcceleratorType
    from .instance_type import InstanceType as InstanceType
    from .managed_instance_scaling import ManagedInstanceScaling as ManagedInstanceScaling
    from .metrics import Alarm as Alarm
    from .metrics import ComparisonOperator as ComparisonOperator
    from .metrics import InvocationHttpResponseCode as InvocationHttpResponseCode
    from .metrics import Metric as Metric
    from .metrics import TreatMissingData as TreatMissingData
    from .model import Connections as Connections
    from .model import IModel as IModel
    from .model import InferenceExecutionMode as InferenceExecutionMode
    from .model import Model as Model
    from .model_data import ModelData as ModelData
    from .model_data import ModelDataConfig as ModelDataConfig
    from .model_package import ModelPackage as ModelPackage
    from .pipeline import IPipeline as IPipeline
    from .pipeline import Pipeline as Pipeline
    from .s3_location import S3Location as S3Location
    from .scaling import AdjustmentType as AdjustmentType
    from .scaling import BaseScalableAttribute as BaseScalableAttribute
    from .scaling import MetricAggregationType as MetricAggregationType
    from .scaling import PredefinedMetric as PredefinedMetric
    from .scaling import ScalableCopyCount as ScalableCopyCount
    from .scaling import ScalableInstanceCount as ScalableInstanceCount
    from .scaling import ScalableProvisionedConcurrency as ScalableProvisionedConcurrency
    from .scaling import ScalingInterval as ScalingInterval
    from .scaling import Schedule as Schedule
    from .scaling import StepScalingPolicy as StepScalingPolicy
# end of the generated block


__version__: str  # declared for type checkers; read lazily by __getattr__ below
_VERSION_FALLBACK = "0.0.0+unknown"
"""``__version__`` when the package runs from a source tree that was never installed (no distribution metadata)."""


def _version() -> str:
    """The installed distribution's version: ``version`` in pyproject.toml, as pip recorded it."""
    from importlib import metadata

    try:
        return metadata.version("sagemaker-tf")
    except metadata.PackageNotFoundError:
        return _VERSION_FALLBACK


def __getattr__(name: str) -> Any:
    """Import a public name's module on first use (``sagemaker_tf.Model``), a submodule (``sagemaker_tf.endpoint``),
    or read ``__version__`` from the distribution's metadata (``sagemaker_tf.__version__``, e.g. ``"0.1.0"``)."""
    if name == "__version__":
        value = globals()[name] = _version()
        return value
    module_name = _LAZY_NAMES.get(name)
    if module_name is not None:
        value = getattr(importlib.import_module(f"{__name__}.{module_name}"), name)
        globals()[name] = value
        return value
    if not name.startswith("__") and importlib.util.find_spec(f"{__name__}.{name}") is not None:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY_NAMES))


__all__ = sorted(_LAZY_NAMES)
