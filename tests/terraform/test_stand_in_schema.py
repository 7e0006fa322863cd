"""The stand-in providers are faithful to the pinned bindings (guards against a bindings layout change)."""

from __future__ import annotations

import sys
from typing import Any

import pytest

from sagemaker_tf.testing import OfflineTerraform
from tests.families import NAME, SERVED


def _flags(attr: dict[str, Any]) -> tuple[bool, bool, bool]:
    return bool(attr.get("required")), bool(attr.get("optional")), bool(attr.get("computed"))


REQUIRED = (True, False, False)
OPTIONAL = (False, True, False)
COMPUTED = (False, False, True)
OPTIONAL_COMPUTED = (False, True, True)


def test_serves_the_versions_the_framework_family_pins(offline_terraform: OfflineTerraform) -> None:
    served = {name: (s.source, s.version) for name, s in offline_terraform.served.items()}
    assert served == SERVED[NAME]
    assert served["aws"][0] == "registry.terraform.io/hashicorp/aws"  # the same provider in both families


def test_aws_provider_has_the_whole_resource_catalogue(offline_terraform: OfflineTerraform) -> None:
    aws = offline_terraform.schema("aws")
    assert len(aws["resource_schemas"]) >= 1500
    assert len(aws["data_source_schemas"]) >= 600
    assert "region" in aws["provider"]["block"]["attributes"]
    assert "alias" not in aws["provider"]["block"]["attributes"]


def test_sagemaker_model_flags(offline_terraform: OfflineTerraform) -> None:
    block = offline_terraform.schema("aws")["resource_schemas"]["aws_sagemaker_model"]["block"]
    attrs = block["attributes"]
    assert _flags(attrs["execution_role_arn"]) == REQUIRED
    assert _flags(attrs["arn"]) == COMPUTED
    assert _flags(attrs["name"]) == OPTIONAL_COMPUTED
    assert _flags(attrs["enable_network_isolation"]) == OPTIONAL
    assert attrs["tags"]["type"] == ["map", "string"]
    assert attrs["enable_network_isolation"]["type"] == "bool"

    blocks = block["block_types"]
    assert blocks["primary_container"]["nesting_mode"] == "list"
    assert blocks["primary_container"].get("max_items") == 1
    assert blocks["container"]["nesting_mode"] == "list"
    assert "max_items" not in blocks["container"]
    container = blocks["primary_container"]["block"]
    assert _flags(container["attributes"]["image"]) == OPTIONAL
    assert container["attributes"]["environment"]["type"] == ["map", "string"]
    vpc = blocks["vpc_config"]["block"]["attributes"]
    assert vpc["subnets"]["type"] == ["set", "string"] and _flags(vpc["subnets"]) == REQUIRED


def test_sagemaker_endpoint_configuration_flags(offline_terraform: OfflineTerraform) -> None:
    block = offline_terraform.schema("aws")["resource_schemas"]["aws_sagemaker_endpoint_configuration"]["block"]
    attrs = block["attributes"]
    assert _flags(attrs["arn"]) == COMPUTED
    assert _flags(attrs["name"]) == OPTIONAL_COMPUTED
    assert _flags(attrs["kms_key_arn"]) == OPTIONAL

    variants = block["block_types"]["production_variants"]
    assert variants["nesting_mode"] == "list"
    assert variants.get("min_items") == 1
    variant = variants["block"]["attributes"]
    assert _flags(variant["model_name"]) == OPTIONAL
    assert _flags(variant["variant_name"]) == OPTIONAL_COMPUTED
    assert variant["initial_instance_count"]["type"] == "number"
    assert variant["initial_variant_weight"]["type"] == "number"
    serverless = variants["block"]["block_types"]["serverless_config"]
    assert serverless.get("max_items") == 1
    assert _flags(serverless["block"]["attributes"]["max_concurrency"]) == REQUIRED
    assert _flags(serverless["block"]["attributes"]["memory_size_in_mb"]) == REQUIRED
    assert block["block_types"]["data_capture_config"].get("max_items") == 1


def test_docker_registry_image_schema(offline_terraform: OfflineTerraform) -> None:
    block = offline_terraform.schema("docker")["resource_schemas"]["docker_registry_image"]["block"]
    assert _flags(block["attributes"]["name"]) == REQUIRED
    assert _flags(block["attributes"]["sha256_digest"]) == COMPUTED
    provider_blocks = offline_terraform.schema("docker")["provider"]["block"]["block_types"]
    assert provider_blocks["registry_auth"]["nesting_mode"] == "set"


def test_missing_offline_extra_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    from sagemaker_tf.testing import _offline

    monkeypatch.setattr(_offline, "_find_spec", lambda name: None if name == "tf" else object())
    with pytest.raises(ImportError, match=r"sagemaker-tf\[cdktf,offline\]") as info:
        OfflineTerraform()
    assert "missing: tf" in str(info.value)


def test_the_plugin_framework_stays_out_of_the_test_process(offline_terraform: OfflineTerraform) -> None:
    # the stand-in runs in its own process; importing and using the helper must not need tf or grpc here
    assert offline_terraform.served
    assert not {"tf", "grpc", "msgpack"} & set(sys.modules)
