"""Model options (issue 13): execution mode, uncompressed and gated model data, multi-model containers, extra data
channels, private registries, and container-count errors at the earliest point."""

from __future__ import annotations

import json
import re

import pytest

import sagemaker_tf as sagemaker
from sagemaker_tf._runtime.framework import (
    EcrRepository,
    IamRole,
    LambdaFunction,
    S3Bucket,
    Subnet,
    TerraformStack,
    TerraformVariable,
    Vpc,
)
from tests.conftest import only, synth

BUCKET = "${aws_s3_bucket.Bucket.bucket}"
BUCKET_ARN = "${aws_s3_bucket.Bucket.arn}"
LAMBDA_ARN = "arn:aws:lambda:us-east-1:123456789012:function:registry-credentials"


def image(stack: TerraformStack, tag: str = "v1") -> sagemaker.ContainerImage:
    repo = stack.node.try_find_child("Repo") or EcrRepository(stack, "Repo", name="repo")
    return sagemaker.ContainerImage.from_ecr_repository(repo, tag)


def bucket(stack: TerraformStack) -> S3Bucket:
    return stack.node.try_find_child("Bucket") or S3Bucket(stack, "Bucket", bucket_prefix="models-")


def model_json(stack: TerraformStack) -> dict:
    return only(synth(stack), "aws_sagemaker_model")


def statements(stack: TerraformStack) -> list[dict]:
    return json.loads(only(synth(stack), "aws_iam_role_policy")["policy"])["Statement"]


def s3_read(resources: list[str]) -> dict:
    """The object read grant of ``[bucket ARN, object ARN or pattern]`` (the bucket gets a prefix-bound ListBucket)."""
    return {"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": resources[1:]}


def vpc_args(stack: TerraformStack) -> dict:
    vpc = Vpc(stack, "Vpc", cidr_block="10.0.0.0/16")
    return {"vpc": vpc, "vpc_subnets": [Subnet(stack, "Subnet", vpc_id=vpc.id, cidr_block="10.0.0.0/24")]}


def raises(message: str):
    """pytest.raises for a ValidationError whose whole message is ``message``."""
    return pytest.raises(sagemaker.ValidationError, match=f"^{re.escape(message)}$")


# --- inference_execution_mode ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "mode,value",
    [
        (sagemaker.InferenceExecutionMode.SERIAL, "Serial"),
        (sagemaker.InferenceExecutionMode.DIRECT, "Direct"),
        ("Direct", "Direct"),
    ],
)
def test_inference_execution_mode_renders_inference_execution_config(stack, mode, value):
    containers = [sagemaker.ContainerDefinition(image=image(stack), container_hostname=f"c{i}") for i in range(2)]
    sagemaker.Model(stack, "Model", containers=containers, inference_execution_mode=mode)
    model = model_json(stack)
    assert model["inference_execution_config"] == [{"mode": value}]
    assert [c["container_hostname"] for c in model["container"]] == ["c0", "c1"]


def test_no_mode_renders_no_inference_execution_config(stack):
    sagemaker.Model(stack, "Model", containers=[sagemaker.ContainerDefinition(image=image(stack))])
    assert "inference_execution_config" not in model_json(stack)


def test_direct_with_one_container_needs_no_hostname(stack):
    sagemaker.Model(
        stack,
        "Model",
        containers=[sagemaker.ContainerDefinition(image=image(stack))],
        inference_execution_mode=sagemaker.InferenceExecutionMode.DIRECT,
    )
    assert model_json(stack)["inference_execution_config"] == [{"mode": "Direct"}]


def test_direct_needs_a_hostname_on_every_container_at_construction(stack):
    containers = [
        sagemaker.ContainerDefinition(image=image(stack), container_hostname="first"),
        sagemaker.ContainerDefinition(image=image(stack)),
        sagemaker.ContainerDefinition(image=image(stack)),
    ]
    with raises(
        "Stack/Model: inference_execution_mode Direct needs a container_hostname on every container "
        "(containers 1 have none)"
    ):
        sagemaker.Model(
            stack, "Model", containers=containers, inference_execution_mode=sagemaker.InferenceExecutionMode.DIRECT
        )
    assert stack.node.try_find_child("Model") is None


