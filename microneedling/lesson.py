"""Everything a lesson notebook calls, in one import.

A lesson's only setup cell (stored with its input hidden) is ``from microneedling.lesson import *``; every other
code cell is one short call to a name exported here — a widget (``DepthExplorer()``), a figure
(``show_figure(...)``), a table, the self-check (``self_check("03_devices_and_needle_depth")``) or the references.
Importing it also makes any matplotlib ``Figure`` display as an image with its text alternative.

Lesson owners add their entry points in their section below (one import line each); a name that hides another
fails the tests. Keep entry points one call with short literal arguments: logic belongs in the package.
"""

from __future__ import annotations

from types import ModuleType as _ModuleType

# Generic (helper I): figures, facts, references, course map.
from .notebook import (
    show_bibliography,
    show_fact_appendix,
    show_facts,
    show_figure,
    show_learning_path,
    show_references,
)
from .quiz import self_check

# 00 welcome (helper L).
from .widgets.study_planner import StudyPlanner

# 01-03 science and devices (helper S).
from .model.anatomy import sex_split_profiles
from .plots.science import thickness_figure
from .science_tables import show_cross_section, show_lesson_references, show_table, show_thickness_chart
from .widgets.depth_explorer import DepthExplorer
from .widgets.device_comparison import DeviceComparison
from .widgets.evidence_explorer import EvidenceExplorer
from .widgets.healing_timeline import HealingTimeline

# 04-07 protocol (helper P).
from .model.aftercare import all_rules
from .model.planning import plan_treatment
from .plots.protocol import aftercare_timeline_figure, series_calendar_figure
from .protocol_tables import (
    show_adverse_effects,
    show_aftercare,
    show_contraindications,
    show_procedure_steps,
    show_protocols,
)
from .widgets.aftercare_planner import AftercarePlanner
from .widgets.case_screener import CaseScreener
from .widgets.procedure_builder import ProcedureBuilder
from .widgets.series_planner import SeriesPlanner

# 08-09 complications and safe practice (helper N).

__all__ = sorted(
    name for name, value in globals().items()
    if not name.startswith("_") and name != "annotations" and not isinstance(value, _ModuleType)
)
