"""The one module through which sagemaker_tf imports the CDK framework and the provider bindings.

Two framework families exist and cannot be mixed in one app:

- ``cdktf``: CDK for Terraform 0.21 with ``cdktf-cdktf-provider-aws`` / ``cdktf-cdktf-provider-docker``
  (``pip install 'sagemaker-tf[cdktf]'``), the default;
- ``cdktn``: CDK Terrain 0.24 with ``cdktn-provider-aws`` / ``cdktn-provider-docker``
  (``pip install 'sagemaker-tf[cdktn]'``).

The family is chosen once, when this module is first imported, in this order:

1. ``SAGEMAKER_TF_FRAMEWORK=cdktf|cdktn`` when set (an error if that family is not installed);
2. the family the process already imported, when exactly one of ``cdktf`` / ``cdktn`` is in ``sys.modules``
   (an app that imports its framework before sagemaker_tf gets that framework);
3. the only installed family;
4. ``cdktf`` when both are installed.

Every other module of the library imports framework and provider classes from here, never from the packages
(``tests/test_framework.py`` enforces it)::

    from sagemaker_tf._runtime.framework import Fn, Lazy, SagemakerModel, TerraformStack, Token

Names resolve lazily (PEP 562): a provider submodule is imported on first use of one of its classes, through the
normal import system, so the fast provider import (``_runtime.fast_import``) still applies. Under ``TYPE_CHECKING`` the
names are the cdktf family's classes, so type checkers see real types; both families have the same Python API.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import sys
from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING, Any, Final

from . import fast_import

FRAMEWORK_ENV_VAR: Final = "SAGEMAKER_TF_FRAMEWORK"
"""Set to ``cdktf`` or ``cdktn`` to choose the framework family explicitly."""

DEFAULT_FAMILY: Final = "cdktf"
"""The family used when both are installed and nothing else decides."""


@dataclass(frozen=True)
class Family:
    """One framework family: its framework package and its provider binding packages."""

    name: str  # "cdktf" | "cdktn"
    framework: str  # the Python package of App, TerraformStack, ...
    providers: dict[str, str]  # provider short name -> Python package of its bindings

    @property
    def install_command(self) -> str:
        """The one documented command that installs sagemaker-tf for this family."""
        return f"pip install 'sagemaker-tf[{self.name}]'"

    def installed(self) -> bool:
        """Whether the framework and every provider package of this family can be imported."""
        return all(_find_spec(p) is not None for p in (self.framework, *self.providers.values()))


FAMILIES: Final = {
    "cdktf": Family("cdktf", "cdktf", {"aws": "cdktf_cdktf_provider_aws", "docker": "cdktf_cdktf_provider_docker"}),
    "cdktn": Family("cdktn", "cdktn", {"aws": "cdktn_provider_aws", "docker": "cdktn_provider_docker"}),
}

ALL_PACKAGES: Final = frozenset(p for f in FAMILIES.values() for p in (f.framework, *f.providers.values()))
"""Every framework and provider package of either family (what only this module may import)."""


def _find_spec(package: str) -> Any:
    try:
        return importlib.util.find_spec(package)
    except (ImportError, ValueError):
        return None


def select_family(environ: os._Environ[str] | dict[str, str] | None = None) -> Family:
    """Choose the framework family (see the module docstring for the order). Raises ImportError when none fits."""
    env = os.environ if environ is None else environ
    hint = " or ".join(f.install_command for f in FAMILIES.values())
    wanted = env.get(FRAMEWORK_ENV_VAR, "").strip().lower()
    if wanted:
        if wanted not in FAMILIES:
            raise ImportError(f"{FRAMEWORK_ENV_VAR}={wanted!r} is not a framework family; use one of: cdktf, cdktn")
        family = FAMILIES[wanted]
        if not family.installed():
            raise ImportError(
                f"{FRAMEWORK_ENV_VAR}={wanted} but {family.framework} or its provider bindings are not installed; "
                f"install them with {family.install_command}"
            )
        return family
    installed = [f for f in FAMILIES.values() if f.installed()]
    imported = [f for f in installed if f.framework in sys.modules]
    if len(imported) == 1:
        return imported[0]
    if len(installed) == 1:
        return installed[0]
    if installed:
        return FAMILIES[DEFAULT_FAMILY]
    raise ImportError(f"sagemaker_tf needs a CDK framework and its AWS and docker provider bindings; install {hint}")


# The fast provider import goes in before anything imports or looks up a provider package (``select_family`` looks
# them up), and this module is the only one that imports them; the ``.pth`` hook covers a provider the app imported
# before sagemaker_tf.
fast_import.install()

FAMILY: Final = select_family()
"""The framework family this process uses."""

FRAMEWORK_PACKAGE: Final = FAMILY.framework


def foreign_family(scope: Any) -> Family | None:
    """The other family, when ``scope`` is (a subclass of) one of its classes, e.g. a stack of the other family.

    The families cannot be mixed in one app, and this process builds with :data:`FAMILY`; the library checks this
    before it creates anything, so the user gets a clear error instead of a failure at synth.
    """
    for cls in type(scope).__mro__:  # the classes, not the tree: no jsii kernel call per construct
        top = cls.__module__.split(".")[0]
        for family in FAMILIES.values():
            if family is not FAMILY and top in (family.framework, *family.providers.values()):
                return family
    return None


def framework_module() -> ModuleType:
    """The framework package of the chosen family (``cdktf`` or ``cdktn``)."""
    return importlib.import_module(FRAMEWORK_PACKAGE)


def provider_module(provider: str, submodule: str) -> ModuleType:
    """One generated submodule of the chosen family's bindings, e.g. ``provider_module("aws", "iam_user")``."""
    return importlib.import_module(f"{FAMILY.providers[provider]}.{submodule}")


