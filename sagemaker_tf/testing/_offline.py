"""Run the real Terraform CLI offline against the stand-in providers: mirror, shims, per-stack runs."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sagemaker_tf.testing import _schema
from sagemaker_tf.testing._apply import ADDRESS_ATTRIBUTE
from sagemaker_tf.testing._awscc import awscc_provider_schema

OFFLINE_EXTRA_HINT = "pip install 'sagemaker-tf[cdktf,offline]' (or [cdktn,offline] on CDK Terrain)"
TEST_EXTRA_HINT = OFFLINE_EXTRA_HINT  # the name callers imported before the offline extra existed
_PLUGIN_SCRIPT = Path(__file__).with_name("_plugin.py")
_SCHEMA_DIR_ENV = "SAGEMAKER_TF_OFFLINE_SCHEMA_DIR"
_STATE_FILE = "terraform.tfstate"
_CLOUD_FILE = "cloud.json"  # the stand-in's fake AWS account: names in use (see _apply.py)
_CLOUD_ENV = "SAGEMAKER_TF_OFFLINE_CLOUD"
_SKIP_ENTRIES = {".terraform", ".terraform.lock.hcl", "terraform.tfstate", "terraform.tfstate.backup"}


class TerraformNotFoundError(FileNotFoundError):
    """The ``terraform`` CLI is not on PATH."""


class TerraformCommandError(RuntimeError):
    """A terraform command failed; ``output`` holds its combined stdout and stderr."""

    def __init__(self, command: list[str], returncode: int, output: str) -> None:
        self.command = command
        self.returncode = returncode
        self.output = output
        super().__init__(f"`{' '.join(command)}` exited with {returncode}:\n{output}")


@dataclass(frozen=True)
class _Served:
    """One stand-in provider in the mirror."""

    source: str  # registry.terraform.io/hashicorp/aws
    short_name: str  # aws
    version: str  # 6.25.0
    schema_file: Path  # the full schema document the plugin serves by default


def _check_test_extra() -> None:
    missing = [m for m in ("tf", "grpc", "msgpack", "google.protobuf") if _find_spec(m) is None]
    if missing:
        raise ImportError(
            f"sagemaker_tf.testing needs the 'offline' extra (missing: {', '.join(missing)}); install it with "
            f"{OFFLINE_EXTRA_HINT}"
        )


def _find_spec(module: str) -> Any:
    try:
        return importlib.util.find_spec(module)
    except ModuleNotFoundError:
        return None


def _terraform_platform(terraform: str) -> tuple[str, tuple[int, ...]]:
    """(platform, version) of a terraform CLI; ``("linux_amd64", ())`` when it does not say."""
    try:
        out = subprocess.run([terraform, "version", "-json"], capture_output=True, text=True, check=True).stdout
        doc = json.loads(out)
        version = tuple(int(p) for p in str(doc.get("terraform_version", "")).split("-")[0].split(".") if p.isdigit())
        return str(doc.get("platform") or "linux_amd64"), version
    except (subprocess.CalledProcessError, ValueError, OSError):
        return "linux_amd64", ()


def stack_types(stack_dir: Path) -> tuple[set[str], set[str]]:
    """The resource and data-source types a synthesized stack uses."""
    resources: set[str] = set()
    data: set[str] = set()
    for path in sorted(stack_dir.glob("*.tf.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        resources.update(k for k in (doc.get("resource") or {}) if k != "//")
        data.update(k for k in (doc.get("data") or {}) if k != "//")
    return resources, data


class OfflineTerraform:
    """A prepared provider mirror plus the commands to init, validate and plan cdktf stacks offline.

    Creating one extracts the provider schemas from the installed cdktf bindings (about 5 s for AWS) and writes a
    filesystem mirror whose provider executables are small shims that start the stand-in plugin. Reuse one
    instance for many stacks.
    """

    def __init__(
        self,
        workdir: Path | str | None = None,
        providers: tuple[str, ...] = ("aws", "docker"),
        terraform: str | None = None,
        python: str | None = None,
    ) -> None:
        _check_test_extra()
        found = terraform or shutil.which("terraform")
        if not found:
            raise TerraformNotFoundError("the terraform CLI is not on PATH; install Terraform >= 1.5 to plan offline")
        self.terraform = found
        self.python = python or sys.executable
        self._owned_tmp = None if workdir is not None else tempfile.TemporaryDirectory(prefix="sagemaker-tf-offline-")
        self.workdir = Path(workdir if workdir is not None else self._owned_tmp.name)  # type: ignore[union-attr]
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.mirror = self.workdir / "mirror"
        self.home = self.workdir / "home"
        self.home.mkdir(exist_ok=True)
        self.cli_config = self.workdir / "terraformrc"
        self.cli_config.write_text("", encoding="utf-8")
        platform, version = _terraform_platform(self.terraform)
        # Terraform sends write-only attributes to the provider but keeps them out of plans and state (1.11+): the
        # stand-in learns each resource's address that way at apply time and seeds its fake names with it.
        self._addresses_write_only = version >= (1, 11)
        self.served: dict[str, _Served] = {}
        self._schemas: dict[str, dict[str, Any]] = {}
        for name in providers:
            self._add_provider(_schema.extract_provider_schema(name), platform)
        self._add_provider(awscc_provider_schema(), platform)  # the awscc resources the library emits

    # --- preparation -------------------------------------------------------------------------------------------
    def _add_provider(self, schema: _schema.ProviderSchema, platform: str) -> None:
        short = schema.short_name
        doc = {"source": schema.source, "short_name": short, "version": schema.version, **schema.doc}
        schema_file = self.workdir / "schemas" / f"{short}.json"
        schema_file.parent.mkdir(exist_ok=True)
        schema_file.write_text(json.dumps(doc), encoding="utf-8")
        target = self.mirror / schema.source / schema.version / platform
        target.mkdir(parents=True, exist_ok=True)
        shim = target / f"terraform-provider-{short}_v{schema.version}"
        # HOME points at a private folder: the plugin framework caches its TLS certificate under $HOME/.cache.
        shim.write_text(
            "#!/bin/sh\n"
            f"HOME={_sh_quote(str(self.home))} exec {_sh_quote(self.python)} "
            f'{_sh_quote(str(_PLUGIN_SCRIPT))} {_sh_quote(str(schema_file))} "$@"\n',
            encoding="utf-8",
        )
        shim.chmod(0o755)
        self.served[short] = _Served(schema.source, short, schema.version, schema_file)
        self._schemas[short] = doc

    def schema(self, provider: str = "aws") -> dict[str, Any]:
        """The full extracted schema document of one served provider."""
        return self._schemas[provider]

    def providers_schema_json(self) -> dict[str, Any]:
        """All served schemas in the shape of ``terraform providers schema -json``."""
        keys = ("provider", "resource_schemas", "data_source_schemas")
        return {
            "format_version": "1.0",
            "provider_schemas": {d["source"]: {k: d[k] for k in keys} for d in self._schemas.values()},
        }

    def close(self) -> None:
        """Remove the mirror when this instance created its own temporary folder."""
        if self._owned_tmp is not None:
            self._owned_tmp.cleanup()

    # --- per stack ---------------------------------------------------------------------------------------------
    def validate(self, stack_dir: Path | str) -> str:
        """``terraform init`` + ``validate`` a synthesized stack folder; returns validate's output."""
        with self._run_dir(Path(stack_dir)) as (run_dir, env):
            self._tf(run_dir, env, "init", "-input=false", "-no-color", f"-plugin-dir={self.mirror}")
            return self._tf(run_dir, env, "validate", "-no-color")

    def plan(self, stack_dir: Path | str, validate: bool = True, state_dir: Path | str | None = None) -> dict[str, Any]:
        """``init`` (+ ``validate``) + ``plan`` a synthesized stack; returns the parsed ``show -json`` plan.

        Without ``state_dir`` the plan starts from empty state. With it, the plan is an update against the state an
        earlier :meth:`apply` left in that folder (``terraform.tfstate``), and changes to ForceNew arguments show as
        replacements, as with the real provider.

        Example::

            offline.apply(v1_dir, state)                   # create everything in the local state
            plan = offline.plan(v2_dir, state_dir=state)   # what v2 changes
        """
        with self._run_dir(Path(stack_dir), state_dir) as (run_dir, env):
            self._tf(run_dir, env, "init", "-input=false", "-no-color", f"-plugin-dir={self.mirror}")
            if validate:
                self._tf(run_dir, env, "validate", "-no-color")
            self._tf(run_dir, env, "plan", "-input=false", "-no-color", "-refresh=false", "-lock=false", "-out=p.bin")
            shown: dict[str, Any] = json.loads(self._tf(run_dir, env, "show", "-json", "p.bin", stderr=False))
            return shown

    def apply(self, stack_dir: Path | str, state_dir: Path | str) -> dict[str, Any]:
        """Plan a stack against the local state in ``state_dir`` and apply it there; returns the applied plan.

        The stand-in fills computed values with deterministic fakes and keeps a fake AWS account
        (``state_dir/cloud.json``) of the names in use: creating a SageMaker model, endpoint config or endpoint whose
        name exists fails as AWS fails it (``Cannot create already existing model``). Raises
        :class:`TerraformCommandError` with Terraform's output when the apply fails; the state keeps whatever
        Terraform recorded (as after a real partial apply).

        Example::

            offline.apply(cdktf_out / "stacks" / "app", tmp_path / "state")
        """
        state = Path(state_dir)
        state.mkdir(parents=True, exist_ok=True)
        with self._run_dir(Path(stack_dir), state, addresses=self._addresses_write_only) as (run_dir, env):
            self._tf(run_dir, env, "init", "-input=false", "-no-color", f"-plugin-dir={self.mirror}")
            self._tf(run_dir, env, "plan", "-input=false", "-no-color", "-refresh=false", "-lock=false", "-out=p.bin")
            plan: dict[str, Any] = json.loads(self._tf(run_dir, env, "show", "-json", "p.bin", stderr=False))
            self._tf(run_dir, env, "apply", "-input=false", "-no-color", "-lock=false", "-auto-approve", "p.bin")
            return plan

    def _tf(self, run_dir: Path, env: dict[str, str], *args: str, stderr: bool = True) -> str:
        command = [self.terraform, *args]
        proc = subprocess.run(
            command,
            cwd=run_dir,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT if stderr else subprocess.PIPE,
            text=True,
            check=False,
        )
        if proc.returncode != 0:
            output = proc.stdout + (proc.stderr or "" if not stderr else "")
            raise TerraformCommandError(command, proc.returncode, output)
        return proc.stdout

    def _run_dir(self, stack_dir: Path, state_dir: Path | str | None = None, addresses: bool = False) -> _RunDir:
        if not any(stack_dir.glob("*.tf.json")):
            raise FileNotFoundError(
                f"no *.tf.json in {stack_dir}; pass a synthesized stack folder (cdktf.out/stacks/<name>)"
            )
        return _RunDir(self, stack_dir, Path(state_dir) if state_dir is not None else None, addresses)

    def _served_resource_types(self) -> set[str]:
        return {t for doc in self._schemas.values() for t in doc["resource_schemas"]}

    def _filtered_schemas(
        self, stack_dir: Path, out_dir: Path, state_file: Path | None = None, addresses: bool = False
    ) -> None:
        resources, data = stack_types(stack_dir)
        if state_file is not None and state_file.exists():  # types only the state still has (about to be destroyed)
            for r in json.loads(state_file.read_text(encoding="utf-8")).get("resources", []):
                (resources if r.get("mode") == "managed" else data).add(str(r.get("type")))
        out_dir.mkdir()
        for short, doc in self._schemas.items():
            filtered = {
                **doc,
                "resource_schemas": {
                    t: _with_address_attribute(s) if addresses else s
                    for t, s in doc["resource_schemas"].items()
                    if t in resources
                },
                "data_source_schemas": {t: s for t, s in doc["data_source_schemas"].items() if t in data},
            }
            (out_dir / f"{short}.json").write_text(json.dumps(filtered), encoding="utf-8")

    def _env(self, schema_dir: Path) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("TF_")}
        env.update(
            TF_CLI_CONFIG_FILE=str(self.cli_config),
            TF_IN_AUTOMATION="1",
            TF_INPUT="0",
            CHECKPOINT_DISABLE="1",
        )
        env[_SCHEMA_DIR_ENV] = str(schema_dir)
        return env


