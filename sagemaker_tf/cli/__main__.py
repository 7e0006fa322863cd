"""The ``sagemaker-tf`` command line (also ``python -m sagemaker_tf``).

Commands::

    sagemaker-tf describe PATH [--format text|markdown|json]    # PATH: cdktf.out, a stack folder or cdk.tf.json
    sagemaker-tf diagram PATH [-o FILE]                         # .md (Mermaid), .svg or .png
    sagemaker-tf review PLAN_JSON [--format text|markdown|json] [--fail-on risky]
    sagemaker-tf new DIR [--name STACK] [--framework cdktf|cdktn]  # a new project in our style
    sagemaker-tf warm                                           # build the caches a first synth needs

Each command lives in ``sagemaker_tf.cli.<command>`` and exposes ``run(args: argparse.Namespace) -> int``; it is
imported only when it runs, so ``describe``, ``diagram`` and ``review`` never load cdktf or the provider bindings.
Bad input prints one line on stderr and exits with 2.

Example::

    from sagemaker_tf.cli.__main__ import main
    main(["describe", "cdktf.out", "--format", "markdown"])
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from sagemaker_tf.cli._reader import CliError

EXIT_BAD_INPUT = 2
PURE_JSON_COMMANDS = frozenset({"describe", "diagram", "review"})
"""Commands that only read JSON: they never import cdktf or the provider bindings."""


class _Parser(argparse.ArgumentParser):
    """argparse, but usage errors are one line on stderr with exit code 2 (argparse's own code)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        sys.stderr.write(f"{self.prog}: error: {message}\n")
        raise SystemExit(EXIT_BAD_INPUT)


def build_parser() -> argparse.ArgumentParser:
    """The parser with every subcommand; arguments of a command are declared here so ``--help`` needs no import.

    Example::

        args = build_parser().parse_args(["review", "plan.json", "--fail-on", "risky"])
    """
    parser = _Parser(prog="sagemaker-tf", description="Describe, draw and review SageMaker hosting stacks.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True

    describe = sub.add_parser("describe", help="one table per endpoint, from synthesized JSON")
    describe.add_argument(
        "path", metavar="PATH", help="cdktf.out, a stack folder (cdktf.out/stacks/<name>) or a cdk.tf.json"
    )
    describe.add_argument("--format", choices=("text", "markdown", "json"), default="text")

    diagram = sub.add_parser("diagram", help="the topology as Mermaid (.md) or Graphviz (.svg/.png)")
    diagram.add_argument("path", metavar="PATH", help="cdktf.out, a stack folder or a cdk.tf.json")
    diagram.add_argument(
        "-o", "--output", metavar="FILE", help="write FILE (.md, .mmd, .dot, .svg or .png); default: Markdown on stdout"
    )

    review = sub.add_parser("review", help="the SageMaker consequences of a plan (`terraform show -json` output)")
    review.add_argument("plan", metavar="PLAN_JSON", help="`terraform show -json tfplan > plan.json`")
    review.add_argument("--format", choices=("text", "markdown", "json"), default="text")
    review.add_argument(
        "--fail-on",
        choices=("risky", "never"),
        default="never",
        help="exit 1 when a finding at this level exists (for CI gating)",
    )

    new = sub.add_parser("new", help="create a new project (main.py, cdktf.json, a snapshot test, a README)")
    new.add_argument("directory", metavar="DIR", help="the folder to create (must be empty or absent)")
    new.add_argument("--name", help="the stack name (default: the folder's name)")
    new.add_argument(
        "--framework",
        choices=("cdktf", "cdktn"),
        default=None,
        help="the framework family the project imports (default: the one sagemaker_tf runs on here)",
    )

    sub.add_parser("warm", help="build the caches a first synth needs")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns its exit code (0 ok, 1 risky findings with --fail-on, 2 bad input).

    Example::

        raise SystemExit(main(["diagram", "cdktf.out", "-o", "topology.md"]))
    """
    try:
        args = build_parser().parse_args(list(argv) if argv is not None else None)
    except SystemExit as e:  # --help (0) or a usage error (2, already printed as one line)
        return e.code if isinstance(e.code, int) else EXIT_BAD_INPUT
    try:
        if args.command not in PURE_JSON_COMMANDS:
            from sagemaker_tf._runtime import fast_import as _fast_import

            _fast_import.install()  # before anything imports the provider bindings (skipped at CLI start-up)
        module_name = "sagemaker_tf.cli." + args.command
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as e:
            if e.name != module_name:
                raise
            raise CliError(f"the {args.command} command is not installed in this version of sagemaker-tf") from None
        return int(module.run(args))
    except CliError as e:
        sys.stderr.write(f"sagemaker-tf {args.command}: error: {e}\n")
        return EXIT_BAD_INPUT
    except BrokenPipeError:  # `sagemaker-tf describe ... | head`: the reader left, nothing to report
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as e:
        sys.stderr.write(f"sagemaker-tf {args.command}: error: {e}\n")
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        sys.stderr.write("sagemaker-tf: interrupted\n")
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
