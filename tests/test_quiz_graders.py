"""nbgrader graders: friendly form checks for visible tests, float points and one stdout line for hidden tests."""

from __future__ import annotations

import pytest

from microneedling.quiz import graders as g

STEPS = ["cleanse", "numb", "remove_numbing", "disinfect", "needle", "soothe"]
OPTIONS = ["A", "B", "C", "D"]


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: g.check_single(None, OPTIONS, "answer_q1"), "answer_q1 has no answer yet"),
        (lambda: g.check_single(..., OPTIONS, "answer_q1"), "answer_q1 has no answer yet"),
        (lambda: g.check_single("b", OPTIONS, "answer_q1"), r"must be one of 'A', 'B', 'C', 'D'; you wrote 'b'. Did you mean 'B'\?"),
        (lambda: g.check_single(2, OPTIONS, "answer_q1"), "answer_q1 must be one of 'A'.*you wrote 2"),
        (lambda: g.check_single({"A"}, OPTIONS, "answer_q1"), "answer_q1 takes one option, not a collection"),
        (lambda: g.check_multiple("B", OPTIONS, "answer_q5"), "answer_q5 must be a set of option ids"),
        (lambda: g.check_multiple(set(), OPTIONS, "answer_q5"), "answer_q5 is empty: choose at least one"),
        (lambda: g.check_multiple({"B", "E"}, OPTIONS, "answer_q5"), "answer_q5 contains 'E', which is not an option"),
        (lambda: g.check_multiple(["B", "B"], OPTIONS, "answer_q5"), "answer_q5 lists 'B' more than once"),
        (lambda: g.check_ordering(["cleanse", "numb", "numb", "disinfect", "needle", "soothe"], STEPS, "answer_q3"),
         "answer_q3 must list each of the 6 steps once; you listed 'numb' twice"),
        (lambda: g.check_ordering(STEPS[:-1], STEPS, "answer_q3"), "you left out 'soothe'"),
        (lambda: g.check_ordering([*STEPS[:-1], "rinse"], STEPS, "answer_q3"), "contains 'rinse', which is not a step"),
        (lambda: g.check_ordering("cleanse,numb", STEPS, "answer_q3"), "answer_q3 must be a list of the 6 steps"),
        (lambda: g.check_numeric("three", "answer_q7"), "answer_q7 must be a number without quotes, using digits"),
        (lambda: g.check_numeric("1,5", "answer_q7"), "answer_q7 must be a number without quotes: write answer_q7 = 1.5"),
        (lambda: g.check_numeric(True, "answer_q7"), "answer_q7 must be a number such as 1.5"),
        (lambda: g.check_numeric(float("nan"), "answer_q7"), "answer_q7 must be a finite number"),
        (lambda: g.check_matching([("a", "x")], ["a", "b"], ["x", "y"], "answer_q8"), "answer_q8 must be a dict"),
        (lambda: g.check_matching({"a": "x"}, ["a", "b"], ["x", "y"], "answer_q8"), "answer_q8 leaves 'b' unmatched"),
        (lambda: g.check_matching({"a": "x", "b": "x"}, ["a", "b"], ["x", "y"], "answer_q8"),
         "answer_q8 uses 'x' for more than one item"),
        (lambda: g.check_matching({"a": "x", "b": "z"}, ["a", "b"], ["x", "y"], "answer_q8"),
         "answer_q8 uses 'z', which is not a right item"),
        (lambda: g.check_matching({"a": "x", "c": "y"}, ["a", "b"], ["x", "y"], "answer_q8"),
         "answer_q8 has key\\(s\\) 'c', which are not left items"),
        (lambda: g.check_text(42, "answer_q9"), "answer_q9 must be text in quotes"),
        (lambda: g.check_text("   ", "answer_q9"), "answer_q9 is empty"),
    ],
)
def test_form_checks_raise_friendly_assertion_errors(call, message, capsys):
    with pytest.raises(AssertionError, match=message):
        call()
    assert capsys.readouterr() == ("", "")


