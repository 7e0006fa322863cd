"""Regenerate ``sagemaker_tf/_instance_types.py`` and ``sagemaker_tf/_instance_facts.py``.

``_instance_types.py`` lists every value of the ``ProductionVariantInstanceType`` and
``ProductionVariantAcceleratorType`` enums of the installed botocore's SageMaker service model (the version pinned in
the ``test`` extra). ``_instance_facts.py`` gives each instance type's facts; the source of each column:

- ``local_nvme_storage``: sagemaker-core's ``common_utils.volume_size_supported`` is False for the type (the
  families SageMaker gives NVMe instance storage instead of an EBS volume: every "d" family, g5, g6*, g7e, p5*,
  p6-b200, trn1*, trn2). Such a variant takes neither ``VolumeSizeInGB`` nor a KMS volume key.
- ``accelerator``: the EC2 instance-type naming convention's series letters (g and p: NVIDIA GPUs, inf:
  AWS Inferentia, trn: AWS Trainium, dl: Habana Gaudi; any other series: none), cross-checked against
  sagemaker-core's ``image_uris._processor`` (gpu / inf / trn / cpu); the two must agree or generation fails.
- ``accelerator_count`` / ``accelerator_memory_mib``: sagemaker-core's ``instance_gpu_info.json`` (GPU count and
  total GPU memory; the same in every region that lists the type, or generation fails). 0 without an accelerator;
  None (unknown) where that file does not list the type. No pinned source lists Inferentia or Trainium counts,
  vCPUs or memory, so the table has no such columns.
- ``burstable``: the naming convention's series "t" (T2, T3, ...; not trn).
- ``graviton``: the naming convention's "g" attribute after the generation digit (m6g, c6gn, r7gd, ...; the GPU
  series g4dn, g5 have no attribute g), cross-checked: every family in sagemaker-core's
  ``fw_utils.GRAVITON_ALLOWED_TARGET_INSTANCE_FAMILY`` must come out Graviton.

Run it after bumping the botocore or sagemaker-core pin::

    .venv/bin/python tools/gen_instance_types.py          # rewrite both tables
    .venv/bin/python tools/gen_instance_types.py --check  # exit 1 when either table is stale

``tests/test_instance_type_table.py`` and ``tests/test_instance_facts.py`` fail when a committed table differs from
what this script renders.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TABLE = ROOT / "sagemaker_tf" / "_instance_types.py"
FACTS_TABLE = ROOT / "sagemaker_tf" / "_instance_facts.py"
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


# --- instance facts ---------------------------------------------------------------------------------------------

# EC2 instance-type names: series letters, generation digits, attribute letters, then an optional "-" option
# (https://docs.aws.amazon.com/ec2/latest/instancetypes/instance-type-names.html).
_FAMILY_RULE = re.compile(
    r"^(?P<series>[a-z]+)(?P<generation>[0-9]+)(?P<attributes>[a-z]*)(?:-(?P<option>[a-z0-9]+))?$"
)
_ACCELERATOR_SERIES = {"g": "nvidia-gpu", "p": "nvidia-gpu", "inf": "inferentia", "trn": "trainium", "dl": "gaudi"}
# sagemaker-core's processor name for each accelerator (image_uris._processor); gaudi has no image of its own.
_PROCESSOR_OF = {"nvidia-gpu": "gpu", "inferentia": "inf", "trainium": "trn", "gaudi": "cpu", "none": "cpu"}
FACT_COLUMNS = (
    "local_nvme_storage",
    "accelerator",
    "accelerator_count",
    "accelerator_memory_mib",
    "burstable",
    "graviton",
)


def family_parts(instance_type: str) -> dict[str, str]:
    """``ml.c6gn.xlarge`` -> series ``c``, generation ``6``, attributes ``gn``, option ``""``."""
    family = instance_type.split(".")[1]
    match = _FAMILY_RULE.match(family)
    if not match:
        raise ValueError(f"instance family {family!r} does not follow the EC2 naming convention")
    return {key: value or "" for key, value in match.groupdict().items()}


def sagemaker_core_sources() -> dict[str, Any]:
    """What the facts are read from in the installed sagemaker-core (the version pinned in the ``test`` extra)."""
    import json
    from importlib.metadata import version

    from sagemaker.core import common_utils, fw_utils, image_uris  # type: ignore[import-untyped]

    gpu_info_path = Path(image_uris.__file__).parent / "image_uri_config" / "instance_gpu_info.json"
    gpu_info: dict[str, tuple[int, int]] = {}
    for region, types in json.loads(gpu_info_path.read_text()).items():
        for name, info in types.items():
            entry = (int(info["Count"]), int(info["TotalGpuMemoryInMiB"]))
            if gpu_info.setdefault(name, entry) != entry:
                raise ValueError(f"instance_gpu_info.json gives {name} two GPU counts ({region})")
    return {
        "version": version("sagemaker-core"),
        "volume_size_supported": common_utils.volume_size_supported,
        "processor": lambda instance_type: image_uris._processor(instance_type, ["cpu", "gpu", "inf", "trn"]),
        "graviton_families": list(fw_utils.GRAVITON_ALLOWED_TARGET_INSTANCE_FAMILY),
        "gpu_info": gpu_info,
    }


def instance_facts(instance_types: list[str], sources: dict[str, Any]) -> dict[str, tuple[Any, ...]]:
    """Each type's facts, in :data:`FACT_COLUMNS` order (ValueError where two sources disagree)."""
    facts: dict[str, tuple[Any, ...]] = {}
    for instance_type in instance_types:
        parts = family_parts(instance_type)
        accelerator = _ACCELERATOR_SERIES.get(parts["series"], "none")
        processor = sources["processor"](instance_type)
        if processor != _PROCESSOR_OF[accelerator]:
            raise ValueError(f"{instance_type}: series gives {accelerator}, sagemaker-core's processor {processor}")
        count: int | None
        memory: int | None
        if instance_type in sources["gpu_info"]:
            if accelerator != "nvidia-gpu":
                raise ValueError(f"{instance_type}: GPU info for a {accelerator} type")
            count, memory = sources["gpu_info"][instance_type]
        else:
            count, memory = (0, 0) if accelerator == "none" else (None, None)
        graviton = "g" in parts["attributes"]
        facts[instance_type] = (
            not sources["volume_size_supported"](instance_type),
            accelerator,
            count,
            memory,
            parts["series"] == "t",
            graviton,
        )
    families = {value.split(".")[1]: value for value in instance_types}
    for family in sources["graviton_families"]:
        if family in families and not facts[families[family]][FACT_COLUMNS.index("graviton")]:
            raise ValueError(f"sagemaker-core lists {family} as Graviton, the naming convention does not")
    return facts


