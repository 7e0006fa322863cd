"""Small reusable checks that build consistent ValidationError messages.

Every message has the shape ``<where>: <rule> (<field>=<value>)`` where ``<where>`` is a construct path
(``Stack/Model``) or a factory name (``ContainerImage.from_dlc``).
"""

from __future__ import annotations

import contextlib
import datetime
import re
import struct
import weakref
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, NoReturn, cast

import jsii
from constructs import Construct, IValidation, Node

from .errors import ValidationError

_MAX_VALUE_CHARS = 80

# SageMaker model / endpoint config / endpoint names (CreateModel etc.): 1-63 alphanumerics and hyphens,
# not starting with a hyphen.
RESOURCE_NAME_RULE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z-]{0,62}$")
RESOURCE_NAME_TEXT = "must match ^[0-9A-Za-z-]{1,63}$ and must not start with a hyphen"
# Terraform appends a 26-character unique suffix to a name_prefix; 63 - 26 = 37.
NAME_PREFIX_MAX = 37


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


def child_path(scope: Construct, id: str) -> str:
    """The path a construct ``id`` created under ``scope`` gets (no kernel round trip once the scope's is known)."""
    scope_path = path_of(scope)
    return f"{scope_path}/{id}" if scope_path else id


def where(scope: Construct | str) -> str:
    """The location prefix of a message: a construct path or a factory name."""
    if isinstance(scope, str):
        return scope
    return path_of(scope)


def show(value: Any) -> str:
    """A value as it appears in a message, truncated when long."""
    if isinstance(value, Construct):  # a stable text, not the object's memory address
        text = f"{type(value).__name__}({path_of(value)})"
    else:
        text = value if isinstance(value, str) else repr(value)
    if len(text) > _MAX_VALUE_CHARS:
        text = text[: _MAX_VALUE_CHARS - 3] + "..."
    return text


def fail(scope: Construct | str, message: str) -> NoReturn:
    """Raise a ValidationError located at ``scope``."""
    raise ValidationError(f"{where(scope)}: {message}")


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


def type_error(scope: Construct | str, field: str, value: object, expected: str) -> NoReturn:
    """Raise the wrong-kind ValidationError: ``<field> must be <expected> (got <type>: <value>)``."""
    fail(scope, f"{field} must be {expected} (got {type(value).__name__}: {show(value)})")


def check_type(scope: Construct | str, field: str, value: object, kinds: tuple[type, ...], expected: str) -> None:
    """Fail unless ``value`` is an instance of one of ``kinds``."""
    if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
        type_error(scope, field, value, expected)


def check_str(scope: Construct | str, field: str, value: object) -> str:
    """Fail unless ``value`` is a string; return it typed."""
    if not isinstance(value, str):
        type_error(scope, field, value, "a string")
    return value


def check_int(
    scope: Construct | str, field: str, value: object, low: int | None = None, high: int | None = None
) -> int:
    """Fail unless ``value`` is a whole number within ``[low, high]`` (tokens pass)."""
    if is_token(value):
        return cast(int, value)  # a token stands for a number Terraform resolves later
    if not isinstance(value, int) or isinstance(value, bool):
        type_error(scope, field, value, "a whole number")
    check_range(scope, field, value, low, high)
    return value


def check_number(
    scope: Construct | str, field: str, value: object, low: float | None = None, high: float | None = None
) -> float:
    """Fail unless ``value`` is a number within ``[low, high]`` (tokens pass)."""
    if is_token(value):
        return cast(float, value)  # a token stands for a number Terraform resolves later
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        type_error(scope, field, value, "a number")
    check_range(scope, field, value, low, high)
    return value


def check_range(scope: Construct | str, field: str, value: float, low: float | None, high: float | None) -> None:
    """Fail unless ``low <= value <= high`` (either bound may be None)."""
    if (low is not None and value < low) or (high is not None and value > high):
        lo = "-inf" if low is None else f"{low:g}"
        hi = "inf" if high is None else f"{high:g}"
        fail(scope, f"{field} must be between {lo} and {hi} inclusive (got {show(value)})")


def check_bool(scope: Construct | str, field: str, value: object) -> bool | None:
    """Fail unless ``value`` is None or a bool."""
    if value is not None and not isinstance(value, bool):
        type_error(scope, field, value, "a bool")
    return value


