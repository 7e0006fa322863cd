"""Unresolved cdktf tokens, recognized without a jsii round trip, and resource attribute tokens read once."""

from __future__ import annotations

import functools
import struct
import weakref
from collections.abc import Callable
from typing import Any

import jsii

from .framework import DefaultTokenResolver, IAnyProducer, IResolveContext, Lazy, StringConcat, Tokenization

# The attribute tokens of resources a user passes in (``bucket.arn``, ``repository.repository_url``): a token's
# meaning never changes, so each is read from the kernel once per resource and attribute.
_tokens: weakref.WeakKeyDictionary[Any, dict[str, Any]] = weakref.WeakKeyDictionary()


def token_of(resource: Any, attribute: str) -> Any:
    """``getattr(resource, attribute)`` of a provider resource or data source, read from the kernel once.

    Example::

        uri = f"s3://{token_of(bucket, 'bucket')}/model.tar.gz"
    """
    known = _tokens.get(resource)
    if known is None:
        known = _tokens[resource] = {}
    if attribute not in known:
        known[attribute] = getattr(resource, attribute)
    return known[attribute]


class ResourceToken:
    """A construct attribute that is the token of ``self._resource.<attribute>``, read on first use and then kept.

    A non-data descriptor: assigning the attribute on an instance replaces it, as with a plain attribute.

    Example::

        class Model(Construct):
            model_arn = ResourceToken("arn")
    """

    def __init__(self, attribute: str) -> None:
        self._attribute = attribute
        self._name = attribute

    def __set_name__(self, owner: type, name: str) -> None:
        self._name = name

    def __get__(self, obj: Any, owner: type | None = None) -> Any:
        if obj is None:
            return self
        value = token_of(obj._resource, self._attribute)
        obj.__dict__[self._name] = value
        return value


def is_token(value: Any) -> bool:
    """True when ``value`` is (or contains) an unresolved cdktf token, so concrete checks must be skipped."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _is_number_token(value)
    if isinstance(value, str):
        # cdktf encodes every unresolved string token as "${TfToken[...]}", so no jsii round-trip is needed.
        return "${" in value
    return False


# cdktf encodes a number token as a double whose top 16 bits are this marker (``DOUBLE_TOKEN_MARKER_BITS`` in
# cdktf's lib/tokens/private/encoding.ts), so ``Token.is_unresolved`` needs no jsii round trip for a number.
_NUMBER_TOKEN_MARKER = 0xFDFF


def _is_number_token(value: float) -> bool:
    try:
        bits: int = struct.unpack("<Q", struct.pack("<d", float(value)))[0]
    except OverflowError:  # an int too large for a double is a plain number
        return False
    return bits >> 48 == _NUMBER_TOKEN_MARKER


@jsii.implements(IAnyProducer)
class _ResolvedStringProducer:
    def __init__(self, values: Callable[[], list[Any]], render: Callable[[list[Any]], str]) -> None:
        self._values = values
        self._render = render

    def produce(self, context: IResolveContext) -> Any:
        # All values in one resolve: each resolve is several jsii kernel round trips, whatever its size.
        resolved = Tokenization.resolve(self._values(), scope=context.scope, resolver=_resolver())
        return self._render(resolved)


@functools.cache
def _resolver() -> DefaultTokenResolver:
    # Stateless, so one per process: creating it is two kernel round trips per resolve.
    return DefaultTokenResolver(StringConcat())


def lazy_resolved_string(values: Callable[[], list[Any]], render: Callable[[list[Any]], str]) -> str:
    """A string token that, at synth, resolves ``values()`` (their tokens included) in the using resource's scope
    and renders them with ``render``: for a document built from values that are only known in full at synth.

    Example::

        policy = lazy_resolved_string(lambda: [s.to_json() for s in statements], json.dumps)
    """
    return Lazy.string_value(_ResolvedStringProducer(values, render))
