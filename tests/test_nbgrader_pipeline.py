"""The whole nbgrader pipeline on a simulated cohort, driven by the commands of docs/instructor-guide.md.

A temporary course directory gets the course's ``nbgrader_config.py`` and ``source/`` plus a small fixture
quiz (``pipeline_quiz``: one question of each autograded type and a written answer, with known keys).
The guide's ```bash blocks run verbatim in order, except block 0 (the site-specific ``cd``/``export``
lines), which is replaced by this test's course directory, venv and zip path, and blocks marked
``# interactive`` (Formgrader), whose effect — a manual score — is written through ``nbgrader.api``.

Trainees: ada (all correct), ben (untouched), cleo (partly right), dev (edits the visible tests to pass),
eve (an answer cell raises), finn (an answer loops forever), gus (not valid JSON), hana (deleted an
answer cell). ada and ben submit through the exchange; the others through an LMS zip.
"""

from __future__ import annotations

import csv
import html
import re
import subprocess
import time
import zipfile
from pathlib import Path

import nbformat
import pytest
from nbconvert import HTMLExporter
from nbgrader.api import Gradebook

from microneedling.grading.authoring import Question, WrittenQuestion, quiz_notebook
from tests.conftest import BUILD, ROOT
from tests.nbgrader_course import BIN, env, make_course, submission

QUIZ = "pipeline_quiz"
GUIDE = ROOT / "docs" / "instructor-guide.md"
CELL_TIMEOUT = 5  # seconds; keeps the infinite-loop trainee cheap

FIXTURE_QUESTIONS = [
    Question(1, "single", "Single choice", "Which option is right?", 2, "opt_b",
             {"opt_a": "first", "opt_b": "second", "opt_c": "third"}),
    Question(2, "multiple", "Select all that apply", "Which options are right?", 3, {"m_a", "m_c", "m_d"},
             {"m_a": "one", "m_b": "two", "m_c": "three", "m_d": "four", "m_e": "five"}),
    Question(3, "ordering", "Ordering", "Put the steps in order.", 4,
             ["step_alpha", "step_bravo", "step_charlie", "step_delta", "step_echo"],
             {"step_echo": "e", "step_charlie": "c", "step_alpha": "a", "step_delta": "d", "step_bravo": "b"}),
    Question(4, "numeric", "Numeric", "How many millimetres?", 2, 2.75, tolerance=0.25),
    Question(5, "matching", "Matching", "Match each left item with a right item.", 3,
             {"left_x": "right_p", "left_y": "right_q", "left_z": "right_r"},
             {"left": {"left_x": "x", "left_y": "y", "left_z": "z"},
              "right": {"right_p": "p", "right_q": "q", "right_r": "r"}}),
    WrittenQuestion(6, "Written answer", "Explain your reasoning.", 2, "A model answer for the grader.",
                    ["1 point: names the reason", "1 point: in plain words"]),
]
AUTOGRADED_MAX = 14.0
IMPORTS = ("from microneedling.quiz.graders import (\n    check_matching, check_multiple, check_numeric, check_ordering,"
           " check_single,\n    grade_matching, grade_multiple, grade_numeric, grade_ordering, grade_single,\n)\n"
           "from microneedling.grading import show_choices")

# Expected autograded scores, worked out from the scoring rules in microneedling.quiz.graders.
EXPECTED = {
    "ada": AUTOGRADED_MAX,
    "ben": 0.0,
    # cleo: q1 wrong (0) + q2 two right, one wrong pick: (2-1)/3*3 = 1 + q3 first two swapped: the longest
    # run in key order has 4 of 5 steps, (4-1)/(5-1)*4 = 3 + q4 2.6 within 2.75 ± 0.25 (2) + q5 1 of 3 pairs (1).
    "cleo": 7.0,
    "dev": 2.0,  # only q1 answered (right); the edited "always pass" tests are restored, the rest score 0
    "eve": AUTOGRADED_MAX - 2,  # q1's answer cell raises, so answer_q1 stays None
    "finn": AUTOGRADED_MAX - 3,  # q2's answer cell never ends: stopped after the timeout
    "hana": AUTOGRADED_MAX - 2,  # q4's answer cell deleted
}
CLEO = {
    "q1_answer": 'answer_q1 = "opt_a"',
    "q2_answer": 'answer_q2 = {"m_a", "m_c", "m_e"}',
    "q3_answer": 'answer_q3 = ["step_bravo", "step_alpha", "step_charlie", "step_delta", "step_echo"]',
    "q4_answer": "answer_q4 = 2.6",
    "q5_answer": 'answer_q5 = {"left_x": "right_p", "left_y": "right_r", "left_z": "right_q"}',
    "q6_answer": "Because the reason.",
}
KEY_TEXTS = ["'opt_b', 2", "['step_alpha', 'step_bravo'", "{'left_x': 'right_p', 'left_y': 'right_q'", "2.75",
             "{'m_a', 'm_c', 'm_d'}", "BEGIN HIDDEN TESTS",
             "grade_single(answer_q1", "grade_ordering(answer_q3"]


