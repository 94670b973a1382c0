"""`make lab` serves the course; a real Chromium runs the welcome notebook and drives its widget."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import BUILD, CHROMIUM, ROOT, require_chromium
from tests.lab_server import LabServer, start_lab

pytestmark = pytest.mark.slow

CHROMIUM_FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
]


@pytest.fixture(scope="module")
def lab(tmp_path_factory) -> LabServer:
    server = start_lab(tmp_path_factory.mktemp("lab-settings"))
    yield server
    assert server.stop() in (0, 130, -2), f"JupyterLab did not stop cleanly; see {server.log}"


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


@pytest.fixture(scope="module")
def browser_page(lab: LabServer):
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_FLAGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        yield page
        browser.close()


def open_and_run(page, lab: LabServer, notebook: str, ready_selector: str, timeout: float = 60_000) -> None:
    """Open a notebook in JupyterLab, run all cells, wait for a widget's CSS class."""
    page.goto(f"{lab.base}/lab/tree/{notebook}?token={lab.token}")
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=timeout)
    page.wait_for_function("() => window.jupyterapp && window.jupyterapp.commands.hasCommand('notebook:run-all-cells')")
    page.wait_for_function(
        "() => { const w = window.jupyterapp.shell.currentWidget;"
        " return !!(w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel"
        " && w.sessionContext.session.kernel.connectionStatus === 'connected'"
        " && w.sessionContext.session.kernel.status === 'idle'); }",
        timeout=timeout,
    )
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
    try:
        page.wait_for_selector(ready_selector, timeout=timeout)
    except Exception:
        failed = BUILD / "screenshots" / f"FAILED-{Path(notebook).stem}.png"
        failed.parent.mkdir(exist_ok=True)
        page.screenshot(path=str(failed), full_page=True)
        raise


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
