"""The learner's progress store: every self-check answer, reveal and lesson visit, in one local SQLite file.

Design (details in the README's maintainer notes):

* **Where**: ``$MICRONEEDLING_PROGRESS`` (a file path) or ``<user data dir>/microneedling/progress.sqlite3``; never
  inside the course repository (a ``git clean`` or a fresh clone would lose it), a path there is refused.
* **Atomic, durable writes**: each answer is one ``INSERT`` in SQLite's own transaction, in WAL mode with
  ``synchronous=FULL``, so a kernel killed mid-write (``kill -9``) loses at most the row being written and never
  damages earlier ones.
* **Concurrent writers**: two lessons open means two kernels with a connection each; WAL lets them read while one
  writes, and a 10 s busy timeout makes a writer wait for the other instead of failing. Kernels creating the
  store at the same moment retry the opening for as long (its switch to WAL does not wait by itself).
* **Corrupt or unreadable file**: moved aside (``progress.sqlite3.unreadable-<time>``) and a fresh store started,
  with a notice in words for the lesson to show. If no file can be written at all (read-only home, a store from a
  newer course version) the store keeps answers in memory for the session and says so. ``record`` never raises.
* **Schema upgrades**: ``PRAGMA user_version`` holds the schema version; missing migrations run in one
  ``BEGIN IMMEDIATE`` transaction, so two kernels opening an old store at once upgrade it once, and a kill during
  the upgrade leaves the old version intact.
"""

from __future__ import annotations

import datetime as dt
import getpass
import json
import os
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from platformdirs import user_data_path

from ..quiz.events import ResultEvent

ENV_PATH = "MICRONEEDLING_PROGRESS"
ENV_LEARNER = "MICRONEEDLING_LEARNER"
REPOSITORY = Path(__file__).resolve().parents[2]
BUSY_TIMEOUT_MS = 10_000

# Schema history. Version 1 stored what a ResultEvent carried when self-checks first emitted events (scores only);
# version 2 adds the answer itself, reveals and lesson visits. Append, never edit: released stores depend on them.
MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (
        """CREATE TABLE answers (
               id INTEGER PRIMARY KEY, learner TEXT NOT NULL, lesson_id TEXT NOT NULL, question_id TEXT NOT NULL,
               score REAL NOT NULL, max_points REAL NOT NULL, at TEXT NOT NULL)""",
        "CREATE INDEX answers_by_question ON answers (learner, lesson_id, question_id, at)",
    ),
    (
        "ALTER TABLE answers ADD COLUMN kind TEXT NOT NULL DEFAULT 'answer'",
        "ALTER TABLE answers ADD COLUMN answer TEXT",  # JSON; NULL for version-1 rows and reveals
        "ALTER TABLE answers ADD COLUMN answer_text TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE answers ADD COLUMN revealed INTEGER NOT NULL DEFAULT 0",
        """CREATE TABLE visits (
               id TEXT PRIMARY KEY, learner TEXT NOT NULL, lesson_id TEXT NOT NULL,
               started TEXT NOT NULL, last_seen TEXT NOT NULL, seconds REAL NOT NULL DEFAULT 0)""",
        "CREATE INDEX visits_by_lesson ON visits (learner, lesson_id)",
    ),
)
SCHEMA_VERSION = len(MIGRATIONS)


@dataclass(frozen=True)
class Attempt:
    """One stored event: a checked answer or a reveal."""

    lesson_id: str
    question_id: str
    kind: str  # "answer" or "reveal"
    score: float
    max_points: float
    answer: Any  # plain data, None when unknown (reveals, version-1 rows)
    answer_text: str
    revealed: bool
    at: dt.datetime  # UTC


@dataclass(frozen=True)
class Visit:
    lesson_id: str
    started: dt.datetime
    last_seen: dt.datetime
    seconds: float


def default_path() -> Path:
    configured = os.environ.get(ENV_PATH, "").strip()
    if configured:
        return Path(configured).expanduser()
    return user_data_path("microneedling", appauthor=False) / "progress.sqlite3"


def default_learner() -> str:
    for variable in (ENV_LEARNER, "JUPYTERHUB_USER"):
        if os.environ.get(variable, "").strip():
            return os.environ[variable].strip()
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name in this container
        return "learner"


def _is_lock(exc: sqlite3.OperationalError) -> bool:
    return "locked" in str(exc) or "busy" in str(exc)


