"""A hostile LMS download: entries that try to leave the folder, oversized files, nested archives, a broken zip.

SafeZipExtractor runs inside the instructor's `nbgrader zip_collect`; a trainee chooses the names and contents of
the files inside the zip, so nothing they upload may write outside the extraction folder or be opened as an archive.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import zipfile
from pathlib import Path

import pytest

from microneedling.grading.lms import SafeZipExtractor

FOLDER = "Ada Lovelace_500001_assignsubmission_file_"
STORED = (2026, 11, 21, 9, 30, 0)


def add(bundle: zipfile.ZipFile, name: str, data: bytes, when=STORED) -> None:
    bundle.writestr(zipfile.ZipInfo(name, when), data)


@pytest.fixture
def download(tmp_path: Path) -> tuple[Path, Path]:
    archive, extracted = tmp_path / "archive", tmp_path / "course" / "extracted"
    archive.mkdir()
    extracted.mkdir(parents=True)
    nested = io.BytesIO()
    with zipfile.ZipFile(nested, "w") as inner:
        add(inner, "inside.ipynb", b"{}")
    with zipfile.ZipFile(archive / "moodle.zip", "w") as bundle:
        add(bundle, f"{FOLDER}/quiz.ipynb", b'{"cells": []}')
        add(bundle, f"{FOLDER}/quiz.answers.json", b"{}")
        add(bundle, f"{FOLDER}/../../../escaped.ipynb", b"{}")
        add(bundle, "/tmp/absolute-escape.ipynb", b"{}")
        add(bundle, f"{FOLDER}/notes.py", b"print('hello')")
        add(bundle, f"{FOLDER}/more.zip", nested.getvalue())
        add(bundle, f"{FOLDER}/huge.ipynb", b"x" * 5_000)
    (archive / "not-a-zip.zip").write_bytes(b"this was a web page, not a download")
    return archive, extracted


def extracted_files(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()}


def test_only_notebooks_and_answers_inside_the_folder_are_extracted(download, tmp_path, caplog):
    archive, extracted = download
    with caplog.at_level(logging.WARNING):
        SafeZipExtractor(max_entry_bytes=1_000).extract(str(archive), str(extracted))
    assert extracted_files(extracted) == {f"moodle/{FOLDER}/quiz.ipynb", f"moodle/{FOLDER}/quiz.answers.json"}
    everything = {str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file()}
    assert not any("escaped" in name for name in everything)
    assert not Path("/tmp/absolute-escape.ipynb").exists()
    messages = caplog.text
    assert "its path leaves the download folder" in messages
    assert "over the 1,000-byte limit" in messages
    assert "not-a-zip.zip is not a readable zip file: download it again from the LMS" in messages


def test_the_time_the_lms_stored_is_kept_as_the_submission_time(download):
    archive, extracted = download
    SafeZipExtractor().extract(str(archive), str(extracted))
    stamp = (extracted / "moodle" / FOLDER / "quiz.ipynb").stat().st_mtime
    assert dt.datetime.fromtimestamp(stamp) == dt.datetime(*STORED)


def test_an_empty_archive_folder_is_a_warning_not_a_crash(tmp_path, caplog):
    with caplog.at_level(logging.WARNING):
        SafeZipExtractor().extract(str(tmp_path), str(tmp_path / "out"))
    assert "No .zip files found" in caplog.text
