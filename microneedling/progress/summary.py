"""What the stored events mean for the learner: per question, per lesson and for the course (pure functions).

Rules:

* A question's score is that of its **last counted answer**; a check made after the answer was shown is practice
  and never counts (``revealed``), and a reveal after the last counted answer puts the question up for review.
* A question is **to review** when its latest state is incorrect, partly correct or revealed.
* A lesson is **done** when every scored self-check question has a counted answer (right or wrong: wrong ones are
  in the review list); **started** when it has any answer or any time spent.
* **Time spent** is the sum of the lesson's visits (time the page was open, see :mod:`.tracker`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..course import LESSONS, Module
from ..quiz.bank import load_bank
from ..quiz.questions import Bank, Question
from .store import Attempt, Visit

STATUS_WORDS = {
    "correct": "correct",
    "partly correct": "partly correct",
    "incorrect": "incorrect",
    "revealed": "answer shown",
    "compare": "compared with the model answer",
    "not attempted": "not answered yet",
}
REVIEW = ("incorrect", "partly correct", "revealed")


@dataclass(frozen=True)
class QuestionProgress:
    question: Question
    status: str  # a key of STATUS_WORDS
    score: float | None  # of the last counted answer; None before one
    last: Attempt | None  # the latest answer (counted or practice), for "you answered B on 12 March"
    attempts: int  # counted answers
    last_reveal: dt.datetime | None = None

    @property
    def to_review(self) -> bool:
        return self.status in REVIEW


@dataclass(frozen=True)
class LessonProgress:
    lesson: Module
    questions: tuple[QuestionProgress, ...]
    seconds: float

    @property
    def scored(self) -> tuple[QuestionProgress, ...]:
        return tuple(q for q in self.questions if q.question.scored)

    @property
    def answered(self) -> int:
        """Scored questions with a counted answer."""
        return sum(1 for q in self.scored if q.attempts)

    @property
    def points(self) -> float:
        return round(sum(q.score or 0.0 for q in self.scored), 2)

    @property
    def max_points(self) -> float:
        return round(sum(q.question.points for q in self.scored), 2)

    @property
    def minutes(self) -> float:
        return self.seconds / 60

    @property
    def to_review(self) -> tuple[QuestionProgress, ...]:
        return tuple(q for q in self.questions if q.to_review)

    @property
    def done(self) -> bool:
        return bool(self.scored) and self.answered == len(self.scored)

    @property
    def started(self) -> bool:
        return self.seconds > 0 or any(q.last is not None for q in self.questions)

    @property
    def state(self) -> str:
        return "done" if self.done else "in progress" if self.started else "not started"


@dataclass(frozen=True)
class CourseProgress:
    lessons: tuple[LessonProgress, ...]

    def lesson(self, lesson_id: str) -> LessonProgress:
        return next(p for p in self.lessons if p.lesson.id == lesson_id)

    @property
    def points(self) -> float:
        return round(sum(p.points for p in self.lessons), 2)

    @property
    def max_points(self) -> float:
        return round(sum(p.max_points for p in self.lessons), 2)

    @property
    def minutes(self) -> float:
        return sum(p.minutes for p in self.lessons)

    @property
    def done(self) -> int:
        return sum(1 for p in self.lessons if p.done)

    @property
    def to_review(self) -> tuple[tuple[LessonProgress, QuestionProgress], ...]:
        """Questions to look at again, in course order."""
        return tuple((p, q) for p in self.lessons for q in p.to_review)

    @property
    def next_lesson(self) -> Module | None:
        """The first lesson not done yet (None when all are)."""
        return next((p.lesson for p in self.lessons if not p.done), None)

    def minutes_left(self) -> dict[str, int]:
        """Planned minutes still to study per lesson: 0 when done, else the planned time less the time spent,
        never under a quarter of the planned time (a started lesson still needs finishing)."""
        return {p.lesson.id: 0 if p.done else max(round(p.lesson.minutes - p.minutes), -(-p.lesson.minutes // 4))
                for p in self.lessons}


def question_progress(question: Question, attempts: Sequence[Attempt]) -> QuestionProgress:
    """Fold one question's events (oldest first) into its current state."""
    status, score, last, counted, reveal = "not attempted", None, None, 0, None
    for attempt in attempts:
        if attempt.kind == "reveal":
            reveal = attempt.at
            if status != "compare":
                status = "revealed"
            continue
        last = attempt
        if not question.scored:
            status = "compare"
        elif attempt.revealed:
            status = "revealed"
        else:
            counted += 1
            score = attempt.score
            status = ("correct" if attempt.score >= attempt.max_points
                      else "partly correct" if attempt.score > 0 else "incorrect")
    return QuestionProgress(question, status, score, last, counted, reveal)


def lesson_progress(lesson: Module, bank: Bank | None, attempts: Iterable[Attempt],
                    visits: Iterable[Visit]) -> LessonProgress:
    by_question: dict[str, list[Attempt]] = {}
    for attempt in attempts:
        if attempt.lesson_id == lesson.id:
            by_question.setdefault(attempt.question_id, []).append(attempt)
    questions = tuple(question_progress(q, by_question.get(q.id, [])) for q in (bank.questions if bank else ()))
    seconds = sum(v.seconds for v in visits if v.lesson_id == lesson.id)
    return LessonProgress(lesson, questions, seconds)


def course_progress(attempts: Iterable[Attempt], visits: Iterable[Visit],
                    lessons: Sequence[Module] = LESSONS) -> CourseProgress:
    """Every lesson of the course map (lessons without a self-check bank count time only)."""
    attempts, visits = list(attempts), list(visits)
    return CourseProgress(tuple(lesson_progress(lesson, _bank(lesson.id), attempts, visits) for lesson in lessons))


def _bank(lesson_id: str) -> Bank | None:
    try:
        return load_bank(lesson_id)
    except ValueError:  # a lesson without a self-check yet
        return None


def when(moment: dt.datetime, today: dt.date | None = None) -> str:
    """'today at 14:05', 'yesterday', '12 March' or '12 March 2025' (local time), for "you answered B on …"."""
    local = moment.astimezone()
    today = today or dt.date.today()
    if local.date() == today:
        return f"today at {local:%H:%M}"
    if local.date() == today - dt.timedelta(days=1):
        return f"yesterday at {local:%H:%M}"
    return f"on {local.day} {local:%B}" + (f" {local.year}" if local.year != today.year else "")
