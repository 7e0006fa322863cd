"""Measure the provider import with and without sagemaker_tf's fast import, in this process.

Run it in a fresh interpreter, one mode at a time (it starts a jsii kernel)::

    JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20 python bench/import_probe.py --modules one
    JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20 SAGEMAKER_TF_EAGER_PROVIDER_IMPORT=1 \
        python bench/import_probe.py --modules typical --synth

It prints one JSON line: the wall time of each phase in seconds, and the peak resident memory in MB
(``VmHWM`` from ``/proc``, Linux only) of this Python process, of its largest descendant (the node jsii
kernel) and of all of them summed.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import json
import os
import sys
import time
from pathlib import Path
from types import ModuleType

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import descendant_pids, peak_rss_mb

_START = time.perf_counter()

_FAST_IMPORT = Path(__file__).resolve().parent.parent / "sagemaker_tf" / "_runtime" / "fast_import" / "__init__.py"

MODULE_SETS: dict[str, tuple[str, ...]] = {
    "one": ("sagemaker_model",),
    "typical": (
        "iam_role",
        "iam_role_policy",
        "sagemaker_model",
        "sagemaker_endpoint_configuration",
        "sagemaker_endpoint",
        "appautoscaling_target",
        "appautoscaling_policy",
        "cloudwatch_metric_alarm",
        "data_aws_partition",
        "data_aws_region",
        "data_aws_caller_identity",
        "security_group",
        "s3_bucket",
        "s3_object",
        "ecr_repository",
        "provider",
    ),
}


def _load_fast_import() -> ModuleType:
    """Load ``sagemaker_tf/_runtime/fast_import/__init__.py`` by path, without running ``sagemaker_tf/__init__``."""
    spec = importlib.util.spec_from_file_location("_sagemaker_tf_fast_import", _FAST_IMPORT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _loaded_submodules(package: str) -> int:
    """How many generated submodules of ``package`` are imported (``_jsii`` and ``_private`` excluded)."""
    prefix = f"{package}."
    names = [m[len(prefix) :] for m in sys.modules if m.startswith(prefix)]
    return sum(1 for name in names if "." not in name and not name.startswith("_"))


def _synth_tiny_stack() -> int:
    """Build a small SageMaker stack from the typical modules, synth it, return the JSON length."""
    from sagemaker_tf._runtime.framework import (
        AwsProvider,
        DataAwsCallerIdentity,
        DataAwsPartition,
        IamRole,
        S3Bucket,
        SagemakerEndpoint,
        SagemakerEndpointConfiguration,
        SagemakerEndpointConfigurationProductionVariants,
        SagemakerModel,
        SagemakerModelPrimaryContainer,
        TerraformStack,
        Testing,
    )

    stack = TerraformStack(Testing.app(), "probe")
    AwsProvider(stack, "aws", region="us-east-1")
    partition = DataAwsPartition(stack, "partition")
    DataAwsCallerIdentity(stack, "caller")
    bucket = S3Bucket(stack, "artifacts", bucket_prefix="models-")
    role = IamRole(
        stack,
        "role",
        assume_role_policy=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Principal": {"Service": "sagemaker.amazonaws.com"},
                        "Action": "sts:AssumeRole",
                    }
                ],
            }
        ),
        managed_policy_arns=[f"arn:{partition.partition}:iam::aws:policy/AmazonSageMakerFullAccess"],
    )
    model = SagemakerModel(
        stack,
        "model",
        execution_role_arn=role.arn,
        primary_container=SagemakerModelPrimaryContainer(
            image="123456789012.dkr.ecr.us-east-1.amazonaws.com/inference:latest",
            model_data_url=f"s3://{bucket.bucket}/model.tar.gz",
        ),
    )
    config = SagemakerEndpointConfiguration(
        stack,
        "config",
        production_variants=[
            SagemakerEndpointConfigurationProductionVariants(
                model_name=model.name,
                variant_name="AllTraffic",
                initial_instance_count=1,
                instance_type="ml.m5.large",
            )
        ],
    )
    SagemakerEndpoint(stack, "endpoint", endpoint_config_name=config.name)
    return len(Testing.synth(stack))


def main() -> None:
    """Parse the arguments, run the phases, print one JSON line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--modules", choices=sorted(MODULE_SETS), default="one")
    parser.add_argument("--synth", action="store_true", help="also build and synth a tiny stack")
    args = parser.parse_args()

    phases: dict[str, float] = {}
    t = time.perf_counter()
    import cdktf  # noqa: F401  (starts the jsii kernel and loads cdktf's assembly)

    phases["import_cdktf"] = time.perf_counter() - t

    t = time.perf_counter()
    installed = _load_fast_import().install()
    phases["install"] = time.perf_counter() - t

    t = time.perf_counter()
    for name in MODULE_SETS[args.modules]:
        importlib.import_module(f"cdktf_cdktf_provider_aws.{name}")
    phases["import_modules"] = time.perf_counter() - t

    synth_chars = 0
    if args.synth:
        t = time.perf_counter()
        synth_chars = _synth_tiny_stack()
        phases["build_and_synth"] = time.perf_counter() - t

    phases["total_in_process"] = time.perf_counter() - _START
    python_peak = peak_rss_mb(os.getpid())
    child_peaks = [peak_rss_mb(pid) for pid in descendant_pids()]
    report = {
        "fast_path": installed,
        "modules": args.modules,
        "aws_submodules_loaded": _loaded_submodules("cdktf_cdktf_provider_aws"),
        "phases_s": {k: round(v, 3) for k, v in phases.items()},
        "python_peak_rss_mb": round(python_peak, 1),
        "node_peak_rss_mb": round(max(child_peaks, default=0.0), 1),
        "sum_of_peaks_mb": round(python_peak + sum(child_peaks), 1),
        "synth_chars": synth_chars,
    }
    print(json.dumps(report))


if __name__ == "__main__":
    main()
