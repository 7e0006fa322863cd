"""Malformed input to every reading command (describe, diagram, review, plan): one line on stderr, exit code 2, never
a traceback, whatever the shape, depth or encoding of the document.

The plan documents are ``tests/fixtures/cli/production_update.plan.json`` (a real offline plan: examples/production
applied, then its instance type changed; ``terraform show -json`` output) with one part broken.
"""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sagemaker_tf.cli.__main__ import main
from tests.examples import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "cli"
REAL_PLAN = json.loads((FIXTURES / "production_update.plan.json").read_text())
STACK_DOC = json.loads((FIXTURES / "wave2" / "cdk.tf.json").read_text())


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def assert_one_line_error(code: int, out: str, err: str, message: str) -> None:
    assert code == 2, (code, out, err)
    assert out == "" and err.count("\n") == 1 and message in err, err
    assert "Traceback" not in err


def broken_plan(path: list[Any], value: Any) -> dict[str, Any]:
    doc = copy.deepcopy(REAL_PLAN)
    node = doc
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = value
    return doc


def first_change(address_prefix: str) -> int:
    return next(i for i, rc in enumerate(REAL_PLAN["resource_changes"]) if rc["address"].startswith(address_prefix))


ENDPOINT = first_change("aws_sagemaker_endpoint.")


@pytest.mark.parametrize(
    "path,value,message",
    [
        (["resource_changes"], "all of them", "resource_changes is a string, expected an array"),
        (["resource_changes"], {"a": 1}, "resource_changes is an object, expected an array"),
        (["resource_changes", 0], 7, "resource_changes[0] is a number, expected an object"),
        (["resource_changes", ENDPOINT, "change"], None, f"resource_changes[{ENDPOINT}].change is null"),
        (["resource_changes", ENDPOINT, "change"], [], f"resource_changes[{ENDPOINT}].change is an array"),
        (["resource_changes", ENDPOINT, "change", "actions"], "update", ".change.actions is a string"),
        (["resource_changes", ENDPOINT, "change", "actions"], [None], ".change.actions is an array"),
        (["resource_changes", ENDPOINT, "change", "before"], "x", ".change.before is a string"),
        (["resource_changes", ENDPOINT, "change", "after"], [1], ".change.after is an array"),
        (["resource_changes", ENDPOINT, "change", "replace_paths"], "name", ".change.replace_paths is a string"),
        (["resource_changes", ENDPOINT, "address"], None, f"resource_changes[{ENDPOINT}].address is null"),
        (["resource_changes", ENDPOINT, "type"], 3, f"resource_changes[{ENDPOINT}].type is a number"),
        (["configuration"], [], "configuration is an array"),
        (["configuration", "root_module"], "x", "configuration.root_module is a string"),
        (["configuration", "root_module", "resources"], {}, "configuration.root_module.resources is an object"),
        (["configuration", "root_module", "resources"], [1], "configuration.root_module.resources is an array"),
        (["prior_state", "values"], 1, "prior_state.values is a number"),
    ],
)
def test_a_plan_of_the_wrong_shape_is_one_line_and_exit_2(capsys, tmp_path, path, value, message):
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps(broken_plan(path, value)))
    assert_one_line_error(*run(capsys, "review", str(plan)), message)


@pytest.mark.parametrize("command", ["describe", "diagram", "review"])
@pytest.mark.parametrize("depth", [150_000, 5_000, 201])
def test_deeply_nested_json_is_one_line_and_exit_2(capsys, tmp_path, command, depth):
    # json.loads raises RecursionError well before 150,000 levels; 201 parses but exceeds the limit
    path = tmp_path / "deep.tf.json"
    inner = "[" * depth + "]" * depth
    path.write_text('{"format_version": "1.2", "resource_changes": [], "resource": {"x": ' + inner + "}}")
    assert_one_line_error(*run(capsys, command, str(path)), "nested too deeply")


