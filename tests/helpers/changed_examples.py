"""An example app synthesized with one input changed, for update plans.

The example module's ``sagemaker`` name is swapped for a thin proxy of ``sagemaker_tf`` that alters one argument
(instance type, weight, image, a fixed name, serverless memory, or a role of its own).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import sagemaker_tf
from sagemaker_tf._runtime.framework import App
from tests.helpers import load_example


class _Library:
    """``sagemaker_tf`` as an example sees it, with one argument changed."""

    def __init__(
        self,
        *,
        instance_type: Any = None,
        weight: float | None = None,
        image: tuple[str, str] | None = None,
        model_name: str | None = None,
        config_name: str | None = None,
        endpoint_name: str | None = None,
        memory_size_in_mb: int | None = None,
        own_role: bool = False,
    ) -> None:
        self._own_role = own_role
        self._instance_type, self._weight, self._image, self._model_name = instance_type, weight, image, model_name
        self._config_name, self._endpoint_name, self._memory = config_name, endpoint_name, memory_size_in_mb
        outer = self

        class _ContainerImage:
            def __getattr__(self, name: str) -> Any:
                return getattr(sagemaker_tf.ContainerImage, name)

            @staticmethod
            def from_dlc(repository: str, tag: str, account_id: str | None = None) -> Any:
                repository, tag = outer._image or (repository, tag)
                return sagemaker_tf.ContainerImage.from_dlc(repository, tag, account_id)

        self.ContainerImage = _ContainerImage()

    def __getattr__(self, name: str) -> Any:
        return getattr(sagemaker_tf, name)

    def InstanceProductionVariantProps(self, **kwargs: Any) -> Any:
        if self._instance_type is not None:
            kwargs["instance_type"] = self._instance_type
        if self._weight is not None:
            kwargs["initial_variant_weight"] = self._weight
        return sagemaker_tf.InstanceProductionVariantProps(**kwargs)

    def Model(self, *args: Any, **kwargs: Any) -> Any:
        if self._model_name is not None:
            kwargs["model_name"] = self._model_name
        if self._own_role:  # the user's own role instead of the generated one
            from sagemaker_tf._runtime.framework import IamRole

            kwargs["role"] = IamRole(
                args[0],
                "OwnRole",
                name_prefix="recommender-model-",
                assume_role_policy=json.dumps(
                    {
                        "Version": "2012-10-17",
                        "Statement": [
                            {
                                "Effect": "Allow",
                                "Action": "sts:AssumeRole",
                                "Principal": {"Service": "sagemaker.amazonaws.com"},
                            }
                        ],
                    }
                ),
            )
        return sagemaker_tf.Model(*args, **kwargs)

    def ServerlessProductionVariantProps(self, **kwargs: Any) -> Any:
        if self._memory is not None:
            kwargs["memory_size_in_mb"] = self._memory
        return sagemaker_tf.ServerlessProductionVariantProps(**kwargs)

    def EndpointConfig(self, *args: Any, **kwargs: Any) -> Any:
        if self._config_name is not None:
            kwargs["endpoint_config_name"] = self._config_name
        return sagemaker_tf.EndpointConfig(*args, **kwargs)

    def Endpoint(self, *args: Any, **kwargs: Any) -> Any:
        if self._endpoint_name is not None:
            kwargs["endpoint_name"] = self._endpoint_name
        return sagemaker_tf.Endpoint(*args, **kwargs)


def synth_example(name: str, outdir: Path, monkeypatch: pytest.MonkeyPatch, **changes: Any) -> Path:
    """Synthesize ``examples/<name>`` (with ``changes``) into ``outdir``; returns the stack folder."""
    module = load_example(name)
    outdir.mkdir(parents=True, exist_ok=True)
    with monkeypatch.context() as m:
        m.setattr(module, "sagemaker", _Library(**changes))
        app = App(outdir=str(outdir))
        stack = module.build(app)
        app.synth()
    return outdir / "stacks" / stack.node.id


def synth_production(outdir: Path, monkeypatch: pytest.MonkeyPatch, **changes: Any) -> Path:
    """Synthesize examples/production (with ``changes``) into ``outdir``; returns the stack folder."""
    return synth_example("production", outdir, monkeypatch, **changes)
