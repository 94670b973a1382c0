"""Facts, banks and notebooks of lessons 01-03 hold together: ids resolve, statuses are kept, banks are valid."""

from __future__ import annotations

import tomllib

import nbformat
import pytest

from microneedling.course import module
from microneedling.facts import Status, registry
from microneedling.facts.kinds.science import DeviceType, HealingPhase, Indication, RegionRule, SkinThickness
from microneedling.facts.registry import DATA_DIR
from microneedling.model.anatomy import regions
from microneedling.quiz.bank import load_bank
from tests.conftest import ROOT

LESSONS = ("01_skin_and_wound_healing", "02_indications_and_evidence", "03_devices_and_needle_depth")


def test_topic_files_match_the_course_map():
    topics = {t for lesson in LESSONS for t in module(lesson).fact_topics} - {"course"}
    assert topics == {"skin", "healing", "indications", "skin_types", "claims", "devices", "depth", "regulation"}
    for topic in topics:
        assert registry().in_topics([topic]), f"no records in {topic}.toml"


def test_science_references_do_not_redefine_shared_keys():
    with (DATA_DIR / "references_science.toml").open("rb") as handle:
        keys = [r["key"] for r in tomllib.load(handle)["reference"]]
    assert len(keys) == len(set(keys))
    assert {"skinpen_labeling", "skinpen_study_summary", "meng2022", "kalluri2011"} <= set(keys)
    assert not {"litchman2024", "hou2017", "cfr_878_4430", "fda_den160029"} & set(keys)


def test_cross_references_resolve():
    reg = registry()
    valid_regions = set(regions())
    for rule in reg.of_kind(RegionRule):
        assert set(rule.regions) <= valid_regions, rule.id
    for device in reg.of_kind(DeviceType):
        for fact_id in device.cells.values():
            reg.fact(fact_id)
    for phase in reg.of_kind(HealingPhase):
        for fact_id in phase.related:
            reg.record(fact_id)
    for indication in reg.of_kind(Indication):
        for fact_id in indication.studies:
            reg.record(fact_id)


def test_dossier_flags_are_kept():
    reg = registry()
    assert reg.record("indications.goodman_baron.1").status is Status.SECONDARY  # grade text via reproductions
    assert reg.record("devices.rf.insulation").status is Status.UNVERIFIED
    assert reg.record("depth.range.melasma").status is Status.UNVERIFIED
    assert reg.record("regulation.rf.safety_communication").status is Status.SECONDARY
    assert reg.record("claims.collagen_400").status is Status.SECONDARY
    assert reg.record("depth.region.orbital_rim").status is Status.CONFIRMED


def test_meng_rows_sum_to_the_dossier_totals():
    # Table 2A gives totals as simple sums; spot-check two of them against the rows.
    rows = {(r.region, r.sex): r for r in registry().of_kind(SkinThickness)}
    assert rows["forehead", "male"].epidermis_mm + rows["forehead", "male"].dermis_mm == pytest.approx(1.39)
    assert rows["eyelid", "female"].epidermis_mm + rows["eyelid", "female"].dermis_mm == pytest.approx(0.75)


@pytest.mark.parametrize("lesson", LESSONS)
def test_bank_has_six_questions_of_three_types_on_confirmed_facts(lesson):
    bank = load_bank(lesson)
    assert len(bank.questions) >= 6
    assert len({type(q).__name__ for q in bank.questions}) >= 3
    reg = registry()
    for question in bank.questions:
        assert question.facts, question.id
        assert all(reg.record(f).status is Status.CONFIRMED for f in question.facts), question.id


