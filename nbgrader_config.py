# nbgrader configuration for the microneedling course. Run nbgrader commands from this folder.
import os

c = get_config()  # noqa: F821 (provided by nbgrader)

c.CourseDirectory.course_id = "microneedling101"
c.CourseDirectory.source_directory = "source"
# Trainee versions are written to assignments/ (committed), so the trainee copy of the course has them.
c.CourseDirectory.release_directory = "assignments"

# Graded quizzes are answered by clicking; each answer is recorded as data (docs/recorded-answers.md).
# Autograde grades those records and never runs a trainee's notebook: the notebook is rebuilt from the released
# quiz plus the recorded answers, and scored in this process (microneedling/grading/autograde.py).
from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor  # noqa: E402
from nbgrader.preprocessors import AssignLatePenalties, GetGrades  # noqa: E402

from microneedling.grading.autograde import (  # noqa: E402
    GradeRecordedAnswers,
    RecordedAnswersExporter,
    SaveGradesFlaggingChanges,
)
from microneedling.grading.feedback import KeyFreeFeedback  # noqa: E402

# Nothing of the submitted notebook is used except its recorded answers, so nbgrader's sanitising steps (clear
# outputs, restore edited cells from the gradebook, check metadata) have nothing to clean: the exporter starts
# from the released quiz with each key restored from the gradebook.
c.Autograde.exporter_class = RecordedAnswersExporter
# nbformat's fast validator (same schema; the default one takes most of the time when nothing is executed).
os.environ.setdefault("NBFORMAT_VALIDATOR", "fastjsonschema")
c.Autograde.sanitize_preprocessors = []
c.Autograde.autograde_preprocessors = [GradeRecordedAnswers, SaveGradesFlaggingChanges, AssignLatePenalties]

# What trainees see in a written answer's cell: they type in the answer box under it.
c.ClearSolutions.text_stub = "*Your written answer goes in the box below; it is copied here when the quiz is marked.*"

# Feedback shows each question's points and the grader's message, never the key (nbgrader #917).
c.GenerateFeedback.preprocessors = [GetGrades, KeyFreeFeedback, CSSHTMLHeaderPreprocessor]

# zip_collect: trainees come from the LMS's own folder per participant (Moodle's "download all submissions"),
# matched to the lms_user_id of the roster; only notebooks and answers files are extracted, size-capped.
from microneedling.grading.lms import LmsCollector, SafeZipExtractor  # noqa: E402

c.ZipCollectApp.extractor_plugin = SafeZipExtractor
c.ZipCollectApp.collector_plugin = LmsCollector