class _RunDir:
    """A scratch copy of a stack: its JSON without the backend (plans start from empty local state, or from the
    state kept in ``state_dir``, copied in and back out), and links to everything else (assets)."""

    def __init__(
        self, owner: OfflineTerraform, stack_dir: Path, state_dir: Path | None = None, addresses: bool = False
    ) -> None:
        self.owner = owner
        self.addresses = addresses
        self.stack_dir = stack_dir.resolve()
        self.state_dir = state_dir.resolve() if state_dir is not None else None
        self._tmp: tempfile.TemporaryDirectory[str] | None = None
        self._run_dir: Path | None = None

    def __enter__(self) -> tuple[Path, dict[str, str]]:
        runs = self.owner.workdir / "runs"
        runs.mkdir(exist_ok=True)
        self._tmp = tempfile.TemporaryDirectory(prefix=f"{self.stack_dir.name}-", dir=runs)
        run_dir = Path(self._tmp.name) / "stack"
        run_dir.mkdir()
        for entry in self.stack_dir.iterdir():
            if entry.name in _SKIP_ENTRIES or entry.name.endswith(".tfstate"):
                continue
            if entry.name.endswith(".tf.json"):
                doc = json.loads(entry.read_text(encoding="utf-8"))
                terraform_block = doc.get("terraform")
                if isinstance(terraform_block, dict):
                    terraform_block.pop("backend", None)
                    terraform_block.pop("cloud", None)
                if self.addresses:
                    _set_addresses(doc, self.owner._served_resource_types())
                (run_dir / entry.name).write_text(json.dumps(doc, indent=2), encoding="utf-8")
            else:
                (run_dir / entry.name).symlink_to(entry)
        schema_dir = Path(self._tmp.name) / "schemas"
        self.owner._filtered_schemas(
            self.stack_dir,
            schema_dir,
            self.state_dir / _STATE_FILE if self.state_dir is not None else None,
            self.addresses,
        )
        env = self.owner._env(schema_dir)
        self._run_dir = run_dir
        if self.state_dir is not None:
            self.state_dir.mkdir(parents=True, exist_ok=True)
            saved = self.state_dir / _STATE_FILE
            if saved.exists():
                shutil.copyfile(saved, run_dir / _STATE_FILE)
            env[_CLOUD_ENV] = str(self.state_dir / _CLOUD_FILE)
        return run_dir, env

    def __exit__(self, *exc: object) -> None:
        if self.state_dir is not None and self._run_dir is not None and (self._run_dir / _STATE_FILE).exists():
            shutil.copyfile(self._run_dir / _STATE_FILE, self.state_dir / _STATE_FILE)
        if self._tmp is not None:
            self._tmp.cleanup()


def _sh_quote(value: str) -> str:
    return "'" + value.replace("'", "'\"'\"'") + "'"


def _with_address_attribute(resource_schema: dict[str, Any]) -> dict[str, Any]:
    """A resource schema plus the write-only attribute that carries the resource's address to the stand-in."""
    block = resource_schema["block"]
    attributes = {
        **block.get("attributes", {}),
        ADDRESS_ATTRIBUTE: {"type": "string", "optional": True, "write_only": True},
    }
    return {**resource_schema, "block": {**block, "attributes": attributes}}


def _set_addresses(doc: dict[str, Any], served: set[str]) -> None:
    """Give every served resource of a ``*.tf.json`` document its own address in the write-only attribute."""
    for type_name, by_name in (doc.get("resource") or {}).items():
        if type_name not in served or not isinstance(by_name, dict):
            continue
        for name, body in by_name.items():
            if name == "//" or not isinstance(body, dict):
                continue
            address = f"{type_name}.{name}"
            if "count" in body:
                address += "[${count.index}]"
            elif "for_each" in body:
                address += '["${each.key}"]'
            body[ADDRESS_ATTRIBUTE] = address
