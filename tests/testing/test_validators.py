"""The stand-in's provider validators (``sagemaker_tf/testing/_validators.py``), without Terraform.

Each rule kind is checked both ways (a valid value passes, an invalid one fails with the provider's words), and the
extracted data (``_validators.json``) is checked to cover every attribute our examples emit. The end-to-end
behaviour (``terraform validate`` / ``plan`` failing offline) is in tests/terraform/test_planted_bad_values.py.
"""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path
from typing import Any

import pytest

from sagemaker_tf._runtime.framework import App
from sagemaker_tf.testing import _validators
from tests.helpers import EXAMPLES, ROOT, load_example

_spec = importlib.util.spec_from_file_location("gen_stand_in_validators", ROOT / "tools" / "gen_stand_in_validators.py")
assert _spec is not None and _spec.loader is not None
gen = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(gen)

UNKNOWN = object()
DOC = _validators.rules_document()
RESOURCES = DOC["resources"]
# every resource type the library emits, and the one the inference-component work adds
EMITTED_TYPES = {
    "aws_sagemaker_model",
    "aws_sagemaker_endpoint_configuration",
    "aws_sagemaker_endpoint",
    "aws_appautoscaling_target",
    "aws_appautoscaling_policy",
    "aws_appautoscaling_scheduled_action",
    "aws_cloudwatch_metric_alarm",
    "aws_iam_role",
    "aws_iam_role_policy",
    "aws_iam_role_policy_attachment",
    "awscc_sagemaker_inference_component",
}


def is_unknown(value: Any) -> bool:
    return value is UNKNOWN


def summaries(type_name: str, config: dict[str, Any]) -> list[str]:
    return [
        f.summary + (f" {f.detail}" if f.detail else "")
        for f in _validators.validate_config(type_name, config, is_unknown)
    ]


def variant(**overrides: Any) -> dict[str, Any]:
    return {
        "variant_name": "main",
        "model_name": "m-1",
        "instance_type": "ml.m5.large",
        "initial_instance_count": 1,
        "initial_variant_weight": 1.0,
        **overrides,
    }


# ----------------------------------------------------------------------------------------------------------------
# the data
# ----------------------------------------------------------------------------------------------------------------
def test_every_emitted_type_has_rules_read_from_a_named_source():
    assert set(RESOURCES) == EMITTED_TYPES
    for type_name, entry in RESOURCES.items():
        assert re.fullmatch(r"hashicorp/terraform-provider-(aws|awscc) internal/\S+\.go@.+", entry["source"]), type_name
        assert entry["attributes"], type_name
    assert RESOURCES["awscc_sagemaker_inference_component"]["source"].endswith(
        "@f995d4f4139602dbb9044f3108702f2a1837a872"
    )
    assert DOC["botocore"] == "1.44.8"


def test_enums_are_resolved_to_their_values():
    instance_type = RESOURCES["aws_sagemaker_endpoint_configuration"]["attributes"]["production_variants.instance_type"]
    (rule,) = instance_type["rules"]
    assert rule["kind"] == "string_in_slice" and {"ml.m5.large", "ml.g5.12xlarge"} <= set(rule["values"])
    capture_mode = RESOURCES["aws_sagemaker_endpoint_configuration"]["attributes"][
        "data_capture_config.capture_options.capture_mode"
    ]
    assert capture_mode["rules"][0]["values"] == ["Input", "Output", "InputAndOutput"]
    statistic = RESOURCES["aws_appautoscaling_policy"]["attributes"][
        "target_tracking_scaling_policy_configuration.customized_metric_specification.statistic"
    ]
    assert statistic["rules"][0]["values"] == ["Average", "Minimum", "Maximum", "SampleCount", "Sum"]


def test_every_validator_is_resolved():
    assert DOC["unresolved"] == {}
    # the two helpers resolved last: validEC2AutomateARN (an option of validation.Any beside verify.ValidARN, on each
    # alarm action) and validRolePolicyRole (length, pattern, and "not an ARN")
    alarm = RESOURCES["aws_cloudwatch_metric_alarm"]["attributes"]
    for actions in ("alarm_actions", "ok_actions", "insufficient_data_actions"):
        (rule,) = alarm[actions]["element_rules"]
        assert rule["kind"] == "any"
        assert [option[0]["kind"] for option in rule["of"]] == ["arn", "custom"]
        assert rule["of"][1][0]["checks"][0]["pattern"] == (
            "^arn:[\\w-]+:automate:[\\w-]+:ec2:(reboot|recover|stop|terminate)$"
        )
    role = RESOURCES["aws_iam_role_policy"]["attributes"]["role"]["rules"]
    assert [r["kind"] for r in role] == ["string_len_between", "string_match", "not_arn"]


