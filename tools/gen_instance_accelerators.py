"""Regenerate ``sagemaker_tf/_instance_accelerators.py`` from the SageMaker Python SDK's GPU table.

``sagemaker-core`` (pinned in the ``test`` extra) ships ``sagemaker/core/image_uri_config/instance_gpu_info.json``:
per region, the GPU count and GPU memory of each GPU instance type. The table keeps the count per instance type
(the same in every region that lists the type; the generator fails when two regions disagree). Run it after
bumping the sagemaker-core pin::

    .venv/bin/python tools/gen_instance_accelerators.py          # rewrite the table
    .venv/bin/python tools/gen_instance_accelerators.py --check  # exit 1 when the table is stale

``tests/test_inference_component.py`` fails when the committed table differs from what this script renders.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import importlib.util
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TABLE = ROOT / "sagemaker_tf" / "_instance_accelerators.py"
_GPU_INFO = ("sagemaker", "core", "image_uri_config", "instance_gpu_info.json")


def gpu_counts() -> tuple[str, dict[str, int]]:
    """(sagemaker-core version, {instance type: GPU count}) from the installed sagemaker-core."""
    spec = importlib.util.find_spec("sagemaker.core")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("sagemaker-core is not installed (pip install 'sagemaker-tf[test]')")
    path = Path(next(iter(spec.submodule_search_locations))).joinpath(*_GPU_INFO[2:])
    doc = json.loads(path.read_text(encoding="utf-8"))
    counts: dict[str, int] = {}
    for region, types in sorted(doc.items()):
        for instance_type, info in types.items():
            count = int(info["Count"])
            if counts.setdefault(instance_type, count) != count:
                raise ValueError(f"{instance_type}: {count} GPUs in {region}, {counts[instance_type]} elsewhere")
    return importlib.metadata.version("sagemaker-core"), dict(sorted(counts.items()))


def render(version: str, counts: dict[str, int]) -> str:
    """The text of ``_instance_accelerators.py`` (deterministic)."""
    lines = [
        f'"""GPU counts of SageMaker instance types, generated from sagemaker-core {version}.',
        "",
        "Do not edit: run ``python tools/gen_instance_accelerators.py`` (see its docstring). The values are the",
        "``Count`` of sagemaker-core's ``instance_gpu_info.json``; a type missing here is not known to have GPUs.",
        '"""',
        "",
        "from __future__ import annotations",
        "",
        f'SAGEMAKER_CORE_VERSION = "{version}"',
        "",
        "GPU_COUNTS: dict[str, int] = {",
        *(f'    "{name}": {count},' for name, count in counts.items()),
        "}",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when the committed table is stale")
    args = parser.parse_args(argv)
    text = render(*gpu_counts())
    if args.check:
        if not TABLE.exists() or TABLE.read_text(encoding="utf-8") != text:
            print(f"{TABLE.relative_to(ROOT)} is stale: run python tools/gen_instance_accelerators.py", file=sys.stderr)
            return 1
        print(f"{TABLE.relative_to(ROOT)} is up to date")
        return 0
    TABLE.write_text(text, encoding="utf-8")
    print(f"wrote {TABLE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
