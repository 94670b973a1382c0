"""One-line tables for the protocol lessons: contraindications, procedure steps, aftercare, adverse effects,
treatment protocols. Each row carries its citation and, when not confirmed, its caveat."""

from __future__ import annotations

from IPython.display import Markdown, display

from .facts import registry
from .facts.kinds.protocol import ACTION_LABELS, AdverseEffect, TreatmentProtocol
from .model.aftercare import rules_in_force
from .model.procedure import steps
from .model.screening import contraindications
from .notebook import cited, markdown_table


def contraindications_markdown() -> str:
    return markdown_table(
        ["Finding", "Category", "Action", "What to do", "Source"],
        ([c.condition + (" (RF only)" if c.modalities == ("rf",) else ""), c.category, ACTION_LABELS[c.action],
          c.precaution, cited(c)] for c in contraindications()),
    )


def procedure_markdown() -> str:
    return markdown_table(["#", "Step (id)", "What is done", "Why here", "Source"],
                  ([str(s.order), f"{s.title} (`{s.id}`)", s.action, s.reason, cited(s)] for s in steps()))


def aftercare_markdown(hours_after: float) -> str:
    return markdown_table(["Kind", "Rule", "Source"],
                  ([r.kind.replace("_", " "), r.text, cited(r)] for r in rules_in_force(hours_after)))


def adverse_effects_markdown() -> str:
    return markdown_table(["Effect", "Reported frequency", "Detail", "Response", "Source"],
                  ([a.name, a.frequency, a.detail, a.action, cited(a)]
                   for a in registry().of_kind(AdverseEffect)))


def protocols_markdown() -> str:
    return markdown_table(
        ["Indication", "Sessions", "Interval (days)", "Minimum interval (days)", "Results judged (days after last)",
         "Basis", "Source"],
        ([p.indication, str(p.sessions), str(p.interval_days), str(p.min_interval_days),
          str(p.review_days_after_last), p.basis, cited(p)] for p in registry().of_kind(TreatmentProtocol)),
    )


def show_contraindications() -> None:
    display(Markdown(contraindications_markdown()))


def show_procedure_steps() -> None:
    display(Markdown(procedure_markdown()))


def show_aftercare(hours_after: float) -> None:
    display(Markdown(aftercare_markdown(hours_after)))


def show_adverse_effects() -> None:
    display(Markdown(adverse_effects_markdown()))


def show_protocols() -> None:
    display(Markdown(protocols_markdown()))
