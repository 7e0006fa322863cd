"""The generated instance facts: fresh against sagemaker-core and botocore, every entry equal to the rule behind it."""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import pytest
from sagemaker.core import common_utils, fw_utils, image_uris

import sagemaker_tf as sagemaker
from sagemaker_tf import _instance_facts, _instance_types
from tests.examples import ROOT

_spec = importlib.util.spec_from_file_location("gen_instance_types", ROOT / "tools" / "gen_instance_types.py")
assert _spec is not None and _spec.loader is not None
gen = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(gen)

ALL_TYPES = list(_instance_types.INSTANCE_TYPES.values())
GPU_INFO = json.loads((Path(image_uris.__file__).parent / "image_uri_config" / "instance_gpu_info.json").read_text())
# The families the issue and sagemaker-core's volume_size_supported name: every "d" family, g5, g6*, g7e, p5*,
# p6-b200, trn1*, trn2 (as present in botocore's list).
NVME_FAMILIES = {
    "c5d", "c6gd", "dl1", "g4dn", "g5", "g6", "g6e", "g7e", "m5d", "m6gd", "p4d", "p4de", "p5", "p5e", "p5en",
    "p6-b200", "r5d", "r6gd", "r7gd", "trn1", "trn1n", "trn2",
}  # fmt: skip
GRAVITON_FAMILIES = {"c6g", "c6gd", "c6gn", "c7g", "c8g", "m6g", "m6gd", "m8g", "r6g", "r6gd", "r7gd", "r8g"}


def _family(instance_type: str) -> str:
    return instance_type.split(".")[1]


def test_committed_facts_match_what_the_generator_renders_now():
    rendered = gen.render_all()
    assert (ROOT / "sagemaker_tf" / "_instance_facts.py").read_text() == rendered[gen.FACTS_TABLE], (
        "the facts table is stale: run python tools/gen_instance_types.py"
    )
    assert _instance_facts.SAGEMAKER_CORE_VERSION == "2.27.0"


def test_every_listed_instance_type_has_facts_and_nothing_else_does():
    assert list(_instance_facts.FACTS) == ALL_TYPES


@pytest.mark.parametrize("instance_type", ALL_TYPES)
def test_every_entry_follows_its_rules(instance_type):
    facts = _instance_facts.FACTS[instance_type]
    family = _family(instance_type)
    base, _, option = family.partition("-")
    series, generation, attributes = re.fullmatch(r"([a-z]+)([0-9]+)([a-z]*)", base).groups()

    # NVMe: sagemaker-core's own predicate, and the rule it implements, restated.
    assert facts.local_nvme_storage is (not common_utils.volume_size_supported(instance_type))
    restated = "d" in family or family.startswith(("g5", "g6", "g7e", "p5", "p6-b200", "trn1", "trn2"))
    assert facts.local_nvme_storage is restated
    assert facts.local_nvme_storage is (family in NVME_FAMILIES)

    # Accelerator: the series letters, and sagemaker-core's processor for the type.
    expected = {"g": "nvidia-gpu", "p": "nvidia-gpu", "inf": "inferentia", "trn": "trainium", "dl": "gaudi"}
    assert facts.accelerator == expected.get(series, "none")
    processor = image_uris._processor(instance_type, ["cpu", "gpu", "inf", "trn"])
    assert processor == {"nvidia-gpu": "gpu", "inferentia": "inf", "trainium": "trn"}.get(facts.accelerator, "cpu")

    # Counts: instance_gpu_info.json in every region that lists the type; 0 without an accelerator; else unknown.
    listed = {(v["Count"], v["TotalGpuMemoryInMiB"]) for types in GPU_INFO.values() for t, v in types.items()
              if t == instance_type}  # fmt: skip
    if listed:
        assert {(facts.accelerator_count, facts.accelerator_memory_mib)} == listed
    elif facts.accelerator == "none":
        assert (facts.accelerator_count, facts.accelerator_memory_mib) == (0, 0)
    else:
        assert (facts.accelerator_count, facts.accelerator_memory_mib) == (None, None)

    assert facts.burstable is (series == "t")
    assert facts.graviton is ("g" in attributes)
    assert facts.graviton is (family in GRAVITON_FAMILIES)
    if family in fw_utils.GRAVITON_ALLOWED_TARGET_INSTANCE_FAMILY:
        assert facts.graviton

    # The public properties read the same entry.
    constant = getattr(sagemaker.InstanceType, gen.constant_name(instance_type))
    assert constant.has_local_nvme_storage is facts.local_nvme_storage
    assert constant.accelerator is sagemaker.AcceleratorFamily(facts.accelerator)
    assert (constant.accelerator_count, constant.accelerator_memory_mib) == (
        facts.accelerator_count,
        facts.accelerator_memory_mib,
    )
    assert constant.is_burstable is facts.burstable
    assert constant.is_graviton is facts.graviton
    assert constant.is_inferentia is (facts.accelerator == "inferentia")
    assert constant.is_trainium is (facts.accelerator == "trainium")
    assert not (option and not facts.accelerator.startswith("nvidia")), "only GPU families carry a -option"
    assert int(generation) > 0


