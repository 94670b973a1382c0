"""The whole nbgrader pipeline on a simulated cohort, driven by the commands of docs/instructor-guide.md.

A temporary course directory gets the course's ``nbgrader_config.py`` and a fixture quiz (``pipeline_quiz``: one
question of each type with known keys, and a written answer). The guide's ```bash blocks run verbatim, in order,
except block 0 (the site-specific ``cd``/``source`` lines, replaced by this test's course and venv) and blocks
marked ``# interactive`` (Formgrader), whose effect — a hand-given mark — is written through ``nbgrader.api``.

Honest trainees, answers recorded the way the quiz widgets record them:

* ada — everything right, through the exchange (answers file);
* ben — fetches and submits without answering;
* cleo — partly right, LMS upload of the notebook only (answers saved in it);
* dev — two attempts in the LMS download, the first all wrong, the second all right;
* eve — submits twice through the exchange: wrong first, then right.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import re
import subprocess
import zipfile
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook

from microneedling.grading.authoring import Graded, Written, quiz_notebook
from tests.conftest import ROOT
from tests.nbgrader_course import BIN, embed_answers, env, make_course, record_answers

QUIZ = "pipeline_quiz"
GUIDE = ROOT / "docs" / "instructor-guide.md"
FIXTURE = [
    Graded(1, "single", "Single choice", "Which option is right?", 2, "b", {"a": "first", "b": "second", "c": "third"}),
    Graded(2, "multiple", "Select all that apply", "Which options are right?", 3, ["a", "c", "d"],
           {"a": "one", "b": "two", "c": "three", "d": "four", "e": "five"}),
    Graded(3, "ordering", "Ordering", "Put the steps in order.", 4, ["s3", "s1", "s5", "s2", "s4"],
           {"s1": "alpha", "s2": "bravo", "s3": "charlie", "s4": "delta", "s5": "echo"}),
    Graded(4, "numeric", "Numeric", "How many millimetres?", 2, 2.75, tolerance=0.25, unit="mm", minimum=0, maximum=10),
    Graded(5, "matching", "Matching", "Match each item.", 3, {"x": "p", "y": "q", "z": "r"},
           {"left": {"x": "ex", "y": "why", "z": "zed"}, "right": {"q": "queue", "r": "are", "p": "pea", "s": "ess"}}),
    Written(6, "Written answer", "Explain your reasoning.", 2, "A model answer for the grader.",
            ["1 point: names the reason", "1 point: in plain words"]),
]
AUTOGRADED_MAX = 14.0
RIGHT = {"q1": "b", "q2": ["a", "c", "d"], "q3": ["s3", "s1", "s5", "s2", "s4"], "q4": 2.75,
         "q5": {"x": "p", "y": "q", "z": "r"}, "q6": "Because the reason, said plainly."}
WRONG = {"q1": "a", "q2": ["b", "e"], "q3": ["s4", "s2", "s5", "s1", "s3"], "q4": 9.0,
         "q5": {"x": "s", "y": "p", "z": "q"}, "q6": "No idea."}
# cleo: q1 wrong (0) + q2 a,c right and e wrong: (2-1)/3*3 = 1 + q3 first two swapped: 4 of 5 in key order,
# (4-1)/(5-1)*4 = 3 + q4 2.6 within 2.75 ± 0.25 (2) + q5 one pair of three (1) = 7
CLEO = {"q1": "c", "q2": ["a", "c", "e"], "q3": ["s1", "s3", "s5", "s2", "s4"], "q4": 2.6,
        "q5": {"x": "p", "y": "r", "z": "q"}, "q6": "Cleo's reasons <b>in bold</b>."}
EXPECTED = {"ada": AUTOGRADED_MAX, "ben": 0.0, "cleo": 7.0, "dev": AUTOGRADED_MAX, "eve": AUTOGRADED_MAX}
KEY_TEXTS = ["quiz.key", "HIDDEN TESTS", "'b', facts", "['s3', 's1', 's5', 's2', 's4']", "2.75, tolerance",
             "'x': 'p'", "A model answer for the grader"]
ROSTER = {"ben": 500002, "cleo": 500003, "dev": 500004, "eve": 500005}


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
    prelude = (f"set -e\ncd {course}\nsource {BIN / 'activate'}\nexport QUIZ={QUIZ}\n"
               f"export LMS_ZIP={lms_zip}\n")
    result = subprocess.run(["bash", "-c", prelude + block], env=env(), capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, f"guide block failed:\n{block}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result


class Trainee:
    """A trainee on the exchange: fetch, answer (as the widgets record), submit."""

    def __init__(self, name: str, home: Path, exchange: Path) -> None:
        self.name, self.home = name, home
        home.mkdir(parents=True)
        (home / "nbgrader_config.py").write_text(
            f"c = get_config()\nc.CourseDirectory.course_id = 'microneedling101'\nc.Exchange.root = {str(exchange)!r}\n")

    def nbgrader(self, *args: str) -> None:
        result = subprocess.run([str(BIN / "nbgrader"), *args], cwd=self.home, env=env(), capture_output=True,
                                text=True, timeout=120)
        assert result.returncode == 0, result.stderr[-2000:]

    def fetch(self) -> None:
        self.nbgrader("fetch_assignment", QUIZ)

    def answer(self, answers: dict, when: dt.datetime) -> None:
        record_answers(self.home / QUIZ, QUIZ, answers, when)

    def submit(self) -> None:
        # One OS user plays every trainee, so the submission names its trainee explicitly.
        self.nbgrader("submit", QUIZ, f"--student={self.name}")


def moodle_zip(path: Path, release: Path) -> Path:
    """A Moodle "download all submissions" zip: one folder per participant, file names chosen by trainees."""
    def notebook_with(answers: dict) -> str:
        return nbformat.writes(embed_answers(nbformat.read(release, as_version=4), answers))

    with zipfile.ZipFile(path, "w") as bundle:
        cleo = zipfile.ZipInfo("Cleo Martins_500003_assignsubmission_file_/my quiz FINAL.ipynb", (2026, 11, 21, 9, 0, 0))
        bundle.writestr(cleo, notebook_with(CLEO))
        first = zipfile.ZipInfo("Dev Patel_500004_assignsubmission_file_/pipeline_quiz.ipynb", (2026, 11, 21, 8, 0, 0))
        bundle.writestr(first, notebook_with(WRONG))
        second = zipfile.ZipInfo("Dev Patel_500004_assignsubmission_file_/pipeline_quiz (1).ipynb",
                                 (2026, 11, 21, 10, 0, 0))
        bundle.writestr(second, notebook_with(RIGHT))
        stranger = zipfile.ZipInfo("Zed Unknown_599999_assignsubmission_file_/pipeline_quiz.ipynb",
                                   (2026, 11, 21, 10, 0, 0))
        bundle.writestr(stranger, notebook_with(RIGHT))
        bundle.writestr("Cleo Martins_500003_assignsubmission_file_/notes.txt", "not a notebook")
    return path


def visible_text(page: str) -> str:
    """The text a reader sees in an HTML page (tags removed, entities decoded)."""
    body = page[page.find("<body"):]
    return html.unescape(re.sub(r"<[^>]+>", "", re.sub(r"<(script|style)\b.*?</\1>", "", body, flags=re.S)))


def leaked_keys(page: str) -> list[str]:
    text = visible_text(page)
    return [key for key in KEY_TEXTS if key in text]


@pytest.fixture(scope="module")
def cohort(tmp_path_factory):
    """Run the guide on the simulated cohort once; yield the course dir and the guide's outputs."""
    base = tmp_path_factory.mktemp("nbgrader-pipeline")
    exchange = base / "exchange"
    exchange.mkdir(mode=0o777)
    course = make_course(base / "course", extra_config=f"c.Exchange.root = {str(exchange)!r}\n", quizzes=())
    (course / "source" / QUIZ).mkdir(parents=True)
    nbformat.write(quiz_notebook(QUIZ, "# Pipeline fixture quiz", FIXTURE, "End."),
                   course / "source" / QUIZ / f"{QUIZ}.ipynb")
    with (course / "trainees.csv").open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "first_name", "last_name", "email", "lms_user_id"])
        for trainee, lms in ROSTER.items():
            writer.writerow([trainee, trainee.title(), "Test", f"{trainee}@example.org", lms])
    lms_zip = base / "lms.zip"
    blocks = guide_blocks()
    outputs = {}
    trainees = {name: Trainee(name, base / "home" / name, exchange) for name in ("ada", "ben", "eve")}
    t0 = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.timezone.utc)
    for heading, block in blocks[1:]:
        if "# interactive" in block:
            continue
        if heading.startswith("3a"):  # trainees work between release and collection
            for trainee in trainees.values():
                trainee.fetch()
            trainees["ada"].answer(RIGHT, t0)
            trainees["ada"].submit()
            trainees["ben"].submit()
            trainees["eve"].answer(WRONG, t0)
            trainees["eve"].submit()
            trainees["eve"].answer(RIGHT, t0 + dt.timedelta(hours=1))
            trainees["eve"].submit()
        if heading.startswith("3b"):
            moodle_zip(lms_zip, course / "assignments" / QUIZ / f"{QUIZ}.ipynb")
        if heading.startswith("6"):  # the instructor's marks from Formgrader
            with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
                for trainee, points in (("ada", 2.0), ("cleo", 1.0)):
                    grade = gb.find_grade("q6", QUIZ, QUIZ, trainee)
                    grade.manual_score = points
                    grade.needs_manual_grade = False
                gb.db.commit()
        outputs[heading] = run_block(course, block, lms_zip)
    yield {"course": course, "outputs": outputs, "trainees": trainees}


