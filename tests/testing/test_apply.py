"""The stand-in's update and apply rules (``sagemaker_tf/testing/_apply.py``), without Terraform.

The end-to-end behaviour (real plans and applies) is in tests/terraform/test_update_plans.py.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from sagemaker_tf.testing import _apply

UNKNOWN = object()


def is_unknown(value: Any) -> bool:
    return value is UNKNOWN


def config(**variant: Any) -> dict[str, Any]:
    base = {
        "variant_name": "main",
        "model_name": "m-1",
        "instance_type": "ml.m5.large",
        "initial_instance_count": 1,
        "initial_variant_weight": 1.0,
    }
    return {"name": "cfg-1", "name_prefix": "cfg-", "tags": None, "production_variants": [{**base, **variant}]}


def test_a_changed_force_new_argument_inside_a_block_is_replaced_at_its_path():
    paths = _apply.requires_replace(
        "aws_sagemaker_endpoint_configuration", config(), config(instance_type="ml.c5.xlarge"), is_unknown
    )
    assert paths == [("production_variants", 0, "instance_type")]


def test_an_unknown_value_on_a_force_new_argument_forces_replacement():
    paths = _apply.requires_replace(
        "aws_sagemaker_endpoint_configuration", config(), config(model_name=UNKNOWN), is_unknown
    )
    assert paths == [("production_variants", 0, "model_name")]


def test_tags_and_in_place_arguments_do_not_force_replacement():
    before, after = config(), {**config(), "tags": {"team": "ml"}}
    assert _apply.requires_replace("aws_sagemaker_endpoint_configuration", before, after, is_unknown) == []
    endpoint = {"name": "ep", "endpoint_config_name": "cfg-1", "deployment_config": []}
    assert (
        _apply.requires_replace(
            "aws_sagemaker_endpoint", endpoint, {**endpoint, "endpoint_config_name": "cfg-2"}, is_unknown
        )
        == []
    )
    target = {"resource_id": "endpoint/ep/variant/main", "min_capacity": 1, "max_capacity": 2}
    assert _apply.requires_replace("aws_appautoscaling_target", target, {**target, "max_capacity": 8}, is_unknown) == []


def test_a_block_that_appears_with_force_new_children_forces_replacement():
    before = {"name": "ep", "deployment_config": [{"auto_rollback_configuration": []}]}
    after = {"name": "ep", "deployment_config": [{"auto_rollback_configuration": [{"alarms": [{"alarm_name": "a"}]}]}]}
    assert _apply.requires_replace("aws_sagemaker_endpoint", before, after, is_unknown) == [
        ("deployment_config", 0, "auto_rollback_configuration")
    ]


def test_unlisted_types_never_force_replacement():
    assert _apply.requires_replace("aws_sns_topic", {"name": "a"}, {"name": "b"}, is_unknown) == []


def _placeholder(type_: Any, name: str, facts: dict[str, str]) -> Any:
    return {"arn": facts["arn"], "id": facts["id"]}.get(name, f"offline-{name}") if type_ == "string" else 0


BLOCK = {
    "attributes": {
        "name": {"type": "string", "optional": True, "computed": True},
        "name_prefix": {"type": "string", "optional": True, "computed": True},
        "arn": {"type": "string", "computed": True},
        "id": {"type": "string", "optional": True, "computed": True},
    }
}


def test_apply_fills_unknowns_deterministically_from_the_configuration():
    def fill(prefix: str) -> dict[str, Any]:
        state = {"name": UNKNOWN, "name_prefix": prefix, "arn": UNKNOWN, "id": UNKNOWN}
        return _apply.fill_unknowns(
            "aws_sagemaker_endpoint_configuration", BLOCK, state, is_unknown, _placeholder, "us-east-1", "123456789012"
        )

    first, again, other = fill("cfg-"), fill("cfg-"), fill("other-")
    assert first == again and first["name"] != other["name"].replace("other-", "cfg-")
    assert first["name"].startswith("cfg-") and first["name"][4:].isdigit() and len(first["name"]) == 4 + 26
    assert first["arn"] == f"arn:aws:sagemaker:us-east-1:123456789012:endpoint-config/{first['name']}"
    assert first["id"] == first["name"]


def test_the_fake_account_rejects_a_taken_name_until_it_is_deleted(tmp_path, monkeypatch):
    monkeypatch.setenv(_apply.CLOUD_ENV, str(tmp_path / "cloud.json"))
    model = {"name": "recommender", "arn": "arn:aws:sagemaker:us-east-1:123456789012:model/recommender"}
    assert _apply.claim_name("aws_sagemaker_model", model, "us-east-1") is None
    error = _apply.claim_name("aws_sagemaker_model", model, "us-east-1")
    assert error == f'ValidationException: Cannot create already existing model "{model["arn"]}"'
    assert _apply.claim_name("aws_sagemaker_model", model, "eu-west-1") is None  # names are per region
    _apply.release_name("aws_sagemaker_model", model, "us-east-1")
    assert _apply.claim_name("aws_sagemaker_model", model, "us-east-1") is None
    assert json.loads((tmp_path / "cloud.json").read_text())["names"] == {
        "aws_sagemaker_model:eu-west-1:recommender": model["arn"],
        "aws_sagemaker_model:us-east-1:recommender": model["arn"],
    }


@pytest.mark.parametrize("tf_type", ["aws_cloudwatch_metric_alarm", "aws_sns_topic"])
def test_idempotent_creates_never_conflict(tmp_path, monkeypatch, tf_type):
    monkeypatch.setenv(_apply.CLOUD_ENV, str(tmp_path / "cloud.json"))
    state = {"name": "x", "alarm_name": "x"}
    assert _apply.claim_name(tf_type, state, "us-east-1") is None
    assert _apply.claim_name(tf_type, state, "us-east-1") is None


def test_changing_rollback_alarms_is_in_place_but_adding_the_block_replaces():
    def endpoint(rollback: list[Any]) -> dict[str, Any]:
        return {"name": "ep", "deployment_config": [{"auto_rollback_configuration": rollback}]}

    one, two = [{"alarms": [{"alarm_name": "a"}]}], [{"alarms": [{"alarm_name": "a"}, {"alarm_name": "b"}]}]
    renamed = [{"alarms": [{"alarm_name": "c"}]}]
    assert _apply.requires_replace("aws_sagemaker_endpoint", endpoint(one), endpoint(two), is_unknown) == []
    assert _apply.requires_replace("aws_sagemaker_endpoint", endpoint(one), endpoint(renamed), is_unknown) == []
    assert _apply.requires_replace("aws_sagemaker_endpoint", endpoint(one), endpoint([]), is_unknown) == [
        ("deployment_config", 0, "auto_rollback_configuration")
    ]


def test_a_force_new_leaf_inside_a_force_new_block_is_reported_at_the_leaf():
    before = config(serverless_config=[{"memory_size_in_mb": 2048, "max_concurrency": 5}])
    after = config(serverless_config=[{"memory_size_in_mb": 4096, "max_concurrency": 5}])
    assert _apply.requires_replace("aws_sagemaker_endpoint_configuration", before, after, is_unknown) == [
        ("production_variants", 0, "serverless_config", 0, "memory_size_in_mb")
    ]
