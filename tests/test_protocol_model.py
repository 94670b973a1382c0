"""Protocol half (lessons 04-07): facts, screening, procedure order, aftercare rules, treatment plans."""

from __future__ import annotations

import datetime as dt

import pytest

from microneedling.facts import Status, registry
from microneedling.facts.kinds.protocol import (
    ACTIONS,
    AftercareRule,
    ClientCase,
    Contraindication,
    ProcedureStep,
    TreatmentProtocol,
)
from microneedling.model import aftercare, planning, procedure, screening

VISIT = dt.date(2026, 3, 2)
PROTOCOL_TOPICS = ("contraindications", "consultation", "anaesthesia", "procedure", "infection_control",
                   "aftercare", "adverse_effects", "planning")


# ---- facts -----------------------------------------------------------------------------------------

def test_every_protocol_topic_has_records():
    reg = registry()
    for topic in PROTOCOL_TOPICS:
        assert reg.in_topics([topic]), topic


def test_clinic_protocol_timings_are_not_confirmed():
    reg = registry()
    # The dossier marks these as clinic conventions from secondary sources.
    for record_id in ("preparation.stop_actives", "preparation.sun_avoidance_protocols",
                      "aftercare.avoid.actives", "aftercare.avoid.sweat_heat_water", "recent_actives"):
        assert reg.record(record_id).status is Status.SECONDARY, record_id
    for record_id in ("implanted_device_rf", "uncontrolled_diabetes"):
        assert reg.record(record_id).status is Status.UNVERIFIED, record_id


def test_serum_advice_is_taught_as_a_hazard():
    statement = registry().fact("procedure.serum_hazard").statement
    assert "hazard" in statement and "granuloma" in statement
    finish = procedure.step("finish")
    assert "only sterile" in finish.action and "serum" in finish.reason


def test_client_cases_use_known_findings_and_cover_the_issue_examples():
    ids = set(screening.contraindication_ids())
    cases = registry().of_kind(ClientCase)
    assert len(cases) >= 8
    for case in cases:
        assert set(case.findings) <= ids, case.id
    covered = {f for case in cases for f in case.findings}
    assert {"isotretinoin_recent", "hsv_history_perioral", "bleeding_risk", "pregnancy_breastfeeding",
            "active_acne", "keloid_tendency", "sunburn", "implanted_device_rf"} <= covered


def test_bad_vocabulary_in_data_fails_at_load():
    with pytest.raises(ValueError, match=r"action 'maybe' is not one of \['proceed'"):
        Contraindication(id="x", refs=("chu2021",), action="maybe")
    with pytest.raises(ValueError, match="kind 'later' is not one of"):
        AftercareRule(id="x", refs=("chu2021",), kind="later", label="x")
    with pytest.raises(ValueError, match="end_hour 2 must be after start_hour 5"):
        AftercareRule(id="x", refs=("chu2021",), start_hour=5, end_hour=2, label="x")
    with pytest.raises(ValueError, match="min_interval_days"):
        TreatmentProtocol(id="x", refs=("chu2021",), sessions=3, interval_days=7, min_interval_days=14,
                          review_days_after_last=10)
    with pytest.raises(ValueError, match="order must be 1 or more"):
        ProcedureStep(id="x", refs=("chu2021",))


# ---- screening --------------------------------------------------------------------------------------

def test_no_findings_proceeds():
    result = screening.screen([], visit_date=VISIT)
    assert result.decision == "proceed" and result.reasons == () and result.earliest_date is None


@pytest.mark.parametrize(("finding", "decision"), [
    ("active_hsv", "defer"), ("hsv_history_perioral", "precaution"), ("active_acne", "avoid_area"),
    ("pregnancy_breastfeeding", "defer"), ("bleeding_risk", "refer"), ("keloid_tendency", "refer"),
    ("sunburn", "defer"), ("skin_cancer_area", "refer"), ("isotretinoin_current", "defer"),
])
def test_single_finding_decisions(finding, decision):
    result = screening.screen([finding], visit_date=VISIT)
    assert result.decision == decision
    assert set(screening.contraindication(finding).refs) <= set(result.references)


def test_most_restrictive_action_wins():
    result = screening.screen(["hsv_history_perioral", "active_acne", "sunburn"], visit_date=VISIT)
    assert result.decision == "defer"
    assert [r.action for r in result.reasons] == ["precaution", "avoid_area", "defer"]
    assert ACTIONS.index("refer") > ACTIONS.index("defer")


