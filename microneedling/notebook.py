"""One-line helpers that lesson notebooks call to show cited facts, figures and references."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from IPython.display import Markdown, display
from matplotlib.figure import Figure

from .course import module
from .facts import Record, registry
from .plots import alt_text


def cited(record: Record) -> str:
    """A record's in-text citation and, if it is not confirmed, its caveat in words."""
    caveat = f" *({record.status.caveat})*" if record.status.caveat else ""
    return f"{registry().cite(record.id)}{caveat}"


def fact_markdown(fact_id: str) -> str:
    """A fact's statement with its in-text citation and, if not confirmed, its caveat."""
    fact = registry().fact(fact_id)
    return f"{fact.statement} {cited(fact)}"


def markdown_table(header: Sequence[str], rows: Iterable[Iterable[str]]) -> str:
    """A Markdown table; pipes and line breaks inside cells are escaped so rows stay intact."""
    def cell(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def show_facts(*fact_ids: str) -> None:
    """Display facts as a bulleted list, each with its citation."""
    display(Markdown("\n".join(f"- {fact_markdown(f)}" for f in fact_ids)))


def show_figure(fig: Figure) -> None:
    """Display a figure followed by its one-sentence text alternative."""
    display(fig)
    display(Markdown(f"*Figure description: {alt_text(fig)}*"))


def references_markdown(lesson_id: str, extra: Iterable[Record] = ()) -> str:
    """Numbered reference list for a lesson: every reference its fact topics (and ``extra``) cite."""
    reg = registry()
    records = [*reg.in_topics(module(lesson_id).fact_topics), *extra]
    refs = reg.references_for(records)
    lines = [f"{n}. {ref.markdown()}" for n, ref in enumerate(refs, start=1)]
    return "\n".join(lines) if lines else "_No references for this lesson yet._"


def show_references(lesson_id: str) -> None:
    display(Markdown(references_markdown(lesson_id)))


def bibliography_markdown() -> str:
    """Every reference of the course, numbered, with the lessons whose facts cite it."""
    from .course import LESSONS

    reg = registry()
    cited_in: dict[str, list[str]] = {}
    for lesson in LESSONS:
        for ref in reg.references_for(reg.in_topics(lesson.fact_topics)):
            cited_in.setdefault(ref.key, []).append(lesson.id[:2])
    refs = sorted(reg.references.values(), key=lambda r: (r.authors.lower(), str(r.year)))
    return "\n".join(
        f"{n}. {ref.markdown()} — *lessons {', '.join(cited_in.get(ref.key, [])) or 'quizzes only'}*"
        for n, ref in enumerate(refs, start=1)
    )


def show_bibliography() -> None:
    display(Markdown(bibliography_markdown()))




def learning_path_markdown() -> str:
    """Table of lessons and graded quizzes with time estimates and links."""
    from .course import LESSONS, QUIZZES

    rows = ["| # | Module | Time | Open |", "|---|---|---|---|"]
    for index, mod in enumerate((*LESSONS, *QUIZZES)):
        label = mod.id[:2] if mod.kind == "lesson" else f"Q{index - len(LESSONS) + 1}"
        rows.append(f"| {label} | {mod.title} | {mod.minutes} min | [{mod.path.split('/')[-1]}](../{mod.path}) |")
    total = sum(m.minutes for m in (*LESSONS, *QUIZZES))
    rows.append(f"| | **Total** | **{total / 60:.1f} h** | |")
    return "\n".join(rows)


def show_learning_path() -> None:
    display(Markdown(learning_path_markdown()))


__all__ = [
    "bibliography_markdown",
    "cited",
    "fact_markdown",
    "learning_path_markdown",
    "markdown_table",
    "references_markdown",
    "show_bibliography",
    "show_facts",
    "show_figure",
    "show_learning_path",
    "show_references",
]
