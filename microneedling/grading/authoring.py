"""Build nbgrader quiz notebooks: question cells with the right nbgrader metadata.

An instructor (or a test's fixture) calls these with the question text, options and key; the
result is a ``source/<quiz>/<quiz>.ipynb`` in which

* the stem is a read-only markdown cell whose heading shows the points,
* the options are a read-only code cell holding a plain dict and showing it,
* the answer is an "autograded answer" cell: ``answer_qN = None`` then the solution region,
* the test is an "autograder tests" cell: a visible form check with a friendly message, then the
  hidden grader call as the cell's last expression (its float is the partial credit nbgrader reads).

This module holds no keys: keys are arguments, and end up only in the hidden tests of ``source/``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

FORM_OK = 'print("Form OK — this check does not tell you whether the answer is correct.")'
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


def nbgrader_metadata(grade_id: str, *, grade: bool = False, solution: bool = False, locked: bool = False,
                      points: float | None = None) -> dict[str, Any]:
    meta: dict[str, Any] = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": 3,
                            "solution": solution, "task": False}
    if grade:
        meta["points"] = points
    return {"nbgrader": meta}


def read_only_markdown(text: str, grade_id: str) -> nbformat.NotebookNode:
    return new_markdown_cell(text.strip("\n"), metadata=nbgrader_metadata(grade_id, locked=True))


def read_only_code(source: str, grade_id: str) -> nbformat.NotebookNode:
    return new_code_cell(source.strip("\n"), metadata=nbgrader_metadata(grade_id, locked=True))


@dataclass(frozen=True)
class Question:
    """One autograded question. ``kind`` is single | multiple | ordering | numeric | matching."""

    number: int
    kind: str
    title: str
    stem: str
    points: float
    solution: Any  # the value the model trainee types
    choices: Mapping[str, Any] | None = None  # options / items / {"left": {...}, "right": {...}}
    tolerance: float = 0.0
    unit: str = ""

    KINDS = ("single", "multiple", "ordering", "numeric", "matching")

    def __post_init__(self) -> None:
        if self.kind not in self.KINDS:
            raise ValueError(f"question kind {self.kind!r} is not one of {list(self.KINDS)}")
        if (self.choices is None) != (self.kind == "numeric"):
            raise ValueError(f"question {self.number}: choices are required except for numeric questions")

    @property
    def name(self) -> str:
        return f"answer_q{self.number}"

    @property
    def label(self) -> str:
        return "point" if self.points == 1 else "points"

    def heading(self) -> str:
        return f"## Question {self.number} — {self.title} ({_number(self.points)} {self.label})"

    def choices_source(self) -> str:
        const = f"Q{self.number}"
        if self.kind == "matching":
            return (f"{const}_LEFT = {_block(self.choices['left'])}\n"
                    f"{const}_RIGHT = {_block(self.choices['right'])}\n"
                    f'show_choices({const}_LEFT, "Match each of these …")\n'
                    f'show_choices({const}_RIGHT, "… with one of these")')
        heading = "Steps (put them in order)" if self.kind == "ordering" else "Options"
        suffix = "ITEMS" if self.kind == "ordering" else "OPTIONS"
        return f"{const}_{suffix} = {_block(self.choices)}\nshow_choices({const}_{suffix}, {heading!r})"

    def visible_check(self) -> str:
        const, name = f"Q{self.number}", self.name
        return {
            "single": f'check_single({name}, {const}_OPTIONS, "{name}")',
            "multiple": f'check_multiple({name}, {const}_OPTIONS, "{name}")',
            "ordering": f'check_ordering({name}, {const}_ITEMS, "{name}")',
            "numeric": f'check_numeric({name}, "{name}")',
            "matching": f'check_matching({name}, {const}_LEFT, {const}_RIGHT, "{name}")',
        }[self.kind]

    def hidden_grade(self) -> str:
        const, name, key, points = f"Q{self.number}", self.name, _literal(self.solution), _number(self.points)
        return {
            "single": f'grade_single({name}, {key}, {points}, {const}_OPTIONS, "{name}")',
            "multiple": f'grade_multiple({name}, {key}, {points}, {const}_OPTIONS, "{name}")',
            "ordering": f'grade_ordering({name}, {key}, {points}, "{name}")',
            "numeric": f'grade_numeric({name}, {key}, {_number(self.tolerance)}, {points}, "{name}")',
            "matching": f'grade_matching({name}, {key}, {points}, "{name}")',
        }[self.kind]

    def cells(self) -> list[nbformat.NotebookNode]:
        q = f"q{self.number}"
        cells = [read_only_markdown(f"{self.heading()}\n\n{self.stem.strip()}", f"{q}_stem")]
        if self.choices is not None:
            cells.append(read_only_code(self.choices_source(), f"{q}_choices"))
        answer = f"{self.name} = None\n### BEGIN SOLUTION\n{self.name} = {_literal(self.solution)}\n### END SOLUTION"
        cells.append(new_code_cell(answer, metadata=nbgrader_metadata(f"{q}_answer", solution=True)))
        test = (f"{self.visible_check()}\n{FORM_OK}\n### BEGIN HIDDEN TESTS\n{self.hidden_grade()}\n"
                "### END HIDDEN TESTS")
        cells.append(new_code_cell(test, metadata=nbgrader_metadata(
            f"{q}_test", grade=True, locked=True, points=self.points)))
        return cells


@dataclass(frozen=True)
class WrittenQuestion:
    """A free-text answer graded by hand in Formgrader with the rubric shown under it."""

    number: int
    title: str
    stem: str
    points: float
    model_answer: str
    rubric: Sequence[str]  # one line per criterion, each worth the points it names

    def cells(self) -> list[nbformat.NotebookNode]:
        q = f"q{self.number}"
        heading = f"## Question {self.number} — {self.title} ({_number(self.points)} points, marked by your instructor)"
        rubric = "\n".join(f"- {line}" for line in self.rubric)
        return [
            read_only_markdown(f"{heading}\n\n{self.stem.strip()}\n\nWrite your answer in the cell below.", f"{q}_stem"),
            new_markdown_cell(self.model_answer.strip(), metadata=nbgrader_metadata(
                f"{q}_answer", grade=True, solution=True, points=self.points)),
            read_only_markdown(f"**How this answer is marked ({_number(self.points)} points):**\n\n{rubric}",
                               f"{q}_rubric"),
        ]


def quiz_notebook(intro: str, imports: str, questions: Sequence[Question | WrittenQuestion],
                  closing: str) -> nbformat.NotebookNode:
    """A whole quiz: intro, the imports cell, the questions in order, a closing note."""
    nb = new_notebook(metadata={"kernelspec": KERNELSPEC, "language_info": {"name": "python"}})
    nb.cells.append(read_only_markdown(intro, "intro"))
    nb.cells.append(read_only_code(imports, "imports"))
    for question in questions:
        nb.cells.extend(question.cells())
    nb.cells.append(read_only_markdown(closing, "closing"))
    nbformat.validate(nb)
    return nb


def total_points(questions: Sequence[Question | WrittenQuestion]) -> float:
    return sum(q.points for q in questions)


def _literal(value: Any) -> str:
    """Python source for a plain value; sets are sorted so the notebook text is stable."""
    if isinstance(value, (set, frozenset)):
        return "{" + ", ".join(repr(v) for v in sorted(value)) + "}"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k!r}: {v!r}" for k, v in value.items()) + "}"
    return repr(value)


def _block(choices: Mapping[str, str]) -> str:
    """A dict literal with one entry per line, for the read-only options cells."""
    return "{\n" + "".join(f"    {k!r}: {v!r},\n" for k, v in choices.items()) + "}"


def _number(value: float) -> str:
    return f"{value:g}"
