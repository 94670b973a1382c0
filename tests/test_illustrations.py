"""Lesson 08-09 figures: schematic drawings and the onset timeline. Each is a Figure with a title, labelled axes,
a text alternative and, on the figure itself, a mark on every dimension that is illustrative rather than measured;
the drawn geometry agrees with the cited facts."""

from __future__ import annotations

import io
import re

import pytest
from matplotlib.figure import Figure

from microneedling.facts import registry
from microneedling.model.complications import onset_marks
from microneedling.model.illustration import endpoint_spec, layer_spec, scar_shapes
from microneedling.model.selection import scar_options, scar_treatment_notes
from microneedling.plots import alt_text
from microneedling.plots.illustrations import (
    ILLUSTRATIVE_NOTE,
    device_pattern_figure,
    endpoints_figure,
    marker_line_figure,
    photo_setup_figure,
    scar_cross_section_figure,
)
from microneedling.plots.practice import onset_figure

FIGURES = {
    "scars": scar_cross_section_figure,
    "scars_with_notes": lambda: scar_cross_section_figure(notes=scar_treatment_notes()),
    "endpoints": endpoints_figure,
    "device_pattern": device_pattern_figure,
    "marker_line": marker_line_figure,
    "photo_setup": photo_setup_figure,
    "onset": onset_figure,
}


def texts(fig: Figure) -> str:
    found = [t.get_text() for t in fig.texts]
    if fig._suptitle is not None:
        found.append(fig._suptitle.get_text())
    for ax in fig.axes:
        found += [t.get_text() for t in ax.texts] + [ax.get_title(), ax.get_xlabel(), ax.get_ylabel()]
        found += [label.get_text() for label in ax.get_yticklabels()]
    return "\n".join(found)


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_figure_has_title_axis_labels_and_a_text_alternative(name):
    fig = FIGURES[name]()
    assert isinstance(fig, Figure)
    titled = fig._suptitle is not None or any(ax.get_title() for ax in fig.axes)
    assert titled, f"{name}: no title"
    labelled = [ax for ax in fig.axes if ax.get_xlabel() and ax.get_ylabel()]
    assert labelled, f"{name}: no axes with both labels"
    description = alt_text(fig)
    assert description.endswith(".") and len(description.split()) >= 15 and description.count(". ") == 0
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")  # renders without error
    assert buffer.getvalue().startswith(b"\x89PNG")


@pytest.mark.parametrize("name", ["scars", "endpoints", "device_pattern", "marker_line", "photo_setup"])
def test_schematics_say_on_the_figure_which_dimensions_are_illustrative(name):
    text = texts(FIGURES[name]())
    assert ILLUSTRATIVE_NOTE in text and "†" in text.replace(ILLUSTRATIVE_NOTE, "")


def test_scar_axes_carry_units_and_the_vertical_exaggeration_is_stated():
    fig = scar_cross_section_figure()
    ax = fig.axes[0]
    assert "(mm)" in ax.get_xlabel() and "(mm)" in ax.get_ylabel()
    ratio = re.search(r"exaggerated about (\d+)×", texts(fig))
    assert ratio and int(ratio[1]) >= 1


def test_scar_geometry_lies_inside_the_published_ranges():
    shapes = {s.id: s for s in scar_shapes()}
    boxcar = registry().record("indications.jacob.boxcar").description
    assert "1.5-4 mm wide" in boxcar and "shallow (0.1-0.5 mm)" in boxcar and "deep (over 0.5 mm)" in boxcar
    for key in ("boxcar_shallow", "boxcar_deep"):
        assert 1.5 <= shapes[key].width_mm <= 4 and not shapes[key].depth_is_illustrative
    assert 0.1 <= shapes["boxcar_shallow"].depth_mm <= 0.5 and shapes["boxcar_deep"].depth_mm > 0.5
    assert "under 2 mm" in registry().record("indications.jacob.ice_pick").description
    assert shapes["ice_pick"].width_mm < 2 and shapes["ice_pick"].depth_is_illustrative
    assert shapes["ice_pick"].floor_width_mm < shapes["ice_pick"].width_mm  # a V, wider at the opening
    assert "over 4-5 mm" in registry().record("indications.jacob.rolling").description
    assert shapes["rolling"].width_mm > 4 and shapes["rolling"].depth_is_illustrative
    assert [s.profile for s in shapes.values()] == ["V", "U", "U", "M"]


def test_layers_and_endpoint_dots_come_from_the_facts():
    reg = registry()
    assert layer_spec().epidermis_mm == reg.fact("skin.epidermis.meta_analysis").value
    low, high = reg.fact("skin.dermis.face_histology").value
    assert low <= layer_spec().dermis_bottom_mm <= high
    spec = endpoint_spec(passes=2)
    assert spec.bleeding_points_per_pass == reg.fact("devices.roller.punctures_per_pass").value
    fig = endpoints_figure(spec)
    dots = [line for ax in fig.axes for line in ax.get_lines() if line.get_marker() == "o"]
    assert sum(len(line.get_xdata()) for line in dots) == 2 * spec.bleeding_points_per_pass
    with pytest.raises(ValueError, match="passes must be 1 or more"):
        endpoint_spec(passes=0)


def test_tram_track_drawing_is_labelled_unverified():
    text = texts(device_pattern_figure())
    assert "SCHEMATIC — appearance unverified" in text and "borrowed evidence" in text
    assert registry().fact("illustrations.tram_track.schematic_only").status.value == "unverified"


def test_onset_marks_are_the_fact_values_in_days():
    reg = registry()
    marks = {m.label: m for m in onset_marks()}
    assert marks["Redness and swelling settle"].end_day == reg.fact("adverse.transient_resolve_72h").value / 24
    assert marks["Short-lived effects are over"].end_day == reg.fact("adverse.transient_up_to_7_days").value
    assert marks["Mycobacteria: mean incubation"].start_day == 7 * reg.fact("adverse.ntm_incubation").value
    assert marks["Mycobacteria: diagnosed (28 cases)"].start_day == pytest.approx(
        7 * reg.fact("complications.ntm.time_to_diagnosis").value)
    fig = onset_figure()
    assert len(fig.axes[0].get_yticklabels()) == len(marks)
    with pytest.raises(ValueError, match="at least one mark"):
        onset_figure([])


def test_scar_options_rest_on_facts_and_match_the_drawn_shapes():
    reg = registry()
    ids = {s.id for s in scar_shapes()}
    for option in scar_options():
        assert option.shape_id in ids
        for fact_id in option.basis:
            reg.record(fact_id)
    assert set(scar_treatment_notes()) == ids
    rolling = next(o for o in scar_options() if o.shape_id == "rolling")
    assert rolling.status.value == "secondary"  # the tethering-band mechanism is a secondary source
