"""A real Chromium opens lessons 08 and 09, sees every figure as a loaded image, and uses each lesson's widget
with the keyboard: a triage decision is checked, and a treatment record is refused, corrected and exported."""

from __future__ import annotations

import shutil

import pytest

from tests.conftest import BUILD, TRAINEE_RECORDS
from tests.lab_server import CURRENT, LabServer, LessonInBrowser

pytestmark = pytest.mark.slow


def figures_loaded(page) -> list[int]:
    """Natural widths of the lesson's figure images (0 = not loaded)."""
    return page.locator(f"{CURRENT} figure.mn-figure img").evaluate_all("imgs => imgs.map(i => i.naturalWidth)")


def tall_shot(page, locator, name: str) -> None:
    """Screenshot a widget taller than the window whole: grow the viewport to fit it, then restore it."""
    size = page.viewport_size
    height = locator.evaluate("el => el.getBoundingClientRect().height")
    page.set_viewport_size({"width": size["width"], "height": min(int(height) + 400, 6000)})
    try:
        locator.scroll_into_view_if_needed()
        locator.screenshot(path=str(BUILD / "screenshots" / f"{name}.png"))
    finally:
        page.set_viewport_size(size)


def shoot_figures(page, stem: str) -> None:
    for index, figure in enumerate(page.locator(f"{CURRENT} figure.mn-figure").all()):
        figure.scroll_into_view_if_needed()
        figure.screenshot(path=str(BUILD / "screenshots" / f"{stem}-figure{index + 1}.png"))


def test_lesson_08_figures_and_triage_by_keyboard(lab: LabServer, browser_page):
    page = browser_page
    lesson = LessonInBrowser(page, lab, "08_complications_and_emergencies", ".mn-complication-triage .mn-call-story")
    page.locator(f"{CURRENT} .mn-self-check .mn-question").first.wait_for(timeout=60_000)
    widths = figures_loaded(page)
    assert len(widths) == 3 and all(w > 0 for w in widths), widths
    assert page.locator(f"{CURRENT} .jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']").count() == 0
    notebook_text = page.locator(f"{CURRENT} .jp-Notebook").text_content()
    assert "<Figure" not in notebook_text and "Traceback" not in notebook_text
    assert "Emergency services" in notebook_text  # the triage-rules table rendered
    shoot_figures(page, "08")
    triage = page.locator(".mn-complication-triage")
    triage.scroll_into_view_if_needed()
    triage.locator("select").first.select_option(label="Day 2: swollen eyelid")
    page.wait_for_function("() => document.querySelector('.mn-complication-triage .mn-call-story')"
                           ".textContent.includes('Joy')")
    # Keyboard only: Tab from the first decision to 'Call emergency services', Space to choose it. (JupyterLab
    # keeps the arrow keys for moving between cells, so each radio button is its own tab stop.)
    triage.locator("input[type=radio]").first.focus()
    for _ in range(4):
        page.keyboard.press("Tab")
    page.keyboard.press("Space")
    checked = triage.locator("input[type=radio]").evaluate_all("rs => rs.map(r => r.checked)")
    assert checked == [False, False, False, False, True], checked
    triage.locator("button", has_text="Check my decision").focus()
    page.keyboard.press("Enter")
    triage.locator(".mn-triage-feedback >> text=What not to do").wait_for(timeout=30_000)
    feedback = triage.locator(".mn-triage-feedback").text_content()
    assert "Done:" in feedback and "Call emergency services now" in feedback and "orbital" in feedback.lower()
    tall_shot(page, triage, "08_complication_triage")
    lesson.finish(triage, "08_complication_triage-window")


def test_lesson_09_figures_and_record_export(lab: LabServer, browser_page):
    shutil.rmtree(TRAINEE_RECORDS, ignore_errors=True)
    page = browser_page
    lesson = LessonInBrowser(page, lab, "09_safe_practice", ".mn-treatment-record .jupyter-button")
    page.locator(f"{CURRENT} .mn-self-check .mn-question").first.wait_for(timeout=60_000)
    widths = figures_loaded(page)
    assert len(widths) == 3 and all(w > 0 for w in widths), widths
    assert "Traceback" not in page.locator(f"{CURRENT} .jp-Notebook").text_content()
    shoot_figures(page, "09")
    form = page.locator(".mn-treatment-record")
    form.scroll_into_view_if_needed()
    form.locator("button", has_text="Export record").click()
    form.locator(".mn-record-messages >> text=Not exported").wait_for(timeout=30_000)
    assert not TRAINEE_RECORDS.exists()
    tall_shot(page, form, "09_record_refused")
    try:
        for label, value in (("Client reference", "MN-0142"), ("Practitioner", "A. Trainee"),
                             ("Device (make and model)", "Pen X"), ("Cartridge lot number", "L2231"),
                             ("Treatment date", "2026-03-02"), ("Cartridge expiry date", "2027-01-31")):
            form.get_by_label(label, exact=True).fill(value)  # every field is reachable by its label
        row = form.locator(".widget-hbox").filter(has_text="Remove area").first
        row.get_by_label("Area", exact=True).fill("cheeks")
        row.get_by_label("Depth (mm)").fill("1.5")
        passes = row.get_by_label("Passes")
        passes.fill("three")
        row.get_by_label("Endpoint").select_option(label="pinpoint bleeding")
        form.get_by_label("Adverse events, action taken").fill("none")
        form.get_by_label("Follow-up arrangements").fill("Review in 4 weeks")
        form.locator("label", has_text="Consent to treatment recorded").click()
        form.locator("button", has_text="Check record").click()
        form.locator(".mn-record-messages >> text=is not a whole number").wait_for(timeout=30_000)
        assert passes.input_value() == "three"  # nothing lost
        passes.fill("3")
        form.locator("button", has_text="Export record").click()
        form.locator(".mn-record-messages >> text=Exported to").wait_for(timeout=30_000)
        exported = TRAINEE_RECORDS / "2026-03-02_MN-0142.md"
        assert exported.exists() and "| cheeks | 1.5 | 3 | pinpoint bleeding |" in exported.read_text()
        assert form.locator("a.mn-download").get_attribute("download") == exported.name
        assert form.locator(".mn-record-preview textarea").is_visible()
        tall_shot(page, form, "09_treatment_record")
        lesson.finish(form, "09_treatment_record-window")
    finally:
        shutil.rmtree(TRAINEE_RECORDS, ignore_errors=True)
