"""Build ``terraform providers schema -json`` documents from installed provider bindings (cdktf or cdktn).

Every generated module's ``index.js`` inside the bindings' ``_jsii/*.jsii.tgz`` (``cdktf_cdktf_provider_<p>`` for
cdktf, ``cdktn_provider_<p>`` for cdktn) carries an inline source map whose ``sourcesContent`` is the generated
TypeScript. That text says, for every attribute and block::

    // <tf_name> - computed: X, optional: Y, required: Z

and ``synthesizeHclAttributes()`` / ``<struct>ToHclTerraform()`` give ``isBlock``, ``type`` and
``storageClassType``. ``new XOutputReference(this, "b")`` is a block with at most one item and
``new XList(this, "b", wrapsSet)`` a list or set block. The package itself is never imported (that costs 10+ s);
only its ``.jsii.tgz`` is read. The generated TypeScript is the same for both families except for the framework's
namespace (``cdktf.TerraformResource`` vs ``cdktn.TerraformResource``), which the patterns accept either way.

This module uses only the standard library (the family's package names come from
``sagemaker_tf._runtime.framework`` when the caller does not pass them).
"""

from __future__ import annotations

import base64
import importlib.util
import json
import re
import tarfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

_SOURCE_MAP_MARK = "sourceMappingURL=data:application/json;base64,"

_MEMBER_RE = re.compile(r"^  // (\w+) - computed: (true|false), optional: (true|false), required: (true|false)\n", re.M)
_NEW_RE = re.compile(r'= new (\w+?)(OutputReference|List|Map)\(this, "(\w+)"(?:, (true|false))?\)')
_FW = r"(?:cdktf|cdktn)"  # the framework namespace in the generated TypeScript of either family
_GETTER_RE = re.compile(rf"return ({_FW}\.Fn\.tolist\()?this\.(\w+)\('(\w+)'\)")
_CDKTF_MAP_RE = re.compile(rf'= new {_FW}\.(String|Number|Boolean)Map\(this, "(\w+)"\)')
_HCL_RE = re.compile(
    r'(\w+): \{\s*value: (.*?),\s*isBlock: (true|false),\s*type: "(\w+)",\s*storageClassType: "(\w+)",\s*\}',
    re.S,
)
_HCL_FN_RE = re.compile(r"function \w+ToHclTerraform\(struct\?: (\w+)")
_CAMEL_RE = re.compile(r"(?:struct!\.|this\._)(\w+)\)")
_TF_TYPE_RE = re.compile(r'public static readonly tfResourceType = "(\w+)";')
_VERSION_RE = re.compile(r"providerVersion: '([^']+)'")
_SOURCE_RE = re.compile(r"terraformProviderSource: '([^']+)'")

_GETTER_TYPES: dict[str, Any] = {
    "getStringAttribute": "string",
    "getNumberAttribute": "number",
    "getBooleanAttribute": "bool",
    "getStringMapAttribute": ["map", "string"],
    "getNumberMapAttribute": ["map", "number"],
    "getBooleanMapAttribute": ["map", "bool"],
    "getListAttribute": ["list", "string"],
    "getNumberListAttribute": ["list", "number"],
    "interpolationForAttribute": "dynamic",
}
_PRIMITIVES = {"string": "string", "number": "number", "boolean": "bool", "any": "dynamic"}


@dataclass(frozen=True)
class _Hcl:
    """One entry of a generated ``...ToHclTerraform`` attribute table."""

    is_block: bool
    kind: str  # simple | list | set | map | struct
    storage: str
    camel: str


@dataclass
class _Module:
    """The parsed TypeScript of one generated module (one resource, data source or provider)."""

    classes: dict[str, str] = field(default_factory=dict)
    interfaces: dict[str, str] = field(default_factory=dict)
    hcl: dict[str, dict[str, _Hcl]] = field(default_factory=dict)


@dataclass(frozen=True)
class ProviderSchema:
    """The schema of one provider, in the shape of ``terraform providers schema -json``."""

    source: str  # e.g. "registry.terraform.io/hashicorp/aws"
    version: str  # e.g. "6.25.0"
    doc: dict[str, Any]  # {"provider": ..., "resource_schemas": ..., "data_source_schemas": ...}

    @property
    def short_name(self) -> str:
        """The provider's local name, e.g. ``aws``."""
        return self.source.rsplit("/", 1)[1]


