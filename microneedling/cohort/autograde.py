"""Autograde a whole cohort with progress, in parallel worker processes on a PostgreSQL gradebook.

    python -m microneedling.cohort.autograde QUIZ [--workers N] [--student ID ...] [--force]

Run it where you run nbgrader (the course folder, or ``course-autograde`` on the cohort deployment). Each
submission is graded by nbgrader's own ``Autograde`` converter — the same code ``nbgrader autograde`` runs, with the
course's ``nbgrader_config.py`` (and so the course's grader) — on small batches of trainees in each worker process.
Stock nbgrader grades everyone serially with no progress (nbgrader #174, #1456); this prints done/total, rate and
time left, and grades several trainees at once when the gradebook is PostgreSQL. SQLite is not safe for
concurrent writers (nbgrader's FAQ), so with SQLite it runs one worker.

Exit status: 0 when every submission was graded, 1 when some could not be (they are listed; grade them alone
after the trainee resubmits with ``--student``), 2 for a usage error (no such quiz, nothing submitted).
"""

from __future__ import annotations

import argparse
import glob
import multiprocessing
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, TextIO

_WORKER: dict = {}


@dataclass(frozen=True)
class Outcome:
    """One trainee's autograde: whether it worked, nbgrader's error message if not, and its duration."""

    student: str
    success: bool
    seconds: float
    error: str = ""


@dataclass
class Summary:
    quiz: str
    workers: int
    outcomes: list[Outcome] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.success]

    @property
    def rate(self) -> float:
        return len(self.outcomes) / self.seconds if self.seconds else 0.0


def load_config(course_root: Path | None = None):
    """nbgrader's configuration exactly as its CLI loads it (config dirs, then the course's nbgrader_config.py)."""
    from nbgrader.apps.baseapp import NbGrader

    from microneedling.cohort import tools_on_path

    tools_on_path()
    previous = os.getcwd()
    if course_root is not None:
        os.chdir(course_root)
    try:
        app = NbGrader()
        app.initialize([])
    finally:
        os.chdir(previous)
    return app


def submitted_students(app, quiz: str) -> list[str]:
    """Trainees with a submission of ``quiz`` in ``submitted/``, sorted."""
    pattern = app.coursedir.format_path(app.coursedir.submitted_directory, "*", quiz)
    position = Path(app.coursedir.format_path(app.coursedir.submitted_directory, "STUDENT", quiz)).parts.index("STUDENT")
    return sorted(Path(path).parts[position] for path in glob.glob(pattern) if Path(path).is_dir())


def is_sqlite(db_url: str) -> bool:
    return db_url.startswith("sqlite")


def _init_worker(course_root: str) -> None:
    import logging

    os.environ.setdefault("PYTHONWARNINGS", "ignore")
    app = load_config(Path(course_root))
    app.log.setLevel(logging.ERROR)  # each trainee's log is captured into its Outcome instead
    _WORKER["app"] = app
    os.chdir(course_root)
    # Kernels and libraries write to stderr; keep the instructor's terminal for the progress line.
    log = os.open(Path(course_root) / "autograde-workers.log", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o660)
    os.dup2(log, 2)


def _grade_batch(quiz: str, students: list[str], everyone: list[str], force: bool) -> list[Outcome]:
    """Grade some trainees in one run of nbgrader's Autograde converter (as ``nbgrader autograde`` does for a
    whole class): ``student_id="*"`` minus everyone else, so the converter's start-up is paid once per batch."""
    from nbgrader.converters import Autograde
    from nbgrader.utils import capture_log, temp_attrs

    app = _WORKER["app"]
    started = time.perf_counter()
    others = ",".join(s for s in everyone if s not in set(students))
    target = students[0] if len(students) == 1 else "*"
    with temp_attrs(app.coursedir, assignment_id=quiz, student_id=target, student_id_exclude=others):
        converter = Autograde(coursedir=app.coursedir, parent=app)
        converter.force = force
        converter.create_student = True
        result = capture_log(converter)
    seconds = (time.perf_counter() - started) / len(students)
    failed = _failed_students(result.get("log") or "", students)
    if not result["success"] and not failed:  # the whole run failed before any trainee
        return [Outcome(s, False, seconds, _first_error(result)) for s in students]
    return [Outcome(s, s not in failed, seconds, failed.get(s, "")) for s in students]


def _failed_students(log: str, students: list[str]) -> dict[str, str]:
    """Trainees nbgrader reports as not processed ("... for student 'x'"), with its message."""
    failed = {}
    for line in log.splitlines():
        for student in students:
            if f"for student '{student}'" in line:
                failed[student] = line.split("]", 1)[-1].strip()
    return failed


