"""The Makefile's targets: the trainee install has no test tools; each view gets the course's Jupyter settings."""

from __future__ import annotations

import subprocess
import tomllib
from importlib.metadata import requires

from tests.conftest import ROOT

TEST_TOOLS = {"pytest", "playwright", "nbclient", "hypothesis"}


def dry_run(target: str) -> str:
    """The commands `make <target>` would run from scratch (-B: as on a fresh clone)."""
    return subprocess.run(["make", "-n", "-B", target], cwd=ROOT, capture_output=True, text=True, check=True).stdout


def test_the_trainee_install_has_no_test_tools():
    lab = dry_run("lab")
    assert "pip install --quiet -e .\n" in lab and "[test]" not in lab
    base = {r.split(";")[0].split("<")[0].split(">")[0].split("=")[0].strip().lower()
            for r in requires("microneedling") or [] if "extra ==" not in r}
    assert not base & TEST_TOOLS, f"test tools among the course's own dependencies: {base & TEST_TOOLS}"
    extra = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]["test"]
    assert {r.split(">")[0].split("=")[0] for r in extra} >= TEST_TOOLS


def test_make_test_installs_the_test_tools():
    assert "pip install --quiet -e '.[test]'" in dry_run("test")


def test_trainee_and_instructor_views_read_the_course_settings():
    lab, instructor = dry_run("lab"), dry_run("instructor")
    assert f"JUPYTER_CONFIG_PATH={ROOT}/jupyter/trainee:{ROOT}/jupyter/common" in lab
    assert f"JUPYTER_CONFIG_PATH={ROOT}/jupyter/common" in instructor and "jupyter/trainee" not in instructor
    for command in (lab, instructor):
        assert f"--LabApp.app_settings_dir={ROOT}/jupyter/lab-settings" in command
        assert "--LabApp.default_url=/lab/tree/notebooks/00_welcome.ipynb" in command