def test_direct_checks_a_container_added_later(stack):
    model = sagemaker.Model(
        stack,
        "Model",
        containers=[sagemaker.ContainerDefinition(image=image(stack))],
        inference_execution_mode=sagemaker.InferenceExecutionMode.DIRECT,
    )
    with raises(
        "Stack/Model: inference_execution_mode Direct needs a container_hostname on every container "
        "(containers 0 have none)"
    ):
        model.add_container(sagemaker.ContainerDefinition(image=image(stack, "v2"), container_hostname="second"))
    assert len(model_json(stack)["primary_container"]) == 1  # the failed add left nothing behind


def test_direct_needs_unique_hostnames(stack):
    containers = [sagemaker.ContainerDefinition(image=image(stack), container_hostname="same") for _ in range(2)]
    with raises(
        "Stack/Model: container_hostname must be unique with inference_execution_mode Direct (got same more than once)"
    ):
        sagemaker.Model(
            stack, "Model", containers=containers, inference_execution_mode=sagemaker.InferenceExecutionMode.DIRECT
        )


def test_bad_mode_is_rejected(stack):
    with raises(
        "Stack/Model: inference_execution_mode must be InferenceExecutionMode.SERIAL or "
        "InferenceExecutionMode.DIRECT (got str: direct)"
    ):
        sagemaker.Model(
            stack,
            "Model",
            containers=[sagemaker.ContainerDefinition(image=image(stack))],
            inference_execution_mode="direct",
        )


# --- ModelData.from_bucket_prefix and accept_eula --------------------------------------------------------------


def test_prefix_renders_an_uncompressed_model_data_source_and_grants_the_prefix(stack):
    data = sagemaker.ModelData.from_bucket_prefix(bucket(stack), "llama-3-8b/")
    sagemaker.Model(stack, "Model", containers=[sagemaker.ContainerDefinition(image=image(stack), model_data=data)])
    (container,) = model_json(stack)["primary_container"]
    assert "model_data_url" not in container
    assert container["model_data_source"] == [
        {
            "s3_data_source": [
                {"s3_uri": f"s3://{BUCKET}/llama-3-8b/", "s3_data_type": "S3Prefix", "compression_type": "None"}
            ]
        }
    ]
    assert s3_read([BUCKET_ARN, f"{BUCKET_ARN}/llama-3-8b/*"]) in statements(stack)
    assert {
        "Effect": "Allow",
        "Action": ["s3:ListBucket"],
        "Resource": [BUCKET_ARN],
        "Condition": {"StringLike": {"s3:prefix": ["llama-3-8b/*"]}},
    } in statements(stack)


@pytest.mark.parametrize("accept", [True, False])
def test_prefix_with_accept_eula_renders_model_access_config(stack, accept):
    data = sagemaker.ModelData.from_bucket_prefix(bucket(stack), "meta/llama/", accept_eula=accept)
    sagemaker.Model(stack, "Model", containers=[sagemaker.ContainerDefinition(image=image(stack), model_data=data)])
    (source,) = model_json(stack)["primary_container"][0]["model_data_source"][0]["s3_data_source"]
    assert source == {
        "s3_uri": f"s3://{BUCKET}/meta/llama/",
        "s3_data_type": "S3Prefix",
        "compression_type": "None",
        "model_access_config": [{"accept_eula": accept}],
    }


def test_object_with_accept_eula_is_a_compressed_s3_object_source(stack):
    data = sagemaker.ModelData.from_bucket(bucket(stack), "gated/model.tar.gz", accept_eula=True)
    sagemaker.Model(stack, "Model", containers=[sagemaker.ContainerDefinition(image=image(stack), model_data=data)])
    (container,) = model_json(stack)["primary_container"]
    assert "model_data_url" not in container
    assert container["model_data_source"] == [
        {
            "s3_data_source": [
                {
                    "s3_uri": f"s3://{BUCKET}/gated/model.tar.gz",
                    "s3_data_type": "S3Object",
                    "compression_type": "Gzip",
                    "model_access_config": [{"accept_eula": True}],
                }
            ]
        }
    ]
    assert s3_read([BUCKET_ARN, f"{BUCKET_ARN}/gated/model.tar.gz"]) in statements(stack)


