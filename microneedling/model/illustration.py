"""Geometry for the course's schematic drawings, with every number traced to a cited fact or marked illustrative.

The drawing specification (evidence addendum §G.4) turns the published scar descriptions into shapes. A value a
source gives (a boxcar is 1.5-4 mm wide) is drawn inside that range and its label quotes the range; a value no
source gives (how deep an ice-pick tract runs, how deep a rolling scar dips) is flagged ``illustrative`` and the
figure marks it †. Tests check each drawn number against its fact.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..facts import registry

__all__ = [
    "EndpointSpec",
    "LayerSpec",
    "MarkerLineSpec",
    "PhotoSetupSpec",
    "ScarShape",
    "TramTrackSpec",
    "endpoint_spec",
    "layer_spec",
    "marker_line_spec",
    "photo_setup_spec",
    "scar_shapes",
    "tram_track_spec",
]


@dataclass(frozen=True)
class LayerSpec:
    """Skin layers for a cheek-like cross-section (mm below the surface)."""

    epidermis_mm: float
    dermis_bottom_mm: float  # illustrative: a point inside the facial dermis range
    canvas_depth_mm: float
    basis: tuple[str, ...]


@dataclass(frozen=True)
class ScarShape:
    """One scar in the cross-section. ``depth_is_illustrative`` marks a depth no source gives."""

    id: str
    kind: str  # "ice_pick", "boxcar" or "rolling"
    label: str
    profile: str  # the letter shape of the Jacob classification: V, U or M
    centre_mm: float
    width_mm: float
    depth_mm: float
    width_text: str
    depth_text: str
    depth_is_illustrative: bool
    basis: tuple[str, ...]
    floor_width_mm: float = 0.0  # ice-pick: width at the bottom of the tract
    band_depth_mm: float = 0.0  # rolling: how deep the tethering bands are drawn


def layer_spec() -> LayerSpec:
    reg = registry()
    epidermis = float(reg.fact("skin.epidermis.meta_analysis").value)
    return LayerSpec(epidermis_mm=epidermis, dermis_bottom_mm=1.8, canvas_depth_mm=3.0,
                     basis=("skin.epidermis.meta_analysis", "skin.dermis.face_histology"))


def scar_shapes() -> list[ScarShape]:
    """Ice-pick, shallow boxcar, deep boxcar and rolling scar, left to right (addendum §G.4 geometry)."""
    reg = registry()
    profile = {kind: reg.record(f"indications.jacob.{kind}").shape.split("-")[0]
               for kind in ("ice_pick", "boxcar", "rolling")}
    return [
        ScarShape("ice_pick", "ice_pick", "Ice-pick", profile["ice_pick"], centre_mm=3.0, width_mm=1.5,
                  depth_mm=1.9, floor_width_mm=0.15, width_text="< 2 mm", depth_text="into deep dermis or fat",
                  depth_is_illustrative=True, basis=("indications.jacob.ice_pick",)),
        ScarShape("boxcar_shallow", "boxcar", "Shallow boxcar", profile["boxcar"], centre_mm=7.0, width_mm=2.5,
                  depth_mm=0.3, width_text="1.5–4 mm", depth_text="0.1–0.5 mm", depth_is_illustrative=False,
                  basis=("indications.jacob.boxcar",)),
        ScarShape("boxcar_deep", "boxcar", "Deep boxcar", profile["boxcar"], centre_mm=11.5, width_mm=3.0,
                  depth_mm=0.8, width_text="1.5–4 mm", depth_text="> 0.5 mm", depth_is_illustrative=False,
                  basis=("indications.jacob.boxcar",)),
        ScarShape("rolling", "rolling", "Rolling", profile["rolling"], centre_mm=16.5, width_mm=5.0, depth_mm=0.4,
                  band_depth_mm=2.2, width_text="> 4–5 mm", depth_text="shallow dip",
                  depth_is_illustrative=True, basis=("indications.jacob.rolling",)),
    ]


@dataclass(frozen=True)
class EndpointSpec:
    """A 1 cm × 1 cm patch after needling, and the depth diagram that explains the two endpoints."""

    patch_mm: float
    bleeding_points_per_pass: int
    passes: int
    epidermis_mm: float
    capillary_loop_mm: float  # illustrative: where the loops are drawn in the papillary dermis
    shallow_needle_mm: float  # illustrative
    deep_needle_mm: float  # illustrative
    basis: tuple[str, ...]


def endpoint_spec(passes: int = 1) -> EndpointSpec:
    if passes < 1:
        raise ValueError(f"passes must be 1 or more, got {passes}")
    reg = registry()
    per_pass = int(reg.fact("devices.roller.punctures_per_pass").value)
    epidermis = float(reg.fact("skin.epidermis.meta_analysis").value)
    return EndpointSpec(patch_mm=10.0, bleeding_points_per_pass=per_pass, passes=passes, epidermis_mm=epidermis,
                        capillary_loop_mm=0.2, shallow_needle_mm=0.07, deep_needle_mm=0.3,
                        basis=("devices.roller.punctures_per_pass", "skin.epidermis.meta_analysis"))


@dataclass(frozen=True)
class TramTrackSpec:
    """Rows of punctate marks along a roller's path (appearance unverified: drawn as a schematic only)."""

    patch_mm: float
    tracks: int
    rail_gap_mm: float
    mark_spacing_mm: float
    grid_spacing_mm: float
    basis: tuple[str, ...]


def tram_track_spec() -> TramTrackSpec:
    return TramTrackSpec(patch_mm=20.0, tracks=3, rail_gap_mm=1.2, mark_spacing_mm=0.8, grid_spacing_mm=2.0,
                         basis=("ae.tram_track",))


@dataclass(frozen=True)
class MarkerLineSpec:
    """Redness round a treated area, the line drawn round its edge, and the same redness later."""

    patch_mm: float
    first_radius_mm: tuple[float, float]
    later_radius_mm: tuple[float, float]
    first_label: str
    later_label: str
    basis: tuple[str, ...]


def marker_line_spec() -> MarkerLineSpec:
    return MarkerLineSpec(patch_mm=60.0, first_radius_mm=(12.0, 9.0), later_radius_mm=(19.0, 14.0),
                          first_label="Tue 18:00", later_label="Redness Wed 09:00",
                          basis=())


@dataclass(frozen=True)
class PhotoSetupSpec:
    """Top view of a photography set-up: camera positions round the client, lights and plain background."""

    distance_m: float  # illustrative
    view_angles_deg: tuple[tuple[str, float], ...]  # illustrative angles for frontal / oblique / lateral
    light_angles_deg: tuple[float, ...]
    basis: tuple[str, ...]


def photo_setup_spec() -> PhotoSetupSpec:
    views = (("Lateral", -90.0), ("Oblique", -45.0), ("Frontal", 0.0), ("Oblique", 45.0), ("Lateral", 90.0))
    return PhotoSetupSpec(distance_m=1.0, view_angles_deg=views, light_angles_deg=(-30.0, 30.0), basis=())
