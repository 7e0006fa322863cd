"""The one reader the commands share: synthesized Terraform JSON (``cdktf.out``, a stack folder or a ``*.tf.json``)
and ``terraform show -json`` plans.

Pure JSON: it imports neither cdktf nor the provider bindings, so the commands start in a fraction of a second.

Example::

    stacks = load_stacks("cdktf.out")
    for stack in stacks:
        print(stack.name, len(stack.of_type("aws_sagemaker_endpoint")))
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

SAGEMAKER_TYPES = (
    "aws_sagemaker_endpoint",
    "aws_sagemaker_endpoint_configuration",
    "aws_sagemaker_model",
)

# ``${aws_x.name.attr...}`` or ``${data.aws_x.name.attr}``: one reference inside a Terraform expression.
_REF_RE = re.compile(r"\$\{(data\.)?([a-z][a-z0-9_]*)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_]+)[^}]*\}")
_HASH_SUFFIX_RE = re.compile(r"_[0-9A-F]{8}$")
_DATA_PLACEHOLDERS = {
    ("aws_region", "region"): "<region>",
    ("aws_region", "name"): "<region>",
    ("aws_partition", "partition"): "<partition>",
    ("aws_partition", "dns_suffix"): "<dns-suffix>",
    ("aws_caller_identity", "account_id"): "<account>",
}


MAX_DEPTH = 200
"""The deepest nesting of lists and objects a document may have. A plan of SageMaker hosting nests about 15 levels and
the deepest provider schemas about 50; a document far deeper is not Terraform's, and would exhaust Python's
recursion limit in ``json``."""

# C0 and C1 control characters (and DEL): a value from the input must not move the cursor, clear the screen or set
# a terminal title when printed.
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """``text`` with every control character shown as an escape (``\\x1b``, ``\\n``), for terminal output.

    Example::

        printable("name\\x1b[2J")  # the escape sequence is shown as text, not run
    """
    return _CONTROL_RE.sub(lambda m: m.group(0).encode("unicode_escape").decode("ascii"), text)


class CliError(Exception):
    """Bad input for a command: printed as one line on stderr, exit code 2.

    Example::

        raise CliError("plan.json: not a Terraform plan")
    """


@dataclass(frozen=True)
class Ref:
    """One ``${type.name.attr}`` reference found in a value."""

    type: str
    name: str
    attr: str
    data: bool = False

    @property
    def address(self) -> str:
        """``type.name`` (``data.type.name`` for a data source)."""
        return f"{'data.' if self.data else ''}{self.type}.{self.name}"


def refs(value: Any) -> list[Ref]:
    """Every reference inside ``value`` (a string, or nested lists and dicts), in order.

    Example::

        refs("${aws_sagemaker_model.Model_2AD80A05.name}")  # [Ref("aws_sagemaker_model", "Model_2AD80A05", "name")]
    """
    found: list[Ref] = []
    stack: list[Any] = [value]  # iterative: a deep document must not exhaust Python's recursion limit
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            for m in _REF_RE.finditer(item):
                found.append(Ref(m.group(2), m.group(3), m.group(4), bool(m.group(1))))
        elif isinstance(item, dict):
            stack.extend(reversed(list(item.values())))
        elif isinstance(item, list):
            stack.extend(reversed(item))
    return found


def short_name(logical_name: str) -> str:
    """A resource's logical name without cdktf's 8-hex-digit suffix: ``Model_2AD80A05`` -> ``Model``."""
    return _HASH_SUFFIX_RE.sub("", logical_name)


def display(value: Any) -> str:
    """A value as a reviewer reads it: references become ``<Name.attr>``, well-known data sources ``<region>``.

    Example::

        display("s3://${aws_s3_bucket.Bucket_1A2B3C4D.bucket}/m.tar.gz")  # "s3://<Bucket.bucket>/m.tar.gz"
    """
    if value is None:
        return ""
    if not isinstance(value, str):
        return json.dumps(value, sort_keys=True) if isinstance(value, (dict, list)) else str(value)

    def one(m: re.Match[str]) -> str:
        placeholder = _DATA_PLACEHOLDERS.get((m.group(2), m.group(4))) if m.group(1) else None
        return placeholder or f"<{short_name(m.group(3))}.{m.group(4)}>"

    return _REF_RE.sub(one, value)


@dataclass
class Resource:
    """One resource block of a synthesized stack."""

    type: str
    name: str
    body: dict[str, Any]

    @property
    def address(self) -> str:
        """The Terraform address ``type.name``."""
        return f"{self.type}.{self.name}"

    @property
    def path(self) -> str:
        """The construct path without the stack (``Endpoint/Endpoint``), else the logical name."""
        meta = self.body.get("//")
        meta = meta.get("metadata") if isinstance(meta, dict) else None
        path = meta.get("path") if isinstance(meta, dict) else None
        if isinstance(path, str) and "/" in path:
            return path.split("/", 1)[1]
        return self.name

    @property
    def label(self) -> str:
        """A short label: the construct path without a repeated last part (``ModelA/Model`` -> ``ModelA``)."""
        parts = self.path.split("/")
        while len(parts) > 1 and (
            parts[-2].startswith(parts[-1]) or parts[-2].endswith(parts[-1]) or parts[-1] in ("Resource", "Default")
        ):
            parts.pop()
        return "/".join(parts)

    def get(self, key: str, default: Any = None) -> Any:
        """An argument of the block."""
        return self.body.get(key, default)

    def blocks(self, key: str) -> list[dict[str, Any]]:
        """A nested block as a list of dicts (cdktf writes single blocks as an object or a one-item list)."""
        value = self.body.get(key)
        if value is None:
            return []
        if isinstance(value, dict):
            return [value]
        return [v for v in value if isinstance(v, dict)]

    @property
    def create_before_destroy(self) -> bool:
        """Whether the block asks for ``lifecycle { create_before_destroy = true }``."""
        lifecycle = self.body.get("lifecycle")
        return isinstance(lifecycle, dict) and bool(lifecycle.get("create_before_destroy"))


@dataclass
class Stack:
    """The merged resources of one synthesized stack.

    The links between resources are indexed once, on first use (after loading): each lookup is then a dict read,
    so every view over the stack stays linear in its size.

    Example::

        [endpoint] = stack.of_type("aws_sagemaker_endpoint")
        [config] = stack.referenced(endpoint.get("endpoint_config_name"), "aws_sagemaker_endpoint_configuration")
    """

    name: str
    source: Path
    resources: dict[str, Resource] = field(default_factory=dict)
    outputs: dict[str, Any] = field(default_factory=dict)
    _by_type: dict[str, list[Resource]] | None = field(default=None, init=False, repr=False, compare=False)
    # target address -> referencing resource type -> the resources of that type that reference the target
    _referrers: dict[str, dict[str, list[Resource]]] | None = field(default=None, init=False, repr=False, compare=False)
    _by_literal: dict[tuple[str, str, str], list[Resource]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    _memo: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    def memo(self, key: str, build: Callable[[], T]) -> T:
        """``build()``, computed once per stack: an index a view needs for every endpoint.

        Example::

            by_endpoint = stack.memo("caller-statements", lambda: index_statements(stack))
        """
        if key not in self._memo:
            self._memo[key] = build()
        found: T = self._memo[key]
        return found

    def _index(self) -> None:
        by_type: dict[str, list[Resource]] = {}
        referrers: dict[str, dict[str, list[Resource]]] = {}
        for r in self.resources.values():
            by_type.setdefault(r.type, []).append(r)
            seen: set[str] = set()
            for ref in refs(_without_meta(r.body)):
                if ref.data or ref.address in seen:
                    continue
                seen.add(ref.address)
                referrers.setdefault(ref.address, {}).setdefault(r.type, []).append(r)
        self._by_type, self._referrers = by_type, referrers

    def of_type(self, tf_type: str) -> list[Resource]:
        """Every resource of ``tf_type``, in document order."""
        if self._by_type is None:
            self._index()
        return list((self._by_type or {}).get(tf_type, ()))

    def find(self, ref: Ref) -> Resource | None:
        """The resource a reference points at (None for data sources and unknown names)."""
        return None if ref.data else self.resources.get(ref.address)

    def referenced(self, value: Any, tf_type: str) -> list[Resource]:
        """The resources of ``tf_type`` that ``value`` references."""
        out: list[Resource] = []
        for ref in refs(value):
            if ref.type == tf_type and not ref.data:
                found = self.find(ref)
                if found is not None and found not in out:
                    out.append(found)
        return out

    def referencing(self, tf_type: str, target: Resource) -> Iterator[Resource]:
        """The resources of ``tf_type`` that reference ``target`` anywhere in their arguments, in document order."""
        if self._referrers is None:
            self._index()
        yield from (self._referrers or {}).get(target.address, {}).get(tf_type, ())

    def with_literal(self, tf_type: str, attribute: str, value: Any) -> list[Resource]:
        """The resources of ``tf_type`` whose ``attribute`` is the literal string ``value`` (a name given as text).

        ``attribute`` may be a dotted path into maps (``dimensions.EndpointName``).

        Example::

            stack.with_literal("aws_cloudwatch_metric_alarm", "alarm_name", "recommender-5xx")
        """
        if not isinstance(value, str) or refs(value):
            return []
        key = (tf_type, attribute, "")
        if key not in self._by_literal:  # one pass per (type, attribute), then dict reads
            self._by_literal[key] = []
            for r in self.of_type(tf_type):
                literal: Any = r.body
                for step in attribute.split("."):
                    literal = literal.get(step) if isinstance(literal, dict) else None
                if isinstance(literal, str) and not refs(literal):
                    self._by_literal.setdefault((tf_type, attribute, literal), []).append(r)
        return list(self._by_literal.get((tf_type, attribute, value), ()))

    def show(self, value: Any, depth: int = 3) -> str:
        """:func:`display`, after replacing references to literal arguments of this stack by their values.

        Example::

            stack.show("s3://${aws_s3_object.Data_1A2B3C4D.bucket}/${aws_s3_object.Data_1A2B3C4D.key}")
            # "s3://<Bucket.bucket>/models/m.tar.gz" when the object's key is a literal
        """
        if isinstance(value, str) and depth > 0:

            def one(m: re.Match[str]) -> str:
                target = None if m.group(1) else self.resources.get(f"{m.group(2)}.{m.group(3)}")
                literal = target.body.get(m.group(4)) if target is not None else None
                if isinstance(literal, str):
                    return literal
                return m.group(0)

            resolved = _REF_RE.sub(one, value)
            if resolved != value:
                return self.show(resolved, depth - 1)
        return display(value)

    def show_scope(self, value: Any) -> str:
        """An IAM resource as a path: the ARN of a resource of this stack becomes its label, the rest is kept.

        Example::

            stack.show_scope("${aws_s3_bucket.AsyncBucket_1A2B3C4D.arn}/async/output/*")  # "AsyncBucket/async/output/*"
        """
        if not isinstance(value, str):
            return self.show(value)

        def one(m: re.Match[str]) -> str:
            target = None if m.group(1) else self.resources.get(f"{m.group(2)}.{m.group(3)}")
            return target.label if target is not None and m.group(4) == "arn" else m.group(0)

        return self.show(_REF_RE.sub(one, value))

    @property
    def has_sagemaker(self) -> bool:
        """Whether the stack holds any SageMaker hosting resource."""
        return any(self.of_type(t) for t in SAGEMAKER_TYPES)


def _without_meta(body: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in body.items() if k != "//"}


def _depth_exceeds(doc: Any, limit: int) -> bool:
    """Whether ``doc`` nests lists and objects deeper than ``limit`` (iterative: no recursion to exhaust)."""
    stack: list[tuple[Any, int]] = [(doc, 1)]
    while stack:
        item, depth = stack.pop()
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else None
        if children is None:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))
    return False


def _read_json(path: Path) -> Any:
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except RecursionError:
        raise CliError(f"{path}: JSON nested too deeply (more than {MAX_DEPTH} levels)") from None
    except FileNotFoundError:
        raise CliError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise CliError(f"{path}: is a directory, expected a JSON file") from None
    except UnicodeDecodeError as e:
        raise CliError(f"{path}: not UTF-8 text (byte {e.start}); JSON must be UTF-8") from None
    except json.JSONDecodeError as e:
        raise CliError(f"{path}: not valid JSON ({e.msg} at line {e.lineno})") from None
    except OSError as e:
        raise CliError(f"{path}: {e.strerror or e}") from None
    if _depth_exceeds(doc, MAX_DEPTH):
        raise CliError(f"{path}: JSON nested too deeply (more than {MAX_DEPTH} levels)")
    return doc


def _stack_from_files(name: str, files: list[Path]) -> Stack:
    stack = Stack(name=name, source=files[0].parent if len(files) > 1 else files[0])
    for path in files:
        doc = _read_json(path)
        if not isinstance(doc, dict) or not ("resource" in doc or "terraform" in doc or "provider" in doc):
            raise CliError(f"{path}: not synthesized Terraform JSON (no 'resource' or 'terraform' key)")
        for key in ("resource", "output"):
            if doc.get(key) is not None and not isinstance(doc[key], dict):
                raise CliError(f"{path}: '{key}' is {_kind(doc[key])}, expected an object of blocks")
        for tf_type, blocks in (doc.get("resource") or {}).items():
            if tf_type == "//" or not isinstance(blocks, dict):
                continue
            for name_, body in blocks.items():
                if isinstance(body, dict):
                    stack.resources[f"{tf_type}.{name_}"] = Resource(tf_type, name_, body)
        stack.outputs.update(doc.get("output") or {})
    return stack


def _kind(value: Any) -> str:
    """The JSON kind of a value, for messages: ``an object``, ``an array``, ``a string``, ``a number``, ``null``..."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "an array"
    return "a string" if isinstance(value, str) else type(value).__name__


