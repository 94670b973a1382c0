"""Written answers shown to graders and in feedback as inert text, never as live HTML, Markdown or maths.

The text is escaped by nh3 (the maintained Rust "ammonia" sanitiser): every character HTML treats specially —
``<``, ``>``, ``&``, quotes, ``=``, backticks, spaces and line breaks — becomes an entity, so no tag, attribute
or entity the trainee typed survives. The result sits in a ``<pre>`` block: Markdown leaves an HTML block alone,
MathJax skips ``<pre>``, and the line breaks show. ``$`` is the one character nh3 leaves that JupyterLab's
Markdown renderer reads as maths before it sees the HTML, so it becomes an entity too.
"""

from __future__ import annotations

import nh3

CSS_CLASS = "mn-written-answer"


def inert_markdown(text: str) -> str:
    """Markdown for a trainee's written answer that renders exactly the characters typed, and nothing else."""
    escaped = nh3.clean_text(text).replace("$", "&#36;")
    return f'<pre class="{CSS_CLASS}" style="white-space: pre-wrap; font-family: inherit;">{escaped}</pre>'
