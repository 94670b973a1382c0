"""The trainee copy of the course holds the lessons and released quizzes, and never a key or a model answer."""

from __future__ import annotations

import subprocess

import pytest

from microneedling.distribution import CopyError, build, files_to_copy, main
from tests.conftest import ROOT
from tests.nbgrader_course import QUIZ_IDS, leak_lines


@pytest.fixture(scope="module")
def copy(tmp_path_factory):
    dest = tmp_path_factory.mktemp("trainee") / "course"
    build(dest)
    return dest


def test_the_copy_has_what_a_trainee_needs_and_no_instructor_folder(copy):
    for needed in ("README.md", "Makefile", "pyproject.toml", "notebooks/00_welcome.ipynb", "microneedling/__init__.py",
                   *(f"assignments/{q}/{q}.ipynb" for q in QUIZ_IDS)):
        assert (copy / needed).is_file(), needed
    for absent in ("source", "tests", "benchmarks", "nbgrader_config.py", "deploy", "docs", ".ci"):
        assert not (copy / absent).exists(), absent
    assert "make lab" in (copy / "README.md").read_text()


def test_no_key_or_model_answer_is_anywhere_in_the_copy(copy):
    secret = {line for quiz in QUIZ_IDS for line in leak_lines(ROOT / "source" / quiz / f"{quiz}.ipynb")}
    assert len(secret) > 20, "the leak check found too few key lines to look for"
    found = []
    for path in copy.rglob("*"):
        if path.is_file() and ".git" not in path.parts:
            text = path.read_text(errors="ignore")
            found += [(str(path.relative_to(copy)), line) for line in secret if line in text]
    assert found == []


def test_the_leak_check_can_fail():
    source_text = (ROOT / "source" / QUIZ_IDS[0] / f"{QUIZ_IDS[0]}.ipynb").read_text()
    assert any(line in source_text for line in leak_lines(ROOT / "source" / QUIZ_IDS[0] / f"{QUIZ_IDS[0]}.ipynb"))


def test_the_copy_is_a_git_repository_that_takes_updates(copy):
    log = subprocess.run(["git", "log", "--oneline"], cwd=copy, capture_output=True, text=True, check=True).stdout
    assert log.count("Course update") == 1
    assert "already up to date" in build(copy)
    (copy / "notebooks" / "stray.ipynb").write_text("{}")
    subprocess.run(["git", "add", "-A"], cwd=copy, check=True)
    build(copy)  # files that are no longer part of the course are removed by the next update
    assert not (copy / "notebooks" / "stray.ipynb").exists()


def test_only_tracked_files_are_copied():
    files = files_to_copy()
    assert all(not str(f).endswith((".pyc", ".answers.json")) for f in files)
    assert not any(part == "source" for f in files for part in f.parts)


def test_a_folder_that_is_not_a_trainee_copy_is_refused_with_a_message(tmp_path, capsys):
    (tmp_path / "something.txt").write_text("mine")
    with pytest.raises(CopyError, match="not a trainee copy"):
        build(tmp_path)
    assert main([str(tmp_path)]) == 1
    assert "Could not build the trainee copy" in capsys.readouterr().err
    with pytest.raises(CopyError, match="outside the course folder"):
        build(ROOT / "notebooks")
