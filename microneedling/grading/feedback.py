"""Feedback that shows each question's points and the grader's message, never a key or test code.

nbgrader renders feedback from the autograded notebook, whose question cells hold their key in the hidden tests
(restored from the gradebook), so its HTML would print the key (nbgrader issue #917). :class:`KeyFreeFeedback`
runs in ``GenerateFeedback`` (see ``nbgrader_config.py``) before the HTML export and replaces the source of every
graded question cell — the question call and its hidden key — with one plain line, keeping the outputs: the message
("You chose: “Defer treatment”. 2 of 2 points.") and the score. Written answers stay as the inert text the grader
copied in. The messages are written by the grader from validated answers and never contain a key.
"""

from __future__ import annotations

from nbconvert.exporters.exporter import ResourcesDict
from nbgrader.preprocessors import NbGraderPreprocessor
from nbformat.notebooknode import NotebookNode
from nbgrader import utils

GRADED_NOTE = "# Graded from your recorded answer; your result is below."


class KeyFreeFeedback(NbGraderPreprocessor):
    """Keep text cells and graded cells; a graded question cell keeps its outputs but not its source."""

    def preprocess(self, nb: NotebookNode, resources: ResourcesDict) -> tuple[NotebookNode, ResourcesDict]:
        kept = []
        for cell in nb.cells:
            if cell.cell_type == "code" and not utils.is_grade(cell):
                continue  # set-up and answer-box cells: code a trainee never needs to see
            if cell.cell_type == "code":
                cell.source = GRADED_NOTE
            kept.append(cell)
        nb.cells = kept
        return nb, resources
