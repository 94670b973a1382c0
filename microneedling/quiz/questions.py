"""The question model: six question types as frozen dataclasses, and a bank that holds them.

Texts are stored already rendered: ``{fact:ID}`` placeholders are replaced by the fact's value and unit when
the bank is loaded (see :mod:`microneedling.quiz.bank`), so views and scorers never touch the registry.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import ClassVar, Mapping

QUESTION_TYPES: tuple[str, ...] = ("single", "multiple", "ordering", "numeric", "matching", "text")


@dataclass(frozen=True)
class Choice:
    """An option, an ordering item, or one side of a matching pair."""

    id: str
    text: str
    feedback: str = ""  # shown when the learner picks this option


@dataclass(frozen=True)
class Question:
    """Fields every question has. ``facts`` are the registry ids the key rests on (all confirmed)."""

    id: str
    stem: str
    explanation: str
    facts: tuple[str, ...] = ()
    points: float = 1.0

    type: ClassVar[str] = ""
    scored: ClassVar[bool] = True  # free text is never scored automatically


@dataclass(frozen=True)
class SingleChoice(Question):
    options: tuple[Choice, ...] = ()
    key: str = ""
    type: ClassVar[str] = "single"

    def option(self, option_id: str) -> Choice:
        return next(o for o in self.options if o.id == option_id)


@dataclass(frozen=True)
class MultipleChoice(Question):
    options: tuple[Choice, ...] = ()
    key: frozenset[str] = frozenset()
    type: ClassVar[str] = "multiple"

    def option(self, option_id: str) -> Choice:
        return next(o for o in self.options if o.id == option_id)


@dataclass(frozen=True)
class Ordering(Question):
    items: tuple[Choice, ...] = ()
    key: tuple[str, ...] = ()
    type: ClassVar[str] = "ordering"

    def item(self, item_id: str) -> Choice:
        return next(i for i in self.items if i.id == item_id)


@dataclass(frozen=True)
class Numeric(Question):
    key: float = 0.0
    tolerance: float = 0.0
    unit: str = ""  # mm and µm are converted; anything else is a label
    minimum: float | None = None  # plausible range for input checks, in ``unit``
    maximum: float | None = None
    type: ClassVar[str] = "numeric"


@dataclass(frozen=True)
class Matching(Question):
    left: tuple[Choice, ...] = ()
    right: tuple[Choice, ...] = ()
    key: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    type: ClassVar[str] = "matching"

    def left_item(self, item_id: str) -> Choice:
        return next(i for i in self.left if i.id == item_id)

    def right_item(self, item_id: str) -> Choice:
        return next(i for i in self.right if i.id == item_id)


@dataclass(frozen=True)
class FreeText(Question):
    """Manually graded in a quiz; in a self-check the learner compares with ``model_answer``."""

    model_answer: str = ""
    rubric: str = ""
    type: ClassVar[str] = "text"
    scored: ClassVar[bool] = False


QUESTION_CLASSES: dict[str, type[Question]] = {
    cls.type: cls for cls in (SingleChoice, MultipleChoice, Ordering, Numeric, Matching, FreeText)
}


@dataclass(frozen=True)
class Bank:
    """The self-check of one lesson, loaded from ``banks/<lesson_id>.toml``."""

    lesson_id: str
    title: str
    questions: tuple[Question, ...]
    path: Path

    @property
    def max_points(self) -> float:
        """Points available from automatically scored questions."""
        return sum(q.points for q in self.questions if q.scored)

    def question(self, question_id: str) -> Question:
        for question in self.questions:
            if question.id == question_id:
                return question
        raise KeyError(f"{self.path.name}: no question {question_id!r}; ids: {[q.id for q in self.questions]}")
