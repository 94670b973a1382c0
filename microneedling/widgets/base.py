"""Shared behaviour of the course's widgets."""

from __future__ import annotations

import html
import os
from typing import Any

import ipywidgets as W
from matplotlib.figure import Figure

from ..plots import alt_text, to_svg


def grading_mode() -> bool:
    """True while nbgrader executes a notebook (autograde / validate): widgets stay inert."""
    return bool(os.environ.get("NBGRADER_EXECUTION"))


class View:
    """Base for widget classes: displays ``self.ui`` in Jupyter, plain text under nbgrader."""

    ui: W.Widget
    css_class: str = "mn-view"

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any] | None:
        if grading_mode():
            return {"text/plain": f"[{type(self).__name__}: interactive widget, not shown during grading]"}
        return self.ui._repr_mimebundle_(**kwargs)


def message_html(text: str, kind: str = "info") -> str:
    """An accessible message: an icon and a word, never colour alone."""
    icons = {"info": ("ℹ", "Note"), "error": ("⚠", "Check your input"), "ok": ("✔", "Done")}
    icon, word = icons[kind]
    return (
        f'<div class="mn-message mn-{kind}" role="status">'
        f"<span aria-hidden='true'>{icon}</span> <strong>{word}:</strong> {html.escape(text)}</div>"
    )


class FigurePane:
    """A widget's figure: an SVG image with the figure's text alternative as a caption underneath."""

    def __init__(self, max_width: str) -> None:
        self.image = W.Image(format="svg+xml", layout=W.Layout(max_width=max_width))
        self.caption = W.HTML()

    def show(self, fig: Figure) -> None:
        self.show_rendered(to_svg(fig), alt_text(fig))

    def show_rendered(self, svg: bytes, description: str) -> None:
        """Show an already rendered figure (for widgets that cache renders)."""
        self.image.value = svg
        self.caption.value = f"<small><em>Figure: {html.escape(description)}</em></small>"

    def clear(self) -> None:
        self.image.value = b""
        self.caption.value = ""
