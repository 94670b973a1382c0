"""The lesson rules (tests/lesson_rules.py) catch what they exist for and let good lessons through."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import nbformat
import pytest

import microneedling.lesson
from tests import lesson_rules as rules


def notebook(tmp_path: Path, *cells: tuple[str, str, bool]) -> Path:
    """A notebook of (kind, source, hidden) cells."""
    nb = nbformat.v4.new_notebook()
    for kind, text, hidden in cells:
        cell = nbformat.v4.new_code_cell(text) if kind == "code" else nbformat.v4.new_markdown_cell(text)
        if hidden:
            cell.metadata["jupyter"] = {"source_hidden": True}
        nb.cells.append(cell)
    path = tmp_path / "99_test.ipynb"
    nbformat.write(nb, path)
    return path


def test_a_lesson_of_hidden_one_line_calls_passes(tmp_path):
    path = notebook(
        tmp_path,
        ("markdown", "# 99 · Test\n## 1. Depth\nA roller's needles reach only part of their length.", False),
        ("code", "from microneedling.lesson import *", True),
        ("code", "DepthExplorer()", True),
        ("code", 'self_check("03_devices_and_needle_depth")', True),
    )
    assert rules.code_problems(path) == []


@pytest.mark.parametrize("text, hidden, expected", [
    ("DepthExplorer()", False, "input is not hidden"),
    ("a = 1\nb = 2\nc = 3", True, "3 lines of code"),
    ("show_table('" + "x" * 120 + "')", True, "longer than 100 characters"),
    ("import datetime", True, "imports belong in the one setup cell"),
    ("x = DepthExplorer()", True, "is one call"),
    ('show_facts("devices.roller.needle_count",\n           "devices.roller.drum_width")', True, "lists 2 fact ids"),
])
def test_code_rules_name_the_cell_and_the_problem(tmp_path, text, hidden, expected):
    path = notebook(tmp_path, ("code", "from microneedling.lesson import *", True), ("code", text, hidden))
    problems = rules.code_problems(path)
    assert any(p.startswith("lesson 99, cell 1: ") and expected in p for p in problems), problems


def test_fact_ids_in_the_text_are_reported(tmp_path):
    path = notebook(tmp_path, ("markdown", "See `devices.roller.needle_count` for the count.", False))
    assert "shows fact ids ['devices.roller.needle_count']" in rules.code_problems(path)[0]


def number_check(tmp_path: Path, text: str, topics=("devices",)) -> list[str]:
    return rules.number_problems(notebook(tmp_path, ("markdown", text, False)), fact_topics=topics)


def test_numbers_that_are_facts_pass(tmp_path):
    # devices.roller.needle_count: 192 needles; needle_length: 0.5-3 mm; punctures_per_pass: about 16 per cm².
    text = ("A standard roller has 192 needles, 0.5–3 mm long, and one pass makes about 16 punctures per cm². "
            "Lengths of 0.5 to 1.5 mm are used for acne scars.")
    assert number_check(tmp_path, text) == []


def test_a_number_no_fact_states_fails_with_a_readable_message(tmp_path):
    problems = number_check(tmp_path, "The epidermis of the forehead is 0.296 mm thick.")
    assert len(problems) == 1
    assert problems[0].startswith("lesson 99, cell 0: '0.296 mm' matches no fact of topics devices")


def test_a_fact_number_with_the_wrong_unit_fails():
    fact = [rules.Quantity(72.0, "h", "72 hours"), rules.Quantity(192.0, None, "192")]
    assert rules.matches(rules.Quantity(72.0, "hour", "72 hours"), fact)
    assert rules.matches(rules.Quantity(3.0, "days", "3 days"), fact)  # the same amount
    assert rules.matches(rules.Quantity(192.0, "mm", "192 mm"), fact)  # the fact gives no unit: accepted
    assert not rules.matches(rules.Quantity(72.0, "mm", "72 mm"), fact)
    assert not rules.matches(rules.Quantity(4.0, "days", "4 days"), fact)


def test_units_convert_within_a_dimension(tmp_path):
    # healing.channels.face_72h: channels closed by 72 hours on the face -> '3 days' is the same amount.
    assert number_check(tmp_path, "Channels on the face close within 3 days.", topics=("healing",)) == []


def test_numbers_from_another_topic_need_the_fact_named(tmp_path):
    text = "The glabellar dermis of men measured 1.14 mm."
    problems = number_check(tmp_path, text)
    assert problems and "skin.meng.glabella.male" in problems[0]
    assert number_check(tmp_path, text + " <!-- facts: skin.meng.glabella.male -->") == []
    assert "no.such.fact" in number_check(tmp_path, text + " <!-- facts: no.such.fact -->")[0]


def test_declared_non_fact_numbers_pass(tmp_path):
    text = "Set the explorer to 0.7 mm and compare. <!-- not-facts: 0.7 mm -->"
    assert number_check(tmp_path, text) == []
    assert number_check(tmp_path, "Set the explorer to 0.7 mm and compare.")


def test_headings_enumerations_lessons_links_code_and_citations_are_not_checked(tmp_path):
    text = "\n".join([
        "# 99 · A lesson",
        "## 4.2 Rollers",
        "| **Time needed** | about 45 minutes |",
        "1. First objective",
        "2) Second objective",
        "Open [03 · Devices and needle depth](03_devices_and_needle_depth.ipynb) and lessons 04–07, step 5.",
        "Use `show_table('x', 17)` or <kbd>Shift</kbd>+<kbd>Enter</kbd>; see <https://doi.org/10.1000/123>.",
        "Rollers carry 192 needles [Singh 2016; Schwarz 2011].",
    ])
    assert number_check(tmp_path, text) == []


def test_quantities_read_ranges_units_and_thousands():
    found = [(q.value, q.unit) for q in rules.quantities("0.5-1.5 mm, 14-day plan, 30% and 1,340 nm in the 1980s")]
    assert found == [(0.5, "mm"), (1.5, "mm"), (14.0, "day"), (30.0, "%"), (1340.0, "nm"), (1980.0, None)]


def test_command_line_prints_every_problem(tmp_path, capsys):
    path = notebook(tmp_path, ("code", "import os\nos.getcwd()", False))
    assert rules.main([str(path)], fact_topics=("devices",)) == 1
    printed = capsys.readouterr().out
    assert "lesson 99, cell 0: input is not hidden" in printed and "problem(s) in 1 lesson(s)" in printed


def test_lesson_module_exports_every_entry_point_once():
    lesson = microneedling.lesson
    assert lesson.__all__ == sorted(lesson.ENTRY_POINTS)
    tree = ast.parse(Path(lesson.__file__).read_text())
    table = next(node.value for node in tree.body if isinstance(node, ast.AnnAssign)
                 and getattr(node.target, "id", "") == "ENTRY_POINTS")
    keys = [key.value for key in table.keys]
    assert len(keys) == len(set(keys)), f"listed twice: {sorted({k for k in keys if keys.count(k) > 1})}"
    for name in lesson.ENTRY_POINTS:
        assert callable(lesson.resolve(name)), f"{name} does not resolve to a callable"
        assert getattr(lesson, name).__name__ == name
    assert json.dumps(lesson.__all__)


def test_lesson_setup_cell_does_not_import_matplotlib():
    import subprocess
    import sys

    code = "import sys, microneedling.lesson; print('matplotlib' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() \
        == "False"
