"""Figure for the welcome lesson's study planner."""

from __future__ import annotations

from matplotlib.figure import Figure

from ..model.study_plan import StudyPlan
from . import CYCLE, with_alt_text


def study_plan_figure(plan: StudyPlan) -> Figure:
    """Stacked bars: study minutes per week, one colour per module."""
    # Fixed margins instead of a layout engine: layout solving dominated redraw time in the widget.
    fig = Figure(figsize=(7.6, 3.2))
    fig.subplots_adjust(left=0.1, right=0.78, bottom=0.16, top=0.88)
    ax = fig.add_subplot()
    module_ids = list(dict.fromkeys(b.module_id for b in plan.blocks))
    bottoms = [0] * plan.weeks
    for index, module_id in enumerate(module_ids):
        heights = [0] * plan.weeks
        for block in plan.blocks:
            if block.module_id == module_id:
                heights[block.week - 1] += block.minutes
        weeks = list(range(1, plan.weeks + 1))
        ax.bar(weeks, heights, bottom=bottoms, color=CYCLE[index % len(CYCLE)],
               edgecolor="white", hatch="" if index < len(CYCLE) else "//", label=short_label(module_id))
        bottoms = [b + h for b, h in zip(bottoms, heights)]
    ax.axhline(plan.hours_per_week * 60, color="black", linestyle="--", linewidth=1,
               label="weekly budget")
    ax.set_xlabel("Study week")
    ax.set_ylabel("Study time (minutes)")
    ax.set_xticks(range(1, plan.weeks + 1))
    ax.set_title(f"Study plan: {plan.total_minutes / 60:.1f} h over {plan.weeks} week(s)")
    ax.legend(fontsize="x-small", loc="upper left", bbox_to_anchor=(1.01, 1), title="Module", title_fontsize="x-small")
    return with_alt_text(
        fig,
        f"Bar chart of {plan.total_minutes} minutes of study spread over {plan.weeks} week(s), "
        f"at most {plan.hours_per_week:g} hours a week.",
    )


def short_label(module_id: str) -> str:
    """'01' for lesson 01_…, 'Quiz: preparation' for preparation_quiz (the table beside the figure names them)."""
    prefix = module_id.split("_")[0]
    return prefix if prefix.isdigit() else "Quiz: " + module_id.removesuffix("_quiz").replace("_", " & ")
