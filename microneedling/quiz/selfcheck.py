"""The self-check widget: renders a lesson's question bank with instant, explained feedback.

One :class:`QuestionView` per question (controls as attributes, a frozen :class:`QuestionState` in ``.state``)
inside a :class:`SelfCheck` with a running total. "Check" gives the verdict in words and an icon (never colour
alone), the score, feedback on the chosen options, the explanation and the sources of the facts the key rests
on. Retrying is allowed; "Show answer" unlocks after two tries. Bad input (nothing chosen, "three" in a number
field, a matching left half-done, the same match used twice) gets a message and costs no try.
"""

from __future__ import annotations

import html
import random
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import ipywidgets as W

from ..widgets.base import View, message_html, reference_link
from .bank import fact_references, load_bank
from .events import emit
from .questions import (
    Bank,
    FreeText,
    Matching,
    MultipleChoice,
    Numeric,
    Ordering,
    Question,
    SingleChoice,
)
from .scoring import (
    LENGTH_UNITS,
    UNIT_SPELLINGS,
    convert,
    correct_pairs,
    is_length_unit,
    longest_in_order,
    normalise_unit,
    score,
)

TRIES_BEFORE_ANSWER = 2
AUTO = W.Layout(width="auto")


class InputProblem(ValueError):
    """The learner's input cannot be checked yet; the message says what to do."""


@dataclass(frozen=True)
class QuestionState:
    attempts: int = 0  # checks of a well-formed answer
    score: float | None = None  # of the last check; None before the first (and always for free text)
    verdict: str = ""  # "correct", "partly correct", "incorrect", "compare" (free text) or ""
    message: str = ""  # the last input problem, or ""
    answer_shown: bool = False


VERDICTS = {  # verdict -> (icon, words); the icon is decorative, the words carry the meaning
    "correct": ("✔", "Correct"),
    "partly correct": ("◐", "Partly correct"),
    "incorrect": ("✘", "Incorrect"),
    "compare": ("✎", "Compare with the model answer"),
}


def _esc(text: str) -> str:
    return html.escape(text)


def _points(value: float) -> str:
    return f"{value:g} point{'s' if value != 1 else ''}"


def parse_number(text: str) -> float:
    """A decimal number typed by a learner: '1.5', '1,5' (decimal comma), '-2', '.5'. Else :class:`InputProblem`."""
    typed = text.strip()
    if not typed:
        raise InputProblem("type a number first, e.g. 1.5")
    if not re.fullmatch(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)", typed):
        if re.fullmatch(r"[+-]?[\d.,]+", typed):
            raise InputProblem(f"'{typed}' has more than one decimal mark: write one number such as 1.5 or 1,5, "
                               "without thousands separators")
        raise InputProblem(f"'{typed}' is not a number: type digits, e.g. 1.5 (a decimal comma, 1,5, works too)")
    return float(typed.replace(",", "."))


