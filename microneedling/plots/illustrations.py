"""Schematic drawings the course makes itself (lessons 08 and 09): scar cross-sections, clinical endpoints,
patterns that follow the device, a marker line round spreading redness, and a photography set-up.

They are diagrams, not data plots: each function takes its geometry as named parameters (defaults from
:mod:`microneedling.model.illustration` where a cited fact gives a number), returns a ``Figure`` with a
title, labelled axes with units and a one-sentence text alternative, and writes on the figure itself which
dimensions are illustrative rather than measured (marked †).
"""

from __future__ import annotations

import math
import random
import textwrap
from collections.abc import Sequence

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Circle, Ellipse, Rectangle

from ..model.illustration import (
    EndpointSpec,
    LayerSpec,
    MarkerLineSpec,
    PhotoSetupSpec,
    ScarShape,
    TramTrackSpec,
    endpoint_spec,
    layer_spec,
    marker_line_spec,
    photo_setup_spec,
    scar_shapes,
    tram_track_spec,
)
from . import PALETTE, with_alt_text

# Same layer colours and textures as the lesson 01-03 cross-sections (colour and texture, never colour alone).
LAYER_STYLE = {
    "epidermis": (PALETTE["orange"], ""),
    "dermis": (PALETTE["sky_blue"], ".."),
    "subcutis": (PALETTE["yellow"], "oo"),
}
SKIN_TONE = "#E8C9A8"  # neutral base for skin-surface views; meaning is carried by labels and marks
ERYTHEMA = "#E3867B"  # redness wash (always named in a label, never the only cue)
BLOOD = "#8B1A00"
ILLUSTRATIVE_NOTE = "† illustrative, not measured"


def _footnote(fig: Figure, text: str, x: float = 0.06, y: float = 0.02) -> None:
    """Small print at the foot of the figure, wrapped to the figure's width (about 16 characters per inch)."""
    width_chars = int(fig.get_size_inches()[0] * 16)
    fig.text(x, y, textwrap.fill(text, width_chars), fontsize=8, va="bottom")


def _surface_depth(x: np.ndarray, shape: ScarShape) -> np.ndarray:
    """Depth of the skin surface (mm, negative downwards) across one scar; 0 outside it."""
    offset = np.abs(x - shape.centre_mm)
    half = shape.width_mm / 2
    inside = offset < half
    depth = np.zeros_like(x)
    if shape.kind == "ice_pick":
        floor_half = shape.floor_width_mm / 2
        fraction = np.clip((half - offset) / max(half - floor_half, 1e-9), 0, 1)  # 0 at the rim, 1 at the floor
        depth = -shape.depth_mm * fraction
    elif shape.kind == "boxcar":
        depth = np.where(inside, -shape.depth_mm, 0.0)
    elif shape.kind == "rolling":
        # An "M": two troughs where the bands pull the skin down, a partial rise between them.
        u = (x - shape.centre_mm) / half
        depth = -shape.depth_mm * (0.55 * (1 - np.cos(2 * math.pi * u)) / 2 + 0.45 * (1 + np.cos(math.pi * u)) / 2)
    return np.where(inside, depth, 0.0)


