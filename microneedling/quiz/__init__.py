"""The question engine: question model, banks, partial-credit scoring, self-check widget, graded-quiz widgets."""

from .bank import BankError, available_banks, load_bank
from .events import MemoryRecorder, ResultEvent, set_recorder
from .selfcheck import SelfCheck, self_check

__all__ = [
    "BankError",
    "MemoryRecorder",
    "ResultEvent",
    "SelfCheck",
    "available_banks",
    "load_bank",
    "self_check",
    "set_recorder",
]
