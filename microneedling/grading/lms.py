"""Collecting quizzes downloaded from an LMS (``nbgrader zip_collect``): who submitted comes from the LMS, not the trainee.

An LMS's "download all submissions" zip names each trainee the LMS's way. Moodle puts every trainee's files in a
folder ``<Full Name>_<participant id>_assignsubmission_file_/``; the trainee chose only the file names inside, so
file names say nothing about identity here. :class:`LmsCollector` reads the trainee from that folder: the number is
matched to the ``lms_user_id`` of a trainee in the gradebook (``nbgrader db student import`` takes an
``lms_user_id`` column). Any notebook in a trainee's folder is taken as the quiz notebook, whatever it was renamed
to, and an answers file as its answers file; when a trainee's folder holds several attempts, the latest (by the
time the LMS stored in the zip) is kept. A folder that matches no trainee is skipped with a warning naming it.

:class:`SafeZipExtractor` replaces nbgrader's extractor: it opens only the zip files the instructor put in the
archive folder (never a zip a trainee uploaded), extracts only notebooks and answers files, refuses entries over a
size limit, keeps each entry's stored time (the submission time) and never writes outside the extraction folder.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import zipfile
from pathlib import Path, PurePosixPath

from nbgrader.api import Gradebook, Student
from nbgrader.plugins import ExtractorPlugin, FileNameCollectorPlugin
from traitlets import Integer, Unicode

from ..quiz.recorded import ANSWERS_SUFFIX

MOODLE_FOLDER = r"(?P<name>[^/]+?)_(?P<lms_id>\d+)_assignsubmission_[a-z]+_?"
WANTED_SUFFIXES = (".ipynb", ANSWERS_SUFFIX)


class SafeZipExtractor(ExtractorPlugin):
    """Extract the LMS download: notebooks and answers files only, size-capped, times kept, no nested archives."""

    max_entry_bytes = Integer(60_000_000, help="Largest file taken from a download, in bytes.").tag(config=True)

    def extract(self, archive_path: str, extracted_path: str) -> None:
        archives = sorted(Path(archive_path).glob("*.zip"))
        if not archives:
            self.log.warning("No .zip files found in %s", archive_path)
        for archive in archives:
            target = Path(extracted_path, archive.stem)
            try:
                with zipfile.ZipFile(archive) as bundle:
                    for entry in bundle.infolist():
                        self._extract_entry(bundle, entry, target)
            except zipfile.BadZipFile:
                self.log.error("%s is not a readable zip file: download it again from the LMS", archive.name)

    def _extract_entry(self, bundle: zipfile.ZipFile, entry: zipfile.ZipInfo, target: Path) -> None:
        name = PurePosixPath(entry.filename)
        if entry.is_dir() or not name.name.endswith(WANTED_SUFFIXES):
            return
        if name.is_absolute() or ".." in name.parts:
            self.log.warning("Skipped %s: its path leaves the download folder", entry.filename)
            return
        if entry.file_size > self.max_entry_bytes:
            self.log.warning("Skipped %s: %s bytes is over the %s-byte limit", entry.filename,
                             f"{entry.file_size:,}", f"{self.max_entry_bytes:,}")
            return
        destination = target.joinpath(*name.parts)
        destination.parent.mkdir(parents=True, exist_ok=True)
        written = 0
        with bundle.open(entry) as source, open(destination, "wb") as sink:
            while chunk := source.read(1 << 20):
                written += len(chunk)
                if written > self.max_entry_bytes:  # the stored size lied
                    break
                sink.write(chunk)
        if written > self.max_entry_bytes:
            destination.unlink()
            self.log.warning("Skipped %s: larger than it claimed", entry.filename)
            return
        stamp = dt.datetime(*entry.date_time).timestamp()
        os.utime(destination, (stamp, stamp))


class LmsCollector(FileNameCollectorPlugin):
    """Map each extracted file to a trainee through the LMS's folder naming and the gradebook's ``lms_user_id``."""

    lms_folder_regexp = Unicode(
        MOODLE_FOLDER,
        help="Regular expression for the folder the LMS makes per trainee; it must capture (?P<lms_id>…) "
             "(matched to a trainee's lms_user_id) or (?P<student_id>…) (the trainee id itself).",
    ).tag(config=True)

    def collect(self, submitted_file: str) -> dict | None:
        path = Path(submitted_file)
        if not path.name.endswith(WANTED_SUFFIXES):
            return None
        folder = next((part for part in reversed(path.parent.parts)
                       if re.fullmatch(self.lms_folder_regexp, part)), None)
        if folder is None:
            self.log.warning("Skipped %s: it is not inside a trainee folder of the LMS download", submitted_file)
            return None
        match = re.fullmatch(self.lms_folder_regexp, folder)
        student = match.groupdict().get("student_id") or self._student_for(match.group("lms_id"), folder)
        if student is None:
            return None
        notebook = self._notebook_name()
        file_id = f"{notebook}{ANSWERS_SUFFIX}" if path.name.endswith(ANSWERS_SUFFIX) else f"{notebook}.ipynb"
        stamp = dt.datetime.fromtimestamp(path.stat().st_mtime, dt.timezone.utc)
        return {"student_id": student, "file_id": file_id, "timestamp": stamp}

    def _student_for(self, lms_id: str, folder: str) -> str | None:
        if not hasattr(self, "_by_lms_id"):
            coursedir = self.parent.coursedir
            with Gradebook(coursedir.db_url, coursedir.course_id) as gb:
                self._by_lms_id = {s.lms_user_id: s.id for s in gb.db.query(Student).all() if s.lms_user_id}
        student = self._by_lms_id.get(lms_id)
        if student is None:
            self.log.warning("Skipped folder %r: no trainee has lms_user_id %s (add it to your roster and import "
                             "it with `nbgrader db student import`)", folder, lms_id)
        return student

    def _notebook_name(self) -> str:
        coursedir = self.parent.coursedir
        released = sorted(Path(coursedir.format_path(coursedir.release_directory, ".",
                                                     coursedir.assignment_id)).glob("*.ipynb"))
        if len(released) != 1:
            raise ValueError(f"LmsCollector expects one notebook per quiz; {coursedir.assignment_id} has "
                             f"{len(released)}")
        return released[0].stem