def scar_cross_section_figure(
    shapes: Sequence[ScarShape] | None = None,
    layers: LayerSpec | None = None,
    notes: dict[str, str] | None = None,
) -> Figure:
    """Cross-section of skin with ice-pick, shallow and deep boxcar and rolling scars side by side.

    ``shapes`` default to :func:`microneedling.model.illustration.scar_shapes` (widths and boxcar depths within
    the published ranges; ice-pick and rolling depths illustrative). ``notes`` maps a scar kind to a short line
    printed under it (lesson 09 uses it for the treatments that suit each scar).
    """
    shapes = list(shapes if shapes is not None else scar_shapes())
    layers = layers or layer_spec()
    width_mm = max(s.centre_mm + s.width_mm / 2 for s in shapes) + 1.5
    bottom = -layers.canvas_depth_mm
    top = 0.95
    fig = Figure(figsize=(10, 4.6 if notes is None else 5.6))
    fig.subplots_adjust(left=0.07, right=0.84, bottom=0.2 if notes is None else 0.33, top=0.9)
    ax = fig.add_subplot()
    x = np.linspace(0, width_mm, 4001)
    surface = np.zeros_like(x)
    for shape in shapes:
        surface = np.minimum(surface, _surface_depth(x, shape))
    epi_bottom = -layers.epidermis_mm
    derm_bottom = -layers.dermis_bottom_mm
    for name, y_top, y_low in (("subcutis", derm_bottom, bottom), ("dermis", epi_bottom, derm_bottom),
                               ("epidermis", 0.0, epi_bottom)):
        colour, hatch = LAYER_STYLE[name]
        ax.fill_between(x, y_low, y_top, facecolor=colour, alpha=0.5, hatch=hatch, edgecolor="white", linewidth=0)
    # Air above the depressed surface, then the epidermis following the surface into each scar.
    ax.fill_between(x, surface, top, facecolor="white", linewidth=0)
    colour, _ = LAYER_STYLE["epidermis"]
    ax.fill_between(x, surface - layers.epidermis_mm, surface, where=surface < 0, facecolor=colour, alpha=0.8,
                    linewidth=0)
    # The depressed surface stays lined with epidermis (an epithelial tract in the ice-pick).
    ax.plot(x, np.where(surface < 0, surface, np.nan), color=colour, linewidth=4.5, solid_capstyle="butt")
    ax.plot(x, surface, color=PALETTE["black"], linewidth=1.6)
    for y in (epi_bottom, derm_bottom):
        ax.plot(x, np.minimum(np.full_like(x, y), surface - layers.epidermis_mm if y == epi_bottom else y),
                color=PALETTE["black"], linewidth=0.4, alpha=0.6)
    for shape in shapes:
        _annotate_scar(ax, shape, layers, notes)
    label_x = width_mm + 0.3
    ax.text(label_x, epi_bottom / 2 - 0.02, f"Epidermis ≈ {layers.epidermis_mm:g} mm", fontsize=8, va="center")
    ax.text(label_x, (epi_bottom + derm_bottom) / 2, f"Dermis\n(to ≈ {layers.dermis_bottom_mm:g} mm†)",
            fontsize=8, va="center")
    ax.text(label_x, (derm_bottom + bottom) / 2, "Subcutis (fat)", fontsize=8, va="center")
    ax.set_xlim(0, width_mm)
    ax.set_ylim(bottom, top)
    ax.set_xlabel("Distance across the skin (mm)")
    ax.set_ylabel("Depth below the surface (mm)")
    ax.set_title("Atrophic acne scars in cross-section (schematic)")
    ratio = _vertical_exaggeration(fig, ax)
    _footnote(fig, f"{ILLUSTRATIVE_NOTE}; other widths and depths drawn inside the published ranges. "
                   f"Vertical scale exaggerated about {ratio:.0f}×.")
    kinds = ", ".join(_describe(s) for s in shapes)
    return with_alt_text(fig, (
        f"Schematic cross-section of facial skin, epidermis about {layers.epidermis_mm:g} mm over the dermis and "
        f"fat, showing {kinds}; vertical scale exaggerated."))


def _describe(shape: ScarShape) -> str:
    return {
        "ice_pick": f"a narrow V-shaped ice-pick tract {shape.width_mm:g} mm wide at the surface running deep",
        "boxcar": f"a U-shaped {shape.label.lower()} {shape.width_mm:g} mm wide with a flat floor "
                  f"{shape.depth_mm:g} mm down",
        "rolling": f"a wide M-shaped rolling scar {shape.width_mm:g} mm across tethered by fibrous bands",
    }[shape.kind]


def _vertical_exaggeration(fig: Figure, ax) -> float:
    box = ax.get_position()
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    width_in, height_in = fig.get_size_inches()
    return (box.height * height_in / (y1 - y0)) / (box.width * width_in / (x1 - x0))


