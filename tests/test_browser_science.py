"""A real Chromium opens lessons 01-03 in JupyterLab, runs them, and uses every science widget by keyboard only.

Each test asserts what a trainee sees: figures are loaded images, no widget error, controls do not overlap, and the
widget's text answers the keyboard input. Screenshots of each widget and of each whole lesson (in viewport-sized
pieces) go to ``build/screenshots/`` for a person to look at.
"""

from __future__ import annotations

import time

import pytest

from tests.conftest import BUILD
from tests.lab_server import CURRENT, LabServer, LessonInBrowser

pytestmark = pytest.mark.slow

SHOTS = BUILD / "screenshots"


def widget_images_loaded(widget) -> None:
    """Every visible image in the widget has loaded (naturalWidth > 0) and carries a text alternative."""
    images = widget.locator("img")
    shown = 0
    for index in range(images.count()):
        image = images.nth(index)
        if not image.is_visible():
            continue
        shown += 1
        image.evaluate("img => img.decode ? img.decode().catch(() => null) : null")
        assert image.evaluate("img => img.naturalWidth") > 0, "a figure did not load"
        name = image.evaluate("img => img.getAttribute('alt') || img.getAttribute('title') || ''")
        assert name.strip(), "a figure has no text alternative"
    assert shown, "the widget shows no figure"


def controls_do_not_overlap(widget) -> None:
    """No two controls of the widget cover each other (labels colliding, a dropdown over a button)."""
    boxes = widget.locator(".widget-dropdown, .widget-toggle-buttons, .widget-text, .widget-slider, "
                           ".widget-inline-hbox").evaluate_all(
        "els => els.filter(e => e.offsetParent !== null).map(e => { const r = e.getBoundingClientRect();"
        " return [r.left, r.top, r.right, r.bottom, e.className]; })")
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            overlap_x = min(a[2], b[2]) - max(a[0], b[0])
            overlap_y = min(a[3], b[3]) - max(a[1], b[1])
            nested = (a[0] <= b[0] and a[1] <= b[1] and a[2] >= b[2] and a[3] >= b[3]) or \
                     (b[0] <= a[0] and b[1] <= a[1] and b[2] >= a[2] and b[3] >= a[3])
            assert nested or overlap_x <= 1 or overlap_y <= 1, f"controls overlap: {a[4]} / {b[4]}"


def wait_for_text(page, selector: str, text: str, timeout: float = 30_000) -> None:
    page.wait_for_function(
        "([sel, text]) => { const e = document.querySelector(sel); return !!e && e.textContent.includes(text); }",
        arg=[selector, text], timeout=timeout)


def shoot_whole_lesson(page, stem: str) -> int:
    """Screenshot the lesson from top to bottom in viewport-sized pieces: build/screenshots/<stem>-pNN.png."""
    scroller = page.locator(f"{CURRENT} .jp-WindowedPanel-outer")
    view = scroller.evaluate("e => e.clientHeight")
    y, piece = 0, 0
    while y < scroller.evaluate("e => e.scrollHeight"):
        scroller.evaluate(f"e => e.scrollTo(0, {y})")
        time.sleep(0.5)
        page.screenshot(path=str(SHOTS / f"{stem}-p{piece:02d}.png"))
        y, piece = y + view - 80, piece + 1
    scroller.evaluate("e => e.scrollTo(0, 0)")
    return piece


def test_lesson_01_healing_timeline_by_keyboard(lab: LabServer, browser_page):
    page = browser_page
    lesson = LessonInBrowser(page, lab, "01_skin_and_wound_healing", f"{CURRENT} .mn-self-check .mn-question")
    timeline = page.locator(".mn-healing-timeline")
    timeline.scroll_into_view_if_needed()
    assert "Phase: Inflammation" in timeline.text_content()
    widget_images_loaded(timeline)
    controls_do_not_overlap(timeline)
    day = timeline.locator(".mn-day input")
    day.focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("6")
    page.keyboard.press("Tab")
    wait_for_text(page, ".mn-healing-timeline .mn-healing-skin", "Phase: Proliferation")
    timeline.locator("button", has_text="Year 2").focus()
    page.keyboard.press("Enter")
    wait_for_text(page, ".mn-healing-timeline .mn-healing-skin", "After the described phases")
    widget_images_loaded(timeline)
    assert "day 730" in timeline.locator("img").first.evaluate("img => img.getAttribute('alt') || img.title")
    SHOTS.mkdir(parents=True, exist_ok=True)
    timeline.screenshot(path=str(SHOTS / "01-healing-timeline.png"))
    assert shoot_whole_lesson(page, "01_skin_and_wound_healing") >= 5
    lesson.finish(timeline)