def test_every_provider_file_read_names_its_commit_or_what_was_read_instead():
    sources = DOC["sources"]
    assert {
        "internal/service/sagemaker/endpoint_configuration.go",
        "internal/service/sagemaker/model.go",
        "internal/service/iam/validate.go",
        "internal/service/appautoscaling/scheduled_action.go",
        "internal/service/cloudwatch/validate.go",
    } <= set(sources)
    for path, record in sources.items():
        if record["commit"] is not None:
            assert re.fullmatch(r"[0-9a-f]{40}", record["commit"]), path
        else:  # a newer version than the one stored with a commit: the document read, and why the commit is not it
            assert record["document"].isdigit() and record["note"], path
            assert re.fullmatch(r"[0-9a-f]{40}", record["stored_commit"]) and record["stored_note"], path
    for type_name, entry in RESOURCES.items():
        if type_name.startswith("aws_"):
            path, _, at = entry["source"].removeprefix("hashicorp/terraform-provider-aws ").partition("@")
            record = sources[path]
            assert at == record["commit"] or at.startswith(f"index document {record['document']} "), type_name
    assert RESOURCES["aws_appautoscaling_scheduled_action"]["source"].endswith(
        "@552c04685ba292dfddee527549fd43a1fd5db195"
    )


def test_scheduled_action_times_follow_the_provider_and_timezone_has_no_validator():
    attributes = RESOURCES["aws_appautoscaling_scheduled_action"]["attributes"]
    assert attributes["start_time"]["rules"] == [{"key": "full", "kind": "rfc3339"}]
    assert attributes["end_time"]["rules"] == [{"key": "full", "kind": "rfc3339"}]
    assert "rules" not in attributes["timezone"]


def test_the_data_derived_from_botocore_and_the_generator_tables_is_current():
    # the Go source is read through the public-source index and is not in the repository, so only these parts can
    # be regenerated here: the request constraints (botocore, pinned by the test extra) and the CustomizeDiff table
    version, models = gen.botocore_models()
    assert version == DOC["botocore"], "botocore moved: rerun tools/gen_stand_in_validators.py"
    for type_name, (_path, service, operation, overrides) in gen.AWS_RESOURCES.items():
        entry = RESOURCES[type_name]
        if operation is not None:
            assert entry["request"]["attributes"] == gen.request_rules(
                models[service], operation, overrides, entry["attributes"]
            ), f"{type_name}: stale request constraints, rerun tools/gen_stand_in_validators.py"
        assert entry.get("customize_diff") == gen.CUSTOMIZE_DIFF.get(type_name), type_name


def test_the_generator_reads_both_helper_shapes_it_once_left_unresolved():
    # a helper whose pattern sits in a local and whose message quotes it (as validEC2AutomateARN), and an inline
    # "must not be an ARN" check inside validation.All (as validRolePolicyRole); Go written here for the test
    helpers = gen.helpers_of(
        "func validThing(v any, k string) (ws []string, errors []error) {\n"
        "\tvalue := v.(string)\n"
        "\tpattern := `^a+$`\n"
        "\tif !regexache.MustCompile(pattern).MatchString(value) {\n"
        '\t\terrors = append(errors, fmt.Errorf("%q does not match (%q): %q", k, pattern, value))\n'
        "\t}\n"
        "\treturn\n"
        "}\n"
        "\n"
        "var validName = validation.All(\n"
        "\tvalidation.StringLenBetween(1, 8),\n"
        "\tfunc(v any, k string) (ws []string, es []error) {\n"
        "\t\tif _, errs := verify.ValidARN(v, k); len(errs) == 0 {\n"
        '\t\t\tes = append(es, fmt.Errorf("%q must be a name", k))\n'
        "\t\t}\n"
        "\t\treturn\n"
        "\t},\n"
        ")\n"
    )
    ex = gen.Extractor({}, helpers, {})
    (custom,) = ex.rules("validThing", "iam", diag=False)
    assert custom["checks"] == [
        {
            "args": [{"from": "key"}, {"literal": "^a+$"}, {"from": "subject"}],
            "kind": "must_match",
            "message": "%q does not match (%q): %q",
            "pattern": "^a+$",
            "subject": "value",
        }
    ]
    assert _validators._custom(custom, "b", "x") == ['"x" does not match ("^a+$"): "b"']
    assert ex.rules("validName", "iam", diag=False) == [
        {"kind": "string_len_between", "min": 1, "max": 8, "key": "full"},
        {"kind": "not_arn", "message": "%q must be a name", "key": "full"},
    ]
    assert ex.unresolved == []


