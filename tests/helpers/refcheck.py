"""An offline stand-in for ``terraform validate``'s reference checks on a synthesized stack JSON.

``check_references(doc)`` walks a cdktf stack document and returns a list of problems (empty when all is well):

- every ``${...}`` interpolation, including references nested in function calls
  (``${element(split("/", aws_x.y.arn), 1)}``), index expressions (``${local.t[data.aws_region.r.region]}``)
  and quoted template strings inside an expression, must name a resource, data source, local, variable,
  module or provider configuration that exists in the same document;
- ``depends_on`` entries must be plain addresses (``type.name``, ``data.type.name``, ``module.name``) of blocks
  that exist; ``lifecycle.replace_triggered_by`` entries likewise (an attribute suffix is allowed there);
- a ``provider`` meta-argument (``"aws"`` / ``"docker.alias"``) must name a declared provider configuration.

Example::

    from tests.helpers.refcheck import assert_references_resolve
    assert_references_resolve(json.loads(Testing.synth(stack)))
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

_IDENT_START = re.compile(r"[A-Za-z_]")
_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_NUMBER = re.compile(r"[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?")
_ADDRESS = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*(\.[A-Za-z_][A-Za-z0-9_-]*)+$")
# Roots Terraform defines itself (``count.index``, ``each.key``, ``path.module``, ``self.id`` ...).
_BUILTIN_ROOTS = frozenset({"count", "each", "self", "path", "terraform"})
_KEYWORDS = frozenset({"true", "false", "null", "for", "in", "if", "endif", "else", "endfor"})


@dataclass(frozen=True)
class Reference:
    """One root reference found in an expression: its parts up to the block address (``("data", "t", "n")``)."""

    parts: tuple[str, ...]

    @property
    def text(self) -> str:
        """The reference as written (dotted)."""
        return ".".join(self.parts)


# ---------------------------------------------------------------------------------------------------------------
# scanning expressions
# ---------------------------------------------------------------------------------------------------------------
def interpolations(text: str) -> Iterator[str]:
    """The expression inside each top-level ``${...}`` of a template string (``$${`` is a literal)."""
    i = 0
    while True:
        start = text.find("${", i)
        if start < 0:
            return
        if start > 0 and text[start - 1] == "$":
            i = start + 2
            continue
        end = _matching_brace(text, start + 2)
        if end < 0:
            # An unterminated interpolation: report the rest so the caller sees a broken reference.
            yield text[start + 2 :]
            return
        yield text[start + 2 : end]
        i = end + 1


def _matching_brace(text: str, i: int) -> int:
    """Index of the ``}`` closing an expression that starts at ``i`` (strings and nested braces skipped)."""
    depth = 0
    while i < len(text):
        ch = text[i]
        if ch == '"':
            i = _string_end(text, i)
            continue
        if ch == "{":
            depth += 1
        elif ch == "}":
            if depth == 0:
                return i
            depth -= 1
        i += 1
    return -1


def _string_end(text: str, i: int) -> int:
    """Index just past the quoted string starting at ``text[i] == '"'`` (interpolations inside skipped)."""
    i += 1
    while i < len(text):
        ch = text[i]
        if ch == "\\":
            i += 2
            continue
        if ch == '"':
            return i + 1
        if text.startswith("${", i) and not (i > 0 and text[i - 1] == "$"):
            close = _matching_brace(text, i + 2)
            i = len(text) if close < 0 else close + 1
            continue
        i += 1
    return len(text)


def references(expression: str, bound: frozenset[str] = frozenset()) -> list[Reference]:
    """Root references in one expression (function names, attributes, keywords and ``for`` variables skipped).

    ``bound`` holds names an enclosing ``for`` expression defines (used for templates nested in strings).
    """
    found: list[Reference] = []
    bound = set(bound)
    i = 0
    n = len(expression)
    while i < n:
        ch = expression[i]
        if ch == '"':
            end = _string_end(expression, i)
            for inner in interpolations(expression[i + 1 : end - 1]):
                found.extend(references(inner, frozenset(bound)))
            i = end
            continue
        if ch.isdigit():
            match = _NUMBER.match(expression, i)
            i = match.end() if match else i + 1
            continue
        if _IDENT_START.match(ch):
            match = _IDENT.match(expression, i)
            assert match is not None
            name = match.group(0)
            j = match.end()
            after = _skip_space(expression, j)
            prev = _prev_non_space(expression, i)
            if prev == "." or (prev == ":" and i >= 2 and expression[i - 2 : i] == "::"):
                i = j  # an attribute of something already seen, or part of provider::ns::fn
                continue
            if expression.startswith("::", after) or (after < n and expression[after] == "("):
                i = j  # a function name (or a provider-defined function's namespace)
                continue
            if name == "for":
                bound.update(_for_variables(expression, j))
                i = j
                continue
            if name in _KEYWORDS or name in bound:
                i = j
                continue
            parts = [name]
            while j < n and expression[j] == "." and j + 1 < n and _IDENT_START.match(expression[j + 1]):
                part = _IDENT.match(expression, j + 1)
                assert part is not None
                parts.append(part.group(0))
                j = part.end()
            found.append(Reference(tuple(parts)))
            i = j
            continue
        i += 1
    return found


def _skip_space(text: str, i: int) -> int:
    while i < len(text) and text[i].isspace():
        i += 1
    return i


def _prev_non_space(text: str, i: int) -> str:
    i -= 1
    while i >= 0 and text[i].isspace():
        i -= 1
    return text[i] if i >= 0 else ""


def _for_variables(expression: str, i: int) -> list[str]:
    """The iteration variables of ``for k, v in ...`` starting just after ``for``."""
    head = expression[i:].split(" in ", 1)[0]
    return [name.strip() for name in head.split(",") if _IDENT.fullmatch(name.strip())]


# ---------------------------------------------------------------------------------------------------------------
# resolving references against a document
# ---------------------------------------------------------------------------------------------------------------
def _resolve(doc: dict[str, Any], parts: tuple[str, ...]) -> str | None:
    """None when ``parts`` names something in ``doc``; else why it does not."""
    root = parts[0]
    if root in _BUILTIN_ROOTS:
        return None
    if root == "data":
        if len(parts) < 3:
            return "incomplete data source reference"
        if parts[2] not in doc.get("data", {}).get(parts[1], {}):
            return f"no data source data.{parts[1]}.{parts[2]}"
        return None
    if root == "local":
        if len(parts) < 2 or parts[1] not in doc.get("locals", {}):
            return f"no local {'.'.join(parts[:2])}"
        return None
    if root == "var":
        if len(parts) < 2 or parts[1] not in doc.get("variable", {}):
            return f"no variable {'.'.join(parts[:2])}"
        return None
    if root == "module":
        if len(parts) < 2 or parts[1] not in doc.get("module", {}):
            return f"no module {'.'.join(parts[:2])}"
        return None
    if len(parts) < 2:
        return f"{root} is not a reference to anything (a resource needs type.name)"
    if parts[1] not in doc.get("resource", {}).get(root, {}):
        return f"no resource {parts[0]}.{parts[1]}"
    return None


def _provider_problem(doc: dict[str, Any], value: Any) -> str | None:
    if not isinstance(value, str) or "${" in value or not re.fullmatch(r"[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)?", value):
        return f"provider must be a plain 'type' or 'type.alias' (got {value!r})"
    kind, _, alias = value.partition(".")
    configs = doc.get("provider", {}).get(kind)
    if not alias:
        required = doc.get("terraform", {}).get("required_providers", {})
        return None if configs is not None or kind in required else f"no provider configuration {kind}"
    configs = configs if isinstance(configs, list) else [configs] if configs else []
    if not any(isinstance(c, dict) and c.get("alias") == alias for c in configs):
        return f"no provider configuration {value}"
    return None


def _address_problem(doc: dict[str, Any], value: Any, allow_attribute: bool) -> str | None:
    if not isinstance(value, str) or "${" in value or not _ADDRESS.match(value):
        return f"must be a plain address such as aws_iam_role.name (got {value!r})"
    parts = tuple(value.split("."))
    if not allow_attribute:
        size = 3 if parts[0] == "data" else 2
        if len(parts) != size:
            return f"must be a block address without attributes (got {value!r})"
    return _resolve(doc, parts)


def _walk(node: Any, path: str) -> Iterator[tuple[str, str, Any]]:
    """(json path, key, value) for every value under ``node``; cdktf's ``//`` metadata is skipped."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "//":
                continue
            child = f"{path}.{key}" if path else str(key)
            yield child, str(key), value
            yield from _walk(value, child)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            child = f"{path}[{index}]"
            yield child, "", value
            yield from _walk(value, child)


