"""Helpers for the nbgrader tests: a temporary course, the nbgrader CLI, quiz questions read as data, submissions.

Keys are read back from the hidden tests of ``source/`` with the same parser the grader uses, so tests never retype
a key. Submissions are made the way a trainee's clicks make them: an answers file written by
:class:`~microneedling.quiz.recorded.AnswersFile` and/or answer outputs in the saved notebook.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat

from microneedling.course import QUIZZES
from microneedling.quiz.graded_spec import CellSpec, parse_question_cell
from microneedling.quiz.questions import FreeText
from microneedling.quiz.recorded import ANSWER_MIME, AnswersFile, format_time
from tests.conftest import ROOT

BIN = Path(sys.executable).parent
QUIZ_IDS = tuple(quiz.id for quiz in QUIZZES)
HIDDEN = re.compile(r"### BEGIN HIDDEN TESTS\n(.*?)### END HIDDEN TESTS", re.S)
T0 = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.timezone.utc)


def env() -> dict[str, str]:
    """The environment nbgrader needs: the venv's bin first (nbgrader shells out to ``alembic``)."""
    return {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}", "PYTHONWARNINGS": "ignore"}


def run_nbgrader(course: Path, *args: str, check: bool = True, timeout: float = 300) -> subprocess.CompletedProcess:
    result = subprocess.run([str(BIN / "nbgrader"), *args], cwd=course, env=env(), capture_output=True,
                            text=True, timeout=timeout)
    if check and result.returncode != 0:
        raise AssertionError(f"nbgrader {' '.join(args)} failed ({result.returncode}):\n{result.stderr[-4000:]}")
    return result


def make_course(target: Path, extra_config: str = "", quizzes: tuple[str, ...] = QUIZ_IDS) -> Path:
    """A copy of the course's nbgrader files (config, the given quizzes' sources) in ``target``."""
    target.mkdir(parents=True, exist_ok=True)
    config = (ROOT / "nbgrader_config.py").read_text()
    (target / "nbgrader_config.py").write_text(config + ("\n" + extra_config if extra_config else ""))
    for quiz in quizzes:
        shutil.copytree(ROOT / "source" / quiz, target / "source" / quiz, dirs_exist_ok=True)
    return target


@dataclass(frozen=True)
class QuizQuestion:
    """A graded question of a source notebook: its nbgrader points and the question read as data."""

    grade_id: str
    points: float
    spec: CellSpec | None  # None for a written answer

    @property
    def written(self) -> bool:
        return self.spec is None


def questions(notebook: Path) -> dict[str, QuizQuestion]:
    """Every graded question of a quiz notebook by grade id (keys present when it is a source notebook)."""
    found: dict[str, QuizQuestion] = {}
    for cell in nbformat.read(notebook, as_version=4).cells:
        meta = cell.metadata.get("nbgrader", {})
        if not meta.get("grade"):
            continue
        spec = parse_question_cell(cell.source, meta["points"]) if cell.cell_type == "code" else None
        found[meta["grade_id"]] = QuizQuestion(meta["grade_id"], float(meta["points"]), spec)
    return found


def keys(notebook: Path) -> dict[str, Any]:
    """The key of every automatically graded question, in the form an answer is recorded."""
    out = {}
    for qid, q in questions(notebook).items():
        if q.written:
            continue
        key = q.spec.question.key
        out[qid] = sorted(key) if isinstance(key, frozenset) else list(key) if isinstance(key, tuple) else (
            dict(key) if hasattr(key, "items") else key)
    return out


def auto_points(notebook: Path) -> float:
    return sum(q.points for q in questions(notebook).values() if not q.written)


def written_points(notebook: Path) -> float:
    return sum(q.points for q in questions(notebook).values() if q.written)


def record_answers(folder: Path, notebook: str, answers: dict[str, Any], at: dt.datetime = T0) -> None:
    """Write answers the way the quiz widgets do (one record per question, in order)."""
    store = AnswersFile(folder, notebook)
    for n, (qid, value) in enumerate(answers.items()):
        store.record(qid, value, at + dt.timedelta(seconds=n))


def embed_answers(nb: nbformat.NotebookNode, answers: dict[str, Any], at: dt.datetime = T0) -> nbformat.NotebookNode:
    """Put answers into a notebook as the saved outputs of its question cells (the LMS upload path)."""
    by_id = {c.metadata.get("nbgrader", {}).get("grade_id"): c for c in nb.cells}
    for n, (qid, value) in enumerate(answers.items()):
        cell = by_id.get(qid) if by_id.get(qid) is not None and by_id[qid].cell_type == "code" else by_id.get(
            f"{qid}_box")
        cell.outputs = [nbformat.v4.new_output("display_data", data={
            ANSWER_MIME: {"question": qid, "value": value, "at": format_time(at + dt.timedelta(seconds=n))},
            "text/plain": f"Recorded answer: {value!r}"})]
    return nb


def submit_folder(folder: Path, release: Path, answers: dict[str, Any] | None = None, *,
                  embedded: dict[str, Any] | None = None, notebook: nbformat.NotebookNode | None = None) -> Path:
    """A trainee's submission folder: the released notebook (or ``notebook``) plus recorded answers."""
    folder.mkdir(parents=True, exist_ok=True)
    nb = notebook if notebook is not None else nbformat.read(release, as_version=4)
    if embedded:
        embed_answers(nb, embedded)
    nbformat.write(nb, folder / release.name)
    if answers:
        record_answers(folder, release.stem, answers)
    return folder


def model_answers(source: Path) -> dict[str, Any]:
    """Every key, plus a written answer for each written question: a perfect trainee's answers."""
    answers: dict[str, Any] = dict(keys(source))
    for qid, q in questions(source).items():
        if q.written:
            answers[qid] = "A considered written answer in full sentences."
    return answers


def leak_lines(source: Path) -> list[str]:
    """Lines of a source notebook that must never reach a trainee: hidden keys and model answers."""
    lines = []
    for cell in nbformat.read(source, as_version=4).cells:
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type == "markdown" and meta.get("solution"):
            lines += cell.source.splitlines()
        for region in HIDDEN.findall(cell.source):
            lines += region.splitlines()
    return [line.strip() for line in lines if len(line.strip()) > 3]


def graded_metadata(autograded: Path) -> dict[str, Any]:
    return json.loads(autograded.read_text())["metadata"]["microneedling"]["graded"]


__all__ = ["FreeText", "QUIZ_IDS", "questions", "keys", "make_course", "run_nbgrader"]
