"""Item analysis of a cohort: score distributions, difficulty, discrimination, distractors, and flags.

Classical test theory, as in any item-analysis report:
- **difficulty** (facility) p: the mean fraction of the question's points earned by those who submitted the quiz
  (1 = everyone right);
- **discrimination** r: the corrected item–total (point-biserial) correlation between the question's score and
  the rest of the quiz (the total without this question): positive when stronger trainees do better on it;
- **upper–lower index** D: p in the top 27 % of the quiz totals minus p in the bottom 27 %;
- **option analysis**: for choice questions, the share of the upper and lower groups choosing each option.
Pure functions: no I/O.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass, field
from typing import Any

from microneedling.cohort.data import Cohort

GROUP_FRACTION = 0.27
MIN_FOR_DISCRIMINATION = 10  # below this many submissions, r and D are shown but not judged
NEGATIVE = -0.05             # r below this (or D < 0): stronger trainees do worse on the item
LOW = 0.15                   # r below this: the item hardly separates stronger from weaker trainees


@dataclass(frozen=True)
class OptionShare:
    option: str
    label: str
    is_key: bool
    upper: float  # share of the upper group choosing it
    lower: float
    overall: float
    count: int


@dataclass
class ItemStats:
    quiz: str
    question: str
    max_points: float
    manual: bool
    submitted: int
    graded: int
    answered: int | None  # trainees with a recorded answer (None: no recorded answers for this quiz)
    difficulty: float | None
    discrimination: float | None
    upper_lower: float | None
    pending_manual: list[str] = field(default_factory=list)
    options: list[OptionShare] = field(default_factory=list)
    flags: list[tuple[str, str]] = field(default_factory=list)  # (kind, plain-language message)


@dataclass
class QuizStats:
    quiz: str
    max_points: float
    totals: dict[str, float]  # trainee -> points
    items: list[ItemStats]

    @property
    def percentages(self) -> list[float]:
        return [100 * t / self.max_points for t in self.totals.values()] if self.max_points else []


def pearson(xs: list[float], ys: list[float]) -> float | None:
    if len(xs) < 3:
        return None
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    if sxx <= 1e-12 or syy <= 1e-12:
        return None
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / math.sqrt(sxx * syy)


def groups(totals: dict[str, float]) -> tuple[list[str], list[str]]:
    """Upper and lower 27 % of trainees by quiz total (ties broken by trainee id, so results are stable)."""
    ranked = sorted(totals, key=lambda s: (-totals[s], s))
    size = max(1, round(GROUP_FRACTION * len(ranked))) if len(ranked) >= 2 else 0
    return ranked[:size], ranked[len(ranked) - size:] if size else []


def _question_sort_key(question: str) -> tuple:
    digits = "".join(ch for ch in question if ch.isdigit())
    return (int(digits) if digits else 10**6, question)


def _values(answer: Any) -> list[str]:
    if isinstance(answer, list):
        return [str(a) for a in answer]
    if isinstance(answer, (str, int)) and not isinstance(answer, bool):
        return [str(answer)]
    return []


def _options(item: ItemStats, records: dict[str, dict], labels: dict[str, str], upper: list[str],
             lower: list[str]) -> list[OptionShare]:
    """Who chose which option; the key is what full-score answers chose (single) or all of them share (multiple)."""
    chosen = {s: _values(r.get("answer")) for s, r in records.items() if r.get("status") == "answered"}
    if not chosen or not any(chosen.values()):
        return []
    full = [s for s, r in records.items() if r.get("status") == "answered" and r.get("max")
            and float(r.get("score") or 0) >= float(r["max"]) - 1e-9]
    key: set[str] = set(chosen[full[0]]) if full else set()
    for student in full[1:]:
        key &= set(chosen[student])
    options = list(labels) or sorted({v for vals in chosen.values() for v in vals})
    extra = sorted({v for vals in chosen.values() for v in vals} - set(options))

    def share(group: list[str], option: str) -> float:
        members = [s for s in group if s in chosen]
        return sum(option in chosen[s] for s in members) / len(members) if members else 0.0

    everyone = list(chosen)
    return [OptionShare(o, labels.get(o, o), o in key, share(upper, o), share(lower, o), share(everyone, o),
                        sum(o in chosen[s] for s in everyone)) for o in [*options, *extra]]


def flag(item: ItemStats) -> None:
    n = item.graded
    if item.answered == 0:
        item.flags.append(("never-answered", "No trainee answered it. Check that it is visible and answerable."))
        return
    if item.difficulty is not None and n:
        if item.difficulty >= 1 - 1e-9:
            item.flags.append(("everyone-right", f"All {n} trainees got full marks: it tells you nothing about "
                                                 "who has learnt this. Too easy, or the wording gives it away?"))
        elif item.difficulty <= 1e-9:
            item.flags.append(("everyone-wrong", f"None of the {n} trainees scored: check the key first, "
                                                 "then the wording and the teaching."))
    judged = n >= MIN_FOR_DISCRIMINATION
    if judged and ((item.discrimination is not None and item.discrimination < NEGATIVE)
                   or (item.upper_lower is not None and item.upper_lower < 0)):
        r = "n/a" if item.discrimination is None else f"{item.discrimination:+.2f}"
        item.flags.append(("negative-discrimination",
                           f"Trainees who did well on the rest of the quiz did worse here (r = {r}, "
                           f"D = {item.upper_lower:+.2f}). Check the key and the wording."))
    elif judged and item.discrimination is not None and item.discrimination < LOW and not item.flags:
        item.flags.append(("low-discrimination", f"Hardly separates stronger from weaker trainees "
                                                 f"(r = {item.discrimination:+.2f})."))
    keys = [o for o in item.options if o.is_key]
    for option in item.options:
        if option.is_key or not keys:
            continue
        best_key = max(k.upper for k in keys)
        # A clear margin (10 points) over the key and over the bottom group: small differences are noise.
        if judged and option.upper >= best_key + 0.10 and option.upper - option.lower >= 0.10:
            item.flags.append(("distractor-attracts-strong",
                               f"Option '{option.option}' ({option.label}) is chosen by {option.upper:.0%} of the "
                               f"top group against {best_key:.0%} for the key: possibly a wrong key, or two "
                               f"defensible answers."))


def analyse(cohort: Cohort) -> list[QuizStats]:
    by_quiz: dict[str, list] = {}
    for grade in cohort.grades:
        by_quiz.setdefault(grade.quiz, []).append(grade)
    result = []
    for quiz in cohort.quizzes():
        grades = by_quiz.get(quiz, [])
        questions = sorted(cohort.items[quiz], key=_question_sort_key)
        max_points = sum(cohort.items[quiz].values())
        totals: dict[str, float] = {}
        item_scores: dict[str, dict[str, float]] = {q: {} for q in questions}
        pending: dict[str, list[str]] = {q: [] for q in questions}
        manual: dict[str, bool] = {q: False for q in questions}
        for g in grades:
            totals[g.student] = totals.get(g.student, 0.0) + (g.score or 0.0)
            if g.score is not None:
                item_scores[g.question][g.student] = item_scores[g.question].get(g.student, 0.0) + g.score
            if g.needs_manual:
                pending[g.question].append(g.student)
            manual[g.question] = manual[g.question] or g.manual
        upper, lower = groups(totals)
        recorded = {s: cohort.answers.get((quiz, s), {}) for s in totals}
        items = []
        for q in questions:
            points = cohort.items[quiz][q]
            scores = item_scores[q]
            fractions = {s: scores[s] / points if points else 0.0 for s in scores}
            ordered = sorted(fractions)
            difficulty = statistics.fmean(fractions.values()) if fractions else None
            rest = [totals[s] - scores[s] for s in ordered]
            r = pearson([fractions[s] for s in ordered], rest)
            up = [fractions[s] for s in upper if s in fractions]
            low = [fractions[s] for s in lower if s in fractions]
            d = statistics.fmean(up) - statistics.fmean(low) if up and low else None
            records = {s: rec[q] for s, rec in recorded.items() if q in rec}
            # Questions without any record (written answers, or a quiz graded before recorded answers) have no count.
            answered = sum(r.get("status") == "answered" for r in records.values()) if records else None
            item = ItemStats(quiz, q, points, manual[q], len(totals), len(fractions), answered, difficulty, r, d,
                             sorted(pending[q]))
            item.options = _options(item, records, cohort.options.get(quiz, {}).get(q, {}), upper, lower)
            flag(item)
            items.append(item)
        result.append(QuizStats(quiz, max_points, totals, items))
    return result