def _annotate_scar(ax, shape: ScarShape, layers: LayerSpec, notes: dict[str, str] | None) -> None:
    half = shape.width_mm / 2
    left, right = shape.centre_mm - half, shape.centre_mm + half
    ax.annotate("", xy=(left, 0.18), xytext=(right, 0.18),
                arrowprops={"arrowstyle": "<->", "color": PALETTE["black"], "linewidth": 0.8})
    ax.text(shape.centre_mm, 0.24, shape.width_text, ha="center", va="bottom", fontsize=8)
    ax.text(shape.centre_mm, 0.55, f"{shape.label} ({shape.profile})", ha="center", va="bottom", fontsize=9,
            fontweight="bold")
    depth_x = shape.centre_mm - (shape.width_mm / 4 if shape.kind == "rolling" else 0)
    floor = float(_surface_depth(np.array([depth_x]), shape)[0])
    ax.annotate("", xy=(depth_x, floor), xytext=(depth_x, 0),
                arrowprops={"arrowstyle": "<->", "color": PALETTE["vermillion"], "linewidth": 1.1,
                            "shrinkA": 0, "shrinkB": 0})
    ax.text(depth_x + 0.12, floor / 2 - (0.3 if shape.kind == "ice_pick" else 0),
            shape.depth_text + ("†" if shape.depth_is_illustrative else ""), fontsize=7.5, va="center",
            color=PALETTE["black"], bbox={"facecolor": "white", "alpha": 0.75, "linewidth": 0, "pad": 1})
    if shape.kind == "rolling":
        for side in (-1, 1):
            start = shape.centre_mm + side * shape.width_mm / 4  # the troughs of the "M"
            trough = float(_surface_depth(np.array([start]), shape)[0]) - layers.epidermis_mm
            end = start + side * shape.width_mm * 0.08
            ax.plot([start, end], [trough, -shape.band_depth_mm], color=PALETTE["vermillion"], linewidth=2.2)
        ax.text(shape.centre_mm + shape.width_mm * 0.32, -shape.band_depth_mm + 0.15,
                "fibrous bands tether\nthe skin downwards", fontsize=7.5, va="bottom")
    if notes and shape.id in notes:
        ax.annotate(notes[shape.id], xy=(shape.centre_mm, 0), xycoords=("data", "axes fraction"),
                    xytext=(0, -38), textcoords="offset points", ha="center", va="top", fontsize=7.5,
                    bbox={"facecolor": "white", "edgecolor": PALETTE["grey"], "pad": 3})


