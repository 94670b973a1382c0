"""Lesson 01 widget: a day slider -> healing phase bands with a marker, what the skin is doing, aftercare that day."""

from __future__ import annotations

import html
from dataclasses import dataclass

import ipywidgets as W

from ..facts import registry
from ..model.aftercare import AftercareRule, rules_in_force
from ..model.healing import MAX_DAY, HealingDay, healing_on_day, milestones, phases
from ..plots.science import healing_timeline, move_healing_day
from .base import FigurePane, View, message_html, note_html

# Quick jumps: the treatment day, the barrier window, the phase boundaries, results and the end of remodelling.
JUMPS: tuple[tuple[str, int], ...] = (("Day 0", 0), ("Day 3", 3), ("Week 1", 7), ("Week 8", 56),
                                      ("Month 6", 183), ("Year 1", 365), ("Year 2", MAX_DAY))
AFTERCARE_HEADINGS = {"expected": "What to expect", "do": "Do", "avoid": "Avoid",
                      "contact_clinic": "Contact the clinic if", "emergency": "Emergency: call an ambulance for"}


@dataclass(frozen=True)
class TimelineState:
    healing: HealingDay | None
    aftercare: tuple[AftercareRule, ...]
    message: str


class HealingTimeline(View):
    """Controls: ``day`` (days after treatment, 0 = the treatment day) and ``jumps`` (buttons to set it)."""

    css_class = "mn-healing-timeline"

    def __init__(self, day: int = 0) -> None:
        # A labelled number box (a slider handle gets no accessible name in ipywidgets), plus buttons for the days
        # that matter; out-of-range days get a message in words.
        self.day = W.IntText(value=day, description="Day after treatment (0-730)",
                             style={"description_width": "initial"}, layout=W.Layout(width="280px"))
        self.day.add_class("mn-day")
        self.jumps = [W.Button(description=label, tooltip=f"Show day {value}", layout=W.Layout(width="auto"))
                      for label, value in JUMPS]
        for button, (_label, value) in zip(self.jumps, JUMPS):
            button.on_click(lambda _button, value=value: setattr(self.day, "value", value))
        self.figure_pane = FigurePane("720px")
        self.figure, self.caption = self.figure_pane.image, self.figure_pane.caption
        self.skin = W.HTML()
        self.aftercare = W.HTML()
        self.state = TimelineState(healing=None, aftercare=(), message="")
        self._figure = None
        self.day.observe(self._on_change, names="value")
        self.ui = W.VBox([W.HBox([self.day, W.HBox(self.jumps, layout=W.Layout(flex_flow="row wrap"))],
                                 layout=W.Layout(flex_flow="row wrap", align_items="center")),
                          self.figure, self.caption, self.skin, self.aftercare])
        self.ui.add_class(self.css_class)
        self.update()

    def _on_change(self, _change: object) -> None:
        self.update()

    def update(self) -> TimelineState:
        try:
            day = healing_on_day(self.day.value)
            rules = tuple(rules_in_force(day.hours))
        except ValueError as exc:
            self.state = TimelineState(healing=None, aftercare=(), message=str(exc))
            self.skin.value = message_html(str(exc), "error")
            self.aftercare.value = ""
            self.figure_pane.clear()
            return self.state
        self.state = TimelineState(healing=day, aftercare=rules, message="")
        # The figure is built once; later days only move its marker (a full rebuild doubles the redraw time).
        if self._figure is None:
            self._figure = healing_timeline(day.day, phases(), milestones(), day.phase)
        else:
            move_healing_day(self._figure, day.day, day.phase)
        self.figure_pane.show(self._figure)
        self.aftercare.value = aftercare_html(rules, day.day)
        self.skin.value = skin_html(day)
        return self.state


def skin_html(day: HealingDay) -> str:
    reg = registry()
    if day.phase is None:
        remodelling = reg.fact("healing.acute.remodelling_duration")
        phase = ("<p><b>After the described phases.</b> "
                 f"{note_html(remodelling.statement, remodelling.refs, remodelling.status)}</p>")
    else:
        related = "".join(
            f"<li>{note_html(reg.record(i).statement, reg.record(i).refs, reg.record(i).status)}</li>"
            for i in day.phase.related)
        phase = (f'<p><b>Phase: {html.escape(day.phase.name)}</b> (day {day.phase.start_day:g}-'
                 f"{day.phase.end_day:g} of a {html.escape(day.phase.timeline)}). "
                 f"{note_html(day.phase.events, day.phase.refs, day.phase.status)}</p>"
                 f"<p>General wound healing describes the same period:</p><ul>{related}</ul>")
    reached = "".join(f"<li>{note_html(m.statement, m.refs, m.status)}</li>" for m in day.reached)
    reached_html = (f"<p><b>Measured milestones passed by day {day.day:g}:</b></p><ul>{reached}</ul>"
                    if reached else f"<p><b>No measured milestone has passed yet at day {day.day:g}.</b></p>")
    return f'<div class="mn-healing-skin">{phase}{reached_html}</div>'


def aftercare_html(rules: tuple[AftercareRule, ...], day: float) -> str:
    if not rules:
        return f"<p><b>Aftercare on day {day:g}:</b> no specific rules in force.</p>"
    sections = []
    for kind, heading in AFTERCARE_HEADINGS.items():
        items = [r for r in rules if r.kind == kind]
        if items:
            lis = "".join(f"<li>{note_html(r.text, r.refs, r.status)}</li>" for r in items)
            sections.append(f"<p><b>{heading}</b></p><ul>{lis}</ul>")
    return (f'<div class="mn-healing-aftercare"><details><summary><b>Aftercare rules in force on day {day:g}</b> '
            f"({len(rules)} rules from lesson 06; select to open)</summary>{''.join(sections)}</details></div>")
