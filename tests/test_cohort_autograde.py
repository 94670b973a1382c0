"""Autograde at cohort scale: progress that an instructor can read, and parallel workers on PostgreSQL giving
exactly the scores of a serial run (through nbgrader's real pipeline and the course's own quiz)."""

from __future__ import annotations

import io
import random

import pytest
from sqlalchemy import create_engine, text

from microneedling.cohort import autograde
from microneedling.cohort.report import cohort_report
from tests.cohort_support import new_database, postgres  # noqa: F401 (fixture)
from tests.nbgrader_course import make_course, model_answers, run_nbgrader, submit_folder

QUIZ = "aftercare_quiz"
SCORES = text("""
SELECT s.student_id, c.name, g.auto_score FROM grade g JOIN base_cell c ON g.cell_id = c.id
JOIN submitted_notebook n ON g.notebook_id = n.id JOIN submitted_assignment s ON n.assignment_id = s.id
""")


class FakeClock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


def test_progress_shows_done_total_rate_and_time_left():
    stream, clock = io.StringIO(), FakeClock()
    progress = autograde.Progress(10, stream, clock)
    for i in range(4):
        clock.now += 6
        progress.update(autograde.Outcome(f"t{i}", True, 6.0))
    clock.now += 6
    progress.update(autograde.Outcome("t4", False, 6.0, "notebook is not valid JSON"))
    lines = stream.getvalue().splitlines()
    assert "could not grade t4: notebook is not valid JSON" in lines
    assert lines[-1] == ("5/10 graded (50%), 10.0 per minute, 30 s elapsed, about 30 s left, "
                         "1 could not be graded")


def _cohort(course, trainees: int, seed: int = 7):
    """A course with the quiz generated and ``trainees`` submissions with varied recorded answers."""
    run_nbgrader(course, "generate_assignment", QUIZ, "--force")
    release = course / "assignments" / QUIZ / f"{QUIZ}.ipynb"
    source = course / "source" / QUIZ / f"{QUIZ}.ipynb"
    perfect = model_answers(source)
    rng = random.Random(seed)
    for index in range(trainees):
        chosen = dict(rng.sample(sorted(perfect.items()), k=rng.randint(1, len(perfect))))  # the rest left blank
        submit_folder(course / "submitted" / f"t{index:02d}" / QUIZ, release, chosen)


def _scores(db_url: str) -> dict[tuple[str, str], float]:
    engine = create_engine(db_url)
    with engine.connect() as db:
        found = {(row[0], row[1]): row[2] for row in db.execute(SCORES)}
    engine.dispose()
    return found


@pytest.mark.slow
def test_parallel_workers_on_postgresql_give_the_serial_scores(tmp_path, postgres):  # noqa: F811
    serial_db, parallel_db = new_database(postgres, "ag_serial"), new_database(postgres, "ag_parallel")
    serial = make_course(tmp_path / "serial", f"c.CourseDirectory.db_url = {serial_db!r}")
    parallel = make_course(tmp_path / "parallel", f"c.CourseDirectory.db_url = {parallel_db!r}")
    for course in (serial, parallel):
        _cohort(course, trainees=4)
    one = autograde.autograde_cohort(QUIZ, serial, workers=1, stream=io.StringIO())
    log = io.StringIO()
    two = autograde.autograde_cohort(QUIZ, parallel, workers=2, stream=log)
    assert one.workers == 1 and two.workers == 2
    assert not one.failed and not two.failed
    assert "4/4 graded (100%)" in log.getvalue()
    serial_scores, parallel_scores = _scores(serial_db), _scores(parallel_db)
    assert serial_scores == parallel_scores
    assert len({s for s, _ in serial_scores}) == 4
    totals = {}
    for (student, _), score in serial_scores.items():
        totals[student] = totals.get(student, 0) + (score or 0)
    assert len(set(totals.values())) > 1, "the simulated trainees should not all score the same"
    # The cohort report reads the PostgreSQL gradebook too.
    report = cohort_report(parallel)
    assert sorted(report.stats[[q.quiz for q in report.stats].index(QUIZ)].totals) == sorted(totals)


@pytest.mark.slow
def test_sqlite_grades_with_one_worker_and_a_broken_submission_scores_nothing(tmp_path, capsys):
    course = make_course(tmp_path / "course")
    _cohort(course, trainees=2)
    broken = course / "submitted" / "t99" / QUIZ
    broken.mkdir(parents=True)
    (broken / f"{QUIZ}.ipynb").write_text("{ this is not a notebook")
    status = autograde.main([QUIZ, "--course", str(course), "--workers", "4"])
    err = capsys.readouterr().err
    assert "SQLite" in err and "grading with one worker" in err
    assert "3/3 graded (100%)" in err
    # The course's grader rebuilds each submission from the released quiz and the recorded answers, so an
    # unreadable notebook is graded (as nothing answered) rather than failing the run.
    assert status == 0 and "Done: 3 of 3 submissions" in err
    totals = cohort_report(course).stats[0].totals
    assert totals["t99"] == 0 and min(totals["t00"], totals["t01"]) > 0


def test_nothing_submitted_is_a_plain_message(tmp_path, capsys):
    course = make_course(tmp_path / "course")
    assert autograde.main(["no_such_quiz", "--course", str(course)]) == 2
    assert "nothing to grade" in capsys.readouterr().err