# name -> ("framework", "") or (provider, submodule). Keep in step with the TYPE_CHECKING imports below
# (tests/test_framework.py compares them).
_NAMES: Final[dict[str, tuple[str, str]]] = {
    "Annotations": ("framework", ""),
    "App": ("framework", ""),
    "AssetType": ("framework", ""),
    "DefaultTokenResolver": ("framework", ""),
    "Fn": ("framework", ""),
    "IAnyProducer": ("framework", ""),
    "INumberProducer": ("framework", ""),
    "IResolveContext": ("framework", ""),
    "IStringProducer": ("framework", ""),
    "Lazy": ("framework", ""),
    "LocalBackend": ("framework", ""),
    "StringConcat": ("framework", ""),
    "TerraformAsset": ("framework", ""),
    "TerraformLocal": ("framework", ""),
    "TerraformOutput": ("framework", ""),
    "TerraformProvider": ("framework", ""),
    "TerraformProviderGeneratorMetadata": ("framework", ""),
    "TerraformResource": ("framework", ""),
    "TerraformResourceLifecycle": ("framework", ""),
    "TerraformStack": ("framework", ""),
    "TerraformVariable": ("framework", ""),
    "Testing": ("framework", ""),
    "Token": ("framework", ""),
    "Tokenization": ("framework", ""),
    "AppautoscalingPolicy": ("aws", "appautoscaling_policy"),
    "AppautoscalingPolicyStepScalingPolicyConfiguration": ("aws", "appautoscaling_policy"),
    "AppautoscalingPolicyStepScalingPolicyConfigurationStepAdjustment": ("aws", "appautoscaling_policy"),
    "AppautoscalingPolicyTargetTrackingScalingPolicyConfiguration": ("aws", "appautoscaling_policy"),
    "AppautoscalingPolicyTargetTrackingScalingPolicyConfigurationCustomizedMetricSpecification": (
        "aws",
        "appautoscaling_policy",
    ),
    "AppautoscalingPolicyTargetTrackingScalingPolicyConfigurationCustomizedMetricSpecificationDimensions": (
        "aws",
        "appautoscaling_policy",
    ),
    "AppautoscalingPolicyTargetTrackingScalingPolicyConfigurationCustomizedMetricSpecificationMetrics": (
        "aws",
        "appautoscaling_policy",
    ),
    "AppautoscalingPolicyTargetTrackingScalingPolicyConfigurationCustomizedMetricSpecificationMetricsMetricStat": (
        "aws",
        "appautoscaling_policy",
    ),
    "AppautoscalingPolicyTargetTrackingScalingPolicyConfigurationCustomizedMetricSpecificationMetricsMetricStatMetric": (
        "aws",
        "appautoscaling_policy",
    ),
    "AppautoscalingPolicyTargetTrackingScalingPolicyConfigurationCustomizedMetricSpecificationMetricsMetricStatMetricDimensions": (
        "aws",
        "appautoscaling_policy",
    ),
    "AppautoscalingPolicyTargetTrackingScalingPolicyConfigurationPredefinedMetricSpecification": (
        "aws",
        "appautoscaling_policy",
    ),
    "AppautoscalingScheduledAction": ("aws", "appautoscaling_scheduled_action"),
    "AppautoscalingScheduledActionScalableTargetAction": ("aws", "appautoscaling_scheduled_action"),
    "AppautoscalingTarget": ("aws", "appautoscaling_target"),
    "CloudwatchMetricAlarm": ("aws", "cloudwatch_metric_alarm"),
    "DataAwsCallerIdentity": ("aws", "data_aws_caller_identity"),
    "DataAwsEcrAuthorizationToken": ("aws", "data_aws_ecr_authorization_token"),
    "DataAwsEcrRepository": ("aws", "data_aws_ecr_repository"),
    "DataAwsIamPolicyDocument": ("aws", "data_aws_iam_policy_document"),
    "DataAwsIamPolicyDocumentStatement": ("aws", "data_aws_iam_policy_document"),
    "DataAwsIamPolicyDocumentStatementPrincipals": ("aws", "data_aws_iam_policy_document"),
    "DataAwsIamRole": ("aws", "data_aws_iam_role"),
    "DataAwsKmsKey": ("aws", "data_aws_kms_key"),
    "DataAwsLambdaFunction": ("aws", "data_aws_lambda_function"),
    "DataAwsPartition": ("aws", "data_aws_partition"),
    "DataAwsRegion": ("aws", "data_aws_region"),
    "DataAwsS3Bucket": ("aws", "data_aws_s3_bucket"),
    "DataAwsSecurityGroup": ("aws", "data_aws_security_group"),
    "DataAwsSnsTopic": ("aws", "data_aws_sns_topic"),
    "DataAwsVpc": ("aws", "data_aws_vpc"),
    "EcrRepository": ("aws", "ecr_repository"),
    "EcrRepositoryEncryptionConfiguration": ("aws", "ecr_repository"),
    "EcrRepositoryImageScanningConfiguration": ("aws", "ecr_repository"),
    "IamRole": ("aws", "iam_role"),
    "IamRolePolicy": ("aws", "iam_role_policy"),
    "IamRolePolicyAttachment": ("aws", "iam_role_policy_attachment"),
    "IamUser": ("aws", "iam_user"),
    "KmsKey": ("aws", "kms_key"),
    "LambdaFunction": ("aws", "lambda_function"),
    "AwsProvider": ("aws", "provider"),
    "AwsProviderDefaultTags": ("aws", "provider"),
    "S3Bucket": ("aws", "s3_bucket"),
    "S3BucketLifecycleConfiguration": ("aws", "s3_bucket_lifecycle_configuration"),
    "S3BucketLifecycleConfigurationRule": ("aws", "s3_bucket_lifecycle_configuration"),
    "S3BucketLifecycleConfigurationRuleAbortIncompleteMultipartUpload": ("aws", "s3_bucket_lifecycle_configuration"),
    "S3BucketLifecycleConfigurationRuleFilter": ("aws", "s3_bucket_lifecycle_configuration"),
    "S3BucketLifecycleConfigurationRuleNoncurrentVersionExpiration": ("aws", "s3_bucket_lifecycle_configuration"),
    "S3BucketOwnershipControls": ("aws", "s3_bucket_ownership_controls"),
    "S3BucketOwnershipControlsRule": ("aws", "s3_bucket_ownership_controls"),
    "S3BucketPolicy": ("aws", "s3_bucket_policy"),
    "S3BucketPublicAccessBlock": ("aws", "s3_bucket_public_access_block"),
    "S3BucketServerSideEncryptionConfigurationA": ("aws", "s3_bucket_server_side_encryption_configuration"),
    "S3BucketServerSideEncryptionConfigurationRuleA": ("aws", "s3_bucket_server_side_encryption_configuration"),
    "S3BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefaultA": (
        "aws",
        "s3_bucket_server_side_encryption_configuration",
    ),
    "S3BucketVersioningA": ("aws", "s3_bucket_versioning"),
    "S3BucketVersioningVersioningConfiguration": ("aws", "s3_bucket_versioning"),
    "S3Object": ("aws", "s3_object"),
    "SagemakerEndpoint": ("aws", "sagemaker_endpoint"),
    "SagemakerEndpointConfiguration": ("aws", "sagemaker_endpoint_configuration"),
    "SagemakerEndpointConfigurationProductionVariants": ("aws", "sagemaker_endpoint_configuration"),
    "SagemakerModel": ("aws", "sagemaker_model"),
    "SagemakerModelPrimaryContainer": ("aws", "sagemaker_model"),
    "SecurityGroup": ("aws", "security_group"),
    "SecurityGroupEgress": ("aws", "security_group"),
    "SnsTopic": ("aws", "sns_topic"),
    "Subnet": ("aws", "subnet"),
    "Vpc": ("aws", "vpc"),
    "Image": ("docker", "image"),
    "ImageBuild": ("docker", "image"),
    "DockerProvider": ("docker", "provider"),
    "DockerProviderRegistryAuth": ("docker", "provider"),
    "RegistryImage": ("docker", "registry_image"),
    "RegistryImageAuthConfig": ("docker", "registry_image"),
}

