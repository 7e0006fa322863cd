"""What the stand-in provider does beyond planning creates: plan updates, apply, and a fake AWS account.

Loaded by ``_plugin.py`` inside the provider process (standard library only, never ``sagemaker_tf``).

- **Update plans.** With a prior state, the planned state is Terraform's proposed state (computed attributes the
  configuration leaves null keep their prior values), and every changed path that the real provider marks
  ``ForceNew`` (``_force_new.json``, taken from terraform-provider-aws) is returned as ``requires_replace``.
- **Apply.** Unknown values become deterministic fake values (a name from ``name_prefix`` plus 26 digits derived
  from the resource's address and configuration, ARNs in the account ``123456789012``), so two runs give the same state.
- **The fake account** (``$SAGEMAKER_TF_OFFLINE_CLOUD``, a JSON file next to the state) remembers which named
  resources exist. A create whose name is taken fails as AWS fails it (``Cannot create already existing model``),
  which is what a create-before-destroy replacement of a fixed-name model or endpoint config runs into.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from collections.abc import Callable
from typing import Any

CLOUD_ENV = "SAGEMAKER_TF_OFFLINE_CLOUD"
# A write-only attribute served on apply runs only and set to each resource's address (Terraform sends it to the
# provider, never keeps it in a plan or a state): fake names are seeded by it, so that two resources with the same
# configuration (two models' default roles) still get different names.
ADDRESS_ATTRIBUTE = "sagemaker_tf_offline_address"
_FORCE_NEW_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "_force_new.json")
_FORCE_NEW_AWSCC_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "_force_new_awscc.json")
_lock = threading.Lock()

# type -> (name attribute, what AWS calls it in its "already exists" error)
NAMED_TYPES: dict[str, tuple[str, str]] = {
    "aws_sagemaker_model": ("name", "Cannot create already existing model"),
    "aws_sagemaker_endpoint_configuration": ("name", "Cannot create already existing endpoint configuration"),
    "aws_sagemaker_endpoint": ("name", "Cannot create already existing endpoint"),
    "aws_iam_role": ("name", "EntityAlreadyExists: Role with name already exists"),
    "aws_cloudwatch_metric_alarm": ("alarm_name", ""),  # PutMetricAlarm overwrites: no conflict
    "aws_s3_bucket": ("bucket", "BucketAlreadyOwnedByYou"),
    "aws_ecr_repository": ("name", "RepositoryAlreadyExistsException"),
    "aws_sns_topic": ("name", ""),  # CreateTopic is idempotent
}
# EC2 resource types -> the prefix of their ids (sg-, subnet-, vpc-, then 17 hex digits, as EC2 gives them)
EC2_ID_PREFIXES = {"aws_security_group": "sg", "aws_subnet": "subnet", "aws_vpc": "vpc"}
_SERVICE = {
    "sagemaker": "sagemaker",
    "iam": "iam",
    "appautoscaling": "application-autoscaling",
    "cloudwatch": "cloudwatch",
    "s3": "s3",
    "ecr": "ecr",
    "sns": "sns",
    "kms": "kms",
    "vpc": "ec2",
    "subnet": "ec2",
    "security": "ec2",
}
_KIND = {
    "aws_sagemaker_endpoint_configuration": "endpoint-config",
    "aws_cloudwatch_metric_alarm": "alarm",
    "aws_appautoscaling_target": "scalable-target",
    "aws_appautoscaling_policy": "scaling-policy",
}


# ----------------------------------------------------------------------------------------------------------------
# ForceNew
# ----------------------------------------------------------------------------------------------------------------
_force_new_cache: dict[str, tuple[list[tuple[str, ...]], list[tuple[str, ...]]]] | None = None


def force_new_path_names(entry: dict[str, Any], provider_version: str | None = None) -> list[str]:
    """The dotted ForceNew paths of one ``_force_new.json`` resource entry.

    ``force_new_since`` paths (arguments that first appear in a newer provider schema) are included when
    ``provider_version`` is ``None`` (the stand-in: an argument the served schema lacks never changes) or at least
    their version.

    Example::

        force_new_path_names(entry, "6.25.0")  # without the 6.69.1-only arguments
    """
    paths = list(entry.get("force_new", [])) + list(entry.get("force_new_newer", []))
    for since, since_paths in sorted(entry.get("force_new_since", {}).items()):
        if provider_version is None or version_tuple(provider_version) >= version_tuple(since):
            paths.extend(since_paths)
    return paths


def version_tuple(version: str) -> tuple[int, ...]:
    """``"6.69.1"`` -> ``(6, 69, 1)``, for comparing provider versions.

    Example::

        version_tuple("6.25.0") < version_tuple("6.69.1")  # True
    """
    return tuple(int(part) for part in version.split("."))


def _rules(type_name: str) -> tuple[list[tuple[str, ...]], list[tuple[str, ...]]]:
    """(ForceNew paths, in-place paths below a ForceNew block) of a resource type."""
    global _force_new_cache
    if _force_new_cache is None:
        entries: dict[str, Any] = {}
        for path in (_FORCE_NEW_FILE, _FORCE_NEW_AWSCC_FILE):  # hashicorp/aws, then hashicorp/awscc
            with open(path, encoding="utf-8") as fh:
                entries.update(json.load(fh)["resources"])
        _force_new_cache = {
            t: (
                [tuple(p.split(".")) for p in force_new_path_names(entry)],
                [tuple(p.split(".")) for p in entry.get("in_place", [])],
            )
            for t, entry in entries.items()
        }
    return _force_new_cache.get(type_name, ([], []))


def force_new_paths(type_name: str) -> list[tuple[str, ...]]:
    """The ForceNew paths of a resource type (empty for types the data file does not list).

    Example::

        ("production_variants", "instance_type") in force_new_paths("aws_sagemaker_endpoint_configuration")  # True
    """
    return _rules(type_name)[0]


def _changed_paths(
    before: Any, after: Any, is_unknown: Callable[[Any], bool], path: tuple[Any, ...] = ()
) -> list[tuple[Any, ...]]:
    """Leaf paths (attribute names and list indices) where ``after`` differs from ``before``."""
    if is_unknown(after):
        return [] if is_unknown(before) else [path]
    if isinstance(before, dict) and isinstance(after, dict):
        out: list[tuple[Any, ...]] = []
        for key in sorted(set(before) | set(after)):
            out.extend(_changed_paths(before.get(key), after.get(key), is_unknown, (*path, key)))
        return out
    if isinstance(before, list) and isinstance(after, list):
        out = [path] if len(before) != len(after) else []  # a block added or removed: its own count changed
        for index in range(max(len(before), len(after))):
            b = before[index] if index < len(before) else None
            a = after[index] if index < len(after) else None
            out.extend(_changed_paths(b, a, is_unknown, (*path, index)))
        return out
    if before == after or (_empty(before) and _empty(after)):
        return []
    if isinstance(after, (dict, list)) and _empty(before):  # a block or collection appeared: all its leaves changed
        return _changed_paths(type(after)(), after, is_unknown, path)
    if isinstance(before, (dict, list)) and _empty(after):  # ... or went away
        return _changed_paths(before, type(before)(), is_unknown, path)
    return [path]


def _empty(value: Any) -> bool:
    return value is None or value == [] or value == {}


def requires_replace(
    type_name: str, prior: dict[str, Any], proposed: dict[str, Any], is_unknown: Callable[[Any], bool]
) -> list[tuple[Any, ...]]:
    """The changed paths the real provider would mark "forces replacement" (truncated at the ForceNew attribute).

    Example::

        requires_replace("aws_sagemaker_endpoint_configuration", prior, proposed, is_unknown)
        # [("production_variants", 0, "instance_type")]
    """
    force_new, in_place = _rules(type_name)
    out: list[tuple[Any, ...]] = []
    for changed in _changed_paths(prior, proposed, is_unknown):
        names = tuple(p for p in changed if isinstance(p, str))
        # the deepest listed path at or above the change decides, as SDKv2 marks each attribute by its own flag
        matches = [(len(rule), rule in force_new) for rule in force_new + in_place if names[: len(rule)] == rule]
        if not matches or not max(matches)[1]:
            continue
        depth = max(matches)[0]
        cut, seen = [], 0
        for step in changed:  # the changed path, cut right after the deciding attribute name
            cut.append(step)
            if isinstance(step, str):
                seen += 1
                if seen == depth:
                    break
        if tuple(cut) not in out:
            out.append(tuple(cut))
    return out


# ----------------------------------------------------------------------------------------------------------------
# apply: deterministic values for unknowns
# ----------------------------------------------------------------------------------------------------------------
def _seed(type_name: str, known: Any, address: str | None = None) -> str:
    # the address keeps two identically configured resources apart; the configuration gives a replacement a new
    # name (a create-before-destroy must not collide with the object it replaces)
    parts = [type_name, known] if address is None else [type_name, address, known]
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


def _digits(seed: str, n: int = 26) -> str:
    return str(int(seed, 16))[:n].rjust(n, "0")


def _arn(type_name: str, region: str, account: str, name: str) -> str:
    kind = type_name.split("_", 1)[1]
    service_key = kind.split("_", 1)[0]
    service = _SERVICE.get(service_key, service_key)
    resource_kind = _KIND.get(type_name, kind.split("_", 1)[1].replace("_", "-") if "_" in kind else kind)
    if service == "iam":
        return f"arn:aws:iam::{account}:{resource_kind}/{name}"
    if service == "s3":
        return f"arn:aws:s3:::{name}"
    return f"arn:aws:{service}:{region}:{account}:{resource_kind}/{name}"


def fill_unknowns(
    type_name: str,
    block: dict[str, Any],
    state: dict[str, Any],
    is_unknown: Callable[[Any], bool],
    placeholder: Callable[[Any, str, dict[str, str]], Any],
    region: str,
    account: str,
    address: str | None = None,
) -> dict[str, Any]:
    """Replace every unknown value in a planned state by a deterministic fake one; returns ``state``.

    ``address`` (the resource's address, when Terraform sent it) seeds the fake names with the configuration.
    """
    known = _strip_unknown(state, is_unknown)
    known.pop(ADDRESS_ATTRIBUTE, None)
    seed = _seed(type_name, known, address)
    name_attr = NAMED_TYPES.get(type_name, ("name", ""))[0]
    for attr in (name_attr, "name", "bucket"):
        if attr in block.get("attributes", {}) and is_unknown(state.get(attr)):
            prefix = state.get(f"{attr}_prefix")
            prefix = prefix if isinstance(prefix, str) else "terraform-"
            state[attr] = f"{prefix}{_digits(seed)}"
            if f"{attr}_prefix" in block.get("attributes", {}) and is_unknown(state.get(f"{attr}_prefix")):
                state[f"{attr}_prefix"] = prefix
    name = next((state[a] for a in (name_attr, "name", "bucket") if isinstance(state.get(a), str)), None)
    identity = name or f"{type_name.split('_', 1)[1].replace('_', '-')}-{seed[:12]}"
    if type_name in EC2_ID_PREFIXES:  # EC2 ids have their own shape (sg-0123...), which APIs check
        identity = f"{EC2_ID_PREFIXES[type_name]}-{seed[:17]}"
    facts = {"account": account, "region": region, "id": identity, "arn": _arn(type_name, region, account, identity)}
    if type_name == "aws_ecr_repository" and is_unknown(state.get("repository_url")):
        state["repository_url"] = f"{account}.dkr.ecr.{region}.amazonaws.com/{identity}"
    if type_name == "aws_appautoscaling_target" and is_unknown(state.get("id")):
        state["id"] = str(state.get("resource_id"))
    _fill(block, state, is_unknown, placeholder, facts, seed)
    return state


def _strip_unknown(value: Any, is_unknown: Callable[[Any], bool]) -> Any:
    if isinstance(value, dict):
        return {k: _strip_unknown(v, is_unknown) for k, v in value.items() if not is_unknown(v)}
    if isinstance(value, list):
        return [_strip_unknown(v, is_unknown) for v in value if not is_unknown(v)]
    return value


def _fill(
    block: dict[str, Any],
    obj: dict[str, Any],
    is_unknown: Callable[[Any], bool],
    placeholder: Callable[[Any, str, dict[str, str]], Any],
    facts: dict[str, str],
    seed: str,
) -> None:
    for name, attr in block.get("attributes", {}).items():
        value = obj.get(name)
        if is_unknown(value):
            if "nested_type" in attr:
                obj[name] = {"single": None, "map": {}}.get(attr["nested_type"]["nesting_mode"], [])
            else:
                fake = placeholder(attr["type"], name, facts)
                if isinstance(fake, str) and fake.startswith("offline-"):
                    fake = f"{fake}-{seed[:8]}"
                obj[name] = fake
        elif isinstance(value, (dict, list)) and "type" in attr:
            obj[name] = _fill_value(attr["type"], value, is_unknown, placeholder, name, facts)
        elif isinstance(value, (dict, list)) and "nested_type" in attr:  # nested attributes (awscc): fill inside
            nested = attr["nested_type"]
            single = nested["nesting_mode"] == "single"
            elements = [value] if single else (list(value.values()) if isinstance(value, dict) else list(value))
            for element in elements:
                if isinstance(element, dict):
                    _fill({"attributes": nested["attributes"]}, element, is_unknown, placeholder, facts, seed)
    for name, nested in block.get("block_types", {}).items():
        value = obj.get(name)
        if is_unknown(value):
            obj[name] = None if nested["nesting_mode"] == "single" else ({} if nested["nesting_mode"] == "map" else [])
            continue
        elements = (
            [value]
            if nested["nesting_mode"] == "single"
            else (list(value.values()) if isinstance(value, dict) else list(value or []))
        )
        for element in elements:
            if isinstance(element, dict):
                _fill(nested["block"], element, is_unknown, placeholder, facts, seed)


def _fill_value(
    type_: Any,
    value: Any,
    is_unknown: Callable[[Any], bool],
    placeholder: Callable[..., Any],
    name: str,
    facts: dict[str, str],
) -> Any:
    """Unknown elements inside a known collection attribute."""
    if isinstance(type_, list) and type_[0] in ("list", "set") and isinstance(value, list):
        return [placeholder(type_[1], name, facts) if is_unknown(v) else v for v in value]
    if isinstance(type_, list) and type_[0] == "map" and isinstance(value, dict):
        return {k: placeholder(type_[1], name, facts) if is_unknown(v) else v for k, v in value.items()}
    return value


# ----------------------------------------------------------------------------------------------------------------
# the fake account
# ----------------------------------------------------------------------------------------------------------------
def _cloud_path() -> str | None:
    return os.environ.get(CLOUD_ENV) or None


def _load(path: str) -> dict[str, Any]:
    try:
        with open(path, encoding="utf-8") as fh:
            doc: dict[str, Any] = json.load(fh)
            return doc
    except (OSError, ValueError):
        return {"names": {}}


def _save(path: str, doc: dict[str, Any]) -> None:
    tmp = f"{path}.tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(doc, fh, indent=2, sort_keys=True)
    os.replace(tmp, path)


def claim_name(type_name: str, state: dict[str, Any], region: str) -> str | None:
    """Record a created resource's name; returns AWS's error text when the name is already taken."""
    path = _cloud_path()
    named = NAMED_TYPES.get(type_name)
    if path is None or named is None or not isinstance(state.get(named[0]), str):
        return None
    key = f"{type_name}:{region}:{state[named[0]]}"
    with _lock:
        doc = _load(path)
        if key in doc["names"] and named[1]:
            arn = state.get("arn") or state[named[0]]
            return f'ValidationException: {named[1]} "{arn}"' if type_name.startswith("aws_sagemaker") else named[1]
        doc["names"][key] = state.get("arn") or state[named[0]]
        _save(path, doc)
    return None


def release_name(type_name: str, state: dict[str, Any] | None, region: str) -> None:
    """Forget a deleted resource's name."""
    path = _cloud_path()
    named = NAMED_TYPES.get(type_name)
    if path is None or named is None or not isinstance(state, dict) or not isinstance(state.get(named[0]), str):
        return
    with _lock:
        doc = _load(path)
        doc["names"].pop(f"{type_name}:{region}:{state[named[0]]}", None)
        _save(path, doc)