def check_duration(
    scope: Construct | str, field: str, value: Any, low_s: int | None = None, high_s: int | None = None
) -> int | None:
    """Fail unless ``value`` is None or a timedelta of whole non-negative seconds in range; return the seconds."""
    if value is None:
        return None
    check_type(scope, field, value, (datetime.timedelta,), "a datetime.timedelta")
    seconds = value.total_seconds()
    if seconds != int(seconds) or seconds < 0:
        fail(scope, f"{field} must be a non-negative whole number of seconds (got {show(value)})")
    check_range(scope, field, int(seconds), low_s, high_s)
    return int(seconds)


def check_resource_name(scope: Construct | str, field: str, value: object) -> str | None:
    """Fail unless ``value`` is None, a token, or a valid SageMaker resource name."""
    if value is None:
        return None
    if is_token(value):
        return cast(str, value)  # a token stands for a name Terraform resolves later
    name = check_str(scope, field, value)
    if not RESOURCE_NAME_RULE.match(name):
        fail(scope, f"{field} {RESOURCE_NAME_TEXT} (got {show(name)!r})")
    return name


def check_sequence(scope: Construct | str, field: str, value: object) -> Sequence[Any]:
    """Fail unless ``value`` is a list or tuple (a lone string is not a sequence here)."""
    if value is None:
        return []
    if not isinstance(value, (list, tuple)):
        type_error(scope, field, value, "a list")
    return value


def construct_location(scope: Any, id: Any, kind: str, check_id: bool = True) -> str:
    """Check a construct's ``scope`` and ``id`` before it is created; return its future path.

    ``scope`` must be a construct inside a ``TerraformStack``, ``id`` a non-empty string not used by a sibling
    (these would otherwise surface as raw jsii or typeguard errors). With ``check_id=False`` the taken id is
    not looked up here (a kernel round trip): the caller creates the construct inside :func:`new_child`,
    which reports a taken id with the same message.
    """
    from ._framework import FAMILY, FRAMEWORK_ENV_VAR, foreign_family
    from ._stack import stack_of  # the stack of a scope is cached there

    if not isinstance(scope, Construct):
        fail(kind, f"scope must be a Construct (got {type(scope).__name__}: {show(scope)})")
    if not isinstance(id, str) or not id:
        fail(where(scope) or kind, f"id must be a non-empty string (got {type(id).__name__}: {show(repr(id))})")
    scope_path = path_of(scope)
    path = child_path(scope, id)
    try:
        stack = stack_of(scope)
    except RuntimeError:
        stack = None
    other = foreign_family(scope) or (foreign_family(stack) if stack is not None else None)
    if other is not None:
        fail(
            path,
            f"the scope belongs to a {other.name} app but sagemaker_tf builds with {FAMILY.name}, and the two cannot "
            f"be mixed in one app; set {FRAMEWORK_ENV_VAR}={other.name} (or import {other.framework} before "
            "sagemaker_tf)",
        )
    if stack is None:
        fail(path, f"{kind} must be created inside a TerraformStack")
    # The one kernel call left: a sibling with this id may have been made by anyone (an L1 resource too).
    if check_id and node_of(scope).try_find_child(id) is not None:
        fail(path, _taken_id(id, scope_path))
    return path


def _taken_id(id: str, scope_path: str) -> str:
    return f"There is already a construct with id {id!r} in {scope_path or 'the app'}"


@contextlib.contextmanager
def taken_id_fails(where: str, id: str, message: Any) -> Iterator[None]:
    """Turn constructs' raw jsii error for a taken ``id`` (raised inside the block) into ``fail(where, message())``.

    Cheaper than looking the id up first (``try_find_child``, a kernel round trip per construct).

    Example::

        with taken_id_fails(where, id, lambda: f"There is already a construct with id {id!r}"):
            AppautoscalingPolicy(self, id, ...)
    """
    try:
        yield
    except RuntimeError as err:
        if str(err).startswith(f"There is already a Construct with name '{id}'"):
            fail(where, message())
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
    with taken_id_fails(path, id, lambda: _taken_id(id, path_of(scope))):
        yield
    adopt(child, scope, id, path)


