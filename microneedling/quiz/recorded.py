"""Recorded answers of a graded quiz: the data a trainee's clicks produce, and how they are stored and read back.

A graded quiz never keeps an answer only in the kernel. The moment a trainee answers, the answer is written to

* the **answers file** ``<notebook>.answers.json`` beside the quiz notebook (atomic replace, so a crash or a killed
  kernel never leaves half a file), and
* the **notebook itself**, as an output of the question's cell with MIME type :data:`ANSWER_MIME`, so the saved
  ``.ipynb`` alone carries the answers (the LMS upload path sends only that file).

Both hold the same record per question: ``{"value": …, "at": "<ISO-8601 UTC time>"}``. When both are present
the later record of each question wins. The format is documented for other tools in ``docs/recorded-answers.md``.

Everything here treats a file as untrusted: sizes are capped, JSON is parsed defensively, and a problem becomes
a note in plain words rather than an exception — one broken file costs its own answers, never a grading run.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import re
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

try:  # POSIX advisory locks keep two kernels on one quiz from losing each other's answers
    import fcntl
except ImportError:  # pragma: no cover - Windows: single-writer only
    fcntl = None  # type: ignore[assignment]

FORMAT = "microneedling-recorded-answers"
VERSION = 1
ANSWER_MIME = "application/vnd.microneedling.answer+json"
ANSWERS_SUFFIX = ".answers.json"

MAX_ANSWERS_FILE_BYTES = 2_000_000
MAX_NOTEBOOK_BYTES = 50_000_000
MAX_TEXT_CHARS = 20_000  # a written answer; longer text is kept to this length, with a note
MAX_ID_CHARS = 100
MAX_ITEMS = 200
QUESTION_ID = re.compile(r"[A-Za-z][A-Za-z0-9_.-]{0,39}")
NEVER = dt.datetime.min.replace(tzinfo=dt.timezone.utc)


@dataclass(frozen=True)
class Record:
    """One recorded answer. ``value`` is plain JSON data; ``at`` is when it was given (UTC)."""

    question: str
    value: Any
    at: dt.datetime
    source: str = "answers file"  # or "notebook"

    def to_json(self) -> dict[str, Any]:
        return {"value": self.value, "at": format_time(self.at)}


@dataclass
class ReadResult:
    """Records by question id, and notes (plain sentences) on anything that could not be used."""

    records: dict[str, Record] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    rejected: dict[str, str] = field(default_factory=dict)  # question id → why its record could not be used


def now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)


def format_time(moment: dt.datetime) -> str:
    return moment.astimezone(dt.timezone.utc).isoformat().replace("+00:00", "Z")


def parse_time(text: Any) -> dt.datetime:
    """An ISO-8601 time; anything unreadable counts as the oldest possible time (it never wins a merge)."""
    if not isinstance(text, str) or len(text) > 40:
        return NEVER
    try:
        moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return NEVER
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)


def answers_path(directory: Path, notebook: str) -> Path:
    return Path(directory) / f"{notebook}{ANSWERS_SUFFIX}"


def plain_value(value: Any) -> tuple[Any, str]:
    """``value`` reduced to the shapes an answer can have, or ``(None, reason)``.

    Allowed: a string, a finite number, a list of strings, a mapping of strings to strings (or null). Sizes are
    capped so a forged file cannot make grading slow; a long text is shortened with a reason.
    """
    if isinstance(value, bool):
        return None, "a true/false value is not an answer"
    if isinstance(value, str):
        if len(value) > MAX_TEXT_CHARS:
            return value[:MAX_TEXT_CHARS], f"only the first {MAX_TEXT_CHARS:,} characters were kept"
        return value, ""
    if isinstance(value, (int, float)):
        number = float(value)
        return (number, "") if math.isfinite(number) else (None, "the number is not finite")
    if isinstance(value, list):
        if len(value) > MAX_ITEMS or not all(isinstance(v, str) and len(v) <= MAX_ID_CHARS for v in value):
            return None, "a list answer must be a short list of option ids"
        return list(value), ""
    if isinstance(value, Mapping):
        if len(value) > MAX_ITEMS or not all(
            isinstance(k, str) and len(k) <= MAX_ID_CHARS and (v is None or isinstance(v, str) and len(v) <= MAX_ID_CHARS)
            for k, v in value.items()
        ):
            return None, "a matching answer must map item ids to option ids"
        return {k: v for k, v in value.items() if v is not None}, ""
    if value is None:
        return None, "no answer"
    return None, f"an answer cannot be a {type(value).__name__}"


def _load_json(path: Path, limit: int, what: str, notes: list[str]) -> Any:
    if path.is_symlink():  # a link could point at someone else's answers or the instructor's files
        notes.append(f"The {what} is a link to another file, so it was not read.")
        return None
    try:
        size = path.stat().st_size
    except OSError:
        return None
    if size > limit:
        notes.append(f"The {what} is {size:,} bytes, over the {limit:,}-byte limit, so it was not read.")
        return None
    try:
        return json.loads(path.read_bytes())
    except (ValueError, RecursionError, OSError, UnicodeDecodeError):
        notes.append(f"The {what} is not readable JSON, so no answers could be taken from it.")
        return None


def _record(question: Any, entry: Any, source: str, notes: list[str],
            rejected: dict[str, str] | None = None) -> Record | None:
    if not isinstance(question, str) or not QUESTION_ID.fullmatch(question):
        notes.append(f"An answer in the {source} names no valid question and was ignored.")
        return None
    if not isinstance(entry, Mapping) or "value" not in entry:
        notes.append(f"The answer to {question} in the {source} has no value and was ignored.")
        if rejected is not None:
            rejected[question] = "the record holds no answer"
        return None
    value, reason = plain_value(entry["value"])
    if value is None:
        notes.append(f"The answer to {question} in the {source} was ignored: {reason}.")
        if rejected is not None:
            rejected[question] = reason
        return None
    if reason:
        notes.append(f"The answer to {question} in the {source}: {reason}.")
    return Record(question, value, parse_time(entry.get("at")), source)


def read_answers_file(path: Path) -> ReadResult:
    """The records of an answers file (missing file: no records, no notes)."""
    result = ReadResult()
    if not path.exists() and not path.is_symlink():
        return result
    data = _load_json(path, MAX_ANSWERS_FILE_BYTES, "answers file", result.notes)
    if data is None:
        return result
    answers = data.get("answers") if isinstance(data, Mapping) else None
    if not isinstance(answers, Mapping) or data.get("format") != FORMAT:
        result.notes.append("The answers file is not in the course's recorded-answers format and was ignored.")
        return result
    if len(answers) > MAX_ITEMS:
        result.notes.append("The answers file holds too many answers and was ignored.")
        return result
    for question, entry in answers.items():
        record = _record(question, entry, "answers file", result.notes, result.rejected)
        if record is not None:
            result.records[question] = record
    return result


def embedded_records(notebook: Mapping[str, Any], notes: list[str],
                     rejected: dict[str, str] | None = None) -> dict[str, Record]:
    """Records stored as :data:`ANSWER_MIME` outputs in a notebook's JSON (the latest one per question)."""
    found: dict[str, Record] = {}
    cells = notebook.get("cells") if isinstance(notebook, Mapping) else None
    for cell in cells if isinstance(cells, list) else ():
        outputs = cell.get("outputs") if isinstance(cell, Mapping) else None
        for output in outputs if isinstance(outputs, list) else ():
            data = output.get("data") if isinstance(output, Mapping) else None
            payload = data.get(ANSWER_MIME) if isinstance(data, Mapping) else None
            if not isinstance(payload, Mapping) or payload.get("value") is None:
                continue
            record = _record(payload.get("question"), payload, "notebook", notes, rejected)
            if record is not None:
                found[record.question] = latest(found.get(record.question), record)
    return found


