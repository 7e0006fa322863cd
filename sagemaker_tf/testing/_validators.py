"""The real providers' validators, run by the stand-in where the real providers run theirs.

Loaded by ``_plugin.py`` inside the provider process (standard library only, never ``sagemaker_tf``); the rules come
from ``_validators.json``, which ``tools/gen_stand_in_validators.py`` extracts from the providers' Go source and
botocore's service models.

- :func:`validate_config` is ``ValidateResourceConfig``: the SDKv2 provider's ``ValidateFunc`` /
  ``ValidateDiagFunc`` rules, ``ConflictsWith`` / ``ExactlyOneOf`` / ``AtLeastOneOf`` and list lengths (hashicorp/aws),
  or the plugin framework's validators (hashicorp/awscc), with the providers' own messages. Unknown values are
  skipped, as the providers skip them.
- :func:`check_request` is run on a planned create or update: each argument the provider leaves unvalidated is
  checked against the constraints of the request member it becomes (enum, length, value range, pattern), as the
  AWS API would check it (``ValidationException: ... failed to satisfy constraint``).

Each finding is a :class:`Finding` (summary, detail, attribute path), which the plugin sends as an error diagnostic.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

_RULES_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "_validators.json")
_doc: dict[str, Any] | None = None
_children_cache: dict[str, dict[str, list[str]]] = {}
_regex_cache: dict[str, re.Pattern[str] | None] = {}
UNIQUE_ID_SUFFIX = 26

IsUnknown = Callable[[Any], bool]
Path = tuple[Any, ...]


@dataclass(frozen=True)
class Finding:
    """One error diagnostic: what the provider says, and where (attribute names and list indices)."""

    summary: str
    detail: str
    path: Path


def rules_document() -> dict[str, Any]:
    """The parsed ``_validators.json`` (read once per process).

    Example::

        rules_document()["resources"]["aws_sagemaker_model"]["attributes"]["name"]
    """
    global _doc
    if _doc is None:
        with open(_RULES_FILE, encoding="utf-8") as fh:
            _doc = json.load(fh)
    return _doc


def _resource(type_name: str) -> dict[str, Any] | None:
    entry: dict[str, Any] | None = rules_document()["resources"].get(type_name)
    return entry


def _children(type_name: str, attributes: dict[str, Any]) -> dict[str, list[str]]:
    """Dotted parent path ('' for the top) -> the attribute names below it."""
    if type_name not in _children_cache:
        children: dict[str, list[str]] = {}
        for dotted in attributes:
            parent, _, name = dotted.rpartition(".")
            children.setdefault(parent, []).append(name)
        _children_cache[type_name] = children
    return _children_cache[type_name]


def _regex(pattern: str) -> re.Pattern[str] | None:
    if pattern not in _regex_cache:
        try:
            # \w, \d and \s are ASCII-only in Go's RE2 and in Java's regexes, as with re.ASCII
            _regex_cache[pattern] = re.compile(pattern, re.ASCII)
        except re.error:  # a Java-only construct (\p{...}, surrogate ranges): not checked
            _regex_cache[pattern] = None
    return _regex_cache[pattern]


def go_quote(value: Any) -> str:
    """Go's ``%q``: a double-quoted string, or ``["a" "b"]`` for a list of strings.

    Example::

        go_quote(["Input", "Output"])  # '["Input" "Output"]'
    """
    if isinstance(value, list):
        return "[" + " ".join(go_quote(v) for v in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)


def _go_number(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# ----------------------------------------------------------------------------------------------------------------
# ValidateResourceConfig
# ----------------------------------------------------------------------------------------------------------------
def validate_config(type_name: str, config: Any, is_unknown: IsUnknown) -> list[Finding]:
    """The provider's validation of one resource configuration: what ``terraform validate`` reports.

    Example::

        validate_config("aws_sagemaker_endpoint_configuration", config, is_unknown)
        # [Finding("expected production_variants.0.instance_type to be one of [...], got ml.x", "", (...))]
    """
    entry = _resource(type_name)
    if entry is None or not isinstance(config, dict):
        return []
    attributes = entry["attributes"]
    children = _children(type_name, attributes)
    findings: list[Finding] = []
    framework = bool(entry.get("framework"))
    _walk(attributes, children, config, config, "", (), findings, is_unknown, framework)
    return findings


def _walk(
    attributes: dict[str, Any],
    children: dict[str, list[str]],
    root: dict[str, Any],
    obj: dict[str, Any],
    dotted_prefix: str,
    path: Path,
    out: list[Finding],
    is_unknown: IsUnknown,
    framework: bool,
) -> None:
    for name in sorted(children.get(dotted_prefix.rstrip("."), [])):
        dotted = f"{dotted_prefix}{name}"
        spec = attributes[dotted]
        value = obj.get(name)
        here = (*path, name)
        if not framework:
            _one_of_rules(spec, root, here, out, is_unknown)
        if value is None or is_unknown(value):
            continue
        if framework:
            _framework_rules(spec, value, here, out, is_unknown)
        else:
            _sdk_rules(spec, root, value, here, out, is_unknown)
        nested = [dotted_child for dotted_child in children.get(dotted, [])]
        if not nested:
            continue
        elements = value if isinstance(value, list) else [value]
        for index, element in enumerate(elements):
            if isinstance(element, dict) and not is_unknown(element):
                element_path = (*here, index) if isinstance(value, list) else here
                _walk(attributes, children, root, element, f"{dotted}.", element_path, out, is_unknown, framework)


def flatmap_key(path: Path) -> str:
    """The SDK's key for an attribute: ``production_variants.0.instance_type``."""
    return ".".join(str(p) for p in path)


