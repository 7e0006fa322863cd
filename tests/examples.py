"""Load the example apps (``examples/<name>/main.py``, each with ``build(app) -> TerraformStack``) once per process."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted(p.parent.name for p in (ROOT / "examples").glob("*/main.py"))
_loaded: dict[str, ModuleType] = {}


def load_example(name: str) -> ModuleType:
    """Import ``examples/<name>/main.py`` by path, once per process."""
    if name not in _loaded:
        spec = importlib.util.spec_from_file_location(
            f"_sagemaker_tf_example_{name}", ROOT / "examples" / name / "main.py"
        )
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module
        spec.loader.exec_module(module)
        assert callable(getattr(module, "build", None)), f"examples/{name}/main.py must define build(app)"
        _loaded[name] = module
    return _loaded[name]
