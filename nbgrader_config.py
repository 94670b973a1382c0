# nbgrader configuration for the microneedling course. Run nbgrader commands from this folder.
#
# The course's classes are named as dotted strings, not imported here: if this file raised (for example in an
# environment without the course package), nbgrader would log the error and carry on with its defaults — and its
# default autograde runs trainees' notebooks. Named as strings, a missing package stops the command with an error.
import os

c = get_config()  # noqa: F821 (provided by nbgrader)

c.CourseDirectory.course_id = "microneedling101"
c.CourseDirectory.source_directory = "source"
# Trainee versions are written to assignments/ (committed), so the trainee copy of the course has them.
c.CourseDirectory.release_directory = "assignments"

# Graded quizzes are answered by clicking; each answer is recorded as data (docs/recorded-answers.md).
# Autograde grades those records and never runs a trainee's notebook: the notebook is rebuilt from the released
# quiz plus the recorded answers, and scored in this process (microneedling/grading/autograde.py). Nothing of the
# submitted notebook is used except its recorded answers, so nbgrader's sanitising steps (clear outputs, restore
# edited cells, check metadata) have nothing to clean.
c.Autograde.exporter_class = "microneedling.grading.autograde.RecordedAnswersExporter"
c.Autograde.sanitize_preprocessors = []
c.Autograde.autograde_preprocessors = [
    "microneedling.grading.autograde.GradeRecordedAnswers",
    "microneedling.grading.autograde.SaveGradesFlaggingChanges",
    "nbgrader.preprocessors.AssignLatePenalties",
]
# nbformat's fast validator (same schema; the default one takes most of the time when nothing is executed).
os.environ.setdefault("NBFORMAT_VALIDATOR", "fastjsonschema")

# What trainees see in a written answer's cell: they type in the answer box under it.
c.ClearSolutions.text_stub = "*Your written answer goes in the box below; it is copied here when the quiz is marked.*"

# Feedback shows each question's points and the grader's message, never the key (nbgrader #917), on the course's
# page: questions named as in the quiz, no code cells.
c.GenerateFeedback.exporter_class = "microneedling.grading.feedback.CourseFeedbackExporter"
c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    "microneedling.grading.feedback.KeyFreeFeedback",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
]

# zip_collect: trainees come from the LMS's own folder per participant (Moodle's "download all submissions"),
# matched to the lms_user_id of the roster; only notebooks and answers files are extracted, size-capped.
c.ZipCollectApp.extractor_plugin = "microneedling.grading.lms.SafeZipExtractor"
c.ZipCollectApp.collector_plugin = "microneedling.grading.lms.LmsCollector"
