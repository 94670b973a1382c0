"""How a trainee answers the graded quiz in the browser, and what each answer is worth — the only quiz-specific
part of the cohort end-to-end test, so a change of quiz format changes this file alone.

Current format (issue 6 quizzes): each question has a code cell ``answer_qN = None`` in which the trainee types a
value, and the written answer is a markdown cell. The keys and points are read from ``source/`` (hidden tests).
"""

from __future__ import annotations

from pathlib import Path

from tests.conftest import ROOT
from tests.nbgrader_course import hidden_keys, leak_lines, solutions

QUIZ = "preparation_quiz"
SOURCE = ROOT / "source" / QUIZ / f"{QUIZ}.ipynb"
WRITTEN_QUESTION = "q12"  # the answer marked by hand in Formgrader
WRITTEN_POINTS = 3
# Formgrader renders a submitted markdown answer as HTML with today's quizzes (the stored-XSS trap in the design);
# the graded-quiz work (issue 9) shows written answers as text. Flip to True when it lands on main.
WRITTEN_ANSWERS_SHOWN_AS_TEXT = False
# The wrong option each choice question is answered with, when a trainee gets it wrong.
WRONG = {"q1": "proceed", "q2": "proceed"}


def key(question: str):
    return hidden_keys(SOURCE)[f"answer_{question}"].key


def points(question: str) -> float:
    return hidden_keys(SOURCE)[f"answer_{question}"].points


def right(question: str):
    return key(question)


def wrong(question: str):
    return WRONG[question]


def expected_autograde(answers: dict[str, object]) -> float:
    """Points the autograder should give: full points for each key answer, none otherwise."""
    return sum(points(q) for q, value in answers.items() if value == key(q))


def answer_in_browser(page, answers: dict[str, object], written: str | None) -> None:
    """Answer the open quiz notebook as a trainee: each value into its answer cell, then the written answer."""
    for question, value in answers.items():
        cell = page.locator(".jp-CodeCell .cm-content", has_text=f"answer_{question} =").first
        cell.scroll_into_view_if_needed()
        cell.click()
        page.keyboard.press("Control+a")
        page.keyboard.insert_text(f"answer_{question} = {value!r}")
        page.keyboard.press("Escape")
    if written is not None:
        cell = page.locator(".jp-MarkdownCell", has_text="YOUR ANSWER HERE").first
        cell.scroll_into_view_if_needed()
        cell.dblclick()
        editor = cell.locator(".cm-content")
        editor.click()
        page.keyboard.press("Control+a")
        page.keyboard.insert_text(written)
        page.keyboard.press("Shift+Enter")


def key_lines() -> list[str]:
    """Text that must never reach a trainee: the hidden tests (the keys) and the model written answer."""
    hidden = [line for line in leak_lines(SOURCE) if "grade_" in line or "HIDDEN" in line]
    model_written = solutions(SOURCE)[f"{WRITTEN_QUESTION}_answer"][:60]
    return [*hidden, model_written]


def quiz_source() -> Path:
    return SOURCE
