"""End to end on the cohort deployment (`make hub`): JupyterHub, nbgrader's exchange, a PostgreSQL gradebook.

One scenario, in the order a real cohort lives it, in headless Chromium:
the instructor releases a quiz in Formgrader; three trainees log in, fetch it, answer and submit (Ben twice,
Cleo after the due date); the instructor collects, autogrades with the cohort autograder, marks the written
answer in Formgrader, generates and releases feedback; a trainee fetches the feedback and sees points and messages
but no keys; the grades export to CSV. PostgreSQL holds the gradebook throughout. Screenshots:
build/screenshots/hub-*.png.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import subprocess
import time
from pathlib import Path
from urllib.parse import quote

import pytest

from deploy.hub import lessons_git_environment
from tests import hub_quiz_driver as quiz
from tests.conftest import BUILD, CHROMIUM, CHROMIUM_FLAGS, ROOT, require_chromium
from tests.hub_support import COURSE, HUB_VENV, INSTRUCTOR, remove_test_hub, start_test_hub

pytestmark = [pytest.mark.browser, pytest.mark.slow]
SHOTS = BUILD / "screenshots"
ADA, BEN, CLEO = "mn-t-ada", "mn-t-ben", "mn-t-cleo"
WRITTEN = ("My plan: no needling through the inflamed acne today. I treat only the clear temples or defer the "
           "session, explain why, and note the decision in her record. <b>bold</b>")
LONG = 240_000


@pytest.fixture(scope="module")
def hub():
    if os.geteuid() != 0:
        pytest.skip("the cohort deployment creates Unix accounts: run as root (CI does)")
    require_chromium()
    server = start_test_hub()
    yield server
    remove_test_hub(server)


@pytest.fixture(scope="module")
def browser(hub):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"hub-{name}.png"))


def login(browser, hub, user: str, landing: str = "**/lab/**"):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    context.set_default_timeout(120_000)
    page = context.new_page()
    page.goto(f"{hub.url}/hub/login")
    page.fill("#username_input", user)
    page.fill("#password_input", hub.password)
    page.click("#login_submit")
    page.wait_for_url(landing, timeout=LONG)
    return page


def open_formgrader(page, hub):
    page.goto(f"{hub.url}/services/{COURSE}/formgrader")
    page.wait_for_selector(f"tr:has-text('{quiz.QUIZ}')", timeout=LONG)


def formgrader_action(page, column: str) -> str:
    """Click a Manage Assignments button for the quiz (release, collect, ...) and return nbgrader's message."""
    page.locator("tr", has_text=quiz.QUIZ).locator(f"td.{column} a").click()
    dialog = page.locator(".modal-dialog").filter(has_text="Log Output")
    dialog.wait_for(timeout=LONG)
    text = dialog.inner_text()
    dialog.get_by_role("button", name="OK").click()
    page.wait_for_selector(".modal-dialog", state="detached")
    return text


def open_assignments(page):
    """Nbgrader menu → Assignment List (the only nbgrader tool a trainee has)."""
    page.wait_for_selector(".jp-Notebook", timeout=LONG)  # the lessons opened first
    page.click(".lm-MenuBar-itemLabel >> text=Nbgrader")
    page.click(".lm-Menu-itemLabel >> text=Assignment List")
    page.wait_for_selector("#released_assignments_list", timeout=LONG)
    page.wait_for_selector("#released_assignments_list_loading", state="hidden")


def fetch_and_open(page):
    released = page.locator("#released_assignments_list .list_item", has_text=quiz.QUIZ)
    released.get_by_role("button", name="Fetch").click()
    fetched = page.locator("#fetched_assignments_list .list_item", has_text=quiz.QUIZ).first
    fetched.wait_for(timeout=LONG)
    open_quiz(page)


def open_quiz(page):
    fetched = page.locator("#fetched_assignments_list", has_text=quiz.QUIZ)
    fetched.locator("a", has_text=quiz.QUIZ).first.click()  # expand the quiz's notebook list
    fetched.locator(".item_name a, a", has_text=quiz.QUIZ).last.click()
    quiz.ready(page)


def save(page):
    page.keyboard.press("Control+s")
    page.wait_for_selector(".jp-mod-current .jp-mod-dirty, .lm-TabBar-tab.lm-mod-current.jp-mod-dirty",
                           state="detached", timeout=LONG)


