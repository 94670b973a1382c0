"""Skin layers by region and sex, and which layer a needle tip reaches.

The layer model is the cited thickness table (``skin_thickness`` records): epidermis and dermis per
region and sex. Subcutaneous fat is given a thickness only where a source measured it; elsewhere it is
drawn without a claimed thickness.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..facts import registry
from ..facts.kinds.science import SkinThickness

SEXES: tuple[str, ...] = ("female", "male")
LAYERS: tuple[str, ...] = ("epidermis", "dermis", "subcutis")

# Region -> fact giving subcutaneous fat thickness there (ultrasound); other regions have no cited value.
SUBCUTIS_FACTS: dict[str, str] = {
    "forehead": "skin.subcutis.forehead",
    "temple": "skin.subcutis.submental_temporal",
}


@dataclass(frozen=True)
class SkinProfile:
    """Layer thicknesses at one region for one sex, with the records they come from."""

    region: str
    label: str
    sex: str
    epidermis_mm: float
    dermis_mm: float
    subcutis_mm: float | None  # None: not measured for this region in the course's sources
    method: str
    record_ids: tuple[str, ...]
    refs: tuple[str, ...]

    @property
    def skin_mm(self) -> float:
        """Epidermis plus dermis."""
        return self.epidermis_mm + self.dermis_mm


@dataclass(frozen=True)
class LayerReached:
    depth_mm: float
    layer: str  # one of LAYERS
    depth_in_layer_mm: float  # how far past the top of that layer
    margin_to_subcutis_mm: float  # skin thickness minus depth; negative means beyond the dermis


def _validate_number(value: float, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value):
        raise ValueError(f"{name} must be a number, not {value!r}")
    return float(value)


def regions() -> dict[str, str]:
    """Region key -> label for every region with a thickness record, in data order."""
    return {r.region: r.label for r in registry().of_kind(SkinThickness)}


def sexes_for(region: str) -> tuple[str, ...]:
    """The sexes measured at ``region`` ('any' when the source did not split by sex)."""
    return tuple(r.sex for r in registry().of_kind(SkinThickness) if r.region == region)


def sex_split_profiles() -> list[SkinProfile]:
    """Profiles for every region measured separately in women and men (the ultrasound table), women first."""
    return [skin_profile(region, sex) for region in regions() if "any" not in sexes_for(region) for sex in SEXES]


def check_region(region: str) -> str:
    valid = list(regions())
    if region not in valid:
        raise ValueError(f"unknown region {region!r}; valid regions: {valid}")
    return region


def check_sex(sex: str) -> str:
    if sex not in SEXES:
        raise ValueError(f"unknown sex {sex!r}; valid choices: {list(SEXES)}")
    return sex


def skin_profile(region: str, sex: str) -> SkinProfile:
    """Layer thicknesses for ``region`` and ``sex`` ('female' or 'male').

    A region measured without a split by sex uses its single row for both. ``ValueError`` lists the
    valid regions or sexes.
    """
    check_region(region)
    check_sex(sex)
    rows = [r for r in registry().of_kind(SkinThickness) if r.region == region]
    row = next((r for r in rows if r.sex == sex), None) or next(r for r in rows if r.sex == "any")
    dermis = row.dermis_mm
    if row.epidermis_mm is not None:
        epidermis = row.epidermis_mm
    elif row.total_mm is not None and dermis is not None:
        epidermis = round(row.total_mm - dermis, 3)  # the source gives total and dermis only
    else:
        raise ValueError(f"{row.id}: needs epidermis_mm, or total_mm and dermis_mm")
    if dermis is None:
        raise ValueError(f"{row.id}: needs dermis_mm")
    subcutis_id = SUBCUTIS_FACTS.get(region)
    subcutis = float(registry().fact(subcutis_id).value) if subcutis_id else None
    record_ids = (row.id, subcutis_id) if subcutis_id else (row.id,)
    refs = tuple(dict.fromkeys(k for rid in record_ids for k in registry().record(rid).refs))
    return SkinProfile(region=region, label=row.label, sex=sex, epidermis_mm=float(epidermis),
                       dermis_mm=float(dermis), subcutis_mm=subcutis, method=row.method,
                       record_ids=record_ids, refs=refs)


def layer_at(profile: SkinProfile, depth_mm: float) -> LayerReached:
    """The layer holding a needle tip ``depth_mm`` below the surface.

    A tip exactly on a boundary counts as in the upper layer.
    """
    depth = _validate_number(depth_mm, "depth")
    if depth < 0:
        raise ValueError(f"depth must be 0 mm or more; got {depth:g} mm")
    if depth <= profile.epidermis_mm:
        layer, into = "epidermis", depth
    elif depth <= profile.skin_mm:
        layer, into = "dermis", depth - profile.epidermis_mm
    else:
        layer, into = "subcutis", depth - profile.skin_mm
    return LayerReached(depth_mm=depth, layer=layer, depth_in_layer_mm=round(into, 3),
                        margin_to_subcutis_mm=round(profile.skin_mm - depth, 3))