def read_notebook(path: Path, notes: list[str]) -> Mapping[str, Any] | None:
    """A submitted notebook as plain JSON (not validated), or ``None`` with a note."""
    data = _load_json(path, MAX_NOTEBOOK_BYTES, "notebook file", notes)
    if data is not None and not isinstance(data, Mapping):
        notes.append("The notebook file is not a notebook, so no answers could be taken from it.")
        return None
    return data


def latest(current: Record | None, candidate: Record) -> Record:
    """The later of two records of one question; on a tie the answers file wins (it is written first)."""
    if current is None or candidate.at > current.at:
        return candidate
    if candidate.at == current.at and candidate.source == "answers file":
        return candidate
    return current


def merge(*sources: Mapping[str, Record]) -> dict[str, Record]:
    merged: dict[str, Record] = {}
    for records in sources:
        for question, record in records.items():
            merged[question] = latest(merged.get(question), record)
    return merged


def read_submission(directory: Path, notebook: str) -> tuple[ReadResult, Mapping[str, Any] | None]:
    """Every record a submission folder holds for ``notebook``: answers file and notebook outputs merged.

    Also returns the notebook's JSON (``None`` when missing or unreadable) for callers that need more of it.
    """
    result = read_answers_file(answers_path(directory, notebook))
    notebook_json = read_notebook(Path(directory) / f"{notebook}.ipynb", result.notes)
    embedded = embedded_records(notebook_json, result.notes, result.rejected) if notebook_json is not None else {}
    result.records = merge(result.records, embedded)
    result.rejected = {q: why for q, why in result.rejected.items() if q not in result.records}
    return result, notebook_json


def answers_document(notebook: str, records: Iterable[Record]) -> dict[str, Any]:
    return {"format": FORMAT, "version": VERSION, "notebook": notebook,
            "answers": {r.question: r.to_json() for r in sorted(records, key=lambda r: r.question)}}


class AnswersFile:
    """The kernel's side: read and update ``<notebook>.answers.json`` safely.

    Each update takes an exclusive lock, re-reads the file (another kernel may have written since), sets one
    answer and atomically replaces the file, so two kernels on one quiz never lose each other's answers.
    """

    def __init__(self, directory: Path, notebook: str) -> None:
        self.notebook = notebook
        self.path = answers_path(directory, notebook)

    def read(self) -> ReadResult:
        return read_answers_file(self.path)

    def record(self, question: str, value: Any, at: dt.datetime | None = None) -> Record:
        record = Record(question, value, at or now())
        with self._lock():
            records = self.read().records
            records[question] = record
            self._write(answers_document(self.notebook, records.values()))
        return record

    def _write(self, document: Mapping[str, Any]) -> None:
        directory = self.path.parent
        fd, temporary = tempfile.mkstemp(prefix=f".{self.path.name}.", dir=directory)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(document, handle, ensure_ascii=False, indent=1)
                handle.write("\n")
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, self.path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    def _lock(self):
        return _FileLock(self.path.with_name(f".{self.path.name}.lock"))


class _FileLock:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.handle = None

    def __enter__(self) -> _FileLock:
        self.handle = open(self.path, "a")  # noqa: SIM115 - held for the duration of the with-block
        if fcntl is not None:
            fcntl.flock(self.handle, fcntl.LOCK_EX)
        return self

    def __exit__(self, *exc: object) -> None:
        if fcntl is not None:
            fcntl.flock(self.handle, fcntl.LOCK_UN)
        self.handle.close()
