"""Lesson 05 widget: put shuffled procedure step cards in order with up/down buttons, then check."""

from __future__ import annotations

import html
import random
from dataclasses import dataclass

import ipywidgets as W

from ..facts import registry
from ..model.procedure import OrderCheck, check_order, step, step_ids
from .base import View, message_html


@dataclass(frozen=True)
class BuilderState:
    order: tuple[str, ...]
    result: OrderCheck | None  # set once Check is pressed, cleared by the next move


class ProcedureBuilder(View):
    """Controls: ``up[i]`` / ``down[i]`` buttons per card position, ``check`` and ``shuffle`` buttons."""

    css_class = "mn-procedure-builder"

    def __init__(self, seed: int | None = 5) -> None:
        self._random = random.Random(seed)
        self.order: list[str] = self._shuffled()
        self.cards = [W.HTML(layout=W.Layout(width="520px")) for _ in self.order]
        self.up = [W.Button(icon="arrow-up", tooltip="Move up", layout=W.Layout(width="40px")) for _ in self.order]
        self.down = [W.Button(icon="arrow-down", tooltip="Move down", layout=W.Layout(width="40px"))
                     for _ in self.order]
        for index, (up, down) in enumerate(zip(self.up, self.down)):
            up.description_tooltip = f"Move card {index + 1} up"
            up.on_click(lambda _b, i=index: self.move(i, -1))
            down.on_click(lambda _b, i=index: self.move(i, +1))
        self.check = W.Button(description="Check", button_style="primary", icon="check")
        self.shuffle = W.Button(description="Shuffle", icon="random")
        self.feedback = W.HTML()
        self.check.on_click(lambda _b: self._check())
        self.shuffle.on_click(lambda _b: self._reshuffle())
        self._result: OrderCheck | None = None
        rows = [W.HBox([W.HTML(f"<b>{i + 1}.</b>", layout=W.Layout(width="28px")), card, up, down],
                       layout=W.Layout(align_items="center"))
                for i, (card, up, down) in enumerate(zip(self.cards, self.up, self.down))]
        self.ui = W.VBox([W.HTML("<b>Put the steps of a session in order</b> (top = first)"), *rows,
                          W.HBox([self.check, self.shuffle]), self.feedback])
        self.ui.add_class(self.css_class)
        self.update()

    def _shuffled(self) -> list[str]:
        ids = step_ids()
        order = ids[:]
        while order == ids:  # a shuffle that happens to be correct teaches nothing
            self._random.shuffle(order)
        return order

    def _reshuffle(self) -> None:
        self.order = self._shuffled()
        self._result = None
        self.update()

    def _check(self) -> None:
        self._result = check_order(self.order)
        self.update()

    def move(self, index: int, delta: int) -> None:
        """Swap the card at ``index`` with its neighbour; moves past either end do nothing."""
        target = index + delta
        if 0 <= index < len(self.order) and 0 <= target < len(self.order):
            self.order[index], self.order[target] = self.order[target], self.order[index]
            self._result = None
        self.update()

    def update(self) -> BuilderState:
        self.state = BuilderState(order=tuple(self.order), result=self._result)
        misplaced = {m.step.id for m in self._result.misplaced} if self._result else set()
        for index, step_id in enumerate(self.order):
            record = step(step_id)
            mark = " <span class='mn-misplaced'>✗ misplaced</span>" if step_id in misplaced else ""
            self.cards[index].value = (f"<div class='mn-card'><b>{html.escape(record.title)}</b>{mark}<br>"
                                       f"<small>{html.escape(record.action)}</small></div>")
            self.up[index].disabled = index == 0
            self.down[index].disabled = index == len(self.order) - 1
        self.feedback.value = feedback_html(self._result) if self._result else ""
        return self.state


def feedback_html(result: OrderCheck) -> str:
    reg = registry()
    if result.correct:
        return message_html("Every step is in the right place.", "ok") + (
            "<ol class='mn-reasons'>" + "".join(
                f"<li><b>{html.escape(step(s).title)}</b>: {html.escape(step(s).reason)} {html.escape(reg.cite(s))}</li>"
                for s in result.proposed) + "</ol>")
    head = message_html(
        f"{len(result.misplaced)} step(s) out of place; the other {len(result.in_place)} are in the right "
        "order relative to each other.", "error")
    items = "".join(
        f"<li>Card {m.position}: {html.escape(m.explanation)} {html.escape(reg.cite(m.step.id))}</li>"
        for m in result.misplaced)
    return head + f"<ul class='mn-reasons'>{items}</ul>"
