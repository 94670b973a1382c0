"""Record kinds for the science and device lessons (01-03): skin layers, healing, depth, devices, evidence.

Numbers that a quiz may key on live in plain :class:`~microneedling.facts.schema.Fact` records; these
kinds hold structured rows (a thickness table row, a depth range, a healing phase) that the models and
lesson tables read.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..schema import Fact, Record, record_kind

SEXES = ("female", "male", "any")


@record_kind("skin_thickness")
@dataclass(frozen=True)
class SkinThickness(Record):
    """Mean layer thickness at one region for one sex ('any' when the source did not split by sex)."""

    region: str = ""  # machine key, e.g. "forehead"
    label: str = ""  # "Forehead"
    area: str = ""  # face | neck | body
    sex: str = "any"
    epidermis_mm: float | None = None
    dermis_mm: float | None = None
    total_mm: float | None = None
    method: str = ""  # how it was measured, e.g. "high-frequency ultrasound, 118 adults"

    def __post_init__(self) -> None:
        if self.sex not in SEXES:
            raise ValueError(f"sex {self.sex!r} is not one of {list(SEXES)}")


@record_kind("healing_phase")
@dataclass(frozen=True)
class HealingPhase(Record):
    """One phase of a healing timeline; ``end_day`` None means the source gives no end."""

    name: str = ""
    timeline: str = ""  # which source's timeline the phase belongs to
    order: int = 0
    start_day: float = 0.0
    end_day: float | None = None
    events: str = ""  # what happens in the skin, in the course's words
    related: tuple[str, ...] = ()  # ids of general wound-healing facts that describe the same period


HOURS_PER_UNIT = {"h": 1.0, "days": 24.0, "weeks": 24.0 * 7, "months": 24.0 * 30.44}


@record_kind("healing_milestone")
@dataclass(frozen=True)
class HealingMilestone(Fact):
    """A timed observation after needling (e.g. channels closed by 18 h); ``value`` is a number or [low, high]."""

    label: str = ""  # short text for a timeline marker

    @property
    def hours(self) -> float:
        """When the milestone has been reached: the upper end of its value, in hours."""
        if self.unit not in HOURS_PER_UNIT:
            raise ValueError(f"{self.id}: unit {self.unit!r} is not one of {sorted(HOURS_PER_UNIT)}")
        value = self.value[-1] if isinstance(self.value, tuple) else self.value
        return float(value) * HOURS_PER_UNIT[self.unit]


AREAS = ("face", "neck", "body")


@record_kind("depth_range")
@dataclass(frozen=True)
class DepthRange(Record):
    """Set needle depths reported in the literature for one indication (not device instructions).

    ``areas`` are the body areas the reports come from: a range reported on the body never applies to the
    face or neck. ``adjunct`` names the fact explaining a drug the reports combined with needling (a
    prescriber-led, off-label adjunct), or is empty.
    """

    indication: str = ""  # machine key
    label: str = ""
    min_mm: float = 0.0
    max_mm: float = 0.0
    note: str = ""
    areas: tuple[str, ...] = AREAS
    adjunct: str = ""

    def __post_init__(self) -> None:
        unknown = sorted(set(self.areas) - set(AREAS))
        if unknown or not self.areas:
            raise ValueError(f"areas {list(self.areas)} must be a non-empty subset of {list(AREAS)}")

    def applies_to(self, area: str) -> bool:
        return area in self.areas


@record_kind("region_rule")
@dataclass(frozen=True)
class RegionRule(Record):
    """A rule for needling at certain regions: 'do_not_treat' stops treatment, 'caution' adds a warning."""

    regions: tuple[str, ...] = ()
    action: str = "caution"
    text: str = ""

    def __post_init__(self) -> None:
        if self.action not in ("do_not_treat", "caution"):
            raise ValueError(f"action {self.action!r} is not one of ['do_not_treat', 'caution']")


@record_kind("device_type")
@dataclass(frozen=True)
class DeviceType(Record):
    """A row of the device comparison table; ``cells`` maps a column to the fact id that fills it."""

    name: str = ""
    order: int = 0
    needle_entry: str = ""
    cells: dict[str, Any] | None = None
    short: dict[str, Any] | None = None  # column -> the table's short wording of a sentence-long fact


@record_kind("indication")
@dataclass(frozen=True)
class Indication(Record):
    """An indication with the strength of its evidence.

    ``studies`` are ids of its key ``study`` records; ``notes`` ids of other facts that bear on it (mechanism,
    harms, which scars respond); ``claims`` ids of the marketing claims about it; ``authorised`` says in a few
    words whether an FDA-authorised use covers it, and ``scope`` is the fact that says so.
    """

    name: str = ""
    strength: str = ""
    summary: str = ""
    studies: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    claims: tuple[str, ...] = ()
    authorised: str = ""
    scope: str = ""


# Study designs, strongest first (the order of the evidence explorer's chart).
STUDY_DESIGNS: dict[str, str] = {
    "review": "Systematic review or meta-analysis",
    "rct": "Randomised controlled trial",
    "comparative": "Comparative study (randomisation not recorded here)",
    "single_arm": "Single-group study (no comparison group)",
    "manufacturer": "Device maker's study",
    "unclear": "Design not recorded in the course's sources",
}


@record_kind("study")
@dataclass(frozen=True)
class Study(Fact):
    """One study behind an indication: its design, size and main result (``statement`` tells it in full).

    ``n`` is the number enrolled (patients, or scars when ``unit`` says so), ``completed`` the number analysed
    when the source gives it; ``n`` is None when the course's sources do not report it.
    """

    label: str = ""  # "Alam 2014"
    design: str = ""  # a key of STUDY_DESIGNS
    blinding: str = ""  # e.g. "rater-blinded", "open-label"; "" when the course's sources do not say
    n: int | None = None
    completed: int | None = None
    comparison: str = ""  # what needling was compared with, "" for none
    protocol: str = ""  # sessions and interval, in words
    result: str = ""  # the main result in a few words

    def __post_init__(self) -> None:
        if self.design not in STUDY_DESIGNS:
            raise ValueError(f"design {self.design!r} is not one of {list(STUDY_DESIGNS)}")


@record_kind("scar_grade")
@dataclass(frozen=True)
class ScarGrade(Record):
    """Goodman & Baron qualitative acne-scar grade."""

    grade: int = 0
    name: str = ""
    description: str = ""


@record_kind("scar_type")
@dataclass(frozen=True)
class ScarType(Record):
    """Jacob classification of atrophic acne scars."""

    name: str = ""
    shape: str = ""
    description: str = ""


@record_kind("phototype")
@dataclass(frozen=True)
class Phototype(Record):
    """Fitzpatrick sun-reactive skin type."""

    numeral: str = ""
    description: str = ""


@record_kind("claim")
@dataclass(frozen=True)
class Claim(Record):
    """A marketing claim beside what the evidence supports; ``facts`` are supporting fact ids."""

    claim: str = ""
    verdict: str = ""  # one or two words, e.g. "overstated"
    evidence: str = ""
    facts: tuple[str, ...] = ()
