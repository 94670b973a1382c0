"""Lesson 07 widget: indication and start date -> session calendar, healing windows and review date.

Only protocols a practitioner may book are offered. Melasma with tranexamic acid and hair loss with minoxidil
are prescriber-led, off-label drug treatments (the planner says so instead of booking them). A too-short
interval is a clinical refusal ("Not booked"), kept apart from input problems ("Check your input").
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass

import ipywidgets as W

from ..model.planning import (
    STERILE_RULE,
    IntervalTooShort,
    TreatmentPlan,
    bookable_protocols,
    conditions,
    plan_treatment,
    protocol,
    protocols,
    scope_note,
)
from ..plots import alt_text, figure_html, to_svg
from ..plots.protocol import series_calendar_figure
from .base import View, caveat_html, cite_html, message_html, note_html
from .verdict import verdict_html


@dataclass(frozen=True)
class SeriesState:
    plan: TreatmentPlan | None
    message: str  # the refusal or input problem, or ""
    refused: bool = False  # True for a clinical refusal (interval too short), False for an input problem


class SeriesPlanner(View):
    """Controls: ``indication`` (Dropdown), ``start`` (DatePicker), ``interval`` and ``sessions`` (IntText)."""

    css_class = "mn-series-planner"

    def __init__(self, start: dt.date | None = None) -> None:
        first = bookable_protocols()[0]
        style = {"description_width": "initial"}
        self.indication = W.Dropdown(options=[(p.indication, p.id) for p in bookable_protocols()], value=first.id,
                                     description="Indication", style=style)
        self.start = W.DatePicker(value=start or dt.date.today(), description="First session", style=style)
        self.interval = W.IntText(value=first.interval_days, description="Interval (days)", style=style)
        self.sessions = W.IntText(value=first.sessions, description="Sessions", style=style)
        self.interval.add_class("mn-interval")
        self.basis = W.HTML()
        self.summary = W.HTML()
        self.table = W.HTML()
        self.not_offered = W.HTML(not_offered_html())
        # An image with alt text and caption (an ipywidgets Image cannot carry alt text).
        self.figure = W.HTML(layout=W.Layout(max_width="760px"))
        self._resetting = False
        self.indication.observe(self._on_indication, names="value")
        for control in (self.start, self.interval, self.sessions):
            control.observe(lambda _c: self._on_change(), names="value")
        self.ui = W.VBox([self.indication, W.HBox([self.start, self.interval, self.sessions]), self.basis,
                          self.summary, self.table, self.figure, self.not_offered])
        self.ui.add_class(self.css_class)
        self.update()

    def _on_indication(self, _change: object) -> None:
        chosen = protocol(self.indication.value)
        self._resetting = True  # one update for the protocol defaults, not one per control
        self.interval.value, self.sessions.value = chosen.interval_days, chosen.sessions
        self._resetting = False
        self.update()

    def _on_change(self) -> None:
        if not self._resetting:
            self.update()

    def update(self) -> SeriesState:
        chosen = protocol(self.indication.value)
        self.basis.value = (f"<p><small>{html.escape(chosen.basis)} {cite_html(chosen.refs)}"
                            f"{caveat_html(chosen.status)}</small></p>"
                            f"<p><small><b>Scope:</b> {html.escape(scope_note(chosen))}</small></p>")
        try:
            if self.start.value is None:
                raise ValueError("pick the date of the first session")
            plan = plan_treatment(chosen.id, self.start.value, self.interval.value, self.sessions.value)
        except ValueError as exc:
            refused = isinstance(exc, IntervalTooShort)
            self.state = SeriesState(None, str(exc), refused)
            self.summary.value = verdict_html(str(exc), "refused") if refused else message_html(str(exc), "error")
            self.table.value = self.figure.value = ""
            return self.state
        self.state = SeriesState(plan, "")
        self.summary.value = message_html(
            f"{len(plan.sessions)} sessions every {plan.interval_days} days, last on "
            f"{plan.last_session:%d %b %Y}; judge results on {plan.review:%d %b %Y}.", "ok")
        self.table.value = sessions_html(plan)
        fig = series_calendar_figure(plan)
        self.figure.value = figure_html(to_svg(fig), alt_text(fig))
        return self.state


def sessions_html(plan: TreatmentPlan) -> str:
    rows = "".join(
        f"<tr><td>Session {n}</td><td>{start:%a %d %b %Y}</td><td>until about {end:%d %b}</td></tr>"
        for n, (start, end) in enumerate(plan.healing_windows(), start=1))
    rows += f"<tr><td>Review</td><td>{plan.review:%a %d %b %Y}</td><td>results judged</td></tr>"
    return ("<table class='mn-series-table'><thead><tr><th scope='col'>Visit</th><th scope='col'>Date</th>"
            f"<th scope='col'>Visible healing</th></tr></thead><tbody>{rows}</tbody></table>")


def not_offered_html() -> str:
    """Why the studied drug protocols are not in the planner, with their conditions and sources."""
    items = "".join(
        f"<li><b>{html.escape(p.indication)}</b> {cite_html(p.refs)}: prescriber-led, off-label "
        f"{html.escape(p.prescriber_adjunct)} treatment, not a microneedling booking.<ul>"
        + "".join(f"<li>{note_html(f.statement, f.refs, f.status)}</li>" for f in conditions(p))
        + f"<li>{html.escape(STERILE_RULE)}</li></ul></li>"
        for p in protocols() if not p.bookable)
    return f"<details><summary>Not offered here, and why</summary><ul>{items}</ul></details>" if items else ""
