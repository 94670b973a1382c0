"""The course's save hook: lessons stay byte-identical unless the trainee edits text, quizzes keep recorded answers."""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass

import nbformat
import pytest

from microneedling.course import LESSONS
from microneedling.saving import kernel_language_info, scrub_before_save, with_kernel_language_info
from tests.conftest import ROOT

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
ANSWER = "application/vnd.microneedling.answer+json"


@dataclass
class ContentsManagerStub:
    root_dir: str


def saved_bytes(content: dict) -> str:
    """What jupyter_server writes for a notebook model's content."""
    return nbformat.writes(nbformat.from_dict(content)) + "\n"


def widget_output() -> dict:
    return {"output_type": "execute_result", "execution_count": 3, "metadata": {},
            "data": {"text/plain": "VBox(...)", WIDGET_VIEW: {"version_major": 2, "version_minor": 0,
                                                             "model_id": "abc123"}}}


def as_jupyterlab_sends_it(nb: dict) -> dict:
    """A lesson after Run All, as JupyterLab's save request carries it: outputs, counts, kernel metadata, view flags."""
    sent = copy.deepcopy(nb)
    sent["metadata"]["language_info"] = kernel_language_info()
    sent["metadata"]["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}, "version_major": 2}}
    for number, cell in enumerate(sent["cells"], start=1):
        cell["source"] = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        cell["metadata"]["trusted"] = True
        if cell["cell_type"] == "code":
            cell["execution_count"] = number
            cell["outputs"] = [widget_output(), {"output_type": "stream", "name": "stdout", "text": "hello\n"}]
            cell["metadata"]["execution"] = {"iopub.status.busy": "2026-03-02T09:00:00.000Z"}
            cell["metadata"]["scrolled"] = True
            cell["metadata"].setdefault("jupyter", {})["outputs_hidden"] = False
    return sent


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.id)
def test_a_lesson_run_and_saved_is_byte_identical_to_the_course_copy(lesson):
    raw = (ROOT / lesson.path).read_text(encoding="utf-8")
    model = {"type": "notebook", "format": "json", "content": as_jupyterlab_sends_it(json.loads(raw))}
    scrub_before_save(model, lesson.path, contents_manager=ContentsManagerStub(str(ROOT)))
    assert saved_bytes(model["content"]) == raw


def test_a_lesson_keeps_the_trainees_text_and_new_cells_without_outputs():
    lesson = LESSONS[1]
    nb = as_jupyterlab_sends_it(json.loads((ROOT / lesson.path).read_text(encoding="utf-8")))
    nb["cells"][0]["source"] += "\n\nMy note: ask about the eyelid."
    mine = nbformat.v4.new_code_cell("1 + 1", execution_count=9,
                                     outputs=[nbformat.v4.new_output("execute_result", {"text/plain": "2"})])
    mine.metadata.update({"scrolled": True, "tags": ["mine"]})
    nb["cells"].append(json.loads(json.dumps(mine)))
    model = {"type": "notebook", "content": nb}
    scrub_before_save(model, lesson.path, contents_manager=ContentsManagerStub(str(ROOT)))
    saved = model["content"]
    assert saved["cells"][0]["source"].endswith("My note: ask about the eyelid.")
    assert saved["cells"][-1]["source"] == "1 + 1" and saved["cells"][-1]["metadata"] == {"tags": ["mine"]}
    assert all(c.get("outputs", []) == [] and c.get("execution_count") is None
               for c in saved["cells"] if c["cell_type"] == "code")
    assert "widgets" not in saved["metadata"] and saved["metadata"]["language_info"] == {"name": "python"}
    nbformat.validate(nbformat.from_dict(saved))


def quiz_as_saved() -> dict:
    nb = nbformat.v4.new_notebook()
    question = nbformat.v4.new_code_cell('quiz.single("q1", {"a": "Yes", "b": "No"})', execution_count=4)
    question.metadata["nbgrader"] = {"grade": True, "grade_id": "q1", "points": 1, "solution": False}
    question.outputs = [
        nbformat.from_dict(widget_output()),
        nbformat.v4.new_output("display_data", {ANSWER: {"question": "q1", "value": "b", "at": "2026-03-02T09:00:00"},
                                                "text/plain": "Your recorded answer to q1: b"}),
        nbformat.v4.new_output("stream", name="stdout", text="Answer recorded.\n"),
    ]
    nb.cells = [question]
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    return json.loads(json.dumps(nb))


def test_a_graded_quiz_loses_only_its_widget_views():
    model = {"type": "notebook", "content": quiz_as_saved()}
    scrub_before_save(model, "assignments/q/q.ipynb", contents_manager=ContentsManagerStub(str(ROOT)))
    (cell,) = model["content"]["cells"]
    assert [list(o.get("data", {"stream": 1})) for o in cell["outputs"]] == [[ANSWER, "text/plain"], ["stream"]]
    assert cell["outputs"][0]["data"][ANSWER]["value"] == "b" and cell["execution_count"] == 4
    assert "widgets" not in model["content"]["metadata"]


def test_other_notebooks_and_files_are_saved_untouched():
    nb = quiz_as_saved()
    nb["cells"][0]["metadata"].pop("nbgrader")
    model = {"type": "notebook", "content": copy.deepcopy(nb)}
    scrub_before_save(model, "my-work/scratch.ipynb", contents_manager=ContentsManagerStub(str(ROOT)))
    assert model["content"] == nb
    text = {"type": "file", "format": "text", "content": "notes"}
    scrub_before_save(text, "notebooks/notes.txt", contents_manager=None)
    assert text["content"] == "notes"


def test_notebooks_open_with_the_kernels_language_info_so_they_are_not_modified_on_open():
    bare = {"type": "notebook", "content": {"metadata": {"language_info": {"name": "python"}}, "cells": []}}
    assert with_kernel_language_info(bare)["content"]["metadata"]["language_info"] == kernel_language_info()
    assert set(kernel_language_info()) >= {"name", "version", "codemirror_mode", "pygments_lexer"}
    other = {"type": "notebook", "content": {"metadata": {"language_info": {"name": "R"}}, "cells": []}}
    assert with_kernel_language_info(copy.deepcopy(other)) == other
