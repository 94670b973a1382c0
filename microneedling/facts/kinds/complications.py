"""Record kinds for lessons 08-09: the complication triage rules.

* ``[[triage_rule]]`` — what one sign a client reports means from day ``from_day`` to ``to_day`` after
  treatment: the triage level, what it may be, what the practitioner does and must not do, and the facts
  each part rests on (``basis`` for the level, ``advice_basis`` for the action and the warning).

A rule is a decision built on cited facts, not a new fact: its ``refs`` are exactly the references of
its facts and its ``status`` is the weakest status among its ``basis`` facts (a test enforces both), so a
level that rests on an unverified inference says so wherever it is shown.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..schema import Record, record_kind

# Triage levels, least to most urgent. The overall decision for a call is the most urgent level among its signs.
LEVELS: tuple[str, ...] = ("reassure", "routine_review", "same_day_review", "urgent_referral", "emergency")
LEVEL_LABELS: dict[str, str] = {
    "reassure": "Reassure and repeat the aftercare advice",
    "routine_review": "Book a review appointment (not urgent)",
    "same_day_review": "Same-day review",
    "urgent_referral": "Urgent referral: hospital or specialist today",
    "emergency": "Call emergency services now (999 / 112 / 911)",
}
LEVEL_SHORT: dict[str, str] = {
    "reassure": "Reassure",
    "routine_review": "Routine review",
    "same_day_review": "Same-day review",
    "urgent_referral": "Urgent referral",
    "emergency": "Emergency services",
}

# What a client may report, in their words, grouped as the widget shows them. Ids are stable: rules,
# practice calls and tests refer to them.
SIGN_GROUPS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    ("The skin", (
        ("redness", "Redness like a sunburn, warmth or mild swelling that is not getting worse"),
        ("flaking", "Dryness, flaking or light scabbing"),
        ("spots_milia", "A few spots, or tiny white bumps (milia)"),
        ("worsening", "Redness, swelling, warmth or pain that is getting worse, not better"),
        ("pus", "Pus, yellow crusts or weeping"),
        ("itchy_rash", "An itchy rash or swelling where a product was applied"),
        ("blisters", "Grouped small blisters or sores with tingling or burning"),
    )),
    ("Later changes", (
        ("nodules", "New firm red lumps, nodules or an abscess"),
        ("grid_papules", "Bumps in lines or a grid like the device's pattern, not settling on antibiotics"),
        ("dark_patches", "Darker patches appearing on the treated skin"),
        ("lines_of_marks", "Lines or rows of marks following the path of the device"),
    )),
    ("Spreading infection", (
        ("red_streaks", "Red streaks spreading away from the treated area"),
        ("near_eye_nose", "Spreading redness and swelling around the eye or nose"),
        ("not_responding", "Infection still spreading after starting oral antibiotics"),
        ("unwell", "Feeling very unwell: fever or shivering, fast heartbeat or breathing, confusion"),
    )),
    ("Emergencies", (
        ("eye_signs", "Eye problems: red or bulging eye, eye movements restricted, reduced vision"),
        ("numbing_toxicity", "After numbing cream: numb lips or tongue, metallic taste, ringing ears, "
                             "dizziness, twitching"),
        ("grey_blue", "After numbing cream: blue or grey lips or skin, breathless"),
        ("anaphylaxis", "Swelling of lips, tongue or throat, hoarse voice, wheeze or trouble breathing"),
        ("collapse", "Collapsed, unresponsive, or not breathing normally"),
    )),
)
SIGNS: dict[str, str] = {sign: text for _, group in SIGN_GROUPS for sign, text in group}


def _check_choice(field: str, value: str, choices) -> None:
    if value not in choices:
        raise ValueError(f"{field} {value!r} is not one of {list(choices)}")


@record_kind("triage_rule")
@dataclass(frozen=True)
class TriageRule(Record):
    """What ``sign`` means from ``from_day`` to ``to_day`` (inclusive; None = no end) after treatment."""

    sign: str = ""
    from_day: int = 0
    to_day: int | None = None
    level: str = "reassure"
    concern: str = ""  # what it may be
    reason: str = ""  # why this level
    action: str = ""  # what the practitioner does
    avoid: str = ""  # what not to do ("" when no source gives a warning)
    basis: tuple[str, ...] = ()  # fact ids the level rests on
    advice_basis: tuple[str, ...] = ()  # fact ids behind the action and the warning

    def __post_init__(self) -> None:
        _check_choice("sign", self.sign, SIGNS)
        _check_choice("level", self.level, LEVELS)
        if self.from_day < 0:
            raise ValueError(f"from_day must be 0 or more, got {self.from_day}")
        if self.to_day is not None and self.to_day < self.from_day:
            raise ValueError(f"to_day {self.to_day} is before from_day {self.from_day}")
        if not self.basis:
            raise ValueError("a triage rule needs basis: the fact ids its level rests on")
        for name in ("concern", "reason", "action"):
            if not getattr(self, name).strip():
                raise ValueError(f"a triage rule needs a {name}")

    def applies_on(self, day: int) -> bool:
        return self.from_day <= day and (self.to_day is None or day <= self.to_day)
