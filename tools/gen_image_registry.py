"""Regenerate ``sagemaker_tf/_image_registry.json`` from the installed sagemaker-core's image registry.

``ContainerImage.from_sagemaker_image`` resolves framework image URIs from this file at synth, so sagemaker-core is
needed only here (development time) and in the tests. The file holds, from sagemaker-core (the version pinned in the
``test`` extra):

- ``frameworks``: every framework config of ``image_uris`` (``image_uris.list_frameworks()``), as sagemaker-core
  ships it (scopes, versions, version aliases, processors, Python versions, repositories, tags, container and SDK
  versions), except that each ``registries`` map (region -> ECR account) is replaced by its index in ``registries``;
- ``registries``: the distinct region -> account maps, in order of first use;
- ``version_lists``: ``image_uris.list_versions(framework, scope)`` for every framework and scope (the order its
  messages list them in, PEP 440 order first);
- ``hostnames``: the ECR hostname of every region of every registry, as ``retrieve`` resolves it through botocore's
  endpoint data;
- ``graviton_families``, ``graviton_frameworks``, ``trainium_frameworks``: the module constants ``retrieve`` reads.

Run it after bumping the sagemaker-core pin::

    .venv/bin/python tools/gen_image_registry.py          # rewrite the file
    .venv/bin/python tools/gen_image_registry.py --check  # exit 1 when the file is stale

``tests/test_image_registry_data.py`` fails when the committed file differs from what this script renders, and checks
that the package resolves every registered image exactly as sagemaker-core does.
"""

from __future__ import annotations

import argparse
import json
import sys
from importlib.metadata import version
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "sagemaker_tf" / "_image_registry.json"


def _hostname(region: str) -> str:
    """The ECR hostname ``image_uris.retrieve`` uses in ``region`` (its own il-central-1 fallback included)."""
    from sagemaker.core import common_utils  # type: ignore[import-untyped]

    endpoint = common_utils._botocore_resolver().construct_endpoint("ecr", region)
    if region == "il-central-1" and not endpoint:
        endpoint = {"hostname": f"ecr.{region}.amazonaws.com"}
    if not endpoint:
        raise ValueError(f"botocore has no ECR endpoint for registry region {region}")
    return str(endpoint["hostname"])


def _stable_version_key(version: str) -> tuple[Any, str]:
    from sagemaker.core import image_uris

    return (image_uris._version_sort_key(version), version)


def registry_data() -> dict[str, Any]:
    """The file's content, from the installed sagemaker-core (deterministic)."""
    from sagemaker.core import fw_utils, image_uris

    registries: dict[str, int] = {}
    maps: list[dict[str, str]] = []

    def intern(node: Any) -> Any:
        if isinstance(node, dict):
            out = {}
            for key, value in node.items():
                if key == "registries" and isinstance(value, dict):
                    text = json.dumps(value, sort_keys=True)
                    if text not in registries:
                        registries[text] = len(maps)
                        maps.append(dict(sorted(value.items())))
                    out[key] = registries[text]
                else:
                    out[key] = intern(value)
            return out
        if isinstance(node, list):
            return [intern(item) for item in node]
        return node

    frameworks = {name: intern(image_uris.config_for_framework(name)) for name in image_uris.list_frameworks()}
    regions = sorted({region for table in maps for region in table})
    version_lists = {}
    for name, config in frameworks.items():
        if "versions" in config:
            scopes = [""]
        else:
            scopes = [scope for scope, sub in config.items() if isinstance(sub, dict) and "versions" in sub]
        # list_versions sorts a set by PEP 440 version, so equal versions ("1.0", "1.0.0") come in hash order;
        # sorting by the text next makes the file the same on every run.
        version_lists[name] = {
            scope: sorted(image_uris.list_versions(name, scope or None), key=_stable_version_key) for scope in scopes
        }
    return {
        "sagemaker_core": version("sagemaker-core"),
        "graviton_families": list(fw_utils.GRAVITON_ALLOWED_TARGET_INSTANCE_FAMILY),
        "graviton_frameworks": sorted(fw_utils.GRAVITON_ALLOWED_FRAMEWORKS),
        "trainium_frameworks": image_uris.TRAINIUM_ALLOWED_FRAMEWORKS,
        "hostnames": {region: _hostname(region) for region in regions},
        "version_lists": version_lists,
        "registries": maps,
        "frameworks": frameworks,
    }


def render(data: dict[str, Any]) -> str:
    """Compact JSON, one top-level entry (and one framework) per line, so a pin bump reads as a short diff."""

    def dump(value: Any) -> str:
        return json.dumps(value, separators=(",", ":"), ensure_ascii=True)

    lines = ["{"]
    entries = list(data.items())
    for index, (key, value) in enumerate(entries):
        comma = "," if index < len(entries) - 1 else ""
        if isinstance(value, (dict, list)) and key != "graviton_families" and key != "graviton_frameworks":
            mapping = isinstance(value, dict)
            lines.append(f"{dump(key)}:{'{' if mapping else '['}")
            items = list(value.items()) if mapping else list(enumerate(value))
            for position, (name, item) in enumerate(items):
                sep = "," if position < len(items) - 1 else ""
                lines.append(f"{dump(name)}:{dump(item)}{sep}" if mapping else f"{dump(item)}{sep}")
            lines.append(("}" if mapping else "]") + comma)
        else:
            lines.append(f"{dump(key)}:{dump(value)}{comma}")
    lines.append("}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when the committed file is stale")
    args = parser.parse_args(argv)
    text = render(registry_data())
    name = DATA.relative_to(ROOT)
    if args.check:
        if DATA.read_text() != text:
            print(f"{name} is stale: run python tools/gen_image_registry.py", file=sys.stderr)
            return 1
        print(f"{name} is up to date")
        return 0
    DATA.write_text(text)
    print(f"wrote {name} ({len(text)} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
