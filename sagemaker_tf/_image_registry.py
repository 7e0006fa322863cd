"""Framework image URIs from the SageMaker Python SDK's registry, read from a data file generated from sagemaker-core.

``_image_registry.json`` is sagemaker-core's ``image_uris`` registry (framework configs, ECR accounts by region, ECR
hostnames), written by ``tools/gen_image_registry.py`` from the sagemaker-core version pinned in the ``test`` extra.
So a synth never imports sagemaker-core: this module reads the file on the first ``from_sagemaker_image`` call.

``_Retrieve`` follows ``sagemaker.core.image_uris.retrieve`` step by step for the arguments ``from_sagemaker_image``
passes (framework, version, image scope, instance type, Python version, base framework version), with its checks
and its error texts. ``tests/test_image_registry_data.py`` runs both over every framework, scope, version, Python
version and instance family of the registry and asserts the same URI (or both refusing) each time.
"""

from __future__ import annotations

import difflib
import functools
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ._validation import fail

WHERE = "ContainerImage.from_sagemaker_image"
DATA_FILE = Path(__file__).with_name("_image_registry.json")
_MAX_LISTED = 12
_HUGGINGFACE = "huggingface"
_SPARK = "spark"
_XGBOOST_SKLEARN = ("xgboost", "sklearn")
_INFERENCE_GRAVITON = "inference_graviton"
_FAMILY_RULE = re.compile(r"^ml[\._]([a-z\d\-]+)\.?\w*$")
_BASE_FRAMEWORK_RULE = re.compile("^(pytorch|tensorflow)(.*)$")
_NUMERIC_VERSION_RULE = re.compile(r"[0-9]+(\.[0-9]+)*")
# Tags and suffixes that sagemaker-core's retrieve keeps in code rather than in its registry files.
_ARM64_TAGS = {"xgboost": {"1.5-1": "1.5-1-arm64", "1.3-1": "1.3-1-arm64"}, "sklearn": {"1.0-1": "1.0-1-arm64-cpu-py3"}}
_P4D_CONTAINER_VERSIONS = {
    "tensorflow-2.3-gpu-py37": "cu110-ubuntu18.04-v3",
    "tensorflow-2.3.1-gpu-py37": "cu110-ubuntu18.04",
    "tensorflow-2.3.2-gpu-py37": "cu110-ubuntu18.04",
    "tensorflow-1.15-gpu-py37": "cu110-ubuntu18.04-v8",
    "tensorflow-1.15.4-gpu-py37": "cu110-ubuntu18.04",
    "tensorflow-1.15.5-gpu-py37": "cu110-ubuntu18.04",
    "mxnet-1.8-gpu-py37": "cu110-ubuntu16.04-v1",
    "mxnet-1.8.0-gpu-py37": "cu110-ubuntu16.04",
    "pytorch-1.6-gpu-py36": "cu110-ubuntu18.04-v3",
    "pytorch-1.6.0-gpu-py36": "cu110-ubuntu18.04",
    "pytorch-1.6-gpu-py3": "cu110-ubuntu18.04-v3",
    "pytorch-1.6.0-gpu-py3": "cu110-ubuntu18.04",
}
_SDK_PREFIXED_REPOSITORIES = (
    "pytorch-training-neuron",
    "pytorch-training-neuronx",
    "huggingface-vllm-inference-neuronx",
)
_HF_NEURON_REPOSITORIES = ("huggingface-pytorch-inference-neuron", "huggingface-pytorch-inference-neuronx")
_HF_TRCOMP_REPOSITORIES = ("huggingface-pytorch-trcomp-training", "huggingface-tensorflow-trcomp-training")
_P2_LAST_VERSIONS = {"pytorch": (1, 13), "tensorflow": (2, 12)}


@functools.cache
def registry() -> Mapping[str, Any]:
    """The generated registry data (read once per process)."""
    data: Mapping[str, Any] = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    return data


def source() -> str:
    """Where the registry data comes from, for messages: ``sagemaker-core 2.27.0``."""
    return f"sagemaker-core {registry()['sagemaker_core']}"