def _emitted_paths(value: Any, prefix: str, out: set[str]) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            if key.startswith("//") or item is None:
                continue
            dotted = f"{prefix}{key}"
            out.add(dotted)
            blocks = item if isinstance(item, list) else [item]
            if all(isinstance(b, dict) for b in blocks) and not isinstance(item, dict):
                for block in blocks:
                    _emitted_paths(block, f"{dotted}.", out)


@pytest.fixture(scope="module")
def emitted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, set[str]]:
    """Resource type -> every attribute path our examples write for it (synthesized JSON)."""
    out: dict[str, set[str]] = {}
    for name in EXAMPLES:
        app = App(outdir=str(tmp_path_factory.mktemp(name)))
        stack = load_example(name).build(app)
        app.synth()
        doc = json.loads((Path(app.outdir) / "stacks" / stack.node.id / "cdk.tf.json").read_text())
        for type_name, by_name in (doc.get("resource") or {}).items():
            for body in by_name.values():
                _emitted_paths(
                    {
                        k: v
                        for k, v in body.items()
                        if k not in ("depends_on", "lifecycle", "provider", "count", "for_each")
                    },
                    "",
                    out.setdefault(type_name, set()),
                )
    return out


def test_the_data_covers_every_attribute_the_examples_emit(emitted: dict[str, set[str]]):
    in_scope = {t for t in emitted if t in EMITTED_TYPES or t.startswith(("aws_sagemaker_", "aws_appautoscaling_"))}
    assert {
        "aws_sagemaker_model",
        "aws_appautoscaling_policy",
        "aws_cloudwatch_metric_alarm",
        "aws_iam_role",
    } <= in_scope
    missing = {
        f"{t}.{path}" for t in in_scope for path in emitted[t] if path not in RESOURCES.get(t, {}).get("attributes", {})
    }
    assert not missing, (
        f"attributes emitted but not in _validators.json (rerun tools/gen_stand_in_validators.py): {sorted(missing)}"
    )


# ----------------------------------------------------------------------------------------------------------------
# the SDKv2 rules, both ways
# ----------------------------------------------------------------------------------------------------------------
ENDPOINT_CONFIG = "aws_sagemaker_endpoint_configuration"

