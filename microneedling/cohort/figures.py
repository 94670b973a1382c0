"""Figures of the cohort report: each function returns a matplotlib Figure and its one-sentence text alternative.

Okabe–Ito colours (the course palette), shapes as well as colours for flagged items, titles and labelled axes.
"""

from __future__ import annotations

import math
import statistics

from matplotlib.figure import Figure

from microneedling.cohort.stats import ItemStats, QuizStats
from microneedling.plots import PALETTE

OK_COLOUR = PALETTE["blue"]
FLAG_COLOUR = PALETTE["vermillion"]
UPPER_COLOUR = PALETTE["blue"]
LOWER_COLOUR = PALETTE["orange"]
SERIOUS = {"negative-discrimination", "everyone-right", "everyone-wrong", "never-answered",
           "distractor-attracts-strong"}


def score_distributions(quizzes: list[QuizStats]) -> tuple[Figure, str]:
    shown = [q for q in quizzes if q.totals]
    columns = min(2, max(1, len(shown)))
    rows = max(1, math.ceil(len(shown) / columns))
    fig = Figure(figsize=(5.2 * columns, 3.0 * rows), layout="constrained")
    fig.suptitle("Score distribution per quiz (share of the quiz's points)", fontsize=12)
    parts = []
    for index, quiz in enumerate(shown):
        ax = fig.add_subplot(rows, columns, index + 1)
        values = quiz.percentages
        ax.hist(values, bins=[i * 10 for i in range(11)], color=OK_COLOUR, edgecolor="white")
        median = statistics.median(values)
        ax.axvline(median, color=PALETTE["orange"], linestyle="--", linewidth=2, label=f"median {median:.0f}%")
        ax.set_title(f"{quiz.quiz} ({len(values)} trainees)", fontsize=10)
        ax.set_xlabel("score (% of points)")
        ax.set_ylabel("trainees")
        ax.set_xlim(0, 100)
        ax.legend(frameon=False, fontsize=8, loc="upper left")
        parts.append(f"{quiz.quiz}: {len(values)} trainees, median {median:.0f}%, "
                     f"range {min(values):.0f}–{max(values):.0f}%")
    alt = "Histograms of quiz scores. " + "; ".join(parts) + "." if parts else "No submissions yet."
    return fig, alt


def item_map(quiz: QuizStats) -> tuple[Figure, str]:
    """Difficulty (x) against discrimination (y): flagged items in vermillion triangles, labelled."""
    fig = Figure(figsize=(6.4, 3.8), layout="constrained")
    ax = fig.add_subplot()
    ax.axhspan(-1, 0, color=PALETTE["vermillion"], alpha=0.08)
    ax.axhline(0, color=PALETTE["grey"], linewidth=1)
    flagged_names, unplotted = [], []
    for item in quiz.items:
        if item.difficulty is None or item.discrimination is None:
            unplotted.append(item.question)
            continue
        serious = any(kind in SERIOUS for kind, _ in item.flags)
        ax.scatter(item.difficulty, item.discrimination, s=70 if serious else 40,
                   marker="^" if serious else "o", color=FLAG_COLOUR if serious else OK_COLOUR,
                   edgecolor="black", linewidth=0.5, zorder=3)
        ax.annotate(item.question, (item.difficulty, item.discrimination), textcoords="offset points",
                    xytext=(5, 4), fontsize=8, fontweight="bold" if serious else "normal")
        if serious:
            flagged_names.append(item.question)
    ax.set_xlim(-0.03, 1.03)
    ax.set_ylim(-1, 1)
    ax.set_xlabel("difficulty p (share of points earned; 1 = everyone right)")
    ax.set_ylabel("discrimination r (item–rest)")
    ax.set_title(f"{quiz.quiz}: items by difficulty and discrimination", fontsize=11)
    ax.text(0.01, -0.95, "below 0: stronger trainees do worse", fontsize=8, color=PALETTE["vermillion"])
    alt = (f"Scatter plot of the {len(quiz.items)} questions of {quiz.quiz} by difficulty and discrimination; "
           + (f"flagged (triangles): {', '.join(flagged_names)}." if flagged_names else "no item flagged.")
           + (f" Not plotted (no variation in scores, or not marked yet): {', '.join(unplotted)}." if unplotted else ""))
    return fig, alt


def option_chart(item: ItemStats) -> tuple[Figure, str]:
    """Share of the upper and lower groups choosing each option of one question; the key is marked."""
    options = item.options
    fig = Figure(figsize=(6.4, 0.5 * len(options) + 1.4), layout="constrained")
    ax = fig.add_subplot()
    labels = [f"{o.option}{' (key)' if o.is_key else ''}" for o in options]
    y = list(range(len(options)))
    ax.barh([v + 0.2 for v in y], [100 * o.upper for o in options], height=0.4, color=UPPER_COLOUR,
            label="top 27% of trainees")
    ax.barh([v - 0.2 for v in y], [100 * o.lower for o in options], height=0.4, color=LOWER_COLOUR, hatch="//",
            edgecolor="white", label="bottom 27%")
    ax.set_yticks(y, labels)
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel("trainees choosing the option (%)")
    ax.set_title(f"{item.quiz} {item.question}: who chose which option", fontsize=11)
    ax.legend(frameon=False, fontsize=8, loc="lower right")
    parts = [f"option {o.option}{' (key)' if o.is_key else ''}: top {o.upper:.0%}, bottom {o.lower:.0%}"
             for o in options]
    alt = f"Bar chart for {item.quiz} {item.question}: " + "; ".join(parts) + "."
    return fig, alt
