"""Graded-quiz widgets driven headless: every click is recorded at once, shown back, and restored after a restart."""

from __future__ import annotations

import json

import pytest

from microneedling.quiz.graded import GradedQuiz
from microneedling.quiz.typed_input import InputProblem, parse_number
from microneedling.quiz.recorded import ANSWER_MIME, answers_path

OPTIONS = {"a": "Proceed", "b": "Defer treatment", "c": "Refer *before* treating <b>now</b>"}
STEPS = {"s1": "Cleanse", "s2": "Numb", "s3": "Remove the cream", "s4": "Antisepsis"}
LEFT = {"x": "Active cold sore", "y": "Pregnancy"}
RIGHT = {"p": "Defer", "q": "Proceed with precautions", "r": "Refer"}


def build(directory) -> GradedQuiz:
    quiz = GradedQuiz("quiz", directory)
    quiz.single("q1", OPTIONS)
    quiz.multiple("q2", OPTIONS)
    quiz.ordering("q3", STEPS)
    quiz.numeric("q4", unit="mm", minimum=0, maximum=5)
    quiz.matching("q5", LEFT, RIGHT)
    quiz.written("q6")
    quiz.summary()
    return quiz


def on_disk(directory) -> dict:
    return {q: a["value"] for q, a in json.loads(answers_path(directory, "quiz").read_text())["answers"].items()}


def answer_everything(quiz: GradedQuiz) -> None:
    w = quiz.widgets
    w["q1"].choice.value = "b"
    w["q2"].boxes["a"].value = True
    w["q2"].boxes["c"].value = True
    for step in ("s1", "s2", "s3", "s4"):
        w["q3"].step_buttons[step].click()
    w["q4"].number.value = "1,5"
    w["q5"].pairs["x"].value = "p"
    w["q5"].pairs["y"].value = "r"
    w["q6"].text.value = "Because pregnancy is a reason to defer."


def test_every_answer_is_on_disk_the_moment_it_is_given(tmp_path):
    quiz = build(tmp_path)
    quiz.widgets["q1"].choice.value = "b"
    assert on_disk(tmp_path) == {"q1": "b"}
    answer_everything(quiz)
    assert on_disk(tmp_path) == {"q1": "b", "q2": ["a", "c"], "q3": ["s1", "s2", "s3", "s4"], "q4": 1.5,
                                 "q5": {"x": "p", "y": "r"}, "q6": "Because pregnancy is a reason to defer."}
    assert quiz.widgets["q4"].state["value"] == 1.5 and quiz.widgets["q4"].state["recorded_at"]


def test_the_recorded_answer_is_shown_in_words_and_carried_as_data(tmp_path):
    quiz = build(tmp_path)
    assert quiz.widgets["q1"].bundle()["text/plain"] == "Question 1: not answered yet."
    assert quiz.widgets["q1"].bundle()[ANSWER_MIME]["value"] is None
    answer_everything(quiz)
    single = quiz.widgets["q1"].bundle()
    assert single[ANSWER_MIME]["value"] == "b" and single[ANSWER_MIME]["question"] == "q1"
    assert "Recorded answer, question 1" in single["text/plain"] and "Defer treatment" in single["text/plain"]
    multiple = quiz.widgets["q2"].bundle()["text/markdown"]
    assert "\\*before\\*" in multiple and "\\<b\\>" in multiple, "option text is shown literally, not as Markdown"
    assert "Cleanse → Numb" in quiz.widgets["q3"].bundle()["text/plain"]
    assert "1.5 mm" in quiz.widgets["q4"].bundle()["text/plain"]
    assert "7 words saved" in quiz.widgets["q6"].bundle()["text/plain"]


def test_restart_and_run_all_shows_the_recorded_answers_again(tmp_path):
    answer_everything(build(tmp_path))
    again = build(tmp_path)  # a new kernel runs every cell again
    w = again.widgets
    assert w["q1"].choice.value == "b"
    assert [k for k, box in w["q2"].boxes.items() if box.value] == ["a", "c"]
    assert w["q3"].order == ["s1", "s2", "s3", "s4"] and all(b.disabled for b in w["q3"].step_buttons.values())
    assert w["q4"].number.value == "1.5"
    assert {k: d.value for k, d in w["q5"].pairs.items()} == {"x": "p", "y": "r"}
    assert w["q6"].text.value.startswith("Because")
    assert "6 of 6 questions answered" in again._summaries[0].value
    assert on_disk(tmp_path)["q1"] == "b", "restoring records nothing new"


def test_a_reopened_notebook_without_its_answers_file_restores_from_the_saved_outputs(tmp_path):
    quiz = build(tmp_path)
    answer_everything(quiz)
    outputs = [{"output_type": "display_data", "metadata": {}, "data": w.bundle()} for w in quiz.widgets.values()]
    (tmp_path / "quiz.ipynb").write_text(json.dumps({"cells": [{"cell_type": "code", "outputs": outputs}]}))
    answers_path(tmp_path, "quiz").unlink()  # e.g. only the .ipynb was uploaded to the LMS and downloaded again
    again = build(tmp_path)
    assert again.widgets["q5"].pairs["y"].value == "r"
    assert again.widgets["q1"].choice.value == "b"


