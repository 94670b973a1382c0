"""What a learner types into a number box, read the way clinicians write numbers (shared by self-checks and quizzes)."""

from __future__ import annotations

import re


class InputProblem(ValueError):
    """The learner's input cannot be checked yet; the message says what to do."""


def parse_number(text: str) -> float:
    """A decimal number typed by a learner: '1.5', '1,5' (decimal comma), '-2', '.5'. Else :class:`InputProblem`."""
    typed = text.strip()
    if not typed:
        raise InputProblem("type a number first, e.g. 1.5")
    if not re.fullmatch(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)", typed):
        if re.fullmatch(r"[+-]?[\d.,]+", typed):
            raise InputProblem(f"'{typed}' has more than one decimal mark: write one number such as 1.5 or 1,5, "
                               "without thousands separators")
        raise InputProblem(f"'{typed}' is not a number: type digits, e.g. 1.5 (a decimal comma, 1,5, works too)")
    return float(typed.replace(",", "."))
