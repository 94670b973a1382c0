"""Turn chosen course modules and weekly study hours into a week-by-week schedule (of what is left to study)."""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..course import MODULES, Module, module

MAX_HOURS_PER_WEEK = 40.0


@dataclass(frozen=True)
class StudyBlock:
    """Part of one module scheduled in one week."""

    week: int  # 1-based
    week_start: dt.date
    module_id: str
    title: str
    minutes: int
    part: int
    parts: int


@dataclass(frozen=True)
class StudyPlan:
    blocks: tuple[StudyBlock, ...]
    hours_per_week: float
    start: dt.date

    @property
    def weeks(self) -> int:
        return max((b.week for b in self.blocks), default=0)

    @property
    def total_minutes(self) -> int:
        return sum(b.minutes for b in self.blocks)

    @property
    def finish_week_start(self) -> dt.date:
        return self.start + dt.timedelta(weeks=self.weeks - 1)

    def minutes_in_week(self, week: int) -> int:
        return sum(b.minutes for b in self.blocks if b.week == week)


def plan_study(
    module_ids: Sequence[str], hours_per_week: float, start: dt.date,
    minutes_left: Mapping[str, int] | None = None,
) -> StudyPlan:
    """Schedule modules in course order, filling each week up to ``hours_per_week``.

    ``minutes_left`` (from the learner's progress) replaces a module's planned minutes; a module with none left is
    not scheduled. A module longer than what is left of a week is split across weeks ("part 1 of 2").
    Raises ``ValueError`` for no modules, unknown ids, hours outside (0, 40], or nothing left to study.
    """
    if not module_ids:
        raise ValueError("choose at least one module to plan")
    if isinstance(hours_per_week, bool) or not isinstance(hours_per_week, (int, float)):
        raise ValueError(f"hours per week must be a number, not {hours_per_week!r}")
    if not (0 < hours_per_week <= MAX_HOURS_PER_WEEK) or math.isnan(hours_per_week):
        raise ValueError(
            f"hours per week must be more than 0 and at most {MAX_HOURS_PER_WEEK:g}; got {hours_per_week:g}"
        )
    chosen = {module(m).id for m in module_ids}
    left_of = dict(minutes_left or {})
    ordered: list[Module] = [m for m in MODULES if m.id in chosen and left_of.get(m.id, m.minutes) > 0]
    if not ordered:
        raise ValueError("everything you chose is done: choose a module you have not finished")
    capacity = max(1, round(hours_per_week * 60))

    pieces: list[tuple[int, Module, int]] = []  # (week, module, minutes)
    week, left = 1, capacity
    for mod in ordered:
        remaining = left_of.get(mod.id, mod.minutes)
        while remaining > 0:
            if left == 0:
                week, left = week + 1, capacity
            take = min(remaining, left)
            pieces.append((week, mod, take))
            remaining -= take
            left -= take
    parts = Counter(mod.id for _, mod, _ in pieces)
    seen: Counter[str] = Counter()
    blocks = []
    for week_no, mod, minutes in pieces:
        seen[mod.id] += 1
        blocks.append(
            StudyBlock(
                week=week_no,
                week_start=start + dt.timedelta(weeks=week_no - 1),
                module_id=mod.id,
                title=mod.title,
                minutes=minutes,
                part=seen[mod.id],
                parts=parts[mod.id],
            )
        )
    return StudyPlan(blocks=tuple(blocks), hours_per_week=float(hours_per_week), start=start)
