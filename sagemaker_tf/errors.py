"""The one exception type sagemaker_tf raises for bad input."""

from __future__ import annotations


class ValidationError(ValueError):
    """Bad input to a sagemaker_tf construct or factory.

    The message names the construct path (or the factory), the rule and the offending value::

        try:
            sagemaker.InstanceType.of("m5.large")
        except sagemaker.ValidationError as err:
            print(err)  # InstanceType.of: instance type must start with 'ml.'; (got m5.large)
    """
