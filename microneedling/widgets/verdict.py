"""Feedback on a trainee's clinical judgement, kept apart from input problems.

``base.message_html(..., "error")`` says "Check your input": right for a cleared date or a missing choice, wrong
for a decision that is well-formed but clinically mistaken. These messages say what kind of feedback they are in
words (a symbol is decoration, hidden from screen readers), so nothing depends on colour or on an emoji font.
"""

from __future__ import annotations

import html

VERDICTS: dict[str, tuple[str, str]] = {
    "correct": ("✓", "Correct"),
    "partly": ("~", "Partly right"),
    "wrong": ("✗", "Not quite"),
    "refused": ("✗", "Not booked"),
}


def verdict_html(text: str, verdict: str) -> str:
    """A judgement on the trainee's answer (``correct``, ``partly``, ``wrong``) or a clinical refusal
    (``refused``), as an accessible status message."""
    icon, word = VERDICTS[verdict]
    return (f'<div class="mn-judgement mn-judgement-{verdict}" role="status">'
            f"<span aria-hidden='true'>{icon}</span> <strong>{word}:</strong> {html.escape(text)}</div>")
