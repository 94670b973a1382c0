"""Shared paths and fixtures for the course's tests."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BUILD = ROOT / "build"
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
CHROMIUM = Path("/usr/bin/chromium")
# Lessons record self-check answers in the learner's progress store: tests, their kernels and servers use a
# throwaway one, never the real learner's (helper L).
os.environ["MICRONEEDLING_PROGRESS"] = str(Path(tempfile.mkdtemp(prefix="mn-progress-")) / "progress.sqlite3")


def pytest_sessionstart(session: pytest.Session) -> None:
    BUILD.mkdir(exist_ok=True)
    # Build matplotlib's font cache once, so no kernel prints "building the font cache" to stderr.
    import matplotlib.font_manager  # noqa: F401


def require_chromium() -> None:
    """Skip locally when Chromium is missing; under CI that is a failure."""
    if CHROMIUM.exists():
        return
    message = f"{CHROMIUM} not found: install Debian's chromium (apt-get install -y chromium)"
    if IN_CI:
        pytest.fail(message)
    pytest.skip(message)


CHROMIUM_FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
]


TRAINEE_RECORDS = ROOT / "notebooks" / "my_treatment_records"


@contextlib.contextmanager
def moved_aside(folder: Path) -> Iterator[None]:
    """Run with ``folder`` emptied of what was there: its contents wait in a sibling folder and come back after;
    whatever was written to ``folder`` meanwhile is removed. Stopped midway, the sibling stays and is put back by
    the next use."""
    aside = folder.with_name(folder.name + ".moved-aside-by-tests")
    if aside.exists():
        if folder.exists():
            pytest.exit(f"Both {folder} and {aside} exist (an earlier test run was stopped): keep the files you want "
                        "in the first, delete the second, then run the tests again.", 2)
        aside.rename(folder)
    if folder.exists():
        folder.rename(aside)
    try:
        yield
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        if aside.exists():
            aside.rename(folder)


@pytest.fixture(scope="session", autouse=True)
def trainee_records_kept_safe():
    """Lesson 09's record form writes into notebooks/my_treatment_records/, and the browser tests press its Export
    and Save draft buttons: a trainee's own records there are kept out of the tests' way and put back after."""
    with moved_aside(TRAINEE_RECORDS):
        yield


@pytest.fixture(scope="session")
def lab(tmp_path_factory):
    """JupyterLab started exactly as `make lab` does (one server for the whole session)."""
    from tests.lab_server import start_lab

    server = start_lab(tmp_path_factory.mktemp("lab-settings"))
    yield server
    assert server.stop() in (0, 130, -2), f"JupyterLab did not stop cleanly; see {server.log}"


@pytest.fixture(scope="session")
def instructor_lab(tmp_path_factory):
    """JupyterLab started exactly as `make instructor` does (nbgrader's tools enabled)."""
    from tests.lab_server import start_lab

    server = start_lab(tmp_path_factory.mktemp("instructor-settings"), target="instructor")
    yield server
    assert server.stop() in (0, 130, -2), f"JupyterLab did not stop cleanly; see {server.log}"


@pytest.fixture(scope="module")
def browser_page(lab):
    """One headless Debian Chromium page per test module (Playwright's sync API allows one instance at a time,
    so a module may also start its own, as the nbgrader tests do for Formgrader pages)."""
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_FLAGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        yield page
        browser.close()