def test_lesson_02_evidence_explorer_by_keyboard(lab: LabServer, browser_page):
    page = browser_page
    lesson = LessonInBrowser(page, lab, "02_indications_and_evidence", f"{CURRENT} .mn-self-check .mn-question")
    explorer = page.locator(".mn-evidence-explorer")
    explorer.scroll_into_view_if_needed()
    assert "Alam 2014" in explorer.text_content() and "Breaks down scar tissue" in explorer.text_content()
    widget_images_loaded(explorer)
    controls_do_not_overlap(explorer)
    # ipywidgets' radio inputs share no name, so each is its own tab stop: Tab to a use, Space to choose it.
    explorer.locator("input[type='radio']:checked").focus()
    page.keyboard.press("Tab")
    page.keyboard.press("Space")  # -> surgical scars
    wait_for_text(page, ".mn-evidence-explorer .mn-evidence-table", "Alster")
    for _ in range(4):
        page.keyboard.press("Tab")  # -> wrinkles -> pores -> stretch marks -> melasma
    page.keyboard.press("Space")
    wait_for_text(page, ".mn-evidence-explorer .mn-evidence-summary", "prescriber-led, off-label")
    widget_images_loaded(explorer)
    SHOTS.mkdir(parents=True, exist_ok=True)
    explorer.screenshot(path=str(SHOTS / "02-evidence-explorer.png"))
    assert shoot_whole_lesson(page, "02_indications_and_evidence") >= 5
    lesson.finish(explorer)


def test_lesson_03_device_and_depth_widgets_by_keyboard(lab: LabServer, browser_page):
    page = browser_page
    lesson = LessonInBrowser(page, lab, "03_devices_and_needle_depth", ".mn-depth-explorer .mn-verdict")
    devices = page.locator(".mn-device-comparison")
    devices.scroll_into_view_if_needed()
    widget_images_loaded(devices)
    controls_do_not_overlap(devices)
    devices.locator(".widget-toggle-buttons button", has_text="Motorised pen").focus()
    page.keyboard.press("Enter")
    wait_for_text(page, ".mn-device-comparison .mn-device-card", "single facelift patient")
    devices.screenshot(path=str(SHOTS / "03-device-comparison.png"))

    explorer = page.locator(".mn-depth-explorer")
    explorer.scroll_into_view_if_needed()
    assert "Within the reported range" in explorer.locator(".mn-verdict").first.text_content()
    widget_images_loaded(explorer)
    controls_do_not_overlap(explorer)
    depth = explorer.locator(".mn-set-depth input")
    depth.focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("2")
    page.keyboard.press("Tab")
    wait_for_text(page, ".mn-depth-explorer .mn-verdict", "Too deep for this site")  # woman's forehead, pen 2 mm
    assert "Within the reported range" not in explorer.locator(".mn-verdict").first.text_content()
    explorer.locator("select").first.select_option(label="Temple (face)")  # a woman's temple at 2 mm
    wait_for_text(page, ".mn-depth-explorer .mn-verdict", "0.98 mm")
    explorer.locator(".widget-toggle-buttons button", has_text="Roller").focus()
    page.keyboard.press("Space")
    wait_for_text(page, ".mn-depth-explorer .mn-depth-details", "uncertain")
    widget_images_loaded(explorer)
    assert "may reach anywhere from" in explorer.text_content()  # the caption of the roller cross-section
    explorer.screenshot(path=str(SHOTS / "03-depth-explorer.png"))
    assert shoot_whole_lesson(page, "03_devices_and_needle_depth") >= 5
    lesson.finish(explorer)