if not TYPE_CHECKING:  # type checkers read the names from the imports below (a computed __all__ would hide them)
    __all__ = sorted(_NAMES)

if TYPE_CHECKING:
    from cdktf import (
        Annotations as Annotations,
    )
    from cdktf import (
        App as App,
    )
    from cdktf import (
        AssetType as AssetType,
    )
    from cdktf import (
        DefaultTokenResolver as DefaultTokenResolver,
    )
    from cdktf import (
        Fn as Fn,
    )
    from cdktf import (
        IAnyProducer as IAnyProducer,
    )
    from cdktf import (
        INumberProducer as INumberProducer,
    )
    from cdktf import (
        IResolveContext as IResolveContext,
    )
    from cdktf import (
        IStringProducer as IStringProducer,
    )
    from cdktf import (
        Lazy as Lazy,
    )
    from cdktf import (
        LocalBackend as LocalBackend,
    )
    from cdktf import (
        StringConcat as StringConcat,
    )
    from cdktf import (
        TerraformAsset as TerraformAsset,
    )
    from cdktf import (
        TerraformLocal as TerraformLocal,
    )
    from cdktf import (
        TerraformOutput as TerraformOutput,
    )
    from cdktf import (
        TerraformProvider as TerraformProvider,
    )
    from cdktf import (
        TerraformProviderGeneratorMetadata as TerraformProviderGeneratorMetadata,
    )
    from cdktf import (
        TerraformResource as TerraformResource,
    )
    from cdktf import (
        TerraformResourceLifecycle as TerraformResourceLifecycle,
    )
    from cdktf import (
        TerraformStack as TerraformStack,
    )
    from cdktf import (
        TerraformVariable as TerraformVariable,
    )
    from cdktf import (
        Testing as Testing,
    )
    from cdktf import (
        Token as Token,
    )
    from cdktf import (
        Tokenization as Tokenization,
    )
    from cdktf_cdktf_provider_aws.appautoscaling_policy import (
        AppautoscalingPolicy as AppautoscalingPolicy,
    )
    from cdktf_cdktf_provider_aws.appautoscaling_policy import (
        AppautoscalingPolicyStepScalingPolicyConfiguration as AppautoscalingPolicyStepScalingPolicyConfiguration,
    )
    from cdktf_cdktf_provider_aws.appautoscaling_policy import (
        AppautoscalingPolicyStepScalingPolicyConfigurationStepAdjustment as AppautoscalingPolicyStepScalingPolicyConfigurationStepAdjustment,
    )
    from cdktf_cdktf_provider_aws.appautoscaling_policy import (
        AppautoscalingPolicyTargetTrackingScalingPolicyConfiguration as AppautoscalingPolicyTargetTrackingScalingPolicyConfiguration,
    )
    from cdktf_cdktf_provider_aws.appautoscaling_policy import (
        AppautoscalingPolicyTargetTrackingScalingPolicyConfigurationCustomizedMetricSpecification as AppautoscalingPolicyTargetTrackingScalingPolicyConfigurationCustomizedMetricSpecification,
    )
    from cdktf_cdktf_provider_aws.appautoscaling_policy import (
        AppautoscalingPolicyTargetTrackingScalingPolicyConfigurationCustomizedMetricSpecificationDimensions as AppautoscalingPolicyTargetTrackingScalingPolicyConfigurationCustomizedMetricSpecificationDimensions,
    )
    from cdktf_cdktf_provider_aws.appautoscaling_policy import (
        AppautoscalingPolicyTargetTrackingScalingPolicyConfigurationCustomizedMetricSpecificationMetrics as AppautoscalingPolicyTargetTrackingScalingPolicyConfigurationCustomizedMetricSpecificationMetrics,
    )
    from cdktf_cdktf_provider_aws.appautoscaling_policy import (
        AppautoscalingPolicyTargetTrackingScalingPolicyConfigurationCustomizedMetricSpecificationMetricsMetricStat as AppautoscalingPolicyTargetTrackingScalingPolicyConfigurationCustomizedMetricSpecificationMetricsMetricStat,
    )
    from cdktf_cdktf_provider_aws.appautoscaling_policy import (
        AppautoscalingPolicyTargetTrackingScalingPolicyConfigurationCustomizedMetricSpecificationMetricsMetricStatMetric as AppautoscalingPolicyTargetTrackingScalingPolicyConfigurationCustomizedMetricSpecificationMetricsMetricStatMetric,
    )
    from cdktf_cdktf_provider_aws.appautoscaling_policy import (
        AppautoscalingPolicyTargetTrackingScalingPolicyConfigurationCustomizedMetricSpecificationMetricsMetricStatMetricDimensions as AppautoscalingPolicyTargetTrackingScalingPolicyConfigurationCustomizedMetricSpecificationMetricsMetricStatMetricDimensions,
    )
    from cdktf_cdktf_provider_aws.appautoscaling_policy import (
        AppautoscalingPolicyTargetTrackingScalingPolicyConfigurationPredefinedMetricSpecification as AppautoscalingPolicyTargetTrackingScalingPolicyConfigurationPredefinedMetricSpecification,
    )
    from cdktf_cdktf_provider_aws.appautoscaling_scheduled_action import (
        AppautoscalingScheduledAction as AppautoscalingScheduledAction,
    )
    from cdktf_cdktf_provider_aws.appautoscaling_scheduled_action import (
        AppautoscalingScheduledActionScalableTargetAction as AppautoscalingScheduledActionScalableTargetAction,
    )
    from cdktf_cdktf_provider_aws.appautoscaling_target import (
        AppautoscalingTarget as AppautoscalingTarget,
    )
    from cdktf_cdktf_provider_aws.cloudwatch_metric_alarm import (
        CloudwatchMetricAlarm as CloudwatchMetricAlarm,
    )
    from cdktf_cdktf_provider_aws.data_aws_caller_identity import (
        DataAwsCallerIdentity as DataAwsCallerIdentity,
    )
    from cdktf_cdktf_provider_aws.data_aws_ecr_authorization_token import (
        DataAwsEcrAuthorizationToken as DataAwsEcrAuthorizationToken,
    )
    from cdktf_cdktf_provider_aws.data_aws_ecr_repository import (
        DataAwsEcrRepository as DataAwsEcrRepository,
    )
    from cdktf_cdktf_provider_aws.data_aws_iam_policy_document import (
        DataAwsIamPolicyDocument as DataAwsIamPolicyDocument,
    )
    from cdktf_cdktf_provider_aws.data_aws_iam_policy_document import (
        DataAwsIamPolicyDocumentStatement as DataAwsIamPolicyDocumentStatement,
    )
    from cdktf_cdktf_provider_aws.data_aws_iam_policy_document import (
        DataAwsIamPolicyDocumentStatementPrincipals as DataAwsIamPolicyDocumentStatementPrincipals,
    )
    from cdktf_cdktf_provider_aws.data_aws_iam_role import (
        DataAwsIamRole as DataAwsIamRole,
    )
    from cdktf_cdktf_provider_aws.data_aws_kms_key import (
        DataAwsKmsKey as DataAwsKmsKey,
    )
    from cdktf_cdktf_provider_aws.data_aws_lambda_function import (
        DataAwsLambdaFunction as DataAwsLambdaFunction,
    )
    from cdktf_cdktf_provider_aws.data_aws_partition import (
        DataAwsPartition as DataAwsPartition,
    )
    from cdktf_cdktf_provider_aws.data_aws_region import (
        DataAwsRegion as DataAwsRegion,
    )
    from cdktf_cdktf_provider_aws.data_aws_s3_bucket import (
        DataAwsS3Bucket as DataAwsS3Bucket,
    )
    from cdktf_cdktf_provider_aws.data_aws_security_group import (
        DataAwsSecurityGroup as DataAwsSecurityGroup,
    )
    from cdktf_cdktf_provider_aws.data_aws_sns_topic import (
        DataAwsSnsTopic as DataAwsSnsTopic,
    )
    from cdktf_cdktf_provider_aws.data_aws_vpc import (
        DataAwsVpc as DataAwsVpc,
    )
    from cdktf_cdktf_provider_aws.ecr_repository import (
        EcrRepository as EcrRepository,
    )
    from cdktf_cdktf_provider_aws.ecr_repository import (
        EcrRepositoryEncryptionConfiguration as EcrRepositoryEncryptionConfiguration,
    )
    from cdktf_cdktf_provider_aws.ecr_repository import (
        EcrRepositoryImageScanningConfiguration as EcrRepositoryImageScanningConfiguration,
    )
    from cdktf_cdktf_provider_aws.iam_role import (
        IamRole as IamRole,
    )
    from cdktf_cdktf_provider_aws.iam_role_policy import (
        IamRolePolicy as IamRolePolicy,
    )
    from cdktf_cdktf_provider_aws.iam_role_policy_attachment import (
        IamRolePolicyAttachment as IamRolePolicyAttachment,
    )
    from cdktf_cdktf_provider_aws.iam_user import (
        IamUser as IamUser,
    )
    from cdktf_cdktf_provider_aws.kms_key import (
        KmsKey as KmsKey,
    )
    from cdktf_cdktf_provider_aws.lambda_function import (
        LambdaFunction as LambdaFunction,
    )
    from cdktf_cdktf_provider_aws.provider import (
        AwsProvider as AwsProvider,
    )
    from cdktf_cdktf_provider_aws.provider import (
        AwsProviderDefaultTags as AwsProviderDefaultTags,
    )
    from cdktf_cdktf_provider_aws.s3_bucket import (
        S3Bucket as S3Bucket,
    )
    from cdktf_cdktf_provider_aws.s3_bucket_lifecycle_configuration import (
        S3BucketLifecycleConfiguration as S3BucketLifecycleConfiguration,
    )
    from cdktf_cdktf_provider_aws.s3_bucket_lifecycle_configuration import (
        S3BucketLifecycleConfigurationRule as S3BucketLifecycleConfigurationRule,
    )
    from cdktf_cdktf_provider_aws.s3_bucket_lifecycle_configuration import (
        S3BucketLifecycleConfigurationRuleAbortIncompleteMultipartUpload as S3BucketLifecycleConfigurationRuleAbortIncompleteMultipartUpload,
    )
    from cdktf_cdktf_provider_aws.s3_bucket_lifecycle_configuration import (
        S3BucketLifecycleConfigurationRuleFilter as S3BucketLifecycleConfigurationRuleFilter,
    )
    from cdktf_cdktf_provider_aws.s3_bucket_lifecycle_configuration import (
        S3BucketLifecycleConfigurationRuleNoncurrentVersionExpiration as S3BucketLifecycleConfigurationRuleNoncurrentVersionExpiration,
    )
    from cdktf_cdktf_provider_aws.s3_bucket_ownership_controls import (
        S3BucketOwnershipControls as S3BucketOwnershipControls,
    )
    from cdktf_cdktf_provider_aws.s3_bucket_ownership_controls import (
        S3BucketOwnershipControlsRule as S3BucketOwnershipControlsRule,
    )
    from cdktf_cdktf_provider_aws.s3_bucket_policy import (
        S3BucketPolicy as S3BucketPolicy,
    )
    from cdktf_cdktf_provider_aws.s3_bucket_public_access_block import (
        S3BucketPublicAccessBlock as S3BucketPublicAccessBlock,
    )
    from cdktf_cdktf_provider_aws.s3_bucket_server_side_encryption_configuration import (
        S3BucketServerSideEncryptionConfigurationA as S3BucketServerSideEncryptionConfigurationA,
    )
    from cdktf_cdktf_provider_aws.s3_bucket_server_side_encryption_configuration import (
        S3BucketServerSideEncryptionConfigurationRuleA as S3BucketServerSideEncryptionConfigurationRuleA,
    )
    from cdktf_cdktf_provider_aws.s3_bucket_server_side_encryption_configuration import (
        S3BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefaultA as S3BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefaultA,
    )
    from cdktf_cdktf_provider_aws.s3_bucket_versioning import (
        S3BucketVersioningA as S3BucketVersioningA,
    )
    from cdktf_cdktf_provider_aws.s3_bucket_versioning import (
        S3BucketVersioningVersioningConfiguration as S3BucketVersioningVersioningConfiguration,
    )
    from cdktf_cdktf_provider_aws.s3_object import (
        S3Object as S3Object,
    )
    from cdktf_cdktf_provider_aws.sagemaker_endpoint import (
        SagemakerEndpoint as SagemakerEndpoint,
    )
    from cdktf_cdktf_provider_aws.sagemaker_endpoint_configuration import (
        SagemakerEndpointConfiguration as SagemakerEndpointConfiguration,
    )
    from cdktf_cdktf_provider_aws.sagemaker_endpoint_configuration import (
        SagemakerEndpointConfigurationProductionVariants as SagemakerEndpointConfigurationProductionVariants,
    )
    from cdktf_cdktf_provider_aws.sagemaker_model import (
        SagemakerModel as SagemakerModel,
    )
    from cdktf_cdktf_provider_aws.sagemaker_model import (
        SagemakerModelPrimaryContainer as SagemakerModelPrimaryContainer,
    )
    from cdktf_cdktf_provider_aws.security_group import (
        SecurityGroup as SecurityGroup,
    )
    from cdktf_cdktf_provider_aws.security_group import (
        SecurityGroupEgress as SecurityGroupEgress,
    )
    from cdktf_cdktf_provider_aws.sns_topic import (
        SnsTopic as SnsTopic,
    )
    from cdktf_cdktf_provider_aws.subnet import (
        Subnet as Subnet,
    )
    from cdktf_cdktf_provider_aws.vpc import (
        Vpc as Vpc,
    )
    from cdktf_cdktf_provider_docker.image import (
        Image as Image,
    )
    from cdktf_cdktf_provider_docker.image import (
        ImageBuild as ImageBuild,
    )
    from cdktf_cdktf_provider_docker.provider import (
        DockerProvider as DockerProvider,
    )
    from cdktf_cdktf_provider_docker.provider import (
        DockerProviderRegistryAuth as DockerProviderRegistryAuth,
    )
    from cdktf_cdktf_provider_docker.registry_image import (
        RegistryImage as RegistryImage,
    )
    from cdktf_cdktf_provider_docker.registry_image import (
        RegistryImageAuthConfig as RegistryImageAuthConfig,
    )
else:

    def __getattr__(name: str) -> Any:
        """Resolve a framework or provider class of the chosen family on first use (PEP 562)."""
        try:
            kind, submodule = _NAMES[name]
        except KeyError:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
        module = framework_module() if kind == "framework" else provider_module(kind, submodule)
        value = getattr(module, name)
        globals()[name] = value
        return value
