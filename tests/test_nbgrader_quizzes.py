"""The four course quizzes through real nbgrader: model answers score full marks, untouched notebooks 0.

The written answers need a human, so "full marks" means every autograded point; the written answer of
the model trainee waits in Formgrader and the untouched one scores 0 automatically.
"""

from __future__ import annotations

import re

import nbformat
import pytest
from nbgrader.api import Gradebook

from tests.conftest import ROOT
from tests.nbgrader_course import QUIZ_IDS, make_course, run_nbgrader, submission


def _points(quiz: str) -> tuple[float, float]:
    """(autograded points, manually graded points) from the source notebook's nbgrader metadata."""
    cells = nbformat.read(ROOT / "source" / quiz / f"{quiz}.ipynb", as_version=4).cells
    auto = manual = 0.0
    for cell in cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade"):
            if meta.get("solution"):
                manual += meta["points"]
            else:
                auto += meta["points"]
    return auto, manual


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    course = make_course(tmp_path_factory.mktemp("quizzes") / "course")
    run_nbgrader(course, "db", "student", "add", "model")
    run_nbgrader(course, "db", "student", "add", "blank")
    for quiz in QUIZ_IDS:
        run_nbgrader(course, "generate_assignment", quiz, "--force")
        release = course / "assignments" / quiz / f"{quiz}.ipynb"
        for trainee, notebook in (("model", submission(release, {}, source=course / "source" / quiz / f"{quiz}.ipynb")),
                                  ("blank", submission(release, {}))):
            folder = course / "submitted" / trainee / quiz
            folder.mkdir(parents=True)
            nbformat.write(notebook, folder / f"{quiz}.ipynb")
        run_nbgrader(course, "autograde", quiz)
    return course


@pytest.mark.slow
@pytest.mark.parametrize("quiz", QUIZ_IDS)
def test_model_answers_score_every_autograded_point_and_untouched_scores_zero(quiz, graded):
    auto, manual = _points(quiz)
    assert manual > 0, f"{quiz} needs a written answer"
    with Gradebook(f"sqlite:///{graded / 'gradebook.db'}") as gb:
        model = gb.find_submission(quiz, "model")
        blank = gb.find_submission(quiz, "blank")
        assert model.max_score == auto + manual
        assert model.score == pytest.approx(auto)
        assert model.needs_manual_grade
        assert blank.score == 0


@pytest.mark.parametrize("quiz", QUIZ_IDS)
def test_each_heading_shows_the_points_of_its_question(quiz):
    cells = nbformat.read(ROOT / "source" / quiz / f"{quiz}.ipynb", as_version=4).cells
    headings = {}
    for cell in cells:
        match = re.match(r"## Question (\d+) — .*\((\d+(?:\.\d+)?) points?", cell.source)
        if match:
            headings[int(match.group(1))] = float(match.group(2))
    graded_points = {}
    for cell in cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade"):
            graded_points[int(re.match(r"q(\d+)_", meta["grade_id"]).group(1))] = float(meta["points"])
    assert headings == graded_points
    assert list(headings) == list(range(1, len(headings) + 1)), "questions are numbered 1, 2, 3, … in order"
    assert 8 <= len(headings) <= 12
