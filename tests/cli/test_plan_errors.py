"""``sagemaker-tf plan`` before Terraform runs: the app command, the stack choice, the tools it needs, the state file.
Each mistake is one line on stderr with exit code 2. (Real plans: tests/terraform/test_plan_command.py.)

The apps here are tiny Python programs that write a synthesized stack into ``CDKTF_OUTDIR`` themselves, as cdktf's
``App.synth()`` does, so these tests need neither cdktf nor Terraform.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from sagemaker_tf.cli import plan as plan_command
from sagemaker_tf.cli.__main__ import main
from tests.examples import ROOT

STACK = (ROOT / "tests" / "fixtures" / "cli" / "wave2" / "cdk.tf.json").read_text()
NO_SAGEMAKER = (ROOT / "tests" / "fixtures" / "cli" / "no_sagemaker.tf.json").read_text()


def app(tmp_path: Path, main_py: str, cdktf_json: dict[str, object] | None = None) -> Path:
    folder = tmp_path / "app"
    folder.mkdir()
    (folder / "main.py").write_text(main_py)
    (folder / "cdktf.json").write_text(json.dumps(cdktf_json or {"language": "python", "app": "python main.py"}))
    return folder


def writes_stacks(**stacks: str) -> str:
    """main.py that writes each stack's cdk.tf.json where cdktf would."""
    lines = ["import os, pathlib", "out = pathlib.Path(os.environ['CDKTF_OUTDIR'])"]
    for name, doc in stacks.items():
        lines.append(f"(out / 'stacks' / {name!r}).mkdir(parents=True)")
        lines.append(f"(out / 'stacks' / {name!r} / 'cdk.tf.json').write_text({doc!r})")
    return "\n".join(lines) + "\n"


def one_line_error(capsys: pytest.CaptureFixture[str], argv: list[str], message: str) -> str:
    assert main(argv) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and err.startswith("sagemaker-tf plan: error: "), err
    assert message in err, err
    return err


@pytest.fixture
def tools_present(monkeypatch: pytest.MonkeyPatch) -> None:
    """Terraform and the stand-in's packages count as installed; nothing here gets as far as running them."""
    monkeypatch.setattr(plan_command, "_check_tools", lambda: None)


def test_without_terraform_on_path_the_command_says_so_in_one_line(tmp_path):
    folder = app(tmp_path, writes_stacks(orders=STACK))
    empty = tmp_path / "empty-path"
    empty.mkdir()
    env = {**os.environ, "PATH": str(empty)}
    proc = subprocess.run(
        [sys.executable, "-m", "sagemaker_tf", "plan", str(folder)], capture_output=True, text=True, env=env
    )
    assert proc.returncode == 2 and proc.stdout == "" and proc.stderr.count("\n") == 1
    assert "the Terraform CLI is not on PATH" in proc.stderr and "install Terraform >= 1.5" in proc.stderr


def test_without_the_offline_extra_the_command_names_it(capsys, tmp_path, monkeypatch):
    folder = app(tmp_path, writes_stacks(orders=STACK))
    monkeypatch.setattr(plan_command.shutil, "which", lambda name: "/usr/local/bin/terraform")
    monkeypatch.setattr(plan_command, "_find_spec", lambda module: None if module in ("tf", "grpc") else object())
    one_line_error(
        capsys, ["plan", str(folder)], "(missing: tf, grpc); install them with pip install 'sagemaker-tf[offline]'"
    )


def test_a_folder_without_cdktf_json(capsys, tmp_path):
    one_line_error(capsys, ["plan", str(tmp_path)], "cdktf.json: no such file (APP_DIR is the folder of the app's")


@pytest.mark.parametrize(
    "doc,message",
    [
        ({"language": "python"}, 'no "app" command'),
        ({"app": ""}, 'no "app" command'),
        ({"app": "python main.py", "context": []}, '"context" is not an object'),
        ({"app": "python 'main.py"}, 'the "app" command cannot be parsed'),
        ({"app": "FOO=1"}, "runs nothing"),
    ],
)
def test_a_cdktf_json_without_a_usable_app_command(capsys, tmp_path, tools_present, doc, message):
    folder = app(tmp_path, "", doc)
    one_line_error(capsys, ["plan", str(folder)], message)


def test_a_failing_app_is_one_line_with_its_last_error_line(capsys, tmp_path, tools_present):
    folder = app(
        tmp_path, "import sys\nprint('progress')\nsys.exit('ValidationError: Config/main: bad instance type')\n"
    )
    one_line_error(
        capsys,
        ["plan", str(folder)],
        "the app (python main.py) failed with exit code 1: ValidationError: Config/main: bad instance type",
    )


def test_an_app_that_synthesizes_nothing(capsys, tmp_path, tools_present):
    folder = app(tmp_path, "print('no synth here')\n")
    one_line_error(capsys, ["plan", str(folder)], "the app synthesized no stack (does main.py call app.synth()?)")


def test_stack_choice(capsys, tmp_path, tools_present):
    folder = app(tmp_path, writes_stacks(orders=STACK, search=STACK, network=NO_SAGEMAKER))
    one_line_error(capsys, ["plan", str(folder)], "the app has several stacks (orders, search); pass --stack NAME")
    one_line_error(
        capsys, ["plan", str(folder), "--stack", "billing"], "no stack 'billing' in the app (its stacks: network, "
    )


def test_the_app_runs_in_its_folder_with_this_interpreter_and_cdktf_json_variables(capsys, tmp_path, tools_present):
    # examples/*/cdktf.json run "JSII_...=20 ../../.venv/bin/python main.py": this Python runs it instead
    probe = (
        "import os, sys, json, pathlib\n"
        "pathlib.Path('seen.json').write_text(json.dumps([sys.executable, os.environ['GREETING'],"
        " json.loads(os.environ['CDKTF_CONTEXT_JSON'])]))\n"
    )
    folder = app(tmp_path, probe, {"app": "GREETING=hi ../../no/such/python3.12 main.py", "context": {"env": "dev"}})
    one_line_error(capsys, ["plan", str(folder)], "the app synthesized no stack")
    assert json.loads((folder / "seen.json").read_text()) == [sys.executable, "hi", {"env": "dev"}]


@pytest.mark.parametrize(
    "command,argv,env",
    [
        ("python main.py", [sys.executable, "main.py"], {}),
        ("python3 -u main.py", [sys.executable, "-u", "main.py"], {}),
        ("A=1 B='x y' .venv/bin/python3.11 main.py", [sys.executable, "main.py"], {"A": "1", "B": "x y"}),
        ("pipenv run python main.py", ["pipenv", "run", "python", "main.py"], {}),
        ("node main.js", ["node", "main.js"], {}),
    ],
)
def test_app_command(command, argv, env):
    assert plan_command.app_command(command) == (argv, env)


def test_a_state_file_that_is_not_terraform_state(capsys, tmp_path, tools_present, monkeypatch):
    folder = app(tmp_path, writes_stacks(orders=STACK))

    class _Unused:
        def close(self) -> None:
            pass

    monkeypatch.setattr(plan_command, "make_offline", _Unused)
    state = tmp_path / "s.tfstate"
    state.write_text('{"resources": []}')
    one_line_error(capsys, ["plan", str(folder), "--state", str(state)], "s.tfstate: not a Terraform state file")
    one_line_error(capsys, ["plan", str(folder), "--state", str(tmp_path)], "is a folder; --state takes a state file")
    missing = tmp_path / "no" / "such" / "s.tfstate"
    one_line_error(capsys, ["plan", str(folder), "--state", str(missing)], "does not exist")
