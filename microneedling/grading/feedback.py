"""Feedback that shows each question's points and the grader's message, never the answer key.

nbgrader renders feedback from the autograded notebook, whose test cells still hold the hidden
tests, so its HTML normally prints the key (nbgrader issue #917). :class:`KeyFreeFeedback` runs in
``GenerateFeedback`` (see ``nbgrader_config.py``) before the HTML export and

* removes every ``### BEGIN HIDDEN TESTS`` … ``### END HIDDEN TESTS`` region from the cell source,
  leaving a one-line note in its place;
* replaces error tracebacks in test cells by the error's one-line message, because an IPython
  traceback quotes the lines around the failing call — which can be the hidden grader call.

Stream outputs stay: they are the graders' messages such as
``answer_q3: 2 of 4 steps in the right place (2.0 of 4 points)``, which never contain a key.
"""

from __future__ import annotations

from nbconvert.exporters.exporter import ResourcesDict
from nbformat.notebooknode import NotebookNode, from_dict
from nbgrader import utils
from nbgrader.preprocessors import ClearHiddenTests

HIDDEN_NOTE = "# (hidden test: it scored your answer above; the key is not shown in feedback)"


class KeyFreeFeedback(ClearHiddenTests):
    """Strip hidden tests and traceback source from graded cells before feedback is rendered."""

    def _remove_hidden_test_region(self, cell: NotebookNode) -> bool:
        removed = super()._remove_hidden_test_region(cell)
        if removed:
            cell.source = cell.source.rstrip("\n") + "\n" + HIDDEN_NOTE
        return removed

    def preprocess_cell(
        self, cell: NotebookNode, resources: ResourcesDict, cell_index: int
    ) -> tuple[NotebookNode, ResourcesDict]:
        cell, resources = super().preprocess_cell(cell, resources, cell_index)
        if cell.cell_type == "code" and utils.is_grade(cell):
            cell.outputs = [_without_traceback(output) for output in cell.outputs]
        return cell, resources


def _without_traceback(output: NotebookNode) -> NotebookNode:
    if output.get("output_type") != "error":
        return output
    message = f"{output.get('ename', 'Error')}: {output.get('evalue', '')}".rstrip(": ")
    return from_dict({"output_type": "stream", "name": "stdout", "text": message + "\n"})
