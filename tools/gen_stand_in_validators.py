"""Regenerate sagemaker_tf/testing/_validators.json: the real providers' validators, for the offline stand-in.

The stand-in providers (sagemaker_tf/testing/_plugin.py) run these where the real providers run theirs
(ValidateResourceConfig), so a bad value planted with ``add_override`` fails ``terraform validate`` offline with the
provider's own words. Three sources:

- **hashicorp/terraform-provider-aws** (SDKv2): every ``Schema: map[string]*schema.Schema{...}`` of the resource
  types the library emits, read from Go source: ``ValidateFunc`` / ``ValidateDiagFunc`` (``validation.*``,
  ``enum.Validate[...]``, ``verify.ValidARN`` and the service's own helpers in its ``validate.go``),
  ``ConflictsWith``, ``ExactlyOneOf``, ``AtLeastOneOf``, ``MinItems`` / ``MaxItems``.
- **hashicorp/terraform-provider-awscc** (plugin framework): the ``Validators: []validator.X{...}`` of
  ``awscc_sagemaker_inference_component`` from ``inference_component_resource_gen.go``.
- **botocore's service models** (the botocore installed with the ``test`` extra): the enum values behind
  ``enum.Validate[awstypes.X]()`` / ``X_Values()``, and, for arguments the provider does not validate, the
  constraints of the request member the argument becomes (enum, min/max length or value, pattern), so the stand-in
  refuses what the CreateX / PutX call would.

Usage::

    python tools/gen_stand_in_validators.py --aws-src DIR [--aws-sources DIR/SOURCES.json] --awscc-git GITDIR

``DIR`` holds provider files at their repository paths (a checkout, or copies of the files read); when it is a git
checkout its HEAD commit is recorded, otherwise ``SOURCES.json`` (``{"files": {path: {"commit": sha}}}``, or
``{"commit": null, "document": ..., "note": ...}`` for a version read without a commit) says where each file came
from. ``GITDIR`` is a git directory of terraform-provider-awscc (its HEAD is read and recorded).
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "sagemaker_tf" / "testing" / "_validators.json"

# resource type -> (provider file, botocore service, request operation, TF attribute -> request member overrides)
AWS_RESOURCES: dict[str, tuple[str, str, str | None, dict[str, str]]] = {
    "aws_sagemaker_model": (
        "internal/service/sagemaker/model.go",
        "sagemaker",
        "CreateModel",
        {"name": "ModelName", "container": "Containers", "execution_role_arn": "ExecutionRoleArn"},
    ),
    "aws_sagemaker_endpoint_configuration": (
        "internal/service/sagemaker/endpoint_configuration.go",
        "sagemaker",
        "CreateEndpointConfig",
        {"name": "EndpointConfigName", "kms_key_arn": "KmsKeyId"},
    ),
    "aws_sagemaker_endpoint": (
        "internal/service/sagemaker/endpoint.go",
        "sagemaker",
        "CreateEndpoint",
        {"name": "EndpointName"},
    ),
    "aws_appautoscaling_target": (
        "internal/service/appautoscaling/target.go",
        "application-autoscaling",
        "RegisterScalableTarget",
        {"role_arn": "RoleARN"},
    ),
    "aws_appautoscaling_policy": (
        "internal/service/appautoscaling/policy.go",
        "application-autoscaling",
        "PutScalingPolicy",
        {"name": "PolicyName", "step_scaling_policy_configuration.step_adjustment": "StepAdjustments"},
    ),
    "aws_appautoscaling_scheduled_action": (
        "internal/service/appautoscaling/scheduled_action.go",
        "application-autoscaling",
        "PutScheduledAction",
        {"name": "ScheduledActionName"},
    ),
    "aws_cloudwatch_metric_alarm": ("internal/service/cloudwatch/metric_alarm.go", "cloudwatch", None, {}),
    "aws_iam_role": ("internal/service/iam/role.go", "iam", None, {}),
    "aws_iam_role_policy": ("internal/service/iam/role_policy.go", "iam", None, {}),
    "aws_iam_role_policy_attachment": ("internal/service/iam/role_policy_attachment.go", "iam", None, {}),
}
AWSCC_RESOURCES = {"awscc_sagemaker_inference_component": "internal/aws/sagemaker/inference_component_resource_gen.go"}
# Go package alias of the AWS SDK in provider files -> botocore service (enum.Validate[awstypes.X] and X_Values())
SDK_SERVICES = {
    "sagemaker": "sagemaker",
    "applicationautoscaling": "application-autoscaling",
    "cloudwatch": "cloudwatch",
    "iam": "iam",
}
# helpers whose values live in a service's consts.go, which the extraction does not read
LOCAL_VALUES = {
    "lowSampleCountPercentiles_Values": ["evaluate", "ignore"],
    "missingData_Values": ["breaching", "notBreaching", "ignore", "missing"],
}
UNIQUE_ID_SUFFIX_LENGTH = 26  # terraform-plugin-sdk helper/id.UniqueIDSuffixLength
# CustomizeDiff checks (run at plan time) of the resource types we emit, described by hand: a CustomizeDiff is Go
# code, not a schema field. Each message must appear verbatim in the provider file read (checked below), so a check
# whose source changed fails the regeneration. aws_appautoscaling_policy and the SageMaker resources have none
# beyond tags (verify.SetTagsDiff) in the versions read.
CUSTOMIZE_DIFF: dict[str, list[dict[str, Any]]] = {
    "aws_cloudwatch_metric_alarm": [
        {
            # metric_name set: exactly one of statistic / extended_statistic (diff.GetOk: set and not empty)
            "kind": "exactly_one_when_set",
            "when": "metric_name",
            "of": ["statistic", "extended_statistic"],
            "message": "One of `statistic` or `extended_statistic` must be set for a cloudwatch metric alarm",
        },
        {
            # no metric_query element with both a non-empty expression and a metric block
            "kind": "not_both_in_each",
            "block": "metric_query",
            "of": ["expression", "metric"],
            "message": "No metric_query may have both `expression` and a `metric` specified",
        },
    ],
}


# ----------------------------------------------------------------------------------------------------------------
# a small Go reader: matching brackets, top-level splitting, string literals
# ----------------------------------------------------------------------------------------------------------------
_OPEN = {"{": "}", "(": ")", "[": "]"}


def _skip_literal(text: str, i: int) -> int:
    """Index after the string, raw string, rune literal or comment starting at ``i`` (``i`` itself otherwise)."""
    c = text[i]
    if c == "`":
        return text.index("`", i + 1) + 1
    if c in "\"'":
        j = i + 1
        while text[j] != c:
            j += 2 if text[j] == "\\" else 1
        return j + 1
    if text.startswith("//", i):
        end = text.find("\n", i)
        return len(text) if end < 0 else end
    if text.startswith("/*", i):
        return text.index("*/", i) + 2
    return i


def matching(text: str, i: int) -> int:
    """Index of the bracket closing the one at ``text[i]``."""
    stack = [_OPEN[text[i]]]
    j = i + 1
    while stack:
        k = _skip_literal(text, j)
        if k != j:
            j = k
            continue
        c = text[j]
        if c in _OPEN:
            stack.append(_OPEN[c])
        elif c in ")]}" and c != stack.pop():
            raise ValueError(f"unbalanced {c!r} at {j}")
        j += 1
    return j - 1


def split_top(text: str, sep: str = ",") -> list[str]:
    """Split at top-level ``sep`` (outside brackets, strings and comments); empty parts dropped."""
    parts, depth, start, j = [], 0, 0, 0
    while j < len(text):
        k = _skip_literal(text, j)
        if k != j:
            j = k
            continue
        c = text[j]
        if c in _OPEN:
            depth += 1
        elif c in ")]}":
            depth -= 1
        elif c == sep and depth == 0:
            parts.append(text[start:j])
            start = j + 1
        j += 1
    parts.append(text[start:])
    return [p for p in (_strip_comments(p).strip() for p in parts) if p]


def _strip_comments(text: str) -> str:
    out, j = [], 0
    while j < len(text):
        k = _skip_literal(text, j)
        if k != j:
            if text[j] in "`\"'":
                out.append(text[j:k])
            j = k
            continue
        out.append(text[j])
        j += 1
    return "".join(out)


def go_string(literal: str) -> str:
    """The value of a Go string literal (interpreted or raw)."""
    literal = literal.strip()
    if literal.startswith("`"):
        return literal[1:-1]
    return str(json.loads(literal))


def call_parts(expr: str) -> tuple[str, list[str]] | None:
    """``pkg.Fn[T](a, b)`` -> ("pkg.Fn[T]", ["a", "b"]); None when ``expr`` is not a call."""
    expr = expr.strip()
    m = re.match(r"[\w.]+(?:\[[\w.]+\])?\(", expr)
    if m is None or matching(expr, m.end() - 1) != len(expr) - 1:
        return None
    return expr[: m.end() - 1], split_top(expr[m.end() : -1])


# ----------------------------------------------------------------------------------------------------------------
# names.AttrX, constants
# ----------------------------------------------------------------------------------------------------------------
def attr_name(key: str) -> str:
    """A schema key: ``"name"`` or ``names.AttrKMSKeyARN`` (-> ``kms_key_arn``)."""
    key = key.strip()
    if key.startswith('"'):
        return go_string(key)
    m = re.fullmatch(r"names\.Attr(\w+)", key)
    if not m:
        raise ValueError(f"unknown schema key {key}")
    words = re.sub(r"([A-Z]{2,})s\b", lambda p: p.group(1).capitalize() + "s", m.group(1))  # IDs -> Ids
    words = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", words)
    words = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", words)
    return words.lower()


def constants(text: str) -> dict[str, int]:
    """Integer constants of a file (``name = 64``, ``name = other - resource.UniqueIDSuffixLength``)."""
    out: dict[str, int] = {}
    for m in re.finditer(r"^\s*(\w+)\s*=\s*([\w. +-]+)$", text, re.M):
        expr = re.sub(r"\b\w+\.UniqueIDSuffixLength\b", str(UNIQUE_ID_SUFFIX_LENGTH), m.group(2))
        expr = re.sub(r"\b[A-Za-z_]\w*\b", lambda w: str(out.get(w.group(0), w.group(0))), expr)
        if re.fullmatch(r"[\d +-]+", expr):
            out[m.group(1)] = int(eval(expr))  # digits and +/- only
    return out


# ----------------------------------------------------------------------------------------------------------------
# validators
# ----------------------------------------------------------------------------------------------------------------
class Extractor:
    """Turns Go validator expressions into the JSON rules ``_validators.py`` runs."""

    def __init__(self, models: dict[str, dict[str, Any]], helpers: dict[str, str], consts: dict[str, int]) -> None:
        self.models = models
        self.helpers = helpers  # name -> Go source of a helper (var expression or func body)
        self.consts = consts
        self.unresolved: list[str] = []

    def enum(self, service: str, shape: str) -> list[str]:
        values: list[str] = self.models[service]["shapes"][shape]["enum"]
        return values

    def values(self, expr: str, service: str) -> list[str] | None:
        expr = expr.strip()
        if expr.startswith("[]string{"):
            return [go_string(v) for v in split_top(expr[len("[]string{") : -1])]
        m = re.fullmatch(r"enum\.Values\[\w+\.(\w+)\]\(\)", expr)
        if m:
            return self.enum(service, m.group(1))
        m = re.fullmatch(r"(\w+)\.(\w+)_Values\(\)", expr)
        if m and m.group(1) in SDK_SERVICES:
            return self.enum(SDK_SERVICES[m.group(1)], m.group(2))
        m = re.fullmatch(r"(\w+)\(\)", expr)
        if m and m.group(1) in LOCAL_VALUES:
            return LOCAL_VALUES[m.group(1)]
        return None

    def int_arg(self, expr: str) -> int:
        expr = expr.strip()
        return int(self.consts.get(expr, expr))

    def rules(self, expr: str, service: str, diag: bool) -> list[dict[str, Any]]:
        """The rules of one ``ValidateFunc`` / ``ValidateDiagFunc`` expression (``diag``: the message names the
        attribute by its last name, as ``validation.ToDiagFunc`` does; else by its full flatmap key)."""
        expr = expr.strip()
        key = "last" if diag else "full"
        if expr == "verify.ValidARN":
            return [{"kind": "arn", "key": key}]
        if expr == "validation.StringIsJSON":
            return [{"kind": "json", "key": key}]
        if expr == "validation.StringIsNotEmpty":
            return [{"kind": "not_empty", "key": key}]
        if expr == "validation.IsRFC3339Time":
            return [{"kind": "rfc3339", "key": key}]
        if expr in ("verify.ValidIAMPolicyJSON",):
            return [{"kind": "iam_policy_json", "key": key}]
        if expr.startswith("func("):
            return self.func_literal(expr, key)
        parts = call_parts(expr)
        if parts is None:
            return self.helper(expr, service, diag)
        fn, args = parts
        if fn in ("validation.All",):
            return [r for a in args for r in self.rules(a, service, diag)]
        if fn in ("validation.Any", "validation.AnyDiag"):
            options = [self.rules(a, service, diag or fn.endswith("Diag")) for a in args]
            if any(not o for o in options):  # an option the stand-in cannot check: the value may pass by it
                return []
            return [{"kind": "any", "of": options}]
        if fn == "validation.ToDiagFunc":
            return self.rules(args[0], service, True)
        if fn == "validation.StringInSlice":
            values = self.values(args[0], service)
            if values is None:
                self.unresolved.append(expr)
                return []
            return [{"kind": "string_in_slice", "values": values, "ignore_case": args[1] == "true", "key": key}]
        m = re.fullmatch(r"enum\.Validate(IgnoreCase)?\[\w+\.(\w+)\]", fn)
        if m:
            return [
                {
                    "kind": "string_in_slice",
                    "values": self.enum(service, m.group(2)),
                    "ignore_case": bool(m.group(1)),
                    "key": "last",
                }
            ]
        if fn == "validation.StringLenBetween":
            return [
                {"kind": "string_len_between", "min": self.int_arg(args[0]), "max": self.int_arg(args[1]), "key": key}
            ]
        if fn in ("validation.StringMatch", "validation.StringDoesNotMatch"):
            regexp = self.helpers.get(args[0].strip(), args[0])  # a regexp held in a package variable
            pattern = go_string(call_parts(regexp)[1][0])  # type: ignore[index]
            kind = "string_match" if fn.endswith("StringMatch") else "string_does_not_match"
            return [{"kind": kind, "pattern": pattern, "message": go_string(args[1]), "key": key}]
        if fn in ("validation.IntBetween", "validation.FloatBetween"):
            kind = "int_between" if fn.endswith("IntBetween") else "float_between"
            return [{"kind": kind, "min": float(args[0]), "max": float(args[1]), "key": key}]
        if fn in ("validation.IntAtLeast", "validation.IntAtMost", "validation.FloatAtLeast", "validation.FloatAtMost"):
            kind = {"IntAtLeast": "int_at_least", "IntAtMost": "int_at_most"}.get(fn.split(".")[1], fn.split(".")[1])
            kind = {"FloatAtLeast": "float_at_least", "FloatAtMost": "float_at_most"}.get(kind, kind)
            return [{"kind": kind, "limit": float(args[0]), "key": key}]
        if fn == "validation.IntInSlice":
            return [
                {"kind": "int_in_slice", "values": [int(v) for v in split_top(args[0][len("[]int{") : -1])], "key": key}
            ]
        if fn == "validation.IntDivisibleBy":
            return [{"kind": "int_divisible_by", "divisor": int(args[0]), "key": key}]
        if fn == "nullable.ValidateTypeStringNullableIntAtLeast":
            return [{"kind": "nullable_int_at_least", "limit": int(args[0]), "key": key}]
        if fn == "verify.ValidIAMPolicyJSON":
            return [{"kind": "iam_policy_json", "max": self.int_arg(args[0]), "key": key}]
        if fn in self.helpers or fn.split(".")[-1] in self.helpers:
            return self.helper(expr, service, diag)
        self.unresolved.append(expr)
        return []

    def func_literal(self, expr: str, key: str) -> list[dict[str, Any]]:
        """An inline ``func(v any, k string) ...`` validator. The one shape read: an error when the value IS a valid
        ARN (``if _, errs := verify.ValidARN(v, k); len(errs) == 0``), e.g. a role's name wanted, not its ARN."""
        m = re.search(
            r"if _, \w+ := verify\.ValidARN\(\w+, \w+\); len\(\w+\) == 0 \{\s*\w+ = append\(\w+, fmt\.Errorf\("
            r"(\"(?:[^\"\\]|\\.)*\"), \w+\)\)",
            expr,
        )
        if m is None:
            self.unresolved.append(expr)
            return []
        return [{"kind": "not_arn", "message": go_string(m.group(1)), "key": key}]

    def helper(self, expr: str, service: str, diag: bool) -> list[dict[str, Any]]:
        """A service's own validator (``validName``, ``validResourceName(64)``), from its validate.go."""
        parts = call_parts(expr)
        name = parts[0] if parts else expr
        source = self.helpers.get(name)
        if source is None:
            self.unresolved.append(expr)
            return []
        if source.startswith("func"):
            param = re.match(r"func \w+\((\w+) int\)", source)
            if param and parts:  # a parametric helper returning validation.All(...)
                body = source[source.index("return") + len("return") : source.rindex("}")].strip()
                body = re.sub(rf"\b{param.group(1)}\b", str(self.int_arg(parts[1][0])), body)
                return self.rules(body, service, diag)
            return self.custom(name, source, diag)
        return self.rules(source, service, diag)

    def custom(self, name: str, source: str, diag: bool) -> list[dict[str, Any]]:
        """A hand-written ``func(v any, k string) (ws []string, errors []error)``: its ``if`` checks in order."""
        checks: list[dict[str, Any]] = []
        local = {m.group(1): m.group(2).strip() for m in re.finditer(r"(\w+) := ([^\n]+)", source)}
        key_param = re.match(r"func \w+\(\w+ \w+(?:\{\})?, (\w+) string\)", source)
        key_name = key_param.group(1) if key_param else "k"
        for m in re.finditer(r"if (.+?) \{\s*errors = append\(errors, fmt\.Errorf\(", source):
            open_at = m.end() - 1
            message, *arg_exprs = split_top(source[open_at + 1 : matching(source, open_at)])
            cond, message = m.group(1), go_string(message)
            check: dict[str, Any] = {"message": message}
            rm = re.fullmatch(
                r"(!?)(?:regexache|regexp)\.MustCompile\((`[^`]*`|\w+)\)\.MatchString\((\w+)(?:\.\(string\))?\)", cond
            )
            lm = re.fullmatch(r"len\((\w+)(?:\.\(string\))?\) > (\w+)", cond)
            if rm:
                literal = local.get(rm.group(2), rm.group(2))
                check.update(
                    kind="must_match" if rm.group(1) else "must_not_match",
                    pattern=go_string(literal),
                    subject=rm.group(3),
                )
            elif lm:
                limit = lm.group(2)
                if not limit.isdigit():
                    limit = local[limit].replace("sdkid.UniqueIDSuffixLength", str(UNIQUE_ID_SUFFIX_LENGTH))
                    limit = str(eval(limit)) if re.fullmatch(r"[\d +-]+", limit) else limit
                check.update(kind="max_len", limit=int(limit), subject=lm.group(1))
            else:
                self.unresolved.append(f"{name}: {cond}")
                continue
            # the message's arguments: the key, the subject and a limit are filled in by the stand-in; a local string
            # (the pattern itself, in validEC2AutomateARN) is recorded by value
            args = [a.strip() for a in arg_exprs]
            if any(local.get(a, "").startswith(("`", '"')) for a in args):
                check["args"] = [
                    {"literal": go_string(local[a])}
                    if local.get(a, "").startswith(("`", '"'))
                    else {
                        "from": "key" if a == key_name else ("subject" if a.startswith(check["subject"]) else "limit")
                    }
                    for a in args
                ]
            checks.append(check)
        over = "map" if "map[string]any" in source or "map[string]interface{}" in source else "string"
        return [{"kind": "custom", "name": name, "over": over, "checks": checks, "key": "last" if diag else "full"}]


