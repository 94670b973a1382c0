"""One-call tables, worked examples and figures for the protocol lessons (04-07).

Each is built from the cited facts and the models, so a lesson shows what the package computes: a table row
carries its citation and, when not confirmed, its caveat; a worked example is the screening model's own answer.
"""

from __future__ import annotations

import datetime as dt
import html

from IPython.display import HTML, Markdown, display
from matplotlib.figure import Figure

from .facts import registry
from .facts.kinds.protocol import ACTION_LABELS, AdverseEffect, TreatmentProtocol
from .model.aftercare import all_rules, handout, rules_in_force
from .model.planning import STERILE_RULE, conditions, plan_treatment, protocols
from .model.procedure import must_precede, steps
from .model.screening import MODALITY_NAMES, client_case, contraindications, screen_case
from .notebook import cited, markdown_table, references_markdown
from .plots.protocol import (
    aftercare_timeline_figure,
    procedure_order_figure,
    series_calendar_figure,
    waiting_periods_figure,
)

# Facts outside a lesson's own topics (course.py) that its prose teaches: their sources join its reference list.
LESSON_EXTRA_FACTS: dict[str, tuple[str, ...]] = {
    "04_consultation_and_preparation": (
        "cautions.antithrombotics.never_stop", "cautions.antithrombotics.bleeding_rates",
        "cautions.supplements.bleeding", "cautions.koebner.definition", "cautions.koebner.needle_pricks",
        "cautions.koebner.other_conditions", "cautions.clinic_list_conventions", "cautions.tattoo_no_evidence",
        "cautions.photosensitising_drugs", "cautions.photosensitising_drugs.photoprotection",
        "cautions.bloodborne_infection", "regulation.us.authorised_uses", "practice.bdd.dermatology_screening",
        "practice.bdd.bddq_accuracy", "practice.bdd.procedures_do_not_help", "practice.bdd.prevalence",
        "emergencies.last.cardiac_signs", "emergencies.last.clinic_response", "emergencies.bls.recognise_cardiac_arrest",
        "emergencies.methaemoglobinaemia.clues", "emergencies.emla.cautions",
    ),
    "05_procedure_step_by_step": (
        "infection_prevention.standard_precautions", "infection_prevention.hand_hygiene.when",
        "infection_prevention.hand_hygiene.five_moments", "infection_prevention.gloves_and_ppe",
        "infection_prevention.antt.principles", "infection_prevention.antt.microneedling_key_parts",
        "infection_prevention.spaulding.cartridge_is_critical", "infection_prevention.surfaces",
        "infection_prevention.sharps.no_recapping", "infection_prevention.sharps.containers",
        "infection_prevention.sharps.uk_regulations_2013", "infection_prevention.needlestick.first_aid",
        "infection_prevention.needlestick.phs_guidance", "infection_prevention.hepatitis_b.osha_vaccination",
        "infection_prevention.hepatitis_b.uk", "infection_prevention.no_tap_water",
    ),
    "06_aftercare_and_complications": (
        "complications.expected_vs_persistent", "complications.erythema.prolonged_needs_review",
        "complications.infection.sample_then_refer", "complications.infection.orbital_warning_signs",
        "complications.ntm.late_nodule_plan", "complications.hsv.document_and_plan",
        "complications.pih.management", "complications.pih.prescriber_agents",
        "emergencies.anaphylaxis.recognition", "emergencies.kit.ace_group",
    ),
    "07_treatment_planning": (
        "selection.txa.prescriber_led", "selection.txa.no_consensus", "selection.txa.uk_smpc",
        "selection.minoxidil.off_label_combination", "selection.minoxidil.absorption_warnings",
        "regulation.us.excludes_delivery", "regulation.us.authorised_uses", "practice.scope.off_label_disclosure",
        "selection.acne_scars.combination_is_the_norm", "selection.acne_scars.roller_response_by_type",
    ),
}

# Example dates for worked examples (fixed, so a lesson reads the same every day it is opened).
EXAMPLE_VISIT = dt.date(2026, 3, 2)
EXAMPLE_TREATMENT = dt.datetime(2026, 3, 2, 15, 0)


def contraindications_markdown() -> str:
    def action(c) -> str:
        label = ACTION_LABELS[c.action] + (" (RF only)" if c.modalities == ("rf",) else "")
        return label + (" — *uncertain: the evidence does not settle it*" if c.uncertain else "")

    return markdown_table(
        ["Finding", "Category", "Action", "What to do", "Source"],
        ([c.condition, c.category, action(c), c.precaution, cited(c)] for c in contraindications()),
    )


