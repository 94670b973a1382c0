"""HTML pieces shared by the lesson 01-03 widgets: citations and status caveats."""

from __future__ import annotations

import html
from collections.abc import Iterable

from ..facts import Status, registry


def cite_html(refs: Iterable[str]) -> str:
    """In-text citation such as '[Meng 2022; Lee 2002]', each label linked to its source."""
    reg = registry()
    parts = []
    for key in dict.fromkeys(refs):
        ref = reg.reference(key)
        parts.append(f'<a href="{html.escape(ref.link)}" target="_blank" rel="noopener" '
                     f'title="{html.escape(ref.title)}">{html.escape(ref.label)}</a>')
    return "[" + "; ".join(parts) + "]"


def caveat_html(status: Status) -> str:
    """' (caveat: …)' in words for a record that is not confirmed, '' otherwise."""
    return f' <em class="mn-caveat">(caveat: {html.escape(status.caveat)})</em>' if status.caveat else ""


def note_html(text: str, refs: Iterable[str], status: Status = Status.CONFIRMED) -> str:
    return f"{html.escape(text)} {cite_html(refs)}{caveat_html(status)}"

