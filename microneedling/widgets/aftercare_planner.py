"""Lesson 06 widget: treatment date and time -> a day-by-day aftercare plan to hand to a client."""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass
from functools import lru_cache

import ipywidgets as W

from ..facts import registry
from ..facts.kinds.protocol import AFTERCARE_KINDS
from ..model.aftercare import DayPlan, all_rules, day_plan
from ..plots import alt_text, to_svg
from ..plots.protocol import KIND_STYLE, aftercare_timeline_figure
from .base import FigurePane, View, message_html

KIND_HEADINGS = {"expected": "What to expect", "do": "Do", "avoid": "Avoid", "contact_clinic": "Contact the clinic if"}


@dataclass(frozen=True)
class AftercareState:
    treated_at: dt.datetime | None
    days: int
    plan: tuple[DayPlan, ...]
    message: str  # why there is no plan, or ""


@lru_cache(maxsize=16)
def _timeline_svg(days: int) -> tuple[bytes, str]:
    """The timeline depends only on the horizon (it is drawn in days after treatment), so cache it."""
    fig = aftercare_timeline_figure(all_rules(), days)
    return to_svg(fig), alt_text(fig)  # SVG: ~20 text labels rasterised as PNG missed the latency target


class AftercarePlanner(View):
    """Controls: ``date`` (DatePicker), ``time`` (TimePicker), ``days`` (IntSlider), ``export`` (button)."""

    css_class = "mn-aftercare-planner"

    def __init__(self, treated_at: dt.datetime | None = None) -> None:
        start = treated_at or dt.datetime.now().replace(minute=0, second=0, microsecond=0)
        self.date = W.DatePicker(value=start.date(), description="Treatment date",
                                 style={"description_width": "initial"})
        self.time = W.TimePicker(value=start.time(), description="Time", style={"description_width": "initial"})
        self.days = W.IntSlider(value=7, min=3, max=28, description="Days to plan",
                                style={"description_width": "initial"})
        self.summary = W.HTML()
        self.table = W.HTML()
        self.figure_pane = FigurePane("760px")
        self.figure, self.caption = self.figure_pane.image, self.figure_pane.caption
        self.export = W.Button(description="Export as text", icon="file-text")
        self.exported = W.Textarea(layout=W.Layout(width="95%", height="220px"))
        self.exported.add_class("mn-export")
        for control in (self.date, self.time, self.days):
            control.observe(lambda _c: self.update(), names="value")
        self.export.on_click(lambda _b: self._fill_export())
        self.ui = W.VBox([W.HBox([self.date, self.time]), self.days, self.summary, self.table,
                          self.figure, self.caption, self.export, self.exported])
        self.ui.add_class(self.css_class)
        self.update()

    def update(self) -> AftercareState:
        self.exported.value = ""
        if self.date.value is None or self.time.value is None:
            message = "pick the treatment date and time"
            self.state = AftercareState(None, self.days.value, (), message)
            self.summary.value = message_html(message, "error")
            self.table.value = ""
            return self.state
        treated_at = dt.datetime.combine(self.date.value, self.time.value)
        plan = tuple(day_plan(treated_at, self.days.value))
        self.state = AftercareState(treated_at, self.days.value, plan, "")
        self.summary.value = message_html(
            f"Plan for {self.days.value} days after treatment on {treated_at:%a %d %b %Y at %H:%M}. "
            "Most timings are clinic protocols, not trial results (marked *).", "ok")
        self.table.value = plan_html(plan)
        svg, description = _timeline_svg(self.days.value)
        self.figure_pane.show_rendered(svg, description)
        return self.state

    def export_text(self) -> str:
        """The plan as plain text a trainee can paste into a client handout."""
        if not self.state.plan:
            return ""
        lines = [f"Aftercare after your microneedling treatment on {self.state.treated_at:%A %d %B %Y at %H:%M}", ""]
        for day in self.state.plan:
            lines.append(f"Day {day.day} - {day.date:%A %d %B}")
            for kind in AFTERCARE_KINDS:
                for rule in day.of_kind(kind):
                    lines.append(f"  [{KIND_STYLE[kind][1]}] {rule.text}")
            lines.append("")
        lines.append("Timings marked as clinic protocol are conventions, not results of trials.")
        sources = registry().references_for(r for d in self.state.plan for r in d.rules)
        lines.append("Sources: " + "; ".join(ref.label for ref in sources))
        return "\n".join(lines)

    def _fill_export(self) -> None:
        self.exported.value = self.export_text()


def plan_html(plan: tuple[DayPlan, ...]) -> str:
    reg = registry()
    rows = []
    for day in plan:
        cells = []
        for kind in AFTERCARE_KINDS:
            items = "".join(
                f"<li>{html.escape(r.text)}{' *' if r.status.caveat else ''} "
                f"<small>{html.escape(reg.cite(r.id))}</small></li>" for r in day.of_kind(kind))
            cells.append(f"<td><ul>{items}</ul></td>")
        rows.append(f"<tr><th scope='row'>Day {day.day}<br><small>{day.date:%a %d %b}</small></th>{''.join(cells)}</tr>")
    head = "".join(f"<th scope='col'>{KIND_HEADINGS[k]}</th>" for k in AFTERCARE_KINDS)
    return (f"<table class='mn-aftercare-table'><thead><tr><th>Day</th>{head}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table><p><small>* clinic protocol or secondary source: "
            "a convention, not an evidence-based limit.</small></p>")
