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

A rendered resource costs one kernel callback at synth. A resource with nothing to render is made through
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
        if kwargs.get("depends_on") is None:  # given as resources, it is read back as addresses: not kept
            placement["depends_on"] = None
        object.__setattr__(self, _PLACEMENT, placement)
        if len(args) >= 2:
            adopt(self, args[0], args[1])  # type: ignore[arg-type]

    def __setattr__(self, name: str, value: Any) -> None:
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
        kept = "depends_on" in placement  # else ask the kernel (once: not as a .get default, evaluated every time)
        current: list[str] = (placement["depends_on"] if kept else self.depends_on) or []
        own = [d for d in current if d not in previous]
        setattr(self, _RENDERED_DEPENDS_ON, list(addresses))
        merged = list(addresses) + [d for d in own if d not in addresses]
        self.depends_on = merged or None


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