def endpoints_figure(spec: EndpointSpec | None = None, seed: int = 7) -> Figure:
    """Two 1 cm patches (uniform erythema; pinpoint bleeding) and a depth diagram explaining the difference."""
    spec = spec or endpoint_spec()
    fig = Figure(figsize=(10.5, 4.1))
    fig.subplots_adjust(left=0.05, right=0.86, bottom=0.17, top=0.8, wspace=0.35)
    grid = fig.add_gridspec(1, 3, width_ratios=(1, 1, 1.4))
    points = spec.bleeding_points_per_pass * spec.passes
    rng = random.Random(seed)
    margin = 2.0  # untreated skin round the treated square, for contrast
    size = spec.patch_mm + 2 * margin
    panels = (("A. Uniform erythema", "even redness, no bleeding", False),
              ("B. Pinpoint bleeding", f"even redness + {points} bleeding points†", True))
    for column, (title, subtitle, bleeding) in enumerate(panels):
        ax = fig.add_subplot(grid[0, column])
        ax.add_patch(Rectangle((0, 0), size, size, facecolor=SKIN_TONE, edgecolor="none"))
        ax.add_patch(Rectangle((margin, margin), spec.patch_mm, spec.patch_mm, facecolor=ERYTHEMA, alpha=0.75,
                               edgecolor=PALETTE["black"], linewidth=0.8, linestyle="--"))
        if bleeding:
            xs = [rng.uniform(margin + 0.5, margin + spec.patch_mm - 0.5) for _ in range(points)]
            ys = [rng.uniform(margin + 0.5, margin + spec.patch_mm - 0.5) for _ in range(points)]
            ax.plot(xs, ys, linestyle="none", marker="o", markersize=4.5, color=BLOOD,
                    markeredgecolor=PALETTE["black"], markeredgewidth=0.4)
        ax.text(size / 2, size - 0.6, "untreated skin", ha="center", va="top", fontsize=7)
        ax.set_xlim(0, size)
        ax.set_ylim(0, size)
        ax.set_aspect("equal")
        ax.set_title(f"{title}\n{subtitle}", fontsize=9.5)
        ax.set_xlabel("mm")
        ax.set_ylabel("mm")
    ax = fig.add_subplot(grid[0, 2])
    _endpoint_depth_diagram(ax, spec)
    fig.suptitle("Clinical endpoints of needling (schematic; dashed square = 1 cm × 1 cm treated)", fontsize=11)
    _footnote(fig, f"{ILLUSTRATIVE_NOTE}: dot count, needle depths and loop depth are drawn to explain, "
                   "not measured. Why bleeding signals depth: secondary source.")
    return with_alt_text(fig, (
        "Two 1 cm squares of skin after needling, the first evenly red with no bleeding points (uniform erythema), "
        f"the second evenly red with {points} small bleeding points (pinpoint bleeding), beside a depth diagram: a "
        "needle stopping in the epidermis, which has no blood vessels, gives redness only; a needle reaching the "
        "capillary loops of the papillary dermis gives pinpoint bleeding."))


def _endpoint_depth_diagram(ax, spec: EndpointSpec) -> None:
    width = 3.0
    depth = 0.6
    for name, y_top, y_low in (("epidermis", 0.0, spec.epidermis_mm), ("dermis", spec.epidermis_mm, depth)):
        colour, hatch = LAYER_STYLE[name]
        ax.add_patch(Rectangle((0, y_top), width, y_low - y_top, facecolor=colour, alpha=0.5, hatch=hatch,
                               edgecolor="white", linewidth=0))
    ax.axhline(spec.epidermis_mm, color=PALETTE["black"], linewidth=0.6)
    plexus = depth - 0.08
    ax.plot([0, width], [plexus, plexus], color=BLOOD, linewidth=1.5)
    leg = 0.05
    arc = np.linspace(math.pi, 0, 20)
    loop_centres = np.arange(0.35, width, 0.6)
    for xc in loop_centres:
        top = spec.capillary_loop_mm
        xs = [xc - leg, *(xc + leg * np.cos(arc)), xc + leg]
        ys = [plexus, *(top + leg - leg * np.sin(arc)), plexus]
        ax.plot(xs, ys, color=BLOOD, linewidth=1.3)
    shallow_x = loop_centres[1] - 0.3
    deep_x = loop_centres[3] - leg
    for x, tip, label in ((shallow_x, spec.shallow_needle_mm, "stops in the\nepidermis:\nredness only"),
                          (deep_x, spec.deep_needle_mm, "reaches a\ncapillary loop:\npinpoint bleeding")):
        ax.plot([x, x], [-0.06, tip], color=PALETTE["black"], linewidth=2.5)
        ax.plot([x], [tip], marker="v", color=PALETTE["black"], markersize=6)
        ax.text(x, -0.08, label, ha="center", va="bottom", fontsize=7.5)
    ax.text(width + 0.06, spec.epidermis_mm / 2, "epidermis:\nno blood vessels", fontsize=7.5, va="center")
    ax.text(width + 0.06, (spec.capillary_loop_mm + plexus) / 2, "papillary dermis:\ncapillary loops†",
            fontsize=7.5, va="center")
    ax.set_xlim(0, width)
    ax.set_ylim(depth, -0.42)
    ax.set_yticks([0, 0.2, 0.4, 0.6])
    ax.set_xticks([])
    ax.set_xlabel("Skin surface (width not to scale)")
    ax.set_ylabel("Depth below the surface (mm)")
    ax.set_title("C. Why bleeding means depth", fontsize=9.5)


