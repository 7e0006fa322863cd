"""The ``sagemaker-tf`` command line on real synthesized stacks: describe, diagram, new, and bad input.

The Wave 2 features (shadow variants, async inference, data capture, deployment guardrails) are read from the
hand-written ``tests/fixtures/cli/wave2/cdk.tf.json`` until their examples exist.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from sagemaker_tf._runtime.framework import App
from sagemaker_tf.cli.__main__ import main
from tests import families
from tests.examples import EXAMPLES, ROOT, load_example

FIXTURES = ROOT / "tests" / "fixtures" / "cli"
WAVE2 = FIXTURES / "wave2"


def synth_example(name: str, outdir: Path) -> Path:
    """Synthesize ``examples/<name>`` into ``outdir`` (a cdktf.out); returns ``outdir``."""
    outdir.mkdir(parents=True, exist_ok=True)
    app = App(outdir=str(outdir))
    load_example(name).build(app)
    app.synth()
    return outdir


@pytest.fixture(scope="module")
def production(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return synth_example("production", tmp_path_factory.mktemp("production") / "cdktf.out")


@pytest.fixture(scope="module")
def endpoint_config(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return synth_example("endpoint_config", tmp_path_factory.mktemp("endpoint_config") / "cdktf.out")


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def describe_json(capsys: pytest.CaptureFixture[str], path: Path | str) -> list[dict[str, Any]]:
    code, out, err = run_cli(capsys, "describe", str(path), "--format", "json")
    assert (code, err) == (0, "")
    return json.loads(out)["endpoints"]


# --- describe ------------------------------------------------------------------------------------------------------
def test_describe_production_resolves_config_model_role_scaling_alarms_and_grants(capsys, production):
    [view] = describe_json(capsys, production / "stacks" / "sagemaker-production")
    assert view["endpoint"]["address"] == "aws_sagemaker_endpoint.Endpoint_8024A810"
    assert view["config"]["address"] == "aws_sagemaker_endpoint_configuration.EndpointConfig_FD7B6F91"
    assert view["config"]["create_before_destroy"] is True
    assert view["config"]["kms_key"] == "<EndpointKey.arn>"
    [variant] = view["variants"]
    assert (variant["name"], variant["instance_type"], variant["instance_count"], variant["share_percent"]) == (
        "main",
        "ml.m5.large",
        2,
        100,
    )
    [model] = view["models"]
    assert model["address"] == variant["model"] == "aws_sagemaker_model.Model_2AD80A05"
    assert (
        model["containers"][0]["image"]
        == "763104351884.dkr.ecr.<region>.<dns-suffix>/pytorch-inference:2.1.0-cpu-py310"
    )
    assert model["containers"][0]["model_data"].startswith(
        "s3://<SagemakerTfAssets_Bucket.bucket>/sagemaker-tf-assets/"
    )
    assert model["role"] == "aws_iam_role.Model_Role_6A0569D6"
    assert model["vpc"] == {"subnets": 2, "security_groups": 1}
    [scaling] = view["scaling"]
    assert (scaling["variant"], scaling["min_capacity"], scaling["max_capacity"]) == ("main", 2, 8)
    assert sorted(p["rule"].split(" = ")[0] for p in scaling["policies"]) == [
        "CpuTarget: target tracking CPUUtilization",
        "LimitRPS: target tracking SageMakerVariantInvocationsPerInstance",
    ]
    assert sorted(a["label"] for a in view["alarms"]) == ["Errors5xxAlarm", "ModelLatencyAlarm"]
    grants = {g["kind"]: g for g in view["grants"]}
    model_grants = grants["model role"]["grants"]
    assert not [line for line in model_grants if line.startswith("managed policy")]  # scoped by default
    assert "cloudwatch:PutMetricData on * if cloudwatch:namespace StringLike /aws/sagemaker/*" in model_grants
    assert grants["caller"]["role_label"] == "ApplicationRole"
    assert grants["caller"]["grants"] == ["sagemaker:InvokeEndpoint on Endpoint"]


def test_describe_accepts_cdktf_out_a_stack_folder_and_a_file_alike(capsys, production):
    stack_dir = production / "stacks" / "sagemaker-production"
    views = [describe_json(capsys, p) for p in (production, stack_dir, stack_dir / "cdk.tf.json")]
    assert views[0] == views[1] == views[2]


def test_describe_multi_variant_config_gives_each_variant_its_share_of_traffic(capsys, endpoint_config):
    [view] = describe_json(capsys, endpoint_config)
    assert view["endpoint"] is None and view["title"].startswith("Endpoint config EndpointConfig")
    shares = {v["name"]: (v["weight"], v["share_percent"], v["model_label"]) for v in view["variants"]}
    assert shares == {"modelA": (2, 66.7, "ModelA"), "variantB": (1, 33.3, "ModelB")}


def test_describe_wave2_reads_shadow_async_capture_and_rollback_alarms(capsys):
    [view] = describe_json(capsys, WAVE2)
    shadow = [v for v in view["variants"] if v["kind"] == "shadow"]
    assert [(v["name"], v["share_percent"], v["model_label"]) for v in shadow] == [
        ("challenger", 50, "Challenger/Model")
    ]
    assert view["config"]["async_inference"]["s3_output_path"] == "s3://async-results/out/"
    assert view["config"]["async_inference"]["success_topic"] == "<Done.arn>"
    assert view["config"]["async_inference"]["max_concurrent_invocations_per_instance"] == 4
    capture = view["config"]["data_capture"]
    assert (capture["initial_sampling_percentage"], capture["capture_modes"]) == (20, ["Input", "Output"])
    deployment = view["endpoint"]["deployment"]
    assert deployment["strategy"] == "blue/green CANARY 10%"
    assert deployment["rollback_alarms"] == ["wave2-rollback-latency"]


def test_describe_text_and_markdown_have_one_table_per_endpoint(capsys, production):
    code, text, _ = run_cli(capsys, "describe", str(production))
    assert code == 0
    assert text.splitlines()[0] == "Endpoint Endpoint"
    assert "variant   main" in text and "ml.m5.large x 2; weight 1 (100% of traffic); model Model" in text
    code, md, _ = run_cli(capsys, "describe", str(production), "--format", "markdown")
    assert md.count("| section | item | details |") == 1
    assert "| scaling | main | 2-8 instances;" in md


def test_describe_never_imports_cdktf_or_the_provider_bindings(production):
    code = (
        "import sys; from sagemaker_tf.cli.__main__ import main; "
        f"rc = main(['describe', {str(production)!r}]); "
        "assert rc == 0; "
        "loaded = [m for m in ('cdktf', 'jsii', 'cdktf_cdktf_provider_aws') if m in sys.modules]; "
        "assert not loaded, loaded"
    )
    proc = subprocess.run([sys.executable, "-m", "sagemaker_tf.cli", "--help"], capture_output=True, text=True)
    assert proc.returncode == 0 and "describe" in proc.stdout
    # the console script's start-up path: sys.argv[0] is the `sagemaker-tf` script
    proc = subprocess.run(
        [sys.executable, "-c", f"import sys; sys.argv[0] = 'sagemaker-tf'; {code}"], capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr


def test_python_dash_m_sagemaker_tf_runs_the_cli(production):
    proc = subprocess.run(
        [sys.executable, "-m", "sagemaker_tf", "describe", str(production), "--format", "json"],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["endpoints"][0]["variants"][0]["name"] == "main"


# --- diagram -------------------------------------------------------------------------------------------------------
def test_diagram_mermaid_links_endpoint_config_variant_model_image_data_scaling_and_alarms(capsys, production):
    code, out, _ = run_cli(capsys, "diagram", str(production))
    assert code == 0 and out.startswith("# SageMaker hosting topology\n\n```mermaid\nflowchart LR\n")
    from sagemaker_tf.cli._reader import load_stacks
    from sagemaker_tf.cli._topology import endpoint_views
    from sagemaker_tf.cli.diagram import build_graph

    graph = build_graph(endpoint_views(load_stacks(production)[0]))
    kinds = sorted(kind for kind, _ in graph.nodes.values())
    assert kinds == ["alarm", "alarm", "config", "data", "endpoint", "image", "model", "role", "scaling", "variant"]
    labels = {lines[0]: node for node, (_, lines) in graph.nodes.items()}
    edges = {(a, b) for a, b, _ in graph.edges}
    chain = ["endpoint: Endpoint", "config: EndpointConfig", "variant: main", "model: Model"]
    assert all((labels[a], labels[b]) in edges for a, b in zip(chain, chain[1:]))
    assert (labels["scaling: 2-8"], labels["variant: main"]) in edges
    assert (labels["alarm: ModelLatencyAlarm"], labels["variant: main"]) in edges


def test_diagram_writes_markdown_mermaid_and_dot_files(capsys, endpoint_config, tmp_path):
    for suffix in (".md", ".mmd", ".dot"):
        target = tmp_path / f"topology{suffix}"
        assert run_cli(capsys, "diagram", str(endpoint_config), "-o", str(target))[0] == 0
        text = target.read_text()
        assert "variant: modelA" in text and "variant: variantB" in text and "66.7% traffic" in text
    assert (tmp_path / "topology.dot").read_text().startswith("digraph sagemaker {")


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz `dot` is not installed")
@pytest.mark.parametrize("suffix,magic", [(".svg", b"<?xml"), (".png", b"\x89PNG")])
def test_diagram_renders_svg_and_png_with_graphviz(capsys, production, tmp_path, suffix, magic):
    target = tmp_path / f"topology{suffix}"
    assert run_cli(capsys, "diagram", str(production), "-o", str(target))[0] == 0
    assert target.read_bytes().startswith(magic)


def test_diagram_png_without_graphviz_is_a_one_line_error(capsys, production, tmp_path, monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    code, out, err = run_cli(capsys, "diagram", str(production), "-o", str(tmp_path / "t.png"))
    assert code == 2 and out == "" and err.count("\n") == 1 and "needs Graphviz" in err


# --- new -----------------------------------------------------------------------------------------------------------
def test_new_project_synthesizes_at_once_and_its_snapshot_test_passes(capsys, tmp_path):
    project = tmp_path / "recommender"
    code, out, _ = run_cli(capsys, "new", str(project))
    assert code == 0
    assert sorted(p.relative_to(project).as_posix() for p in project.rglob("*") if p.is_file()) == [
        ".gitignore",
        "README.md",
        "cdktf.json",
        "main.py",
        "pytest.ini",
        "tests/test_main.py",
    ]
    main_py = (project / "main.py").read_text()
    # the default framework is the family this venv runs sagemaker_tf on
    framework, aws = families.NAME, families.FAMILY.providers["aws"]
    assert main_py.index("import sagemaker_tf") < main_py.index(f"from {framework} import App, TerraformStack")
    assert f"from {aws}.provider import AwsProvider" in main_py
    assert f"from {framework} import Testing" in (project / "tests" / "test_main.py").read_text()
    assert f"pip install '../sagemaker-tf[{framework},test]'" in (project / "README.md").read_text()
    assert json.loads((project / "cdktf.json").read_text())["app"] == "python main.py"
    proc = subprocess.run([sys.executable, "main.py"], cwd=project, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    doc = json.loads((project / "cdktf.out" / "stacks" / "recommender" / "cdk.tf.json").read_text())
    assert set(doc["resource"]) >= {
        "aws_sagemaker_model",
        "aws_sagemaker_endpoint_configuration",
        "aws_sagemaker_endpoint",
        "aws_appautoscaling_target",
        "aws_appautoscaling_policy",
    }
    assert doc["terraform"]["required_providers"] == families.required_providers("aws")
    pytest_cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
    first = subprocess.run(pytest_cmd + ["--snapshot-update"], cwd=project, capture_output=True, text=True)
    assert first.returncode == 0, first.stdout + first.stderr
    second = subprocess.run(pytest_cmd, cwd=project, capture_output=True, text=True)
    assert second.returncode == 0 and "2 passed" in second.stdout, second.stdout


@pytest.mark.parametrize("framework", ["cdktf", "cdktn"])
def test_new_with_framework_writes_that_familys_imports(capsys, tmp_path, framework):
    project = tmp_path / "app"
    code, out, _ = run_cli(capsys, "new", str(project), "--framework", framework)
    assert code == 0 and f"framework: {framework}" in out
    other = "cdktn" if framework == "cdktf" else "cdktf"
    texts = {
        p.name: p.read_text() for p in (project / "main.py", project / "tests" / "test_main.py", project / "README.md")
    }
    aws = {"cdktf": "cdktf_cdktf_provider_aws", "cdktn": "cdktn_provider_aws"}
    assert (
        f"from {framework} import App, TerraformStack\nfrom {aws[framework]}.provider import AwsProvider\n"
        in texts["main.py"]
    )
    assert f"from {framework} import Testing\n" in texts["test_main.py"]
    assert f"sagemaker-tf[{framework},test]" in texts["README.md"] and f"{framework} synth" in texts["README.md"]
    for name, text in texts.items():  # nothing of the other family
        assert f"from {other} " not in text and aws[other] not in text and f"[{other}" not in text, name


def test_new_refuses_an_unknown_framework(capsys, tmp_path):
    code, _, err = run_cli(capsys, "new", str(tmp_path / "app"), "--framework", "pulumi")
    assert code == 2 and "invalid choice: 'pulumi'" in err


def test_new_refuses_a_folder_with_files(capsys, tmp_path):
    (tmp_path / "keep.txt").write_text("x")
    code, _, err = run_cli(capsys, "new", str(tmp_path), "--name", "app")
    assert code == 2 and "exists and is not an empty folder" in err


# --- bad input: one line on stderr, exit code 2, no traceback -----------------------------------------------------
@pytest.mark.parametrize(
    "argv,message",
    [
        (["describe", "no/such/cdktf.out"], "no such file or directory"),
        (["diagram", "no/such/cdktf.out"], "no such file or directory"),
        (["review", "no/such/plan.json"], "no such file"),
        (["review", str(FIXTURES / "not_a_plan.json")], "not a Terraform plan"),
        (["review", str(WAVE2 / "cdk.tf.json")], "not a Terraform plan"),
        (["describe", str(FIXTURES / "not_a_plan.json")], "not synthesized Terraform JSON"),
        (["describe", str(FIXTURES / "no_sagemaker.tf.json")], "no SageMaker resources"),
        (["diagram", str(FIXTURES / "no_sagemaker.tf.json")], "no SageMaker resources"),
        (["describe", str(ROOT / "docs")], "no synthesized stack here"),
        (["describe", str(ROOT / "README.md")], "not valid JSON"),
        (["diagram", str(WAVE2), "-o", "topology.gif"], "unknown diagram format"),
        (["describe", str(WAVE2), "--format", "yaml"], "invalid choice"),
        (["frobnicate"], "invalid choice"),
    ],
)
def test_bad_input_is_one_line_on_stderr_with_exit_code_2(argv, message):
    proc = subprocess.run([sys.executable, "-m", "sagemaker_tf", *argv], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr.count("\n") == 1 and message in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr


# --- every example -------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", EXAMPLES)
def test_every_example_describes_and_draws(capsys, tmp_path, name):
    out_dir = synth_example(name, tmp_path / "cdktf.out")
    views = describe_json(capsys, out_dir)
    assert views and all(view["models"] for view in views)
    models = {m["address"] for view in views for m in view["models"]}
    # every variant's model resolved (a variant without one hosts inference components, listed with their models)
    assert all(
        v["model"] in models or (v["model"] is None and view["components"]) for view in views for v in view["variants"]
    )
    assert all(c["image"] or c["model_package"] for view in views for m in view["models"] for c in m["containers"])
    code, out, err = run_cli(capsys, "diagram", str(out_dir))
    assert (code, err) == (0, "") and out.count("model: ") >= len(models)


def test_a_cdktf_out_with_several_stacks_prefixes_each_table_with_its_stack(capsys, tmp_path):
    for stack, source in (
        ("ranker", WAVE2 / "cdk.tf.json"),
        ("topics", FIXTURES / "no_sagemaker.tf.json"),
        ("ranker-copy", WAVE2 / "cdk.tf.json"),
    ):
        (tmp_path / "stacks" / stack).mkdir(parents=True)
        shutil.copy(source, tmp_path / "stacks" / stack / "cdk.tf.json")
    code, out, _ = run_cli(capsys, "describe", str(tmp_path))
    assert code == 0
    titles = [line for line in out.splitlines() if line.endswith("Endpoint Endpoint")]
    assert titles == [
        "ranker: Endpoint Endpoint",
        "ranker-copy: Endpoint Endpoint",
    ]  # the stack without SageMaker left out


def test_imported_configs_and_models_are_named_not_resolved(capsys, tmp_path):
    imported = FIXTURES / "imported"
    views = describe_json(capsys, imported)
    assert [v["title"] for v in views] == ["Endpoint E", "Endpoint config C (no endpoint)"]
    assert views[0]["config"] is None and views[0]["endpoint"]["config_name"] == "existing-config"
    assert [(s["variant"], s["policies"]) for s in views[0]["scaling"]] == [("v", [])]
    assert views[1]["variants"][0]["model"] is None and views[1]["variants"][0]["model_label"] == "existing-model"
    code, text, _ = run_cli(capsys, "describe", str(imported))
    assert code == 0 and "config existing-config (not in this stack)" in text
    assert run_cli(capsys, "diagram", str(imported), "-o", str(tmp_path / "t.dot"))[0] == 0


def test_main_returns_usage_errors_and_help_as_exit_codes(capsys):
    assert main(["describe"]) == 2
    assert capsys.readouterr().err.count("\n") == 1
    assert main(["--help"]) == 0
    assert "describe" in capsys.readouterr().out
