"""Lessons 01-03 models: layers reached, depth verdicts, roller density, healing day; bad input names the choices."""

from __future__ import annotations

import math

import pytest

from microneedling.facts import Status, registry
from microneedling.facts.kinds.science import STUDY_DESIGNS, DepthRange, DeviceType, HealingPhase, SkinThickness
from microneedling.model import anatomy, depth, devices, evidence, healing


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


# --- where the tip may be -----------------------------------------------------------------------------------

def test_roller_depth_is_an_uncertain_range_not_a_number():
    tip = depth.tip_depth("roller", 1.5)
    reg = registry()
    fraction = reg.fact("depth.roller.rat_channel_depth").value / reg.fact("depth.roller.rat_needle_length").value
    assert tip.uncertain and tip.high_mm == 1.5  # with pressure, up to the full needle length
    assert tip.low_mm == pytest.approx(1.5 * fraction, abs=0.01)  # the rat measurement is the shallow end only
    assert tip.text == f"uncertain: {tip.low_mm:g}-1.5 mm"
    assert tip.basis.status is Status.UNVERIFIED and "pressure" in tip.basis.text
    # The old single-number model ("a 1.5 mm roller reaches 0.296 mm") is gone.
    assert "0.296" not in tip.text


def test_pen_depth_is_the_setting_and_says_it_rests_on_one_specimen():
    tip = depth.tip_depth("pen", 1.25)
    assert not tip.uncertain and tip.low_mm == tip.high_mm == 1.25 and tip.text == "1.25 mm"
    assert "single facelift patient" in tip.basis.text and tip.basis.refs == ("sasaki2019",)


def test_a_roller_range_can_span_layers():
    roller = depth.penetration("forehead", "female", "roller", 1.5)
    assert roller.layers == ("dermis", "subcutis") and roller.beyond_dermis
    pen = depth.penetration("forehead", "female", "pen", 0.8)
    assert pen.layers == ("dermis",) and not pen.beyond_dermis


@pytest.mark.parametrize(("args", "message"), [
    (("drill", 1.0), r"unknown device 'drill'; valid devices: \['pen', 'roller'\]"),
    (("pen", -0.5), "between 0 and 3.5 mm; got -0.5 mm"),
    (("pen", 4.0), "between 0 and 3.5 mm"),
    (("pen", float("nan")), "must be a number"),
])
def test_bad_device_or_depth(args, message):
    with pytest.raises(ValueError, match=message):
        depth.tip_depth(*args)


# --- verdicts ------------------------------------------------------------------------------------------------

# The sites issue 10 names: a drawing with the tip in fat must never say "within the reported range".
@pytest.mark.parametrize(("region", "set_depth"), [("forehead", 2.0), ("nasal_dorsum", 2.0), ("neck", 2.0),
                                                   ("temple", 1.5)])
@pytest.mark.parametrize("indication", ["acne_scars", "scars_striae", "fine_lines"])
def test_a_tip_in_fat_is_too_deep_for_the_site_whatever_the_range(region, set_depth, indication):
    verdict = depth.assess_depth(indication, region, "female", "pen", set_depth)
    assert verdict.penetration.layer == "subcutis"
    assert verdict.verdict == "too_deep_for_site" and verdict.label == "Too deep for this site"
    assert "into the fat" in verdict.reason.text and "meng2022" in verdict.reason.refs


def test_inside_the_acne_range_but_past_the_dermis_is_still_too_deep():
    acne = depth.depth_range("acne_scars")
    assert acne.min_mm <= 2.0 <= acne.max_mm
    assert depth.assess_depth("acne_scars", "forehead", "female", "pen", 2.0).verdict == "too_deep_for_site"


def test_the_roller_is_judged_by_its_deepest_possible_tip():
    verdict = depth.assess_depth("acne_scars", "zygoma", "male", "roller", 1.5)  # skin 1.33 mm
    assert verdict.verdict == "too_deep_for_site" and "full length (1.5 mm)" in verdict.reason.text
    assert depth.assess_depth("acne_scars", "zygoma", "male", "roller", 1.0).verdict == "suitable"


def test_body_ranges_apply_to_body_regions_only():
    striae = depth.depth_range("scars_striae")
    assert striae.areas == ("body",)
    assert depth.assess_depth("scars_striae", "back", "male", "pen", 1.5).verdict == "suitable"
    for region in anatomy.regions():
        if depth.region_area(region) == "body":
            continue
        for set_depth in (striae.min_mm, striae.max_mm, 0.5):
            verdict = depth.assess_depth("scars_striae", region, "male", "pen", set_depth).verdict
            assert verdict in ("do_not_treat", "too_deep_for_site", "no_range_for_site"), (region, set_depth)
    shallow_neck = depth.assess_depth("scars_striae", "neck", "male", "pen", 0.5)
    assert shallow_neck.verdict == "no_range_for_site" and "body skin" in shallow_neck.reason.text


DEPTHS = [round(0.05 * i, 2) for i in range(0, 71)]  # 0 to 3.5 mm


@pytest.mark.parametrize("device", list(depth.DEVICES))
@pytest.mark.parametrize("region", list(anatomy.regions()))
def test_property_never_within_range_when_the_tip_may_be_in_fat(region, device):
    for sex in anatomy.SEXES:
        skin = anatomy.skin_profile(region, sex).skin_mm
        for indication in depth.indications():
            reported = depth.depth_range(indication)
            for set_depth in DEPTHS:
                verdict = depth.assess_depth(indication, region, sex, device, set_depth)
                in_fat = verdict.penetration.tip.high_mm > skin
                assert verdict.penetration.beyond_dermis == in_fat
                if in_fat:
                    assert verdict.verdict in ("do_not_treat", "too_deep_for_site"), (indication, sex, set_depth)
                if verdict.verdict == "suitable":
                    assert not in_fat and reported.applies_to(depth.region_area(region))
                    assert reported.min_mm <= set_depth <= reported.max_mm


