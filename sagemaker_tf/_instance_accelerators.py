"""GPU counts of SageMaker instance types, generated from sagemaker-core 2.27.0.

Do not edit: run ``python tools/gen_instance_accelerators.py`` (see its docstring). The values are the
``Count`` of sagemaker-core's ``instance_gpu_info.json``; a type missing here is not known to have GPUs.
"""

from __future__ import annotations

SAGEMAKER_CORE_VERSION = "2.27.0"

GPU_COUNTS: dict[str, int] = {
    "ml.g4dn.12xlarge": 4,
    "ml.g4dn.16xlarge": 1,
    "ml.g4dn.2xlarge": 1,
    "ml.g4dn.4xlarge": 1,
    "ml.g4dn.8xlarge": 1,
    "ml.g4dn.xlarge": 1,
    "ml.g5.12xlarge": 4,
    "ml.g5.16xlarge": 1,
    "ml.g5.24xlarge": 4,
    "ml.g5.2xlarge": 1,
    "ml.g5.48xlarge": 8,
    "ml.g5.4xlarge": 1,
    "ml.g5.8xlarge": 1,
    "ml.g5n.xlarge": 1,
    "ml.p2.16xlarge": 16,
    "ml.p2.8xlarge": 8,
    "ml.p2.xlarge": 1,
    "ml.p3.16xlarge": 8,
    "ml.p3.2xlarge": 1,
    "ml.p3.8xlarge": 4,
    "ml.p3dn.24xlarge": 8,
    "ml.p4d.24xlarge": 8,
    "ml.p4de.24xlarge": 8,
    "ml.p5.48xlarge": 8,
}
