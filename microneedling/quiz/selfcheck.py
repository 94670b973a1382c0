"""The self-check widget: renders a lesson's question bank with instant, explained feedback.

One :class:`QuestionView` per question (controls as attributes, a frozen :class:`QuestionState` in ``.state``)
inside a :class:`SelfCheck` with a running total. "Check" gives the verdict in words and an icon (never colour
alone), the score, feedback on the chosen options, the explanation and the sources of the facts the key rests
on. Retrying is allowed; "Show answer" unlocks after two tries, and a check made after the answer was shown is
practice: it is never scored, in the widget or in the learner's progress. Bad input (nothing chosen, "three" in a
number field, a matching left half-done, the same match used twice) gets a message, labelled apart from a wrong
answer, and costs no try.

With a progress store (lessons get the learner's own, see :mod:`microneedling.progress`), every check and reveal
is recorded, and a reopened lesson shows each question's last answer ("your last answer, on 12 March: …") with
the controls set to it and the running total restored.
"""

from __future__ import annotations

import datetime as dt
import html
import random
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import ipywidgets as W

from ..widgets.base import View, reference_link
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
from .typed_input import InputProblem, parse_number
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

if TYPE_CHECKING:
    from ..progress.store import ProgressStore
    from ..progress.summary import QuestionProgress

TRIES_BEFORE_ANSWER = 2
AUTO = W.Layout(width="auto")




@dataclass(frozen=True)
class QuestionState:
    attempts: int = 0  # counted checks of a well-formed answer (practice after a reveal does not count)
    score: float | None = None  # of the last counted check; None before one (and always for free text)
    verdict: str = ""  # of the last check: "correct", "partly correct", "incorrect", "compare" (free text) or ""
    message: str = ""  # the last input problem, or ""
    answer_shown: bool = False  # from then on (until tomorrow, for a reopened lesson) checks are practice
    practice: int = 0  # checks made after the answer was shown


# Inline SVG icons (no emoji font needed); decorative: the words next to them carry the meaning.
_ICON_PATHS = {
    "correct": "M3 8.5l3.2 3.2L13 4.8",
    "partly correct": "M8 2a6 6 0 1 0 0 12V2z M8 2a6 6 0 1 1 0 12",
    "incorrect": "M4 4l8 8M12 4l-8 8",
    "compare": "M3 13l1-3.5L11 2.5l2.5 2.5L6.5 12z",
    "answer": "M6 13h4M6.5 11h3M8 2a4 4 0 0 0-2.2 7.3V10h4.4v-.7A4 4 0 0 0 8 2z",
    "note": "M8 7v5M8 4.2v.1M8 1.5a6.5 6.5 0 1 0 0 13a6.5 6.5 0 1 0 0-13z",
    "history": "M8 1.5a6.5 6.5 0 1 0 6.5 6.5M8 4v4l3 2M14.5 2v3.5H11",
}


def icon(name: str) -> str:
    return ("<svg class='mn-icon' aria-hidden='true' focusable='false' width='1em' height='1em' viewBox='0 0 16 16' "
            "fill='none' stroke='currentColor' stroke-width='1.8' stroke-linecap='round' stroke-linejoin='round'>"
            f"<path d='{_ICON_PATHS[name]}'/></svg>")


VERDICTS = {  # verdict -> words; the words carry the meaning, the icon repeats it for a quick glance
    "correct": "Correct",
    "partly correct": "Partly correct",
    "incorrect": "Incorrect",
    "compare": "Compare with the model answer",
}

# Long option texts wrap instead of overprinting the next option; dropdowns are wide enough to read.
STYLE = """<style>
.mn-self-check .widget-radio-box label { height: auto; line-height: 1.4; white-space: normal;
  align-items: flex-start; margin: 0.25em 0; }
.mn-self-check .widget-radio-box label input { flex: none; margin-top: 0.25em; }
.mn-self-check .widget-checkbox, .mn-self-check .widget-checkbox label { height: auto; }
.mn-self-check .widget-checkbox label span { white-space: normal; line-height: 1.4; overflow: visible; }
.mn-self-check .widget-dropdown { width: auto; max-width: 100%; }
.mn-self-check .widget-dropdown select { flex: 0 1 auto; width: auto; min-width: 9em; }
.mn-self-check .widget-dropdown label { white-space: normal; }
.mn-self-check .mn-icon { vertical-align: -0.125em; }
.mn-self-check .mn-input-problem { border-left: 4px solid #0072B2; padding-left: 0.5em; }
.mn-self-check .mn-history { border-left: 4px solid #999999; padding-left: 0.5em; }
</style>"""