@pytest.mark.slow
def test_the_guide_covers_every_step():
    headings = [h for h, _ in guide_blocks()]
    for step in ("1.", "2.", "3a.", "3b.", "4.", "5.", "6.", "7."):
        assert any(h.startswith(step) for h in headings), f"no command block under step {step}"


@pytest.mark.slow
def test_every_trainee_gets_exactly_the_expected_autograded_points(cohort):
    with Gradebook(f"sqlite:///{cohort['course'] / 'gradebook.db'}") as gb:
        got = {s: gb.find_submission_notebook(QUIZ, QUIZ, s).code_score for s in EXPECTED}
    assert got == EXPECTED


@pytest.mark.slow
def test_lms_trainees_are_identified_by_the_lms_folder_and_the_latest_attempt_is_kept(cohort):
    course = cohort["course"]
    assert sorted(p.name for p in (course / "submitted").iterdir()) == ["ada", "ben", "cleo", "dev", "eve"]
    assert (course / "submitted" / "cleo" / QUIZ / f"{QUIZ}.ipynb").exists(), "renamed file is the quiz notebook"
    assert not (course / "submitted" / "cleo" / QUIZ / "notes.txt").exists()
    assert "599999" in cohort["outputs"]["3b. Collect submissions downloaded from an LMS"].stderr
    assert (course / "submitted" / "dev" / QUIZ / "timestamp.txt").read_text().startswith("2026-11-21 10:00")