@pytest.mark.parametrize("lesson", LESSONS)
def test_notebook_teaches_in_prose_with_decisions_figures_and_an_appendix(lesson):
    nb = nbformat.read(ROOT / module(lesson).path, as_version=4)
    markdown = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    for heading in ("Time needed", "Prerequisites", "Learning objectives", "## 1.", "Worked example",
                    "Your decision", "Reference tables", "Key points", "Self-check", "What's next", "References"):
        assert heading in markdown, f"{lesson} lacks {heading!r}"
    assert markdown.count("<details>") >= 1 and "</details>" in markdown  # decisions reveal reasoning on request
    code = [c.source for c in nb.cells if c.cell_type == "code"]
    assert code[0] == "from microneedling.lesson import *"
    assert f'self_check("{lesson}")' in code and code[-1] == f'show_lesson_references("{lesson}")'
    assert f'show_fact_appendix("{lesson}")' in code  # fact lists live in the appendix, not the lesson body
    assert not any(c.startswith("show_facts(") for c in code)
    assert any(c.startswith(("show_cross_section(", "show_thickness_chart(")) or c.endswith("()") for c in code[1:])
    words = len(markdown.split())
    assert words > 1200, f"{lesson}: {words} words of prose — a lesson teaches in prose"


def test_lesson_references_include_the_facts_a_lesson_links_to():
    from microneedling.science_tables import linked_records

    linked = {r.id for r in linked_records("03_devices_and_needle_depth")}
    assert {"selection.txa.prescriber_led", "practice.scope.california", "skin.meng.forehead.female"} <= linked
    linked = {r.id for r in linked_records("02_indications_and_evidence")}
    assert {"selection.minoxidil.off_label_combination", "regulation.us.authorised_uses"} <= linked


# --- self-check banks: judgement, not giveaways or trivia (issue 10 item 13) ---------------------------------

TRIVIA_FACTS = {  # numbers that test recall of a study detail, not competence
    "depth.roller.rat_channel_depth", "healing.channels.rat_closed_770", "regulation.us.den160029_review_days",
    "devices.roller.punctures_per_pass", "skin_types.pih.vs_1340_laser",
}


def _choice_questions(lesson):
    from microneedling.quiz.questions import MultipleChoice, SingleChoice

    return [q for q in load_bank(lesson).questions if isinstance(q, (SingleChoice, MultipleChoice))]


@pytest.mark.parametrize("lesson", LESSONS)
def test_the_correct_option_is_never_the_longest(lesson):
    from microneedling.quiz.questions import SingleChoice

    for question in _choice_questions(lesson):
        lengths = {o.id: len(o.text) for o in question.options}
        keys = [question.key] if isinstance(question, SingleChoice) else list(question.key)
        longest = max(lengths.values())
        assert not all(lengths[k] == longest for k in keys), f"{question.id}: the key is the longest option"
        if isinstance(question, SingleChoice):
            assert max(lengths.values()) <= 1.6 * min(lengths.values()), f"{question.id}: option lengths differ a lot"


@pytest.mark.parametrize("lesson", LESSONS)
def test_questions_are_judgement_items_not_trivia(lesson):
    from microneedling.quiz.questions import Numeric

    bank = load_bank(lesson)
    for question in bank.questions:
        assert not (isinstance(question, Numeric) and question.key_fact in TRIVIA_FACTS), question.id
    scenarios = [q for q in bank.questions
                 if any(word in q.stem.lower() for word in ("client", "colleague", "woman", "leaflet", "cosmetologist"))]
    assert len(scenarios) >= len(bank.questions) * 0.6, f"{lesson}: most questions put the trainee in a situation"


@pytest.mark.parametrize("lesson", LESSONS)
def test_no_question_answers_another(lesson):
    """A key's wording must not appear among another question's options or stem (issue 13: 'Q2 answered by Q1')."""
    from microneedling.quiz.questions import SingleChoice

    questions = load_bank(lesson).questions
    for question in questions:
        if not isinstance(question, SingleChoice):
            continue
        key_text = next(o.text for o in question.options if o.id == question.key).lower()
        for other in questions:
            if other is question:
                continue
            shown = " ".join([other.stem, *(o.text for o in getattr(other, "options", ()))]).lower()
            assert key_text not in shown, f"{other.id} shows the answer to {question.id}"


