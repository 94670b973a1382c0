"""assignments/ is what nbgrader generates from source/ (no drift), and it reveals no key or model answer."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest

from tests.conftest import ROOT
from tests.nbgrader_course import QUIZ_IDS, leak_lines, make_course, run_nbgrader

# nbgrader metadata that may differ between two generate runs without any change of content.
VOLATILE = ("checksum",)


def _normalised(path: Path) -> list[dict]:
    nb = json.loads(path.read_text())
    cells = []
    for cell in nb["cells"]:
        meta = dict(cell.get("metadata", {}).get("nbgrader", {}))
        for key in VOLATILE:
            meta.pop(key, None)
        cells.append({"type": cell["cell_type"], "source": "".join(cell["source"]), "nbgrader": meta})
    return cells


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory) -> Path:
    course = make_course(tmp_path_factory.mktemp("regenerate") / "course")
    for quiz in QUIZ_IDS:
        run_nbgrader(course, "generate_assignment", quiz, "--force")
    return course / "assignments"


def test_every_quiz_has_a_source_and_a_committed_assignment():
    for quiz in QUIZ_IDS:
        assert (ROOT / "source" / quiz / f"{quiz}.ipynb").exists(), quiz
        assert (ROOT / "assignments" / quiz / f"{quiz}.ipynb").exists(), f"run: nbgrader generate_assignment {quiz}"


@pytest.mark.slow
@pytest.mark.parametrize("quiz", QUIZ_IDS)
def test_assignments_have_not_drifted_from_source(quiz, regenerated):
    committed = ROOT / "assignments" / quiz / f"{quiz}.ipynb"
    fresh = regenerated / quiz / f"{quiz}.ipynb"
    assert _normalised(committed) == _normalised(fresh), (
        f"assignments/{quiz} is out of date: run `nbgrader generate_assignment {quiz} --force` and commit it")


@pytest.mark.parametrize("quiz", QUIZ_IDS)
def test_no_solution_or_hidden_test_line_reaches_the_trainee(quiz):
    source = ROOT / "source" / quiz / f"{quiz}.ipynb"
    trainee_text = "\n".join(c.source for c in nbformat.read(
        ROOT / "assignments" / quiz / f"{quiz}.ipynb", as_version=4).cells)
    lines = leak_lines(source)
    assert lines, "the leak check found no solution lines to look for"
    leaked = [line for line in lines if line in trainee_text]
    assert leaked == [], f"{quiz} reveals: {leaked}"
    assert "quiz.key(" not in trainee_text and "HIDDEN TESTS" not in trainee_text


def test_the_leak_check_can_fail():
    source = ROOT / "source" / QUIZ_IDS[0] / f"{QUIZ_IDS[0]}.ipynb"
    source_text = "\n".join(c.source for c in nbformat.read(source, as_version=4).cells)
    assert all(line in source_text for line in leak_lines(source))
