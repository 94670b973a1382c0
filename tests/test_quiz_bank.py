"""Question banks: every bank in the package validates; invalid banks fail with the file and question id."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import nbformat
import pytest

from microneedling.course import LESSONS
from microneedling.quiz import BankError, available_banks, load_bank
from microneedling.quiz.bank import BANK_DIR, fact_references
from microneedling.quiz.questions import QUESTION_TYPES, Matching, Numeric
from tests.conftest import ROOT

BANKS = sorted(BANK_DIR.glob("*.toml"))
LESSON_IDS = {lesson.id for lesson in LESSONS}


@pytest.mark.parametrize("path", BANKS, ids=lambda p: p.name)
def test_every_bank_in_the_package_is_valid(path: Path):
    bank = load_bank(path)
    assert bank.lesson_id in LESSON_IDS, f"{path.name}: no lesson {bank.lesson_id!r} in course.LESSONS"
    assert bank.questions and bank.max_points > 0
    for question in bank.questions:
        assert "{fact:" not in question.stem and "{value:" not in question.explanation


def test_every_lesson_notebook_that_calls_self_check_has_a_bank():
    for lesson in LESSONS:
        path = ROOT / lesson.path
        if not path.exists():
            continue
        code = "\n".join(c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code")
        for called in re.findall(r"self_check\(\s*['\"]([^'\"]+)['\"]\s*\)", code):
            assert called == lesson.id, f"{path.name} shows the self-check of {called!r}"
            assert called in available_banks(), f"{path.name} calls self_check({called!r}) but has no bank"


def test_welcome_bank_uses_every_question_type_once_and_renders_facts():
    bank = load_bank("00_welcome")
    assert sorted(q.type for q in bank.questions) == sorted(QUESTION_TYPES)
    numeric = next(q for q in bank.questions if isinstance(q, Numeric))
    assert numeric.key == 22 and numeric.unit == "years"  # from regulation.us.authorised_uses
    assert "regulation.us.authorised_uses" in numeric.facts  # key_fact is listed among the facts
    matching = next(q for q in bank.questions if isinstance(q, Matching))
    assert matching.left_item("cfr").text == "21 CFR 878.4430"
    keys = {r.key for r in fact_references(bank.question("q1_device_class"))}
    assert keys == {"cfr_878_4430", "fda_fr2018", "fda_den160029", "fda_warning_letters"}


def test_unknown_lesson_lists_the_banks():
    with pytest.raises(ValueError, match=r"no question bank for '99_nope'; banks: \[.*'00_welcome'"):
        load_bank("99_nope")


SINGLE = """
[[question]]
id = "q1"
type = "single"
stem = "Pick one"
options = [ { id = "A", text = "a" }, { id = "B", text = "b" } ]
key = "B"
explanation = "Because."
facts = []
"""


def write_bank(tmp_path: Path, body: str, title: str = 'title = "Test bank"') -> Path:
    path = tmp_path / "01_test.toml"
    path.write_text(title + "\n" + textwrap.dedent(body))
    return path


def test_a_minimal_bank_loads(tmp_path):
    bank = load_bank(write_bank(tmp_path, SINGLE))
    assert bank.lesson_id == "01_test" and bank.question("q1").key == "B"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (SINGLE.replace('key = "B"', 'key = "E"'), r"question 'q1': key 'E' is not one of the options: \['A', 'B'\]"),
        (SINGLE + SINGLE, r"question 'q1': duplicate id"),
        (SINGLE.replace('explanation = "Because."', ""), r"question 'q1': missing explanation"),
        (SINGLE.replace('explanation = "Because."', 'explanation = "  "'), r"question 'q1': missing explanation"),
        (SINGLE.replace("facts = []", ""), r"question 'q1': needs facts = \[...\]"),
        (SINGLE.replace("facts = []", 'facts = ["no.such.fact"]'), r"question 'q1': facts: unknown fact id 'no.such.fact'"),
        (SINGLE.replace("facts = []", 'facts = ["regulation.us.no_otc"]'),
         r"question 'q1': facts: 'regulation.us.no_otc' has status 'secondary'; only confirmed facts"),
        (SINGLE.replace('stem = "Pick one"', 'stem = "{fact:regulation.us.no_otc}"'), r"status 'secondary'"),
        (SINGLE.replace('stem = "Pick one"', 'stem = "{fact:definition.microneedling}"'),
         r"question 'q1': stem: fact 'definition.microneedling' has no value"),
        (SINGLE.replace('type = "single"', 'type = "essay"'), r"question 'q1': type 'essay' is not one of"),
        (SINGLE.replace("facts = []", "facts = []\nkeys = 1"), r"question 'q1': unknown field\(s\) \['keys'\]"),
        (SINGLE.replace('{ id = "B", text = "b" }', '{ id = "A", text = "b" }'), r"question 'q1': options: duplicate id 'A'"),
        (SINGLE.replace("facts = []", "facts = []\npoints = -1"), r"question 'q1': points must be a number above 0"),
        (
            """
            [[question]]
            id = "q2"
            type = "multiple"
            stem = "Pick all"
            options = [ { id = "A", text = "a" }, { id = "B", text = "b" } ]
            key = ["A", "Z"]
            explanation = "Because."
            facts = []
            """,
            r"question 'q2': key 'Z' is not one of the options",
        ),
        (
            """
            [[question]]
            id = "q3"
            type = "ordering"
            stem = "Order"
            items = [ { id = "a", text = "A" }, { id = "b", text = "B" }, { id = "c", text = "C" } ]
            key = ["a", "b", "b"]
            explanation = "Because."
            facts = []
            """,
            r"question 'q3': key must be a permutation of the item ids \['a', 'b', 'c'\]",
        ),
        (
            """
            [[question]]
            id = "q4"
            type = "numeric"
            stem = "How much?"
            key = 1.5
            tolerance = -0.1
            unit = "mm"
            explanation = "Because."
            facts = []
            """,
            r"question 'q4': tolerance must not be negative \(got -0.1\)",
        ),
        (
            """
            [[question]]
            id = "q4"
            type = "numeric"
            stem = "How much?"
            key_fact = "definition.microneedling"
            explanation = "Because."
            facts = []
            """,
            r"question 'q4': key_fact 'definition.microneedling' has no numeric value",
        ),
        (
            """
            [[question]]
            id = "q4"
            type = "numeric"
            stem = "How much?"
            key = 1
            key_fact = "regulation.us.authorised_uses"
            explanation = "Because."
            facts = []
            """,
            r"question 'q4': give exactly one of key",
        ),
        (
            """
            [[question]]
            id = "q5"
            type = "matching"
            stem = "Match"
            left = [ { id = "a", text = "A" }, { id = "b", text = "B" } ]
            right = [ { id = "x", text = "X" }, { id = "y", text = "Y" } ]
            key = { a = "x", b = "x" }
            explanation = "Because."
            facts = []
            """,
            r"question 'q5': key is not one-to-one: right item\(s\) \['x'\]",
        ),
        (
            """
            [[question]]
            id = "q5"
            type = "matching"
            stem = "Match"
            left = [ { id = "a", text = "A" }, { id = "b", text = "B" } ]
            right = [ { id = "x", text = "X" }, { id = "y", text = "Y" } ]
            key = { a = "x" }
            explanation = "Because."
            facts = []
            """,
            r"question 'q5': key leaves left item\(s\) \['b'\] unmatched",
        ),
        (
            """
            [[question]]
            id = "q6"
            type = "text"
            stem = "Explain"
            explanation = "Because."
            facts = []
            """,
            r"question 'q6': missing model_answer",
        ),
    ],
)
def test_invalid_banks_name_the_file_and_question(tmp_path, body, message):
    with pytest.raises(BankError, match=r"^01_test\.toml: .*" + message):
        load_bank(write_bank(tmp_path, body))


@pytest.mark.parametrize(
    ("title", "body", "message"),
    [
        ("", SINGLE, "needs a title"),
        ('title = "T"', "", r"needs at least one \[\[question\]\]"),
        ('title = "T"', "[[question]\nid =", "not valid TOML"),
    ],
)
def test_invalid_bank_files_name_the_file(tmp_path, title, body, message):
    with pytest.raises(BankError, match=r"^01_test\.toml: " + message):
        load_bank(write_bank(tmp_path, body, title))


def test_numeric_key_fact_converts_mm_to_micrometres(tmp_path):
    from microneedling.facts import Fact, Reference, Registry

    reg = Registry(
        references={"r": Reference("r", "A B", 2020, "T", "J")},
        records={"depth.x": Fact("depth.x", ("r",), value=1.5, unit="mm", statement="s")},
    )
    body = """
    [[question]]
    id = "q1"
    type = "numeric"
    stem = "Depth in µm?"
    key_fact = "depth.x"
    unit = "µm"
    explanation = "Because."
    facts = []
    """
    question = load_bank(write_bank(tmp_path, body), reg).question("q1")
    assert question.key == 1500 and question.unit == "µm" and question.minimum == 0
    assert question.facts == ("depth.x",)
