"""nbgrader autograde that grades recorded answers — data — and never runs a trainee's notebook.

Wired in by the course's ``nbgrader_config.py``; the instructor runs the usual ``nbgrader autograde <quiz>``.

**Sanitise step** (:class:`RecordedAnswersExporter`). nbgrader normally reads the submitted notebook and cleans it.
Here the graded notebook is rebuilt from the *released* quiz (``assignments/<quiz>/<quiz>.ipynb``, the instructor's
file) and only the trainee's recorded answers are taken from the submission folder: the answers file and the answer
outputs of the submitted notebook, read as size-capped JSON (:mod:`microneedling.quiz.recorded`). Cells a trainee
added, edited, duplicated or deleted, their outputs, attachments and metadata, a malformed or enormous notebook,
and any other file in the folder therefore change nothing; nothing from the folder is imported or executed. Each
question cell gets its hidden key back from the gradebook, as nbgrader's ``OverwriteCells`` would do for a submitted
notebook; nbgrader's other sanitising steps have nothing to clean in a notebook built from the instructor's files.

**Autograde step** (:class:`GradeRecordedAnswers`, then :class:`SaveGradesFlaggingChanges`). Each question cell is
parsed as data (:mod:`microneedling.quiz.graded_spec`); its recorded answer is validated against the question and
scored with the course's partial-credit rules in this process. The cell gets two outputs — the message for the
trainee and the score as its result, which nbgrader's ``SaveAutoGrades`` reads as partial credit — and the
notebook's metadata ``microneedling.graded`` gets one entry per question for reports. A written answer is copied
into its answer cell as inert text (:func:`~.written.inert_markdown`) for Formgrader and feedback.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
from pathlib import Path
from typing import Any

import nbformat
import sqlalchemy as sa
from nbconvert.exporters import NotebookExporter
from nbformat.notebooknode import NotebookNode, from_dict
from nbgrader import api as nbgrader_api
from nbgrader import utils
from nbgrader.api import Gradebook
from nbgrader.preprocessors import NbGraderPreprocessor, SaveAutoGrades

from ..quiz.graded_spec import Outcome, SpecError, grade, parse_question_cell
from ..quiz.recorded import NEVER, Record, ReadResult, format_time, latest, plain_value, read_submission
from .written import inert_markdown

METADATA_KEY = "microneedling"


# nbgrader opens a new ``Gradebook`` seven times per submission, and each opening builds a new SQLAlchemy engine and
# re-creates the schema (reflecting every table) and the course row; with nothing executed, that dominated grading
# time. Installed when nbgrader loads this module (nbgrader_config.py names it):
# - one engine per database URL, so SQLAlchemy's compiled-statement cache survives; ``Gradebook.close`` still
#   returns its connections (``dispose`` leaves the engine usable);
# - once this process has opened a database's gradebook, later openings skip the schema step. They still check the
#   course row, and if that query fails (say the database file was replaced) the full opening runs again.
if not hasattr(nbgrader_api.create_engine, "cache_info"):
    nbgrader_api.create_engine = functools.cache(nbgrader_api.create_engine)

_schema_ready: set[str] = set()


def _open_gradebook(original_init: Any) -> Any:
    @functools.wraps(original_init)
    def init(self: Gradebook, db_url: str, course_id: str = "default_course", authenticator: Any = None) -> None:
        if db_url in _schema_ready:
            self.engine = nbgrader_api.create_engine(db_url, echo=False, future=True)
            self.db = nbgrader_api.scoped_session(nbgrader_api.sessionmaker(autoflush=True, bind=self.engine,
                                                                             future=True))
            self.course_id, self.authenticator = course_id, authenticator
            try:
                self.check_course(course_id=course_id)
                return
            except (sa.exc.DBAPIError, nbgrader_api.InvalidEntry):
                self.db.rollback()
                self.db.remove()
                _schema_ready.discard(db_url)
        original_init(self, db_url, course_id, authenticator)
        _schema_ready.add(db_url)

    init.reopens_quickly = True
    return init


if not getattr(Gradebook.__init__, "reopens_quickly", False):
    Gradebook.__init__ = _open_gradebook(Gradebook.__init__)


class GradingSetupError(RuntimeError):
    """The course is not set up for grading recorded answers (an instructor problem, reported plainly)."""


def _source(cell: Any) -> str:
    source = cell.get("source", "") if isinstance(cell, dict) else ""
    if isinstance(source, list):
        return "".join(s for s in source if isinstance(s, str))
    return source if isinstance(source, str) else ""


def typed_written_answers(submitted: Any, release: NotebookNode) -> dict[str, Record]:
    """Written answers a trainee typed into the answer cell itself instead of the answer box.

    Only markdown cells whose grade id is a written-answer cell of the released quiz count, and only when their
    text differs from the released placeholder; a record from the answer box (with its time) always wins.
    """
    stubs = {c.metadata.nbgrader.grade_id: c.source for c in release.cells
             if c.cell_type == "markdown" and utils.is_solution(c) and utils.is_grade(c)}
    found: dict[str, Record] = {}
    cells = submitted.get("cells") if isinstance(submitted, dict) else None
    for cell in cells if isinstance(cells, list) else ():
        meta = cell.get("metadata", {}).get("nbgrader", {}) if isinstance(cell, dict) else {}
        grade_id = meta.get("grade_id") if isinstance(meta, dict) else None
        if grade_id in stubs and cell.get("cell_type") == "markdown":
            text = _source(cell)
            value, _reason = plain_value(text)
            if value and value.strip() and value.strip() != stubs[grade_id].strip():
                found[grade_id] = Record(grade_id, value, NEVER, "notebook cell")
    return found


class RecordedAnswersExporter(NotebookExporter):
    """Reads a submission as recorded answers on top of the released quiz (nbgrader's sanitise step only)."""

    def _instructor_version(self, release: Path, coursedir: Any, assignment: str, notebook: str) -> NotebookNode:
        """A fresh copy of the released quiz with its keys restored; read once per quiz for the whole cohort and
        kept as JSON text (parsing it again is several times faster than deep-copying the notebook)."""
        cache = self.__dict__.setdefault("_versions", {})
        if release not in cache:
            nb = nbformat.read(release, as_version=4)
            _restore_from_gradebook(nb, coursedir, assignment, notebook)
            cache[release] = json.dumps(nb)
        return from_dict(json.loads(cache[release]))

    def from_notebook_node(self, nb: NotebookNode, resources: dict | None = None, **kw: Any) -> tuple[str, dict]:
        """nbconvert's notebook export without its two defensive deep copies and its validation after every
        preprocessor: the notebook here is always this exporter's own (built from the release, or just read from the
        autograded file), and it is validated once, after the last preprocessor, stopping that submission if invalid.
        """
        resources = self._init_resources(resources)
        for preprocessor in self._preprocessors:
            nb, resources = preprocessor(nb, resources)
        nbformat.validate(nb)
        return nbformat.v4.writes_json(nb) + "\n", resources

    def from_filename(self, filename: str, resources: dict | None = None, **kw: Any):
        converter = self.parent
        if not getattr(converter, "_sanitizing", False):
            return super().from_filename(filename, resources, **kw)  # our own autograded notebook
        resources = resources if resources is not None else {}
        info = resources["nbgrader"]
        coursedir = converter.coursedir
        release = Path(coursedir.format_path(coursedir.release_directory, ".", info["assignment"]),
                       f"{info['notebook']}.ipynb")
        if not release.exists():
            raise GradingSetupError(f"the released quiz {release} is missing: run `nbgrader generate_assignment "
                                    f"{info['assignment']}` before autograding")
        nb = self._instructor_version(release, coursedir, info["assignment"], info["notebook"])
        found, submitted = read_submission(Path(filename).parent, info["notebook"])
        written = typed_written_answers(submitted, nb) if submitted is not None else {}
        for grade_id, record in written.items():
            found.records[grade_id] = latest(found.records.get(grade_id), record)
        nb.metadata[METADATA_KEY] = {"recorded": _recorded_json(found), "notes": found.notes}
        resources.setdefault("metadata", {})
        resources["metadata"].update({"name": info["notebook"], "path": str(Path(filename).parent)})
        return self.from_notebook_node(nb, resources, **kw)


def _restore_from_gradebook(nb: NotebookNode, coursedir: Any, assignment: str, notebook: str) -> None:
    """Give each locked cell its instructor version — question cells get back their hidden key — from the gradebook."""
    with Gradebook(coursedir.db_url, coursedir.course_id) as gb:
        sources = {cell.name: cell for cell in gb.find_notebook(notebook, assignment).source_cells}
        for cell in nb.cells:
            meta = cell.metadata.get("nbgrader", {})
            known = sources.get(meta.get("grade_id"))
            if known is not None and utils.is_locked(cell):
                cell.source = known.source
                meta["checksum"] = known.checksum


def _recorded_json(found: ReadResult) -> dict[str, Any]:
    """Usable records, and for a question whose only record was unusable, why (graded as an invalid answer)."""
    usable = {qid: {"value": r.value, "at": format_time(r.at) if r.at != NEVER else None, "source": r.source}
              for qid, r in found.records.items()}
    return {**{qid: {"rejected": why} for qid, why in found.rejected.items()}, **usable}


def answer_digest(value: Any) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def _stream(text: str) -> NotebookNode:
    return from_dict({"output_type": "stream", "name": "stdout", "text": text + "\n"})


def _result(score: float) -> NotebookNode:
    return from_dict({"output_type": "execute_result", "execution_count": None, "metadata": {},
                      "data": {"text/plain": repr(float(score))}})


# Every trainee's copy of a question cell is the same released source: parse it once per grading run.
_question_cell = functools.lru_cache(maxsize=1024)(parse_question_cell)


class GradeRecordedAnswers(NbGraderPreprocessor):
    """Scores every question cell from its recorded answer; written answers are copied in as inert text."""

    def preprocess(self, nb: NotebookNode, resources: dict) -> tuple[NotebookNode, dict]:
        meta = nb.metadata.get(METADATA_KEY, {})
        recorded = meta.get("recorded", {})
        graded: dict[str, Any] = {}
        for cell in nb.cells:
            if not utils.is_grade(cell):
                continue
            grade_id = cell.metadata.nbgrader.grade_id
            points = float(cell.metadata.nbgrader.points)
            entry = recorded.get(grade_id)
            if cell.cell_type == "code":
                outcome = self._grade_question(cell, points, entry)
            elif utils.is_solution(cell):
                outcome = self._copy_written(cell, points, entry)
            else:
                continue
            graded[grade_id] = outcome.to_json()
            cell.metadata[METADATA_KEY] = {"answer_sha256": answer_digest(outcome.answer)}
        notes = list(meta.get("notes", []))
        nb.metadata[METADATA_KEY] = {"graded": graded, "notes": notes}
        if notes:
            note = "\n".join(f"- {n}" for n in notes)
            nb.cells.insert(0, nbformat.v4.new_markdown_cell(f"**Notes on this submission**\n\n{note}"))
        return nb, resources

    def _grade_question(self, cell: NotebookNode, points: float, entry: Any) -> Outcome:
        grade_id = cell.metadata.nbgrader.grade_id
        try:
            spec = _question_cell(cell.source, points)
        except SpecError as exc:
            raise GradingSetupError(f"question cell {grade_id!r} is not a graded question: {exc}") from None
        if not spec.keyed:
            raise GradingSetupError(f"question cell {grade_id!r} has no key: its hidden tests were not restored "
                                    "from the gradebook (was the quiz generated with `nbgrader generate_assignment`?)")
        if spec.question.id != grade_id:
            raise GradingSetupError(f"question cell {grade_id!r} asks question {spec.question.id!r}: ids must match")
        if isinstance(entry, dict) and "rejected" in entry:
            outcome = Outcome("invalid", 0.0, points, f"Invalid answer ({entry['rejected']}) — 0 of {points:g} "
                                                       f"point{'' if points == 1 else 's'}.")
        else:
            present = isinstance(entry, dict) and "value" in entry
            outcome = grade(spec.question, entry["value"] if present else None, present=present)
        cell.outputs = [_stream(outcome.message), _result(outcome.score)]
        return outcome

    @staticmethod
    def _copy_written(cell: NotebookNode, points: float, entry: Any) -> Outcome:
        text = entry.get("value") if isinstance(entry, dict) else None
        if not isinstance(text, str) or not text.strip():
            return Outcome("missing", 0.0, points, "No written answer was recorded.")
        cell.source = inert_markdown(text)
        words = len(text.split())
        return Outcome("answered", 0.0, points, f"Written answer of {words} words, marked by your instructor.", text)


answer_digests = sa.Table(
    "microneedling_answer_digest", sa.MetaData(),
    sa.Column("course_id", sa.String(128), primary_key=True),
    sa.Column("assignment", sa.String(128), primary_key=True),
    sa.Column("notebook", sa.String(128), primary_key=True),
    sa.Column("student", sa.String(128), primary_key=True),
    sa.Column("grade_id", sa.String(128), primary_key=True),
    sa.Column("digest", sa.String(64), nullable=False),
    sa.Column("graded_at", sa.DateTime, nullable=False),
)


def _ensure_digest_table(bind: Any) -> None:
    """Create the digest table once; parallel grading workers may race to create it, and that is fine."""
    try:
        answer_digests.create(bind, checkfirst=True)
    except sa.exc.DBAPIError:
        if not sa.inspect(bind).has_table(answer_digests.name):
            raise


def _by_cell_name(session: Any, kind: type, submitted: Any) -> dict[str, Any]:
    """A submitted notebook's grades (or comments) by cell name, loaded with their cells' names in one query."""
    rows = session.execute(sa.select(kind, nbgrader_api.BaseCell.name)
                           .join(nbgrader_api.BaseCell, kind.cell_id == nbgrader_api.BaseCell.id)
                           .where(kind.notebook_id == submitted.id))
    return {name: item for item, name in rows}


class SaveGradesFlaggingChanges(SaveAutoGrades):
    """nbgrader's ``SaveAutoGrades``, plus: a hand-given mark stays settled while the answer it marked is unchanged.

    Stock nbgrader flags every hand-marked question "needs manual grade" again whenever a submission is re-graded,
    even when nothing changed. Here re-grading the same answer keeps the mark settled (re-runs are idempotent),
    and a *changed* answer after marking — a resubmission — is flagged for re-marking. The digest of each graded
    answer is kept in a small table of the gradebook's own database. The grades of one notebook are written in one
    transaction (stock nbgrader commits after every cell, which dominates grading time when nothing is executed).
    """

    def preprocess(self, nb: NotebookNode, resources: dict) -> tuple[NotebookNode, dict]:
        info = resources["nbgrader"]
        self.notebook_id, self.assignment_id = info["notebook"], info["assignment"]
        self.student_id, self.db_url = info["student"], info["db_url"]
        self.gradebook = Gradebook(self.db_url)
        with self.gradebook:
            session = self.gradebook.db
            _ensure_digest_table(session.get_bind())
            key = {"course_id": self.gradebook.find_assignment(self.assignment_id).course_id,
                   "assignment": self.assignment_id, "notebook": self.notebook_id, "student": self.student_id}
            mine = sa.and_(*(answer_digests.c[k] == v for k, v in key.items()))
            self._before = dict(session.execute(sa.select(answer_digests.c.grade_id, answer_digests.c.digest)
                                                .where(mine)).all())
            submitted = self.gradebook.find_submission_notebook(self.notebook_id, self.assignment_id,
                                                                self.student_id)
            self._grades = _by_cell_name(session, nbgrader_api.Grade, submitted)  # one query, not one per cell
            self._comments = _by_cell_name(session, nbgrader_api.Comment, submitted)
            self._now: dict[str, str] = {}
            nb, resources = NbGraderPreprocessor.preprocess(self, nb, resources)
            session.execute(answer_digests.delete().where(mine))
            stamp = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
            if self._now:
                session.execute(answer_digests.insert(), [{**key, "grade_id": grade_id, "digest": digest,
                                                           "graded_at": stamp} for grade_id, digest in self._now.items()])
            session.commit()
        return nb, resources

    def _add_score(self, cell: NotebookNode, resources: dict) -> None:
        grade_id = cell.metadata.nbgrader.grade_id
        grade = self._grades[grade_id]
        grade.auto_score, _ = utils.determine_grade(cell, self.log)
        digest = cell.metadata.get(METADATA_KEY, {}).get("answer_sha256")
        if digest is not None:
            self._now[grade_id] = digest
        if digest is not None and grade.manual_score is not None:
            grade.needs_manual_grade = digest != self._before.get(grade_id)
        else:  # nbgrader's rule: no automatic score (a written answer), or a hand-given score, needs a look
            grade.needs_manual_grade = grade.manual_score is not None or grade.auto_score is None

    def _add_comment(self, cell: NotebookNode, resources: dict) -> None:
        comment = self._comments[cell.metadata.nbgrader.grade_id]
        unchanged = cell.metadata.nbgrader.get("checksum") == utils.compute_checksum(cell)
        comment.auto_comment = "No response." if unchanged and not utils.is_task(cell) else None
