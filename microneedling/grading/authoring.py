"""Build graded-quiz notebooks (``source/<quiz>/<quiz>.ipynb``) with the cells and nbgrader metadata they need.

Used to write a new quiz and by the tests' fixture quizzes. A quiz notebook is

* an introduction (read-only), then a hidden set-up cell ``quiz = graded_quiz("<name>")``;
* per question: its stem as a read-only Markdown cell headed "## Question N — title (P points)", then the question
  cell — an nbgrader "autograder tests" cell worth P points whose visible part is the widget call with the options
  as literals and whose hidden tests hold the key (:mod:`microneedling.quiz.graded_spec`);
* per written answer: the stem, the answer cell (nbgrader "manually graded answer" holding the model answer, which
  ``generate_assignment`` replaces with a placeholder), the answer box ``quiz.written("qN")`` and the marking rubric;
* a live summary (which questions still need an answer) and a closing note.

Code cells are stored with their input hidden: trainees see controls, not code. Keys are arguments here and end up
only in the hidden tests of ``source/``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from ..quiz.graded_spec import parse_question_cell

KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
HIDDEN_INPUT = {"jupyter": {"source_hidden": True}}


def nbgrader_metadata(grade_id: str, *, grade: bool = False, solution: bool = False, locked: bool = False,
                      points: float | None = None) -> dict[str, Any]:
    meta: dict[str, Any] = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": 3,
                            "solution": solution, "task": False}
    if grade:
        meta["points"] = points
    return {"nbgrader": meta}


def read_only_markdown(text: str, grade_id: str) -> nbformat.NotebookNode:
    return new_markdown_cell(text.strip("\n"), metadata=nbgrader_metadata(grade_id, locked=True))


def hidden_code(source: str, grade_id: str, **meta: Any) -> nbformat.NotebookNode:
    metadata = {**HIDDEN_INPUT, **nbgrader_metadata(grade_id, locked=True, **meta)}
    return new_code_cell(source.strip("\n"), metadata=metadata)


def _number(value: float) -> str:
    return f"{value:g}"


def _literal(value: Any, indent: str = "    ") -> str:
    """Python literal source, one entry per line for mappings so instructors can read and edit them."""
    if isinstance(value, Mapping):
        return "{\n" + "".join(f"{indent}{k!r}: {v!r},\n" for k, v in value.items()) + indent[:-4] + "}"
    if isinstance(value, (set, frozenset)):
        return repr(sorted(value))
    if isinstance(value, tuple):
        return repr(list(value))
    return repr(value)


@dataclass(frozen=True)
class Graded:
    """An automatically graded question. ``kind`` is single | multiple | ordering | numeric | matching.

    ``choices`` maps ids to texts in the order shown (for matching: ``{"left": {…}, "right": {…}}``); ``key`` is
    an option id, a list of ids, a number, or a mapping of left ids to right ids.
    """

    number: int
    kind: str
    title: str
    stem: str
    points: float
    key: Any
    choices: Mapping[str, Any] | None = None
    facts: Sequence[str] = ()
    tolerance: float = 0.0
    unit: str = ""
    minimum: float | None = None
    maximum: float | None = None

    @property
    def id(self) -> str:
        return f"q{self.number}"

    def call(self) -> str:
        qid = repr(self.id)
        if self.kind in ("single", "multiple", "ordering"):
            return f"quiz.{self.kind}({qid}, {_literal(self.choices)})"
        if self.kind == "matching":
            left, right = (_literal(self.choices[side], "        ") for side in ("left", "right"))
            return f"quiz.matching(\n    {qid},\n    left={left},\n    right={right},\n)"
        if self.kind == "numeric":
            args = [qid, f"unit={self.unit!r}"]
            args += [f"minimum={_number(self.minimum)}"] if self.minimum is not None else []
            args += [f"maximum={_number(self.maximum)}"] if self.maximum is not None else []
            return f"quiz.numeric({', '.join(args)})"
        raise ValueError(f"question {self.number}: unknown kind {self.kind!r}")

    def key_call(self) -> str:
        extra = f", tolerance={_number(self.tolerance)}" if self.kind == "numeric" and self.tolerance else ""
        return f"quiz.key({self.id!r}, {_literal(self.key)}{extra}, facts={list(self.facts)!r})"

    def heading(self) -> str:
        label = "point" if self.points == 1 else "points"
        return f"## Question {self.number} — {self.title} ({_number(self.points)} {label})"

    def cells(self) -> list[nbformat.NotebookNode]:
        source = f"{self.call()}\n### BEGIN HIDDEN TESTS\n{self.key_call()}\n### END HIDDEN TESTS"
        parse_question_cell(source, self.points)  # an authoring error fails here, not at grading time
        return [read_only_markdown(f"{self.heading()}\n\n{self.stem.strip()}", f"{self.id}_stem"),
                hidden_code(source, self.id, grade=True, points=self.points)]


@dataclass(frozen=True)
class Written:
    """A written answer marked by hand in Formgrader against ``rubric`` (one line per criterion)."""

    number: int
    title: str
    stem: str
    points: float
    model_answer: str
    rubric: Sequence[str] = field(default_factory=tuple)

    @property
    def id(self) -> str:
        return f"q{self.number}"

    def cells(self) -> list[nbformat.NotebookNode]:
        heading = (f"## Question {self.number} — {self.title} ({_number(self.points)} points, "
                   "marked by your instructor)")
        rubric = "\n".join(f"- {line}" for line in self.rubric)
        answer = new_markdown_cell(self.model_answer.strip(), metadata=nbgrader_metadata(
            self.id, grade=True, solution=True, points=self.points))
        return [
            read_only_markdown(f"{heading}\n\n{self.stem.strip()}", f"{self.id}_stem"),
            answer,
            hidden_code(f"quiz.written({self.id!r})", f"{self.id}_box"),
            read_only_markdown(f"**How this answer is marked ({_number(self.points)} points):**\n\n{rubric}",
                               f"{self.id}_rubric"),
        ]


def quiz_notebook(name: str, intro: str, questions: Sequence[Graded | Written], closing: str) -> nbformat.NotebookNode:
    """A whole graded quiz notebook named ``name`` (the file is ``<name>.ipynb``)."""
    nb = new_notebook(metadata={"kernelspec": KERNELSPEC, "language_info": {"name": "python"}})
    nb.cells.append(read_only_markdown(intro, "intro"))
    nb.cells.append(hidden_code(f"from microneedling.quiz.graded import graded_quiz\nquiz = graded_quiz({name!r})",
                                "setup"))
    for question in questions:
        nb.cells.extend(question.cells())
    nb.cells.append(hidden_code("quiz.summary()", "summary"))
    nb.cells.append(read_only_markdown(closing, "closing"))
    for cell in nb.cells:  # stable ids: rebuilding a quiz changes only what was edited
        cell.id = cell.metadata["nbgrader"]["grade_id"].replace("_", "-")
    nbformat.validate(nb)
    return nb


def total_points(questions: Sequence[Graded | Written]) -> float:
    return sum(q.points for q in questions)