def _parse_hcl_table(text: str) -> dict[str, _Hcl]:
    table: dict[str, _Hcl] = {}
    for m in _HCL_RE.finditer(text):
        camel = _CAMEL_RE.search(m.group(2))
        table[m.group(1)] = _Hcl(m.group(3) == "true", m.group(4), m.group(5), camel.group(1) if camel else "")
    return table


def _parse_module(ts: str) -> _Module:
    mod = _Module()
    for chunk in ts.split("\nexport "):
        if chunk.startswith("class "):
            name = chunk[6 : chunk.index(" ", 6)]
            mod.classes[name] = chunk
            if "synthesizeHclAttributes()" in chunk:
                mod.hcl["__root__"] = _parse_hcl_table(chunk[chunk.index("synthesizeHclAttributes()") :])
        elif chunk.startswith("interface "):
            mod.interfaces[chunk[10 : chunk.index(" ", 10)]] = chunk
        elif chunk.startswith("function ") and "ToHclTerraform(" in chunk[:200]:
            m = _HCL_FN_RE.match(chunk)
            if m:
                mod.hcl[m.group(1).removesuffix("OutputReference")] = _parse_hcl_table(chunk)
    return mod


def _storage_type(h: _Hcl) -> Any:
    """The cty type of a primitive or collection-of-primitive attribute."""
    m = re.fullmatch(r"(string|number|boolean|any)((?:List|Map)*)", h.storage)
    if not m:
        raise ValueError(f"not a primitive storage class: {h.storage}")
    t: Any = _PRIMITIVES[m.group(1)]
    suffixes = re.findall(r"List|Map", m.group(2))
    if h.kind == "simple" or not suffixes:
        return t
    for s in suffixes[:-1]:
        t = ["list" if s == "List" else "map", t]
    return [h.kind, t]


def _flags(computed: bool, optional: bool, required: bool) -> dict[str, bool]:
    out: dict[str, bool] = {}
    if required:
        out["required"] = True
    if optional:
        out["optional"] = True
    if computed:
        out["computed"] = True
    if not out:
        out["optional"] = True
    return out


def _block_to_object_type(block: dict[str, Any]) -> Any:
    """The cty object type a block's value has (used for computed-only nested values)."""
    attrs: dict[str, Any] = {}
    for name, a in block.get("attributes", {}).items():
        attrs[name] = a["type"] if "type" in a else _nested_to_type(a["nested_type"])
    for name, b in block.get("block_types", {}).items():
        obj = _block_to_object_type(b["block"])
        mode = b["nesting_mode"]
        attrs[name] = obj if mode == "single" else [mode, obj]
    return ["object", attrs]


def _nested_to_type(nested: dict[str, Any]) -> Any:
    obj = _block_to_object_type({"attributes": nested["attributes"]})
    mode = nested["nesting_mode"]
    return obj if mode == "single" else [mode, obj]


