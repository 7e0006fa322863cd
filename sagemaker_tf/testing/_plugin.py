"""A schema-faithful stand-in Terraform provider, served over the plugin protocol with the ``tf`` package.

Run as a script by the mirror's shim (never imported by ``sagemaker_tf`` at import time)::

    python _plugin.py <full-schema.json>

It serves the schema in ``$SAGEMAKER_TF_OFFLINE_SCHEMA_DIR/<provider>.json`` when that is set (only the types a
stack uses, which keeps start-up cheap), else the full schema file given on the command line. It plans creates
(computed attributes that the configuration leaves null become unknown, also inside nested blocks) and reads data
sources with plausible values. With a prior state it plans updates (``requires_replace`` for the real provider's
ForceNew arguments) and it applies plans to a local state with deterministic fake values (see ``_apply.py``).

Only the standard library and ``tf`` (with grpc, protobuf and msgpack) are imported here, never ``sagemaker_tf``.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import sys
from typing import TYPE_CHECKING, Any, ClassVar

import tf.provider as _tf_provider
import tf.runner as _tf_runner
from msgpack.ext import ExtType
from tf.gen import tfplugin_pb2 as pb
from tf.runner import run_provider
from tf.types import Unknown
from tf.utils import Diagnostics, read_dynamic_value, to_dynamic_value

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
if TYPE_CHECKING:  # the same files, as the type checker finds them in the package
    from sagemaker_tf.testing import _apply, _validators
else:
    import _apply
    import _validators

ACCOUNT_ID = "123456789012"
DEFAULT_REGION = "us-east-1"
SCHEMA_DIR_ENV = "SAGEMAKER_TF_OFFLINE_SCHEMA_DIR"

_BLOCK_NESTING = {
    "single": pb.Schema.NestedBlock.SINGLE,
    "list": pb.Schema.NestedBlock.LIST,
    "set": pb.Schema.NestedBlock.SET,
    "map": pb.Schema.NestedBlock.MAP,
    "group": pb.Schema.NestedBlock.GROUP,
}
_WRITE_ONLY_FIELD = bytes([11 << 3, 1])  # Schema.Attribute.write_only = true, as protobuf encodes it
_OBJECT_NESTING = {
    "single": pb.Schema.Object.SINGLE,
    "list": pb.Schema.Object.LIST,
    "set": pb.Schema.Object.SET,
    "map": pb.Schema.Object.MAP,
}


# ----------------------------------------------------------------------------------------------------------------
# schema -> protobuf
# ----------------------------------------------------------------------------------------------------------------
def _pb_attribute(name: str, attr: dict[str, Any]) -> pb.Schema.Attribute:
    kwargs: dict[str, Any] = {
        "name": name,
        "required": bool(attr.get("required")),
        "optional": bool(attr.get("optional")),
        "computed": bool(attr.get("computed")),
        "sensitive": bool(attr.get("sensitive")),
        "description_kind": pb.PLAIN,
    }
    nested = attr.get("nested_type")
    if nested is not None:
        kwargs["nested_type"] = pb.Schema.Object(
            attributes=[_pb_attribute(n, a) for n, a in sorted(nested["attributes"].items())],
            nesting=_OBJECT_NESTING[nested["nesting_mode"]],
        )
    else:
        kwargs["type"] = json.dumps(attr["type"]).encode()
    message = pb.Schema.Attribute(**kwargs)
    if attr.get("write_only"):
        # ``write_only`` (field 11) is newer than tf's protocol definitions: appended as a raw field, which
        # protobuf keeps and Terraform (1.11+) reads
        message.MergeFromString(_WRITE_ONLY_FIELD)
    return message


def _pb_block(block: dict[str, Any]) -> pb.Schema.Block:
    return pb.Schema.Block(
        version=0,
        attributes=[_pb_attribute(n, a) for n, a in sorted(block.get("attributes", {}).items())],
        block_types=[
            pb.Schema.NestedBlock(
                type_name=n,
                block=_pb_block(b["block"]),
                nesting=_BLOCK_NESTING[b["nesting_mode"]],
                min_items=b.get("min_items", 0),
                max_items=b.get("max_items", 0),
            )
            for n, b in sorted(block.get("block_types", {}).items())
        ],
        description_kind=pb.PLAIN,
    )


def _pb_schema(schema: dict[str, Any]) -> pb.Schema:
    return pb.Schema(version=schema.get("version", 0), block=_pb_block(schema["block"]))


# ----------------------------------------------------------------------------------------------------------------
# values
# ----------------------------------------------------------------------------------------------------------------
def _is_unknown(value: Any) -> bool:
    return value is Unknown or isinstance(value, ExtType)


def _is_known(value: Any) -> bool:
    """True when ``value`` holds no unknown anywhere."""
    if _is_unknown(value):
        return False
    if isinstance(value, dict):
        return all(_is_known(v) for v in value.values())
    if isinstance(value, list):
        return all(_is_known(v) for v in value)
    return True


def _elements(value: Any, mode: str) -> list[Any]:
    if value is None or _is_unknown(value):
        return []
    if mode == "single":
        return [value]
    if mode == "map":
        return list(value.values())
    return list(value)


def _mark_computed_unknown(block: dict[str, Any], obj: dict[str, Any]) -> None:
    """On create, every computed attribute the configuration left null becomes unknown, at any depth."""
    for name, attr in block.get("attributes", {}).items():
        value = obj.get(name)
        if value is None:
            if attr.get("computed"):
                obj[name] = Unknown
            continue
        nested = attr.get("nested_type")
        if nested is not None:
            for element in _elements(value, nested["nesting_mode"]):
                if isinstance(element, dict):
                    _mark_computed_unknown({"attributes": nested["attributes"]}, element)
    for name, nested_block in block.get("block_types", {}).items():
        for element in _elements(obj.get(name), nested_block["nesting_mode"]):
            if isinstance(element, dict):
                _mark_computed_unknown(nested_block["block"], element)


def _placeholder(type_: Any, attr_name: str, facts: dict[str, str]) -> Any:
    """A plausible, fully known value of cty type ``type_`` for a computed data-source attribute."""
    if type_ == "string":
        by_name = {
            "account_id": facts["account"],
            "owner_id": facts["account"],
            "registry_id": facts["account"],
            "region": facts["region"],
            "partition": "aws",
            "arn": facts["arn"],
            "id": facts["id"],
        }
        return by_name.get(attr_name, f"offline-{attr_name.replace('_', '-')}")
    if type_ == "number":
        return 0
    if type_ == "bool":
        return False
    if type_ == "dynamic":
        return None
    if isinstance(type_, list) and type_[0] in ("list", "set", "tuple"):
        return []
    if isinstance(type_, list) and type_[0] == "map":
        return {}
    if isinstance(type_, list) and type_[0] == "object":
        return {k: None for k in type_[1]}
    return None


def _fill_computed(block: dict[str, Any], obj: dict[str, Any], facts: dict[str, str]) -> None:
    """Give every computed attribute that is still null a plausible known value (data-source reads)."""
    for name, attr in block.get("attributes", {}).items():
        if obj.get(name) is None and attr.get("computed"):
            if "nested_type" in attr:
                obj[name] = {"single": None, "map": {}}.get(attr["nested_type"]["nesting_mode"], [])
            else:
                obj[name] = _placeholder(attr["type"], name, facts)
    for name, nested_block in block.get("block_types", {}).items():
        for element in _elements(obj.get(name), nested_block["nesting_mode"]):
            if isinstance(element, dict):
                _fill_computed(nested_block["block"], element, facts)


def _as_list(values: Any) -> list[Any]:
    return sorted(values) if values else []


def _one_or_many(values: list[Any]) -> Any:
    return values[0] if len(values) == 1 else values


def policy_document_json(config: dict[str, Any]) -> dict[str, Any]:
    """Build an IAM policy document from an ``aws_iam_policy_document`` configuration, as the provider does."""
    statements = []
    for st in config.get("statement") or []:
        out: dict[str, Any] = {}
        if st.get("sid"):
            out["Sid"] = st["sid"]
        out["Effect"] = st.get("effect") or "Allow"
        for key, tf_name in (("Action", "actions"), ("NotAction", "not_actions")):
            if st.get(tf_name):
                out[key] = _one_or_many(_as_list(st[tf_name]))
        for key, tf_name in (("Resource", "resources"), ("NotResource", "not_resources")):
            if st.get(tf_name):
                out[key] = _one_or_many(_as_list(st[tf_name]))
        for key, tf_name in (("Principal", "principals"), ("NotPrincipal", "not_principals")):
            blocks = st.get(tf_name) or []
            if blocks:
                principal: dict[str, Any] = {}
                for p in blocks:
                    ids = _as_list(p.get("identifiers"))
                    if p.get("type") == "*" and ids == ["*"]:
                        principal = "*"  # type: ignore[assignment]
                        break
                    principal.setdefault(p["type"], []).extend(ids)
                if isinstance(principal, dict):
                    principal = {k: _one_or_many(sorted(v)) for k, v in principal.items()}
                out[key] = principal
        conditions: dict[str, dict[str, Any]] = {}
        for c in st.get("condition") or []:
            conditions.setdefault(c["test"], {})[c["variable"]] = _one_or_many(list(c.get("values") or []))
        if conditions:
            out["Condition"] = conditions
        statements.append(out)
    return {"Version": config.get("version") or "2012-10-17", "Statement": statements}


def _attribute_path(path: tuple[Any, ...]) -> pb.AttributePath:
    steps = [
        pb.AttributePath.Step(element_key_int=step)
        if isinstance(step, int)
        else pb.AttributePath.Step(attribute_name=step)
        for step in path
    ]
    return pb.AttributePath(steps=steps)


def _diagnostics(findings: list[_validators.Finding]) -> list[pb.Diagnostic]:
    return [
        pb.Diagnostic(
            severity=pb.Diagnostic.ERROR,
            summary=f.summary,
            detail=f.detail,
            attribute=_attribute_path(f.path),
        )
        for f in findings
    ]


# ----------------------------------------------------------------------------------------------------------------
# the servicer
# ----------------------------------------------------------------------------------------------------------------
class _StandInProvider:
    """The minimal object ``tf.runner.run_provider`` needs; all work happens in :class:`StandInServicer`."""

    def __init__(self, source: str) -> None:
        self._source = source

    def full_name(self) -> str:
        return self._source


class StandInServicer(_tf_provider.ProviderServicer):  # type: ignore[misc]  # tf ships no type information
    """Serves a schema document and plans against it; built on ``tf``'s servicer and runner."""

    schema: ClassVar[dict[str, Any]] = {}

    def __init__(self, app: Any) -> None:
        super().__init__(app)
        self.region = DEFAULT_REGION
        self.default_tags: dict[str, str] = {}

    # --- schema and configuration ------------------------------------------------------------------------------
    def GetProviderSchema(self, request: Any, context: Any) -> Any:
        s = self.schema
        return pb.GetProviderSchema.Response(
            provider=_pb_schema(s["provider"]),
            provider_meta=pb.Schema(version=0, block=pb.Schema.Block(version=0)),
            resource_schemas={k: _pb_schema(v) for k, v in s["resource_schemas"].items()},
            data_source_schemas={k: _pb_schema(v) for k, v in s["data_source_schemas"].items()},
            server_capabilities=pb.ServerCapabilities(plan_destroy=True),
        )

    def ValidateProviderConfig(self, request: Any, context: Any) -> Any:
        return pb.ValidateProviderConfig.Response()

    def ValidateResourceConfig(self, request: Any, context: Any) -> Any:
        # the real provider's validators (enums, patterns, lengths, ConflictsWith, list sizes), with its messages
        config = read_dynamic_value(request.config)
        findings = _validators.validate_config(request.type_name, config, _is_unknown)
        return pb.ValidateResourceConfig.Response(diagnostics=_diagnostics(findings))

    def ValidateDataResourceConfig(self, request: Any, context: Any) -> Any:
        return pb.ValidateDataResourceConfig.Response()

    def ConfigureProvider(self, request: Any, context: Any) -> Any:
        config = read_dynamic_value(request.config) or {}
        region = config.get("region")
        if isinstance(region, str) and region:
            self.region = region
        for dt in config.get("default_tags") or []:
            tags = dt.get("tags") if isinstance(dt, dict) else None
            if isinstance(tags, dict) and _is_known(tags):
                self.default_tags.update(tags)
        return pb.ConfigureProvider.Response()

    # --- resources ---------------------------------------------------------------------------------------------
    def PlanResourceChange(self, request: Any, context: Any) -> Any:
        prior = read_dynamic_value(request.prior_state)
        proposed = read_dynamic_value(request.proposed_new_state)
        if isinstance(proposed, dict) and _apply.ADDRESS_ATTRIBUTE in proposed:
            proposed[_apply.ADDRESS_ATTRIBUTE] = None  # write-only: never planned
        # the provider's CustomizeDiff, then what the Create/Put request this plan implies would be refused for
        # (botocore's constraints)
        refused = _validators.check_plan(request.type_name, proposed, _is_unknown) or _validators.check_request(
            request.type_name, proposed, _is_unknown
        )
        if refused:
            return pb.PlanResourceChange.Response(diagnostics=_diagnostics(refused))
        if prior is None and isinstance(proposed, dict):
            block = self.schema["resource_schemas"][request.type_name]["block"]
            attrs = block.get("attributes", {})
            if "region" in attrs and proposed.get("region") is None and self.schema.get("short_name") == "aws":
                proposed["region"] = self.region
            tags = proposed.get("tags")
            if "tags_all" in attrs and proposed.get("tags_all") is None and _is_known(tags):
                proposed["tags_all"] = {**self.default_tags, **(tags or {})}
            _mark_computed_unknown(block, proposed)
        elif isinstance(prior, dict) and isinstance(proposed, dict):
            # an update: computed values the configuration leaves null keep their prior values (Terraform's
            # proposed state already holds them), except tags_all, which follows tags as the provider's
            # SetTagsDiff makes it; ForceNew changes ask for a replacement
            attrs = self.schema["resource_schemas"][request.type_name]["block"].get("attributes", {})
            tags = proposed.get("tags")
            if "tags_all" in attrs and _is_known(tags):
                proposed["tags_all"] = {**self.default_tags, **(tags or {})}
            paths = _apply.requires_replace(request.type_name, prior, proposed, _is_unknown)
            return pb.PlanResourceChange.Response(
                planned_state=to_dynamic_value(proposed),
                requires_replace=[_attribute_path(p) for p in paths],
            )
        return pb.PlanResourceChange.Response(planned_state=to_dynamic_value(proposed))

    def ApplyResourceChange(self, request: Any, context: Any) -> Any:
        prior = read_dynamic_value(request.prior_state)
        planned = read_dynamic_value(request.planned_state)
        if planned is None:  # delete
            _apply.release_name(request.type_name, prior, self._region_of(prior))
            return pb.ApplyResourceChange.Response(new_state=to_dynamic_value(None))
        block = self.schema["resource_schemas"][request.type_name]["block"]
        region = self._region_of(planned)
        config = read_dynamic_value(request.config)
        address = config.get(_apply.ADDRESS_ATTRIBUTE) if isinstance(config, dict) else None
        state = _apply.fill_unknowns(
            request.type_name,
            block,
            planned,
            _is_unknown,
            _placeholder,
            region,
            ACCOUNT_ID,
            address if isinstance(address, str) else None,
        )
        if _apply.ADDRESS_ATTRIBUTE in state:
            state[_apply.ADDRESS_ATTRIBUTE] = None  # write-only: never stored
        if prior is None:
            error = _apply.claim_name(request.type_name, state, region)
            if error:
                diags = Diagnostics().add_error(f"creating {request.type_name}: {error}", error)
                return pb.ApplyResourceChange.Response(diagnostics=diags.to_pb())
        return pb.ApplyResourceChange.Response(new_state=to_dynamic_value(state))

    def _region_of(self, state: Any) -> str:
        region = state.get("region") if isinstance(state, dict) else None
        return region if isinstance(region, str) and region else self.region

    def ReadResource(self, request: Any, context: Any) -> Any:
        return pb.ReadResource.Response(new_state=request.current_state)

    def UpgradeResourceState(self, request: Any, context: Any) -> Any:
        state = json.loads(request.raw_state.json) if request.raw_state.json else None
        attributes = self.schema["resource_schemas"].get(request.type_name, {}).get("block", {}).get("attributes", {})
        if isinstance(state, dict) and _apply.ADDRESS_ATTRIBUTE not in attributes:
            state.pop(_apply.ADDRESS_ATTRIBUTE, None)  # a state applied with it, planned without it
        return pb.UpgradeResourceState.Response(upgraded_state=to_dynamic_value(state))

    def ImportResourceState(self, request: Any, context: Any) -> Any:
        diags = Diagnostics().add_error("Offline stand-in provider cannot import resources")
        return pb.ImportResourceState.Response(diagnostics=diags.to_pb())

    # --- data sources ------------------------------------------------------------------------------------------
    def ReadDataSource(self, request: Any, context: Any) -> Any:
        config = read_dynamic_value(request.config) or {}
        state = dict(config)
        type_name = request.type_name
        block = self.schema["data_source_schemas"][type_name]["block"]
        given_region, given_name = config.get("region"), config.get("name")
        region: str = given_region if isinstance(given_region, str) else self.region
        name = given_name if isinstance(given_name, str) else "offline"
        kind = type_name.split("_", 1)[1] if "_" in type_name else type_name
        service = kind.split("_", 1)[0]
        facts = {
            "account": ACCOUNT_ID,
            "region": region,
            "id": name,
            "arn": f"arn:aws:{service}:{region}:{ACCOUNT_ID}:{kind.replace('_', '-')}/{name}",
        }
        self._known_data_values(type_name, config, state, region, name)
        _fill_computed(block, state, facts)
        return pb.ReadDataSource.Response(state=to_dynamic_value(state))

    def _known_data_values(
        self, type_name: str, config: dict[str, Any], state: dict[str, Any], region: str, name: str
    ) -> None:
        """The plausible values the issue asks for, for the data sources a SageMaker stack reads."""
        ecr_host = f"{ACCOUNT_ID}.dkr.ecr.{region}.amazonaws.com"
        values: dict[str, Any] = {}
        if type_name == "aws_partition":
            values = {
                "id": "aws",
                "partition": "aws",
                "dns_suffix": "amazonaws.com",
                "reverse_dns_prefix": "com.amazonaws",
            }
        elif type_name == "aws_region":
            values = {
                "id": region,
                "name": region,
                "region": region,
                "endpoint": f"ec2.{region}.amazonaws.com",
                "description": f"Offline region {region}",
            }
        elif type_name == "aws_caller_identity":
            values = {
                "id": ACCOUNT_ID,
                "account_id": ACCOUNT_ID,
                "arn": f"arn:aws:iam::{ACCOUNT_ID}:user/offline-terraform",
                "user_id": "AIDAOFFLINETERRAFORM",
            }
        elif type_name == "aws_ecr_repository":
            values = {
                "id": name,
                "arn": f"arn:aws:ecr:{region}:{ACCOUNT_ID}:repository/{name}",
                "registry_id": ACCOUNT_ID,
                "repository_url": f"{ecr_host}/{name}",
                "image_tag_mutability": "MUTABLE",
            }
        elif type_name == "aws_ecr_authorization_token":
            password = "offline-password"
            values = {
                "id": region,
                "authorization_token": base64.b64encode(f"AWS:{password}".encode()).decode(),
                "user_name": "AWS",
                "password": password,
                "proxy_endpoint": f"https://{ecr_host}",
                "expires_at": "2030-01-01T00:00:00Z",
            }
        elif type_name == "aws_iam_policy_document":
            doc = policy_document_json(config)
            values = {
                "id": str(int(hashlib.sha256(json.dumps(doc, sort_keys=True).encode()).hexdigest()[:8], 16)),
                "json": json.dumps(doc, indent=2),
                "minified_json": json.dumps(doc, separators=(",", ":")),
            }
        elif type_name in ("docker_registry_image", "docker_image"):
            digest = "sha256:" + hashlib.sha256(name.encode()).hexdigest()
            values = {"id": digest, "sha256_digest": digest, "repo_digest": f"{name}@{digest}"}
        for key, value in values.items():
            if state.get(key) is None:
                state[key] = value


