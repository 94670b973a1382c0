"""Lessons 01-03 widgets and figures, driven headless: controls change the state, the verdict and the figure."""

from __future__ import annotations

import html

import pytest

from microneedling.facts import registry
from microneedling.model import depth, devices, evidence, healing
from microneedling.model.aftercare import rules_in_force
from microneedling.plots import alt_text
from microneedling.plots.science import density_figure, depth_cross_section, evidence_figure, healing_timeline
from microneedling.widgets.depth_explorer import DepthExplorer
from microneedling.widgets.device_comparison import DeviceComparison
from microneedling.widgets.evidence_explorer import EvidenceExplorer
from microneedling.widgets.healing_timeline import HealingTimeline


def is_svg(data) -> bool:
    return b"<svg" in bytes(data)[:400]


def text_of(value: str) -> str:
    """What a reader sees in an HTML widget value: entities decoded."""
    return html.unescape(value)


def renderer_of(fig):
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(fig)
    canvas.draw()  # lays out tick labels and axis labels
    return canvas.get_renderer()


def figure_texts(fig) -> str:
    return " ".join(t.get_text() for ax in fig.axes for t in ax.texts)


def test_figure_text_stays_inside_the_figure():
    """No label is clipped at the figure's edge (issue 12: the eyelid and density labels were)."""
    figures = [
        depth_cross_section(depth.penetration("eyelid", "female", "pen", 1.0)),
        depth_cross_section(depth.penetration("forehead", "female", "roller", 1.5)),
        healing_timeline(1, healing.phases(), healing.milestones(), healing.phase_on_day(1)),
        density_figure(devices.density_curve(devices.standard_roller(), 20), 1, [(1, 16.0, "x")]),
        density_figure(devices.density_curve(devices.standard_roller(), 20), 20, [(1, 16.0, "x")]),
        *(evidence_figure(name, evidence.evidence_for(key).studies) for key, name in evidence.indications().items()),
        healing_timeline(730, healing.phases(), healing.milestones(), None),
        depth_cross_section(depth.penetration("back", "male", "roller", 3.5)),
    ]
    for fig in figures:
        renderer = renderer_of(fig)
        width, height = fig.bbox.width, fig.bbox.height
        for ax in fig.axes:
            for artist in [*ax.texts, ax.title, ax.xaxis.label, ax.yaxis.label]:
                if not artist.get_text():
                    continue
                box = artist.get_window_extent(renderer)
                assert box.x0 >= -1 and box.x1 <= width + 1 and box.y0 >= -1 and box.y1 <= height + 1, \
                    f"{artist.get_text()!r} is clipped in {alt_text(fig)[:60]}"


def test_cross_section_axis_labels_do_not_collide():
    fig = depth_cross_section(depth.penetration("eyelid", "female", "pen", 1.0))
    ax = fig.axes[0]
    renderer = renderer_of(fig)
    assert not ax.get_xlabel() or not ax.xaxis.label.get_window_extent(renderer).overlaps(
        ax.yaxis.label.get_window_extent(renderer))


# --- figures -------------------------------------------------------------------------------------------------

def test_cross_section_is_labelled_and_described():
    fig = depth_cross_section(depth.penetration("eyelid", "female", "pen", 1.0))
    ax = fig.axes[0]
    assert ax.get_title() and "(mm)" in ax.get_ylabel()
    assert ax.get_ylim()[0] > ax.get_ylim()[1]  # depth increases downwards
    texts = figure_texts(fig)
    assert "Epidermis\n0.17 mm" in texts and "thickness not" in texts and "in fat" in texts
    assert "modelled to reach 1 mm, in the fat (subcutis)" in alt_text(fig)


def test_cross_section_of_a_roller_shows_a_range_not_a_depth():
    pen = depth.penetration("forehead", "male", "roller", 1.5)
    fig = depth_cross_section(pen)
    texts = figure_texts(fig)
    assert f"from {pen.tip.low_mm:g} to 1.5 mm" in texts and "pressure" in texts and "modelled tip" not in texts
    assert "may reach anywhere from" in alt_text(fig) and "depending on pressure" in alt_text(fig)