class _ModuleSchemaBuilder:
    """Builds blocks for the classes of one module."""

    def __init__(self, mod: _Module) -> None:
        self.mod = mod
        self._building: set[str] = set()

    def root_block(self, class_name: str) -> dict[str, Any]:
        return self._class_block(class_name, self.mod.hcl.get("__root__", {}))

    def _struct_block(self, struct: str) -> dict[str, Any]:
        if struct in self._building:
            # The generated struct names of very deep schemas can repeat along one path (cdktn-provider-aws 25.8's
            # aws_wafv2_web_acl_rule): cut the cycle with an empty block rather than recursing forever.
            return {"attributes": {}, "block_types": {}}
        cls = struct + "OutputReference"
        hcl = self.mod.hcl.get(struct, {})
        self._building.add(struct)
        try:
            if cls in self.mod.classes:
                return self._class_block(cls, hcl)
            return self._interface_block(struct, hcl)
        finally:
            self._building.discard(struct)

    def _interface_block(self, struct: str, hcl: dict[str, _Hcl]) -> dict[str, Any]:
        """A struct with no output-reference class (provider config blocks): flags come from the interface."""
        iface = self.mod.interfaces.get(struct, "")
        block: dict[str, Any] = {"attributes": {}, "block_types": {}}
        for name, h in hcl.items():
            required = re.search(rf"readonly {h.camel}:", iface) is not None
            flags = _flags(False, not required, required)
            if h.is_block or not re.fullmatch(r"(string|number|boolean|any)(List|Map)*", h.storage):
                sub = re.sub(r"(List|Map)$", "", h.storage)
                nesting = "single" if h.kind == "struct" else h.kind
                entry: dict[str, Any] = {"nesting_mode": nesting, "block": self._struct_block(sub)}
                if required:
                    entry["min_items"] = 1
                block["block_types"][name] = entry
            else:
                block["attributes"][name] = {"type": _storage_type(h), **flags}
        return block

    def _class_block(self, class_name: str, hcl: dict[str, _Hcl]) -> dict[str, Any]:
        body = self.mod.classes[class_name]
        block: dict[str, Any] = {"attributes": {}, "block_types": {}}
        members = list(_MEMBER_RE.finditer(body))
        for i, m in enumerate(members):
            name = m.group(1)
            computed, optional, required = (m.group(k) == "true" for k in (2, 3, 4))
            end = members[i + 1].start() if i + 1 < len(members) else len(body)
            text = body[m.end() : end]
            h = hcl.get(name)
            new = _NEW_RE.search(text)
            if new and new.group(3) == name:
                self._complex_member(block, name, new, h, computed, optional, required)
                continue
            if h is not None and (h.is_block or not re.fullmatch(r"(string|number|boolean|any)(List|Map)*", h.storage)):
                # provider-level blocks have no output-reference member; their struct is named by the storage class
                sub = re.sub(r"(List|Map)$", "", h.storage)
                entry: dict[str, Any] = {
                    "nesting_mode": "single" if h.kind == "struct" else h.kind,
                    "block": self._struct_block(sub),
                }
                if required:
                    entry["min_items"] = 1
                block["block_types"][name] = entry
                continue
            cdktf_map = _CDKTF_MAP_RE.search(text)
            if h is not None:
                typ = _storage_type(h)
            elif cdktf_map is not None and cdktf_map.group(2) == name:
                typ = ["map", _PRIMITIVES[cdktf_map.group(1).lower()]]
            else:
                g = _GETTER_RE.search(text)
                if g is None or g.group(3) != name:
                    typ = "dynamic"
                else:
                    typ = _GETTER_TYPES.get(g.group(2), "dynamic")
                    if g.group(1) and isinstance(typ, list):
                        typ = ["set", typ[1]]
            block["attributes"][name] = {"type": typ, **_flags(computed, optional, required)}
        return block

    def _complex_member(
        self,
        block: dict[str, Any],
        name: str,
        new: re.Match[str],
        h: _Hcl | None,
        computed: bool,
        optional: bool,
        required: bool,
    ) -> None:
        struct, kind, wraps_set = new.group(1), new.group(2), new.group(4) == "true"
        sub = self._struct_block(struct)
        flags = _flags(computed, optional, required)
        if h is None:
            # computed-only: a plain attribute whose type is a collection of objects
            obj = _block_to_object_type(sub)
            if kind == "Map":
                typ: Any = ["map", obj]
            else:
                typ = ["set" if wraps_set else "list", obj]
            block["attributes"][name] = {"type": typ, **flags}
            return
        if kind == "Map" or (h.kind == "struct" and name != "timeouts") or not h.is_block:
            nesting = {"Map": "map", "OutputReference": "single"}.get(kind, "set" if wraps_set else "list")
            if kind == "OutputReference" and h.kind == "list":
                nesting = "list"
            nested = {"attributes": sub.get("attributes", {}), "nesting_mode": nesting}
            if sub.get("block_types"):
                # nested attributes cannot hold blocks; fold them in as attributes of object type
                for bname, b in sub["block_types"].items():
                    obj = _block_to_object_type(b["block"])
                    nested["attributes"][bname] = {
                        "type": obj if b["nesting_mode"] == "single" else [b["nesting_mode"], obj],
                        "optional": True,
                    }
            block["attributes"][name] = {"nested_type": nested, **flags}
            return
        if h.kind == "struct":  # timeouts
            block["block_types"][name] = {"nesting_mode": "single", "block": sub}
            return
        entry: dict[str, Any] = {"nesting_mode": "set" if wraps_set else "list", "block": sub}
        if required:
            entry["min_items"] = 1
        if kind == "OutputReference":
            entry["nesting_mode"] = "list"
            entry["max_items"] = 1
        block["block_types"][name] = entry


def _clean(block: dict[str, Any]) -> dict[str, Any]:
    """Drop empty ``attributes``/``block_types`` maps, as terraform's JSON does."""
    out: dict[str, Any] = {}
    if block.get("attributes"):
        out["attributes"] = {k: _clean_attr(v) for k, v in block["attributes"].items()}
    if block.get("block_types"):
        out["block_types"] = {k: {**v, "block": _clean(v["block"])} for k, v in block["block_types"].items()}
    return out


