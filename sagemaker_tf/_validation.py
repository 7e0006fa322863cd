"""Small reusable checks that build consistent ValidationError messages.

Every message has the shape ``<where>: <rule> (<field>=<value>)`` where ``<where>`` is a construct path
(``Stack/Model``) or a factory name (``ContainerImage.from_dlc``).
"""

from __future__ import annotations

import datetime
import math
import re
from collections.abc import Iterable, Sequence
from typing import Any, NoReturn, cast

from constructs import Construct

from ._runtime.tokens import is_token
from ._runtime.tree import path_of
from .errors import ValidationError

_MAX_VALUE_CHARS = 80

# SageMaker model / endpoint config / endpoint names (CreateModel etc.): 1-63 alphanumerics and hyphens,
# not starting with a hyphen.
RESOURCE_NAME_RULE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z-]{0,62}$")
RESOURCE_NAME_TEXT = "must match ^[0-9A-Za-z-]{1,63}$ and must not start with a hyphen"
# The SageMaker entity name pattern of the API reference (variant names, container hostnames, model package
# names): 1-63 alphanumerics or hyphens, no leading or trailing hyphen. ENTITY_NAME embeds in a larger pattern.
ENTITY_NAME = r"[a-zA-Z0-9](?:-*[a-zA-Z0-9]){0,62}"
ENTITY_NAME_RULE = re.compile(ENTITY_NAME)
# Terraform appends a 26-character unique suffix to a name_prefix; 63 - 26 = 37.
NAME_PREFIX_MAX = 37


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


AWS_INTEGER_MAX = 2**31 - 1
"""The largest value of the AWS APIs' ``Integer`` type (a signed 32-bit integer): the upper bound of every whole
number the library sends unless the field has a tighter one."""

JSON_SAFE_INTEGER = 2**53 - 1
"""The largest integer a JSON number carries exactly (a double): larger numbers are refused everywhere."""


def check_int(
    scope: Construct | str, field: str, value: object, low: int | None = None, high: int | None = AWS_INTEGER_MAX
) -> int:
    """Fail unless ``value`` is a whole number within ``[low, high]`` (tokens pass).

    The one "whole number" rule: a bool or a float (even ``2.0``) is refused, and ``high`` defaults to the largest
    AWS ``Integer``, so ``Capacity.instances(10**30)`` never reaches the kernel.

    Example::

        check_int("Capacity.instances", "count", count, 1)   # "count must be at least 1 (got 0)"
    """
    if is_token(value):
        return cast(int, value)  # a token stands for a number Terraform resolves later
    if not isinstance(value, int) or isinstance(value, bool):
        type_error(scope, field, value, "a whole number")
    if high == AWS_INTEGER_MAX and value > high:
        fail(scope, f"{field} must be at most {high}, the largest AWS Integer (got {show(value)})")
    if low is None and value < -AWS_INTEGER_MAX - 1:
        fail(scope, f"{field} must be at least {-AWS_INTEGER_MAX - 1}, the smallest AWS Integer (got {show(value)})")
    check_range(scope, field, value, low, high if high != AWS_INTEGER_MAX else None)
    return value


def check_number(
    scope: Construct | str, field: str, value: object, low: float | None = None, high: float | None = None
) -> float:
    """Fail unless ``value`` is a finite number within ``[low, high]`` (tokens pass).

    The one numeric rule: NaN and +/-inf are refused here, before anything reaches jsii (a NaN in a kernel request
    kills the kernel for the rest of the process), and so is an integer too large for a JSON number.

    Example::

        check_number(where, "threshold", threshold)   # "threshold must be a finite number (got nan)"
    """
    if is_token(value):
        return cast(float, value)  # a token stands for a number Terraform resolves later
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        type_error(scope, field, value, "a number")
    if isinstance(value, float) and not math.isfinite(value):
        fail(scope, f"{field} must be a finite number (got {value!r})")
    if isinstance(value, int) and abs(value) > JSON_SAFE_INTEGER:
        fail(scope, f"{field} must be at most {JSON_SAFE_INTEGER} in magnitude (got {show(value)})")
    check_range(scope, field, value, low, high)
    return value


def check_min_max(scope: Construct | str, min_field: str, min_value: object, max_field: str, max_value: object) -> None:
    """Fail when both bounds are concrete numbers and ``min_value > max_value``.

    Example::

        check_min_max(where, "min_capacity", 5, "max_capacity", 2)
        # "min_capacity must be less than or equal to max_capacity (got 5 > 2)"
    """
    error = min_max_error(min_field, min_value, max_field, max_value)
    if error:
        fail(scope, error)