def _framework_path(path: Path) -> str:
    out = ""
    for step in path:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else step)
    return out


def _lookup(root: Any, absolute: str) -> tuple[bool, Any]:
    """(found, value) of an absolute SDK path (``a.0.b``) in a configuration."""
    value = root
    for step in absolute.split("."):
        if isinstance(value, dict):
            value = value.get(step)
        elif isinstance(value, list) and step.isdigit() and int(step) < len(value):
            value = value[int(step)]
        else:
            return False, None
        if value is None:
            return False, None
    return True, value


def _is_set(found_value: tuple[bool, Any]) -> bool:
    found, value = found_value
    return found and value not in ([], {}, None)


def _one_of_rules(spec: dict[str, Any], root: Any, path: Path, out: list[Finding], is_unknown: IsUnknown) -> None:
    key = flatmap_key(path)
    for rule, verb in (("exactly_one_of", "exactly"), ("at_least_one_of", "at_least")):
        keys = spec.get(rule)
        if not keys:
            continue
        all_keys = sorted(set(keys) | {key})
        specified = [k for k in all_keys if _is_set(_lookup(root, k))]
        if not specified:
            out.append(Finding(f'"{key}": one of `{",".join(all_keys)}` must be specified', "", path))
        elif verb == "exactly" and len(specified) > 1:
            out.append(
                Finding(
                    f'"{key}": only one of `{",".join(all_keys)}` can be specified, but `{",".join(specified)}` '
                    "were specified.",
                    "",
                    path,
                )
            )


