"""The course's JupyterLab overrides match the installed JupyterLab (regenerate: python -m tests.lab_settings)."""

from __future__ import annotations

import json

from tests.lab_settings import COMMAND_MODE, OUTSIDE_OUTPUTS, OVERRIDES, expected_overrides, notebook_shortcuts


def test_overrides_file_is_up_to_date():
    assert json.loads(OVERRIDES.read_text()) == expected_overrides(), (
        "jupyter/lab-settings/overrides.json is out of date: run `python -m tests.lab_settings`")


def test_every_command_mode_shortcut_stays_out_of_widget_outputs():
    shortcuts = json.loads(OVERRIDES.read_text())["@jupyterlab/shortcuts-extension:shortcuts"]["shortcuts"]
    disabled = {(s["command"], tuple(s["keys"])) for s in shortcuts if s.get("disabled")}
    moved = {(s["command"], tuple(s["keys"])) for s in shortcuts if s["selector"] == OUTSIDE_OUTPUTS}
    wanted = {(s["command"], tuple(s["keys"])) for s in notebook_shortcuts()
              if s["selector"] == COMMAND_MODE and s.get("keys") and all(s["keys"])}
    assert ("notebook:move-cursor-down", ("ArrowDown",)) in wanted and ("notebook:delete-cell", ("D", "D")) in wanted
    assert disabled == moved == wanted
