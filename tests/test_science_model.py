"""Lessons 01-03 models: layers reached, depth verdicts, roller density, healing day; bad input names the choices."""

from __future__ import annotations

import math

import pytest

from microneedling.facts import Status, registry
from microneedling.facts.kinds.science import DepthRange, DeviceType, HealingPhase, SkinThickness
from microneedling.model import anatomy, depth, devices, healing


# --- anatomy -------------------------------------------------------------------------------------------------

def test_profile_reads_the_ultrasound_table_by_sex():
    female = anatomy.skin_profile("eyelid", "female")
    male = anatomy.skin_profile("eyelid", "male")
    assert (female.epidermis_mm, female.dermis_mm) == (0.17, 0.58)
    assert (male.epidermis_mm, male.dermis_mm) == (0.18, 0.67)
    assert female.refs == ("meng2022",) and female.subcutis_mm is None


def test_subcutis_only_where_measured():
    forehead = anatomy.skin_profile("forehead", "male")
    assert forehead.subcutis_mm == registry().fact("skin.subcutis.forehead").value
    assert "iyengar2018" in forehead.refs
    assert anatomy.skin_profile("temple", "female").subcutis_mm == 6
    assert anatomy.skin_profile("neck", "female").subcutis_mm is None


def test_region_without_sex_split_serves_both_sexes_and_derives_epidermis():
    female, male = anatomy.skin_profile("back", "female"), anatomy.skin_profile("back", "male")
    assert (female.epidermis_mm, female.dermis_mm) == (male.epidermis_mm, male.dermis_mm)
    assert female.dermis_mm == 1.94 and female.epidermis_mm == pytest.approx(0.04)  # total 1.98 - dermis


@pytest.mark.parametrize(("depth_mm", "layer"), [(0.0, "epidermis"), (0.17, "epidermis"), (0.18, "dermis"),
                                                 (0.75, "dermis"), (0.76, "subcutis")])
def test_layer_boundaries(depth_mm, layer):
    assert anatomy.layer_at(anatomy.skin_profile("eyelid", "female"), depth_mm).layer == layer


def test_unknown_region_and_sex_list_the_valid_choices():
    with pytest.raises(ValueError, match=r"unknown region 'chin'; valid regions: \['forehead', 'glabella'"):
        anatomy.skin_profile("chin", "female")
    with pytest.raises(ValueError, match=r"unknown sex 'x'; valid choices: \['female', 'male'\]"):
        anatomy.skin_profile("forehead", "x")


def test_negative_or_non_numeric_depth_is_rejected():
    profile = anatomy.skin_profile("forehead", "female")
    with pytest.raises(ValueError, match="0 mm or more"):
        anatomy.layer_at(profile, -0.1)
    with pytest.raises(ValueError, match="must be a number"):
        anatomy.layer_at(profile, "deep")


# --- effective depth -----------------------------------------------------------------------------------------

def test_roller_fraction_comes_from_the_rat_measurement():
    fraction, ids = depth.device_fraction("roller")
    reg = registry()
    assert fraction == pytest.approx(reg.fact(ids[0]).value / reg.fact(ids[1]).value)
    assert 0.19 < fraction < 0.21  # the dossier's "≈20 %"
    assert depth.effective_depth("roller", 1.5) == pytest.approx(1.5 * fraction, abs=1e-3)


def test_pen_reaches_its_set_length():
    assert depth.effective_depth("pen", 1.25) == 1.25


def test_same_setting_reaches_different_layers_by_device():
    assert depth.penetration("forehead", "female", "pen", 1.5).layer == "subcutis"
    assert depth.penetration("forehead", "female", "roller", 1.5).layer == "dermis"


@pytest.mark.parametrize(("args", "message"), [
    (("drill", 1.0), r"unknown device 'drill'; valid devices: \['pen', 'roller'\]"),
    (("pen", -0.5), "between 0 and 3.5 mm; got -0.5 mm"),
    (("pen", 4.0), "between 0 and 3.5 mm"),
    (("pen", float("nan")), "must be a number"),
])
def test_bad_device_or_depth(args, message):
    with pytest.raises(ValueError, match=message):
        depth.effective_depth(*args)


# --- verdicts ------------------------------------------------------------------------------------------------

def test_acne_scar_verdicts_follow_the_reported_range():
    low, high = depth.depth_range("acne_scars").min_mm, depth.depth_range("acne_scars").max_mm
    assert depth.assess_depth("acne_scars", "zygoma", "male", "pen", low).verdict == "suitable"
    assert depth.assess_depth("acne_scars", "zygoma", "male", "pen", high).verdict == "suitable"
    shallow = depth.assess_depth("acne_scars", "zygoma", "male", "pen", low - 0.25)
    assert shallow.verdict == "too_shallow" and shallow.reason.refs == ("harris2015",)
    assert depth.assess_depth("acne_scars", "zygoma", "male", "pen", high + 0.25).verdict == "too_deep"


def test_within_the_orbital_rim_is_do_not_treat_whatever_the_depth():
    for set_depth in (0.25, 1.0, 2.0):
        verdict = depth.assess_depth("fine_lines", "eyelid", "female", "pen", set_depth)
        assert verdict.verdict == "do_not_treat"
        assert "orbital rim" in verdict.reason.text and "skinpen_labeling" in verdict.reason.refs
        assert verdict.reason.status is Status.CONFIRMED