def helpers_of(text: str) -> dict[str, str]:
    """Helper validators of a service's validate.go: ``var x = expr`` (also inside ``var ( ... )``) and funcs."""
    out: dict[str, str] = {}
    for m in re.finditer(r"^func (\w+)\(", text, re.M):
        start = m.start()
        body_open = text.index("{", text.index(")", start))
        # a func's result list may hold braces only in types; the body is the first { after the signature line
        body_open = text.index("{\n", start)
        out[m.group(1)] = text[start : matching(text, body_open) + 1]
    for m in re.finditer(r"^(?:var\s+|\t)(\w+)\s*=\s*", text, re.M):
        j = m.end()
        k = _expr_end(text, j)
        out.setdefault(m.group(1), text[j:k].strip())
    return out


def _expr_end(text: str, j: int) -> int:
    depth = 0
    while j < len(text):
        k = _skip_literal(text, j)
        if k != j:
            j = k
            continue
        c = text[j]
        if c in _OPEN:
            depth += 1
        elif c in ")]}":
            if depth == 0:
                return j
            depth -= 1
        elif c == "\n" and depth == 0:
            return j
        j += 1
    return j


# ----------------------------------------------------------------------------------------------------------------
# SDKv2 schemas
# ----------------------------------------------------------------------------------------------------------------
def schema_map(text: str, type_name: str) -> str:
    """The body of the top-level schema map of the resource annotated ``@SDKResource("type_name"...)``."""
    at = text.index(f'@SDKResource("{type_name}"')
    open_at = text.index("map[string]*schema.Schema{", at) + len("map[string]*schema.Schema")
    return text[open_at + 1 : matching(text, open_at)]


