"""Regenerate ``sagemaker_tf/_instance_types.py`` from botocore's SageMaker service model.

The table lists every value of the ``ProductionVariantInstanceType`` and ``ProductionVariantAcceleratorType``
enums of the installed botocore (the version pinned in the ``test`` extra). Run it after bumping that pin::

    .venv/bin/python tools/gen_instance_types.py          # rewrite the table
    .venv/bin/python tools/gen_instance_types.py --check  # exit 1 when the table is stale

``tests/test_instance_type.py`` fails when the committed table differs from what this script renders.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TABLE = ROOT / "sagemaker_tf" / "_instance_types.py"
_SHAPES = {"INSTANCE_TYPES": "ProductionVariantInstanceType", "ACCELERATOR_TYPES": "ProductionVariantAcceleratorType"}
_VALUE_RULE = re.compile(r"^ml\.[a-z0-9-]+\.[a-z0-9]+$")


def constant_name(value: str) -> str:
    """``ml.p6-b200.48xlarge`` -> ``P6_B200_48XLARGE``."""
    if not _VALUE_RULE.match(value):
        raise ValueError(f"unexpected SageMaker type value {value!r}")
    return re.sub(r"[^0-9A-Za-z]+", "_", value[len("ml.") :]).upper()


def _size_rank(size: str) -> tuple[int, int, str]:
    """Order sizes as people read them: medium, large, xlarge, 2xlarge, ..., 48xlarge."""
    named = {"nano": 0, "micro": 1, "small": 2, "medium": 3, "large": 4, "xlarge": 5}
    if size in named:
        return (named[size], 0, size)
    match = re.match(r"^(\d+)xlarge$", size)
    if match:
        return (6, int(match.group(1)), size)
    return (7, 0, size)


def sort_key(value: str) -> tuple[str, tuple[int, int, str]]:
    """Family first (alphabetical), then size."""
    _, family, size = value.split(".", 2)
    return (family, _size_rank(size))


def botocore_enums() -> tuple[str, dict[str, list[str]]]:
    """(botocore version, {table name: sorted enum values}) from the installed botocore."""
    import botocore  # type: ignore[import-untyped]
    import botocore.session  # type: ignore[import-untyped]

    model = botocore.session.get_session().get_service_model("sagemaker")
    enums = {name: sorted(set(model.shape_for(shape).enum), key=sort_key) for name, shape in _SHAPES.items()}
    return botocore.__version__, enums


def render(botocore_version: str, enums: dict[str, list[str]]) -> str:
    """The text of ``_instance_types.py`` for these enums (deterministic)."""
    lines = [
        f'"""SageMaker hosting instance and accelerator types, generated from botocore {botocore_version}.',
        "",
        "Do not edit: run ``python tools/gen_instance_types.py`` (see its docstring). The values are botocore's",
        "``ProductionVariantInstanceType`` / ``ProductionVariantAcceleratorType`` enums of the SageMaker service "
        "model.",
        '"""',
        "",
        "from __future__ import annotations",
        "",
        "from typing import TYPE_CHECKING, ClassVar",
        "",
        "if TYPE_CHECKING:",
        "    from .instance_type import AcceleratorType, InstanceType",
        "",
        f'BOTOCORE_VERSION = "{botocore_version}"',
        "",
    ]
    for table, values in enums.items():
        names = [constant_name(v) for v in values]
        if len(set(names)) != len(names):
            raise ValueError(f"two {table} values map to one constant name: {sorted(names)}")
        lines.append(f"{table}: dict[str, str] = {{")
        lines.extend(f'    "{constant_name(v)}": "{v}",' for v in values)
        lines.append("}")
        lines.append("")
    for cls, table, kind in (
        ("InstanceTypeConstants", "INSTANCE_TYPES", "InstanceType"),
        ("AcceleratorTypeConstants", "ACCELERATOR_TYPES", "AcceleratorType"),
    ):
        lines.append("")
        lines.append(f"class {cls}:")
        lines.append(f'    """The ``{kind}`` constants (declared here for type checkers; set in instance_type.py)."""')
        lines.append("")
        lines.extend(f"    {constant_name(v)}: ClassVar[{kind}]" for v in enums[table])
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when the committed table is stale")
    args = parser.parse_args(argv)
    text = render(*botocore_enums())
    if args.check:
        if TABLE.read_text() != text:
            print(f"{TABLE.relative_to(ROOT)} is stale: run python tools/gen_instance_types.py", file=sys.stderr)
            return 1
        print(f"{TABLE.relative_to(ROOT)} is up to date")
        return 0
    TABLE.write_text(text)
    print(f"wrote {TABLE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
