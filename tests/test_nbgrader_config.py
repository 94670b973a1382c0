"""The course's nbgrader configuration cannot silently fall back to executing trainees' notebooks."""

from __future__ import annotations

import ast
import importlib
import re

from tests.conftest import ROOT
from tests.nbgrader_course import make_course, run_nbgrader, submit_folder

CONFIG = ROOT / "nbgrader_config.py"


def test_the_config_imports_nothing_that_could_fail():
    """If the file raised, nbgrader would log it and carry on with its defaults, whose autograde executes code."""
    imported = [node for node in ast.walk(ast.parse(CONFIG.read_text()))
                if isinstance(node, (ast.Import, ast.ImportFrom))]
    assert [ast.unparse(node) for node in imported] == ["import os"]


def test_every_named_class_exists():
    names = re.findall(r'"((?:microneedling|nbgrader|nbconvert)\.[\w.]+)"', CONFIG.read_text())
    assert len(names) >= 8
    for name in names:
        module, _, attribute = name.rpartition(".")
        assert hasattr(importlib.import_module(module), attribute), name


def test_a_course_class_that_cannot_be_loaded_stops_autograde_instead_of_executing(tmp_path):
    course = make_course(tmp_path / "course", quizzes=("preparation_quiz",))
    run_nbgrader(course, "generate_assignment", "preparation_quiz")
    release = course / "assignments" / "preparation_quiz" / "preparation_quiz.ipynb"
    submit_folder(course / "submitted" / "ada" / "preparation_quiz", release)
    config = course / "nbgrader_config.py"
    config.write_text(config.read_text().replace("microneedling.grading.autograde.", "microneedling.missing."))
    result = run_nbgrader(course, "autograde", "preparation_quiz", check=False)
    assert result.returncode != 0
    assert "microneedling.missing" in result.stderr
    assert not (course / "autograded" / "ada").exists()
