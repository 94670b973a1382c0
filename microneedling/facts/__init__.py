"""Cited facts: the single source of every number and clinical statement in the course."""

from .registry import FactsError, Registry, load_registry, registry, unused_references
from .schema import Fact, Record, Reference, Status, record_kind

__all__ = [
    "Fact",
    "FactsError",
    "Record",
    "Reference",
    "Registry",
    "Status",
    "load_registry",
    "record_kind",
    "registry",
    "unused_references",
]
