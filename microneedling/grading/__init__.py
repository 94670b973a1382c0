"""Instructor-side grading helpers: key-free feedback, option display for quizzes, cohort autograding.

Nothing here holds an answer key: the keys of the graded quizzes live only in the hidden tests of
``source/`` (a test enforces that no key reaches ``assignments/`` or the feedback HTML).
"""

from .display import show_choices

__all__ = ["show_choices"]
