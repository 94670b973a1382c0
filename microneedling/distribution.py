"""The trainee copy of the course: what trainees and self-study learners get — never the instructor's keys.

This repository is the instructor's course folder: ``source/`` holds the graded quizzes with their keys. Trainees
get a separate copy built from an allow-list — the lessons, the released quizzes (``assignments/``), the course
package, the course's Jupyter settings and the set-up files — as a git repository of its own, so the instructor
can publish it (push it to a repository trainees clone, serve it with nbgitpuller on JupyterHub, or zip it) and
trainees can take later updates with ``make update``. Building again into the same folder commits the changes as
one course update.

Run: ``make trainee-copy`` (folder ``build/trainee-course``) or ``python -m microneedling.distribution <folder>``.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# What a trainee needs, and nothing else: an allow-list, so a new instructor folder is never shipped by accident.
INCLUDED = ("notebooks", "assignments", "microneedling", "jupyter", "pyproject.toml", "environment.yml", "Makefile",
            ".gitignore")
TRAINEE_README = ROOT / "docs" / "trainee-copy-README.md"
SKIPPED_PARTS = {"__pycache__", ".ipynb_checkpoints", "my-work"}
SKIPPED_SUFFIXES = (".pyc", ".answers.json", ".egg-info")


class CopyError(RuntimeError):
    """The copy cannot be built (the message says why, in plain words)."""


def _wanted(path: Path) -> bool:
    return not (SKIPPED_PARTS & set(path.parts) or path.name.endswith(SKIPPED_SUFFIXES)
                or any(part.endswith(".egg-info") for part in path.parts))


def files_to_copy(root: Path = ROOT) -> list[Path]:
    """Every file of the trainee copy, relative to ``root`` (only files git tracks, so no local clutter)."""
    tracked = subprocess.run(["git", "ls-files", "-z", *INCLUDED], cwd=root, capture_output=True, check=True).stdout
    return sorted(p for p in (Path(name) for name in tracked.decode().split("\0") if name)
                  if _wanted(p) and (root / p).is_file())


def _git(dest: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=dest, capture_output=True, text=True, check=True)


def build(dest: Path, root: Path = ROOT) -> str:
    """Build or update the trainee copy in ``dest``; returns a one-line summary."""
    dest = Path(dest).resolve()
    inside = dest == root or root in dest.parents
    if inside and dest.relative_to(root).parts[:1] != ("build",):
        raise CopyError(f"build the trainee copy outside the course folder (or under build/), not in {dest}")
    if dest.exists() and any(dest.iterdir()) and not (dest / ".git").is_dir():
        raise CopyError(f"{dest} exists and is not a trainee copy (no .git folder): choose an empty or new folder")
    dest.mkdir(parents=True, exist_ok=True)
    if not (dest / ".git").is_dir():
        _git(dest, "init", "-q", "-b", "main")
    wanted = files_to_copy(root)
    for old in _git(dest, "ls-files").stdout.splitlines():
        if Path(old) not in wanted and old != "README.md":
            (dest / old).unlink(missing_ok=True)
    for relative in wanted:
        target = dest / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(root / relative, target)
    shutil.copy2(TRAINEE_README, dest / "README.md")
    _git(dest, "add", "-A")
    if not _git(dest, "status", "--porcelain").stdout.strip():
        return f"{dest}: already up to date ({len(wanted) + 1} files)"
    _git(dest, "-c", "user.name=Course instructor", "-c", "user.email=instructor@localhost",
         "commit", "-q", "-m", "Course update")
    return f"{dest}: trainee copy updated ({len(wanted) + 1} files); publish it to your trainees"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    dest = Path(args[0]) if args else ROOT / "build" / "trainee-course"
    try:
        print(build(dest))
    except (CopyError, subprocess.CalledProcessError) as exc:
        detail = exc.stderr if isinstance(exc, subprocess.CalledProcessError) else str(exc)
        print(f"Could not build the trainee copy: {detail}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
