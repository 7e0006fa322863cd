"""The CDK framework classes of the family sagemaker_tf uses (cdktf or cdktn), for code that runs on either.

An app written for one family imports that family directly (``from cdktf import App`` or ``from cdktn import
App``). Code that must run unchanged on both, such as this repository's examples, imports the same names from here;
they are the classes of the family ``sagemaker_tf`` chose (``SAGEMAKER_TF_FRAMEWORK``, else the one already imported,
else the only one installed, else cdktf)::

    import sagemaker_tf as sagemaker
    from sagemaker_tf.framework import App, AwsProvider, TerraformStack

    app = App()
    stack = TerraformStack(app, "example")
    AwsProvider(stack, "aws", region="us-east-1")

``FAMILY.name`` says which family that is. Provider classes not listed here come from
``provider_module("aws", "<submodule>")``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sagemaker_tf._runtime import framework as _framework
from sagemaker_tf._runtime.framework import FAMILY, Family, provider_module

__all__ = ["FAMILY", "Family", "provider_module", *sorted(_framework._NAMES)]

if TYPE_CHECKING:
    from sagemaker_tf._runtime.framework import *  # noqa: F403
else:

    def __getattr__(name: str) -> Any:
        """Resolve a class of the chosen family on first use (see ``sagemaker_tf._runtime.framework``)."""
        return getattr(_framework, name)
