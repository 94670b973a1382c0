"""Shared behaviour of the course's widgets."""

from __future__ import annotations

import html
import os
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import ipywidgets as W
import traitlets

from ..facts import Reference, Status, registry

if TYPE_CHECKING:  # matplotlib is imported by the first figure drawn, not by every widget (time to first widget)
    from matplotlib.figure import Figure


def grading_mode() -> bool:
    """True while nbgrader executes a notebook (autograde / validate): widgets stay inert."""
    return bool(os.environ.get("NBGRADER_EXECUTION"))


# Styles every course widget gets (see View): visible keyboard focus, option labels that wrap instead of being cut
# or overprinting the next option, and icons that follow the text colour.
COURSE_CSS = """
.mn-view :focus-visible, .mn-view .noUi-handle:focus {
  outline: 3px solid #0072B2 !important; outline-offset: 2px; }
.mn-view .widget-radio-box label, .mn-view .widget-checkbox label {
  white-space: normal; height: auto; min-height: var(--jp-widgets-inline-height); line-height: 1.35;
  align-items: flex-start; padding: 2px 0; overflow: visible; }
.mn-view .widget-radio-box { height: auto; overflow: visible; }
.mn-view .widget-radio-box input, .mn-view .widget-checkbox input { flex-shrink: 0; margin-top: 0.2em; }
.mn-view .widget-label, .mn-view .widget-label-basic { overflow: visible; text-overflow: clip; }
.mn-view .mn-icon { width: 1em; height: 1em; vertical-align: -0.15em; flex-shrink: 0; }
"""


class View:
    """Base for widget classes: displays ``self.ui`` in Jupyter, plain text under nbgrader.

    On display the widget is wrapped with the course's shared styles (``COURSE_CSS``, class ``mn-view``).
    """

    ui: W.Widget
    css_class: str = "mn-view"

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any] | None:
        if grading_mode():
            return {"text/plain": f"[{type(self).__name__}: interactive widget, not shown during grading]"}
        return self.display_box()._repr_mimebundle_(**kwargs)

    def display_box(self) -> W.Box:
        """The widget as displayed: ``self.ui`` inside a box that carries the course's styles."""
        box = getattr(self, "_display_box", None)
        if box is None or box.children[-1] is not self.ui:
            style = W.HTML(f"<style>{COURSE_CSS}</style>", layout=W.Layout(display="none"))
            box = W.VBox([style, self.ui])
            box.add_class("mn-view")
            self._display_box = box
        return box


# Icons drawn as inline SVG (16 x 16, in the text colour), so they never depend on an emoji or symbol font.
_ICON_PATHS = {
    "info": '<circle cx="8" cy="8" r="7" fill="none" stroke="currentColor" stroke-width="1.5"/>'
            '<rect x="7.1" y="6.8" width="1.8" height="5" fill="currentColor"/>'
            '<circle cx="8" cy="4.6" r="1.1" fill="currentColor"/>',
    "warning": '<path d="M8 1.5 15 14.5H1z" fill="none" stroke="currentColor" stroke-width="1.5" '
               'stroke-linejoin="round"/><rect x="7.1" y="5.5" width="1.8" height="4.8" fill="currentColor"/>'
               '<circle cx="8" cy="12.2" r="1" fill="currentColor"/>',
    "ok": '<circle cx="8" cy="8" r="7" fill="none" stroke="currentColor" stroke-width="1.5"/>'
          '<path d="M4.5 8.3 7 10.8l4.6-5.3" fill="none" stroke="currentColor" stroke-width="1.8"/>',
    "incorrect": '<circle cx="8" cy="8" r="7" fill="none" stroke="currentColor" stroke-width="1.5"/>'
                 '<path d="M5.2 5.2l5.6 5.6M10.8 5.2l-5.6 5.6" stroke="currentColor" stroke-width="1.8"/>',
    "edit": '<path d="M2.5 13.5l.8-3.3 7.6-7.6 2.5 2.5-7.6 7.6z" fill="none" stroke="currentColor" '
            'stroke-width="1.5" stroke-linejoin="round"/>',
    "hint": '<path d="M8 1.5a4.5 4.5 0 0 0-2.6 8.2V12h5.2V9.7A4.5 4.5 0 0 0 8 1.5z" fill="none" '
            'stroke="currentColor" stroke-width="1.5"/><path d="M6 14.3h4" stroke="currentColor" stroke-width="1.5"/>',
    "up": '<path d="M8 14V2.5M3.5 7 8 2.5 12.5 7" fill="none" stroke="currentColor" stroke-width="1.8"/>',
    "down": '<path d="M8 2v11.5M3.5 9 8 13.5 12.5 9" fill="none" stroke="currentColor" stroke-width="1.8"/>',
    "stop": '<path d="M5.1 1.5h5.8l3.6 3.6v5.8l-3.6 3.6H5.1l-3.6-3.6V5.1z" fill="none" stroke="currentColor" '
            'stroke-width="1.5"/><path d="M4.5 8h7" stroke="currentColor" stroke-width="2"/>',
    "cross": '<path d="M3.5 3.5l9 9M12.5 3.5l-9 9" stroke="currentColor" stroke-width="2"/>',
}
ICONS: tuple[str, ...] = tuple(_ICON_PATHS)


def icon_html(name: str) -> str:
    """A decorative icon (hidden from screen readers: the word beside it carries the meaning)."""
    if name not in _ICON_PATHS:
        raise ValueError(f"unknown icon {name!r}; icons: {list(ICONS)}")
    return (f'<svg class="mn-icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" '
            f'focusable="false">{_ICON_PATHS[name]}</svg>')


def message_html(text: str, kind: str = "info") -> str:
    """An accessible message: an icon and a word, never colour alone."""
    icons = {"info": ("info", "Note"), "error": ("warning", "Check your input"), "ok": ("ok", "Done")}
    icon, word = icons[kind]
    return (
        f'<div class="mn-message mn-{kind}" role="status">'
        f"{icon_html(icon)} <strong>{word}:</strong> {html.escape(text)}</div>"
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


class TitledImage(W.Image):
    """An image widget whose ``tooltip`` becomes the ``<img>``'s ``title`` — its accessible name.

    ipywidgets' ImageView only sets the title when the model has an empty ``description``, which Image lacks (a
    tooltip on a plain Image breaks the view with "Cannot read properties of undefined"); this adds it.
    """

    description = traitlets.Unicode("").tag(sync=True)


class FigurePane:
    """A widget's figure: an SVG image whose accessible name (``title``, also shown on hover) is the figure's
    text alternative, with the same text as a visible caption underneath. Cleared, the image is hidden (an
    empty image would show the browser's broken-image icon)."""

    def __init__(self, max_width: str) -> None:
        self.image = TitledImage(format="svg+xml", layout=W.Layout(max_width=max_width, display="none"))
        self.image.add_class("mn-figure-image")
        self.caption = W.HTML()

    def show(self, fig: Figure) -> None:
        from ..plots import alt_text, to_svg

        self.show_rendered(to_svg(fig), alt_text(fig))

    def show_rendered(self, svg: bytes, description: str) -> None:
        """Show an already rendered figure (for widgets that cache renders)."""
        if not description.strip():
            raise ValueError("a widget figure needs its text alternative")
        self.image.value = svg
        self.image.tooltip = description
        self.image.layout.display = None
        self.caption.value = f"<small><em>Figure: {html.escape(description)}</em></small>"

    def clear(self) -> None:
        self.image.layout.display = "none"
        self.image.value = b""
        self.image.tooltip = None
        self.caption.value = ""
