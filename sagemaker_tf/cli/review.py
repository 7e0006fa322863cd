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

from sagemaker_tf.cli._reader import CliError, Plan, load_plan

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


def _actions(rc: dict[str, Any]) -> list[str]:
    return list(rc.get("change", {}).get("actions") or [])


def _is_replace(actions: list[str]) -> bool:
    return "create" in actions and "delete" in actions


def _cbd(actions: list[str]) -> bool:
    return actions == ["create", "delete"]


def _paths(rc: dict[str, Any]) -> list[str]:
    out = []
    for path in rc.get("change", {}).get("replace_paths") or []:
        text = ""
        for step in path:
            text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else str(step))
        out.append(text)
    return out


def _because(rc: dict[str, Any]) -> str:
    paths = _paths(rc)
    return f" (forced by {', '.join(paths)})" if paths else ""


def _fixed_name(rc: dict[str, Any]) -> str | None:
    """The name of a replaced resource when it stays the same (a fixed name), else None."""
    change = rc.get("change", {})
    before, after = change.get("before") or {}, change.get("after") or {}
    unknown = change.get("after_unknown") or {}
    name = after.get("name")
    if (
        isinstance(name, str)
        and not unknown.get("name")
        and before.get("name") == name
        and not after.get("name_prefix")
    ):
        return name
    return None


def _variants(values: dict[str, Any] | None) -> dict[str, dict[str, Any]]:
    return {
        str(v.get("variant_name")): v for v in (values or {}).get("production_variants") or [] if isinstance(v, dict)
    }


class _Review:
    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.changes = {rc["address"]: rc for rc in plan.resource_changes}
        self.findings: list[Finding] = []

    def add(self, level: str, address: str, topic: str, message: str) -> None:
        self.findings.append(Finding(level, address, topic, message))

    def of_type(self, tf_type: str) -> list[dict[str, Any]]:
        return [rc for rc in self.changes.values() if rc.get("type") == tf_type]

    # --- links -------------------------------------------------------------------------------------------------
    def config_of(self, endpoint: str) -> str | None:
        refs = [
            r
            for r in self.plan.references(endpoint, "endpoint_config_name")
            if r.startswith("aws_sagemaker_endpoint_configuration.")
        ]
        return refs[0] if refs else None

    def endpoints_using(self, config: str) -> list[str]:
        return [
            rc["address"] for rc in self.of_type("aws_sagemaker_endpoint") if self.config_of(rc["address"]) == config
        ]

    def models_of(self, config: str) -> list[str]:
        return [
            r
            for r in self.plan.references(config, "production_variants")
            + self.plan.references(config, "shadow_production_variants")
            if r.startswith("aws_sagemaker_model.")
        ]

    def configs_using(self, model: str) -> list[str]:
        return [
            rc["address"]
            for rc in self.of_type("aws_sagemaker_endpoint_configuration")
            if model in self.models_of(rc["address"])
        ]

    def role_of(self, model: str) -> str | None:
        refs = [r for r in self.plan.references(model, "execution_role_arn") if r.startswith("aws_iam_role.")]
        return refs[0] if refs else None

    def scalable_targets(self, endpoint: str) -> dict[str, dict[str, Any]]:
        """variant name -> the scalable target change registered on ``endpoint``."""
        out: dict[str, dict[str, Any]] = {}
        for rc in self.of_type("aws_appautoscaling_target"):
            if endpoint not in self.plan.references(rc["address"], "resource_id"):
                continue
            change = rc.get("change", {})
            for values in (change.get("after"), change.get("before")):
                match = _VARIANT_RE.match(str((values or {}).get("resource_id") or ""))
                if match:
                    out[match.group("variant")] = rc
                    break
        return out

    # --- rules -------------------------------------------------------------------------------------------------
    def endpoints(self) -> None:
        for rc in self.of_type("aws_sagemaker_endpoint"):
            address, actions = rc["address"], _actions(rc)
            change = rc.get("change", {})
            if actions == ["update"]:
                config = self.config_of(address)
                config_rc = self.changes.get(config or "", {})
                what = (
                    "switches to a new endpoint config"
                    if _is_replace(_actions(config_rc))
                    or (change.get("after_unknown") or {}).get("endpoint_config_name")
                    else "changes"
                )
                self.add(
                    "info",
                    address,
                    "endpoint",
                    f"updated in place (UpdateEndpoint): {what}; the endpoint keeps serving while SageMaker deploys it",
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
        after = rc.get("change", {}).get("after") or {}
        blocks = after.get("deployment_config") or []
        if not blocks:
            self.add(
                "info",
                rc["address"],
                "deployment",
                "no deployment guardrails: SageMaker's default blue/green, all traffic at once, no auto-rollback "
                "alarms",
            )
            return
        block = blocks[0] if isinstance(blocks, list) else blocks
        parts = []
        bg = (block.get("blue_green_update_policy") or [None])[0]
        rolling = (block.get("rolling_update_policy") or [None])[0]
        if bg:
            routing = (bg.get("traffic_routing_configuration") or [{}])[0]
            parts.append(f"blue/green {routing.get('type', 'ALL_AT_ONCE')}")
        if rolling:
            size = (rolling.get("maximum_batch_size") or [{}])[0]
            parts.append(f"rolling in batches of {size.get('value')} {size.get('type', '')}".rstrip())
        alarms = [
            a.get("alarm_name") for rb in block.get("auto_rollback_configuration") or [] for a in rb.get("alarms") or []
        ]
        parts.append(f"auto-rollback on {', '.join(str(a) for a in alarms)}" if alarms else "no auto-rollback alarms")
        self.add("info", rc["address"], "deployment", "deployment guardrails: " + "; ".join(parts))

    def autoscaled_reset(self, endpoint_rc: dict[str, Any]) -> None:
        address = endpoint_rc["address"]
        change = endpoint_rc.get("change", {})
        config_changes = (change.get("before") or {}).get("endpoint_config_name") != (change.get("after") or {}).get(
            "endpoint_config_name"
        ) or (change.get("after_unknown") or {}).get("endpoint_config_name")
        if not config_changes:
            return
        config = self.config_of(address)
        config_rc = self.changes.get(config or "", {})
        before_variants = _variants(config_rc.get("change", {}).get("before"))
        after_variants = _variants(config_rc.get("change", {}).get("after"))
        for variant, target in sorted(self.scalable_targets(address).items()):
            if _actions(target) == ["create"]:
                continue  # scaling registered in this plan: nothing scaled yet
            values = target.get("change", {}).get("before") or {}
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
                serverless = (new.get("serverless_config") or [{}])[0] or {}
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

    def models(self) -> None:
        for rc in self.of_type("aws_sagemaker_model"):
            address, actions = rc["address"], _actions(rc)
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

    def iam(self) -> None:
        roles = {rc["address"]: rc for rc in self.of_type("aws_iam_role")}
        by_arn = {(rc.get("change", {}).get("before") or {}).get("arn"): a for a, rc in roles.items()}
        by_name = {(rc.get("change", {}).get("before") or {}).get("name"): a for a, rc in roles.items()}
        model_roles: dict[str, list[str]] = {}
        for rc in self.of_type("aws_sagemaker_model"):
            before = rc.get("change", {}).get("before") or {}
            for role in (self.role_of(rc["address"]), by_arn.get(before.get("execution_role_arn"))):
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
                role = linked[0] if linked else by_name.get((rc.get("change", {}).get("before") or {}).get("role"), "")
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
                    f"updated: changes the permissions of {role}, the role {used_by} runs as (image and model "
                    "data access of the endpoint's instances)",
                )


