"""Build hook: ship ``sagemaker_tf-import-hook.pth`` at the root of site-packages (wheel and editable installs).

Everything else is in ``pyproject.toml``. The ``.pth`` file makes the fast provider import independent of
import order (see ``_sagemaker_tf_import_hook.py`` and README "Import speed"). setuptools has no setting for
a file at the root of purelib, so ``build_py`` writes it:

- into ``build_lib`` for a wheel (``pip wheel``, ``pip install .``): the wheel's root is site-packages;
- into the unpacked editable wheel for ``pip install -e .`` (PEP 660): setuptools discards ``build_lib``
  there and installs what its ``install`` command points ``install_lib`` at.
"""

from __future__ import annotations

import os

from setuptools import setup
from setuptools.command.build_py import build_py

PTH_NAME = "sagemaker_tf-import-hook.pth"
PTH_LINE = (
    'import sys; exec("try:\\n import _sagemaker_tf_import_hook as h\\nexcept ImportError:\\n pass\\n'
    'else:\\n h.install()")\n'
)


class BuildPyWithPth(build_py):
    """``build_py`` that also writes the import-hook ``.pth`` file next to the top-level packages."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            target = self.get_finalized_command("install").install_lib
        else:
            target = self.build_lib
        os.makedirs(target, exist_ok=True)
        path = os.path.join(target, PTH_NAME)
        with open(path, "w", encoding="utf-8") as out:
            out.write(PTH_LINE)
        self._pth_outputs = [path]

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        return [*super().get_outputs(include_bytecode), *getattr(self, "_pth_outputs", [])]


setup(cmdclass={"build_py": BuildPyWithPth})
