"""Protocol widgets (lessons 04-07) driven headless, plus their figures."""

from __future__ import annotations

import datetime as dt

import pytest

from microneedling.model import aftercare, planning, procedure
from microneedling.plots import alt_text
from microneedling.plots.protocol import aftercare_timeline_figure, series_calendar_figure
from microneedling.widgets.aftercare_planner import AftercarePlanner
from microneedling.widgets.case_screener import CaseScreener
from microneedling.widgets.procedure_builder import ProcedureBuilder
from microneedling.widgets.series_planner import SeriesPlanner

VISIT = dt.date(2026, 3, 2)


# ---- figures ----------------------------------------------------------------------------------------

def test_timeline_figure_has_title_axes_and_alt_text():
    fig = aftercare_timeline_figure(aftercare.all_rules(), 10)
    ax = fig.axes[0]
    assert ax.get_title() and "days" in ax.get_xlabel() and ax.get_ylabel()
    assert ax.get_xlim() == (0, 10)
    assert "over 10 days" in alt_text(fig)
    with pytest.raises(ValueError, match="days must be 1 or more"):
        aftercare_timeline_figure(aftercare.all_rules(), 0)


def test_calendar_figure_has_title_axes_and_alt_text():
    fig = series_calendar_figure(planning.plan_treatment("wrinkles", dt.date(2026, 1, 5)))
    ax = fig.axes[0]
    assert "4 sessions every 30 days" in ax.get_title() and ax.get_xlabel() == "Date"
    assert "judged on" in alt_text(fig)


# ---- case screener ----------------------------------------------------------------------------------

def test_screener_correct_answer_gets_sourced_feedback():
    w = CaseScreener(visit_date=VISIT)
    w.case.value = "case.isotretinoin"
    assert "isotretinoin" in w.story.value and w.feedback.value == ""
    w.findings["isotretinoin_recent"].value = True
    w.decision.value = "refer"
    w.check.click()
    assert w.state.checked and w.state.decision_correct and not w.state.missed and not w.state.extra
    assert "You found exactly the findings" in w.feedback.value
    assert "Spring 2017" in w.feedback.value and "protocol date, not evidence" in w.feedback.value
    w.decision.value = "proceed"  # any change hides stale feedback until the next check
    assert w.feedback.value == ""


def test_screener_wrong_answer_names_missed_and_extra_findings():
    w = CaseScreener(visit_date=VISIT)
    w.case.value = "case.cold_sores"
    w.findings["sunburn"].value = True
    w.decision.value = "defer"
    w.check.click()
    assert w.state.missed == ("hsv_history_perioral",) and w.state.extra == ("sunburn",)
    assert not w.state.decision_correct
    assert "missed: History of recurrent cold sores" in w.feedback.value
    assert "Check your input" in w.feedback.value  # words and icon, not colour alone
    assert "Proceed with precautions" in w.feedback.value


def test_screener_needs_a_decision_and_resets_on_new_case():
    w = CaseScreener(visit_date=VISIT)
    w.check.click()
    assert "Choose a decision" in w.feedback.value
    w.findings["sunburn"].value = True
    w.case.value = "case.pacemaker_rf"
    assert not any(box.value for box in w.findings.values()) and w.decision.value is None
    assert "RF microneedling" in w.story.value


def test_screener_unverified_case_shows_its_caveat():
    w = CaseScreener(visit_date=VISIT)
    w.case.value = "case.pacemaker_rf"
    w.findings["implanted_device_rf"].value = True
    w.decision.value = "decline"
    w.check.click()
    assert w.state.decision_correct and "not confirmed in a consulted source" in w.feedback.value


# ---- procedure builder ------------------------------------------------------------------------------

def test_builder_starts_shuffled_and_moves_cards():
    w = ProcedureBuilder(seed=1)
    assert sorted(w.state.order) == sorted(procedure.step_ids()) and list(w.state.order) != procedure.step_ids()
    first, second = w.state.order[:2]
    w.down[0].click()
    assert w.state.order[:2] == (second, first)
    assert w.up[0].disabled and w.down[-1].disabled
    w.move(0, -1)  # past the top: nothing happens
    assert w.state.order[:2] == (second, first)