def test_in_range_and_within_the_dermis_is_suitable():
    low = depth.depth_range("acne_scars").min_mm
    assert depth.assess_depth("acne_scars", "zygoma", "male", "pen", low).verdict == "suitable"
    shallow = depth.assess_depth("acne_scars", "zygoma", "male", "pen", low - 0.25)
    assert shallow.verdict == "too_shallow" and shallow.reason.refs == ("harris2015",)
    assert depth.assess_depth("acne_scars", "back", "male", "pen", 1.5).verdict == "no_range_for_site"
    fine = depth.depth_range("fine_lines")
    assert depth.assess_depth("fine_lines", "forehead", "male", "pen", fine.max_mm + 0.25).verdict == "too_deep"


def test_within_the_orbital_rim_is_do_not_treat_whatever_the_depth():
    for set_depth in (0.25, 1.0, 2.0):
        verdict = depth.assess_depth("fine_lines", "eyelid", "female", "pen", set_depth)
        assert verdict.verdict == "do_not_treat"
        assert "orbital rim" in verdict.reason.text and "skinpen_labeling" in verdict.reason.refs
        assert verdict.reason.status is Status.CONFIRMED


def test_bony_regions_carry_an_unverified_caution_and_the_roller_its_uncertainty():
    verdict = depth.assess_depth("acne_scars", "zygoma", "female", "roller", 1.0)
    statuses = {c.status for c in verdict.cautions}
    assert Status.UNVERIFIED in statuses
    assert any("tram-track" in c.text for c in verdict.cautions)
    assert any("pressure" in c.text for c in verdict.cautions)


def test_the_neck_caution_no_longer_says_the_neck_is_thinner():
    rule = next(r for r in depth.region_rules("neck"))
    assert "not because its skin is thinner" in rule.text and "scars more easily" in rule.text
    women = {r: anatomy.skin_profile(r, "female").dermis_mm for r in ("neck", "forehead", "zygoma")}
    assert women["neck"] > women["forehead"] and women["neck"] > women["zygoma"]  # what the table says
    assert registry().fact("skin.meng.neck_vs_face").value == women["neck"]


def test_secondary_ranges_keep_their_status_in_the_reason():
    verdict = depth.assess_depth("fine_lines", "forehead", "female", "pen", 0.75)
    assert verdict.verdict == "suitable" and verdict.reason.status is Status.SECONDARY


def test_skinpen_limit_is_flagged():
    verdict = depth.assess_depth("acne_scars", "forehead", "male", "pen", 1.75)
    assert "not evaluated" in " ".join(c.text for c in verdict.cautions)
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
    assert roller.cell_text("energy").startswith("None: mechanical")
    rf = next(r for r in rows if r.device.id == "devices.type.rf")
    assert rf.cell_text("energy") == "1–2 MHz" and "MHz" not in rf.cell_text("needles")  # issue 12: was under Needles


# --- evidence ------------------------------------------------------------------------------------------------

def test_every_indication_resolves_its_studies_claims_and_scope():
    for indication_id in evidence.indications():
        found = evidence.evidence_for(indication_id)
        assert found.indication.strength and found.indication.authorised and found.scope is not None
        designs = [list(STUDY_DESIGNS).index(s.design) for s in found.studies]
        assert designs == sorted(designs), indication_id  # strongest design first
        assert set(found.refs) >= set(found.indication.refs)


def test_acne_scars_evidence_has_its_trials_and_the_scar_claim():
    found = evidence.evidence_for("indications.acne_scars")
    assert {s.label for s in found.randomised} == {"Alam 2014", "Cachafeiro 2016"}
    alam = next(s for s in found.studies if s.label == "Alam 2014")
    assert (alam.n, alam.completed, alam.blinding) == (20, 15, "rater-blinded")
    assert found.largest_trial == 46
    assert [c.claim for c in found.claims] == ["Breaks down scar tissue"]


def test_drug_adjunct_uses_say_so():
    for indication_id in ("indications.melasma", "indications.alopecia"):
        found = evidence.evidence_for(indication_id)
        assert found.indication.authorised.startswith("No")
        assert all("both arms" in s.comparison or "drug" in s.protocol or "tranexamic" in s.protocol
                   or "minoxidil" in s.protocol for s in found.studies if s.design == "rct")
    pores = evidence.evidence_for("indications.pores")
    assert pores.studies == () and pores.largest_trial is None


def test_unknown_indication_lists_the_ids():
    with pytest.raises(ValueError, match=r"unknown indication 'x'; valid indications: \['indications.acne_scars'"):
        evidence.evidence_for("x")


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


def test_meng_totals_are_the_sum_of_their_layers():
    for row in registry().of_kind(SkinThickness):
        if row.epidermis_mm is not None:
            assert row.total_mm == pytest.approx(row.epidermis_mm + row.dermis_mm), row.id


def test_phases_are_contiguous_and_ranges_ordered():
    ordered = healing.phases()
    assert all(a.end_day == b.start_day for a, b in zip(ordered, ordered[1:]))
    assert all(isinstance(p, HealingPhase) and p.related for p in ordered)
    for r in registry().of_kind(DepthRange):
        assert 0 < r.min_mm < r.max_mm <= depth.MAX_SET_DEPTH_MM, r.id