def check_references(doc: dict[str, Any]) -> list[str]:
    """Every dangling or malformed reference in a synthesized stack JSON, as ``<json path>: <problem>``."""
    problems: list[str] = []
    for path, key, value in _walk(doc, ""):
        if key == "depends_on":
            for index, entry in enumerate(value if isinstance(value, list) else [value]):
                problem = _address_problem(doc, entry, allow_attribute=False)
                if problem:
                    problems.append(f"{path}[{index}]: depends_on {problem}")
        elif key == "replace_triggered_by":
            for index, entry in enumerate(value if isinstance(value, list) else [value]):
                problem = _address_problem(doc, entry, allow_attribute=True)
                if problem:
                    problems.append(f"{path}[{index}]: replace_triggered_by {problem}")
        elif key == "provider" and path != "provider":
            problem = _provider_problem(doc, value)
            if problem:
                problems.append(f"{path}: {problem}")
        elif isinstance(value, str) and "${" in value:
            for expression in interpolations(value):
                for ref in references(expression):
                    problem = _resolve(doc, ref.parts)
                    if problem:
                        problems.append(f"{path}: ${{{expression}}} -> {problem}")
    return problems


def assert_references_resolve(doc: dict[str, Any]) -> None:
    """Fail with every problem listed unless all references in ``doc`` resolve."""
    problems = check_references(doc)
    assert not problems, "dangling Terraform references:\n  " + "\n  ".join(problems)
