"""``sagemaker-tf review PLAN_JSON``: what a Terraform plan means for the SageMaker endpoints it touches.

Reads ``terraform show -json tfplan`` output and explains, per change:

- an endpoint updated in place (``UpdateEndpoint``, keeps serving) vs replaced or deleted (downtime): **risky**;
- an endpoint config replaced create-before-destroy (a new config first) or destroy-first (the config a live
  endpoint uses is deleted before its replacement exists: **risky**);
- a model or endpoint config with a fixed name that must be replaced: with create-before-destroy the create
  fails (``Cannot create already existing model``); a replaced fixed-name config leaves its endpoint untouched
  (same ``endpoint_config_name``, no ``UpdateEndpoint``), so the change never reaches it: **risky**;
- autoscaled variants whose instance count drops back to the new config's ``initial_instance_count``: hashicorp/aws
  6.x calls ``UpdateEndpoint`` without ``RetainAllVariantProperties`` (terraform-provider-aws #48990): **risky**;
- an instance-type change (or removal) of an autoscaled variant: AWS rejects the update while the variant is a
  registered scalable target; deregister it first: **risky**;
- the deployment guardrails in effect (blue/green or rolling, rollback alarms), or their absence;
- IAM changes to a role a model runs as (removing permissions from a model that stays is **risky**; a role
  that only served models this plan replaces is destroyed after them);
- inference components (``awscc_sagemaker_inference_component``) updated in place (UpdateInferenceComponent,
  rolled out copy by copy), replaced or deleted (calls to the component fail: **risky**); an update of a
  component whose copy count is auto-scaled sends the configured ``copy_count`` again and resets the copies to it
  until the policies react: **risky**.

Levels: ``risky`` (``--fail-on risky`` exits 1), ``warning``, ``info``.

Example::

    $ terraform show -json tfplan > plan.json
    $ sagemaker-tf review plan.json --format markdown --fail-on risky
"""

from __future__ import annotations

import argparse
import json
import re
import textwrap
from dataclasses import asdict, dataclass
from typing import Any

from sagemaker_tf.cli._reader import Plan, load_plan, printable

LEVELS = ("risky", "warning", "info")
_VARIANT_RE = re.compile(r"^endpoint/(?P<endpoint>[^/]+)/variant/(?P<variant>.+)$")
_IAM_ROLE_LINKED = ("aws_iam_role_policy", "aws_iam_role_policy_attachment")
_RESOLUTION_48990 = (
    "hashicorp/aws 6.x calls UpdateEndpoint without RetainAllVariantProperties (terraform-provider-aws #48990)"
)


@dataclass(frozen=True)
class Finding:
    """One consequence of the plan for one resource.

    Example::

        Finding("risky", "aws_sagemaker_endpoint.Endpoint", "endpoint", "deleted: the endpoint stops serving")
    """

    level: str  # risky | warning | info
    address: str
    topic: str  # endpoint | endpoint-config | model | autoscaling | deployment | iam
    message: str


def _d(value: Any) -> dict[str, Any]:
    """``value`` when it is an object, else an empty one (plans write null for absent values)."""
    return value if isinstance(value, dict) else {}


def _ds(value: Any) -> list[dict[str, Any]]:
    """The objects of a nested block (a list of objects; anything else reads as no block)."""
    if isinstance(value, dict):
        return [value]
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _first(value: Any) -> dict[str, Any]:
    blocks = _ds(value)
    return blocks[0] if blocks else {}


def _change(rc: dict[str, Any]) -> dict[str, Any]:
    return _d(rc.get("change"))


def _before(rc: dict[str, Any]) -> dict[str, Any]:
    return _d(_change(rc).get("before"))


def _after(rc: dict[str, Any]) -> dict[str, Any]:
    return _d(_change(rc).get("after"))


def _unknown(rc: dict[str, Any]) -> dict[str, Any]:
    return _d(_change(rc).get("after_unknown"))


