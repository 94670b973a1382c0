"""Partial-credit scoring: pure functions shared by the self-check widget and the graded-quiz grader.

Every scorer returns points in ``[0, points]``, rounded to 2 decimals, and gives the key full points.

* **single** — all or nothing: there is one right option.
* **multiple** (select all that apply) — ``max(0, (right picks − wrong picks) / len(key)) × points``. Each wrong
  pick cancels a right one, so ticking every box scores no better than ticking none; never below 0.
* **ordering** — ``(L − 1) / (n − 1) × points`` where ``L`` is the length of the longest subsequence of the answer
  that keeps the key's relative order. One misplaced step costs one step's share (moving it back fixes the rest),
  a fully reversed list scores 0 and only the key scores full points. Positional scoring was rejected: it gives
  0 to a list that is right except for a first step added at the end.
* **numeric** — full points when ``|answer − key| ≤ tolerance`` after converting the answer into the key's unit
  (mm ↔ µm), else 0. A relative slack of 1e-9 absorbs binary rounding (0.1 + 0.2 is within 0.3 ± 0).
* **matching** — ``points × correct pairs / len(key)``: each pair is an independent fact; an option chosen for more
  items than the key uses it for counts for none of them (one option for every item is a pattern, not knowledge).
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Collection, Mapping, Sequence
from typing import Any

from .questions import FreeText, Matching, MultipleChoice, Numeric, Ordering, Question, SingleChoice

# Length units the engine converts between, as multiples of one millimetre. "um"/"μm" (Greek mu) are typed
# spellings of "µm" (micro sign).
LENGTH_UNITS: dict[str, float] = {"mm": 1.0, "µm": 0.001}
UNIT_SPELLINGS: dict[str, str] = {"mm": "mm", "µm": "µm", "μm": "µm", "um": "µm", "micron": "µm", "microns": "µm"}


def normalise_unit(unit: str) -> str:
    """The canonical spelling of a unit ('um' → 'µm'); other units are returned stripped."""
    return UNIT_SPELLINGS.get(unit.strip(), unit.strip())


def is_length_unit(unit: str) -> bool:
    return normalise_unit(unit) in LENGTH_UNITS


def convert(value: float, from_unit: str, to_unit: str) -> float:
    """Convert between mm and µm; equal units pass through. ``ValueError`` names the convertible units."""
    source, target = normalise_unit(from_unit), normalise_unit(to_unit)
    if source == target:
        return value
    if source in LENGTH_UNITS and target in LENGTH_UNITS:
        return value * LENGTH_UNITS[source] / LENGTH_UNITS[target]
    raise ValueError(f"cannot convert {from_unit!r} to {to_unit!r}; convertible units: {sorted(LENGTH_UNITS)}")


def _rounded(value: float, points: float) -> float:
    return round(min(max(value, 0.0), points), 2)


def score_single(answer: str | None, key: str, points: float = 1.0) -> float:
    """All or nothing: ``points`` when ``answer == key``, else 0."""
    return _rounded(points if answer == key else 0.0, points)


def score_multiple(answer: Collection[str], key: Collection[str], points: float = 1.0) -> float:
    """``max(0, (right picks − wrong picks) / len(key)) × points``; each option counts once."""
    picked, wanted = set(answer), set(key)
    right, wrong = len(picked & wanted), len(picked - wanted)
    return _rounded(max(0.0, (right - wrong) / len(wanted)) * points, points)


def longest_in_order(answer: Sequence[str], key: Sequence[str]) -> int:
    """Length of the longest subsequence of ``answer`` whose items appear in the key's relative order.

    Items not in the key are skipped. Patience sorting over the key positions: O(n log n).
    """
    position = {item: index for index, item in enumerate(key)}
    tails: list[int] = []
    for item in answer:
        if item not in position:
            continue
        rank = position[item]
        slot = bisect.bisect_left(tails, rank)
        if slot == len(tails):
            tails.append(rank)
        else:
            tails[slot] = rank
    return len(tails)


def score_ordering(answer: Sequence[str], key: Sequence[str], points: float = 1.0) -> float:
    """``(L − 1) / (n − 1) × points`` with ``L`` from :func:`longest_in_order`; a 1-item key is all or nothing."""
    n = len(key)
    if n == 1:
        return _rounded(points if list(answer) == list(key) else 0.0, points)
    in_order = longest_in_order(answer, key)
    return _rounded(max(0, in_order - 1) / (n - 1) * points, points)


def within_tolerance(answer: float, key: float, tolerance: float) -> bool:
    """``|answer − key| ≤ tolerance``, with a relative slack of 1e-9 for binary rounding."""
    return abs(answer - key) <= tolerance + 1e-9 * max(1.0, abs(key))


def score_numeric(
    answer: float, key: float, tolerance: float, points: float = 1.0, answer_unit: str = "", key_unit: str = ""
) -> float:
    """Full points when the answer, converted from ``answer_unit`` to ``key_unit``, is within tolerance."""
    if not math.isfinite(answer):
        return 0.0
    value = convert(answer, answer_unit, key_unit) if answer_unit or key_unit else answer
    return _rounded(points if within_tolerance(value, key, tolerance) else 0.0, points)


def correct_pairs(answer: Mapping[str, Any], key: Mapping[str, str]) -> int:
    """Pairs the answer gets right. An option used for more items than the key uses it for earns nothing, so
    choosing one option for every item is not a way to collect a pair without knowing it."""
    overused = {right for right in set(answer.values())
                if list(answer.values()).count(right) > list(key.values()).count(right)}
    return sum(1 for left, right in key.items() if answer.get(left) == right and right not in overused)


def score_matching(answer: Mapping[str, Any], key: Mapping[str, str], points: float = 1.0) -> float:
    """``points × correct pairs / len(key)``; pairs for unknown left ids are ignored."""
    return _rounded(points * correct_pairs(answer, key) / len(key), points)


def score(question: Question, answer: Any, answer_unit: str = "") -> float:
    """Score an answer to any scored question with its type's rule (see the module docstring)."""
    if isinstance(question, SingleChoice):
        return score_single(answer, question.key, question.points)
    if isinstance(question, MultipleChoice):
        return score_multiple(answer, question.key, question.points)
    if isinstance(question, Ordering):
        return score_ordering(answer, question.key, question.points)
    if isinstance(question, Numeric):
        return score_numeric(answer, question.key, question.tolerance, question.points,
                             answer_unit or question.unit, question.unit)
    if isinstance(question, Matching):
        return score_matching(answer, question.key, question.points)
    if isinstance(question, FreeText):
        raise ValueError(f"question {question.id!r} is free text: it is compared with a model answer, not scored")
    raise TypeError(f"unknown question type {type(question).__name__}")
