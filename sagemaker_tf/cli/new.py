"""``sagemaker-tf new DIR``: a new project in the library's style, ready to synthesize.

It writes:

- ``main.py``: ``import sagemaker_tf`` first (fast provider import), a ``build(app) -> TerraformStack`` with a
  model, an endpoint config, an endpoint autoscaled on invocations, and ``app.synth()`` under ``__main__``;
- ``cdktf.json``: ``cdktf synth`` (or ``cdktn synth``; the CDK Terrain CLI reads the same file) runs
  ``python main.py``;
- ``tests/test_main.py`` and ``pytest.ini``: a syrupy snapshot test of the synthesized Terraform JSON;
- ``README.md``: how to install, synthesize, test, review a plan and draw the topology.

The imports are those of one framework family: ``--framework cdktf`` (``from cdktf import App`` and
``cdktf_cdktf_provider_aws``) or ``--framework cdktn`` (``from cdktn import App`` and ``cdktn_provider_aws``).
The default is the family sagemaker_tf itself runs on in this environment (see ``sagemaker_tf/_runtime/framework.py``:
``SAGEMAKER_TF_FRAMEWORK``, else the only family installed, else cdktf), so the new project synthesizes at once
with what is installed. The stack name defaults to the folder's name. The folder must not exist or be empty.

Example::

    $ sagemaker-tf new recommender && cd recommender && python main.py
    $ sagemaker-tf new recommender --framework cdktn
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

Synthesize with ``python main.py`` (or ``{cli} synth``); the Terraform JSON lands in cdktf.out/stacks/{name}/.
"""

import sagemaker_tf as sagemaker  # first: it makes the provider bindings below load fast

from {framework} import App, TerraformStack
from {aws_package}.provider import AwsProvider

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
from {framework} import Testing

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
to Terraform JSON by {framework_title}.

sagemaker-tf is not on a package index yet: install it from a clone of its repository, here one next to this
folder (or from a wheel built in the clone with `python -m build`:
`pip install '../sagemaker-tf/dist/sagemaker_tf-<version>-py3-none-any.whl[{framework},test]'`).

```sh
python -m venv .venv && . .venv/bin/activate
pip install '../sagemaker-tf[{framework},test]'
python main.py                        # or: {cli} synth
pytest --snapshot-update && pytest    # pin the synthesized JSON, then check it
```
{both_note}
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


# family -> what the templates name: the framework package, the AWS bindings package, the CLI and the title
FRAMEWORKS: dict[str, dict[str, str]] = {
    "cdktf": {
        "framework": "cdktf",
        "aws_package": "cdktf_cdktf_provider_aws",
        "cli": "cdktf",
        "framework_title": "CDK for Terraform (cdktf)",
        "both_note": "",
    },
    "cdktn": {
        "framework": "cdktn",
        "aws_package": "cdktn_provider_aws",
        "cli": "cdktn",
        "framework_title": "CDK Terrain (cdktn)",
        "both_note": "\nIn a venv that has cdktf installed too, `export SAGEMAKER_TF_FRAMEWORK=cdktn`: main.py "
        "imports\nsagemaker_tf first, and with both families installed it builds on cdktf unless told.\n",
    },
}


def default_framework() -> str:
    """The family sagemaker_tf runs on here (``sagemaker_tf._runtime.framework.FAMILY``); cdktf when none is installed.

    Example::

        default_framework()  # "cdktn" in a venv with only sagemaker-tf[cdktn]
    """
    try:
        from sagemaker_tf._runtime.framework import FAMILY
    except (
        ImportError
    ):  # no family installed (or a bad SAGEMAKER_TF_FRAMEWORK): the project's README says what to install
        return "cdktf"
    return FAMILY.name


def create_project(directory: Path, name: str | None = None, framework: str | None = None) -> list[Path]:
    """Write the project files into ``directory``; returns the paths written.

    ``framework`` (``"cdktf"`` or ``"cdktn"``) picks the imports; the default is :func:`default_framework`.
    Raises :class:`CliError` when the folder holds files already, the stack name is not valid or the framework is
    unknown.

    Example::

        create_project(Path("recommender"), framework="cdktn")
    """
    framework = framework or default_framework()
    if framework not in FRAMEWORKS:
        raise CliError(f"{framework!r}: not a framework family; use one of: {', '.join(FRAMEWORKS)}")
    names = FRAMEWORKS[framework]
    stack = name or directory.resolve().name
    if not _STACK_NAME_RE.match(stack):
        raise CliError(
            f"{stack!r}: not a valid stack name (a letter, then letters, digits or '-', at most 63); pass --name"
        )
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
        "main.py": MAIN_PY.format(name=stack, **names),
        "cdktf.json": json.dumps(cdktf_json, indent=2) + "\n",
        "tests/test_main.py": TEST_PY.format(**names),
        "pytest.ini": PYTEST_INI,
        "README.md": README.format(name=stack, **names),
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

        run(build_parser().parse_args(["new", "recommender", "--framework", "cdktn"]))
    """
    directory = Path(args.directory)
    framework = getattr(args, "framework", None) or default_framework()
    written = create_project(directory, args.name, framework)
    for path in written:
        print(f"created {path}")
    print(
        f"framework: {framework} ({FRAMEWORKS[framework]['framework_title']}); imports from {framework} and "
        f"{FRAMEWORKS[framework]['aws_package']}"
    )
    print(f"next: cd {directory} && python main.py && pytest --snapshot-update")
    return 0
