"""Scheduled scaling: the schedule expressions and the timestamp and time zone checks."""

from __future__ import annotations

import datetime
from typing import Any

from .._runtime.tokens import is_token
from .._validation import check_duration, check_str, check_type, fail, show
from ._common import _SCHEDULE_RULE, _TIMESTAMP_RULE


class Schedule:
    """When a scheduled scaling action runs: ``at(...)``, ``rate(...)`` or ``cron(...)`` (Application Auto Scaling).

    Example::

        sagemaker.Schedule.cron(hour="8", minute="0", week_day="MON-FRI")    # cron(0 8 ? * MON-FRI *)
        sagemaker.Schedule.rate(timedelta(hours=6))                           # rate(6 hours)
        sagemaker.Schedule.at(datetime(2030, 1, 1, 9, 0))                     # at(2030-01-01T09:00:00)
        sagemaker.Schedule.expression("cron(0 20 * * ? *)")
    """

    def __init__(self, expression_string: str) -> None:
        self.expression_string = expression_string

    def __repr__(self) -> str:
        return f"Schedule({self.expression_string!r})"

    @staticmethod
    def expression(expression: str) -> Schedule:
        """A literal ``at(...)``, ``rate(...)`` or ``cron(...)`` expression."""
        check_str("Schedule.expression", "expression", expression)
        if not is_token(expression) and not _SCHEDULE_RULE.fullmatch(expression.strip()):
            fail(
                "Schedule.expression",
                f"expression must look like at(...), rate(...) or cron(...) (got {show(expression)!r})",
            )
        return Schedule(expression.strip())

    @staticmethod
    def rate(interval: datetime.timedelta) -> Schedule:
        """Every ``interval`` (whole minutes, at least one)."""
        seconds = check_duration("Schedule.rate", "interval", interval)
        if seconds is None or seconds < 60 or seconds % 60:
            fail("Schedule.rate", f"interval must be a whole number of minutes, at least 1 (got {show(interval)})")
        minutes = seconds // 60
        for size, unit in ((1440, "day"), (60, "hour"), (1, "minute")):
            if minutes % size == 0:
                count = minutes // size
                return Schedule(f"rate({count} {unit}{'' if count == 1 else 's'})")
        raise AssertionError("unreachable")

    @staticmethod
    def at(moment: datetime.datetime) -> Schedule:
        """Once, at ``moment``: a timezone-aware datetime is converted to UTC; a naive one is taken as written,
        in the action's ``timezone`` (UTC by default)."""
        check_type("Schedule.at", "moment", moment, (datetime.datetime,), "a datetime.datetime")
        if moment.tzinfo is not None:
            moment = moment.astimezone(datetime.UTC).replace(tzinfo=None)
        return Schedule(f"at({moment.replace(microsecond=0).isoformat()})")

    @staticmethod
    def cron(
        *,
        minute: str | None = None,
        hour: str | None = None,
        day: str | None = None,
        month: str | None = None,
        week_day: str | None = None,
        year: str | None = None,
    ) -> Schedule:
        """A cron schedule; unset fields are ``*`` (``?`` for the day field not used)."""
        where = "Schedule.cron"
        fields = {"minute": minute, "hour": hour, "day": day, "month": month, "week_day": week_day, "year": year}
        for name, value in fields.items():
            if value is not None:
                check_str(where, name, value)
                if not value or any(c.isspace() for c in value):
                    fail(where, f"{name} must be a non-empty cron field without spaces (got {show(value)!r})")
        if day is not None and week_day is not None:
            fail(
                where,
                f"Cannot supply both 'day' and 'week_day', use at most one (got day={day!r}, week_day={week_day!r})",
            )
        parts = [
            minute or "*",
            hour or "*",
            day or ("?" if week_day is not None else "*"),
            month or "*",
            week_day or "?",
            year or "*",
        ]
        return Schedule(f"cron({' '.join(parts)})")


def _timestamp(where: str, name: str, value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None:
            fail(
                where,
                f"{name} must be timezone-aware, e.g. datetime(..., tzinfo=timezone.utc) (got {value.isoformat()})",
            )
        return value.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    text = check_str(where, name, value)
    if not is_token(text) and not _TIMESTAMP_RULE.fullmatch(text):
        fail(where, f"{name} must be a datetime or a YYYY-MM-DDThh:mm:ssZ string (got {show(text)!r})")
    return text


def _check_timezone(where: str, timezone: Any) -> None:
    check_str(where, "timezone", timezone)
    if is_token(timezone):
        return
    import zoneinfo

    try:
        zoneinfo.ZoneInfo(timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        if zoneinfo.available_timezones():  # only judge when this machine has a time zone database
            fail(
                where,
                f"timezone must be an IANA time zone name such as Europe/Paris or Etc/UTC (got {show(timezone)!r})",
            )
