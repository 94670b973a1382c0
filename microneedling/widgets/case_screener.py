"""Lesson 04 widget: read a client case, tick the findings, tick every action that applies, get sourced feedback.

A case can call for several actions at once (defer for pregnancy *and* refer for an anticoagulant), so the
trainee ticks every action that applies and the key is the model's full set of actions, not only the most
restrictive one. Feedback on the judgement ("Correct" / "Not quite") is kept apart from input problems
("Check your input": nothing ticked).
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass

import ipywidgets as W

from ..facts import registry
from ..model.screening import (
    ACTION_LABELS,
    ACTIONS,
    MODALITY_NAMES,
    ScreeningResult,
    client_case,
    client_cases,
    contraindications,
    screen_case,
)
from .base import View, caveat_html, cite_html, message_html
from .verdict import verdict_html


# Checkbox labels wrap instead of being cut off with an ellipsis (a truncated finding hides what it is).
WRAP_LABELS_CSS = (
    "<style>.mn-case-screener .widget-checkbox { height: auto; align-items: flex-start; }"
    ".mn-case-screener .widget-checkbox .widget-label-basic { white-space: normal; overflow: visible;"
    " text-overflow: clip; line-height: 1.3; }</style>"
)


@dataclass(frozen=True)
class ScreenerState:
    case_id: str
    ticked: tuple[str, ...]  # findings the trainee ticked
    actions: tuple[str, ...]  # actions the trainee ticked, in ACTIONS order
    checked: bool
    result: ScreeningResult  # the model's screening of the case
    missed: tuple[str, ...]  # findings in the case the trainee did not tick
    extra: tuple[str, ...]  # findings ticked that the case does not contain
    missing_actions: tuple[str, ...]  # actions that apply but were not ticked
    extra_actions: tuple[str, ...]  # actions ticked that do not apply

    @property
    def actions_correct(self) -> bool:
        return bool(self.actions) and not self.missing_actions and not self.extra_actions

    @property
    def findings_correct(self) -> bool:
        return not self.missed and not self.extra


def _checkbox(description: str) -> W.Checkbox:
    return W.Checkbox(value=False, description=description, indent=False, layout=W.Layout(width="auto"))


class CaseScreener(View):
    """Controls: ``case`` (dropdown), ``findings`` and ``actions`` (a checkbox per id), ``check`` (button)."""

    css_class = "mn-case-screener"

    def __init__(self, visit_date: dt.date | None = None) -> None:
        self.visit_date = visit_date or dt.date.today()
        self.case = W.Dropdown(options=[(c.title, c.id) for c in client_cases()], description="Client",
                               layout=W.Layout(width="95%"))
        self.story = W.HTML()
        self.findings: dict[str, W.Checkbox] = {c.id: _checkbox(c.condition) for c in contraindications()}
        self.actions: dict[str, W.Checkbox] = {a: _checkbox(ACTION_LABELS[a]) for a in ACTIONS}
        self.check = W.Button(description="Check", button_style="primary", icon="check")
        self.feedback = W.HTML()
        self.checked = False
        self.case.observe(self._on_case, names="value")
        for control in (*self.findings.values(), *self.actions.values()):
            control.observe(self._on_answer, names="value")
        self.check.on_click(self._on_check)
        grid = W.GridBox(list(self.findings.values()),
                         layout=W.Layout(grid_template_columns="repeat(auto-fill, minmax(330px, 1fr))",
                                         grid_gap="0 12px"))
        self.ui = W.VBox([
            W.HTML(WRAP_LABELS_CSS), self.case, self.story,
            W.HTML("<b>1. Tick every finding in this case</b>"), grid,
            W.HTML("<b>2. Tick every action that applies today</b> (a case can call for more than one)"),
            W.VBox(list(self.actions.values())),
            self.check, self.feedback,
        ])
        self.ui.add_class(self.css_class)
        self.update()

    def _on_case(self, _change: object) -> None:
        for box in (*self.findings.values(), *self.actions.values()):
            box.value = False
        self.checked = False
        self.update()

    def _on_answer(self, _change: object) -> None:
        self.checked = False
        self.update()

    def _on_check(self, _button: object) -> None:
        self.checked = True
        self.update()

    def update(self) -> ScreenerState:
        case = client_case(self.case.value)
        result = screen_case(case.id, self.visit_date)
        ticked = tuple(f for f, box in self.findings.items() if box.value)
        chosen = tuple(a for a, box in self.actions.items() if box.value)
        self.state = ScreenerState(
            case_id=case.id, ticked=ticked, actions=chosen, checked=self.checked, result=result,
            missed=tuple(f for f in case.findings if f not in ticked),
            extra=tuple(f for f in ticked if f not in case.findings),
            missing_actions=tuple(a for a in result.actions if a not in chosen),
            extra_actions=tuple(a for a in chosen if a not in result.actions),
        )
        self.story.value = (f'<div class="mn-case-story"><p>{html.escape(case.story)}</p>'
                            f"<p><small>Requested: {MODALITY_NAMES[case.modality]}. "
                            f"Visit date: {self.visit_date:%d %b %Y}.</small></p></div>")
        self.feedback.value = feedback_html(self.state) if self.checked else ""
        return self.state


def _labels(actions: tuple[str, ...]) -> str:
    return "; ".join(ACTION_LABELS[a] for a in actions)


def feedback_html(state: ScreenerState) -> str:
    """Verdicts on findings and on the actions, then the model's reasons with citations and caveats."""
    reg = registry()
    case = client_case(state.case_id)
    if not state.actions:
        return message_html("Tick at least one action before checking.", "error")
    names = lambda ids: "; ".join(reg.record(i).condition for i in ids)  # noqa: E731
    if state.findings_correct:
        parts = [verdict_html("You found exactly the findings in this case.", "correct")]
    else:
        detail = "; ".join(filter(None, [
            f"missed: {names(state.missed)}" if state.missed else "",
            f"not in this case: {names(state.extra)}" if state.extra else "",
        ]))
        parts = [verdict_html(f"The findings need another look ({detail}).", "wrong")]
    applies = f"Every action that applies: {_labels(state.result.actions)}."
    if state.actions_correct:
        parts.append(verdict_html(f"Your actions: {_labels(state.actions)}. {applies}", "correct"))
    else:
        detail = " ".join(filter(None, [
            f"Left out: {_labels(state.missing_actions)}." if state.missing_actions else "",
            f"Does not apply: {_labels(state.extra_actions)}." if state.extra_actions else "",
        ]))
        verdict = "partly" if set(state.actions) & set(state.result.actions) else "wrong"
        parts.append(verdict_html(f"Your actions: {_labels(state.actions)}. {detail} {applies}", verdict))
    return "".join(parts) + reasons_html(state.result) + (
        f"<p>{html.escape(case.teaching)} {cite_html(case.refs)}{caveat_html(case.status)}</p>")


def reasons_html(result: ScreeningResult) -> str:
    """Each action that applies, with the findings behind it, their sources and caveats; then the summary."""
    items = []
    for group in result.groups:
        findings = "".join(
            f"<li><b>{html.escape(r.finding.condition)}</b>: {html.escape(r.explanation)} "
            f"{cite_html(r.finding.refs)}{caveat_html(r.finding.status)}"
            + (" <em>Uncertain: the evidence does not settle this action.</em>" if r.finding.uncertain else "")
            + "</li>" for r in group.reasons)
        items.append(f"<li><b>{html.escape(group.label)}</b><ul>{findings}</ul></li>")
    relaxed = [r for r in result.reasons if r.action == "proceed"]
    items += [f"<li><b>No longer applies</b>: {html.escape(r.finding.condition)}: {html.escape(r.explanation)}</li>"
              for r in relaxed]
    return (f'<ul class="mn-reasons">{"".join(items)}</ul>'
            f'<p class="mn-summary"><b>In short:</b> {html.escape(result.summary())}</p>')
