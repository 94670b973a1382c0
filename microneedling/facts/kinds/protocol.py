"""Record kinds for the protocol half of the course (lessons 04-07).

* ``[[contraindication]]`` — a client finding with its category and the action it calls for.
* ``[[procedure_step]]`` — one step of the procedure, its place in the order and why it sits there.
* ``[[aftercare_rule]]`` — what is expected / to do / to avoid / a reason to call, in an hour window.
* ``[[adverse_effect]]`` — a complication with its reported frequency.
* ``[[treatment_protocol]]`` — sessions x interval used for an indication, and when results were judged.
* ``[[client_case]]`` — a written consultation case for the screener, with the findings it contains.

Vocabularies are module constants so the model, widgets and tests share one spelling; the
``__post_init__`` checks make a typo in the data fail at load time with the valid choices.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..schema import Record, record_kind

# Screening actions, least to most restrictive for the day as a whole. "decline" refuses one modality (RF with a
# pacemaker) and leaves the others open, so it ranks below "defer" and "refer", which stop every modality today.
# The screening result reports every action that applies, not only the most restrictive one.
ACTIONS: tuple[str, ...] = ("proceed", "precaution", "avoid_area", "decline", "defer", "refer")
ACTION_LABELS: dict[str, str] = {
    "proceed": "Proceed",
    "precaution": "Proceed with precautions",
    "avoid_area": "Do not treat the affected area",
    "decline": "Do not use the requested modality",
    "defer": "Defer treatment",
    "refer": "Refer to a doctor before deciding",
}
CATEGORIES: tuple[str, ...] = ("absolute", "relative")
MODALITIES: tuple[str, ...] = ("mechanical", "rf")
AFTERCARE_KINDS: tuple[str, ...] = ("expected", "do", "avoid", "contact_clinic", "emergency")
# What aftercare rules tell a client to use or do (``uses``) or not (``forbids``). A "do" rule that uses an item
# while another rule in force at the same hour forbids it is a contradiction; the model finds them and a test
# keeps the data free of them (the first handout said "only the sterile gel, nothing else" beside "apply SPF").
AFTERCARE_ITEMS: tuple[str, ...] = (
    "sterile_product", "water_rinse", "cleanser", "moisturiser", "sunscreen", "makeup", "actives",
    "other_products", "sun", "heat_sweat_water", "touching", "picking", "usual_routine",
)


def _check_choice(field: str, value: str, choices: tuple[str, ...]) -> None:
    if value not in choices:
        raise ValueError(f"{field} {value!r} is not one of {list(choices)}")


@record_kind("contraindication")
@dataclass(frozen=True)
class Contraindication(Record):
    """A finding at consultation and what it means for treatment today.

    ``wait_days`` counts from the date the client gives for ``wait_from`` (e.g. the last isotretinoin
    dose); ``wait_is_protocol`` marks waits that are clinic conventions or label wording, not evidence.
    ``modalities`` limits the finding to some devices (a pacemaker matters only for RF microneedling).
    """

    condition: str = ""
    category: str = "relative"
    action: str = "proceed"
    rationale: str = ""
    precaution: str = ""
    modalities: tuple[str, ...] = MODALITIES
    wait_days: int = 0
    wait_from: str = ""
    wait_is_protocol: bool = True
    uncertain: bool = False  # the evidence does not settle the action; it follows labeling or local policy

    @property
    def short(self) -> str:
        """The condition without its examples or explanation (before ' (' or ':'), for one-line summaries."""
        return self.condition.split(" (")[0].split(":")[0]

    def __post_init__(self) -> None:
        _check_choice("category", self.category, CATEGORIES)
        _check_choice("action", self.action, ACTIONS)
        for modality in self.modalities:
            _check_choice("modality", modality, MODALITIES)
        if self.wait_days < 0:
            raise ValueError(f"wait_days must be 0 or more, got {self.wait_days}")
        if self.wait_days and not self.wait_from:
            raise ValueError("wait_days needs wait_from (the date the wait counts from)")


@record_kind("procedure_step")
@dataclass(frozen=True)
class ProcedureStep(Record):
    """One step of a microneedling session. ``id`` is the short stable step id (e.g. ``antisepsis``).

    ``order`` is the canonical position used to list the steps; ``after`` names the steps that must come before
    this one for a reason the sources give. Steps with no such reason between them (set-up and final checks;
    finishing the skin and disposing of the needles) may be done in either order, and a check of a trainee's
    order accepts both.
    """

    order: int = 0
    title: str = ""
    action: str = ""
    reason: str = ""
    after: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.order < 1:
            raise ValueError(f"order must be 1 or more, got {self.order}")


@record_kind("aftercare_rule")
@dataclass(frozen=True)
class AftercareRule(Record):
    """An aftercare rule in force from ``start_hour`` up to (not including) ``end_hour`` after treatment.

    ``end_hour`` None means open-ended. ``kind`` is one of ``AFTERCARE_KINDS``. ``label`` is a short
    name for figures (a few words); ``text`` is the instruction in words a client reads on the handout;
    ``note`` is for the trainee only (how clinics vary, why). ``uses`` / ``forbids`` name ``AFTERCARE_ITEMS``
    so contradictions between rules in force together can be found.
    """

    start_hour: float = 0.0
    end_hour: float | None = None
    text: str = ""
    kind: str = "do"
    label: str = ""
    note: str = ""
    uses: tuple[str, ...] = ()
    forbids: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        _check_choice("kind", self.kind, AFTERCARE_KINDS)
        for item in (*self.uses, *self.forbids):
            _check_choice("aftercare item", item, AFTERCARE_ITEMS)
        if set(self.uses) & set(self.forbids):
            raise ValueError(f"a rule cannot both use and forbid {sorted(set(self.uses) & set(self.forbids))}")
        if not self.label:
            raise ValueError("an aftercare rule needs a short label for figures")
        if self.start_hour < 0:
            raise ValueError(f"start_hour must be 0 or more, got {self.start_hour}")
        if self.end_hour is not None and self.end_hour <= self.start_hour:
            raise ValueError(f"end_hour {self.end_hour} must be after start_hour {self.start_hour}")

    def in_force(self, hours_after: float) -> bool:
        return self.start_hour <= hours_after and (self.end_hour is None or hours_after < self.end_hour)


@record_kind("adverse_effect")
@dataclass(frozen=True)
class AdverseEffect(Record):
    """A complication or expected response with the frequency the sources report."""

    name: str = ""
    frequency: str = ""
    detail: str = ""
    action: str = ""


@record_kind("treatment_protocol")
@dataclass(frozen=True)
class TreatmentProtocol(Record):
    """Sessions x interval used in the cited studies for an indication, and when results were judged.

    ``min_interval_days`` is the shortest interval used in those studies (the planner refuses less);
    ``review_days_after_last`` is when the outcome is judged after the last session.
    ``authorised`` marks indications within the FDA-authorised uses (facial acne scars, facial wrinkles,
    abdominal scars, age 22 and over); the others are off-label uses of the device.
    ``prescriber_adjunct`` names a prescription drug the studied protocol adds (tranexamic acid, minoxidil):
    such a protocol is prescriber-led, off-label drug treatment, never a microneedling booking, so the planner
    refuses it and says why. ``conditions`` names the facts (by id) that say what it needs instead.
    """

    indication: str = ""
    sessions: int = 0
    interval_days: int = 0
    min_interval_days: int = 0
    review_days_after_last: int = 0
    basis: str = ""
    authorised: bool = False
    prescriber_adjunct: str = ""
    conditions: tuple[str, ...] = ()

    @property
    def bookable(self) -> bool:
        return not self.prescriber_adjunct

    def __post_init__(self) -> None:
        if self.prescriber_adjunct and not self.conditions:
            raise ValueError("a protocol with a prescriber_adjunct needs its conditions")
        if self.sessions < 1:
            raise ValueError(f"sessions must be 1 or more, got {self.sessions}")
        if not 0 < self.min_interval_days <= self.interval_days:
            raise ValueError(
                f"need 0 < min_interval_days ({self.min_interval_days}) <= interval_days ({self.interval_days})"
            )
        if self.review_days_after_last < 1:
            raise ValueError(f"review_days_after_last must be 1 or more, got {self.review_days_after_last}")


@record_kind("client_case")
@dataclass(frozen=True)
class ClientCase(Record):
    """A written consultation case: the story, the findings it contains, the modality requested.

    ``wait_started_days_ago`` dates a finding's wait (e.g. the last isotretinoin dose) relative to the visit.
    """

    title: str = ""
    story: str = ""
    findings: tuple[str, ...] = ()
    modality: str = "mechanical"
    teaching: str = ""
    wait_started_days_ago: int = 0

    def __post_init__(self) -> None:
        _check_choice("modality", self.modality, MODALITIES)
        if self.wait_started_days_ago < 0:
            raise ValueError(f"wait_started_days_ago must be 0 or more, got {self.wait_started_days_ago}")