# (resource type, valid configuration, invalid configuration, the provider's words for the invalid one)
CASES: list[tuple[str, dict[str, Any], dict[str, Any], str]] = [
    (
        ENDPOINT_CONFIG,
        {"production_variants": [variant()]},
        {"production_variants": [variant(instance_type="ml.x")]},
        'expected instance_type to be one of ["ml.t2.medium"',
    ),
    (
        ENDPOINT_CONFIG,
        {"production_variants": [variant(initial_instance_count=1)]},
        {"production_variants": [variant(initial_instance_count=0)]},
        "expected production_variants.0.initial_instance_count to be at least (1), got 0",
    ),
    (
        ENDPOINT_CONFIG,
        {"production_variants": [variant(initial_variant_weight=0.0)]},
        {"production_variants": [variant(initial_variant_weight=-1.0)]},
        "expected production_variants.0.initial_variant_weight to be at least (0.000000), got -1.000000",
    ),
    (
        ENDPOINT_CONFIG,
        {"production_variants": [variant(serverless_config=[{"max_concurrency": 5, "memory_size_in_mb": 2048}])]},
        {"production_variants": [variant(serverless_config=[{"max_concurrency": 5, "memory_size_in_mb": 2000}])]},
        "expected production_variants.0.serverless_config.0.memory_size_in_mb to be one of "
        "[1024 2048 3072 4096 5120 6144], got 2000",
    ),
    (
        ENDPOINT_CONFIG,
        {"production_variants": [variant(container_startup_health_check_timeout_in_seconds=60)]},
        {"production_variants": [variant(container_startup_health_check_timeout_in_seconds=59)]},
        "expected production_variants.0.container_startup_health_check_timeout_in_seconds to be in the range "
        "(60 - 3600), got 59",
    ),
    (
        ENDPOINT_CONFIG,
        {"name": "cfg-1", "production_variants": [variant()]},
        {"name": "cfg-1", "name_prefix": "cfg-", "production_variants": [variant()]},
        '"name": conflicts with name_prefix',
    ),
    (
        ENDPOINT_CONFIG,
        {"name_prefix": "a" * 37, "production_variants": [variant()]},
        {"name_prefix": "a" * 38, "production_variants": [variant()]},
        f'"name_prefix" cannot be longer than 37 characters: "{"a" * 38}"',
    ),
    (
        ENDPOINT_CONFIG,
        {"production_variants": [variant(variant_name=f"v{i}") for i in range(10)]},
        {"production_variants": [variant(variant_name=f"v{i}") for i in range(11)]},
        "Too many list items Attribute production_variants supports 10 item maximum, but config has 11 declared.",
    ),
    (
        ENDPOINT_CONFIG,
        {"production_variants": [variant()], "kms_key_arn": "arn:aws:kms:us-east-1:123456789012:key/abc"},
        {"production_variants": [variant()], "kms_key_arn": "alias/abc"},
        '"kms_key_arn" (alias/abc) is an invalid ARN: arn: invalid prefix',
    ),
    (
        ENDPOINT_CONFIG,
        {
            "production_variants": [variant()],
            "data_capture_config": [
                {
                    "initial_sampling_percentage": 100,
                    "destination_s3_uri": "s3://b/capture",
                    "capture_options": [{"capture_mode": "Input"}],
                }
            ],
        },
        {
            "production_variants": [variant()],
            "data_capture_config": [
                {
                    "initial_sampling_percentage": 100,
                    "destination_s3_uri": "ftp://b/capture",
                    "capture_options": [{"capture_mode": "Input"}],
                }
            ],
        },
        "expected value of data_capture_config.0.destination_s3_uri to match regular expression "
        '"^(https|s3)://([^/])/?(.*)$", got ftp://b/capture',
    ),
    (
        "aws_sagemaker_model",
        {"name": "m" * 63, "execution_role_arn": "arn:aws:iam::123456789012:role/r"},
        {"name": "m" * 64, "execution_role_arn": "arn:aws:iam::123456789012:role/r"},
        f'"name" cannot be longer than 63 characters: "{"m" * 64}"',
    ),
    (
        "aws_sagemaker_model",
        {"primary_container": [{"environment": {"WORKERS": "2"}}]},
        {"primary_container": [{"environment": {"2WORKERS": "2"}}]},
        '"primary_container.0.environment" cannot begin with a digit: "2WORKERS"',
    ),
    (
        "aws_sagemaker_model",
        {"primary_container": [{"model_data_url": "s3://bucket/model.tar.gz"}]},
        {"primary_container": [{"model_data_url": "bucket/model.tar.gz"}]},
        "invalid value for primary_container.0.model_data_url (must be HTTPS or Amazon S3 URI)",
    ),
    (
        "aws_sagemaker_model",
        {"vpc_config": [{"subnets": [f"s-{i}" for i in range(16)], "security_group_ids": ["sg-1"]}]},
        {"vpc_config": [{"subnets": [f"s-{i}" for i in range(17)], "security_group_ids": ["sg-1"]}]},
        "Attribute vpc_config.0.subnets supports 16 item maximum, but config has 17 declared.",
    ),
    (
        "aws_sagemaker_endpoint",
        {
            "endpoint_config_name": "cfg-1",
            "deployment_config": [
                {
                    "blue_green_update_policy": [
                        {"traffic_routing_configuration": [{"type": "ALL_AT_ONCE", "wait_interval_in_seconds": 3600}]}
                    ]
                }
            ],
        },
        {
            "endpoint_config_name": "cfg-1",
            "deployment_config": [
                {
                    "blue_green_update_policy": [
                        {"traffic_routing_configuration": [{"type": "ALL_AT_ONCE", "wait_interval_in_seconds": 3601}]}
                    ]
                }
            ],
        },
        "expected deployment_config.0.blue_green_update_policy.0.traffic_routing_configuration.0."
        "wait_interval_in_seconds to be in the range (0 - 3600), got 3601",
    ),
    (
        "aws_sagemaker_endpoint",
        {
            "endpoint_config_name": "cfg-1",
            "deployment_config": [
                {
                    "blue_green_update_policy": [
                        {"traffic_routing_configuration": [{"type": "CANARY", "wait_interval_in_seconds": 60}]}
                    ]
                }
            ],
        },
        {
            "endpoint_config_name": "cfg-1",
            "deployment_config": [
                {
                    "blue_green_update_policy": [
                        {"traffic_routing_configuration": [{"type": "SOME", "wait_interval_in_seconds": 60}]}
                    ]
                }
            ],
        },
        "expected deployment_config.0.blue_green_update_policy.0.traffic_routing_configuration.0.type to be one of "
        '["ALL_AT_ONCE" "CANARY" "LINEAR"], got SOME',
    ),
    (
        "aws_appautoscaling_policy",
        {
            "name": "p",
            "target_tracking_scaling_policy_configuration": [
                {
                    "target_value": 1,
                    "predefined_metric_specification": [
                        {"predefined_metric_type": "SageMakerVariantInvocationsPerInstance"}
                    ],
                }
            ],
        },
        {
            "name": "p",
            "target_tracking_scaling_policy_configuration": [
                {
                    "target_value": 1,
                    "predefined_metric_specification": [
                        {"predefined_metric_type": "SageMakerVariantInvocationsPerInstance"}
                    ],
                    "customized_metric_specification": [{"metric_name": "m", "namespace": "n", "statistic": "Average"}],
                }
            ],
        },
        '"target_tracking_scaling_policy_configuration.0.customized_metric_specification": conflicts with '
        "target_tracking_scaling_policy_configuration.0.predefined_metric_specification",
    ),
    (
        "aws_appautoscaling_policy",
        {"name": "p" * 255},
        {"name": "p" * 256},
        f"expected length of name to be in the range (0 - 255), got {'p' * 256}",
    ),
    (
        "aws_appautoscaling_scheduled_action",
        {"scalable_target_action": [{"min_capacity": "1"}]},
        {"scalable_target_action": [{}]},
        '"scalable_target_action.0.max_capacity": one of '
        "`scalable_target_action.0.max_capacity,scalable_target_action.0.min_capacity` must be specified",
    ),
    (
        "aws_appautoscaling_scheduled_action",
        {"scalable_target_action": [{"min_capacity": "0"}]},
        {"scalable_target_action": [{"min_capacity": "-1"}]},
        "expected scalable_target_action.0.min_capacity to be at least (0), got -1",
    ),
    (
        "aws_cloudwatch_metric_alarm",
        {"alarm_name": "a", "comparison_operator": "GreaterThanThreshold", "evaluation_periods": 1},
        {"alarm_name": "a", "comparison_operator": "Bigger", "evaluation_periods": 1},
        'expected comparison_operator to be one of ["GreaterThanOrEqualToThreshold" "GreaterThanThreshold"',
    ),
    (
        "aws_cloudwatch_metric_alarm",
        {"alarm_name": "a", "statistic": "Average", "period": 60},
        {"alarm_name": "a", "statistic": "Average", "extended_statistic": "p99", "period": 60},
        '"extended_statistic": conflicts with statistic',
    ),
    (
        "aws_cloudwatch_metric_alarm",
        {"alarm_name": "a", "period": 120},
        {"alarm_name": "a", "period": 45},
        "expected period to be one of [10 20 30], got 45 expected period to be divisible by 60, got: 45",
    ),
    (
        "aws_cloudwatch_metric_alarm",
        {"alarm_name": "a", "treat_missing_data": "notBreaching"},
        {"alarm_name": "a", "treat_missing_data": "zero"},
        'expected treat_missing_data to be one of ["breaching" "notBreaching" "ignore" "missing"], got zero',
    ),
    (
        "aws_iam_role",
        {"assume_role_policy": "{}", "max_session_duration": 43200},
        {"assume_role_policy": "{}", "max_session_duration": 43201},
        "expected max_session_duration to be in the range (3600 - 43200), got 43201",
    ),
    (
        "aws_iam_role",
        {"assume_role_policy": "{}", "name": "svc+role"},
        {"assume_role_policy": "{}", "name": "svc role"},
        "invalid value for name (must match [\\w+=,.@-])",
    ),
    (
        "aws_iam_role",
        {"assume_role_policy": '{"Version": "2012-10-17"}'},
        {"assume_role_policy": '{"Version": '},
        '"assume_role_policy" contains an invalid JSON',
    ),
    (
        "aws_iam_role_policy",
        {"role": "r", "policy": '{"Statement": []}'},
        {"role": "r", "policy": "[]"},
        '"policy" contains an invalid JSON policy: not a JSON object',
    ),
]
SNS = "arn:aws:sns:us-east-1:123456789012:on-call"
AUTOMATE_PATTERN = "^arn:[\\\\w-]+:automate:[\\\\w-]+:ec2:(reboot|recover|stop|terminate)$"
# validEC2AutomateARN on every action list, as an option beside verify.ValidARN: one valid form of either passes,
# a value neither accepts gets both messages (validation.Any's words)
for _actions in ("alarm_actions", "ok_actions", "insufficient_data_actions"):
    CASES += [
        (
            "aws_cloudwatch_metric_alarm",
            {"alarm_name": "a", _actions: [SNS, *(f"arn:aws:automate:us-east-1:ec2:{a}" for a in ("reboot", "stop"))]},
            {"alarm_name": "a", _actions: [SNS, "on-call"]},
            f'"{_actions}.1" (on-call) is an invalid ARN: arn: invalid prefix "{_actions}.1" does not match EC2 '
            f'automation ARN ("{AUTOMATE_PATTERN}"): "on-call"',
        ),
        (
            "aws_cloudwatch_metric_alarm",
            {
                "alarm_name": "a",
                _actions: ["arn:aws-cn:automate:cn-north-1:ec2:recover", "arn:aws:automate:x:ec2:terminate"],
            },
            {"alarm_name": "a", _actions: ["arn:aws:automate:us-east-1:ec2:explode"]},
            f'"{_actions}.0" does not match EC2 automation ARN ("{AUTOMATE_PATTERN}"): '
            '"arn:aws:automate:us-east-1:ec2:explode"',
        ),
    ]
