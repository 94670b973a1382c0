"""Load a lesson's question bank (``banks/<lesson_id>.toml``) and validate it against the cited facts.

Every error is a :class:`BankError` naming the file and the question id, e.g.
``01_skin_and_wound_healing.toml: question 'q3': key 'E' is not an option; options: ['A', 'B', 'C', 'D']``.

Rules beyond the shape of each type (see ``questions.py``):

* ``facts`` is required: the registry ids the key rests on, each a **confirmed** record (``facts = []`` only for
  questions about the course itself). Secondary and unverified records are taught with a caveat, never keyed.
* ``{fact:ID}`` in any text renders the fact's value and unit (``{value:ID}`` the bare value, for a sentence that
  names the unit itself); the fact must be confirmed and have a value.
* a numeric ``key_fact`` takes the key from a confirmed fact's numeric value (and its unit when the question
  gives none; mm ↔ µm are converted).
"""

from __future__ import annotations

import math
import re
import tomllib
from collections.abc import Callable
from pathlib import Path
from types import MappingProxyType
from typing import Any

from ..facts import Fact, Reference, Registry, registry
from .questions import (
    QUESTION_TYPES,
    Bank,
    Choice,
    FreeText,
    Matching,
    MultipleChoice,
    Numeric,
    Ordering,
    Question,
    SingleChoice,
)
from .scoring import convert, is_length_unit

BANK_DIR = Path(__file__).with_name("banks")
FACT_PLACEHOLDER = re.compile(r"\{(fact|value):([^{}\s]+)\}")

COMMON_FIELDS = {"id", "type", "stem", "explanation", "facts", "points"}
TYPE_FIELDS: dict[str, set[str]] = {
    "single": {"options", "key"},
    "multiple": {"options", "key"},
    "ordering": {"items", "key"},
    "numeric": {"key", "key_fact", "tolerance", "unit", "min", "max"},
    "matching": {"left", "right", "key"},
    "text": {"model_answer", "rubric"},
}


class BankError(ValueError):
    """A question bank is invalid; the message names the file and the question id."""


def bank_path(lesson_id: str) -> Path:
    return BANK_DIR / f"{lesson_id}.toml"


def available_banks() -> list[str]:
    """Lesson ids that have a bank file."""
    return sorted(p.stem for p in BANK_DIR.glob("*.toml"))


def load_bank(lesson_id_or_path: str | Path, reg: Registry | None = None) -> Bank:
    """Read and validate a bank by lesson id (``"00_welcome"``) or by path.

    ``ValueError`` lists the available banks for an unknown lesson id; :class:`BankError` for invalid content.
    """
    path = Path(lesson_id_or_path)
    if path.suffix != ".toml":
        path = bank_path(str(lesson_id_or_path))
        if not path.exists():
            raise ValueError(f"no question bank for {lesson_id_or_path!r}; banks: {available_banks()}")
    try:
        with path.open("rb") as handle:
            raw = tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise BankError(f"{path.name}: not valid TOML ({exc})") from None
    unknown = sorted(set(raw) - {"title", "question"})
    if unknown:
        raise BankError(f"{path.name}: unknown top-level key(s) {unknown}; allowed: ['question', 'title']")
    title = raw.get("title")
    if not isinstance(title, str) or not title.strip():
        raise BankError(f'{path.name}: needs a title, e.g. title = "Self-check: ..."')
    tables = raw.get("question")
    if not isinstance(tables, list) or not tables:
        raise BankError(f"{path.name}: needs at least one [[question]]")
    builder = _QuestionBuilder(path, reg or registry())
    questions: list[Question] = []
    for index, table in enumerate(tables, start=1):
        question = builder.build(table, index)
        if any(q.id == question.id for q in questions):
            raise BankError(f"{path.name}: question {question.id!r}: duplicate id (question #{index})")
        questions.append(question)
    return Bank(lesson_id=path.stem, title=title.strip(), questions=tuple(questions), path=path)


def fact_references(question: Question, reg: Registry | None = None) -> list[Reference]:
    """The references behind the facts a question's key rests on, each once, in citation order."""
    reg = reg or registry()
    return reg.references_for(reg.record(fact_id) for fact_id in question.facts)


