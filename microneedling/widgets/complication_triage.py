"""Lesson 08 widget: a client calls on day N with these signs -> the trainee decides, then sees the course's
decision with the reason, what to do, what not to do, and the sources (uncertain evidence said to be uncertain)."""

from __future__ import annotations

import html
from dataclasses import dataclass

import ipywidgets as W

from ..facts import Status
from ..model.triage import (
    LEVEL_LABELS,
    LEVEL_SHORT,
    LEVELS,
    MAX_DAY,
    SIGN_GROUPS,
    SIGNS,
    SignFinding,
    TriageResult,
    practice_call,
    practice_calls,
    triage,
)
from .base import View, cite_html, message_html

CUSTOM = "custom"
# Long sign descriptions wrap instead of being cut off with an ellipsis (ipywidgets' default for labels).
STYLE = W.HTML(
    "<style>.mn-complication-triage .widget-checkbox { height: auto; }"
    ".mn-complication-triage .widget-checkbox .widget-label-basic,"
    ".mn-complication-triage .widget-checkbox .widget-label-basic span"
    " { white-space: normal; overflow: visible; text-overflow: clip; line-height: 1.3; }"
    ".mn-complication-triage .widget-radio-box label { white-space: normal; }</style>"
)


@dataclass(frozen=True)
class TriageState:
    call_id: str  # a practice call id, or "custom"
    day: int | None
    signs: tuple[str, ...]
    decision: str | None  # the trainee's level
    checked: bool
    result: TriageResult | None  # the course's triage (None while the input is incomplete)
    message: str  # what is missing or wrong in the input, in plain words ("" when complete)

    @property
    def correct(self) -> bool | None:
        if self.result is None or self.decision is None:
            return None
        return self.decision == self.result.level


class ComplicationTriage(View):
    """Controls: ``call`` (dropdown), ``day`` (IntText), ``signs`` (checkbox per sign id), ``decision``
    (radio buttons, one per level), ``check`` (button). ``feedback`` shows the result after *Check*."""

    css_class = "mn-complication-triage"

    def __init__(self) -> None:
        options = [(c.title, c.id) for c in practice_calls()] + [("Build your own call", CUSTOM)]
        self.call = W.Dropdown(options=options, description="Call", layout=W.Layout(width="95%"))
        self.story = W.HTML()
        self.day = W.IntText(value=0, description="Day after treatment (0 = treatment day)",
                             style={"description_width": "initial"}, layout=W.Layout(width="340px"))
        self.day.add_class("mn-day")
        self.signs: dict[str, W.Checkbox] = {}
        groups = []
        for heading, signs in SIGN_GROUPS:
            boxes = []
            for sign, text in signs:
                box = W.Checkbox(value=False, description=text, indent=False, layout=W.Layout(width="auto"))
                self.signs[sign] = box
                boxes.append(box)
            groups.append(W.VBox([W.HTML(f"<b>{html.escape(heading)}</b>"), *boxes]))
        self.decision = W.RadioButtons(options=[(LEVEL_LABELS[level], level) for level in LEVELS], value=None,
                                       layout=W.Layout(width="auto"))
        self.check = W.Button(description="Check my decision", button_style="primary", icon="check",
                              layout=W.Layout(width="220px"))
        self.feedback = W.HTML()
        self.feedback.add_class("mn-triage-feedback")
        self.checked = False
        self._loading = False
        self.call.observe(lambda _c: self._load_call(), names="value")
        for control in (self.day, *self.signs.values(), self.decision):
            control.observe(lambda _c: self._on_answer(), names="value")
        self.check.on_click(lambda _b: self._on_check())
        self.ui = W.VBox([
            STYLE, self.call, self.story, self.day,
            W.HTML("<b>1. What does the client report?</b>"),
            W.GridBox(groups, layout=W.Layout(grid_template_columns="repeat(2, minmax(0, 1fr))",
                                              grid_gap="4px 24px")),
            W.HTML("<b>2. Your decision</b>"), self.decision,
            self.check, self.feedback,
        ])
        self.ui.add_class(self.css_class)
        self._load_call()

    # --- events ---------------------------------------------------------------------------------------

    def _load_call(self) -> None:
        """Show the chosen call: its day and signs (read-only), or empty controls for a call you build."""
        self._loading = True
        custom = self.call.value == CUSTOM
        if custom:
            call_signs: tuple[str, ...] = ()
            self.story.value = ('<div class="mn-call-story"><p>Set the day and tick the signs a client reports; '
                                "then choose your decision and press <i>Check my decision</i>.</p></div>")
        else:
            call = practice_call(self.call.value)
            call_signs = call.signs
            self.day.value = call.day
            ticked = "".join(f"<li>{html.escape(SIGNS[sign])}</li>" for sign in call.signs)
            self.story.value = (f'<div class="mn-call-story"><p>{html.escape(call.story)}</p>'
                                f"<p>Day {call.day} after treatment. Signs in this call (ticked below):</p>"
                                f"<ul>{ticked}</ul><p>Choose your decision.</p></div>")
        for sign, box in self.signs.items():
            box.value = sign in call_signs
            box.disabled = not custom
        self.day.disabled = not custom
        self.decision.value = None
        self.checked = False
        self._loading = False
        self.update()

    def _on_answer(self) -> None:
        if self._loading:
            return
        self.checked = False  # any change hides stale feedback until the next check
        self.update()

    def _on_check(self) -> None:
        self.checked = True
        self.update()

    # --- state and display ----------------------------------------------------------------------------

    def update(self) -> TriageState:
        signs = tuple(sign for sign, box in self.signs.items() if box.value)
        day = self.day.value
        result, message = None, ""
        try:
            result = triage(day, signs)
        except ValueError as exc:
            message = _plain(str(exc))
        self.state = TriageState(call_id=self.call.value, day=day, signs=signs, decision=self.decision.value,
                                 checked=self.checked, result=result, message=message)
        self.feedback.value = feedback_html(self.state) if self.checked else ""
        return self.state