def procedure_markdown() -> str:
    pairs = must_precede()
    titles = {s.id: s.title for s in steps()}

    def comes_after(step_id: str) -> str:
        direct = [e for e in titles if (e, step_id) in pairs
                  and not any((e, m) in pairs and (m, step_id) in pairs for m in titles)]
        return ", ".join(titles[e] for e in direct) or "—"

    return markdown_table(["#", "Step", "Comes after", "What is done", "Why here", "Source"],
                          ([str(s.order), s.title, comes_after(s.id), s.action, s.reason, cited(s)] for s in steps()))


def aftercare_markdown(hours_after: float) -> str:
    return markdown_table(["Kind", "Rule", "Source"],
                          ([r.kind.replace("_", " "), r.text, cited(r)] for r in rules_in_force(hours_after)))


def adverse_effects_markdown() -> str:
    return markdown_table(["Effect", "Reported frequency", "Detail", "Response", "Source"],
                          ([a.name, a.frequency, a.detail, a.action, cited(a)]
                           for a in registry().of_kind(AdverseEffect)))


def protocols_markdown() -> str:
    def booking(p: TreatmentProtocol) -> str:
        if not p.bookable:
            return f"Not bookable: prescriber-led, off-label {p.prescriber_adjunct}"
        return "Within the FDA-authorised uses" if p.authorised else "Bookable; off-label use of the device"

    return markdown_table(
        ["Indication", "Sessions", "Interval (days)", "Minimum interval (days)", "Results judged (days after last)",
         "Booking", "Basis", "Source"],
        ([p.indication, str(p.sessions), str(p.interval_days), str(p.min_interval_days),
          str(p.review_days_after_last), booking(p), p.basis, cited(p)] for p in registry().of_kind(TreatmentProtocol)),
    )


def drug_protocols_markdown() -> str:
    """The studied protocols that add a prescription drug and why each is not a microneedling booking, fact by
    fact (one list per protocol)."""
    blocks = []
    for p in protocols():
        if p.bookable:
            continue
        items = [f"- {f.statement} {cited(f)}" for f in conditions(p)] + [f"- {STERILE_RULE}"]
        blocks.append(f"**{p.indication}** {cited(p)}: prescriber-led, off-label {p.prescriber_adjunct} "
                      "treatment, not a microneedling booking.\n\n" + "\n".join(items))
    return "\n\n".join(blocks)


def screening_example_markdown(case_id: str) -> str:
    """A written case and the screening model's answer: every action that applies, with its reasons."""
    case = client_case(case_id)
    result = screen_case(case_id, EXAMPLE_VISIT)
    lines = [f"> **{case.title}** — {case.story} *(Requested: {MODALITY_NAMES[case.modality]}.)*", ""]
    for group in result.groups:
        for reason in group.reasons:
            lines.append(f"- **{group.label}** — {reason.finding.condition}: {reason.finding.precaution} "
                         f"{cited(reason.finding)}")
    if result.actions == ("proceed",):
        lines.append("- **Proceed** — nothing in the history or examination calls for a change.")
    lines += ["", f"**The screening model's answer:** {result.summary()}"]
    return "\n".join(lines)


def show_protocol_references(lesson_id: str) -> None:
    """The lesson's numbered references: its own fact topics, the findings its screener offers, and the facts
    from other topics that its prose teaches (``LESSON_EXTRA_FACTS``)."""
    reg = registry()
    extra = [reg.record(fact_id) for fact_id in LESSON_EXTRA_FACTS.get(lesson_id, ())]
    if lesson_id == "04_consultation_and_preparation":
        extra += contraindications()
    display(Markdown(references_markdown(lesson_id, extra)))


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


def show_drug_protocols() -> None:
    display(Markdown(drug_protocols_markdown()))


def show_screening_example(case_id: str) -> None:
    display(Markdown(screening_example_markdown(case_id)))


def show_example_handout() -> None:
    """The one-page client handout for an example treatment (Monday 2 March 2026, 15:00), as printed."""
    text = handout(EXAMPLE_TREATMENT).text()
    display(HTML(f'<pre class="mn-handout" aria-label="Example client handout">{html.escape(text)}</pre>'))


def aftercare_timeline(days: int = 14) -> Figure:
    """The aftercare timeline figure over ``days`` days (displayed as an image with its text alternative)."""
    return aftercare_timeline_figure(all_rules(), days)


def series_calendar(indication: str, start: dt.date = dt.date(2026, 1, 5)) -> Figure:
    """The session calendar of a bookable protocol from ``start`` (displayed as an image with its text
    alternative)."""
    return series_calendar_figure(plan_treatment(indication, start))



def waiting_periods() -> Figure:
    """Every dated wait the case screener knows, in days, marked evidence or convention."""
    return waiting_periods_figure(contraindications())


def procedure_order() -> Figure:
    """The session as a top-to-bottom flow, with the steps the sources leave in either order side by side."""
    return procedure_order_figure(steps(), must_precede())
