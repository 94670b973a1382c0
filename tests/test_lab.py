"""`make lab` serves the course; a real Chromium runs the welcome notebook and drives its widget."""

from __future__ import annotations

import json

import pytest

from tests.conftest import BUILD, ROOT
from tests.lab_server import LabServer, open_and_run

pytestmark = pytest.mark.slow

def test_make_lab_serves_lab_and_the_welcome_notebook(lab: LabServer):
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
    json.loads(body)


def test_welcome_widget_renders_and_answers_in_chromium(lab: LabServer, browser_page):
    page = browser_page
    before = (ROOT / "notebooks" / "00_welcome.ipynb").read_bytes()
    open_and_run(page, lab, "notebooks/00_welcome.ipynb", ".mn-study-planner .mn-schedule")
    assert page.locator("text=Error displaying widget").count() == 0
    planner = page.locator(".mn-study-planner")
    assert "week(s)" in planner.locator(".mn-message").inner_text()

    hours = planner.locator(".widget-text input").first
    hours.fill("40")
    hours.press("Enter")
    page.wait_for_function(
        "() => document.querySelector('.mn-study-planner .mn-message').innerText.includes('over 1 week(s)')"
    )
    shot = BUILD / "screenshots" / "00_welcome.png"
    shot.parent.mkdir(exist_ok=True)
    planner.screenshot(path=str(shot))
    assert shot.stat().st_size > 0
    assert (ROOT / "notebooks" / "00_welcome.ipynb").read_bytes() == before, "the browser run must not save outputs"
