"""Lesson 05 widget: build the order of a session by picking steps, then check it.

The shuffled steps are buttons: pressing one (click, or Tab then Enter/Space) places it next in the order, so
twelve presses build the whole order. Placed steps can be moved up or down or taken back; *Check* explains
every misplaced step. Every control is a native button, reachable and operable by keyboard.
"""

from __future__ import annotations

import html
import random
from dataclasses import dataclass

import ipywidgets as W

from ..model.procedure import OrderCheck, check_order, either_order, step, step_ids
from .base import View, cite_html, message_html
from .verdict import verdict_html


@dataclass(frozen=True)
class BuilderState:
    order: tuple[str, ...]  # steps placed so far, first to last
    remaining: tuple[str, ...]  # steps not placed yet, in the shuffled order shown
    result: OrderCheck | None  # set once Check is pressed, cleared by the next change


def _button(description: str, tooltip: str, width: str = "auto") -> W.Button:
    return W.Button(description=description, tooltip=tooltip, layout=W.Layout(width=width))


class ProcedureBuilder(View):
    """Controls: ``pick[step_id]`` (a button per step), per placed row ``up[i]`` / ``down[i]`` / ``remove[i]``,
    and ``check``, ``clear`` and ``shuffle`` buttons."""

    css_class = "mn-procedure-builder"

    def __init__(self, seed: int | None = 5) -> None:
        self._random = random.Random(seed)
        ids = step_ids()
        self.shuffled: list[str] = self._shuffled()  # the order the steps are offered in
        self.pool: list[str] = list(self.shuffled)
        self.order: list[str] = []
        self.pick: dict[str, W.Button] = {}
        for step_id in ids:
            record = step(step_id)
            button = _button(record.title, f"Place “{record.title}” next: {record.action}")
            button.on_click(lambda _b, s=step_id: self.place(s))
            self.pick[step_id] = button
        self.rows = [W.HTML(layout=W.Layout(width="430px")) for _ in ids]
        self.up = [_button("Up", f"Move step {i + 1} up", "56px") for i in range(len(ids))]
        self.down = [_button("Down", f"Move step {i + 1} down", "64px") for i in range(len(ids))]
        self.remove = [_button("Take back", f"Take step {i + 1} back", "92px") for i in range(len(ids))]
        for index in range(len(ids)):
            self.up[index].on_click(lambda _b, i=index: self.move(i, -1))
            self.down[index].on_click(lambda _b, i=index: self.move(i, +1))
            self.remove[index].on_click(lambda _b, i=index: self.take_back(i))
        self.row_boxes = [W.HBox([row, up, down, remove], layout=W.Layout(align_items="center"))
                          for row, up, down, remove in zip(self.rows, self.up, self.down, self.remove)]
        self.pool_box = W.Box(layout=W.Layout(flex_flow="row wrap"))
        self.order_box = W.VBox()
        self.progress = W.HTML()
        self.check = W.Button(description="Check", button_style="primary", icon="check",
                              tooltip="Check the order and explain every misplaced step")
        self.clear = W.Button(description="Start again", icon="undo", tooltip="Put every step back")
        self.shuffle = W.Button(description="New shuffle", icon="random", tooltip="Start again with a new shuffle")
        self.feedback = W.HTML()
        self.check.on_click(lambda _b: self._check())
        self.clear.on_click(lambda _b: self.start_again())
        self.shuffle.on_click(lambda _b: self._reshuffle())
        self._result: OrderCheck | None = None
        self.ui = W.VBox([
            W.HTML("<b>1. Press the steps in the order you would do them</b> "
                   "(each press places the step next; Tab and Enter work too)"),
            self.pool_box,
            W.HTML("<b>2. Your order</b> (top = first)"), self.order_box, self.progress,
            W.HBox([self.check, self.clear, self.shuffle]), self.feedback,
        ])
        self.ui.add_class(self.css_class)
        self.update()

    def _shuffled(self) -> list[str]:
        ids = step_ids()
        order = ids[:]
        while order == ids:  # a shuffle that happens to be correct teaches nothing
            self._random.shuffle(order)
        return order

    def place(self, step_id: str) -> None:
        """Place a step that is still in the pool next in the order (other ids do nothing)."""
        if step_id in self.pool:
            self.pool.remove(step_id)
            self.order.append(step_id)
            self._result = None
        self.update()

    def take_back(self, index: int) -> None:
        """Return the placed step at ``index`` to the pool."""
        if 0 <= index < len(self.order):
            self.pool.append(self.order.pop(index))
            self._result = None
        self.update()

    def move(self, index: int, delta: int) -> None:
        """Swap the placed step at ``index`` with its neighbour; moves past either end do nothing."""
        target = index + delta
        if 0 <= index < len(self.order) and 0 <= target < len(self.order):
            self.order[index], self.order[target] = self.order[target], self.order[index]
            self._result = None
        self.update()

    def start_again(self) -> None:
        """Return every step to the pool, in the order it was offered."""
        self.pool, self.order, self._result = list(self.shuffled), [], None
        self.update()

    def _reshuffle(self) -> None:
        self.shuffled = self._shuffled()
        self.start_again()

    def _check(self) -> None:
        self._result = check_order(self.order) if not self.pool else None
        self.update(attempted=not self._result)

    def update(self, attempted: bool = False) -> BuilderState:
        self.state = BuilderState(order=tuple(self.order), remaining=tuple(self.pool), result=self._result)
        self.pool_box.children = [self.pick[s] for s in self.pool]
        misplaced = {m.step.id for m in self._result.misplaced} if self._result else set()
        for index, step_id in enumerate(self.order):
            record = step(step_id)
            mark = " <span class='mn-misplaced'>(misplaced)</span>" if step_id in misplaced else ""
            self.rows[index].value = (f"<div class='mn-card'><b>{index + 1}. {html.escape(record.title)}</b>{mark}"
                                      f"<br><small>{html.escape(record.action)}</small></div>")
            self.up[index].disabled = index == 0
            self.down[index].disabled = index == len(self.order) - 1
        self.order_box.children = self.row_boxes[:len(self.order)]
        total = len(self.order) + len(self.pool)
        self.progress.value = (f"<small>{len(self.order)} of {total} steps placed.</small>" if self.pool
                               else f"<small>All {total} steps placed: press Check.</small>")
        if self._result:
            self.feedback.value = feedback_html(self._result)
        elif attempted:
            self.feedback.value = message_html(
                f"Place all {total} steps before checking ({len(self.pool)} left).", "error")
        else:
            self.feedback.value = ""
        return self.state


def feedback_html(result: OrderCheck) -> str:
    if result.correct:
        free = "; ".join(f"“{step(a).title}” and “{step(b).title}”" for a, b in either_order())
        note = f" The sources leave the order of these pairs to you: {free}." if free else ""
        return verdict_html(f"Every step is in the right place.{note}", "correct") + (
            "<ol class='mn-reasons'>" + "".join(
                f"<li><b>{html.escape(step(s).title)}</b>: {html.escape(step(s).reason)} {cite_html(step(s).refs)}</li>"
                for s in result.proposed) + "</ol>")
    head = verdict_html(
        f"{len(result.misplaced)} step(s) out of place; the other {len(result.in_place)} are in the right "
        "order relative to each other.", "wrong")
    items = "".join(
        f"<li>Step {m.position}: {html.escape(m.explanation)} {cite_html(m.step.refs)}</li>"
        for m in result.misplaced)
    return head + f"<ul class='mn-reasons'>{items}</ul>"
