"""sagemaker_tf.scaling.schedule: ``Schedule`` expressions and scheduled actions (``scale_on_schedule``)."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest

from sagemaker_tf import ValidationError
from sagemaker_tf._runtime.framework import TerraformStack
from sagemaker_tf.scaling import (
    Schedule,
    auto_scale_instance_count,
)
from tests.helpers import only, synth
from tests.helpers.scaling import SCHEDULED, fake, target_ref


def test_schedule_factories() -> None:
    assert Schedule.cron(hour="8", minute="0", week_day="MON-FRI").expression_string == "cron(0 8 ? * MON-FRI *)"
    assert Schedule.cron(minute="30", day="1").expression_string == "cron(30 * 1 * ? *)"
    assert Schedule.rate(datetime.timedelta(minutes=1)).expression_string == "rate(1 minute)"
    assert Schedule.rate(datetime.timedelta(hours=6)).expression_string == "rate(6 hours)"
    assert Schedule.rate(datetime.timedelta(days=2)).expression_string == "rate(2 days)"
    assert Schedule.rate(datetime.timedelta(minutes=90)).expression_string == "rate(90 minutes)"
    assert Schedule.at(datetime.datetime(2030, 1, 2, 3, 4, 5)).expression_string == "at(2030-01-02T03:04:05)"
    paris = datetime.timezone(datetime.timedelta(hours=1))
    assert (
        Schedule.at(datetime.datetime(2030, 1, 2, 3, 4, 5, tzinfo=paris)).expression_string == "at(2030-01-02T02:04:05)"
    )
    assert Schedule.expression(" rate(5 minutes) ").expression_string == "rate(5 minutes)"


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: Schedule.cron(day="1", week_day="MON"), "Cannot supply both 'day' and 'week_day'"),
        (lambda: Schedule.cron(hour="8 9"), "hour must be a non-empty cron field without spaces"),
        (lambda: Schedule.rate(datetime.timedelta(seconds=90)), "interval must be a whole number of minutes"),
        (lambda: Schedule.rate(datetime.timedelta(0)), "interval must be a whole number of minutes"),
        (lambda: Schedule.expression("every day"), r"expression must look like at\(...\), rate\(...\) or cron\(...\)"),
    ],
)
def test_bad_schedules_fail(make: Any, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        make()


def test_scheduled_action_renders_capacities_as_strings(stack: TerraformStack) -> None:
    count = auto_scale_instance_count(fake(stack), max_capacity=4)
    count.scale_on_schedule(
        "Night",
        schedule=Schedule.cron(hour="22", minute="0"),
        min_capacity=1,
        max_capacity=1,
        start_time=datetime.datetime(2030, 1, 1, 1, tzinfo=datetime.timezone(datetime.timedelta(hours=1))),
        end_time="2031-01-01T00:00:00Z",
        timezone="Europe/Paris",
    )
    doc = synth(stack)
    action = only(doc, SCHEDULED)
    assert action["scalable_target_action"] == {"min_capacity": "1", "max_capacity": "1"}
    assert action["schedule"] == "cron(0 22 * * ? *)"
    assert (action["start_time"], action["end_time"], action["timezone"]) == (
        "2030-01-01T00:00:00Z",
        "2031-01-01T00:00:00Z",
        "Europe/Paris",
    )
    for attribute in ("resource_id", "scalable_dimension", "service_namespace"):
        assert action[attribute] == target_ref(doc, attribute)
    assert re.fullmatch(r"Stack-Endpoint-InstanceCount-variant-Night-[0-9a-f]{8}", action["name"])


def test_scheduled_action_with_one_capacity_and_a_string_schedule(stack: TerraformStack) -> None:
    count = auto_scale_instance_count(fake(stack), max_capacity=4)
    count.scale_on_schedule("Morning", schedule="cron(0 8 * * ? *)", max_capacity=4, action_name="morning")
    action = only(synth(stack), SCHEDULED)
    assert action["scalable_target_action"] == {"max_capacity": "4"}
    assert action["name"] == "morning"
    assert "start_time" not in action and "timezone" not in action


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({}, "at least one of min_capacity or max_capacity"),
        ({"min_capacity": 3, "max_capacity": 2}, "min_capacity must be less than or equal to max_capacity"),
        ({"min_capacity": -1}, "min_capacity must be at least 0"),
        ({"max_capacity": 2, "start_time": datetime.datetime(2030, 1, 1)}, "start_time must be timezone-aware"),
        (
            {"max_capacity": 2, "end_time": "2030-01-01 00:00"},
            "end_time must be a datetime or a YYYY-MM-DDThh:mm:ssZ string",
        ),
        (
            {"max_capacity": 2, "start_time": "2031-01-01T00:00:00Z", "end_time": "2030-01-01T00:00:00Z"},
            "start_time must be before end_time",
        ),
        ({"max_capacity": 2, "action_name": "a/b"}, "action_name must be 1 to 256 characters without"),
    ],
)
def test_scheduled_action_argument_checks(stack: TerraformStack, kwargs: dict[str, Any], message: str) -> None:
    count = auto_scale_instance_count(fake(stack), max_capacity=4)
    with pytest.raises(ValidationError, match=message):
        count.scale_on_schedule("Bad", schedule=Schedule.rate(datetime.timedelta(hours=1)), **kwargs)
    assert count.node.try_find_child("Bad") is None


def test_unknown_timezone_fails_when_the_machine_knows_time_zones(stack: TerraformStack) -> None:
    import zoneinfo

    if not zoneinfo.available_timezones():
        pytest.skip("no time zone database on this machine")
    count = auto_scale_instance_count(fake(stack), max_capacity=4)
    with pytest.raises(ValidationError, match="timezone must be an IANA time zone name"):
        count.scale_on_schedule("Bad", schedule="rate(1 hour)", max_capacity=2, timezone="Mars/Olympus")