def _sdk_rules(
    spec: dict[str, Any], root: Any, value: Any, path: Path, out: list[Finding], is_unknown: IsUnknown
) -> None:
    key = flatmap_key(path)
    if value in ([], {}):
        pass
    else:
        for other in spec.get("conflicts_with", []):
            found, other_value = _lookup(root, other)
            if found and other_value not in ([], {}) and not is_unknown(other_value):
                out.append(Finding(f'"{key}": conflicts with {other}', "", path))
    if isinstance(value, list):
        high, low = spec.get("max_items", 0), spec.get("min_items", 0)
        if high > 1 and len(value) > high:
            out.append(
                Finding(
                    "Too many list items",
                    f"Attribute {key} supports {high} item maximum, but config has {len(value)} declared.",
                    path,
                )
            )
        if low and 0 < len(value) < low:  # an absent block reaches the provider as an empty list
            out.append(
                Finding(
                    "Not enough list items",
                    f"Attribute {key} requires {low} item minimum, but config has only {len(value)} declared.",
                    path,
                )
            )
    for message in _run_rules(spec.get("rules", []), value, path, is_unknown):
        out.append(Finding(message, "", path))
    element_rules = spec.get("element_rules")
    if element_rules and isinstance(value, (list, dict)):
        items = list(value.items()) if isinstance(value, dict) else list(enumerate(value))
        for index, element in items:
            if element is None or is_unknown(element):
                continue
            for message in _run_rules(element_rules, element, (*path, index), is_unknown):
                out.append(Finding(message, "", (*path, index)))


def _run_rules(rules: list[dict[str, Any]], value: Any, path: Path, is_unknown: IsUnknown) -> list[str]:
    if not _known(value, is_unknown):
        return []
    messages: list[str] = []
    for rule in rules:
        messages.extend(_sdk_rule(rule, value, path, is_unknown))
    return messages


def _known(value: Any, is_unknown: IsUnknown) -> bool:
    if is_unknown(value):
        return False
    if isinstance(value, dict):
        return all(_known(v, is_unknown) for v in value.values())
    if isinstance(value, list):
        return all(_known(v, is_unknown) for v in value)
    return True


def _sdk_rule(rule: dict[str, Any], value: Any, path: Path, is_unknown: IsUnknown) -> list[str]:
    """The messages of one rule, worded as terraform-plugin-sdk's ``helper/validation`` words them."""
    kind = rule["kind"]
    names = [p for p in path if isinstance(p, str)]
    k = names[-1] if rule.get("key") == "last" and names else flatmap_key(path)
    if kind == "any":
        results = [[m for r in option for m in _sdk_rule(r, value, path, is_unknown)] for option in rule["of"]]
        return [] if any(not r for r in results) else [m for r in results for m in r]
    if kind == "custom":
        return _custom(rule, value, k)
    if isinstance(value, (bool, dict, list)):
        return []
    if kind == "string_in_slice":
        values = rule["values"]
        matches = any(str(value).lower() == v.lower() for v in values) if rule.get("ignore_case") else value in values
        return [] if matches else [f"expected {k} to be one of {go_quote(values)}, got {value}"]
    if kind == "string_len_between":
        length = len(str(value))
        if rule["min"] <= length <= rule["max"]:
            return []
        return [f"expected length of {k} to be in the range ({rule['min']} - {rule['max']}), got {value}"]
    if kind in ("string_match", "string_does_not_match"):
        regex = _regex(rule["pattern"])
        if regex is None:
            return []
        hit = regex.search(str(value)) is not None
        if hit == (kind == "string_match"):
            return []
        if rule.get("message"):
            return [f"invalid value for {k} ({rule['message']})"]
        verb = "match" if kind == "string_match" else "not match"
        return [f"expected value of {k} to {verb} regular expression {go_quote(rule['pattern'])}, got {value}"]
    if kind in ("int_between", "float_between"):
        if rule["min"] <= value <= rule["max"]:
            return []
        if kind == "int_between":
            low, high = _go_number(rule["min"]), _go_number(rule["max"])
            return [f"expected {k} to be in the range ({low} - {high}), got {_go_number(value)}"]
        return [f"expected {k} to be in the range ({rule['min']:f} - {rule['max']:f}), got {float(value):f}"]
    if kind in ("int_at_least", "float_at_least"):
        if value >= rule["limit"]:
            return []
        if kind == "int_at_least":
            return [f"expected {k} to be at least ({_go_number(rule['limit'])}), got {_go_number(value)}"]
        return [f"expected {k} to be at least ({rule['limit']:f}), got {float(value):f}"]
    if kind in ("int_at_most", "float_at_most"):
        if value <= rule["limit"]:
            return []
        return [f"expected {k} to be at most ({_go_number(rule['limit'])}), got {_go_number(value)}"]
    if kind == "int_in_slice":
        if value in rule["values"]:
            return []
        return [f"expected {k} to be one of [{' '.join(str(v) for v in rule['values'])}], got {_go_number(value)}"]
    if kind == "int_divisible_by":
        if float(value).is_integer() and int(value) % rule["divisor"] == 0:
            return []
        return [f"expected {k} to be divisible by {rule['divisor']}, got: {_go_number(value)}"]
    if kind == "nullable_int_at_least":
        if value == "":
            return []
        try:
            number = int(str(value))
        except ValueError:
            return [f"{k}: cannot parse '{value}' as int: strconv.ParseInt: parsing \"{value}\": invalid syntax"]
        return [] if number >= rule["limit"] else [f"expected {k} to be at least ({rule['limit']}), got {number}"]
    if kind == "arn":
        return _arn(str(value), k)
    if kind == "json":
        if value == "":
            return [f'expected "{k}" JSON to not be empty, got {value}']
        try:
            json.loads(str(value))
        except ValueError as error:
            return [f"{go_quote(k)} contains an invalid JSON: {error}"]
        return []
    if kind == "iam_policy_json":
        return _policy_json(str(value), k, rule.get("max"))
    if kind == "not_empty":
        return [] if value != "" else [f"expected {go_quote(k)} to not be an empty string, got {value}"]
    if kind == "rfc3339":
        if _is_rfc3339(str(value)):
            return []
        return [
            f"expected {go_quote(k)} to be a valid RFC3339 date, got {go_quote(value)}: parsing time "
            f'{go_quote(value)} as "2006-01-02T15:04:05Z07:00"'
        ]
    if kind == "not_arn":
        return [] if _arn(str(value), k) else [_go_format(rule["message"], [k], None)]
    return []


