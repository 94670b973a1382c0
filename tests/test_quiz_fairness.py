"""No marks without knowledge: answering by pattern instead of by knowledge scores no better than chance.

For every graded quiz this computes what the usual test-taking shortcuts score — tick every box, keep the steps in
the order shown, pair the first item with the first option, always pick the first option or the longest one — and
compares it with the score of answering at random. Keys must also sit in balanced positions.
"""

from __future__ import annotations

import itertools
import math
from statistics import mean

import pytest

from microneedling.quiz.graded_spec import grade
from microneedling.quiz.questions import Matching, MultipleChoice, Numeric, Ordering, SingleChoice
from microneedling.quiz.scoring import longest_in_order
from tests.conftest import ROOT
from tests.nbgrader_course import QUIZ_IDS, questions


def _auto(quiz: str):
    source = ROOT / "source" / quiz / f"{quiz}.ipynb"
    return [q.spec.question for q in questions(source).values() if not q.written]


def _score(question, answer) -> float:
    return grade(question, answer, present=True).score


def chance(question) -> float:
    """The expected score of an answer picked uniformly at random among the well-formed answers."""
    if isinstance(question, SingleChoice):
        return question.points / len(question.options)
    if isinstance(question, MultipleChoice):
        ids = [o.id for o in question.options]
        subsets = [list(c) for r in range(1, len(ids) + 1) for c in itertools.combinations(ids, r)]
        return mean(_score(question, s) for s in subsets)
    if isinstance(question, Ordering):
        ids = [i.id for i in question.items]
        orders = itertools.permutations(ids) if len(ids) <= 7 else (
            [ids[(k * 7 + j) % len(ids)] for j in range(len(ids))] for k in range(5040))
        return mean(_score(question, list(o)) for o in orders)
    if isinstance(question, Matching):
        return question.points / len(question.right)  # each pair right with probability 1/len(right)
    return 0.0


def shortcut(question) -> tuple[str, float] | None:
    """The pattern answer for the question's type and what it scores (single choice: see the quiz-level tests)."""
    if isinstance(question, MultipleChoice):
        return "tick every box", _score(question, [o.id for o in question.options])
    if isinstance(question, Ordering):
        return "keep the order shown", _score(question, [i.id for i in question.items])
    if isinstance(question, Matching):
        pairs = {left.id: right.id for left, right in zip(question.left, question.right)}
        return "first with first", _score(question, pairs)
    return None


@pytest.mark.parametrize("quiz", QUIZ_IDS)
def test_no_shortcut_beats_chance_on_any_question(quiz):
    beaten = []
    for question in _auto(quiz):
        found = shortcut(question)
        if found is not None and found[1] > chance(question) + 1e-9:
            beaten.append(f"{question.id}: '{found[0]}' scores {found[1]:g} > chance {chance(question):.2f}")
    assert beaten == []


def _longest(question) -> str:
    """The longest option (the first of equals: a habit cannot pick between options of one length)."""
    return max(question.options, key=lambda o: len(o.text)).id


SINGLE_SHORTCUTS = {"always the first option": lambda q: q.options[0].id,
                    "always the last option": lambda q: q.options[-1].id,
                    "always the longest option": _longest}


@pytest.mark.parametrize("quiz", QUIZ_IDS)
@pytest.mark.parametrize("habit", SINGLE_SHORTCUTS)
def test_shortcuts_score_no_better_than_chance_over_the_whole_quiz(quiz, habit):
    auto = _auto(quiz)
    pick = SINGLE_SHORTCUTS[habit]
    total = sum(found[1] for q in auto if (found := shortcut(q)) is not None)
    total += sum(_score(q, pick(q)) for q in auto if isinstance(q, SingleChoice))
    chance_total = sum(chance(q) for q in auto)
    assert total <= chance_total + 1e-9, (habit, total, chance_total)


@pytest.mark.parametrize("quiz", QUIZ_IDS)
def test_one_option_for_every_item_scores_nothing(quiz):
    for question in _auto(quiz):
        if isinstance(question, Matching):
            for right in question.right:
                assert _score(question, {left.id: right.id for left in question.left}) == 0, question.id


@pytest.mark.parametrize("quiz", QUIZ_IDS)
def test_ticking_everything_or_nothing_scores_zero(quiz):
    for question in _auto(quiz):
        if isinstance(question, MultipleChoice):
            assert _score(question, [o.id for o in question.options]) == 0, question.id
            assert 0 < len(question.key) <= len(question.options) / 2, question.id


@pytest.mark.parametrize("quiz", QUIZ_IDS)
def test_single_choice_keys_are_spread_over_the_positions(quiz):
    positions = [[o.id for o in q.options].index(q.key) for q in _auto(quiz) if isinstance(q, SingleChoice)]
    assert len(positions) >= 3
    most = max(positions.count(p) for p in set(positions))
    assert most <= math.ceil(len(positions) / 3), f"key positions {positions}"


@pytest.mark.parametrize("quiz", QUIZ_IDS)
def test_the_right_answer_is_not_given_away_by_its_length(quiz):
    singles = [q for q in _auto(quiz) if isinstance(q, SingleChoice)]
    longest = [q.id for q in singles  # the key is the one longest option
               if all(len(o.text) < len(q.option(q.key).text) for o in q.options if o.id != q.key)]
    assert len(longest) <= len(singles) / 2, f"the key is the longest option in {longest}"


@pytest.mark.parametrize("quiz", QUIZ_IDS)
def test_matching_offers_more_options_than_items_and_ids_say_nothing(quiz):
    for question in _auto(quiz):
        if isinstance(question, Matching):
            assert len(question.right) > len(question.left), question.id
            assert all(left.id[1:] != right[1:] for left, right in zip(question.left, question.key.values()))
        if isinstance(question, Ordering):
            shown = [i.id for i in question.items]
            assert longest_in_order(shown, question.key) < len(shown), question.id


def test_the_shortcut_check_can_fail():
    """Keys shown first, or ticking everything when most boxes are right, beat chance: the checks would catch it."""
    from dataclasses import replace

    single = next(q for q in _auto("procedure_quiz") if isinstance(q, SingleChoice))
    rigged = replace(single, key=single.options[0].id)
    assert _score(rigged, SINGLE_SHORTCUTS["always the first option"](rigged)) > chance(rigged)
    multiple = next(q for q in _auto("procedure_quiz") if isinstance(q, MultipleChoice))
    greedy = replace(multiple, key=frozenset(o.id for o in multiple.options[:-1]))
    assert shortcut(greedy)[1] > chance(greedy)


def test_numeric_questions_have_a_range_that_allows_the_key():
    for quiz in QUIZ_IDS:
        for question in _auto(quiz):
            if isinstance(question, Numeric):
                low = question.minimum if question.minimum is not None else -math.inf
                high = question.maximum if question.maximum is not None else math.inf
                assert low <= question.key <= high, question.id
