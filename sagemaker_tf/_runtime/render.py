"""The one mechanism that renders library-built blocks so a user's ``add_override`` still reaches the output.

cdktf builds a resource's JSON as ``deep_merge(synthesize_attributes(), meta_arguments, raw_overrides)``. A block
set with ``add_override(key, Lazy...)`` lives in ``raw_overrides`` and is replaced whole by any user override under
the same key (``add_override("primary_container.0.mode", ...)`` used to erase the library's container). Here the
library's blocks are produced at synth inside ``synthesize_attributes`` instead: a subclass of the provider class
(:func:`rendered`) adds them to the attributes, and cdktf then deep-merges the user's overrides on top of them
(``"production_variants.0.volume_size_in_gb"`` indexes into the rendered list; a list override of ``depends_on``
is appended). ``depends_on`` is a meta-argument: its rendered addresses go first, then the user's own
``resource.depends_on`` entries, then any ``add_override("depends_on", [...])`` list.

Precedence, from lowest to highest:

1. the library's rendered block (a renderer returning ``None`` renders nothing);
2. a value the user set through the provider class itself (``resource.put_vpc_config(...)``) replaces the block;
3. ``resource.add_override(path, value)`` merges into the result, key by key and index by index.

A rendered resource costs one kernel callback at synth. Blocks the provider class writes exactly as the library
would are better given at construction (:func:`block_arguments`, and ``depends_on=`` resources, which stay first
when the user sets ``resource.depends_on`` later). A resource with nothing to render is made through
:func:`placed` instead, which only keeps its ``provider``, ``region`` and ``depends_on`` in Python (read by the
library's checks without a kernel round trip; see :func:`provider_and_region`).

Example::

    resource = rendered(SagemakerModel)(scope, "Model", execution_role_arn=role.arn)
    render(resource, "primary_container", lambda: [{"image": uri}])
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cache
from typing import Any, TypeVar, cast

from .tree import adopt

_RENDERERS = "_sagemaker_tf_renderers"
_RENDERED_DEPENDS_ON = "_sagemaker_tf_rendered_depends_on"
_PLACEMENT = "_sagemaker_tf_placement"
_PLACEMENT_ATTRIBUTES = ("provider", "region")
_LIBRARY_DEPENDS_ON = "_sagemaker_tf_library_depends_on"

Renderer = Callable[[], Any]
T = TypeVar("T")


class _Placed:
    """Mixin for a provider resource class that keeps, in Python, the ``provider`` and ``region`` the resource was
    given (in the constructor or set later through ``resource.provider = ...`` / ``resource.region = ...``), so the
    library's environment checks need no kernel round trip to read them (see :func:`provider_and_region`).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        placement = {name: kwargs.get(name) for name in _PLACEMENT_ATTRIBUTES}
        if kwargs.get("depends_on") is None:
            placement["depends_on"] = None
        else:  # the library's resources: kept first when the user sets ``depends_on`` later (see __setattr__)
            object.__setattr__(self, _LIBRARY_DEPENDS_ON, list(kwargs["depends_on"]))
        object.__setattr__(self, _PLACEMENT, placement)
        if len(args) >= 2:
            adopt(self, args[0], args[1])  # type: ignore[arg-type]

    def __setattr__(self, name: str, value: Any) -> None:
        library = self.__dict__.get(_LIBRARY_DEPENDS_ON) if name == "depends_on" else None
        if library:  # the library's dependencies stay first, as if rendered (the module doc's precedence)
            ours = [resource_address(resource) for resource in library]
            value = ours + [d for d in value or [] if d not in ours]
        super().__setattr__(name, value)
        if name in _PLACEMENT_ATTRIBUTES or name == "depends_on":
            placement = self.__dict__.get(_PLACEMENT)
            if placement is not None:  # a copy: the kernel holds a copy too
                placement[name] = list(value) if isinstance(value, (list, tuple)) else value

    def reset_region(self) -> None:
        super().reset_region()  # type: ignore[misc]
        placement = self.__dict__.get(_PLACEMENT)
        if placement is not None:
            placement["region"] = None


class _Rendered(_Placed):
    """Mixin for a provider resource class: synth-time attributes from Python renderers (see the module doc)."""

    depends_on: list[str] | None  # the provider class's meta-argument (a declaration for type checkers only)

    def _synthesize_attributes(self) -> Mapping[str, Any]:
        attributes = dict(super()._synthesize_attributes())  # type: ignore[misc]
        for key, produce in getattr(self, _RENDERERS, {}).items():
            value = produce()
            if key == "depends_on":
                self._render_depends_on(value or [])
            elif value is not None and _is_unset(attributes.get(key)):
                attributes[key] = value
        return attributes

    def _render_depends_on(self, addresses: list[str]) -> None:
        # cdktf merges the meta-arguments after the attributes (an unset ``depends_on`` there deletes one rendered
        # as an attribute), so the library's addresses go into the meta-argument itself, before the user's own.
        # It is read right after this callback returns; what was added on an earlier synth is replaced.
        previous: list[str] = getattr(self, _RENDERED_DEPENDS_ON, [])
        if not addresses and not previous:
            return  # nothing rendered now or before: the user's own depends_on stays as it is (no kernel round trip)
        placement = self.__dict__.get(_PLACEMENT) or {}
        library = self.__dict__.get(_LIBRARY_DEPENDS_ON)
        kept = "depends_on" in placement or library is not None  # else ask the kernel (once, not as a default)
        current: list[str] = (placement.get("depends_on") if kept else self.depends_on) or []
        ours = [resource_address(resource) for resource in library] if library and current else []
        own = [d for d in current if d not in previous and d not in ours]
        setattr(self, _RENDERED_DEPENDS_ON, list(addresses))
        merged = list(addresses) + [d for d in own if d not in addresses]
        self.depends_on = merged or None


