"""Feedback that shows each question's points and the grader's message, never a key or test code.

nbgrader renders feedback from the autograded notebook, whose question cells hold their key in the hidden tests
(restored from the gradebook), so its HTML would print the key (nbgrader issue #917). :class:`KeyFreeFeedback`
runs in ``GenerateFeedback`` (see ``nbgrader_config.py``) before the HTML export and replaces the source of every
graded question cell — the question call and its hidden key — with one plain line, keeping the grader's message
("You chose: “Defer treatment”. 2 of 2 points."). Written answers stay as the inert text the grader copied in. The
messages are written by the grader from validated answers and never contain a key.

:class:`CourseFeedbackExporter` renders the page with the course's template (``templates/course_feedback``, built on
nbgrader's): each question named by its heading in the quiz ("Question 3 — Needle depth for the forehead") with its
points, the message without the code cell behind it, readable tables. Were that template ever missing, nbgrader's
own page would show, still without keys.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from nbconvert.exporters import HTMLExporter
from nbconvert.exporters.exporter import ResourcesDict
from nbformat.notebooknode import NotebookNode
from nbgrader import utils
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets.config import Config

GRADED_NOTE = "# Graded from your recorded answer; your result is below."
NO_WRITTEN_ANSWER = "*No written answer was recorded.*"
TEMPLATES = Path(__file__).parent / "templates"
_HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*$", re.M)
_POINTS = re.compile(r"\s*\(\d+(?:\.\d+)?\s+points?\b[^)]*\)$")


def question_label(markdown: str) -> str | None:
    """The last heading of a quiz's text cell, without its "(2 points)": how the feedback names the next question."""
    headings = _HEADING.findall(markdown)
    return _POINTS.sub("", headings[-1]).strip() if headings else None


class KeyFreeFeedback(NbGraderPreprocessor):
    """Keep text cells and graded cells; a graded question cell keeps its message but not its source or score output.

    Each graded cell is labelled with the heading above it in the quiz (the instructor's release, never the trainee's
    text: the autograded notebook is rebuilt from the release).
    """

    def preprocess(self, nb: NotebookNode, resources: ResourcesDict) -> tuple[NotebookNode, ResourcesDict]:
        graded = nb.metadata.get("microneedling", {}).get("graded", {})
        kept, label = [], None
        for cell in nb.cells:
            if cell.cell_type == "code" and not utils.is_grade(cell):
                continue  # set-up and answer-box cells: code a trainee never needs to see
            if cell.cell_type == "markdown" and not utils.is_solution(cell):
                label = question_label(cell.source) or label
            if utils.is_grade(cell):
                cell.metadata.setdefault("microneedling", {})["feedback_label"] = label
                outcome = graded.get(cell.metadata.nbgrader.grade_id, {})
                if utils.is_solution(cell) and outcome.get("status") == "missing":
                    cell.source = NO_WRITTEN_ANSWER  # instead of the answer box's placeholder
            if cell.cell_type == "code":
                cell.source = GRADED_NOTE
                # the score is in the page's heading for the question; the message is what the trainee reads
                cell.outputs = [o for o in cell.get("outputs", []) if o.get("output_type") == "stream"]
            kept.append(cell)
        nb.cells = kept
        return nb, resources


class CourseFeedbackExporter(HTMLExporter):
    """The HTML exporter of ``nbgrader generate_feedback`` with the course's feedback template."""

    def __init__(self, config: Config | None = None, **kwargs: Any) -> None:
        # nbgrader configures its own feedback template for every HTML exporter; the course's builds on it. Set as
        # this class's configuration, which comes before the HTML exporter's, so the template is chosen from the start.
        config = Config(config or {})
        nbgraders = list(config.HTMLExporter.get("extra_template_basedirs", []))
        ours = config[type(self).__name__]
        ours.extra_template_basedirs = [*nbgraders, str(TEMPLATES)]
        # the course's page extends nbgrader's by its path, 'feedback/index.html.j2'
        ours.extra_template_paths = [*config.HTMLExporter.get("extra_template_paths", []), *nbgraders]
        ours.template_name = "course_feedback"
        super().__init__(config=config, **kwargs)
