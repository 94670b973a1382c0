"""Instructor-side grading: recorded answers graded as data inside nbgrader, key-free feedback, LMS collection.

Nothing here holds an answer key: the keys of the graded quizzes live only in the hidden tests of ``source/`` and
in the gradebook (tests check that no key reaches ``assignments/`` or any feedback).
"""
