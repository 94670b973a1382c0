"""``make update``: bring a trainee's clone of the course up to date without losing their work.

Git refuses to update a file that has local changes when the update changes it too. Lessons are saved unchanged
(see :mod:`microneedling.saving`), so usually nothing stands in the way; but a trainee may have typed notes into a
lesson or answered a quiz that the update revises. For each such file this command first copies the trainee's
version to ``my-work/<date-time>/<same path>``, then restores the course's version, then fast-forwards to the
update. Files the update does not touch keep every local change. Nothing is deleted without a copy.

Run from the course folder: ``python -m microneedling.update`` (``make update``).
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

COPIES_FOLDER = "my-work"


class UpdateError(RuntimeError):
    """The update could not be applied; the message says why and what to do, in plain words."""


@dataclass
class UpdateReport:
    before: str
    after: str
    kept_copies: dict[str, str] = field(default_factory=dict)  # course path -> where the trainee's version went

    def summary(self) -> str:
        if self.before == self.after:
            lines = ["The course is already up to date."]
        else:
            lines = [f"Updated the course from {self.before[:7]} to {self.after[:7]}."]
        if self.kept_copies:
            lines.append("These files were changed by you and by the update. Your versions are kept here:")
            lines += [f"  {path}  ->  {copy}" for path, copy in sorted(self.kept_copies.items())]
        return "\n".join(lines)


def _git(repo: Path, *args: str, check: bool = True) -> str:
    try:
        result = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise UpdateError("git is not installed: install git, or download the course again.") from None
    if check and result.returncode != 0:
        raise UpdateError(f"git {' '.join(args)} failed: {result.stderr.strip() or result.stdout.strip()}")
    return result.stdout


def _local_changes(repo: Path) -> dict[str, str]:
    """Paths with local changes (tracked and modified, staged, deleted, or untracked) -> two-letter git status."""
    changes: dict[str, str] = {}
    entries = _git(repo, "status", "--porcelain", "-z", "--untracked-files=all").split("\0")
    index = 0
    while index < len(entries):
        entry = entries[index]
        index += 1
        if not entry:
            continue
        status, path = entry[:2], entry[3:]
        if status[0] in "RC":  # a rename or copy: the next entry is the old path
            index += 1
        changes[path] = status
    return changes


def update(repo: Path, now: dt.datetime | None = None) -> UpdateReport:
    """Fetch the course's upstream branch and fast-forward to it, keeping copies of conflicting local work."""
    repo = repo.resolve()
    if _git(repo, "rev-parse", "--is-inside-work-tree", check=False).strip() != "true":
        raise UpdateError(f"{repo} is not a git clone of the course: download it again with git clone.")
    upstream = _git(repo, "rev-parse", "--abbrev-ref", "--symbolic-full-name", "@{upstream}", check=False).strip()
    if not upstream:
        raise UpdateError("this clone does not track a course branch (git branch --set-upstream-to=origin/main).")
    _git(repo, "fetch", "--quiet")
    before = _git(repo, "rev-parse", "HEAD").strip()
    after = _git(repo, "rev-parse", "@{upstream}").strip()
    if _git(repo, "rev-list", "--count", "@{upstream}..HEAD").strip() != "0":
        raise UpdateError("this clone has commits of its own, so it cannot simply follow the course; "
                          "ask your instructor, or clone the course again and copy your notebooks across.")
    incoming = set(filter(None, _git(repo, "diff", "--name-only", "-z", "HEAD", "@{upstream}").split("\0")))
    report = UpdateReport(before=before, after=after)
    conflicting = sorted(set(_local_changes(repo)) & incoming)
    if conflicting:
        stamp = (now or dt.datetime.now()).strftime("%Y-%m-%d-%H%M%S")
        for path in conflicting:
            source = repo / path
            if source.exists():
                copy = repo / COPIES_FOLDER / stamp / path
                copy.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, copy)
                report.kept_copies[path] = str(copy.relative_to(repo))
            else:
                report.kept_copies[path] = "(you had deleted it; the course's version is back)"
        tracked = set(filter(None, _git(repo, "ls-files", "-z", "--", *conflicting).split("\0")))
        if tracked:
            _git(repo, "checkout", "HEAD", "--", *sorted(tracked))
        for path in set(conflicting) - tracked:
            (repo / path).unlink(missing_ok=True)  # untracked file in the way of a new course file (copied above)
    if before != after:
        _git(repo, "merge", "--ff-only", "--quiet", "@{upstream}")
    return report


def running_labs(repo: Path) -> list[str]:
    """URLs of Jupyter servers serving this course folder (open tabs may hold the old lesson text)."""
    try:
        from jupyter_server.serverapp import list_running_servers
    except ImportError:  # pragma: no cover - jupyter_server comes with jupyterlab
        return []
    return [server.get("url", "?") for server in list_running_servers()
            if Path(server.get("root_dir", "")).resolve() == repo.resolve()]


def main(argv: list[str] | None = None) -> int:
    repo = Path(argv[0]) if argv else Path.cwd()
    try:
        report = update(repo)
    except UpdateError as exc:
        print(f"Could not update the course: {exc}", file=sys.stderr)
        return 1
    print(report.summary())
    labs = running_labs(repo)
    if labs and report.before != report.after:
        print(f"JupyterLab is running on this course ({', '.join(labs)}): close open lessons and open them again "
              "(or stop and restart `make lab`) to see the new versions.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