def test_timeline_labels_every_milestone_and_is_described():
    day = healing.healing_on_day(10)
    fig = healing_timeline(10, healing.phases(), healing.milestones(), day.phase)
    texts = figure_texts(fig)
    for milestone in healing.milestones():
        assert milestone.label in texts, milestone.id  # issue 12: milestones had no labels
    assert "Days" in fig.axes[1].get_xlabel() and "proliferation phase" in alt_text(fig)


def test_density_figure_has_a_legend_and_a_described_point():
    fig = density_figure(devices.density_curve(devices.standard_roller(), 20), 15, [(1, 16.0, "x")])
    ax = fig.axes[0]
    assert ax.get_ylabel() == "Punctures per cm²" and ax.get_legend() is not None
    assert "15 pass(es) give 229" in alt_text(fig) and "16 per cm² after 1 pass(es)" in alt_text(fig)


def test_evidence_figure_names_designs_in_words():
    studies = evidence.evidence_for("indications.acne_scars").studies
    fig = evidence_figure("Atrophic acne scars", studies)
    texts = figure_texts(fig)
    assert "RCT, n = 20" in texts and "review, n = 1,845" in texts and "size not recorded" in texts
    assert "Alam 2014 (randomised controlled trial, n = 20)" in alt_text(fig)


# --- depth explorer ------------------------------------------------------------------------------------------

def test_depth_explorer_default_verdict_and_figure():
    w = DepthExplorer()
    assert w.state.verdict_key == "suitable"
    assert is_svg(w.figure.value) and w.figure.tooltip == alt_text(depth_cross_section(w.state.verdict.penetration))
    assert "Within the reported range" in w.verdict.value and "Harris 2015" in w.verdict.value
    assert "Figure:" in w.caption.value and "Meng 2022" in w.details.value
    assert "single facelift patient" in w.details.value  # the pen's basis, shown every time


@pytest.mark.parametrize(("region", "set_depth"), [("forehead", 2.0), ("nasal_dorsum", 2.0), ("neck", 2.0),
                                                   ("temple", 1.5)])
def test_depth_explorer_never_says_within_range_with_the_tip_in_fat(region, set_depth):
    w = DepthExplorer(region=region, depth_mm=set_depth)
    assert w.state.verdict_key == "too_deep_for_site"
    assert "Too deep for this site" in w.verdict.value and "Within the reported range" not in w.verdict.value
    assert "in fat" in w.caption.value or "fat (subcutis)" in w.caption.value


def test_depth_explorer_reacts_to_each_control():
    w = DepthExplorer()
    first = bytes(w.figure.value)
    w.depth.value = 0.5
    assert w.state.verdict_key == "too_shallow" and "Too shallow" in w.verdict.value
    assert bytes(w.figure.value) != first
    w.device.value = "roller"
    assert w.state.verdict.penetration.tip.uncertain
    assert "uncertain" in w.details.value and "depending on pressure" in w.details.value
    w.region.value = "eyelid"
    assert w.state.verdict_key == "do_not_treat"
    assert "Do not treat here" in w.verdict.value and "orbital rim" in w.verdict.value
    w.sex.value = "male"
    assert w.state.verdict.penetration.profile.dermis_mm == 0.67


def test_depth_explorer_keeps_body_ranges_off_the_face():
    w = DepthExplorer(indication="scars_striae", region="back", sex="male", depth_mm=1.5)
    assert w.state.verdict_key == "suitable"
    w.region.value = "neck"
    assert w.state.verdict_key == "too_deep_for_site"
    w.depth.value = 0.75
    assert w.state.verdict_key == "no_range_for_site" and "No reported range for this site" in w.verdict.value


def test_depth_explorer_shows_caveats_in_words():
    w = DepthExplorer(indication="fine_lines", depth_mm=0.75, region="neck")
    assert w.state.verdict_key == "suitable"
    assert "caveat: confirmed only through a secondary source" in w.verdict.value
    assert "caveat: general clinical knowledge" in w.details.value  # the neck caution is unverified
    assert "not because its skin is thinner" in text_of(w.details.value)