@pytest.mark.parametrize("command", ["describe", "diagram", "review"])
def test_nesting_up_to_the_limit_is_read(capsys, tmp_path, command):
    path = tmp_path / "plan.tf.json"
    doc = broken_plan(["resource_changes", ENDPOINT, "change", "after", "tags"], {})
    node = doc["resource_changes"][ENDPOINT]["change"]["after"]["tags"]
    for _ in range(150):  # a deep tag value: odd, but Terraform JSON
        node["k"] = {}
        node = node["k"]
    doc["resource"] = copy.deepcopy(STACK_DOC["resource"])
    path.write_text(json.dumps(doc))
    code, out, err = run(capsys, command, str(path))
    assert (code, err) == (0, "") and out


@pytest.mark.parametrize("command", ["describe", "diagram", "review"])
def test_non_utf8_input_is_one_line_and_exit_2(capsys, tmp_path, command):
    path = tmp_path / "latin1.tf.json"
    path.write_bytes('{"resource": {"aws_sagemaker_model": {"M": {"name": "mod\u00e8le"}}}}'.encode("latin-1"))
    assert_one_line_error(*run(capsys, command, str(path)), "not UTF-8 text")


@pytest.mark.parametrize(
    "doc,message",
    [
        ({"resource": []}, "'resource' is an array, expected an object of blocks"),
        ({"resource": {}, "output": "x"}, "'output' is a string, expected an object of blocks"),
        ([1, 2], "not synthesized Terraform JSON"),
    ],
)
@pytest.mark.parametrize("command", ["describe", "diagram"])
def test_a_stack_of_the_wrong_shape_is_one_line_and_exit_2(capsys, tmp_path, command, doc, message):
    path = tmp_path / "cdk.tf.json"
    path.write_text(json.dumps(doc))
    assert_one_line_error(*run(capsys, command, str(path)), message)


def test_the_command_line_process_never_leaks_a_traceback(tmp_path):
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(broken_plan(["resource_changes", ENDPOINT, "change"], None)))
    proc = subprocess.run([sys.executable, "-m", "sagemaker_tf", "review", str(path)], capture_output=True, text=True)
    assert proc.returncode == 2 and proc.stdout == "" and proc.stderr.count("\n") == 1
    assert "Traceback" not in proc.stderr


# --- any value anywhere: a property test over the real plan and a real stack --------------------------------------
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3),
    max_leaves=6,
)


def _paths(doc: Any) -> list[list[Any]]:
    out: list[list[Any]] = []
    stack: list[tuple[list[Any], Any]] = [([], doc)]
    while stack:
        path, node = stack.pop()
        children = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
        for key, child in children:
            out.append([*path, key])
            stack.append(([*path, key], child))
    return sorted(out, key=json.dumps)


PLAN_PATHS = [p for p in _paths(REAL_PLAN) if p[0] in ("resource_changes", "configuration", "prior_state")]
STACK_PATHS = _paths(STACK_DOC)


def _replaced(doc: Any, path: list[Any], value: Any) -> Any:
    doc = copy.deepcopy(doc)
    node = doc
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = value
    return doc


def _assert_answers(code: int, out: str, err: str) -> None:
    if code == 2:
        assert out == "" and err.count("\n") == 1 and err.startswith("sagemaker-tf "), err
    else:
        assert code in (0, 1) and err == "" and out
    assert "\x1b" not in out + err


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(index=st.integers(0, len(PLAN_PATHS) - 1), value=JSON_VALUES)
def test_any_value_anywhere_in_a_real_plan_gives_a_review_or_one_line(capsys, tmp_path, index, value):
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(_replaced(REAL_PLAN, PLAN_PATHS[index], value)))
    _assert_answers(*run(capsys, "review", str(path), "--fail-on", "risky"))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(index=st.integers(0, len(STACK_PATHS) - 1), value=JSON_VALUES, command=st.sampled_from(["describe", "diagram"]))
def test_any_value_anywhere_in_a_stack_gives_a_view_or_one_line(capsys, tmp_path, index, value, command):
    path = tmp_path / "cdk.tf.json"
    path.write_text(json.dumps(_replaced(STACK_DOC, STACK_PATHS[index], value)))
    code, out, err = run(capsys, command, str(path))
    if code == 2 and "no SageMaker resources" in err:
        return  # the change removed every SageMaker resource: a one-line answer too
    _assert_answers(code, out, err)
