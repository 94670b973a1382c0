"""Graded questions as data: read a quiz cell's question (and, on the instructor's side, its key) without running it.

A graded quiz's question cell holds one call with literal arguments, for example::

    quiz.single("q3", {"a": "Proceed", "b": "Defer treatment", "c": "Refer before treating"})
    ### BEGIN HIDDEN TESTS
    quiz.key("q3", "b", facts=["contraindications.pregnancy"])
    ### END HIDDEN TESTS

In a trainee's kernel the call draws the answer widget (:mod:`.graded`). The grader never runs it: it parses the
cell with :mod:`ast`, accepts only the call shapes below with literal arguments, and builds the same question
objects the self-checks use (:mod:`.questions`), so scoring is :func:`microneedling.quiz.scoring.score`.

Calls: ``single(id, options)``, ``multiple(id, options)``, ``ordering(id, items)``,
``numeric(id, unit="", minimum=None, maximum=None)``, ``matching(id, left, right)``, ``written(id)``, and in hidden
tests ``key(id, key, tolerance=0, facts=[...])``. ``options``/``items``/``left``/``right`` map ids to texts, in
the order shown.
"""

from __future__ import annotations

import ast
import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Any

from .questions import Choice, FreeText, Matching, MultipleChoice, Numeric, Ordering, Question, SingleChoice
from .scoring import correct_pairs, longest_in_order, score

QUESTION_CALLS = ("single", "multiple", "ordering", "numeric", "matching", "written")
RECEIVER = "quiz"


class SpecError(ValueError):
    """A quiz cell is not in the graded-question format (an authoring error, never a trainee's)."""


class InvalidAnswer(ValueError):
    """A recorded answer does not fit its question; the message says why in plain words."""


@dataclass(frozen=True)
class Call:
    name: str
    args: tuple[Any, ...]
    kwargs: Mapping[str, Any]


def parse_calls(source: str) -> list[Call]:
    """Every ``quiz.<name>(…)`` statement in ``source`` whose arguments are all literals.

    Anything else in the cell is an authoring error: the grader reads data, so a cell must be nothing but data.
    """
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        raise SpecError(f"not valid Python call syntax: {exc.msg} (line {exc.lineno})") from None
    calls = []
    for statement in tree.body:
        call = statement.value if isinstance(statement, ast.Expr) else None
        func = call.func if isinstance(call, ast.Call) else None
        if not (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id == RECEIVER):
            raise SpecError(f"line {statement.lineno}: only quiz.<question>(…) and quiz.key(…) calls are allowed")
        try:
            args = tuple(ast.literal_eval(a) for a in call.args)
            kwargs = {k.arg: ast.literal_eval(k.value) for k in call.keywords if k.arg is not None}
        except ValueError:
            raise SpecError(f"line {statement.lineno}: arguments must be literal values") from None
        if len(kwargs) != len(call.keywords):
            raise SpecError(f"line {statement.lineno}: **kwargs are not allowed")
        calls.append(Call(func.attr, args, kwargs))
    return calls


def _choices(mapping: Any, what: str, question_id: str) -> tuple[Choice, ...]:
    if not isinstance(mapping, Mapping) or not mapping:
        raise SpecError(f"{question_id}: {what} must be a non-empty mapping of id to text")
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in mapping.items()):
        raise SpecError(f"{question_id}: {what} ids and texts must be strings")
    return tuple(Choice(k, v) for k, v in mapping.items())


def _bind(call: Call, *names: str, optional: Mapping[str, Any] = MappingProxyType({})) -> dict[str, Any]:
    """Positional and keyword arguments of ``call`` by parameter name (like a function signature would)."""
    params = [*names, *optional]
    if len(call.args) > len(params):
        raise SpecError(f"quiz.{call.name}: too many arguments")
    bound = dict(optional) | dict(zip(params, call.args))
    for name, value in call.kwargs.items():
        if name not in params or name in params[: len(call.args)]:
            raise SpecError(f"quiz.{call.name}: unknown or repeated argument {name!r}")
        bound[name] = value
    missing = [n for n in names if n not in bound]
    if missing:
        raise SpecError(f"quiz.{call.name}: missing {', '.join(missing)}")
    return bound