def load_stacks(path: str | Path) -> list[Stack]:
    """Read synthesized stacks from ``cdktf.out`` (every stack), a stack folder, or one ``*.tf.json`` file.

    Raises :class:`CliError` when the path is missing or holds no synthesized Terraform JSON.

    Example::

        [stack] = load_stacks("cdktf.out/stacks/sagemaker-production")
    """
    p = Path(path)
    if not p.exists():
        raise CliError(f"{p}: no such file or directory")
    if p.is_file():
        return [_stack_from_files(p.parent.name if p.name == "cdk.tf.json" else p.name.split(".")[0], [p])]
    files = sorted(p.glob("*.tf.json"))
    if files:
        return [_stack_from_files(p.name, files)]
    stacks_dir = p / "stacks"
    if stacks_dir.is_dir():
        stacks = []
        for folder in sorted(d for d in stacks_dir.iterdir() if d.is_dir()):
            folder_files = sorted(folder.glob("*.tf.json"))
            if folder_files:
                stacks.append(_stack_from_files(folder.name, folder_files))
        if stacks:
            return stacks
    raise CliError(f"{p}: no synthesized stack here (expected cdktf.out, cdktf.out/stacks/<name> or a *.tf.json)")


def load_sagemaker_stacks(path: str | Path) -> list[Stack]:
    """:func:`load_stacks`, keeping the stacks with SageMaker resources; :class:`CliError` when there are none."""
    stacks = load_stacks(path)
    kept = [s for s in stacks if s.has_sagemaker]
    if not kept:
        names = ", ".join(s.name for s in stacks)
        raise CliError(f"{path}: no SageMaker resources (aws_sagemaker_*) in stack(s) {names}")
    return kept


