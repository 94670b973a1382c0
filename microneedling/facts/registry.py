"""Load the cited facts from ``facts/data/*.toml`` into one validated, read-only registry.

Layout of the data folder:

* ``references*.toml`` — ``[[reference]]`` tables (the bibliography; one file per course half,
  so two maintainers can add references without editing the same file; keys are unique across all).
* any other ``<topic>.toml`` — arrays of registered record kinds, e.g. ``[[fact]]``.

Errors name the file and the record id, so a maintainer sees exactly what to fix.
"""

from __future__ import annotations

import functools
import importlib
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from .schema import RECORD_KINDS, Fact, Record, Reference, build_record

DATA_DIR = Path(__file__).with_name("data")

# Topic modules that register extra record kinds; imported before loading so their kinds exist.
KIND_MODULES: tuple[str, ...] = ("microneedling.facts.kinds",)

RecordT = TypeVar("RecordT", bound=Record)


class FactsError(ValueError):
    """The facts data is inconsistent; the message names file and id."""


@dataclass(frozen=True)
class Registry:
    references: dict[str, Reference]
    records: dict[str, Record]

    def reference(self, key: str) -> Reference:
        try:
            return self.references[key]
        except KeyError:
            raise KeyError(f"unknown reference {key!r}") from None

    def record(self, record_id: str) -> Record:
        try:
            return self.records[record_id]
        except KeyError:
            close = [r for r in self.records if record_id.split(".")[0] in r][:5]
            hint = f"; similar ids: {close}" if close else ""
            raise KeyError(f"unknown fact id {record_id!r}{hint}") from None

    def fact(self, fact_id: str) -> Fact:
        record = self.record(fact_id)
        if not isinstance(record, Fact):
            raise KeyError(f"{fact_id!r} is a {type(record).__name__}, not a Fact")
        return record

    def of_kind(self, cls: type[RecordT]) -> list[RecordT]:
        """All records of one kind, in file order."""
        return [r for r in self.records.values() if isinstance(r, cls)]

    def in_topics(self, topics: Iterable[str]) -> list[Record]:
        wanted = set(topics)
        return [r for r in self.records.values() if r.topic in wanted]

    def addendum(self, number: str) -> list[Record]:
        """Records that enter fact ``number`` of the evidence addendum (e.g. "A16"), in file order."""
        return [r for r in self.records.values() if number in addendum_numbers(r)]

    def references_for(self, records: Iterable[Record]) -> list[Reference]:
        """The references cited by ``records``, each once, sorted by first author and year."""
        keys = {key for record in records for key in record.refs}
        return sorted((self.references[k] for k in keys), key=lambda r: (r.authors.lower(), str(r.year)))

    def cite(self, record_id: str) -> str:
        """Short in-text citation like '[FDA 2018; Hou 2017]' for a record."""
        record = self.record(record_id)
        labels = dict.fromkeys(self.references[k].label for k in record.refs)
        return "[" + "; ".join(labels) + "]"


def addendum_numbers(record: Record) -> tuple[str, ...]:
    """The evidence-addendum fact numbers a record enters, e.g. ("A19", "G8") for addendum = "A19, G8"."""
    return tuple(n.strip() for n in record.addendum.split(",") if n.strip())


def _read_toml(path: Path) -> dict:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise FactsError(f"{path.name}: not valid TOML ({exc})") from None


def _load_references(path: Path, references: dict[str, Reference]) -> None:
    for raw in _read_toml(path).get("reference", []):
        key = raw.get("key", "<no key>")
        try:
            ref = Reference(**raw)
        except TypeError as exc:
            raise FactsError(f"{path.name}: reference {key!r}: {exc}") from None
        if ref.key in references:
            raise FactsError(f"{path.name}: duplicate reference key {ref.key!r}")
        references[ref.key] = ref


def _iter_records(path: Path) -> Iterator[Record]:
    for kind, tables in _read_toml(path).items():
        cls = RECORD_KINDS.get(kind)
        if cls is None:
            raise FactsError(
                f"{path.name}: unknown record kind [[{kind}]]; known kinds: {sorted(RECORD_KINDS)}"
            )
        if not isinstance(tables, list):
            raise FactsError(f"{path.name}: {kind!r} must be an array of tables ([[{kind}]])")
        for raw in tables:
            record_id = raw.get("id", "<no id>")
            try:
                record = build_record(cls, {**raw, "topic": path.stem})
            except (TypeError, ValueError) as exc:
                raise FactsError(f"{path.name}: {kind} {record_id!r}: {exc}") from None
            yield record


def load_registry(data_dir: Path = DATA_DIR) -> Registry:
    """Read and validate every data file; raise :class:`FactsError` on the first inconsistency."""
    for module in KIND_MODULES:
        importlib.import_module(module)
    ref_paths = sorted(data_dir.glob("references*.toml"))
    if not ref_paths:
        raise FactsError(f"no references*.toml in {data_dir}")
    references: dict[str, Reference] = {}
    for path in ref_paths:
        _load_references(path, references)
    records: dict[str, Record] = {}
    for path in sorted(data_dir.glob("*.toml")):
        if path in ref_paths:
            continue
        for record in _iter_records(path):
            if record.id in records:
                other = records[record.id].topic
                raise FactsError(f"{path.name}: duplicate id {record.id!r} (also in {other}.toml)")
            if not record.refs:
                raise FactsError(f"{path.name}: {record.id!r} cites no reference")
            unknown = [k for k in record.refs if k not in references]
            if unknown:
                raise FactsError(f"{path.name}: {record.id!r} cites unknown reference(s) {unknown}")
            records[record.id] = record
    return Registry(references=references, records=records)


@functools.lru_cache(maxsize=1)
def registry() -> Registry:
    """The course registry, loaded once per process."""
    return load_registry()


def unused_references(reg: Registry) -> list[str]:
    cited = {key for record in reg.records.values() for key in record.refs}
    return sorted(set(reg.references) - cited)
