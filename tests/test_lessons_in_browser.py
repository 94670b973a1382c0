"""Every lesson of course.py, as a trainee meets it in JupyterLab (headless Chromium, `make lab`'s trainee view).

Per lesson: open (no unsaved changes), Run All, then the page must show every image loaded, no widget error, no
traceback or error output, no overlapping controls and no text cut off; an axe-core audit finds no serious or
critical violation in the course's content; every widget control is reached with Tab and operated from the
keyboard; and after save, close (kernel shut down) and reopen the page is clean again, and Run All brings the
widgets back. Screenshots: ``build/screenshots/lessons/<lesson>.png`` and ``<lesson>-reopened.png``; axe reports:
``build/axe/<lesson>.json`` and the summary ``build/axe/summary.json``.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from microneedling.course import LESSONS, Module
from tests.conftest import ROOT
from tests.lab_server import (
    CURRENT,
    LabServer,
    open_notebook,
    page_problems,
    run_all,
    save_close_reopen,
    screenshot_notebook,
)
from tests import a11y

pytestmark = [pytest.mark.slow, pytest.mark.browser]

# Lessons whose widgets still fail a check, with the owner who fixes it (details in /work/coord/FINDINGS.md).
# Strict xfails: when the lesson passes, the test fails until its line is deleted here. Never add lines to hide
# a new failure.
PENDING: dict[str, dict[str, str]] = {
    "layout": {},
    "axe": {},
    "keyboard": {
        "09_safe_practice": "helper I: the walk types '1' into empty date/time inputs, whose value stays empty "
                            "until the whole date is typed (record form's date and time pickers)",
    },
}


def pending(request, check: str, lesson: str) -> None:
    reason = PENDING[check].get(lesson)
    if reason:
        request.node.add_marker(pytest.mark.xfail(strict=True, reason=reason))


@dataclass
class LessonPage:
    lesson: Module
    page: object
    lab: LabServer

    @property
    def name(self) -> str:
        return self.lesson.id


@pytest.fixture(scope="module", params=LESSONS, ids=lambda lesson: lesson.id)
def lesson_page(request, lab: LabServer, browser_page) -> LessonPage:
    """The lesson opened in a fresh workspace and run (once for all the checks on it)."""
    lesson: Module = request.param
    open_notebook(browser_page, lab, lesson.path)
    run_all(browser_page)
    return LessonPage(lesson, browser_page, lab)


def test_lesson_shows_images_and_widgets_without_errors(lesson_page: LessonPage, request):
    pending(request, "layout", lesson_page.name)
    problems = page_problems(lesson_page.page)
    screenshot_notebook(lesson_page.page, f"lessons/{lesson_page.name}")
    assert not problems, f"{lesson_page.name}:\n" + "\n".join(problems)


def test_lesson_content_passes_the_axe_audit(lesson_page: LessonPage, request):
    pending(request, "axe", lesson_page.name)
    report = a11y.audit(lesson_page.page, lesson_page.name)
    serious = [v for v in report["content"] if v["impact"] in a11y.BLOCKING]
    assert not serious, f"{lesson_page.name}: axe finds serious or critical problems in the course content:\n" + \
        "\n".join(a11y.describe(v) for v in serious)


def test_every_widget_control_works_by_keyboard(lesson_page: LessonPage, request):
    pending(request, "keyboard", lesson_page.name)
    result = a11y.keyboard_walk(lesson_page.page)
    problems = result["unreached"] + result["inoperable"]
    assert not problems, f"{lesson_page.name} ({result['controls']} controls):\n" + "\n".join(problems)


def test_lesson_saved_closed_and_reopened_is_clean_and_runs_again(lesson_page: LessonPage):
    page, path = lesson_page.page, ROOT / lesson_page.lesson.path
    before = path.read_bytes()
    save_close_reopen(page, lesson_page.lab, lesson_page.lesson.path)
    assert path.read_bytes() == before, "saving a lesson that was only run must not change its file"
    problems = page_problems(page, layout=False)
    assert not page.locator(f"{CURRENT} .jp-OutputArea-output").count(), "a reopened lesson shows stale outputs"
    run_all(page)
    problems += page_problems(page, layout=False)
    screenshot_notebook(page, f"lessons/{lesson_page.name}-reopened")
    assert not problems, f"{lesson_page.name} after reopening:\n" + "\n".join(problems)



def test_pending_lists_name_only_real_lessons():
    lessons = {lesson.id for lesson in LESSONS}
    for check, entries in PENDING.items():
        assert set(entries) <= lessons, f"{check}: not lessons: {set(entries) - lessons}"