def _plain(error: str) -> str:
    if error.startswith("tick at least one sign"):
        return "Tick at least one sign the client reports."
    if error.startswith("the day after treatment"):
        return f"Enter the day after treatment as a whole number from 0 (the treatment day) to {MAX_DAY}."
    return error


def feedback_html(state: TriageState) -> str:
    """The verdict, then why (decisive signs), what to do, what not to do, other signs, uncertainty."""
    if state.result is None:
        return message_html(state.message, "error")
    if state.decision is None:
        return message_html("Choose your decision before checking.", "error")
    result = state.result
    parts = [_verdict(state.decision, result)]
    parts.append("<h4>Why</h4><ul class='mn-reasons'>"
                 + "".join(_finding_html(f, detail=True) for f in result.decisive) + "</ul>")
    actions = "".join(f"<li>{html.escape(f.rule.action)}{_caveat(f.advice_status)}</li>"
                      for f in _unique_advice(result.decisive))
    parts.append(f"<h4>What to do</h4><ul class='mn-actions'>{actions}</ul>")
    avoid = [f for f in _unique_avoid(result.findings)]
    if avoid:
        items = "".join(f"<li>{html.escape(f.rule.avoid)}{_caveat(f.advice_status)}</li>" for f in avoid)
        parts.append(f"<h4>What not to do</h4><ul class='mn-avoid'>{items}</ul>")
    others = [f for f in result.findings if f.level != result.level]
    if others:
        parts.append("<h4>Other signs in this call</h4><ul class='mn-other'>"
                     + "".join(_finding_html(f, detail=False) for f in others) + "</ul>"
                     "<p><small>A less urgent sign never lowers the decision: the most urgent sign decides."
                     "</small></p>")
    if result.uncertain:
        parts.append(message_html(
            "The evidence for this level is uncertain: it rests on a secondary source or on the course's own "
            "inference where no source sets a time. Follow your clinic's protocol and, when in doubt, escalate.",
            "info"))
    return "".join(parts)


def _verdict(decision: str, result: TriageResult) -> str:
    yours, course = LEVELS.index(decision), LEVELS.index(result.level)
    text = f"Your decision: {LEVEL_LABELS[decision]}. The course's decision: {result.level_label}."
    if yours == course:
        return message_html(text, "ok")
    if yours < course:
        return message_html(f"{text} Your decision is less urgent than this call needs.", "error")
    return message_html(f"{text} Your decision is more urgent than needed: safe, but it uses services "
                        "another client may need.", "error")


def _finding_html(finding: SignFinding, detail: bool) -> str:
    rule = finding.rule
    head = f"<b>{html.escape(finding.text)}</b> → {html.escape(LEVEL_SHORT[finding.level])} ({days_text(rule)})"
    body = f" {html.escape(rule.concern)}"
    if detail:
        body += f" {html.escape(rule.reason)}"
    return f"<li>{head}:{body} {cite_html(rule.refs)}{_caveat(finding.status)}</li>"


def days_text(rule) -> str:
    """When a rule applies, in words: 'any day', 'days 0–7', 'from day 8'."""
    if rule.to_day is None:
        return "any day" if rule.from_day == 0 else f"from day {rule.from_day}"
    return f"days {rule.from_day}–{rule.to_day}"


def _caveat(status: Status) -> str:
    return f' <em class="mn-caveat">(caveat: {html.escape(status.caveat)})</em>' if status.caveat else ""


def _unique_advice(findings) -> list[SignFinding]:
    seen: set[str] = set()
    unique = []
    for finding in findings:
        if finding.rule.action not in seen:
            seen.add(finding.rule.action)
            unique.append(finding)
    return unique


def _unique_avoid(findings) -> list[SignFinding]:
    seen: set[str] = set()
    unique = []
    for finding in findings:
        if finding.rule.avoid and finding.rule.avoid not in seen:
            seen.add(finding.rule.avoid)
            unique.append(finding)
    return unique
