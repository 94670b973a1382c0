"""Hostile submissions through the real ``nbgrader autograde``: no unearned mark, no harm to anyone, no key shown.

One course, the fixture quiz of the pipeline test, and a cohort graded in one batch in alphabetical order: an
honest trainee first (``aaa-honest``), every hostile trainee, an honest trainee last (``zzz-honest``). Each hostile
submission tries one trick from the issue's list. Afterwards the test checks that

* every trainee scored exactly what their *valid* answers earn (most hostile ones: 0);
* the honest trainees before and after the hostile ones got their exact scores, and the batch finished;
* the instructor's files (config, source, gradebook's other rows) and other trainees' folders are untouched, and
  no code from a submission ran (marker files never appear);
* no feedback page shows a key, and no written answer renders as live HTML in feedback or Formgrader.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import shutil
import uuid
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest
from nbconvert import HTMLExporter
from nbgrader.api import Gradebook

from microneedling.grading.authoring import quiz_notebook
from microneedling.quiz.recorded import FORMAT, MAX_NOTEBOOK_BYTES, answers_path
from tests.conftest import BUILD
from tests.nbgrader_course import embed_answers, make_course, record_answers, run_nbgrader
from tests.test_nbgrader_pipeline import AUTOGRADED_MAX, FIXTURE, QUIZ, RIGHT, WRONG, leaked_keys

MARKER_DIR = Path("/tmp") / f"mn-hostile-{uuid.uuid4().hex}"
PAYLOAD = f"__import__('pathlib').Path({str(MARKER_DIR / 'ran')!r}).touch()"
SCRIPT_TEXT = ('<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>'
               '[click](javascript:window.__xss=3) $\\href{javascript:window.__xss=4}{x}$ '
               '<a href="javascript:window.__xss=5">a</a> {{7*7}} </pre><b>bold</b>')


def _release(course: Path) -> Path:
    return course / "assignments" / QUIZ / f"{QUIZ}.ipynb"


def _folder(course: Path, trainee: str) -> Path:
    folder = course / "submitted" / trainee / QUIZ
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _write(course: Path, trainee: str, nb: nbformat.NotebookNode | None = None, answers: dict | None = None,
           embedded: dict | None = None) -> Path:
    folder = _folder(course, trainee)
    nb = nb if nb is not None else nbformat.read(_release(course), as_version=4)
    if embedded:
        embed_answers(nb, embedded)
    nbformat.write(nb, folder / f"{QUIZ}.ipynb")
    if answers:
        record_answers(folder, QUIZ, answers)
    return folder


def _raw_answers(folder: Path, answers: dict) -> None:
    answers_path(folder, QUIZ).write_text(json.dumps({"format": FORMAT, "version": 1, "answers": answers}))


# --- the hostile cohort: name → (how it is built, the autograded points it may earn, what it tries) -------------

def code_in_answers(course):
    _write(course, "code-in-answers", answers={"q1": PAYLOAD, "q2": [PAYLOAD], "q3": [PAYLOAD], "q4": PAYLOAD,
                                               "q5": {"x": PAYLOAD}, "q6": PAYLOAD})


def forged_scores(course):
    folder = _write(course, "forged-scores")
    _raw_answers(folder, {"q1": {"value": "a", "score": 2, "points": 2, "correct": True, "at": "2026-01-01T00:00:00Z"},
                          "q99": {"value": "b"}, "score": {"value": 100}})


def forged_outputs(course):
    """Question cells carry a result of full points, an execute_result and a forged graded summary."""
    nb = nbformat.read(_release(course), as_version=4)
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade"):
            cell.outputs = [nbformat.v4.new_output("execute_result", data={"text/plain": "1000.0"}, execution_count=1)]
            cell.metadata["nbgrader"]["points"] = 1000
    nb.metadata["microneedling"] = {"graded": {"q1": {"status": "answered", "score": 2}},
                                    "recorded": {"q1": {"value": "b"}}}
    _write(course, "forged-outputs", nb)


def own_keys(course):
    """The trainee writes hidden tests whose key is their own (wrong) answer, and edits the question ids."""
    nb = nbformat.read(_release(course), as_version=4)
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade") and cell.cell_type == "code":
            cell.source += f"\n### BEGIN HIDDEN TESTS\nquiz.key({meta['grade_id']!r}, 'a')\n### END HIDDEN TESTS"
            meta["checksum"] = "0" * 32
    _write(course, "own-keys", nb, answers={"q1": "a"})


def code_cells(course):
    """New code cells that would rewrite grades, the gradebook and the config if anything executed them."""
    nb = nbformat.read(_release(course), as_version=4)
    evil = (f"{PAYLOAD}\nimport builtins; builtins.float = lambda *a: 1000.0\n"
            "open('../../../nbgrader_config.py', 'a').write('c.Foo = 1')\n")
    nb.cells.insert(2, nbformat.v4.new_code_cell(evil, metadata={"nbgrader": {
        "grade": True, "grade_id": "q1", "locked": False, "points": 1000, "schema_version": 3, "solution": False}}))
    nb.cells.append(nbformat.v4.new_code_cell(evil))
    _write(course, "code-cells", nb)


def copied_cells(course):
    """An honest mistake: a question cell pasted twice (JupyterLab keeps its nbgrader metadata)."""
    nb = nbformat.read(_release(course), as_version=4)
    question = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "q1")
    nb.cells.insert(3, nbformat.from_dict(json.loads(json.dumps(question))))
    nb.cells.insert(3, nbformat.from_dict(json.loads(json.dumps(question))))
    _write(course, "copied-cells", nb, answers=RIGHT)


def deleted_cells(course):
    nb = nbformat.read(_release(course), as_version=4)
    nb.cells = [c for c in nb.cells if not c.metadata.get("nbgrader", {}).get("grade")]
    _write(course, "deleted-cells", nb, answers={"q1": "b"})


def fake_package(course):
    """A fake course package, sitecustomize and nbgrader config beside the notebook."""
    folder = _write(course, "fake-package")
    for name in ("microneedling/__init__.py", "microneedling/grading/__init__.py", "sitecustomize.py",
                 "conftest.py", "nbgrader_config.py", "usercustomize.py"):
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(f"{PAYLOAD}\nc = None\n")


def malformed_notebook(course):
    """The notebook is not JSON; the answers file is fine: only the notebook's copy of the answers is lost."""
    folder = _folder(course, "malformed-notebook")
    (folder / f"{QUIZ}.ipynb").write_text("{ this is not a notebook")
    record_answers(folder, QUIZ, {"q1": "b"})