def _clean_attr(attr: dict[str, Any]) -> dict[str, Any]:
    if "nested_type" in attr:
        nt = attr["nested_type"]
        return {**attr, "nested_type": {**nt, "attributes": {k: _clean_attr(v) for k, v in nt["attributes"].items()}}}
    return attr


def _iter_module_sources(tgz: Path) -> dict[str, str]:
    """Map module folder (e.g. ``sagemaker-model``) to the concatenated TypeScript of its ``.js`` files."""
    modules: dict[str, list[str]] = {}
    with tarfile.open(tgz) as tar:
        for member in tar:
            name = member.name
            if not (name.startswith("package/lib/") and name.endswith(".js")):
                continue
            parts = name[len("package/lib/") :].split("/")
            if len(parts) < 2:
                continue
            fh = tar.extractfile(member)
            if fh is None:
                continue
            js = fh.read().decode("utf-8")
            i = js.rfind(_SOURCE_MAP_MARK)
            if i < 0:
                continue
            source_map = json.loads(base64.b64decode(js[i + len(_SOURCE_MAP_MARK) :].strip()))
            modules.setdefault(parts[0], []).extend(source_map.get("sourcesContent") or [])
    return {k: "\n".join(v) for k, v in modules.items()}


def bindings_package(provider: str) -> str:
    """The Python package of ``provider``'s bindings in the framework family sagemaker_tf uses."""
    from sagemaker_tf._runtime.framework import FAMILY

    return FAMILY.providers[provider]


def find_bindings_tgz(provider: str, package: str | None = None) -> Path:
    """Locate ``<package>/_jsii/*.jsii.tgz`` without importing the package.

    ``package`` defaults to the bindings of the family sagemaker_tf uses (``cdktf_cdktf_provider_<provider>`` or
    ``cdktn_provider_<provider>``).
    """
    package = package or bindings_package(provider)
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError(f"{package} ({package.replace('_', '-')}) is not installed")
    for location in spec.submodule_search_locations:
        found = sorted(Path(location, "_jsii").glob("*.jsii.tgz"))
        if found:
            return found[0]
    raise FileNotFoundError(f"no _jsii/*.jsii.tgz in {package}")


def _extends(body: str, base: str) -> bool:
    """Whether a generated class ``body`` extends the framework's ``base`` (``cdktf.<base>`` or ``cdktn.<base>``)."""
    head = body[:200]
    return f"extends cdktf.{base}" in head or f"extends cdktn.{base}" in head


def extract_provider_schema(provider: str, package: str | None = None) -> ProviderSchema:
    """Extract the full schema of one provider from its installed bindings (see :func:`find_bindings_tgz`)."""
    sources = _iter_module_sources(find_bindings_tgz(provider, package))
    resources: dict[str, Any] = {}
    data_sources: dict[str, Any] = {}
    provider_block: dict[str, Any] | None = None
    version = ""
    source = provider
    for ts in sources.values():
        m = _TF_TYPE_RE.search(ts)
        if m is None:
            continue
        mod = _parse_module(ts)
        root = next(
            (n for n, body in mod.classes.items() if _extends(body, "Terraform") and _TF_TYPE_RE.search(body)),
            None,
        )
        if root is None:
            continue
        block = _clean(_ModuleSchemaBuilder(mod).root_block(root))
        body = mod.classes[root]
        if _extends(body, "TerraformProvider"):
            block.get("attributes", {}).pop("alias", None)  # a meta-argument, not part of the schema
            provider_block = block
            version = _VERSION_RE.search(body).group(1)  # type: ignore[union-attr]
            source = _SOURCE_RE.search(body).group(1)  # type: ignore[union-attr]
        elif _extends(body, "TerraformDataSource"):
            data_sources[m.group(1)] = {"version": 0, "block": block}
        else:
            resources[m.group(1)] = {"version": 0, "block": block}
    if provider_block is None:
        raise ValueError(f"no provider class found in the {provider} bindings")
    if "/" not in source:
        source = f"hashicorp/{source}"
    return ProviderSchema(
        source=f"registry.terraform.io/{source}",
        version=version,
        doc={
            "provider": {"version": 0, "block": provider_block},
            "resource_schemas": dict(sorted(resources.items())),
            "data_source_schemas": dict(sorted(data_sources.items())),
        },
    )


def schemas_json(schemas: list[ProviderSchema]) -> dict[str, Any]:
    """Combine provider schemas into one ``terraform providers schema -json`` document."""
    return {"format_version": "1.0", "provider_schemas": {s.source: s.doc for s in schemas}}