class QuestionView:
    """Common layout and behaviour; subclasses build ``controls`` and read the answer from them."""

    css_class = "mn-question"

    def __init__(self, question: Question, number: int, lesson_id: str,
                 on_result: Callable[[QuestionView], None] | None = None) -> None:
        self.question = question
        self.lesson_id = lesson_id
        self.on_result = on_result
        self.state = QuestionState()
        worth = f" ({_points(question.points)})" if question.scored else " (not scored)"
        self.header = W.HTML(
            f"<p><strong>Question {number}</strong>{worth}</p><p>{_esc(question.stem)}</p>",
            layout=AUTO,
        )
        self.check_button = W.Button(description="Check", icon="check", button_style="primary",
                                     tooltip=f"Check your answer to question {number}")
        self.show_answer_button = W.Button(description="Show answer", icon="eye", disabled=True,
                                           tooltip=f"Available after {TRIES_BEFORE_ANSWER} tries")
        self.feedback = W.HTML(layout=AUTO)
        self.feedback.add_class("mn-verdict")
        self.check_button.on_click(lambda _button: self.check())
        self.show_answer_button.on_click(lambda _button: self.show_answer())
        self.ui = W.VBox([self.header, self.build_controls(),
                          W.HBox([self.check_button, self.show_answer_button]), self.feedback])
        self.ui.add_class(self.css_class)
        self.ui.add_class(f"mn-question-{question.type}")

    # --- subclass hooks ---------------------------------------------------------------------------------------
    def build_controls(self) -> W.Widget:
        raise NotImplementedError

    def read_answer(self) -> Any:
        """The answer in the scorer's form; :class:`InputProblem` when it cannot be checked yet."""
        raise NotImplementedError

    def score_answer(self, answer: Any) -> float:
        return score(self.question, answer)

    def details(self, answer: Any) -> list[str]:
        """Extra feedback lines (escaped HTML) for a checked answer: per-option feedback, partial counts."""
        return []

    def key_html(self) -> str:
        raise NotImplementedError

    # --- behaviour --------------------------------------------------------------------------------------------
    def check(self) -> QuestionState:
        """Score the current answer, show the verdict and explanation, and emit a result event."""
        try:
            answer = self.read_answer()
        except InputProblem as exc:
            self.state = replace(self.state, message=str(exc))
            self.feedback.value = message_html(str(exc), "error")
            return self.state
        got = self.score_answer(answer)
        points = self.question.points
        verdict = "correct" if got >= points else "partly correct" if got > 0 else "incorrect"
        attempts = self.state.attempts + 1
        self.state = QuestionState(attempts, got, verdict, "", self.state.answer_shown)
        self.show_answer_button.disabled = attempts < TRIES_BEFORE_ANSWER
        self.show_answer_button.tooltip = ("Reveal the answer" if attempts >= TRIES_BEFORE_ANSWER
                                           else f"Available after {TRIES_BEFORE_ANSWER} tries")
        icon, words = VERDICTS[verdict]
        lines = [f"<p><span aria-hidden='true'>{icon}</span> <strong>{words}</strong> — "
                 f"{got:g} of {_points(points)} (try {attempts}).</p>", *self.details(answer)]
        if verdict != "correct":
            lines.append("<p>Change your answer and press <em>Check</em> again"
                         + (", or press <em>Show answer</em>.</p>" if attempts >= TRIES_BEFORE_ANSWER
                            else f"; after {TRIES_BEFORE_ANSWER} tries you can show the answer.</p>"))
        self.feedback.value = self._panel(lines + self._explanation())
        self._emit(got, points)
        return self.state

    def show_answer(self) -> QuestionState:
        """Reveal the key with its explanation (only after two tries)."""
        if self.state.attempts < TRIES_BEFORE_ANSWER:
            message = f"try at least {TRIES_BEFORE_ANSWER} times before showing the answer"
            self.state = replace(self.state, message=message)
            self.feedback.value = message_html(message, "info")
            return self.state
        self.state = replace(self.state, answer_shown=True, message="")
        self.feedback.value = self._panel(
            [f"<p><span aria-hidden='true'>💡</span> <strong>Answer:</strong></p>{self.key_html()}",
             *self._explanation()])
        return self.state

    def _explanation(self) -> list[str]:
        lines = [f"<p><strong>Why:</strong> {_esc(self.question.explanation)}</p>"]
        refs = fact_references(self.question)
        if refs:
            labels = "; ".join(reference_link(r) for r in refs)
            lines.append(f"<p><small>Sources: {labels}</small></p>")
        return lines

    @staticmethod
    def _panel(lines: list[str]) -> str:
        return f"<div class='mn-verdict-body' role='status' aria-live='polite'>{''.join(lines)}</div>"

    def _emit(self, got: float, points: float) -> None:
        emit(self.lesson_id, self.question.id, got, points)
        if self.on_result is not None:
            self.on_result(self)


class SingleChoiceView(QuestionView):
    question: SingleChoice

    def build_controls(self) -> W.Widget:
        self.choice = W.RadioButtons(options=[(o.text, o.id) for o in self.question.options], value=None,
                                     layout=AUTO)
        return self.choice

    def read_answer(self) -> str:
        if self.choice.value is None:
            raise InputProblem("choose one option first")
        return self.choice.value

    def details(self, answer: str) -> list[str]:
        feedback = self.question.option(answer).feedback
        return [f"<p>{_esc(feedback)}</p>"] if feedback else []

    def key_html(self) -> str:
        return f"<p>{_esc(self.question.option(self.question.key).text)}</p>"


