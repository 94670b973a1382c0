"""Figures for lessons 01-03: skin cross-section with a needle, healing timeline, roller channel density."""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib.figure import Figure
from matplotlib.ticker import FixedLocator, NullLocator

from ..facts.kinds.science import HealingMilestone, HealingPhase
from ..model.anatomy import SkinProfile
from ..model.depth import DEVICES, Penetration
from . import PALETTE, with_alt_text

LAYER_COLOURS = {"epidermis": PALETTE["orange"], "dermis": PALETTE["sky_blue"], "subcutis": PALETTE["yellow"]}
LAYER_HATCHES = {"epidermis": "", "dermis": "..", "subcutis": "oo"}  # texture as well as colour
PHASE_COLOURS = (PALETTE["vermillion"], PALETTE["blue"], PALETTE["green"])
UNMEASURED_SUBCUTIS_MM = 1.0  # drawn height only, when no source gives a thickness


def skin_layers(profile: SkinProfile) -> list[tuple[str, float, float, bool]]:
    """(layer, top mm, bottom mm, measured) from the surface down; unmeasured subcutis gets a drawing height."""
    skin = profile.skin_mm
    fat = profile.subcutis_mm
    return [
        ("epidermis", 0.0, profile.epidermis_mm, True),
        ("dermis", profile.epidermis_mm, skin, True),
        ("subcutis", skin, skin + (fat if fat is not None else UNMEASURED_SUBCUTIS_MM), fat is not None),
    ]


def depth_cross_section(pen: Penetration) -> Figure:
    """To-scale cross-section of the skin at a region with the needle drawn to its effective depth."""
    profile = pen.profile
    layers = skin_layers(profile)
    bottom = max(layers[-1][2], pen.set_depth_mm + 0.2)
    fig = Figure(figsize=(5.2, 3.4))
    fig.subplots_adjust(left=0.12, right=0.62, bottom=0.15, top=0.88)
    ax = fig.add_subplot()
    width = 3.0
    for name, top, low, measured in layers:
        low = bottom if name == "subcutis" and not measured else low
        ax.axhspan(top, low, xmin=0, xmax=1, facecolor=LAYER_COLOURS[name], alpha=0.55,
                   hatch=LAYER_HATCHES[name], edgecolor="white", linewidth=0)
        label = {"epidermis": f"Epidermis {low - top:.2f} mm", "dermis": f"Dermis {low - top:.2f} mm",
                 "subcutis": f"Subcutis {low - top:g} mm" if measured else "Subcutis (thickness not measured here)"}
        label_y = {"epidermis": low / 2, "dermis": (top + low) / 2, "subcutis": top + 0.15}[name]
        ax.text(width + 0.08, label_y, label[name], va="center", fontsize=8, clip_on=False)
    for _, _, low, _ in layers[:2]:
        ax.axhline(low, color=PALETTE["black"], linewidth=0.6)
    x = width / 2
    if pen.effective_depth_mm < pen.set_depth_mm:
        ax.plot([x, x], [0, pen.set_depth_mm], color=PALETTE["grey"], linestyle="--", linewidth=1.5)
        ax.text(x + 0.1, pen.set_depth_mm, f"set length {pen.set_depth_mm:g} mm", fontsize=8, va="center")
    ax.plot([x, x], [-0.12, pen.effective_depth_mm], color=PALETTE["black"], linewidth=2.5)
    ax.plot([x], [pen.effective_depth_mm], marker="v", color=PALETTE["black"], markersize=7)
    ax.text(x - 0.1, pen.effective_depth_mm, f"tip {pen.effective_depth_mm:g} mm", fontsize=8, va="center",
            ha="right", fontweight="bold")
    ax.set_xlim(0, width)
    ax.set_ylim(bottom, -0.15)
    ax.set_aspect("equal")
    ax.xaxis.set_major_locator(NullLocator())
    ax.set_xlabel("Skin surface (drawn to the same scale as depth)")
    ax.set_ylabel("Depth below the surface (mm)")
    ax.set_title(f"{profile.label}, {profile.sex}: {DEVICES[pen.device].lower()} at {pen.set_depth_mm:g} mm",
                 fontsize=10)
    subcutis = (f"subcutaneous fat {profile.subcutis_mm:g} mm" if profile.subcutis_mm is not None
                else "subcutaneous fat of unmeasured thickness")
    return with_alt_text(
        fig,
        f"Cross-section of {profile.sex} {profile.label.lower()} skin drawn to scale: epidermis "
        f"{profile.epidermis_mm:.2f} mm, dermis {profile.dermis_mm:.2f} mm, then {subcutis}; a "
        f"{DEVICES[pen.device].lower()} set to {pen.set_depth_mm:g} mm reaches {pen.effective_depth_mm:g} mm, "
        f"in the {pen.layer}.",
    )


DAY_TICKS = (0, 1, 3, 7, 14, 28, 56, 90, 180, 365, 730)


