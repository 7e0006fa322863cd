"""Property tests of the metric helpers: random options fail with a ValidationError or synthesize valid alarms."""

from __future__ import annotations

import datetime
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from tests.helpers import make_stack, resources
from tests.helpers.fuzz import FUZZ, draw_mostly_valid, endpoint_variant, outcome
from tests.helpers.refcheck import assert_references_resolve

# ---------------------------------------------------------------------------------------------------------------
# EndpointConfig: variants, weights, counts, instance types, names
# ---------------------------------------------------------------------------------------------------------------


# ---------------------------------------------------------------------------------------------------------------
# scaling and metrics on an endpoint's variant
# ---------------------------------------------------------------------------------------------------------------


METRIC_VALID = {
    "statistic": st.one_of(
        st.none(), st.sampled_from(["Average", "Sum", "Maximum", "minimum", "p99", "p99.9", "tm90"])
    ),
    "period": st.one_of(
        st.none(), st.sampled_from([10, 30, 60, 300, 3600]).map(lambda s: datetime.timedelta(seconds=s))
    ),
    "evaluation_periods": st.integers(1, 6),
    "datapoints": st.none(),
    "threshold": st.floats(-1e6, 1e6, allow_nan=False),
    "alarm_name": st.one_of(st.none(), st.from_regex(r"[A-Za-z0-9_.-]{1,40}", fullmatch=True)),
}


METRIC_INVALID = {
    "statistic": st.sampled_from(["Bogus", "", "p101", 5]),
    "period": st.one_of(st.sampled_from([0, 45, 90, -60]).map(lambda s: datetime.timedelta(seconds=s)), st.just(300)),
    "evaluation_periods": st.sampled_from([0, -1, 1.5]),
    "datapoints": st.sampled_from([0, 7, -1]),
    "threshold": st.sampled_from(["high", None]),
    "alarm_name": st.sampled_from(["", "a" * 256]),
}


@FUZZ
@given(data=st.data())
def test_random_metric_options_fail_with_validation_errors_or_synthesize_valid_alarms(data: st.DataObject):
    p = draw_mostly_valid(data, METRIC_VALID, METRIC_INVALID)
    statistic, period, evaluation_periods = p["statistic"], p["period"], p["evaluation_periods"]
    datapoints, threshold, alarm_name = p["datapoints"], p["threshold"], p["alarm_name"]
    stack = make_stack()
    variant = endpoint_variant(stack)

    def build() -> None:
        options: dict[str, Any] = {}
        if statistic is not None:
            options["statistic"] = statistic
        if period is not None:
            options["period"] = period
        metric = variant.metric_model_latency(**options)
        metric.create_alarm(
            stack,
            "Alarm",
            threshold=threshold,
            evaluation_periods=evaluation_periods,
            datapoints_to_alarm=datapoints,
            alarm_name=alarm_name,
        )

    doc = outcome(stack, build)
    if doc is None:
        return
    (alarm,) = resources(doc, "aws_cloudwatch_metric_alarm")
    assert alarm["period"] in (10, 20, 30) or (alarm["period"] >= 60 and alarm["period"] % 60 == 0)
    assert alarm["evaluation_periods"] >= 1
    if alarm.get("datapoints_to_alarm") is not None:
        assert 1 <= alarm["datapoints_to_alarm"] <= alarm["evaluation_periods"]
    assert (alarm.get("statistic") is None) != (alarm.get("extended_statistic") is None)
    if alarm.get("alarm_name") is not None:
        assert 1 <= len(alarm["alarm_name"]) <= 255
    assert_references_resolve(doc)