def fields_of(value: str) -> dict[str, str]:
    inner = value.strip()
    assert inner.startswith("{") and inner.endswith("}"), inner[:80]
    out = {}
    for part in split_top(inner[1:-1]):
        name, _, expr = part.partition(":")
        out[name.strip()] = expr.strip()
    return out


def walk_schema(body: str, prefix: str, ex: Extractor, service: str, out: dict[str, Any]) -> None:
    for entry in split_top(body):
        key, _, value = entry.partition(":")
        name = attr_name(key)
        path = f"{prefix}{name}"
        value = value.strip()
        spec: dict[str, Any] = {}
        if not value.startswith("{"):  # tftags.TagsSchema() and friends
            spec["type"] = "map"
            out[path] = spec
            continue
        fields = fields_of(value)
        spec["type"] = fields.get("Type", "").split(".")[-1].removeprefix("Type").lower()
        for go_name, rule_name in (("MaxItems", "max_items"), ("MinItems", "min_items")):
            if go_name in fields:
                spec[rule_name] = int(fields[go_name])
        for go_name, rule_name in (
            ("ConflictsWith", "conflicts_with"),
            ("ExactlyOneOf", "exactly_one_of"),
            ("AtLeastOneOf", "at_least_one_of"),
            ("RequiredWith", "required_with"),
        ):
            if go_name in fields:
                spec[rule_name] = [attr_name(k) for k in split_top(fields[go_name][len("[]string{") : -1])]
        rules: list[dict[str, Any]] = []
        if "ValidateFunc" in fields:
            rules += ex.rules(fields["ValidateFunc"], service, diag=False)
        if "ValidateDiagFunc" in fields:
            rules += ex.rules(fields["ValidateDiagFunc"], service, diag=True)
        if rules:
            spec["rules"] = rules
        elem = fields.get("Elem", "")
        out[path] = spec
        if elem.startswith("&schema.Resource{"):
            inner = fields_of(elem[len("&schema.Resource") :])
            schema_body = inner["Schema"]
            open_at = schema_body.index("{")
            walk_schema(schema_body[open_at + 1 : matching(schema_body, open_at)], f"{path}.", ex, service, out)
            spec["block"] = True
        elif elem.startswith("&schema.Schema{"):
            elem_fields = fields_of(elem[len("&schema.Schema") :])
            elem_rules: list[dict[str, Any]] = []
            if "ValidateFunc" in elem_fields:
                elem_rules += ex.rules(elem_fields["ValidateFunc"], service, diag=False)
            if "ValidateDiagFunc" in elem_fields:
                elem_rules += ex.rules(elem_fields["ValidateDiagFunc"], service, diag=True)
            if elem_rules:
                spec["element_rules"] = elem_rules


