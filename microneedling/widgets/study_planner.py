"""Welcome lesson widget: choose modules and weekly hours, get a week-by-week schedule of what is left to study.

It reads the learner's progress: lessons whose self-check is done start unticked and marked done, a started
lesson is planned for the time it still needs, and questions to review are named in the summary.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass

import ipywidgets as W

from ..course import MODULES
from ..model.study_plan import MAX_HOURS_PER_WEEK, StudyPlan, plan_study
from ..plots.study_plan import study_plan_figure
from ..progress import learner_store, when_page_requested
from ..progress.summary import CourseProgress, course_progress
from ..plots import alt_text, figure_html, to_svg
from .base import View, message_html


@dataclass(frozen=True)
class PlannerState:
    plan: StudyPlan | None
    message: str  # why there is no plan, or ""


class StudyPlanner(View):
    """Controls: ``modules`` (one checkbox per module), ``hours`` and ``start``; ``progress`` is the learner's
    (read from their progress store unless given)."""

    css_class = "mn-study-planner"

    def __init__(self, start: dt.date | None = None, progress: CourseProgress | None = None) -> None:
        self.given_progress = progress
        self.modules: dict[str, W.Checkbox] = {
            m.id: W.Checkbox(indent=False, layout=W.Layout(width="auto")) for m in MODULES}
        self.progress_line = W.HTML()
        self._quiet = False  # while progress sets the boxes: one redraw afterwards, not one per box
        self._read_progress()
        self.hours = W.BoundedFloatText(value=2.0, min=0.5, max=MAX_HOURS_PER_WEEK, step=0.5,
                                        description="Hours / week", style={"description_width": "initial"})
        self.start = W.DatePicker(value=start or dt.date.today(), description="Start",
                                  style={"description_width": "initial"})
        self.summary = W.HTML()
        self.table = W.HTML()
        # The figure as an <img> with its text alternative as alt and caption (an Image widget's tooltip breaks
        # its view in ipywidgets 8.1, see FINDINGS).
        self.figure = W.HTML(layout=W.Layout(max_width="720px"))
        self.state = PlannerState(plan=None, message="")
        for control in (*self.modules.values(), self.hours, self.start):
            control.observe(self._on_change, names="value")
        self.ui = W.VBox([
            self.progress_line, W.HTML("<b>Choose what to study</b>"),
            W.VBox(list(self.modules.values())),
            W.HBox([self.hours, self.start]),
            self.summary, self.table, self.figure,
        ])
        self.ui.add_class(self.css_class)
        self.update()
        if progress is None:
            when_page_requested(self.refresh)

    def _read_progress(self) -> None:
        """Tick the lessons that are left, label each with what is left of it, say what the progress is."""
        if self.given_progress is None:
            store = learner_store()
            self.progress = course_progress(store.attempts(), store.visits())
        else:
            self.progress = self.given_progress
        self.minutes_left = self.progress.minutes_left()
        self._quiet = True
        for m in MODULES:
            box = self.modules[m.id]
            box.description = self._label(m)
            box.value = m.kind == "lesson" and self.minutes_left.get(m.id, m.minutes) > 0
        self._quiet = False
        self.progress_line.value = f"<p>{html.escape(self._progress_line())}</p>"

    def refresh(self) -> PlannerState:
        """Read the learner's progress again (the app prepares a page before the learner opens it)."""
        self._read_progress()
        return self.update()

    def _label(self, mod) -> str:
        left = self.minutes_left.get(mod.id)
        if left is None:  # a graded quiz: not tracked here
            return f"{mod.title} ({mod.minutes} min)"
        if left == 0:
            return f"{mod.title} (done)"
        if left < mod.minutes:
            return f"{mod.title} ({left} of {mod.minutes} min left)"
        return f"{mod.title} ({mod.minutes} min)"

    def _progress_line(self) -> str:
        p = self.progress
        started = sum(1 for lesson in p.lessons if lesson.started and not lesson.done)
        if not p.done and not started:
            return "You have not started a lesson yet, so the plan covers every lesson in full."
        review = len(p.to_review)
        return (f"From your progress: {p.done} lesson(s) done, {started} in progress; the plan covers what is left. "
                + (f"{review} self-check question(s) to review — see your progress above." if review else ""))

    def _on_change(self, _change: object) -> None:
        if not self._quiet:
            self.update()

    def selected(self) -> list[str]:
        return [module_id for module_id, box in self.modules.items() if box.value]

    def update(self) -> PlannerState:
        """Recompute the plan from the controls and refresh the display."""
        start = self.start.value
        try:
            if start is None:
                raise ValueError("pick a start date")
            plan = plan_study(self.selected(), self.hours.value, start, self.minutes_left)
        except ValueError as exc:
            self.state = PlannerState(plan=None, message=str(exc))
            self.summary.value = message_html(str(exc), "error")
            self.table.value = ""
            self.figure.value = ""
            return self.state
        self.state = PlannerState(plan=plan, message="")
        self.summary.value = message_html(
            f"{plan.total_minutes / 60:.1f} hours over {plan.weeks} week(s); "
            f"last study week starts {plan.finish_week_start:%a %d %b %Y}.", "ok")
        self.table.value = schedule_html(plan)
        fig = study_plan_figure(plan)
        self.figure.value = figure_html(to_svg(fig), alt_text(fig))
        return self.state


def schedule_html(plan: StudyPlan) -> str:
    rows = "".join(
        f"<tr><td>{b.week}</td><td>{b.week_start:%d %b %Y}</td><td>{html.escape(b.title)}"
        f"{f' (part {b.part} of {b.parts})' if b.parts > 1 else ''}</td><td>{b.minutes}</td></tr>"
        for b in plan.blocks
    )
    return (
        '<table class="mn-schedule"><thead><tr><th>Week</th><th>Week starts</th>'
        f"<th>Module</th><th>Minutes</th></tr></thead><tbody>{rows}</tbody></table>"
    )