def _esc(text: str) -> str:
    return html.escape(text)


def _points(value: float) -> str:
    return f"{value:g} point{'s' if value != 1 else ''}"


def input_problem_html(text: str) -> str:
    """An answer that cannot be checked yet: labelled apart from a wrong answer, costs no try."""
    return (f"<div class='mn-input-problem' role='status'>{icon('note')} <strong>Not checked yet:</strong> "
            f"{_esc(text)}</div>")




class QuestionView:
    """Common layout and behaviour; subclasses build ``controls``, read the answer from them, put it in plain data
    and words for the progress store, and set the controls back to a stored answer."""

    css_class = "mn-question"

    def __init__(self, question: Question, number: int, lesson_id: str,
                 on_result: Callable[[QuestionView], None] | None = None) -> None:
        self.question = question
        self.number = number
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

    def answer_data(self, answer: Any) -> Any:
        """The answer as plain JSON data (option id, list of ids, number, {left: right}, text)."""
        return answer

    def answer_words(self, answer: Any) -> str:
        """The answer as the learner saw it, for "your last answer: …"."""
        raise NotImplementedError

    def set_answer(self, data: Any) -> bool:
        """Put a stored answer back into the controls; False (controls untouched) if it no longer fits the
        question (the bank changed since)."""
        raise NotImplementedError

    # --- behaviour --------------------------------------------------------------------------------------------
    def check(self) -> QuestionState:
        """Score the current answer, show the verdict and explanation, and emit a result event.

        After "Show answer" the check is practice: the verdict is shown, but neither the question's score nor the
        attempt count changes, and the event carries score 0 and ``revealed``."""
        try:
            answer = self.read_answer()
        except InputProblem as exc:
            self.state = replace(self.state, message=str(exc))
            self.feedback.value = input_problem_html(str(exc))
            return self.state
        got = self.score_answer(answer)
        points = self.question.points
        verdict = "correct" if got >= points else "partly correct" if got > 0 else "incorrect"
        words = VERDICTS[verdict]
        if self.state.answer_shown:
            self.state = replace(self.state, verdict=verdict, message="", practice=self.state.practice + 1)
            lines = [f"<p>{icon(verdict)} <strong>{words}</strong> — practice: the answer was shown, so this "
                     "check is not scored.</p>", *self.details(answer)]
            self.feedback.value = self._panel(lines + self._explanation())
            self._emit(0.0, points, answer, revealed=True)
            return self.state
        attempts = self.state.attempts + 1
        self.state = replace(self.state, attempts=attempts, score=got, verdict=verdict, message="")
        self._update_show_answer()
        lines = [f"<p>{icon(verdict)} <strong>{words}</strong> — "
                 f"{got:g} of {_points(points)} (try {attempts}).</p>", *self.details(answer)]
        if verdict != "correct":
            lines.append("<p>Change your answer and press <em>Check</em> again"
                         + (", or press <em>Show answer</em>.</p>" if attempts >= TRIES_BEFORE_ANSWER
                            else f"; after {TRIES_BEFORE_ANSWER} tries you can show the answer.</p>"))
        self.feedback.value = self._panel(lines + self._explanation())
        self._emit(got, points, answer)
        return self.state

    def show_answer(self) -> QuestionState:
        """Reveal the key with its explanation (only after two tries); later checks are practice."""
        if self.state.attempts < TRIES_BEFORE_ANSWER:
            message = f"try at least {TRIES_BEFORE_ANSWER} times before showing the answer"
            self.state = replace(self.state, message=message)
            self.feedback.value = input_problem_html(message)
            return self.state
        first_reveal = not self.state.answer_shown
        self.state = replace(self.state, answer_shown=True, message="")
        self.feedback.value = self._panel(
            [f"<p>{icon('answer')} <strong>Answer:</strong></p>{self.key_html()}", *self._explanation(),
             "<p><em>Checks of this question are practice from now on and are not scored; answer it again from "
             "tomorrow to score it.</em></p>"])
        if first_reveal:
            emit(self.lesson_id, self.question.id, 0.0, self.question.points, kind="reveal")
        return self.state

    def restore(self, progress: QuestionProgress, today: dt.date | None = None) -> None:
        """Show what the store knows: the last answer (in the controls and in words), the score, and whether the
        answer was shown today (then checks stay practice until tomorrow)."""
        from ..progress.summary import STATUS_WORDS, when

        today = today or dt.date.today()
        last, reveal = progress.last, progress.last_reveal
        shown_today = reveal is not None and reveal.astimezone().date() == today
        verdict = progress.status if progress.status in VERDICTS else ""
        self.state = QuestionState(attempts=progress.attempts, score=progress.score, verdict=verdict,
                                   answer_shown=shown_today)
        self._update_show_answer()
        lines = []
        if last is not None:
            restored = last.answer is not None and self.set_answer(last.answer)
            answer = f": {_esc(last.answer_text)}" if last.answer_text else ""
            status = STATUS_WORDS["revealed" if last.revealed else progress.status]
            scored = (f", {progress.score:g} of {_points(self.question.points)}"
                      if self.question.scored and progress.score is not None else "")
            lines.append(f"<p>{icon('history')} <strong>Your last answer</strong> ({when(last.at, today)})"
                         f"{answer} — {_esc(status)}{scored}."
                         + (" It is set in the controls above;" if restored else "")
                         + " press <em>Check</em> to try again.</p>")
        if shown_today:
            lines.append(f"<p>You showed the answer {when(reveal, today)}: checks of this question are practice "
                         "today and are not scored; answer it again from tomorrow to score it.</p>")
        if lines:
            self.feedback.value = f"<div class='mn-history' role='status'>{''.join(lines)}</div>"

    def _update_show_answer(self) -> None:
        ready = self.state.attempts >= TRIES_BEFORE_ANSWER
        self.show_answer_button.disabled = not ready
        self.show_answer_button.tooltip = "Reveal the answer" if ready else f"Available after {TRIES_BEFORE_ANSWER} tries"

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

    def _emit(self, got: float, points: float, answer: Any, revealed: bool = False) -> None:
        emit(self.lesson_id, self.question.id, got, points, answer=self.answer_data(answer),
             answer_text=self.answer_words(answer), revealed=revealed)
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

    def answer_words(self, answer: str) -> str:
        return self.question.option(answer).text

    def set_answer(self, data: Any) -> bool:
        if data not in {o.id for o in self.question.options}:
            return False
        self.choice.value = data
        return True


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

    def answer_data(self, answer: frozenset[str]) -> list[str]:
        return sorted(answer)

    def answer_words(self, answer: frozenset[str]) -> str:
        return "; ".join(o.text for o in self.question.options if o.id in answer)

    def set_answer(self, data: Any) -> bool:
        ids = [o.id for o in self.question.options]
        if not isinstance(data, list) or not data or not set(data) <= set(ids):
            return False
        for option_id, box in zip(ids, self.choices):
            box.value = option_id in data
        return True


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

    def answer_data(self, answer: tuple[str, ...]) -> list[str]:
        return list(answer)

    def answer_words(self, answer: tuple[str, ...]) -> str:
        return ", ".join(f"{n}. {self.question.item(i).text}" for n, i in enumerate(answer, start=1))

    def set_answer(self, data: Any) -> bool:
        if not isinstance(data, list) or sorted(data) != sorted(self.order):
            return False
        self.order = list(data)
        self._refresh()
        return True


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
                               style={"description_width": "initial"},
                               layout=W.Layout(width="auto", display="" if unit else "none"))
        return W.HBox([self.number, self.unit], layout=W.Layout(flex_flow="row wrap", align_items="center"))

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

    def answer_words(self, answer: float) -> str:
        return f"{answer:g} {self.question.unit}".strip()

    def set_answer(self, data: Any) -> bool:
        if isinstance(data, bool) or not isinstance(data, (int, float)):
            return False
        self.number.value = f"{data:g}"
        self.unit.value = normalise_unit(self.question.unit)
        return True


