"""sagemaker-tf: CDK for Terraform constructs for Amazon SageMaker model hosting.

Example::

    import sagemaker_tf as sagemaker

    model = sagemaker.Model(stack, "Model", containers=[
        sagemaker.ContainerDefinition(image=sagemaker.ContainerImage.from_dlc("pytorch-inference", "2.1-cpu-py310")),
    ])
"""

from sagemaker_tf import _fast_import

_fast_import.install()

from .assets import configure_assets
from .container_image import ContainerImage, ContainerImageConfig
from .errors import ValidationError
from .iam import Grant, PolicyStatement
from .instance_type import AcceleratorType, InstanceType
from .model import Connections, ContainerDefinition, IModel, Model
from .model_data import ModelData, ModelDataConfig

__all__ = [
    "AcceleratorType",
    "Connections",
    "ContainerDefinition",
    "ContainerImage",
    "ContainerImageConfig",
    "Grant",
    "IModel",
    "InstanceType",
    "Model",
    "ModelData",
    "ModelDataConfig",
    "PolicyStatement",
    "ValidationError",
    "configure_assets",
]
