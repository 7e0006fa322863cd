"""The ``sagemaker-tf`` command line (also ``python -m sagemaker_tf``).

Commands::

    sagemaker-tf describe PATH [--format text|markdown|json]    # PATH: cdktf.out, a stack folder or cdk.tf.json
    sagemaker-tf diagram PATH [-o FILE]                         # .md (Mermaid), .svg or .png
    sagemaker-tf review PLAN_JSON [--format text|markdown|json] [--fail-on risky]
    sagemaker-tf plan [APP_DIR] [--stack NAME] [--state FILE] [-o PLAN_JSON] [--format ...] [--fail-on risky]
    sagemaker-tf new DIR [--name STACK] [--framework cdktf|cdktn]  # a new project in our style
    sagemaker-tf warm                                           # build the caches a first synth needs
    sagemaker-tf --version

Each command lives in ``sagemaker_tf.cli.<command>`` and exposes ``run(args: argparse.Namespace) -> int``; it is
imported only when it runs, so ``describe``, ``diagram`` and ``review`` never load cdktf or the provider bindings
(``plan`` runs the app in its own process). Bad input prints one line on stderr and exits with 2.

Example::

    from sagemaker_tf.cli.__main__ import main
    main(["describe", "cdktf.out", "--format", "markdown"])
"""

from __future__ import annotations

import argparse
import importlib
import importlib.metadata
import os
import sys
from collections.abc import Sequence

from sagemaker_tf.cli._reader import CliError, printable

EXIT_BAD_INPUT = 2
NO_PROVIDER_IMPORT_COMMANDS = frozenset({"describe", "diagram", "review", "plan"})
"""Commands that never import the provider bindings in this process: they read JSON (``plan`` synthesizes in a child
process), so the fast provider import is not installed for them."""
READING_COMMANDS = frozenset({"describe", "diagram", "review", "plan"})
"""Commands that read documents written by others: a shape they do not expect is bad input (exit 2), never a
traceback."""


def version() -> str:
    """The installed package's version (``importlib.metadata``), as ``sagemaker-tf --version`` prints it.

    Example::

        version()  # "0.3.0"
    """
    try:
        return importlib.metadata.version("sagemaker-tf")
    except importlib.metadata.PackageNotFoundError:  # run from a source tree that was never installed
        return "unknown (not installed)"


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
    parser = _Parser(prog="sagemaker-tf", description="Describe, draw, plan and review SageMaker hosting stacks.")
    parser.add_argument("--version", action="version", version=f"sagemaker-tf {version()}")
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

    plan = sub.add_parser(
        "plan",
        help="synthesize an app, plan it offline with the real Terraform CLI on stand-in providers, and review it",
    )
    plan.add_argument("app_dir", metavar="APP_DIR", nargs="?", default=".", help="the folder of cdktf.json (default .)")
    plan.add_argument("--stack", metavar="NAME", help="the stack to plan (default: the app's only SageMaker stack)")
    plan.add_argument(
        "--state",
        metavar="FILE",
        help="a local state file: plan against it, then apply the plan to it (created when missing)",
    )
    plan.add_argument(
        "-o", "--output", metavar="PLAN_JSON", help="write the plan (`terraform show -json`) to this file"
    )
    plan.add_argument("--format", choices=("text", "markdown", "json"), default="text")
    plan.add_argument(
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
        if args.command not in NO_PROVIDER_IMPORT_COMMANDS:
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
        sys.stderr.write(f"sagemaker-tf {args.command}: error: {_one_line(str(e))}\n")
        return EXIT_BAD_INPUT
    except (AttributeError, TypeError, KeyError, IndexError, ValueError, RecursionError) as e:
        if args.command not in READING_COMMANDS:
            raise
        # A value of an unexpected shape deep inside a document the shape checks let through.
        where = getattr(args, "plan", None) or getattr(args, "path", None) or getattr(args, "app_dir", "")
        sys.stderr.write(
            f"sagemaker-tf {args.command}: error: {_one_line(str(where))}: a value of an unexpected shape "
            f"({type(e).__name__}: {_one_line(str(e))}); is this Terraform's own output?\n"
        )
        return EXIT_BAD_INPUT
    except BrokenPipeError:  # `sagemaker-tf describe ... | head`: the reader left, nothing to report
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as e:
        sys.stderr.write(f"sagemaker-tf {args.command}: error: {_one_line(str(e))}\n")
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        sys.stderr.write("sagemaker-tf: interrupted\n")
        return 130


def _one_line(text: str) -> str:
    """A message as one printable line: line breaks and control characters from the input are escaped."""
    return printable(text)


if __name__ == "__main__":
    raise SystemExit(main())
