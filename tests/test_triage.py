"""Complication triage (lesson 08): the cited rules, the decision model and its properties."""

from __future__ import annotations

import itertools
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from microneedling.facts import FactsError, Status, load_registry, registry
from microneedling.facts.kinds.complications import LEVELS, SIGNS, TriageRule
from microneedling.facts.registry import DATA_DIR
from microneedling.model.triage import MAX_DAY, practice_call, practice_calls, rule_for, rules, triage, weakest

RED_FLAG_LEVELS = ("urgent_referral", "emergency")
DAYS = st.integers(min_value=0, max_value=MAX_DAY)
SIGN_LISTS = st.lists(st.sampled_from(sorted(SIGNS)), min_size=1, max_size=6, unique=True)


def level_of(day: int, signs) -> int:
    return LEVELS.index(triage(day, signs).level)


# ---- the rules are decisions over cited facts ----------------------------------------------------------------

def test_every_rule_cites_exactly_the_references_of_its_facts():
    reg = registry()
    for rule in rules():
        facts = (*rule.basis, *rule.advice_basis)
        expected = {key for fact_id in facts for key in reg.record(fact_id).refs}
        assert set(rule.refs) == expected, f"{rule.id}: refs must be the references of its basis and advice facts"


def test_every_rule_status_is_the_weakest_of_its_basis():
    reg = registry()
    for rule in rules():
        assert rule.status is weakest(reg.record(f).status for f in rule.basis), (
            f"{rule.id}: status must be the weakest status of its basis facts (a level resting on an "
            "unverified inference says so)")


def test_the_same_day_timing_is_labelled_as_the_courses_inference():
    # No source sets how fast worsening redness must be seen: the rule must not look confirmed.
    assert rule_for("worsening", 2).status is Status.UNVERIFIED
    assert rule_for("redness", 10).status is Status.UNVERIFIED
    # NICE and the orbital-cellulitis pathway are confirmed sources.
    assert rule_for("red_streaks", 2).status is Status.CONFIRMED
    assert rule_for("eye_signs", 2).status is Status.CONFIRMED


def test_each_sign_has_exactly_one_rule_on_every_day():
    for sign in SIGNS:
        for day in range(MAX_DAY + 1):
            matching = [r.id for r in rules() if r.sign == sign and r.applies_on(day)]
            assert len(matching) == 1, f"sign {sign!r} on day {day}: rules {matching}"


def test_red_flags_do_not_depend_on_the_day():
    for sign in SIGNS:
        levels = {rule_for(sign, day).level for day in range(MAX_DAY + 1)}
        if levels & set(RED_FLAG_LEVELS):
            assert len(levels) == 1, f"{sign!r} is a red flag on some days only: {levels}"


def test_expected_effects_stop_being_reassuring_after_the_first_week():
    assert triage(7, ["redness"]).level == "reassure"
    assert triage(8, ["redness"]).level == "same_day_review"
    assert triage(3, ["flaking"]).level == "reassure"
    assert triage(21, ["flaking"]).level == "routine_review"


# ---- properties: signs combine by the most urgent ------------------------------------------------------------

@settings(max_examples=300, deadline=None)
@given(DAYS, SIGN_LISTS, st.sampled_from(sorted(SIGNS)))
def test_adding_a_sign_never_lowers_the_decision(day, signs, extra):
    assert level_of(day, [*signs, extra]) >= level_of(day, signs)


@settings(max_examples=300, deadline=None)
@given(DAYS, SIGN_LISTS)
def test_the_decision_is_the_most_urgent_single_sign(day, signs):
    assert level_of(day, signs) == max(level_of(day, [s]) for s in signs)


@settings(max_examples=200, deadline=None)
@given(DAYS, SIGN_LISTS, st.randoms(use_true_random=False))
def test_the_order_of_the_signs_does_not_matter(day, signs, rnd):
    shuffled = list(signs)
    rnd.shuffle(shuffled)
    first, second = triage(day, signs), triage(day, shuffled)
    assert first.level == second.level
    assert {f.sign for f in first.findings} == {f.sign for f in second.findings}
    assert {f.sign for f in first.decisive} == {f.sign for f in second.decisive}


@settings(max_examples=300, deadline=None)
@given(DAYS, SIGN_LISTS)
def test_a_red_flag_is_never_downgraded_by_another_sign(day, signs):
    for sign in signs:
        own = rule_for(sign, day).level
        if own in RED_FLAG_LEVELS:
            assert level_of(day, signs) >= LEVELS.index(own)


