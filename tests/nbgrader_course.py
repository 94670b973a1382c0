"""Helpers for the nbgrader tests: a temporary course directory, the nbgrader CLI, keys and submissions.

The hidden keys are read back from ``source/`` notebooks by parsing the grader calls (``grade_*``) in
their hidden-test regions, so tests never retype a key.
"""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat

from tests.conftest import ROOT

BIN = Path(sys.executable).parent
QUIZ_IDS = ("preparation_quiz", "procedure_quiz", "aftercare_quiz", "science_devices_quiz")
HIDDEN = re.compile(r"### BEGIN HIDDEN TESTS\n(.*?)### END HIDDEN TESTS", re.S)
SOLUTION = re.compile(r"### BEGIN SOLUTION\n(.*?)### END SOLUTION", re.S)
# nbgrader metadata that changes on every generate_assignment run (not content).
VOLATILE_METADATA = ("checksum", "cell_type")


def env() -> dict[str, str]:
    """The environment nbgrader needs: the venv's bin first (nbgrader shells out to ``alembic``)."""
    return {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}", "PYTHONWARNINGS": "ignore"}


def run_nbgrader(course: Path, *args: str, check: bool = True, timeout: float = 300) -> subprocess.CompletedProcess:
    result = subprocess.run([str(BIN / "nbgrader"), *args], cwd=course, env=env(), capture_output=True,
                            text=True, timeout=timeout)
    if check and result.returncode != 0:
        raise AssertionError(f"nbgrader {' '.join(args)} failed ({result.returncode}):\n{result.stderr[-4000:]}")
    return result


def make_course(target: Path, extra_config: str = "") -> Path:
    """A copy of the course's nbgrader files (config, source/) in ``target``; ``extra_config`` is appended."""
    target.mkdir(parents=True, exist_ok=True)
    config = (ROOT / "nbgrader_config.py").read_text()
    (target / "nbgrader_config.py").write_text(config + ("\n" + extra_config if extra_config else ""))
    shutil.copytree(ROOT / "source", target / "source", dirs_exist_ok=True)
    return target


@dataclass(frozen=True)
class HiddenKey:
    """A grader call found in a hidden test: which grader, the answer variable, the key and its arguments."""

    grader: str  # grade_single | grade_multiple | grade_ordering | grade_numeric | grade_matching
    name: str
    key: Any
    points: float
    tolerance: float | None = None


def hidden_keys(notebook: Path) -> dict[str, HiddenKey]:
    """Every hidden grader call in a source notebook, by answer variable name."""
    keys: dict[str, HiddenKey] = {}
    for cell in nbformat.read(notebook, as_version=4).cells:
        for region in HIDDEN.findall(cell.source):
            for node in ast.walk(ast.parse(region)):
                if isinstance(node, ast.Call) and getattr(node.func, "id", "").startswith("grade_"):
                    keys[node.args[0].id] = _hidden_key(node)
    return keys


def _hidden_key(call: ast.Call) -> HiddenKey:
    grader = call.func.id  # type: ignore[attr-defined]
    name = call.args[0].id  # type: ignore[attr-defined]
    key = ast.literal_eval(call.args[1])
    if grader == "grade_numeric":
        return HiddenKey(grader, name, key, float(ast.literal_eval(call.args[3])), float(ast.literal_eval(call.args[2])))
    return HiddenKey(grader, name, key, float(ast.literal_eval(call.args[2])))


def solutions(notebook: Path) -> dict[str, str]:
    """The model answer of each answer cell (code: its solution region; markdown: all of it), by grade_id."""
    found = {}
    for cell in nbformat.read(notebook, as_version=4).cells:
        meta = cell.metadata.get("nbgrader", {})
        match = SOLUTION.search(cell.source)
        if match:
            found[meta["grade_id"]] = match.group(1)
        elif cell.cell_type == "markdown" and meta.get("solution"):
            found[meta["grade_id"]] = cell.source  # a written answer: the whole cell is the model answer
    return found


def answer_cells(nb: nbformat.NotebookNode) -> dict[str, nbformat.NotebookNode]:
    return {c.metadata["nbgrader"]["grade_id"]: c for c in nb.cells
            if c.metadata.get("nbgrader", {}).get("solution")}


def submission(release: Path, answers: dict[str, str | None], source: Path | None = None,
               edit_tests: str | None = None) -> nbformat.NotebookNode:
    """A trainee's notebook made from the released one.

    ``source`` given: every answer cell gets its solution first (the "all correct" trainee). Then
    ``answers`` maps grade ids to new cell source (``None`` deletes the cell). ``edit_tests`` replaces
    every test cell's source (a trainee tampering with the visible tests).
    """
    nb = nbformat.read(release, as_version=4)
    cells = answer_cells(nb)
    if source is not None:
        for grade_id, solution in solutions(source).items():
            cell = cells[grade_id]
            cell.source = solution if cell.cell_type == "markdown" else cell.source.split("\n")[0] + "\n" + solution
    for grade_id, text in answers.items():
        if text is None:
            nb.cells.remove(cells[grade_id])
        else:
            cells[grade_id].source = text
    if edit_tests is not None:
        for cell in nb.cells:
            meta = cell.metadata.get("nbgrader", {})
            if meta.get("grade") and not meta.get("solution"):
                cell.source = edit_tests
    return nb


def leak_lines(source: Path) -> list[str]:
    """Lines of a source notebook that must never reach a trainee: solution and hidden-test lines."""
    lines = []
    for cell in nbformat.read(source, as_version=4).cells:
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type == "markdown" and meta.get("solution"):
            lines += cell.source.splitlines()
        for pattern in (SOLUTION, HIDDEN):
            for region in pattern.findall(cell.source):
                lines += region.splitlines()
    return [line.strip() for line in lines if len(line.strip()) > 3]