# ----------------------------------------------------------------------------------------------------------------
# plans
# ----------------------------------------------------------------------------------------------------------------
@dataclass
class Plan:
    """A parsed ``terraform show -json`` plan.

    Its shape is checked on creation (:class:`CliError` names the first entry that is not what Terraform writes),
    and its resources are indexed by address once, so each lookup is a dict read.

    Example::

        plan.references("aws_sagemaker_endpoint.Endpoint", "endpoint_config_name")
        # ["aws_sagemaker_endpoint_configuration.Config"]
    """

    source: Path
    doc: dict[str, Any]
    _config: dict[str, dict[str, Any]] = field(default_factory=dict, init=False, repr=False, compare=False)
    _prior: dict[str, dict[str, Any]] = field(default_factory=dict, init=False, repr=False, compare=False)
    _changes: list[dict[str, Any]] = field(default_factory=list, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        check_plan_shape(self.doc, self.source)
        self._changes = [rc for rc in self.doc.get("resource_changes") or [] if rc.get("mode", "managed") == "managed"]
        module = (self.doc.get("configuration") or {}).get("root_module") or {}
        for r in module.get("resources") or []:
            self._config.setdefault(str(r.get("address")), r)
        prior = ((self.doc.get("prior_state") or {}).get("values") or {}).get("root_module") or {}
        for r in prior.get("resources") or []:
            if isinstance(r, dict) and isinstance(r.get("values"), dict):
                self._prior.setdefault(str(r.get("address")), r["values"])

    @property
    def resource_changes(self) -> list[dict[str, Any]]:
        """Every managed resource change (data sources left out)."""
        return list(self._changes)

    @property
    def has_configuration(self) -> bool:
        """Whether the plan carries its ``configuration`` (expressions and references) for the root module."""
        return bool(self._config)

    def config_resource(self, address: str) -> dict[str, Any]:
        """The ``configuration`` entry of a root-module resource (its expressions and references)."""
        return self._config.get(address, {})

    def references(self, address: str, attribute: str) -> list[str]:
        """The addresses an attribute's configuration expression references (``type.name``, no attribute)."""
        expressions = self.config_resource(address).get("expressions") or {}
        return _addresses(_expression_refs(expressions.get(attribute) if isinstance(expressions, dict) else None))

    def prior(self, address: str) -> dict[str, Any] | None:
        """The prior state values of a resource (None when it is new)."""
        return self._prior.get(address)


def _addresses(references: Iterator[str]) -> list[str]:
    out: list[str] = []
    for ref in references:
        parts = ref.split(".")
        if parts[0] == "data" or len(parts) < 2:
            continue
        address = ".".join(parts[:2])
        if address not in out:
            out.append(address)
    return out


def _expression_refs(expr: Any) -> Iterator[str]:
    """The strings under every ``references`` key of a configuration expression, in document order."""
    stack: list[Any] = [expr]  # iterative: a deep document must not exhaust Python's recursion limit
    while stack:
        item = stack.pop()
        if isinstance(item, _Reference):
            yield item.text
        elif isinstance(item, dict):
            for key, value in reversed(list(item.items())):
                if key == "references" and isinstance(value, list):
                    stack.extend(_Reference(v) for v in reversed(value) if isinstance(v, str))
                elif isinstance(value, (dict, list)):
                    stack.append(value)
        elif isinstance(item, list):
            stack.extend(reversed(item))


@dataclass(frozen=True)
class _Reference:
    text: str


def _shape_error(source: Path, where: str, value: Any, expected: str) -> CliError:
    return CliError(f"{source}: {where} is {_kind(value)}, expected {expected} (not `terraform show -json` output)")


def check_plan_shape(doc: Any, source: Path) -> None:
    """:class:`CliError` unless ``doc`` has the shape of ``terraform show -json`` output where the commands read it.

    Example::

        check_plan_shape({"format_version": "1.2", "resource_changes": "x"}, Path("p.json"))  # CliError
    """
    if not isinstance(doc, dict):
        raise _shape_error(source, "the document", doc, "an object")
    changes = doc.get("resource_changes")
    if changes is not None and not isinstance(changes, list):
        raise _shape_error(source, "resource_changes", changes, "an array")
    for i, rc in enumerate(changes or []):
        where = f"resource_changes[{i}]"
        if not isinstance(rc, dict):
            raise _shape_error(source, where, rc, "an object")
        for key in ("address", "type"):
            if not isinstance(rc.get(key), str):
                raise _shape_error(source, f"{where}.{key}", rc.get(key), "a string")
        if not isinstance(rc.get("mode", "managed"), str):
            raise _shape_error(source, f"{where}.mode", rc.get("mode"), "a string")
        change = rc.get("change")
        if not isinstance(change, dict):
            raise _shape_error(source, f"{where}.change", change, "an object")
        actions = change.get("actions")
        if not isinstance(actions, list) or not all(isinstance(a, str) for a in actions):
            raise _shape_error(source, f"{where}.change.actions", actions, "an array of strings")
        for key in ("before", "after", "after_unknown", "before_sensitive", "after_sensitive"):
            value = change.get(key)
            if value is not None and not isinstance(value, (dict, bool)):
                raise _shape_error(source, f"{where}.change.{key}", value, "an object")
        paths = change.get("replace_paths")
        if paths is not None and (not isinstance(paths, list) or not all(isinstance(x, list) for x in paths)):
            raise _shape_error(source, f"{where}.change.replace_paths", paths, "an array of arrays")
    for top, chain in (("configuration", ("root_module",)), ("prior_state", ("values", "root_module"))):
        node: Any = doc.get(top)
        where = top
        for key in (None, *chain):
            if key is not None:
                node, where = node.get(key), f"{where}.{key}"
            if node is None:
                break
            if not isinstance(node, dict):
                raise _shape_error(source, where, node, "an object")
        if isinstance(node, dict):
            resources = node.get("resources")
            if resources is not None and not (
                isinstance(resources, list) and all(isinstance(r, dict) for r in resources)
            ):
                raise _shape_error(source, f"{where}.resources", resources, "an array of objects")


def load_plan(path: str | Path) -> Plan:
    """Read ``terraform show -json`` output; :class:`CliError` when it is not a plan.

    Example::

        plan = load_plan("plan.json")  # terraform show -json tfplan > plan.json
    """
    p = Path(path)
    if not p.exists():
        raise CliError(f"{p}: no such file")
    doc = _read_json(p)
    if (
        not isinstance(doc, dict)
        or "format_version" not in doc
        or ("resource_changes" not in doc and "planned_values" not in doc)
    ):
        raise CliError(f"{p}: not a Terraform plan (expected `terraform show -json <planfile>` output)")
    return Plan(p, doc)
