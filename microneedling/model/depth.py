"""Effective needle depth by device, and whether a set depth suits an indication at a region.

Rollers: the only cited measurement (770 µm needles -> about 152 µm channels in rat skin) gives a
fraction of the set length; it varies with pressure, so it is a teaching model, not a prediction.
Pens: channel depth closely matched the set length ex vivo, so a pen's effective depth is its set length.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..facts import Status, registry
from ..facts.kinds.science import DepthRange, RegionRule
from .anatomy import LayerReached, SkinProfile, _validate_number, check_region, layer_at, skin_profile

DEVICES: dict[str, str] = {"pen": "Motorised pen", "roller": "Roller"}
VERDICTS: tuple[str, ...] = ("suitable", "too_shallow", "too_deep", "do_not_treat")
VERDICT_LABELS: dict[str, str] = {
    "suitable": "Within the reported range",
    "too_shallow": "Too shallow for this indication",
    "too_deep": "Too deep for this indication",
    "do_not_treat": "Do not treat here",
}
MAX_SET_DEPTH_MM = 3.5  # deepest pen setting in the cited device ranges; deeper input is rejected


def _fact_value(fact_id: str) -> float:
    return float(registry().fact(fact_id).value)


def device_fraction(device: str) -> tuple[float, tuple[str, ...]]:
    """(effective depth / set length, fact ids it comes from) for ``device``."""
    if device == "roller":
        ids = ("depth.roller.rat_channel_depth", "depth.roller.rat_needle_length")
        return _fact_value(ids[0]) / _fact_value(ids[1]), ids
    if device == "pen":
        return _fact_value("depth.pen.sasaki_set_length"), ("depth.pen.sasaki_set_length",)
    raise ValueError(f"unknown device {device!r}; valid devices: {list(DEVICES)}")


def check_set_depth(set_depth_mm: float) -> float:
    depth = _validate_number(set_depth_mm, "set depth")
    if not 0 <= depth <= MAX_SET_DEPTH_MM:
        raise ValueError(f"set depth must be between 0 and {MAX_SET_DEPTH_MM:g} mm; got {depth:g} mm")
    return depth


def effective_depth(device: str, set_depth_mm: float) -> float:
    """Modelled depth (mm) the needle tip reaches for a set length on ``device``."""
    fraction, _ = device_fraction(device)
    return round(check_set_depth(set_depth_mm) * fraction, 3)


@dataclass(frozen=True)
class Penetration:
    profile: SkinProfile
    device: str
    set_depth_mm: float
    effective_depth_mm: float
    reached: LayerReached
    fact_ids: tuple[str, ...]

    @property
    def layer(self) -> str:
        return self.reached.layer


def penetration(region: str, sex: str, device: str, set_depth_mm: float) -> Penetration:
    """Which layer the needle reaches at ``region`` for ``sex`` with ``device`` set to ``set_depth_mm``."""
    profile = skin_profile(region, sex)
    fraction, fraction_ids = device_fraction(device)
    depth = round(check_set_depth(set_depth_mm) * fraction, 3)
    return Penetration(profile=profile, device=device, set_depth_mm=float(set_depth_mm),
                       effective_depth_mm=depth, reached=layer_at(profile, depth),
                       fact_ids=profile.record_ids + fraction_ids)


def indications() -> dict[str, str]:
    """Indication key -> label for every depth range, in data order."""
    return {r.indication: r.label for r in registry().of_kind(DepthRange)}


def depth_range(indication: str) -> DepthRange:
    for record in registry().of_kind(DepthRange):
        if record.indication == indication:
            return record
    raise ValueError(f"unknown indication {indication!r}; valid indications: {list(indications())}")


def region_rules(region: str) -> list[RegionRule]:
    """The rules that apply at ``region`` (``ValueError`` lists valid regions)."""
    check_region(region)
    return [r for r in registry().of_kind(RegionRule) if region in r.regions]


@dataclass(frozen=True)
class Note:
    """A reason or caution with its sources; ``status`` says how firmly the sources confirm it."""

    text: str
    refs: tuple[str, ...]
    status: Status = Status.CONFIRMED


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
    """Compare a set depth with the range reported for ``indication`` and the rules for ``region``.

    The reported ranges are set depths, so the comparison uses the set depth; the effective depth and the
    layer it reaches are reported alongside. A 'do not treat' region rule overrides the depth comparison.
    ``ValueError`` names the valid choices for an unknown indication, region, sex or device, or a bad depth.
    """
    reported = depth_range(indication)
    pen = penetration(region, sex, device, set_depth_mm)
    rules = region_rules(region)
    stop = next((r for r in rules if r.action == "do_not_treat"), None)
    range_text = f"{reported.min_mm:g}-{reported.max_mm:g} mm"
    if stop is not None:
        verdict, reason = "do_not_treat", Note(stop.text, stop.refs, stop.status)
    elif pen.set_depth_mm < reported.min_mm:
        verdict = "too_shallow"
        reason = Note(f"{pen.set_depth_mm:g} mm is below the {range_text} reported for {reported.label.lower()}.",
                      reported.refs, reported.status)
    elif pen.set_depth_mm > reported.max_mm:
        verdict = "too_deep"
        reason = Note(f"{pen.set_depth_mm:g} mm is above the {range_text} reported for {reported.label.lower()}.",
                      reported.refs, reported.status)
    else:
        verdict = "suitable"
        reason = Note(f"{pen.set_depth_mm:g} mm is within the {range_text} reported for {reported.label.lower()}.",
                      reported.refs, reported.status)
    cautions = [Note(r.text, r.refs, r.status) for r in rules if r.action == "caution"]
    cautions += _depth_cautions(indication, pen)
    return DepthVerdict(verdict=verdict, reason=reason, cautions=tuple(cautions), penetration=pen, range=reported)


def _depth_cautions(indication: str, pen: Penetration) -> list[Note]:
    reg = registry()
    notes: list[Note] = []
    if pen.layer == "subcutis":
        notes.append(Note(
            f"The modelled tip ({pen.effective_depth_mm:g} mm) passes the mean epidermis + dermis measured here "
            f"({pen.profile.skin_mm:.2f} mm). Tables are averages; individual skin varies.",
            tuple(dict.fromkeys((*pen.profile.refs, *reg.record("skin.varies_by_person").refs)))))
    if pen.device == "roller":
        notes.append(Note(
            "Roller depth is modelled from a single rat measurement (a fraction of the needle length); the real "
            "depth varies with pressure.", reg.record("depth.roller.rat_channel_depth").refs))
    skinpen_limit = reg.fact("depth.skinpen.not_above_1_5")
    if indication == "acne_scars" and pen.device == "pen" and pen.set_depth_mm > float(skinpen_limit.value):
        notes.append(Note(skinpen_limit.statement, skinpen_limit.refs, skinpen_limit.status))
    return notes
