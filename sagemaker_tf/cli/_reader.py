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
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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
    if isinstance(value, str):
        for m in _REF_RE.finditer(value):
            found.append(Ref(m.group(2), m.group(3), m.group(4), bool(m.group(1))))
    elif isinstance(value, dict):
        for v in value.values():
            found.extend(refs(v))
    elif isinstance(value, list):
        for v in value:
            found.extend(refs(v))
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
        meta = (self.body.get("//") or {}).get("metadata") or {}
        path = meta.get("path")
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
        return bool((self.body.get("lifecycle") or {}).get("create_before_destroy"))


@dataclass
class Stack:
    """The merged resources of one synthesized stack.

    Example::

        [endpoint] = stack.of_type("aws_sagemaker_endpoint")
        [config] = stack.referenced(endpoint.get("endpoint_config_name"), "aws_sagemaker_endpoint_configuration")
    """

    name: str
    source: Path
    resources: dict[str, Resource] = field(default_factory=dict)
    outputs: dict[str, Any] = field(default_factory=dict)

    def of_type(self, tf_type: str) -> list[Resource]:
        """Every resource of ``tf_type``, in document order."""
        return [r for r in self.resources.values() if r.type == tf_type]

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
        """The resources of ``tf_type`` that reference ``target`` anywhere in their arguments."""
        for r in self.of_type(tf_type):
            if any(ref.address == target.address for ref in refs(_without_meta(r.body))):
                yield r

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

    @property
    def has_sagemaker(self) -> bool:
        """Whether the stack holds any SageMaker hosting resource."""
        return any(r.type in SAGEMAKER_TYPES for r in self.resources.values())


def _without_meta(body: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in body.items() if k != "//"}


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CliError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise CliError(f"{path}: is a directory, expected a JSON file") from None
    except UnicodeDecodeError:
        raise CliError(f"{path}: not a text file") from None
    except json.JSONDecodeError as e:
        raise CliError(f"{path}: not valid JSON ({e.msg} at line {e.lineno})") from None
    except OSError as e:
        raise CliError(f"{path}: {e.strerror or e}") from None


def _stack_from_files(name: str, files: list[Path]) -> Stack:
    stack = Stack(name=name, source=files[0].parent if len(files) > 1 else files[0])
    for path in files:
        doc = _read_json(path)
        if not isinstance(doc, dict) or not ("resource" in doc or "terraform" in doc or "provider" in doc):
            raise CliError(f"{path}: not synthesized Terraform JSON (no 'resource' or 'terraform' key)")
        for tf_type, blocks in (doc.get("resource") or {}).items():
            if tf_type == "//" or not isinstance(blocks, dict):
                continue
            for name_, body in blocks.items():
                if isinstance(body, dict):
                    stack.resources[f"{tf_type}.{name_}"] = Resource(tf_type, name_, body)
        stack.outputs.update(doc.get("output") or {})
    return stack


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

    Example::

        plan.references("aws_sagemaker_endpoint.Endpoint", "endpoint_config_name")  # ["aws_sagemaker_endpoint_configuration.Config"]
    """

    source: Path
    doc: dict[str, Any]

    @property
    def resource_changes(self) -> list[dict[str, Any]]:
        """Every managed resource change (data sources left out)."""
        return [rc for rc in self.doc.get("resource_changes") or [] if rc.get("mode", "managed") == "managed"]

    def config_resource(self, address: str) -> dict[str, Any]:
        """The ``configuration`` entry of a root-module resource (its expressions and references)."""
        for r in ((self.doc.get("configuration") or {}).get("root_module") or {}).get("resources") or []:
            if r.get("address") == address:
                found: dict[str, Any] = r
                return found
        return {}

    def references(self, address: str, attribute: str) -> list[str]:
        """The addresses an attribute's configuration expression references (``type.name``, no attribute)."""
        expressions = self.config_resource(address).get("expressions") or {}
        out: list[str] = []
        for ref in _expression_refs(expressions.get(attribute)):
            parts = ref.split(".")
            if parts[0] == "data":
                continue
            address_ = ".".join(parts[:2])
            if len(parts) >= 2 and address_ not in out:
                out.append(address_)
        return out

    def prior(self, address: str) -> dict[str, Any] | None:
        """The prior state values of a resource (None when it is new)."""
        module = ((self.doc.get("prior_state") or {}).get("values") or {}).get("root_module") or {}
        for r in module.get("resources") or []:
            if r.get("address") == address:
                values: dict[str, Any] | None = r.get("values")
                return values
        return None


def _expression_refs(expr: Any) -> Iterator[str]:
    if isinstance(expr, dict):
        for key, value in expr.items():
            if key == "references" and isinstance(value, list):
                yield from (v for v in value if isinstance(v, str))
            else:
                yield from _expression_refs(value)
    elif isinstance(expr, list):
        for item in expr:
            yield from _expression_refs(item)


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
