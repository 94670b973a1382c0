"""A trainee answers a whole graded quiz by clicking in JupyterLab (`make lab`, headless Chromium), and gets full marks.

Preparation quiz (every question type): open, Run All, answer each question with the mouse or the keyboard, watch
each answer recorded; restart the kernel and Run All — the answers are back; save, close and reopen — the recorded
answers are shown as text, no widget error; Run All — the controls show them again. The page passes the layout and
axe checks. Then the submission is graded by the real ``nbgrader autograde``: full automatic marks, both from the
folder as submitted (exchange) and from the saved notebook alone (LMS upload).
"""

from __future__ import annotations

import json
import shutil

import nbformat
import pytest
from nbgrader.api import Gradebook

from microneedling.quiz.questions import Matching, MultipleChoice, Numeric, Ordering, SingleChoice
from microneedling.quiz.recorded import answers_path
from tests import a11y
from tests.conftest import BUILD, ROOT
from tests.lab_server import (
    CURRENT,
    LabServer,
    open_notebook,
    page_problems,
    run_all,
    save_close_reopen,
    screenshot_notebook,
    whole_notebook_in_view,
)
from tests.nbgrader_course import auto_points, keys, make_course, questions, run_nbgrader

pytestmark = [pytest.mark.slow, pytest.mark.browser]
QUIZ = "preparation_quiz"
SOURCE = ROOT / "source" / QUIZ / f"{QUIZ}.ipynb"
WRITTEN = "Active acne is not needled, so I would defer and treat the calm skin once it has settled."


@pytest.fixture(scope="module")
def workspace():
    """A fresh copy of the released quiz inside the server's folder (the repository's copy stays untouched)."""
    folder = BUILD / "browser-quiz" / QUIZ
    shutil.rmtree(folder.parent, ignore_errors=True)
    folder.mkdir(parents=True)
    shutil.copy(ROOT / "assignments" / QUIZ / f"{QUIZ}.ipynb", folder)
    return folder


def _question(page, index: int):
    return page.locator(f"{CURRENT} .mn-graded").nth(index)


def answer_by_clicking(page) -> dict:
    """Answer every question the way a trainee does; returns the expected recorded answers."""
    expected = {}
    graded = [q for q in questions(SOURCE).values()]
    for index, item in enumerate(graded):
        box = _question(page, index)
        box.scroll_into_view_if_needed()
        if item.written:
            box.locator("textarea").fill(WRITTEN)
            box.locator("button", has_text="Save answer").click()
            expected[item.grade_id] = WRITTEN
            continue
        question = item.spec.question
        key = question.key
        if isinstance(question, SingleChoice):
            box.locator("label", has_text=question.option(key).text).click()
        elif isinstance(question, MultipleChoice):
            for option in question.options:
                if option.id in key:
                    box.locator("label", has_text=option.text).click()
        elif isinstance(question, Ordering):  # by keyboard: focus each step's button and press Enter
            for item_id in key:
                button = box.locator("button", has_text=question.item(item_id).text)
                button.focus()
                page.keyboard.press("Enter")
        elif isinstance(question, Numeric):  # typed as a clinician types, decimal comma and Enter
            field = box.locator("input[type=text]")
            field.fill(f"{key:g}".replace(".", ","))
            field.press("Enter")
        elif isinstance(question, Matching):
            selects = box.locator("select")
            for position, left in enumerate(question.left):
                selects.nth(position).select_option(label=question.right_item(key[left.id]).text)
        expected[item.grade_id] = keys(SOURCE)[item.grade_id]
    return expected


def page_text(page) -> str:
    """The text of the whole notebook (JupyterLab only lays out the cells in view)."""
    with whole_notebook_in_view(page):
        return page.locator(CURRENT).inner_text()


def recorded_on_disk(folder) -> dict:
    path = answers_path(folder, QUIZ)
    return {q: a["value"] for q, a in json.loads(path.read_text())["answers"].items()} if path.exists() else {}


