"""environment.yml lists the same packages as pyproject.toml (dependencies + test and hub extras)."""

from __future__ import annotations

import re
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
