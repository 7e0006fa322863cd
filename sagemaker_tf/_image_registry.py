"""Framework image URIs from the SageMaker Python SDK's own registry (``sagemaker-core``'s ``image_uris``).

``sagemaker-core`` is an optional extra (``pip install 'sagemaker-tf[images]'``). It is imported here only, and only
when ``ContainerImage.from_sagemaker_image`` is called, so ``import sagemaker_tf`` never pays for it.

The registry answers two questions for one framework image: which repository and tag (the same in every region),
and which ECR account hosts it in each region. ``image_uris.retrieve`` computes the first. The second is the
``registries`` table that ``retrieve`` itself consults for the requested framework, scope, version, Python version,
processor and base framework; we capture that exact table during one ``retrieve`` call (``_resolve``), so none of
the SDK's selection logic is re-implemented here.
"""

from __future__ import annotations

import difflib
import functools
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import ModuleType

from ._validation import fail

WHERE = "ContainerImage.from_sagemaker_image"
EXTRA_HINT = "pip install 'sagemaker-tf[images]'"
# The probe region of the one retrieve call: the repository and tag do not depend on it, and the captured table
# lists every region that has the image, whether or not the probe region is one of them.
_PROBE_REGION = "us-east-1"
_PROBE_ACCOUNT = "000000000000"
_MAX_LISTED = 12
_HUGGINGFACE = "huggingface"
# The function ``retrieve`` calls with the region and the registries table it selected (sagemaker-core 2.27.0).
_REGISTRY_HOOK = "_registry_from_region"
_capture_lock = threading.Lock()


@dataclass(frozen=True)
class RegistryImage:
    """One framework image: its repository, tag, and the ECR account that hosts it in each region.

    Example::

        image = resolve("sklearn", "1.2-1", image_scope="inference")
        image.repository, image.tag, image.accounts["us-east-1"]  # sagemaker-scikit-learn 1.2-1-cpu-py3 683313688378
    """

    description: str
    repository: str
    tag: str
    accounts: Mapping[str, str]
    retrieve_args: tuple[tuple[str, str], ...]

    def uri_in(self, region: str) -> str:
        """The exact URI sagemaker-core gives in ``region`` (which must be one of ``accounts``)."""
        return _retrieve(region, self.retrieve_args)

    def repository_and_tag(self) -> str:
        """``<repository>:<tag>`` (or just the repository when the image has no tag)."""
        return f"{self.repository}:{self.tag}" if self.tag else self.repository


def image_uris() -> ModuleType:
    """``sagemaker.core.image_uris``, or a ValidationError that says how to install the extra."""
    try:
        from sagemaker.core import image_uris as module  # type: ignore[import-untyped]
    except ImportError as err:
        fail(
            WHERE,
            f"needs the SageMaker Python SDK's image registry (sagemaker-core), which is not installed: "
            f"{EXTRA_HINT} ({err})",
        )
    found: ModuleType = module
    return found


def _closest(value: str, options: list[str]) -> str:
    close = difflib.get_close_matches(value, options, n=3, cutoff=0.5)
    return f" Closest: {', '.join(close)}." if close else ""


def _listing(options: list[str]) -> str:
    """All options, or the last few (the newest versions sort last)."""
    shown = options if len(options) <= _MAX_LISTED else ["...", *options[-_MAX_LISTED:]]
    return ", ".join(shown)


def _scopes(module: ModuleType, framework: str) -> list[str]:
    config = module.config_for_framework(framework)
    if "versions" in config:
        return sorted(config.get("scope") or [])
    return sorted(name for name, sub in config.items() if isinstance(sub, dict) and "versions" in sub)


def _huggingface_base(module: ModuleType, version: str, image_scope: str, given: str | None) -> str | None:
    """Hugging Face images nest by base framework (``pytorch2.6.0``); pick it when there is only one."""
    if given is not None:
        return given
    try:
        config = module.config_for_framework(_HUGGINGFACE)[image_scope]
        resolved = config.get("version_aliases", {}).get(version, version)
        bases: list[str] = sorted(k for k in config["versions"][resolved] if k != "version_aliases")
    except (KeyError, TypeError):
        return None  # let retrieve report it
    if len(bases) == 1:
        return bases[0]
    fail(WHERE, f"base_framework_version is required for huggingface {version}: one of {', '.join(bases)}")