_SAGEMAKER_PREFIXES = ("aws_sagemaker_", "awscc_sagemaker_")


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

    Raises :class:`CliError` when the plan touches no SageMaker resource.

    Example::

        for finding in review(load_plan("plan.json")):
            print(finding.level, finding.address, finding.message)
    """
    if not any(str(rc.get("type", "")).startswith(_SAGEMAKER_PREFIXES) for rc in plan.resource_changes):
        raise CliError(f"{plan.source}: the plan has no SageMaker resources (aws_sagemaker_*)")
    r = _Review(plan)
    r.endpoints()
    component_findings(r)
    r.configs()
    r.models()
    r.iam()
    order = {level: i for i, level in enumerate(LEVELS)}
    return sorted(r.findings, key=lambda f: order[f.level])


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")


def render(findings: list[Finding], fmt: str) -> str:
    """Findings as ``text``, ``markdown`` or ``json``.

    Example::

        print(render(review(load_plan("plan.json")), "markdown"))
    """
    counts = {level: sum(1 for f in findings if f.level == level) for level in LEVELS}
    summary = ", ".join(f"{n} {level}" for level, n in counts.items())
    if fmt == "json":
        return json.dumps({"summary": counts, "findings": [asdict(f) for f in findings]}, indent=2)
    if fmt == "markdown":
        lines = [f"**SageMaker review:** {summary}", "", "| level | resource | consequence |", "|---|---|---|"]
        lines += [f"| {f.level} | `{f.address}` | {_md(f.message)} |" for f in findings]
        return "\n".join(lines)
    lines = [f"SageMaker review: {summary}"]
    for f in findings:
        lines.append(f"{f.level.upper():<8} {f.address}")
        lines.extend(
            textwrap.wrap(
                f.message,
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