def test_object_without_accept_eula_keeps_model_data_url(stack):
    data = sagemaker.ModelData.from_bucket(bucket(stack), "model.tar.gz")
    sagemaker.Model(stack, "Model", containers=[sagemaker.ContainerDefinition(image=image(stack), model_data=data)])
    (container,) = model_json(stack)["primary_container"]
    assert container["model_data_url"] == f"s3://{BUCKET}/model.tar.gz"
    assert "model_data_source" not in container


@pytest.mark.parametrize(
    "prefix,message",
    [
        ("models", "ModelData.from_bucket_prefix: prefix must end with '/' (an S3 key name prefix; got 'models')"),
        (
            "model.tar.gz",
            "ModelData.from_bucket_prefix: prefix must end with '/' (an S3 key name prefix; got 'model.tar.gz')",
        ),
        (
            "/models/",
            "ModelData.from_bucket_prefix: prefix must be a non-empty key without a leading '/' (got '/models/')",
        ),
        ("", "ModelData.from_bucket_prefix: prefix must be a non-empty key without a leading '/' (got '')"),
        (5, "ModelData.from_bucket_prefix: prefix must be a string (got int: 5)"),
        ("a/" * 513, "ModelData.from_bucket_prefix: prefix must be at most 1024 characters (got 1026)"),
    ],
)
def test_bad_prefix_is_rejected_at_the_call(stack, prefix, message):
    with raises(message):
        sagemaker.ModelData.from_bucket_prefix(bucket(stack), prefix)


def test_bad_accept_eula_and_bucket_are_rejected(stack):
    with raises("ModelData.from_bucket_prefix: accept_eula must be a bool (got str: yes)"):
        sagemaker.ModelData.from_bucket_prefix(bucket(stack), "m/", accept_eula="yes")
    with raises("ModelData.from_bucket: accept_eula must be a bool (got int: 1)"):
        sagemaker.ModelData.from_bucket(bucket(stack), "m.tar.gz", accept_eula=1)
    with raises("ModelData.from_bucket_prefix: bucket must be an S3Bucket or a DataAwsS3Bucket (got str: my-bucket)"):
        sagemaker.ModelData.from_bucket_prefix("my-bucket", "m/")


def test_a_token_prefix_is_not_checked(stack):
    prefix = TerraformVariable(stack, "Prefix", type="string").string_value
    data = sagemaker.ModelData.from_bucket_prefix(bucket(stack), prefix)
    sagemaker.Model(stack, "Model", containers=[sagemaker.ContainerDefinition(image=image(stack), model_data=data)])
    source = model_json(stack)["primary_container"][0]["model_data_source"][0]["s3_data_source"][0]
    assert source["s3_uri"] == f"s3://{BUCKET}/${{var.Prefix}}"


# --- multi-model containers ------------------------------------------------------------------------------------


def test_multi_model_renders_mode_and_the_prefix_as_model_data_url(stack):
    data = sagemaker.ModelData.from_bucket_prefix(bucket(stack), "mme/")
    sagemaker.Model(
        stack,
        "Model",
        containers=[sagemaker.ContainerDefinition(image=image(stack), model_data=data, multi_model=True)],
    )
    (container,) = model_json(stack)["primary_container"]
    assert container == {
        "image": "${aws_ecr_repository.Repo.repository_url}:v1",
        "mode": "MultiModel",
        "model_data_url": f"s3://{BUCKET}/mme/",
    }
    assert s3_read([BUCKET_ARN, f"{BUCKET_ARN}/mme/*"]) in statements(stack)


def test_multi_model_false_is_single_model(stack):
    sagemaker.Model(stack, "Model", containers=[sagemaker.ContainerDefinition(image=image(stack), multi_model=False)])
    assert model_json(stack)["primary_container"][0]["mode"] == "SingleModel"


