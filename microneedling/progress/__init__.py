"""The learner's progress: a durable local store of self-check answers and lesson visits, its summary and views.

Lessons need no code for it: a lesson's self-check (and, in the app, the page itself) calls :func:`install` and
:func:`track`, which open the learner's store, make it the recorder of self-check events, and count the time spent.

The app runs each page in a kernel started and executed *before* the learner asks for it (Voilà's preheated kernels,
so a page opens at once); views that show stored progress register with :func:`when_page_requested` to read it again
when the page is actually opened.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable

from ..course import LESSONS
from ..quiz.events import get_recorder, set_recorder
from ..widgets.base import grading_mode
from .store import ProgressStore
from .tracker import LessonVisit

_lock = threading.Lock()
_store: ProgressStore | None = None
_visits: dict[str, LessonVisit] = {}
_on_request: list[Callable[[], None]] = []
_waiter: threading.Thread | None = None


def preheated() -> bool:
    """True in a kernel that Voilà executes before its page is requested."""
    return os.environ.get("VOILA_PREHEAT") == "True"


def when_page_requested(callback: Callable[[], None]) -> bool:
    """In a preheated app kernel, run ``callback`` when the learner opens the page and return True; elsewhere the
    page is built when it is opened, so do nothing and return False."""
    global _waiter
    if not preheated():
        return False
    with _lock:
        _on_request.append(callback)
        if _waiter is None:
            _waiter = threading.Thread(target=_wait_for_the_learner, name="page-request", daemon=True)
            _waiter.start()
    return True


def _wait_for_the_learner() -> None:
    from voila.utils import wait_for_request

    wait_for_request()
    with _lock:
        callbacks = list(_on_request)
    for callback in callbacks:
        try:
            callback()
        except Exception as exc:  # a stale view must not take the page down; say so where progress is shown
            learner_store().notices.append(f"Your progress could not be refreshed on this page ({exc}).")


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
        if lesson_id in _visits:
            return _visits[lesson_id]
        visit = _visits[lesson_id] = LessonVisit(store, lesson_id)
    if not when_page_requested(lambda: visit.begin(opened_ago=0.0)):
        visit.begin()
    return visit


__all__ = ["ProgressStore", "install", "learner_store", "preheated", "track", "when_page_requested"]
