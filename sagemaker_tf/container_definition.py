"""``ContainerDefinition``: one container of a model (image, artifacts, environment, hostname, channels)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ._runtime.tokens import is_token
from ._validation import ENTITY_NAME_RULE, check_bool, check_str, check_type, fail, show
from .container_image import ContainerImage
from .model_data import ModelData
from .model_package import ModelPackage

MAX_ADDITIONAL_MODEL_DATA = 5  # CreateModel: AdditionalModelDataSources, at most 5
MAX_ENVIRONMENT_ENTRIES = 100  # CreateModel: Environment, at most 100 entries
_CHANNEL_RULE = re.compile(r"^[A-Za-z0-9.\-_]{1,64}$")  # AdditionalModelChannelName
_ENV_KEY_RULE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_ENV_MAX_CHARS = 1024


@dataclass(frozen=True)
class ContainerDefinition:
    """One container of a model: its image, optional artifacts, environment and hostname.

    ``multi_model=True`` makes it a multi-model container (``mode = "MultiModel"``) serving every archive under a
    prefix (``ModelData.from_bucket_prefix``). ``additional_model_data`` maps channel names (at most 5, 1-64 of
    ``[A-Za-z0-9.-_]``, unique) to more model data, mounted beside the model.

    ``model_package`` (a :class:`ModelPackage` of the Model Registry) takes the image and the artifacts from the
    package: give it instead of ``image``, without ``model_data`` (see :mod:`sagemaker_tf.model_package` for the
    role's rights).

    Example::

        sagemaker.ContainerDefinition(
            image=sagemaker.ContainerImage.from_dlc("pytorch-inference", "2.1-cpu-py310"),
            model_data=sagemaker.ModelData.from_bucket(bucket, "model.tar.gz"),
            environment={"SAGEMAKER_PROGRAM": "inference.py"},
            additional_model_data={"adapter": sagemaker.ModelData.from_bucket_prefix(bucket, "adapters/sql/")},
        )
        sagemaker.ContainerDefinition(model_package=sagemaker.ModelPackage.from_arn(
            "arn:aws:sagemaker:us-east-1:111111111111:model-package/churn-models/3"))
    """

    image: ContainerImage | None = None
    model_data: ModelData | None = None
    environment: Mapping[str, str] | None = None
    container_hostname: str | None = None
    multi_model: bool | None = None
    additional_model_data: Mapping[str, ModelData] | None = None
    model_package: ModelPackage | None = None

    def __post_init__(self) -> None:
        where = "ContainerDefinition"
        if self.model_package is not None:
            check_type(
                where, "model_package", self.model_package, (ModelPackage,), "a ModelPackage (ModelPackage.from_arn)"
            )
            given = [
                name
                for name in ("image", "model_data", "multi_model", "additional_model_data")
                if getattr(self, name) is not None
            ]
            if given:
                fail(
                    where,
                    f"{', '.join(given)} cannot be given with model_package: SageMaker takes the image and the "
                    f"artifacts from the model package ({self.model_package.arn})",
                )
        elif self.image is None:
            fail(where, "Give image (a ContainerImage) or model_package (a ModelPackage of the Model Registry)")
        else:
            check_type(where, "image", self.image, (ContainerImage,), "a ContainerImage (use a ContainerImage factory)")
        if self.model_data is not None:
            check_type(where, "model_data", self.model_data, (ModelData,), "a ModelData (use a ModelData factory)")
        if self.environment is not None:
            check_type(where, "environment", self.environment, (Mapping,), "a mapping of strings to strings")
            if len(self.environment) > MAX_ENVIRONMENT_ENTRIES:
                fail(
                    where,
                    f"environment must have at most {MAX_ENVIRONMENT_ENTRIES} entries (got {len(self.environment)})",
                )
            for key, value in self.environment.items():
                _check_env_entry(where, key, value)
            object.__setattr__(self, "environment", dict(self.environment))
        check_bool(where, "multi_model", self.multi_model)
        if self.multi_model and self.model_data is None:
            fail(
                where,
                "multi_model=True needs model_data: the S3 prefix that holds the models (ModelData.from_bucket_prefix)",
            )
        if self.additional_model_data is not None:
            object.__setattr__(self, "additional_model_data", _check_channels(where, self.additional_model_data))
            if self.multi_model and self.additional_model_data:
                fail(
                    where,
                    "additional_model_data cannot be used with multi_model=True (SageMaker multi-model "
                    "endpoints do not support model data sources)",
                )
        if self.container_hostname is not None:
            check_str(where, "container_hostname", self.container_hostname)
            if not is_token(self.container_hostname) and not ENTITY_NAME_RULE.fullmatch(self.container_hostname):
                fail(
                    where,
                    "container_hostname must be 1-63 alphanumerics or hyphens, starting and ending with an "
                    f"alphanumeric (got {show(self.container_hostname)!r})",
                )


def _check_channels(where: str, channels: Any) -> dict[str, ModelData]:
    """``additional_model_data``: at most 5 channels, names ``[A-Za-z0-9.-_]{1,64}``, each a ModelData."""
    check_type(where, "additional_model_data", channels, (Mapping,), "a mapping of channel names to ModelData")
    if len(channels) > MAX_ADDITIONAL_MODEL_DATA:
        fail(
            where,
            f"additional_model_data must have at most {MAX_ADDITIONAL_MODEL_DATA} channels "
            f"(got {len(channels)}: {show(', '.join(map(str, channels)))})",
        )
    seen: dict[str, str] = {}
    for name, data in channels.items():
        check_str(where, "additional_model_data channel name", name)
        if not is_token(name) and not _CHANNEL_RULE.fullmatch(name):
            fail(
                where,
                "additional_model_data channel names must be 1-64 letters, digits, '.', '-' or '_' "
                f"(got {show(name)!r})",
            )
        if name.lower() in seen:  # SageMaker mounts each channel as a directory: names must differ
            fail(where, f"additional_model_data channel names must be unique (got {seen[name.lower()]!r} and {name!r})")
        seen[name.lower()] = name
        check_type(
            where, f"additional_model_data[{name!r}]", data, (ModelData,), "a ModelData (use a ModelData factory)"
        )
    return dict(channels)


def _check_env_entry(where: str, key: Any, value: Any) -> None:
    check_str(where, "environment key", key)
    if not is_token(key) and (not _ENV_KEY_RULE.fullmatch(key) or len(key) > _ENV_MAX_CHARS):
        fail(
            where,
            f"environment key must match ^[A-Za-z_][A-Za-z0-9_]*$ with at most 1024 characters (got {show(key)!r})",
        )
    check_str(where, f"environment[{key!r}]", value)
    if not is_token(value) and len(value) > _ENV_MAX_CHARS:
        fail(where, f"environment[{key!r}] must be at most 1024 characters (got {len(value)} characters)")
