"""The learner's progress: a durable local store of self-check answers and lesson visits, its summary and views.

Lessons need no code for it: a lesson's self-check (and, in the app, the page itself) calls :func:`install` and
:func:`track`, which open the learner's store, make it the recorder of self-check events, and count the time spent.
"""

from __future__ import annotations

import threading

from ..course import LESSONS
from ..quiz.events import get_recorder, set_recorder
from ..widgets.base import grading_mode
from .store import ProgressStore
from .tracker import LessonVisit

_lock = threading.Lock()
_store: ProgressStore | None = None
_visits: dict[str, LessonVisit] = {}


def learner_store() -> ProgressStore:
    """This kernel's store (opened on first use at the configured location)."""
    global _store
    with _lock:
        if _store is None:
            _store = ProgressStore()
        return _store


def install() -> ProgressStore | None:
    """Record self-check events in the learner's store, unless another recorder is installed (tests) or nbgrader
    is executing the notebook. Returns the store in use, or None."""
    if grading_mode():
        return None
    current = get_recorder()
    if current is None:
        store = learner_store()
        set_recorder(store)
        return store
    return current if isinstance(current, ProgressStore) else None


def track(lesson_id: str) -> LessonVisit | None:
    """Start counting time in ``lesson_id`` (once per kernel; later calls return the same visit)."""
    store = install()
    if store is None or lesson_id not in {lesson.id for lesson in LESSONS}:
        return None
    with _lock:
        if lesson_id not in _visits:
            _visits[lesson_id] = LessonVisit(store, lesson_id)
        return _visits[lesson_id]


__all__ = ["ProgressStore", "install", "learner_store", "track"]
