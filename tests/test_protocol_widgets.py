"""Protocol widgets (lessons 04-07) driven headless, plus their figures."""

from __future__ import annotations

import datetime as dt

import pytest

from microneedling.model import aftercare, planning, procedure, screening
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


def test_waiting_periods_figure_marks_every_wait_a_convention_or_evidence():
    from microneedling.protocol_tables import waiting_periods
    fig = waiting_periods()
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert "After the last isotretinoin dose" in labels and len(labels) == len(set(labels))
    assert ax.get_title() and "(days)" in ax.get_xlabel()
    assert all("(convention)" in t.get_text() or "(evidence)" in t.get_text() for t in ax.texts)
    assert "conventions rather than evidence" in alt_text(fig)


def test_procedure_order_figure_puts_unordered_pairs_side_by_side():
    from microneedling.protocol_tables import procedure_order
    fig = procedure_order()
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert texts.count("either order") == len(procedure.either_order()) == 2
    assert "1. Set up" in texts and "12. Dispose and clean" in texts
    assert "'Set up' with 'Final checks'" in alt_text(fig)


# ---- case screener ----------------------------------------------------------------------------------

def _answer(w: CaseScreener, findings=(), actions=()):
    for finding in findings:
        w.findings[finding].value = True
    for action in actions:
        w.actions[action].value = True
    w.check.click()


def test_screener_correct_answer_gets_sourced_feedback():
    w = CaseScreener(visit_date=VISIT)
    w.case.value = "case.isotretinoin"
    assert "written policy" in w.story.value and w.feedback.value == ""
    _answer(w, ["isotretinoin_recent"], ["defer"])
    assert w.state.checked and w.state.actions_correct and w.state.findings_correct
    assert "Correct:" in w.feedback.value and "You found exactly the findings" in w.feedback.value
    assert "Spring 2017" in w.feedback.value and "protocol date, not an evidence-based limit" in w.feedback.value
    assert "Uncertain" in w.feedback.value
    w.actions["refer"].value = True  # any change hides stale feedback until the next check
    assert w.feedback.value == ""


def test_screener_wrong_decision_is_feedback_on_the_decision_not_an_input_error():
    w = CaseScreener(visit_date=VISIT)
    w.case.value = "case.cold_sores"
    _answer(w, ["sunburn"], ["defer"])
    assert w.state.missed == ("hsv_history_perioral",) and w.state.extra == ("sunburn",)
    assert not w.state.actions_correct
    assert "missed: History of recurrent cold sores" in w.feedback.value
    assert "Not quite:" in w.feedback.value and "Check your input" not in w.feedback.value  # words, not colour
    assert "Left out: Proceed with precautions" in w.feedback.value


def test_screener_reports_every_action_of_a_combined_case():
    w = CaseScreener(visit_date=VISIT)
    w.case.value = "case.pregnant_anticoagulant"
    _answer(w, ["pregnancy_breastfeeding", "anticoagulant"], ["refer"])  # the old single-decision answer
    assert w.state.missing_actions == ("defer",) and "Partly right:" in w.feedback.value
    assert "Left out: Defer treatment" in w.feedback.value
    w.actions["defer"].value = True
    w.check.click()
    assert w.state.actions_correct and "Correct:" in w.feedback.value
    assert w.feedback.value.index("Refer to a doctor") < w.feedback.value.index("<b>Defer treatment</b>")


def test_screener_rf_case_with_breastfeeding_offers_no_alternative():
    w = CaseScreener(visit_date=VISIT)
    w.case.value = "case.breastfeeding_rf"
    assert "RF microneedling" in w.story.value
    _answer(w, ["pregnancy_breastfeeding", "implanted_device_rf"], ["decline", "defer"])
    assert w.state.actions_correct
    assert "can be discussed" not in w.feedback.value
    assert "not confirmed in a consulted source" in w.feedback.value  # the unverified RF rule keeps its caveat


def test_screener_input_problem_is_labelled_as_input_and_resets_on_new_case():
    w = CaseScreener(visit_date=VISIT)
    w.check.click()
    assert "Check your input" in w.feedback.value and "Tick at least one action" in w.feedback.value
    w.findings["sunburn"].value = True
    w.actions["defer"].value = True
    w.case.value = "case.pacemaker_rf"
    assert not any(box.value for box in (*w.findings.values(), *w.actions.values()))
    assert "RF microneedling" in w.story.value


@pytest.mark.parametrize("case", [c.id for c in screening.client_cases()])
def test_every_case_accepts_exactly_its_key(case):
    w = CaseScreener(visit_date=VISIT)
    w.case.value = case
    key = screening.case_actions(case, VISIT)
    _answer(w, screening.client_case(case).findings, key)
    assert w.state.actions_correct and w.state.findings_correct, case
    for other in screening.ACTIONS:  # one extra action is never also right
        if other in key:
            continue
        w.actions[other].value = True
        w.check.click()
        assert not w.state.actions_correct, (case, other)
        w.actions[other].value = False


# ---- procedure builder ------------------------------------------------------------------------------

def test_builder_builds_the_order_by_picking_and_checks_it():
    w = ProcedureBuilder(seed=1)
    assert sorted(w.state.remaining) == sorted(procedure.step_ids()) and w.state.order == ()
    assert list(w.state.remaining) != procedure.step_ids()
    w.check.click()
    assert "Check your input" in w.feedback.value and "12 left" in w.feedback.value
    for step_id in procedure.step_ids():
        w.pick[step_id].click()
    assert w.state.order == tuple(procedure.step_ids()) and w.state.remaining == ()
    assert "All 12 steps placed" in w.progress.value
    w.check.click()
    assert w.state.result.correct and "Correct:" in w.feedback.value and "Every step is in the right place" in w.feedback.value
    assert "leave the order of these pairs to you: “Set up” and “Final checks”" in w.feedback.value


