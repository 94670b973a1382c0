"""Tables and figures for lessons 01-03, rendered from the cited facts (one-line calls in the notebooks).

Every table row carries its citation and, when the record is not confirmed, its caveat in words; every figure
carries its text alternative.
"""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

from IPython.display import Markdown, display

from .course import module
from .facts import Record, registry
from .facts.kinds.science import (
    Claim,
    DepthRange,
    HealingPhase,
    Indication,
    Phototype,
    RegionRule,
    ScarGrade,
    ScarType,
    SkinThickness,
)
from .model.anatomy import regions, sex_split_profiles
from .model.depth import penetration
from .notebook import cited, markdown_table, references_markdown, show_figure
from .plots.science import depth_cross_section, thickness_figure


def thickness_markdown() -> str:
    """The ultrasound table by region and sex (mean mm, with epidermis + dermis totals), plus regions measured
    without a sex split."""
    records = registry().of_kind(SkinThickness)
    by_region: dict[str, dict[str, SkinThickness]] = {}
    for r in records:
        by_region.setdefault(r.region, {})[r.sex] = r
    rows = []
    for sexes in by_region.values():
        if "any" in sexes:
            r = sexes["any"]
            epidermis = (f"{r.total_mm - r.dermis_mm:.2f} (total − dermis)" if r.epidermis_mm is None
                         else f"{r.epidermis_mm:.2f}")
            total = f"{r.total_mm:.2f}" if r.total_mm is not None else "—"
            rows.append((r.label, f"{epidermis} / same", f"{r.dermis_mm:.2f} / same", f"{total} / same",
                         f"{r.method} {cited(r)}"))
        else:
            f, m = sexes["female"], sexes["male"]
            rows.append((f.label, f"{f.epidermis_mm:.2f} / {m.epidermis_mm:.2f}", f"{f.dermis_mm:.2f} / {m.dermis_mm:.2f}",
                         f"**{f.total_mm:.2f}** / **{m.total_mm:.2f}**", f"{f.method} {cited(f)}"))
    return markdown_table(("Region", "Epidermis, women / men (mm)", "Dermis, women / men (mm)",
                           "Total, women / men (mm)", "Method and source"), rows)


def healing_phases_markdown() -> str:
    rows = []
    for p in sorted(registry().of_kind(HealingPhase), key=lambda p: p.order):
        end = f"{p.end_day:g}" if p.end_day is not None else "open"
        rows.append((p.name, f"{p.start_day:g}–{end}", p.events, cited(p)))
    return markdown_table(("Phase", "Days (device maker's timeline)", "What happens", "Source"), rows)


def depth_ranges_markdown() -> str:
    reg = registry()
    rows = []
    for r in reg.of_kind(DepthRange):
        note = r.note
        if r.adjunct:
            adjunct = reg.record(r.adjunct)
            note = f"{note} **Drug adjunct:** {adjunct.statement} {cited(adjunct)}"
        rows.append((r.label, f"{r.min_mm:g}–{r.max_mm:g}", ", ".join(r.areas), note, cited(r)))
    return markdown_table(("Indication", "Set depth reported (mm)", "Reported for", "Notes", "Source"), rows)


def region_rules_markdown() -> str:
    labels = {"do_not_treat": "Do not treat", "caution": "Caution"}
    names = regions()
    rows = [(", ".join(names[k] for k in r.regions), labels[r.action], r.text, cited(r))
            for r in registry().of_kind(RegionRule)]
    return markdown_table(("Regions", "Rule", "Why", "Source"), rows)


def indications_markdown() -> str:
    """One row per use: strength of evidence, its studies by design and size, and FDA authorisation."""
    from .facts.kinds.science import STUDY_DESIGNS
    from .model.evidence import evidence_for

    rows = []
    for ind in registry().of_kind(Indication):
        found = evidence_for(ind.id)
        studies = "; ".join(f"{s.label} ({STUDY_DESIGNS[s.design].split(' (')[0].lower()}"
                            + (f", n = {s.n:,}" if s.n else "") + ")" for s in found.studies) or "none"
        rows.append((ind.name, ind.strength, studies, ind.authorised, cited(ind)))
    return markdown_table(("Use", "Strength of evidence", "Key studies (design, size)", "FDA-authorised use?",
                           "Source"), rows)