_RFC3339 = re.compile(r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-](\d{2}):(\d{2}))", re.ASCII)


def _is_rfc3339(value: str) -> bool:
    """Go's ``time.Parse(time.RFC3339, value)`` succeeds: ``T`` and a zone (``Z`` or ``±hh:mm``) required, fields in
    range (no leap second, no 24:00), the day valid for its month."""
    m = _RFC3339.fullmatch(value)
    if m is None:
        return False
    year, month, day, hour, minute, second = (int(g) for g in m.groups()[:6])
    if m.group(9) is not None and (int(m.group(9)) > 23 or int(m.group(10)) > 59):
        return False
    try:
        datetime(year, month, day, hour, minute, second)
    except ValueError:
        return False
    return True


_PARTITION = re.compile(r"^aws(-[a-z]+)*$")
_REGION = re.compile(r"^[a-z]{2}(-[a-z]+)+-\d{1,2}$")
_ACCOUNT = re.compile(r"^(aws|aws-managed|third-party|\d{12}|cw.{10})$")


def _arn(value: str, k: str) -> list[str]:
    """``verify.ValidARN``'s checks and words."""
    if value == "":
        return []
    prefix = f"{go_quote(k)} ({value}) is an invalid ARN"
    if not value.startswith("arn:"):
        return [f"{prefix}: arn: invalid prefix"]
    sections = value.split(":", 5)
    if len(sections) < 6:
        return [f"{prefix}: arn: not enough sections"]
    _, partition, _, region, account, resource = sections
    if partition == "":
        return [f"{prefix}: missing partition value"]
    if not _PARTITION.match(partition):
        return [f"{prefix}: invalid partition value (expecting to match regular expression: {_PARTITION.pattern})"]
    if region != "" and not _REGION.match(region):
        return [f"{prefix}: invalid region value (expecting to match regular expression: {_REGION.pattern})"]
    if account != "" and not _ACCOUNT.match(account):
        return [f"{prefix}: invalid account ID value (expecting to match regular expression: {_ACCOUNT.pattern})"]
    if resource == "":
        return [f"{prefix}: missing resource value"]
    return []


