"""Lesson 03 widget: region, sex, device, indication and set depth -> a to-scale cross-section and a sourced verdict."""

from __future__ import annotations

import html
from dataclasses import dataclass

import ipywidgets as W

from ..model.anatomy import SEXES, regions
from ..model.depth import DEVICES, DepthVerdict, assess_depth, indications, region_area
from ..plots.science import LAYER_NAMES, depth_cross_section
from .base import FigurePane, View, cite_html, icon_html, message_html, note_html

# An icon for the eye, a word for everyone: the label always carries the meaning (icons need no emoji font).
VERDICT_ICONS = {"suitable": "ok", "too_shallow": "up", "too_deep": "down", "too_deep_for_site": "stop",
                 "no_range_for_site": "hint", "do_not_treat": "stop"}
SEX_LABELS = {"female": "Woman", "male": "Man"}


@dataclass(frozen=True)
class ExplorerState:
    verdict: DepthVerdict | None
    message: str  # why there is no verdict, or ""

    @property
    def verdict_key(self) -> str:
        return self.verdict.verdict if self.verdict else ""


class DepthExplorer(View):
    """Controls: ``region``, ``indication`` (dropdowns), ``sex``, ``device`` (toggles) and ``depth`` (mm)."""

    css_class = "mn-depth-explorer"

    def __init__(self, region: str = "forehead", sex: str = "female", device: str = "pen",
                 indication: str = "acne_scars", depth_mm: float = 1.0) -> None:
        style = {"description_width": "initial"}
        self.region = W.Dropdown(
            options=[(f"{label} ({region_area(key)})", key) for key, label in regions().items()], value=region,
            description="Site", style=style, layout=W.Layout(width="300px"))
        self.indication = W.Dropdown(options=[(label, key) for key, label in indications().items()],
                                     value=indication, description="Treating", style=style,
                                     layout=W.Layout(width="520px"))
        buttons = {**style, "button_width": "auto"}
        self.sex = W.ToggleButtons(options=[(SEX_LABELS[s], s) for s in SEXES], value=sex, description="Client",
                                   style=buttons)
        self.device = W.ToggleButtons(options=[(label, key) for key, label in DEVICES.items()], value=device,
                                      description="Device", style=buttons)
        # A plain number box: out-of-range input gets a message in words rather than being silently clamped.
        self.depth = W.FloatText(value=depth_mm, step=0.25, description="Set depth (mm)", style=style,
                                 layout=W.Layout(width="220px"))
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
            W.HBox([self.region, self.indication], layout=W.Layout(flex_flow="row wrap")),
            W.HBox([self.sex, self.device], layout=W.Layout(flex_flow="row wrap")), self.depth,
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
            self.figure_pane.show(depth_cross_section(result.penetration))
            self._drawn = drawn
        self.details.value = details_html(result)
        self.verdict.value = verdict_html(result)
        return self.state


def verdict_html(result: DepthVerdict) -> str:
    reason = result.reason
    return (
        f'<div class="mn-verdict mn-verdict-{result.verdict}" role="status">'
        f"{icon_html(VERDICT_ICONS[result.verdict])} "
        f"<strong>{html.escape(result.label)}:</strong> {note_html(reason.text, reason.refs, reason.status)}</div>"
    )


def tip_html(result: DepthVerdict) -> str:
    """Where the tip may be, in words: a modelled depth for a pen, an uncertain range for a roller."""
    pen = result.penetration
    names = [LAYER_NAMES[layer].lower() for layer in pen.layers]
    layers = f"{names[0]} to {names[-1]}" if len(names) > 1 else names[0]
    if pen.tip.uncertain:
        return (f"Roller tip depth is <b>uncertain</b>: anywhere from <b>{pen.tip.low_mm:g}</b> to "
                f"<b>{pen.tip.high_mm:g} mm</b> depending on pressure ({html.escape(layers)}).")
    return f"Pen tip modelled at <b>{pen.tip.high_mm:g} mm</b> (in the {html.escape(layers)})."


def details_html(result: DepthVerdict) -> str:
    pen = result.penetration
    profile = pen.profile
    lines = [
        f"<li>{tip_html(result)} Mean skin here: epidermis {profile.epidermis_mm:.2f} mm + dermis "
        f"{profile.dermis_mm:.2f} mm = {profile.skin_mm:.2f} mm ({html.escape(profile.method)}) "
        f"{cite_html(profile.refs)}.</li>",
        *(f"<li>{note_html(c.text, c.refs, c.status)}</li>" for c in result.cautions),
    ]
    return f'<ul class="mn-depth-details">{"".join(lines)}</ul><small>Sources: {cite_html(result.refs)}</small>'
