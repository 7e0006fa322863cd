"""Instance types come from botocore's SageMaker service model: the committed table, constants, strings, errors."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys

import pytest

import sagemaker_tf as sagemaker
from sagemaker_tf import _instance_types
from tests.helpers import ROOT, only, synth

_spec = importlib.util.spec_from_file_location("gen_instance_types", ROOT / "tools" / "gen_instance_types.py")
assert _spec is not None and _spec.loader is not None
gen = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(gen)

# Every constant name the library had before the table was generated (API.md: "all upstream constants").
LEGACY_CONSTANTS = [
    "C4_2XLARGE",
    "C4_4XLARGE",
    "C4_8XLARGE",
    "C4_LARGE",
    "C4_XLARGE",
    "C5_18XLARGE",
    "C5_2XLARGE",
    "C5_4XLARGE",
    "C5_9XLARGE",
    "C5_LARGE",
    "C5_XLARGE",
    "C5D_18XLARGE",
    "C5D_2XLARGE",
    "C5D_4XLARGE",
    "C5D_9XLARGE",
    "C5D_LARGE",
    "C5D_XLARGE",
    "C6I_12XLARGE",
    "C6I_16XLARGE",
    "C6I_24XLARGE",
    "C6I_2XLARGE",
    "C6I_32XLARGE",
    "C6I_4XLARGE",
    "C6I_8XLARGE",
    "C6I_LARGE",
    "C6I_XLARGE",
    "G4DN_12XLARGE",
    "G4DN_16XLARGE",
    "G4DN_2XLARGE",
    "G4DN_4XLARGE",
    "G4DN_8XLARGE",
    "G4DN_XLARGE",
    "G5_12XLARGE",
    "G5_16XLARGE",
    "G5_24XLARGE",
    "G5_2XLARGE",
    "G5_48XLARGE",
    "G5_4XLARGE",
    "G5_8XLARGE",
    "G5_XLARGE",
    "G6_12XLARGE",
    "G6_16XLARGE",
    "G6_24XLARGE",
    "G6_2XLARGE",
    "G6_48XLARGE",
    "G6_4XLARGE",
    "G6_8XLARGE",
    "G6_XLARGE",
    "INF1_24XLARGE",
    "INF1_2XLARGE",
    "INF1_6XLARGE",
    "INF1_XLARGE",
    "INF2_XLARGE",
    "INF2_8XLARGE",
    "INF2_24XLARGE",
    "INF2_48XLARGE",
    "M4_10XLARGE",
    "M4_16XLARGE",
    "M4_2XLARGE",
    "M4_4XLARGE",
    "M4_XLARGE",
    "M5_12XLARGE",
    "M5_24XLARGE",
    "M5_2XLARGE",
    "M5_4XLARGE",
    "M5_LARGE",
    "M5_XLARGE",
    "M5D_12XLARGE",
    "M5D_24XLARGE",
    "M5D_2XLARGE",
    "M5D_4XLARGE",
    "M5D_LARGE",
    "M5D_XLARGE",
    "P2_16XLARGE",
    "P2_8XLARGE",
    "P2_XLARGE",
    "P3_16XLARGE",
    "P3_2XLARGE",
    "P3_8XLARGE",
    "P4D_24XLARGE",
    "R5_12XLARGE",
    "R5_24XLARGE",
    "R5_2XLARGE",
    "R5_4XLARGE",
    "R5_LARGE",
    "R5_XLARGE",
    "R5D_12XLARGE",
    "R5D_24XLARGE",
    "R5D_2XLARGE",
    "R5D_4XLARGE",
    "R5D_LARGE",
    "R5D_XLARGE",
    "T2_2XLARGE",
    "T2_LARGE",
    "T2_MEDIUM",
    "T2_XLARGE",
]


def test_committed_table_matches_the_installed_botocore():
    import botocore

    version, enums = gen.botocore_enums()
    assert version == botocore.__version__ == _instance_types.BOTOCORE_VERSION
    assert set(_instance_types.INSTANCE_TYPES.values()) == set(enums["INSTANCE_TYPES"])
    assert set(_instance_types.ACCELERATOR_TYPES.values()) == set(enums["ACCELERATOR_TYPES"])
    assert (ROOT / "sagemaker_tf" / "_instance_types.py").read_text() == gen.render(version, enums), (
        "the table is stale: run python tools/gen_instance_types.py"
    )


def test_generator_check_mode_passes_on_the_committed_table():
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "gen_instance_types.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "up to date" in result.stdout


def test_renderer_names_constants_and_orders_sizes():
    text = gen.render(
        "0.0.0",
        {
            "INSTANCE_TYPES": ["ml.p6-b200.48xlarge", "ml.g5.2xlarge", "ml.g5.xlarge"],
            "ACCELERATOR_TYPES": ["ml.eia2.medium"],
        },
    )
    assert '"P6_B200_48XLARGE": "ml.p6-b200.48xlarge",' in text
    assert "    G5_XLARGE: ClassVar[InstanceType]" in text
    assert sorted(["ml.g5.2xlarge", "ml.g5.xlarge", "ml.g5.large"], key=gen.sort_key) == [
        "ml.g5.large",
        "ml.g5.xlarge",
        "ml.g5.2xlarge",
    ]
    with pytest.raises(ValueError, match=r"unexpected SageMaker type value 'g5.xlarge'"):
        gen.constant_name("g5.xlarge")


def test_every_table_entry_is_a_constant_and_every_legacy_name_still_works():
    for name, value in _instance_types.INSTANCE_TYPES.items():
        assert str(getattr(sagemaker.InstanceType, name)) == value
        assert getattr(sagemaker.InstanceType, name) == sagemaker.InstanceType.of(value)
    for name, value in _instance_types.ACCELERATOR_TYPES.items():
        assert str(getattr(sagemaker.AcceleratorType, name)) == value
    for name in LEGACY_CONSTANTS:
        assert isinstance(getattr(sagemaker.InstanceType, name), sagemaker.InstanceType), name


def test_current_families_have_constants():
    families = {value.split(".")[1] for value in _instance_types.INSTANCE_TYPES.values()}
    assert {"p5", "g6", "g6e", "inf2", "trn1", "trn2", "p4de", "c7i", "m7i", "r7i"} <= families
    assert str(sagemaker.InstanceType.P5_48XLARGE) == "ml.p5.48xlarge"
    assert str(sagemaker.InstanceType.G6E_XLARGE) == "ml.g6e.xlarge"
    assert str(sagemaker.InstanceType.TRN1_32XLARGE) == "ml.trn1.32xlarge"
    assert str(sagemaker.InstanceType.INF2_48XLARGE) == "ml.inf2.48xlarge"


def test_of_returns_an_instance_type_and_equal_values_are_equal():
    made = sagemaker.InstanceType.of("ml.g6e.xlarge")
    assert type(made) is sagemaker.InstanceType
    assert made == sagemaker.InstanceType.G6E_XLARGE and hash(made) == hash(sagemaker.InstanceType.G6E_XLARGE)
    assert made != sagemaker.AcceleratorType.of("ml.eia2.medium")


def test_a_typo_names_the_closest_valid_types():
    with pytest.raises(sagemaker.ValidationError) as caught:
        sagemaker.InstanceType.of("ml.g5.2xl")
    assert str(caught.value) == (
        "InstanceType.of: unknown instance type 'ml.g5.2xl': not one of the "
        f"{len(_instance_types.INSTANCE_TYPES)} SageMaker ProductionVariantInstanceType values "
        f"(botocore {_instance_types.BOTOCORE_VERSION}). Closest: ml.g5.2xlarge, ml.g5.24xlarge, ml.g5.12xlarge. "
        "For a type newer than this list use InstanceType.of('ml.g5.2xl', unchecked=True)"
    )


def test_unknown_accelerator_type_is_rejected():
    with pytest.raises(
        sagemaker.ValidationError, match=re.escape("AcceleratorType.of: unknown accelerator type 'ml.eia3.medium'")
    ):
        sagemaker.AcceleratorType.of("ml.eia3.medium")


def test_unchecked_accepts_a_newer_type_but_still_checks_the_shape():
    assert str(sagemaker.InstanceType.of("ml.g9.xlarge", unchecked=True)) == "ml.g9.xlarge"
    with pytest.raises(
        sagemaker.ValidationError,
        match=re.escape("InstanceType.of: instance type must look like ml.<family>.<size> (got ml.g9 xlarge)"),
    ):
        sagemaker.InstanceType.of("ml.g9 xlarge", unchecked=True)
    with pytest.raises(
        sagemaker.ValidationError,
        match=re.escape("InstanceType.of: instance type must start with 'ml.'; (got g9.xlarge)"),
    ):
        sagemaker.InstanceType.of("g9.xlarge", unchecked=True)


def test_a_token_is_not_checked(stack):
    from sagemaker_tf._runtime.framework import TerraformVariable

    token = TerraformVariable(stack, "InstanceType", type="string").string_value
    assert str(sagemaker.InstanceType.of(token)) == token


def _config(stack, **props):
    image = sagemaker.ContainerImage.from_dlc("pytorch-inference", "2.1.0-cpu-py310")
    model = sagemaker.Model(stack, "Model", containers=[sagemaker.ContainerDefinition(image=image)])
    return sagemaker.EndpointConfig(
        stack,
        "Config",
        instance_production_variants=[
            sagemaker.InstanceProductionVariantProps(model=model, variant_name="main", **props)
        ],
    )


def test_props_accept_plain_strings_and_render_them(stack):
    _config(stack, instance_type="ml.g5.2xlarge", accelerator_type="ml.eia2.medium")
    (variant,) = only(synth(stack), "aws_sagemaker_endpoint_configuration")["production_variants"]
    assert (variant["instance_type"], variant["accelerator_type"]) == ("ml.g5.2xlarge", "ml.eia2.medium")


def test_props_store_an_instance_type_for_a_string(stack):
    props = sagemaker.InstanceProductionVariantProps(
        model=sagemaker.Model.from_model_name(stack, "M", "m"), variant_name="v", instance_type="ml.g6e.xlarge"
    )
    assert props.instance_type == sagemaker.InstanceType.G6E_XLARGE


def test_props_reject_a_typo_with_the_closest_names(stack):
    with pytest.raises(sagemaker.ValidationError) as caught:
        _config(stack, instance_type="ml.m5.lrage")
    assert str(caught.value) == (
        "InstanceProductionVariantProps: unknown instance_type 'ml.m5.lrage': not one of the "
        f"{len(_instance_types.INSTANCE_TYPES)} SageMaker ProductionVariantInstanceType values "
        f"(botocore {_instance_types.BOTOCORE_VERSION}). Closest: ml.m5.large, ml.m5d.large, ml.m5.xlarge. "
        "For a type newer than this list use InstanceType.of('ml.m5.lrage', unchecked=True)"
    )


def test_props_reject_a_non_string(stack):
    with pytest.raises(
        sagemaker.ValidationError,
        match=re.escape(
            "InstanceProductionVariantProps: instance_type must be an InstanceType or a string such as "
            "'ml.c4.large' (got int: 5)"
        ),
    ):
        _config(stack, instance_type=5)


def test_import_does_not_load_botocore():
    code = "import sys, sagemaker_tf; print('botocore' in sys.modules, 'sagemaker' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False False"
