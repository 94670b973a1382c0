"""Lesson 06 widget: treatment date and time -> the aftercare plan by window, and a one-page client handout.

The plan is one compact table (four dated windows, each rule listed once where it starts, with its own end
date), then the reasons to call the clinic and the emergency signs, then the timeline figure with its text
alternative. *Make the handout* prints the client's one-page sheet built from the same rules.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass
from functools import lru_cache

import ipywidgets as W

from ..facts import registry
from ..model.aftercare import Handout, ScheduledRule, WindowPlan, all_rules, handout, when
from ..plots import alt_text, figure_html, to_svg
from ..plots.protocol import aftercare_timeline_figure
from .base import View, caveat_html, message_html

TIMELINE_DAYS = 14
COLUMNS = (("expected", "What to expect"), ("do", "Do"), ("avoid", "Avoid"))
COMPLICATIONS_LESSON = "08_complications_and_emergencies.ipynb"


@dataclass(frozen=True)
class AftercareState:
    treated_at: dt.datetime | None
    handout: Handout | None
    message: str  # why there is no plan, or ""


@lru_cache(maxsize=1)
def _timeline_html() -> str:
    """The timeline is drawn in days after treatment, so it never changes: render it once, as an image whose
    ``alt`` is the figure's text alternative, captioned with the same text."""
    fig = aftercare_timeline_figure(all_rules(), TIMELINE_DAYS)
    return figure_html(to_svg(fig), alt_text(fig))


class AftercarePlanner(View):
    """Controls: ``date`` (DatePicker), ``time`` (TimePicker), ``phone`` (Text), ``export`` (button)."""

    css_class = "mn-aftercare-planner"

    def __init__(self, treated_at: dt.datetime | None = None) -> None:
        start = treated_at or dt.datetime.now().replace(minute=0, second=0, microsecond=0)
        style = {"description_width": "initial"}
        self.date = W.DatePicker(value=start.date(), description="Treatment date", style=style)
        self.time = W.TimePicker(value=start.time(), description="Time", style=style)
        self.phone = W.Text(value="", description="Clinic telephone (optional)", style=style,
                            placeholder="printed on the handout")
        self.summary = W.HTML()
        self.table = W.HTML()
        self.standing = W.HTML()
        self.figure = W.HTML(_timeline_html(), layout=W.Layout(max_width="760px"))
        self.export = W.Button(description="Make the client handout", icon="file-text",
                               tooltip="Print-ready one-page handout for this date", layout=W.Layout(width="auto"))
        self.exported = W.Textarea(layout=W.Layout(width="95%", height="420px", display="none"),
                                   description="Client handout", style=style)
        self.exported.add_class("mn-export")
        for control in (self.date, self.time, self.phone):
            control.observe(lambda _c: self.update(), names="value")
        self.export.on_click(lambda _b: self._fill_export())
        self.ui = W.VBox([W.HBox([self.date, self.time]), self.phone, self.summary, self.table, self.standing,
                          self.figure, self.export, self.exported])
        self.ui.add_class(self.css_class)
        self.update()

    def update(self) -> AftercareState:
        self.exported.value = ""
        self.exported.layout.display = "none"  # shown again by the next "Make the client handout"
        if self.date.value is None or self.time.value is None:
            message = "pick the treatment date and time"
            self.state = AftercareState(None, None, message)
            self.summary.value = message_html(message, "error")
            self.table.value = self.standing.value = ""
            return self.state
        treated_at = dt.datetime.combine(self.date.value, self.time.value)
        sheet = handout(treated_at, self.phone.value)
        self.state = AftercareState(treated_at, sheet, "")
        self.summary.value = message_html(
            f"Aftercare after a treatment on {treated_at:%a %d %b %Y at %H:%M}. Each rule is listed once, in the "
            "window where it starts, with its own end date. Timings marked * are clinic protocols, not trial "
            "results.", "info")
        self.table.value = plan_html(sheet.windows)
        self.standing.value = standing_html(sheet.standing)
        return self.state

    def export_text(self) -> str:
        """The one-page client handout as plain text ('' without a date and time)."""
        return self.state.handout.text() if self.state.handout else ""

    def _fill_export(self) -> None:
        self.exported.value = self.export_text()
        self.exported.layout.display = None if self.exported.value else "none"


def _cite(rule) -> str:
    """A plain in-text citation: the plan cites about fifty sources, and as links each would be a Tab stop
    between the planner's controls (the lesson's reference list links every one of them)."""
    return html.escape(registry().cite(rule.id))


def _item(item: ScheduledRule, plan: WindowPlan) -> str:
    rule = item.rule
    dates = []
    if item.start > plan.start:
        dates.append(f"from {when(item.start)}")
    if item.end is not None and item.end != plan.end and rule.kind != "expected":
        dates.append(f"until {when(item.end)}")
    label = ', '.join(dates)
    timing = f"<b>{html.escape(label[:1].upper() + label[1:])}:</b> " if dates else ""
    star = " *" if rule.status.caveat else ""
    return f"<li>{timing}{html.escape(rule.text)}{star} <small>{_cite(rule)}</small></li>"


def plan_html(windows: tuple[WindowPlan, ...]) -> str:
    rows = []
    for plan in windows:
        end = f"to {when(plan.end)}" if plan.end else "onwards"
        cells = "".join(f"<td><ul>{''.join(_item(s, plan) for s in plan.of_kind(kind))}</ul></td>"
                        for kind, _ in COLUMNS)
        rows.append(f"<tr><th scope='row'>{html.escape(plan.window.label)}<br><small>{when(plan.start)} "
                    f"{end}</small></th>{cells}</tr>")
    head = "".join(f"<th scope='col'>{title}</th>" for _, title in COLUMNS)
    notes = "".join(
        f"<li><b>{html.escape(s.rule.label)}</b>: {html.escape(s.rule.note)}{caveat_html(s.rule.status)}</li>"
        for plan in windows for s in plan.rules if s.rule.note)
    return ("<style>.mn-aftercare-table td, .mn-aftercare-table th { vertical-align: top; text-align: left; }"
            ".mn-aftercare-table ul { margin: 0; padding-left: 1.2em; }</style>"
            f"<table class='mn-aftercare-table'><caption>Aftercare by time after treatment</caption>"
            f"<thead><tr><th scope='col'>When</th>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
            "<p><small>* clinic protocol, secondary source or inference: a convention, not an evidence-based "
            "limit.</small></p>"
            f"<details><summary>Why these timings: notes for the practitioner</summary><ul>{notes}</ul></details>")


def standing_html(standing: tuple[ScheduledRule, ...]) -> str:
    """The reasons to call the clinic the same day, what the clinic then does, and the emergency signs."""
    def items(kind: str) -> str:
        return "".join(
            f"<li>{f'<b>From {when(s.start)}:</b> ' if s.rule.start_hour else ''}{html.escape(s.rule.text)} "
            f"<small>{_cite(s.rule)}{caveat_html(s.rule.status)}</small></li>"
            for s in standing if s.rule.kind == kind)

    return (
        "<div class='mn-standing'>"
        "<p><b>Emergency: the client calls an ambulance, not the clinic</b></p>"
        f"<ul>{items('emergency')}</ul>"
        "<p><b>The client calls the clinic the same day</b> for any of these. The call is the start of the plan, "
        "not the plan: the clinic sees the client that day and arranges assessment and treatment, or a doctor. "
        f"What the clinic then does is in <a href='{COMPLICATIONS_LESSON}'>lesson 08 · Complications and "
        "emergencies</a>.</p>"
        f"<ul>{items('contact_clinic')}</ul></div>")
