"""Aftercare rules in force at a given time after a microneedling treatment, the client's plan and handout
(lesson 06).

Public API (other lessons and the graded aftercare quiz build on these names):

* :func:`rules_in_force` — the :class:`AftercareRule` records in force ``hours_after`` treatment.
* :func:`all_rules` — every aftercare rule, in data order.
* :data:`WINDOWS` / :func:`window_for` — the teaching time windows (0-24 h, days 1-3, days 3-7, week 2+).
* :func:`contradictions` — pairs of rules in force at the same hour where one uses what the other forbids.
* :func:`window_plan` — a treatment date/time turned into dated windows, each rule listed once where it starts.
* :func:`handout` — the client's one-page handout built from that plan; ``Handout.text()`` prints it.
"""

from __future__ import annotations

import datetime as dt
import math
import textwrap
from dataclasses import dataclass

from ..facts import registry
from ..facts.kinds.protocol import AFTERCARE_KINDS, AftercareRule

__all__ = [
    "AFTERCARE_KINDS",
    "AftercareRule",
    "AftercareWindow",
    "Contradiction",
    "Handout",
    "ScheduledRule",
    "WINDOWS",
    "WindowPlan",
    "all_rules",
    "contradictions",
    "handout",
    "rules_in_force",
    "window_for",
    "window_plan",
]

# Rules that are always in force after treatment; the plan and handout list them once, apart from the windows.
STANDING_KINDS: tuple[str, ...] = ("contact_clinic", "emergency")
# A handout a client reads fits one printed page: at most this many lines of at most this many characters.
PAGE_LINES = 60
PAGE_WIDTH = 80


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


def _by_kind(rules: list[AftercareRule]) -> list[AftercareRule]:
    return sorted(rules, key=lambda rule: AFTERCARE_KINDS.index(rule.kind))


def rules_in_force(hours_after: float) -> list[AftercareRule]:
    """The aftercare rules in force ``hours_after`` hours after treatment, grouped by kind.

    Order: ``AFTERCARE_KINDS`` (expected, do, avoid, contact_clinic, emergency), data order within a kind.
    Raises ``ValueError`` for a negative, non-numeric or NaN time.
    """
    hours = _check_hours(hours_after)
    return _by_kind([rule for rule in all_rules() if rule.in_force(hours)])


def window_for(hours_after: float) -> AftercareWindow:
    """The teaching window that contains ``hours_after``."""
    hours = _check_hours(hours_after)
    for window in WINDOWS:
        if window.end_hour is None or hours < window.end_hour:
            return window
    raise AssertionError("the last window is open-ended")


# ---- contradictions ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Contradiction:
    """Rule ``using`` tells the client to use or do ``items`` while rule ``forbidding`` forbids them."""

    using: AftercareRule
    forbidding: AftercareRule
    items: tuple[str, ...]
    hour: float  # the first hour at which both are in force

    def __str__(self) -> str:
        return (f"at {self.hour:g} h, {self.using.id!r} uses {list(self.items)} that "
                f"{self.forbidding.id!r} forbids")


def _conflict(using: AftercareRule, forbidding: AftercareRule) -> tuple[str, ...]:
    return tuple(item for item in using.uses if item in forbidding.forbids)


def contradictions(rules: list[AftercareRule] | None = None) -> list[Contradiction]:
    """Every pair of rules in force at the same hour where one uses an item the other forbids.

    Rules change only at their start hours, so checking each start hour finds every overlap.
    """
    rules = all_rules() if rules is None else rules
    found: dict[tuple[str, str], Contradiction] = {}
    for hour in sorted({rule.start_hour for rule in rules}):
        in_force = [rule for rule in rules if rule.in_force(hour)]
        for using in in_force:
            for forbidding in in_force:
                items = _conflict(using, forbidding)
                if items and (using.id, forbidding.id) not in found:
                    found[(using.id, forbidding.id)] = Contradiction(using, forbidding, items, hour)
    return list(found.values())


# ---- the dated plan ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ScheduledRule:
    """A rule placed on the calendar: from ``start`` up to ``end`` (None: no end)."""

    rule: AftercareRule
    start: dt.datetime
    end: dt.datetime | None


@dataclass(frozen=True)
class WindowPlan:
    """One teaching window on the calendar with the rules that start in it (each rule appears in one window)."""

    window: AftercareWindow
    start: dt.datetime
    end: dt.datetime | None
    rules: tuple[ScheduledRule, ...]

    def of_kind(self, kind: str) -> list[ScheduledRule]:
        return [s for s in self.rules if s.rule.kind == kind]


def _check_treated_at(treated_at: dt.datetime) -> None:
    if not isinstance(treated_at, dt.datetime):
        raise ValueError(f"the treatment time must be a date and time, not {treated_at!r}")


def _at(treated_at: dt.datetime, hours: float | None) -> dt.datetime | None:
    return None if hours is None else treated_at + dt.timedelta(hours=hours)


