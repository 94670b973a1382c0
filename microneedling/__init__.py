"""Microneedling practitioner course: cited facts → pure model → plots/widgets → notebooks and quizzes."""

__version__ = "0.1.0"