def claims_markdown() -> str:
    rows = [(f"“{c.claim}”", c.verdict, c.evidence, cited(c)) for c in registry().of_kind(Claim)]
    return markdown_table(("Claim", "Verdict", "What the evidence supports", "Source"), rows)


def phototypes_markdown() -> str:
    rows = [(p.numeral, p.description, cited(p)) for p in registry().of_kind(Phototype)]
    return markdown_table(("Type", "Typical description", "Source"), rows)


def scar_grades_markdown() -> str:
    rows = [(str(g.grade), g.name, g.description, cited(g))
            for g in sorted(registry().of_kind(ScarGrade), key=lambda g: g.grade)]
    return markdown_table(("Grade", "Name", "Description", "Source"), rows)


def scar_types_markdown() -> str:
    rows = [(t.name, t.shape, t.description, cited(t)) for t in registry().of_kind(ScarType)]
    return markdown_table(("Type", "Shape", "Description", "Source"), rows)


TABLES = {
    "thickness": thickness_markdown,
    "healing_phases": healing_phases_markdown,
    "depth_ranges": depth_ranges_markdown,
    "region_rules": region_rules_markdown,
    "indications": indications_markdown,
    "claims": claims_markdown,
    "phototypes": phototypes_markdown,
    "scar_grades": scar_grades_markdown,
    "scar_types": scar_types_markdown,
}


def show_thickness_chart() -> None:
    """The ultrasound thickness of epidermis and dermis by region, women and men side by side."""
    show_figure(thickness_figure(sex_split_profiles()))


def show_cross_section(region: str, sex: str, device: str, set_depth_mm: float) -> None:
    """A to-scale cross-section of the skin at ``region`` with the needle of ``device`` set to ``set_depth_mm``."""
    show_figure(depth_cross_section(penetration(region, sex, device, set_depth_mm)))


def show_table(name: str) -> None:
    """Display one of the science tables by name (``ValueError`` lists the names)."""
    if name not in TABLES:
        raise ValueError(f"unknown table {name!r}; valid tables: {list(TABLES)}")
    display(Markdown(TABLES[name]()))


FACTS_DIRECTIVE = re.compile(r"<!--\s*facts\s*:(.*?)-->", re.DOTALL | re.IGNORECASE)
REPOSITORY = Path(__file__).resolve().parents[1]


def linked_records(lesson_id: str) -> list[Record]:
    """Records outside a lesson's fact topics that the lesson still teaches: those its own records point to by id
    (an indication's notes, a depth range's drug adjunct, …) and those its prose names in ``<!-- facts: … -->``."""
    reg = registry()
    lesson = module(lesson_id)
    own = reg.in_topics(lesson.fact_topics)
    wanted: dict[str, None] = {}
    for record in own:
        for field in dataclasses.fields(record):
            if field.name in ("id", "refs", "topic", "status", "addendum"):
                continue
            value = getattr(record, field.name)
            values = value if isinstance(value, tuple) else value.values() if isinstance(value, dict) else (value,)
            for item in values:
                if isinstance(item, str) and "." in item and item in reg.records:  # ids are dotted
                    wanted[item] = None
    notebook = REPOSITORY / lesson.path
    if notebook.exists():
        for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
            text = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            if cell["cell_type"] == "markdown":
                for directive in FACTS_DIRECTIVE.findall(text):
                    wanted.update(dict.fromkeys(i.strip() for i in directive.split(",") if i.strip() in reg.records))
    topics = set(lesson.fact_topics)
    return [reg.record(i) for i in wanted if reg.record(i).topic not in topics]


def show_lesson_references(lesson_id: str) -> None:
    """The lesson's numbered references: its fact topics plus every fact it links to or names in its prose."""
    display(Markdown(references_markdown(lesson_id, extra=linked_records(lesson_id))))
