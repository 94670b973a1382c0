"""`make bench`'s grading benchmark stays runnable: its simulated answers fit their questions, and its stock baseline
quiz asks the same questions with the same points (the benchmark itself checks both graders give the same scores)."""

from __future__ import annotations

import nbformat

from benchmarks.grading import baseline_quiz, cohort_answers
from microneedling.quiz.graded_spec import validate
from tests.conftest import ROOT
from tests.nbgrader_course import QUIZ_IDS, questions


def test_simulated_answers_are_well_formed_and_mixed():
    answers = cohort_answers(20)
    specs = {quiz: questions(ROOT / "source" / quiz / f"{quiz}.ipynb") for quiz in QUIZ_IDS}
    given = missing = 0
    for by_quiz in answers.values():
        for quiz, by_question in by_quiz.items():
            for qid, value in by_question.items():
                if value is None:
                    missing += 1
                    continue
                validate(specs[quiz][qid].spec.question, value)
                given += 1
    assert given and missing


def test_the_baseline_quiz_has_one_scored_test_per_question_with_its_points():
    for quiz in QUIZ_IDS:
        nb = baseline_quiz(quiz)
        nbformat.validate(nb)
        tests = {c.metadata["nbgrader"]["grade_id"]: c.metadata["nbgrader"]["points"] for c in nb.cells
                 if c.metadata.get("nbgrader", {}).get("grade")}
        auto = {qid: q.points for qid, q in questions(ROOT / "source" / quiz / f"{quiz}.ipynb").items()
                if not q.written}
        assert tests == auto
