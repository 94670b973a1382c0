"""`make lab` serves the course; a real Chromium runs the welcome notebook and drives its widget."""

from __future__ import annotations

import json

import pytest

from tests.lab_server import LabServer, LessonInBrowser

pytestmark = pytest.mark.slow

def test_make_lab_serves_lab_and_the_welcome_notebook(lab: LabServer):
    assert "/lab/tree/notebooks/00_welcome.ipynb?token=" in lab.log.read_text(), "the printed URL opens the welcome"
    status, body = lab.get("/lab")
    assert status == 200 and b"JupyterLab" in body
    status, body = lab.get("/api/contents/notebooks/00_welcome.ipynb")
    model = json.loads(body)
    assert status == 200 and model["type"] == "notebook"
    assert model["content"]["cells"][0]["source"].startswith("# 00 · Welcome")


def test_make_lab_enables_the_nbgrader_course(lab: LabServer):
    status, body = lab.get("/api/config/tree")  # server reachable; nbgrader's extensions answer below
    assert status == 200
    status, body = lab.get("/formgrader/api/assignments")
    assert status == 200, "the Formgrader API should answer for this course"
    names = {assignment["name"] for assignment in json.loads(body)}
    assert {"preparation_quiz", "procedure_quiz", "aftercare_quiz", "science_devices_quiz"} <= names


def test_welcome_widget_renders_and_answers_in_chromium(lab: LabServer, browser_page):
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
    lesson.finish(planner, "00_welcome")
