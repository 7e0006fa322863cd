"""Model packages of the SageMaker Model Registry, as the source of a model's container.

``ContainerDefinition(model_package=ModelPackage.from_arn(arn))`` renders ``model_package_name`` on the
``aws_sagemaker_model`` container: SageMaker takes the image and the artifacts from the package, so ``image`` and
``model_data`` are refused next to it.

What the model's role needs: SageMaker pulls the package's image and reads its artifacts with the model's execution
role, and the ARN says neither where the image is nor where the artifacts are. Nothing is granted for them
automatically; add the ECR pull and S3 read rights of the package's contents with ``model.add_to_role_policy``
(or give the model a role that has them). ``sagemaker:DescribeModelPackage`` is needed by whoever runs Terraform
(CreateModel reads the package), not by the model's role.

The hashicorp/aws provider has no data source for model packages (no ``aws_sagemaker_model_package`` in 6.25 or
6.69.1), so "the latest approved version of a group" cannot be looked up at plan time; pass the version's ARN
(for example from a pipeline's output or a Terraform variable).
"""

from __future__ import annotations

import re
from typing import Any

from ._runtime.tokens import is_token
from ._validation import ENTITY_NAME, check_str, fail, show

_PARTITIONS = ("aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc")
# The CreateModel ModelPackageName pattern for an ARN: partition, region, 12-digit account, then
# model-package/<name> (an unversioned package) or model-package/<group>/<version>. Names follow the SageMaker
# entity name rule (1-63 alphanumerics or hyphens, no leading or trailing hyphen).
_ARN_RULE = re.compile(
    r"^arn:(?P<partition>[a-z-]+):sagemaker:(?P<region>[a-z]{2}(?:-[a-z]+)+-\d):(?P<account>\d{12}):"
    rf"model-package/(?P<name>{ENTITY_NAME})(?:/(?P<version>[1-9]\d{{0,9}}))?$"
)
_ARN_TEXT = (
    "arn:<partition>:sagemaker:<region>:<12-digit account>:model-package/<group>/<version> "
    "(or model-package/<name> for an unversioned package)"
)


class ModelPackage:
    """A model package (a version in a model package group of the Model Registry), by ARN.

    Use :meth:`from_arn`; the ARN is checked in full (partition, region, account, package name and version).

    Example::

        package = sagemaker.ModelPackage.from_arn(
            "arn:aws:sagemaker:us-east-1:111111111111:model-package/churn-models/3")
        sagemaker.ContainerDefinition(model_package=package)
    """

    def __init__(self, arn: str, group: str | None, version: int | None) -> None:
        self._arn = arn
        self._group = group
        self._version = version

    @staticmethod
    def from_arn(arn: str) -> ModelPackage:
        """The model package with this ARN (a Terraform token is accepted as is).

        Example::

            sagemaker.ModelPackage.from_arn("arn:aws:sagemaker:eu-west-1:111111111111:model-package/fraud/12")
        """
        where = "ModelPackage.from_arn"
        check_str(where, "arn", arn)
        if is_token(arn):
            return ModelPackage(arn, None, None)
        match = _ARN_RULE.fullmatch(arn)
        if match is None:
            fail(where, f"arn must look like {_ARN_TEXT} (got {show(arn)!r})")
        if match["partition"] not in _PARTITIONS:
            fail(where, f"arn has an unknown partition {match['partition']!r} (one of: {', '.join(_PARTITIONS)})")
        version = match["version"]
        return ModelPackage(arn, match["name"], int(version) if version else None)

    @property
    def arn(self) -> str:
        """The package ARN (rendered as the container's ``model_package_name``)."""
        return self._arn

    @property
    def group(self) -> str | None:
        """The package group's name for a versioned package, the package's own name otherwise (None for a token)."""
        return self._group

    @property
    def version(self) -> int | None:
        """The version in the group, or None (an unversioned package or a token ARN)."""
        return self._version

    def __repr__(self) -> str:
        return f"ModelPackage.from_arn({self._arn!r})"

    def __eq__(self, other: Any) -> bool:
        return isinstance(other, ModelPackage) and other._arn == self._arn

    def __hash__(self) -> int:
        return hash(self._arn)