def _policy_json(value: str, k: str, max_length: int | None) -> list[str]:
    """``verify.ValidIAMPolicyJSON``'s checks: a JSON object without leading space, within the size limit."""
    if max_length is not None and len(value) > max_length:
        return [f"{go_quote(k)} policy must be at most {max_length} characters, got {len(value)}"]
    if value[:1].isspace():
        return [f"{go_quote(k)} contains an invalid JSON policy: leading space characters are not allowed"]
    try:
        parsed = json.loads(value)
    except ValueError as error:
        return [f"{go_quote(k)} contains an invalid JSON policy: {error}"]
    if not isinstance(parsed, dict):
        return [f"{go_quote(k)} contains an invalid JSON policy: not a JSON object"]
    return []


def _custom(rule: dict[str, Any], value: Any, k: str) -> list[str]:
    """A service's hand-written validator (``validName``, ``validEnvironment``): its checks in source order."""
    subjects: list[dict[str, str]]
    if rule["over"] == "map":
        if not isinstance(value, dict):
            return []
        subjects = [{"envK": str(key), "envV": str(v)} for key, v in sorted(value.items())]
    else:
        if not isinstance(value, str):
            return []
        subjects = [{"value": value}]
    messages: list[str] = []
    for subject in subjects:
        for check in rule["checks"]:
            text = subject.get(check["subject"], subject.get("value", ""))
            if check["kind"] == "max_len":
                failed = len(text.encode()) > check["limit"]
            else:
                regex = _regex(check["pattern"])
                if regex is None:
                    continue
                hit = regex.search(text) is not None
                failed = not hit if check["kind"] == "must_match" else hit
            if failed:
                args = [k, text]
                if "args" in check:  # the message's own arguments, e.g. the pattern between the key and the value
                    fills = {"key": k, "subject": text, "limit": str(check.get("limit"))}
                    args = [a["literal"] if "literal" in a else fills[a["from"]] for a in check["args"]]
                messages.append(_go_format(check["message"], args, check.get("limit"), "args" in check))
    return messages


def _go_format(message: str, args: list[str], limit: int | None, positional: bool = False) -> str:
    """``fmt.Errorf`` for the verbs the provider's messages use (%q, %d, %s); ``%d`` is the limit, or the next
    argument when ``positional`` (the message's own argument list was recorded)."""
    queue = list(args)

    def verb(match: re.Match[str]) -> str:
        if match.group(1) == "d" and not positional:
            return str(limit)
        item = queue.pop(0) if queue else ""
        return go_quote(item) if match.group(1) == "q" else item

    return re.sub(r"%([qds])", verb, message)


# ----------------------------------------------------------------------------------------------------------------
# the plugin framework (awscc)
# ----------------------------------------------------------------------------------------------------------------
def _framework_rules(spec: dict[str, Any], value: Any, path: Path, out: list[Finding], is_unknown: IsUnknown) -> None:
    where = _framework_path(path)
    for rule in spec.get("rules", []):
        kind = rule["kind"]
        low, high = rule.get("min"), rule.get("max")
        if kind == "fw_size" and isinstance(value, list):
            n = len(value)
            if (low is None or n >= low) and (high is None or n <= high):
                continue
            if low is not None and high is not None:
                bound = f"at least {_go_number(low)} elements and at most {_go_number(high)} elements"
            elif low is not None:
                bound = f"at least {_go_number(low)} elements"
            else:
                bound = f"at most {_go_number(high)} elements"
            out.append(
                Finding("Invalid Attribute Value", f"Attribute {where} list must contain {bound}, got: {n}", path)
            )
        elif isinstance(value, (dict, list)) or is_unknown(value):
            continue
        elif kind == "fw_length":
            n = len(str(value))
            if (low is None or n >= low) and (high is None or n <= high):
                continue
            out.append(
                Finding(
                    "Invalid Attribute Value Length",
                    f"Attribute {where} string length must be {_bounds(low, high)}, got: {n}",
                    path,
                )
            )
        elif kind == "fw_value" and not isinstance(value, bool):
            if (low is None or value >= low) and (high is None or value <= high):
                continue
            out.append(
                Finding(
                    "Invalid Attribute Value",
                    f"Attribute {where} value must be {_bounds(low, high)}, got: {_go_number(value)}",
                    path,
                )
            )
        elif kind == "fw_one_of" and value not in rule["values"]:
            out.append(
                Finding(
                    "Invalid Attribute Value Match",
                    f"Attribute {where} value must be one of: {go_quote(rule['values'])}, got: {go_quote(value)}",
                    path,
                )
            )
        elif kind == "fw_regex":
            regex = _regex(rule["pattern"])
            if regex is None or regex.search(str(value)) is not None:
                continue
            what = rule["message"] or f"value must match regular expression '{rule['pattern']}'"
            out.append(Finding("Invalid Attribute Value Match", f"Attribute {where} {what}, got: {value}", path))


