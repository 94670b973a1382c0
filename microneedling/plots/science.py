"""Figures for lessons 01-03: skin thickness, a skin cross-section with the needle, the healing timeline, roller
channel density, and the evidence behind an indication.

Every figure carries its information in words or shapes as well as colour (hatching, markers, direct labels)
and a one-sentence text alternative.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.text import Text
from matplotlib.patches import Patch
from matplotlib.ticker import FixedLocator, NullLocator

from ..facts.kinds.science import STUDY_DESIGNS, HealingMilestone, HealingPhase, Study
from ..model.anatomy import SkinProfile
from ..model.depth import DEVICES, Penetration
from . import PALETTE, with_alt_text

LAYER_COLOURS = {"epidermis": PALETTE["orange"], "dermis": PALETTE["sky_blue"], "subcutis": PALETTE["yellow"]}
# Layers and phases are named in text on the figure itself, so colour is never the only cue; no hatching in the
# widget figures (SVG hatch patterns cost about a third of a redraw).
LAYER_NAMES = {"epidermis": "Epidermis", "dermis": "Dermis", "subcutis": "Fat (subcutis)"}
PHASE_COLOURS = (PALETTE["vermillion"], PALETTE["blue"], PALETTE["green"])
UNMEASURED_SUBCUTIS_MM = 1.0  # drawn height only, when no source gives a thickness
SEX_WORDS = {"female": "woman", "male": "man"}


def skin_layers(profile: SkinProfile) -> list[tuple[str, float, float, bool]]:
    """(layer, top mm, bottom mm, measured) from the surface down; unmeasured subcutis gets a drawing height."""
    skin = profile.skin_mm
    fat = profile.subcutis_mm
    return [
        ("epidermis", 0.0, profile.epidermis_mm, True),
        ("dermis", profile.epidermis_mm, skin, True),
        ("subcutis", skin, skin + (fat if fat is not None else UNMEASURED_SUBCUTIS_MM), fat is not None),
    ]


def _layer_label(name: str, top: float, low: float, measured: bool) -> str:
    if name == "subcutis":
        return f"Fat (subcutis)\n{low - top:g} mm" if measured else "Fat (subcutis)\nthickness not\nmeasured here"
    return f"{LAYER_NAMES[name]}\n{low - top:.2f} mm"


def depth_cross_section(pen: Penetration) -> Figure:
    """To-scale cross-section of the skin at a site with the needle: a pen's modelled tip, or for a roller the
    whole range where its tip may be."""
    profile = pen.profile
    layers = skin_layers(profile)
    # Show the skin and the needle, with some fat below; thick fat (6 mm at the temple) is cut short so the
    # skin layers stay readable, and its label says so.
    bottom = max(profile.skin_mm + 0.8, pen.set_depth_mm + 0.3)
    fig = Figure(figsize=(6.4, 3.6))
    fig.subplots_adjust(left=0.11, right=0.70, bottom=0.06, top=0.87)
    ax = fig.add_subplot()
    width = 3.0
    label_ys: list[float] = []
    for name, top, low, measured in layers:
        drawn_low = bottom if name == "subcutis" else low
        ax.axhspan(top, drawn_low, facecolor=LAYER_COLOURS[name], alpha=0.55, edgecolor="white", linewidth=0)
        text = _layer_label(name, top, low, measured)
        if name == "subcutis" and measured and low > bottom:
            text += "\n(drawn cut short)"
        # Label at the layer's middle, pushed down so that no two labels overlap (thin layers sit close).
        y = (top + drawn_low) / 2 if name != "subcutis" else top + 0.04 * (bottom + 0.15)
        min_gap = 0.11 * (bottom + 0.15)
        if label_ys and y < label_ys[-1] + min_gap:
            y = label_ys[-1] + min_gap
        label_ys.append(y)
        ax.annotate(text, (1.0, y), xycoords=("axes fraction", "data"), xytext=(8, 0), textcoords="offset points",
                    va="center" if name != "subcutis" else "top", fontsize=8, annotation_clip=False)
    ax.axhline(profile.epidermis_mm, color=PALETTE["black"], linewidth=0.6)
    ax.axhline(profile.skin_mm, color=PALETTE["black"], linewidth=1.4)
    ax.text(0.08, profile.skin_mm - 0.03, "bottom of the dermis (mean)", fontsize=7, va="bottom")
    x = width * 0.62
    tip = pen.tip
    if tip.uncertain:
        ax.plot([x, x], [-0.12, tip.high_mm], color=PALETTE["grey"], linestyle="--", linewidth=2)
        ax.fill_betweenx([tip.low_mm, tip.high_mm], x - 0.16, x + 0.16, facecolor="none",
                         edgecolor=PALETTE["black"], hatch="xx", linewidth=1)
        ax.text(x + 0.24, (tip.low_mm + tip.high_mm) / 2,
                f"tip somewhere\nfrom {tip.low_mm:g} to {tip.high_mm:g} mm,\ndepending on\npressure", fontsize=7.5,
                va="center", fontweight="bold", bbox={"facecolor": "white", "edgecolor": "none", "pad": 1})
    else:
        ax.plot([x, x], [-0.12, tip.high_mm], color=PALETTE["black"], linewidth=2.5)
        ax.plot([x], [tip.high_mm], marker="v", color=PALETTE["black"], markersize=7)
        where = "in fat" if pen.beyond_dermis else f"in {pen.layer}"
        ax.text(x + 0.12, tip.high_mm, f"modelled tip\n{tip.high_mm:g} mm, {where}", fontsize=7.5, va="center",
                fontweight="bold", bbox={"facecolor": "white", "edgecolor": "none", "pad": 1})
    ax.set_xlim(0, width)
    ax.set_ylim(bottom, -0.15)
    ax.xaxis.set_major_locator(NullLocator())
    ax.set_ylabel("Depth below the surface (mm)")
    sex = SEX_WORDS.get(profile.sex, profile.sex)
    ax.set_title(f"{profile.label} ({sex}): {DEVICES[pen.device].lower()} set to {pen.set_depth_mm:g} mm\n"
                 "(depths drawn to scale)", fontsize=9.5)
    subcutis = (f"subcutaneous fat {profile.subcutis_mm:g} mm" if profile.subcutis_mm is not None
                else "subcutaneous fat of unmeasured thickness")
    if tip.uncertain:
        reach = (f"may reach anywhere from {tip.low_mm:g} to {tip.high_mm:g} mm depending on pressure, that is "
                 f"from the {LAYER_NAMES[pen.layers[0]].lower()} to the {LAYER_NAMES[pen.layers[-1]].lower()}")
    else:
        reach = f"is modelled to reach {tip.high_mm:g} mm, in the {LAYER_NAMES[pen.layer].lower()}"
    return with_alt_text(
        fig,
        f"Cross-section of a {sex}'s {profile.label.lower()} skin drawn to scale: epidermis "
        f"{profile.epidermis_mm:.2f} mm, dermis {profile.dermis_mm:.2f} mm, then {subcutis}; a "
        f"{DEVICES[pen.device].lower()} set to {pen.set_depth_mm:g} mm {reach}.",
    )


DAY_TICKS = (0, 1, 3, 7, 14, 28, 56, 90, 180, 365, 730)
FIRST_DAYS_HOURS = 96


def _milestone_span(milestone: HealingMilestone) -> tuple[float, float]:
    """(start, end) in hours: a [low, high] value gives a span, a single value a point."""
    if isinstance(milestone.value, tuple):
        low = milestone.hours * milestone.value[0] / milestone.value[-1]
        return low, milestone.hours
    return milestone.hours, milestone.hours


def _milestone_text(milestone: HealingMilestone) -> str:
    value = milestone.value
    when = f"{value[0]:g}-{value[-1]:g}" if isinstance(value, tuple) else f"{value:g}"
    return f"{milestone.label} ({when} {milestone.unit})"


@dataclass
class _DayMarker:
    """The artists of a healing timeline that move with the day (the rest of the figure stays as drawn)."""

    phases: tuple[HealingPhase, ...]
    milestones: tuple[HealingMilestone, ...]
    early_rows: int
    hour_line: Line2D
    hour_label: Text
    day_line: Line2D
    day_triangle: Line2D
    phase_labels: dict[str, Text]
    title: Text


def healing_timeline(day: float, phases: Sequence[HealingPhase], milestones: Sequence[HealingMilestone],
                     current: HealingPhase | None) -> Figure:
    """Two panels: the first four days in hours with each measured milestone labelled, then the healing phases
    over two years (first week linear, then logarithmic); a marker at ``day`` in both.

    :func:`move_healing_day` moves the marker on an existing figure (a widget redraws without rebuilding).
    """
    early = [m for m in milestones if m.hours <= FIRST_DAYS_HOURS]
    late = [m for m in milestones if m.hours > FIRST_DAYS_HOURS]
    fig = Figure(figsize=(7.4, 2.2 + 0.28 * len(early)))
    grid = fig.add_gridspec(2, 1, height_ratios=(0.5 + 0.28 * len(early), 1.5), hspace=0.9,
                            left=0.04, right=0.98, top=0.9, bottom=0.13)
    top, ax = fig.add_subplot(grid[0]), fig.add_subplot(grid[1])

    # Panel 1: the first days, where the channel and barrier measurements cluster.
    for row, milestone in enumerate(early):
        start, end = _milestone_span(milestone)
        y = len(early) - row
        if end > start:
            top.plot([start, end], [y, y], color=PALETTE["black"], linewidth=4, solid_capstyle="butt")
        else:
            top.plot([end], [y], marker="D", color=PALETTE["black"], markersize=5)
        right_side = end < FIRST_DAYS_HOURS * 0.55
        top.text(end + 2 if right_side else start - 2, y, _milestone_text(milestone), fontsize=7.5, va="center",
                 ha="left" if right_side else "right", zorder=3,
                 bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.5})
    top.set_xlim(0, FIRST_DAYS_HOURS)
    top.set_ylim(0.3, len(early) + 0.7)
    top.xaxis.set_major_locator(FixedLocator(range(0, FIRST_DAYS_HOURS + 1, 12)))
    top.tick_params(axis="x", labelsize=8)
    top.yaxis.set_major_locator(NullLocator())
    top.set_xlabel("Hours after treatment (first 4 days)", fontsize=8.5)
    top.set_title("Measured milestones: channels and skin barrier", fontsize=9.5, loc="left")
    hour_line = top.axvline(0, color=PALETTE["black"], linewidth=1.5, linestyle=":", zorder=1)
    hour_label = top.text(0, len(early) + 0.65, "", fontsize=7, ha="center", va="bottom")

    # Panel 2: phases over two years.
    ax.set_xscale("symlog", linthresh=7, linscale=0.8)
    phase_labels = {}
    for index, phase in enumerate(phases):
        end = phase.end_day if phase.end_day is not None else DAY_TICKS[-1]
        ax.axvspan(phase.start_day, end, ymin=0.35, ymax=0.95, facecolor=PHASE_COLOURS[index % 3], alpha=0.3,
                   edgecolor="white")
        middle = (phase.start_day + end) / 2 if index == 0 else (phase.start_day * end) ** 0.5
        phase_labels[phase.id] = ax.text(middle, 0.65, phase.name, ha="center", va="center", fontsize=8,
                                         bbox={"facecolor": "white", "edgecolor": "none", "pad": 1, "alpha": 0.8})
    for milestone in late:
        start, end = (h / 24 for h in _milestone_span(milestone))
        ax.plot([start, end], [0.15, 0.15], color=PALETTE["black"], linewidth=4, solid_capstyle="butt")
        ax.text(start * 0.9, 0.15, _milestone_text(milestone), fontsize=7.5, va="center", ha="right",
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.5})
    day_line = ax.axvline(0, color=PALETTE["black"], linewidth=2)
    (day_triangle,) = ax.plot([0], [0.98], marker="v", color=PALETTE["black"], markersize=8, clip_on=False)
    ax.set_xlim(0, DAY_TICKS[-1])
    ax.set_ylim(0, 1)
    ax.xaxis.set_major_locator(FixedLocator(DAY_TICKS))
    ax.xaxis.set_minor_locator(NullLocator())
    ax.set_xticklabels([str(t) for t in DAY_TICKS], fontsize=8)
    ax.yaxis.set_major_locator(NullLocator())
    ax.set_xlabel("Days after treatment (first week linear, then logarithmic)", fontsize=8.5)
    title = ax.set_title("", fontsize=9.5, loc="left")
    fig.day_marker = _DayMarker(tuple(phases), tuple(milestones), len(early), hour_line, hour_label,  # type: ignore[attr-defined]
                                day_line, day_triangle, phase_labels, title)
    return move_healing_day(fig, day, current)


def move_healing_day(fig: Figure, day: float, current: HealingPhase | None) -> Figure:
    """Move the day marker of a :func:`healing_timeline` figure to ``day`` and update its title and text
    alternative; returns the same figure."""
    marker: _DayMarker = fig.day_marker  # type: ignore[attr-defined]
    hours = day * 24
    in_first_days = hours <= FIRST_DAYS_HOURS
    marker.hour_line.set_xdata([hours, hours])
    marker.hour_line.set_visible(in_first_days)
    marker.hour_label.set_x(hours)
    marker.hour_label.set_text(f"day {day:g}" if in_first_days else "")
    marker.day_line.set_xdata([day, day])
    marker.day_triangle.set_data([day], [0.98])
    for phase_id, label in marker.phase_labels.items():
        label.set_fontweight("bold" if current is not None and phase_id == current.id else "normal")
    now = current.name.lower() if current else "after the described phases"
    marker.title.set_text(f"Healing phases; marker at day {day:g}: {now}")
    phase_text = ", ".join(f"{p.name.lower()} from day {p.start_day:g}" for p in marker.phases)
    milestone_text = "; ".join(_milestone_text(m) for m in marker.milestones)
    return with_alt_text(
        fig,
        f"Two timelines. First four days, measured milestones: {milestone_text}. Below, healing phases "
        f"({phase_text}) with a marker at day {day:g}, which falls in "
        f"{'the ' + current.name.lower() + ' phase' if current else 'no described phase'}.",
    )


def density_figure(curve: Sequence[tuple[int, float]], passes: int,
                   published: Sequence[tuple[int, float, str]]) -> Figure:
    """Punctures per cm² against passes: the calculated line, the chosen pass count, published figures."""
    fig = Figure(figsize=(6.4, 3.1))
    fig.subplots_adjust(left=0.12, right=0.97, bottom=0.16, top=0.9)
    ax = fig.add_subplot()
    xs = [p for p, _ in curve]
    ys = [d for _, d in curve]
    ax.plot(xs, ys, color=PALETTE["blue"], linewidth=2, label="calculated (needles ÷ drum surface × passes)")
    if published:
        ax.plot([p for p, _, _ in published], [d for _, d, _ in published], marker="s", linestyle="none",
                color=PALETTE["green"], markersize=7, label="published figures")
    chosen = dict(curve).get(passes)
    if chosen is not None:
        ax.plot([passes], [chosen], marker="o", color=PALETTE["vermillion"], markersize=8, linestyle="none",
                label="your pass count")
        left_half = passes < max(xs) / 2
        ax.annotate(f"{passes} pass(es): {chosen:.0f} per cm²", (passes, chosen),
                    xytext=(10 if left_half else -10, 10), textcoords="offset points",
                    ha="left" if left_half else "right", fontsize=8,
                    bbox={"facecolor": "white", "edgecolor": "none", "pad": 1})
    ax.set_xlabel("Passes over the same area")
    ax.set_ylabel("Punctures per cm²")
    ax.set_xlim(0, max(xs) + 1)
    ax.set_ylim(0, max(ys + [d for _, d, _ in published]) * 1.25)
    ax.legend(loc="upper left", fontsize=7.5, frameon=False)
    ax.set_title("Roller channel density", fontsize=10)
    return with_alt_text(
        fig,
        f"Line chart: punctures per cm² rise in proportion to passes, from {ys[0]:.0f} after one pass to "
        f"{ys[-1]:.0f} after {xs[-1]} passes" + (f"; {passes} pass(es) give {chosen:.0f} per cm²" if chosen else "")
        + "; published figures: " + ", ".join(f"{d:g} per cm² after {p} pass(es)" for p, d, _ in published) + ".",
    )


def thickness_figure(profiles: Sequence[SkinProfile]) -> Figure:
    """Stacked horizontal bars: epidermis and dermis per region, women and men side by side, totals labelled."""
    fig = Figure(figsize=(7.0, 4.4))
    fig.subplots_adjust(left=0.25, right=0.95, bottom=0.2, top=0.9)
    ax = fig.add_subplot()
    labels = []
    for index, profile in enumerate(profiles):
        hatch = "" if profile.sex == "female" else "//"
        ax.barh(index, profile.epidermis_mm, color=LAYER_COLOURS["epidermis"], hatch=hatch, edgecolor="white")
        ax.barh(index, profile.dermis_mm, left=profile.epidermis_mm, color=LAYER_COLOURS["dermis"], hatch=hatch,
                edgecolor="white")
        ax.text(profile.skin_mm + 0.02, index, f"{profile.skin_mm:.2f}", va="center", fontsize=7)
        labels.append(f"{profile.label} ({'women' if profile.sex == 'female' else 'men'})")
    ax.set_yticks(range(len(profiles)))
    ax.set_yticklabels(labels, fontsize=7.5)
    ax.invert_yaxis()
    ax.set_xlim(0, max(p.skin_mm for p in profiles) * 1.12)
    ax.set_xlabel("Thickness of epidermis + dermis (mm); total at the end of each bar")
    ax.set_title("Skin thickness by region and sex (ultrasound means)", fontsize=10)
    ax.legend(handles=[Patch(facecolor=LAYER_COLOURS["epidermis"], label="Epidermis"),
                       Patch(facecolor=LAYER_COLOURS["dermis"], label="Dermis"),
                       Patch(facecolor="white", edgecolor=PALETTE["black"], hatch="//", label="Men (hatched)")],
              loc="upper center", bbox_to_anchor=(0.45, -0.12), ncol=3, fontsize=8, frameon=False)
    thinnest = min(profiles, key=lambda p: p.skin_mm)
    thickest = max(profiles, key=lambda p: p.skin_mm)
    return with_alt_text(
        fig,
        f"Bar chart of epidermis plus dermis for {len(profiles)} region and sex groups: thinnest "
        f"{thinnest.label.lower()} ({'women' if thinnest.sex == 'female' else 'men'}, {thinnest.skin_mm:.2f} mm), "
        f"thickest {thickest.label.lower()} ({'women' if thickest.sex == 'female' else 'men'}, "
        f"{thickest.skin_mm:.2f} mm).",
    )


DESIGN_STYLE: dict[str, tuple[str, str, str]] = {  # colour, hatch, short word drawn on the chart
    "review": (PALETTE["blue"], "", "review"),
    "rct": (PALETTE["green"], "//", "RCT"),
    "comparative": (PALETTE["sky_blue"], "..", "comparative"),
    "single_arm": (PALETTE["orange"], "xx", "single group"),
    "manufacturer": (PALETTE["purple"], "--", "device maker"),
    "unclear": (PALETTE["grey"], "oo", "design not recorded"),
}


def evidence_figure(indication_name: str, studies: Sequence[Study]) -> Figure:
    """One bar per study, strongest design first: bar length = people enrolled (log scale), design in words."""
    ordered = sorted(studies, key=lambda s: list(STUDY_DESIGNS).index(s.design))
    height = 1.5 + 0.42 * max(len(ordered), 1)
    fig = Figure(figsize=(7.0, height))
    fig.subplots_adjust(left=0.25, right=0.97, bottom=0.62 / height, top=1 - 0.62 / height)
    ax = fig.add_subplot()
    ax.set_xscale("log")
    ax.set_xlim(5, 40000)
    ax.xaxis.set_major_locator(FixedLocator([10, 100, 1000, 10000]))
    ax.xaxis.set_minor_locator(NullLocator())
    ax.set_xticklabels(["10", "100", "1,000", "10,000"], fontsize=8)
    for row, study in enumerate(ordered):
        colour, hatch, word = DESIGN_STYLE[study.design]
        size = f"n = {study.n:,}" if study.n else "size not recorded"
        if study.n:
            ax.barh(row, study.n - 5, left=5, color=colour, hatch=hatch, edgecolor="white", height=0.6)
            x_text = study.n * 1.15
        else:
            x_text = 6
        ax.text(x_text, row, f"{word}, {size}", va="center", fontsize=7.5)
    ax.set_yticks(range(len(ordered)))
    ax.set_yticklabels([s.label for s in ordered], fontsize=8)
    ax.set_ylim(len(ordered) - 0.4, -0.6)
    ax.set_xlabel("People (or scars) enrolled, logarithmic scale", fontsize=8.5)
    ax.set_title(f"{indication_name}\nthe studies, strongest design first", fontsize=9.5, loc="left")
    if not ordered:
        ax.set_ylim(-1, 1)
        ax.text(0.5, 0.5, "No clinical study of benefit recorded", transform=ax.transAxes, ha="center",
                va="center", fontsize=9)
        ax.yaxis.set_major_locator(NullLocator())
    parts = [f"{s.label} ({STUDY_DESIGNS[s.design].lower()}, {f'n = {s.n}' if s.n else 'size not recorded'})"
             for s in ordered]
    return with_alt_text(
        fig,
        f"Bar chart of the studies for {indication_name.lower()}: " + ("; ".join(parts) if parts
                                                                        else "no clinical study of benefit") + ".",
    )