class MultipleChoiceView(QuestionView):
    question: MultipleChoice

    def build_controls(self) -> W.Widget:
        self.choices = [W.Checkbox(value=False, description=o.text, indent=False, layout=AUTO)
                        for o in self.question.options]
        return W.VBox([W.HTML("<em>Select all that apply.</em>"), *self.choices])

    def read_answer(self) -> frozenset[str]:
        picked = frozenset(o.id for o, box in zip(self.question.options, self.choices) if box.value)
        if not picked:
            raise InputProblem("tick at least one option first (select all that apply)")
        return picked

    def details(self, answer: frozenset[str]) -> list[str]:
        right, wrong = len(answer & self.question.key), len(answer - self.question.key)
        lines = [f"<p>{right} of {len(self.question.key)} right options ticked; {wrong} wrong tick(s) "
                 "(each wrong tick cancels a right one).</p>"]
        lines += [f"<p>{_esc(o.text)}: {_esc(o.feedback)}</p>"
                  for o in self.question.options if o.id in answer and o.feedback]
        return lines

    def key_html(self) -> str:
        items = "".join(f"<li>{_esc(o.text)}</li>" for o in self.question.options if o.id in self.question.key)
        return f"<ul>{items}</ul>"


class OrderingView(QuestionView):
    """An ordered list; each row has Up/Down buttons (keyboard: Tab to a button, Enter or Space to move)."""

    question: Ordering

    def build_controls(self) -> W.Widget:
        self.order: list[str] = initial_order(self.question)
        count = len(self.order)
        self.labels = [W.HTML(layout=AUTO) for _ in range(count)]
        self.up_buttons = [W.Button(description="Up", icon="arrow-up", layout=W.Layout(width="5em"))
                           for _ in range(count)]
        self.down_buttons = [W.Button(description="Down", icon="arrow-down", layout=W.Layout(width="6em"))
                             for _ in range(count)]
        for position in range(count):
            self.up_buttons[position].on_click(lambda _b, p=position: self.move(p, -1))
            self.down_buttons[position].on_click(lambda _b, p=position: self.move(p, +1))
        self._refresh()
        rows = [W.HBox([self.up_buttons[p], self.down_buttons[p], self.labels[p]]) for p in range(count)]
        return W.VBox([W.HTML("<em>Put the items in order with the Up and Down buttons.</em>"), *rows])

    def move(self, position: int, delta: int) -> None:
        """Swap the item at ``position`` with its neighbour above (-1) or below (+1)."""
        target = position + delta
        if not 0 <= target < len(self.order):
            return
        self.order[position], self.order[target] = self.order[target], self.order[position]
        self._refresh()

    def _refresh(self) -> None:
        last = len(self.order) - 1
        for position, item_id in enumerate(self.order):
            text = self.question.item(item_id).text
            self.labels[position].value = f"{position + 1}. {_esc(text)}"
            self.up_buttons[position].disabled = position == 0
            self.down_buttons[position].disabled = position == last
            self.up_buttons[position].tooltip = f"Move '{text}' up"
            self.down_buttons[position].tooltip = f"Move '{text}' down"

    def read_answer(self) -> tuple[str, ...]:
        return tuple(self.order)

    def details(self, answer: tuple[str, ...]) -> list[str]:
        in_order = longest_in_order(answer, self.question.key)
        return [f"<p>{in_order} of {len(answer)} items are in the right order relative to each other.</p>"]

    def key_html(self) -> str:
        return "<ol>" + "".join(f"<li>{_esc(self.question.item(i).text)}</li>" for i in self.question.key) + "</ol>"


