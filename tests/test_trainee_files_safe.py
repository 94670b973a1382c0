"""Running the tests in a trainee's clone keeps the trainee's own files: lesson 09's treatment records are moved
aside while the browser tests press the form's Export and Save draft buttons, and put back after."""

from __future__ import annotations

import pytest

from tests.conftest import moved_aside


def test_records_come_back_and_test_files_do_not_stay(tmp_path):
    folder = tmp_path / "my_treatment_records"
    folder.mkdir()
    (folder / "2026-03-02_MN-0142.md").write_text("a real record")
    with moved_aside(folder):
        assert not folder.exists()
        folder.mkdir()
        (folder / "draft_by_a_test.json").write_text("{}")
    assert [p.name for p in folder.iterdir()] == ["2026-03-02_MN-0142.md"]
    assert (folder / "2026-03-02_MN-0142.md").read_text() == "a real record"


def test_without_records_nothing_is_left_behind(tmp_path):
    folder = tmp_path / "my_treatment_records"
    with moved_aside(folder):
        folder.mkdir()
        (folder / "draft_by_a_test.json").write_text("{}")
    assert list(tmp_path.iterdir()) == []


def test_records_left_aside_by_a_stopped_run_are_put_back_first(tmp_path):
    folder = tmp_path / "my_treatment_records"
    aside = tmp_path / "my_treatment_records.moved-aside-by-tests"
    aside.mkdir()
    (aside / "record.md").write_text("kept")
    with moved_aside(folder):
        assert not folder.exists()
    assert (folder / "record.md").read_text() == "kept" and not aside.exists()


def test_an_ambiguous_leftover_stops_the_run_instead_of_choosing(tmp_path):
    folder = tmp_path / "my_treatment_records"
    folder.mkdir()
    (tmp_path / "my_treatment_records.moved-aside-by-tests").mkdir()
    with pytest.raises(pytest.exit.Exception):
        with moved_aside(folder):
            pass
    assert folder.exists()