@dataclass(frozen=True)
class RegistryImage:
    """One framework image: its repository, tag, and the ECR account that hosts it in each region.

    Example::

        image = resolve("sklearn", "1.2-1", image_scope="inference", instance_type=None, py_version=None,
                        base_framework_version=None)
        image.repository, image.tag, image.accounts["us-east-1"]  # sagemaker-scikit-learn 1.2-1-cpu-py3 683313688378
    """

    description: str
    repository: str
    tag: str
    accounts: Mapping[str, str]

    def uri_in(self, region: str) -> str:
        """The URI sagemaker-core gives in ``region`` (which must be one of ``accounts``)."""
        hostname = registry()["hostnames"][region]
        return f"{self.accounts[region]}.dkr.{hostname}/{self.repository_and_tag()}"

    def repository_and_tag(self) -> str:
        """``<repository>:<tag>`` (or just the repository when the image has no tag)."""
        return f"{self.repository}:{self.tag}" if self.tag else self.repository


class _Unsupported(ValueError):
    """sagemaker-core's ``ValueError`` for an argument its registry does not have."""


def _config_for_framework(framework: str) -> Mapping[str, Any]:
    config: Mapping[str, Any] | None = registry()["frameworks"].get(framework)
    if config is None:  # sagemaker-core: no such registry file
        raise _Unsupported(f"no image registry for framework {framework!r}")
    return config


def list_frameworks() -> list[str]:
    """Every framework name of the registry (``image_uris.list_frameworks()``)."""
    return sorted(registry()["frameworks"])


def _scopes(framework: str) -> list[str]:
    config = _config_for_framework(framework)
    if "versions" in config:
        return sorted(config.get("scope") or [])
    return sorted(name for name, sub in config.items() if isinstance(sub, dict) and "versions" in sub)


def list_versions(framework: str, image_scope: str) -> list[str]:
    """Versions and aliases of ``framework`` in ``image_scope``, in ``image_uris.list_versions`` order."""
    lists: Mapping[str, list[str]] = registry()["version_lists"][framework]
    return list(lists[""] if "" in lists else lists.get(image_scope, []))


def _release(version: str) -> tuple[int, ...]:
    """A numeric version as compared by ``packaging.version.Version`` (trailing zeros do not count)."""
    if not _NUMERIC_VERSION_RULE.fullmatch(version):
        raise _Unsupported(f"Invalid version: '{version}'")
    parts = [int(part) for part in version.split(".")]
    while len(parts) > 1 and parts[-1] == 0:
        parts.pop()
    return tuple(parts)


def _validate_arg(arg: object, options: list[Any], name: str) -> None:
    if arg not in options:
        raise _Unsupported(
            f"Unsupported {name}: {arg}. You may need to upgrade your SDK version (pip install -U sagemaker) for "
            f"newer {name}s. Supported {name}(s): {', '.join(options)}."
        )


def _family(instance_type: str | None) -> str:
    match = _FAMILY_RULE.match(instance_type) if isinstance(instance_type, str) else None
    return match[1] if match is not None else ""


