"""The healing phase on day N after needling, and the timed milestones reached by then.

Phase boundaries come from a device maker's microneedling timeline (the only source with clear day
ranges); the general wound-healing facts are shown beside it. Both say the phases overlap in reality.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..facts import registry
from ..facts.kinds.science import HealingMilestone, HealingPhase

MAX_DAY = 730  # remodelling lasts up to about 1-2 years


def phases() -> list[HealingPhase]:
    return sorted(registry().of_kind(HealingPhase), key=lambda p: p.order)


def milestones() -> list[HealingMilestone]:
    return sorted(registry().of_kind(HealingMilestone), key=lambda m: m.hours)


def check_day(day: float) -> float:
    if isinstance(day, bool) or not isinstance(day, int | float) or math.isnan(day):
        raise ValueError(f"day must be a number, not {day!r}")
    if not 0 <= day <= MAX_DAY:
        raise ValueError(f"day must be between 0 and {MAX_DAY}; got {day:g}")
    return float(day)


def phase_on_day(day: float) -> HealingPhase | None:
    """The phase covering ``day`` (a boundary day belongs to the later phase); None after the last phase ends."""
    day = check_day(day)
    ordered = phases()
    for phase in ordered:
        if phase.start_day <= day and (phase.end_day is None or day < phase.end_day):
            return phase
    last = ordered[-1]
    return last if day == last.end_day else None


@dataclass(frozen=True)
class HealingDay:
    day: float
    phase: HealingPhase | None
    reached: tuple[HealingMilestone, ...]  # milestones whose time has passed
    ahead: tuple[HealingMilestone, ...]

    @property
    def hours(self) -> float:
        return self.day * 24


def healing_on_day(day: float) -> HealingDay:
    """What is happening in the skin on ``day`` (0 = the day of treatment, counted in 24-hour steps)."""
    day = check_day(day)
    hours = day * 24
    all_milestones = milestones()
    return HealingDay(day=day, phase=phase_on_day(day),
                      reached=tuple(m for m in all_milestones if m.hours <= hours),
                      ahead=tuple(m for m in all_milestones if m.hours > hours))
