"""Read what autograde decided for each question of a graded notebook (for reports and other tools).

The grader (:mod:`.autograde`) writes, per question, to the autograded notebook's metadata
``microneedling.graded[<question id>]``: ``status`` ("answered", "missing" or "invalid"), the validated ``answer``
(``None`` unless answered; a written answer's text), ``score`` and ``max`` points (``score`` is 0 for written answers,
which the instructor marks in Formgrader), and the ``message`` the trainee sees. Submission-level notes (an
unreadable file, say) are in ``microneedling.notes``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

STATUSES = ("answered", "missing", "invalid")


@dataclass(frozen=True)
class GradedAnswer:
    question: str
    status: str
    answer: Any
    score: float
    max: float
    message: str


def graded_answers(autograded_notebook: Path) -> tuple[dict[str, GradedAnswer], list[str]]:
    """Every question's grading decision and the submission's notes; ``ValueError`` if the notebook was not
    graded by the course's grader."""
    meta = json.loads(Path(autograded_notebook).read_text()).get("metadata", {}).get("microneedling")
    if not isinstance(meta, dict) or "graded" not in meta:
        raise ValueError(f"{autograded_notebook} was not graded from recorded answers (no microneedling.graded)")
    answers = {qid: GradedAnswer(qid, entry["status"], entry.get("answer"), float(entry["score"]),
                                 float(entry["max"]), entry.get("message", ""))
               for qid, entry in meta["graded"].items()}
    return answers, list(meta.get("notes", []))
