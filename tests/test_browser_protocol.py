"""A real Chromium runs lessons 04-07 and a trainee uses each widget — by keyboard where it matters.

Each test asserts on what the page shows (verdict words, images loaded, the handout text) and keeps screenshots in
build/screenshots/ (protocol-*.png) for a person to look at.
"""

from __future__ import annotations

import nbformat
import pytest

from microneedling.model.procedure import step, step_ids
from tests.conftest import BUILD
from tests.lab_server import CURRENT, LabServer, LessonInBrowser

pytestmark = pytest.mark.slow
SHOTS = BUILD / "screenshots"


def _shot(locator, name: str) -> None:
    """Screenshot a widget or output whole: JupyterLab scrolls inside its own panel, so a widget taller than the
    window is photographed with the window briefly made tall enough to hold it."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = locator.page
    viewport = page.viewport_size
    height = locator.evaluate("el => el.getBoundingClientRect().height")
    if height > viewport["height"] - 200:
        page.set_viewport_size({"width": viewport["width"], "height": int(height) + 400})
    try:
        locator.scroll_into_view_if_needed()
        locator.screenshot(path=str(SHOTS / f"{name}.png"))
    finally:
        page.set_viewport_size(viewport)


def _page_is_clean(page) -> None:
    notebook = page.locator(f"{CURRENT} .jp-Notebook")
    text = notebook.inner_text()
    assert "Error displaying widget" not in text and "Traceback" not in text and "<Figure" not in text
    for image in notebook.locator("img").all():
        image.scroll_into_view_if_needed()
        assert image.evaluate("img => img.complete && img.naturalWidth > 0"), image.get_attribute("alt")
        assert image.get_attribute("alt"), "every image has a text alternative"


def _press(locator, key: str = "Space") -> None:
    locator.focus()
    locator.press(key)


def test_case_screener_by_keyboard(lab: LabServer, browser_page):
    page = browser_page
    lesson = LessonInBrowser(page, lab, "04_consultation_and_preparation", ".mn-case-screener .mn-case-story")
    screener = page.locator(".mn-case-screener")
    screener.scroll_into_view_if_needed()
    screener.locator("select").select_option(label="Elena, 30: acne scars, 10 weeks pregnant, daily anticoagulant "
                                                   "injections")
    page.wait_for_function("() => document.querySelector('.mn-case-screener .mn-case-story')"
                           ".textContent.includes('10 weeks pregnant')")
    for label in ("Pregnant or breastfeeding", "Takes a prescribed anticoagulant"):
        _press(screener.locator("label", has_text=label).locator("input"))
    _press(screener.locator("label", has_text="Refer to a doctor before deciding").locator("input"))
    _press(screener.locator("button", has_text="Check"), "Enter")
    screener.locator("text=Partly right").wait_for(timeout=30_000)
    assert "Left out: Defer treatment" in screener.inner_text()  # refer alone loses the deferral
    _press(screener.locator("label", has_text="Defer treatment").locator("input"))
    _press(screener.locator("button", has_text="Check"), "Enter")
    screener.locator(".mn-judgement-correct").nth(1).wait_for(timeout=30_000)
    assert "never suggest she stops the anticoagulant" in screener.inner_text().lower()
    _shot(screener, "protocol-04-case-screener")
    examples = page.locator(f"{CURRENT} .jp-OutputArea-output", has_text="The screening model's answer").first
    examples.scroll_into_view_if_needed()
    _shot(examples, "protocol-04-worked-example")
    _page_is_clean(page)
    lesson.finish(screener)


def test_procedure_builder_by_keyboard(lab: LabServer, browser_page):
    page = browser_page
    lesson = LessonInBrowser(page, lab, "05_procedure_step_by_step", ".mn-procedure-builder button")
    builder = page.locator(".mn-procedure-builder")
    builder.scroll_into_view_if_needed()
    _shot(builder, "protocol-05-builder-start")
    order = step_ids()
    order[0], order[1] = order[1], order[0]  # checks before set-up: the sources allow either
    for placed, step_id in enumerate(order, start=1):
        _press(builder.locator("button", has_text=step(step_id).title).first, "Enter")
        # as a person would, wait for the list to redraw before the next step: a key pressed on a button that is
        # being redrawn goes nowhere
        shown = "All 12 steps placed" if placed == len(order) else f"{placed} of {len(order)} steps placed"
        builder.locator(f"text={shown}").wait_for(timeout=30_000)
    _press(builder.locator("button", has_text="Check"), "Enter")
    builder.locator("text=Every step is in the right place").wait_for(timeout=30_000)
    _shot(builder, "protocol-05-builder-correct")
    # the answer table is in the appendix, well after the builder (JupyterLab renders only cells near the view)
    cells = [c.source for c in nbformat.read(lesson.path, as_version=4).cells]
    builder_cell = cells.index("ProcedureBuilder()")
    assert cells.index("show_procedure_steps()") > builder_cell + 5
    _page_is_clean(page)
    lesson.finish(builder)


def test_aftercare_planner_makes_a_one_page_handout(lab: LabServer, browser_page):
    page = browser_page
    lesson = LessonInBrowser(page, lab, "06_aftercare_and_complications", ".mn-aftercare-planner .mn-aftercare-table")
    planner = page.locator(".mn-aftercare-planner")
    planner.scroll_into_view_if_needed()
    assert planner.locator(".mn-aftercare-table tbody tr").count() == 4  # one row per window, not per day
    _shot(planner, "protocol-06-aftercare-planner-before")
    height = planner.evaluate("el => el.getBoundingClientRect().height")
    assert height < 3000, f"the planner is {height:.0f} px tall"
    _press(planner.locator("button", has_text="Make the client handout"), "Enter")
    page.wait_for_function(
        "() => document.querySelector('.mn-aftercare-planner .mn-export textarea').value"
        ".startsWith('AFTER YOUR MICRONEEDLING TREATMENT')"
    )
    handout = planner.locator(".mn-export textarea").input_value()
    assert handout.index("EMERGENCY") < handout.index("FIRST 24 HOURS") and len(handout.splitlines()) <= 60
    _shot(planner, "protocol-06-aftercare-planner")
    example = page.locator(f"{CURRENT} pre.mn-handout")
    example.scroll_into_view_if_needed()
    _shot(example, "protocol-06-example-handout")
    figure = page.locator(f"{CURRENT} .jp-OutputArea-output img").first
    figure.scroll_into_view_if_needed()
    _shot(figure, "protocol-06-timeline-figure")
    _page_is_clean(page)
    lesson.finish(planner)


def test_series_planner_refuses_a_short_interval_and_lists_no_drug_protocols(lab: LabServer, browser_page):
    page = browser_page
    lesson = LessonInBrowser(page, lab, "07_treatment_planning", ".mn-series-planner .mn-series-table")
    planner = page.locator(".mn-series-planner")
    planner.scroll_into_view_if_needed()
    options = planner.locator("select option").all_inner_texts()
    assert not any("tranexamic" in o or "minoxidil" in o for o in options)
    interval = planner.locator(".mn-interval input")
    interval.fill("7")
    interval.press("Enter")
    page.wait_for_function(
        "() => document.querySelector('.mn-series-planner .mn-judgement-refused') !== null"
    )
    assert "Not booked" in planner.inner_text() and "Check your input" not in planner.inner_text()
    _shot(planner, "protocol-07-series-planner-refused")
    interval.fill("28")
    interval.press("Enter")
    page.wait_for_function("() => document.querySelector('.mn-series-planner .mn-series-table') !== null")
    _press(planner.locator("summary", has_text="Not offered here"), "Enter")
    assert "prescriber-led" in planner.inner_text()
    _shot(planner, "protocol-07-series-planner")
    _page_is_clean(page)
    lesson.finish(planner)