def healing_timeline(day: float, phases: Sequence[HealingPhase], milestones: Sequence[HealingMilestone],
                     current: HealingPhase | None) -> Figure:
    """Phase bands on a day axis (linear for the first week, logarithmic after) with a marker at ``day``."""
    fig = Figure(figsize=(7.2, 2.6))
    fig.subplots_adjust(left=0.05, right=0.98, bottom=0.22, top=0.86)
    ax = fig.add_subplot()
    ax.set_xscale("symlog", linthresh=7, linscale=0.8)
    for index, phase in enumerate(phases):
        end = phase.end_day if phase.end_day is not None else DAY_TICKS[-1]
        ax.axvspan(phase.start_day, end, ymin=0.45, ymax=0.95, facecolor=PHASE_COLOURS[index % 3], alpha=0.35,
                   edgecolor="white")
        middle = (phase.start_day + end) / 2 if index == 0 else (phase.start_day * end) ** 0.5
        ax.text(middle, 0.7, phase.name, ha="center", va="center", fontsize=8,
                fontweight="bold" if phase is current else "normal")
    ax.vlines([m.hours / 24 for m in milestones], 0.1, 0.35, color=PALETTE["grey"], linewidth=1)
    ax.axvline(day, color=PALETTE["black"], linewidth=2)
    ax.plot([day], [0.97], marker="v", color=PALETTE["black"], markersize=8, clip_on=False)
    ax.set_xlim(0, DAY_TICKS[-1])
    ax.set_ylim(0, 1)
    ax.xaxis.set_major_locator(FixedLocator(DAY_TICKS))
    ax.xaxis.set_minor_locator(NullLocator())
    ax.set_xticklabels([str(t) for t in DAY_TICKS], fontsize=8)
    ax.yaxis.set_major_locator(NullLocator())
    ax.set_xlabel("Days after treatment (first week linear, then logarithmic)")
    ax.set_title(f"Day {day:g}: {current.name.lower() if current else 'after the described phases'}"
                 " (grey ticks: measured milestones)", fontsize=10)
    phase_text = ", ".join(f"{p.name.lower()} from day {p.start_day:g}" for p in phases)
    return with_alt_text(
        fig,
        f"Timeline of healing phases ({phase_text}) with a marker at day {day:g}, which falls in "
        f"{'the ' + current.name.lower() + ' phase' if current else 'no described phase'}; "
        f"{len(milestones)} measured milestones are marked.",
    )


def density_figure(curve: Sequence[tuple[int, float]], passes: int,
                   published: Sequence[tuple[int, float, str]]) -> Figure:
    """Punctures per cm² against passes, the chosen pass count marked, published figures as points."""
    fig = Figure(figsize=(6.0, 3.0))
    fig.subplots_adjust(left=0.13, right=0.97, bottom=0.17, top=0.88)
    ax = fig.add_subplot()
    xs = [p for p, _ in curve]
    ys = [d for _, d in curve]
    ax.plot(xs, ys, color=PALETTE["blue"], linewidth=2)
    middle = len(xs) // 2
    ax.text(xs[middle], ys[middle], "calculated  ", fontsize=8, ha="right", va="bottom", color=PALETTE["blue"])
    chosen = dict(curve).get(passes)
    if chosen is not None:
        ax.plot([passes], [chosen], marker="o", color=PALETTE["vermillion"], markersize=8, linestyle="none")
        ax.annotate(f"{passes} pass(es): {chosen:.0f} per cm²", (passes, chosen), xytext=(-8, 10),
                    textcoords="offset points", ha="right", fontsize=8)
    if published:
        ax.plot([p for p, _, _ in published], [d for _, d, _ in published], marker="s", linestyle="none",
                color=PALETTE["green"], markersize=7)
    ax.set_xlabel("Passes over the same area")
    ax.set_ylabel("Punctures per cm²")
    ax.set_xlim(0, max(xs) + 1)
    ax.set_ylim(0, max(ys + [d for _, d, _ in published]) * 1.2)
    ax.set_title("Roller channel density (green squares: published figures)", fontsize=10)
    return with_alt_text(
        fig,
        f"Line chart: punctures per cm² rise in proportion to passes, from {ys[0]:.0f} after one pass to "
        f"{ys[-1]:.0f} after {xs[-1]} passes" + (f"; {passes} pass(es) give {chosen:.0f} per cm²." if chosen else "."),
    )


def thickness_figure(profiles: Sequence[SkinProfile]) -> Figure:
    """Stacked horizontal bars: epidermis and dermis per region, women and men side by side."""
    fig = Figure(figsize=(7.0, 3.8))
    fig.subplots_adjust(left=0.24, right=0.97, bottom=0.14, top=0.86)
    ax = fig.add_subplot()
    labels = []
    for index, profile in enumerate(profiles):
        hatch = "" if profile.sex == "female" else "//"
        ax.barh(index, profile.epidermis_mm, color=LAYER_COLOURS["epidermis"], hatch=hatch, edgecolor="white")
        ax.barh(index, profile.dermis_mm, left=profile.epidermis_mm, color=LAYER_COLOURS["dermis"], hatch=hatch,
                edgecolor="white")
        labels.append(f"{profile.label} ({profile.sex[0].upper()})")
    ax.set_yticks(range(len(profiles)))
    ax.set_yticklabels(labels, fontsize=7)
    ax.invert_yaxis()
    ax.set_xlabel("Thickness (mm): epidermis (orange) + dermis (blue); men hatched")
    ax.set_title("Skin thickness by region and sex (ultrasound means)", fontsize=10)
    thinnest = min(profiles, key=lambda p: p.skin_mm)
    thickest = max(profiles, key=lambda p: p.skin_mm)
    return with_alt_text(
        fig,
        f"Bar chart of epidermis plus dermis for {len(profiles)} region and sex groups: thinnest "
        f"{thinnest.label.lower()} ({thinnest.sex}, {thinnest.skin_mm:.2f} mm), thickest "
        f"{thickest.label.lower()} ({thickest.sex}, {thickest.skin_mm:.2f} mm).",
    )