class _Retrieve:
    """``image_uris.retrieve`` for one image, without a region: ``(repository, tag, registries)``."""

    def __init__(self, framework: str, version: str, image_scope: str, instance_type: str | None) -> None:
        data = registry()
        self.framework = framework
        self.instance_type = instance_type
        self.family = _family(instance_type)
        self.graviton_families: list[str] = data["graviton_families"]
        self.graviton_frameworks: list[str] = data["graviton_frameworks"]
        self.trainium_frameworks: str = data["trainium_frameworks"]
        self.version = version
        self.image_scope = image_scope

    def _inference_tool(self) -> str | None:
        if self.family.startswith("inf") or self.family.startswith("trn"):
            return "neuron"
        return None

    def _final_image_scope(self) -> str:
        if self.framework in self.graviton_frameworks and self.family in self.graviton_families:
            return _INFERENCE_GRAVITON
        return self.image_scope

    def _check_hardware(self) -> None:
        # sagemaker-core tests membership in a string for Trainium ("pytorch") and in a set for Graviton.
        trainium = self.instance_type is not None and "trn" in self.instance_type
        if trainium and self.framework not in self.trainium_frameworks:
            raise _Unsupported(
                f"Unsupported framework: {self.framework}. Supported framework(s) for Trainium instances: "
                f"{self.trainium_frameworks}."
            )
        if self.family in self.graviton_families and self.framework not in self.graviton_frameworks:
            raise _Unsupported(
                f"Unsupported framework: {self.framework}. Supported framework(s) for Graviton instances: "
                f"{', '.join(self.graviton_frameworks)}."
            )

    @staticmethod
    def _config_for_scope(framework: str, image_scope: str) -> Mapping[str, Any]:
        config = _config_for_framework(framework)
        available: list[str] = config.get("scope", list(config.keys()))
        if len(available) == 1:
            image_scope = available[0]
        _validate_arg(image_scope, available, "image scope")
        return config if "scope" in config else config[image_scope]

    def _version(self, config: Mapping[str, Any]) -> str:
        available: list[str] = list(config["versions"].keys())
        aliased = list(config.get("version_aliases", {}).keys())
        if len(available) == 1 and self.version not in aliased:
            return available[0]
        _validate_arg(self.version, available + aliased, f"{self.framework} version")
        return self.version

    @staticmethod
    def _version_for_config(version: str, config: Mapping[str, Any]) -> str:
        aliases: Mapping[str, str] = config.get("version_aliases", {})
        return aliases.get(version, version)

    def _py_version(self, py_version: str | None, version_config: Mapping[str, Any]) -> str | None:
        available = version_config.get("py_versions") if "repository" in version_config else list(version_config.keys())
        if not available:
            return None
        if py_version is None and self.framework == _SPARK:
            return None
        if py_version is None and len(available) == 1:
            return str(available[0])
        _validate_arg(py_version, available, "Python version")
        return py_version

    def _processor(self, available: list[str] | None) -> str | None:
        if not available:
            return None
        if len(available) == 1 and not self.instance_type:
            return available[0]
        if not self.instance_type:
            raise _Unsupported(
                "Empty SageMaker instance type. For options, see: "
                "https://aws.amazon.com/sagemaker/pricing/instance-types"
            )
        family = self.family
        if not family:
            raise _Unsupported(
                f"Invalid SageMaker instance type: {self.instance_type}. For options, see: "
                "https://aws.amazon.com/sagemaker/pricing/instance-types"
            )
        if family in available:
            processor = family
        elif family.startswith("inf"):
            processor = "inf"
        elif family.startswith("trn"):
            processor = "trn"
        elif family[0] in ("g", "p"):
            processor = "gpu"
        else:
            processor = "cpu"
        _validate_arg(processor, available, "processor")
        return processor

    def _check_deprecated_instance(self, version: str) -> None:
        last = _P2_LAST_VERSIONS.get(self.framework)
        if self.family == "p2" and last is not None and _release(version) >= last:
            raise _Unsupported(
                "P2 instances have been deprecated for sagemaker jobs starting PyTorch 1.13 and TensorFlow 2.12"
                "For information about supported instance types please refer to https://aws.amazon.com/sagemaker/pricing/"
            )

    def _tag(
        self,
        container_version: str | None,
        final_image_scope: str,
        inference_tool: str | None,
        processor: str | None,
        py_version: str | None,
        tag_prefix: str,
        version: str,
    ) -> str:
        framework = self.framework
        if framework in _XGBOOST_SKLEARN:
            if self.family and final_image_scope == _INFERENCE_GRAVITON:
                _validate_arg(self.family, self.graviton_families, "instance type")
            if self.family in self.graviton_families or final_image_scope == _INFERENCE_GRAVITON:
                tag = _ARM64_TAGS[framework][version]
            else:
                tag = _format_tag(tag_prefix, processor, py_version, container_version, inference_tool)
        else:
            tag = _format_tag(tag_prefix, processor, py_version, container_version, inference_tool)
            if self.instance_type is not None and self.family == "p4d":
                tag = "-".join(filter(None, [tag, _P4D_CONTAINER_VERSIONS.get(f"{framework}-{tag}")]))
        if framework == "sagemaker-tritonserver" and processor == "gpu":
            tag = tag.rstrip("-gpu")  # sagemaker-core strips these characters, not the suffix
        return tag

    def run(self, py_version: str | None, base_framework_version: str | None) -> tuple[str, str, Mapping[str, str]]:
        framework = self.framework
        config_framework = framework
        inference_tool = None
        if framework == _HUGGINGFACE or framework in self.trainium_frameworks:
            inference_tool = self._inference_tool()
            if inference_tool is not None:
                config_framework = f"{framework}-{inference_tool}"
        final_image_scope = self._final_image_scope()
        self._check_hardware()
        config = self._config_for_scope(config_framework, final_image_scope)
        original_version = self.version
        version = self._version(config)
        version_config: Mapping[str, Any] = config["versions"][self._version_for_config(version, config)]
        if framework == _HUGGINGFACE:
            aliases = version_config.get("version_aliases")
            if not aliases:  # sagemaker-core: UnboundLocalError
                raise _Unsupported("the version has no base framework versions")
            full_base = aliases.get(base_framework_version, base_framework_version)
            _validate_arg(full_base, list(version_config.keys()), "base framework")
            version_config = version_config[full_base]
        py_version = self._py_version(py_version, version_config)
        version_config = version_config.get(py_version or "") or version_config
        registries: Mapping[str, str] = registry()["registries"][version_config["registries"]]
        repository: str = version_config["repository"]
        processor = self._processor(config.get("processors") or version_config.get("processors"))
        container_version: str | None = None
        if version_config.get("container_version"):
            container_version = version_config["container_version"][processor]
        if repository in _SDK_PREFIXED_REPOSITORIES:
            container_version = f"{_latest(version_config['sdk_versions'])}-{_required(container_version)}"
        if framework == _HUGGINGFACE:
            tag_prefix, container_version = self._huggingface_prefix(
                config, version_config, repository, version, original_version, base_framework_version, container_version
            )
        else:
            tag_prefix = version_config.get("tag_prefix", version)
        if repository in (f"{framework}-inference-graviton", f"{framework}-inference-arm64"):
            container_version = f"{container_version}-sagemaker"
        if not version_config.get("processor_in_tag", True):
            processor = None
        self._check_deprecated_instance(version)
        tag = self._tag(
            container_version, final_image_scope, inference_tool, processor, py_version, tag_prefix, version
        )
        return repository, tag, registries

    def _huggingface_prefix(
        self,
        config: Mapping[str, Any],
        version_config: Mapping[str, Any],
        repository: str,
        version: str,
        original_version: str,
        base_framework_version: str | None,
        container_version: str | None,
    ) -> tuple[str, str | None]:
        pt_or_tf_version = _base_framework_number(base_framework_version)
        config_version = self._version_for_config(version, config)
        if repository in _HF_TRCOMP_REPOSITORIES:
            config_version = version
        if repository in _HF_NEURON_REPOSITORIES:
            container_version = f"{_latest(version_config['sdk_versions'])}-{_required(container_version)}"
            if config["version_aliases"].get(original_version):
                config_version = config["version_aliases"][original_version]
            base_aliases = config.get("versions", {}).get(config_version, {}).get("version_aliases", {})
            if base_aliases.get(base_framework_version):
                pt_or_tf_version = _base_framework_number(base_aliases[base_framework_version])
        return f"{pt_or_tf_version}-transformers{config_version}", container_version


