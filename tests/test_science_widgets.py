"""Lessons 01-03 widgets and figures, driven headless: controls change the state, the verdict and the figure."""

from __future__ import annotations

import pytest

from microneedling.facts import registry
from microneedling.model import depth, devices, healing
from microneedling.model.aftercare import rules_in_force
from microneedling.plots import alt_text
from microneedling.plots.science import density_figure, depth_cross_section, healing_timeline
from microneedling.widgets.depth_explorer import DepthExplorer
from microneedling.widgets.device_comparison import DeviceComparison
from microneedling.widgets.healing_timeline import HealingTimeline



def is_svg(data) -> bool:
    return b"<svg" in bytes(data)[:400]


# --- figures -------------------------------------------------------------------------------------------------

def test_cross_section_is_labelled_and_described():
    fig = depth_cross_section(depth.penetration("eyelid", "female", "pen", 1.0))
    ax = fig.axes[0]
    assert ax.get_title() and "(mm)" in ax.get_ylabel() and ax.get_xlabel()
    assert ax.get_ylim()[0] > ax.get_ylim()[1]  # depth increases downwards
    texts = " ".join(t.get_text() for t in ax.texts)
    assert "Epidermis 0.17 mm" in texts and "thickness not measured here" in texts
    assert "reaches 1 mm, in the subcutis" in alt_text(fig)


def test_cross_section_shows_the_set_length_for_a_roller():
    fig = depth_cross_section(depth.penetration("forehead", "male", "roller", 1.5))
    texts = " ".join(t.get_text() for t in fig.axes[0].texts)
    assert "set length 1.5 mm" in texts and "Subcutis 2 mm" in texts


def test_timeline_and_density_figures_are_labelled_and_described():
    day = healing.healing_on_day(10)
    fig = healing_timeline(10, healing.phases(), healing.milestones(), day.phase)
    assert "Days" in fig.axes[0].get_xlabel() and "proliferation phase" in alt_text(fig)
    fig = density_figure(devices.density_curve(devices.standard_roller(), 20), 15, [(1, 16.0, "x")])
    ax = fig.axes[0]
    assert ax.get_ylabel() == "Punctures per cm²" and ax.get_xlabel() and "15 pass(es) give 229" in alt_text(fig)


# --- depth explorer ------------------------------------------------------------------------------------------

def test_depth_explorer_default_verdict_and_figure():
    w = DepthExplorer()
    assert w.state.verdict is not None and w.state.verdict.verdict == "suitable"
    assert is_svg(w.figure.value)
    assert "Within the reported range" in w.verdict.value and "Harris 2015" in w.verdict.value
    assert "Figure:" in w.caption.value and "Meng 2022" in w.details.value


def test_depth_explorer_reacts_to_each_control():
    w = DepthExplorer()
    first = bytes(w.figure.value)
    w.depth.value = 0.5
    assert w.state.verdict.verdict == "too_shallow" and "Too shallow" in w.verdict.value
    assert bytes(w.figure.value) != first
    w.depth.value = 2.5
    assert w.state.verdict.verdict == "too_deep" and "↓" in w.verdict.value
    w.device.value = "roller"
    assert w.state.verdict.penetration.effective_depth_mm < 2.5
    assert "varies with pressure" in w.details.value
    w.region.value = "eyelid"
    assert w.state.verdict.verdict == "do_not_treat"
    assert "Do not treat here" in w.verdict.value and "orbital rim" in w.verdict.value
    w.sex.value = "male"
    assert w.state.verdict.penetration.profile.dermis_mm == 0.67


def test_depth_explorer_shows_caveats_in_words():
    w = DepthExplorer(indication="fine_lines", depth_mm=0.75, region="neck")
    assert w.state.verdict.verdict == "suitable"
    assert "caveat: confirmed only through a secondary source" in w.verdict.value
    assert "caveat: general clinical knowledge" in w.details.value  # the neck caution is unverified


def test_depth_explorer_explains_bad_depth_instead_of_failing():
    w = DepthExplorer()
    w.depth.value = -1
    assert w.state.verdict is None and "between 0 and 3.5 mm" in w.state.message
    assert "Check your input" in w.verdict.value and bytes(w.figure.value) == b""
    w.depth.value = 1.0
    assert w.state.verdict is not None and is_svg(w.figure.value)


# --- healing timeline ----------------------------------------------------------------------------------------

def test_timeline_day_zero_lists_the_phase_and_todays_aftercare():
    w = HealingTimeline()
    assert w.state.healing.phase.name == "Inflammation"
    assert "Phase: Inflammation" in w.skin.value and "not peer-reviewed" in w.skin.value
    expected = {r.id for r in rules_in_force(0)}
    assert {r.id for r in w.state.aftercare} == expected and expected
    for rule in w.state.aftercare:
        assert rule.text.split(";")[0][:30] in w.aftercare.value.replace("&#x27;", "'")
    assert is_svg(w.figure.value)


def test_timeline_follows_the_slider():
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

def test_device_table_lists_every_device_with_sources_and_caveats():
    w = DeviceComparison()
    for row in devices.device_rows():
        assert row.device.name in w.table.value
    assert "192 needles" in w.table.value and "Singh 2016" in w.table.value
    assert "caveat: confirmed only through a secondary source" in w.table.value  # e.g. home-roller lengths


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
    assert "Check your input" in w.result.value and bytes(w.figure.value) == b""


@pytest.mark.parametrize("cls", [DepthExplorer, HealingTimeline, DeviceComparison])
def test_widgets_are_inert_under_nbgrader_and_carry_their_css_class(cls, monkeypatch):
    widget = cls()
    assert widget.css_class in widget.ui._dom_classes and widget.css_class.startswith("mn-")
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    bundle = widget._repr_mimebundle_()
    assert list(bundle) == ["text/plain"] and "not shown during grading" in bundle["text/plain"]


def test_changing_only_the_indication_keeps_the_figure():
    w = DepthExplorer()
    png = bytes(w.figure.value)
    w.indication.value = "fine_lines"
    assert w.state.verdict.verdict == "too_deep" and bytes(w.figure.value) == png
    w.depth.value = 0.75
    assert w.state.verdict.verdict == "suitable" and bytes(w.figure.value) != png
