"""How a trainee answers the graded quiz in the browser, and what each answer is worth — the only quiz-specific
part of the cohort end-to-end test, so a change of quiz format changes this file alone.

Graded quizzes as data (issue 9): the trainee runs the quiz notebook, then answers each question by clicking its
widget (options are labels; the written answer is a text box with "Save answer"); every answer is recorded at once
beside the notebook. Keys and points are read from ``source/`` with the lead's test helpers.
"""

from __future__ import annotations

from functools import cache

from tests.conftest import ROOT
from tests.nbgrader_course import keys, leak_lines, questions

QUIZ = "preparation_quiz"
SOURCE = ROOT / "source" / QUIZ / f"{QUIZ}.ipynb"
WRITTEN_QUESTION = "q10"  # the answer marked by hand in Formgrader
WRITTEN_CELL = "q10"      # its grade cell in the gradebook
# Formgrader and feedback show written answers as text (the recorded-answer grader escapes them).
WRITTEN_ANSWERS_SHOWN_AS_TEXT = True
CURRENT = ".jp-NotebookPanel:not(.lm-mod-hidden)"
QUESTION_BOX = f"{CURRENT} .mn-graded"


@cache
def _questions():
    return questions(SOURCE)


def right(question: str):
    return keys(SOURCE)[question]


def wrong(question: str):
    spec = _questions()[question].spec.question
    return next(option.id for option in spec.options if option.id != spec.key)


def expected_autograde(answers: dict[str, object]) -> float:
    """Points the autograder should give: full points for each key answer, none otherwise."""
    return sum(_questions()[q].points for q, value in answers.items() if value == right(q))


def ready(page) -> None:
    """The trainee runs the quiz (Run → Run All Cells) once its kernel is up, and waits for its questions."""
    page.locator(f"{CURRENT} .jp-Notebook").first.wait_for(timeout=240_000)
    page.locator(".jp-StatusBar-TextItem", has_text="| Idle").first.wait_for(timeout=240_000)
    for attempt in range(3):  # a Run All sent while the kernel was still connecting can be dropped: run again
        page.click(".lm-MenuBar-itemLabel >> text=Run")
        page.click(".lm-Menu-itemLabel >> text=Run All Cells")
        try:
            page.wait_for_function(f"n => document.querySelectorAll('{QUESTION_BOX}').length >= n",
                                   arg=len(_questions()), timeout=90_000)
            return
        except Exception:
            page.screenshot(path=str(ROOT / "build" / "screenshots" / f"hub-quiz-not-ready-{attempt}.png"))
    raise AssertionError("the quiz's questions never appeared after Run All (see hub-quiz-not-ready-*.png)")


def answer_in_browser(page, answers: dict[str, object], written: str | None) -> None:
    """Click each chosen option; type and save the written answer; wait until each answer is recorded."""
    order = list(_questions())
    for question, value in answers.items():
        box = page.locator(QUESTION_BOX).nth(order.index(question))
        box.scroll_into_view_if_needed()
        text = _questions()[question].spec.question.option(value).text
        box.locator("label", has_text=text).click()
        _recorded(page, order.index(question) + 1)
    if written is not None:
        box = page.locator(QUESTION_BOX).nth(order.index(WRITTEN_QUESTION))
        box.scroll_into_view_if_needed()
        box.locator("textarea").fill(written)
        box.locator("button", has_text="Save answer").click()
        _recorded(page, order.index(WRITTEN_QUESTION) + 1)


def _recorded(page, ordinal: int) -> None:
    """The line the quiz shows under a question once its answer is recorded."""
    page.locator(f"{CURRENT} .jp-OutputArea-output", has_text=f"Recorded answer, question {ordinal} (").first \
        .wait_for(timeout=60_000)


def key_lines() -> list[str]:
    """Text that must never reach a trainee: the hidden keys and the model written answer."""
    return leak_lines(SOURCE)
