"""`make lab` (trainee view) and `make instructor` serve the course with the project's own Jupyter settings."""

from __future__ import annotations

import json
import re
import shutil
import urllib.error
import urllib.request

import pytest

from microneedling.course import QUIZZES as COURSE_QUIZZES
from microneedling.saving import kernel_language_info
from tests.conftest import BUILD, ROOT
from tests.lab_server import CURRENT, LabServer, LessonInBrowser

pytestmark = pytest.mark.slow

AUTHORING_PLUGINS = {
    "@jupyter/nbgrader:assignment-list", "@jupyter/nbgrader:course-list", "@jupyter/nbgrader:create-assignment",
    "@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:menu", "@jupyter/nbgrader:validate-assignment",
}
QUIZZES = {quiz.id for quiz in COURSE_QUIZZES}


def page_config(server: LabServer) -> dict:
    _, body = server.get("/lab")
    found = re.search(rb'<script id="jupyter-config-data" type="application/json">(.*?)</script>', body, re.S)
    return json.loads(found[1])


def status_of(server: LabServer, path: str) -> int:
    try:
        return server.get(path)[0]
    except urllib.error.HTTPError as error:
        return error.code


def put_json(server: LabServer, path: str, model: dict) -> dict:
    request = urllib.request.Request(
        server.base + path, data=json.dumps(model).encode(), method="PUT",
        headers={"Authorization": f"token {server.token}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())


def test_make_lab_serves_lab_and_the_welcome_notebook(lab: LabServer):
    assert "/lab/tree/notebooks/00_welcome.ipynb?token=" in lab.log.read_text(), "the printed URL opens the welcome"
    status, body = lab.get("/lab")
    assert status == 200 and b"JupyterLab" in body
    status, body = lab.get("/api/contents/notebooks/00_welcome.ipynb")
    model = json.loads(body)
    assert status == 200 and model["type"] == "notebook"
    assert model["content"]["cells"][0]["source"].startswith("# 00 · Welcome")


def test_course_settings_turn_off_news_and_update_checks(lab: LabServer):
    config = page_config(lab)
    assert config["news"] == {"disabled": True}
    assert config["appSettingsDir"] == str(ROOT / "jupyter" / "lab-settings")
    _, body = lab.get("/lab/api/settings/@jupyterlab/apputils-extension:notification")
    properties = json.loads(body)["schema"]["properties"]
    assert properties["fetchNews"]["default"] == "false" and properties["checkForUpdates"]["default"] is False
    _, body = lab.get("/lab/api/update")
    assert json.loads(body)["notification"] is None


def test_trainee_view_has_no_nbgrader_authoring_tools(lab: LabServer):
    assert AUTHORING_PLUGINS <= set(page_config(lab)["disabledExtensions"])
    for path in ("/formgrader", "/formgrader/api/assignments", "/assignments", "/courses"):
        assert status_of(lab, path) == 404, f"{path} answers in the trainee view"


def test_instructor_view_has_nbgrader_and_formgrader_lists_the_quizzes(instructor_lab: LabServer):
    assert not AUTHORING_PLUGINS & set(page_config(instructor_lab)["disabledExtensions"])
    status, body = instructor_lab.get("/formgrader/api/assignments")
    assert status == 200, "the Formgrader API should answer for this course"
    assert QUIZZES <= {assignment["name"] for assignment in json.loads(body)}


def test_notebooks_open_with_the_kernels_language_info(lab: LabServer):
    _, body = lab.get("/api/contents/notebooks/03_devices_and_needle_depth.ipynb?content=1")
    assert json.loads(body)["content"]["metadata"]["language_info"] == kernel_language_info()


def test_saving_through_the_server_keeps_lessons_identical_and_quiz_answers(lab: LabServer):
    folder = BUILD / "save-test"
    shutil.rmtree(folder, ignore_errors=True)
    lesson = folder / "notebooks" / "03_devices_and_needle_depth.ipynb"
    lesson.parent.mkdir(parents=True)
    shutil.copy(ROOT / "notebooks" / lesson.name, lesson)
    api_path = f"/api/contents/{lesson.relative_to(ROOT).as_posix()}"
    model = json.loads(lab.get(api_path + "?content=1")[1])
    view = {"version_major": 2, "version_minor": 0, "model_id": "0123"}
    for cell in model["content"]["cells"]:
        if cell["cell_type"] == "code":
            cell["execution_count"] = 1
            cell["outputs"] = [{"output_type": "display_data", "metadata": {},
                                "data": {"text/plain": "VBox()", "application/vnd.jupyter.widget-view+json": view}}]
    put_json(lab, api_path, {"type": "notebook", "format": "json", "content": model["content"]})
    assert lesson.read_bytes() == (ROOT / "notebooks" / lesson.name).read_bytes()

    quiz = folder / "quiz.ipynb"
    answer = {"output_type": "display_data", "metadata": {},
              "data": {"application/vnd.microneedling.answer+json": {"question": "q1", "value": "b"},
                       "text/plain": "Recorded answer to q1: b"}}
    widget = {"output_type": "display_data", "metadata": {},
              "data": {"text/plain": "VBox()", "application/vnd.jupyter.widget-view+json": view}}
    content = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [{
        "id": "q1", "cell_type": "code", "source": "quiz.single('q1', {'a': 'Yes', 'b': 'No'})",
        "execution_count": 2, "outputs": [widget, answer],
        "metadata": {"nbgrader": {"grade": True, "grade_id": "q1", "points": 1, "solution": False}}}]}
    put_json(lab, f"/api/contents/{quiz.relative_to(ROOT).as_posix()}",
             {"type": "notebook", "format": "json", "content": content})
    (saved,) = json.loads(quiz.read_text())["cells"]
    assert [list(o["data"]) for o in saved["outputs"]] == [list(answer["data"])]
    shutil.rmtree(folder)


def test_welcome_opens_clean_and_its_widget_answers_in_chromium(lab: LabServer, browser_page):
    page = browser_page
    lesson = LessonInBrowser(page, lab, "00_welcome", ".mn-study-planner .mn-schedule")
    planner = page.locator(".mn-study-planner")
    planner.scroll_into_view_if_needed()  # JupyterLab 4 does not render off-screen cells' text
    assert "week(s)" in planner.locator(".mn-message").text_content()

    hours = planner.locator(".widget-text input").first
    hours.fill("40")
    hours.press("Enter")
    page.wait_for_function(
        "() => document.querySelector('.mn-study-planner .mn-message').textContent.includes('over 1 week(s)')"
    )
    assert not page.evaluate("() => window.jupyterapp.commands.hasCommand('nbgrader:open-formgrader')")
    assert page.locator(".jp-DebuggerBugButton").count() == 0, "the trainee view shows the debugger"
    lesson.finish(planner, "00_welcome")

    # The notebook's own arrow-key navigation still works outside the widgets (the course only moves it out of
    # outputs): in command mode on a cell, ArrowDown selects the next cell.
    active = "() => window.jupyterapp.shell.currentWidget.content.activeCellIndex"
    page.evaluate("() => { const nb = window.jupyterapp.shell.currentWidget.content;"
                  " nb.activeCellIndex = 0; nb.mode = 'command'; nb.node.focus(); }")
    page.keyboard.press("ArrowDown")
    # JupyterLab skips cells whose input is hidden (lesson 00's setup cell): the next cell a trainee can see.
    next_visible = ("() => window.jupyterapp.shell.currentWidget.content.widgets"
                    ".findIndex((cell, index) => index > 0 && !cell.inputHidden)")
    assert page.evaluate(active) == page.evaluate(next_visible) > 0


def test_an_answered_quiz_saved_and_reopened_keeps_its_answer_and_shows_no_widget_error(lab: LabServer,
                                                                                         browser_page):
    """A trainee answers a graded question, saves, comes back after the kernel is gone: the recorded answer is
    there as text, no "Error displaying widget", and the saved file holds the answer but no widget views."""
    from tests.lab_server import open_notebook, page_problems, run_all, save_close_reopen

    page = browser_page
    quiz = "procedure_quiz"
    folder = BUILD / "quiz-reopen" / quiz
    shutil.rmtree(folder.parent, ignore_errors=True)
    shutil.copytree(ROOT / "assignments" / quiz, folder)
    notebook = f"{folder.relative_to(ROOT).as_posix()}/{quiz}.ipynb"
    open_notebook(page, lab, notebook)
    run_all(page)
    question = page.locator(f"{CURRENT} .mn-graded-single").first
    question.scroll_into_view_if_needed()
    question.locator(".widget-radio-box input").first.check()
    page.locator(f"{CURRENT} .jp-OutputArea-output").get_by_text("Recorded answer").first.wait_for(timeout=30_000)

    save_close_reopen(page, lab, notebook)
    assert not page_problems(page, layout=False)
    assert page.locator(f"{CURRENT} .jp-OutputArea-output").get_by_text("Recorded answer").count() >= 1, "the recorded answer is not shown"
    saved = json.loads((folder / f"{quiz}.ipynb").read_text())
    outputs = [o for cell in saved["cells"] if cell["cell_type"] == "code" for o in cell["outputs"]]
    assert any("application/vnd.microneedling.answer+json" in o.get("data", {}) for o in outputs)
    assert not any("application/vnd.jupyter.widget-view+json" in o.get("data", {}) for o in outputs)
    shutil.rmtree(folder.parent)