@pytest.mark.parametrize("lesson", LESSONS)
def test_numbers_in_questions_come_from_the_facts(lesson):
    """Every number a question shows matches a fact it cites or a fact of the lesson's topics (or the skin table)."""
    from microneedling.quiz.questions import FreeText
    from tests import lesson_rules

    reg = registry()
    topic_quantities = [q for r in reg.in_topics((*module(lesson).fact_topics, "skin")) for q in
                        lesson_rules.record_quantities(r)]
    for question in load_bank(lesson).questions:
        own = [q for f in question.facts for q in lesson_rules.record_quantities(reg.record(f))]
        texts = [question.stem, question.explanation, *(o.text for o in getattr(question, "options", ())),
                 *(o.feedback or "" for o in getattr(question, "options", ()))]
        if isinstance(question, FreeText):
            texts.append(question.model_answer)
        for text in texts:
            for quantity in lesson_rules.quantities(text):
                assert lesson_rules.matches(quantity, own) or lesson_rules.matches(quantity, topic_quantities), \
                    f"{question.id}: {quantity.text!r} matches no fact"


# --- issue 10: what the lessons now say ------------------------------------------------------------------------

def _markdown(lesson: str) -> str:
    """The lesson's prose as a reader sees it: one line, without Markdown emphasis."""
    nb = nbformat.read(ROOT / module(lesson).path, as_version=4)
    text = " ".join(c.source for c in nb.cells if c.cell_type == "markdown")
    return " ".join(text.replace("**", "").replace("*", "").split())


def test_drug_adjuncts_are_labelled_prescriber_led_and_off_label():
    """Item 1: tranexamic acid and minoxidil with needling are never presented as routine protocols."""
    from microneedling.model.depth import assess_depth
    from microneedling.science_tables import depth_ranges_markdown

    reg = registry()
    melasma = reg.record("depth.range.melasma")
    assert melasma.adjunct == "selection.txa.prescriber_led"
    assert "prescriber-led" in reg.record(melasma.adjunct).statement
    table = depth_ranges_markdown()
    assert "Drug adjunct" in table and "prescriber-led" in table and "off-label" in table
    verdict = assess_depth("melasma", "zygoma", "female", "pen", 0.5)
    assert any("prescriber-led" in c.text for c in verdict.cautions)
    assert "prescriber-led, off-label" in reg.fact("depth.alopecia.roller").statement
    lesson = _markdown("03_devices_and_needle_depth")
    assert "prescriber-led, off-label adjuncts" in lesson and "not microneedling protocols" in lesson
    assert "prescriber-led, off-label drug treatments" in _markdown("02_indications_and_evidence")


def test_lesson_03_states_scope_and_off_label_uses_plainly():
    """Item 10: neck, scalp, stretch marks, melasma and décolletage are outside the authorised uses; who may needle
    varies by jurisdiction."""
    lesson = _markdown("03_devices_and_needle_depth")
    assert ("the neck, the scalp, stretch marks, melasma and the décolletage are outside the FDA-authorised uses"
            in lesson)
    assert "Who may needle depends on where you work" in lesson
    for place in ("England", "California", "Texas", "Utah"):
        assert place in lesson
    from microneedling.science_tables import linked_records

    linked = {r.id for r in linked_records("03_devices_and_needle_depth")}
    assert {"practice.scope.uk_licensing", "practice.scope.california", "practice.scope.off_label_disclosure"} <= linked


def test_no_roller_depth_from_the_rat_figure_in_the_lessons():
    """Item 3: the rat measurement is taught as one animal measurement, never as a human depth."""
    for lesson in LESSONS:
        text = _markdown(lesson)
        assert "0.296" not in text and "roller reaches" not in text
    lesson = _markdown("03_devices_and_needle_depth")
    assert "uncertain" in lesson and "hairless-rat" in lesson and "a single facelift patient" in lesson


def test_item_11_facts_are_corrected():
    reg = registry()
    neck = reg.record("depth.region.neck")
    assert "not because its skin is thinner" in neck.text
    strength = reg.fact("healing.acute.scar_strength")
    assert strength.value == (70, 80) and "50 %" not in strength.statement
    assert reg.fact("skin_types.fitzpatrick.us_most_common").refs == ("statpearls_fitzpatrick",)
    # One barrier-window inference, one status: the aftercare fact; the duplicate in healing.toml is gone.
    assert "healing.channels.barrier_window" not in reg.records
    windows = [r for r in reg.records.values()
               if "measurably" in getattr(r, "statement", "") and "1-3 days" in getattr(r, "statement", "")]
    assert [r.id for r in windows] == ["aftercare.barrier_rationale"]
