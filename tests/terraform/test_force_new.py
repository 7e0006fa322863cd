"""The ForceNew data the stand-in uses (``sagemaker_tf/testing/_force_new.json``) names real arguments."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sagemaker_tf.testing import OfflineTerraform
from sagemaker_tf.testing._apply import force_new_path_names, version_tuple

FORCE_NEW = Path(__import__("sagemaker_tf.testing", fromlist=["x"]).__file__).with_name("_force_new.json")


def _has_path(block: dict[str, Any], path: list[str]) -> bool:
    head, rest = path[0], path[1:]
    if head in block.get("attributes", {}):
        return not rest
    nested = block.get("block_types", {}).get(head)
    return nested is not None and (not rest or _has_path(nested["block"], rest))


def _served_aws_version(offline_terraform: OfflineTerraform) -> str:
    """The hashicorp/aws version the stand-in serves: 6.25.0 on cdktf, 6.69.1 on cdktn (tests/helpers/families.py)."""
    return offline_terraform.served["aws"].version


def test_every_force_new_path_is_an_argument_of_the_pinned_provider_schema(offline_terraform: OfflineTerraform):
    doc = json.loads(FORCE_NEW.read_text())
    schemas = offline_terraform.schema("aws")["resource_schemas"]
    version = _served_aws_version(offline_terraform)
    missing, not_newer = [], []
    for tf_type, entry in doc["resources"].items():
        assert entry["source"].startswith("hashicorp/terraform-provider-aws internal/service/"), tf_type
        for path in force_new_path_names(entry, version) + entry.get("in_place", []):
            if not _has_path(schemas[tf_type]["block"], path.split(".")):
                missing.append(f"{tf_type}.{path}")
        for since, paths in entry.get("force_new_since", {}).items():
            assert entry["force_new_since_source"].startswith("hashicorp/terraform-provider-aws internal/service/")
            if version_tuple(version) < version_tuple(since):  # an older schema: these must really be newer
                not_newer += [f"{tf_type}.{p}" for p in paths if _has_path(schemas[tf_type]["block"], p.split("."))]
    assert missing == []
    assert not_newer == []  # else they belong in 'force_new'


def _arguments(block: dict[str, Any], prefix: str = "") -> list[str]:
    """Every configurable leaf argument path of a block (computed-only attributes left out)."""
    out = []
    for name, attr in block.get("attributes", {}).items():
        if attr.get("optional") or attr.get("required"):
            out.append(prefix + name)
    for name, nested in block.get("block_types", {}).items():
        out.extend(_arguments(nested["block"], f"{prefix}{name}."))
    return out


def test_endpoint_configuration_forces_replacement_for_every_argument_but_tags(offline_terraform: OfflineTerraform):
    """resourceEndpointConfigurationUpdate only changes tags: any other argument of the served 6.x schema is ForceNew.

    The served schema is the family's pin (6.25.0 on cdktf, 6.69.1 on cdktn); arguments newer than 6.25.0 count
    only from their ``force_new_since`` version on.
    """
    entry = json.loads(FORCE_NEW.read_text())["resources"]["aws_sagemaker_endpoint_configuration"]
    rules = [tuple(p.split(".")) for p in force_new_path_names(entry, _served_aws_version(offline_terraform))]
    block = offline_terraform.schema("aws")["resource_schemas"]["aws_sagemaker_endpoint_configuration"]["block"]
    uncovered = [
        path
        for path in _arguments(block)
        if path not in entry["update_only"]
        and path not in ("id", "region")
        and not any(tuple(path.split("."))[: len(rule)] == rule for rule in rules)
    ]
    assert uncovered == []
