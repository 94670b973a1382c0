"""Everything a lesson notebook calls, in one import.

A lesson's only setup cell (stored with its input hidden) is ``from microneedling.lesson import *``; every other
code cell is one short call to a name exported here — a widget (``DepthExplorer()``), a figure
(``show_figure(...)``), a table, the self-check (``self_check("03_devices_and_needle_depth")``) or the references.
Importing it also makes any matplotlib ``Figure`` display as an image with its text alternative.

Entry points are imported on first use, so a lesson's setup cell stays cheap and a lesson whose first widget needs
no figure never waits for matplotlib (time to first widget, ``make bench``). Lesson owners add theirs to their
section of ``ENTRY_POINTS`` below (``name: "module"``, module relative to this package); a test checks each name
resolves. Keep entry points one call with short literal arguments: logic belongs in the package.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

ENTRY_POINTS: dict[str, str] = {
    # Generic (helper I): figures, facts, references, course map.
    "show_bibliography": ".notebook",
    "show_fact_appendix": ".notebook",
    "show_facts": ".notebook",
    "show_figure": ".notebook",
    "show_learning_path": ".notebook",
    "show_references": ".notebook",
    "self_check": ".quiz.selfcheck",

    # 00 welcome and the app's home page (helper L).
    "StudyPlanner": ".widgets.study_planner",
    "show_progress": ".widgets.progress_view",

    # 01-03 science and devices (helper S).
    "sex_split_profiles": ".model.anatomy",
    "thickness_figure": ".plots.science",
    "show_cross_section": ".science_tables",
    "show_lesson_references": ".science_tables",
    "show_table": ".science_tables",
    "show_thickness_chart": ".science_tables",
    "DepthExplorer": ".widgets.depth_explorer",
    "DeviceComparison": ".widgets.device_comparison",
    "EvidenceExplorer": ".widgets.evidence_explorer",
    "HealingTimeline": ".widgets.healing_timeline",

    # 04-07 protocol (helper P).
    "aftercare_timeline": ".protocol_tables",
    "procedure_order": ".protocol_tables",
    "series_calendar": ".protocol_tables",
    "show_adverse_effects": ".protocol_tables",
    "show_aftercare": ".protocol_tables",
    "show_contraindications": ".protocol_tables",
    "show_drug_protocols": ".protocol_tables",
    "show_example_handout": ".protocol_tables",
    "show_procedure_steps": ".protocol_tables",
    "show_protocol_references": ".protocol_tables",
    "show_protocols": ".protocol_tables",
    "show_screening_example": ".protocol_tables",
    "waiting_periods": ".protocol_tables",
    "AftercarePlanner": ".widgets.aftercare_planner",
    "CaseScreener": ".widgets.case_screener",
    "ProcedureBuilder": ".widgets.procedure_builder",
    "SeriesPlanner": ".widgets.series_planner",

    # 08-09 complications and safe practice (helper N).
    "scar_treatment_notes": ".model.selection",
    "device_pattern_figure": ".plots.illustrations",
    "endpoints_figure": ".plots.illustrations",
    "marker_line_figure": ".plots.illustrations",
    "photo_setup_figure": ".plots.illustrations",
    "scar_cross_section_figure": ".plots.illustrations",
    "onset_figure": ".plots.practice",
    "show_scar_options": ".practice_tables",
    "show_triage_rules": ".practice_tables",
    "ComplicationTriage": ".widgets.complication_triage",
    "TreatmentRecordForm": ".widgets.treatment_record",
}


def resolve(name: str) -> Any:
    """The real object behind an entry point (imports its module)."""
    return getattr(importlib.import_module(ENTRY_POINTS[name], __package__), name)


def _entry_point(name: str) -> Callable[..., Any]:
    def call(*args: Any, **kwargs: Any) -> Any:
        return resolve(name)(*args, **kwargs)

    call.__name__ = call.__qualname__ = name
    call.__doc__ = f"``{name}`` from ``microneedling{ENTRY_POINTS[name]}`` (imported on first use)."
    return call


globals().update({name: _entry_point(name) for name in ENTRY_POINTS})
__all__ = sorted(ENTRY_POINTS)



def _register_figure_display() -> None:
    from .notebook import render_figures_as_images  # no matplotlib import: registered by type name

    render_figures_as_images()


_register_figure_display()
