# nbgrader configuration for the microneedling course. Run nbgrader commands from this folder.
c = get_config()  # noqa: F821 (provided by nbgrader)

c.CourseDirectory.course_id = "microneedling101"
c.CourseDirectory.source_directory = "source"
# Trainee versions are written to assignments/ (committed), so a fresh clone has them.
c.CourseDirectory.release_directory = "assignments"

# Seconds per cell during autograde/validate: an answer that loops forever costs that question only.
c.ExecutePreprocessor.timeout = 30

# What trainees see in place of a solution; answer cells first set the variable to None.
c.ClearSolutions.code_stub = {
    "python": "# YOUR ANSWER HERE: replace None in the line above with your answer, then run the cell",
}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE (write in full sentences)"

# Feedback shows each question's points and the graders' messages, never the hidden tests (nbgrader #917).
from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor  # noqa: E402
from nbgrader.preprocessors import GetGrades  # noqa: E402

from microneedling.grading.feedback import KeyFreeFeedback  # noqa: E402

c.GenerateFeedback.preprocessors = [GetGrades, KeyFreeFeedback, CSSHTMLHeaderPreprocessor]

# zip_collect: LMS downloads named "<quiz>_<trainee id>_<anything>.ipynb", e.g. "preparation_quiz_cleo_attempt2.ipynb"
# (matched against the file's whole path, hence the leading folders).
c.FileNameCollectorPlugin.named_regexp = (
    r"(?:.*/)?(?P<file_id>[a-z]+(?:_[a-z]+)*_quiz)_(?P<student_id>[A-Za-z0-9.\-]+)_[^/]*\.ipynb"
)
