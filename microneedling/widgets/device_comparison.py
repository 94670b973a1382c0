"""Lesson 03 widget: the device comparison table, a card with the full statements for one device, and a roller
channel-density calculator."""

from __future__ import annotations

import html
from dataclasses import dataclass

import ipywidgets as W

from ..facts import registry
from ..model.devices import (
    COLUMNS,
    MAX_PASSES,
    DeviceRow,
    Roller,
    density_curve,
    device_rows,
    punctures_per_cm2,
    standard_roller,
)
from ..plots.science import density_figure
from .base import FigurePane, View, caveat_html, cite_html, icon_html, message_html, note_html

CURVE_PASSES = 20  # the chart always shows at least this many passes


@dataclass(frozen=True)
class DensityState:
    roller: Roller | None
    passes: int
    per_cm2: float | None
    message: str
    device: str = ""  # id of the device type whose card is shown


class DeviceComparison(View):
    """Controls: ``device`` (which device's card to show); ``needles``, ``diameter`` (cm), ``width`` (cm) and
    ``passes`` for the density calculator."""

    css_class = "mn-device-comparison"

    def __init__(self) -> None:
        standard = standard_roller()
        style = {"description_width": "initial"}
        self.rows = {row.device.id: row for row in device_rows()}
        self.table = W.HTML(device_table_html())
        self.device = W.ToggleButtons(options=[(short_name(r), key) for key, r in self.rows.items()],
                                      description="Details for", style={**style, "button_width": "auto"})
        self.card = W.HTML()
        self.needles = W.IntText(value=standard.needles, description="Needles on the drum", style=style,
                                 layout=W.Layout(width="220px"))
        self.diameter = W.FloatText(value=standard.drum_diameter_cm, step=0.1, description="Drum diameter (cm)",
                                    style=style, layout=W.Layout(width="220px"))
        self.width = W.FloatText(value=standard.drum_width_cm, step=0.1, description="Drum width (cm)",
                                 style=style, layout=W.Layout(width="220px"))
        # A labelled number box rather than a slider (a slider handle gets no accessible name in ipywidgets).
        self.passes = W.IntText(value=1, description=f"Passes (1-{MAX_PASSES})", style=style,
                                layout=W.Layout(width="220px"))
        self.result = W.HTML()
        self.figure_pane = FigurePane("600px")
        self.figure, self.caption = self.figure_pane.image, self.figure_pane.caption
        self.state = DensityState(roller=None, passes=1, per_cm2=None, message="")
        for control in (self.needles, self.diameter, self.width, self.passes):
            control.observe(self._on_change, names="value")
        self.device.observe(self._on_device, names="value")
        self.ui = W.VBox([
            self.table, self.device, self.card,
            W.HTML("<p><b>Roller channel density</b> (assumes holes do not overlap)</p>"),
            W.HBox([self.needles, self.diameter, self.width, self.passes], layout=W.Layout(flex_flow="row wrap")),
            self.result, self.figure, self.caption,
        ])
        self.ui.add_class(self.css_class)
        self.update()

    def _on_change(self, _change: object) -> None:
        self.update()

    def _on_device(self, _change: object) -> None:
        self.card.value = device_card_html(self.rows[self.device.value])
        self.state = DensityState(self.state.roller, self.state.passes, self.state.per_cm2, self.state.message,
                                  device=self.device.value)

    def update(self) -> DensityState:
        self._on_device(None)
        passes = self.passes.value
        try:
            per_cm2 = punctures_per_cm2(self.needles.value, self.diameter.value, self.width.value, passes)
        except ValueError as exc:
            self.state = DensityState(roller=None, passes=passes, per_cm2=None, message=str(exc),
                                      device=self.device.value)
            self.result.value = message_html(str(exc), "error")
            self.figure_pane.clear()
            return self.state
        roller = Roller(self.needles.value, self.diameter.value, self.width.value)
        self.state = DensityState(roller=roller, passes=passes, per_cm2=per_cm2, message="", device=self.device.value)
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
        f'<div class="mn-density" role="status">{icon_html("info")} '
        f"<strong>{per_cm2:.0f} punctures per cm²</strong> after {passes} pass(es): {roller.needles} needles ÷ "
        f"drum surface {roller.drum_area_cm2:.1f} cm² (π × diameter × width) × passes. "
        f"Published for the standard roller: {published} {cite_html(refs)}.</div>"
    )


def short_name(row: DeviceRow) -> str:
    """The device name without its bracketed alias: 'Medical roller (dermaroller)' -> 'Medical roller'."""
    return row.device.name.split(" (")[0]


def device_table_html() -> str:
    """Values only, one row per device; the full statements are in each device's card."""
    head = "".join(f"<th scope='col'>{html.escape(t)}</th>" for t in ("Device", *COLUMNS.values()))
    rows = []
    for row in device_rows():
        cells = "".join(
            f"<td>{html.escape(row.cell_text(col))}"
            + (f" {cite_html(fact.refs)}{caveat_html(fact.status)}" if fact else "") + "</td>"
            for col, fact in row.cells.items())
        rows.append(f"<tr><th scope='row'>{html.escape(row.device.name)}</th>{cells}</tr>")
    return (f'<table class="mn-device-table"><caption>The four device types at a glance (choose a device below '
            f"for the full statements)</caption><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>")


def device_card_html(row: DeviceRow) -> str:
    """Every statement behind one device's row, in full, with sources and caveats in words."""
    reg = registry()
    items = [f"<li><b>How the needles enter:</b> {note_html(row.device.needle_entry, row.device.refs, row.device.status)}</li>"]
    for column, fact in row.cells.items():
        text = (note_html(fact.statement, fact.refs, fact.status) if fact
                else html.escape(row.cell_text(column)))
        items.append(f"<li><b>{html.escape(COLUMNS[column])}:</b> {text}</li>")
    if row.device.id in ("devices.type.medical_roller", "devices.type.home_roller"):
        note = reg.fact("depth.roller.uncertain")
        items.append(f"<li><b>Depth reached:</b> {note_html(note.statement, note.refs, note.status)}</li>")
    elif row.device.id == "devices.type.pen":
        note = reg.fact("depth.pen.sasaki_set_length")
        items.append(f"<li><b>Depth reached:</b> {note_html(note.statement, note.refs, note.status)}</li>")
    return (f'<div class="mn-device-card" role="region" aria-label="{html.escape(row.device.name)}">'
            f"<p><b>{html.escape(row.device.name)}</b></p><ul>{''.join(items)}</ul></div>")