def test_depth_explorer_explains_bad_depth_instead_of_failing():
    w = DepthExplorer()
    w.depth.value = -1
    assert w.state.verdict is None and "between 0 and 3.5 mm" in w.state.message
    assert "Check your input" in w.verdict.value and w.figure.layout.display == "none"  # no broken image
    w.depth.value = 1.0
    assert w.state.verdict is not None and is_svg(w.figure.value) and w.figure.layout.display != "none"


def test_changing_only_the_indication_keeps_the_figure():
    w = DepthExplorer()
    svg = bytes(w.figure.value)
    w.indication.value = "fine_lines"
    assert w.state.verdict_key == "suitable" and bytes(w.figure.value) == svg
    w.depth.value = 0.75
    assert bytes(w.figure.value) != svg


# --- healing timeline ----------------------------------------------------------------------------------------

def test_timeline_day_zero_lists_the_phase_and_todays_aftercare():
    w = HealingTimeline()
    assert w.state.healing.phase.name == "Inflammation"
    assert "Phase: Inflammation" in w.skin.value and "not peer-reviewed" in w.skin.value
    assert "<details>" in w.aftercare.value  # folded, so the figure and phase stay in view
    expected = {r.id for r in rules_in_force(0)}
    assert {r.id for r in w.state.aftercare} == expected and expected
    for rule in w.state.aftercare:
        assert rule.text.split(";")[0][:30] in text_of(w.aftercare.value)
    assert is_svg(w.figure.value)


def test_timeline_jump_buttons_and_bad_day():
    w = HealingTimeline()
    labels = [b.description for b in w.jumps]
    assert labels[0] == "Day 0" and "Year 2" in labels
    next(b for b in w.jumps if b.description == "Week 8").click()
    assert w.day.value == 56 and w.state.healing.phase.name == "Remodelling"
    w.day.value = 900
    assert w.state.healing is None and "day must be between 0 and 730" in w.state.message
    assert "Check your input" in w.skin.value and w.figure.layout.display == "none"
    w.day.value = 3
    assert w.state.healing is not None and w.figure.layout.display != "none"


def test_timeline_follows_the_day():
    w = HealingTimeline()
    w.day.value = 3
    assert w.state.healing.phase.name == "Inflammation"
    assert {r.id for r in w.state.aftercare} == {r.id for r in rules_in_force(72)}
    assert "Measured milestones passed by day 3" in w.skin.value
    assert registry().record("healing.channels.face_72h").statement[:40] in w.skin.value
    w.day.value = 60
    assert w.state.healing.phase.name == "Remodelling" and "Phase: Remodelling" in w.skin.value
    w.day.value = 500
    assert w.state.healing.phase is None and "After the described phases" in w.skin.value


# --- device comparison ---------------------------------------------------------------------------------------

def test_device_table_lists_every_device_with_its_energy_in_its_own_column():
    w = DeviceComparison()
    table = text_of(w.table.value)
    for row in devices.device_rows():
        assert row.device.name in table
    assert "192 needles" in table and "Singh 2016" in table and "<th scope='col'>Energy delivered</th>" in table
    rf_row = table.split("Radiofrequency microneedling (RFMN)</th>")[1].split("</tr>")[0]
    cells = rf_row.split("<td>")[1:]
    assert "MHz" not in cells[0] and "1–2 MHz" in cells[2]  # Needles, Needle length, Energy
    assert len(table) < 6000, "the table holds short values; full statements live in the device card"
    assert "caveat: confirmed only through a secondary source" in table  # e.g. home-roller lengths


def test_device_card_follows_the_device_choice():
    w = DeviceComparison()
    assert w.device.style.button_width == "auto"  # device names are not cut short on the buttons
    assert w.state.device == "devices.type.medical_roller" and "Depth reached" in w.card.value
    assert "uncertain" in text_of(w.card.value)
    w.device.value = "devices.type.pen"
    assert w.state.device == "devices.type.pen" and "single facelift patient" in text_of(w.card.value)
    w.device.value = "devices.type.rf"
    assert "1-2 MHz" in text_of(w.card.value) and "burns" in text_of(w.card.value)


def test_density_calculator_updates_with_passes_and_needles():
    w = DeviceComparison()
    assert w.state.per_cm2 == pytest.approx(devices.punctures_per_cm2(192, 2, 2, 1))
    first = bytes(w.figure.value)
    w.passes.value = 15
    assert round(w.state.per_cm2) == 229 and "229 punctures per cm²" in w.result.value
    assert bytes(w.figure.value) != first
    w.needles.value = 540
    assert w.state.per_cm2 == pytest.approx(540 / (3.14159265 * 4) * 15, rel=1e-6)