def _is_corruption(exc: sqlite3.DatabaseError) -> bool:
    """'file is not a database', 'database disk image is malformed' (not: locked, busy, read-only, disk full)."""
    return type(exc) is sqlite3.DatabaseError or "malformed" in str(exc) or "not a database" in str(exc)


def _utc(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).astimezone(dt.timezone.utc)


def _json(value: Any) -> str | None:
    if value is None:
        return None
    return json.dumps(value, ensure_ascii=False, sort_keys=True,
                      default=lambda v: sorted(v) if isinstance(v, (set, frozenset)) else str(v))


class ProgressStore:
    """One learner's progress in one SQLite file. Safe to share between threads; one per kernel is enough."""

    def __init__(self, path: Path | str | None = None, learner: str | None = None) -> None:
        self.path = Path(path).expanduser().resolve() if path is not None else default_path().resolve()
        self.learner = learner or default_learner()
        self.notices: list[str] = []  # plain-language messages for the learner (moved-aside file, memory only)
        self._lock = threading.RLock()
        self._conn: sqlite3.Connection | None = None
        self._inode: int | None = None
        self.persistent = False
        self._open()

    # --- opening, recovery ----------------------------------------------------------------------------------
    def _open(self) -> None:
        if self.path.is_relative_to(REPOSITORY):
            self._in_memory(f"the progress file may not live inside the course folder ({self.path}): a fresh clone "
                            f"or 'git clean' would delete it. Set {ENV_PATH} to a path outside it")
            return
        try:
            self._connect()
        except sqlite3.DatabaseError as exc:
            if isinstance(exc, _NewerStore):
                self._in_memory(str(exc))
                return
            if not (_is_corruption(exc) or self._unreadable()):
                self._in_memory(f"the progress file {self.path} cannot be opened ({exc})")
                return
            self._recover(exc)
        except OSError as exc:  # no permission to create the folder, disk full, …
            self._in_memory(f"the progress file {self.path} cannot be created ({exc.strerror or exc})")

    def _connect(self) -> None:
        """Open and prepare the file. Two kernels creating the store at the same moment can meet SQLite's lock
        while one switches the new file to WAL, a step that does not wait on the busy timeout: wait and retry."""
        deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
        while True:
            try:
                return self._connect_once()
            except sqlite3.OperationalError as exc:
                if not _is_lock(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def _connect_once(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                               check_same_thread=False)
        try:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            _refuse_newer(conn.execute("PRAGMA user_version").fetchone()[0])  # first read: 'not a database' here
            conn.execute("PRAGMA journal_mode = WAL").fetchone()
            conn.execute("PRAGMA synchronous = FULL")
            problems = [row[0] for row in conn.execute("PRAGMA quick_check")]
            if problems != ["ok"]:
                raise sqlite3.DatabaseError(f"database disk image is malformed: {'; '.join(problems[:3])}")
            _migrate(conn)
        except BaseException:
            conn.close()
            raise
        self._conn, self._inode, self.persistent = conn, self.path.stat().st_ino, True

    def _unreadable(self) -> bool:
        return self.path.exists() and not os.access(self.path, os.R_OK | os.W_OK)

    def _recover(self, problem: Exception) -> None:
        """Move the damaged file (and its WAL) aside and start a fresh store; memory only if that fails too."""
        self._close()
        stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
        aside = self.path.with_name(f"{self.path.name}.unreadable-{stamp}")
        try:
            if self.path.exists():
                os.replace(self.path, aside)
            for suffix in ("-wal", "-journal"):
                sidecar = self.path.with_name(self.path.name + suffix)
                if sidecar.exists():
                    os.replace(sidecar, aside.with_name(aside.name + suffix))
            self.path.with_name(self.path.name + "-shm").unlink(missing_ok=True)
            self._connect()
        except (OSError, sqlite3.DatabaseError) as exc:
            self._in_memory(f"the progress file {self.path} could not be read ({problem}) nor replaced ({exc})")
            return
        self.notices.append(f"Your progress file could not be read ({problem}). It was moved aside to {aside} "
                            "and a new one was started; answers from now on are saved as usual.")

    def _in_memory(self, why: str) -> None:
        self._close()
        self._conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        _migrate(self._conn)
        self._inode, self.persistent = None, False
        self.notices.append(f"Progress is kept only until this lesson is closed: {why}.")

    def _close(self) -> None:
        if self._conn is not None:
            self._conn.close()
        self._conn = None

    def close(self) -> None:
        with self._lock:
            self._close()

    def _current(self) -> sqlite3.Connection:
        """The open connection; reopened if another kernel moved a damaged file aside (the inode changed)."""
        if self.persistent:
            try:
                moved = self.path.stat().st_ino != self._inode
            except FileNotFoundError:
                moved = True
            if moved:
                self._close()
                self._open()
        assert self._conn is not None
        return self._conn

    def _write(self, sql: str, params: tuple) -> bool:
        """Run one write; on corruption recover and retry once. False (and a notice) if it could not be saved."""
        with self._lock:
            for retry in (False, True):
                try:
                    self._current().execute(sql, params)
                    return True
                except sqlite3.DatabaseError as exc:
                    if retry or not _is_corruption(exc):
                        self.notices.append(f"An answer could not be saved ({exc}); try again in a moment.")
                        return False
                    self._recover(exc)
        return False

    def _read(self, sql: str, params: tuple) -> list[tuple]:
        with self._lock:
            try:
                return self._current().execute(sql, params).fetchall()
            except sqlite3.DatabaseError as exc:
                if _is_corruption(exc):
                    self._recover(exc)
                else:
                    self.notices.append(f"Your progress could not be read just now ({exc}).")
                return []

    # --- recording ------------------------------------------------------------------------------------------
    def record(self, event: ResultEvent) -> None:
        """Store a self-check event (the :class:`~microneedling.quiz.events.Recorder` interface). Never raises."""
        self._write(
            "INSERT INTO answers (learner, lesson_id, question_id, score, max_points, at, kind, answer, "
            "answer_text, revealed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (self.learner, event.lesson_id, event.question_id, float(event.score), float(event.max_points),
             event.time.astimezone(dt.timezone.utc).isoformat(), event.kind, _json(event.answer),
             event.answer_text, int(event.revealed)),
        )

    def save_visit(self, visit_id: str, lesson_id: str, started: dt.datetime, seconds: float) -> bool:
        """Create or update a lesson visit with the time spent so far."""
        now = dt.datetime.now(dt.timezone.utc).isoformat()
        return self._write(
            "INSERT INTO visits (id, learner, lesson_id, started, last_seen, seconds) VALUES (?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (id) DO UPDATE SET last_seen = excluded.last_seen, seconds = excluded.seconds",
            (visit_id, self.learner, lesson_id, started.astimezone(dt.timezone.utc).isoformat(), now,
             float(seconds)),
        )

    # --- reading --------------------------------------------------------------------------------------------
    def attempts(self, lesson_id: str | None = None) -> list[Attempt]:
        """This learner's events, oldest first (all lessons, or one)."""
        where, params = ("AND lesson_id = ?", (lesson_id,)) if lesson_id else ("", ())
        rows = self._read(
            "SELECT lesson_id, question_id, kind, score, max_points, answer, answer_text, revealed, at "
            f"FROM answers WHERE learner = ? {where} ORDER BY at, id", (self.learner, *params))
        return [Attempt(lesson, question, kind, score, points, _loads(answer), text, bool(revealed), _utc(at))
                for lesson, question, kind, score, points, answer, text, revealed, at in rows]

    def visits(self, lesson_id: str | None = None) -> list[Visit]:
        where, params = ("AND lesson_id = ?", (lesson_id,)) if lesson_id else ("", ())
        rows = self._read(f"SELECT lesson_id, started, last_seen, seconds FROM visits WHERE learner = ? {where} "
                          "ORDER BY started", (self.learner, *params))
        return [Visit(lesson, _utc(started), _utc(seen), seconds) for lesson, started, seen, seconds in rows]

    def schema_version(self) -> int:
        rows = self._read("PRAGMA user_version", ())
        return rows[0][0] if rows else 0


def _loads(text: str | None) -> Any:
    if text is None:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return None


class _NewerStore(sqlite3.DatabaseError):
    """The file was written by a newer version of the course: leave it untouched."""


def _refuse_newer(version: int) -> None:
    if version > SCHEMA_VERSION:
        raise _NewerStore(f"the progress file was written by a newer version of the course (schema {version}, "
                          f"this version knows {SCHEMA_VERSION}); update the course to keep saving progress")


def _migrate(conn: sqlite3.Connection) -> None:
    """Bring the schema to :data:`SCHEMA_VERSION` in one transaction (a no-op when current)."""
    if conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION:
        return
    conn.execute("BEGIN IMMEDIATE")  # one kernel upgrades; the other waits, then sees the new version
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        _refuse_newer(version)
        for statements in MIGRATIONS[version:]:
            for statement in statements:
                conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise

