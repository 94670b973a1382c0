"""Every graded key rests on confirmed, cited facts, and agrees with what those facts and the model say.

Keys are read back from the hidden tests of ``source/`` with the grader's own parser (never retyped here). Each
key names the facts it rests on (``quiz.key(…, facts=[…])``); all of them must exist and be ``confirmed``.
Where a fact or the model gives the answer directly (a contraindication's action, a procedure step's place, a
numeric value), the key is compared with it.
"""

from __future__ import annotations

import datetime as dt

import nbformat
import pytest

from microneedling.facts import registry
from microneedling.facts.kinds.protocol import ACTION_LABELS, Contraindication, ProcedureStep
from microneedling.model.screening import screen
from microneedling.quiz.questions import Matching, MultipleChoice, Numeric, Ordering, SingleChoice
from tests.conftest import ROOT
from tests.nbgrader_course import QUIZ_IDS, questions


def _auto(quiz: str):
    source = ROOT / "source" / quiz / f"{quiz}.ipynb"
    return [q.spec.question for q in questions(source).values() if not q.written]


ALL = [(quiz, q) for quiz in QUIZ_IDS for q in _auto(quiz)]


def _id(item) -> str:
    return f"{item[0]}-{item[1].id}"


@pytest.mark.parametrize("item", ALL, ids=_id)
def test_every_key_names_the_confirmed_facts_it_rests_on(item):
    _quiz, question = item
    assert question.facts, f"{question.id} names no fact for its key"
    reg = registry()
    for fact_id in question.facts:
        record = reg.record(fact_id)  # KeyError names an unknown id
        assert record.gradeable, f"{fact_id} is {record.status.value}: only confirmed facts may be keys"


def _contraindication_actions() -> dict[str, str]:
    """Decision label → the action ids with that label (e.g. 'Defer treatment' → 'defer')."""
    return {label: action for action, label in ACTION_LABELS.items()}


@pytest.mark.parametrize("quiz", QUIZ_IDS)
def test_matching_a_finding_to_an_action_follows_the_screening_facts(quiz):
    """Where a right-hand option is a screening decision, the keyed decision is the cited finding's action."""
    labels = _contraindication_actions()
    reg = registry()
    for question in _auto(quiz):
        if not isinstance(question, Matching):
            continue
        keyed = {question.left_item(left).text: question.right_item(right).text for left, right in question.key.items()}
        findings = [reg.record(f) for f in question.facts if isinstance(reg.record(f), Contraindication)]
        if not findings:
            continue
        assert set(keyed.values()) <= set(labels), f"{question.id}: screening options must be the decision labels"
        actions = {labels[decision] for decision in keyed.values()}
        assert {f.action for f in findings} <= actions, (question.id, [f.id for f in findings], keyed)


@pytest.mark.parametrize("quiz", QUIZ_IDS)
def test_every_screening_decision_is_what_the_screening_model_gives_for_the_cited_findings(quiz):
    """A question whose options are screening decisions is keyed on every action the model reports for its
    findings (combined findings: all that apply; one finding: its action)."""
    labels = _contraindication_actions()
    reg = registry()
    checked = 0
    for question in _auto(quiz):
        if not isinstance(question, (SingleChoice, MultipleChoice)):
            continue
        if not {o.text for o in question.options} <= set(labels):
            continue
        findings = [f for f in question.facts if isinstance(reg.record(f), Contraindication)]
        assert findings, f"{question.id}: a screening decision must cite the findings it rests on"
        expected = {a for a in screen(findings, visit_date=dt.date(2026, 11, 26)).actions}
        keyed = {labels[question.option(k).text] for k in
                 (question.key if isinstance(question, MultipleChoice) else {question.key})}
        if isinstance(question, SingleChoice):
            expected = {screen(findings, visit_date=dt.date(2026, 11, 26)).decision}
        assert keyed == expected, (quiz, question.id, keyed, expected)
        checked += 1
    if quiz == "final_assessment":
        assert checked >= 3, "the final assessment screens clients with combined findings"


@pytest.mark.parametrize("quiz", QUIZ_IDS)
def test_an_ordering_of_procedure_steps_follows_the_steps_order(quiz):
    reg = registry()
    for question in _auto(quiz):
        if not isinstance(question, Ordering):
            continue
        steps = [reg.record(f) for f in question.facts if isinstance(reg.record(f), ProcedureStep)]
        if not steps:
            continue
        assert len(steps) == len(question.key), f"{question.id}: one procedure-step fact per item"
        assert [s.order for s in steps] == sorted(s.order for s in steps), (
            f"{question.id}: list the step facts in the keyed order")


NUMERIC_SOURCES = {
    # question text fragment → how the key follows from the cited fact
    "how many minutes before": lambda reg: 60.0 if "at least 1 hour" in reg.fact("anaesthesia.emla_us_minor").statement else None,
    "maximum** depth allowed": lambda reg: float(reg.fact("procedure.max_depth_trial").value),
    "settle within about how many": lambda reg: float(reg.fact("adverse.transient_resolve_72h").value),
    "how many days at the earliest": lambda reg: float(reg.fact("planning.minimum_interval").value),
}


@pytest.mark.parametrize("item", [i for i in ALL if isinstance(i[1], Numeric)], ids=_id)
def test_numeric_keys_come_from_their_facts(item):
    quiz, question = item
    stem = next(c.source for c in nbformat.read(
        ROOT / "source" / quiz / f"{quiz}.ipynb", as_version=4).cells
        if c.metadata.get("nbgrader", {}).get("grade_id") == f"{question.id}_stem")
    rules = [rule for fragment, rule in NUMERIC_SOURCES.items() if fragment in stem]
    assert len(rules) == 1, f"{quiz} {question.id}: add how its key follows from the facts to NUMERIC_SOURCES"
    assert question.key == pytest.approx(rules[0](registry())), f"{quiz} {question.id}"
