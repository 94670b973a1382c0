"""Running a cohort: the instructor's cohort report and autograde at cohort scale (issue 14)."""
