"""Shared behaviour of the course's widgets."""

from __future__ import annotations

import html
import os
from collections.abc import Iterable
from typing import Any

import ipywidgets as W
from matplotlib.figure import Figure

from ..facts import Reference, Status, registry
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


def reference_link(ref: Reference) -> str:
    """A reference's in-text label ('Meng 2022') linked to its source, with the title on hover."""
    label = html.escape(ref.label)
    if not ref.link:
        return label
    return (f'<a href="{html.escape(ref.link)}" target="_blank" rel="noopener" '
            f'title="{html.escape(ref.title)}">{label}</a>')


def cite_html(refs: Iterable[str]) -> str:
    """In-text citation such as '[Meng 2022; Lee 2002]', each label linked to its source."""
    reg = registry()
    return "[" + "; ".join(reference_link(reg.reference(key)) for key in dict.fromkeys(refs)) + "]"


def caveat_html(status: Status) -> str:
    """' (caveat: …)' in words for a record that is not confirmed, '' otherwise."""
    return f' <em class="mn-caveat">(caveat: {html.escape(status.caveat)})</em>' if status.caveat else ""


def note_html(text: str, refs: Iterable[str], status: Status = Status.CONFIRMED) -> str:
    """Escaped text followed by its linked citation and, if not confirmed, its caveat."""
    return f"{html.escape(text)} {cite_html(refs)}{caveat_html(status)}"


class FigurePane:
    """A widget's figure: an SVG image with the figure's text alternative as a visible caption underneath.
    Cleared, the image is hidden (an empty image would show the browser's broken-image icon).

    No ``tooltip`` on the image: ipywidgets 8.1's view reads the model's ``description`` to place a tooltip, and
    ``Image`` has none, so the view fails ("Could not create a view for model id …") in the browser."""

    def __init__(self, max_width: str) -> None:
        self.image = W.Image(format="svg+xml", layout=W.Layout(max_width=max_width, display="none"))
        self.image.add_class("mn-figure-image")
        self.caption = W.HTML()

    def show(self, fig: Figure) -> None:
        self.show_rendered(to_svg(fig), alt_text(fig))

    def show_rendered(self, svg: bytes, description: str) -> None:
        """Show an already rendered figure (for widgets that cache renders)."""
        if not description.strip():
            raise ValueError("a widget figure needs its text alternative")
        self.image.value = svg
        self.image.layout.display = None
        self.caption.value = f"<small><em>Figure: {html.escape(description)}</em></small>"

    def clear(self) -> None:
        self.image.layout.display = "none"
        self.image.value = b""
        self.caption.value = ""
