"""Treatment plans: indication and start date -> session dates and review date (lesson 07).

Public API:

* :func:`protocols` / :func:`protocol` / :func:`indication_ids` — the protocols in the facts.
* :func:`bookable_protocols` — the ones a practitioner may book (no prescription-drug adjunct).
* :func:`plan_treatment` — session dates, healing windows and the review date; refuses an interval
  shorter than the protocol's minimum (the shortest interval the cited studies used) with the reason, and
  refuses a prescriber-led drug protocol (tranexamic acid, minoxidil) with its conditions.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..facts import Fact, registry
from ..facts.kinds.protocol import TreatmentProtocol

__all__ = ["IntervalTooShort", "NotBookable", "STERILE_RULE", "TreatmentPlan", "TreatmentProtocol",
           "bookable_protocols", "conditions", "healing_days", "indication_ids", "plan_treatment", "protocol", "protocols", "scope_note"]

MAX_SESSIONS = 24

# The visible healing window drawn after each session: short-lived effects last up to this many days.
HEALING_FACT = "adverse.transient_up_to_7_days"
AUTHORISED_USES_FACT = "regulation.us.authorised_uses"


def protocols() -> list[TreatmentProtocol]:
    return registry().of_kind(TreatmentProtocol)


def bookable_protocols() -> list[TreatmentProtocol]:
    """Protocols without a prescription-drug adjunct: the ones the series planner offers."""
    return [p for p in protocols() if p.bookable]


class NotBookable(ValueError):
    """The protocol is prescriber-led drug treatment, not a microneedling booking; the message says why."""


def conditions(chosen: TreatmentProtocol) -> list[Fact]:
    """The cited facts that say what a prescriber-led drug protocol needs (empty for a bookable one)."""
    return [registry().fact(fact_id) for fact_id in chosen.conditions]


STERILE_RULE = ("Putting a drug on freshly needled skin also breaks this course's rule that only sterile, "
                "device-approved products go on needled skin (lesson 05).")


class IntervalTooShort(ValueError):
    """A clinical refusal, not an input error: the interval is shorter than any the cited studies used."""


def scope_note(chosen: TreatmentProtocol) -> str:
    """Whether an indication is within the FDA-authorised uses of microneedling devices, in words."""
    uses = registry().fact(AUTHORISED_USES_FACT).statement
    if chosen.authorised:
        return f"Within the FDA-authorised uses. {uses}"
    return f"Off-label: outside the FDA-authorised uses; say so in the consent discussion and check local rules. {uses}"


def indication_ids() -> list[str]:
    return [p.id for p in protocols()]


def protocol(indication: str) -> TreatmentProtocol:
    """The protocol for an indication id; ``ValueError`` lists the valid ids."""
    for candidate in protocols():
        if candidate.id == indication:
            return candidate
    raise ValueError(f"unknown indication {indication!r}; valid indications: {indication_ids()}")


def healing_days() -> int:
    return int(registry().fact(HEALING_FACT).value)


@dataclass(frozen=True)
class TreatmentPlan:
    protocol: TreatmentProtocol
    sessions: tuple[dt.date, ...]
    interval_days: int
    healing_days: int
    review: dt.date

    @property
    def last_session(self) -> dt.date:
        return self.sessions[-1]

    def healing_windows(self) -> list[tuple[dt.date, dt.date]]:
        """(start, end) of the expected short-lived effects after each session."""
        return [(s, s + dt.timedelta(days=self.healing_days)) for s in self.sessions]


def plan_treatment(
    indication: str,
    start: dt.date,
    interval_days: int | None = None,
    sessions: int | None = None,
) -> TreatmentPlan:
    """Plan sessions for ``indication`` from ``start``.

    ``interval_days`` and ``sessions`` default to the protocol's. An interval below the protocol's
    ``min_interval_days`` is refused with a ``ValueError`` that explains why; so are unknown
    indications, non-dates and session counts outside 1-24. A protocol with a prescription-drug adjunct
    raises :class:`NotBookable` with its conditions.
    """
    chosen = protocol(indication)
    if not chosen.bookable:
        raise NotBookable(
            f"{chosen.indication} is not a microneedling booking: the studied protocol adds "
            f"{chosen.prescriber_adjunct}, which makes it prescriber-led, off-label drug treatment. "
            + " ".join(fact.statement for fact in conditions(chosen)) + " " + STERILE_RULE)
    if not isinstance(start, dt.date):
        raise ValueError(f"the start must be a date, not {start!r}")
    interval = chosen.interval_days if interval_days is None else interval_days
    count = chosen.sessions if sessions is None else sessions
    for name, value in (("interval_days", interval), ("sessions", count)):
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"{name} must be a whole number, not {value!r}")
    if not 1 <= count <= MAX_SESSIONS:
        raise ValueError(f"sessions must be from 1 to {MAX_SESSIONS}; got {count}")
    if interval < chosen.min_interval_days:
        raise IntervalTooShort(
            f"an interval of {interval} days is shorter than the {chosen.min_interval_days}-day minimum for "
            f"{chosen.indication.lower()}: the cited studies never spaced sessions closer than that, so a shorter "
            f"interval has no evidence behind it (wider spacing lets the acute inflammation settle: a rationale, "
            f"not a tested rule). Choose "
            f"{chosen.min_interval_days} days or more (protocol: {chosen.interval_days} days)."
        )
    dates = tuple(start + dt.timedelta(days=interval * n) for n in range(count))
    return TreatmentPlan(
        protocol=chosen,
        sessions=dates,
        interval_days=interval,
        healing_days=healing_days(),
        review=dates[-1] + dt.timedelta(days=chosen.review_days_after_last),
    )