def _check_names(module: ModuleType, framework: str, version: str, image_scope: str) -> None:
    frameworks: list[str] = module.list_frameworks()
    if framework not in frameworks:
        fail(
            WHERE,
            f"unknown framework {framework!r} in sagemaker-core's image registry.{_closest(framework, frameworks)}"
            " All names: sagemaker.core.image_uris.list_frameworks()",
        )
    scopes = _scopes(module, framework)
    if scopes and image_scope not in scopes:
        fail(WHERE, f"image_scope must be one of {', '.join(scopes)} for framework {framework!r} (got {image_scope!r})")
    versions: list[str] = module.list_versions(framework, image_scope)
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
    """Look one framework image up in sagemaker-core's registry (ValidationError for anything it rejects)."""
    module = image_uris()
    _check_names(module, framework, version, image_scope)
    if framework == _HUGGINGFACE:
        base_framework_version = _huggingface_base(module, version, image_scope, base_framework_version)
    args = {
        "framework": framework,
        "version": version,
        "image_scope": image_scope,
        "instance_type": instance_type,
        "py_version": py_version,
        "base_framework_version": base_framework_version,
    }
    retrieve_args = tuple(sorted((k, v) for k, v in args.items() if v is not None))
    return _resolve(f"{framework} {version} ({image_scope})", retrieve_args)


@functools.cache
def _resolve(description: str, retrieve_args: tuple[tuple[str, str], ...]) -> RegistryImage:
    module = image_uris()
    captured: list[Mapping[str, str]] = []
    original: Callable[[str, Mapping[str, str]], str] = getattr(module, _REGISTRY_HOOK)

    def capture(region: str, registry_dict: Mapping[str, str]) -> str:
        captured.append(dict(registry_dict))
        return registry_dict.get(region, _PROBE_ACCOUNT)

    with _capture_lock:
        setattr(module, _REGISTRY_HOOK, capture)
        try:
            uri = _call_retrieve(module, description, _PROBE_REGION, retrieve_args)
        finally:
            setattr(module, _REGISTRY_HOOK, original)
    if len(captured) != 1 or "/" not in uri:  # a registry layout this version of sagemaker-tf does not know
        fail(
            WHERE,
            f"cannot read the registry of {description} from sagemaker-core (got {uri!r}); "
            f"pin the version of the images extra: {EXTRA_HINT}",
        )
    repository, _, tag = uri.split("/", 1)[1].partition(":")
    return RegistryImage(description, repository, tag, dict(sorted(captured[0].items())), retrieve_args)


def _call_retrieve(
    module: ModuleType, description: str, region: str, retrieve_args: tuple[tuple[str, str], ...]
) -> str:
    args = dict(retrieve_args)
    try:
        return str(module.retrieve(region=region, **args))
    except ValueError as err:  # sagemaker-core's way of saying "unsupported ..."
        if "instance_type" not in args and "Empty SageMaker instance type" in str(err):
            fail(
                WHERE,
                f"instance_type is required for {description}: it has one image per processor "
                "(e.g. instance_type='ml.m5.large' for cpu, 'ml.g5.xlarge' for gpu)",
            )
        fail(WHERE, f"sagemaker-core cannot resolve {description}: {err}")
    except (KeyError, TypeError, AttributeError) as err:  # a combination its tables do not cover
        fail(WHERE, f"sagemaker-core cannot resolve {description}: {type(err).__name__}: {err}")


@functools.cache
def _retrieve(region: str, retrieve_args: tuple[tuple[str, str], ...]) -> str:
    module = image_uris()
    return _call_retrieve(module, dict(retrieve_args)["framework"], region, retrieve_args)
