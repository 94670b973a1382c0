"""Figures for lessons, widgets and reports.

Every plotting function takes model output and returns a :class:`matplotlib.figure.Figure`
(never calls ``plt.show``) with a title, labelled axes with units, and a one-sentence text
alternative attached with :func:`with_alt_text` and read back with :func:`alt_text`.
Figures are built with ``Figure()`` directly, not pyplot, so widgets leak no global state.
"""

from __future__ import annotations

import base64
import html
import io

import matplotlib
from matplotlib.figure import Figure

# Okabe–Ito colour-blind-safe palette.
PALETTE: dict[str, str] = {
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "black": "#000000",
    "grey": "#999999",
}
CYCLE: tuple[str, ...] = (
    PALETTE["blue"], PALETTE["orange"], PALETTE["green"], PALETTE["vermillion"],
    PALETTE["purple"], PALETTE["sky_blue"], PALETTE["yellow"], PALETTE["grey"],
)


def with_alt_text(fig: Figure, text: str) -> Figure:
    """Attach the figure's one-sentence text alternative."""
    if not text.strip():
        raise ValueError("a figure needs a non-empty text alternative")
    fig.alt_text = text  # type: ignore[attr-defined]
    return fig


def alt_text(fig: Figure) -> str:
    """The text alternative attached by :func:`with_alt_text` ('' when missing)."""
    return getattr(fig, "alt_text", "")


def to_svg(fig: Figure) -> bytes:
    """Render a figure to SVG with text kept as text: the browser draws the glyphs, so figures with many
    labels render several times faster than as PNG (for ``ipywidgets.Image(format="svg+xml")``)."""
    buffer = io.BytesIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "microneedling"}):
        fig.savefig(buffer, format="svg", metadata={"Date": None})  # no timestamp: same figure, same bytes
    return buffer.getvalue()


def figure_html(svg: bytes, description: str) -> str:
    """A figure as HTML: the SVG as an ``<img>`` whose ``alt`` is the text alternative, captioned with it.

    An ``<img>`` (not inline SVG) keeps matplotlib's element ids from clashing between figures on one page.
    """
    source = "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")
    text = html.escape(description)
    return (
        f'<figure class="mn-figure" style="margin: 0.5em 0">'
        f'<img src="{source}" alt="{text}" style="max-width: 100%; height: auto">'
        f'<figcaption><small><em>Figure: {text}</em></small></figcaption></figure>'
    )


def figure_mimebundle(fig: Figure) -> dict[str, str]:
    """What a notebook output of ``fig`` holds: HTML (image with alt text and caption, preferred by
    JupyterLab, Voilà and nbconvert), the SVG itself, and the text alternative as plain text."""
    description = alt_text(fig)
    if not description:
        raise ValueError("this figure has no text alternative: attach one with with_alt_text(fig, '...')")
    svg = to_svg(fig)
    return {
        "text/html": figure_html(svg, description),
        "image/svg+xml": svg.decode("utf-8"),
        "text/plain": f"Figure: {description}",
    }