def initial_order(question: Ordering, tries: int = 20) -> list[str]:
    """A well-mixed start, never the key, stable per question id (a reload shows the same list).

    Of ``tries`` seeded shuffles, the one with the shortest run in the key's order wins, so the start list gives
    little away; the reversed key is avoided because undoing it is a pattern, not knowledge.
    """
    shuffler = random.Random(question.id)
    reverse = list(reversed(question.key))
    candidates = []
    for _ in range(tries):
        order = [item.id for item in question.items]
        shuffler.shuffle(order)
        if order not in (list(question.key), reverse):
            candidates.append(order)
    if not candidates:  # two items: the only non-key order is the reversed key
        return reverse
    return min(candidates, key=lambda order: longest_in_order(order, question.key))


class NumericView(QuestionView):
    question: Numeric

    def build_controls(self) -> W.Widget:
        unit = normalise_unit(self.question.unit)
        self.number = W.Text(value="", placeholder="e.g. 1.5", description="Your answer",
                             style={"description_width": "initial"})
        units = sorted(LENGTH_UNITS) if is_length_unit(unit) else [unit]
        self.unit = W.Dropdown(options=units, value=unit, description="Unit", disabled=len(units) == 1,
                               layout=W.Layout(width="10em", display="" if unit else "none"))
        return W.HBox([self.number, self.unit])

    def read_answer(self) -> float:
        typed = self.number.value.strip()
        for unit in self.unit.options:  # "1.5 mm" or "22 years": accept a typed unit the list offers
            for spelling in {unit, *(s for s, u in UNIT_SPELLINGS.items() if u == unit)}:
                if unit and typed.endswith(spelling) and typed[: -len(spelling)].strip():
                    self.unit.value = unit
                    typed = typed[: -len(spelling)].strip()
                    break
        value = parse_number(typed)
        in_key_unit = convert(value, self.unit.value, self.question.unit) if self.question.unit else value
        low, high = self.question.minimum, self.question.maximum
        unit = f" {self.question.unit}" if self.question.unit else ""
        if (low is not None and in_key_unit < low) or (high is not None and in_key_unit > high):
            if low is not None and high is not None:
                bounds = f"between {low:g} and {high:g}{unit}"
            else:
                bounds = f"at least {low:g}{unit}" if low is not None else f"at most {high:g}{unit}"
            raise InputProblem(f"{value:g} {self.unit.value} is out of range: enter a value {bounds}".strip())
        return in_key_unit

    def score_answer(self, answer: float) -> float:
        return score(self.question, answer, answer_unit=self.question.unit)

    def key_html(self) -> str:
        spread = f" (± {self.question.tolerance:g})" if self.question.tolerance else ""
        return f"<p>{self.question.key:g} {_esc(self.question.unit)}{spread}</p>"


class MatchingView(QuestionView):
    question: Matching
    PROMPT = "— choose —"

    def build_controls(self) -> W.Widget:
        options = [(self.PROMPT, None), *((r.text, r.id) for r in self.question.right)]
        self.pairs: dict[str, W.Dropdown] = {
            item.id: W.Dropdown(options=options, value=None, tooltip=f"Match for: {item.text}",
                                layout=W.Layout(width="auto", max_width="28em"))
            for item in self.question.left
        }
        rows = [W.HBox([W.HTML(f"{_esc(item.text)} →", layout=W.Layout(width="40%")), self.pairs[item.id]])
                for item in self.question.left]
        return W.VBox([W.HTML("<em>Choose a match for each item; each match fits one item.</em>"), *rows])

    def read_answer(self) -> dict[str, str]:
        chosen = {left: box.value for left, box in self.pairs.items()}
        empty = [self.question.left_item(left).text for left, right in chosen.items() if right is None]
        if empty:
            raise InputProblem(f"choose a match for every item; still open: {'; '.join(empty)}")
        for right_id in set(chosen.values()):
            users = [self.question.left_item(left).text for left, right in chosen.items() if right == right_id]
            if len(users) > 1:
                raise InputProblem(f"'{self.question.right_item(right_id).text}' is chosen for more than one item "
                                   f"({'; '.join(users)}); each match fits one item")
        return chosen

    def details(self, answer: dict[str, str]) -> list[str]:
        return [f"<p>{correct_pairs(answer, self.question.key)} of {len(self.question.key)} pairs are right.</p>"]

    def key_html(self) -> str:
        rows = "".join(f"<li>{_esc(self.question.left_item(left).text)} → "
                       f"{_esc(self.question.right_item(right).text)}</li>"
                       for left, right in self.question.key.items())
        return f"<ul>{rows}</ul>"