# A provider class's Terraform type is a constant of the class: read it from the kernel once per class.
_resource_types: dict[type, str] = {}


def resource_address(resource: Any) -> str:
    """``type.name`` of a Terraform resource, for a rendered ``depends_on``.

    Example::

        resource_address(role)   # "aws_iam_role.Role"
    """
    kind = _resource_types.get(type(resource))
    if kind is None:
        kind = _resource_types[type(resource)] = resource.terraform_resource_type
    return f"{kind}.{resource.friendly_unique_id}"


def block_arguments(blocks: list[dict[str, Any]] | None) -> list[dict[str, Any]] | None:
    """Rendered list blocks (snake_case keys, as Terraform JSON) as the argument a provider class takes for them,
    so a block list set at construction synthesizes exactly as the rendered one, with no callback at synth.

    A provider class reads a block's fields by their camelCase names (a snake_case dict reaches it as ``{}``) and
    writes them back in snake_case, nested blocks included. Only for blocks whose nested blocks the class writes in
    the library's shape (a list stays a list, an object an object), and without free-form maps: every key is
    renamed.

    Example::

        SagemakerEndpointConfiguration(scope, "Config", production_variants=block_arguments(variants))
    """
    return None if blocks is None else [_block_argument(block) for block in blocks]


def _block_argument(block: dict[str, Any]) -> dict[str, Any]:
    return {_camel(key): _nested_argument(value) for key, value in block.items()}


def _nested_argument(value: Any) -> Any:
    if isinstance(value, dict):
        return _block_argument(value)
    if isinstance(value, list):
        return [_nested_argument(item) for item in value]
    return value


def _camel(key: str) -> str:
    head, *rest = key.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def set_library_depends_on(resource: Any, dependencies: list[Any]) -> None:
    """Replace the library's ``depends_on`` entries of ``resource`` (made with ``depends_on=``), keeping the user's.

    Example::

        set_library_depends_on(config.resource, [role, policy])
    """
    before = [resource_address(d) for d in resource.__dict__.get(_LIBRARY_DEPENDS_ON, [])]
    placement = resource.__dict__.get(_PLACEMENT) or {}
    own = [d for d in (placement.get("depends_on") or []) if d not in before]
    object.__setattr__(resource, _LIBRARY_DEPENDS_ON, list(dependencies))
    resource.depends_on = own  # __setattr__ puts the library's entries first


def _is_unset(value: Any) -> bool:
    return value is None or (isinstance(value, (list, dict)) and not value)


def provider_and_region(resource: Any) -> tuple[Any, Any]:
    """``(resource.provider, resource.region_input)``: from Python for a :func:`rendered` resource, else the kernel.

    Example::

        provider, region = provider_and_region(model.resource)
    """
    placement = getattr(resource, "__dict__", {}).get(_PLACEMENT)
    if placement is not None:
        return placement["provider"], placement["region"]
    return resource.provider, resource.region_input


@cache
def placed(resource_class: type[T]) -> type[T]:
    """A subclass of the provider ``resource_class`` that keeps its ``provider`` and ``region`` in Python (no
    rendering: for a resource whose blocks are all known at construction).

    Example::

        endpoint = placed(SagemakerEndpoint)(scope, "Endpoint", endpoint_config_name=name)
    """
    subclass = type(resource_class.__name__, (_Placed, resource_class), {"__module__": resource_class.__module__})
    return cast("type[T]", subclass)


@cache
def rendered(resource_class: type[T]) -> type[T]:
    """A subclass of the provider ``resource_class`` whose blocks :func:`render` can fill in at synth.

    Example::

        config = rendered(SagemakerEndpointConfiguration)(scope, "EndpointConfig", production_variants=[])
    """
    subclass = type(resource_class.__name__, (_Rendered, resource_class), {"__module__": resource_class.__module__})
    return cast("type[T]", subclass)


def render(resource: Any, key: str, produce: Renderer) -> None:
    """Render the top-level attribute ``key`` of ``resource`` (made by :func:`rendered`) with ``produce()`` at synth.

    ``produce`` returns the Terraform JSON value (snake_case keys, blocks as lists) or ``None`` for nothing. It runs
    inside the jsii synth callback, so it must not raise: validate at construction instead.

    Example::

        render(resource, "vpc_config", lambda: [{"subnets": ids, "security_group_ids": groups}])
    """
    if not isinstance(resource, _Rendered):
        raise TypeError(f"{type(resource).__name__} was not created through sagemaker_tf._runtime.render.rendered()")
    renderers: dict[str, Renderer] | None = getattr(resource, _RENDERERS, None)
    if renderers is None:
        renderers = {}
        setattr(resource, _RENDERERS, renderers)
    renderers[key] = produce
