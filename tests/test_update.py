"""`make update` brings a trainee's real git clone up to date after a day's work, losing nothing."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path

import pytest

from microneedling.update import UpdateError, main, update
from tests.conftest import ROOT

GIT_ENV = {"GIT_AUTHOR_NAME": "Course", "GIT_AUTHOR_EMAIL": "course@example.org",
           "GIT_COMMITTER_NAME": "Course", "GIT_COMMITTER_EMAIL": "course@example.org"}


def git(repo: Path, *args: str) -> str:
    env = {**os.environ, **GIT_ENV}
    return subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True, text=True).stdout


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


@pytest.fixture
def course(tmp_path, monkeypatch):
    """A maintainer's repository, its shared origin, and a trainee's clone of it."""
    for name, value in GIT_ENV.items():
        monkeypatch.setenv(name, value)
    maintainer = tmp_path / "maintainer"
    maintainer.mkdir()
    git(maintainer, "init", "--quiet", "--initial-branch=main")
    write(maintainer / "notebooks" / "01_lesson.ipynb", '{"lesson": 1, "version": 1}\n')
    write(maintainer / "notebooks" / "02_lesson.ipynb", '{"lesson": 2, "version": 1}\n')
    write(maintainer / "assignments" / "quiz" / "quiz.ipynb", '{"quiz": 1, "answers": []}\n')
    git(maintainer, "add", ".")
    git(maintainer, "commit", "--quiet", "-m", "course v1")
    origin = tmp_path / "origin.git"
    git(tmp_path, "clone", "--quiet", "--bare", str(maintainer), str(origin))
    git(maintainer, "remote", "add", "origin", str(origin))
    git(maintainer, "fetch", "--quiet", "origin")
    git(maintainer, "branch", "--quiet", "--set-upstream-to=origin/main")
    trainee = tmp_path / "trainee"
    git(tmp_path, "clone", "--quiet", str(origin), str(trainee))
    return maintainer, trainee


def publish(maintainer: Path) -> None:
    git(maintainer, "add", ".")
    git(maintainer, "commit", "--quiet", "-m", "course update")
    git(maintainer, "push", "--quiet", "origin", "main")


def test_a_days_work_survives_a_course_update(course):
    maintainer, trainee = course
    # The trainee's day: notes in lessons 01 and 02, answers in the quiz, a scratch notebook, and a notebook
    # whose name the next course version happens to use.
    write(trainee / "notebooks" / "01_lesson.ipynb", '{"lesson": 1, "version": 1, "my notes": "dermis"}\n')
    write(trainee / "notebooks" / "02_lesson.ipynb", '{"lesson": 2, "version": 1, "my notes": "PIH"}\n')
    write(trainee / "assignments" / "quiz" / "quiz.ipynb", '{"quiz": 1, "answers": ["b"]}\n')
    write(trainee / "notebooks" / "scratch.ipynb", '{"mine": true}\n')
    write(trainee / "notebooks" / "03_lesson.ipynb", '{"my own": 3}\n')
    # The course update revises lesson 01 and adds lesson 03.
    write(maintainer / "notebooks" / "01_lesson.ipynb", '{"lesson": 1, "version": 2}\n')
    write(maintainer / "notebooks" / "03_lesson.ipynb", '{"lesson": 3, "version": 1}\n')
    publish(maintainer)

    report = update(trainee, now=dt.datetime(2026, 3, 2, 17, 30))

    assert git(trainee, "rev-parse", "HEAD") == git(maintainer, "rev-parse", "HEAD")
    assert (trainee / "notebooks" / "01_lesson.ipynb").read_text() == '{"lesson": 1, "version": 2}\n'
    assert (trainee / "notebooks" / "03_lesson.ipynb").read_text() == '{"lesson": 3, "version": 1}\n'
    copies = trainee / "my-work" / "2026-03-02-173000" / "notebooks"
    assert (copies / "01_lesson.ipynb").read_text() == '{"lesson": 1, "version": 1, "my notes": "dermis"}\n'
    assert (copies / "03_lesson.ipynb").read_text() == '{"my own": 3}\n'
    assert set(report.kept_copies) == {"notebooks/01_lesson.ipynb", "notebooks/03_lesson.ipynb"}
    # Work on files the update does not touch stays where it was.
    assert "PIH" in (trainee / "notebooks" / "02_lesson.ipynb").read_text()
    assert '"b"' in (trainee / "assignments" / "quiz" / "quiz.ipynb").read_text()
    assert (trainee / "notebooks" / "scratch.ipynb").exists()
    assert "my-work/2026-03-02-173000/notebooks/01_lesson.ipynb" in report.summary()

    again = update(trainee)
    assert again.kept_copies == {} and again.summary() == "The course is already up to date."


def test_the_command_line_explains_a_clone_it_cannot_update(course, tmp_path, capsys):
    _, trainee = course
    write(trainee / "notebooks" / "01_lesson.ipynb", '{"edited": true}\n')
    git(trainee, "commit", "--quiet", "-am", "my own commit")
    assert main([str(trainee)]) == 1
    assert "commits of its own" in capsys.readouterr().err
    plain = tmp_path / "not-a-clone"
    plain.mkdir()
    with pytest.raises(UpdateError, match="not a git clone"):
        update(plain)


def test_make_update_runs_the_update_command():
    dry_run = subprocess.run(["make", "-n", "update"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert "-m microneedling.update" in dry_run