def _actions(rc: dict[str, Any]) -> list[str]:
    return [str(a) for a in _change(rc).get("actions") or []]


def _is_replace(actions: list[str]) -> bool:
    return "create" in actions and "delete" in actions


def _cbd(actions: list[str]) -> bool:
    return actions == ["create", "delete"]


def _path_text(path: list[Any] | tuple[Any, ...]) -> str:
    text = ""
    for step in path:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else str(step))
    return text


def _paths(rc: dict[str, Any]) -> list[str]:
    return [_path_text(path) for path in _change(rc).get("replace_paths") or [] if isinstance(path, list)]


def _because(rc: dict[str, Any]) -> str:
    paths = _paths(rc)
    return f" (forced by {', '.join(paths)})" if paths else ""


_IGNORED_CHANGES = frozenset({"tags_all"})  # mirrors tags (plus the provider's default tags)
_MAX_NAMED_CHANGES = 6


def _changed_paths(rc: dict[str, Any]) -> list[tuple[str, Any, Any, bool]]:
    """(path, before, after, known) for each leaf value the update changes, in document order."""
    out: list[tuple[str, Any, Any, bool]] = []

    def walk(path: tuple[Any, ...], before: Any, after: Any, unknown: Any) -> None:
        if unknown is True:
            out.append((_path_text(path), before, None, False))
        elif isinstance(before, dict) and isinstance(after, dict):
            for key in list(before) + [k for k in after if k not in before]:
                if not path and key in _IGNORED_CHANGES:
                    continue
                walk((*path, key), before.get(key), after.get(key), _d(unknown).get(key))
        elif isinstance(before, list) and isinstance(after, list) and len(before) == len(after):
            items = unknown if isinstance(unknown, list) else []
            for i, (b, a) in enumerate(zip(before, after, strict=True)):
                walk((*path, i), b, a, items[i] if i < len(items) else None)
        elif before != after:
            out.append((_path_text(path), before, after, True))

    walk((), _before(rc), _after(rc), _change(rc).get("after_unknown"))
    return out


def _changes_text(rc: dict[str, Any]) -> str:
    """The attributes an update changes, as a reviewer reads them: ``max_capacity 8 -> 10, policy``."""
    parts = []
    changed = _changed_paths(rc)
    for path, before, after, known in changed[:_MAX_NAMED_CHANGES]:
        if not known:
            parts.append(f"{path} (known after apply)")
        elif _short(before) and _short(after):
            parts.append(f"{path} {json.dumps(before)} -> {json.dumps(after)}")
        else:
            parts.append(path)
    if len(changed) > _MAX_NAMED_CHANGES:
        parts.append(f"and {len(changed) - _MAX_NAMED_CHANGES} more")
    return ", ".join(parts) or "no attribute (only Terraform's bookkeeping)"


def _short(value: Any) -> bool:
    return value is None or isinstance(value, (bool, int, float)) or (isinstance(value, str) and len(value) <= 40)


def _fixed_name(rc: dict[str, Any]) -> str | None:
    """The name of a replaced resource when it stays the same (a fixed name), else None."""
    before, after = _before(rc), _after(rc)
    name = after.get("name")
    if (
        isinstance(name, str)
        and not _unknown(rc).get("name")
        and before.get("name") == name
        and not after.get("name_prefix")
    ):
        return name
    return None


def _variants(values: dict[str, Any] | None) -> dict[str, dict[str, Any]]:
    return {str(v.get("variant_name")): v for v in _ds(_d(values).get("production_variants"))}


def _names(rc: dict[str, Any], attribute: str) -> set[str]:
    """The known values of ``attribute`` before and after the change (how resources are linked without config)."""
    return {v for v in (_before(rc).get(attribute), _after(rc).get(attribute)) if isinstance(v, str) and v}