def _bounds(low: float | None, high: float | None) -> str:
    if low is not None and high is not None:
        return f"between {_go_number(low)} and {_go_number(high)}"
    if low is not None:
        return f"at least {_go_number(low)}"
    return f"at most {_go_number(high)}"


# ----------------------------------------------------------------------------------------------------------------
# CustomizeDiff (plan time)
# ----------------------------------------------------------------------------------------------------------------
def check_plan(type_name: str, planned: Any, is_unknown: IsUnknown) -> list[Finding]:
    """The provider's CustomizeDiff checks of a planned resource, with its messages; a check with an unknown input
    is skipped (the provider decides it once the value is known).

    Example::

        check_plan("aws_cloudwatch_metric_alarm", {"metric_name": "Invocations"}, is_unknown)
        # [Finding("One of `statistic` or `extended_statistic` must be set for a cloudwatch metric alarm", "", ())]
    """
    entry = _resource(type_name)
    checks = entry.get("customize_diff") if entry else None
    if not checks or not isinstance(planned, dict):
        return []
    findings: list[Finding] = []
    for check in checks:
        if check["kind"] == "exactly_one_when_set":
            names = [check["when"], *check["of"]]
            if any(is_unknown(planned.get(n)) for n in names):
                continue
            given = [n for n in check["of"] if _given(planned.get(n))]
            if _given(planned.get(check["when"])) and len(given) != 1:
                findings.append(Finding(check["message"], "", ()))
        elif check["kind"] == "not_both_in_each":
            elements = planned.get(check["block"])
            if not isinstance(elements, list):
                continue
            for element in elements:
                values = [element.get(n) for n in check["of"]] if isinstance(element, dict) else [None]
                if not any(is_unknown(v) for v in values) and all(_given(v) for v in values):
                    findings.append(Finding(check["message"], "", ()))
                    break  # the provider returns at the first one
    return findings


def _given(value: Any) -> bool:
    """``GetOk``: set and not the zero value (an empty string or an empty list is not set)."""
    return value not in (None, "", [], {})


# ----------------------------------------------------------------------------------------------------------------
# the request the plan implies (botocore's service models)
# ----------------------------------------------------------------------------------------------------------------
def check_request(type_name: str, planned: Any, is_unknown: IsUnknown) -> list[Finding]:
    """What the AWS API would refuse in the CreateX / PutX request a planned resource becomes.

    Only arguments the provider leaves unvalidated are listed in the rules (the provider's own check speaks first
    otherwise); unknown values are skipped.

    Example::

        check_request("aws_appautoscaling_target", planned, is_unknown)
        # [Finding("invalid scalable_dimension: RegisterScalableTarget would fail ...", ..., ("scalable_dimension",))]
    """
    entry = _resource(type_name)
    request = entry.get("request") if entry else None
    if not request or not isinstance(planned, dict):
        return []
    findings: list[Finding] = []
    botocore = rules_document().get("botocore", "")
    for dotted, rule in sorted(request["attributes"].items()):
        for path, value in _values_at(planned, dotted.split("."), (), is_unknown):
            for constraint, shown in _constraints(rule, value):
                member = _member_at(rule["member"], path)
                findings.append(
                    Finding(
                        f"invalid {flatmap_key(path)}: {request['operation']} would fail with ValidationException: "
                        f"Value '{shown}' at '{member}' failed to satisfy constraint: {constraint}",
                        f"{flatmap_key(path)} is sent as {rule['member']}; the constraint is from botocore "
                        f"{botocore}'s {request['service']} service model (shape {rule['shape']}).",
                        path,
                    )
                )
    return findings


