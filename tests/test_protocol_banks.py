"""Self-check banks of lessons 04-07: judgement items whose keys follow the models and give nothing away."""

from __future__ import annotations

import re

import pytest

from microneedling.model import procedure, screening
from microneedling.quiz import load_bank
from microneedling.quiz.questions import Matching, MultipleChoice, Ordering, SingleChoice

BANKS = ("04_consultation_and_preparation", "05_procedure_step_by_step", "06_aftercare_and_complications",
         "07_treatment_planning")
# A stem sets a scene: a named client or colleague doing something, or "client"/"colleague" themselves.
SCENE = re.compile(r"\b(client|clients|colleague)\b|\b[A-Z][a-z]+(?:'s\b|,| has| is| asks| wants| calls| finished"
                   r"| hands| covered| was| says)")
# Distractors nobody would pick (issue 10 item 13): absolutes and guarantees.
GIVEAWAY = re.compile(r"\b(guarantee[sd]?|ever again|nothing may ever|always works|never any risk|erased)\b", re.I)


def _choice_questions():
    for bank_id in BANKS:
        for question in load_bank(bank_id).questions:
            if isinstance(question, (SingleChoice, MultipleChoice)):
                yield bank_id, question


@pytest.mark.parametrize("bank_id", BANKS)
def test_every_item_is_a_judgement_about_a_client_a_site_or_a_decision(bank_id):
    for question in load_bank(bank_id).questions:
        assert SCENE.search(question.stem), f"{bank_id} {question.id}: no client, colleague or decision in the stem"


def test_correct_option_is_not_reliably_the_longest():
    singles = [(b, q) for b, q in _choice_questions() if isinstance(q, SingleChoice)]
    longest = [q.id for _, q in singles
               if len(next(o.text for o in q.options if o.id == q.key)) > max(
                   len(o.text) for o in q.options if o.id != q.key)]
    assert len(longest) <= len(singles) // 3, f"the key is the longest option in {longest}"


def test_no_option_gives_the_answer_away():
    for bank_id, question in _choice_questions():
        for option in question.options:
            assert not GIVEAWAY.search(option.text), f"{bank_id} {question.id}: {option.text!r}"
        wrong = [o for o in question.options if o.id not in (
            question.key if isinstance(question, MultipleChoice) else {question.key})]
        assert all(o.feedback for o in wrong), f"{bank_id} {question.id}: every wrong option explains itself"


def test_keys_follow_the_screening_model():
    bank = {q.id: q for q in load_bank("04_consultation_and_preparation").questions}
    assert set(bank["q1_pregnant_anticoagulant"].key) == set(screening.case_actions("case.pregnant_anticoagulant"))
    # Marco's return visit: the sunburn has healed, the cold-sore history remains
    assert bank["q2_cold_sores_after_sunburn"].key == screening.screen(["hsv_history_perioral"]).decision
    assert (bank["q5_darker_skin"].key,) == screening.case_actions("case.darker_skin")
    assert bank["q6_age"].key == screening.contraindication("under_22").action
    matching = bank["q4_findings_to_actions"]
    assert isinstance(matching, Matching)
    for left, finding in zip((item.id for item in matching.left), matching.facts):
        assert matching.key[left] == screening.contraindication(finding).action, left


def test_ordering_item_has_one_order_the_sources_fix():
    question = next(q for q in load_bank("05_procedure_step_by_step").questions if isinstance(q, Ordering))
    pairs = procedure.must_precede()
    key = list(question.key)
    for i, earlier in enumerate(key):
        for later in key[i + 1:]:
            assert (earlier, later) in pairs, f"{earlier} and {later} may come in either order"
