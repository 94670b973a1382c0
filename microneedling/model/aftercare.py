"""Aftercare rules in force at a given time after a microneedling treatment (lesson 06).

Public API (other lessons and the graded aftercare quiz build on these names):

* :func:`rules_in_force` — the :class:`AftercareRule` records in force ``hours_after`` treatment.
* :func:`all_rules` — every aftercare rule, in data order.
* :func:`windows` — the teaching time windows (0-24 h, days 1-3, days 3-7, week 2+).
* :func:`day_plan` — a day-by-day plan from a treatment date/time, for the aftercare planner.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from ..facts import registry
from ..facts.kinds.protocol import AFTERCARE_KINDS, AftercareRule

__all__ = [
    "AFTERCARE_KINDS",
    "AftercareRule",
    "AftercareWindow",
    "DayPlan",
    "WINDOWS",
    "all_rules",
    "day_plan",
    "rules_in_force",
    "window_for",
]


@dataclass(frozen=True)
class AftercareWindow:
    """A teaching window of the aftercare timeline; ``end_hour`` None is open-ended."""

    id: str
    label: str
    start_hour: float
    end_hour: float | None


# The dossier's §10 windows; they organise teaching, the rules carry their own hours.
WINDOWS: tuple[AftercareWindow, ...] = (
    AftercareWindow("h0_24", "First 24 hours", 0, 24),
    AftercareWindow("d1_3", "Days 1-3", 24, 72),
    AftercareWindow("d3_7", "Days 3-7", 72, 168),
    AftercareWindow("w2", "Week 2 onwards", 168, None),
)


def all_rules() -> list[AftercareRule]:
    """Every aftercare rule in the facts, in data order."""
    return registry().of_kind(AftercareRule)


def _check_hours(hours_after: float) -> float:
    if isinstance(hours_after, bool) or not isinstance(hours_after, (int, float)) or math.isnan(hours_after):
        raise ValueError(f"hours after treatment must be a number of hours (0 or more), not {hours_after!r}")
    if hours_after < 0:
        raise ValueError(f"hours after treatment must be 0 or more; got {hours_after:g}")
    return float(hours_after)


def rules_in_force(hours_after: float) -> list[AftercareRule]:
    """The aftercare rules in force ``hours_after`` hours after treatment, grouped by kind.

    Order: expected, do, avoid, contact_clinic (``AFTERCARE_KINDS``), data order within a kind.
    Raises ``ValueError`` for a negative, non-numeric or NaN time.
    """
    hours = _check_hours(hours_after)
    rules = [rule for rule in all_rules() if rule.in_force(hours)]
    return sorted(rules, key=lambda rule: AFTERCARE_KINDS.index(rule.kind))


def window_for(hours_after: float) -> AftercareWindow:
    """The teaching window that contains ``hours_after``."""
    hours = _check_hours(hours_after)
    for window in WINDOWS:
        if window.end_hour is None or hours < window.end_hour:
            return window
    raise AssertionError("the last window is open-ended")


@dataclass(frozen=True)
class DayPlan:
    """Aftercare for one calendar day after treatment.

    ``rules`` are those in force at any time between ``start`` and ``end`` (the treatment time on day 0,
    midnight otherwise), so a rule that ends at 18:00 still appears on that day.
    """

    day: int
    date: dt.date
    start: dt.datetime
    end: dt.datetime
    rules: tuple[AftercareRule, ...]

    def of_kind(self, kind: str) -> list[AftercareRule]:
        return [rule for rule in self.rules if rule.kind == kind]


def day_plan(treated_at: dt.datetime, days: int = 14) -> list[DayPlan]:
    """Aftercare day by day for ``days`` calendar days, starting on the treatment day (day 0).

    Raises ``ValueError`` when ``treated_at`` is not a datetime or ``days`` is outside 1-60.
    """
    if not isinstance(treated_at, dt.datetime):
        raise ValueError(f"the treatment time must be a date and time, not {treated_at!r}")
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= 60:
        raise ValueError(f"days must be a whole number from 1 to 60; got {days!r}")
    rules = all_rules()
    plans = []
    for day in range(days):
        date = treated_at.date() + dt.timedelta(days=day)
        start = treated_at if day == 0 else dt.datetime.combine(date, dt.time(), treated_at.tzinfo)
        end = dt.datetime.combine(date + dt.timedelta(days=1), dt.time(), treated_at.tzinfo)
        first = (start - treated_at).total_seconds() / 3600
        last = (end - treated_at).total_seconds() / 3600
        active = [r for r in rules if r.start_hour < last and (r.end_hour is None or r.end_hour > first)]
        active.sort(key=lambda rule: AFTERCARE_KINDS.index(rule.kind))
        plans.append(DayPlan(day=day, date=date, start=start, end=end, rules=tuple(active)))
    return plans