# ----------------------------------------------------------------------------------------------------------------
# awscc (plugin framework, generated)
# ----------------------------------------------------------------------------------------------------------------
_FW_ATTR = re.compile(r'"(\w+)": schema\.(\w+)Attribute\{ /\*START ATTRIBUTE\*/')


def walk_awscc(text: str, prefix: str, out: dict[str, Any]) -> None:
    j = 0
    while True:
        m = _FW_ATTR.search(text, j)
        if m is None:
            return
        open_at = m.end() - len("{ /*START ATTRIBUTE*/")
        close = matching(text, open_at)
        body = text[open_at + 1 : close]
        path = f"{prefix}{m.group(1)}"
        nested = ""
        nm = re.search(r"Attributes: map\[string\]schema\.Attribute\{", body)
        own = body
        if nm:
            nopen = nm.end() - 1
            nclose = matching(body, nopen)
            nested = body[nopen + 1 : nclose]
            own = body[:nopen] + body[nclose + 1 :]
        spec: dict[str, Any] = {"type": m.group(2).lower()}
        vm = re.search(r"Validators: \[\]validator\.\w+\{ /\*START VALIDATORS\*/(.*?)/\*END VALIDATORS\*/", own, re.S)
        if vm:
            rules = [r for r in (framework_rule(v) for v in split_top(vm.group(1).strip().rstrip("}"))) if r]
            if rules:
                spec["rules"] = rules
        out[path] = spec
        if nested:
            walk_awscc(nested, f"{path}.", out)
        j = close + 1


