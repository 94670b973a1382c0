"""Start JupyterLab exactly as `make lab` (trainee view) or `make instructor` does, on a free loopback port."""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import BUILD, ROOT

# Tests get an empty JupyterLab user-settings folder of their own (so nothing from ~/.jupyter leaks in) and
# otherwise exactly the course's settings: news, update checks and saving behave as a trainee's do.


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class LabServer:
    process: subprocess.Popen
    port: int
    token: str
    log: Path

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def get(self, path: str) -> tuple[int, bytes]:
        request = urllib.request.Request(self.base + path, headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read()

    def shutdown_sessions(self) -> None:
        """Shut down every notebook kernel, so each browser test starts with a clean server."""
        for session in json.loads(self.get("/api/sessions")[1]):
            request = urllib.request.Request(
                f"{self.base}/api/sessions/{session['id']}", method="DELETE",
                headers={"Authorization": f"token {self.token}"},
            )
            urllib.request.urlopen(request, timeout=30).close()

    def stop(self) -> int:
        os.killpg(self.process.pid, signal.SIGINT)  # like Ctrl+C in the terminal
        try:
            return self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            raise


def start_lab(settings_dir: Path, target: str = "lab", startup_timeout: float = 90) -> LabServer:
    """Run ``make <target>`` (``lab`` or ``instructor``) and wait until the server answers."""
    settings_dir.mkdir(parents=True, exist_ok=True)
    port, token = free_port(), secrets.token_hex(16)
    log = BUILD / f"{target}-server.log"
    env = {
        **os.environ,
        "JUPYTERLAB_SETTINGS_DIR": str(settings_dir),
        "JUPYTERLAB_WORKSPACES_DIR": str(settings_dir / "workspaces"),
    }
    lab_args = (
        f"--no-browser --IdentityProvider.token={token} --LabApp.expose_app_in_browser=True "
        "--ServerApp.disable_check_xsrf=False"
    )
    process = subprocess.Popen(
        ["make", "--no-print-directory", target, f"LAB_PORT={port}", f"LAB_ARGS={lab_args}"],
        cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT, start_new_session=True,
    )
    server = LabServer(process, port, token, log)
    deadline = time.monotonic() + startup_timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"make {target} exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            if server.get("/api/status")[0] == 200:
                return server
        except OSError:
            time.sleep(0.5)
    server.stop()
    raise RuntimeError(f"JupyterLab did not answer within {startup_timeout} s:\n{log.read_text()[-3000:]}")


# Selector prefix for the notebook on show (hidden tabs would otherwise match first).
CURRENT = ".jp-NotebookPanel:not(.lm-mod-hidden)"


def open_and_run(page, lab: LabServer, notebook: str, ready_selector: str, timeout: float = 60_000) -> None:
    """Open a notebook in a fresh JupyterLab workspace, run all cells, wait for ``ready_selector``.

    Kernels of earlier tests are shut down and the workspace is reset, so JupyterLab does not restore
    earlier notebooks in hidden tabs of the shared browser page.
    """
    lab.shutdown_sessions()
    page.goto(f"{lab.base}/lab?reset&token={lab.token}")
    page.wait_for_function("() => window.jupyterapp && !window.location.search.includes('reset')", timeout=timeout)
    page.goto(f"{lab.base}/lab/tree/{notebook}?token={lab.token}")
    page.wait_for_selector(f"{CURRENT} .jp-Cell", timeout=timeout)
    page.wait_for_function("() => window.jupyterapp && window.jupyterapp.commands.hasCommand('notebook:run-all-cells')")
    page.wait_for_function(
        "() => { const w = window.jupyterapp.shell.currentWidget;"
        " return !!(w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel"
        " && w.sessionContext.session.kernel.connectionStatus === 'connected'"
        " && w.sessionContext.session.kernel.status === 'idle'); }",
        timeout=timeout,
    )
    assert not page.evaluate("() => window.jupyterapp.shell.currentWidget.context.model.dirty"), (
        f"{notebook} shows unsaved changes as soon as it is open")
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
    try:
        page.wait_for_selector(ready_selector, timeout=timeout)
    except Exception:
        failed = BUILD / "screenshots" / f"FAILED-{Path(notebook).stem}.png"
        failed.parent.mkdir(exist_ok=True)
        page.screenshot(path=str(failed), full_page=True)
        raise
    assert page.locator("text=Error displaying widget").count() == 0


class LessonInBrowser:
    """Open a lesson notebook and run it; ``finish`` screenshots a widget and checks nothing was saved."""

    def __init__(self, page, lab: LabServer, stem: str, ready_selector: str) -> None:
        self.path = ROOT / "notebooks" / f"{stem}.ipynb"
        self.stem = stem
        self.before = self.path.read_bytes()
        open_and_run(page, lab, f"notebooks/{stem}.ipynb", ready_selector)

    def finish(self, widget, name: str | None = None) -> None:
        shot = BUILD / "screenshots" / f"{name or self.stem}.png"
        shot.parent.mkdir(exist_ok=True)
        widget.screenshot(path=str(shot))
        assert shot.stat().st_size > 0
        assert self.path.read_bytes() == self.before, "the browser run must not save outputs"
