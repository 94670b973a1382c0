"""Data figures for lessons 08-09: when complications appear after treatment."""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FixedLocator, NullLocator

from ..model.complications import OnsetMark, onset_marks
from . import PALETTE, with_alt_text

DAY_TICKS = (0, 1, 3, 7, 14, 28, 56, 112)


def onset_figure(marks: Sequence[OnsetMark] | None = None) -> Figure:
    """One row per mark on a day axis (linear for the first week, logarithmic after): bars for windows of
    expected healing, diamonds for times reported in cases and series. ``marks`` default to
    :func:`microneedling.model.complications.onset_marks`."""
    marks = onset_marks() if marks is None else list(marks)
    if not marks:
        raise ValueError("onset_figure needs at least one mark")
    height = 0.42 * len(marks) + 1.5
    fig = Figure(figsize=(9.0, height))
    fig.subplots_adjust(left=0.3, right=0.97, bottom=1.2 / height, top=1 - 0.45 / height)
    ax = fig.add_subplot()
    ax.set_xscale("symlog", linthresh=7, linscale=1.2)
    horizon = DAY_TICKS[-1] * 1.6  # room for the labels of the latest marks
    for row, mark in enumerate(marks):
        if mark.end_day is not None:
            ax.barh(row, mark.end_day - mark.start_day, left=mark.start_day, height=0.5, color=PALETTE["sky_blue"],
                    edgecolor=PALETTE["black"], linewidth=0.6, hatch="//")
            ax.text(mark.end_day * 1.04 + 0.1, row, f"{_day_text(mark.end_day)}", va="center", fontsize=8)
        else:
            ax.plot([mark.start_day], [row], marker="D", markersize=8, color=PALETTE["vermillion"],
                    markeredgecolor=PALETTE["black"], linestyle="none")
            ax.text(mark.start_day * 1.08 + 0.2, row, _day_text(mark.start_day), va="center", fontsize=8)
    ax.axvspan(0, 7, color=PALETTE["grey"], alpha=0.12, linewidth=0)
    ax.text(3.5, -0.9, "first week", ha="center", fontsize=8)
    ax.set_yticks(range(len(marks)))
    ax.set_yticklabels([m.label + ("*" if m.status.caveat else "") for m in marks], fontsize=8.5)
    ax.invert_yaxis()
    ax.set_ylim(len(marks) - 0.4, -1.3)
    ax.set_xlim(0, horizon)
    ax.xaxis.set_major_locator(FixedLocator(DAY_TICKS))
    ax.xaxis.set_minor_locator(NullLocator())
    ax.set_xticklabels([str(t) for t in DAY_TICKS], fontsize=8)
    ax.set_xlabel("Days after treatment (first week linear, then logarithmic)")
    ax.set_ylabel("Event")
    handles = [
        Patch(facecolor=PALETTE["sky_blue"], hatch="//", edgecolor=PALETTE["black"], label="expected healing"),
        Line2D([], [], marker="D", color=PALETTE["vermillion"], markeredgecolor=PALETTE["black"], linestyle="none",
               label="time reported in a case or series (mean)"),
    ]
    fig.legend(handles=handles, loc="lower center", ncols=2, fontsize=8, frameon=False)
    starred = any(m.status.caveat for m in marks)
    ax.set_title("When complications show themselves" + (" (* not a confirmed source)" if starred else ""),
                 fontsize=10)
    late = max((m.start_day for m in marks if m.end_day is None), default=0)
    expected_end = max((m.end_day for m in marks if m.end_day is not None), default=0)
    return with_alt_text(fig, (
        f"Timeline of {len(marks)} events after treatment: expected redness and short-lived effects end within "
        f"{_day_text(expected_end)}, while reported complications start from a few days (granulomatous "
        f"reactions) to weeks later, and mycobacterial infections are diagnosed as late as {_day_text(late)}."))


def _day_text(days: float) -> str:
    if days >= 14:
        return f"day {days:.0f} ({days / 7:.3g} wk)"
    return f"day {days:g}"
