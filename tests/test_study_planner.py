"""The welcome lesson's study planner: model and widget driven headless."""

from __future__ import annotations

import datetime as dt

import pytest

from microneedling.course import LESSONS, MODULES, module
from microneedling.model.study_plan import plan_study
from microneedling.plots import alt_text
from microneedling.plots.study_plan import study_plan_figure
from microneedling.widgets.study_planner import StudyPlanner

MONDAY = dt.date(2026, 1, 5)


def test_plan_fills_weeks_in_course_order_and_splits_long_modules():
    plan = plan_study(["03_devices_and_needle_depth", "00_welcome", "01_skin_and_wound_healing"], 1, MONDAY)
    assert [(b.week, b.module_id, b.minutes, b.part, b.parts) for b in plan.blocks] == [
        (1, "00_welcome", 20, 1, 1),
        (1, "01_skin_and_wound_healing", 40, 1, 2),
        (2, "01_skin_and_wound_healing", 20, 2, 2),
        (2, "03_devices_and_needle_depth", 40, 1, 2),
        (3, "03_devices_and_needle_depth", 20, 2, 2),
    ]
    assert plan.weeks == 3 and plan.total_minutes == 140
    assert plan.finish_week_start == dt.date(2026, 1, 19)
    assert all(plan.minutes_in_week(w) <= 60 for w in range(1, plan.weeks + 1))


def test_whole_course_total_is_preserved():
    plan = plan_study([m.id for m in MODULES], 3.5, MONDAY)
    assert plan.total_minutes == sum(m.minutes for m in MODULES)
    assert max(plan.minutes_in_week(w) for w in range(1, plan.weeks + 1)) <= 210


@pytest.mark.parametrize(
    ("modules", "hours", "message"),
    [
        ([], 2, "choose at least one module"),
        (["00_welcome"], 0, "more than 0"),
        (["00_welcome"], 41, "at most 40"),
        (["00_welcome"], "three", "must be a number"),
        (["99_nope"], 2, "unknown module '99_nope'; valid modules: \\['00_welcome'"),
    ],
)
def test_invalid_input_gets_a_clear_message(modules, hours, message):
    with pytest.raises(ValueError, match=message):
        plan_study(modules, hours, MONDAY)


def test_course_map_points_at_existing_lessons():
    from tests.conftest import ROOT

    for lesson in LESSONS:
        assert module(lesson.id) is lesson
    assert (ROOT / module("00_welcome").path).exists()


def test_figure_has_title_axes_labels_and_alt_text():
    fig = study_plan_figure(plan_study(["00_welcome", "01_skin_and_wound_healing"], 1, MONDAY))
    ax = fig.axes[0]
    assert ax.get_title() and "minutes" in ax.get_ylabel() and ax.get_xlabel()
    assert "80 minutes" in alt_text(fig)


def test_widget_defaults_to_all_lessons_and_redraws_on_change():
    planner = StudyPlanner(start=MONDAY)
    lesson_minutes = sum(m.minutes for m in LESSONS)
    assert planner.state.plan is not None and planner.state.plan.total_minutes == lesson_minutes
    first_svg = planner.figure.value
    assert first_svg.startswith('<figure class="mn-figure"') and 'src="data:image/svg+xml;base64,' in first_svg
    assert 'alt="Bar chart of ' in first_svg and "Figure: Bar chart of " in first_svg  # text alternative

    planner.hours.value = 10
    assert planner.state.plan.weeks == 1
    assert "1 week(s)" in planner.summary.value
    assert planner.figure.value != first_svg
    assert "<td>Skin and wound healing</td>" in planner.table.value

    planner.modules["preparation_quiz"].value = True
    assert planner.state.plan.total_minutes == lesson_minutes + module("preparation_quiz").minutes


def test_widget_explains_an_empty_selection_instead_of_failing():
    planner = StudyPlanner(start=MONDAY)
    for box in planner.modules.values():
        box.value = False
    assert planner.state.plan is None
    assert "choose at least one module" in planner.summary.value
    assert "Check your input" in planner.summary.value  # words and icon, not colour alone
    assert planner.table.value == "" and planner.figure.value == ""  # no broken-image icon
    planner.modules["00_welcome"].value = True
    assert planner.state.plan is not None and planner.state.plan.weeks == 1


def test_widget_handles_a_cleared_date_picker():
    planner = StudyPlanner(start=MONDAY)
    planner.start.value = None
    assert planner.state.plan is None and "pick a start date" in planner.summary.value


def test_widget_is_inert_under_nbgrader(monkeypatch):
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    bundle = StudyPlanner(start=MONDAY)._repr_mimebundle_()
    assert list(bundle) == ["text/plain"] and "not shown during grading" in bundle["text/plain"]
