"""environment.yml lists the same packages as pyproject.toml (dependencies + test and hub extras), and the installed
environment keeps the pins that matter for the instructor's commands."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib

import yaml

from tests.conftest import ROOT


def _normalise(requirement: str) -> tuple[str, str]:
    name, spec = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$", requirement).groups()
    return name.lower().replace("_", "-"), spec.replace(" ", "")


def test_conda_environment_matches_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = {_normalise(r) for r in project["dependencies"] + project["optional-dependencies"]["test"]
              + project["optional-dependencies"]["hub"]}
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    from_pip = [d for d in pip_section if d != "-e ."]  # packages conda-forge does not have
    have = {_normalise(d) for d in conda + from_pip if _normalise(d)[0] not in {"python", "pip"}}
    assert have == wanted, f"only in environment.yml: {have - wanted}; only in pyproject: {wanted - have}"
    assert "python=3.11" in conda
    assert "-e ." in pip_section
    assert env["channels"] == ["conda-forge"]


def test_notebook_validation_does_not_compile_iri_grammars_at_start_up():
    """Every nbgrader command imports jsonschema; with rfc3987-syntax loaded that costs about a second each time."""
    loaded = subprocess.run([sys.executable, "-c", "import sys, nbformat; print('rfc3987_syntax' in sys.modules)"],
                            capture_output=True, text=True, check=True).stdout.strip()
    assert loaded == "False", "jsonschema loads rfc3987-syntax: reinstall with `make setup` (pyproject pins jsonschema)"