CASES += [
    (
        "aws_iam_role_policy",
        {"role": "serving-role", "policy": "{}"},
        {"role": "arn:aws:iam::123456789012:role/serving-role", "policy": "{}"},
        '"role" must be the role\'s name not its ARN',
    ),
    (
        "aws_iam_role_policy",
        {"role": "r" * 128, "policy": "{}"},
        {"role": "r" * 129, "policy": "{}"},
        f"expected length of role to be in the range (1 - 128), got {'r' * 129}",
    ),
    (
        "aws_iam_role_policy",
        {"role": "role/S3Access", "policy": "{}"},  # the provider's own test: a path-like name is not an ARN
        {"role": "%%", "policy": "{}"},
        'expected value of role to match regular expression "[\\\\w+=,.@-]+", got %%',
    ),
]
# validation.IsRFC3339Time (Go's time.Parse with time.RFC3339) on start_time and end_time
for _time in ("start_time", "end_time"):
    for _good, _bad in (
        ("2030-01-01T00:00:00Z", "2030-01-01"),
        ("2030-01-01T08:30:00+02:00", "2030-01-01 08:30:00Z"),
        ("2030-01-01T08:30:00.250Z", "2030-01-01T08:30:00"),
        ("2030-02-28T23:59:59-05:00", "2030-02-30T00:00:00Z"),
        ("2032-02-29T00:00:00Z", "2030-01-01T24:00:00Z"),
    ):
        CASES.append(
            (
                "aws_appautoscaling_scheduled_action",
                {"scalable_target_action": [{"min_capacity": "1"}], _time: _good},
                {"scalable_target_action": [{"min_capacity": "1"}], _time: _bad},
                f'expected "{_time}" to be a valid RFC3339 date, got "{_bad}": parsing time "{_bad}" as '
                '"2006-01-02T15:04:05Z07:00"',
            )
        )


