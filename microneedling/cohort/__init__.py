"""Running a cohort: the instructor's cohort report and autograde at cohort scale (issue 14)."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def tools_on_path() -> None:
    """Put this Python's scripts folder first on PATH: nbgrader's gradebook runs ``alembic`` as a command."""
    scripts = str(Path(sys.executable).parent)
    if scripts not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = scripts + os.pathsep + os.environ.get("PATH", "")
