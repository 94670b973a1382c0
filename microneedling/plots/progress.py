"""Figure for the learner's progress: self-check points and time spent per lesson."""

from __future__ import annotations

from matplotlib.figure import Figure

from ..progress.summary import CourseProgress
from . import PALETTE, with_alt_text


def progress_figure(progress: CourseProgress) -> Figure:
    """Two panels sharing the lessons as rows: self-check points (scored and answered share of the lesson's
    points) and minutes spent against the planned time. Every bar carries its numbers as text, so nothing is
    told by colour alone."""
    lessons = progress.lessons
    rows = list(range(len(lessons)))[::-1]  # first lesson at the top
    fig = Figure(figsize=(8.6, 0.42 * len(lessons) + 1.5))
    fig.subplots_adjust(left=0.3, right=0.97, bottom=0.8 / (0.42 * len(lessons) + 1.5), top=0.86, wspace=0.08)
    points_ax, time_ax = fig.subplots(1, 2, sharey=True, gridspec_kw={"width_ratios": [1.15, 1]})

    for row, lesson in zip(rows, lessons):
        if not lesson.max_points:
            points_ax.text(2, row, "no self-check", va="center", fontsize="small", color=PALETTE["black"])
            continue
        answered = 100 * sum(q.question.points for q in lesson.scored if q.attempts) / lesson.max_points
        scored = 100 * lesson.points / lesson.max_points
        points_ax.barh(row, answered, color="white", edgecolor=PALETTE["blue"], hatch="///", height=0.7,
                       label="answered" if row == rows[0] else None)
        points_ax.barh(row, scored, color=PALETTE["blue"], height=0.7, label="scored" if row == rows[0] else None)
        reach = max(answered, scored)
        inside = reach >= 60  # a long bar carries its label inside, on a white box so it reads on any fill
        points_ax.text(2 if inside else reach + 2, row,
                       f"{lesson.points:g}/{lesson.max_points:g} pts · {lesson.answered}/{len(lesson.scored)} answered",
                       va="center", fontsize="small", color=PALETTE["black"],
                       bbox={"facecolor": "white", "edgecolor": "none", "pad": 1} if inside else None)
    points_ax.set_xlim(0, 100)
    points_ax.set_xlabel("Self-check points (% of the lesson's points)")
    points_ax.set_yticks(rows, [f"{lesson.lesson.id[:2]} {lesson.lesson.title}" for lesson in lessons],
                         fontsize="small")
    points_ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=2, fontsize="x-small", frameon=False)

    longest = max([lesson.lesson.minutes for lesson in lessons] + [lesson.minutes for lesson in lessons])
    for row, lesson in zip(rows, lessons):
        time_ax.barh(row, lesson.minutes, color=PALETTE["orange"], height=0.7,
                     label="time spent" if row == rows[0] else None)
        time_ax.plot([lesson.lesson.minutes] * 2, [row - 0.4, row + 0.4], color=PALETTE["black"], linewidth=2,
                     label="planned" if row == rows[0] else None)
        time_ax.text(max(lesson.minutes, lesson.lesson.minutes) + longest * 0.02, row,
                     f"{lesson.minutes:.0f} of {lesson.lesson.minutes} min", va="center", fontsize="small")
    time_ax.set_xlim(0, longest * 1.45)
    time_ax.set_xlabel("Time spent (minutes)")
    time_ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=2, fontsize="x-small", frameon=False)
    fig.suptitle(f"Your progress: {progress.done} of {len(lessons)} lessons done, "
                 f"{progress.points:g} of {progress.max_points:g} self-check points", fontsize="medium")
    return with_alt_text(fig, progress_alt_text(progress))


def progress_alt_text(progress: CourseProgress) -> str:
    started = [p for p in progress.lessons if p.started]
    review = len(progress.to_review)
    return (f"Bar chart of {len(progress.lessons)} lessons: {progress.done} done, "
            f"{len(started) - progress.done} in progress; {progress.points:g} of {progress.max_points:g} self-check "
            f"points; {progress.minutes:.0f} minutes spent of "
            f"{sum(p.lesson.minutes for p in progress.lessons)} planned; "
            f"{review} question{'s' if review != 1 else ''} to review.")
