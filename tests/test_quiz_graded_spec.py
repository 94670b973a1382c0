"""Graded questions read as data, and recorded answers validated and scored without running anything."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from microneedling.grading.authoring import Graded
from microneedling.quiz.graded_spec import (
    InvalidAnswer,
    SpecError,
    grade,
    parse_calls,
    parse_question_cell,
    validate,
)

SINGLE = Graded(1, "single", "t", "s", 2, "b", {"a": "first", "b": "second", "c": "third"})
MULTIPLE = Graded(2, "multiple", "t", "s", 3, ["a", "c", "d"], {k: k.upper() for k in "abcde"})
ORDERING = Graded(3, "ordering", "t", "s", 4, ["s3", "s1", "s5", "s2", "s4"], {f"s{i}": f"step {i}" for i in range(1, 6)})
NUMERIC = Graded(4, "numeric", "t", "s", 2, 2.75, tolerance=0.25, unit="mm", minimum=0, maximum=10)
MATCHING = Graded(5, "matching", "t", "s", 3, {"x": "p", "y": "q", "z": "r"},
                  {"left": {"x": "X", "y": "Y", "z": "Z"}, "right": {"q": "Q", "r": "R", "p": "P", "s": "S"}})
ALL = (SINGLE, MULTIPLE, ORDERING, NUMERIC, MATCHING)


def keyed(item: Graded):
    return parse_question_cell(item.cells()[1].source, item.points).question


def trainee_view(item: Graded):
    """What the grader would see if the hidden tests were missing (the released cell)."""
    return parse_question_cell(item.call(), item.points)


@pytest.mark.parametrize("item", ALL, ids=lambda i: i.kind)
def test_the_released_cell_has_no_key_and_the_source_cell_has_it(item):
    assert not trainee_view(item).keyed
    spec = parse_question_cell(item.cells()[1].source, item.points)
    assert spec.keyed and spec.question.id == item.id and spec.question.points == item.points


@pytest.mark.parametrize("item", ALL, ids=lambda i: i.kind)
def test_the_key_scores_full_points(item):
    question = keyed(item)
    key = item.key if not isinstance(item.key, dict) else dict(item.key)
    outcome = grade(question, key, present=True)
    assert (outcome.status, outcome.score) == ("answered", item.points)


@pytest.mark.parametrize("item", ALL, ids=lambda i: i.kind)
def test_a_missing_or_blank_answer_scores_zero_with_a_message(item):
    question = keyed(item)
    assert grade(question, None, present=False).status == "missing"
    blank = {"single": "", "multiple": [], "ordering": [], "numeric": "", "matching": {}}[item.kind]
    outcome = grade(question, blank, present=True)
    assert outcome.score == 0 and outcome.status in ("missing", "invalid")
    assert "0 of" in outcome.message


@pytest.mark.parametrize("item, value", [
    (SINGLE, "z"), (SINGLE, ["b"]), (SINGLE, 1.0), (MULTIPLE, ["a", "a"]), (MULTIPLE, ["a", "zz"]),
    (MULTIPLE, "a"), (ORDERING, ["s1", "s1"]), (ORDERING, {"s1": "s2"}), (NUMERIC, "2.75"), (NUMERIC, float("nan")),
    (NUMERIC, True), (MATCHING, {"x": "nope"}), (MATCHING, {"nope": "p"}), (MATCHING, ["x", "p"]),
])
def test_an_answer_that_does_not_fit_its_question_is_invalid_and_scores_zero(item, value):
    outcome = grade(keyed(item), value, present=True)
    assert (outcome.status, outcome.score) == ("invalid", 0.0)
    assert outcome.message.startswith("Invalid answer (")


def test_messages_never_contain_the_key():
    for item in ALL:
        question = keyed(item)
        wrong = {"single": "a", "multiple": ["b"], "ordering": ["s1", "s2", "s3", "s4", "s5"], "numeric": 9.0,
                 "matching": {"x": "s"}}[item.kind]
        message = grade(question, wrong, present=True).message
        texts = {"single": ["second"], "multiple": ["A", "C", "D"], "ordering": [], "numeric": ["2.75"],
                 "matching": ["P", "Q", "R"]}[item.kind]
        assert not any(f"“{t}”" in message or f" {t} " in message for t in texts), message


def test_partial_credit_follows_the_course_rules():
    assert grade(keyed(MULTIPLE), ["a", "c", "e"], present=True).score == 1.0  # (2 right - 1 wrong)/3 * 3
    assert grade(keyed(ORDERING), ["s1", "s3", "s5", "s2", "s4"], present=True).score == 3.0  # 4 in order of 5
    assert grade(keyed(NUMERIC), 2.6, present=True).score == 2.0
    assert grade(keyed(NUMERIC), 2.4, present=True).score == 0.0
    assert grade(keyed(MATCHING), {"x": "p", "y": "r", "z": "q"}, present=True).score == 1.0
    assert grade(keyed(ORDERING), ["s3", "s1"], present=True).score == 1.0  # a partial order still counts


@settings(deadline=None)  # the machine may be busy; speed is not what is tested
@given(st.lists(st.sampled_from(list("abcdez")), max_size=8))
def test_a_multiple_choice_score_is_always_between_zero_and_the_points(picks):
    outcome = grade(keyed(MULTIPLE), picks, present=True)
    assert 0.0 <= outcome.score <= 3.0
    if outcome.status == "invalid":
        assert outcome.score == 0


@settings(deadline=None)  # the machine may be busy; speed is not what is tested
@given(st.permutations([f"s{i}" for i in range(1, 6)]))
def test_an_ordering_scores_full_points_only_for_the_key(order):
    outcome = grade(keyed(ORDERING), list(order), present=True)
    assert (outcome.score == 4.0) == (list(order) == ORDERING.key)


@pytest.mark.parametrize("source, error", [
    ("import os\nquiz.single('q1', {'a': 'x'})", "only quiz"),
    ("quiz.single('q1', {'a': __import__('os').getcwd()})", "literal"),
    ("quiz.single('q1', {'a': 'x'})\nquiz.single('q2', {'a': 'x'})", "one question call"),
    ("quiz.single('q1', {'a': 'x'})\nquiz.key('q1', 'b')", "does not fit"),
    ("quiz.single('q1', {'a': 'x'})\nquiz.key('q9', 'a')", "names 'q9'"),
    ("quiz.ordering('q1', {'a': 'x', 'b': 'y'})\nquiz.key('q1', ['a'])", "lists every item"),
    ("quiz.explode('q1')", "one question call"),
    ("quiz.single('q1', {'a': 'x'}, **{'b': 1})", "kwargs"),
    ("quiz.single('q1')", "missing"),
    ("quiz.single(", "syntax"),
])
def test_cells_that_are_not_pure_data_are_authoring_errors(source, error):
    with pytest.raises(SpecError, match=error):
        parse_question_cell(source)


def test_parsing_never_evaluates_code():
    calls = parse_calls("quiz.single('q1', {'a': 'x'})")
    assert calls[0].args == ("q1", {"a": "x"})
    with pytest.raises(SpecError):
        parse_calls("quiz.single('q1', {'a': open('/etc/passwd').read()})")


def test_validate_returns_the_scorer_form():
    assert validate(keyed(NUMERIC), 3) == 3.0
    with pytest.raises(InvalidAnswer):
        validate(keyed(SINGLE), None)