def test_isotretinoin_protocol_date_is_flagged_as_protocol():
    stopped = dt.date(2026, 1, 2)
    result = screening.screen(["isotretinoin_recent"], visit_date=VISIT, dates={"isotretinoin_recent": stopped})
    assert result.decision == "refer"
    assert result.earliest_date == stopped + dt.timedelta(days=183)
    assert result.earliest_is_protocol
    assert "not evidence" in result.reasons[0].explanation
    assert {"spring2017", "waldman2017"} <= set(result.references)


def test_dated_wait_that_has_ended_relaxes_to_proceed():
    result = screening.screen(["recent_actives"], visit_date=VISIT,
                              dates={"recent_actives": VISIT - dt.timedelta(days=10)})
    assert result.decision == "proceed" and "ended on" in result.reasons[0].explanation
    pending = screening.screen(["recent_actives"], visit_date=VISIT,
                               dates={"recent_actives": VISIT - dt.timedelta(days=1)})
    assert pending.decision == "defer" and pending.earliest_date == VISIT + dt.timedelta(days=6)


def test_open_ended_deferral_has_no_date_and_asks_for_one_when_needed():
    assert screening.screen(["sunburn"], visit_date=VISIT).open_ended
    result = screening.screen(["isotretinoin_recent"], visit_date=VISIT)
    assert result.earliest_date is None and "Give the date of the last isotretinoin dose" in result.reasons[0].explanation


def test_rf_only_findings_do_not_block_mechanical_needling():
    assert screening.screen(["implanted_device_rf"], "mechanical", VISIT).decision == "proceed"
    rf = screening.screen(["implanted_device_rf"], "rf", VISIT)
    assert rf.decision == "decline" and rf.caveats  # unverified: taught with its caveat


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"findings": ["flu"]}, r"unknown finding 'flu'; valid findings: \['active_infection'"),
    ({"findings": [], "modality": "laser"}, r"valid modalities: \['mechanical', 'rf'\]"),
    ({"findings": "sunburn"}, "not a single string"),
    ({"findings": ["sunburn"], "dates": {"active_acne": VISIT}}, "not ticked"),
])
def test_screen_rejects_bad_input(kwargs, message):
    with pytest.raises(ValueError, match=message):
        screening.screen(visit_date=VISIT, **kwargs)


def test_every_case_screens_and_dated_cases_get_a_date():
    for case in screening.client_cases():
        result = screening.screen_case(case.id, VISIT)
        assert result.decision in ACTIONS
    assert screening.screen_case("case.no_findings", VISIT).decision == "proceed"
    assert screening.screen_case("case.pacemaker_rf", VISIT).decision == "decline"
    iso = screening.screen_case("case.isotretinoin", VISIT)
    assert iso.earliest_date == VISIT - dt.timedelta(days=61) + dt.timedelta(days=183)


# ---- procedure --------------------------------------------------------------------------------------

def test_step_ids_are_the_stable_quiz_keys():
    assert procedure.step_ids() == ["setup", "check", "cleanse", "numb", "remove_numbing", "antisepsis",
                                    "glide", "depth", "passes", "endpoint", "finish", "dispose"]
    assert all(s.reason for s in procedure.steps())


def test_correct_order_passes():
    result = procedure.check_order(procedure.step_ids())
    assert result.correct and len(result.in_place) == 12


def test_one_moved_step_is_the_only_one_flagged_with_its_neighbours_and_reason():
    order = procedure.step_ids()
    order.insert(0, order.pop(order.index("antisepsis")))
    result = procedure.check_order(order)
    assert [m.step.id for m in result.misplaced] == ["antisepsis"]
    flagged = result.misplaced[0]
    assert (flagged.position, flagged.correct_position) == (1, 6)
    assert "after “Remove the anaesthetic completely”" in flagged.explanation
    assert "chlorhexidine" in flagged.explanation


def test_reversed_order_keeps_one_step():
    result = procedure.check_order(list(reversed(procedure.step_ids())))
    assert len(result.in_place) == 1 and len(result.misplaced) == 11


@pytest.mark.parametrize(("order", "message"), [
    (["setup"], "missing"),
    (["setup", "setup", *procedure.step_ids()[1:]], r"repeated: \['setup'\]"),
    (["serum", *procedure.step_ids()], r"unknown step\(s\) \['serum'\]; valid steps"),
    ("setup", "not a single string"),
])
def test_check_order_rejects_bad_lists(order, message):
    with pytest.raises(ValueError, match=message):
        procedure.check_order(order)


# ---- aftercare --------------------------------------------------------------------------------------

