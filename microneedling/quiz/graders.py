"""Graders that nbgrader quiz test cells call with the trainee's answer value.

Visible tests call ``check_*``: they check only the *form* of an answer (type, allowed options, each step once)
and raise ``AssertionError`` with a friendly message naming the answer variable. They print nothing.

Hidden tests call ``grade_*``: the same form check first, then the score from :mod:`.scoring` as a ``float``
(nbgrader takes a test cell's final number as its partial credit), after printing exactly one line to
**stdout** such as ``answer_q3: 4 of 6 steps in the right relative order (2.4 of 4 points)``. The line never
reveals the key. Nothing here writes to stderr: nbgrader scores a test cell with any stderr output as 0.

Scoring rules (details in :mod:`.scoring`): single = all or nothing; multiple = max(0, (right − wrong picks) /
len(key)) × points; ordering = (L − 1)/(n − 1) × points with L the longest run in the key's relative order;
numeric = full points within tolerance else 0; matching = points × correct pairs / len(key). Rounded to 2 decimals.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Mapping
from typing import Any

from .scoring import (
    correct_pairs,
    longest_in_order,
    score_matching,
    score_multiple,
    score_numeric,
    score_ordering,
    score_single,
    within_tolerance,
)

__all__ = [
    "check_matching",
    "check_multiple",
    "check_numeric",
    "check_ordering",
    "check_single",
    "check_text",
    "grade_matching",
    "grade_multiple",
    "grade_numeric",
    "grade_ordering",
    "grade_single",
]


def _ids(options: Iterable[Any]) -> list[str]:
    """Option ids from a list/tuple/set of ids or a mapping {id: text}, in a stable order."""
    ids = list(options.keys() if isinstance(options, Mapping) else options)
    return ids if not isinstance(options, set | frozenset) else sorted(ids, key=str)


def _listing(ids: Iterable[Any]) -> str:
    return ", ".join(repr(i) for i in ids)


def _not_answered(answer: Any, name: str) -> None:
    if answer is None or answer is Ellipsis:
        raise AssertionError(f"{name} has no answer yet: replace the placeholder with your answer and run the cell")


def _points_text(got: float, points: float) -> str:
    return f"({got:g} of {points:g} point{'s' if points != 1 else ''})"


def _report(name: str, summary: str, got: float, points: float) -> float:
    print(f"{name}: {summary} {_points_text(got, points)}")
    return float(got)


# --- visible-test form checks ---------------------------------------------------------------------------------
def check_single(answer: Any, options: Iterable[Any], name: str) -> None:
    """``answer`` must be exactly one of the option ids, as a string."""
    _not_answered(answer, name)
    ids = _ids(options)
    example = ids[0] if ids else "A"
    if isinstance(answer, set | frozenset | list | tuple):
        raise AssertionError(f"{name} takes one option, not a collection: write e.g. {name} = {example!r}")
    if answer not in ids:
        hint = ""
        if isinstance(answer, str):
            matches = [i for i in ids if isinstance(i, str) and i.lower() == answer.strip().lower()]
            hint = f" Did you mean {matches[0]!r}?" if matches else ""
        raise AssertionError(f"{name} must be one of {_listing(ids)}; you wrote {answer!r}.{hint}")


def check_multiple(answer: Any, options: Iterable[Any], name: str) -> None:
    """``answer`` must be a set (or list/tuple) of option ids, each once, at least one."""
    _not_answered(answer, name)
    ids = _ids(options)
    if isinstance(answer, str) or not isinstance(answer, set | frozenset | list | tuple):
        raise AssertionError(
            f"{name} must be a set of option ids such as {{{_listing(ids[:2])}}}; you wrote {answer!r}"
        )
    picked = list(answer)
    if not picked:
        raise AssertionError(f"{name} is empty: choose at least one option from {_listing(ids)}")
    unknown = [p for p in picked if p not in ids]
    if unknown:
        raise AssertionError(f"{name} contains {_listing(unknown)}, which is not an option; options: {_listing(ids)}")
    twice = sorted({p for p in picked if picked.count(p) > 1}, key=str)
    if twice:
        raise AssertionError(f"{name} lists {_listing(twice)} more than once; list each option once")


def check_ordering(answer: Any, items: Iterable[Any], name: str) -> None:
    """``answer`` must be a list (or tuple) holding every item id exactly once."""
    _not_answered(answer, name)
    ids = _ids(items)
    if isinstance(answer, str) or not isinstance(answer, list | tuple):
        raise AssertionError(f"{name} must be a list of the {len(ids)} steps in order, e.g. [{_listing(ids[:2])}, ...]")
    listed = list(answer)
    unknown = [a for a in listed if a not in ids]
    if unknown:
        raise AssertionError(f"{name} contains {_listing(unknown)}, which is not a step; steps: {_listing(ids)}")
    twice = sorted({a for a in listed if listed.count(a) > 1}, key=str)
    if twice:
        times = ", ".join(f"{a!r} {listed.count(a)} times" if listed.count(a) > 2 else f"{a!r} twice" for a in twice)
        raise AssertionError(f"{name} must list each of the {len(ids)} steps once; you listed {times}")
    missing = [i for i in ids if i not in listed]
    if missing:
        raise AssertionError(f"{name} must list each of the {len(ids)} steps once; you left out {_listing(missing)}")


def check_numeric(answer: Any, name: str) -> None:
    """``answer`` must be a finite int or float (not a string, not True/False)."""
    _not_answered(answer, name)
    if isinstance(answer, str):
        text = answer.strip().replace(",", ".", 1) if answer.count(",") == 1 and "." not in answer else answer
        try:
            hint = f": write {name} = {float(text):g}"
        except ValueError:
            hint = ", using digits, e.g. 1.5"
        raise AssertionError(f"{name} must be a number without quotes{hint}")
    if isinstance(answer, bool) or not isinstance(answer, int | float):
        raise AssertionError(f"{name} must be a number such as 1.5; you wrote {answer!r}")
    if not math.isfinite(answer):
        raise AssertionError(f"{name} must be a finite number; you wrote {answer!r}")


def _check_matching_form(answer: Any, left: list[Any], right: list[Any] | None, name: str) -> None:
    _not_answered(answer, name)
    if not isinstance(answer, Mapping):
        example = ", ".join(f"{lid!r}: ..." for lid in left[:2])
        raise AssertionError(f"{name} must be a dict from each left item to its match, e.g. {{{example}}}")
    unknown = [k for k in answer if k not in left]
    if unknown:
        raise AssertionError(f"{name} has key(s) {_listing(unknown)}, which are not left items; left items: {_listing(left)}")
    missing = [lid for lid in left if lid not in answer]
    if missing:
        raise AssertionError(f"{name} leaves {_listing(missing)} unmatched; give every left item a partner")
    if right is not None:
        bad = [v for v in answer.values() if v not in right]
        if bad:
            raise AssertionError(f"{name} uses {_listing(bad)}, which is not a right item; right items: {_listing(right)}")
    values = list(answer.values())
    twice = sorted({v for v in values if values.count(v) > 1}, key=str)
    if twice:
        raise AssertionError(f"{name} uses {_listing(twice)} for more than one item; each match is used once")


def check_matching(answer: Any, left: Iterable[Any], right: Iterable[Any], name: str) -> None:
    """``answer`` must be a dict with every left id as a key, right ids as values, each right id at most once."""
    _check_matching_form(answer, _ids(left), _ids(right), name)


def check_text(answer: Any, name: str) -> None:
    """``answer`` must be a non-empty string."""
    _not_answered(answer, name)
    if not isinstance(answer, str):
        raise AssertionError(f'{name} must be text in quotes, e.g. {name} = "..."')
    if not answer.strip():
        raise AssertionError(f"{name} is empty: write your answer between the quotes")


# --- hidden-test graders --------------------------------------------------------------------------------------
def grade_single(answer: Any, key: str, points: float, options: Iterable[Any], name: str) -> float:
    """All or nothing. Form-checks ``answer`` against ``options`` first."""
    check_single(answer, options, name)
    got = score_single(answer, key, points)
    return _report(name, "correct" if got == points else "not the right option", got, points)


def grade_multiple(answer: Any, key: Collection[str], points: float, options: Iterable[Any], name: str) -> float:
    """``max(0, (right picks − wrong picks) / len(key)) × points``."""
    check_multiple(answer, options, name)
    picked, wanted = set(answer), set(key)
    right, wrong = len(picked & wanted), len(picked - wanted)
    got = score_multiple(picked, wanted, points)
    summary = f"{right} right pick{'s' if right != 1 else ''}, {wrong} wrong pick{'s' if wrong != 1 else ''}"
    return _report(name, summary, got, points)


def grade_ordering(answer: Any, key: Collection[str], points: float, name: str) -> float:
    """``(L − 1)/(n − 1) × points``, L = longest subsequence of the answer in the key's relative order."""
    key = list(key)
    check_ordering(answer, key, name)
    got = score_ordering(list(answer), key, points)
    in_order = longest_in_order(list(answer), key)
    return _report(name, f"{in_order} of {len(key)} steps in the right relative order", got, points)


def grade_numeric(answer: Any, key: float, tolerance: float, points: float, name: str) -> float:
    """Full points when ``|answer − key| ≤ tolerance``, else 0."""
    check_numeric(answer, name)
    got = score_numeric(float(answer), key, tolerance, points)
    inside = within_tolerance(float(answer), key, tolerance)
    return _report(name, "within the accepted range" if inside else "outside the accepted range", got, points)


def grade_matching(answer: Any, key: Mapping[str, str], points: float, name: str) -> float:
    """``points × correct pairs / len(key)``. Form: every left id of the key once, no right id twice."""
    _check_matching_form(answer, list(key), None, name)
    got = score_matching(answer, key, points)
    return _report(name, f"{correct_pairs(answer, key)} of {len(key)} pairs correct", got, points)