def test_the_issue_families_are_the_nvme_ones():
    nvme = {_family(t) for t, f in _instance_facts.FACTS.items() if f.local_nvme_storage}
    assert nvme == NVME_FAMILIES
    assert {_family(t) for t, f in _instance_facts.FACTS.items() if f.graviton} == GRAVITON_FAMILIES
    assert {_family(t) for t, f in _instance_facts.FACTS.items() if f.burstable} == {"t2"}


def test_examples_from_the_docstrings():
    types = sagemaker.InstanceType
    assert types.G5_XLARGE.has_local_nvme_storage and not types.M5_LARGE.has_local_nvme_storage
    assert types.G6E_XLARGE.has_local_nvme_storage and types.P5_48XLARGE.has_local_nvme_storage
    assert types.INF2_XLARGE.accelerator is sagemaker.AcceleratorFamily.INFERENTIA and types.INF2_XLARGE.is_inferentia
    assert types.P4D_24XLARGE.accelerator_count == 8
    assert types.G5_2XLARGE.accelerator_memory_mib == 24576
    assert types.T2_MEDIUM.is_burstable and not types.TRN1_2XLARGE.is_burstable
    assert types.C7G_XLARGE.is_graviton and not types.G5_XLARGE.is_graviton
    assert types.TRN1_2XLARGE.is_trainium and not types.INF2_XLARGE.is_trainium


def test_an_unlisted_or_token_type_has_no_facts(stack):
    from sagemaker_tf._runtime.framework import TerraformVariable

    token = TerraformVariable(stack, "InstanceType", type="string").string_value
    for made in (sagemaker.InstanceType.of("ml.g9.xlarge", unchecked=True), sagemaker.InstanceType.of(token)):
        assert made.has_local_nvme_storage is None and made.accelerator is None
        assert made.accelerator_count is None and made.accelerator_memory_mib is None
        assert made.is_burstable is None and made.is_graviton is None
        assert made.is_inferentia is None and made.is_trainium is None


def _sources(**changes):
    sources = gen.sagemaker_core_sources()
    sources.update(changes)
    return sources


def test_the_generator_refuses_sources_that_disagree():
    with pytest.raises(ValueError, match=r"ml.g5.xlarge: series gives nvidia-gpu, sagemaker-core's processor cpu"):
        gen.instance_facts(["ml.g5.xlarge"], _sources(processor=lambda _t: "cpu"))
    with pytest.raises(ValueError, match=r"ml.m5.large: GPU info for a none type"):
        gen.instance_facts(["ml.m5.large"], _sources(gpu_info={"ml.m5.large": (1, 1)}))
    with pytest.raises(ValueError, match=r"sagemaker-core lists m5 as Graviton"):
        gen.instance_facts(["ml.m5.large"], _sources(graviton_families=["m5"]))
    with pytest.raises(ValueError, match=r"instance family 'x_1' does not follow the EC2 naming convention"):
        gen.family_parts("ml.x_1.large")


def test_the_generator_takes_each_fact_from_its_source():
    facts = gen.instance_facts(
        ["ml.m5.large", "ml.g5.xlarge"],
        _sources(volume_size_supported=lambda t: t != "ml.m5.large", gpu_info={"ml.g5.xlarge": (3, 7)}),
    )
    assert facts == {
        "ml.m5.large": (True, "none", 0, 0, False, False),
        "ml.g5.xlarge": (False, "nvidia-gpu", 3, 7, False, False),
    }