def question_from_call(call: Call, points: float = 1.0) -> Question:
    """The question a ``quiz.<type>(…)`` call describes, without a key."""
    if call.name not in QUESTION_CALLS:
        raise SpecError(f"quiz.{call.name} is not a question type; types: {list(QUESTION_CALLS)}")
    if call.name in ("single", "multiple"):
        args = _bind(call, "id", "options")
    elif call.name == "ordering":
        args = _bind(call, "id", "items")
    elif call.name == "numeric":
        args = _bind(call, "id", optional={"unit": "", "minimum": None, "maximum": None})
    elif call.name == "matching":
        args = _bind(call, "id", "left", "right")
    else:
        args = _bind(call, "id")
    question_id = args["id"]
    if not isinstance(question_id, str) or not question_id:
        raise SpecError(f"quiz.{call.name}: the first argument is the question id (a string)")
    common = {"id": question_id, "stem": "", "explanation": "", "points": float(points)}
    if call.name == "single":
        return SingleChoice(**common, options=_choices(args["options"], "options", question_id))
    if call.name == "multiple":
        return MultipleChoice(**common, options=_choices(args["options"], "options", question_id))
    if call.name == "ordering":
        return Ordering(**common, items=_choices(args["items"], "items", question_id))
    if call.name == "numeric":
        unit, low, high = args["unit"], args["minimum"], args["maximum"]
        if not isinstance(unit, str) or any(b is not None and not isinstance(b, (int, float)) for b in (low, high)):
            raise SpecError(f"{question_id}: unit is text; minimum and maximum are numbers")
        return Numeric(**common, unit=unit, minimum=low, maximum=high)
    if call.name == "matching":
        return Matching(**common, left=_choices(args["left"], "left", question_id),
                        right=_choices(args["right"], "right", question_id))
    return FreeText(**common)


def with_key(question: Question, call: Call) -> Question:
    """``question`` with the key (and tolerance, facts) of a ``quiz.key(…)`` call, checked against it."""
    args = _bind(call, "id", "key", optional={"tolerance": 0.0, "facts": []})
    if args["id"] != question.id:
        raise SpecError(f"quiz.key names {args['id']!r} but the cell's question is {question.id!r}")
    facts = args["facts"]
    if not isinstance(facts, (list, tuple)) or not all(isinstance(f, str) for f in facts):
        raise SpecError(f"{question.id}: facts must be a list of fact ids")
    key = args["key"]
    try:
        if isinstance(question, SingleChoice):
            validate(question, key)
            return replace(question, key=key, facts=tuple(facts))
        if isinstance(question, MultipleChoice):
            return replace(question, key=frozenset(validate(question, list(key))), facts=tuple(facts))
        if isinstance(question, Ordering):
            ordered = validate(question, list(key))
            if len(ordered) != len(question.items):
                raise InvalidAnswer("an ordering key lists every item")
            return replace(question, key=tuple(ordered), facts=tuple(facts))
        if isinstance(question, Numeric):
            tolerance = args["tolerance"]
            if not isinstance(tolerance, (int, float)) or tolerance < 0:
                raise InvalidAnswer("the tolerance is a number ≥ 0")
            return replace(question, key=validate(question, key), tolerance=float(tolerance), facts=tuple(facts))
        if isinstance(question, Matching):
            pairs = validate(question, dict(key))
            if set(pairs) != {item.id for item in question.left}:
                raise InvalidAnswer("a matching key pairs every left item")
            return replace(question, key=MappingProxyType(pairs), facts=tuple(facts))
    except (InvalidAnswer, TypeError) as exc:
        raise SpecError(f"{question.id}: the key does not fit the question ({exc})") from None
    raise SpecError(f"{question.id}: written answers are marked by hand and have no key")


@dataclass(frozen=True)
class CellSpec:
    """A graded cell read as data: its question, and whether a key was found (hidden tests present)."""

    question: Question
    keyed: bool


def parse_question_cell(source: str, points: float = 1.0) -> CellSpec:
    """The question (with its key when the hidden tests are present) of a graded cell's source."""
    calls = parse_calls(source)
    questions = [c for c in calls if c.name in QUESTION_CALLS]
    keys = [c for c in calls if c.name == "key"]
    unknown = [c.name for c in calls if c.name not in QUESTION_CALLS and c.name != "key"]
    if unknown or len(questions) != 1 or len(keys) > 1:
        raise SpecError(f"a question cell holds one question call and at most one key call; found "
                        f"{[c.name for c in calls]}")
    question = question_from_call(questions[0], points)
    if keys:
        return CellSpec(with_key(question, keys[0]), True)
    return CellSpec(question, False)


# --- validating a recorded answer ---------------------------------------------------------------------------------