@pytest.mark.parametrize(("type_name", "valid", "invalid", "words"), CASES)
def test_provider_rules_accept_valid_and_refuse_invalid_values(
    type_name: str, valid: dict[str, Any], invalid: dict[str, Any], words: str
):
    assert summaries(type_name, valid) == []
    found = " ".join(summaries(type_name, invalid))
    assert words in found


def test_unknown_values_are_skipped_as_the_provider_skips_them():
    config = {"name": UNKNOWN, "name_prefix": "cfg-", "production_variants": [variant(instance_type=UNKNOWN)]}
    assert summaries(ENDPOINT_CONFIG, config) == []
    assert summaries(ENDPOINT_CONFIG, {"production_variants": UNKNOWN}) == []


def test_findings_point_at_the_attribute():
    (finding,) = _validators.validate_config(
        ENDPOINT_CONFIG, {"production_variants": [variant(), variant(instance_type="ml.x")]}, is_unknown
    )
    assert finding.path == ("production_variants", 1, "instance_type")


# ----------------------------------------------------------------------------------------------------------------
# the framework rules (awscc), both ways
# ----------------------------------------------------------------------------------------------------------------
IC = "awscc_sagemaker_inference_component"
FRAMEWORK_CASES: list[tuple[dict[str, Any], dict[str, Any], str]] = [
    (
        {"endpoint_name": "ep-1"},
        {"endpoint_name": "ep_1"},
        "Invalid Attribute Value Match Attribute endpoint_name value must match regular expression "
        "'^[a-zA-Z0-9](-*[a-zA-Z0-9])*$', got: ep_1",
    ),
    (
        {"endpoint_name": "e" * 63},
        {"endpoint_name": "e" * 64},
        "Invalid Attribute Value Length Attribute endpoint_name string length must be at most 63, got: 64",
    ),
    (
        {"runtime_config": {"copy_count": 0}},
        {"runtime_config": {"copy_count": -1}},
        "Invalid Attribute Value Attribute runtime_config.copy_count value must be at least 0, got: -1",
    ),
    (
        {"deployment_config": {"rolling_update_policy": {"maximum_batch_size": {"type": "COPY_COUNT", "value": 1}}}},
        {"deployment_config": {"rolling_update_policy": {"maximum_batch_size": {"type": "COPIES", "value": 1}}}},
        "Attribute deployment_config.rolling_update_policy.maximum_batch_size.type value must be one of: "
        '["COPY_COUNT" "CAPACITY_PERCENT"], got: "COPIES"',
    ),
    (
        {"deployment_config": {"auto_rollback_configuration": {"alarms": [{"alarm_name": "a"}]}}},
        {"deployment_config": {"auto_rollback_configuration": {"alarms": [{"alarm_name": "a"}] * 11}}},
        "Attribute deployment_config.auto_rollback_configuration.alarms list must contain at least 1 elements and "
        "at most 10 elements, got: 11",
    ),
]