def min_max_error(min_field: str, min_value: object, max_field: str, max_value: object) -> str | None:
    """The min > max message of :func:`check_min_max`, for checks that list every error at once; else None."""
    numbers = [v for v in (min_value, max_value) if isinstance(v, (int, float)) and not isinstance(v, bool)]
    if len(numbers) == 2 and not any(is_token(v) for v in numbers) and numbers[0] > numbers[1]:
        return f"{min_field} must be less than or equal to {max_field} (got {min_value} > {max_value})"
    return None


def check_range(scope: Construct | str, field: str, value: float, low: float | None, high: float | None) -> None:
    """Fail unless ``low <= value <= high`` (either bound may be None)."""
    if (low is not None and value < low) or (high is not None and value > high):
        if high is None:
            fail(scope, f"{field} must be at least {low:g} (got {show(value)})")
        if low is None:
            fail(scope, f"{field} must be at most {high:g} (got {show(value)})")
        fail(scope, f"{field} must be between {low:g} and {high:g} (got {show(value)})")


def check_pattern(scope: Construct | str, field: str, value: object, rule: re.Pattern[str], text: str) -> str:
    """Fail unless the string ``value`` matches ``rule`` whole (``fullmatch``: a trailing newline never passes);
    tokens pass. ``text`` says the rule, e.g. ``"must match ^[a-z]+$"``.

    Example::

        check_pattern(where, "container_hostname", "web\n", HOSTNAME_RULE, "must be 1-63 letters, digits, hyphens")
    """
    string = check_str(scope, field, value)
    if not is_token(string) and not rule.fullmatch(string):
        fail(scope, f"{field} {text} (got {show(string)!r})")
    return string


_CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")


def check_no_control_characters(scope: Construct | str, field: str, value: str) -> str:
    """Fail when ``value`` holds a control character (a newline, a tab, NUL...): no ARN, S3 key or URI has one, and
    AWS refuses them at apply.

    Example::

        check_no_control_characters(where, "object_key", "model.tar.gz\n")   # refused
    """
    found = _CONTROL_CHARACTERS.search(value)
    if found:
        fail(scope, f"{field} must not contain control characters (got {found.group()!r} in {show(value)!r})")
    return value


def check_bool(scope: Construct | str, field: str, value: object) -> bool | None:
    """Fail unless ``value`` is None or a bool."""
    if value is not None and not isinstance(value, bool):
        type_error(scope, field, value, "a bool")
    return value


def whole_seconds(value: datetime.timedelta) -> int | None:
    """The whole seconds of ``value``, or None when it holds a fraction of a second (the one conversion rule).

    Example::

        whole_seconds(timedelta(minutes=2))         # 120
        whole_seconds(timedelta(milliseconds=1500))  # None: SageMaker takes whole seconds only
    """
    seconds = value.total_seconds()
    return int(seconds) if seconds == int(seconds) else None


def check_duration(
    scope: Construct | str, field: str, value: Any, low_s: int | None = None, high_s: int | None = None
) -> int | None:
    """Fail unless ``value`` is None or a timedelta of whole non-negative seconds in range; return the seconds."""
    if value is None:
        return None
    check_type(scope, field, value, (datetime.timedelta,), "a datetime.timedelta")
    seconds = whole_seconds(value)
    if seconds is None or seconds < 0:
        fail(scope, f"{field} must be a non-negative whole number of seconds (got {show(value)})")
    check_range(scope, field, seconds, low_s, high_s)
    return seconds


def check_resource_name(scope: Construct | str, field: str, value: object) -> str | None:
    """Fail unless ``value`` is None, a token, or a valid SageMaker resource name."""
    if value is None:
        return None
    if is_token(value):
        return cast(str, value)  # a token stands for a name Terraform resolves later
    name = check_str(scope, field, value)
    if not RESOURCE_NAME_RULE.fullmatch(name):
        fail(scope, f"{field} {RESOURCE_NAME_TEXT} (got {show(name)!r})")
    return name


def check_sequence(scope: Construct | str, field: str, value: object) -> Sequence[Any]:
    """Fail unless ``value`` is a list or tuple (a lone string is not a sequence here)."""
    if value is None:
        return []
    if not isinstance(value, (list, tuple)):
        type_error(scope, field, value, "a list")
    return value


def name_prefix_for(scope: Construct, max_len: int = NAME_PREFIX_MAX) -> str:
    """A deterministic, valid ``name_prefix`` derived from the construct path (ends with a hyphen)."""
    import hashlib

    path = path_of(scope)
    digest = hashlib.sha256(path.encode()).hexdigest()[:8]
    readable = re.sub(r"[^0-9A-Za-z]+", "-", path).strip("-") or "sagemaker"
    head = readable[: max_len - len(digest) - 2].strip("-")
    return f"{head}-{digest}-"


def join_errors(prefix: str, errors: Iterable[str]) -> str:
    """Upstream's aggregation: ``<prefix>a; b``."""
    return prefix + "; ".join(errors)
