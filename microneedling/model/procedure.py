"""The procedure's step order and checking a trainee's order (lesson 05).

Public API:

* :func:`steps` — the :class:`ProcedureStep` records in the correct order.
* :func:`step_ids` — their stable short ids in the correct order (``setup`` ... ``dispose``).
* :func:`step` — one step by id.
* :func:`check_order` — which steps of a proposed order are misplaced, and why.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..facts import registry
from ..facts.kinds.protocol import ProcedureStep

__all__ = ["Misplaced", "OrderCheck", "ProcedureStep", "check_order", "step", "step_ids", "steps"]


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


def _longest_ordered_subsequence(ranks: list[int]) -> set[int]:
    """Indices of a longest increasing subsequence of ``ranks`` (O(n²); n is about a dozen)."""
    best = [1] * len(ranks)
    previous = [-1] * len(ranks)
    for i in range(len(ranks)):
        for j in range(i):
            if ranks[j] < ranks[i] and best[j] + 1 > best[i]:
                best[i], previous[i] = best[j] + 1, j
    index = max(range(len(ranks)), key=best.__getitem__) if ranks else -1
    kept = set()
    while index != -1:
        kept.add(index)
        index = previous[index]
    return kept


def check_order(proposed: Sequence[str]) -> OrderCheck:
    """Compare a proposed order with the correct one.

    The steps kept are a longest subsequence already in the right relative order; every other step is
    misplaced and explained with its neighbours in the correct order and its reason. Raises
    ``ValueError`` unless ``proposed`` lists every step id exactly once.
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
    ranks = [correct.index(s) for s in proposed]
    kept = _longest_ordered_subsequence(ranks)
    misplaced = []
    for position, step_id in enumerate(proposed, start=1):
        if position - 1 in kept:
            continue
        rank = correct.index(step_id)
        record = step(step_id)
        after = f"after “{step(correct[rank - 1]).title}”" if rank > 0 else "first"
        before = f"before “{step(correct[rank + 1]).title}”" if rank + 1 < len(correct) else "last"
        misplaced.append(Misplaced(
            step=record, position=position, correct_position=rank + 1,
            explanation=f"“{record.title}” belongs {after} and {before} (step {rank + 1}). {record.reason}",
        ))
    return OrderCheck(proposed=tuple(proposed), in_place=tuple(proposed[i] for i in sorted(kept)),
                      misplaced=tuple(misplaced))