@pytest.mark.parametrize(("valid", "invalid", "words"), FRAMEWORK_CASES)
def test_framework_rules_accept_valid_and_refuse_invalid_values(
    valid: dict[str, Any], invalid: dict[str, Any], words: str
):
    assert summaries(IC, valid) == []
    assert words in " ".join(summaries(IC, invalid))


# ----------------------------------------------------------------------------------------------------------------
# the request the plan implies (botocore), both ways
# ----------------------------------------------------------------------------------------------------------------
REQUEST_CASES: list[tuple[str, dict[str, Any], dict[str, Any], str]] = [
    (
        "aws_appautoscaling_target",
        {"scalable_dimension": "sagemaker:variant:DesiredInstanceCount", "service_namespace": "sagemaker"},
        {"scalable_dimension": "sagemaker:variant:Desired", "service_namespace": "sagemaker"},
        "invalid scalable_dimension: RegisterScalableTarget would fail with ValidationException: Value "
        "'sagemaker:variant:Desired' at 'scalableDimension' failed to satisfy constraint: Member must satisfy enum "
        "value set: [",
    ),
    (
        "aws_appautoscaling_policy",
        {"policy_type": "TargetTrackingScaling"},
        {"policy_type": "TargetTracking"},
        "invalid policy_type: PutScalingPolicy would fail with ValidationException",
    ),
    (
        "aws_appautoscaling_policy",
        {"step_scaling_policy_configuration": [{"adjustment_type": "ChangeInCapacity"}]},
        {"step_scaling_policy_configuration": [{"adjustment_type": "Change"}]},
        "invalid step_scaling_policy_configuration.0.adjustment_type",
    ),
    (
        ENDPOINT_CONFIG,
        {"production_variants": [variant(variant_name="main-1")]},
        {"production_variants": [variant(), variant(variant_name="main_1")]},
        "Value 'main_1' at 'productionVariants.2.member.variantName' failed to satisfy constraint: Member must "
        "satisfy regular expression pattern: [a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}",
    ),
    (
        "aws_sagemaker_model",
        {"container": [{"image": "i"}] * 15},
        {"container": [{"image": "i"}] * 16},
        "invalid container: CreateModel would fail with ValidationException",
    ),
]


