"""Cohort-scale benchmark (`make bench-cohort`): N trainees x every graded quiz on a PostgreSQL gradebook.

For each cohort size (default 50, 100, 250, 500): submissions land in nbgrader's exchange as if each trainee had
pressed Submit, then ``nbgrader collect`` -> the cohort autograder (parallel workers) -> the cohort report, each
timed, with the peak memory of the whole process tree. Stock serial ``nbgrader autograde`` is timed on a sample
of submissions for the ratio. A time budget (``--budget-minutes``, default 60) bounds the run: sizes that would
not fit (estimated from the previous size) are skipped and reported as skipped. Results: build/bench-cohort.json.
Never used by unit tests (no timing assertions anywhere).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from deploy.postgres import Postgres, free_port  # noqa: E402
from microneedling.cohort import tools_on_path  # noqa: E402
from microneedling.cohort.autograde import autograde_cohort  # noqa: E402
from microneedling.cohort.report import cohort_report  # noqa: E402

COURSE_ID = "microneedling101"


class PeakMemory:
    """Peak resident memory of this process and all its children (workers, kernels), sampled every 0.2 s."""

    def __init__(self):
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        me = psutil.Process()
        while not self._stop.is_set():
            total = 0
            for proc in [me, *me.children(recursive=True)]:
                try:
                    total += proc.memory_info().rss
                except psutil.Error:
                    pass
            self.peak = max(self.peak, total)
            time.sleep(0.2)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    @property
    def mib(self) -> float:
        return self.peak / 2**20


def quizzes() -> list[str]:
    return sorted(p.name for p in (ROOT / "source").iterdir() if (p / f"{p.name}.ipynb").exists())


def make_course(folder: Path, db_url: str, exchange: Path) -> Path:
    folder.mkdir(parents=True)
    shutil.copytree(ROOT / "source", folder / "source")
    (folder / "nbgrader_config.py").write_text(
        (ROOT / "nbgrader_config.py").read_text()
        + f"\nc.CourseDirectory.root = {str(folder)!r}\nc.CourseDirectory.db_url = {db_url!r}\n"
        + f"c.CourseDirectory.course_id = {COURSE_ID!r}\nc.Exchange.root = {str(exchange)!r}\n"
        + "c.Exchange.path_includes_course = True\nc.CollectApp.check_owner = False\n")
    return folder


def nbgrader(course: Path, *args: str) -> float:
    started = time.perf_counter()
    result = subprocess.run([str(Path(sys.executable).parent / "nbgrader"), *args], cwd=course, capture_output=True,
                            text=True, env={**os.environ, "PYTHONWARNINGS": "ignore"})
    if result.returncode != 0:
        raise RuntimeError(f"nbgrader {' '.join(args)} failed:\n{result.stderr[-3000:]}")
    return time.perf_counter() - started


def answer_sets(course: Path, quiz: str, rng: random.Random, count: int = 8) -> list[dict]:
    """Recorded answers of ``count`` simulated trainees: a random part of the model answers, the rest blank.

    The only quiz-format-specific part of the benchmark (graded quizzes as data: answers are recorded beside the
    notebook, exactly as the quiz widgets write them).
    """
    from tests.nbgrader_course import model_answers

    perfect = sorted(model_answers(course / "source" / quiz / f"{quiz}.ipynb").items())
    return [dict(rng.sample(perfect, k=rng.randint(1, len(perfect)))) for _ in range(count)]


def submit_all(course: Path, exchange: Path, students: list[str], quiz_ids: list[str], seed: int) -> None:
    """What every trainee's Submit button leaves in the exchange (inbound/<student>+<quiz>+<timestamp>+<id>)."""
    from tests.nbgrader_course import record_answers

    rng = random.Random(seed)
    inbound = exchange / COURSE_ID / "inbound"
    inbound.mkdir(parents=True, exist_ok=True)
    answers = {q: answer_sets(course, q, rng) for q in quiz_ids}
    for index, student in enumerate(students):
        for quiz in quiz_ids:
            stamp = (dt.datetime(2026, 1, 1) + dt.timedelta(seconds=index)).strftime("%Y-%m-%d %H:%M:%S.%f UTC")
            folder = inbound / f"{student}+{quiz}+{stamp}+{index:06d}"
            folder.mkdir()
            shutil.copy(course / "assignments" / quiz / f"{quiz}.ipynb", folder)
            record_answers(folder, quiz, rng.choice(answers[quiz]))
            (folder / "timestamp.txt").write_text(stamp)


def add_students(db_url: str, students: list[str]) -> None:
    from nbgrader.api import Gradebook

    with Gradebook(db_url, COURSE_ID) as gb:
        for student in students:
            gb.update_or_create_student(student, first_name="Trainee", last_name=student)


