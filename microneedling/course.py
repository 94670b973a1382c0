"""The course map: lessons and graded quizzes, their notebooks, time estimates and fact topics.

Time estimates are the course's own planning figures (not clinical facts). ``fact_topics`` names the
data files in ``facts/data`` whose records a lesson teaches; its reference list is rendered from them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Module:
    id: str
    title: str
    kind: str  # "lesson" or "quiz"
    minutes: int
    path: str  # relative to the repository root
    fact_topics: tuple[str, ...] = ()


LESSONS: tuple[Module, ...] = (
    Module("00_welcome", "Welcome and how the course works", "lesson", 20,
           "notebooks/00_welcome.ipynb", ("course",)),
    Module("01_skin_and_wound_healing", "Skin and wound healing", "lesson", 60,
           "notebooks/01_skin_and_wound_healing.ipynb", ("skin", "healing")),
    Module("02_indications_and_evidence", "Indications and evidence", "lesson", 50,
           "notebooks/02_indications_and_evidence.ipynb", ("indications", "skin_types", "claims")),
    Module("03_devices_and_needle_depth", "Devices and needle depth", "lesson", 60,
           "notebooks/03_devices_and_needle_depth.ipynb", ("devices", "depth", "regulation", "course")),
    Module("04_consultation_and_preparation", "Consultation and preparation", "lesson", 60,
           "notebooks/04_consultation_and_preparation.ipynb",
           ("contraindications", "consultation", "anaesthesia")),
    Module("05_procedure_step_by_step", "The procedure step by step", "lesson", 60,
           "notebooks/05_procedure_step_by_step.ipynb", ("procedure", "infection_control")),
    Module("06_aftercare_and_complications", "Aftercare and complications", "lesson", 50,
           "notebooks/06_aftercare_and_complications.ipynb", ("aftercare", "adverse_effects")),
    Module("07_treatment_planning", "Treatment planning", "lesson", 40,
           "notebooks/07_treatment_planning.ipynb", ("planning",)),
    Module("08_complications_and_emergencies", "Complications and emergencies", "lesson", 80,
           "notebooks/08_complications_and_emergencies.ipynb",
           ("complications", "complication_triage", "emergencies", "adverse_effects")),
    Module("09_safe_practice", "Safe practice", "lesson", 90,
           "notebooks/09_safe_practice.ipynb",
           ("infection_prevention", "professional_practice", "patient_selection", "cautions", "illustrations")),
)

QUIZZES: tuple[Module, ...] = (
    Module("preparation_quiz", "Graded quiz: consultation and preparation", "quiz", 25,
           "assignments/preparation_quiz/preparation_quiz.ipynb"),
    Module("procedure_quiz", "Graded quiz: the procedure", "quiz", 25,
           "assignments/procedure_quiz/procedure_quiz.ipynb"),
    Module("aftercare_quiz", "Graded quiz: aftercare", "quiz", 25,
           "assignments/aftercare_quiz/aftercare_quiz.ipynb"),
    Module("science_devices_quiz", "Graded quiz: science and devices", "quiz", 25,
           "assignments/science_devices_quiz/science_devices_quiz.ipynb"),
    Module("final_assessment", "Final assessment: client cases from the whole course", "quiz", 45,
           "assignments/final_assessment/final_assessment.ipynb"),
)

MODULES: tuple[Module, ...] = LESSONS + QUIZZES


def module(module_id: str) -> Module:
    """Look a module up by id; ``ValueError`` lists the valid ids."""
    for candidate in MODULES:
        if candidate.id == module_id:
            return candidate
    raise ValueError(f"unknown module {module_id!r}; valid modules: {[m.id for m in MODULES]}")
