"""Step scaling intervals: normalizing the steps and finding where the two alarms' thresholds go (as AWS CDK)."""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

from .._validation import check_int, check_number, fail


@dataclass(frozen=True, kw_only=True)
class ScalingInterval:
    """A range of metric values and the capacity change to apply in it (step scaling).

    Leave out ``lower`` or ``upper`` to take it from the neighbouring interval. The first interval starts at 0
    and the last one extends to infinity.

    Example::

        steps = [
            sagemaker.ScalingInterval(upper=10, change=-1),
            sagemaker.ScalingInterval(lower=50, change=+1),
            sagemaker.ScalingInterval(lower=70, change=+3),
        ]
    """

    change: int
    lower: float | None = None
    upper: float | None = None

    def __post_init__(self) -> None:
        where = "ScalingInterval"
        change: object = self.change  # annotated int, but a whole float is accepted
        if isinstance(change, float) and change.is_integer():
            object.__setattr__(self, "change", int(change))
        check_int(where, "change", self.change)
        for name in ("lower", "upper"):
            value = getattr(self, name)
            if value is not None:
                check_number(where, name, value)
        if self.lower is None and self.upper is None:
            fail(where, f"Must supply at least one of 'upper' or 'lower' (got change={self.change})")
        if self.lower is not None and self.upper is not None and self.lower >= self.upper:
            fail(where, f"lower must be less than upper (got lower={self.lower}, upper={self.upper})")


@dataclass
class _Interval:
    lower: float
    upper: float
    change: int | None


def _normalize_intervals(where: str, steps: Sequence[ScalingInterval], absolute: bool) -> list[_Interval]:
    """Sort the steps, fill in missing bounds, cover [0, inf) and leave at most one no-change gap."""
    ordered = sorted(steps, key=lambda s: s.lower if s.lower is not None else s.upper)  # type: ignore[arg-type,return-value]
    lowers: list[float | None] = [s.lower for s in ordered]
    uppers: list[float | None] = [s.upper for s in ordered]
    changed = True
    while changed:
        changed = False
        for i in range(len(ordered) - 1):  # an upper bound is the next interval's lower bound
            if uppers[i] is not None and lowers[i + 1] is None:
                lowers[i + 1], changed = uppers[i], True
        for i in range(len(ordered) - 1, 0, -1):  # and a lower bound the previous interval's upper bound
            if lowers[i] is not None and uppers[i - 1] is None:
                uppers[i - 1], changed = lowers[i], True
    if lowers[0] is None:
        lowers[0] = 0
    if uppers[-1] is None:
        uppers[-1] = math.inf
    full = [_Interval(float(lo), float(up), s.change) for lo, up, s in zip(lowers, uppers, ordered, strict=False)]  # type: ignore[arg-type]
    for a, b in itertools.pairwise(full):
        if a.lower < b.upper and a.upper > b.lower:
            fail(where, f"Two intervals overlap: [{a.lower:g}, {a.upper:g}) and [{b.lower:g}, {b.upper:g})")

    # Cover the whole number line from 0 with no-change (None) intervals in the gaps.
    if full[0].lower > 0:
        full.insert(0, _Interval(0.0, full[0].lower, None))
    elif full[0].lower < 0:
        fail(where, f"scaling_steps cannot start below 0 (got lower={full[0].lower:g})")
    if full[-1].upper != math.inf:
        full.append(_Interval(full[-1].upper, math.inf, None))
    i = 1
    while i < len(full):
        if full[i - 1].upper < full[i].lower:
            full.insert(i, _Interval(full[i - 1].upper, full[i].lower, None))
        i += 1
    if not absolute:  # a relative change of 0 means "do nothing"
        for interval in full:
            if interval.change == 0:
                interval.change = None
    merged: list[_Interval] = []
    for interval in full:
        if merged and merged[-1].change is None and interval.change is None:
            merged[-1].upper = interval.upper
        else:
            merged.append(interval)
    gaps = [x for x in merged if x.change is None]
    if len(gaps) > 1:
        shown = ", ".join(f"[{x.lower:g}, {x.upper:g})" for x in gaps)
        fail(where, f"Can have at most one no-change interval, got {shown}")
    return merged


def _alarm_indices(intervals: list[_Interval]) -> tuple[int | None, int | None]:
    """The interval that carries the lower alarm's threshold and the one that carries the upper's."""
    gap = next((i for i, x in enumerate(intervals) if x.change is None), None)
    if gap is not None:
        return (gap - 1 if gap > 0 else None, gap + 1 if gap < len(intervals) - 1 else None)
    if len(intervals) == 1:
        return None, 0
    middle = len(intervals) // 2
    return middle - 1, middle
