"""Consultation screening: client findings -> every action that applies, the decision for today, dates, sources
(lesson 04).

Public API:

* :func:`screen` — screen a client's findings for a modality on a visit date.
* :func:`screen_case` — screen one of the written client cases.
* :func:`contraindication_ids` / :func:`contraindication` — the findings the model knows.
* :data:`ACTIONS` (least to most restrictive for the day) and :data:`ACTION_LABELS`.

Several findings can apply at once, and each keeps its own action: a pregnant client with a prescribed
anticoagulant is deferred *and* referred; a breastfeeding client asking for RF with a metal implant is deferred,
and RF is declined. :attr:`ScreeningResult.actions` lists every action that applies;
:attr:`ScreeningResult.decision` is the most restrictive one, for a one-word headline only. Declining a modality
refuses that modality and nothing else, so it ranks below "defer" and "refer": an alternative modality is offered
(:attr:`ScreeningResult.alternative`) only when no other finding stops treatment today.

Waits counted from a date (the last isotretinoin dose, the last retinoid application) give an earliest treatment
date; where the wait is a label wording or clinic convention rather than evidence, the result says so
(``earliest_is_protocol``); where the evidence does not settle the action at all, the finding is marked
``uncertain`` and the result says so in words.
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
    "MODALITY_NAMES",
    "ActionGroup",
    "FindingReason",
    "ScreeningResult",
    "case_actions",
    "client_case",
    "client_cases",
    "contraindication",
    "contraindication_ids",
    "contraindications",
    "screen",
    "screen_case",
]

MODALITY_NAMES: dict[str, str] = {"mechanical": "mechanical microneedling", "rf": "RF microneedling"}
# Actions that stop every modality today; an alternative modality is offered only when none of them applies.
STOPS_TODAY: frozenset[str] = frozenset({"defer", "refer"})


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
class ActionGroup:
    """One action that applies today and the findings that call for it."""

    action: str
    reasons: tuple[FindingReason, ...]

    @property
    def label(self) -> str:
        return ACTION_LABELS[self.action]

    @property
    def conditions(self) -> tuple[str, ...]:
        return tuple(r.finding.short for r in self.reasons)


@dataclass(frozen=True)
class ScreeningResult:
    decision: str  # the most restrictive action in ``actions`` (a headline; read ``actions`` for the whole answer)
    actions: tuple[str, ...]  # every action that applies, least to most restrictive; ("proceed",) when none
    reasons: tuple[FindingReason, ...]
    earliest_date: dt.date | None  # not before this date: the latest end of a dated deferral or referral
    earliest_is_protocol: bool  # that date rests on a protocol/label convention, not evidence
    references: tuple[str, ...]  # reference keys, each once
    modality: str
    visit_date: dt.date

    @property
    def decision_label(self) -> str:
        return ACTION_LABELS[self.decision]

    @property
    def groups(self) -> tuple[ActionGroup, ...]:
        """Every action that applies with its findings, most restrictive first (what the widget reports)."""
        return tuple(
            ActionGroup(action, tuple(r for r in self.reasons if r.action == action))
            for action in reversed(self.actions) if action != "proceed"
        )

    @property
    def open_ended(self) -> bool:
        """Deferred or referred with at least one finding that has no fixed end date."""
        return any(r.action in STOPS_TODAY and r.earliest is None for r in self.reasons)

    @property
    def uncertain(self) -> tuple[str, ...]:
        """Conditions whose action the evidence does not settle (it follows labeling or local policy)."""
        return tuple(r.finding.short for r in self.reasons if r.action != "proceed" and r.finding.uncertain)

    @property
    def declined_modality(self) -> str | None:
        return self.modality if "decline" in self.actions else None

    @property
    def alternative(self) -> str:
        """Another modality that can be discussed, in words — only when the requested one is declined and no
        finding defers or refers the client; '' otherwise."""
        if "decline" not in self.actions or STOPS_TODAY & set(self.actions):
            return ""
        others = [m for m in MODALITIES if m != self.modality]
        open_to = [m for m in others if not any(m in r.finding.modalities and r.finding.action == "decline"
                                                 for r in self.reasons)]
        if not open_to:
            return ""
        rest = [g.label.lower() for g in self.groups if g.action != "decline"]
        tail = f" ({'; '.join(rest)})" if rest else ""
        return f"{MODALITY_NAMES[open_to[0]].capitalize()} can be discussed instead{tail}."

    @property
    def caveats(self) -> tuple[str, ...]:
        """Status caveats of findings that are not confirmed (taught with the caveat, never graded)."""
        return tuple(
            f"{r.finding.condition}: {r.finding.status.caveat}" for r in self.reasons if r.finding.status.caveat
        )

    def summary(self) -> str:
        """Every action that applies, in one or two plain sentences (most restrictive first)."""
        if self.actions == ("proceed",):
            return "Proceed: no finding calls for a change today."
        parts = []
        for group in self.groups:
            label = (f"Do not use {MODALITY_NAMES[self.modality]}" if group.action == "decline" else group.label)
            parts.append(f"{label} ({'; '.join(group.conditions)})")
        text = ". ".join(parts) + "."
        if self.alternative:
            text += " " + self.alternative
        if self.earliest_date:
            kind = "a protocol date, not an evidence-based limit" if self.earliest_is_protocol else "a dated wait"
            text += f" Not before {self.earliest_date:%d %b %Y} ({kind})."
        if self.uncertain:
            text += (" Uncertain: the evidence does not settle the action for "
                     f"{'; '.join(self.uncertain)}; it follows the device labeling and local policy.")
        return text


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
    applying = {r.action for r in reasons} - {"proceed"}
    actions = tuple(a for a in ACTIONS if a in applying) or ("proceed",)
    dated = [r for r in reasons if r.action in STOPS_TODAY and r.earliest is not None]
    refs = tuple(dict.fromkeys(key for r in reasons for key in r.finding.refs))
    return ScreeningResult(
        decision=actions[-1],
        actions=actions,
        reasons=reasons,
        earliest_date=max((r.earliest for r in dated), default=None),
        earliest_is_protocol=any(r.finding.wait_is_protocol for r in dated),
        references=refs,
        modality=modality,
        visit_date=visit,
    )


def _reason(record: Contraindication, modality: str, visit: dt.date, since: dt.date | None) -> FindingReason:
    if modality not in record.modalities:
        return FindingReason(record, "proceed",
                             f"Applies only to {' / '.join(MODALITY_NAMES[m] for m in record.modalities)}, "
                             f"not {MODALITY_NAMES[modality]}.", None)
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


def case_actions(case_id: str, visit_date: dt.date | None = None) -> tuple[str, ...]:
    """The key of a written case: every action that applies on the visit date."""
    return screen_case(case_id, visit_date).actions