def test_multi_model_needs_a_prefix_not_an_archive(stack):
    data = sagemaker.ModelData.from_bucket(bucket(stack), "models/model.tar.gz")
    with raises(
        "Stack/Model: multi_model=True needs model data that is an S3 prefix holding the models "
        "(ModelData.from_bucket_prefix), not one archive (got s3_data_type S3Object)"
    ):
        sagemaker.Model(
            stack,
            "Model",
            containers=[sagemaker.ContainerDefinition(image=image(stack), model_data=data, multi_model=True)],
        )
    assert stack.node.try_find_child("Model") is None


def test_multi_model_needs_model_data(stack):
    with raises(
        "ContainerDefinition: multi_model=True needs model_data: the S3 prefix that holds the models "
        "(ModelData.from_bucket_prefix)"
    ):
        sagemaker.ContainerDefinition(image=image(stack), multi_model=True)


def test_multi_model_cannot_accept_a_eula(stack):
    data = sagemaker.ModelData.from_bucket_prefix(bucket(stack), "mme/", accept_eula=True)
    with raises(
        "Stack/Model: accept_eula cannot be used with multi_model=True (SageMaker multi-model endpoints do "
        "not support model_data_source)"
    ):
        sagemaker.Model(
            stack,
            "Model",
            containers=[sagemaker.ContainerDefinition(image=image(stack), model_data=data, multi_model=True)],
        )


def test_multi_model_cannot_have_additional_channels(stack):
    data = sagemaker.ModelData.from_bucket_prefix(bucket(stack), "mme/")
    with raises(
        "ContainerDefinition: additional_model_data cannot be used with multi_model=True (SageMaker "
        "multi-model endpoints do not support model data sources)"
    ):
        sagemaker.ContainerDefinition(
            image=image(stack), model_data=data, multi_model=True, additional_model_data={"extra": data}
        )


def test_multi_model_must_be_a_bool(stack):
    with raises("ContainerDefinition: multi_model must be a bool (got str: yes)"):
        sagemaker.ContainerDefinition(image=image(stack), multi_model="yes")


# --- additional_model_data -------------------------------------------------------------------------------------


def test_additional_channels_render_in_order_with_read_grants(stack):
    b = bucket(stack)
    sagemaker.Model(
        stack,
        "Model",
        containers=[
            sagemaker.ContainerDefinition(
                image=image(stack),
                model_data=sagemaker.ModelData.from_bucket_prefix(b, "base/"),
                additional_model_data={
                    "adapter": sagemaker.ModelData.from_bucket_prefix(b, "adapters/sql/", accept_eula=True),
                    "draft.model_v1": sagemaker.ModelData.from_bucket(b, "draft/model.tar.gz"),
                },
            )
        ],
    )
    (container,) = model_json(stack)["primary_container"]
    assert container["additional_model_data_source"] == [
        {
            "channel_name": "adapter",
            "s3_data_source": [
                {
                    "s3_uri": f"s3://{BUCKET}/adapters/sql/",
                    "s3_data_type": "S3Prefix",
                    "compression_type": "None",
                    "model_access_config": [{"accept_eula": True}],
                }
            ],
        },
        {
            "channel_name": "draft.model_v1",
            "s3_data_source": [
                {"s3_uri": f"s3://{BUCKET}/draft/model.tar.gz", "s3_data_type": "S3Object", "compression_type": "Gzip"}
            ],
        },
    ]
    granted = statements(stack)
    for resource in ("base/*", "adapters/sql/*", "draft/model.tar.gz"):
        assert s3_read([BUCKET_ARN, f"{BUCKET_ARN}/{resource}"]) in granted


def test_additional_channels_without_primary_data(stack):
    extra = {"tokenizer": sagemaker.ModelData.from_bucket_prefix(bucket(stack), "tok/")}
    sagemaker.Model(
        stack, "Model", containers=[sagemaker.ContainerDefinition(image=image(stack), additional_model_data=extra)]
    )
    (container,) = model_json(stack)["primary_container"]
    assert [c["channel_name"] for c in container["additional_model_data_source"]] == ["tokenizer"]
    assert "model_data_source" not in container


