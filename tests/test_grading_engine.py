"""Grading keeps one database engine per gradebook, so SQLAlchemy's compiled-statement cache survives nbgrader
opening a new Gradebook several times per submission (the cost that dominated grading recorded answers)."""

from __future__ import annotations

from nbgrader.api import Gradebook

import microneedling.grading.autograde  # noqa: F401  (installs the shared engine, as nbgrader's config does)


def test_gradebooks_on_one_database_share_an_engine_and_stay_usable_after_closing(tmp_path):
    url = f"sqlite:///{tmp_path / 'gradebook.db'}"
    with Gradebook(url, "course") as first:
        first.add_student("ada")
        engine = first.engine
    with Gradebook(url, "course") as second:
        assert second.engine is engine
        assert [s.id for s in second.students] == ["ada"]
    with Gradebook(f"sqlite:///{tmp_path / 'other.db'}", "course") as other:
        assert other.engine is not engine and other.students == []
