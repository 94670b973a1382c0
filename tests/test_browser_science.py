"""A real Chromium opens lessons 01-03, renders their widgets without error, and drives one control per lesson."""

from __future__ import annotations

import pytest

from tests.lab_server import CURRENT, LabServer, LessonInBrowser

pytestmark = pytest.mark.slow

def test_healing_timeline_follows_the_day(lab: LabServer, browser_page):
    page = browser_page
    lesson = LessonInBrowser(page, lab, "01_skin_and_wound_healing", ".mn-healing-timeline .mn-healing-aftercare")
    timeline = page.locator(".mn-healing-timeline")
    timeline.scroll_into_view_if_needed()
    assert "Phase: Inflammation" in timeline.text_content()
    assert timeline.locator("img").first.evaluate("img => img.naturalWidth") > 0
    readout = timeline.locator(".mn-day-slider .widget-readout")
    readout.click()
    page.keyboard.press("Control+A")
    page.keyboard.type("60")
    page.keyboard.press("Enter")
    page.wait_for_function(
        "() => document.querySelector('.mn-healing-timeline .mn-healing-skin')"
        ".textContent.includes('Phase: Remodelling')"
    )
    page.locator(f"{CURRENT} .mn-self-check .mn-question").first.wait_for(timeout=30_000)
    lesson.finish(timeline)


def test_lesson_02_renders_its_self_check(lab: LabServer, browser_page):
    page = browser_page
    lesson = LessonInBrowser(page, lab, "02_indications_and_evidence", f"{CURRENT} .mn-self-check .mn-question")
    check = page.locator(f"{CURRENT} .mn-self-check")
    check.scroll_into_view_if_needed()
    assert check.locator(".mn-question").count() >= 6
    assert "Overstated" in page.locator(f"{CURRENT} .jp-Notebook").text_content()  # the claims table rendered
    lesson.finish(check)


def test_depth_explorer_and_device_comparison_answer(lab: LabServer, browser_page):
    page = browser_page
    lesson = LessonInBrowser(page, lab, "03_devices_and_needle_depth", ".mn-depth-explorer .mn-verdict")
    page.locator(".mn-device-comparison .mn-device-table").wait_for(timeout=30_000)
    assert "punctures per cm²" in page.locator(".mn-device-comparison .mn-density").text_content()
    explorer = page.locator(".mn-depth-explorer")
    explorer.scroll_into_view_if_needed()
    assert "Within the reported range" in explorer.locator(".mn-verdict").first.text_content()
    depth = explorer.locator(".mn-set-depth input")
    depth.fill("0.5")
    depth.press("Enter")
    page.wait_for_function(
        "() => document.querySelector('.mn-depth-explorer .mn-verdict').textContent.includes('Too shallow')"
    )
    assert "set to 0.5 mm" in explorer.text_content()  # the figure's description follows the new setting
    assert explorer.locator("img").first.evaluate("img => img.naturalWidth") > 0
    lesson.finish(explorer)