def _required(value: str | None) -> str:
    if value is None:  # sagemaker-core: TypeError joining None
        raise _Unsupported("the image has no container version for this processor")
    return value


def _latest(versions: list[str]) -> str:
    return sorted(versions, reverse=True)[0]


def _base_framework_number(base_framework_version: str | None) -> str:
    match = _BASE_FRAMEWORK_RULE.match(base_framework_version or "") if base_framework_version is not None else None
    if match is None:
        raise _Unsupported(f"base_framework_version must look like pytorch<version> (got {base_framework_version!r})")
    return match[2]


def _format_tag(
    tag_prefix: str,
    processor: str | None,
    py_version: str | None,
    container_version: str | None,
    inference_tool: str | None,
) -> str:
    middle = inference_tool if inference_tool else processor
    return "-".join(x for x in (tag_prefix, middle, py_version, container_version) if x)


def _closest(value: str, options: list[str]) -> str:
    close = difflib.get_close_matches(value, options, n=3, cutoff=0.5)
    return f" Closest: {', '.join(close)}." if close else ""


def _listing(options: list[str]) -> str:
    """All options, or the last few (the newest versions sort last)."""
    shown = options if len(options) <= _MAX_LISTED else ["...", *options[-_MAX_LISTED:]]
    return ", ".join(shown)