@pytest.mark.parametrize(
    "channels,message",
    [
        (
            {f"c{i}": None for i in range(6)},
            "additional_model_data must have at most 5 channels (got 6: c0, c1, c2, c3, c4, c5)",
        ),
        (
            {"bad name": "DATA"},
            "additional_model_data channel names must be 1-64 letters, digits, '.', '-' or '_' (got 'bad name')",
        ),
        (
            {"x" * 65: "DATA"},
            f"additional_model_data channel names must be 1-64 letters, digits, '.', '-' or '_' (got {'x' * 65!r})",
        ),
        ({"": "DATA"}, "additional_model_data channel names must be 1-64 letters, digits, '.', '-' or '_' (got '')"),
        (
            {"Adapter": "DATA", "adapter": "DATA"},
            "additional_model_data channel names must be unique (got 'Adapter' and 'adapter')",
        ),
        (
            {"adapter": "s3://b/k/"},
            "additional_model_data['adapter'] must be a ModelData (use a ModelData factory) (got str: s3://b/k/)",
        ),
        (["adapter"], "additional_model_data must be a mapping of channel names to ModelData (got list: ['adapter'])"),
    ],
)
def test_bad_channels_are_rejected(stack, channels, message):
    data = sagemaker.ModelData.from_bucket_prefix(bucket(stack), "d/")
    if isinstance(channels, dict):
        channels = {k: (data if v in (None, "DATA") else v) for k, v in channels.items()}
    with raises(f"ContainerDefinition: {message}"):
        sagemaker.ContainerDefinition(image=image(stack), additional_model_data=channels)


# --- ContainerImage.from_private_registry -----------------------------------------------------------------------


def test_private_registry_in_a_vpc_renders_image_config_and_grants_invoke(stack):
    private = sagemaker.ContainerImage.from_private_registry(
        "registry.example.com:5000/team/model:1.4", credentials_provider=LAMBDA_ARN
    )
    sagemaker.Model(stack, "Model", containers=[sagemaker.ContainerDefinition(image=private)], **vpc_args(stack))
    (container,) = model_json(stack)["primary_container"]
    assert container == {
        "image": "registry.example.com:5000/team/model:1.4",
        "image_config": [
            {
                "repository_access_mode": "Vpc",
                "repository_auth_config": [{"repository_credentials_provider_arn": LAMBDA_ARN}],
            }
        ],
    }
    assert {"Effect": "Allow", "Action": ["lambda:InvokeFunction"], "Resource": [LAMBDA_ARN]} in statements(stack)


def test_private_registry_without_credentials_and_with_a_lambda_resource(stack):
    role = IamRole(stack, "LambdaRole", assume_role_policy="{}")
    function = LambdaFunction(
        stack,
        "Auth",
        function_name="auth",
        role=role.arn,
        runtime="python3.12",
        handler="index.handler",
        filename="auth.zip",
    )
    args = vpc_args(stack)
    open_registry = sagemaker.ContainerImage.from_private_registry("registry.example.com/open:1")
    authed = sagemaker.ContainerImage.from_private_registry(
        "registry.example.com/authed:1", credentials_provider=function
    )
    sagemaker.Model(
        stack,
        "Model",
        containers=[sagemaker.ContainerDefinition(image=open_registry), sagemaker.ContainerDefinition(image=authed)],
        **args,
    )
    first, second = model_json(stack)["container"]
    assert first["image_config"] == [{"repository_access_mode": "Vpc"}]
    assert second["image_config"][0]["repository_auth_config"] == [
        {"repository_credentials_provider_arn": "${aws_lambda_function.Auth.arn}"}
    ]


def test_private_registry_needs_a_model_in_a_vpc(stack):
    private = sagemaker.ContainerImage.from_private_registry("registry.example.com/model:1")
    with raises(
        "Stack/Model: an image in a private registry (repository_access_mode Vpc) needs a model in a VPC: "
        "pass vpc and vpc_subnets to the Model"
    ):
        sagemaker.Model(stack, "Model", containers=[sagemaker.ContainerDefinition(image=private)])
    assert stack.node.try_find_child("Model") is None


