"""Unit tests of the key-free feedback preprocessor and the options display (no nbgrader run needed)."""

from __future__ import annotations

import pytest
from nbformat.v4 import new_code_cell, new_notebook, new_output

from microneedling.grading.authoring import Question, nbgrader_metadata
from microneedling.grading.display import choices_markdown
from microneedling.grading.feedback import HIDDEN_NOTE, KeyFreeFeedback

TEST_SOURCE = ('check_ordering(answer_q3, Q3_ITEMS, "answer_q3")\nprint("Form OK")\n### BEGIN HIDDEN TESTS\n'
               'grade_ordering(answer_q3, ["numb", "cleanse"], 4, "answer_q3")\n### END HIDDEN TESTS')


def _graded_cell(outputs):
    cell = new_code_cell(TEST_SOURCE, metadata=nbgrader_metadata("q3_test", grade=True, locked=True, points=4))
    cell.outputs = outputs
    return cell


def _run(cell):
    nb = new_notebook(cells=[cell])
    nb, _ = KeyFreeFeedback().preprocess(nb, {})
    return nb.cells[0]


def test_hidden_tests_are_removed_and_a_note_says_so():
    cell = _run(_graded_cell([]))
    assert "grade_ordering" not in cell.source and "numb" not in cell.source
    assert cell.source.endswith(HIDDEN_NOTE)
    assert cell.source.startswith("check_ordering(answer_q3")


def test_grader_messages_and_points_stay():
    stream = new_output("stream", name="stdout", text="answer_q3: 1 of 2 steps in the right relative order (0 of 4 points)\n")
    result = new_output("execute_result", data={"text/plain": "0.0"}, execution_count=1)
    cell = _run(_graded_cell([stream, result]))
    assert cell.outputs == [stream, result]


def test_a_traceback_becomes_its_one_line_message():
    error = new_output("error", ename="AssertionError", evalue="answer_q3 has no answer yet",
                       traceback=["----> 4 grade_ordering(answer_q3, ['numb', 'cleanse'], 4, 'answer_q3')"])
    cell = _run(_graded_cell([error]))
    assert cell.outputs[0].output_type == "stream"
    assert cell.outputs[0].text == "AssertionError: answer_q3 has no answer yet\n"
    assert "numb" not in str(cell.outputs)


def test_ungraded_cells_keep_their_tracebacks():
    error = new_output("error", ename="NameError", evalue="x", traceback=["trace"])
    cell = new_code_cell("x", metadata=nbgrader_metadata("q3_answer", solution=True))
    cell.outputs = [error]
    assert _run(cell).outputs == [error]


def test_options_table_shows_the_exact_value_to_type():
    text = choices_markdown({"B": "Class II (special controls)"})
    assert "| `'B'` | Class II (special controls) |" in text
    with pytest.raises(ValueError, match="at least one option"):
        choices_markdown({})


def test_question_rejects_an_unknown_kind_and_missing_options():
    with pytest.raises(ValueError, match="not one of"):
        Question(1, "essay", "t", "s", 1, "A", {"A": "a"})
    with pytest.raises(ValueError, match="choices are required"):
        Question(1, "single", "t", "s", 1, "A")
