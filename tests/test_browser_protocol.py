"""A real Chromium renders each protocol lesson's widget (04-07) and completes one interaction per lesson."""

from __future__ import annotations

import pytest

from tests.lab_server import LabServer, LessonInBrowser

pytestmark = pytest.mark.slow


def test_case_screener_checks_a_decision(lab: LabServer, browser_page):
    page = browser_page
    lesson = LessonInBrowser(page, lab, "04_consultation_and_preparation", ".mn-case-screener .mn-case-story")
    screener = page.locator(".mn-case-screener")
    screener.scroll_into_view_if_needed()
    screener.locator("label", has_text="Refer / decide per policy before treating").click()
    screener.locator("button", has_text="Check").click()
    screener.locator("text=Model decision").wait_for(timeout=30_000)
    assert "Spring 2017" in screener.inner_text()
    lesson.finish(screener)


def test_procedure_builder_explains_misplaced_steps(lab: LabServer, browser_page):
    page = browser_page
    lesson = LessonInBrowser(page, lab, "05_procedure_step_by_step", ".mn-procedure-builder .mn-card")
    builder = page.locator(".mn-procedure-builder")
    builder.scroll_into_view_if_needed()
    builder.locator("button", has_text="Check").click()
    builder.locator("text=out of place").wait_for(timeout=30_000)
    assert "belongs" in builder.inner_text()
    lesson.finish(builder)


def test_aftercare_planner_exports_text(lab: LabServer, browser_page):
    page = browser_page
    lesson = LessonInBrowser(page, lab, "06_aftercare_and_complications", ".mn-aftercare-planner .mn-aftercare-table")
    planner = page.locator(".mn-aftercare-planner")
    planner.scroll_into_view_if_needed()
    planner.locator("button", has_text="Export as text").click()
    page.wait_for_function(
        "() => document.querySelector('.mn-aftercare-planner .mn-export textarea').value"
        ".startsWith('Aftercare after your microneedling treatment')"
    )
    lesson.finish(planner)


def test_series_planner_refuses_a_short_interval(lab: LabServer, browser_page):
    page = browser_page
    lesson = LessonInBrowser(page, lab, "07_treatment_planning", ".mn-series-planner .mn-series-table")
    planner = page.locator(".mn-series-planner")
    planner.scroll_into_view_if_needed()
    interval = planner.locator(".mn-interval input")
    interval.fill("3")
    interval.press("Enter")
    page.wait_for_function(
        "() => document.querySelector('.mn-series-planner .mn-message').innerText.includes('-day minimum')"
    )
    lesson.finish(planner)