class _Review:
    """The rules over one plan. Every link is computed once, in one pass over the changes, so a review stays
    linear in the plan's size. A link is read from the plan's ``configuration`` references; when the plan has none
    (or the reference is missing), from the values: an endpoint's ``endpoint_config_name`` is a config's ``name``, a
    variant's ``model_name`` a model's ``name``, a scalable target's ``resource_id`` names its endpoint."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.changes = {rc["address"]: rc for rc in plan.resource_changes}
        self.findings: list[Finding] = []
        self._by_type: dict[str, list[dict[str, Any]]] = {}
        for rc in self.changes.values():
            self._by_type.setdefault(str(rc.get("type")), []).append(rc)
        self._config_of: dict[str, str | None] = {}
        self._endpoints_using: dict[str, list[str]] = {}
        self._models_of: dict[str, list[str]] = {}
        self._configs_using: dict[str, list[str]] = {}
        self._targets: dict[str, dict[str, dict[str, Any]]] = {}
        self._link()

    def add(self, level: str, address: str, topic: str, message: str) -> None:
        self.findings.append(Finding(level, address, topic, message))

    def of_type(self, tf_type: str) -> list[dict[str, Any]]:
        return list(self._by_type.get(tf_type, ()))

    # --- links -------------------------------------------------------------------------------------------------
    def _by_value(self, tf_type: str, attribute: str) -> dict[str, list[str]]:
        index: dict[str, list[str]] = {}
        for rc in self.of_type(tf_type):
            for value in _names(rc, attribute):
                index.setdefault(value, []).append(rc["address"])
        return index

    def _referenced(self, address: str, attributes: tuple[str, ...], prefix: str) -> list[str]:
        out: list[str] = []
        for attribute in attributes:
            out += [r for r in self.plan.references(address, attribute) if r.startswith(prefix) and r not in out]
        return out

    def _link(self) -> None:
        configs_by_name = self._by_value("aws_sagemaker_endpoint_configuration", "name")
        models_by_name = self._by_value("aws_sagemaker_model", "name")
        endpoints_by_name = self._by_value("aws_sagemaker_endpoint", "name")
        for rc in self.of_type("aws_sagemaker_endpoint"):
            found = self._referenced(rc["address"], ("endpoint_config_name",), "aws_sagemaker_endpoint_configuration.")
            if not found:
                found = [
                    c for name in sorted(_names(rc, "endpoint_config_name")) for c in configs_by_name.get(name, [])
                ]
            self._config_of[rc["address"]] = found[0] if found else None
            if found:
                self._endpoints_using.setdefault(found[0], []).append(rc["address"])
        variant_keys = ("production_variants", "shadow_production_variants")
        for rc in self.of_type("aws_sagemaker_endpoint_configuration"):
            models = self._referenced(rc["address"], variant_keys, "aws_sagemaker_model.")
            if not models:
                for values in (_before(rc), _after(rc)):
                    for variant in _ds(values.get(variant_keys[0])) + _ds(values.get(variant_keys[1])):
                        for model in models_by_name.get(str(variant.get("model_name")), []):
                            if model not in models:
                                models.append(model)
            self._models_of[rc["address"]] = models
            for model in models:
                self._configs_using.setdefault(model, []).append(rc["address"])
        for rc in self.of_type("aws_appautoscaling_target"):
            endpoints = self._referenced(rc["address"], ("resource_id",), "aws_sagemaker_endpoint.")
            for values in (_after(rc), _before(rc)):
                match = _VARIANT_RE.match(str(values.get("resource_id") or ""))
                if match:
                    for endpoint in endpoints or endpoints_by_name.get(match.group("endpoint"), []):
                        self._targets.setdefault(endpoint, {})[match.group("variant")] = rc
                    break

    def config_of(self, endpoint: str) -> str | None:
        return self._config_of.get(endpoint)

    def endpoints_using(self, config: str) -> list[str]:
        return list(self._endpoints_using.get(config, ()))

    def models_of(self, config: str) -> list[str]:
        return list(self._models_of.get(config, ()))

    def configs_using(self, model: str) -> list[str]:
        return list(self._configs_using.get(model, ()))

    def role_of(self, model: str) -> str | None:
        refs = [r for r in self.plan.references(model, "execution_role_arn") if r.startswith("aws_iam_role.")]
        return refs[0] if refs else None

    def scalable_targets(self, endpoint: str) -> dict[str, dict[str, Any]]:
        """variant name -> the scalable target change registered on ``endpoint``."""
        return dict(self._targets.get(endpoint, {}))

    # --- rules -------------------------------------------------------------------------------------------------
    def endpoints(self) -> None:
        for rc in self.of_type("aws_sagemaker_endpoint"):
            address, actions = rc["address"], _actions(rc)
            if actions == ["update"]:
                config = self.config_of(address)
                config_rc = self.changes.get(config or "", {})
                switches = _is_replace(_actions(config_rc)) or _unknown(rc).get("endpoint_config_name")
                what = "switches to a new endpoint config; " if switches else ""
                self.add(
                    "info",
                    address,
                    "endpoint",
                    f"updated in place (UpdateEndpoint), changing {_changes_text(rc)}: {what}the endpoint keeps "
                    "serving while SageMaker deploys it",
                )
                self.deployment(rc)
                self.autoscaled_reset(rc)
            elif _is_replace(actions):
                name = _fixed_name(rc)
                extra = (
                    f'; with create-before-destroy CreateEndpoint fails: "{name}" already exists'
                    if name and _cbd(actions)
                    else ""
                )
                self.add(
                    "risky",
                    address,
                    "endpoint",
                    f"replaced{_because(rc)}: the endpoint is deleted and created again, requests fail until "
                    f"the new one is InService{extra}",
                )
            elif actions == ["delete"]:
                self.add("risky", address, "endpoint", "deleted: the endpoint stops serving")
            elif actions == ["create"]:
                self.add("info", address, "endpoint", "created")
                self.deployment(rc)

    def deployment(self, rc: dict[str, Any]) -> None:
        block = _first(_after(rc).get("deployment_config"))
        if not block:
            self.add(
                "info",
                rc["address"],
                "deployment",
                "no deployment guardrails: SageMaker's default blue/green, all traffic at once, no auto-rollback "
                "alarms",
            )
            return
        parts = []
        bg = _first(block.get("blue_green_update_policy"))
        rolling = _first(block.get("rolling_update_policy"))
        if bg:
            routing = _first(bg.get("traffic_routing_configuration"))
            parts.append(f"blue/green {routing.get('type', 'ALL_AT_ONCE')}")
        if rolling:
            size = _first(rolling.get("maximum_batch_size"))
            parts.append(f"rolling in batches of {size.get('value')} {size.get('type', '')}".rstrip())
        alarms = [
            a.get("alarm_name") for rb in _ds(block.get("auto_rollback_configuration")) for a in _ds(rb.get("alarms"))
        ]
        parts.append(f"auto-rollback on {', '.join(str(a) for a in alarms)}" if alarms else "no auto-rollback alarms")
        self.add("info", rc["address"], "deployment", "deployment guardrails: " + "; ".join(parts))

    def autoscaled_reset(self, endpoint_rc: dict[str, Any]) -> None:
        address = endpoint_rc["address"]
        config_changes = _before(endpoint_rc).get("endpoint_config_name") != _after(endpoint_rc).get(
            "endpoint_config_name"
        ) or _unknown(endpoint_rc).get("endpoint_config_name")
        if not config_changes:
            return
        config = self.config_of(address)
        config_rc = self.changes.get(config or "", {})
        before_variants = _variants(_before(config_rc))
        after_variants = _variants(_after(config_rc))
        for variant, target in sorted(self.scalable_targets(address).items()):
            if _actions(target) == ["create"]:
                continue  # scaling registered in this plan: nothing scaled yet
            values = _before(target)
            new = after_variants.get(variant)
            old = before_variants.get(variant)
            if new is None:
                self.add(
                    "risky",
                    target["address"],
                    "autoscaling",
                    f"variant {variant} is autoscaled and the new config removes it: AWS rejects UpdateEndpoint "
                    "while the variant is a registered scalable target; deregister it first (remove its "
                    "autoscaling in an earlier apply)",
                )
                continue
            if str(values.get("scalable_dimension", "")).endswith("DesiredProvisionedConcurrency"):
                serverless = _first(new.get("serverless_config"))
                what = (
                    "provisioned concurrency",
                    "serverless_config.provisioned_concurrency",
                    serverless.get("provisioned_concurrency"),
                )
            else:
                what = ("instance count", "initial_instance_count", new.get("initial_instance_count"))
            self.add(
                "risky",
                target["address"],
                "autoscaling",
                f"variant {variant} is autoscaled ({values.get('min_capacity')}-{values.get('max_capacity')}): "
                f"UpdateEndpoint resets its {what[0]} to the new config's {what[1]} ({what[2]}), "
                f"whatever Application Auto Scaling had scaled it to; {_RESOLUTION_48990}",
            )
            if old is not None and old.get("instance_type") != new.get("instance_type"):
                self.add(
                    "risky",
                    target["address"],
                    "autoscaling",
                    f"variant {variant} changes instance type {old.get('instance_type')} -> "
                    f"{new.get('instance_type')} while autoscaled: AWS rejects UpdateEndpoint until the scalable "
                    "target is deregistered; remove the variant's autoscaling in an earlier apply, then restore it",
                )

    def configs(self) -> None:
        for rc in self.of_type("aws_sagemaker_endpoint_configuration"):
            address, actions = rc["address"], _actions(rc)
            users = [e for e in self.endpoints_using(address) if _actions(self.changes[e]) != ["delete"]]
            if _is_replace(actions):
                name = _fixed_name(rc)
                if name and _cbd(actions):
                    self.add(
                        "risky",
                        address,
                        "endpoint-config",
                        f"replaced{_because(rc)} with create-before-destroy but its name is fixed: "
                        f'CreateEndpointConfig fails ("{name}" already exists); drop endpoint_config_name to let '
                        "Terraform generate one",
                    )
                elif _cbd(actions):
                    self.add(
                        "info",
                        address,
                        "endpoint-config",
                        f"replaced{_because(rc)}, create-before-destroy: the new config (new name) is created, "
                        "the endpoint switched to it, then the old one deleted",
                    )
                else:
                    level = "risky" if users else "warning"
                    self.add(
                        level,
                        address,
                        "endpoint-config",
                        f"replaced{_because(rc)} destroy-first: the config "
                        f"{'that ' + ', '.join(users) + ' uses ' if users else ''}is deleted before its "
                        "replacement exists; add create_before_destroy (the library's default without a fixed name)",
                    )
                stale = [e for e in users if _actions(self.changes[e]) in (["no-op"], ["read"])]
                if name and stale:
                    self.add(
                        "risky",
                        address,
                        "endpoint-config",
                        f'{", ".join(stale)} is not updated: its endpoint_config_name stays "{name}", so '
                        "Terraform never calls UpdateEndpoint and the endpoint keeps serving the old variants; "
                        "give the config a new name (or none) to roll the change out",
                    )
            elif actions == ["delete"] and users:
                self.add("warning", address, "endpoint-config", f"deleted while {', '.join(users)} still uses it")
            elif actions == ["update"]:  # the provider's Update changes only tags
                self.add(
                    "info",
                    address,
                    "endpoint-config",
                    f"updated in place, changing {_changes_text(rc)}: the endpoint is not redeployed",
                )

    def models(self) -> None:
        for rc in self.of_type("aws_sagemaker_model"):
            address, actions = rc["address"], _actions(rc)
            if actions == ["update"]:  # the provider's Update changes only tags
                self.add(
                    "info", address, "model", f"updated in place, changing {_changes_text(rc)}: no instance restarts"
                )
            if not _is_replace(actions):
                continue
            name = _fixed_name(rc)
            if name and _cbd(actions):
                self.add(
                    "risky",
                    address,
                    "model",
                    f"replaced{_because(rc)} with create-before-destroy but its name is fixed: CreateModel fails "
                    f'("Cannot create already existing model" {name}); drop model_name to let Terraform '
                    "generate one",
                )
            elif _cbd(actions):
                self.add(
                    "info",
                    address,
                    "model",
                    f"replaced{_because(rc)}, create-before-destroy: the new model (new name) exists before the "
                    "endpoint config switches to it",
                )
            else:
                configs = self.configs_using(address)
                self.add(
                    "risky" if configs else "warning",
                    address,
                    "model",
                    f"replaced{_because(rc)} destroy-first: the model is deleted while "
                    f"{', '.join(configs) or 'its endpoint config'} still names it; instances the endpoint launches "
                    "meanwhile (scaling, recovery) cannot start",
                )

    def autoscaling(self) -> None:
        """In-place updates of the scaling of a SageMaker variant: its range, policies and scheduled actions."""
        for tf_type in (
            "aws_appautoscaling_target",
            "aws_appautoscaling_policy",
            "aws_appautoscaling_scheduled_action",
        ):
            for rc in self.of_type(tf_type):
                resource_id = str(_after(rc).get("resource_id") or _before(rc).get("resource_id") or "")
                if _actions(rc) == ["update"] and _VARIANT_RE.match(resource_id):
                    self.add(
                        "info",
                        rc["address"],
                        "autoscaling",
                        f"updated in place, changing {_changes_text(rc)}: the scaling of {resource_id} changes; "
                        "the endpoint is not redeployed",
                    )

    def iam(self) -> None:
        roles = {rc["address"]: rc for rc in self.of_type("aws_iam_role")}
        by_arn = {arn: a for a, rc in roles.items() for arn in _names(rc, "arn")}
        by_name = {name: a for a, rc in roles.items() for name in _names(rc, "name")}
        model_roles: dict[str, list[str]] = {}
        for rc in self.of_type("aws_sagemaker_model"):
            by_value = [by_arn.get(arn) for arn in sorted(_names(rc, "execution_role_arn"))]
            for role in (self.role_of(rc["address"]), *by_value):
                if role and rc["address"] not in model_roles.setdefault(role, []):
                    model_roles[role].append(rc["address"])
        for rc in self.changes.values():
            actions = _actions(rc)
            if actions in (["no-op"], ["read"], ["create"]) or not actions:
                continue
            if rc.get("type") == "aws_iam_role":
                role = rc["address"]
            elif rc.get("type") in _IAM_ROLE_LINKED:
                linked = [r for r in self.plan.references(rc["address"], "role") if r.startswith("aws_iam_role.")]
                names = sorted(_names(rc, "role"))
                role = linked[0] if linked else by_name.get(names[0], "") if names else ""
            else:
                continue
            models = model_roles.get(role)
            if not models:
                continue
            used_by = ", ".join(models)
            staying = [m for m in models if "delete" not in _actions(self.changes[m])]
            if "delete" in actions and not staying:
                self.add(
                    "info",
                    rc["address"],
                    "iam",
                    f"{'replaced' if _is_replace(actions) else 'deleted'}{_because(rc)}: {role} served only "
                    f"{used_by}, which this plan replaces; Terraform destroys it after them",
                )
            elif "delete" in actions:
                what = "replaced" if _is_replace(actions) else "deleted"
                self.add(
                    "risky",
                    rc["address"],
                    "iam",
                    f"{what}{_because(rc)}: permissions of {role}, the role {', '.join(staying)} runs as, go "
                    "away while the endpoint serves (new instances cannot pull the image or model data)",
                )
            else:
                self.add(
                    "warning",
                    rc["address"],
                    "iam",
                    f"updated, changing {_changes_text(rc)}: changes the permissions of {role}, the role {used_by} "
                    "runs as (image and model data access of the endpoint's instances)",
                )


def component_findings(r: _Review) -> None:
    """What the plan does to each inference component (see the module doc)."""
    for rc in r.of_type("awscc_sagemaker_inference_component"):
        address, actions = rc["address"], _actions(rc)
        change = rc.get("change", {})
        after, before = change.get("after") or {}, change.get("before") or {}
        autoscaled = any(
            address in r.plan.references(t["address"], "resource_id") for t in r.of_type("aws_appautoscaling_target")
        )
        copies = (after.get("runtime_config") or {}).get("copy_count")
        if actions == ["update"] and autoscaled and copies is not None:
            r.add(
                "risky",
                address,
                "inference-component",
                "updated in place (UpdateInferenceComponent): the update sends runtime_config.copy_count = "
                f"{copies} again, which resets the auto-scaled copy count to {copies} until the scaling policies "
                "react; apply when traffic is low, or set copy_count to the usual load",
            )
        elif actions == ["update"]:
            r.add(
                "info",
                address,
                "inference-component",
                "updated in place (UpdateInferenceComponent): SageMaker replaces the copies one batch at a time "
                "while the endpoint keeps serving",
            )
        elif _is_replace(actions):
            r.add(
                "risky",
                address,
                "inference-component",
                "replaced: calls naming the component fail from its deletion until a new copy is in service",
            )
        elif actions == ["delete"]:
            name = before.get("inference_component_name") or address
            r.add("risky", address, "inference-component", f"deleted: calls naming {name} fail")
        elif actions == ["create"]:
            r.add("info", address, "inference-component", f"created with {copies} copies")


def review(plan: Plan) -> list[Finding]:
    """Every finding of a plan, risky first.

    A plan that changes no SageMaker resource (nor a role a model runs as) has no finding: nothing to review.

    Example::

        for finding in review(load_plan("plan.json")):
            print(finding.level, finding.address, finding.message)
    """
    r = _Review(plan)
    r.endpoints()
    component_findings(r)
    r.configs()
    r.models()
    r.autoscaling()
    r.iam()
    order = {level: i for i, level in enumerate(LEVELS)}
    return sorted(r.findings, key=lambda f: order[f.level])


NOTHING_TO_REVIEW = (
    "nothing to review: the plan updates, replaces or deletes no SageMaker endpoint, config or model, "
    "nor a role a model runs as"
)


def _md(text: str) -> str:
    return printable(text).replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")


def render(findings: list[Finding], fmt: str) -> str:
    """Findings as ``text``, ``markdown`` or ``json``; no finding reads "nothing to review".

    Example::

        print(render(review(load_plan("plan.json")), "markdown"))
    """
    counts = {level: sum(1 for f in findings if f.level == level) for level in LEVELS}
    summary = ", ".join(f"{n} {level}" for level, n in counts.items()) if findings else NOTHING_TO_REVIEW
    if fmt == "json":
        return json.dumps(
            {"summary": counts, "nothing_to_review": not findings, "findings": [asdict(f) for f in findings]},
            indent=2,
        )
    if fmt == "markdown":
        if not findings:
            return f"**SageMaker review:** {summary}"
        lines = [f"**SageMaker review:** {summary}", "", "| level | resource | consequence |", "|---|---|---|"]
        lines += [f"| {f.level} | `{_md(f.address)}` | {_md(f.message)} |" for f in findings]
        return "\n".join(lines)
    lines = [f"SageMaker review: {summary}"]
    for f in findings:
        lines.append(f"{f.level.upper():<8} {printable(f.address)}")
        lines.extend(
            textwrap.wrap(
                printable(f.message),
                width=110,
                initial_indent=" " * 9,
                subsequent_indent=" " * 9,
                break_long_words=False,
                break_on_hyphens=False,
            )
        )
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    """Print the findings; exit 1 with ``--fail-on risky`` when a risky finding exists, else 0.

    Example::

        run(build_parser().parse_args(["review", "plan.json", "--fail-on", "risky"]))
    """
    findings = review(load_plan(args.plan))
    print(render(findings, args.format))
    if args.fail_on == "risky" and any(f.level == "risky" for f in findings):
        return 1
    return 0
