"""Consultation screening: client findings -> a decision, its reasons, the earliest date and sources (lesson 04).

Public API:

* :func:`screen` — screen a client's findings for a modality on a visit date.
* :func:`contraindication_ids` / :func:`contraindication` — the findings the model knows.
* :data:`ACTIONS` (least to most restrictive) and :data:`ACTION_LABELS`.

The decision is the most restrictive action among the findings. Waits counted from a date (the last
isotretinoin dose, the last retinoid application) give an earliest treatment date; where the wait is a
label wording or clinic convention rather than evidence, the result says so (``earliest_is_protocol``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ..facts import registry
from ..facts.kinds.protocol import ACTION_LABELS, ACTIONS, MODALITIES, ClientCase, Contraindication

__all__ = [
    "ACTIONS",
    "ACTION_LABELS",
    "MODALITIES",
    "FindingReason",
    "ScreeningResult",
    "client_case",
    "client_cases",
    "contraindication",
    "contraindication_ids",
    "contraindications",
    "screen",
    "screen_case",
]


def contraindications() -> list[Contraindication]:
    """Every contraindication record, in data order."""
    return registry().of_kind(Contraindication)


def contraindication_ids() -> list[str]:
    """The stable ids of the findings :func:`screen` accepts."""
    return [c.id for c in contraindications()]


def contraindication(finding_id: str) -> Contraindication:
    """One contraindication by id; ``ValueError`` lists the valid ids."""
    for record in contraindications():
        if record.id == finding_id:
            return record
    raise ValueError(f"unknown finding {finding_id!r}; valid findings: {contraindication_ids()}")


def client_cases() -> list[ClientCase]:
    """The written consultation cases, in data order."""
    return registry().of_kind(ClientCase)


def client_case(case_id: str) -> ClientCase:
    for case in client_cases():
        if case.id == case_id:
            return case
    raise ValueError(f"unknown case {case_id!r}; valid cases: {[c.id for c in client_cases()]}")


@dataclass(frozen=True)
class FindingReason:
    """What one finding means for this visit."""

    finding: Contraindication
    action: str  # effective action today (may relax to "proceed" once a wait is over, or when not applicable)
    explanation: str
    earliest: dt.date | None  # end of a dated wait; None when open-ended or no date was given


@dataclass(frozen=True)
class ScreeningResult:
    decision: str  # one of ACTIONS
    reasons: tuple[FindingReason, ...]
    earliest_date: dt.date | None  # earliest treatment date where the decision is deferred/referred on a dated wait
    earliest_is_protocol: bool  # the earliest date rests on a protocol/label convention, not evidence
    references: tuple[str, ...]  # reference keys, each once
    modality: str
    visit_date: dt.date

    @property
    def decision_label(self) -> str:
        return ACTION_LABELS[self.decision]

    @property
    def open_ended(self) -> bool:
        """Deferred or referred with at least one finding that has no fixed end date."""
        return self.decision in ("defer", "refer") and any(
            r.action == self.decision and r.earliest is None for r in self.reasons
        )

    @property
    def caveats(self) -> tuple[str, ...]:
        """Status caveats of findings that are not confirmed (taught with the caveat, never graded)."""
        return tuple(
            f"{r.finding.condition}: {r.finding.status.caveat}" for r in self.reasons if r.finding.status.caveat
        )


def screen(
    findings: Iterable[str],
    modality: str = "mechanical",
    visit_date: dt.date | None = None,
    dates: Mapping[str, dt.date] | None = None,
) -> ScreeningResult:
    """Screen a client.

    ``findings``: contraindication ids (see :func:`contraindication_ids`); none means proceed.
    ``modality``: "mechanical" or "rf". ``visit_date``: defaults to today.
    ``dates``: for findings with a wait, the date it counts from (e.g. ``{"isotretinoin_recent": last_dose}``).
    Raises ``ValueError`` for unknown findings or modality, or a date for a finding that was not given.
    """
    if isinstance(findings, str):
        raise ValueError("findings must be a list of finding ids, not a single string")
    if modality not in MODALITIES:
        raise ValueError(f"unknown modality {modality!r}; valid modalities: {list(MODALITIES)}")
    visit = visit_date or dt.date.today()
    if not isinstance(visit, dt.date):
        raise ValueError(f"visit_date must be a date, not {visit!r}")
    records = [contraindication(f) for f in dict.fromkeys(findings)]
    dates = dict(dates or {})
    stray = sorted(set(dates) - {r.id for r in records})
    if stray:
        raise ValueError(f"dates given for findings that were not ticked: {stray}")
    reasons = tuple(_reason(record, modality, visit, dates.get(record.id)) for record in records)
    decision = max((r.action for r in reasons), key=ACTIONS.index, default="proceed")
    dated = [r for r in reasons if r.action == decision and r.earliest is not None]
    earliest = max((r.earliest for r in dated), default=None) if decision in ("defer", "refer") else None
    refs = tuple(dict.fromkeys(key for r in reasons for key in r.finding.refs))
    return ScreeningResult(
        decision=decision,
        reasons=reasons,
        earliest_date=earliest,
        earliest_is_protocol=any(r.finding.wait_is_protocol for r in dated),
        references=refs,
        modality=modality,
        visit_date=visit,
    )


def _reason(record: Contraindication, modality: str, visit: dt.date, since: dt.date | None) -> FindingReason:
    if modality not in record.modalities:
        return FindingReason(record, "proceed",
                             f"Applies only to {' / '.join(record.modalities)} treatment, not {modality}.", None)
    if since is not None and not isinstance(since, dt.date):
        raise ValueError(f"the date for {record.id!r} must be a date, not {since!r}")
    text = f"{record.rationale} {record.precaution}".strip()
    if not record.wait_days:
        return FindingReason(record, record.action, text, None)
    if since is None:
        return FindingReason(record, record.action,
                             f"{text} Give the date of {record.wait_from} to compute the earliest date.", None)
    earliest = since + dt.timedelta(days=record.wait_days)
    kind = "protocol date (a convention, not evidence)" if record.wait_is_protocol else "date"
    if earliest <= visit:
        return FindingReason(record, "proceed",
                             f"The {record.wait_days}-day wait after {record.wait_from} ended on "
                             f"{earliest:%d %b %Y} ({kind}).", earliest)
    return FindingReason(record, record.action,
                         f"{text} Earliest {kind}: {earliest:%d %b %Y}, {record.wait_days} days after "
                         f"{record.wait_from}.", earliest)


def screen_case(case_id: str, visit_date: dt.date | None = None) -> ScreeningResult:
    """Screen a written client case; its dated wait (if any) is placed relative to ``visit_date``."""
    case = client_case(case_id)
    visit = visit_date or dt.date.today()
    since = visit - dt.timedelta(days=case.wait_started_days_ago)
    dates = {f: since for f in case.findings if case.wait_started_days_ago and contraindication(f).wait_days}
    return screen(case.findings, case.modality, visit, dates)
