"""Show a question's options or items so a trainee can copy the exact value to type."""

from __future__ import annotations

from collections.abc import Mapping

from IPython.display import Markdown, display


def choices_markdown(choices: Mapping[str, str], heading: str = "Options") -> str:
    """A two-column table: the value to type (as Python) and what it means."""
    if not choices:
        raise ValueError("a question needs at least one option")
    rows = [f"| Type this | {heading} |", "|---|---|"]
    rows += [f"| `{key!r}` | {text} |" for key, text in choices.items()]
    return "\n".join(rows)


def show_choices(choices: Mapping[str, str], heading: str = "Options") -> None:
    """Display the options of one question (plain text under nbgrader, a table in JupyterLab)."""
    display(Markdown(choices_markdown(choices, heading)))