def _values_at(obj: Any, steps: list[str], path: Path, is_unknown: IsUnknown) -> Iterator[tuple[Path, Any]]:
    if is_unknown(obj) or obj is None:
        return
    if not steps:
        if _known(obj, is_unknown):
            yield path, obj
        return
    if isinstance(obj, list):
        for index, element in enumerate(obj):
            yield from _values_at(element, steps, (*path, index), is_unknown)
        return
    if isinstance(obj, dict):
        yield from _values_at(obj.get(steps[0]), steps[1:], (*path, steps[0]), is_unknown)


def _member_at(member: str, path: Path) -> str:
    """``CreateEndpointConfig.ProductionVariants[].VariantName`` with the plan's (1-based, as AWS counts) indices."""
    indices = [p for p in path if isinstance(p, int)]
    parts = []
    for part in member.split(".")[1:]:
        if part.endswith("[]"):
            part = f"{part[:-2]}.{indices.pop(0) + 1 if indices else 1}.member"
        parts.append(part[:1].lower() + part[1:])
    return ".".join(parts)


def _constraints(rule: dict[str, Any], value: Any) -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    kind = rule["type"]
    if (kind == "string" and isinstance(value, str)) or (
        kind in ("integer", "long", "float", "double") and isinstance(value, (int, float))
    ):
        out.extend(_scalar_constraints(rule, value, ""))
    elif kind in ("list", "map") and isinstance(value, (list, dict)) and value:  # an empty one is not sent
        n = len(value)
        if "min" in rule and n < rule["min"]:
            out.append((f"Member must have length greater than or equal to {rule['min']}", _shown(value)))
        if "max" in rule and n > rule["max"]:
            out.append((f"Member must have length less than or equal to {rule['max']}", _shown(value)))
        elements = list(value) if isinstance(value, list) else []
        for element in elements:
            out.extend(_scalar_constraints(rule, element, "member_"))
        if isinstance(value, dict):
            for key, item in value.items():
                out.extend(_scalar_constraints(rule, key, "key_"))
                out.extend(_scalar_constraints(rule, item, "value_"))
    return out


def _shown(value: Any) -> str:
    return json.dumps(value, sort_keys=True) if isinstance(value, (list, dict)) else str(value)


def _scalar_constraints(rule: dict[str, Any], value: Any, prefix: str) -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    enum = rule.get(f"{prefix}enum")
    if enum is not None and value not in enum:
        out.append((f"Member must satisfy enum value set: [{', '.join(enum)}]", value))
    low, high = rule.get(f"{prefix}min"), rule.get(f"{prefix}max")
    if isinstance(value, str):
        if low is not None and len(value) < low:
            out.append((f"Member must have length greater than or equal to {low}", value))
        if high is not None and len(value) > high:
            out.append((f"Member must have length less than or equal to {high}", value))
        pattern = rule.get(f"{prefix}pattern")
        regex = _regex(pattern) if pattern else None
        if regex is not None and regex.fullmatch(value) is None:
            out.append((f"Member must satisfy regular expression pattern: {pattern}", value))
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        if low is not None and value < low:
            out.append((f"Member must have value greater than or equal to {low}", _go_number(value)))
        if high is not None and value > high:
            out.append((f"Member must have value less than or equal to {high}", _go_number(value)))
    return out