@pytest.mark.slow
def test_written_answers_wait_for_the_instructor_and_are_shown_as_text(cohort):
    course = cohort["course"]
    autograded = nbformat.read(course / "autograded" / "cleo" / QUIZ / f"{QUIZ}.ipynb", as_version=4)
    written = next(c for c in autograded.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "q6")
    assert "<b>" not in written.source and "&lt;b&gt;" in written.source


@pytest.mark.slow
def test_feedback_shows_points_and_messages_but_no_key(cohort):
    course = cohort["course"]
    for trainee in EXPECTED:
        page = (course / "feedback" / trainee / QUIZ / f"{QUIZ}.html").read_text()
        assert leaked_keys(page) == [], f"{trainee}'s feedback shows {leaked_keys(page)}"
        text = visible_text(page)
        expected = "No answer was recorded" if trainee == "ben" else "steps are in the right order"
        assert expected in text and "of 2 points" in text
    cleo = visible_text((course / "feedback" / "cleo" / QUIZ / f"{QUIZ}.html").read_text())
    assert "Cleo's reasons <b>in bold</b>." in cleo, "the written answer appears exactly as typed"
    assert "4 of 5 steps are in the right order" in cleo and "1 of 3 pairs are right" in cleo


@pytest.mark.slow
def test_feedback_names_each_question_with_its_points_and_shows_no_code(cohort):
    course = cohort["course"]
    ada = visible_text((course / "feedback" / "ada" / QUIZ / f"{QUIZ}.html").read_text())
    assert "pipeline_quiz: 16 of 16 points" in ada
    for line in ("Question 1 — Single choice: 2 of 2 points", "Question 3 — Ordering: 4 of 4 points",
                 "Question 6 — Written answer: 2 of 2 points"):
        assert line in ada, f"{line!r} missing from the page's list of questions"
    ben = visible_text((course / "feedback" / "ben" / QUIZ / f"{QUIZ}.html").read_text())
    assert "Question 1 — Single choice: 0 of 2 points" in ben and "No written answer was recorded." in ben
    for page in (ada, ben):
        for internal in ("Test cell", "Grade cell", "Graded from your recorded answer", "In [", "Out[",
                         "copied here when the quiz is marked"):
            assert internal not in page


