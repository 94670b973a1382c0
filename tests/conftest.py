"""Shared paths and fixtures for the course's tests."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BUILD = ROOT / "build"
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
CHROMIUM = Path("/usr/bin/chromium")


def pytest_sessionstart(session: pytest.Session) -> None:
    BUILD.mkdir(exist_ok=True)
    # Build matplotlib's font cache once, so no kernel prints "building the font cache" to stderr.
    import matplotlib.font_manager  # noqa: F401


def require_chromium() -> None:
    """Skip locally when Chromium is missing; under CI that is a failure."""
    if CHROMIUM.exists():
        return
    message = f"{CHROMIUM} not found: install Debian's chromium (apt-get install -y chromium)"
    if IN_CI:
        pytest.fail(message)
    pytest.skip(message)