@pytest.mark.parametrize(
    "uri,provider,message",
    [
        (
            "registry.example.com/model:1",
            "arn:aws:iam::123456789012:role/x",
            "credentials_provider must be a Lambda function ARN (arn:<partition>:lambda:<region>:<account>:function:<name>; "
            "got arn:aws:iam::123456789012:role/x)",
        ),
        (
            "registry.example.com/model:1",
            42,
            "credentials_provider must be a LambdaFunction, a DataAwsLambdaFunction or a Lambda function ARN (got int: 42)",
        ),
        (
            "registry.example.com/my model:1",
            None,
            "image_uri must be a non-empty image reference without whitespace (got 'registry.example.com/my model:1')",
        ),
        ("", None, "image_uri must be a non-empty image reference without whitespace (got '')"),
        ("r/" + "m" * 254, None, "image URI must be at most 255 characters (got 256: r/" + "m" * 75 + "...)"),
    ],
)
def test_bad_private_registry_input_is_rejected_at_the_call(uri, provider, message):
    with raises(f"ContainerImage.from_private_registry: {message}"):
        sagemaker.ContainerImage.from_private_registry(uri, credentials_provider=provider)


# --- errors at the earliest point -------------------------------------------------------------------------------


def test_a_16th_container_fails_in_add_container(stack):
    model = sagemaker.Model(
        stack,
        "Model",
        containers=[sagemaker.ContainerDefinition(image=image(stack), container_hostname=f"c{i}") for i in range(15)],
    )
    with raises("Stack/Model: Cannot have more than 15 containers in inference pipeline (got 16)"):
        model.add_container(sagemaker.ContainerDefinition(image=image(stack)))
    assert len(model_json(stack)["container"]) == 15


def test_a_model_without_containers_still_waits_for_synth(stack):
    sagemaker.Model(stack, "Model")
    with pytest.raises(Exception, match=r"\[Stack/Model\] Must configure at least 1 container for model"):
        synth(stack)


def test_more_than_100_environment_entries_fail(stack):
    with raises("ContainerDefinition: environment must have at most 100 entries (got 101)"):
        sagemaker.ContainerDefinition(image=image(stack), environment={f"K{i}": "v" for i in range(101)})


def test_hostnames_are_all_or_none_in_a_multi_container_model(stack):
    containers = [
        sagemaker.ContainerDefinition(image=image(stack), container_hostname="first"),
        sagemaker.ContainerDefinition(image=image(stack)),
    ]
    with raises(
        "Stack/Model: container_hostname must be set on every container of a multi-container model or on "
        "none (containers 1 have none)"
    ):
        sagemaker.Model(stack, "Model", containers=containers)
    sagemaker.Model(stack, "NoHostnames", containers=[sagemaker.ContainerDefinition(image=image(stack))] * 2)
    assert all("container_hostname" not in c for c in model_json(stack)["container"])


def test_vpc_limits_come_from_the_provider(stack):
    vpc = Vpc(stack, "Vpc", cidr_block="10.0.0.0/16")
    with raises("Stack/Model: vpc_subnets must list at most 16 subnets (got 17)"):
        sagemaker.Model(
            stack,
            "Model",
            containers=[sagemaker.ContainerDefinition(image=image(stack))],
            vpc=vpc,
            vpc_subnets=[f"subnet-{i:08x}" for i in range(17)],
        )
    with raises("Stack/Model: a model can have at most 5 security groups (got 6)"):
        sagemaker.Model(
            stack,
            "Model",
            containers=[sagemaker.ContainerDefinition(image=image(stack))],
            vpc=vpc,
            vpc_subnets=["subnet-1"],
            security_groups=[f"sg-{i}" for i in range(6)],
        )
    model = sagemaker.Model(
        stack,
        "Model",
        containers=[sagemaker.ContainerDefinition(image=image(stack))],
        vpc=vpc,
        vpc_subnets=["subnet-1"],
        security_groups=[f"sg-{i}" for i in range(4)],
    )
    model.connections.add_security_group("sg-4")
    with raises("Stack/Model: a model can have at most 5 security groups (got 6)"):
        model.connections.add_security_group("sg-5")
    assert model_json(stack)["vpc_config"][0]["security_group_ids"] == [f"sg-{i}" for i in range(5)]