def test_rules_in_force_at_key_times():
    ids = lambda h: {r.id for r in aftercare.rules_in_force(h)}  # noqa: E731
    assert "aftercare.expected.redness_swelling" in ids(0)
    assert "aftercare.do.first_rinse" not in ids(2) and "aftercare.do.first_rinse" in ids(7)
    assert "aftercare.avoid.sweat_heat_water" in ids(71.5) and "aftercare.avoid.sweat_heat_water" not in ids(72)
    assert "aftercare.do.sunscreen_from_day1" in ids(24) and "aftercare.avoid.no_makeup_sunscreen_day0" not in ids(24)
    assert "aftercare.avoid.actives" not in ids(168) and "aftercare.do.resume_routine" in ids(168)
    assert {"aftercare.contact.infection", "aftercare.contact.herpes"} <= ids(0) & ids(1000)


def test_rules_in_force_interface_and_order():
    rules = aftercare.rules_in_force(30)
    kinds = [r.kind for r in rules]
    assert kinds == sorted(kinds, key=aftercare.AFTERCARE_KINDS.index)
    for rule in rules:
        assert isinstance(rule, AftercareRule) and rule.refs and rule.text
        assert rule.start_hour <= 30 and (rule.end_hour is None or rule.end_hour > 30)


@pytest.mark.parametrize("bad", [-1, float("nan"), "3", True])
def test_rules_in_force_rejects_bad_hours(bad):
    with pytest.raises(ValueError, match="hours after treatment"):
        aftercare.rules_in_force(bad)


def test_window_for_hours():
    assert [aftercare.window_for(h).id for h in (0, 23.9, 24, 100, 168, 5000)] == [
        "h0_24", "h0_24", "d1_3", "d3_7", "w2", "w2"]


def test_day_plan_includes_rules_that_end_during_a_day():
    plan = aftercare.day_plan(dt.datetime(2026, 3, 2, 18, 0), days=3)
    assert [d.date for d in plan] == [dt.date(2026, 3, 2), dt.date(2026, 3, 3), dt.date(2026, 3, 4)]
    # Treated at 18:00: the 24-hour rules end at 18:00 on day 1, so day 1 shows both sets.
    day1 = {r.id for r in plan[1].rules}
    assert {"aftercare.avoid.no_makeup_sunscreen_day0", "aftercare.do.sunscreen_from_day1"} <= day1
    # The first rinse starts 6 h after treatment: midnight, so on day 1, not day 0.
    assert "aftercare.do.first_rinse" not in {r.id for r in plan[0].rules}
    assert "aftercare.do.first_rinse" in day1
    with pytest.raises(ValueError, match="date and time"):
        aftercare.day_plan(dt.date(2026, 3, 2))
    with pytest.raises(ValueError, match="from 1 to 60"):
        aftercare.day_plan(dt.datetime(2026, 3, 2), days=0)


# ---- planning ---------------------------------------------------------------------------------------

def test_acne_scar_plan_follows_the_protocol():
    plan = planning.plan_treatment("acne_scars", dt.date(2026, 1, 5))
    chosen = planning.protocol("acne_scars")
    assert len(plan.sessions) == chosen.sessions == 3
    assert plan.sessions == (dt.date(2026, 1, 5), dt.date(2026, 2, 2), dt.date(2026, 3, 2))
    assert plan.review == dt.date(2026, 3, 2) + dt.timedelta(days=chosen.review_days_after_last)
    assert plan.healing_days == registry().fact("adverse.transient_up_to_7_days").value
    assert plan.healing_windows()[0] == (dt.date(2026, 1, 5), dt.date(2026, 1, 12))


def test_minimum_interval_is_refused_with_an_explanation():
    minimum = planning.protocol("acne_scars").min_interval_days
    assert minimum == registry().fact("planning.minimum_interval").value
    planning.plan_treatment("acne_scars", dt.date(2026, 1, 5), interval_days=minimum)
    with pytest.raises(ValueError, match=rf"shorter than the {minimum}-day minimum.*cited studies"):
        planning.plan_treatment("acne_scars", dt.date(2026, 1, 5), interval_days=minimum - 1)
    # weekly sessions were studied only on the scalp
    assert planning.plan_treatment("alopecia", dt.date(2026, 1, 5)).interval_days == 7


@pytest.mark.parametrize(("args", "message"), [
    (("botox", dt.date(2026, 1, 5)), r"unknown indication 'botox'; valid indications: \['acne_scars'"),
    (("wrinkles", "2026-01-05"), "must be a date"),
    (("wrinkles", dt.date(2026, 1, 5), 30, 0), "sessions must be from 1 to 24"),
    (("wrinkles", dt.date(2026, 1, 5), 30.5), "interval_days must be a whole number"),
])
def test_plan_rejects_bad_input(args, message):
    with pytest.raises(ValueError, match=message):
        planning.plan_treatment(*args)
