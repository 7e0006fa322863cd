"""Per-stack singletons: partition / region / caller-identity data sources and ARN building.

Each singleton lives under the stack at a fixed construct id and is created on first use, so a stack has one
``data.aws_partition`` however many constructs need it.
"""

from __future__ import annotations

import contextlib
import weakref
from collections.abc import Callable, Iterator
from typing import Any, TypeVar, cast

from constructs import Construct

from ._framework import (
    AwsProvider,
    DataAwsCallerIdentity,
    DataAwsPartition,
    DataAwsRegion,
    TerraformStack,
    Token,
)

T = TypeVar("T", bound=Construct)
P = TypeVar("P")

_PARTITION_ID = "SagemakerTfPartition"
_REGION_ID = "SagemakerTfRegion"
_ACCOUNT_ID = "SagemakerTfCallerIdentity"


# Tree facts cached in Python (each lookup is a jsii kernel round trip): the stack of a construct never changes,
# and the singletons below are created only through ``singleton``.
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
    child = stack.node.try_find_child(construct_id)  # once per stack and id: made before this module knew
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


def partition(scope: Construct) -> DataAwsPartition:
    """The stack's ``data.aws_partition`` (partition and dns_suffix)."""
    return singleton(scope, _PARTITION_ID, DataAwsPartition)


def region(scope: Construct) -> DataAwsRegion:
    """The stack's ``data.aws_region`` (the default provider's region)."""
    return singleton(scope, _REGION_ID, DataAwsRegion)


def caller_identity(scope: Construct) -> DataAwsCallerIdentity:
    """The stack's ``data.aws_caller_identity`` (the account id)."""
    return singleton(scope, _ACCOUNT_ID, DataAwsCallerIdentity)


def arn(
    scope: Construct,
    service: str,
    resource_type: str,
    resource_name: str,
    *,
    account: str | None = None,
    region_name: str | None = None,
    sep: str = "/",
) -> str:
    """``arn:${partition}:<service>:${region}:${account}:<type>/<name>`` from the stack's data sources."""
    part = partition(scope).partition
    reg = region_name if region_name is not None else region(scope).region
    acct = account if account is not None else caller_identity(scope).account_id
    return f"arn:{part}:{service}:{reg}:{acct}:{resource_type}{sep}{resource_name}"


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


def default_aws_provider(scope: Construct) -> AwsProvider | None:
    """The stack's AwsProvider without an alias, if the user configured one."""
    return default_provider(scope, AwsProvider)


def known_region(scope: Construct) -> str | None:
    """The default provider's region when it is a concrete string at synth, else None."""
    provider = default_aws_provider(scope)
    if provider is None:
        return None
    value = provider.region
    if not value or Token.is_unresolved(value):
        return None
    return value
