"""``sagemaker-tf new DIR``: a new cdktf project in the library's style, ready to synthesize.

It writes:

- ``main.py``: ``import sagemaker_tf`` first (fast provider import), a ``build(app) -> TerraformStack`` with a
  model, an endpoint config, an endpoint autoscaled on invocations, and ``app.synth()`` under ``__main__``;
- ``cdktf.json``: ``cdktf synth`` runs ``python main.py``;
- ``tests/test_main.py`` and ``pytest.ini``: a syrupy snapshot test of the synthesized Terraform JSON;
- ``README.md``: how to synthesize, test, review a plan and draw the topology.

The stack name defaults to the folder's name. The folder must not exist or be empty.

Example::

    $ sagemaker-tf new recommender && cd recommender && python main.py
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
from pathlib import Path

from sagemaker_tf.cli._reader import CliError

_STACK_NAME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9-]{0,62}$")

MAIN_PY = '''"""{name}: a SageMaker endpoint defined with sagemaker-tf.

Synthesize with ``python main.py`` (or ``cdktf synth``); the Terraform JSON lands in cdktf.out/stacks/{name}/.
"""

import sagemaker_tf as sagemaker  # first: it makes the provider bindings below load fast

from cdktf import App, TerraformStack
from cdktf_cdktf_provider_aws.provider import AwsProvider

STACK_NAME = "{name}"
VARIANT = "main"


def build(app: App) -> TerraformStack:
    """The stack: a model, its endpoint config and an endpoint that scales on invocations."""
    stack = TerraformStack(app, STACK_NAME)
    AwsProvider(stack, "aws", region="us-east-1")

    model = sagemaker.Model(stack, "Model", containers=[
        sagemaker.ContainerDefinition(
            image=sagemaker.ContainerImage.from_dlc("pytorch-inference", "2.1.0-cpu-py310"),
        ),
    ])
    endpoint_config = sagemaker.EndpointConfig(stack, "EndpointConfig", instance_production_variants=[
        sagemaker.InstanceProductionVariantProps(
            model=model, variant_name=VARIANT, instance_type=sagemaker.InstanceType.M5_LARGE,
        ),
    ])
    endpoint = sagemaker.Endpoint(stack, "Endpoint", endpoint_config=endpoint_config)
    endpoint.find_instance_production_variant(VARIANT).auto_scale_instance_count(max_capacity=3) \\
        .scale_on_invocations("LimitRPS", max_requests_per_second=30)
    return stack


if __name__ == "__main__":
    app = App()
    build(app)
    app.synth()
'''

TEST_PY = '''"""The synthesized Terraform is pinned by a snapshot: review its diff like code.

First run (or after an intended change): ``pytest --snapshot-update``.
"""

import json

import sagemaker_tf  # noqa: F401  (first: fast provider import)
from cdktf import Testing

from main import build


def test_stack_matches_snapshot(snapshot):
    stack = build(Testing.app())
    assert json.loads(Testing.synth(stack, run_validations=True)) == snapshot


def test_stack_has_one_endpoint():
    stack = build(Testing.app())
    doc = json.loads(Testing.synth(stack, run_validations=True))
    assert len(doc["resource"]["aws_sagemaker_endpoint"]) == 1
'''

PYTEST_INI = """[pytest]
pythonpath = .
testpaths = tests
"""

README = """# {name}

A SageMaker endpoint defined in Python with [sagemaker-tf](https://pypi.org/project/sagemaker-tf/) and synthesized
to Terraform JSON by CDK for Terraform.

```sh
python -m venv .venv && . .venv/bin/activate
pip install 'sagemaker-tf[test]'
python main.py                        # or: cdktf synth
pytest --snapshot-update && pytest    # pin the synthesized JSON, then check it
```

Review what a change does before you apply it:

```sh
sagemaker-tf describe cdktf.out                     # one table per endpoint
sagemaker-tf diagram cdktf.out -o topology.md       # Mermaid (or .svg/.png with Graphviz)
cd cdktf.out/stacks/{name} && terraform init && terraform plan -out tfplan
terraform show -json tfplan > plan.json && sagemaker-tf review plan.json --fail-on risky
```
"""

GITIGNORE = """.venv/
cdktf.out/
.terraform/
*.tfstate*
__pycache__/
"""


def create_project(directory: Path, name: str | None = None) -> list[Path]:
    """Write the project files into ``directory``; returns the paths written.

    Raises :class:`CliError` when the folder holds files already or the stack name is not valid.

    Example::

        create_project(Path("recommender"))
    """
    stack = name or directory.resolve().name
    if not _STACK_NAME_RE.match(stack):
        raise CliError(f"{stack!r}: not a valid stack name (a letter, then letters, digits or '-', at most 63); pass --name")
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise CliError(f"{directory}: exists and is not an empty folder")
    project_id = hashlib.sha256(stack.encode()).hexdigest()
    cdktf_json = {
        "language": "python",
        "app": "python main.py",
        "projectId": f"{project_id[:8]}-{project_id[8:12]}-{project_id[12:16]}-{project_id[16:20]}-{project_id[20:32]}",
        "sendCrashReports": "false",
        "terraformProviders": [],
        "terraformModules": [],
        "codeMakerOutput": "imports",
        "context": {},
    }
    files = {
        "main.py": MAIN_PY.format(name=stack),
        "cdktf.json": json.dumps(cdktf_json, indent=2) + "\n",
        "tests/test_main.py": TEST_PY,
        "pytest.ini": PYTEST_INI,
        "README.md": README.format(name=stack),
        ".gitignore": GITIGNORE,
    }
    written = []
    for relative, text in files.items():
        path = directory / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def run(args: argparse.Namespace) -> int:
    """Create the project and say what to do next; exit code 0.

    Example::

        run(build_parser().parse_args(["new", "recommender"]))
    """
    directory = Path(args.directory)
    written = create_project(directory, args.name)
    for path in written:
        print(f"created {path}")
    print(f"next: cd {directory} && python main.py && pytest --snapshot-update")
    return 0