def submit(page, times_before: int):
    page.locator(".lm-TabBar-tab", has_text="Assignments").click()
    page.wait_for_selector("#fetched_assignments_list .list_item")
    page.locator("#fetched_assignments_list .list_item", has_text=quiz.QUIZ).get_by_role(
        "button", name="Submit").first.click()
    page.wait_for_function(
        "n => document.querySelectorAll('#submitted_assignments_list .list_item').length > n", arg=times_before,
        timeout=LONG)


def trainee_round(browser, hub, user, answers, written=None, second=None, before_submit=None):
    page = login(browser, hub, user)
    open_assignments(page)
    fetch_and_open(page)
    quiz.answer_in_browser(page, answers, written)
    save(page)
    shot(page, f"trainee-answered-{user}")
    if before_submit:
        before_submit()
    submit(page, 0)
    if second is not None:  # a second attempt: change the answers, save, submit again
        open_quiz(page)
        quiz.answer_in_browser(page, second, None)
        save(page)
        submit(page, 1)
    shot(page, f"trainee-submitted-{user}")
    return page


def test_cohort_round_trip(hub, browser):
    # PostgreSQL holds the gradebook from the start: the deployment created it and no SQLite file exists.
    quizzes = [p.name for p in (ROOT / "source").iterdir() if p.is_dir()]
    assert hub.psql("SELECT count(*) FROM assignment") == str(len(quizzes))
    assert not (hub.course_dir / "gradebook.db").exists()

    # 1. The instructor releases the quiz in Formgrader (its own tab: nbgrader #1870 workaround).
    instructor = login(browser, hub, INSTRUCTOR)
    open_formgrader(instructor, hub)
    released = formgrader_action(instructor, "release")
    assert f"Successfully released '{quiz.QUIZ}'" in released
    shot(instructor, "formgrader-released")
    hub.command("course-nbgrader", "db", "assignment", "add", quiz.QUIZ,
                "--duedate=" + (dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=7)).isoformat())

    # 2. Three trainees answer and submit; Ben twice (the second attempt counts); Cleo after the due date.
    ada_answers = {"q1": quiz.right("q1"), "q2": quiz.wrong("q2")}  # q3-q9 left blank
    ben_first = {"q1": quiz.wrong("q1")}
    ben_final = {"q1": quiz.right("q1"), "q2": quiz.right("q2")}
    cleo_answers = {"q1": quiz.right("q1")}
    ada = trainee_round(browser, hub, ADA, ada_answers, written=WRITTEN)
    # A trainee has only the Assignment List of nbgrader's tools, and the grading service refuses them.
    ada.click(".lm-MenuBar-itemLabel >> text=Nbgrader")
    assert [t for t in ada.locator(".lm-Menu-itemLabel").all_inner_texts() if t.strip()] == ["Assignment List"]
    ada.keyboard.press("Escape")
    refused = ada.context.new_page()
    assert refused.goto(f"{hub.url}/services/{COURSE}/formgrader").status == 403
    refused.close()
    trainee_round(browser, hub, BEN, ben_first, second=ben_final).context.close()

    def due_date_passes():
        hub.command("course-nbgrader", "db", "assignment", "add", quiz.QUIZ,
                    "--duedate=" + dt.datetime.now(dt.timezone.utc).isoformat())
        time.sleep(1.5)

    trainee_round(browser, hub, CLEO, cleo_answers, before_submit=due_date_passes).context.close()

    # 3. Collect (Formgrader), then the cohort autograder with progress on the PostgreSQL gradebook.
    open_formgrader(instructor, hub)
    collected = formgrader_action(instructor, "collect")
    assert "Successfully collected" in collected, collected
    graded = hub.command("course-autograde", quiz.QUIZ, "--workers", "2")
    assert "3/3 graded (100%)" in graded.stderr and "per minute" in graded.stderr, graded.stderr
    scores = dict(line.split("|") for line in hub.psql(
        "SELECT s.student_id, sum(g.auto_score) FROM grade g JOIN submitted_notebook n ON g.notebook_id = n.id "
        "JOIN submitted_assignment s ON n.assignment_id = s.id GROUP BY s.student_id").splitlines())
    assert {k: float(v) for k, v in scores.items()} == {
        ADA: quiz.expected_autograde(ada_answers), BEN: quiz.expected_autograde(ben_final),
        CLEO: quiz.expected_autograde(cleo_answers)}
    late = dict(line.split("|") for line in hub.psql(
        "SELECT student_id, timestamp > a.duedate FROM submitted_assignment s JOIN assignment a "
        "ON s.assignment_id = a.id").splitlines())
    assert late == {ADA: "f", BEN: "f", CLEO: "t"}

    # 4. The instructor marks Ada's written answer in Formgrader.
    instructor.goto(f"{hub.url}/services/{COURSE}/formgrader/gradebook/{quiz.QUIZ}/{quiz.QUIZ}")
    instructor.locator("tr", has_text="Ada").locator("a", has_text="Submission").first.click()
    answer_cell = instructor.locator(".nbgrader_cell", has_text="My plan: no needling")
    answer_cell.wait_for(timeout=LONG)
    if quiz.WRITTEN_ANSWERS_SHOWN_AS_TEXT:
        assert answer_cell.locator("b").count() == 0, "a written answer must be shown as text, not HTML"
    instructor.wait_for_load_state("networkidle")
    comment = answer_cell.locator("textarea.comment")
    comment.click()
    comment.fill("Good: clear reason and a safe plan. Add a next step.")
    comment.press("Tab")
    score = answer_cell.locator("input.score")
    score.click()
    score.fill("2")
    score.press("Enter")
    manual_score = ("SELECT manual_score FROM grade g JOIN base_cell c ON g.cell_id = c.id "
                    "JOIN submitted_notebook n ON g.notebook_id = n.id JOIN submitted_assignment s "
                    f"ON n.assignment_id = s.id WHERE c.name = '{quiz.WRITTEN_CELL}' "
                    f"AND s.student_id = '{ADA}'")
    deadline = time.monotonic() + 60
    while hub.psql(manual_score) != "2":  # Formgrader saves in the background
        assert time.monotonic() < deadline, "Formgrader did not save the written answer's score"
        time.sleep(1)
    shot(instructor, "formgrader-manual-grade")

    # 5. Feedback: generate and release in Formgrader; Ada fetches it and sees points and messages, no keys.
    open_formgrader(instructor, hub)
    assert "Successfully generated feedback" in formgrader_action(instructor, "generate-feedback")
    assert "Successfully released feedback" in formgrader_action(instructor, "release-feedback")
    ada.locator(".lm-TabBar-tab", has_text="Assignments").click()
    ada.locator("#refresh_assignments_list").click()
    submitted = ada.locator("#submitted_assignments_list .list_item", has_text=quiz.QUIZ).first
    submitted.get_by_role("button", name="Fetch Feedback").click()
    feedback_dir = Path(f"/home/{ADA}/{COURSE}/{quiz.QUIZ}/feedback")
    deadline = time.monotonic() + 120
    while not list(feedback_dir.glob(f"*/{quiz.QUIZ}.html")):
        assert time.monotonic() < deadline, "the feedback never arrived in Ada's folder"
        time.sleep(1)
    html_path = next(feedback_dir.glob(f"*/{quiz.QUIZ}.html")).relative_to(f"/home/{ADA}")
    ada.goto(f"{hub.url}/user/{ADA}/files/{quote(str(html_path))}")
    ada.wait_for_selector("#toc", timeout=LONG)
    feedback = ada.locator("body").inner_text()
    shot(ada, "trainee-feedback")
    total = quiz.expected_autograde(ada_answers) + 2
    assert f"{quiz.QUIZ}: {total:g} of " in feedback
    assert "Question 1 — " in ada.locator("#toc").inner_text(), "questions are named as in the quiz"
    assert "Good: clear reason and a safe plan" in feedback
    for line in quiz.key_lines():
        assert line not in feedback, f"the feedback shows a key line: {line}"

    # 6. Grades export to CSV: one row per trainee and quiz, Ada's written mark included, Cleo's late flag kept.
    export = hub.course_dir / "grades.csv"
    hub.command("course-nbgrader", "export", "--to", str(export))
    rows = [r for r in csv.DictReader(export.open()) if r["assignment"] == quiz.QUIZ]
    by_trainee = {r["student_id"]: r for r in rows}
    assert set(by_trainee) == {ADA, BEN, CLEO}
    assert float(by_trainee[ADA]["raw_score"]) == total
    assert float(by_trainee[BEN]["raw_score"]) == quiz.expected_autograde(ben_final)
    assert by_trainee[BEN]["first_name"] == "Ben"
    assert float(by_trainee[CLEO]["raw_score"]) == quiz.expected_autograde(cleo_answers)

    # 7. The cohort report reads the PostgreSQL gradebook of the deployment.
    report = hub.root / "state" / "cohort-report.html"
    hub.command("course-report", "--out", "/tmp/mn-t-cohort-report.html")
    page_html = Path("/tmp/mn-t-cohort-report.html").read_text()
    Path("/tmp/mn-t-cohort-report.html").replace(report)
    assert "Cohort report" in page_html and quiz.QUIZ in page_html and "postgresql" in page_html