def _load_schema(full_schema_path: str) -> dict[str, Any]:
    """The provider document to serve: the per-stack filtered one when the environment names it."""
    path = full_schema_path
    directory = os.environ.get(SCHEMA_DIR_ENV)
    if directory:
        filtered = os.path.join(directory, os.path.basename(full_schema_path))
        if os.path.exists(filtered):
            path = filtered
    with open(path, encoding="utf-8") as fh:
        schema: dict[str, Any] = json.load(fh)
        return schema


_CERT_LIFETIME_S = 6 * 24 * 3600  # tf's certificates last 7 days
_tf_self_signed_cert = _tf_runner._self_signed_cert


def _fast_self_signed_cert() -> tuple[bytes, Any]:
    """tf's certificate, cached with its expiry so later starts skip importing ``cryptography`` (~0.2 s)."""
    import time

    import grpc

    cache = os.path.join(os.path.expanduser("~"), ".cache", "tf-python-provider", "offline_cert.json")
    try:
        with open(cache, encoding="utf-8") as fh:
            cached = json.load(fh)
        if cached["not_after"] > time.time() + 3600:
            credentials = grpc.ssl_server_credentials(
                private_key_certificate_chain_pairs=[(cached["key_pem"].encode(), cached["cert_pem"].encode())],
                require_client_auth=False,
            )
            return base64.b64decode(cached["cert_chain"]), credentials
    except (OSError, ValueError, KeyError):
        pass
    chain, credentials = _tf_self_signed_cert()
    tf_cache = _tf_runner._get_cert_cache_path()
    try:
        with open(tf_cache, encoding="utf-8") as fh:
            tf_cached = json.load(fh)
        tf_cached["not_after"] = time.time() + _CERT_LIFETIME_S
        with open(os.open(cache, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600), "w", encoding="utf-8") as fh:
            json.dump(tf_cached, fh)
    except (OSError, ValueError):
        pass
    return chain, credentials


def main(argv: list[str]) -> None:
    """Serve the stand-in provider described by the schema file ``argv[1]``."""
    schema = _load_schema(argv[1])
    StandInServicer.schema = schema
    _tf_provider.ProviderServicer = StandInServicer  # run_provider looks it up at call time
    _tf_runner._self_signed_cert = _fast_self_signed_cert
    run_provider(_StandInProvider(schema["source"]), argv)


if __name__ == "__main__":
    main(sys.argv)