def test_density_calculator_explains_bad_input():
    w = DeviceComparison()
    w.width.value = 0
    assert w.state.per_cm2 is None and "drum width (cm) must be more than 0" in w.result.value
    assert "Check your input" in w.result.value and w.figure.layout.display == "none"


# --- evidence explorer ---------------------------------------------------------------------------------------

def test_evidence_explorer_shows_studies_claim_and_scope_for_acne_scars():
    w = EvidenceExplorer()
    assert w.state.study_labels[0] == "Systematic reviews"  # strongest design first
    table = text_of(w.table.value)
    assert "Alam 2014" in table and "Randomised controlled trial, rater-blinded" in table
    assert "20 enrolled, 15 completed" in table and "p = 0.03" in table
    assert "Breaks down scar tissue" in text_of(w.claims.value) and "Overstated" in w.claims.value
    assert "1,845 patients across the studies" in table and "Alam 2014 [Alam 2014]" not in table
    summary = text_of(w.summary.value)
    assert "Moderate" in summary and "of which 2 randomised" in summary and "largest: 46 people" in summary
    assert "Yes, on the face" in summary and is_svg(w.figure.value) and "Alam 2014" in w.caption.value


def test_evidence_explorer_follows_the_choice():
    w = EvidenceExplorer()
    w.indication.value = "indications.pores"
    assert w.state.study_labels == () and "No clinical study of benefit" in w.table.value
    assert "Tightens pores" in w.claims.value and "Unproven" in w.claims.value
    w.indication.value = "indications.melasma"
    assert "Budamakuntla 2013" in w.state.study_labels
    assert "prescriber-led, off-label" in w.summary.value and "tranexamic" in w.table.value
    assert "None of the claims" in text_of(w.claims.value)
    w.indication.value = "indications.drug_delivery"
    assert "granulomatous" in w.notes.value and "Misleading" in w.claims.value


def test_every_evidence_choice_renders():
    w = EvidenceExplorer()
    for key in evidence.indications():
        w.indication.value = key
        assert w.state.evidence is not None and is_svg(w.figure.value) and w.caption.value, key


# --- all widgets ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("cls", [DepthExplorer, HealingTimeline, DeviceComparison, EvidenceExplorer])
def test_widgets_are_inert_under_nbgrader_and_carry_their_css_class(cls, monkeypatch):
    widget = cls()
    assert widget.css_class in widget.ui._dom_classes and widget.css_class.startswith("mn-")
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    bundle = widget._repr_mimebundle_()
    assert list(bundle) == ["text/plain"] and "not shown during grading" in bundle["text/plain"]


@pytest.mark.parametrize("cls", [DepthExplorer, HealingTimeline, DeviceComparison, EvidenceExplorer])
def test_no_widget_relies_on_an_emoji_or_symbol_font(cls):
    """Icons are inline SVG (issue 12: emoji rendered as boxes without an emoji font)."""
    import ipywidgets as W

    widget = cls()
    shown = " ".join(v.value for v in vars(widget).values() if isinstance(v, W.HTML))
    for glyph in "✔✘⛔⚠ℹ✎💡↑↓":
        assert glyph not in shown, f"{cls.__name__} shows {glyph!r}"


@pytest.mark.parametrize("cls", [DepthExplorer, HealingTimeline, DeviceComparison, EvidenceExplorer])
def test_every_control_has_a_visible_label(cls):
    """Keyboard and screen-reader users find each control by its label (ipywidgets controls are focusable)."""
    import ipywidgets as W

    widget = cls()
    controls = [v for v in vars(widget).values() if isinstance(v, (W.Dropdown, W.ToggleButtons, W.FloatText,
                                                                     W.IntText, W.IntSlider, W.RadioButtons))]
    assert not any(isinstance(c, W.IntSlider) for c in controls), "a slider handle has no accessible name"
    assert controls
    for control in controls:
        assert control.description.strip(), f"{cls.__name__}: a control has no label"
