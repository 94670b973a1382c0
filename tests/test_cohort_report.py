"""The instructor's cohort report on a simulated cohort with planted problems: a wrong key, an item everyone gets
right, an item nobody answers, unmarked written answers — and the page an instructor opens."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from microneedling.cohort import report as report_module
from microneedling.cohort.data import Cohort, Grade, question_options, read_cohort, recorded_answers, redact
from microneedling.cohort.simulate import build_cohort, standard_quiz
from microneedling.cohort.stats import analyse, groups, pearson
from tests.conftest import BUILD, CHROMIUM, CHROMIUM_FLAGS, require_chromium

TRAINEES = 40
QUIZ = "sim_quiz"
PLANTED = {("sim_quiz", "q3"): "bad key", ("sim_quiz", "q5"): "everyone right", ("sim_quiz", "q7"): "never answered"}
HOSTILE = "<script>window.hacked = 1</script>"


@pytest.fixture(scope="module")
def cohort_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("cohort")
    quiz = standard_quiz(QUIZ, count=10, seed=4, bad_key="q3", everyone_right="q5", never_answered="q7")
    build_cohort(folder, f"sqlite:///{folder / 'gradebook.db'}", [quiz], TRAINEES, seed=3)
    # One trainee's recorded answer is hostile text (an invalid answer): the page must show it as text.
    notebook = folder / "autograded" / "trainee001" / QUIZ / f"{QUIZ}.ipynb"
    data = json.loads(notebook.read_text())
    data["metadata"]["microneedling"]["graded"]["q1"] = {"status": "answered", "answer": HOSTILE, "score": 0.0,
                                                         "max": 2.0, "message": "invalid"}
    notebook.write_text(json.dumps(data))
    return folder


@pytest.fixture(scope="module")
def cohort(cohort_dir) -> Cohort:
    return read_cohort(f"sqlite:///{cohort_dir / 'gradebook.db'}", "microneedling101", cohort_dir)


@pytest.fixture(scope="module")
def page_html(cohort) -> report_module.Report:
    return report_module.render(cohort, title="simulated cohort")


def serious_flags(report) -> dict:
    return {key: kinds for key, kinds in report.flagged().items() if set(kinds) - {"low-discrimination"}}


def test_the_planted_problems_and_only_they_are_flagged(page_html):
    flags = serious_flags(page_html)
    assert set(flags) == set(PLANTED), flags
    assert {"negative-discrimination", "distractor-attracts-strong"} <= set(flags[(QUIZ, "q3")])
    assert flags[(QUIZ, "q5")] == ["everyone-right"]
    assert flags[(QUIZ, "q7")] == ["never-answered"]


def test_bad_key_option_analysis_points_at_the_right_answer(cohort):
    q3 = next(i for i in analyse(cohort)[0].items if i.question == "q3")
    assert q3.discrimination < 0
    key = next(o for o in q3.options if o.is_key)
    strongest = max(q3.options, key=lambda o: o.upper)
    assert not strongest.is_key and strongest.upper > key.upper
    assert strongest.label.startswith("Option ")  # labels come from the released quiz notebook


def test_backlog_counts_unmarked_written_answers(cohort, page_html):
    pending = [g for g in cohort.grades if g.needs_manual]
    q11 = next(i for i in page_html.stats[0].items if i.question == "q11")
    assert q11.manual and len(q11.pending_manual) == len(pending) > 0
    assert f"<b>{len(pending)}</b>" in page_html.html
    assert q11.answered is None  # written answers have no recorded choice: never "never answered"


def test_scores_match_the_gradebook(cohort, page_html):
    quiz = page_html.stats[0]
    assert len(quiz.totals) == TRAINEES
    for student in ("trainee001", "trainee017"):
        expected = sum(g.score or 0 for g in cohort.grades if g.student == student)
        assert quiz.totals[student] == pytest.approx(expected)
    assert quiz.max_points == 10 * 2 + 3


def test_trainee_text_is_escaped(page_html):
    assert HOSTILE not in page_html.html
    assert "&lt;script&gt;window.hacked" in page_html.html


def test_statistics_by_hand():
    assert pearson([0, 0, 1, 1], [1, 2, 3, 4]) == pytest.approx(0.894427, rel=1e-5)
    assert pearson([1, 1, 1], [1, 2, 3]) is None  # no variance: undefined, not 0
    upper, lower = groups({f"t{i}": float(i) for i in range(10)})
    assert upper == ["t9", "t8", "t7"] and lower == ["t2", "t1", "t0"]


def test_small_cohort_is_not_judged_on_discrimination():
    grades = [Grade("q", "q1", s, 1.0, score, False, False) for s, score in [("a", 1.0), ("b", 0.0), ("c", 1.0)]]
    grades += [Grade("q", "q2", s, 1.0, score, False, False) for s, score in [("a", 0.0), ("b", 1.0), ("c", 1.0)]]
    cohort = Cohort("c", "test", ["a", "b", "c"], {"q": {"q1": 1.0, "q2": 1.0}}, grades)
    items = analyse(cohort)[0].items
    assert all(kind != "negative-discrimination" for i in items for kind, _ in i.flags)
    assert "too few submissions" in report_module.render(cohort).html


def test_readers_take_only_literals_and_tolerate_broken_files(tmp_path):
    released = tmp_path / "quiz.ipynb"
    released.write_text(json.dumps({"cells": [
        {"cell_type": "code", "source": ["quiz.single('q1', {'a': 'Alpha', 'b': 'Beta'})"]},
        {"cell_type": "code", "source": ["Q2_OPTIONS = {'A': 'First'}\nshow_choices(Q2_OPTIONS)"]},
        {"cell_type": "code", "source": ["quiz.single('q3', make_options())"]},
        {"cell_type": "code", "source": ["this is not python ("]},
    ]}))
    assert question_options(released) == {"q1": {"a": "Alpha", "b": "Beta"}, "q2": {"A": "First"}}
    broken = tmp_path / "broken.ipynb"
    broken.write_text("{not json")
    assert recorded_answers(broken) == {} and question_options(broken) == {}
    assert redact("postgresql+psycopg://grader:s3cret@127.0.0.1:5432/gb") == "postgresql+psycopg://grader:***@127.0.0.1:5432/gb"


@pytest.mark.browser
def test_report_opens_as_a_page_an_instructor_reads(page_html, tmp_path):
    require_chromium()
    from playwright.sync_api import sync_playwright

    path = page_html.save(BUILD / "cohort-report.html")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_FLAGS)
        page = browser.new_page(viewport={"width": 1280, "height": 1000})
        page.goto(path.as_uri())
        assert page.title() == "Cohort report — microneedling101"
        headings = page.locator("h2").all_inner_texts()
        assert headings[:3] == ["1. Questions to review first", "2. Manual-grading backlog", "3. Score distribution"]
        images = page.locator("img")
        assert images.count() >= 3
        for index in range(images.count()):
            image = images.nth(index)
            assert image.evaluate("img => img.complete && img.naturalWidth > 0"), "a figure did not load"
            assert len(image.get_attribute("alt")) > 40, "every figure has a text alternative"
        review = page.locator("#review ~ table").first.inner_text()
        assert "q3" in review and "Negative discrimination" in review
        assert page.evaluate("window.hacked === undefined")
        (BUILD / "screenshots").mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(BUILD / "screenshots" / "cohort-report.png"))
        page.locator("#sim_quiz").scroll_into_view_if_needed()
        page.screenshot(path=str(BUILD / "screenshots" / "cohort-report-items.png"))
        browser.close()


def test_make_report_demo_writes_the_page(tmp_path, monkeypatch):
    out = tmp_path / "demo.html"
    monkeypatch.setattr(report_module, "demo_cohort",
                        lambda target: _small_demo(target))
    assert report_module.main(["--demo", "--out", str(out)]) == 0
    assert "Cohort report — simulated cohort" in out.read_text()


def _small_demo(target: Path) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    build_cohort(target, f"sqlite:///{target / 'gradebook.db'}", [standard_quiz("demo", count=3)], 6)
    return target / "gradebook.db"


def test_report_without_gradebook_says_so(tmp_path, capsys):
    (tmp_path / "nbgrader_config.py").write_text(
        "c = get_config()\nc.CourseDirectory.db_url = 'sqlite:////nonexistent/folder/gradebook.db'\n")
    assert report_module.main(["--course", str(tmp_path), "--out", str(tmp_path / "r.html")]) == 2
    assert "Could not read the gradebook" in capsys.readouterr().err
