"""Result events: every self-check emits one per checked answer (and one when it reveals an answer) to a pluggable
recorder (default: none; lessons install the learner's progress store, see :mod:`microneedling.progress`).

A recorder is anything with ``record(event)``, installed with :func:`set_recorder`; ``set_recorder(None)`` switches
recording off again. The progress store never raises from ``record``: a lesson must not crash over its progress.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Protocol

KINDS = ("answer", "reveal")


@dataclass(frozen=True)
class ResultEvent:
    lesson_id: str
    question_id: str
    score: float  # 0 for a reveal, and for any check made after the answer was shown
    max_points: float
    time: dt.datetime  # timezone-aware, UTC
    # The answer as plain data (option id; list of ids; number in the key's unit; {left: right}; text), and in
    # words for display ("B: A class II medical device …"). None / "" for a reveal.
    answer: Any = None
    answer_text: str = ""
    revealed: bool = False  # the answer had been shown when this was checked: practice, never scored
    kind: str = "answer"  # "answer" or "reveal"


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


def emit(lesson_id: str, question_id: str, score: float, max_points: float, *, answer: Any = None,
         answer_text: str = "", revealed: bool = False, kind: str = "answer") -> ResultEvent:
    """Build the event, pass it to the installed recorder (if any) and return it."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, not {kind!r}")
    event = ResultEvent(lesson_id, question_id, score, max_points, dt.datetime.now(dt.timezone.utc),
                        answer, answer_text, revealed, kind)
    if _recorder is not None:
        _recorder.record(event)
    return event


class MemoryRecorder:
    """Keeps events in a list: for tests and for a session summary."""

    def __init__(self) -> None:
        self.events: list[ResultEvent] = []

    def record(self, event: ResultEvent) -> None:
        self.events.append(event)
