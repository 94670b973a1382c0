"""One-line helpers that lesson notebooks call to show cited facts, figures and references.

Importing this module in a kernel also makes any bare matplotlib ``Figure`` display as an image with its text
alternative (instead of ``<Figure size …>`` text, which is what IPython shows when pyplot's inline backend is
not loaded — the course builds figures with ``Figure()``, never pyplot).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from IPython.display import Markdown, display

from .course import module
from .facts import Fact, Record, registry

if TYPE_CHECKING:  # matplotlib loads with the first figure, not with every lesson (time to first widget)
    from matplotlib.figure import Figure


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


def fact_appendix_markdown(lesson_id: str) -> str:
    """Every cited statement of a lesson's fact topics as a table per topic, folded under a summary line —
    the reference appendix that replaces fact lists in the lesson body."""
    reg = registry()
    lesson = module(lesson_id)
    sections = []
    count = 0
    for topic in lesson.fact_topics:
        facts = [r for r in reg.in_topics([topic]) if isinstance(r, Fact) and r.statement]
        if facts:
            title = topic.replace("_", " ").capitalize()
            rows = [(fact.statement, cited(fact)) for fact in facts]
            count += len(rows)
            sections.append(f"**{title}**\n\n{markdown_table(('Statement', 'Source'), rows)}")
    if not sections:
        return "_No cited statements for this lesson yet._"
    body = "\n\n".join(sections)
    return (f"<details><summary>Fact appendix: {count} cited statements behind this lesson "
            f"(select to open)</summary>\n\n{body}\n\n</details>")


def show_fact_appendix(lesson_id: str) -> None:
    """Display the lesson's fact appendix (see :func:`fact_appendix_markdown`)."""
    display(Markdown(fact_appendix_markdown(lesson_id)))


def show_figure(fig: Figure) -> None:
    """Display a figure as an image whose alt text and caption are its one-sentence text alternative.

    The output carries HTML (``<img alt=…>`` + caption), ``image/svg+xml`` and the description as plain text,
    so JupyterLab, Voilà, nbconvert and nbclient all get an image; ``ValueError`` if the figure has no text
    alternative.
    """
    from .plots import figure_mimebundle

    display(figure_mimebundle(fig), raw=True)


def render_figures_as_images() -> None:
    """Make every ``Figure`` displayed in this IPython kernel an image with its text alternative."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython is a dependency of ipywidgets
        return
    shell = get_ipython()
    if shell is not None:  # by type name: registering does not import matplotlib
        shell.display_formatter.mimebundle_formatter.for_type_by_name("matplotlib.figure", "Figure", _figure_bundle)


def _figure_bundle(fig: Figure) -> dict[str, str]:
    from .plots import figure_mimebundle

    return figure_mimebundle(fig)


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
    "fact_appendix_markdown",
    "fact_markdown",
    "learning_path_markdown",
    "markdown_table",
    "references_markdown",
    "render_figures_as_images",
    "show_bibliography",
    "show_fact_appendix",
    "show_facts",
    "show_figure",
    "show_learning_path",
    "show_references",
]

render_figures_as_images()