def test_well_formed_answers_pass_silently(capsys):
    assert g.check_single("B", OPTIONS, "a") is None
    assert g.check_single("B", {"A": "text", "B": "text"}, "a") is None  # options may be a mapping id -> text
    assert g.check_multiple({"A", "C"}, OPTIONS, "a") is None
    assert g.check_multiple(["A", "C"], set(OPTIONS), "a") is None
    assert g.check_ordering(list(reversed(STEPS)), STEPS, "a") is None
    assert g.check_numeric(1, "a") is None and g.check_numeric(1.5, "a") is None
    assert g.check_matching({"a": "y", "b": "x"}, ["a", "b"], ["x", "y", "z"], "a") is None
    assert g.check_text("Because ...", "a") is None
    assert capsys.readouterr() == ("", "")


@pytest.mark.parametrize(
    ("call", "points", "line"),
    [
        (lambda: g.grade_single("B", "B", 2, OPTIONS, "answer_q1"), 2.0, "answer_q1: correct (2 of 2 points)"),
        (lambda: g.grade_single("A", "B", 1, OPTIONS, "answer_q1"), 0.0, "answer_q1: not the right option (0 of 1 point)"),
        (lambda: g.grade_multiple({"A", "C", "D"}, {"A", "C"}, 2, OPTIONS, "answer_q5"), 1.0,
         "answer_q5: 2 right picks, 1 wrong pick (1 of 2 points)"),
        (lambda: g.grade_ordering(["numb", "cleanse", *STEPS[2:]], STEPS, 4, "answer_q3"), 3.2,
         "answer_q3: 5 of 6 steps in the right relative order (3.2 of 4 points)"),
        (lambda: g.grade_ordering(list(reversed(STEPS)), STEPS, 4, "answer_q3"), 0.0,
         "answer_q3: 1 of 6 steps in the right relative order (0 of 4 points)"),
        (lambda: g.grade_numeric(1.45, 1.5, 0.05, 1, "answer_q7"), 1.0, "answer_q7: within the accepted range (1 of 1 point)"),
        (lambda: g.grade_numeric(2, 1.5, 0.05, 1, "answer_q7"), 0.0, "answer_q7: outside the accepted range (0 of 1 point)"),
        (lambda: g.grade_matching({"a": "x", "b": "z", "c": "y"}, {"a": "x", "b": "y", "c": "z"}, 3, "answer_q8"), 1.0,
         "answer_q8: 1 of 3 pairs correct (1 of 3 points)"),
    ],
)
def test_graders_return_float_points_and_print_one_line_to_stdout(call, points, line, capsys):
    got = call()
    assert type(got) is float and got == points
    out, err = capsys.readouterr()
    assert out == line + "\n" and err == ""


def test_grade_messages_never_reveal_the_key(capsys):
    g.grade_single("A", "D", 1, OPTIONS, "answer_q1")
    g.grade_ordering(list(reversed(STEPS)), STEPS, 1, "answer_q3")
    g.grade_numeric(3.0, 1.5, 0, 1, "answer_q7")
    g.grade_matching({"a": "y", "b": "x"}, {"a": "x", "b": "y"}, 1, "answer_q8")
    out = capsys.readouterr().out
    assert "'D'" not in out and "cleanse" not in out and "1.5" not in out and "'x'" not in out


def test_graders_check_the_form_before_scoring(capsys):
    with pytest.raises(AssertionError, match="answer_q3 must list each of the 6 steps once; you listed 'numb' 3 times"):
        g.grade_ordering(["numb", "numb", "numb", "disinfect", "needle", "soothe"], STEPS, 4, "answer_q3")
    with pytest.raises(AssertionError, match="answer_q8 leaves 'b' unmatched"):
        g.grade_matching({"a": "x"}, {"a": "x", "b": "y"}, 2, "answer_q8")
    assert capsys.readouterr() == ("", "")


def test_graders_write_nothing_to_stderr_even_with_warnings_as_errors(capsys):
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        g.grade_numeric(1, 1.0, 0, 1, "answer_q7")
        g.grade_multiple(("A",), ["A", "B"], 1, OPTIONS, "answer_q5")
    assert capsys.readouterr().err == ""