def _schedule(rule: AftercareRule, treated_at: dt.datetime) -> ScheduledRule:
    return ScheduledRule(rule, _at(treated_at, rule.start_hour), _at(treated_at, rule.end_hour))


def window_plan(treated_at: dt.datetime) -> tuple[WindowPlan, ...]:
    """The teaching windows dated from ``treated_at``; each expected/do/avoid rule sits in the window where it
    starts, so nothing is listed twice. Contact-the-clinic and emergency rules are in :func:`standing_rules`."""
    _check_treated_at(treated_at)
    rules = [r for r in all_rules() if r.kind not in STANDING_KINDS]
    plans = []
    for window in WINDOWS:
        starting = [r for r in rules if window.start_hour <= r.start_hour
                    and (window.end_hour is None or r.start_hour < window.end_hour)]
        plans.append(WindowPlan(window, _at(treated_at, window.start_hour), _at(treated_at, window.end_hour),
                                tuple(_schedule(r, treated_at) for r in _by_kind(starting))))
    return tuple(plans)


def standing_rules(treated_at: dt.datetime) -> tuple[ScheduledRule, ...]:
    """The reasons to contact the clinic and the emergency signs, dated from ``treated_at``."""
    _check_treated_at(treated_at)
    return tuple(_schedule(r, treated_at) for r in _by_kind([r for r in all_rules() if r.kind in STANDING_KINDS]))


# ---- the client handout -----------------------------------------------------------------------------------

def when(moment: dt.datetime) -> str:
    """'Tue 3 Mar, 15:00' — short enough for a handout line, unambiguous within a fortnight."""
    return f"{moment:%a} {moment.day} {moment:%b}, {moment:%H:%M}"


def _qualified(item: ScheduledRule, start: dt.datetime, end: dt.datetime | None) -> str:
    """The rule's text, led by its own dates where they differ from its section's (``start`` to ``end``)."""
    starts_later = item.start > start
    ends_elsewhere = item.end is not None and item.end != end
    if starts_later and ends_elsewhere:
        return f"From {when(item.start)} until {when(item.end)}: {item.rule.text}"
    if starts_later:
        return f"From {when(item.start)}: {item.rule.text}"
    if ends_elsewhere:
        return f"Until {when(item.end)}: {item.rule.text}"
    return item.rule.text


@dataclass(frozen=True)
class Handout:
    """The client's aftercare sheet: the emergency line first, then same-day reasons to call, then the windows."""

    treated_at: dt.datetime
    windows: tuple[WindowPlan, ...]
    standing: tuple[ScheduledRule, ...]
    clinic_phone: str = ""

    def contradictions(self) -> list[tuple[ScheduledRule, ScheduledRule, tuple[str, ...]]]:
        """Pairs of lines printed in the same section where one uses what the other forbids."""
        found = []
        for plan in self.windows:
            for using in plan.rules:
                for forbidding in plan.rules:
                    items = _conflict(using.rule, forbidding.rule)
                    if items:
                        found.append((using, forbidding, items))
        return found

    def text(self) -> str:
        """The handout as plain text that prints on one page (``PAGE_LINES`` x ``PAGE_WIDTH``)."""
        bullet = textwrap.TextWrapper(width=PAGE_WIDTH, initial_indent="- ", subsequent_indent="  ")
        plain = textwrap.TextWrapper(width=PAGE_WIDTH)
        phone = self.clinic_phone.strip() or "______________________"
        lines = [f"AFTER YOUR MICRONEEDLING TREATMENT: {self.treated_at:%A} {self.treated_at.day} "
                 f"{self.treated_at:%B %Y}, {self.treated_at:%H:%M}", f"Clinic telephone: {phone}", ""]
        for kind, heading in (("emergency", "EMERGENCY"),
                              ("contact_clinic", "CALL THE CLINIC THE SAME DAY (we will see you and arrange care) "
                                                 "for:")):
            lines += plain.wrap(heading)
            for item in (s for s in self.standing if s.rule.kind == kind):
                lines += bullet.wrap(_qualified(item, self.treated_at, None))
            lines.append("")
        for plan in self.windows:
            end = f" to {when(plan.end)}" if plan.end else " onwards"
            lines.append(f"{plan.window.label.upper()}: {when(plan.start)}{end}")
            expected = " ".join(s.rule.text for s in plan.of_kind("expected"))
            if expected:
                lines += bullet.wrap(f"Expect: {expected}")
            for item in (*plan.of_kind("do"), *plan.of_kind("avoid")):
                lines += bullet.wrap(_qualified(item, plan.start, plan.end))
            lines.append("")
        lines.append("These timings are a clinic protocol; no trial has fixed them.")
        return "\n".join(lines)


def handout(treated_at: dt.datetime, clinic_phone: str = "") -> Handout:
    """The client handout for a treatment at ``treated_at`` (``ValueError`` if it is not a date and time)."""
    return Handout(treated_at, window_plan(treated_at), standing_rules(treated_at), clinic_phone)
