"""Where a needle tip may be for a device and set depth, and whether a setting suits an indication at a site.

Pens: one ex-vivo specimen (skin strips from a single facelift patient) showed channels close to the set
length, so a pen's tip is modelled at its set length, with that caveat. Rollers: no human measurement exists in
the course's sources; the only one is in hairless-rat skin (about a fifth of the needle length), and depth
depends on pressure. So a roller's tip depth is *uncertain*: the model gives the range the evidence allows, from
that small fraction up to the full needle length, never one number.

Safety comes before the indication: a setting whose modelled tip (for a roller, the deepest possible tip) passes
the mean epidermis + dermis measured at the site is "too deep for this site", whatever range an indication
reports; and a range reported on body skin never applies to the face or neck.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..facts import Status, registry
from ..facts.kinds.science import DepthRange, RegionRule, SkinThickness
from .anatomy import LayerReached, SkinProfile, _validate_number, check_region, layer_at, skin_profile

DEVICES: dict[str, str] = {"pen": "Motorised pen", "roller": "Roller"}
VERDICT_LABELS: dict[str, str] = {
    "do_not_treat": "Do not treat here",
    "too_deep_for_site": "Too deep for this site",
    "no_range_for_site": "No reported range for this site",
    "too_shallow": "Too shallow for this indication",
    "too_deep": "Too deep for this indication",
    "suitable": "Within the reported range",
}
VERDICTS: tuple[str, ...] = tuple(VERDICT_LABELS)
MAX_SET_DEPTH_MM = 3.5  # deepest pen setting in the cited device ranges; deeper input is rejected
ROLLER_RAT_FACTS = ("depth.roller.rat_channel_depth", "depth.roller.rat_needle_length")


@dataclass(frozen=True)
class Note:
    """A reason or caution with its sources; ``status`` says how firmly the sources confirm it."""

    text: str
    refs: tuple[str, ...]
    status: Status = Status.CONFIRMED


def _fact_note(fact_id: str) -> Note:
    fact = registry().record(fact_id)
    return Note(getattr(fact, "statement", ""), fact.refs, fact.status)


def _fact_value(fact_id: str) -> float:
    return float(registry().fact(fact_id).value)


def check_device(device: str) -> str:
    if device not in DEVICES:
        raise ValueError(f"unknown device {device!r}; valid devices: {list(DEVICES)}")
    return device


def check_set_depth(set_depth_mm: float) -> float:
    depth = _validate_number(set_depth_mm, "set depth")
    if not 0 <= depth <= MAX_SET_DEPTH_MM:
        raise ValueError(f"set depth must be between 0 and {MAX_SET_DEPTH_MM:g} mm; got {depth:g} mm")
    return depth


@dataclass(frozen=True)
class TipDepth:
    """Where the needle tip may be: one modelled depth (pen) or an uncertain range (roller)."""

    low_mm: float
    high_mm: float
    uncertain: bool
    basis: Note  # the evidence the model rests on, with its status
    fact_ids: tuple[str, ...]

    @property
    def text(self) -> str:
        """'1.5 mm' for a modelled depth; 'uncertain: 0.3-1.5 mm' for a range."""
        if not self.uncertain:
            return f"{self.high_mm:g} mm"
        return f"uncertain: {self.low_mm:g}-{self.high_mm:g} mm"


def tip_depth(device: str, set_depth_mm: float) -> TipDepth:
    """Where the tip of ``device`` set to ``set_depth_mm`` may be (``ValueError`` for a bad device or depth)."""
    check_device(device)
    depth = check_set_depth(set_depth_mm)
    if device == "pen":
        fact_id = "depth.pen.sasaki_set_length"
        modelled = round(depth * _fact_value(fact_id), 3)
        return TipDepth(modelled, modelled, uncertain=False, basis=_fact_note(fact_id), fact_ids=(fact_id,))
    fraction = _fact_value(ROLLER_RAT_FACTS[0]) / _fact_value(ROLLER_RAT_FACTS[1])
    return TipDepth(round(depth * fraction, 2), depth, uncertain=True, basis=_fact_note("depth.roller.uncertain"),
                    fact_ids=("depth.roller.uncertain", *ROLLER_RAT_FACTS))


@dataclass(frozen=True)
class Penetration:
    """The skin at a site and where a device's tip may be in it."""

    profile: SkinProfile
    device: str
    set_depth_mm: float
    tip: TipDepth
    shallowest: LayerReached  # at the tip's shallowest possible depth
    deepest: LayerReached  # at the tip's deepest possible depth

    @property
    def layer(self) -> str:
        """The deepest layer the tip may reach."""
        return self.deepest.layer

    @property
    def layers(self) -> tuple[str, ...]:
        """Every layer the tip may be in, from the surface down."""
        order = ("epidermis", "dermis", "subcutis")
        top, bottom = order.index(self.shallowest.layer), order.index(self.deepest.layer)
        return order[top:bottom + 1]

    @property
    def beyond_dermis(self) -> bool:
        return self.deepest.layer == "subcutis"

    @property
    def fact_ids(self) -> tuple[str, ...]:
        return self.profile.record_ids + self.tip.fact_ids


def penetration(region: str, sex: str, device: str, set_depth_mm: float) -> Penetration:
    """Where the tip of ``device`` set to ``set_depth_mm`` may be at ``region`` for ``sex``."""
    profile = skin_profile(region, sex)
    tip = tip_depth(device, set_depth_mm)
    return Penetration(profile=profile, device=device, set_depth_mm=float(set_depth_mm), tip=tip,
                       shallowest=layer_at(profile, tip.low_mm), deepest=layer_at(profile, tip.high_mm))


