"""Rewrite the ``TYPE_CHECKING`` re-export block of ``sagemaker_tf/__init__.py`` from its ``_LAZY_NAMES`` table.

``_LAZY_NAMES`` (public name -> module) is the one hand-written list of the public names: the lazy loader, ``__all__``
and ``dir()`` read it at run time. Type checkers and IDEs cannot run it, so the file also holds one
``from .<module> import <Name> as <Name>`` line per name, which this script writes. Add a public name to the table,
then::

    .venv/bin/python tools/gen_public_names.py          # rewrite the block
    .venv/bin/python tools/gen_public_names.py --check  # exit 1 when the block is stale

``tests/test_init.py`` fails when the committed block differs from what this script renders.
"""

from __future__ import annotations

import argparse
import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INIT = ROOT / "sagemaker_tf" / "__init__.py"
BEGIN = "if TYPE_CHECKING:"
END = "# end of the generated block"
HEAD = "# Generated from _LAZY_NAMES"


def lazy_names(source: str) -> dict[str, str]:
    """The ``_LAZY_NAMES`` literal of ``source``, read without importing the package."""
    for node in ast.parse(source).body:
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.target.id == "_LAZY_NAMES":
            table = ast.literal_eval(node.value)  # type: ignore[arg-type]
            assert isinstance(table, dict)
            return table
    raise SystemExit(f"no _LAZY_NAMES table in {INIT}")


def block(names: dict[str, str]) -> str:
    """One ``from .<module> import <Name> as <Name>`` line per public name, sorted as ruff's isort sorts them."""
    lines = [
        "# Generated from _LAZY_NAMES by tools/gen_public_names.py (do not edit): type checkers and IDEs see these\n",
        "# imports, at run time the names load lazily (``X as X``: re-exported).\n",
        f"{BEGIN}\n",
    ]
    for name, module in sorted(names.items(), key=lambda item: (item[1], item[0])):
        lines.append(f"    from .{module} import {name} as {name}\n")
    lines.append(f"{END}\n")
    return "".join(lines)


def render(source: str) -> str:
    """``source`` with its generated block replaced by the block of its own table."""
    start = source.index(HEAD)
    stop = source.index(END, start) + len(END) + 1
    return source[:start] + block(lazy_names(source)) + source[stop:]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when the block is stale, write nothing")
    args = parser.parse_args(argv)
    source = INIT.read_text(encoding="utf-8")
    rendered = render(source)
    if args.check:
        if rendered != source:
            print(f"{INIT.relative_to(ROOT)} is stale: run python tools/gen_public_names.py", file=sys.stderr)
            return 1
        return 0
    INIT.write_text(rendered, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
