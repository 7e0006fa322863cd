"""ModelData factories (ports upstream model-data.test.ts where it applies before assets)."""

from __future__ import annotations

import pytest

import sagemaker_tf as sagemaker
from sagemaker_tf._runtime.framework import DataAwsS3Bucket
from tests.helpers import only, synth


@pytest.mark.parametrize("path", ["model.tar", "model.zip", "model.gz", "model"])
def test_from_asset_requires_tar_gz(path):
    with pytest.raises(
        sagemaker.ValidationError,
        match=rf"ModelData.from_asset: Asset must be a gzipped tar file with extension .tar.gz \({path}\)",
    ):
        sagemaker.ModelData.from_asset(path)


def test_from_bucket_with_data_source_bucket(stack):
    bucket = DataAwsS3Bucket(stack, "Existing", bucket="my-models")
    data = sagemaker.ModelData.from_bucket(bucket, "a/b/model.tar.gz")
    image = sagemaker.ContainerImage.from_dlc("repo", "tag", "123456789012")
    sagemaker.Model(stack, "Model", containers=[sagemaker.ContainerDefinition(image=image, model_data=data)])
    doc = synth(stack)
    assert only(doc, "aws_sagemaker_model")["primary_container"][0]["model_data_url"] == (
        "s3://${data.aws_s3_bucket.Existing.bucket}/a/b/model.tar.gz"
    )


@pytest.mark.parametrize(
    "key, rule", [("", "object_key must be a non-empty key"), ("/abs.tar.gz", "without a leading '/'")]
)
def test_from_bucket_rejects_bad_keys(stack, key, rule):
    bucket = DataAwsS3Bucket(stack, "Existing", bucket="my-models")
    with pytest.raises(sagemaker.ValidationError, match=rule):
        sagemaker.ModelData.from_bucket(bucket, key)


def test_from_bucket_rejects_a_bucket_name_string():
    with pytest.raises(
        sagemaker.ValidationError, match=r"ModelData.from_bucket: bucket must be an S3Bucket or a DataAwsS3Bucket"
    ):
        sagemaker.ModelData.from_bucket("my-bucket", "model.tar.gz")  # type: ignore[arg-type]