def test_bony_regions_carry_an_unverified_caution():
    verdict = depth.assess_depth("acne_scars", "zygoma", "female", "roller", 1.5)
    statuses = {c.status for c in verdict.cautions}
    assert Status.UNVERIFIED in statuses
    assert any("tram-track" in c.text for c in verdict.cautions)
    assert any("pressure" in c.text for c in verdict.cautions)  # roller depth varies with pressure


def test_secondary_ranges_keep_their_status_in_the_reason():
    verdict = depth.assess_depth("fine_lines", "forehead", "female", "pen", 0.75)
    assert verdict.verdict == "suitable" and verdict.reason.status is Status.SECONDARY


def test_skinpen_limit_and_beyond_the_dermis_are_flagged():
    verdict = depth.assess_depth("acne_scars", "forehead", "female", "pen", 1.75)
    texts = " ".join(c.text for c in verdict.cautions)
    assert "not evaluated" in texts and "passes the mean epidermis + dermis" in texts
    assert "skinpen_labeling" in verdict.refs


def test_unknown_indication_lists_the_choices():
    with pytest.raises(ValueError, match=r"unknown indication 'tattoo'; valid indications: \['product_penetration'"):
        depth.assess_depth("tattoo", "forehead", "female", "pen", 1.0)


# --- devices -------------------------------------------------------------------------------------------------

def test_standard_roller_density_matches_the_published_order_of_magnitude():
    roller = devices.standard_roller()
    one_pass = devices.punctures_per_cm2(roller.needles, roller.drum_diameter_cm, roller.drum_width_cm, 1)
    assert one_pass == pytest.approx(192 / (math.pi * 4))
    published = registry().fact("devices.roller.punctures_per_pass").value
    assert abs(one_pass - published) / published < 0.1


def test_density_is_proportional_to_passes():
    curve = devices.density_curve(devices.standard_roller(), 5)
    assert [p for p, _ in curve] == [1, 2, 3, 4, 5]
    assert curve[4][1] == pytest.approx(5 * curve[0][1])


@pytest.mark.parametrize(("args", "message"), [
    ((0, 2, 2, 1), "needle count must be more than 0"),
    ((192.5, 2, 2, 1), "needle count must be a whole number"),
    ((192, -2, 2, 1), r"drum diameter \(cm\) must be more than 0"),
    ((192, 2, 2, 0), "passes must be more than 0 and at most 50"),
    ((192, 2, "wide", 1), "must be a number"),
])
def test_density_rejects_bad_input(args, message):
    with pytest.raises(ValueError, match=message):
        devices.punctures_per_cm2(*args)


def test_device_rows_resolve_every_cell_to_a_fact():
    rows = devices.device_rows()
    assert [r.device.name for r in rows][0].startswith("Medical roller")
    assert len(rows) == len(registry().of_kind(DeviceType))
    for row in rows:
        assert set(row.cells) == set(devices.COLUMNS)
        assert all(row.cell_text(c) for c in devices.COLUMNS)
    roller = rows[0]
    assert roller.cell_text("needles") == "192 needles" and roller.cell_text("depth") == "0.5–3 mm"


# --- healing -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("day", "phase"), [(0, "Inflammation"), (4.9, "Inflammation"), (5, "Proliferation"),
                                            (55, "Proliferation"), (56, "Remodelling"), (365, "Remodelling"),
                                            (366, None)])
def test_phase_on_day(day, phase):
    found = healing.phase_on_day(day)
    assert (found.name if found else None) == phase


def test_milestones_accumulate_with_time():
    assert healing.healing_on_day(0).reached == ()
    day1 = {m.id for m in healing.healing_on_day(1).reached}
    assert {"healing.channels.rat_tewl", "healing.channels.rat_closed_770"} <= day1
    assert "healing.channels.face_72h" not in day1
    assert "healing.channels.face_72h" in {m.id for m in healing.healing_on_day(3).reached}
    late = healing.healing_on_day(200)
    assert late.ahead == () and len(late.reached) == len(healing.milestones())


def test_milestone_hours_use_the_upper_end_and_the_unit():
    milestone = registry().record("healing.outcome_assessment")
    assert milestone.hours == pytest.approx(6 * 30.44 * 24)


@pytest.mark.parametrize("day", [-1, 731, "two", float("nan")])
def test_bad_day(day):
    with pytest.raises(ValueError, match="day must"):
        healing.healing_on_day(day)


# --- facts used by the models --------------------------------------------------------------------------------

def test_ultrasound_table_is_complete_for_both_sexes():
    rows = [r for r in registry().of_kind(SkinThickness) if r.refs == ("meng2022",)]
    assert len(rows) == 16
    for region in {r.region for r in rows}:
        assert sorted(r.sex for r in rows if r.region == region) == ["female", "male"]


def test_phases_are_contiguous_and_ranges_ordered():
    ordered = healing.phases()
    assert all(a.end_day == b.start_day for a, b in zip(ordered, ordered[1:]))
    assert all(isinstance(p, HealingPhase) and p.related for p in ordered)
    for r in registry().of_kind(DepthRange):
        assert 0 < r.min_mm < r.max_mm <= depth.MAX_SET_DEPTH_MM, r.id