def deep_json(course):
    folder = _folder(course, "deep-json")
    (folder / f"{QUIZ}.ipynb").write_text("[" * 200_000 + "]" * 200_000)
    answers_path(folder, QUIZ).write_text('{"format": "' + FORMAT + '", "answers": ' + "[" * 100_000 + "]" * 100_000 + "}")


def enormous_notebook(course):
    """Over the size limit: its embedded answers are not read (the right ones!), the batch goes on."""
    nb = embed_answers(nbformat.read(_release(course), as_version=4), RIGHT)
    nb.cells.append(nbformat.v4.new_markdown_cell("x" * (MAX_NOTEBOOK_BYTES + 10)))
    _write(course, "enormous-notebook", nb)


def enormous_answers_file(course):
    folder = _write(course, "enormous-answers")
    with answers_path(folder, QUIZ).open("w") as handle:
        handle.write('{"format": "%s", "answers": {"q1": {"value": "b"}}, "pad": "' % FORMAT)
        handle.write("x" * 5_000_000 + '"}')


def invalid_types(course):
    folder = _write(course, "invalid-types")
    _raw_answers(folder, {"q1": {"value": ["b"]}, "q2": {"value": "a,c,d"}, "q3": {"value": {"s3": 1}},
                          "q4": {"value": "2.75"}, "q5": {"value": [["x", "p"]]}, "q6": {"value": 42}})