class _QuestionBuilder:
    """Builds one question from its TOML table; ``fail`` raises with file and question id."""

    def __init__(self, path: Path, reg: Registry) -> None:
        self.path = path
        self.reg = reg
        self.qid = ""

    def fail(self, message: str) -> BankError:
        return BankError(f"{self.path.name}: question {self.qid!r}: {message}")

    def build(self, raw: Any, index: int) -> Question:
        if not isinstance(raw, dict):
            raise BankError(f"{self.path.name}: question #{index} must be a table ([[question]])")
        self.qid = raw.get("id") if isinstance(raw.get("id"), str) and raw.get("id") else f"#{index}"
        if "id" not in raw:
            raise self.fail('needs an id, e.g. id = "q1"')
        qtype = raw.get("type")
        if qtype not in QUESTION_TYPES:
            raise self.fail(f"type {qtype!r} is not one of {list(QUESTION_TYPES)}")
        allowed = COMMON_FIELDS | TYPE_FIELDS[qtype]
        unknown = sorted(set(raw) - allowed)
        if unknown:
            raise self.fail(f"unknown field(s) {unknown} for a {qtype} question; allowed: {sorted(allowed)}")
        facts = self._facts(raw)
        common = dict(
            id=self.qid,
            stem=self._text(raw, "stem"),
            explanation=self._text(raw, "explanation"),
            facts=facts,
            points=self._points(raw),
        )
        builders: dict[str, Callable[[dict[str, Any], dict[str, Any]], Question]] = {
            "single": self._single, "multiple": self._multiple, "ordering": self._ordering,
            "numeric": self._numeric, "matching": self._matching, "text": self._free_text,
        }
        return builders[qtype](raw, common)

    # --- shared pieces ---------------------------------------------------------------------------------------
    def _confirmed_fact(self, fact_id: str, use: str) -> Fact:
        try:
            record = self.reg.record(fact_id)
        except KeyError as exc:
            raise self.fail(f"{use}: {exc.args[0]}") from None
        if not record.gradeable:
            raise self.fail(
                f"{use}: {fact_id!r} has status {record.status.value!r}; only confirmed facts may be quiz keys"
            )
        if not isinstance(record, Fact):
            raise self.fail(f"{use}: {fact_id!r} is a {type(record).__name__}, not a fact with a value")
        return record

    def _facts(self, raw: dict[str, Any]) -> tuple[str, ...]:
        if "facts" not in raw:
            raise self.fail("needs facts = [...]: the fact ids the key rests on (facts = [] only for "
                            "questions about the course itself)")
        facts = raw["facts"]
        if not isinstance(facts, list) or not all(isinstance(f, str) for f in facts):
            raise self.fail("facts must be a list of fact ids")
        for fact_id in facts:
            try:
                record = self.reg.record(fact_id)
            except KeyError as exc:
                raise self.fail(f"facts: {exc.args[0]}") from None
            if not record.gradeable:
                raise self.fail(f"facts: {fact_id!r} has status {record.status.value!r}; "
                                "only confirmed facts may be quiz keys")
        return tuple(dict.fromkeys(facts))

    def _render(self, text: str, where: str) -> str:
        def value_of(match: re.Match[str]) -> str:
            form, fact_id = match.groups()
            fact = self._confirmed_fact(fact_id, f"{where} {{{form}:{fact_id}}}")
            if fact.value is None:
                raise self.fail(f"{where}: fact {fact.id!r} has no value to show")
            return fact.display_value() if form == "fact" else str(fact.value)

        return FACT_PLACEHOLDER.sub(value_of, text)

    def _text(self, raw: dict[str, Any], name: str) -> str:
        value = raw.get(name)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(f"missing {name} (a non-empty string)")
        return self._render(value.strip(), name)

    def _points(self, raw: dict[str, Any]) -> float:
        points = raw.get("points", 1)
        if isinstance(points, bool) or not isinstance(points, int | float) or not points > 0:
            raise self.fail(f"points must be a number above 0, not {points!r}")
        return float(points)

    def _choices(self, raw: dict[str, Any], name: str) -> tuple[Choice, ...]:
        tables = raw.get(name)
        if not isinstance(tables, list) or len(tables) < 2:
            raise self.fail(f"{name} must list at least two entries like {{ id = \"A\", text = \"...\" }}")
        choices: list[Choice] = []
        for entry in tables:
            if not isinstance(entry, dict) or not isinstance(entry.get("id"), str) or not entry["id"]:
                raise self.fail(f"every entry of {name} needs an id and a text")
            extra = sorted(set(entry) - {"id", "text", "feedback"})
            if extra:
                raise self.fail(f"{name} entry {entry['id']!r}: unknown field(s) {extra}; allowed: "
                                "['feedback', 'id', 'text']")
            if any(c.id == entry["id"] for c in choices):
                raise self.fail(f"{name}: duplicate id {entry['id']!r}")
            text = entry.get("text")
            if not isinstance(text, str) or not text.strip():
                raise self.fail(f"{name} entry {entry['id']!r} needs a text")
            feedback = entry.get("feedback", "")
            if not isinstance(feedback, str):
                raise self.fail(f"{name} entry {entry['id']!r}: feedback must be a string")
            where = f"{name} entry {entry['id']!r}"
            choices.append(Choice(entry["id"], self._render(text.strip(), where),
                                  self._render(feedback.strip(), where)))
        return tuple(choices)

    def _known(self, value: Any, choices: tuple[Choice, ...], what: str) -> str:
        ids = [c.id for c in choices]
        if value not in ids:
            raise self.fail(f"key {value!r} is not one of the {what}s: {ids}")
        return value

    # --- one builder per type ---------------------------------------------------------------------------------
    def _single(self, raw: dict[str, Any], common: dict[str, Any]) -> Question:
        options = self._choices(raw, "options")
        return SingleChoice(**common, options=options, key=self._known(raw.get("key"), options, "option"))

    def _multiple(self, raw: dict[str, Any], common: dict[str, Any]) -> Question:
        options = self._choices(raw, "options")
        key = raw.get("key")
        if not isinstance(key, list) or not key:
            raise self.fail('key must be a non-empty list of option ids, e.g. key = ["A", "C"]')
        if len(set(key)) != len(key):
            raise self.fail(f"key {key} lists an option twice")
        for option_id in key:
            self._known(option_id, options, "option")
        return MultipleChoice(**common, options=options, key=frozenset(key))

    def _ordering(self, raw: dict[str, Any], common: dict[str, Any]) -> Question:
        items = self._choices(raw, "items")
        key = raw.get("key")
        ids = [i.id for i in items]
        if not isinstance(key, list) or sorted(map(str, key)) != sorted(ids) or len(set(key)) != len(key):
            raise self.fail(f"key must be a permutation of the item ids {ids}; got {key!r}")
        return Ordering(**common, items=items, key=tuple(key))

    def _numeric(self, raw: dict[str, Any], common: dict[str, Any]) -> Question:
        unit = raw.get("unit", "")
        if not isinstance(unit, str):
            raise self.fail("unit must be a string such as \"mm\"")
        if ("key" in raw) == ("key_fact" in raw):
            raise self.fail("give exactly one of key (a number) or key_fact (a fact id)")
        if "key_fact" in raw:
            fact = self._confirmed_fact(raw["key_fact"], "key_fact")
            if isinstance(fact.value, bool) or not isinstance(fact.value, int | float):
                raise self.fail(f"key_fact {fact.id!r} has no numeric value (value = {fact.value!r})")
            key, unit = self._key_from_fact(fact, unit)
            common["facts"] = tuple(dict.fromkeys((*common["facts"], fact.id)))
        else:
            key = raw["key"]
            if isinstance(key, bool) or not isinstance(key, int | float) or not math.isfinite(key):
                raise self.fail(f"key must be a finite number, not {key!r}")
        tolerance = raw.get("tolerance", 0)
        if isinstance(tolerance, bool) or not isinstance(tolerance, int | float) or not math.isfinite(tolerance):
            raise self.fail(f"tolerance must be a number, not {tolerance!r}")
        if tolerance < 0:
            raise self.fail(f"tolerance must not be negative (got {tolerance})")
        minimum = self._bound(raw, "min", default=0.0 if is_length_unit(unit) else None)
        maximum = self._bound(raw, "max", default=None)
        if minimum is not None and maximum is not None and minimum >= maximum:
            raise self.fail(f"min ({minimum}) must be below max ({maximum})")
        if (minimum is not None and key < minimum) or (maximum is not None and key > maximum):
            raise self.fail(f"key {key} lies outside min/max [{minimum}, {maximum}]")
        return Numeric(**common, key=float(key), tolerance=float(tolerance), unit=unit.strip(),
                       minimum=minimum, maximum=maximum)

    def _key_from_fact(self, fact: Fact, unit: str) -> tuple[float, str]:
        if not unit:
            return float(fact.value), fact.unit
        if is_length_unit(unit) or is_length_unit(fact.unit):
            try:
                return convert(float(fact.value), fact.unit, unit), unit
            except ValueError as exc:
                raise self.fail(f"key_fact {fact.id!r}: {exc}") from None
        return float(fact.value), unit  # a label such as "years"; the fact's own unit text may be longer

    def _bound(self, raw: dict[str, Any], name: str, default: float | None) -> float | None:
        value = raw.get(name, default)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            raise self.fail(f"{name} must be a number, not {value!r}")
        return float(value)

    def _matching(self, raw: dict[str, Any], common: dict[str, Any]) -> Question:
        left, right = self._choices(raw, "left"), self._choices(raw, "right")
        key = raw.get("key")
        if not isinstance(key, dict):
            raise self.fail('key must be a table from left ids to right ids, e.g. key = { a = "x", b = "y" }')
        left_ids = [i.id for i in left]
        missing = [i for i in left_ids if i not in key]
        if missing:
            raise self.fail(f"key leaves left item(s) {missing} unmatched; every left id needs a partner")
        for left_id, right_id in key.items():
            if left_id not in left_ids:
                raise self.fail(f"key names {left_id!r}, which is not a left item; left items: {left_ids}")
            self._known(right_id, right, "right item")
        used = list(key.values())
        twice = sorted({r for r in used if used.count(r) > 1})
        if twice:
            raise self.fail(f"key is not one-to-one: right item(s) {twice} are matched more than once")
        return Matching(**common, left=left, right=right, key=MappingProxyType(dict(key)))

    def _free_text(self, raw: dict[str, Any], common: dict[str, Any]) -> Question:
        rubric = raw.get("rubric", "")
        if not isinstance(rubric, str):
            raise self.fail("rubric must be a string")
        return FreeText(**common, model_answer=self._text(raw, "model_answer"),
                        rubric=self._render(rubric.strip(), "rubric"))