def device_pattern_figure(spec: TramTrackSpec | None = None, seed: int = 3) -> Figure:
    """Marks that follow the device: tram-track lines (schematic, appearance unverified) and grid papules."""
    spec = spec or tram_track_spec()
    fig = Figure(figsize=(9, 4.3))
    fig.subplots_adjust(left=0.07, right=0.98, bottom=0.2, top=0.84, wspace=0.3)
    rng = random.Random(seed)
    size = spec.patch_mm
    ax = fig.add_subplot(1, 2, 1)
    ax.add_patch(Rectangle((0, 0), size, size, facecolor=SKIN_TONE, edgecolor=PALETTE["black"], linewidth=0.8))
    for track in range(spec.tracks):
        centre = size * (track + 1) / (spec.tracks + 1)
        for rail in (-spec.rail_gap_mm / 2, spec.rail_gap_mm / 2):
            ys = np.arange(1.0, size - 1.0, spec.mark_spacing_mm)
            xs = centre + rail + ys * 0.12 - size * 0.06 + np.array([rng.uniform(-0.08, 0.08) for _ in ys])
            ax.plot(xs, ys, linestyle="none", marker="s", markersize=2.6, color="#7A4A2A")
        ax.annotate("", xy=(centre + size * 0.07, size - 0.3), xytext=(centre - size * 0.05, 0.3),
                    arrowprops={"arrowstyle": "->", "color": PALETTE["blue"], "linewidth": 1, "alpha": 0.7})
    ax.text(size / 2, size + 0.4, "SCHEMATIC — appearance unverified", ha="center", va="bottom", fontsize=8,
            fontweight="bold", color=PALETTE["vermillion"])
    ax.set_title("A. Tram-track pattern along the roller's path", fontsize=10, pad=16)
    _patch_axes(ax, size)
    ax = fig.add_subplot(1, 2, 2)
    ax.add_patch(Rectangle((0, 0), size, size, facecolor=SKIN_TONE, edgecolor=PALETTE["black"], linewidth=0.8))
    grid = np.arange(spec.grid_spacing_mm, size, spec.grid_spacing_mm)
    xs, ys = np.meshgrid(grid, grid)
    keep = np.array([rng.random() < 0.55 for _ in range(xs.size)]).reshape(xs.shape)
    ax.plot(xs[keep], ys[keep], linestyle="none", marker="o", markersize=6, color=PALETTE["vermillion"],
            markeredgecolor=PALETTE["black"], markeredgewidth=0.5)
    ax.plot(xs[~keep], ys[~keep], linestyle="none", marker="+", markersize=4, color=PALETTE["grey"])
    ax.text(size / 2, size + 0.4, "after fractional laser (borrowed evidence)", ha="center", va="bottom",
            fontsize=8)
    ax.set_title("B. Papules repeating the device's grid", fontsize=10, pad=16)
    _patch_axes(ax, size)
    fig.suptitle("Marks that follow the device's pattern", fontsize=11)
    _footnote(fig, f"{ILLUSTRATIVE_NOTE}: every spacing and count. A: no published image was found. "
                   "Arrows: roller direction. B: filled circles = papules, grey + = treated points with no papule.")
    return with_alt_text(fig, (
        f"Two {size:g} mm squares of skin: on the left, schematic pairs of parallel rows of small marks running "
        "along a roller's path (tram-track scarring, appearance unverified); on the right, papules sitting on "
        "the points of a regular treatment grid, as reported for mycobacterial infection after fractional laser."))


def _patch_axes(ax, size: float) -> None:
    ax.set_xlim(0, size)
    ax.set_ylim(0, size)
    ax.set_aspect("equal")
    ax.set_xlabel("Across the skin (mm)†")
    ax.set_ylabel("Along the skin (mm)†")


