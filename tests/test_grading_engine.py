"""The shortcuts that make grading recorded answers fast keep nbgrader's behaviour: a gradebook opened again in the
same process shares its engine and skips re-creating the schema, and the exporter writes exactly what nbconvert's
notebook exporter writes, validating once."""

from __future__ import annotations

import nbformat
import pytest
from nbconvert.exporters import NotebookExporter
from nbconvert.preprocessors import Preprocessor
from nbgrader.api import Course, Gradebook

from microneedling.grading.autograde import RecordedAnswersExporter


def test_gradebooks_on_one_database_share_an_engine_and_stay_usable_after_closing(tmp_path):
    url = f"sqlite:///{tmp_path / 'gradebook.db'}"
    with Gradebook(url, "course") as first:
        first.add_student("ada")
        engine = first.engine
    with Gradebook(url, "course") as second:
        assert second.engine is engine
        assert [s.id for s in second.students] == ["ada"]
    with Gradebook(f"sqlite:///{tmp_path / 'other.db'}", "course") as other:
        assert other.engine is not engine and other.students == []


def test_a_reopened_gradebook_is_the_same_as_a_first_opening(tmp_path):
    url = f"sqlite:///{tmp_path / 'gradebook.db'}"
    with Gradebook(url, "course") as first:
        first.add_assignment("quiz")
        opened_fully = set(vars(first))
    with Gradebook(url, "another course") as reopened:
        assert set(vars(reopened)) == opened_fully  # nbgrader's own attributes, none missing
        assert reopened.course_id == "another course" and reopened.authenticator is None
        assert {c.id for c in reopened.db.query(Course)} == {"course", "another course"}
        assert [a.name for a in reopened.assignments] == ["quiz"]


def test_a_gradebook_whose_database_was_replaced_is_created_again(tmp_path):
    path = tmp_path / "gradebook.db"
    url = f"sqlite:///{path}"
    with Gradebook(url, "course") as first:
        first.add_student("ada")
    first.engine.dispose()
    path.unlink()
    with Gradebook(url, "course") as again:
        assert again.students == []
        again.add_student("grace")
    with Gradebook(url, "course") as reopened:
        assert [s.id for s in reopened.students] == ["grace"]


class _AddsAnOutput(Preprocessor):
    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type == "code":
            cell.outputs = [nbformat.v4.new_output("stream", text="1.0\n")]
        return cell, resources


class _BreaksTheNotebook(Preprocessor):
    def preprocess(self, nb, resources):
        nb.cells[0]["outputs"] = "not a list"
        return nb, resources


def _quiz() -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Quiz"), nbformat.v4.new_code_cell("x = 1")])
    for index, cell in enumerate(nb.cells):
        cell.id = f"cell-{index}"
    return nb


def test_the_exporter_writes_what_nbconverts_notebook_exporter_writes():
    ours, stock = RecordedAnswersExporter(), NotebookExporter()
    for exporter in (ours, stock):
        exporter.register_preprocessor(_AddsAnOutput(), enabled=True)
    written, resources = ours.from_notebook_node(_quiz(), {"nbgrader": {}})
    assert written == stock.from_notebook_node(_quiz())[0]
    assert resources["output_extension"] == ".ipynb" and "nbgrader" in resources


def test_a_notebook_made_invalid_while_grading_stops_that_submission():
    exporter = RecordedAnswersExporter()
    exporter.register_preprocessor(_BreaksTheNotebook(), enabled=True)
    with pytest.raises(nbformat.ValidationError):
        exporter.from_notebook_node(_quiz(), {})
