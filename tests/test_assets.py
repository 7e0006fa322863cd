"""ContainerImage.from_asset and ModelData.from_asset: packaging, per-stack infrastructure, dedupe, errors."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

import sagemaker_tf as sagemaker
from sagemaker_tf._runtime.framework import (
    App,
    AwsProvider,
    DataAwsEcrRepository,
    DataAwsS3Bucket,
    DockerProvider,
    IamRole,
    KmsKey,
    LocalBackend,
    TerraformStack,
)
from sagemaker_tf.assets import (
    DEFAULT_KEY_PREFIX,
    DOCKER_PROVIDER_ALIAS,
    configure_assets,
    directory_hash,
)
from tests.conftest import data_sources, make_stack, only, resources, synth
from tests.families import on_family

FIXTURES = Path(__file__).parent / "fixtures"
IMAGE_DIR = FIXTURES / "image"
MODEL_TAR = FIXTURES / "model.tar.gz"

INFRA_TYPES = (
    "aws_ecr_repository",
    "aws_s3_bucket",
    "aws_s3_bucket_versioning",
    "aws_s3_bucket_server_side_encryption_configuration",
    "aws_s3_bucket_public_access_block",
    "aws_s3_bucket_ownership_controls",
    "aws_s3_bucket_policy",
)


def _model(stack: TerraformStack, id: str, *containers: sagemaker.ContainerDefinition, **kw: Any) -> sagemaker.Model:
    return sagemaker.Model(stack, id, containers=list(containers), **kw)


def _asset_container(image_dir: Path = IMAGE_DIR, tar: Path | None = MODEL_TAR, **image_options: Any):
    return sagemaker.ContainerDefinition(
        image=sagemaker.ContainerImage.from_asset(str(image_dir), **image_options),
        model_data=sagemaker.ModelData.from_asset(str(tar)) if tar is not None else None,
    )


def _app_stack(outdir: Path) -> tuple[App, TerraformStack]:
    """An App writing to ``outdir`` with a relative local backend (the default backend path is absolute)."""
    app = App(outdir=str(outdir))
    stack = TerraformStack(app, "Stack")
    AwsProvider(stack, "aws", region="us-east-1")
    LocalBackend(stack, path="terraform.tfstate")
    return app, stack


def _synth_to_disk(outdir: Path, image_dir: Path, tar: Path) -> tuple[Path, dict[str, Any]]:
    app, stack = _app_stack(outdir)
    _model(stack, "Model", _asset_container(image_dir, tar))
    app.synth()
    stack_dir = outdir / "stacks" / "Stack"
    return stack_dir, json.loads((stack_dir / "cdk.tf.json").read_text())


def _strings(node: Any) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):  # "//" is cdktf's metadata key, not a path
        keys = [key for key in node if key != "//"]
        return [*keys, *(s for value in node.values() for s in _strings(value))]
    if isinstance(node, list):
        return [s for item in node for s in _strings(item)]
    return []


def _policy(doc: dict[str, Any], model_id: str = "Model") -> dict[str, Any]:
    for name, policy in doc["resource"]["aws_iam_role_policy"].items():
        if name.startswith(f"{model_id}_"):
            return json.loads(policy["policy"])
    raise AssertionError(f"no inline policy for {model_id}")


def _image_name(doc: dict[str, Any]) -> str:
    return only(doc, "docker_image")["name"]


# ------------------------------------------------------------------------------------------------------------------
# image assets
# ------------------------------------------------------------------------------------------------------------------
def test_asset_image_builds_with_docker_image_and_pushes_with_registry_image(stack: TerraformStack) -> None:
    _model(stack, "Model", _asset_container(tar=None))
    doc = synth(stack)

    image = only(doc, "docker_image")
    repo_name = next(iter(doc["resource"]["aws_ecr_repository"]))
    tag = image["triggers"]["asset_hash"]
    assert len(tag) == 64
    assert image["name"] == f"${{aws_ecr_repository.{repo_name}.repository_url}}:{tag}"
    build = image["build"]
    assert build["context"].startswith("assets/") and build["context"].endswith(directory_hash(str(IMAGE_DIR)))
    assert build["dockerfile"] == "Dockerfile"
    assert build["platform"] == "linux/amd64"
    assert build["version"] == "1"  # the classic builder: no attestation manifests, Docker v2 on push
    assert "build_args" not in build and "target" not in build
    assert image["provider"] == f"docker.{DOCKER_PROVIDER_ALIAS}"

    push_name, push = next(iter(doc["resource"]["docker_registry_image"].items()))
    image_address = f"docker_image.{next(iter(doc['resource']['docker_image']))}"
    assert push["name"] == f"${{{image_address}.name}}"
    assert push["keep_remotely"] is True
    assert push["provider"] == f"docker.{DOCKER_PROVIDER_ALIAS}"
    assert "auth_config" not in push  # our provider has registry_auth

    container = only(doc, "aws_sagemaker_model")["primary_container"][0]
    assert container["image"] == (
        f"${{aws_ecr_repository.{repo_name}.repository_url}}@${{docker_registry_image.{push_name}.sha256_digest}}"
    )


def test_asset_image_options_are_rendered_into_the_build_block(stack: TerraformStack, tmp_path: Path) -> None:
    image_dir = tmp_path / "image"
    shutil.copytree(IMAGE_DIR, image_dir)
    (image_dir / "docker").mkdir()
    shutil.copy(IMAGE_DIR / "Dockerfile", image_dir / "docker" / "Serve.Dockerfile")

    _model(
        stack,
        "Model",
        _asset_container(
            image_dir,
            tar=None,
            build_args={"MODEL_VERSION": "2"},
            file="docker/Serve.Dockerfile",
            target="serving",
            platform="linux/arm64",
        ),
    )
    build = only(synth(stack), "docker_image")["build"]
    assert build["dockerfile"] == "docker/Serve.Dockerfile"
    assert build["build_args"] == {"MODEL_VERSION": "2"}
    assert build["target"] == "serving"
    assert build["platform"] == "linux/arm64"


def test_stack_asset_infrastructure_is_created_once(stack: TerraformStack, tmp_path: Path) -> None:
    other_image = tmp_path / "other"
    shutil.copytree(IMAGE_DIR, other_image)
    (other_image / "extra.txt").write_text("different content\n")
    other_tar = tmp_path / "other.tar.gz"
    other_tar.write_bytes(MODEL_TAR.read_bytes() + b"\0")

    _model(stack, "A", _asset_container())
    _model(stack, "B", _asset_container(other_image, other_tar))
    doc = synth(stack)

    for tf_type in INFRA_TYPES:
        assert len(resources(doc, tf_type)) == 1, tf_type
    assert len(data_sources(doc, "aws_ecr_authorization_token")) == 1
    assert [p.get("alias") for p in doc["provider"]["docker"]] == [DOCKER_PROVIDER_ALIAS]
    assert len(resources(doc, "docker_image")) == 2
    assert len(resources(doc, "docker_registry_image")) == 2
    assert len(resources(doc, "aws_s3_object")) == 2


def test_ecr_repository_has_immutable_tags_scan_on_push_and_encryption(stack: TerraformStack) -> None:
    _model(stack, "Model", _asset_container(tar=None))
    doc = synth(stack)
    repo = only(doc, "aws_ecr_repository")
    assert repo["image_tag_mutability"] == "IMMUTABLE"
    assert repo["image_scanning_configuration"] == {"scan_on_push": True}
    assert repo["encryption_configuration"] == [{"encryption_type": "AES256"}]
    assert repo["name"] == "sagemaker-tf-assets-stack"

    token_name = next(iter(doc["data"]["aws_ecr_authorization_token"]))
    token = f"data.aws_ecr_authorization_token.{token_name}"
    (provider,) = doc["provider"]["docker"]
    assert provider["registry_auth"] == [
        {
            "address": f"${{{token}.proxy_endpoint}}",
            "username": f"${{{token}.user_name}}",
            "password": f"${{{token}.password}}",
        }
    ]
    assert doc["terraform"]["required_providers"]["docker"]["source"] == "kreuzwerker/docker"


def test_model_role_gets_pull_rights_on_the_asset_repository(stack: TerraformStack) -> None:
    _model(stack, "Model", _asset_container(tar=None))
    doc = synth(stack)
    repo_arn = f"${{aws_ecr_repository.{next(iter(doc['resource']['aws_ecr_repository']))}.arn}}"
    statements = _policy(doc)["Statement"]
    assert {
        "Effect": "Allow",
        "Action": ["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"],
        "Resource": [repo_arn],
    } in statements
    assert {"Effect": "Allow", "Action": ["ecr:GetAuthorizationToken"], "Resource": ["*"]} in statements


# ------------------------------------------------------------------------------------------------------------------
# model data assets
# ------------------------------------------------------------------------------------------------------------------
def test_asset_model_data_is_uploaded_with_the_hash_in_the_key(stack: TerraformStack) -> None:
    _model(stack, "Model", _asset_container())
    doc = synth(stack)
    digest = hashlib.sha256(MODEL_TAR.read_bytes()).hexdigest()
    bucket_name = next(iter(doc["resource"]["aws_s3_bucket"]))
    object_name, obj = next(iter(doc["resource"]["aws_s3_object"].items()))

    assert obj["bucket"] == f"${{aws_s3_bucket.{bucket_name}.bucket}}"
    assert obj["key"] == f"{DEFAULT_KEY_PREFIX}{digest}.tar.gz"
    assert obj["source_hash"] == digest
    assert obj["source"].startswith("assets/") and obj["source"].endswith(f"/{digest}/model.tar.gz")
    assert obj["lifecycle"] == {"create_before_destroy": True}

    address = f"aws_s3_object.{object_name}"
    container = only(doc, "aws_sagemaker_model")["primary_container"][0]
    # The URI references the object, so Terraform creates the model after the upload.
    assert container["model_data_url"] == f"s3://${{{address}.bucket}}/${{{address}.key}}"

    bucket_arn = f"${{aws_s3_bucket.{bucket_name}.arn}}"
    statements = _policy(doc)["Statement"]
    assert {
        "Effect": "Allow",
        "Action": ["s3:GetObject"],
        "Resource": [f"{bucket_arn}/${{{address}.key}}"],
    } in statements
    assert {
        "Effect": "Allow",
        "Action": ["s3:ListBucket"],
        "Resource": [bucket_arn],
        "Condition": {"StringEquals": {"s3:prefix": [f"${{{address}.key}}"]}},
    } in statements
    depends_on = only(doc, "aws_sagemaker_model")["depends_on"]
    assert any("aws_iam_role_policy." in dep for dep in depends_on)


def test_assets_bucket_is_versioned_encrypted_private_and_tls_only(stack: TerraformStack) -> None:
    _model(stack, "Model", _asset_container())
    doc = synth(stack)
    bucket_name = next(iter(doc["resource"]["aws_s3_bucket"]))
    bucket_ref = f"${{aws_s3_bucket.{bucket_name}.id}}"
    bucket = only(doc, "aws_s3_bucket")
    assert bucket["bucket_prefix"].startswith("sagemaker-tf-") and len(bucket["bucket_prefix"]) <= 37

    versioning = only(doc, "aws_s3_bucket_versioning")
    assert versioning["bucket"] == bucket_ref
    assert versioning["versioning_configuration"] == {"status": "Enabled"}
    sse = only(doc, "aws_s3_bucket_server_side_encryption_configuration")
    assert sse["rule"] == [{"apply_server_side_encryption_by_default": {"sse_algorithm": "AES256"}}]
    block = only(doc, "aws_s3_bucket_public_access_block")
    assert all(
        block[k] is True
        for k in ("block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets")
    )
    assert only(doc, "aws_s3_bucket_ownership_controls")["rule"] == {"object_ownership": "BucketOwnerEnforced"}

    policy = json.loads(only(doc, "aws_s3_bucket_policy")["policy"])
    (statement,) = policy["Statement"]
    assert statement["Effect"] == "Deny"
    assert statement["Principal"] == "*"
    assert statement["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}
    bucket_arn = f"${{aws_s3_bucket.{bucket_name}.arn}}"
    assert statement["Resource"] == [bucket_arn, f"{bucket_arn}/*"]

    obj_deps = only(doc, "aws_s3_object")["depends_on"]
    assert any(dep.startswith("aws_s3_bucket_server_side_encryption_configuration.") for dep in obj_deps)
    assert any(dep.startswith("aws_s3_bucket_versioning.") for dep in obj_deps)


# ------------------------------------------------------------------------------------------------------------------
# dedupe
# ------------------------------------------------------------------------------------------------------------------
def test_two_identical_container_definitions_instantiate_each_file_asset_once(tmp_path: Path) -> None:
    # Port of upstream's "with 2 identical ContainerDefinitions, each file-based asset is instantiated once".
    app, stack = _app_stack(tmp_path / "out")
    container = _asset_container()
    _model(stack, "Model", container, container)
    app.synth()

    stack_dir = tmp_path / "out" / "stacks" / "Stack"
    doc = json.loads((stack_dir / "cdk.tf.json").read_text())
    assert len(resources(doc, "docker_image")) == 1
    assert len(resources(doc, "docker_registry_image")) == 1
    assert len(resources(doc, "aws_s3_object")) == 1
    # One packaged directory (the image) and one packaged file (the model data).
    assert len(list((stack_dir / "assets").iterdir())) == 2
    images = [c["image"] for c in only(doc, "aws_sagemaker_model")["container"]]
    assert len(images) == 2 and images[0] == images[1]


def test_two_objects_for_the_same_directory_dedupe_by_hash(stack: TerraformStack) -> None:
    _model(stack, "A", _asset_container())
    _model(stack, "B", _asset_container())
    doc = synth(stack)
    assert len(resources(doc, "docker_image")) == 1
    assert len(resources(doc, "docker_registry_image")) == 1
    assert len(resources(doc, "aws_s3_object")) == 1
    images = {m["primary_container"][0]["image"] for m in resources(doc, "aws_sagemaker_model")}
    assert len(images) == 1


def test_same_directory_with_different_build_args_builds_two_images(stack: TerraformStack) -> None:
    _model(stack, "A", _asset_container(tar=None, build_args={"MODEL_VERSION": "1"}))
    _model(stack, "B", _asset_container(tar=None, build_args={"MODEL_VERSION": "2"}))
    doc = synth(stack)
    images = resources(doc, "docker_image")
    assert len(images) == 2
    assert len({i["name"] for i in images}) == 2
    # Both build from the same packaged directory.
    assert len({i["build"]["context"] for i in images}) == 1


def test_each_stack_gets_its_own_asset_infrastructure() -> None:
    first, second = make_stack(name="First"), make_stack(name="Second")
    container = _asset_container()
    _model(first, "Model", container)
    _model(second, "Model", container)
    for stack, name in ((first, "first"), (second, "second")):
        doc = synth(stack)
        assert only(doc, "aws_ecr_repository")["name"] == f"sagemaker-tf-assets-{name}"
        assert len(resources(doc, "docker_image")) == 1
        assert len(resources(doc, "aws_s3_object")) == 1


# ------------------------------------------------------------------------------------------------------------------
# packaging: cdktf.out holds the files under their content hash; the output is relocatable and deterministic
# ------------------------------------------------------------------------------------------------------------------
def test_packaged_assets_exist_in_cdktf_out_under_their_content_hash(tmp_path: Path) -> None:
    stack_dir, doc = _synth_to_disk(tmp_path / "out", IMAGE_DIR, MODEL_TAR)

    context = stack_dir / only(doc, "docker_image")["build"]["context"]
    assert context.is_dir()
    assert context.name == directory_hash(str(IMAGE_DIR))
    assert sorted(p.name for p in context.iterdir()) == sorted(p.name for p in IMAGE_DIR.iterdir())
    for source in IMAGE_DIR.iterdir():
        assert (context / source.name).read_bytes() == source.read_bytes()

    source = stack_dir / only(doc, "aws_s3_object")["source"]
    assert source.is_file()
    assert source.read_bytes() == MODEL_TAR.read_bytes()
    assert source.parent.name == hashlib.sha256(MODEL_TAR.read_bytes()).hexdigest()


def test_directory_hash_follows_content_not_location(tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(IMAGE_DIR, copy)
    assert directory_hash(str(copy)) == directory_hash(str(IMAGE_DIR))

    (copy / "serve.py").write_text((IMAGE_DIR / "serve.py").read_text() + "\n# changed\n")
    changed = directory_hash(str(copy))
    assert changed != directory_hash(str(IMAGE_DIR))

    os.chmod(copy / "serve.py", 0o755)
    assert directory_hash(str(copy)) != changed  # the executable bit is part of the image


def test_synthesized_json_has_no_absolute_paths_and_is_relocatable(tmp_path: Path) -> None:
    first_src, second_src = tmp_path / "checkout-a", tmp_path / "elsewhere" / "checkout-b"
    for src in (first_src, second_src):
        shutil.copytree(FIXTURES, src)
    _, first = _synth_to_disk(tmp_path / "out-a", first_src / "image", first_src / "model.tar.gz")
    _, second = _synth_to_disk(tmp_path / "out-b", second_src / "image", second_src / "model.tar.gz")

    assert first == second
    for text in _strings(first):
        assert not text.startswith("/"), text
        assert str(tmp_path) not in text and os.getcwd() not in text, text
    assert json.dumps(first, sort_keys=True) == json.dumps(second, sort_keys=True)


def test_two_synths_of_the_same_app_are_identical(tmp_path: Path) -> None:
    _, first = _synth_to_disk(tmp_path / "one", IMAGE_DIR, MODEL_TAR)
    _, second = _synth_to_disk(tmp_path / "two", IMAGE_DIR, MODEL_TAR)
    assert json.dumps(first, sort_keys=True) == json.dumps(second, sort_keys=True)


def test_a_changed_directory_rolls_the_image_tag(stack: TerraformStack, tmp_path: Path) -> None:
    copy = tmp_path / "image"
    shutil.copytree(IMAGE_DIR, copy)
    before = sagemaker.ContainerImage.from_asset(str(copy))
    (copy / "serve.py").write_text("print('v2')\n")
    after = sagemaker.ContainerImage.from_asset(str(copy))
    _model(stack, "A", sagemaker.ContainerDefinition(image=before))
    _model(stack, "B", sagemaker.ContainerDefinition(image=after))
    names = {i["name"] for i in resources(synth(stack), "docker_image")}
    assert len(names) == 2


# ------------------------------------------------------------------------------------------------------------------
# configure_assets
# ------------------------------------------------------------------------------------------------------------------
def test_a_supplied_repository_is_used_instead_of_creating_one(stack: TerraformStack) -> None:
    repository = DataAwsEcrRepository(stack, "Repo", name="my-models")
    configure_assets(stack, repository=repository)
    _model(stack, "Model", _asset_container(tar=None))
    doc = synth(stack)
    assert resources(doc, "aws_ecr_repository") == []
    assert _image_name(doc).startswith("${data.aws_ecr_repository.Repo.repository_url}:")
    token = next(iter(data_sources(doc, "aws_ecr_authorization_token")))
    assert token["registry_id"] == "${data.aws_ecr_repository.Repo.registry_id}"
    assert {
        "Effect": "Allow",
        "Action": ["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"],
        "Resource": ["${data.aws_ecr_repository.Repo.arn}"],
    } in _policy(doc)["Statement"]


def test_a_supplied_bucket_and_key_prefix_are_used(stack: TerraformStack) -> None:
    bucket = DataAwsS3Bucket(stack, "Models", bucket="my-model-bucket")
    configure_assets(stack, bucket=bucket, key_prefix="models/")
    _model(stack, "Model", _asset_container())
    doc = synth(stack)
    for tf_type in INFRA_TYPES[1:]:
        assert resources(doc, tf_type) == [], tf_type
    obj = only(doc, "aws_s3_object")
    assert obj["bucket"] == "${data.aws_s3_bucket.Models.bucket}"
    assert obj["key"] == f"models/{hashlib.sha256(MODEL_TAR.read_bytes()).hexdigest()}.tar.gz"
    assert "depends_on" not in obj


def test_the_stacks_default_docker_provider_is_used_with_per_push_auth(stack: TerraformStack) -> None:
    DockerProvider(stack, "docker", host="unix:///var/run/docker.sock")
    _model(stack, "Model", _asset_container(tar=None))
    doc = synth(stack)
    providers = doc["provider"]["docker"]
    assert len(providers) == 1 and "alias" not in providers[0]
    image, push = only(doc, "docker_image"), only(doc, "docker_registry_image")
    assert image["provider"] == "docker" and push["provider"] == "docker"
    token = f"data.aws_ecr_authorization_token.{next(iter(doc['data']['aws_ecr_authorization_token']))}"
    assert push["auth_config"] == {
        "address": f"${{{token}.proxy_endpoint}}",
        "username": f"${{{token}.user_name}}",
        "password": f"${{{token}.password}}",
    }


def test_a_configured_docker_provider_is_used(stack: TerraformStack) -> None:
    provider = DockerProvider(stack, "docker", alias="remote", host="ssh://builder@example.com")
    configure_assets(stack, docker_provider=provider)
    _model(stack, "Model", _asset_container(tar=None))
    doc = synth(stack)
    assert [p.get("alias") for p in doc["provider"]["docker"]] == ["remote"]
    assert only(doc, "docker_image")["provider"] == "docker.remote"
    assert only(doc, "docker_registry_image")["provider"] == "docker.remote"


def test_a_kms_key_encrypts_the_bucket_and_the_role_can_decrypt(stack: TerraformStack) -> None:
    key = KmsKey(stack, "Key")
    configure_assets(stack, kms_key=key)
    _model(stack, "Model", _asset_container())
    doc = synth(stack)
    (rule,) = only(doc, "aws_s3_bucket_server_side_encryption_configuration")["rule"]
    assert rule["apply_server_side_encryption_by_default"] == {
        "sse_algorithm": "aws:kms",
        "kms_master_key_id": "${aws_kms_key.Key.arn}",
    }
    assert rule["bucket_key_enabled"] is True
    assert {"Effect": "Allow", "Action": ["kms:Decrypt"], "Resource": ["${aws_kms_key.Key.arn}"]} in _policy(doc)[
        "Statement"
    ]


def test_configure_assets_after_an_asset_is_bound_fails(stack: TerraformStack) -> None:
    _model(stack, "Model", _asset_container())
    with pytest.raises(sagemaker.ValidationError, match=r"^Stack: configure_assets: .*must be called before"):
        configure_assets(stack, key_prefix="late/")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"repository": "my-repo"}, r"repository must be an EcrRepository or a DataAwsEcrRepository \(got str"),
        ({"bucket": "my-bucket"}, r"bucket must be an S3Bucket or a DataAwsS3Bucket \(got str"),
        ({"key_prefix": "/models/"}, r"key_prefix must not start with '/' \(got '/models/'\)"),
        ({"docker_provider": "docker"}, r"docker_provider must be a DockerProvider"),
        ({"kms_key": 42}, r"kms_key must be a KmsKey, a DataAwsKmsKey or an ARN"),
    ],
)
def test_configure_assets_rejects_wrong_kinds(stack: TerraformStack, kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(sagemaker.ValidationError, match=message):
        configure_assets(stack, **kwargs)


def test_configure_assets_rejects_kms_key_with_a_supplied_bucket(stack: TerraformStack) -> None:
    bucket = DataAwsS3Bucket(stack, "Models", bucket="my-model-bucket")
    with pytest.raises(sagemaker.ValidationError, match="cannot be combined with bucket"):
        configure_assets(stack, bucket=bucket, kms_key="arn:aws:kms:us-east-1:123456789012:key/abc")


def test_asset_grants_go_to_a_supplied_role(stack: TerraformStack) -> None:
    role = IamRole(stack, "Role", assume_role_policy="{}")
    _model(stack, "Model", _asset_container(), role=role)
    doc = synth(stack)
    policy = json.loads(only(doc, "aws_iam_role_policy")["policy"])
    actions = {a for s in policy["Statement"] for a in s["Action"]}
    assert {"ecr:BatchGetImage", "s3:GetObject", "logs:PutLogEvents"} <= actions


# ------------------------------------------------------------------------------------------------------------------
# errors at call time
# ------------------------------------------------------------------------------------------------------------------
def test_missing_image_directory_fails_naming_the_path(tmp_path: Path) -> None:
    missing = tmp_path / "nope"
    with pytest.raises(
        sagemaker.ValidationError,
        match=f"^ContainerImage.from_asset: Cannot find image directory at {re.escape(str(missing))}$",
    ):
        sagemaker.ContainerImage.from_asset(str(missing))


def test_image_path_that_is_a_file_fails_naming_the_path() -> None:
    with pytest.raises(sagemaker.ValidationError, match=f"{re.escape(str(IMAGE_DIR / 'Dockerfile'))} is a file"):
        sagemaker.ContainerImage.from_asset(str(IMAGE_DIR / "Dockerfile"))


def test_directory_without_dockerfile_fails_naming_the_path(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text("print(1)\n")
    with pytest.raises(
        sagemaker.ValidationError, match=f"Cannot find file at {re.escape(str(tmp_path / 'Dockerfile'))}$"
    ):
        sagemaker.ContainerImage.from_asset(str(tmp_path))


def test_missing_given_dockerfile_fails_naming_the_path() -> None:
    with pytest.raises(
        sagemaker.ValidationError, match=f"Cannot find file at {re.escape(str(IMAGE_DIR / 'Serve.Dockerfile'))}$"
    ):
        sagemaker.ContainerImage.from_asset(str(IMAGE_DIR), file="Serve.Dockerfile")


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"file": "../Dockerfile"}, r"file must be inside the image directory"),
        ({"file": "/etc/Dockerfile"}, r"file must be relative to the image directory \(got /etc/Dockerfile\)"),
        ({"platform": "amd64"}, r"platform must look like os/arch\[/variant\], e.g. linux/amd64 \(got 'amd64'\)"),
        ({"target": ""}, r"target must not be empty"),
        ({"build_args": {"A": 1}}, r"build_args\['A'\] must be a string \(got int: 1\)"),
        ({"build_args": ["A=1"]}, r"build_args must be a mapping of strings to strings"),
    ],
)
def test_bad_image_options_fail_at_call_time(options: dict[str, Any], message: str) -> None:
    with pytest.raises(sagemaker.ValidationError, match=message):
        sagemaker.ContainerImage.from_asset(str(IMAGE_DIR), **options)


def test_model_data_that_is_not_a_tar_gz_fails_even_when_it_exists() -> None:
    path = IMAGE_DIR / "serve.py"
    with pytest.raises(
        sagemaker.ValidationError,
        match=f"^ModelData.from_asset: Asset must be a gzipped tar file with extension .tar.gz \\({re.escape(str(path))}\\)$",
    ):
        sagemaker.ModelData.from_asset(str(path))


def test_missing_model_data_file_fails_naming_the_path(tmp_path: Path) -> None:
    missing = tmp_path / "model.tar.gz"
    with pytest.raises(
        sagemaker.ValidationError,
        match=f"^ModelData.from_asset: Cannot find model data file at {re.escape(str(missing))}$",
    ):
        sagemaker.ModelData.from_asset(str(missing))


def test_model_data_path_that_is_a_directory_fails_naming_the_path(tmp_path: Path) -> None:
    folder = tmp_path / "weights.tar.gz"
    folder.mkdir()
    with pytest.raises(sagemaker.ValidationError, match=f"{re.escape(str(folder))} is a directory"):
        sagemaker.ModelData.from_asset(str(folder))


def test_relative_paths_resolve_against_the_working_directory(
    stack: TerraformStack, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(FIXTURES)
    _model(stack, "Model", _asset_container(Path("image"), Path("model.tar.gz")))
    doc = synth(stack)
    assert only(doc, "docker_image")["build"]["context"].endswith(directory_hash(str(IMAGE_DIR)))
    assert only(doc, "aws_s3_object")["source_hash"] == hashlib.sha256(MODEL_TAR.read_bytes()).hexdigest()


# ------------------------------------------------------------------------------------------------------------------
# Terraform itself accepts the result (offline stand-in providers; skipped without the terraform CLI)
# ------------------------------------------------------------------------------------------------------------------
def test_terraform_validates_and_plans_the_asset_stack(tmp_path: Path) -> None:
    if shutil.which("terraform") is None:
        pytest.skip("terraform CLI not on PATH")
    from sagemaker_tf.testing import planned_resources, terraform_plan

    stack_dir, _ = _synth_to_disk(tmp_path / "out", IMAGE_DIR, MODEL_TAR)
    planned = planned_resources(terraform_plan(stack_dir))
    kinds = {address.split(".")[0] for address in planned}
    assert {
        "docker_image",
        "docker_registry_image",
        "aws_s3_object",
        "aws_ecr_repository",
        "aws_sagemaker_model",
    } <= kinds


# ------------------------------------------------------------------------------------------------------------------
# docs/assets.md: every Python block runs against a fresh stack and synthesizes
# ------------------------------------------------------------------------------------------------------------------
_DOC = Path(__file__).parent.parent / "docs" / "assets.md"


def _doc_blocks() -> list[str]:
    text = _DOC.read_text(encoding="utf-8")
    return [block.split("```", 1)[0] for block in text.split("```python\n")[1:]]


@pytest.mark.parametrize("index", range(3))
def test_docs_code_blocks_run_and_synthesize(index: int, monkeypatch: pytest.MonkeyPatch) -> None:
    blocks = _doc_blocks()
    assert len(blocks) == 3
    monkeypatch.chdir(_DOC.parent.parent)  # the blocks use paths relative to the project folder
    stack = make_stack()
    exec(compile(on_family(blocks[index]), f"{_DOC}#block{index}", "exec"), {"stack": stack})
    doc = synth(stack)
    assert resources(doc, "aws_sagemaker_model")
