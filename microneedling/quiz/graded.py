"""Graded quizzes in the trainee's kernel: answer by clicking, every answer recorded the moment it is given.

A quiz notebook's first code cell is ``quiz = graded_quiz("<notebook name>")``; each question cell is one call with
literal arguments (see :mod:`.graded_spec`), e.g. ``quiz.single("q3", {"a": "Proceed", …})``. Each call shows

* the **controls** — radio buttons, tick boxes, step buttons, a number box with its unit, one drop-down per item,
  or a text box — all native, so everything works from the keyboard; and
* the **recorded answer** under them — an output that holds the answer as data (:data:`~.recorded.ANSWER_MIME`)
  and says in words what was recorded and when. It is updated on every change, so the saved notebook carries
  the answers; the answers file beside the notebook is written at the same moment (:class:`~.recorded.AnswersFile`).

Run All, a restarted kernel or a reopened notebook shows the recorded answers again: each control starts from the
latest record of its question (answers file or notebook). Nothing a trainee leaves blank raises. While nbgrader
executes a notebook (``NBGRADER_EXECUTION`` set) nothing is written. Grading never runs this code: the grader
reads the records (:mod:`microneedling.grading.autograde`).
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import ipywidgets as W
from IPython.display import display

from .graded_spec import Call, InvalidAnswer, is_blank, question_from_call, validate, with_key
from .typed_input import InputProblem, parse_number
from .questions import FreeText, Matching, MultipleChoice, Numeric, Ordering, Question, SingleChoice
from .recorded import (
    ANSWER_MIME,
    MAX_TEXT_CHARS,
    AnswersFile,
    Record,
    embedded_records,
    format_time,
    merge,
    now,
    read_notebook,
)

AUTO = W.Layout(width="auto")
FULL = W.Layout(width="100%")
STYLE = """<style>
.mn-graded { max-width: 60rem; }
.mn-graded .widget-radio-box label, .mn-graded .widget-checkbox label, .mn-graded .mn-wrap button {
  white-space: normal !important; height: auto !important; line-height: 1.35; text-align: left; }
.mn-graded .widget-radio-box label { margin-bottom: 0.35em; }
.mn-graded .mn-wrap button { padding: 0.35em 0.6em; }
.mn-graded .mn-message { margin: 0.25em 0; }
.mn-graded .widget-dropdown > .widget-label { white-space: normal !important; overflow: visible !important;
  text-overflow: clip !important; height: auto !important; line-height: 1.35; padding-right: 0.75em; }
