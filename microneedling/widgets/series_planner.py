"""Lesson 07 widget: indication and start date -> session calendar, healing windows and review date."""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass

import ipywidgets as W

from ..facts import registry
from ..model.planning import TreatmentPlan, plan_treatment, protocol, protocols
from ..plots.protocol import series_calendar_figure
from .base import FigurePane, View, message_html


@dataclass(frozen=True)
class SeriesState:
    plan: TreatmentPlan | None
    message: str  # the refusal or input problem, or ""


class SeriesPlanner(View):
    """Controls: ``indication`` (Dropdown), ``start`` (DatePicker), ``interval`` and ``sessions`` (IntText)."""

    css_class = "mn-series-planner"

    def __init__(self, start: dt.date | None = None) -> None:
        first = protocols()[0]
        self.indication = W.Dropdown(options=[(p.indication, p.id) for p in protocols()], value=first.id,
                                     description="Indication", style={"description_width": "initial"})
        self.start = W.DatePicker(value=start or dt.date.today(), description="First session",
                                  style={"description_width": "initial"})
        self.interval = W.IntText(value=first.interval_days, description="Interval (days)",
                                  style={"description_width": "initial"})
        self.sessions = W.IntText(value=first.sessions, description="Sessions",
                                  style={"description_width": "initial"})
        self.interval.add_class("mn-interval")
        self.basis = W.HTML()
        self.summary = W.HTML()
        self.table = W.HTML()
        self.figure_pane = FigurePane("760px")
        self.figure, self.caption = self.figure_pane.image, self.figure_pane.caption
        self._resetting = False
        self.indication.observe(self._on_indication, names="value")
        for control in (self.start, self.interval, self.sessions):
            control.observe(lambda _c: self._on_change(), names="value")
        self.ui = W.VBox([self.indication, W.HBox([self.start, self.interval, self.sessions]), self.basis,
                          self.summary, self.table, self.figure, self.caption])
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
        self.basis.value = (f"<p><small>{html.escape(chosen.basis)} "
                            f"{html.escape(registry().cite(chosen.id))}</small></p>")
        try:
            if self.start.value is None:
                raise ValueError("pick the date of the first session")
            plan = plan_treatment(chosen.id, self.start.value, self.interval.value, self.sessions.value)
        except ValueError as exc:
            self.state = SeriesState(None, str(exc))
            self.summary.value = message_html(str(exc), "error")
            self.table.value = ""
            self.figure_pane.clear()
            return self.state
        self.state = SeriesState(plan, "")
        self.summary.value = message_html(
            f"{len(plan.sessions)} sessions every {plan.interval_days} days, last on "
            f"{plan.last_session:%d %b %Y}; judge results on {plan.review:%d %b %Y}.", "ok")
        self.table.value = sessions_html(plan)
        fig = series_calendar_figure(plan)
        self.figure_pane.show(fig)
        return self.state


def sessions_html(plan: TreatmentPlan) -> str:
    rows = "".join(
        f"<tr><td>Session {n}</td><td>{start:%a %d %b %Y}</td><td>until about {end:%d %b}</td></tr>"
        for n, (start, end) in enumerate(plan.healing_windows(), start=1))
    rows += f"<tr><td>Review</td><td>{plan.review:%a %d %b %Y}</td><td>results judged</td></tr>"
    return ("<table class='mn-series-table'><thead><tr><th>Visit</th><th>Date</th>"
            f"<th>Visible healing</th></tr></thead><tbody>{rows}</tbody></table>")