def batches(students: list[str], workers: int) -> list[list[str]]:
    """Small batches (at most 10 trainees): progress stays fine-grained, start-up is shared."""
    size = max(1, min(10, len(students) // (4 * workers)))
    return [students[i:i + size] for i in range(0, len(students), size)]


def _first_error(result: dict) -> str:
    for line in (result.get("log") or "").splitlines():
        if line.startswith(("[ERROR]", "[CRITICAL]")):
            return line.split("]", 1)[1].strip()
    return (result.get("error") or "unknown error").strip().splitlines()[-1]


def _duration(seconds: float) -> str:
    seconds = max(0, round(seconds))
    if seconds < 60:
        return f"{seconds} s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {seconds:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"


class Progress:
    """done/total, rate and time left: one self-updating line on a terminal, a line every 5% in a log."""

    def __init__(self, total: int, stream: TextIO, clock: Callable[[], float] = time.monotonic):
        self.total = total
        self.done = 0
        self.failed = 0
        self.stream = stream
        self.clock = clock
        self.started = clock()
        self.tty = stream.isatty()
        self._last_step = -1

    def line(self) -> str:
        elapsed = self.clock() - self.started
        rate = self.done / elapsed if elapsed > 0 else 0.0
        left = (self.total - self.done) / rate if rate > 0 else float("nan")
        percent = 100 * self.done / self.total if self.total else 100.0
        eta = "" if self.done == self.total else (f", about {_duration(left)} left" if rate > 0 else "")
        failed = f", {self.failed} could not be graded" if self.failed else ""
        return (f"{self.done}/{self.total} graded ({percent:.0f}%), {rate * 60:.1f} per minute, "
                f"{_duration(elapsed)} elapsed{eta}{failed}")

    def update(self, outcome: Outcome) -> None:
        self.done += 1
        if not outcome.success:
            self.failed += 1
            self._write(f"could not grade {outcome.student}: {outcome.error}", newline=True)
        step = int(20 * self.done / self.total) if self.total else 20
        if self.tty:
            self._write(self.line(), newline=self.done == self.total)
        elif step != self._last_step or self.done == self.total:
            self._last_step = step
            self._write(self.line(), newline=True)

    def _write(self, text: str, newline: bool) -> None:
        if self.tty:
            self.stream.write("\r\033[K" + text + ("\n" if newline else ""))
        else:
            self.stream.write(text + "\n")
        self.stream.flush()


def autograde_cohort(quiz: str, course_root: Path | None = None, workers: int | None = None,
                     students: list[str] | None = None, force: bool = True,
                     stream: TextIO | None = None) -> Summary:
    """Autograde every submitted trainee (or ``students``) of ``quiz``; returns each trainee's outcome."""
    stream = stream or sys.stderr
    root = Path(course_root or os.getcwd()).resolve()
    app = load_config(root)
    if students is None:
        students = submitted_students(app, quiz)
    if not students:
        raise LookupError(f"nothing to grade: no submissions of {quiz!r} in {app.coursedir.submitted_directory}/ "
                          "(collect them first: nbgrader collect, or zip_collect for an LMS download)")
    wanted = workers or max(1, min(4, os.cpu_count() or 1))
    if is_sqlite(app.coursedir.db_url) and wanted > 1:
        stream.write("The gradebook is SQLite, which is not safe for parallel writers: grading with one worker. "
                     "Use PostgreSQL (CourseDirectory.db_url) to grade in parallel.\n")
        wanted = 1
    wanted = min(wanted, len(students))
    summary = Summary(quiz, wanted)
    progress = Progress(len(students), stream)
    stream.write(f"Autograding {quiz}: {len(students)} submissions, {wanted} worker"
                 f"{'s' if wanted > 1 else ''}\n")
    started = time.perf_counter()
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=wanted, mp_context=context, initializer=_init_worker,
                             initargs=(str(root),)) as pool:
        futures = {pool.submit(_grade_batch, quiz, batch, students, force): batch
                   for batch in batches(students, wanted)}
        for future in as_completed(futures):
            try:
                outcomes = future.result()
            except Exception as error:  # a worker died: report its trainees, keep grading the others
                outcomes = [Outcome(s, False, 0.0, f"{type(error).__name__}: {error}") for s in futures[future]]
            for outcome in outcomes:
                summary.outcomes.append(outcome)
                progress.update(outcome)
    summary.seconds = time.perf_counter() - started
    summary.outcomes.sort(key=lambda o: o.student)
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m microneedling.cohort.autograde",
        description="Autograde every trainee's submission of a quiz, with progress, in parallel on PostgreSQL.")
    parser.add_argument("quiz", help="the quiz (nbgrader assignment) id, e.g. preparation_quiz")
    parser.add_argument("--workers", type=int, default=None,
                        help="parallel worker processes (default: up to 4, one per CPU; 1 with SQLite)")
    parser.add_argument("--student", action="append", dest="students", metavar="ID",
                        help="grade only this trainee (repeat for several)")
    parser.add_argument("--no-force", dest="force", action="store_false",
                        help="skip trainees already autograded (default: grade again; manual grades are kept)")
    parser.add_argument("--course", type=Path, default=None, help="the course folder (default: this folder)")
    args = parser.parse_args(argv)
    if args.workers is not None and args.workers < 1:
        parser.error("--workers must be 1 or more")
    try:
        summary = autograde_cohort(args.quiz, args.course, args.workers, args.students, args.force)
    except LookupError as error:
        print(error, file=sys.stderr)
        return 2
    print(f"Done: {len(summary.outcomes) - len(summary.failed)} of {len(summary.outcomes)} submissions of "
          f"{summary.quiz} graded in {_duration(summary.seconds)} with {summary.workers} worker"
          f"{'s' if summary.workers > 1 else ''}.", file=sys.stderr)
    if summary.failed:
        print("Not graded (ask them to resubmit, collect again, then grade just them with --student ID):\n"
              + "\n".join(f"  {o.student}: {o.error}" for o in summary.failed), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