def _huggingface_base(version: str, image_scope: str, given: str | None) -> str | None:
    """Hugging Face images nest by base framework (``pytorch2.6.0``); pick it when there is only one."""
    if given is not None:
        return given
    try:
        config = _config_for_framework(_HUGGINGFACE)[image_scope]
        resolved = config.get("version_aliases", {}).get(version, version)
        bases: list[str] = sorted(k for k in config["versions"][resolved] if k != "version_aliases")
    except (KeyError, TypeError):
        return None  # let the resolution report it
    if len(bases) == 1:
        return bases[0]
    fail(WHERE, f"base_framework_version is required for huggingface {version}: one of {', '.join(bases)}")


def _check_names(framework: str, version: str, image_scope: str) -> None:
    frameworks = list_frameworks()
    if framework not in frameworks:
        fail(
            WHERE,
            f"unknown framework {framework!r} in sagemaker-core's image registry.{_closest(framework, frameworks)}"
            " All names: sagemaker.core.image_uris.list_frameworks()",
        )
    scopes = _scopes(framework)
    if scopes and image_scope not in scopes:
        fail(WHERE, f"image_scope must be one of {', '.join(scopes)} for framework {framework!r} (got {image_scope!r})")
    versions = list_versions(framework, image_scope)
    if version not in versions:
        fail(
            WHERE,
            f"unknown version {version!r} of {framework} ({image_scope}).{_closest(version, versions)}"
            f" Versions: {_listing(versions)}",
        )


def resolve(
    framework: str,
    version: str,
    *,
    image_scope: str,
    instance_type: str | None,
    py_version: str | None,
    base_framework_version: str | None,
) -> RegistryImage:
    """Look one framework image up in the registry data (ValidationError for anything sagemaker-core rejects)."""
    _check_names(framework, version, image_scope)
    if framework == _HUGGINGFACE:
        base_framework_version = _huggingface_base(version, image_scope, base_framework_version)
    return _resolve(framework, version, image_scope, instance_type, py_version, base_framework_version)


@functools.cache
def _resolve(
    framework: str,
    version: str,
    image_scope: str,
    instance_type: str | None,
    py_version: str | None,
    base_framework_version: str | None,
) -> RegistryImage:
    description = f"{framework} {version} ({image_scope})"
    try:
        repository, tag, accounts = _Retrieve(framework, version, image_scope, instance_type).run(
            py_version, base_framework_version
        )
    except _Unsupported as err:
        if instance_type is None and "Empty SageMaker instance type" in str(err):
            fail(
                WHERE,
                f"instance_type is required for {description}: it has one image per processor "
                "(e.g. instance_type='ml.m5.large' for cpu, 'ml.g5.xlarge' for gpu)",
            )
        fail(WHERE, f"sagemaker-core cannot resolve {description}: {err}")
    except (KeyError, TypeError, AttributeError) as err:  # a combination the registry does not cover
        fail(WHERE, f"sagemaker-core cannot resolve {description}: {type(err).__name__}: {err}")
    return RegistryImage(description, repository, tag, accounts)