def as_trainee(account: str, *command: str) -> subprocess.CompletedProcess:
    return subprocess.run(["runuser", "-u", account, "--", *command], capture_output=True, text=True)


def test_trainees_cannot_read_keys_or_each_others_work(hub):
    source = hub.course_dir / "source" / quiz.QUIZ / f"{quiz.QUIZ}.ipynb"
    assert source.exists()
    assert as_trainee(ADA, "cat", str(source)).returncode != 0, "a trainee can read the quiz keys"
    assert as_trainee(ADA, "cat", str(hub.course_dir / "nbgrader_config.py")).returncode != 0
    assert as_trainee(ADA, "ls", f"/home/{BEN}").returncode != 0, "a trainee can read another's home"
    assert as_trainee(ADA, "cat", str(hub.root / "state" / "secrets.json")).returncode != 0


def test_lesson_updates_never_overwrite_a_trainees_changes(hub):
    """nbgitpuller, as on each login: the trainee's edit survives, the new lesson arrives."""
    puller = [str(HUB_VENV / "bin" / "gitpuller"), f"file://{hub.root / 'lessons.git'}", "main"]
    home = Path(f"/home/{CLEO}")
    target = home / "microneedling-course"
    as_at_login = [f"{k}={v}" for k, v in lessons_git_environment(hub.layout).items()]  # what the spawner sets
    assert as_trainee(CLEO, "env", f"HOME={home}", *as_at_login, "sh", "-c", f"cd {home} && " + " ".join(
        [*puller, str(target)])).returncode == 0
    welcome = target / "notebooks" / "00_welcome.ipynb"
    mine = welcome.read_text().replace("Welcome to the microneedling", "My notes: welcome to the microneedling", 1)
    subprocess.run(["runuser", "-u", CLEO, "--", "tee", str(welcome)], input=mine, text=True, capture_output=True,
                   check=True)
    # The course team publishes an update: a changed welcome lesson and a new lesson.
    work = hub.root / "state" / "lessons-update"
    git = ["git", "-C", str(work), "-c", "user.name=t", "-c", "user.email=t@localhost"]
    subprocess.run(["git", "clone", "-q", str(hub.root / "lessons.git"), str(work)], check=True)
    lessons = work / "notebooks"
    (lessons / "00_welcome.ipynb").write_text((lessons / "00_welcome.ipynb").read_text().replace(
        "microneedling practitioner course", "microneedling practitioner course (2nd edition)", 1))
    (lessons / "10_new_lesson.ipynb").write_text((lessons / "references.ipynb").read_text())
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "update"], check=True)
    subprocess.run([*git, "push", "-q", "origin", "HEAD:main"], check=True)
    result = as_trainee(CLEO, "env", f"HOME={home}", *as_at_login, "sh", "-c", f"cd {home} && " + " ".join(
        [*puller, str(target)]))
    assert result.returncode == 0, result.stderr
    assert "My notes: welcome to the microneedling" in welcome.read_text(), "the trainee's change was overwritten"
    assert (target / "notebooks" / "10_new_lesson.ipynb").exists(), "the new lesson did not arrive"
    assert not (target / "source").exists(), "the trainee copy never holds source/ (the keys)"
