"""What the cohort report reads: nbgrader's gradebook (SQLite or PostgreSQL) and the recorded answers.

Scores come from the gradebook in one query (fast for hundreds of trainees). The answer each trainee gave comes
from the autograded notebooks: the course's grader writes, per question, ``microneedling.graded[qid]`` =
``{"status": "answered"|"missing"|"invalid", "answer": value|null, "score": x, "max": y, "message": "…"}`` into
each autograded notebook's metadata (docs/recorded-answers.md). ``recorded_answers`` is the one place that reads
that shape. Option labels come from the released quiz notebooks.
"""

from __future__ import annotations

import ast
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text

SUFFIX = re.compile(r"_(test|answer|tests)$")
SCORES_SQL = text("""
SELECT a.name AS quiz, nb.name AS notebook, c.name AS cell, gc.max_score AS max_score,
       s.student_id AS student, g.auto_score AS auto_score, g.manual_score AS manual_score,
       g.extra_credit AS extra_credit, g.needs_manual_grade AS needs_manual
FROM grade g
JOIN base_cell c ON g.cell_id = c.id
JOIN grade_cells gc ON gc.id = c.id
JOIN submitted_notebook sn ON g.notebook_id = sn.id
JOIN notebook nb ON sn.notebook_id = nb.id
JOIN submitted_assignment s ON sn.assignment_id = s.id
JOIN assignment a ON s.assignment_id = a.id
WHERE a.course_id = :course
""")
ITEMS_SQL = text("""
SELECT a.name AS quiz, nb.name AS notebook, c.name AS cell, gc.max_score AS max_score
FROM grade_cells gc JOIN base_cell c ON gc.id = c.id JOIN notebook nb ON c.notebook_id = nb.id
JOIN assignment a ON nb.assignment_id = a.id WHERE a.course_id = :course
""")
STUDENTS_SQL = text("SELECT id FROM student")


def question_id(cell_name: str) -> str:
    """``q3_test`` / ``q12_answer`` / ``q3`` -> ``q3``: the question a grade cell belongs to."""
    return SUFFIX.sub("", cell_name)


@dataclass(frozen=True)
class Grade:
    quiz: str
    question: str
    student: str
    max_points: float
    score: float | None  # None: not graded yet (a written answer waiting for a grader)
    needs_manual: bool
    manual: bool  # a hand-marked question (no automatic score)


@dataclass
class Cohort:
    """Everything the report needs, read once."""

    course_id: str
    source: str  # where the data came from, without secrets
    students: list[str]
    items: dict[str, dict[str, float]]  # quiz -> question -> max points (every question, answered or not)
    grades: list[Grade]
    answers: dict[tuple[str, str], dict[str, dict[str, Any]]] = field(default_factory=dict)  # (quiz, student)
    options: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)  # quiz -> question -> id -> label

    def quizzes(self) -> list[str]:
        return sorted(self.items)


def redact(db_url: str) -> str:
    return re.sub(r"//([^:/@]+):[^@]*@", r"//\1:***@", db_url)


def read_gradebook(db_url: str, course_id: str) -> tuple[list[str], dict[str, dict[str, float]], list[Grade]]:
    engine = create_engine(db_url, future=True)
    try:
        with engine.connect() as db:
            students = sorted(row.id for row in db.execute(STUDENTS_SQL))
            items: dict[str, dict[str, float]] = {}
            for row in db.execute(ITEMS_SQL, {"course": course_id}):
                qid = question_id(row.cell)
                items.setdefault(row.quiz, {})[qid] = items.get(row.quiz, {}).get(qid, 0.0) + float(row.max_score)
            grades = []
            for row in db.execute(SCORES_SQL, {"course": course_id}):
                manual = row.auto_score is None
                score = row.manual_score if row.manual_score is not None else row.auto_score
                if score is not None:
                    score = float(score) + float(row.extra_credit or 0)
                grades.append(Grade(row.quiz, question_id(row.cell), row.student, float(row.max_score),
                                    score, bool(row.needs_manual), manual))
    finally:
        engine.dispose()
    return students, items, grades


def recorded_answers(notebook: Path) -> dict[str, dict[str, Any]]:
    """``microneedling.graded`` of one autograded notebook (read with the grader's own reader,
    ``microneedling.grading.results.graded_answers``): question id -> {status, answer, score, max, message}.

    A notebook without it (graded before the recorded-answer grader, or unreadable) gives no answers: its scores
    still count, only the option analysis skips it.
    """
    from microneedling.grading.results import graded_answers

    try:
        answers, _notes = graded_answers(notebook)
    except (OSError, ValueError, KeyError, TypeError):
        return {}
    return {qid: {"status": a.status, "answer": a.answer, "score": a.score, "max": a.max, "message": a.message}
            for qid, a in answers.items()}


def question_options(notebook: Path) -> dict[str, dict[str, str]]:
    """Option labels of each choice question in a released quiz: question id -> option id -> label.

    Reads literal arguments only (``ast.literal_eval``), never runs anything: ``quiz.single("q3", {...})`` /
    ``quiz.multiple(...)`` calls, and the ``Q3_OPTIONS = {...}`` assignments of the first quiz format.
    """
    try:
        cells = json.loads(notebook.read_text(encoding="utf-8")).get("cells", [])
    except (OSError, ValueError):
        return {}
    found: dict[str, dict[str, str]] = {}
    for cell in cells:
        if cell.get("cell_type") != "code":
            continue
        source = "".join(cell.get("source", []))
        try:
            tree = ast.parse(source)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", None))
                    in {"single", "multiple"} and len(node.args) >= 2):
                qid, options = _literal(node.args[0]), _literal(node.args[1])
                if isinstance(qid, str) and isinstance(options, dict):
                    found[qid] = {str(k): str(v) for k, v in options.items()}
            elif isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                match = re.fullmatch(r"Q(\d+)_OPTIONS", node.targets[0].id)
                options = _literal(node.value)
                if match and isinstance(options, dict):
                    found[f"q{match.group(1)}"] = {str(k): str(v) for k, v in options.items()}
    return found


def _literal(node: ast.AST) -> Any:
    try:
        return ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return None


def read_cohort(db_url: str, course_id: str, course_dir: Path | None = None,
                autograded: str = "autograded", release: str = "release") -> Cohort:
    """The gradebook's scores, plus recorded answers and option labels when the course folder is given."""
    students, items, grades = read_gradebook(db_url, course_id)
    cohort = Cohort(course_id, redact(db_url), students, items, grades)
    if course_dir is None:
        return cohort
    submitted = {(g.quiz, g.student) for g in grades}
    for quiz, student in submitted:
        answers: dict[str, dict[str, Any]] = {}
        for notebook in sorted((course_dir / autograded / student / quiz).glob("*.ipynb")):
            answers.update(recorded_answers(notebook))
        if answers:
            cohort.answers[(quiz, student)] = answers
    for quiz in items:
        options: dict[str, dict[str, str]] = {}
        for notebook in sorted((course_dir / release / quiz).glob("*.ipynb")):
            options.update(question_options(notebook))
        cohort.options[quiz] = options
    return cohort
