"""The course's JupyterLab overrides (``jupyter/lab-settings/overrides.json``) and how they are generated.

JupyterLab's notebook shortcuts for command mode fire on any focused element inside a notebook that is not a text
field: with a widget's dropdown, radio button, slider or button focused, the arrow keys moved to another cell
instead of changing the control, and keys such as A, B, X or D D inserted, cut or deleted cells. The course keeps
every one of those shortcuts, but not while the focus is inside a cell's output (where the widgets are): each is
disabled and registered again with the selector ``… :focus:not(.jp-OutputArea-output *)``.

``python -m tests.lab_settings`` rewrites the file from the installed JupyterLab's shortcut list;
tests/test_lab_settings.py fails when the file no longer matches it (after a JupyterLab upgrade).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OVERRIDES = ROOT / "jupyter" / "lab-settings" / "overrides.json"
COMMAND_MODE = ".jp-Notebook.jp-mod-commandMode:not(.jp-mod-readWrite) :focus"
OUTSIDE_OUTPUTS = f"{COMMAND_MODE}:not(.jp-OutputArea-output *)"
BASE_SETTINGS = {
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False},
    "@jupyter-widgets/jupyterlab-manager:plugin": {"saveState": False},
}


def notebook_shortcuts() -> list[dict]:
    schema = Path(sys.prefix, "share", "jupyter", "lab", "schemas", "@jupyterlab", "notebook-extension",
                  "tracker.json")
    return json.loads(schema.read_text())["jupyter.lab.shortcuts"]


def shortcut_overrides() -> list[dict]:
    entries = []
    for shortcut in notebook_shortcuts():
        if shortcut["selector"] != COMMAND_MODE or not shortcut.get("keys") or not all(shortcut["keys"]):
            continue
        entries.append({**shortcut, "disabled": True})
        entries.append({"command": shortcut["command"], "keys": shortcut["keys"], "selector": OUTSIDE_OUTPUTS,
                        **({"args": shortcut["args"]} if "args" in shortcut else {})})
    return entries


def expected_overrides() -> dict:
    return {**BASE_SETTINGS, "@jupyterlab/shortcuts-extension:shortcuts": {"shortcuts": shortcut_overrides()}}


if __name__ == "__main__":
    OVERRIDES.write_text(json.dumps(expected_overrides(), indent=2) + "\n")
    print(f"wrote {OVERRIDES}")
