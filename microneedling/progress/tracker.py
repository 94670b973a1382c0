"""Time spent in a lesson: one visit per lesson kernel, saved every few seconds while the kernel runs.

A lesson's kernel starts when the learner opens it in JupyterLab, so a visit counts from the kernel's start; in the
app (which prepares a page's kernel in advance and shuts it down when the page is closed) it counts from the moment
the learner opens the page. JupyterLab keeps a kernel
running after its tab is closed, so one visit counts at most twice the lesson's planned time; a laptop asleep
does not count (the clock used stops while suspended).
"""

from __future__ import annotations

import datetime as dt
import threading
import time
import uuid

import psutil

from ..course import module
from .store import ProgressStore

TICK_SECONDS = 15.0
CAP_FACTOR = 2  # a visit counts at most this many times the lesson's planned minutes


def kernel_age() -> float:
    """Seconds since this process (the lesson's kernel) started."""
    try:
        return max(0.0, time.time() - psutil.Process().create_time())
    except psutil.Error:
        return 0.0


class LessonVisit:
    """Saves ``seconds`` (time since the lesson opened, capped) for one lesson every :data:`TICK_SECONDS`, from
    :meth:`begin` on."""

    def __init__(self, store: ProgressStore, lesson_id: str, tick: float = TICK_SECONDS) -> None:
        self.store, self.lesson_id, self.tick = store, lesson_id, tick
        self.id = uuid.uuid4().hex
        self.cap = CAP_FACTOR * module(lesson_id).minutes * 60
        self.started: dt.datetime | None = None
        self._base, self._since = 0.0, time.monotonic()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"visit-{lesson_id}", daemon=True)

    def begin(self, opened_ago: float | None = None) -> None:
        """Start counting; the lesson opened ``opened_ago`` seconds ago (default: when this kernel started)."""
        age = kernel_age() if opened_ago is None else opened_ago
        self.started = dt.datetime.now(dt.timezone.utc) - dt.timedelta(seconds=age)
        self._base, self._since = age, time.monotonic()
        self._thread.start()

    @property
    def seconds(self) -> float:
        if self.started is None:
            return 0.0
        return min(self.cap, self._base + time.monotonic() - self._since)

    def save(self) -> bool:
        if self.started is None:  # the page has not been opened yet
            return False
        return self.store.save_visit(self.id, self.lesson_id, self.started, self.seconds)

    def _run(self) -> None:
        while not self._stop.wait(self.tick):
            self.save()

    def stop(self) -> None:
        """Save the final time and stop ticking."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=5)
        self.save()
