"""Lesson 04 widget: read a client case, tick the findings, pick a decision, get sourced feedback."""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass

import ipywidgets as W

from ..facts import registry
from ..model.screening import (
    ACTION_LABELS,
    ACTIONS,
    ScreeningResult,
    client_case,
    client_cases,
    contraindications,
    screen_case,
)
from .base import View, message_html


@dataclass(frozen=True)
class ScreenerState:
    case_id: str
    ticked: tuple[str, ...]
    decision: str | None  # the trainee's pick
    checked: bool
    result: ScreeningResult  # the model's screening of the case
    missed: tuple[str, ...]  # findings in the case the trainee did not tick
    extra: tuple[str, ...]  # findings ticked that the case does not contain
    decision_correct: bool


class CaseScreener(View):
    """Controls: ``case`` (dropdown), ``findings`` (checkbox per contraindication id), ``decision``, ``check``."""

    css_class = "mn-case-screener"

    def __init__(self, visit_date: dt.date | None = None) -> None:
        self.visit_date = visit_date or dt.date.today()
        self.case = W.Dropdown(options=[(c.title, c.id) for c in client_cases()], description="Client",
                               layout=W.Layout(width="95%"))
        self.story = W.HTML()
        self.findings: dict[str, W.Checkbox] = {
            c.id: W.Checkbox(value=False, description=c.condition, indent=False, layout=W.Layout(width="auto"))
            for c in contraindications()
        }
        self.decision = W.RadioButtons(options=[(ACTION_LABELS[a], a) for a in ACTIONS], value=None,
                                       description="Decision", layout=W.Layout(width="auto"))
        self.check = W.Button(description="Check", button_style="primary", icon="check")
        self.feedback = W.HTML()
        self.checked = False
        self.case.observe(self._on_case, names="value")
        for control in (*self.findings.values(), self.decision):
            control.observe(self._on_answer, names="value")
        self.check.on_click(self._on_check)
        self.ui = W.VBox([
            self.case, self.story,
            W.HTML("<b>1. Tick every finding in this case</b>"),
            W.VBox(list(self.findings.values())),
            W.HTML("<b>2. Choose the decision for today</b>"), self.decision,
            self.check, self.feedback,
        ])
        self.ui.add_class(self.css_class)
        self.update()

    def _on_case(self, _change: object) -> None:
        for box in self.findings.values():
            box.value = False
        self.decision.value = None
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
        self.state = ScreenerState(
            case_id=case.id, ticked=ticked, decision=self.decision.value, checked=self.checked, result=result,
            missed=tuple(f for f in case.findings if f not in ticked),
            extra=tuple(f for f in ticked if f not in case.findings),
            decision_correct=self.decision.value == result.decision,
        )
        modality = "RF microneedling" if case.modality == "rf" else "mechanical microneedling"
        self.story.value = (f'<div class="mn-case-story"><p>{html.escape(case.story)}</p>'
                            f"<p><small>Requested: {modality}. Visit date: {self.visit_date:%d %b %Y}.</small></p></div>")
        self.feedback.value = feedback_html(self.state) if self.checked else ""
        return self.state


def feedback_html(state: ScreenerState) -> str:
    """Verdict on findings and decision, then the model's reasons with citations and caveats."""
    reg = registry()
    case = client_case(state.case_id)
    if state.decision is None:
        return message_html("Choose a decision before checking.", "error")
    parts = []
    if not state.missed and not state.extra:
        parts.append(message_html("You found exactly the findings in this case.", "ok"))
    else:
        names = lambda ids: ", ".join(reg.record(i).condition for i in ids)  # noqa: E731
        detail = "; ".join(filter(None, [
            f"missed: {names(state.missed)}" if state.missed else "",
            f"not in this case: {names(state.extra)}" if state.extra else "",
        ]))
        parts.append(message_html(f"Findings need another look ({detail}).", "error"))
    verdict = "ok" if state.decision_correct else "error"
    parts.append(message_html(
        f"Your decision: {ACTION_LABELS[state.decision]}. Model decision: {state.result.decision_label}.", verdict))
    items = "".join(
        f"<li><b>{html.escape(r.finding.condition)}</b> ({r.finding.category}; {ACTION_LABELS[r.action]}): "
        f"{html.escape(r.explanation)} {html.escape(reg.cite(r.finding.id))}"
        + (f" <em>({html.escape(r.finding.status.caveat)})</em>" if r.finding.status.caveat else "")
        + "</li>"
        for r in state.result.reasons
    )
    if state.result.earliest_date:
        kind = "protocol date, not evidence" if state.result.earliest_is_protocol else "date"
        items += f"<li>Earliest treatment date ({kind}): <b>{state.result.earliest_date:%d %b %Y}</b></li>"
    teaching = f"<p>{html.escape(case.teaching)} {html.escape(reg.cite(case.id))}</p>"
    return "".join(parts) + f'<ul class="mn-reasons">{items}</ul>' + teaching
