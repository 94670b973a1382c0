"""Figures for the protocol lessons: dated waits at consultation, the order of a session, the aftercare timeline
and the treatment-series calendar."""

from __future__ import annotations

import datetime as dt

from matplotlib.dates import DateFormatter
from matplotlib.figure import Figure

from ..facts.kinds.protocol import AFTERCARE_KINDS, Contraindication, ProcedureStep
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


def procedure_order_figure(steps: list[ProcedureStep], pairs: frozenset[tuple[str, str]]) -> Figure:
    """The session as a flow from top to bottom: each step one box, steps the sources do not order side by side.

    A step's row is the length of the longest chain of steps that must come before it (``pairs`` holds every
    (earlier, later) pair), so set-up and final checks share the first row and finish and dispose the last.
    """
    level: dict[str, int] = {}
    for s in sorted(steps, key=lambda s: s.order):  # longest chain before each step (canonical order is a valid one)
        earlier = [e.id for e in steps if (e.id, s.id) in pairs]
        level[s.id] = 1 + max((level[e] for e in earlier), default=-1)
    rows: dict[int, list[ProcedureStep]] = {}
    for s in sorted(steps, key=lambda s: s.order):
        rows.setdefault(level[s.id], []).append(s)
    depth = len(rows)
    fig = Figure(figsize=(6.4, 0.52 * depth + 0.9))
    fig.subplots_adjust(left=0.02, right=0.98, bottom=0.02, top=1 - 0.5 / (0.52 * depth + 0.9))
    ax = fig.add_subplot()
    ax.set_xlim(0, 2)
    ax.set_ylim(depth - 0.5, -0.5)
    ax.axis("off")
    for row, members in rows.items():
        for i, s in enumerate(members):
            x = 1.0 if len(members) == 1 else 0.45 + 1.1 * i
            shared = len(members) > 1
            ax.text(x, row, f"{s.order}. {s.title}", ha="center", va="center", fontsize="small",
                    bbox={"boxstyle": "round,pad=0.3", "facecolor": PALETTE["yellow"] if shared else "white",
                          "edgecolor": "black", "linewidth": 0.8})
        if len(members) > 1:
            ax.text(1.0, row, "either order", ha="center", va="center", fontsize="x-small", style="italic")
        if row + 1 in rows:
            ax.annotate("", xy=(1.0, row + 0.68), xytext=(1.0, row + 0.32),
                        arrowprops={"arrowstyle": "->", "color": "black", "linewidth": 0.8})
    ax.set_title("The order of a session (top to bottom)")
    either = [" with ".join(f"'{s.title}'" for s in members) for members in rows.values() if len(members) > 1]
    return with_alt_text(fig, (
        f"Flow of the {len(steps)} steps of a session from top to bottom, one step per row; side by side, because "
        f"the sources leave their order open: {'; '.join(either)}."))


def waiting_periods_figure(findings: list[Contraindication]) -> Figure:
    """Each dated wait of a screening finding as a bar in days; every bar says whether it is evidence or a
    convention (hatched), so a trainee sees how much of the calendar rests on clinic habit."""
    waits = {(f.wait_from, f.wait_days): f for f in findings if f.wait_days}  # one bar per wait, not per finding
    dated = sorted(waits.values(), key=lambda f: f.wait_days)
    height = 0.42 * len(dated) + 1.3
    fig = Figure(figsize=(7, height))
    fig.subplots_adjust(left=0.38, right=0.97, bottom=0.75 / height, top=1 - 0.4 / height)
    ax = fig.add_subplot()
    for row, finding in enumerate(dated):
        ax.barh(row, finding.wait_days, color=PALETTE["orange"] if finding.wait_is_protocol else PALETTE["blue"],
                hatch="//" if finding.wait_is_protocol else None, edgecolor="black", linewidth=0.5)
        kind = "convention" if finding.wait_is_protocol else "evidence"
        ax.text(finding.wait_days, row, f" {finding.wait_days} days ({kind})", va="center", fontsize="x-small")
    ax.set_yticks(range(len(dated)))
    ax.set_yticklabels([f"After {f.wait_from}" for f in dated], fontsize="x-small")
    ax.set_xlim(0, max(f.wait_days for f in dated) * 1.45)
    ax.set_xlabel("Wait before treating the area (days)")
    ax.set_ylabel("Finding")
    ax.set_title("Dated waits at consultation")
    conventions = sum(f.wait_is_protocol for f in dated)
    return with_alt_text(fig, (
        f"Bar chart of {len(dated)} dated waits at consultation, from {dated[0].wait_days} days after "
        f"{dated[0].wait_from} to {dated[-1].wait_days} days after {dated[-1].wait_from}; {conventions} of the "
        f"{len(dated)} are clinic or label conventions rather than evidence."))