def restart_and_run_all(page) -> None:
    # Not awaited: the command's promise settles only once the dialog below is answered.
    page.evaluate("() => { window.jupyterapp.commands.execute('notebook:restart-run-all'); }")
    page.locator(".jp-Dialog .jp-mod-accept").click()
    page.wait_for_timeout(1000)
    run_all(page)


@pytest.fixture(scope="module")
def answered(lab: LabServer, browser_page, workspace):
    page = browser_page
    notebook = f"build/browser-quiz/{QUIZ}/{QUIZ}.ipynb"
    open_notebook(page, lab, notebook)
    run_all(page)
    blank_problems = page_problems(page)
    expected = answer_by_clicking(page)
    page.wait_for_function(f"() => document.querySelectorAll('{CURRENT} .mn-graded').length > 0")
    for _ in range(60):
        if recorded_on_disk(workspace) == expected:
            break
        page.wait_for_timeout(500)
    screenshot_notebook(page, "quiz/preparation-answered")
    return {"page": page, "lab": lab, "notebook": notebook, "expected": expected, "blank_problems": blank_problems}


def test_the_blank_quiz_runs_top_to_bottom_and_shows_every_question(answered):
    assert answered["blank_problems"] == []
    assert len(answered["expected"]) == len(questions(SOURCE))


def test_every_click_is_recorded_at_once(answered, workspace):
    assert recorded_on_disk(workspace) == answered["expected"]
    text = page_text(answered["page"])
    for number in range(1, len(answered["expected"]) + 1):
        assert f"Recorded answer, question {number} (" in text
    assert "Every question has an answer" in text


def test_the_page_passes_the_layout_and_accessibility_checks(answered):
    page = answered["page"]
    assert page_problems(page) == []
    report = a11y.audit(page, f"quiz-{QUIZ}")
    serious = [v for v in report["content"] if v["impact"] in a11y.BLOCKING]
    assert not serious, "\n".join(a11y.describe(v) for v in serious)


def test_restart_and_run_all_shows_the_answers_again(answered):
    page = answered["page"]
    restart_and_run_all(page)
    checked = page.locator(f"{CURRENT} .mn-graded-single input[type=radio]:checked").count()
    assert checked == sum(1 for q in questions(SOURCE).values()
                          if not q.written and isinstance(q.spec.question, SingleChoice))
    assert page.locator(f"{CURRENT} .mn-graded-text textarea").input_value() == WRITTEN
    assert page_problems(page) == []


def test_reopened_quiz_shows_the_recorded_answers_without_widget_errors(answered, workspace):
    page = answered["page"]
    save_close_reopen(page, answered["lab"], answered["notebook"])
    text = page_text(page)
    assert "Error displaying widget" not in text
    assert text.count("Recorded answer, question") == len(answered["expected"])
    screenshot_notebook(page, "quiz/preparation-reopened")
    saved = nbformat.read(workspace / f"{QUIZ}.ipynb", as_version=4)
    assert not any("application/vnd.jupyter.widget-view+json" in o.get("data", {})
                   for c in saved.cells for o in c.get("outputs", [])), "widget views are not saved"
    run_all(page)
    assert page_problems(page) == []
    assert page.locator(f"{CURRENT} .mn-graded-text textarea").input_value() == WRITTEN


@pytest.mark.parametrize("route", ["exchange folder", "notebook only (LMS upload)"])
def test_the_submission_gets_full_automatic_marks(answered, workspace, tmp_path, route):
    course = make_course(tmp_path / "course", quizzes=(QUIZ,))
    run_nbgrader(course, "generate_assignment", QUIZ, "--force")
    submitted = course / "submitted" / "trainee" / QUIZ
    submitted.mkdir(parents=True)
    shutil.copy(workspace / f"{QUIZ}.ipynb", submitted)
    if route == "exchange folder":
        shutil.copy(answers_path(workspace, QUIZ), submitted)
    run_nbgrader(course, "autograde", QUIZ)
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        notebook = gb.find_submission_notebook(QUIZ, QUIZ, "trainee")
        assert notebook.code_score == auto_points(SOURCE)
        assert notebook.needs_manual_grade, "the written answer waits for the instructor"