def framework_rule(expr: str) -> dict[str, Any] | None:
    parts = call_parts(expr)
    if parts is None:
        return None
    fn, args = parts
    pkg, name = fn.split(".", 1)
    if pkg == "fwvalidators":  # NotNull*: required when the parent object is present (Terraform core checks it too)
        return None
    if name == "OneOf":
        return {"kind": "fw_one_of", "values": [go_string(a) for a in args]}
    if name == "RegexMatches":
        pattern = go_string(call_parts(args[0])[1][0])  # type: ignore[index]
        return {"kind": "fw_regex", "pattern": pattern, "message": go_string(args[1])}
    numbers = [float(a) for a in args]
    kinds = {
        "stringvalidator": "fw_length",
        "listvalidator": "fw_size",
        "int64validator": "fw_value",
        "float64validator": "fw_value",
    }
    bounds = {"Between": numbers, "AtLeast": [numbers[0], None], "AtMost": [None, numbers[0]]}
    short = name.removeprefix("Length").removeprefix("Size")
    if pkg in kinds and short in bounds:
        low, high = bounds[short]
        return {"kind": kinds[pkg], "min": low, "max": high}
    raise ValueError(f"unknown framework validator {expr}")


# ----------------------------------------------------------------------------------------------------------------
# botocore request constraints
# ----------------------------------------------------------------------------------------------------------------
def _norm(name: str) -> str:
    return name.replace("_", "").lower()