def run_size(pg: Postgres, work: Path, size: int, quiz_ids: list[str], workers: int) -> dict:
    db_url = pg.ensure_database(f"bench_{size}", "mn_bench", "bench-password")
    exchange = work / f"exchange-{size}"
    course = make_course(work / f"course-{size}", db_url, exchange)
    for quiz in quiz_ids:
        nbgrader(course, "generate_assignment", quiz, "--force")
    students = [f"t{i:04d}" for i in range(size)]
    add_students(db_url, students)
    submit_all(course, exchange, students, quiz_ids, seed=size)
    result = {"trainees": size, "quizzes": len(quiz_ids), "submissions": size * len(quiz_ids), "workers": workers}
    with PeakMemory() as memory:
        started = time.perf_counter()
        result["collect_s"] = sum(nbgrader(course, "collect", quiz) for quiz in quiz_ids)
        graded = time.perf_counter()
        failed = 0
        for quiz in quiz_ids:
            summary = autograde_cohort(quiz, course, workers=workers, stream=open(os.devnull, "w"))
            failed += len(summary.failed)
        result["autograde_s"] = time.perf_counter() - graded
        reported = time.perf_counter()
        report = cohort_report(course)
        report.save(work / f"report-{size}.html")
        result["report_s"] = time.perf_counter() - reported
        result["total_s"] = time.perf_counter() - started
    result["failed"] = failed
    result["peak_memory_mib"] = round(memory.mib)
    result["autograde_per_submission_s"] = result["autograde_s"] / result["submissions"]
    return result


def stock_serial(pg: Postgres, work: Path, sample: int, quiz: str) -> dict:
    """Stock `nbgrader autograde QUIZ` (one process, serial) on a sample of submissions."""
    db_url = pg.ensure_database("bench_stock", "mn_bench", "bench-password")
    exchange = work / "exchange-stock"
    course = make_course(work / "course-stock", db_url, exchange)
    nbgrader(course, "generate_assignment", quiz, "--force")
    students = [f"s{i:04d}" for i in range(sample)]
    add_students(db_url, students)
    submit_all(course, exchange, students, [quiz], seed=99)
    nbgrader(course, "collect", quiz)
    seconds = nbgrader(course, "autograde", quiz)
    return {"quiz": quiz, "submissions": sample, "seconds": seconds, "per_submission_s": seconds / sample}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="50,100,250,500", help="cohort sizes, comma-separated")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--stock-sample", type=int, default=10, help="submissions graded by stock nbgrader")
    parser.add_argument("--budget-minutes", type=float, default=60.0)
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "bench-cohort.json")
    args = parser.parse_args(argv)
    tools_on_path()
    os.environ.setdefault("MPLBACKEND", "Agg")
    work = Path(tempfile.mkdtemp(prefix="mn-bench-cohort-"))
    work.chmod(0o755)
    pg = Postgres(work / "postgres" / "data", free_port())
    pg.start()
    deadline = time.monotonic() + 60 * args.budget_minutes
    quiz_ids = quizzes()
    results: dict = {"machine": {"cpus": os.cpu_count(), "load_average": os.getloadavg()},
                     "quizzes": quiz_ids, "sizes": [], "skipped": []}
    try:
        stock = stock_serial(pg, work, args.stock_sample, quiz_ids[0])
        results["stock_serial_sample"] = stock
        print(f"stock nbgrader autograde (serial): {stock['per_submission_s']:.2f} s per submission "
              f"({stock['submissions']} of {stock['quiz']})", flush=True)
        previous = None
        for size in [int(s) for s in args.sizes.split(",")]:
            if previous is not None:
                estimate = previous["total_s"] * size / previous["trainees"]
                if time.monotonic() + estimate > deadline:
                    results["skipped"].append({"trainees": size, "estimated_s": round(estimate)})
                    print(f"{size} trainees: skipped (estimated {estimate / 60:.0f} min, over the budget)", flush=True)
                    continue
            row = run_size(pg, work, size, quiz_ids, args.workers)
            row["stock_serial_estimate_s"] = stock["per_submission_s"] * row["submissions"]
            row["speedup_vs_stock_serial"] = row["stock_serial_estimate_s"] / row["autograde_s"]
            results["sizes"].append(row)
            previous = row
            print(f"{size} trainees x {len(quiz_ids)} quizzes: collect {row['collect_s']:.0f} s, autograde "
                  f"{row['autograde_s']:.0f} s ({row['workers']} workers, {row['speedup_vs_stock_serial']:.1f}x stock "
                  f"serial), report {row['report_s']:.1f} s, total {row['total_s']:.0f} s, peak "
                  f"{row['peak_memory_mib']} MiB, {row['failed']} failed", flush=True)
    finally:
        pg.stop()
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(results, indent=2))
        shutil.rmtree(work, ignore_errors=True)
    print(f"written {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
