"""The evidence behind each indication: its studies (design, size, result), other facts that bear on it, the
marketing claims about it, and whether an FDA-authorised use covers it."""

from __future__ import annotations

from dataclasses import dataclass

from ..facts import Fact, registry
from ..facts.kinds.science import STUDY_DESIGNS, Claim, Indication, Study


def indications() -> dict[str, str]:
    """Indication id -> name, in data order."""
    return {i.id: i.name for i in registry().of_kind(Indication)}


def check_indication(indication_id: str) -> Indication:
    for record in registry().of_kind(Indication):
        if record.id == indication_id:
            return record
    raise ValueError(f"unknown indication {indication_id!r}; valid indications: {list(indications())}")


@dataclass(frozen=True)
class Evidence:
    indication: Indication
    studies: tuple[Study, ...]  # strongest design first, then larger first
    notes: tuple[Fact, ...]
    claims: tuple[Claim, ...]
    scope: Fact | None

    @property
    def randomised(self) -> tuple[Study, ...]:
        return tuple(s for s in self.studies if s.design == "rct")

    @property
    def largest_trial(self) -> int | None:
        """Participants in the largest randomised trial, or None without one."""
        sizes = [s.n for s in self.randomised if s.n]
        return max(sizes) if sizes else None

    @property
    def refs(self) -> tuple[str, ...]:
        records = (self.indication, *self.studies, *self.notes, *self.claims, *((self.scope,) if self.scope else ()))
        return tuple(dict.fromkeys(k for r in records for k in r.refs))


def _strength_order(study: Study) -> tuple[int, int]:
    return list(STUDY_DESIGNS).index(study.design), -(study.n or 0)


def _linked(indication_id: str, record_ids, kind: type) -> list:
    """The records an indication lists, each checked to be of ``kind`` (a data error names the wrong one)."""
    records = []
    for record_id in record_ids:
        record = registry().record(record_id)
        if not isinstance(record, kind):
            raise ValueError(f"{indication_id}: {record_id!r} is a {type(record).__name__}, not a {kind.__name__}")
        records.append(record)
    return records


def evidence_for(indication_id: str) -> Evidence:
    """Everything the course's facts say about one indication (``ValueError`` lists the valid ids)."""
    reg = registry()
    indication = check_indication(indication_id)
    studies = _linked(indication.id, indication.studies, Study)
    claims = _linked(indication.id, indication.claims, Claim)
    return Evidence(indication=indication, studies=tuple(sorted(studies, key=_strength_order)),
                    notes=tuple(reg.fact(n) for n in indication.notes), claims=tuple(claims),
                    scope=reg.fact(indication.scope) if indication.scope else None)
