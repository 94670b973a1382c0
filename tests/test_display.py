"""Figures reach the trainee as images with a text alternative, on both display paths (notebook output and widget)."""

from __future__ import annotations

import base64
import re

import pytest
from matplotlib.figure import Figure

from microneedling.notebook import fact_appendix_markdown
from microneedling.plots import figure_mimebundle, to_svg, with_alt_text
from microneedling.widgets.base import FigurePane


def small_figure(alt: str = "A rising line from 0 to 1.") -> Figure:
    fig = Figure(figsize=(3, 2))
    ax = fig.add_subplot()
    ax.plot([0, 1], [0, 1])
    ax.set_title("Test")
    return with_alt_text(fig, alt) if alt else fig


def test_a_figure_output_is_html_image_svg_and_its_description():
    bundle = figure_mimebundle(small_figure('Line "a" < b & c.'))
    assert set(bundle) == {"text/html", "image/svg+xml", "text/plain"}
    assert bundle["text/plain"] == 'Figure: Line "a" < b & c.'
    img = re.search(r'<img src="data:image/svg\+xml;base64,([^"]+)" alt="([^"]+)"', bundle["text/html"])
    assert img and img[2] == "Line &quot;a&quot; &lt; b &amp; c."  # escaped: the text cannot break the markup
    assert base64.b64decode(img[1]).decode() == bundle["image/svg+xml"]
    assert "<figcaption>" in bundle["text/html"] and "<Figure" not in str(bundle)


def test_a_figure_without_a_text_alternative_is_refused():
    with pytest.raises(ValueError, match="no text alternative"):
        figure_mimebundle(small_figure(alt=""))


def test_the_same_figure_renders_to_the_same_svg():
    assert to_svg(small_figure()) == to_svg(small_figure())


def test_a_widget_figure_is_titled_with_its_description_and_hidden_when_cleared():
    pane = FigurePane("400px")
    assert pane.image.layout.display == "none"  # nothing to show yet: no broken-image icon
    pane.show(small_figure())
    assert bytes(pane.image.value).lstrip().startswith(b"<?xml")
    assert pane.image.tooltip == "A rising line from 0 to 1." and pane.image.layout.display is None
    assert "Figure: A rising line from 0 to 1." in pane.caption.value
    pane.clear()
    assert pane.image.layout.display == "none" and bytes(pane.image.value) == b"" and pane.caption.value == ""
    with pytest.raises(ValueError):
        pane.show(small_figure(alt=""))


def test_fact_appendix_is_folded_and_cites_every_statement():
    from microneedling.course import module
    from microneedling.facts import Fact, registry

    text = fact_appendix_markdown("03_devices_and_needle_depth")
    assert text.startswith("<details><summary>Fact appendix: ") and text.rstrip().endswith("</details>")
    reg = registry()
    facts = [r for r in reg.in_topics(module("03_devices_and_needle_depth").fact_topics)
             if isinstance(r, Fact) and r.statement]
    rows = [line for line in text.splitlines() if line.startswith("| ") and not line.startswith("| Statement")]
    assert len(rows) == len(facts) == int(re.search(r"Fact appendix: (\d+)", text)[1])
    for fact in facts:
        assert any(fact.statement.replace("|", "\\|") in row and reg.cite(fact.id) in row for row in rows), \
            f"{fact.id}: no row with its statement and citation"