def guide_blocks() -> list[tuple[str, str]]:
    """(section heading, bash source) for every ```bash block of the guide, in order."""
    blocks, heading = [], ""
    for match in re.finditer(r"^## ([^\n]+)$|^```bash\n(.*?)^```", GUIDE.read_text(), re.M | re.S):
        if match.group(1):
            heading = match.group(1)
        else:
            blocks.append((heading, match.group(2)))
    return blocks


def run_block(course: Path, block: str, lms_zip: Path) -> subprocess.CompletedProcess:
    prelude = (f"set -e\ncd {course}\nsource {ROOT / '.venv/bin/activate'}\nexport QUIZ={QUIZ}\n"
               f"export LMS_ZIP={lms_zip}\n")
    result = subprocess.run(["bash", "-c", prelude + block], env=env(), capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, f"guide block failed:\n{block}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result


def student_submits(course: Path, exchange: Path, home: Path, trainee: str, notebook: nbformat.NotebookNode) -> None:
    """What a trainee does in the Assignments tab: fetch, answer, submit."""
    home.mkdir(parents=True)
    (home / "nbgrader_config.py").write_text(
        f"c = get_config()\nc.CourseDirectory.course_id = 'microneedling101'\nc.Exchange.root = {str(exchange)!r}\n")
    # One OS user plays every trainee, so the submission names its trainee explicitly.
    for command in (["fetch_assignment", QUIZ], None, ["submit", QUIZ, f"--student={trainee}"]):
        if command is None:
            nbformat.write(notebook, home / QUIZ / f"{QUIZ}.ipynb")
            continue
        result = subprocess.run([str(BIN / "nbgrader"), *command], cwd=home, env=env(), capture_output=True,
                                text=True, timeout=120)
        assert result.returncode == 0, result.stderr[-2000:]


def visible_text(page: str) -> str:
    """The text a reader sees in an HTML page (tags removed, entities decoded)."""
    return html.unescape(re.sub(r"<[^>]+>", "", page))


def leaked_keys(page: str) -> list[str]:
    text = visible_text(page)
    return [key for key in KEY_TEXTS if key in text]


@pytest.fixture(scope="module")
def cohort(tmp_path_factory):
    """Run the guide on the simulated cohort once; yield the course dir, outputs and timings."""
    base = tmp_path_factory.mktemp("nbgrader-pipeline")
    exchange = base / "exchange"
    exchange.mkdir(mode=0o777)
    course = make_course(base / "course", extra_config=(
        f"c.Exchange.root = {str(exchange)!r}\nc.ExecutePreprocessor.timeout = {CELL_TIMEOUT}\n"))
    (course / "source" / QUIZ).mkdir(parents=True)
    nbformat.write(quiz_notebook("# Pipeline fixture quiz", IMPORTS, FIXTURE_QUESTIONS, "End."),
                   course / "source" / QUIZ / f"{QUIZ}.ipynb")
    (course / "trainees.csv").write_text(
        "id,first_name,last_name,email\n" + "".join(f"{s},{s.title()},Test,{s}@example.org\n"
                                                    for s in ("ben", "cleo", "dev", "eve", "finn", "gus", "hana")))
    lms_zip = base / "lms-download.zip"
    blocks = dict(guide_blocks())
    timings: dict[str, float] = {}
    outputs: dict[str, str] = {}

    def step(heading_start: str) -> None:
        heading, block = next((h, b) for h, b in guide_blocks() if h.startswith(heading_start))
        start = time.perf_counter()
        outputs[heading] = run_block(course, block, lms_zip).stdout + "\n" + outputs.get(heading, "")
        timings[heading] = round(time.perf_counter() - start, 1)

    assert len(blocks) >= 8, "the guide lost a step"
    step("1.")
    step("2.")
    release = course / "assignments" / QUIZ / f"{QUIZ}.ipynb"
    source = course / "source" / QUIZ / f"{QUIZ}.ipynb"
    notebooks = {
        "ada": submission(release, {}, source=source),
        "ben": submission(release, {}),
        "cleo": submission(release, CLEO),
        "dev": submission(release, {"q1_answer": 'answer_q1 = "opt_b"'}, edit_tests="pass\n99"),
        "eve": submission(release, {"q1_answer": 'answer_q1 = None\nanswer_q1 = OPTIONS_TYPO["opt_b"]'}, source=source),
        "finn": submission(release, {"q2_answer": "answer_q2 = None\nwhile True:\n    pass"}, source=source),
        "hana": submission(release, {"q4_answer": None}, source=source),
    }
    for trainee in ("ada", "ben"):
        student_submits(course, exchange, base / "homes" / trainee, trainee, notebooks.pop(trainee))
    with zipfile.ZipFile(lms_zip, "w") as archive:
        for trainee, notebook in notebooks.items():
            archive.writestr(f"{QUIZ}_{trainee}_attempt1.ipynb", nbformat.writes(notebook))
        archive.writestr(f"{QUIZ}_gus_attempt1.ipynb", '{"cells": [ this is not JSON')
    step("3a.")
    step("3b.")
    step("4.")
    heading, block = next((h, b) for h, b in guide_blocks() if h.startswith("5."))
    assert block.startswith("# interactive"), "Formgrader is the only step the test cannot run verbatim"
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        gb.find_grade("q6_answer", QUIZ, QUIZ, "ada").manual_score = 2
        gb.find_comment("q6_answer", QUIZ, QUIZ, "ada").manual_comment = "Clear and complete."
        gb.db.commit()
    step("6.")
    step("7.")
    (BUILD / "nbgrader-pipeline-timings.json").write_text(repr(timings))
    yield course, outputs, timings


@pytest.mark.slow
def test_autograde_scores_every_simulated_trainee(cohort):
    course, outputs, _ = cohort
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        for trainee, expected in EXPECTED.items():
            sub = gb.find_submission(QUIZ, trainee)
            assert sub.max_score == AUTOGRADED_MAX + 2
            assert sub.score == pytest.approx(expected + (2 if trainee == "ada" else 0)), trainee
        assert gb.find_submission_notebook(QUIZ, QUIZ, "ben").needs_manual_grade is False  # untouched text: 0
        assert gb.find_submission_notebook(QUIZ, QUIZ, "cleo").needs_manual_grade is True
        cleo = gb.find_submission_notebook(QUIZ, QUIZ, "cleo")
        per_question = {g.name: g.score for g in cleo.grades}
    assert per_question == {"q1_test": 0, "q2_test": 1.0, "q3_test": 3.0, "q4_test": 2, "q5_test": 1.0,
                            "q6_answer": 0}


@pytest.mark.slow
def test_broken_notebook_is_reported_for_that_trainee_and_the_rest_are_graded(cohort):
    course, outputs, _ = cohort
    log = next(text for heading, text in outputs.items() if heading.startswith("4."))
    assert "Some submissions could not be graded" in log
    assert not (course / "autograded" / "gus").exists()
    graded = {p.name for p in (course / "autograded").iterdir()}
    assert graded == set(EXPECTED), graded


@pytest.mark.slow
def test_timed_out_and_raising_answers_cost_only_their_question(cohort):
    course, _, _ = cohort
    finn = nbformat.read(course / "autograded" / "finn" / QUIZ / f"{QUIZ}.ipynb", as_version=4)
    errors = [o.ename for c in finn.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert "CellTimeoutError" in errors
    eve = nbformat.read(course / "autograded" / "eve" / QUIZ / f"{QUIZ}.ipynb", as_version=4)
    assert any(o.get("ename") == "NameError" for c in eve.cells if c.cell_type == "code" for o in c.outputs)


@pytest.mark.slow
def test_feedback_shows_points_and_messages_but_no_keys(cohort):
    course, _, _ = cohort
    pages = {t: (course / "feedback" / t / QUIZ / f"{QUIZ}.html").read_text() for t in EXPECTED}
    cleo = visible_text(pages["cleo"])
    assert "answer_q3: 4 of 5 steps in the right relative order (3 of 4 points)" in cleo
    assert "Score: 7.0 / 16.0" in cleo
    for trainee in ("ben", "cleo", "dev"):  # their answers differ from the keys
        assert leaked_keys(pages[trainee]) == [], trainee
    for trainee, page in pages.items():
        # Tracebacks of a trainee's own answer cell stay (their code); none may quote a test cell's lines.
        assert not re.search(r"---->\s*\d+\s+(check|grade)_", visible_text(page)), trainee
    assert "AssertionError: answer_q1 has no answer yet" in visible_text(pages["eve"])
    # The check can fail: nbgrader's own HTML of the same autograded notebook shows the keys (issue #917).
    plain, _ = HTMLExporter().from_filename(str(course / "autograded" / "ben" / QUIZ / f"{QUIZ}.ipynb"))
    assert leaked_keys(plain), "the leak check no longer recognises a key"


@pytest.mark.slow
def test_feedback_is_released_to_the_exchange(cohort):
    course, _, _ = cohort
    exchange = course.parent / "exchange" / "microneedling101" / "feedback"
    assert len(list(exchange.glob("*.html"))) >= 2


@pytest.mark.slow
def test_exported_csv_has_a_row_per_trainee_with_the_scores(cohort):
    course, _, _ = cohort
    with open(course / "grades.csv", newline="") as handle:
        rows = {row["student_id"]: row for row in csv.DictReader(handle) if row["assignment"] == QUIZ}
    assert set(rows) == set(EXPECTED) | {"gus"}
    for trainee, expected in EXPECTED.items():
        assert float(rows[trainee]["score"]) == pytest.approx(expected + (2 if trainee == "ada" else 0))
        assert float(rows[trainee]["max_score"]) == AUTOGRADED_MAX + 2
    assert rows["cleo"]["first_name"] == "Cleo" and rows["ada"]["email"] == "ada@example.org"
    assert float(rows["gus"]["score"]) == 0.0


@pytest.mark.slow
def test_every_runnable_guide_step_ran(cohort):
    """Each step's wall time goes to build/nbgrader-pipeline-timings.json (for the closing note)."""
    _, _, timings = cohort
    assert set(timings) >= {h for h, b in guide_blocks() if not b.startswith("# interactive") and h[0] != "0"}
