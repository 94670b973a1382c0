"""Complication triage (lesson 08): a client calls on day N with these signs -> what the practitioner does.

Public API:

* :func:`triage` — the decision for a day and a set of signs, with a reason, action, warning and sources per sign.
* :func:`rules`, :func:`rule_for` — the cited rules the decision is built from.
* :data:`LEVELS` (least to most urgent), :data:`LEVEL_LABELS`, :data:`SIGNS`, :data:`SIGN_GROUPS`.
* :func:`practice_calls`, :func:`practice_call` — worked telephone calls for the lesson and the widget.

The decision is the most urgent level among the signs, so a red-flag sign can never be downgraded by another
sign, and the order of the signs never matters. Each sign's level depends on the day only where the sources say
when an effect is expected (redness in the first week is expected; after it, it is not). Where the level a sign
gets rests on a secondary source or the course's own inference, the result says so (``uncertain``) instead of
sounding sure.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..facts import Status, registry
from ..facts.kinds.complications import LEVEL_LABELS, LEVEL_SHORT, LEVELS, SIGN_GROUPS, SIGNS, TriageRule

__all__ = [
    "LEVELS",
    "LEVEL_LABELS",
    "LEVEL_SHORT",
    "MAX_DAY",
    "PracticeCall",
    "SIGNS",
    "SIGN_GROUPS",
    "SignFinding",
    "TriageResult",
    "practice_call",
    "practice_calls",
    "rule_for",
    "rules",
    "triage",
    "weakest",
]

MAX_DAY = 365  # calls about a treatment more than a year ago are outside this triage

_STATUS_ORDER = (Status.CONFIRMED, Status.SECONDARY, Status.UNVERIFIED)


def weakest(statuses: Iterable[Status]) -> Status:
    """The least confirmed of ``statuses`` (confirmed when there are none)."""
    return max(statuses, key=_STATUS_ORDER.index, default=Status.CONFIRMED)


def rules() -> list[TriageRule]:
    """Every triage rule, in data order."""
    return registry().of_kind(TriageRule)


def rule_for(sign: str, day: int) -> TriageRule:
    """The rule for ``sign`` on ``day``; the data gives exactly one per sign and day (a test checks)."""
    for rule in rules():
        if rule.sign == sign and rule.applies_on(day):
            return rule
    raise LookupError(f"no triage rule for sign {sign!r} on day {day}")


@dataclass(frozen=True)
class SignFinding:
    """What one reported sign means on this day."""

    sign: str
    rule: TriageRule

    @property
    def text(self) -> str:
        return SIGNS[self.sign]

    @property
    def level(self) -> str:
        return self.rule.level

    @property
    def status(self) -> Status:
        """How firmly the sources support the level (the rule's own status)."""
        return self.rule.status

    @property
    def advice_status(self) -> Status:
        """How firmly the sources support the action and the warning."""
        reg = registry()
        return weakest(reg.record(f).status for f in self.rule.advice_basis)


@dataclass(frozen=True)
class TriageResult:
    day: int
    findings: tuple[SignFinding, ...]  # most urgent first, then in the order the signs were given
    level: str

    @property
    def signs(self) -> tuple[str, ...]:
        return tuple(f.sign for f in self.findings)

    @property
    def level_label(self) -> str:
        return LEVEL_LABELS[self.level]

    @property
    def decisive(self) -> tuple[SignFinding, ...]:
        """The findings that set the decision (those at the overall level)."""
        return tuple(f for f in self.findings if f.level == self.level)

    @property
    def uncertain(self) -> bool:
        """True when every sign that sets the level rests on something weaker than a confirmed source."""
        return all(f.status is not Status.CONFIRMED for f in self.decisive)

    @property
    def caveats(self) -> tuple[str, ...]:
        """One sentence per decisive sign whose level is not confirmed."""
        return tuple(
            f"'{f.text}' → {LEVEL_SHORT[f.level].lower()}: {f.status.caveat}."
            for f in self.decisive if f.status is not Status.CONFIRMED
        )

    @property
    def references(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(key for f in self.findings for key in f.rule.refs))


def _check_day(day: object) -> int:
    if isinstance(day, bool) or not isinstance(day, int):
        raise ValueError(f"the day after treatment must be a whole number from 0 to {MAX_DAY}, not {day!r}")
    if not 0 <= day <= MAX_DAY:
        raise ValueError(f"the day after treatment must be from 0 (the treatment day) to {MAX_DAY}, not {day}")
    return day


def triage(day: int, signs: Iterable[str]) -> TriageResult:
    """Triage a call on ``day`` (0 = the treatment day) reporting ``signs`` (ids from :data:`SIGNS`).

    Raises ``ValueError`` in plain words for a day outside 0-365, no signs, or an unknown sign.
    """
    day = _check_day(day)
    if isinstance(signs, str):
        raise ValueError("signs must be a list of sign ids, not a single string")
    wanted = list(dict.fromkeys(signs))
    if not wanted:
        raise ValueError("tick at least one sign the client reports")
    unknown = [s for s in wanted if s not in SIGNS]
    if unknown:
        raise ValueError(f"unknown sign(s) {unknown}; known signs: {list(SIGNS)}")
    findings = [SignFinding(sign, rule_for(sign, day)) for sign in wanted]
    order = {sign: index for index, sign in enumerate(wanted)}
    findings.sort(key=lambda f: (-LEVELS.index(f.level), order[f.sign]))
    level = findings[0].level
    return TriageResult(day=day, findings=tuple(findings), level=level)


@dataclass(frozen=True)
class PracticeCall:
    """A telephone call for practice: who calls, on which day, what they say, and the signs it contains."""

    id: str
    title: str
    story: str
    day: int
    signs: tuple[str, ...]

    def result(self) -> TriageResult:
        return triage(self.day, self.signs)


# Written for the course; each call's expected decision comes from :func:`triage`, never from this table.
_CALLS: tuple[PracticeCall, ...] = (
    PracticeCall("call.day1_redness", "Day 1: 'my face is still red'",
                 "Hannah had her cheeks treated yesterday. She calls this morning: her face is red, warm and a "
                 "little puffy, 'like a sunburn'. It is no worse than last night and she feels well.",
                 1, ("redness",)),
    PracticeCall("call.day4_pus", "Day 4: 'it's getting worse and weeping'",
                 "Marcus, four days after treatment of acne scars on his chin, says the redness has spread since "
                 "yesterday, the area is hot and sore, and there are yellow crusts that weep. No fever.",
                 4, ("worsening", "pus")),
    PracticeCall("call.day2_eye", "Day 2: swollen eyelid",
                 "Joy had her forehead and cheeks treated two days ago. Since this morning the skin round her left "
                 "eye is red and swollen, and now the eye itself is red and she cannot move it fully to the side.",
                 2, ("near_eye_nose", "eye_signs")),
    PracticeCall("call.day5_streaks", "Day 5: red lines up the neck",
                 "Olu had his jawline treated five days ago. The treated skin has become redder, hotter and more "
                 "painful each day, and this evening he noticed red lines running down his neck. Otherwise he feels "
                 "well.",
                 5, ("worsening", "red_streaks")),
    PracticeCall("call.day3_blisters", "Day 3: tingling spots by the lip",
                 "Dev had perioral lines treated three days ago. Last night his upper lip tingled; this morning there "
                 "is a cluster of small blisters at the edge of the lip.",
                 3, ("blisters",)),
    PracticeCall("call.day24_lump", "Day 24: a firm lump",
                 "Elena, 24 days after treatment of her cheeks, has two firm red lumps that appeared last week. She "
                 "feels well. Her GP gave her a week of antibiotics, which did not help.",
                 24, ("nodules", "grid_papules")),
    PracticeCall("call.day0_numbing", "Day 0: before her appointment",
                 "Chloe calls from the car park an hour before her appointment. She put a thick layer of numbing cream "
                 "bought online over her whole face and neck and covered it with cling film. Her lips feel numb, her "
                 "ears are ringing and she feels dizzy.",
                 0, ("numbing_toxicity",)),
    PracticeCall("call.day35_patches", "Day 35: darker patches",
                 "Kwame, five weeks after his second session for acne scars, notices darker patches where the "
                 "redness was. They do not hurt and he feels well.",
                 35, ("dark_patches",)),
    PracticeCall("call.day10_redness", "Day 10: still red",
                 "Sofia had her first treatment ten days ago. The redness never quite settled; it is not spreading "
                 "and not painful, but her cheeks are still pink.",
                 10, ("redness",)),
    PracticeCall("call.day1_throat", "Day 1: itchy and breathless",
                 "Rosa's partner calls: since Rosa applied a new 'recovery serum' an hour ago her face is itchy and "
                 "swollen, her lips are swelling, her voice sounds hoarse and she is wheezing.",
                 1, ("itchy_rash", "anaphylaxis")),
)


def practice_calls() -> tuple[PracticeCall, ...]:
    return _CALLS


def practice_call(call_id: str) -> PracticeCall:
    for call in _CALLS:
        if call.id == call_id:
            return call
    raise ValueError(f"unknown practice call {call_id!r}; calls: {[c.id for c in _CALLS]}")


def level_index(level: str) -> int:
    """Position of ``level`` from least (0) to most urgent."""
    return LEVELS.index(level)


def all_sign_groups() -> tuple[tuple[str, tuple[tuple[str, str], ...]], ...]:
    return SIGN_GROUPS
