"""Every public string, name and ARN prop, fed unicode, control characters, huge strings and valid values with a
trailing newline: each input gives a ``ValidationError`` that names the prop, or an app that synthesizes with the
value whole (no newline or control character slips through a pattern); after each input a good app still
synthesizes in the same process.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sagemaker_tf as sagemaker
from sagemaker_tf._runtime.framework import S3Bucket, TerraformStack
from tests.helpers import make_stack
from tests.helpers.apps import assert_good_app_synthesizes, endpoint, model, synth_json

CORPUS = settings(
    max_examples=8,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
CONTROL = "\n\r\t\x00\x1b"
# No "${": a string holding it is a Terraform token, which skips the concrete checks by design.
TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="${}"), max_size=40)


def _container(stack: TerraformStack, **kwargs: Any) -> None:
    repository = sagemaker.ContainerImage.from_dlc("pytorch-inference", "2.1-cpu-py310")
    sagemaker.Model(stack, "Model", containers=[sagemaker.ContainerDefinition(image=repository, **kwargs)])


def _capture(stack: TerraformStack, content_type: str) -> None:
    capture = sagemaker.DataCaptureConfig(
        destination=sagemaker.S3Location.from_uri("s3://bucket/capture"), json_content_types=[content_type]
    )
    props = sagemaker.InstanceProductionVariantProps(model=model(stack), variant_name="main")
    sagemaker.EndpointConfig(stack, "Config", instance_production_variants=[props], data_capture=capture)


def _variant(stack: TerraformStack, **kwargs: Any) -> None:
    props = sagemaker.InstanceProductionVariantProps(**{"model": model(stack), "variant_name": "main", **kwargs})
    sagemaker.EndpointConfig(stack, "Config", instance_production_variants=[props])


def _config(stack: TerraformStack, **kwargs: Any) -> None:
    props = sagemaker.InstanceProductionVariantProps(model=model(stack), variant_name="main")
    sagemaker.EndpointConfig(stack, "Config", instance_production_variants=[props], **kwargs)


def _async(stack: TerraformStack, topic: str) -> None:
    output = sagemaker.S3Location.from_uri("s3://bucket/out")
    _config(stack, async_inference=sagemaker.AsyncInferenceConfig(output_path=output, success_topic=topic))


ARN = "arn:aws:sagemaker:us-east-1:123456789012"
# name -> (the word the message names, a valid value, how the prop is used)
ENTRY_POINTS: dict[str, tuple[str, str, Callable[[TerraformStack, str], Any]]] = {
    "model name": ("model_name", "my-model", lambda s, v: sagemaker.Model(s, "M", model_name=v, containers=[])),
    "config name": ("endpoint_config_name", "my-config", lambda s, v: _config(s, endpoint_config_name=v)),
    "endpoint name": ("endpoint_name", "my-endpoint", lambda s, v: endpoint(s, endpoint_name=v)),
    "variant name": ("variant_name", "main", lambda s, v: _variant(s, variant_name=v)),
    "hostname": ("container_hostname", "web", lambda s, v: _container(s, container_hostname=v)),
    "environment key": ("environment", "MODEL_NAME", lambda s, v: _container(s, environment={v: "x"})),
    "s3 uri": ("uri", "s3://bucket/prefix", lambda s, v: sagemaker.S3Location.from_uri(v)),
    "object key": (
        "object_key",
        "models/model.tar.gz",
        lambda s, v: _container(s, model_data=sagemaker.ModelData.from_bucket(S3Bucket(s, "B"), v)),
    ),
    "content type": ("json_content_types", "application/json", _capture),
    "instance type": ("instance_type", "ml.m5.large", lambda s, v: _variant(s, instance_type=v)),
    "unchecked instance type": (
        "instance type",
        "ml.x9.large",
        lambda s, v: _variant(s, instance_type=sagemaker.InstanceType.of(v, unchecked=True)),
    ),
    "ami version": (
        "inference_ami_version",
        "al2-ami-sagemaker-inference-gpu-2",
        lambda s, v: _variant(s, instance_type="ml.g5.xlarge", inference_ami_version=v),
    ),
    "kms key arn": (
        "key",
        "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        lambda s, v: _config(s, encryption_key=v),
    ),
    "sns topic arn": ("topic", "arn:aws:sns:us-east-1:123456789012:done", _async),
    "model arn": ("model_arn", f"{ARN}:model/m", lambda s, v: sagemaker.Model.from_model_arn(s, "M", v)),
    "endpoint arn": ("endpoint_arn", f"{ARN}:endpoint/e", lambda s, v: sagemaker.Endpoint.from_endpoint_arn(s, "E", v)),
    "config arn": (
        "endpoint_config_arn",
        f"{ARN}:endpoint-config/c",
        lambda s, v: sagemaker.EndpointConfig.from_endpoint_config_arn(s, "C", v),
    ),
    "pipeline arn": ("pipeline", f"{ARN}:pipeline/p", lambda s, v: sagemaker.Pipeline.from_pipeline_arn(s, "P", v)),
    "pipeline name": ("pipeline name", "p", lambda s, v: sagemaker.Pipeline.from_pipeline_name(s, "P", v)),
    "dlc account": (
        "account_id",
        "763104351884",
        lambda s, v: _container_image(s, sagemaker.ContainerImage.from_dlc("pytorch-inference", "2.1", account_id=v)),
    ),
    "lambda arn": (
        "credentials_provider",
        "arn:aws:lambda:us-east-1:123456789012:function:creds",
        lambda s, v: sagemaker.ContainerImage.from_private_registry("registry.example.com/m:1", credentials_provider=v),
    ),
    "statistic": ("statistic", "p99", lambda s, v: sagemaker.Metric("AWS/SageMaker", "ModelLatency", statistic=v)),
}


def _container_image(stack: TerraformStack, image: sagemaker.ContainerImage) -> None:
    sagemaker.Model(stack, "Model", containers=[sagemaker.ContainerDefinition(image=image)])


def _inputs(valid: str) -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from([valid, valid + "\n", "\n" + valid, valid + "\r\n", valid + "\x00", "x" * 5000, "", " "]),
        TEXT,
        TEXT.map(lambda t: valid + t),
    )


@pytest.mark.parametrize("entry", sorted(ENTRY_POINTS))
def test_the_valid_sample_is_accepted_and_with_a_trailing_newline_refused(entry: str) -> None:
    field, valid, build = ENTRY_POINTS[entry]
    build(make_stack(), valid)
    with pytest.raises(sagemaker.ValidationError) as caught:
        stack = make_stack()
        build(stack, valid + "\n")
        synth_json(stack)
    assert field in str(caught.value), str(caught.value)


@pytest.mark.parametrize("entry", sorted(ENTRY_POINTS))
@CORPUS
@given(data=st.data())
def test_every_string_is_refused_by_name_or_synthesizes_whole(entry: str, data: st.DataObject) -> None:
    field, valid, build = ENTRY_POINTS[entry]
    value = data.draw(_inputs(valid))
    stack = make_stack()
    try:
        build(stack, value)
        doc = synth_json(stack)
    except sagemaker.ValidationError as err:
        assert field in str(err) or "id" in str(err), f"{entry}={value!r}: the message does not name {field}: {err}"
    else:
        assert not any(c in value for c in CONTROL), f"{entry} accepted {value!r}"
        assert isinstance(doc, dict)
    assert_good_app_synthesizes()
