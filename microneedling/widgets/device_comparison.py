"""Lesson 03 widget: the device comparison table and a roller channel-density calculator."""

from __future__ import annotations

import html
from dataclasses import dataclass

import ipywidgets as W

from ..facts import registry
from ..model.devices import (
    COLUMNS,
    MAX_PASSES,
    Roller,
    density_curve,
    device_rows,
    punctures_per_cm2,
    standard_roller,
)
from ..plots.science import density_figure
from .base import FigurePane, View, caveat_html, cite_html, message_html

CURVE_PASSES = 20  # the chart always shows at least this many passes


@dataclass(frozen=True)
class DensityState:
    roller: Roller | None
    passes: int
    per_cm2: float | None
    message: str


class DeviceComparison(View):
    """Controls: ``needles``, ``diameter`` (cm), ``width`` (cm) and ``passes`` for the density calculator."""

    css_class = "mn-device-comparison"

    def __init__(self) -> None:
        standard = standard_roller()
        style = {"description_width": "initial"}
        self.table = W.HTML(device_table_html())
        self.needles = W.IntText(value=standard.needles, description="Needles on the drum", style=style,
                                 layout=W.Layout(width="220px"))
        self.diameter = W.FloatText(value=standard.drum_diameter_cm, step=0.1, description="Drum diameter (cm)",
                                    style=style, layout=W.Layout(width="220px"))
        self.width = W.FloatText(value=standard.drum_width_cm, step=0.1, description="Drum width (cm)",
                                 style=style, layout=W.Layout(width="220px"))
        self.passes = W.IntSlider(value=1, min=1, max=MAX_PASSES, description="Passes", style=style,
                                  continuous_update=False)
        self.result = W.HTML()
        self.figure_pane = FigurePane("600px")
        self.figure, self.caption = self.figure_pane.image, self.figure_pane.caption
        self.state = DensityState(roller=None, passes=1, per_cm2=None, message="")
        for control in (self.needles, self.diameter, self.width, self.passes):
            control.observe(self._on_change, names="value")
        self.ui = W.VBox([
            self.table,
            W.HTML("<b>Roller channel density</b> (assumes holes do not overlap)"),
            W.HBox([self.needles, self.diameter, self.width]), self.passes,
            self.result, self.figure, self.caption,
        ])
        self.ui.add_class(self.css_class)
        self.update()

    def _on_change(self, _change: object) -> None:
        self.update()

    def update(self) -> DensityState:
        passes = self.passes.value
        try:
            per_cm2 = punctures_per_cm2(self.needles.value, self.diameter.value, self.width.value, passes)
        except ValueError as exc:
            self.state = DensityState(roller=None, passes=passes, per_cm2=None, message=str(exc))
            self.result.value = message_html(str(exc), "error")
            self.figure_pane.clear()
            return self.state
        roller = Roller(self.needles.value, self.diameter.value, self.width.value)
        self.state = DensityState(roller=roller, passes=passes, per_cm2=per_cm2, message="")
        fig = density_figure(density_curve(roller, max(CURVE_PASSES, passes)), passes, published_points())
        self.figure_pane.show(fig)
        self.result.value = result_html(roller, passes, per_cm2)
        return self.state


def published_points() -> list[tuple[int, float, str]]:
    """The published roller densities as (passes, punctures/cm², fact id)."""
    reg = registry()
    return [
        (1, float(reg.fact("devices.roller.punctures_per_pass").value), "devices.roller.punctures_per_pass"),
        (int(reg.fact("devices.roller.classic_pass_count").value),
         float(reg.fact("devices.roller.punctures_15_passes").value), "devices.roller.punctures_15_passes"),
    ]


def result_html(roller: Roller, passes: int, per_cm2: float) -> str:
    reg = registry()
    refs = [k for p in published_points() for k in reg.record(p[2]).refs]
    published = "; ".join(f"{d:g} per cm² after {p} pass(es)" for p, d, _ in published_points())
    return (
        f'<div class="mn-density" role="status"><span aria-hidden="true">ℹ</span> '
        f"<strong>{per_cm2:.0f} punctures per cm²</strong> after {passes} pass(es): {roller.needles} needles ÷ "
        f"drum surface {roller.drum_area_cm2:.1f} cm² (π × diameter × width) × passes. "
        f"Published for the standard roller: {published} {cite_html(refs)}.</div>"
    )


def device_table_html() -> str:
    reg = registry()
    head = "".join(f"<th>{html.escape(t)}</th>" for t in ("Device", "How the needles enter", *COLUMNS.values()))
    rows = []
    for row in device_rows():
        cells = "".join(
            f'<td title="{html.escape(fact.statement)}">{html.escape(row.cell_text(col))} '
            f"{cite_html(fact.refs)}{caveat_html(fact.status)}</td>"
            for col, fact in row.cells.items())
        rows.append(f"<tr><th scope='row'>{html.escape(row.device.name)}</th>"
                    f"<td>{html.escape(row.device.needle_entry)} {cite_html(row.device.refs)}</td>{cells}</tr>")
    note = reg.fact("depth.roller.rat_channel_depth")
    return (f'<table class="mn-device-table"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
            f"<small>Hover a cell for the full statement. Set length is not tissue depth: "
            f"{html.escape(note.statement)} {cite_html(note.refs)}</small>")
