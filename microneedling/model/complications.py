"""When complications show themselves (lesson 08): the onset times the sources give, on one day axis.

Only numbers a cited fact states are placed; complications whose timing no source quantifies (herpes simplex,
post-inflammatory hyperpigmentation, tram-track scarring) are left off the axis rather than guessed.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..facts import Status, registry

__all__ = ["OnsetMark", "onset_marks"]

HOURS_PER_DAY = 24
DAYS_PER_WEEK = 7


@dataclass(frozen=True)
class OnsetMark:
    """A window (``start_day`` to ``end_day``) or a single reported time (``end_day`` None) after treatment."""

    label: str
    start_day: float
    end_day: float | None
    kind: str  # "expected" (a window of normal healing) or "reported" (a time seen in cases or series)
    fact_id: str
    status: Status


def _days(fact_id: str, unit_days: float = 1.0, index: int | None = None) -> float:
    value = registry().fact(fact_id).value
    number = value[index] if index is not None else value
    return float(number) * unit_days


def onset_marks() -> list[OnsetMark]:
    reg = registry()

    def mark(label: str, start: float, end: float | None, kind: str, fact_id: str) -> OnsetMark:
        return OnsetMark(label, start, end, kind, fact_id, reg.fact(fact_id).status)

    return [
        mark("Redness and swelling settle", 0, _days("adverse.transient_resolve_72h", 1 / HOURS_PER_DAY),
             "expected", "adverse.transient_resolve_72h"),
        mark("Short-lived effects are over", 0, _days("adverse.transient_up_to_7_days"), "expected",
             "adverse.transient_up_to_7_days"),
        mark("Granuloma began (case 1)", _days("complications.granuloma.onset_days", index=0), None,
             "reported", "complications.granuloma.onset_days"),
        mark("Granuloma began (case 2)", _days("complications.granuloma.onset_days", index=1), None,
             "reported", "complications.granuloma.onset_days"),
        mark("Mycobacteria: grid papules (laser)", _days("complications.ntm.grid_pattern_case"), None,
             "reported", "complications.ntm.grid_pattern_case"),
        mark("Mycobacteria: mean incubation", _days("adverse.ntm_incubation", DAYS_PER_WEEK), None, "reported",
             "adverse.ntm_incubation"),
        mark("Mycobacteria: diagnosed (28 cases)",
             _days("complications.ntm.time_to_diagnosis", DAYS_PER_WEEK), None, "reported",
             "complications.ntm.time_to_diagnosis"),
        mark("Mycobacteria: diagnosed (78 cases)",
             _days("complications.ntm.hard_to_prove", DAYS_PER_WEEK), None, "reported",
             "complications.ntm.hard_to_prove"),
    ]