def marker_line_figure(spec: MarkerLineSpec | None = None) -> Figure:
    """Redness round a treated area with the pen line drawn at its edge, and the redness spreading past it."""
    spec = spec or marker_line_spec()
    size = spec.patch_mm
    centre = (size / 2, size / 2)
    fig = Figure(figsize=(8.6, 4.2))
    fig.subplots_adjust(left=0.07, right=0.98, bottom=0.2, top=0.84, wspace=0.3)
    for column, (title, later) in enumerate((("A. First review: draw round the edge", False),
                                             ("B. Next morning: spreading past the line", True))):
        ax = fig.add_subplot(1, 2, column + 1)
        ax.add_patch(Rectangle((0, 0), size, size, facecolor=SKIN_TONE, edgecolor="none"))
        radius = spec.later_radius_mm if later else spec.first_radius_mm
        ax.add_patch(Ellipse(centre, 2 * radius[0], 2 * radius[1], facecolor=ERYTHEMA, alpha=0.75,
                             edgecolor="none"))
        ax.add_patch(Ellipse(centre, 2 * spec.first_radius_mm[0], 2 * spec.first_radius_mm[1], fill=False,
                             edgecolor=PALETTE["black"], linewidth=2, linestyle="-"))
        ax.text(centre[0], centre[1] + spec.later_radius_mm[1] + 2.0, f"pen line: {spec.first_label}",
                ha="center", va="bottom", fontsize=8, bbox={"facecolor": "white", "alpha": 0.85, "linewidth": 0})
        if later:
            ax.add_patch(Ellipse(centre, 2 * radius[0], 2 * radius[1], fill=False, edgecolor=PALETTE["blue"],
                                 linewidth=1.5, linestyle="--"))
            ax.text(centre[0], centre[1] - radius[1] - 2.0, f"{spec.later_label}: beyond the line",
                    ha="center", va="top", fontsize=8, bbox={"facecolor": "white", "alpha": 0.85, "linewidth": 0})
        ax.set_title(title, fontsize=10)
        _patch_axes(ax, size)
    fig.suptitle("Monitoring redness with a marker line", fontsize=11)
    _footnote(fig, f"{ILLUSTRATIVE_NOTE}: sizes and times. Solid black = the line drawn with a single-use "
                   "surgical marker; shaded = redness; dashed blue = the new edge.")
    return with_alt_text(fig, (
        "Two views of the same patch of skin: first, an area of redness with a pen line drawn round its edge and "
        f"labelled '{spec.first_label}'; then the redness has spread well past the line by the next morning, the "
        "sign that an infection is progressing."))


