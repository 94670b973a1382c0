"""A simulated cohort in a real nbgrader gradebook, for the report's tests, its demo and the benchmark.

Each trainee has an ability; each question a difficulty; a trainee answers a question right with the logistic
probability of (ability − difficulty) (a Rasch model), otherwise picks a distractor. The result is what a graded
cohort leaves behind: the gradebook (students, quizzes, submissions, scores; written answers partly marked) and
one autograded notebook per submission carrying ``microneedling.graded`` (the recorded-answer shape). A question
can be planted with a wrong key, be too easy, too hard, or never answered, to check the report notices.
"""

from __future__ import annotations

import json
import math
import random
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from nbgrader.api import Gradebook


@dataclass(frozen=True)
class SimQuestion:
    qid: str
    options: dict[str, str]  # empty: a written answer marked by hand
    correct: str = ""        # the truly right option
    key: str = ""            # what the grader treats as right (differs from correct: a planted bad key)
    difficulty: float = 0.0
    points: float = 2.0
    never_answered: bool = False

    @property
    def written(self) -> bool:
        return not self.options


@dataclass
class SimQuiz:
    quiz: str
    questions: list[SimQuestion] = field(default_factory=list)


def standard_quiz(quiz: str, count: int = 10, seed: int = 0, bad_key: str | None = None,
                  everyone_right: str | None = None, never_answered: str | None = None) -> SimQuiz:
    """``count`` single-choice questions (options a–d, right answer varies) plus one written answer."""
    rng = random.Random(seed)
    questions = []
    for i in range(1, count + 1):
        qid = f"q{i}"
        options = {o: f"Option {o.upper()} of {qid}" for o in "abcd"}
        correct = rng.choice("abcd")
        key = correct
        difficulty = rng.uniform(-1.5, 1.5)
        if qid == bad_key:  # a question most trainees know, keyed to a wrong option
            key = next(o for o in "abcd" if o != correct)
            difficulty = -1.0
        if qid == everyone_right:
            difficulty = -12.0
        questions.append(SimQuestion(qid, options, correct, key, difficulty, 2.0, qid == never_answered))
    questions.append(SimQuestion(f"q{count + 1}", {}, points=3.0))
    return SimQuiz(quiz, questions)


def _answer(rng: random.Random, ability: float, question: SimQuestion) -> str:
    p_right = 1 / (1 + math.exp(-(ability - question.difficulty)))
    if rng.random() < p_right:
        return question.correct
    return rng.choice([o for o in question.options if o != question.correct])


def autograded_notebook(records: dict[str, dict]) -> dict:
    """A minimal autograded notebook carrying the recorded-answer grades in its metadata."""
    return {"nbformat": 4, "nbformat_minor": 5, "cells": [],
            "metadata": {"microneedling": {"graded": records}}}


def released_notebook(quiz: SimQuiz) -> dict:
    """A released quiz whose question cells use the graded-quiz format (``quiz.single("q1", {...})``)."""
    cells = [{"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [], "id": q.qid,
              "source": f"quiz.single({q.qid!r}, {q.options!r})"} for q in quiz.questions if not q.written]
    return {"nbformat": 4, "nbformat_minor": 5, "cells": cells, "metadata": {}}


def build_cohort(course: Path, db_url: str, quizzes: list[SimQuiz], trainees: int, seed: int = 1,
                 marked_fraction: float = 0.7, course_id: str = "microneedling101") -> list[str]:
    """Write the gradebook and the autograded/released notebooks of a simulated cohort; returns trainee ids."""
    from microneedling.cohort import tools_on_path

    tools_on_path()
    rng = random.Random(seed)
    students = [f"trainee{i:03d}" for i in range(1, trainees + 1)]
    ability = {s: rng.gauss(0, 1) for s in students}
    with warnings.catch_warnings(), Gradebook(db_url, course_id) as gb:
        # nbgrader's add_submission trips a harmless SQLAlchemy autoflush warning
        warnings.simplefilter("ignore")
        for student in students:
            gb.update_or_create_student(student, first_name=student.title(), last_name="Simulated")
        for quiz in quizzes:
            gb.update_or_create_assignment(quiz.quiz)
            gb.add_notebook(quiz.quiz, quiz.quiz)
            for q in quiz.questions:
                gb.add_grade_cell(q.qid, quiz.quiz, quiz.quiz, max_score=q.points,
                                  cell_type="markdown" if q.written else "code")
                if q.written:
                    gb.add_solution_cell(q.qid, quiz.quiz, quiz.quiz)
            release = course / "release" / quiz.quiz
            release.mkdir(parents=True, exist_ok=True)
            (release / f"{quiz.quiz}.ipynb").write_text(json.dumps(released_notebook(quiz)))
            for student in students:
                submission = gb.add_submission(quiz.quiz, student)
                records = {}
                for grade in submission.notebooks[0].grades:
                    q = next(x for x in quiz.questions if x.qid == grade.name)
                    if q.written:
                        grade.auto_score = None
                        if rng.random() < marked_fraction:
                            grade.manual_score = round(q.points * min(1.0, max(0.0, 0.5 + 0.3 * ability[student])))
                            grade.needs_manual_grade = False
                        else:
                            grade.needs_manual_grade = True
                        continue
                    if q.never_answered:
                        records[q.qid] = {"status": "missing", "answer": None, "score": 0.0, "max": q.points,
                                          "message": "not answered"}
                        grade.auto_score = 0.0
                    else:
                        chosen = _answer(rng, ability[student], q)
                        score = q.points if chosen == q.key else 0.0
                        records[q.qid] = {"status": "answered", "answer": chosen, "score": score, "max": q.points,
                                          "message": "correct" if score else "not the best answer"}
                        grade.auto_score = score
                    grade.needs_manual_grade = False
                gb.db.commit()
                folder = course / "autograded" / student / quiz.quiz
                folder.mkdir(parents=True, exist_ok=True)
                (folder / f"{quiz.quiz}.ipynb").write_text(json.dumps(autograded_notebook(records)))
    return students