def request_rules(
    service_model: dict[str, Any], operation: str, overrides: dict[str, str], attributes: dict[str, Any]
) -> dict[str, Any]:
    """For each attribute path the provider leaves unvalidated, the constraints of the request member it becomes."""
    shapes = service_model["shapes"]
    root = service_model["operations"][operation]["input"]["shape"]
    out: dict[str, Any] = {}
    for path, spec in sorted(attributes.items()):
        shape_name, where = root, [operation]
        steps = path.split(".")
        for depth, step in enumerate(steps):
            shape = shapes[shape_name]
            if shape["type"] == "list":
                shape_name = shape["member"]["shape"]
                shape = shapes[shape_name]
                where[-1] += "[]"
            members = shape.get("members", {})
            member = overrides.get(".".join(steps[: depth + 1]))  # keyed by the dotted path from the top
            member = member or next((m for m in members if _norm(m) == _norm(step)), None)
            if member is None or member not in members:
                shape_name = None
                break
            where.append(member)
            shape_name = members[member]["shape"]
        if shape_name is None:
            continue
        shape = shapes[shape_name]
        rule: dict[str, Any] = {"member": ".".join(where), "shape": shape_name, "type": shape["type"]}
        for key in ("enum", "min", "max", "pattern"):
            if key in shape:
                rule[key] = shape[key]
        if shape["type"] == "list":
            member_shape = shapes[shape["member"]["shape"]]
            for key in ("enum", "min", "max", "pattern"):
                if key in member_shape and member_shape["type"] in ("string", "integer", "long", "float", "double"):
                    rule[f"member_{key}"] = member_shape[key]
        if shape["type"] == "map":
            for side in ("key", "value"):
                side_shape = shapes[shape[side]["shape"]]
                for key in ("max", "pattern"):
                    if key in side_shape:
                        rule[f"{side}_{key}"] = side_shape[key]
        if len(rule) > 3:
            if spec.get("rules") or spec.get("element_rules"):
                continue  # the provider validates it: its words come first, as with the real provider
            out[path] = rule
    return out