@settings(max_examples=200, deadline=None)
@given(DAYS, SIGN_LISTS)
def test_findings_come_most_urgent_first_and_decisive_ones_set_the_level(day, signs):
    result = triage(day, signs)
    indices = [LEVELS.index(f.level) for f in result.findings]
    assert indices == sorted(indices, reverse=True)
    assert result.decisive and all(f.level == result.level for f in result.decisive)
    assert set(result.references) == {k for f in result.findings for k in f.rule.refs}


def test_every_pair_of_signs_on_key_days_combines_by_the_maximum():
    for day in (0, 2, 7, 8, 21, 60):
        for a, b in itertools.combinations(sorted(SIGNS), 2):
            assert level_of(day, [a, b]) == max(level_of(day, [a]), level_of(day, [b])), (day, a, b)


# ---- uncertainty is said, not hidden -----------------------------------------------------------------------

def test_uncertain_when_only_weak_evidence_sets_the_level():
    weak = triage(10, ["redness"])
    assert weak.uncertain and weak.caveats and "not confirmed" in weak.caveats[0]
    firm = triage(10, ["redness", "red_streaks"])
    assert firm.level == "urgent_referral" and not firm.uncertain and firm.caveats == ()
    assert not triage(1, ["redness"]).uncertain


# ---- bad input gets a plain message --------------------------------------------------------------------------

@pytest.mark.parametrize("day", [-1, MAX_DAY + 1, "three", 1.5, True, None])
def test_a_day_outside_the_range_or_not_a_whole_number_is_refused(day):
    with pytest.raises(ValueError, match="day after treatment"):
        triage(day, ["redness"])


def test_no_signs_unknown_signs_and_a_string_are_refused():
    with pytest.raises(ValueError, match="tick at least one sign"):
        triage(2, [])
    with pytest.raises(ValueError, match=r"unknown sign\(s\) \['rash'\]"):
        triage(2, ["rash"])
    with pytest.raises(ValueError, match="not a single string"):
        triage(2, "redness")
    with pytest.raises(ValueError, match="unknown practice call"):
        practice_call("call.nope")


# ---- practice calls ----------------------------------------------------------------------------------------

EXPECTED_CALLS = {
    "call.day1_redness": "reassure",
    "call.day4_pus": "same_day_review",
    "call.day2_eye": "emergency",
    "call.day5_streaks": "urgent_referral",
    "call.day3_blisters": "same_day_review",
    "call.day24_lump": "same_day_review",
    "call.day0_numbing": "emergency",
    "call.day35_patches": "routine_review",
    "call.day10_redness": "same_day_review",
    "call.day1_throat": "emergency",
}


def test_practice_calls_cover_every_level_and_decide_as_the_lesson_teaches():
    calls = {c.id: c.result().level for c in practice_calls()}
    assert calls == EXPECTED_CALLS
    assert set(calls.values()) == set(LEVELS)
    for call in practice_calls():
        assert call.story and all(s in SIGNS for s in call.signs)


def test_the_eye_call_is_decided_by_the_eye_sign_not_the_periorbital_one():
    result = practice_call("call.day2_eye").result()
    assert [f.sign for f in result.decisive] == ["eye_signs"]
    assert [f.level for f in result.findings] == ["emergency", "urgent_referral"]


# ---- the loader checks triage rules -----------------------------------------------------------------------

@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


@pytest.mark.parametrize("field, value, message", [
    ("sign", '"rash"', "sign 'rash' is not one of"),
    ("level", '"panic"', "level 'panic' is not one of"),
    ("to_day", "-1", "to_day -1 is before from_day 0"),
])
def test_a_broken_rule_is_reported_with_file_and_id(data_copy: Path, field: str, value: str, message: str):
    rule = {"sign": '"redness"', "level": '"reassure"', "to_day": "3"}
    rule[field] = value
    (data_copy / "extra.toml").write_text(
        '[[triage_rule]]\nid = "triage.test"\n' + "".join(f"{k} = {v}\n" for k, v in rule.items())
        + 'concern = "c"\nreason = "r"\naction = "a"\nbasis = ["adverse.transient_up_to_7_days"]\n'
        'refs = ["chu2021"]\n')
    with pytest.raises(FactsError, match=rf"extra.toml: triage_rule 'triage.test': {message}"):
        load_registry(data_copy)


def test_a_rule_without_basis_is_refused():
    with pytest.raises(ValueError, match="needs basis"):
        TriageRule(id="x", refs=("chu2021",), sign="redness", concern="c", reason="r", action="a")