@pytest.mark.parametrize(("type_name", "valid", "invalid", "words"), REQUEST_CASES)
def test_request_constraints_accept_valid_and_refuse_invalid_values(
    type_name: str, valid: dict[str, Any], invalid: dict[str, Any], words: str
):
    assert _validators.check_request(type_name, valid, is_unknown) == []
    found = " ".join(f.summary for f in _validators.check_request(type_name, invalid, is_unknown))
    assert words in found


# ----------------------------------------------------------------------------------------------------------------
# CustomizeDiff (plan time), both ways
# ----------------------------------------------------------------------------------------------------------------
ONE_STATISTIC = "One of `statistic` or `extended_statistic` must be set for a cloudwatch metric alarm"
NOT_BOTH = "No metric_query may have both `expression` and a `metric` specified"
METRIC = [{"metric_name": "m", "namespace": "n", "period": 60, "stat": "Average"}]
ALARM_PLANS: list[tuple[dict[str, Any], list[str]]] = [
    ({"metric_name": "m", "statistic": "Average"}, []),
    ({"metric_name": "m", "extended_statistic": "p99"}, []),
    ({"metric_name": "m"}, [ONE_STATISTIC]),
    ({"metric_name": "m", "statistic": ""}, [ONE_STATISTIC]),  # GetOk: the zero value is not set
    ({"metric_name": "m", "statistic": "Average", "extended_statistic": "p99"}, [ONE_STATISTIC]),
    ({"metric_name": "", "statistic": None}, []),  # no metric_name: nothing asked
    ({"metric_name": "m", "statistic": UNKNOWN}, []),  # decided once known
    ({"metric_query": [{"id": "m1", "metric": METRIC}, {"id": "e1", "expression": "m1 * 2"}]}, []),
    ({"metric_query": [{"id": "e1", "expression": "", "metric": METRIC}]}, []),
    ({"metric_query": [{"id": "e1", "expression": "m1 * 2", "metric": METRIC}]}, [NOT_BOTH]),
    ({"metric_query": [{"id": "e1", "expression": UNKNOWN, "metric": METRIC}]}, []),
]


@pytest.mark.parametrize(("planned", "messages"), ALARM_PLANS)
def test_the_alarm_customize_diff_accepts_and_refuses_as_the_provider(planned: dict[str, Any], messages: list[str]):
    found = _validators.check_plan("aws_cloudwatch_metric_alarm", planned, is_unknown)
    assert [f.summary for f in found] == messages


def test_customize_diff_checks_are_recorded_only_where_the_provider_has_them():
    assert {t for t, e in RESOURCES.items() if e.get("customize_diff")} == {"aws_cloudwatch_metric_alarm"}
    assert [c["message"] for c in RESOURCES["aws_cloudwatch_metric_alarm"]["customize_diff"]] == [
        ONE_STATISTIC,
        NOT_BOTH,
    ]


def test_request_checks_skip_what_the_provider_validates_and_what_is_unknown():
    request = RESOURCES[ENDPOINT_CONFIG]["request"]["attributes"]
    assert "production_variants.instance_type" not in request  # the provider's enum speaks first
    assert (
        _validators.check_request(ENDPOINT_CONFIG, {"production_variants": [variant(variant_name=UNKNOWN)]}, is_unknown)
        == []
    )
