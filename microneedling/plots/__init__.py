"""Figures for lessons, widgets and reports.

Every plotting function takes model output and returns a :class:`matplotlib.figure.Figure`
(never calls ``plt.show``) with a title, labelled axes with units, and a one-sentence text
alternative attached with :func:`with_alt_text` and read back with :func:`alt_text`.
Figures are built with ``Figure()`` directly, not pyplot, so widgets leak no global state.
"""

from __future__ import annotations

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
        fig.savefig(buffer, format="svg")
    return buffer.getvalue()