class FreeTextView(QuestionView):
    """Not scored: Check shows the model answer and what a good answer contains, to compare with."""

    question: FreeText

    def build_controls(self) -> W.Widget:
        self.text = W.Textarea(placeholder="Write your answer, then press Check to compare it with a model answer.",
                               rows=4, layout=W.Layout(width="100%"))
        self.show_answer_button.layout.display = "none"  # Check already shows the model answer
        return self.text

    def read_answer(self) -> str:
        if not self.text.value.strip():
            raise InputProblem("write your answer first; then compare it with the model answer")
        return self.text.value

    def check(self) -> QuestionState:
        try:
            self.read_answer()
        except InputProblem as exc:
            self.state = replace(self.state, message=str(exc))
            self.feedback.value = message_html(str(exc), "error")
            return self.state
        self.state = QuestionState(self.state.attempts + 1, None, "compare", "", True)
        icon, words = VERDICTS["compare"]
        lines = [f"<p><span aria-hidden='true'>{icon}</span> <strong>{words}</strong> (not scored).</p>",
                 self.key_html()]
        self.feedback.value = self._panel(lines + self._explanation())
        self._emit(0.0, 0.0)
        return self.state

    def key_html(self) -> str:
        rubric = (f"<p><strong>A good answer:</strong> {_esc(self.question.rubric)}</p>"
                  if self.question.rubric else "")
        return f"<p><strong>Model answer:</strong> {_esc(self.question.model_answer)}</p>{rubric}"


VIEW_CLASSES: dict[type[Question], type[QuestionView]] = {
    SingleChoice: SingleChoiceView,
    MultipleChoice: MultipleChoiceView,
    Ordering: OrderingView,
    Numeric: NumericView,
    Matching: MatchingView,
    FreeText: FreeTextView,
}


class SelfCheck(View):
    """A lesson's self-check: ``questions`` (one :class:`QuestionView` each) and a running ``total``."""

    css_class = "mn-self-check"

    def __init__(self, bank: Bank) -> None:
        self.bank = bank
        self.questions: list[QuestionView] = [
            VIEW_CLASSES[type(q)](q, number, bank.lesson_id, on_result=self._on_result)
            for number, q in enumerate(bank.questions, start=1)
        ]
        self.total = W.HTML()
        self.total.add_class("mn-self-check-total")
        self.ui = W.VBox([W.HTML(f"<h3>{_esc(bank.title)}</h3><p>Self-checks are for learning and are never "
                                 "graded. Answer, press <em>Check</em>, and read the explanation.</p>"),
                          *(view.ui for view in self.questions), self.total])
        self.ui.add_class(self.css_class)
        self.update()

    def view(self, question_id: str) -> QuestionView:
        for view in self.questions:
            if view.question.id == question_id:
                return view
        raise KeyError(f"no question {question_id!r}; ids: {[v.question.id for v in self.questions]}")

    def _on_result(self, _view: QuestionView) -> None:
        self.update()

    @property
    def score(self) -> float:
        """Sum of the last checked score of every scored question."""
        return round(sum(v.state.score or 0.0 for v in self.questions if v.question.scored), 2)

    def update(self) -> float:
        scored = [v for v in self.questions if v.question.scored]
        checked = sum(1 for v in scored if v.state.attempts)
        self.total.value = (
            f"<p role='status'><strong>Running total:</strong> {self.score:g} of {_points(self.bank.max_points)}"
            f" · {checked} of {len(scored)} scored question(s) checked</p>"
        )
        return self.score


def self_check(lesson_id: str) -> SelfCheck:
    """The self-check for a lesson, built from ``banks/<lesson_id>.toml``; display it as a cell's last line."""
    return SelfCheck(load_bank(lesson_id))