def indications() -> dict[str, str]:
    """Indication key -> label for every depth range, in data order."""
    return {r.indication: r.label for r in registry().of_kind(DepthRange)}


def depth_range(indication: str) -> DepthRange:
    for record in registry().of_kind(DepthRange):
        if record.indication == indication:
            return record
    raise ValueError(f"unknown indication {indication!r}; valid indications: {list(indications())}")


def region_area(region: str) -> str:
    """'face', 'neck' or 'body' for a region with a thickness record."""
    check_region(region)
    return next(r.area for r in registry().of_kind(SkinThickness) if r.region == region)


def region_rules(region: str) -> list[RegionRule]:
    """The rules that apply at ``region`` (``ValueError`` lists valid regions)."""
    check_region(region)
    return [r for r in registry().of_kind(RegionRule) if region in r.regions]


@dataclass(frozen=True)
class DepthVerdict:
    verdict: str  # one of VERDICTS
    reason: Note
    cautions: tuple[Note, ...]
    penetration: Penetration
    range: DepthRange

    @property
    def label(self) -> str:
        return VERDICT_LABELS[self.verdict]

    @property
    def refs(self) -> tuple[str, ...]:
        notes = (self.reason, *self.cautions)
        return tuple(dict.fromkeys(k for note in notes for k in note.refs))


def assess_depth(indication: str, region: str, sex: str, device: str, set_depth_mm: float) -> DepthVerdict:
    """Judge a setting for ``indication`` at ``region``: anatomy and site rules first, then the reported range.

    In order: a 'do not treat' rule at the region; a tip that may pass the mean dermis there ("too deep for this
    site"); a range reported for other body areas ("no reported range for this site"); then the set depth against
    the reported range (the ranges are set depths). ``ValueError`` names the valid choices for an unknown
    indication, region, sex or device, or explains a bad depth.
    """
    reported = depth_range(indication)
    pen = penetration(region, sex, device, set_depth_mm)
    area = region_area(region)
    rules = region_rules(region)
    stop = next((r for r in rules if r.action == "do_not_treat"), None)
    range_text = f"{reported.min_mm:g}-{reported.max_mm:g} mm"
    what = reported.label[0].lower() + reported.label[1:]
    if stop is not None:
        verdict, reason = "do_not_treat", Note(stop.text, stop.refs, stop.status)
    elif pen.beyond_dermis:
        verdict, reason = "too_deep_for_site", _beyond_dermis_reason(pen, range_text)
    elif not reported.applies_to(area):
        verdict = "no_range_for_site"
        reason = Note(f"The {range_text} range for {what} was reported for {' and '.join(reported.areas)} skin; it "
                      f"does not apply to the {area}, and the course's sources report no range for this use here.",
                      reported.refs, reported.status)
    elif pen.set_depth_mm < reported.min_mm:
        verdict = "too_shallow"
        reason = Note(f"{pen.set_depth_mm:g} mm is below the {range_text} reported for {what}.",
                      reported.refs, reported.status)
    elif pen.set_depth_mm > reported.max_mm:
        verdict = "too_deep"
        reason = Note(f"{pen.set_depth_mm:g} mm is above the {range_text} reported for {what}.",
                      reported.refs, reported.status)
    else:
        verdict = "suitable"
        reason = Note(f"{pen.set_depth_mm:g} mm is within the {range_text} reported for {what}, and the modelled "
                      "tip stays within the mean skin thickness here. Titrate to the clinical endpoint.",
                      reported.refs, reported.status)
    cautions = [Note(r.text, r.refs, r.status) for r in rules if r.action == "caution"]
    cautions += _cautions(reported, pen)
    return DepthVerdict(verdict=verdict, reason=reason, cautions=tuple(cautions), penetration=pen, range=reported)


def _beyond_dermis_reason(pen: Penetration, range_text: str) -> Note:
    profile = pen.profile
    group = {"female": "women", "male": "men"}.get(profile.sex, profile.sex)
    skin = f"the mean epidermis plus dermis measured here ({profile.skin_mm:.2f} mm, {group}'s {profile.label.lower()})"
    if pen.tip.uncertain:
        reached = (f"With pressure a roller's needles can go as deep as their full length ({pen.tip.high_mm:g} mm), "
                   f"past {skin}")
    else:
        reached = f"The modelled tip ({pen.tip.high_mm:g} mm) passes {skin}"
    return Note(f"{reached}, into the fat below. That is too deep for this site, whatever range is reported for "
                f"the indication ({range_text}): tables are averages, and individual skin may be thinner still.",
                tuple(dict.fromkeys((*profile.refs, *registry().record("skin.varies_by_person").refs))))


def _cautions(reported: DepthRange, pen: Penetration) -> list[Note]:
    reg = registry()
    notes: list[Note] = []
    if reported.adjunct:
        notes.append(_fact_note(reported.adjunct))
    notes.append(pen.tip.basis)  # why the tip is where the model puts it, and how firm that is
    skinpen_limit = reg.fact("depth.skinpen.not_above_1_5")
    if (reported.indication == "acne_scars" and pen.device == "pen"
            and pen.set_depth_mm > float(skinpen_limit.value)):
        notes.append(Note(skinpen_limit.statement, skinpen_limit.refs, skinpen_limit.status))
    return notes
