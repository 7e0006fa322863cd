"""The README hosting story as one app, in the import order isort/ruff give it: the provider comes first.

Asset image, asset model data, a DLC model, two variants, an endpoint, autoscaling and an alarm. ``bench/report.py``
runs it as written ("provider first") and with ``import sagemaker_tf`` put in front ("sagemaker_tf first").
Run alone: ``python bench/hosting_app.py OUTDIR``.
"""

import sys
from pathlib import Path

from sagemaker_tf import (
    ContainerDefinition,
    ContainerImage,
    Endpoint,
    EndpointConfig,
    InstanceProductionVariantProps,
    InstanceType,
    Model,
    ModelData,
)
from sagemaker_tf._runtime.framework import App, AwsProvider, TerraformStack

ASSETS = Path(__file__).resolve().parent.parent / "examples" / "single_container"


def build(app: App) -> TerraformStack:
    stack = TerraformStack(app, "hosting")
    AwsProvider(stack, "aws", region="us-east-1")
    custom = Model(
        stack,
        "CustomModel",
        containers=[
            ContainerDefinition(
                image=ContainerImage.from_asset(str(ASSETS / "image")),
                model_data=ModelData.from_asset(str(ASSETS / "model.tar.gz")),
            ),
        ],
    )
    dlc = Model(
        stack,
        "DlcModel",
        containers=[
            ContainerDefinition(image=ContainerImage.from_dlc("pytorch-inference", "2.1.0-cpu-py310")),
        ],
    )
    config = EndpointConfig(
        stack,
        "EndpointConfig",
        instance_production_variants=[
            InstanceProductionVariantProps(
                model=custom, variant_name="custom", initial_variant_weight=2.0, instance_type=InstanceType.M5_LARGE
            ),
            InstanceProductionVariantProps(
                model=dlc, variant_name="dlc", initial_variant_weight=1.0, instance_type=InstanceType.M5_LARGE
            ),
        ],
    )
    endpoint = Endpoint(stack, "Endpoint", endpoint_config=config)
    variant = endpoint.find_instance_production_variant("custom")
    variant.auto_scale_instance_count(max_capacity=3).scale_on_invocations("LimitRPS", max_requests_per_second=30)
    variant.metric_model_latency().create_alarm(stack, "LatencyAlarm", threshold=100_000, evaluation_periods=3)
    return stack


if __name__ == "__main__":
    app = App(outdir=sys.argv[1] if len(sys.argv) > 1 else "cdktf.out")
    build(app)
    app.synth()