class MatchingView(QuestionView):
    question: Matching
    PROMPT = "Choose…"  # an explicit first option: a blank dropdown looks broken

    def build_controls(self) -> W.Widget:
        options = [(self.PROMPT, ""), *((r.text, r.id) for r in self.question.right)]
        # Each dropdown is labelled by its item (a visible <label>, read by screen readers).
        self.pairs: dict[str, W.Dropdown] = {
            item.id: W.Dropdown(options=options, value="", description=item.text,
                                style={"description_width": "initial"}, layout=W.Layout(width="auto"))
            for item in self.question.left
        }
        return W.VBox([W.HTML("<em>Choose a match for each item; each match fits one item.</em>"),
                       *self.pairs.values()])

    def read_answer(self) -> dict[str, str]:
        chosen = {left: box.value for left, box in self.pairs.items()}
        empty = [self.question.left_item(left).text for left, right in chosen.items() if not right]
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

    def answer_words(self, answer: dict[str, str]) -> str:
        return "; ".join(f"{self.question.left_item(left).text} → {self.question.right_item(right).text}"
                         for left, right in answer.items())

    def set_answer(self, data: Any) -> bool:
        rights = {r.id for r in self.question.right}
        if not isinstance(data, dict) or set(data) != set(self.pairs) or not set(data.values()) <= rights:
            return False
        for left, right in data.items():
            self.pairs[left].value = right
        return True