def adopt(child: Construct, scope: Construct, id: str, path: str | None = None) -> None:
    """Cache the path and stack of ``child``, just created as ``scope``/``id`` (known from its scope's)."""
    from ._stack import remember_stack, stack_of

    _paths[child] = path if path is not None else child_path(scope, id)
    remember_stack(child, stack_of(scope))


def name_prefix_for(scope: Construct, max_len: int = NAME_PREFIX_MAX) -> str:
    """A deterministic, valid ``name_prefix`` derived from the construct path (ends with a hyphen)."""
    import hashlib

    path = path_of(scope)
    digest = hashlib.sha256(path.encode()).hexdigest()[:8]
    readable = re.sub(r"[^0-9A-Za-z]+", "-", path).strip("-") or "sagemaker"
    head = readable[: max_len - len(digest) - 2].strip("-")
    return f"{head}-{digest}-"


@jsii.implements(IValidation)
class _Validation:
    """Adapts a Python callable returning error messages to a constructs ``IValidation``."""

    def __init__(self, check: Any) -> None:
        self._check = check

    def validate(self) -> list[str]:
        try:
            return list(self._check())
        except Exception as err:  # never let a Python exception cross the jsii callback boundary
            return [f"{type(err).__name__}: {err}"]


@jsii.implements(IValidation)
class _StackChecks:
    """The one validation per stack that runs every ``add_synth_check`` of the stack's constructs, in Python.

    Registering a validation on each construct costs kernel round trips per construct. cdktf validates a stack's
    constructs in tree order, the stack first, and reads each node's validations when it gets to the node. So
    this validation (on the stack) runs all checks and, for a construct whose check fails, attaches that check to
    the construct's own node, where cdktf then reports it at the construct's path (``[Stack/Model] ...``), as
    if it had been registered there. Only failing constructs cost a round trip.
    """

    def __init__(self, stack: Construct) -> None:
        self.stack = stack
        self.checks: list[tuple[Construct, Any]] = []
        self.attached: weakref.WeakSet[Construct] = weakref.WeakSet()

    def validate(self) -> list[str]:
        global _synth_pass
        _synth_pass = {}
        try:
            for scope, check in list(self.checks):
                if scope in self.attached or not _Validation(check).validate() or not self._in_tree(scope):
                    continue
                node_of(scope).add_validation(_Validation(check))
                self.attached.add(scope)
        except Exception as err:  # never let a Python exception cross the jsii callback boundary
            return [f"{type(err).__name__}: {err}"]
        finally:
            _synth_pass = None
        return []

    def _in_tree(self, scope: Construct) -> bool:
        """Whether ``scope`` is still in the stack (a failed construction removes what it built)."""
        stack_path, path = path_of(self.stack), path_of(scope)
        relative = path[len(stack_path) + 1 :] if stack_path else path
        node = node_of(self.stack)
        for construct_id in relative.split("/"):
            child = node.try_find_child(construct_id)
            if child is None:
                return False
            node = child.node
        return True


# Facts memoized while one ``_StackChecks.validate`` runs (no user code runs in between), else None.
_synth_pass: dict[Any, Any] | None = None


def synth_pass_memo(key: Any, compute: Any) -> Any:
    """``compute()``, memoized under ``key`` for the rest of the current synth-time validation pass (if any).

    For facts that can change while the user builds the tree (a provider's region) but not during validation.

    Example::

        region = synth_pass_memo(("region", id(provider)), lambda: provider.region)
    """
    if _synth_pass is None:
        return compute()
    if key not in _synth_pass:
        _synth_pass[key] = compute()
    return _synth_pass[key]


_stack_checks: weakref.WeakKeyDictionary[Construct, _StackChecks] = weakref.WeakKeyDictionary()


def add_synth_check(scope: Construct, check: Any) -> None:
    """Register ``check() -> Iterable[str]`` to run at synth; each message is reported at ``scope``'s path.

    One validation per stack runs all of them (see ``_StackChecks``), so registering costs no kernel round trip
    after the first in a stack.
    """
    from ._stack import stack_of

    stack = stack_of(scope)
    checks = _stack_checks.get(stack)
    if checks is None:
        checks = _stack_checks[stack] = _StackChecks(stack)
        node_of(stack).add_validation(checks)
    checks.checks.append((scope, check))


def join_errors(prefix: str, errors: Iterable[str]) -> str:
    """Upstream's aggregation: ``<prefix>a; b``."""
    return prefix + "; ".join(errors)
