"""The feedback page's preparation: questions labelled from the quiz's own headings, results without code or keys."""

from __future__ import annotations

import nbformat

from microneedling.grading.authoring import nbgrader_metadata
from microneedling.grading.feedback import GRADED_NOTE, NO_WRITTEN_ANSWER, KeyFreeFeedback, question_label


def test_a_question_is_labelled_by_its_heading_without_its_points():
    assert question_label("## Question 2 — Reasons to call the clinic (4 points)\n\nWhich…") == \
        "Question 2 — Reasons to call the clinic"
    assert question_label("## Question 9 — What to tell the client (4 points, marked by your instructor)") == \
        "Question 9 — What to tell the client"
    assert question_label("## Question 7 — Has it finished working? (1 point)") == "Question 7 — Has it finished working?"
    assert question_label("Plain text with no heading") is None


def _autograded() -> nbformat.NotebookNode:
    cells = [
        nbformat.v4.new_code_cell("from microneedling.quiz.graded import graded_quiz", metadata=nbgrader_metadata(
            "setup", locked=True)),
        nbformat.v4.new_markdown_cell("## Question 1 — Depth for the forehead (2 points)",
                                      metadata=nbgrader_metadata("q1_stem", locked=True)),
        nbformat.v4.new_markdown_cell("Ella asks about her forehead.", metadata=nbgrader_metadata("q1_case", locked=True)),
        nbformat.v4.new_code_cell("quiz.single(...)\n### BEGIN HIDDEN TESTS\nquiz.key('b')\n### END HIDDEN TESTS",
                                  metadata=nbgrader_metadata("q1", grade=True, locked=True, points=2),
                                  outputs=[nbformat.v4.new_output("stream", text="You chose: “0.5 mm”. 2 of 2 points.\n"),
                                           nbformat.v4.new_output("execute_result", data={"text/plain": "2.0"})]),
        nbformat.v4.new_code_cell("quiz.single(...)  # answer box", metadata=nbgrader_metadata("q1_box", locked=True)),
        nbformat.v4.new_markdown_cell("## Question 2 — Explain (3 points, marked by your instructor)",
                                      metadata=nbgrader_metadata("q2_stem", locked=True)),
        nbformat.v4.new_markdown_cell("# A trainee's heading\n*Your written answer goes in the box below*",
                                      metadata=nbgrader_metadata("q2", grade=True, solution=True, points=3)),
    ]
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata["microneedling"] = {"graded": {"q1": {"status": "right"}, "q2": {"status": "missing"}}}
    return nb


def test_feedback_keeps_each_result_labelled_and_drops_code_keys_and_score_outputs():
    nb, _ = KeyFreeFeedback().preprocess(_autograded(), {})
    assert [c.metadata.nbgrader["grade_id"] for c in nb.cells] == ["q1_stem", "q1_case", "q1", "q2_stem", "q2"]
    question = nb.cells[2]
    assert question.source == GRADED_NOTE and "key" not in question.source
    assert [o.output_type for o in question.outputs] == ["stream"]
    assert question.metadata["microneedling"]["feedback_label"] == "Question 1 — Depth for the forehead"
    written = nb.cells[4]
    assert written.metadata["microneedling"]["feedback_label"] == "Question 2 — Explain", \
        "the label comes from the quiz's heading, never from the trainee's text"
    assert written.source == NO_WRITTEN_ANSWER