def botocore_models() -> tuple[str, dict[str, dict[str, Any]]]:
    import botocore  # the test extra's pin
    from botocore.loaders import create_loader

    loader = create_loader()
    services = sorted(set(SDK_SERVICES.values()))
    return botocore.__version__, {s: loader.load_service_model(s, "service-2") for s in services}


def _git_head(directory: Path) -> str | None:
    try:
        out = subprocess.run(
            ["git", "-C", str(directory), "rev-parse", "HEAD"], capture_output=True, text=True, check=True
        )
        return out.stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--aws-src", required=True, type=Path)
    parser.add_argument("--aws-sources", type=Path, help="JSON {files: {path: commit}} when --aws-src is no checkout")
    parser.add_argument("--awscc-git", required=True, type=Path, help="git directory of terraform-provider-awscc")
    args = parser.parse_args(argv)

    botocore_version, models = botocore_models()
    head = _git_head(args.aws_src)
    file_records: dict[str, Any] = {}
    if args.aws_sources is not None:
        file_records = json.loads(args.aws_sources.read_text(encoding="utf-8"))["files"]
    sources: dict[str, Any] = {}

    def where(path: str) -> str:
        """The commit of a file, or what was read instead; each file read is listed in ``sources``."""
        record = {"commit": head} if head else file_records.get(path)
        if record is None:
            raise SystemExit(f"{path}: no commit; run on a checkout or list it in --aws-sources")
        record = record if isinstance(record, dict) else {"commit": None, "note": record}
        sources[path] = record
        if record.get("commit"):
            return str(record["commit"])
        return f"index document {record['document']} ({record['note']}; commit not given)"

    resources: dict[str, Any] = {}
    unresolved: dict[str, list[str]] = {}
    for type_name, (path, service, operation, overrides) in AWS_RESOURCES.items():
        text = (args.aws_src / path).read_text(encoding="utf-8")
        folder = (args.aws_src / path).parent
        helpers: dict[str, str] = {}
        consts: dict[str, int] = {}
        for go_file in sorted(folder.glob("*.go")):  # a helper may use another file's constant
            consts.update(constants(go_file.read_text(encoding="utf-8")))
        validate_go = folder / "validate.go"
        if validate_go.exists():
            helpers = helpers_of(validate_go.read_text(encoding="utf-8"))
            where(str(Path(path).parent / "validate.go"))
        ex = Extractor(models, helpers, consts)
        attributes: dict[str, Any] = {}
        walk_schema(schema_map(text, type_name), "", ex, service, attributes)
        entry: dict[str, Any] = {
            "source": f"hashicorp/terraform-provider-aws {path}@{where(path)}",
            "attributes": attributes,
        }
        if type_name in CUSTOMIZE_DIFF:
            for check in CUSTOMIZE_DIFF[type_name]:
                if f'"{check["message"]}"' not in text:
                    raise SystemExit(f"{path}: CustomizeDiff message not found, re-read the source: {check['message']}")
            entry["customize_diff"] = CUSTOMIZE_DIFF[type_name]
        if operation is not None:
            entry["request"] = {
                "operation": operation,
                "service": service,
                "attributes": request_rules(models[service], operation, overrides, attributes),
            }
        resources[type_name] = entry
        if ex.unresolved:
            unresolved[type_name] = sorted(set(ex.unresolved))
    awscc_head = subprocess.run(
        ["git", f"--git-dir={args.awscc_git}", "rev-parse", "HEAD"], capture_output=True, text=True, check=True
    ).stdout.strip()
    for type_name, path in AWSCC_RESOURCES.items():
        text = subprocess.run(
            ["git", f"--git-dir={args.awscc_git}", "show", f"HEAD:{path}"], capture_output=True, text=True, check=True
        ).stdout
        attributes = {}
        walk_awscc(text, "", attributes)
        resources[type_name] = {
            "source": f"hashicorp/terraform-provider-awscc {path}@{awscc_head}",
            "framework": True,
            "attributes": attributes,
        }
    doc = {
        "//": [
            "Generated by tools/gen_stand_in_validators.py; do not edit. The real providers' validators, per resource",
            "type the library emits, keyed by dotted attribute path (no list indices). 'rules' run on the value,",
            "'element_rules' on each element of a list, set or map; conflicts_with / exactly_one_of / at_least_one_of",
            "hold absolute paths as the provider writes them. 'request' holds, for arguments the provider does not",
            "validate, the constraints of the request member (botocore's service model) the argument becomes.",
            "'customize_diff' holds the provider's plan-time CustomizeDiff checks (described in the generator, each",
            "message found verbatim in the source). 'unresolved' lists validators the extraction could not read (the",
            "stand-in skips them). 'sources' names each terraform-provider-aws file read and its commit (null when a",
            "newer version without one was read).",
        ],
        "botocore": botocore_version,
        "resources": resources,
        "sources": dict(sorted(sources.items())),
        "unresolved": unresolved,
    }
    OUT.write_text(json.dumps(doc, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}: {len(resources)} resource types; unresolved: {unresolved}")


if __name__ == "__main__":
    main(sys.argv[1:])
