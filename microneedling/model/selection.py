"""Patient selection (lesson 09): which treatments suit which atrophic acne scar, from the cited facts.

Each option names the facts it rests on, so a table or figure built from it carries its sources and, where a
fact is only secondary, its caveat.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..facts import Status, registry

__all__ = ["ScarOption", "scar_options", "scar_treatment_notes"]


@dataclass(frozen=True)
class ScarOption:
    shape_id: str  # matches microneedling.model.illustration.ScarShape.id
    scar: str
    needling_alone: str
    better_tools: str
    note: str  # a few words for the cross-section figure
    basis: tuple[str, ...]

    @property
    def status(self) -> Status:
        from .triage import weakest

        return weakest(registry().record(f).status for f in self.basis)


def scar_options() -> list[ScarOption]:
    return [
        ScarOption(
            "ice_pick", "Ice-pick", "Improved only slightly after five monthly roller sessions.",
            "TCA CROSS; punch excision.", "Needling: slight gain.\nBetter: TCA CROSS,\npunch excision",
            ("indications.jacob.ice_pick", "selection.acne_scars.roller_response_by_type",
             "selection.tca_cross.ice_pick", "selection.excision_and_punch")),
        ScarOption(
            "boxcar_shallow", "Shallow boxcar", "Boxcar scars responded well or excellently in most patients "
            "after five monthly roller sessions; shallow boxcars can respond to resurfacing.",
            "Resurfacing, including microneedling, often combined.", "Resurfacing,\nincl. needling,\ncan help",
            ("indications.jacob.boxcar", "selection.acne_scars.roller_response_by_type",
             "selection.acne_scars.combination_is_the_norm", "illustrations.scar_profiles")),
        ScarOption(
            "boxcar_deep", "Deep boxcar", "Non-surgical resurfacing treats deep boxcars poorly.",
            "Punch techniques (excision, grafting, elevation).", "Resurfacing does\npoorly. Better:\npunch techniques",
            ("indications.jacob.boxcar", "selection.excision_and_punch")),
        ScarOption(
            "rolling", "Rolling", "The surface cannot lift while fibrous bands tether it.",
            "Subcision to release the bands, often combined with needling.",
            "Tethered: subcision\nreleases the bands;\ncombine with needling",
            ("indications.jacob.rolling", "selection.subcision.instruments", "selection.subcision.rolling_scars",
             "selection.acne_scars.combination_is_the_norm")),
    ]


def scar_treatment_notes() -> dict[str, str]:
    """Short notes for :func:`microneedling.plots.illustrations.scar_cross_section_figure`, keyed by shape id."""
    return {option.shape_id: option.note for option in scar_options()}
