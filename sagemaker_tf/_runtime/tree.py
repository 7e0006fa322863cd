"""Tree facts kept in Python: each ``construct.node``, ``node.path`` or ``TerraformStack.of`` is a jsii kernel round
trip, and none of them changes once a construct exists.

Also the per-stack singletons (a data source or shared resource created once per stack under a fixed id) and the
raw jsii error for a taken construct id, turned into a ValidationError.
"""

from __future__ import annotations

import contextlib
import weakref
from collections.abc import Callable, Iterator
from typing import Any, TypeVar, cast

from constructs import Construct, Node

from ..errors import ValidationError
from .framework import TerraformStack

T = TypeVar("T", bound=Construct)
P = TypeVar("P")


# Tree facts that never change once a construct exists, cached in Python: each ``construct.node`` and
# ``node.path`` is a round trip to the jsii kernel (a JSON message to node and back).
_nodes: weakref.WeakKeyDictionary[Construct, Node] = weakref.WeakKeyDictionary()
_paths: weakref.WeakKeyDictionary[Construct, str] = weakref.WeakKeyDictionary()


def node_of(scope: Construct) -> Node:
    """``scope.node``, fetched from the kernel once per construct."""
    node = _nodes.get(scope)
    if node is None:
        node = _nodes[scope] = scope.node
    return node


def path_of(scope: Construct) -> str:
    """``scope.node.path``, fetched from the kernel once per construct (a path never changes)."""
    path = _paths.get(scope)
    if path is None:
        path = _paths[scope] = node_of(scope).path
    return path


def real_id(id: str) -> str:
    """The id constructs gives a child created as ``id``: it rewrites the path separator "/" to "--" (and nothing
    else), so ``real_id("a/b") == "a--b"``. Every path kept in Python is built from real ids, so a synth-time check
    finds its construct in the tree whatever the user called it."""
    return id.replace("/", "--")


def child_path(scope: Construct, id: str) -> str:
    """The path a construct ``id`` created under ``scope`` gets (no kernel round trip once the scope's is known)."""
    scope_path = path_of(scope)
    return f"{scope_path}/{real_id(id)}" if scope_path else real_id(id)


def taken_id_message(id: str, scope_path: str) -> str:
    return f"There is already a construct with id {id!r} in {scope_path or 'the app'}"


@contextlib.contextmanager
def taken_id_fails(where: str, id: str, message: Any) -> Iterator[None]:
    """Turn constructs' raw jsii error for a taken ``id`` (raised inside the block) into a ValidationError at ``where``
    saying ``message()``.

    Cheaper than looking the id up first (``try_find_child``, a kernel round trip per construct).

    Example::

        with taken_id_fails(where, id, lambda: f"There is already a construct with id {id!r}"):
            AppautoscalingPolicy(self, id, ...)
    """
    try:
        yield
    except RuntimeError as err:
        if str(err).startswith(f"There is already a Construct with name '{real_id(id)}'"):
            raise ValidationError(f"{where}: {message()}") from None
        raise


@contextlib.contextmanager
def new_child(child: Construct, scope: Construct, id: str, path: str) -> Iterator[None]:
    """Create ``child`` (``scope``/``id``, at ``path`` from :func:`construct_location`) inside this block.

    A taken id, which constructs rejects with a raw jsii error, becomes the usual ValidationError; on success
    the child's path and stack are cached in Python (no kernel round trip to learn them later).

    Example::

        with new_child(self, scope, id, where):
            super().__init__(scope, id)
    """
    with taken_id_fails(path, id, lambda: taken_id_message(id, path_of(scope))):
        yield
    adopt(child, scope, id, path)


def adopt(child: Construct, scope: Construct, id: str, path: str | None = None) -> None:
    """Cache the path and stack of ``child``, just created as ``scope``/``id`` (known from its scope's)."""
    _paths[child] = path if path is not None else child_path(scope, id)
    remember_stack(child, stack_of(scope))


_stacks: weakref.WeakKeyDictionary[Construct, TerraformStack] = weakref.WeakKeyDictionary()
_singletons: weakref.WeakKeyDictionary[TerraformStack, dict[str, Construct]] = weakref.WeakKeyDictionary()


def stack_of(scope: Construct) -> TerraformStack:
    """The TerraformStack that contains ``scope`` (raises ``RuntimeError`` outside a stack, like cdktf)."""
    stack = _stacks.get(scope)
    if stack is None:
        stack = _stacks[scope] = TerraformStack.of(scope)
    return stack


def remember_stack(construct: Construct, stack: TerraformStack) -> None:
    """Cache the stack of a construct the library just created (its scope's stack)."""
    _stacks[construct] = stack


# Open ``undo_singletons_on_failure`` blocks, innermost last; each lists the singletons created inside it.
_open_journals: list[list[tuple[TerraformStack, str]]] = []


def singleton(scope: Construct, construct_id: str, factory: Callable[[TerraformStack, str], T]) -> T:
    """Find the stack-level child ``construct_id`` or create it with ``factory(stack, construct_id)``."""
    stack = stack_of(scope)
    known = _singletons.setdefault(stack, {})
    # Each id is only ever made by the one factory of that id, so what is found there is a T.
    found = known.get(construct_id)
    if found is not None:
        return cast(T, found)
    child = node_of(stack).try_find_child(construct_id)  # once per stack and id: made before this module knew
    if child is not None:
        known[construct_id] = cast(Construct, child)
        return cast(T, child)
    created = factory(stack, construct_id)
    known[construct_id] = created
    for journal in _open_journals:
        journal.append((stack, construct_id))
    return created


@contextlib.contextmanager
def undo_singletons_on_failure() -> Iterator[None]:
    """Remove the singletons created inside the block when it raises (a failed construction leaves nothing)."""
    journal: list[tuple[TerraformStack, str]] = []
    _open_journals.append(journal)
    try:
        yield
    except BaseException:
        for stack, construct_id in reversed(journal):
            stack.node.try_remove_child(construct_id)
            _singletons.get(stack, {}).pop(construct_id, None)
        raise
    finally:
        _open_journals.pop()  # blocks nest, so this one is the innermost


# Found default providers, per stack and provider class: a lookup scans every child of the stack, which would make
# building N constructs O(N^2). Only hits are cached (a provider added later is still found).
_default_providers: weakref.WeakKeyDictionary[TerraformStack, dict[type, Any]] = weakref.WeakKeyDictionary()


def default_provider(scope: Construct, provider_type: type[P]) -> P | None:
    """The stack's provider of ``provider_type`` without an alias, if the user configured one."""
    stack = stack_of(scope)
    found = _default_providers.setdefault(stack, {})
    if provider_type not in found:
        for child in stack.node.children:
            if isinstance(child, provider_type) and not child.alias:  # type: ignore[attr-defined]
                found[provider_type] = child
                break
    return found.get(provider_type)