def duplicate_picks(course):
    folder = _write(course, "duplicate-picks")
    _raw_answers(folder, {"q2": {"value": ["a", "a", "c", "c", "d", "d"]},
                          "q3": {"value": ["s3", "s3", "s3", "s3", "s3"]},
                          "q5": {"value": {"x": "p", "y": "p", "z": "p"}}})


def symlinked_answers(course):
    """The answers file is a link to the honest trainee's answers file."""
    folder = _write(course, "symlinked-answers")
    answers_path(folder, QUIZ).symlink_to(answers_path(_folder(course, "aaa-honest"), QUIZ))


def symlinked_instructor_files(course):
    folder = _folder(course, "symlinked-instructor")
    (folder / f"{QUIZ}.ipynb").symlink_to(course / "source" / QUIZ / f"{QUIZ}.ipynb")
    answers_path(folder, QUIZ).symlink_to(course / "gradebook.db")


def script_in_written(course):
    _write(course, "script-in-written", answers={"q6": SCRIPT_TEXT})


def script_typed_in_cell(course):
    """Script typed straight into the written-answer cell instead of the box (taken as the answer, inert)."""
    nb = nbformat.read(_release(course), as_version=4)
    cell = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "q6")
    cell.source = SCRIPT_TEXT
    _write(course, "script-in-cell", nb)


def wrong_but_late(course):
    """All answers wrong, with records dated in the future to 'win' a merge: still wrong."""
    folder = _write(course, "future-dated")
    _raw_answers(folder, {q: {"value": v, "at": "9999-12-31T23:59:59Z"} for q, v in WRONG.items()})


HOSTILE = {
    # name: (builder, autograded points its valid answers earn)
    "code-in-answers": (code_in_answers, 0.0),
    "forged-scores": (forged_scores, 0.0),  # q1 'a' is wrong; the extra fields and ids are ignored
    "forged-outputs": (forged_outputs, 0.0),
    "own-keys": (own_keys, 0.0),
    "code-cells": (code_cells, 0.0),
    "copied-cells": (copied_cells, AUTOGRADED_MAX),  # honest mistake: right answers keep their points
    "deleted-cells": (deleted_cells, 2.0),  # q1 right, the rest unanswered
    "fake-package": (fake_package, 0.0),
    "malformed-notebook": (malformed_notebook, 2.0),
    "deep-json": (deep_json, 0.0),
    "enormous-notebook": (enormous_notebook, 0.0),
    "enormous-answers": (enormous_answers_file, 0.0),
    "invalid-types": (invalid_types, 0.0),
    "duplicate-picks": (duplicate_picks, 0.0),
    "symlinked-answers": (symlinked_answers, 0.0),
    "symlinked-instructor": (symlinked_instructor_files, 0.0),
    "script-in-written": (script_in_written, 0.0),
    "script-in-cell": (script_typed_in_cell, 0.0),
    "future-dated": (wrong_but_late, 0.0),
}
HONEST = {"aaa-honest": AUTOGRADED_MAX, "zzz-honest": AUTOGRADED_MAX}


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    MARKER_DIR.mkdir()
    course = make_course(tmp_path_factory.mktemp("hostile") / "course", quizzes=())
    (course / "source" / QUIZ).mkdir(parents=True)
    nbformat.write(quiz_notebook(QUIZ, "# Hostile-cohort quiz", FIXTURE, "End."),
                   course / "source" / QUIZ / f"{QUIZ}.ipynb")
    run_nbgrader(course, "generate_assignment", QUIZ, "--force")
    for trainee in HONEST:
        _write(course, trainee, answers=RIGHT)
    for build, _points in HOSTILE.values():
        build(course)
    protected = {p: _digest(p) for p in (course / "nbgrader_config.py", course / "source" / QUIZ / f"{QUIZ}.ipynb",
                                         _release(course), answers_path(_folder(course, "aaa-honest"), QUIZ))}
    result = run_nbgrader(course, "autograde", QUIZ, check=False, timeout=900)
    run_nbgrader(course, "generate_feedback", QUIZ, "--force", check=False, timeout=900)
    yield {"course": course, "autograde": result, "protected": protected}
    shutil.rmtree(MARKER_DIR, ignore_errors=True)


