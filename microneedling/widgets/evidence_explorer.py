"""Lesson 02 widget: pick an indication -> its studies (design, size, result) as a chart and a table, with the
marketing claim about it beside the evidence, and whether an FDA-authorised use covers it."""

from __future__ import annotations

import html
from dataclasses import dataclass

import ipywidgets as W

from ..facts import registry
from ..facts.kinds.science import STUDY_DESIGNS, Study
from ..model.evidence import Evidence, evidence_for, indications
from ..plots.science import evidence_figure
from .base import FigurePane, View, caveat_html, cite_html, icon_html, message_html, note_html, reference_link

# Verdict words carry the meaning; the icon only repeats it.
CLAIM_ICONS = {"Wrong and potentially harmful": "warning", "Misleading": "warning", "Unproven": "hint",
               "Overstated": "down", "Partly supported": "ok", "Not evidence-based": "hint", "Wrong wording": "edit",
               "Not verifiable": "hint"}


@dataclass(frozen=True)
class EvidenceState:
    evidence: Evidence | None
    message: str

    @property
    def study_labels(self) -> tuple[str, ...]:
        return tuple(s.label for s in self.evidence.studies) if self.evidence else ()


class EvidenceExplorer(View):
    """Control: ``indication`` (radio buttons of indication ids)."""

    css_class = "mn-evidence-explorer"

    def __init__(self, indication: str = "indications.acne_scars") -> None:
        # Radio buttons: every use is visible at once, and arrow keys move between them.
        self.indication = W.RadioButtons(options=[(name, key) for key, name in indications().items()],
                                         value=indication, description="Use",
                                         style={"description_width": "initial"}, layout=W.Layout(width="auto"))
        self.summary = W.HTML()
        self.figure_pane = FigurePane("520px")
        self.figure, self.caption = self.figure_pane.image, self.figure_pane.caption
        self.claims = W.HTML(layout=W.Layout(flex="1 1 240px", min_width="220px", max_width="360px"))
        self.table = W.HTML()
        self.notes = W.HTML()
        self.state = EvidenceState(evidence=None, message="")
        self.indication.observe(self._on_change, names="value")
        evidence_column = W.VBox([self.figure, self.caption], layout=W.Layout(flex="2 1 420px"))
        self.ui = W.VBox([
            W.HBox([self.indication, self.summary], layout=W.Layout(flex_flow="row wrap", align_items="flex-start")),
            W.HBox([evidence_column, self.claims], layout=W.Layout(flex_flow="row wrap", align_items="flex-start")),
            self.table, self.notes,
        ])
        self.ui.add_class(self.css_class)
        self.update()

    def _on_change(self, _change: object) -> None:
        self.update()

    def update(self) -> EvidenceState:
        try:
            evidence = evidence_for(self.indication.value)
        except ValueError as exc:
            self.state = EvidenceState(evidence=None, message=str(exc))
            self.summary.value = message_html(str(exc), "error")
            self.figure_pane.clear()
            self.claims.value = self.table.value = self.notes.value = ""
            return self.state
        self.state = EvidenceState(evidence=evidence, message="")
        self.figure_pane.show(evidence_figure(evidence.indication.name, evidence.studies))
        self.claims.value = claims_html(evidence)
        self.table.value = studies_table_html(evidence.studies)
        self.notes.value = notes_html(evidence)
        self.summary.value = summary_html(evidence)
        return self.state


def summary_html(evidence: Evidence) -> str:
    ind = evidence.indication
    trials = len(evidence.randomised)
    largest = f"; largest: {evidence.largest_trial} people" if evidence.largest_trial else ""
    scope = (f"<li><b>Covered by an FDA-authorised use?</b> {html.escape(ind.authorised)} "
             f"{cite_html(evidence.scope.refs)}{caveat_html(evidence.scope.status)}</li>" if evidence.scope else "")
    return (
        f'<div class="mn-evidence-summary" role="status"><ul>'
        f"<li><b>Strength of evidence:</b> {html.escape(ind.strength)}. {html.escape(ind.summary)} "
        f"{cite_html(ind.refs)}</li>"
        f"<li><b>Studies shown:</b> {len(evidence.studies)}, of which {trials} randomised{largest}.</li>"
        f"{scope}</ul></div>"
    )


def _size(study: Study) -> str:
    if study.n is None:
        return "not recorded"
    if study.design == "review":
        return f"{study.n:,} patients across the studies"
    unit = study.unit if study.unit in ("scars",) else ""
    size = f"{study.n:,}{' ' + unit if unit else ''} enrolled"
    return f"{size}, {study.completed} completed" if study.completed else size


def _study_label(study: Study) -> str:
    """The study's name linked to its source when the name is the citation; otherwise name plus citation."""
    refs = [registry().reference(k) for k in study.refs]
    if len(refs) == 1 and refs[0].label == study.label:
        return reference_link(refs[0]) + caveat_html(study.status)
    return f"{html.escape(study.label)} {cite_html(study.refs)}{caveat_html(study.status)}"


def studies_table_html(studies: tuple[Study, ...]) -> str:
    if not studies:
        return ("<p><b>No clinical study of benefit</b> is recorded for this use: the evidence is about the "
                "mechanism and the harms (below).</p>")
    head = "".join(f"<th scope='col'>{h}</th>" for h in
                   ("Study", "Design", "Size", "Compared with", "Protocol", "Main result"))
    rows = []
    for s in studies:
        design = STUDY_DESIGNS[s.design] + (f", {s.blinding}" if s.blinding else "")
        cells = (design, _size(s), s.comparison or "no comparison group",
                 s.protocol, s.result or "not recorded in the course's sources")
        tds = "".join(f"<td>{html.escape(c)}</td>" for c in cells)
        rows.append(f"<tr><th scope='row'>{_study_label(s)}</th>{tds}</tr>")
    return (f'<table class="mn-evidence-table"><caption>The studies, strongest design first</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>")


def claims_html(evidence: Evidence) -> str:
    if not evidence.claims:
        return ('<div class="mn-claims"><p><b>Marketing claim</b></p><p>None of the claims in the course\'s '
                "marketing article is about this use. Judge any claim you meet against the studies on the left."
                "</p></div>")
    parts = []
    for claim in evidence.claims:
        icon = icon_html(CLAIM_ICONS.get(claim.verdict, "info"))
        parts.append(
            f'<div class="mn-claim"><p><b>The claim:</b> “{html.escape(claim.claim)}”</p>'
            f"<p>{icon} <b>Verdict: {html.escape(claim.verdict)}.</b> "
            f"{note_html(claim.evidence, claim.refs, claim.status)}</p></div>")
    return f'<div class="mn-claims"><p><b>Marketing claim beside the evidence</b></p>{"".join(parts)}</div>'


def notes_html(evidence: Evidence) -> str:
    if not evidence.notes:
        return ""
    items = "".join(f"<li>{note_html(f.statement, f.refs, f.status)}</li>" for f in evidence.notes)
    return f'<div class="mn-evidence-notes"><p><b>Also bears on this use</b></p><ul>{items}</ul></div>'