def photo_setup_figure(spec: PhotoSetupSpec | None = None) -> Figure:
    """Top view of a standard photography set-up (fixed camera, lights and background; the client turns)."""
    spec = spec or photo_setup_spec()
    fig = Figure(figsize=(10, 4.6))
    fig.subplots_adjust(left=0.07, right=0.98, bottom=0.2, top=0.84, wspace=0.25)
    grid = fig.add_gridspec(1, 2, width_ratios=(1.1, 1))
    ax = fig.add_subplot(grid[0, 0])
    r = spec.distance_m
    ax.add_patch(Rectangle((-0.9 * r, 0.3 * r), 1.8 * r, 0.07 * r, facecolor=PALETTE["grey"], alpha=0.7))
    ax.text(0, 0.4 * r, "plain, non-reflective background", ha="center", va="bottom", fontsize=8)
    _head(ax, 0, 0, 0.1 * r, 0.0)
    ax.text(0.14 * r, 0.0, "client on a\nturning stool", fontsize=7.5, va="center")
    camera_y = -r
    ax.add_patch(Rectangle((-0.07 * r, camera_y - 0.05 * r), 0.14 * r, 0.1 * r, facecolor=PALETTE["blue"],
                           edgecolor=PALETTE["black"]))
    ax.text(0, camera_y - 0.09 * r, "camera on a tripod:\nsame distance, lens and settings", ha="center",
            va="top", fontsize=7.5)
    ax.annotate("", xy=(-0.2 * r, -0.12 * r), xytext=(-0.2 * r, camera_y),
                arrowprops={"arrowstyle": "<->", "color": PALETTE["black"], "linewidth": 0.8})
    ax.text(-0.23 * r, camera_y / 2, f"fixed distance\n({spec.distance_m:g} m†)", ha="right", va="center",
            fontsize=7.5)
    for angle in spec.light_angles_deg:
        theta = math.radians(angle)
        x, y = 0.75 * r * math.sin(theta), -0.75 * r * math.cos(theta)
        ax.add_patch(Circle((x, y), 0.07 * r, facecolor=PALETTE["yellow"], edgecolor=PALETTE["black"]))
        ax.text(x + math.copysign(0.1 * r, x), y, "light", ha="left" if x > 0 else "right", va="center",
                fontsize=7.5)
    ax.set_xlim(-1.0 * r, 1.0 * r)
    ax.set_ylim(-1.35 * r, 0.55 * r)
    ax.set_aspect("equal")
    ax.set_xlabel("Across the room (m)†")
    ax.set_ylabel("Camera to background (m)†")
    ax.set_title("A. The room, seen from above", fontsize=10)
    ax = fig.add_subplot(grid[0, 1])
    for index, (label, angle) in enumerate(spec.view_angles_deg):
        x = index * 1.0
        _head(ax, x, 0, 0.3, angle)
        ax.text(x, -0.5, f"{label}\n({abs(angle):g}°†)" if angle else f"{label}\n(0°)", ha="center", va="top",
                fontsize=7.5)
    ax.annotate("", xy=(2.0, -0.98), xytext=(2.0, -1.3),
                arrowprops={"arrowstyle": "->", "color": PALETTE["blue"], "linewidth": 1.2})
    ax.add_patch(Rectangle((1.9, -1.45), 0.2, 0.14, facecolor=PALETTE["blue"], edgecolor=PALETTE["black"]))
    ax.text(2.2, -1.38, "camera (fixed)", ha="left", va="center", fontsize=7.5)
    ax.set_xlim(-0.6, 4.6)
    ax.set_ylim(-1.8, 0.6)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel("The standard series of views (triangle = nose)")
    ax.set_title("B. The client turns; the camera stays", fontsize=10)
    fig.suptitle("Standardised clinical photography (schematic)", fontsize=11)
    _footnote(fig, f"{ILLUSTRATIVE_NOTE}: distance and angles. What matters is that they are the same at "
                   "every visit: same room, lights, distance, camera settings, background and series of views.")
    views = ", ".join(dict.fromkeys(label.lower() for label, _ in spec.view_angles_deg))
    return with_alt_text(fig, (
        "Top view of a photography room: the client on a turning stool in front of a plain background, a camera on "
        "a tripod at a fixed distance and two lights placed symmetrically; beside it, the client's head turned "
        f"for each standard view ({views}, both sides) while the camera stays in place."))


def _head(ax, x: float, y: float, radius: float, angle_deg: float) -> None:
    """A head seen from above, the nose (a triangle) pointing towards the camera turned by ``angle_deg``."""
    ax.add_patch(Circle((x, y), radius, facecolor=SKIN_TONE, edgecolor=PALETTE["black"]))
    theta = math.radians(angle_deg)
    direction = (math.sin(theta), -math.cos(theta))
    tip = (x + 1.35 * radius * direction[0], y + 1.35 * radius * direction[1])
    side = (-direction[1] * 0.3 * radius, direction[0] * 0.3 * radius)
    base = (x + 0.95 * radius * direction[0], y + 0.95 * radius * direction[1])
    ax.fill([tip[0], base[0] + side[0], base[0] - side[0]], [tip[1], base[1] + side[1], base[1] - side[1]],
            color=PALETTE["black"])
