"""Lesson 03 widget: region, sex, device and set depth -> a to-scale cross-section and a sourced verdict."""

from __future__ import annotations

import html
from dataclasses import dataclass

import ipywidgets as W

from ..model.anatomy import SEXES, regions
from ..model.depth import DEVICES, DepthVerdict, assess_depth, indications
from ..plots.science import depth_cross_section
from .base import FigurePane, View, cite_html, message_html, note_html

VERDICT_ICONS = {"suitable": "✔", "too_shallow": "↑", "too_deep": "↓", "do_not_treat": "⛔"}


@dataclass(frozen=True)
class ExplorerState:
    verdict: DepthVerdict | None
    message: str  # why there is no verdict, or ""


class DepthExplorer(View):
    """Controls: ``region``, ``sex``, ``device``, ``indication`` (dropdowns/toggles) and ``depth`` (mm)."""

    css_class = "mn-depth-explorer"

    def __init__(self, region: str = "forehead", sex: str = "female", device: str = "pen",
                 indication: str = "acne_scars", depth_mm: float = 1.5) -> None:
        style = {"description_width": "initial"}
        self.region = W.Dropdown(options=[(label, key) for key, label in regions().items()], value=region,
                                 description="Region", style=style)
        self.sex = W.ToggleButtons(options=[(s.capitalize(), s) for s in SEXES], value=sex, description="Sex",
                                   style=style)
        self.device = W.ToggleButtons(options=[(label, key) for key, label in DEVICES.items()], value=device,
                                      description="Device", style=style)
        self.indication = W.Dropdown(options=[(label, key) for key, label in indications().items()],
                                     value=indication, description="Indication", style=style,
                                     layout=W.Layout(width="420px"))
        self.depth = W.FloatText(value=depth_mm, step=0.25, description="Set depth (mm)", style=style,
                                 layout=W.Layout(width="200px"))
        self.depth.add_class("mn-set-depth")
        self.verdict = W.HTML()
        self.details = W.HTML()
        self.figure_pane = FigurePane("640px")
        self.figure, self.caption = self.figure_pane.image, self.figure_pane.caption
        self.state = ExplorerState(verdict=None, message="")
        self._drawn: tuple | None = None  # inputs of the figure on show; the indication does not change it
        for control in (self.region, self.sex, self.device, self.indication, self.depth):
            control.observe(self._on_change, names="value")
        self.ui = W.VBox([
            W.HBox([self.region, self.indication]), W.HBox([self.sex, self.device]), self.depth,
            self.verdict, self.figure, self.caption, self.details,
        ])
        self.ui.add_class(self.css_class)
        self.update()

    def _on_change(self, _change: object) -> None:
        self.update()

    def update(self) -> ExplorerState:
        """Recompute the verdict from the controls and redraw."""
        try:
            result = assess_depth(self.indication.value, self.region.value, self.sex.value, self.device.value,
                                  self.depth.value)
        except ValueError as exc:
            self.state = ExplorerState(verdict=None, message=str(exc))
            self.verdict.value = message_html(str(exc), "error")
            self.details.value = ""
            self.figure_pane.clear()
            self._drawn = None
            return self.state
        self.state = ExplorerState(verdict=result, message="")
        # Figure first, verdict last: a reader (or a browser test) seeing the new verdict also has the new figure.
        drawn = (self.region.value, self.sex.value, self.device.value, self.depth.value)
        if drawn != self._drawn:
            fig = depth_cross_section(result.penetration)
            self.figure_pane.show(fig)
            self._drawn = drawn
        self.details.value = details_html(result)
        self.verdict.value = verdict_html(result)
        return self.state


def verdict_html(result: DepthVerdict) -> str:
    reason = result.reason
    return (
        f'<div class="mn-verdict mn-verdict-{result.verdict}" role="status">'
        f'<span aria-hidden="true">{VERDICT_ICONS[result.verdict]}</span> '
        f"<strong>{html.escape(result.label)}:</strong> {note_html(reason.text, reason.refs, reason.status)}</div>"
    )


def details_html(result: DepthVerdict) -> str:
    pen = result.penetration
    reached = pen.reached
    where = (f"{reached.depth_in_layer_mm:g} mm into the {reached.layer}" if reached.layer != "epidermis"
             else "in the epidermis")
    lines = [
        f"<li>Needle tip modelled at <b>{pen.effective_depth_mm:g} mm</b> (set {pen.set_depth_mm:g} mm): "
        f"{where}. Layer thicknesses: {html.escape(pen.profile.method)} {cite_html(pen.profile.refs)}.</li>",
        *(f"<li>{note_html(c.text, c.refs, c.status)}</li>" for c in result.cautions),
    ]
    return f'<ul class="mn-depth-details">{"".join(lines)}</ul><small>Sources: {cite_html(result.refs)}</small>'