class FreeTextView(QuestionView):
    """Not scored: Check shows the model answer and what a good answer contains, to compare with."""

    question: FreeText

    def build_controls(self) -> W.Widget:
        self.text = W.Textarea(placeholder="Write your answer, then press Check to compare it with a model answer.",
                               rows=4, layout=W.Layout(width="95%"))
        self.show_answer_button.layout.display = "none"  # Check already shows the model answer
        return self.text

    def read_answer(self) -> str:
        if not self.text.value.strip():
            raise InputProblem("write your answer first; then compare it with the model answer")
        return self.text.value

    def check(self) -> QuestionState:
        try:
            answer = self.read_answer()
        except InputProblem as exc:
            self.state = replace(self.state, message=str(exc))
            self.feedback.value = input_problem_html(str(exc))
            return self.state
        self.state = QuestionState(self.state.attempts + 1, None, "compare", "", True)
        lines = [f"<p>{icon('compare')} <strong>{VERDICTS['compare']}</strong> (not scored).</p>", self.key_html()]
        self.feedback.value = self._panel(lines + self._explanation())
        self._emit(0.0, 0.0, answer)
        return self.state

    def answer_words(self, answer: str) -> str:
        text = " ".join(answer.split())
        return text if len(text) <= 160 else text[:159] + "…"

    def set_answer(self, data: Any) -> bool:
        if not isinstance(data, str):
            return False
        self.text.value = data
        return True

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
    """A lesson's self-check: ``questions`` (one :class:`QuestionView` each) and a running ``total``.

    With a ``store`` its questions start from the learner's stored answers, and ``notices`` shows what the store
    has to say (a file moved aside, progress kept in memory only)."""

    css_class = "mn-self-check"

    def __init__(self, bank: Bank, store: ProgressStore | None = None, today: dt.date | None = None) -> None:
        self.bank = bank
        self.store = store
        self.questions: list[QuestionView] = [
            VIEW_CLASSES[type(q)](q, number, bank.lesson_id, on_result=self._on_result)
            for number, q in enumerate(bank.questions, start=1)
        ]
        self.notices = W.HTML()
        if store is not None:
            self._restore(store, today)
        self.total = W.HTML()
        self.total.add_class("mn-self-check-total")
        saved = (" Your answers are saved on this computer, so you can come back to them."
                 if store is not None and store.persistent else "")
        self.ui = W.VBox([W.HTML(STYLE), W.HTML(f"<h3>{_esc(bank.title)}</h3><p>Self-checks are for learning and "
                                                f"are never graded. Answer, press <em>Check</em>, and read the "
                                                f"explanation.{saved}</p>"),
                          self.notices, *(view.ui for view in self.questions), self.total])
        self.ui.add_class(self.css_class)
        self.update()

    def refresh(self, today: dt.date | None = None) -> None:
        """Read the store again (the app prepares a page before the learner opens it)."""
        if self.store is not None:
            self._restore(self.store, today)
            self.update()

    def _restore(self, store: ProgressStore, today: dt.date | None) -> None:
        from ..progress.summary import question_progress

        attempts = store.attempts(self.bank.lesson_id)
        for view in self.questions:
            mine = [a for a in attempts if a.question_id == view.question.id]
            if mine:
                view.restore(question_progress(view.question, mine), today)
        self.notices.value = "".join(
            f"<div class='mn-input-problem' role='status'>{icon('note')} <strong>About your progress:</strong> "
            f"{_esc(notice)}</div>" for notice in store.notices)

    def view(self, question_id: str) -> QuestionView:
        for view in self.questions:
            if view.question.id == question_id:
                return view
        raise KeyError(f"no question {question_id!r}; ids: {[v.question.id for v in self.questions]}")

    def _on_result(self, _view: QuestionView) -> None:
        self.update()

    @property
    def score(self) -> float:
        """Sum of the last counted score of every scored question (practice after a reveal never counts)."""
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
    """The self-check for a lesson, built from ``banks/<lesson_id>.toml``; display it as a cell's last line.

    It records into the learner's progress store, starts from their stored answers and counts the lesson's time
    (see :mod:`microneedling.progress`); no setup code in the lesson."""
    from .. import progress

    store = progress.install()
    progress.track(lesson_id)
    check = SelfCheck(load_bank(lesson_id), store)
    progress.when_page_requested(check.refresh)
    return check