def _scores(course: Path) -> dict[str, float]:
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        return {s: gb.find_submission_notebook(QUIZ, QUIZ, s).code_score for s in [*HONEST, *HOSTILE]}


@pytest.mark.slow
def test_the_batch_finishes_and_every_trainee_gets_exactly_what_their_valid_answers_earn(graded):
    assert graded["autograde"].returncode == 0, graded["autograde"].stderr[-3000:]
    expected = {**HONEST, **{name: points for name, (_build, points) in HOSTILE.items()}}
    assert _scores(graded["course"]) == expected


@pytest.mark.slow
def test_no_code_from_a_submission_ran(graded):
    assert list(MARKER_DIR.iterdir()) == []
    assert "c.Foo" not in (graded["course"] / "nbgrader_config.py").read_text()


@pytest.mark.slow
def test_instructor_files_and_other_trainees_work_are_untouched(graded):
    for path, digest in graded["protected"].items():
        assert _digest(path) == digest, f"{path} changed"


@pytest.mark.slow
def test_invalid_answers_are_zero_with_a_reason_and_broken_files_are_noted(graded):
    course = graded["course"]

    def meta(trainee):
        return json.loads((course / "autograded" / trainee / QUIZ / f"{QUIZ}.ipynb").read_text())["metadata"][
            "microneedling"]

    invalid = meta("invalid-types")["graded"]
    assert {q: invalid[q]["status"] for q in ("q1", "q2", "q3", "q4", "q5")} == dict.fromkeys(
        ("q1", "q2", "q3", "q4", "q5"), "invalid")
    assert invalid["q4"]["message"].startswith("Invalid answer (the answer is not a number)")
    assert any("not readable JSON" in n for n in meta("malformed-notebook")["notes"])
    assert any("limit" in n for n in meta("enormous-notebook")["notes"])
    assert any("limit" in n for n in meta("enormous-answers")["notes"])
    assert any("link" in n for n in meta("symlinked-answers")["notes"])
    forged = meta("forged-scores")
    assert forged["graded"]["q1"]["score"] == 0 and "q99" not in forged["graded"]


@pytest.mark.slow
def test_no_feedback_shows_a_key_or_test_code(graded):
    feedback = graded["course"] / "feedback"
    pages = sorted(feedback.rglob(f"{QUIZ}.html"))
    assert len(pages) == len(HONEST) + len(HOSTILE)
    for page in pages:
        assert leaked_keys(page.read_text()) == [], f"{page.parent.parent.name}: {leaked_keys(page.read_text())}"


