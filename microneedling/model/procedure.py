"""The procedure's step order and checking a trainee's order (lesson 05).

Public API:

* :func:`steps` — the :class:`ProcedureStep` records in the canonical order.
* :func:`step_ids` — their stable short ids in the canonical order (``setup`` ... ``dispose``).
* :func:`step` — one step by id.
* :func:`must_precede` — every (earlier, later) pair the sources order, directly or through other steps.
* :func:`check_order` — which steps of a proposed order are misplaced, and why.

The sources order most steps but not all: set-up and final checks may come in either order, and so may
finishing the skin and disposing of the needles. :func:`check_order` accepts every order that keeps each
step after the steps its ``after`` names (the canonical order is one of them).
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations
from dataclasses import dataclass

from ..facts import registry
from ..facts.kinds.protocol import ProcedureStep

__all__ = ["Misplaced", "OrderCheck", "ProcedureStep", "check_order", "either_order", "must_precede", "step",
           "step_ids", "steps"]


def steps() -> list[ProcedureStep]:
    """Every procedure step, sorted by its ``order``."""
    return sorted(registry().of_kind(ProcedureStep), key=lambda s: s.order)


def step_ids() -> list[str]:
    """The step ids in the correct order."""
    return [s.id for s in steps()]


def step(step_id: str) -> ProcedureStep:
    for candidate in steps():
        if candidate.id == step_id:
            return candidate
    raise ValueError(f"unknown step {step_id!r}; valid steps: {step_ids()}")


@dataclass(frozen=True)
class Misplaced:
    """A step out of place: where it is, where it belongs, and why."""

    step: ProcedureStep
    position: int  # 1-based position in the proposed order
    correct_position: int
    explanation: str


@dataclass(frozen=True)
class OrderCheck:
    proposed: tuple[str, ...]
    in_place: tuple[str, ...]  # the longest run of steps already in correct relative order
    misplaced: tuple[Misplaced, ...]

    @property
    def correct(self) -> bool:
        return not self.misplaced


def must_precede() -> frozenset[tuple[str, str]]:
    """Every (earlier, later) pair of step ids the sources order: the transitive closure of ``after``.

    Raises ``ValueError`` if a step names an unknown step, or if the constraints form a cycle.
    """
    ids = step_ids()
    direct = {s.id: set(s.after) for s in steps()}
    for step_id, earlier in direct.items():
        unknown = sorted(earlier - set(ids))
        if unknown:
            raise ValueError(f"step {step_id!r} comes after unknown step(s) {unknown}; valid steps: {ids}")
    closure = {step_id: set(earlier) for step_id, earlier in direct.items()}
    changed = True
    while changed:
        changed = False
        for earlier in closure.values():
            extra = set().union(*(closure[e] for e in earlier)) - earlier
            if extra:
                earlier |= extra
                changed = True
    cyclic = sorted(s for s, earlier in closure.items() if s in earlier)
    if cyclic:
        raise ValueError(f"the step order constraints form a cycle through {cyclic}")
    return frozenset((e, later) for later, earlier in closure.items() for e in earlier)


def either_order() -> list[tuple[str, str]]:
    """Pairs of steps the sources do not order, in canonical order (e.g. set-up and final checks)."""
    ids = step_ids()
    pairs = must_precede()
    return [(a, b) for i, a in enumerate(ids) for b in ids[i + 1:] if (a, b) not in pairs and (b, a) not in pairs]


def _largest_consistent_subsequence(proposed: Sequence[str], pairs: frozenset[tuple[str, str]]) -> set[int]:
    """Indices of a largest subsequence with no pair in the wrong order (ties: the earliest such set).

    Brute force over subsets, largest first: a session has about a dozen steps, so at most 4,096 subsets.
    """
    n = len(proposed)
    inverted = [[(proposed[j], proposed[i]) in pairs for j in range(n)] for i in range(n)]  # i before j, wrongly
    for size in range(n, 0, -1):
        for kept in combinations(range(n), size):
            if not any(inverted[i][j] for a, i in enumerate(kept) for j in kept[a + 1:]):
                return set(kept)
    return set()


def check_order(proposed: Sequence[str]) -> OrderCheck:
    """Compare a proposed order with the orders the sources allow.

    The steps kept are a largest subsequence with no pair in the wrong order; every other step is misplaced and
    explained with the steps that must come before and after it, and its reason. Raises ``ValueError`` unless
    ``proposed`` lists every step id exactly once.
    """
    if isinstance(proposed, str):
        raise ValueError("the order must be a list of step ids, not a single string")
    correct = step_ids()
    unknown = [s for s in proposed if s not in correct]
    if unknown:
        raise ValueError(f"unknown step(s) {unknown}; valid steps: {correct}")
    repeated = sorted({s for s in proposed if list(proposed).count(s) > 1})
    missing = [s for s in correct if s not in proposed]
    if repeated or missing:
        raise ValueError(
            f"list every step exactly once (repeated: {repeated}, missing: {missing}); valid steps: {correct}"
        )
    pairs = must_precede()
    kept = _largest_consistent_subsequence(proposed, pairs)
    misplaced = []
    for position, step_id in enumerate(proposed, start=1):
        if position - 1 in kept:
            continue
        record = step(step_id)
        before = [step(e).title for e in correct if (e, step_id) in pairs and not any(
            (e, m) in pairs and (m, step_id) in pairs for m in correct)]
        after = [step(l).title for l in correct if (step_id, l) in pairs and not any(
            (step_id, m) in pairs and (m, l) in pairs for m in correct)]
        where = " and ".join(filter(None, [
            f"after {_titles(before)}" if before else "",
            f"before {_titles(after)}" if after else "",
        ]))
        misplaced.append(Misplaced(
            step=record, position=position, correct_position=correct.index(step_id) + 1,
            explanation=f"“{record.title}” belongs {where}. {record.reason}",
        ))
    return OrderCheck(proposed=tuple(proposed), in_place=tuple(proposed[i] for i in sorted(kept)),
                      misplaced=tuple(misplaced))


def _titles(titles: list[str]) -> str:
    quoted = [f"“{t}”" for t in titles]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]
