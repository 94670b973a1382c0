"""Typed records for the course's cited facts.

Every record the course states carries ``refs`` (keys into the reference table) and a
``status`` saying how firmly the evidence dossier confirmed it. Only ``confirmed`` records
may become quiz keys: the dossier's "secondary" and "GK — unverified" items are teachable
with a caveat, never gradeable.

A topic module adds its own record kinds with :func:`record_kind`; the loader then accepts
TOML arrays of that name (``[[skin_thickness]]`` -> ``SkinThickness``).
"""

from __future__ import annotations

import dataclasses
import enum
from dataclasses import dataclass
from typing import Any, Callable, TypeVar


class Status(str, enum.Enum):
    """How the dossier confirmed a record (see its §0)."""

    CONFIRMED = "confirmed"
    SECONDARY = "secondary"
    UNVERIFIED = "unverified"

    @property
    def gradeable(self) -> bool:
        return self is Status.CONFIRMED

    @property
    def caveat(self) -> str:
        return {
            Status.CONFIRMED: "",
            Status.SECONDARY: "confirmed only through a secondary source",
            Status.UNVERIFIED: "general clinical knowledge, not confirmed in a consulted source",
        }[self]


UNDATED = "n.d."  # the year of a work that carries no date (rendered as "undated")


@dataclass(frozen=True)
class Reference:
    """One entry of the course bibliography.

    Learners see ``authors``, ``year``, ``title``, ``container``, the label and the link; ``note`` is for
    maintainers only (provenance, what to check) and is never rendered.
    """

    key: str
    authors: str
    year: int | str
    title: str
    container: str  # journal, publisher or agency
    doi: str = ""
    pmid: str = ""
    url: str = ""
    note: str = ""  # for maintainers only (provenance, what to verify); never rendered to learners
    short: str = ""  # in-text label for agencies ("FDA"); default: first author's surname
    dossier_no: str = ""  # number in shared/reference/microneedling-evidence.md §15
    addendum_no: str = ""  # number in the evidence addendum §H (201-320)

    @property
    def undated(self) -> bool:
        return self.year == UNDATED

    @property
    def label_name(self) -> str:
        """The name part of the label: ``short`` (an organisation, or a title's first words when the authors are
        unidentified), else the first author's surname."""
        return self.short or self.authors.split(",")[0].split(" ")[0].strip()

    @property
    def label(self) -> str:
        """In-text citation label such as 'Hou 2017', 'FDA 2020' or, for an undated work, 'Agrawal, undated'."""
        return f"{self.label_name}, undated" if self.undated else f"{self.label_name} {self.year}"

    @property
    def link(self) -> str:
        """Best stable link: DOI, then PubMed, then the official/consulted URL."""
        if self.doi:
            return f"https://doi.org/{self.doi}"
        if self.pmid:
            return f"https://pubmed.ncbi.nlm.nih.gov/{self.pmid}/"
        return self.url

    def citation(self, include_url: bool = True) -> str:
        """Plain-text citation: Authors (year). Title. Container. DOI/PMID (or URL)."""
        year = "undated" if self.undated else self.year
        parts = [f"{self.authors} ({year}). {self.title}. {self.container}."]
        if self.doi:
            parts.append(f"DOI {self.doi}.")
        if self.pmid:
            parts.append(f"PMID {self.pmid}.")
        if include_url and not self.doi and not self.pmid and self.url:
            parts.append(self.url)
        return " ".join(parts)

    def markdown(self) -> str:
        link = self.link
        text = self.citation(include_url=False)
        return f"{text} <{link}>" if link else text


RECORD_KINDS: dict[str, type["Record"]] = {}

R = TypeVar("R", bound=type)


def record_kind(name: str) -> Callable[[R], R]:
    """Register a dataclass as the type of TOML array ``[[name]]`` in the facts data."""

    def register(cls: R) -> R:
        if name in RECORD_KINDS and RECORD_KINDS[name] is not cls:
            raise ValueError(f"record kind {name!r} is registered twice")
        RECORD_KINDS[name] = cls  # type: ignore[assignment]
        return cls

    return register


@dataclass(frozen=True)
class Record:
    """Base of every cited record: an id, its references and its confirmation status."""

    id: str
    refs: tuple[str, ...]
    status: Status = Status.CONFIRMED
    topic: str = ""  # the data file's stem, filled by the loader
    addendum: str = ""  # fact number(s) in shared/reference/microneedling-evidence-addendum.md, e.g. "A12" or "A19, G8"

    @property
    def gradeable(self) -> bool:
        return self.status.gradeable


@record_kind("fact")
@dataclass(frozen=True)
class Fact(Record):
    """A single statement, optionally with a value and unit (e.g. 'DEN160029 granted 2018-03-01')."""

    statement: str = ""
    value: Any = None
    unit: str = ""

    def display_value(self) -> str:
        """'1.5 mm', or '0.75–0.85 mm' for a [low, high] value ('' when the fact has no value)."""
        if self.value is None:
            return ""
        if isinstance(self.value, tuple):
            return f"{'–'.join(f'{v:g}' if isinstance(v, float) else str(v) for v in self.value)} {self.unit}".strip()
        return f"{self.value} {self.unit}".strip()


def build_record(cls: type[Record], raw: dict[str, Any]) -> Record:
    """Construct ``cls`` from a TOML table, converting lists to tuples and status to :class:`Status`.

    Raises ``TypeError``/``ValueError`` with the offending field names; the loader adds file and id.
    """
    names = {f.name for f in dataclasses.fields(cls)}
    unknown = sorted(set(raw) - names)
    if unknown:
        raise ValueError(f"unknown field(s) {unknown}; allowed: {sorted(names - {'topic'})}")
    values = {k: _freeze(v) for k, v in raw.items()}
    if "status" in values:
        try:
            values["status"] = Status(values["status"])
        except ValueError:
            raise ValueError(
                f"status {raw['status']!r} is not one of {[s.value for s in Status]}"
            ) from None
    return cls(**values)


def _freeze(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_freeze(v) for v in value)
    if isinstance(value, dict):
        return {k: _freeze(v) for k, v in value.items()}
    return value


__all__ = [
    "Fact",
    "RECORD_KINDS",
    "Record",
    "Reference",
    "Status",
    "build_record",
    "record_kind",
]
