"""One-call tables for lessons 08-09: the triage rules at a glance and the treatment options by scar type.
Each row carries its citation and, when the evidence is not confirmed, its caveat."""

from __future__ import annotations

from IPython.display import Markdown, display

from .facts import registry
from .model.selection import scar_options
from .model.triage import LEVEL_SHORT, LEVELS, SIGNS, rules
from .notebook import cited, markdown_table
from .widgets.complication_triage import days_text


def triage_rules_markdown() -> str:
    """Every triage rule, most urgent level first: sign, days, level, what it may be, what to do (and, in
    italics, what not to do), source."""
    ordered = sorted(rules(), key=lambda r: (-LEVELS.index(r.level), list(SIGNS).index(r.sign), r.from_day))
    return markdown_table(
        ["Level", "The client reports", "When", "May be", "What to do", "Source"],
        ([LEVEL_SHORT[r.level], SIGNS[r.sign], days_text(r), r.concern,
          r.action + (f"<br>*{r.avoid}*" if r.avoid else ""), cited(r)] for r in ordered),
    )


def show_triage_rules() -> None:
    display(Markdown(triage_rules_markdown()))


def scar_options_markdown() -> str:
    reg = registry()
    rows = []
    for option in scar_options():
        refs = dict.fromkeys(k for f in option.basis for k in reg.record(f).refs)
        labels = "; ".join(dict.fromkeys(reg.reference(k).label for k in refs))
        caveat = f" *({option.status.caveat})*" if option.status.caveat else ""
        rows.append([option.scar, option.needling_alone, option.better_tools, f"[{labels}]{caveat}"])
    return markdown_table(["Scar", "Microneedling alone", "Better suited", "Source"], rows)


def show_scar_options() -> None:
    display(Markdown(scar_options_markdown()))