def test_builder_check_explains_misplaced_steps_then_accepts_the_right_order():
    w = ProcedureBuilder(seed=2)
    w.check.click()
    assert w.state.result is not None and not w.state.result.correct
    assert "out of place" in w.feedback.value and "belongs" in w.feedback.value
    assert "✗ misplaced" in "".join(card.value for card in w.cards)
    # Bubble the cards into the right order with the buttons, as a trainee would.
    target = procedure.step_ids()
    for goal, step_id in enumerate(target):
        while w.state.order.index(step_id) > goal:
            w.up[w.state.order.index(step_id)].click()
    assert w.state.result is None and w.feedback.value == ""
    w.check.click()
    assert w.state.result.correct and "Every step is in the right place" in w.feedback.value
    w.shuffle.click()
    assert list(w.state.order) != target and w.state.result is None


# ---- aftercare planner ------------------------------------------------------------------------------

def test_aftercare_planner_table_figure_and_export():
    w = AftercarePlanner(dt.datetime(2026, 3, 2, 15, 0))
    assert len(w.state.plan) == 7 and w.state.plan[0].date == VISIT
    assert "Day 6" in w.table.value and "Mon 02 Mar" in w.table.value
    assert b"<svg" in bytes(w.figure.value)[:400] and "over 7 days" in w.caption.value
    w.days.value = 14
    assert len(w.state.plan) == 14 and "over 14 days" in w.caption.value
    w.export.click()
    text = w.exported.value
    assert text == w.export_text()
    assert text.startswith("Aftercare after your microneedling treatment on Monday 02 March 2026 at 15:00")
    assert "Day 13 - Sunday 15 March" in text and "[Call if]" in text and "Sources:" in text
    w.date.value = dt.date(2026, 3, 3)
    assert w.exported.value == "" and w.state.plan[0].date == dt.date(2026, 3, 3)


def test_aftercare_planner_handles_a_cleared_date():
    w = AftercarePlanner(dt.datetime(2026, 3, 2, 15, 0))
    w.date.value = None
    assert w.state.plan == () and "pick the treatment date" in w.summary.value
    assert w.export_text() == ""


# ---- series planner ---------------------------------------------------------------------------------

def test_series_planner_follows_indication_and_refuses_short_intervals():
    w = SeriesPlanner(start=dt.date(2026, 1, 5))
    assert w.state.plan.protocol.id == "acne_scars" and len(w.state.plan.sessions) == 3
    assert "Session 3" in w.table.value and "Review" in w.table.value
    w.indication.value = "striae"
    assert (w.interval.value, w.sessions.value) == (14, 6) and len(w.state.plan.sessions) == 6
    w.interval.value = 10
    assert w.state.plan is None and "shorter than the 14-day minimum" in w.summary.value
    assert bytes(w.figure.value) == b"" and w.table.value == ""
    w.interval.value = 21
    assert w.state.plan.interval_days == 21 and b"<svg" in bytes(w.figure.value)[:400]
    w.start.value = None
    assert "pick the date of the first session" in w.summary.value


@pytest.mark.parametrize("factory", [
    lambda: CaseScreener(visit_date=VISIT), lambda: ProcedureBuilder(),
    lambda: AftercarePlanner(dt.datetime(2026, 3, 2, 9, 0)), lambda: SeriesPlanner(start=VISIT),
])
def test_widgets_are_inert_under_nbgrader(monkeypatch, factory):
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    bundle = factory()._repr_mimebundle_()
    assert list(bundle) == ["text/plain"] and "not shown during grading" in bundle["text/plain"]


def test_css_classes():
    assert CaseScreener(visit_date=VISIT).ui._dom_classes == ("mn-case-screener",)
    assert "mn-procedure-builder" in ProcedureBuilder().ui._dom_classes
    assert "mn-aftercare-planner" in AftercarePlanner(dt.datetime(2026, 3, 2, 9, 0)).ui._dom_classes
    assert "mn-series-planner" in SeriesPlanner(start=VISIT).ui._dom_classes
