"""Result events: every self-check emits one per checked answer to a pluggable recorder (default: none).

A progress store implements :class:`Recorder` (anything with ``record(event)``) and is installed with
:func:`set_recorder`; ``set_recorder(None)`` switches recording off again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class ResultEvent:
    lesson_id: str
    question_id: str
    score: float
    max_points: float
    time: dt.datetime  # timezone-aware, UTC


class Recorder(Protocol):
    def record(self, event: ResultEvent) -> None: ...


_recorder: Recorder | None = None


def set_recorder(recorder: Recorder | None) -> Recorder | None:
    """Install ``recorder`` for all self-checks in this kernel; returns the previous one."""
    global _recorder
    if recorder is not None and not callable(getattr(recorder, "record", None)):
        raise ValueError(f"a recorder needs a record(event) method; got {type(recorder).__name__}")
    previous, _recorder = _recorder, recorder
    return previous


def get_recorder() -> Recorder | None:
    return _recorder


def emit(lesson_id: str, question_id: str, score: float, max_points: float) -> ResultEvent:
    """Build the event, pass it to the installed recorder (if any) and return it."""
    event = ResultEvent(lesson_id, question_id, score, max_points, dt.datetime.now(dt.timezone.utc))
    if _recorder is not None:
        _recorder.record(event)
    return event


class MemoryRecorder:
    """Keeps events in a list: for tests and for a session summary."""

    def __init__(self) -> None:
        self.events: list[ResultEvent] = []

    def record(self, event: ResultEvent) -> None:
        self.events.append(event)
