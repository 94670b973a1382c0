"""A real Chromium answers one self-check question in the welcome notebook and sees the verdict."""

from __future__ import annotations

import pytest

from tests.lab_server import LabServer, LessonInBrowser

pytestmark = pytest.mark.slow


def test_welcome_self_check_answers_a_single_choice_question_in_chromium(lab: LabServer, browser_page):
    page = browser_page
    lesson = LessonInBrowser(page, lab, "00_welcome", ".mn-self-check .mn-question")
    question = page.locator(".mn-self-check .mn-question").first
    question.scroll_into_view_if_needed()
    question.locator("label", has_text="A class II medical device with special controls").click()
    question.locator("button", has_text="Check").click()
    verdict = question.locator(".mn-verdict")
    verdict.locator("text=Correct").wait_for(timeout=30_000)
    assert "1 of 1 point" in verdict.inner_text()
    assert "Sources:" in verdict.inner_text()
    total = page.locator(".mn-self-check-total")
    page.wait_for_function(
        "() => document.querySelector('.mn-self-check-total').innerText.includes('1 of 5 points')"
    )
    assert "1 of 5 scored question(s) checked" in total.inner_text()
    lesson.finish(question, "00_welcome_self_check")
