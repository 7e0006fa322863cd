"""``sagemaker_tf/__init__.py``: the re-export block type checkers read is generated from the ``_LAZY_NAMES`` table."""

from __future__ import annotations

import importlib.util

from tests.helpers import ROOT

_spec = importlib.util.spec_from_file_location("gen_public_names", ROOT / "tools" / "gen_public_names.py")
assert _spec is not None and _spec.loader is not None
gen_public_names = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(gen_public_names)


def test_the_type_checking_block_is_the_one_generated_from_the_table():
    source = gen_public_names.INIT.read_text(encoding="utf-8")
    assert gen_public_names.render(source) == source, "the block is stale: run python tools/gen_public_names.py"


def test_a_name_added_to_the_table_gets_its_import_line():
    source = gen_public_names.INIT.read_text(encoding="utf-8")
    grown = source.replace('    "Model": "model",\n', '    "Model": "model",\n    "ModelExtra": "model",\n', 1)
    assert "    from .model import ModelExtra as ModelExtra\n" in gen_public_names.render(grown)
    assert gen_public_names.render(grown) != grown
