"""The learner's progress page: per lesson its state, self-check points, time spent, and what to review next.

Shown on the app's home page and by one call in the welcome lesson (``show_progress()``): HTML with the figure as
an image with its text alternative, read from the store when the cell runs and again when an app page prepared in
advance is opened.
"""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path

import ipywidgets as W

from ..plots import alt_text, figure_html, to_svg
from ..plots.progress import progress_figure
from ..progress import learner_store, when_page_requested
from ..progress.store import ProgressStore
from ..progress.summary import STATUS_WORDS, CourseProgress, course_progress, when
from .base import View

# Inline styles: a <style> element would restyle the whole page.
CELL = "style='text-align: left; vertical-align: top; padding: 0.3em 1em 0.3em 0; border-bottom: 1px solid #bbb'"
LINK = "style='text-decoration: underline'"


def _esc(text: str) -> str:
    return html.escape(text)


def lesson_link(lesson_id_path: str, text: str) -> str:
    """A link to a lesson notebook beside this one (works in JupyterLab and in the app), opened in the same tab."""
    return f'<a href="{_esc(Path(lesson_id_path).name)}" target="_self" {LINK}>{_esc(text)}</a>'


class ProgressView(View):
    """``progress`` (the summary), ``figure``, and what is shown: ``summary`` (lead line and lesson table),
    ``chart`` (the figure as an image with its text alternative) and ``review`` (what to review next, where progress
    is kept); :meth:`refresh` reads the store again."""

    css_class = "mn-progress-view"

    def __init__(self, store: ProgressStore | None = None, today: dt.date | None = None) -> None:
        self.store = store or learner_store()
        self.fixed_today = today
        self.summary, self.chart, self.review = W.HTML(), W.HTML(), W.HTML()
        self.ui = W.VBox([self.summary, self.chart, self.review])
        self.ui.add_class(self.css_class)
        self.refresh()

    def refresh(self) -> None:
        self.today = self.fixed_today or dt.date.today()
        self.progress: CourseProgress = course_progress(self.store.attempts(), self.store.visits())
        self.figure = progress_figure(self.progress)
        self.summary.value = self.summary_html = self._summary()
        self.chart.value = figure_html(to_svg(self.figure), alt_text(self.figure))
        self.review.value = self.review_html = self._footer()

    def _summary(self) -> str:
        p = self.progress
        parts = ["<div class='mn-progress'>"]
        parts += [f"<p role='note'><strong>About your progress:</strong> {_esc(n)}</p>" for n in self.store.notices]
        nxt = p.next_lesson
        if nxt is None:
            lead = "You have answered every self-check of the course. Review the questions below, if any."
        elif not any(lesson.started for lesson in p.lessons):
            lead = f"You have not started yet. Begin with {lesson_link(nxt.path, f'{nxt.id[:2]} · {nxt.title}')}."
        else:
            lead = (f"{p.done} of {len(p.lessons)} lessons done · {p.points:g} of {p.max_points:g} self-check points"
                    f" · {p.minutes:.0f} minutes so far. Continue with "
                    f"{lesson_link(nxt.path, f'{nxt.id[:2]} · {nxt.title}')}.")
        parts.append(f"<p>{lead}</p>")
        parts.append(self._table())
        parts.append("</div>")
        return "".join(parts)

    def _footer(self) -> str:
        parts = ["<div class='mn-progress'>", self._review()]
        if self.store.persistent:
            parts.append(f"<p><small>Your progress is saved on this computer in <code>{_esc(str(self.store.path))}"
                         "</code>.</small></p>")
        parts.append("</div>")
        return "".join(parts)

    def _table(self) -> str:
        rows = []
        for lesson in self.progress.lessons:
            mod = lesson.lesson
            check = (f"{lesson.answered} of {len(lesson.scored)} answered · {lesson.points:g} of "
                     f"{lesson.max_points:g} points" if lesson.scored else "no self-check")
            review = len(lesson.to_review)
            cells = [lesson_link(mod.path, f"{mod.id[:2]} · {mod.title}"), f"<strong>{lesson.state.capitalize()}</strong>",
                     check, f"{lesson.minutes:.0f} of {mod.minutes} min", str(review) if review else "—"]
            rows.append("<tr>" + "".join(f"<td {CELL}>{cell}</td>" for cell in cells) + "</tr>")
        header = "".join(f"<th scope='col' {CELL}>{name}</th>"
                         for name in ("Lesson", "State", "Self-check", "Time spent", "To review"))
        return ("<table style='border-collapse: collapse; margin: 0.5em 0 1em'>"
                "<caption style='text-align: left; font-weight: bold'>Your lessons</caption>"
                f"<thead><tr>{header}</tr></thead><tbody>" + "".join(rows) + "</tbody></table>")

    def _review(self) -> str:
        items = []
        for lesson, q in self.progress.to_review:
            number = next(n for n, other in enumerate(lesson.questions, start=1) if other is q)
            stem = q.question.stem if len(q.question.stem) <= 140 else q.question.stem[:139] + "…"
            said = ""
            if q.last is not None and q.last.answer_text:
                said = f" You answered “{_esc(q.last.answer_text)}” {when(q.last.at, self.today)}"
                said += f": {STATUS_WORDS['revealed' if q.status == 'revealed' else q.status]}."
            elif q.status == "revealed":
                said = " You showed the answer."
            items.append(f"<li>{lesson_link(lesson.lesson.path, f'{lesson.lesson.id[:2]} · {lesson.lesson.title}')}, "
                         f"question {number}: {_esc(stem)}{said}</li>")
        if not items:
            return "<h3>Review next</h3><p>Nothing to review: no question is answered wrongly or only shown.</p>"
        return ("<h3>Review next</h3><p>Questions answered wrongly, partly, or only by showing the answer — open the "
                "lesson and answer them again:</p><ol>" + "".join(items) + "</ol>")


def show_progress() -> ProgressView:
    """The learner's progress, to display as a cell's last line (one call in a lesson)."""
    view = ProgressView()
    when_page_requested(view.refresh)
    return view
