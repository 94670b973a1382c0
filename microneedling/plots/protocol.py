"""Figures for the protocol lessons: the aftercare timeline and the treatment-series calendar."""

from __future__ import annotations

import datetime as dt

from matplotlib.dates import DateFormatter
from matplotlib.figure import Figure

from ..facts.kinds.protocol import AFTERCARE_KINDS
from ..model.aftercare import WINDOWS, AftercareRule
from ..model.planning import TreatmentPlan
from . import PALETTE, with_alt_text

# Colour plus a text label per kind (the label prefixes each row), so kinds differ without colour.
KIND_STYLE: dict[str, tuple[str, str]] = {
    "expected": (PALETTE["sky_blue"], "Expected"),
    "do": (PALETTE["green"], "Do"),
    "avoid": (PALETTE["vermillion"], "Avoid"),
    "contact_clinic": (PALETTE["purple"], "Call clinic"),
    "emergency": (PALETTE["black"], "Emergency"),
}


def aftercare_timeline_figure(rules: list[AftercareRule], days: int = 14) -> Figure:
    """Horizontal bars: each aftercare rule from its start to its end hour, over ``days`` days.

    Open-ended rules run to the right edge with an arrow. Shaded bands mark the teaching windows.
    """
    if days < 1:
        raise ValueError(f"days must be 1 or more; got {days}")
    horizon = days * 24.0
    shown = sorted((r for r in rules if r.start_hour < horizon),
                   key=lambda r: (AFTERCARE_KINDS.index(r.kind), r.start_hour))
    height = 0.22 * len(shown) + 1.2
    fig = Figure(figsize=(7, height))
    fig.subplots_adjust(left=0.36, right=0.97, bottom=0.6 / height, top=1 - 0.35 / height)
    ax = fig.add_subplot()
    for band, window in enumerate(WINDOWS):
        end = horizon if window.end_hour is None else min(window.end_hour, horizon)
        if window.start_hour < horizon and band % 2 == 0:
            ax.axvspan(window.start_hour / 24, end / 24, color=PALETTE["grey"], alpha=0.15, linewidth=0)
    for row, rule in enumerate(shown):
        colour = KIND_STYLE[rule.kind][0]
        end = horizon if rule.end_hour is None else min(rule.end_hour, horizon)
        ax.barh(row, (end - rule.start_hour) / 24, left=rule.start_hour / 24, color=colour,
                edgecolor="black", linewidth=0.5)
        if rule.end_hour is None:
            ax.annotate("", xy=(days, row), xytext=(days - 0.01 * days, row),
                        arrowprops={"arrowstyle": "->", "color": "black"})
    ax.set_yticks(range(len(shown)))
    ax.set_yticklabels([f"{KIND_STYLE[r.kind][1]}: {r.label}" for r in shown], fontsize="small")
    ax.invert_yaxis()
    ax.set_xlim(0, days)
    ax.set_xlabel("Time after treatment (days)")
    ax.set_ylabel("Aftercare rule")
    ax.set_title(f"Aftercare timeline, first {days} days")
    counts = {kind: sum(r.kind == kind for r in shown) for kind in AFTERCARE_KINDS}
    return with_alt_text(fig, (
        f"Timeline of {len(shown)} aftercare rules over {days} days: {counts['expected']} expected effects, "
        f"{counts['do']} things to do, {counts['avoid']} things to avoid, {counts['contact_clinic']} "
        f"reasons to call the clinic the same day and {counts['emergency']} emergency line; most avoid-rules end "
        f"by day 7, while the reasons to call and the emergency line never end."))


def series_calendar_figure(plan: TreatmentPlan) -> Figure:
    """Calendar strip: session days, the short-lived healing window after each, and the review date."""
    fig = Figure(figsize=(8, 2.6))
    fig.subplots_adjust(left=0.06, right=0.98, bottom=0.28, top=0.84)
    ax = fig.add_subplot()
    for start, end in plan.healing_windows():
        ax.barh(0, (end - start).days, left=start, height=0.5, color=PALETTE["orange"], hatch="//",
                edgecolor="black", linewidth=0.5)
    ax.plot(plan.sessions, [0] * len(plan.sessions), linestyle="none", marker="v", markersize=11,
            color=PALETTE["blue"], label="Session")
    for number, day in enumerate(plan.sessions, start=1):
        ax.annotate(str(number), (day, 0.33), ha="center", fontsize="small")
    ax.axvline(plan.review, color=PALETTE["black"], linestyle="--", linewidth=1.2)
    ax.annotate(f"Review {plan.review:%d %b %Y}", (plan.review, 0.45), ha="right", fontsize="small")
    ax.barh(0, 0, color=PALETTE["orange"], hatch="//", label=f"Visible healing (≤ {plan.healing_days} days)")
    ax.plot([], [], color=PALETTE["black"], linestyle="--", label="Results judged")
    ax.set_ylim(-0.6, 0.7)
    ax.set_yticks([])
    ax.set_xlim(plan.sessions[0] - dt.timedelta(days=7), plan.review + dt.timedelta(days=7))
    ax.xaxis.set_major_formatter(DateFormatter("%d %b\n%Y"))
    ax.set_xlabel("Date")
    ax.set_ylabel("Plan")
    ax.legend(fontsize="x-small", loc="lower right", ncols=3)
    ax.set_title(f"{plan.protocol.indication}: {len(plan.sessions)} sessions every {plan.interval_days} days")
    return with_alt_text(fig, (
        f"Calendar of {len(plan.sessions)} sessions from {plan.sessions[0]:%d %b %Y} to "
        f"{plan.last_session:%d %b %Y}, {plan.interval_days} days apart, each followed by up to "
        f"{plan.healing_days} days of visible healing, with results judged on {plan.review:%d %b %Y}."))