def _ids_of(question: Question) -> list[str]:
    if isinstance(question, (SingleChoice, MultipleChoice)):
        return [o.id for o in question.options]
    if isinstance(question, Ordering):
        return [i.id for i in question.items]
    return []


def validate(question: Question, value: Any) -> Any:
    """The recorded ``value`` in the form the scorer takes, or :class:`InvalidAnswer` saying why it does not fit."""
    if isinstance(question, SingleChoice):
        if not isinstance(value, str) or value not in _ids_of(question):
            raise InvalidAnswer("the answer is not one of the options")
        return value
    if isinstance(question, (MultipleChoice, Ordering)):
        ids = _ids_of(question)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise InvalidAnswer("the answer is not a list of options")
        if len(set(value)) != len(value):
            raise InvalidAnswer("an option appears more than once")
        strangers = [v for v in value if v not in ids]
        if strangers:
            raise InvalidAnswer(f"{len(strangers)} of the chosen items are not options of this question")
        return list(value)
    if isinstance(question, Numeric):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise InvalidAnswer("the answer is not a number")
        return float(value)
    if isinstance(question, Matching):
        left, right = {i.id for i in question.left}, {i.id for i in question.right}
        if not isinstance(value, Mapping):
            raise InvalidAnswer("the answer is not a set of pairs")
        if not all(isinstance(k, str) and k in left and isinstance(v, str) and v in right for k, v in value.items()):
            raise InvalidAnswer("a pair names an item or option this question does not have")
        return dict(value)
    if isinstance(question, FreeText):
        if not isinstance(value, str):
            raise InvalidAnswer("a written answer is text")
        return value
    raise InvalidAnswer(f"unknown question type {type(question).__name__}")


def is_blank(question: Question, value: Any) -> bool:
    """True for an answer that says nothing (no ticks, no steps placed, no pairs, empty text)."""
    return value in ([], {}, "") or (isinstance(value, str) and not value.strip())


@dataclass(frozen=True)
class Outcome:
    """How one recorded answer was graded. ``answer`` is the validated value (``None`` unless answered)."""

    status: str  # "answered", "missing" or "invalid"
    score: float
    max: float
    message: str
    answer: Any = None

    def to_json(self) -> dict[str, Any]:
        return {"status": self.status, "answer": self.answer, "score": self.score, "max": self.max,
                "message": self.message}


def _points(value: float) -> str:
    return f"{value:g} point{'' if value == 1 else 's'}"


def _describe(question: Question, answer: Any) -> str:
    """What the trainee answered, in words, without saying what the key is."""
    if isinstance(question, SingleChoice):
        return f"You chose: “{question.option(answer).text}”."
    if isinstance(question, MultipleChoice):
        right = len(set(answer) & question.key)
        wrong = len(answer) - right
        return (f"You ticked {len(answer)} option{'s' if len(answer) != 1 else ''}: {right} of the "
                f"{len(question.key)} right one{'s' if len(question.key) != 1 else ''} and {wrong} wrong "
                f"(each wrong tick cancels a right one).")
    if isinstance(question, Ordering):
        placed = len(answer)
        note = "" if placed == len(question.items) else f" You placed {placed} of {len(question.items)} steps."
        return (f"{longest_in_order(answer, question.key)} of {len(question.items)} steps are in the right order "
                f"relative to each other.{note}")
    if isinstance(question, Numeric):
        unit = f" {question.unit}" if question.unit else ""
        return f"You answered {answer:g}{unit}."
    if isinstance(question, Matching):
        return f"{correct_pairs(answer, question.key)} of {len(question.key)} pairs are right."
    return ""


def grade(question: Question, recorded: Any, *, present: bool) -> Outcome:
    """Validate and score one recorded answer of a keyed, automatically graded question."""
    points = question.points
    if not present or is_blank(question, recorded):
        return Outcome("missing", 0.0, points, f"No answer was recorded for this question — 0 of {_points(points)}.")
    try:
        answer = validate(question, recorded)
    except InvalidAnswer as exc:
        return Outcome("invalid", 0.0, points, f"Invalid answer ({exc}) — 0 of {_points(points)}.")
    got = score(question, answer if not isinstance(question, (MultipleChoice, Ordering)) else
                (frozenset(answer) if isinstance(question, MultipleChoice) else tuple(answer)))
    return Outcome("answered", got, points, f"{_describe(question, answer)} {got:g} of {_points(points)}.", answer)