def render_facts(botocore_version: str, sources: dict[str, Any], facts: dict[str, tuple[Any, ...]]) -> str:
    """The text of ``_instance_facts.py`` (deterministic)."""
    core = sources["version"]
    lines = [
        f'"""Facts about each SageMaker hosting instance type (botocore {botocore_version}, sagemaker-core {core}).',
        "",
        "Do not edit: run ``python tools/gen_instance_types.py``; its docstring names the source of each column.",
        '"""',
        "",
        "from __future__ import annotations",
        "",
        "from typing import NamedTuple",
        "",
        f'SAGEMAKER_CORE_VERSION = "{core}"',
        "",
        "",
        "class InstanceFacts(NamedTuple):",
        '    """One instance type\'s facts (``accelerator``: nvidia-gpu, inferentia, trainium, gaudi or none)."""',
        "",
        "    local_nvme_storage: bool",
        "    accelerator: str",
        "    accelerator_count: int | None",
        "    accelerator_memory_mib: int | None",
        "    burstable: bool",
        "    graviton: bool",
        "",
        "",
        "_F = InstanceFacts",
        "FACTS: dict[str, InstanceFacts] = {",
    ]
    lines.extend(
        f'    "{name}": _F({", ".join(repr(v) for v in row).replace(chr(39), chr(34))}),' for name, row in facts.items()
    )
    lines.append("}")
    lines.append("")
    return "\n".join(lines)


def render_all() -> dict[Path, str]:
    """Both generated files' text, from the installed botocore and sagemaker-core."""
    botocore_version, enums = botocore_enums()
    sources = sagemaker_core_sources()
    facts = instance_facts(enums["INSTANCE_TYPES"], sources)
    return {TABLE: render(botocore_version, enums), FACTS_TABLE: render_facts(botocore_version, sources, facts)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when a committed table is stale")
    args = parser.parse_args(argv)
    stale = 0
    for path, text in render_all().items():
        name = path.relative_to(ROOT)
        if not args.check:
            path.write_text(text)
            print(f"wrote {name}")
        elif path.read_text() != text:
            print(f"{name} is stale: run python tools/gen_instance_types.py", file=sys.stderr)
            stale = 1
        else:
            print(f"{name} is up to date")
    return stale


if __name__ == "__main__":
    sys.exit(main())
