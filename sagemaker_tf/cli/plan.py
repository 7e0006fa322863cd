"""``sagemaker-tf plan [APP_DIR]``: synthesize a cdktf app, plan it with the real Terraform CLI offline, review it.

The steps:

1. read ``APP_DIR/cdktf.json`` and run its ``app`` command in APP_DIR, with this Python interpreter in place of the
   command's ``python`` (so the app builds with the sagemaker-tf that runs this command), into a fresh temporary
   output folder (``CDKTF_OUTDIR``; the app's own ``cdktf.out`` is left alone);
2. pick the stack (``--stack NAME``, else the app's only stack with SageMaker resources);
3. run ``terraform init``, ``validate``, ``plan`` and ``show -json`` on it against the stand-in providers of
   :mod:`sagemaker_tf.testing` (no registry, no AWS credentials; needs the ``terraform`` CLI and the ``offline``
   extra);
4. print what ``sagemaker-tf review`` prints for that plan, write the plan with ``-o``, and exit 1 with
   ``--fail-on risky`` when a finding is risky.

With ``--state FILE`` the plan starts from that local state file (empty when it does not exist yet), and the plan
is then applied to it with deterministic fake values: a later run of a changed app plans an update, with the
replacements the real provider's ForceNew arguments force. The stand-in's fake AWS account (the SageMaker names in
use, so that a create of a taken name fails as AWS fails it) is kept beside it in ``FILE.cloud.json``.

Example::

    $ sagemaker-tf plan . --state sagemaker.tfstate -o plan.json
    $ sed -i 's/M5_LARGE/C5_XLARGE/' main.py
    $ sagemaker-tf plan . --state sagemaker.tfstate --fail-on risky
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sagemaker_tf.cli._reader import CliError, Plan, load_stacks
from sagemaker_tf.cli.review import render, review

if TYPE_CHECKING:
    from sagemaker_tf.testing import OfflineTerraform

OFFLINE_EXTRA_HINT = "pip install 'sagemaker-tf[offline]'"
TERRAFORM_HINT = (
    "the Terraform CLI is not on PATH: `sagemaker-tf plan` runs the real terraform init/validate/plan offline; "
    "install Terraform >= 1.5 (https://developer.hashicorp.com/terraform/install)"
)
_STAND_IN_MODULES = ("tf", "grpc", "msgpack", "google.protobuf")  # the stand-in plugin's imports (the `tf` framework)
_PYTHON_RE = re.compile(r"^python(\d+(\.\d+)*)?$")
_ASSIGNMENT_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*=")
_STATE_FILE = "terraform.tfstate"  # the names OfflineTerraform keeps in its state folder
_CLOUD_FILE = "cloud.json"


def make_offline() -> OfflineTerraform:
    """The offline Terraform runner (provider schemas extracted, mirror written in a temporary folder).

    Example::

        offline = make_offline()
    """
    from sagemaker_tf.testing import OfflineTerraform

    return OfflineTerraform()


def _check_tools() -> None:
    if shutil.which("terraform") is None:
        raise CliError(TERRAFORM_HINT)
    missing = [m for m in _STAND_IN_MODULES if _find_spec(m) is None]
    if missing:
        raise CliError(
            f"planning offline needs the stand-in providers' Python packages (missing: {', '.join(missing)}); "
            f"install them with {OFFLINE_EXTRA_HINT}"
        )


def _find_spec(module: str) -> Any:
    try:
        return importlib.util.find_spec(module)
    except (ModuleNotFoundError, ValueError):
        return None


# ----------------------------------------------------------------------------------------------------------------
# synth
# ----------------------------------------------------------------------------------------------------------------
def read_cdktf_json(app_dir: Path) -> dict[str, Any]:
    """``APP_DIR/cdktf.json``, checked to hold an ``app`` command; :class:`CliError` otherwise.

    Example::

        read_cdktf_json(Path("."))["app"]  # "python main.py"
    """
    path = app_dir / "cdktf.json"
    if not app_dir.is_dir():
        raise CliError(f"{app_dir}: no such folder (APP_DIR is the folder of the app's cdktf.json)")
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CliError(f"{path}: no such file (APP_DIR is the folder of the app's cdktf.json)") from None
    except UnicodeDecodeError:
        raise CliError(f"{path}: not UTF-8 text") from None
    except json.JSONDecodeError as e:
        raise CliError(f"{path}: not valid JSON ({e.msg} at line {e.lineno})") from None
    except RecursionError:
        raise CliError(f"{path}: JSON nested too deeply") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("app"), str) or not doc["app"].strip():
        raise CliError(f'{path}: no "app" command (e.g. "app": "python main.py")')
    if not isinstance(doc.get("output", "cdktf.out"), str):
        raise CliError(f'{path}: "output" is not a folder name')
    if not isinstance(doc.get("context", {}), dict):
        raise CliError(f'{path}: "context" is not an object')
    return doc


def app_command(app: str) -> tuple[list[str], dict[str, str]]:
    """The ``app`` command of cdktf.json as argv and environment assignments, this interpreter in place of python.

    Example::

        app_command("FOO=1 ../../.venv/bin/python main.py")  # ([sys.executable, "main.py"], {"FOO": "1"})
    """
    try:
        words = shlex.split(app)
    except ValueError as e:
        raise CliError(f'cdktf.json: the "app" command cannot be parsed ({e})') from None
    env: dict[str, str] = {}
    while words and _ASSIGNMENT_RE.match(words[0]):
        name, _, value = words.pop(0).partition("=")
        env[name] = value
    if not words:
        raise CliError(f'cdktf.json: the "app" command {app!r} runs nothing')
    if _PYTHON_RE.match(Path(words[0]).name):
        words[0] = sys.executable
    return words, env


def synthesize(app_dir: Path, outdir: Path) -> None:
    """Run the app of ``APP_DIR/cdktf.json`` into ``outdir``; :class:`CliError` with its last error line on failure.

    Example::

        synthesize(Path("."), Path(tempfile.mkdtemp()) / "cdktf.out")
    """
    config = read_cdktf_json(app_dir)
    argv, assignments = app_command(config["app"])
    env = {**os.environ, **assignments, "CDKTF_OUTDIR": str(outdir)}
    env.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")
    if config.get("context"):
        env["CDKTF_CONTEXT_JSON"] = json.dumps(config["context"])
    try:
        proc = subprocess.run(argv, cwd=app_dir, env=env, capture_output=True, text=True, check=False)
    except OSError as e:
        raise CliError(f"cannot run the app command {shlex.join(argv)}: {e.strerror or e}") from None
    if proc.returncode != 0:
        lines = [line.strip() for line in (proc.stderr or proc.stdout).splitlines() if line.strip()]
        reason = lines[-1] if lines else "no output"
        raise CliError(f"the app ({config['app']}) failed with exit code {proc.returncode}: {reason}")


def pick_stack(outdir: Path, name: str | None) -> Path:
    """The synthesized folder of the stack to plan: ``name``, else the only stack with SageMaker resources.

    Example::

        pick_stack(Path("cdktf.out"), None)  # cdktf.out/stacks/<the SageMaker stack>
    """
    try:
        stacks = load_stacks(outdir)
    except CliError:
        raise CliError("the app synthesized no stack (does main.py call app.synth()?)") from None
    names = [s.name for s in stacks]
    if name is not None:
        if name not in names:
            raise CliError(f"no stack {name!r} in the app (its stacks: {', '.join(names)})")
        return outdir / "stacks" / name
    candidates = [s.name for s in stacks if s.has_sagemaker] or names
    if len(candidates) > 1:
        raise CliError(f"the app has several stacks ({', '.join(candidates)}); pass --stack NAME")
    return outdir / "stacks" / candidates[0]


# ----------------------------------------------------------------------------------------------------------------
# terraform
# ----------------------------------------------------------------------------------------------------------------
def terraform_error(output: str) -> str:
    """Terraform's first error as one line: its summary and the last line of its detail.

    Example::

        terraform_error("╷\\n│ Error: Invalid reference\\n│ \\n│ A reference to a resource type ...\\n╵")
        # "Error: Invalid reference: A reference to a resource type ..."
    """
    lines = [line.lstrip("╷│╵ ").rstrip() for line in output.splitlines()]
    starts = [i for i, line in enumerate(lines) if line.startswith("Error:")]
    if not starts:
        tail = [line for line in lines if line]
        return tail[-1] if tail else "no output"
    block: list[str] = []
    for line in lines[starts[0] + 1 :]:
        if line.startswith(("Error:", "Warning:")):
            break
        if line and not line.startswith(("with ", "on ")) and not re.match(r"^\d+:", line):
            block.append(line)
    summary = lines[starts[0]]
    return f"{summary}: {block[-1]}" if block else summary


@contextmanager
def _state_folder(state_file: Path) -> Iterator[Path]:
    """A scratch state folder holding ``state_file`` (and its ``.cloud.json``), copied back when the block exits."""
    if state_file.is_dir():
        raise CliError(f"{state_file}: is a folder; --state takes a state file (e.g. sagemaker.tfstate)")
    if not state_file.parent.is_dir():
        raise CliError(f"{state_file}: its folder {state_file.parent} does not exist")
    cloud = state_file.with_name(state_file.name + ".cloud.json")
    if state_file.exists():
        try:
            doc = json.loads(state_file.read_text(encoding="utf-8"))
        except (ValueError, RecursionError):
            doc = None
        if not isinstance(doc, dict) or "version" not in doc:
            raise CliError(f"{state_file}: not a Terraform state file")
    with tempfile.TemporaryDirectory(prefix="sagemaker-tf-state-") as tmp:
        folder = Path(tmp)
        if state_file.exists():
            shutil.copyfile(state_file, folder / _STATE_FILE)
        if cloud.exists():
            shutil.copyfile(cloud, folder / _CLOUD_FILE)
        try:
            yield folder
        finally:  # whatever Terraform recorded, as after a real (partial) apply
            if (folder / _STATE_FILE).exists():
                shutil.copyfile(folder / _STATE_FILE, state_file)
            if (folder / _CLOUD_FILE).exists():
                shutil.copyfile(folder / _CLOUD_FILE, cloud)


def plan_stack(offline: OfflineTerraform, stack_dir: Path, state_file: Path | None) -> dict[str, Any]:
    """Plan one synthesized stack offline (against ``state_file``, then applied to it, when given).

    Example::

        doc = plan_stack(make_offline(), Path("cdktf.out/stacks/app"), Path("sagemaker.tfstate"))
    """
    from sagemaker_tf.testing import TerraformCommandError

    try:
        if state_file is None:
            return offline.plan(stack_dir)
        with _state_folder(state_file) as folder:
            doc = offline.plan(stack_dir, state_dir=folder)
            try:
                offline.apply(stack_dir, folder)
            except TerraformCommandError as e:
                raise CliError(f"applying the plan to {state_file} failed: {terraform_error(e.output)}") from None
            return doc
    except TerraformCommandError as e:
        step = e.command[1] if len(e.command) > 1 else "terraform"
        raise CliError(f"terraform {step} failed: {terraform_error(e.output)}") from None


def _progress(message: str) -> None:
    if sys.stderr.isatty():  # a person waits: say what takes the time; pipes and CI logs get only the result
        sys.stderr.write(f"sagemaker-tf plan: {message}\n")
        sys.stderr.flush()


def run(args: argparse.Namespace) -> int:
    """Synthesize, plan offline, print the review; 1 with ``--fail-on risky`` and a risky finding, else 0.

    Example::

        run(build_parser().parse_args(["plan", ".", "--state", "sagemaker.tfstate"]))
    """
    app_dir = Path(args.app_dir)
    read_cdktf_json(app_dir)  # a missing or broken cdktf.json first: it is the most common mistake
    _check_tools()
    state_file = Path(args.state) if args.state else None
    with tempfile.TemporaryDirectory(prefix="sagemaker-tf-synth-") as tmp:
        outdir = Path(tmp) / "cdktf.out"
        _progress(f"synthesizing {app_dir}")
        synthesize(app_dir, outdir)
        stack_dir = pick_stack(outdir, args.stack)
        _progress(f"planning stack {stack_dir.name} offline" + (f" against {state_file}" if state_file else ""))
        try:
            offline = make_offline()
        except ImportError:
            raise CliError(f"the stand-in providers cannot start; install {OFFLINE_EXTRA_HINT}") from None
        except FileNotFoundError:
            raise CliError(TERRAFORM_HINT) from None
        try:
            doc = plan_stack(offline, stack_dir, state_file)
        finally:
            offline.close()
    if args.output:
        Path(args.output).write_text(json.dumps(doc), encoding="utf-8")
    findings = review(Plan(Path(args.output or f"{stack_dir.name}.plan.json"), doc))
    print(render(findings, args.format))
    if args.fail_on == "risky" and any(f.level == "risky" for f in findings):
        return 1
    return 0