@pytest.mark.slow
@pytest.mark.browser
def test_the_feedback_page_reads_well_in_a_browser(cohort):
    """Ben's page (nothing answered) and Cleo's (partly right), in Chromium: no axe violation, the list of questions
    leads by keyboard to each question's result."""
    from playwright.sync_api import sync_playwright

    from tests.a11y import describe, run_axe
    from tests.conftest import BUILD, CHROMIUM, CHROMIUM_FLAGS, require_chromium

    require_chromium()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_FLAGS)
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        for trainee in ("ben", "cleo"):
            page.goto((cohort["course"] / "feedback" / trainee / QUIZ / f"{QUIZ}.html").as_uri())
            assert [describe(v) for v in run_axe(page)] == [], trainee
            page.keyboard.press("Tab")
            assert page.evaluate("document.activeElement.textContent") == "Question 1 — Single choice"
            page.keyboard.press("Enter")
            assert page.evaluate("location.hash") == "#q1"
            (BUILD / "screenshots").mkdir(parents=True, exist_ok=True)
            page.goto((cohort["course"] / "feedback" / trainee / QUIZ / f"{QUIZ}.html").as_uri())
            page.screenshot(path=str(BUILD / "screenshots" / f"feedback-{trainee}.png"), full_page=True)
        browser.close()


@pytest.mark.slow
def test_the_key_check_can_fail(cohort):
    """The feedback check finds a key when the source notebook itself is rendered (a control)."""
    from nbconvert import HTMLExporter

    page, _ = HTMLExporter().from_filename(str(cohort["course"] / "source" / QUIZ / f"{QUIZ}.ipynb"))
    assert "quiz.key" in leaked_keys(page)


@pytest.mark.slow
def test_feedback_is_released_to_exchange_trainees(cohort):
    for name in ("ada", "eve"):
        trainee = cohort["trainees"][name]
        trainee.nbgrader("fetch_feedback", QUIZ, f"--student={name}")
        pages = list((trainee.home / QUIZ / "feedback").rglob(f"{QUIZ}.html"))
        assert pages and leaked_keys(pages[0].read_text()) == []


@pytest.mark.slow
def test_grades_export_has_one_row_per_trainee(cohort):
    rows = list(csv.DictReader((cohort["course"] / "grades.csv").open()))
    scores = {row["student_id"]: float(row["score"]) for row in rows}
    assert scores == {"ada": 16.0, "ben": 0.0, "cleo": 8.0, "dev": 14.0, "eve": 14.0}
    assert all(row["max_score"] == "16.0" and row["assignment"] == QUIZ for row in rows)


@pytest.mark.slow
def test_grading_again_is_idempotent_and_a_changed_written_answer_is_flagged(cohort):
    course = cohort["course"]
    db = f"sqlite:///{course / 'gradebook.db'}"
    subprocess.run([str(BIN / "nbgrader"), "autograde", QUIZ, "--force"], cwd=course, env=env(), check=True,
                   capture_output=True, timeout=300)
    with Gradebook(db) as gb:
        ada = gb.find_grade("q6", QUIZ, QUIZ, "ada")
        assert (ada.manual_score, ada.needs_manual_grade) == (2.0, False), "a settled mark stays settled"
        assert gb.find_submission_notebook(QUIZ, QUIZ, "ada").code_score == AUTOGRADED_MAX
    # ada resubmits with a different written answer: the old mark must be looked at again
    ada_trainee = cohort["trainees"]["ada"]
    ada_trainee.answer({"q6": "A rewritten answer."}, dt.datetime(2026, 11, 22, tzinfo=dt.timezone.utc))
    ada_trainee.submit()
    for args in (["collect", QUIZ, "--update"], ["autograde", QUIZ]):
        subprocess.run([str(BIN / "nbgrader"), *args], cwd=course, env=env(), check=True, capture_output=True,
                       timeout=300)
    with Gradebook(db) as gb:
        ada = gb.find_grade("q6", QUIZ, QUIZ, "ada")
        assert ada.needs_manual_grade and ada.manual_score == 2.0
        cleo = gb.find_grade("q6", QUIZ, QUIZ, "cleo")
        assert not cleo.needs_manual_grade, "other trainees' marks are untouched"