def test_typing_three_into_a_number_says_what_to_type_and_keeps_the_last_answer(tmp_path):
    quiz = build(tmp_path)
    numeric = quiz.widgets["q4"]
    numeric.number.value = "2"
    numeric.number.value = "three"
    assert "not a number" in numeric.state["message"] and "Not recorded" in numeric.message.value
    assert on_disk(tmp_path)["q4"] == 2.0
    numeric.number.value = "12"
    assert "outside the possible range" in numeric.state["message"] and on_disk(tmp_path)["q4"] == 2.0
    numeric.number.value = "0.5"
    assert numeric.state["message"] == "" and on_disk(tmp_path)["q4"] == 0.5


@pytest.mark.parametrize("typed, value", [("1.5", 1.5), ("1,5", 1.5), (" 2 ", 2.0), (".5", 0.5), ("-1", -1.0)])
def test_numbers_are_read_as_clinicians_type_them(typed, value):
    assert parse_number(typed) == value


@pytest.mark.parametrize("typed", ["", "three", "1.2.3", "1 000", "1e3", "nan"])
def test_what_is_not_a_number_is_refused(typed):
    with pytest.raises(InputProblem):
        parse_number(typed)


def test_ordering_by_clicking_with_undo_and_start_again(tmp_path):
    quiz = build(tmp_path)
    order = quiz.widgets["q3"]
    assert order.undo.disabled and "No steps placed" in order.sequence.value
    order.step_buttons["s2"].click()
    order.step_buttons["s1"].click()
    order.step_buttons["s2"].click()  # already placed: ignored (the button is disabled in the browser)
    assert on_disk(tmp_path)["q3"] == ["s2", "s1"] and "2 steps still to place" in order.sequence.value
    order.undo.click()
    assert on_disk(tmp_path)["q3"] == ["s2"]
    order.reset.click()
    assert on_disk(tmp_path)["q3"] == [] and not any(b.disabled for b in order.step_buttons.values())
    assert "not answered yet" in order.bundle()["text/plain"]


def test_matching_starts_with_a_prompt_and_records_each_pair(tmp_path):
    quiz = build(tmp_path)
    pairs = quiz.widgets["q5"].pairs
    assert all(d.value is None and d.options[0][0] == "Choose…" for d in pairs.values())
    pairs["y"].value = "q"
    assert on_disk(tmp_path)["q5"] == {"y": "q"}
    pairs["x"].value = "q"
    assert "more than one item" in quiz.widgets["q5"].repeat_warning.value, "a repeated option is pointed out"
    assert on_disk(tmp_path)["q5"] == {"x": "q", "y": "q"}, "and still recorded as given"
    pairs["x"].value = None
    pairs["y"].value = None
    assert on_disk(tmp_path)["q5"] == {} and quiz.widgets["q5"].repeat_warning.value == ""


def test_a_written_answer_is_saved_with_its_word_count_and_a_limit(tmp_path):
    quiz = build(tmp_path)
    written = quiz.widgets["q6"]
    written.text.value = "One two three"
    assert on_disk(tmp_path)["q6"] == "One two three" and "3 words" in written.count.value
    written.save_button.click()
    written.text.value = "x" * 25_000
    assert "longer than" in written.state["message"] and on_disk(tmp_path)["q6"] == "One two three"


def test_nothing_is_written_while_nbgrader_runs_the_notebook(tmp_path, monkeypatch):
    monkeypatch.setenv("NBGRADER_EXECUTION", "validate")
    quiz = build(tmp_path)
    quiz.widgets["q1"].choice.value = "a"
    assert not answers_path(tmp_path, "quiz").exists()


def test_running_a_question_cell_again_keeps_what_was_answered_since(tmp_path):
    quiz = build(tmp_path)
    quiz.widgets["q1"].choice.value = "c"
    quiz.single("q1", OPTIONS)  # the trainee runs that one cell again
    assert quiz.widgets["q1"].choice.value == "c"


def test_the_summary_lists_what_is_still_open(tmp_path):
    quiz = build(tmp_path)
    assert "0 of 6 questions answered" in quiz._summaries[0].value
    quiz.widgets["q2"].boxes["a"].value = True
    quiz.widgets["q2"].boxes["a"].value = False  # untick: no answer any more
    summary = quiz._summaries[0].value
    assert "0 of 6" in summary and "Question 2" in summary
    answer_everything(quiz)
    assert "Every question has an answer" in quiz._summaries[0].value


def test_a_forged_record_that_does_not_fit_is_not_shown(tmp_path):
    answers_path(tmp_path, "quiz").write_text(json.dumps({
        "format": "microneedling-recorded-answers", "version": 1,
        "answers": {"q1": {"value": "zzz", "at": "2026-01-01T00:00:00Z"}, "q4": {"value": 99, "at": "x"}}}))
    quiz = build(tmp_path)
    assert quiz.widgets["q1"].choice.value is None and quiz.widgets["q1"].record is None
    assert quiz.widgets["q4"].number.value == "99"  # a number it cannot judge as wrong: shown, range says so


def test_an_unreadable_answers_file_is_explained_in_the_summary(tmp_path):
    answers_path(tmp_path, "quiz").write_text("{broken")
    quiz = build(tmp_path)
    assert "not readable JSON" in quiz._summaries[0].value
    quiz.widgets["q1"].choice.value = "a"
    assert on_disk(tmp_path) == {"q1": "a"}, "answering again writes a fresh, valid file"


def test_the_instructor_version_shows_and_checks_the_key(tmp_path):
    quiz = GradedQuiz("quiz", tmp_path)
    quiz.single("q1", OPTIONS)
    quiz.key("q1", "b", facts=["x.y"])
    with pytest.raises(ValueError, match="does not fit"):
        quiz.key("q1", "zz")
    with pytest.raises(ValueError, match="must follow"):
        quiz.key("q9", "a")