def test_builder_explains_misplaced_steps_and_fixes_by_moving_or_taking_back():
    w = ProcedureBuilder(seed=2)
    for step_id in w.state.remaining:  # the shuffled order, as offered
        w.pick[step_id].click()
    w.check.click()
    assert not w.state.result.correct
    assert "Not quite:" in w.feedback.value and "belongs" in w.feedback.value
    assert "(misplaced)" in "".join(row.value for row in w.rows)
    # Fix it: take every step back in turn and re-place it, as a keyboard user would.
    while w.state.order:
        w.remove[0].click()
    assert w.state.result is None and w.feedback.value == ""
    for step_id in procedure.step_ids():
        w.pick[step_id].click()
    w.move(0, +1)  # set-up and final checks swapped: the sources do not order them
    assert w.state.order[:2] == ("check", "setup")
    w.check.click()
    assert w.state.result.correct
    w.shuffle.click()
    assert w.state.order == () and w.state.result is None


def test_builder_start_again_restores_the_offered_order():
    w = ProcedureBuilder(seed=3)
    offered = w.state.remaining
    w.pick[offered[3]].click()
    w.pick[offered[0]].click()
    assert w.state.order == (offered[3], offered[0])
    assert w.up[0].disabled and w.down[1].disabled and not w.down[0].disabled
    w.clear.click()
    assert w.state.remaining == offered and w.state.order == ()
    assert len(w.order_box.children) == 0 and len(w.pool_box.children) == 12


def test_builder_controls_are_labelled_buttons():
    w = ProcedureBuilder()
    for button in (*w.pick.values(), *w.up, *w.down, *w.remove, w.check, w.clear, w.shuffle):
        assert button.description and button.tooltip  # an accessible name, never an icon alone


# ---- aftercare planner ------------------------------------------------------------------------------

def test_aftercare_planner_is_a_compact_table_by_window_and_a_one_page_handout():
    w = AftercarePlanner(dt.datetime(2026, 3, 2, 15, 0))
    assert w.state.treated_at == dt.datetime(2026, 3, 2, 15, 0)
    table = w.table.value
    assert table.count("<tr>") == 1 + len(aftercare.WINDOWS)  # header + one row per window, not one per day
    assert "First 24 hours" in table and "Mon 2 Mar, 15:00" in table
    assert "Until Thu 5 Mar, 15:00" in table  # the 72-hour rule carries its own end date
    assert "Stay out of the sun" in table
    assert "Emergency" in w.standing.value and "lesson 08" in w.standing.value
    assert "08_complications_and_emergencies.ipynb" in w.standing.value
    assert 'src="data:image/svg+xml;base64,' in w.figure.value and 'alt="Timeline of' in w.figure.value
    assert "over 14 days" in w.figure.value
    assert w.exported.layout.display == "none"  # no empty box before there is a handout
    w.export.click()
    text = w.exported.value
    assert text == w.export_text() == w.state.handout.text() and w.exported.layout.display is None
    assert text.startswith("AFTER YOUR MICRONEEDLING TREATMENT: Monday 2 March 2026, 15:00")
    assert len(text.splitlines()) <= aftercare.PAGE_LINES and w.state.handout.contradictions() == []
    w.phone.value = "0161 555 0100"
    assert w.exported.value == ""  # a change clears the stale handout
    w.export.click()
    assert "Clinic telephone: 0161 555 0100" in w.exported.value
    w.date.value = dt.date(2026, 3, 3)
    assert w.exported.value == "" and w.state.treated_at.date() == dt.date(2026, 3, 3)


def test_aftercare_planner_handles_a_cleared_date():
    w = AftercarePlanner(dt.datetime(2026, 3, 2, 15, 0))
    w.date.value = None
    assert w.state.handout is None and "pick the treatment date" in w.summary.value
    assert "Check your input" in w.summary.value and w.export_text() == ""


# ---- series planner ---------------------------------------------------------------------------------

def test_series_planner_follows_indication_and_refuses_short_intervals():
    w = SeriesPlanner(start=dt.date(2026, 1, 5))
    assert w.state.plan.protocol.id == "acne_scars" and len(w.state.plan.sessions) == 3
    assert "Session 3" in w.table.value and "Review" in w.table.value
    assert "Within the FDA-authorised uses" in w.basis.value
    w.indication.value = "striae"
    assert (w.interval.value, w.sessions.value) == (14, 6) and len(w.state.plan.sessions) == 6
    assert "Off-label" in w.basis.value
    w.interval.value = 10
    assert w.state.plan is None and w.state.refused and "shorter than the 14-day minimum" in w.summary.value
    assert "Not booked:" in w.summary.value and "Check your input" not in w.summary.value
    assert w.figure.value == "" and w.table.value == ""  # no broken image
    w.interval.value = 21
    assert w.state.plan.interval_days == 21 and 'alt="Calendar of 6 sessions' in w.figure.value
    w.start.value = None
    assert "pick the date of the first session" in w.summary.value and "Check your input" in w.summary.value
    assert not w.state.refused


def test_series_planner_does_not_offer_drug_protocols_and_says_why():
    w = SeriesPlanner(start=dt.date(2026, 1, 5))
    offered = [value for _, value in w.indication.options]
    assert "melasma_txa" not in offered and "alopecia" not in offered
    assert "prescriber-led, off-label tranexamic acid" in w.not_offered.value
    assert "prescriber-led, off-label minoxidil" in w.not_offered.value
    assert "878.4430" in w.not_offered.value


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