.mn-graded .widget-dropdown { height: auto !important; align-items: center; margin-bottom: 0.35em; }
</style>"""


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _markdown_text(text: str) -> str:
    """Text shown literally in Markdown (every punctuation mark that Markdown reads is escaped)."""
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|<>~&])", r"\\\1", text)


def _when(record: Record) -> str:
    return record.at.strftime("%d %b %Y, %H:%M UTC")


class AnswerWidget:
    """Controls for one question, its recorded-answer output, and a readable ``state`` for tests."""

    instructions = ""

    def __init__(self, question: Question, number: str, quiz: GradedQuiz) -> None:
        self.question = question
        self.ordinal = number  # "3" in "Question 3"
        self.quiz = quiz
        self.record: Record | None = None
        self.message = W.HTML(layout=AUTO)
        self._restoring = False
        self._handle = None
        controls = self.build()
        parts = [W.HTML(f"<em>{self.instructions}</em>")] if self.instructions else []
        self.ui = W.VBox([*parts, controls, self.message], layout=FULL)
        self.ui.add_class("mn-graded")
        self.ui.add_class(f"mn-graded-{question.type}")

    # --- subclass hooks ------------------------------------------------------------------------------------------
    def build(self) -> W.Widget:
        raise NotImplementedError

    def current(self) -> Any:
        """The answer the controls show, as plain data; :class:`InvalidAnswer` when it cannot be recorded."""
        raise NotImplementedError

    def show(self, value: Any) -> None:
        """Set the controls to a recorded value (already validated)."""
        raise NotImplementedError

    def describe(self, value: Any) -> str:
        """The recorded value in words (Markdown-safe)."""
        raise NotImplementedError

    # --- behaviour -------------------------------------------------------------------------------------------------
    @property
    def state(self) -> dict[str, Any]:
        return {"question": self.question.id, "value": self.record.value if self.record else None,
                "recorded_at": format_time(self.record.at) if self.record else None,
                "message": re.sub(r"<[^>]+>", "", self.message.value)}

    def restore(self, record: Record | None) -> None:
        """Show a previous record (if it still fits the question) without recording it again."""
        if record is None:
            return
        try:
            value = validate(self.question, record.value)
        except InvalidAnswer:
            return
        self._restoring = True
        try:
            self.show(value)
        finally:
            self._restoring = False
        self.record = record

    def changed(self, *_: Any) -> None:
        """Record the controls' answer at once (called by every control's change)."""
        if self._restoring:
            return
        try:
            value = self.current()
        except (InvalidAnswer, InputProblem) as exc:
            self.message.value = (f"<div class='mn-message' role='alert'><strong>Not recorded:</strong> "
                                  f"{_esc(str(exc))}.</div>")
            return
        self.message.value = ""
        self.record = self.quiz.save(self.question.id, value)
        self.refresh_output()
        self.quiz.answered_changed()

    def bundle(self) -> dict[str, Any]:
        label = f"Question {self.ordinal}"
        if self.record is None or is_blank(self.question, self.record.value):
            text = f"{label}: not answered yet."
            return {ANSWER_MIME: {"question": self.question.id, "value": None},
                    "text/markdown": f"*{text}*", "text/plain": text}
        words = self.describe(self.record.value)
        markdown = f"**Recorded answer, {label.lower()}** ({_when(self.record)}): {words}"
        plain = re.sub(r"\\(.)", r"\1", markdown.replace("**", ""))
        return {ANSWER_MIME: {"question": self.question.id, **self.record.to_json()},
                "text/markdown": markdown, "text/plain": plain}

    def refresh_output(self) -> None:
        if self._handle is not None:
            self._handle.update(self.bundle(), raw=True)

    def display(self) -> None:
        display(self.ui)
        self._handle = display(self.bundle(), raw=True, display_id=True)


class SingleAnswer(AnswerWidget):
    question: SingleChoice
    instructions = "Choose one answer."

    def build(self) -> W.Widget:
        self.choice = W.RadioButtons(options=[(o.text, o.id) for o in self.question.options], value=None,
                                     layout=FULL)
        self.choice.observe(self.changed, "value")
        return self.choice

    def current(self) -> str:
        if self.choice.value is None:
            raise InvalidAnswer("choose one answer")
        return self.choice.value

    def show(self, value: str) -> None:
        self.choice.value = value

    def describe(self, value: str) -> str:
        return _markdown_text(self.question.option(value).text)


class MultipleAnswer(AnswerWidget):
    question: MultipleChoice
    instructions = "Tick every answer that applies (a wrong tick cancels a right one)."

    def build(self) -> W.Widget:
        self.boxes = {o.id: W.Checkbox(value=False, description=o.text, indent=False, layout=FULL)
                      for o in self.question.options}
        for box in self.boxes.values():
            box.observe(self.changed, "value")
        return W.VBox(list(self.boxes.values()), layout=FULL)

    def current(self) -> list[str]:
        return [option_id for option_id, box in self.boxes.items() if box.value]

    def show(self, value: list[str]) -> None:
        for option_id, box in self.boxes.items():
            box.value = option_id in value

    def describe(self, value: list[str]) -> str:
        return "; ".join(_markdown_text(self.question.option(v).text) for v in value)


class OrderingAnswer(AnswerWidget):
    """Click the steps in the order they happen; "Undo last step" and "Start again" correct mistakes."""

    question: Ordering
    instructions = "Click the steps in the order you would do them. Your order builds up on the right."

    def build(self) -> W.Widget:
        self.order: list[str] = []
        self.step_buttons = {i.id: W.Button(description=i.text, tooltip=f"Place next: {i.text}", layout=FULL)
                             for i in self.question.items}
        for item_id, button in self.step_buttons.items():
            button.on_click(lambda _b, i=item_id: self.place(i))
        self.undo = W.Button(description="Undo last step", icon="undo", layout=AUTO)
        self.reset = W.Button(description="Start again", icon="refresh", layout=AUTO)
        self.undo.on_click(lambda _b: self.take_back())
        self.reset.on_click(lambda _b: self.start_again())
        self.sequence = W.HTML(layout=FULL)
        remaining = W.VBox([W.HTML("<strong>Steps to place</strong>"), *self.step_buttons.values()],
                           layout=W.Layout(width="50%", padding="0 1em 0 0"))
        remaining.add_class("mn-wrap")
        placed = W.VBox([W.HTML("<strong>Your order</strong>"), self.sequence, W.HBox([self.undo, self.reset])],
                        layout=W.Layout(width="50%"))
        self._refresh()
        return W.HBox([remaining, placed], layout=FULL)

    def place(self, item_id: str) -> None:
        if item_id not in self.order:
            self.order.append(item_id)
            self._refresh()
            self.changed()

    def take_back(self) -> None:
        if self.order:
            self.order.pop()
            self._refresh()
            self.changed()

    def start_again(self) -> None:
        if self.order:
            self.order.clear()
            self._refresh()
            self.changed()

    def _refresh(self) -> None:
        for item_id, button in self.step_buttons.items():
            button.disabled = item_id in self.order
        self.undo.disabled = self.reset.disabled = not self.order
        if self.order:
            rows = "".join(f"<li>{_esc(self.question.item(i).text)}</li>" for i in self.order)
            left = len(self.question.items) - len(self.order)
            note = f"<p><em>{left} step{'s' if left != 1 else ''} still to place.</em></p>" if left else ""
            self.sequence.value = f"<ol>{rows}</ol>{note}"
        else:
            self.sequence.value = "<p><em>No steps placed yet.</em></p>"

    def current(self) -> list[str]:
        return list(self.order)

    def show(self, value: list[str]) -> None:
        self.order = list(value)
        self._refresh()

    def describe(self, value: list[str]) -> str:
        steps = " → ".join(_markdown_text(self.question.item(v).text) for v in value)
        missing = len(self.question.items) - len(value)
        return steps + (f" ({missing} step{'s' if missing != 1 else ''} not placed)" if missing else "")


class NumericAnswer(AnswerWidget):
    question: Numeric
    instructions = "Type a number and press Enter (a decimal comma works too)."

    def build(self) -> W.Widget:
        self.number = W.Text(value="", placeholder="e.g. 1.5", continuous_update=False,
                             description="Your answer", style={"description_width": "initial"},
                             layout=W.Layout(width="16em"))
        self.unit = W.HTML(f"<span class='mn-unit'>{_esc(self.question.unit)}</span>")
        self.number.observe(self.changed, "value")
        return W.HBox([self.number, self.unit])

    def current(self) -> float:
        value = parse_number(self.number.value)
        low, high = self.question.minimum, self.question.maximum
        unit = f" {self.question.unit}" if self.question.unit else ""
        if (low is not None and value < low) or (high is not None and value > high):
            bounds = (f"between {low:g} and {high:g}{unit}" if low is not None and high is not None
                      else f"at least {low:g}{unit}" if low is not None else f"at most {high:g}{unit}")
            raise InvalidAnswer(f"{value:g}{unit} is outside the possible range: enter a value {bounds}")
        return value

    def show(self, value: float) -> None:
        self.number.value = f"{value:g}"

    def describe(self, value: float) -> str:
        return _markdown_text(f"{value:g} {self.question.unit}".strip())


class MatchingAnswer(AnswerWidget):
    question: Matching
    instructions = "Choose a match for each item. Each option fits at most one item."
    PROMPT = "Choose…"

    def build(self) -> W.Widget:
        options = [(self.PROMPT, None), *((r.text, r.id) for r in self.question.right)]
        # The item text is the drop-down's own label (visible and tied to it for screen readers); it wraps.
        self.pairs = {item.id: W.Dropdown(options=options, value=None, description=item.text,
                                          style={"description_width": "45%"}, layout=FULL)
                      for item in self.question.left}
        for dropdown in self.pairs.values():
            dropdown.observe(self.changed, "value")
        self.repeat_warning = W.HTML()
        return W.VBox([*self.pairs.values(), self.repeat_warning], layout=FULL)

    def current(self) -> dict[str, str]:
        chosen = {left: box.value for left, box in self.pairs.items() if box.value is not None}
        repeated = sorted({self.question.right_item(r).text for r in chosen.values()
                           if list(chosen.values()).count(r) > 1})
        self.repeat_warning.value = (
            f"<div class='mn-message' role='status'><strong>Note:</strong> {_esc('; '.join(repeated))} is chosen for "
            "more than one item; each option fits at most one, so those pairs cannot all be right.</div>"
            if repeated else "")
        return chosen

    def show(self, value: Mapping[str, str]) -> None:
        for left, box in self.pairs.items():
            box.value = value.get(left)

    def describe(self, value: Mapping[str, str]) -> str:
        pairs = "; ".join(f"{_markdown_text(self.question.left_item(k).text)} → "
                          f"{_markdown_text(self.question.right_item(v).text)}" for k, v in value.items())
        missing = len(self.question.left) - len(value)
        return pairs + (f" ({missing} item{'s' if missing != 1 else ''} not matched)" if missing else "")


class WrittenAnswer(AnswerWidget):
    """A text box for a written answer, marked by the instructor; recorded when the box loses focus or on Save."""

    question: FreeText
    instructions = ("Write your answer in full sentences. It is saved when you click outside the box or press "
                    "“Save answer”.")

    def build(self) -> W.Widget:
        self.text = W.Textarea(value="", rows=8, continuous_update=False, layout=FULL,
                               placeholder="Your answer…")
        self.save_button = W.Button(description="Save answer", icon="save", button_style="primary")
        self.count = W.HTML()
        self.text.observe(self.changed, "value")
        self.save_button.on_click(self.changed)
        self._count()
        return W.VBox([self.text, W.HBox([self.save_button, self.count])], layout=FULL)

    def _count(self) -> None:
        words = len(self.text.value.split())
        self.count.value = f"<span class='mn-word-count'>{words} word{'s' if words != 1 else ''}</span>"

    def current(self) -> str:
        self._count()
        if len(self.text.value) > MAX_TEXT_CHARS:
            raise InvalidAnswer(f"the answer is longer than {MAX_TEXT_CHARS:,} characters; please shorten it")
        return self.text.value

    def show(self, value: str) -> None:
        self.text.value = value
        self._count()

    def describe(self, value: str) -> str:
        words = len(value.split())
        return f"{words} word{'s' if words != 1 else ''} saved."


WIDGETS: dict[type[Question], type[AnswerWidget]] = {
    SingleChoice: SingleAnswer, MultipleChoice: MultipleAnswer, Ordering: OrderingAnswer,
    Numeric: NumericAnswer, Matching: MatchingAnswer, FreeText: WrittenAnswer,
}


class GradedQuiz:
    """One graded quiz notebook in the kernel: its answer widgets, their records, and a progress summary."""

    def __init__(self, notebook: str, directory: Path | str | None = None) -> None:
        if not re.fullmatch(r"[A-Za-z0-9_.-]+", notebook):
            raise ValueError(f"a quiz notebook name is letters, digits, '_', '.' or '-'; got {notebook!r}")
        self.notebook = notebook
        self.directory = Path(directory) if directory is not None else Path.cwd()
        self.answers_file = AnswersFile(self.directory, notebook)
        self.recording = not os.environ.get("NBGRADER_EXECUTION")
        self.widgets: dict[str, AnswerWidget] = {}
        self.notes: list[str] = []
        self.previous = self._previous_records()
        self._summaries: list[W.HTML] = []
        display(W.HTML(STYLE))

    def _previous_records(self) -> dict[str, Record]:
        """The latest record per question from the answers file and from the saved notebook."""
        from_file = self.answers_file.read()
        self.notes.extend(from_file.notes)
        notebook = read_notebook(self.directory / f"{self.notebook}.ipynb", self.notes)
        embedded = embedded_records(notebook, self.notes) if notebook is not None else {}
        return merge(from_file.records, embedded)

    # --- question calls (one per question cell) ------------------------------------------------------------------
    def _ask(self, name: str, *args: Any, **kwargs: Any) -> None:
        question = question_from_call(Call(name, args, kwargs))
        number = question.id[1:] if re.fullmatch(r"q\d+", question.id) else question.id
        widget = WIDGETS[type(question)](question, number, self)
        earlier = self.widgets.get(question.id)  # the cell was run again: keep what was answered since
        widget.restore(earlier.record if earlier is not None and earlier.record else self.previous.get(question.id))
        self.widgets[question.id] = widget
        widget.display()
        self.answered_changed()

    def single(self, question_id: str, options: Mapping[str, str]) -> None:
        self._ask("single", question_id, options)

    def multiple(self, question_id: str, options: Mapping[str, str]) -> None:
        self._ask("multiple", question_id, options)

    def ordering(self, question_id: str, items: Mapping[str, str]) -> None:
        self._ask("ordering", question_id, items)

    def numeric(self, question_id: str, unit: str = "", minimum: float | None = None,
                maximum: float | None = None) -> None:
        self._ask("numeric", question_id, unit=unit, minimum=minimum, maximum=maximum)

    def matching(self, question_id: str, left: Mapping[str, str], right: Mapping[str, str]) -> None:
        self._ask("matching", question_id, left, right)

    def written(self, question_id: str) -> None:
        self._ask("written", question_id)

    def key(self, question_id: str, key: Any, tolerance: float = 0.0, facts: tuple[str, ...] | list[str] = ()) -> None:
        """Instructor's version only (hidden tests): check the key fits its question and show it."""
        widget = self.widgets.get(question_id)
        if widget is None:
            raise ValueError(f"quiz.key({question_id!r}) must follow its question call in the same cell")
        keyed = with_key(widget.question, Call("key", (question_id, key), {"tolerance": tolerance,
                                                                              "facts": list(facts)}))
        shown = widget.describe(validate(widget.question, list(key) if isinstance(key, (list, tuple, set,
                                                                                         frozenset)) else key))
        extra = f" ± {keyed.tolerance:g}" if isinstance(keyed, Numeric) and keyed.tolerance else ""
        display({"text/markdown": f"**Instructor view — key:** {shown}{extra}  \n*Rests on:* "
                                  f"{', '.join(f'`{f}`' for f in keyed.facts) or 'no cited fact'}"}, raw=True)

    # --- recording -------------------------------------------------------------------------------------------------
    def save(self, question_id: str, value: Any) -> Record:
        if not self.recording:
            return Record(question_id, value, now())
        return self.answers_file.record(question_id, value)

    def answered(self) -> list[str]:
        return [qid for qid, w in self.widgets.items()
                if w.record is not None and not is_blank(w.question, w.record.value)]

    def summary(self) -> None:
        """A live line: how many questions are answered, which are not, and how to hand the quiz in."""
        line = W.HTML(layout=AUTO)
        line.add_class("mn-quiz-summary")
        self._summaries.append(line)
        self.answered_changed()
        display(line)

    def answered_changed(self) -> None:
        if not self._summaries:
            return
        done = set(self.answered())
        open_questions = [f"Question {w.ordinal}" for qid, w in self.widgets.items() if qid not in done]
        status = (f"<p role='status'><strong>{len(done)} of {len(self.widgets)} questions answered.</strong> "
                  + (f"Not answered yet: {_esc(', '.join(open_questions))}." if open_questions else
                     "Every question has an answer.") + "</p>")
        notes = "".join(f"<p class='mn-message'>{_esc(n)}</p>" for n in self.notes)
        for line in self._summaries:
            line.value = status + notes


def graded_quiz(notebook: str) -> GradedQuiz:
    """The quiz object a graded notebook's first cell creates: ``quiz = graded_quiz("preparation_quiz")``."""
    return GradedQuiz(notebook)


__all__ = ["GradedQuiz", "graded_quiz"]