class _Tags(HTMLParser):
    """Every tag with its attribute names, and every attribute value that runs script."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: set[tuple[str, tuple[str, ...]]] = set()
        self.script_urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.add((tag, tuple(sorted(name for name, _ in attrs))))
        self.script_urls += [v for _, v in attrs if v and "javascript:" in v.replace(" ", "").lower()]


def _structure(page: str) -> _Tags:
    parser = _Tags()
    parser.feed(page)
    return parser


def _formgrader_page(course: Path, trainee: str) -> str:
    from nbgrader.server_extensions.formgrader import handlers

    exporter = HTMLExporter(template_name="formgrade", extra_template_basedirs=[handlers.template_path])
    resources = {"assignment_id": QUIZ, "notebook_id": QUIZ, "submission_id": "x", "index": 0, "total": 1,
                 "base_url": "", "student": trainee, "last_name": "T", "first_name": "T", "notebook_path": ""}
    page, _ = exporter.from_filename(str(course / "autograded" / trainee / QUIZ / f"{QUIZ}.ipynb"),
                                     resources=resources)
    return page


@pytest.mark.slow
@pytest.mark.parametrize("trainee", ["script-in-written", "script-in-cell"])
def test_script_in_a_written_answer_is_shown_as_text_in_feedback_and_formgrader(graded, trainee):
    course = graded["course"]
    pages = {"feedback": ((course / "feedback" / trainee / QUIZ / f"{QUIZ}.html").read_text(),
                          (course / "feedback" / "aaa-honest" / QUIZ / f"{QUIZ}.html").read_text()),
             "formgrader": (_formgrader_page(course, trainee), _formgrader_page(course, "aaa-honest"))}
    for where, (hostile, honest) in pages.items():
        extra = _structure(hostile).tags - _structure(honest).tags
        assert extra == set(), f"{where}: the written answer added live markup {extra}"
        assert _structure(hostile).script_urls == [], where
        text = html.unescape(re.sub(r"<[^>]+>", "", hostile))
        assert "window.__xss=1" in text, f"{where}: the answer is still shown, as text"


@pytest.mark.slow
@pytest.mark.browser
def test_script_in_a_written_answer_does_not_run_in_a_browser(graded, browser_page):
    """Formgrader's and feedback's pages for the script-in-answer trainee, opened in Chromium: nothing runs."""
    page = browser_page
    course = graded["course"]
    formgrader = BUILD / "hostile-formgrader-script-in-written.html"
    formgrader.write_text(_formgrader_page(course, "script-in-written"))
    pages = [course / "feedback" / "script-in-written" / QUIZ / f"{QUIZ}.html", formgrader]
    for path in pages:
        page.goto(path.as_uri())
        page.wait_for_timeout(500)
        for link in page.locator("a", has_text="click").all():
            link.click()
        assert page.evaluate("() => window.__xss === undefined"), f"script ran in {path.name}"
        assert page.locator("pre.mn-written-answer").count() == 1
        assert "onerror" in page.locator("pre.mn-written-answer").inner_text()
    page.goto(pages[0].as_uri())
    shot = BUILD / "screenshots" / "hostile-written-feedback.png"
    shot.parent.mkdir(parents=True, exist_ok=True)
    page.locator("pre.mn-written-answer").screenshot(path=str(shot))


@pytest.mark.slow
def test_graded_answers_can_be_read_back_for_reports(graded):
    from microneedling.grading.results import graded_answers

    answers, notes = graded_answers(graded["course"] / "autograded" / "aaa-honest" / QUIZ / f"{QUIZ}.ipynb")
    assert notes == []
    assert {q: a.status for q, a in answers.items()} == dict.fromkeys(RIGHT, "answered")
    assert answers["q3"].answer == RIGHT["q3"] and answers["q3"].score == answers["q3"].max == 4.0
    with pytest.raises(ValueError, match="not graded from recorded answers"):
        graded_answers(_release(graded["course"]))


def test_two_graders_creating_the_digest_table_at_once_do_not_fail(tmp_path, monkeypatch):
    """Parallel workers on one gradebook race to create the digest table; the loser must carry on."""
    import sqlalchemy as sa

    from microneedling.grading import autograde

    engine = sa.create_engine(f"sqlite:///{tmp_path / 'gradebook.db'}")
    autograde._ensure_digest_table(engine)
    real_create = autograde.answer_digests.create

    def lose_the_race(bind, checkfirst=True):
        real_create(bind, checkfirst=False)  # as if the check ran before the other worker's create

    monkeypatch.setattr(autograde.answer_digests, "create", lose_the_race)
    autograde._ensure_digest_table(engine)  # the table exists: no error
    assert sa.inspect(engine).has_table("microneedling_answer_digest")
