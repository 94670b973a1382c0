"""`make bench` (grading): a simulated cohort × every graded quiz, graded from recorded answers by the course's
grader and, as the baseline, by stock execution-based ``nbgrader autograde`` of the same answers.

Each simulated trainee answers every question: the key (60 %), another well-formed answer (30 %) or nothing (10 %),
seeded. The data grader gets the answers as the quiz widgets record them (answers file); the baseline gets the same
answers typed into answer cells of an equivalent code quiz whose hidden tests compute the same score, executed by
nbgrader in a kernel per notebook. Both must give every trainee the same points. Printed: both wall times, the
ratio (target ≥ 20×), and the grading process's peak memory at three cohort sizes (target: flat).

``python benchmarks/grading.py [--trainees 100] [--baseline-trainees N]``; results in ``build/bench-grading.json``.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import nbformat  # noqa: E402
from nbgrader.api import Gradebook  # noqa: E402

from microneedling.grading.authoring import nbgrader_metadata  # noqa: E402
from microneedling.quiz.questions import Matching, MultipleChoice, Numeric, Ordering, SingleChoice  # noqa: E402
from tests.nbgrader_course import BIN, QUIZ_IDS, env, make_course, questions, record_answers  # noqa: E402

RATIO_TARGET = 20.0


def simulated_answer(question, rng: random.Random) -> Any:
    """The key, another well-formed answer, or ``None`` (not answered)."""
    roll = rng.random()
    if roll < 0.1:
        return None
    right = roll < 0.7
    if isinstance(question, SingleChoice):
        return question.key if right else rng.choice([o.id for o in question.options])
    if isinstance(question, MultipleChoice):
        return sorted(question.key) if right else rng.sample([o.id for o in question.options], 2)
    if isinstance(question, Ordering):
        order = list(question.key)
        if not right:
            rng.shuffle(order)
        return order
    if isinstance(question, Numeric):
        return question.key if right else round(question.key * rng.uniform(0.3, 3), 1)
    if isinstance(question, Matching):
        rights = [r.id for r in question.right]
        return dict(question.key) if right else {left.id: rng.choice(rights) for left in question.left}
    return None


def cohort_answers(trainees: int) -> dict[str, dict[str, dict[str, Any]]]:
    """trainee → quiz → question id → answer (``None`` = not answered)."""
    rng = random.Random(2026)
    specs = {quiz: {qid: q.spec.question for qid, q in questions(ROOT / "source" / quiz / f"{quiz}.ipynb").items()
                    if not q.written} for quiz in QUIZ_IDS}
    return {f"t{n:04d}": {quiz: {qid: simulated_answer(question, rng) for qid, question in qs.items()}
                          for quiz, qs in specs.items()} for n in range(trainees)}


def timed_nbgrader(course: Path, *args: str) -> tuple[float, int]:
    """Wall seconds and peak resident memory (KiB) of one nbgrader command, measured in a fresh wrapper process."""
    wrapper = ("import resource, subprocess, sys, time; t = time.perf_counter();"
               f"r = subprocess.run({[str(BIN / 'nbgrader'), *args]!r}, capture_output=True, text=True);"
               "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, r.returncode);"
               "sys.stderr.write(r.stderr[-2000:] if r.returncode else '')")
    out = subprocess.run([sys.executable, "-c", wrapper], cwd=course, env=env(), capture_output=True, text=True,
                         check=True)
    seconds, peak, code = out.stdout.split()
    if code != "0":
        raise RuntimeError(f"nbgrader {' '.join(args)} failed:\n{out.stderr}")
    return float(seconds), int(peak)


def scores(course: Path, trainees: list[str]) -> dict[tuple[str, str], float]:
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        return {(t, q): round(gb.find_submission_notebook(q, q, t).code_score, 2) for t in trainees for q in QUIZ_IDS}


def data_course(base: Path, answers: dict) -> Path:
    course = make_course(base / "data")
    for quiz in QUIZ_IDS:
        subprocess.run([str(BIN / "nbgrader"), "generate_assignment", quiz, "--force"], cwd=course, env=env(),
                       check=True, capture_output=True)
        release = course / "assignments" / quiz / f"{quiz}.ipynb"
        for trainee, by_quiz in answers.items():
            folder = course / "submitted" / trainee / quiz
            folder.mkdir(parents=True)
            (folder / release.name).write_bytes(release.read_bytes())
            given = {q: v for q, v in by_quiz[quiz].items() if v is not None}
            if given:
                record_answers(folder, quiz, given)
    return course


def baseline_quiz(quiz: str) -> nbformat.NotebookNode:
    """An equivalent code quiz for stock nbgrader: answer cells with typed literals, hidden tests that score them."""
    source = nbformat.read(ROOT / "source" / quiz / f"{quiz}.ipynb", as_version=4)
    nb = nbformat.v4.new_notebook(metadata=source.metadata)
    nb.cells.append(nbformat.v4.new_code_cell("from microneedling.quiz.graded_spec import grade, parse_question_cell",
                                              metadata=nbgrader_metadata("setup", locked=True)))
    for cell in source.cells:
        meta = cell.metadata.get("nbgrader", {})
        if not (meta.get("grade") and cell.cell_type == "code"):
            continue
        qid, points = meta["grade_id"], meta["points"]
        question_and_key = cell.source.replace("### BEGIN HIDDEN TESTS", "").replace("### END HIDDEN TESTS", "")
        nb.cells.append(nbformat.v4.new_code_cell(
            f"answer_{qid} = None\n### BEGIN SOLUTION\nanswer_{qid} = None\n### END SOLUTION",
            metadata=nbgrader_metadata(f"{qid}_answer", solution=True)))
        test = (f"### BEGIN HIDDEN TESTS\ngrade(parse_question_cell({question_and_key!r}, {points}).question, "
                f"answer_{qid}, present=answer_{qid} is not None).score\n### END HIDDEN TESTS")
        nb.cells.append(nbformat.v4.new_code_cell(test, metadata=nbgrader_metadata(qid, grade=True, locked=True,
                                                                                  points=points)))
    return nb


def stock_course(base: Path, answers: dict) -> Path:
    course = base / "stock"
    (course / "source").mkdir(parents=True)
    (course / "nbgrader_config.py").write_text("c = get_config()\nc.CourseDirectory.course_id = 'baseline'\n"
                                               "c.CourseDirectory.release_directory = 'assignments'\n")
    for quiz in QUIZ_IDS:
        (course / "source" / quiz).mkdir()
        nbformat.write(baseline_quiz(quiz), course / "source" / quiz / f"{quiz}.ipynb")
        subprocess.run([str(BIN / "nbgrader"), "generate_assignment", quiz, "--force"], cwd=course, env=env(),
                       check=True, capture_output=True)
        release = nbformat.read(course / "assignments" / quiz / f"{quiz}.ipynb", as_version=4)
        for trainee, by_quiz in answers.items():
            nb = nbformat.from_dict(json.loads(json.dumps(release)))
            for cell in nb.cells:
                grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", "")
                if grade_id.endswith("_answer"):
                    qid = grade_id.removesuffix("_answer")
                    cell.source = f"answer_{qid} = {by_quiz[quiz][qid]!r}"
            folder = course / "submitted" / trainee / quiz
            folder.mkdir(parents=True)
            nbformat.write(nb, folder / f"{quiz}.ipynb")
    return course


def grade_all(course: Path) -> tuple[float, int]:
    total, peak = 0.0, 0
    for quiz in QUIZ_IDS:
        seconds, memory = timed_nbgrader(course, "autograde", quiz)
        total, peak = total + seconds, max(peak, memory)
    return total, peak


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trainees", type=int, default=100)
    parser.add_argument("--baseline-trainees", type=int, default=None,
                        help="grade the baseline on this many of the trainees (default: all) and scale its time")
    args = parser.parse_args(argv)
    answers = cohort_answers(args.trainees)
    baseline_n = args.baseline_trainees or args.trainees
    report: dict[str, Any] = {"trainees": args.trainees, "quizzes": len(QUIZ_IDS)}
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        data = data_course(base, answers)
        report["data_grader_s"], report["data_grader_peak_kib"] = grade_all(data)
        sample = dict(list(answers.items())[:baseline_n])
        stock = stock_course(base, sample)
        stock_s, report["stock_peak_kib"] = grade_all(stock)
        report["stock_s_measured"], report["stock_trainees_measured"] = stock_s, baseline_n
        report["stock_s"] = stock_s * args.trainees / baseline_n
        same = scores(data, list(sample)) == scores(stock, list(sample))
        report["same_scores"] = same
        report["ratio"] = report["stock_s"] / report["data_grader_s"]
        memory = {}
        for size in (max(1, args.trainees // 4), max(1, args.trainees // 2), args.trainees):
            sized = data_course(base / f"size{size}", dict(list(answers.items())[:size]))
            memory[size] = grade_all(sized)[1]
        report["data_grader_peak_kib_by_trainees"] = memory
    n_notebooks = args.trainees * len(QUIZ_IDS)
    print(f"\ngrading {args.trainees} trainees × {len(QUIZ_IDS)} quizzes ({n_notebooks} submissions):")
    print(f"  recorded answers (course grader): {report['data_grader_s']:8.1f} s "
          f"({report['data_grader_s'] / n_notebooks * 1000:.0f} ms per submission)")
    scaled = "" if baseline_n == args.trainees else f" (measured on {baseline_n} trainees, scaled)"
    print(f"  stock nbgrader, executing code:   {report['stock_s']:8.1f} s{scaled}")
    flag = "ok" if report["ratio"] >= RATIO_TARGET else "SLOW"
    print(f"  ratio {report['ratio']:.1f}×  target ≥{RATIO_TARGET:.0f}×  {flag};  same scores: {same}")
    print("  grading process peak memory by cohort size: "
          + ", ".join(f"{n} trainees {kib / 1024:.0f} MiB" for n, kib in memory.items()))
    (ROOT / "build").mkdir(exist_ok=True)
    (ROOT / "build" / "bench-grading.json").write_text(json.dumps(report, indent=2, default=str))
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
