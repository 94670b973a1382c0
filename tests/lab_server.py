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
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import BUILD, ROOT

# Tests get an empty JupyterLab user-settings folder of their own (so nothing from ~/.jupyter leaks in) and
# otherwise exactly the course's settings: news, update checks and saving behave as a trainee's do.


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _interruptible() -> None:
    # Tests started as a background job (`… &` from a script) inherit an ignored Ctrl+C; the server must get it as
    # it does in a terminal, or stop_make could never stop it.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def start_make(target: str, variables: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
    """``make <target> VAR=…`` in its own process group, output to ``log``."""
    return subprocess.Popen(
        ["make", "--no-print-directory", target, *variables],
        cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT, start_new_session=True,
        preexec_fn=_interruptible,
    )


def wait_until_answering(process: subprocess.Popen, log: Path, answers: Callable[[], bool], timeout: float,
                         what: str) -> None:
    """Poll ``answers`` until it is true; stop the server and raise with its log if it exits or times out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            if answers():
                return
        except OSError:  # urllib's errors are OSErrors: not listening yet
            pass
        time.sleep(0.5)
    stop_make(process)
    raise RuntimeError(f"{what} did not answer within {timeout} s:\n{log.read_text()[-3000:]}")


def stop_make(process: subprocess.Popen) -> int:
    os.killpg(process.pid, signal.SIGINT)  # like Ctrl+C in the terminal
    try:
        return process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        raise


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
        return stop_make(self.process)


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
    process = start_make(target, [f"LAB_PORT={port}", f"LAB_ARGS={lab_args}"], env, log)
    server = LabServer(process, port, token, log)
    wait_until_answering(process, log, lambda: server.get("/api/status")[0] == 200, startup_timeout,
                         f"make {target}")
    return server


# Selector prefix for the notebook on show (hidden tabs would otherwise match first).
CURRENT = ".jp-NotebookPanel:not(.lm-mod-hidden)"


KERNEL_IDLE = (
    "() => { const w = window.jupyterapp.shell.currentWidget;"
    " return !!(w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel"
    " && w.sessionContext.session.kernel.connectionStatus === 'connected'"
    " && w.sessionContext.session.kernel.status === 'idle'); }"
)
# Every code cell has run, the kernel is idle, and every widget output has been drawn (or failed visibly).
ALL_RUN_AND_DRAWN = f"""() => {{
  const w = window.jupyterapp.shell.currentWidget;
  if (!w || !w.content || !w.sessionContext.session || w.sessionContext.session.kernel.status !== 'idle') return false;
  const code = w.content.widgets.filter(c => c.model.type === 'code');
  if (!code.every(c => c.model.executionCount !== null)) return false;
  const expected = code.reduce((n, c) => n + c.model.outputs.toJSON().filter(
    o => o.data && o.data['application/vnd.jupyter.widget-view+json']).length, 0);
  const drawn = document.querySelectorAll(
    '{CURRENT} .jp-OutputArea-output > .jupyter-widgets, {CURRENT} .jupyter-widgets-error-widget').length;
  return drawn >= expected;
}}"""
# A widget has been drawn in the notebook on show.
FIRST_WIDGET_DRAWN = f"() => !!document.querySelector('{CURRENT} .jp-OutputArea-output > .jupyter-widgets')"


def open_notebook(page, lab: LabServer, notebook: str, timeout: float = 60_000, reset: bool = True) -> None:
    """Open a notebook (by default in a fresh workspace) and wait until its kernel is idle."""
    if reset:
        lab.shutdown_sessions()
        page.goto(f"{lab.base}/lab?reset&token={lab.token}")
        page.wait_for_function("() => window.jupyterapp && !window.location.search.includes('reset')",
                               timeout=timeout)
    page.goto(f"{lab.base}/lab/tree/{notebook}?token={lab.token}")
    page.wait_for_selector(f"{CURRENT} .jp-Cell", timeout=timeout)
    page.wait_for_function("() => window.jupyterapp && window.jupyterapp.commands.hasCommand('notebook:run-all-cells')")
    page.wait_for_function(KERNEL_IDLE, timeout=timeout)
    assert not page.evaluate("() => window.jupyterapp.shell.currentWidget.context.model.dirty"), (
        f"{notebook} shows unsaved changes as soon as it is open")


def run_all(page, timeout: float = 120_000) -> None:
    """Run All, then wait until every cell has run and every widget is drawn."""
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
    page.wait_for_function(ALL_RUN_AND_DRAWN, timeout=timeout, polling=250)


def open_and_run(page, lab: LabServer, notebook: str, ready_selector: str, timeout: float = 60_000) -> None:
    """Open a notebook in a fresh JupyterLab workspace, run all cells, wait for ``ready_selector``.

    Kernels of earlier tests are shut down and the workspace is reset, so JupyterLab does not restore
    earlier notebooks in hidden tabs of the shared browser page.
    """
    open_notebook(page, lab, notebook, timeout)
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


# ------------------------------------------------------------------------------------- what a trainee sees

# Problems on the page of the current notebook: images not loaded, widget errors, tracebacks, controls that overlap,
# text cut off by its box. Returns readable strings.
PAGE_PROBLEMS = """(current) => {
  const root = document.querySelector(current);
  const problems = [];
  const visible = e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0
                          && getComputedStyle(e).visibility !== 'hidden'; };
  const name = e => {
    const text = (e.getAttribute('aria-label') || e.title || e.value || e.textContent || '').trim().slice(0, 40);
    return `${e.tagName.toLowerCase()}${e.className && typeof e.className === 'string'
            ? '.' + e.className.trim().split(/\\s+/).slice(0, 2).join('.') : ''} "${text}"`; };
  for (const img of root.querySelectorAll('img')) {
    if (!visible(img)) continue;
    if (!img.complete || img.naturalWidth === 0) problems.push(`image not loaded: ${name(img)}`);
    if (!(img.alt || img.title || img.getAttribute('aria-label'))) problems.push(`image without text alternative: ${img.outerHTML.slice(0, 80)}`);
  }
  if (root.textContent.includes('Error displaying widget')) problems.push('"Error displaying widget" is shown');
  for (const e of root.querySelectorAll('.jupyter-widgets-error-widget, .jp-mod-error.jupyter-widgets'))
    problems.push(`a widget failed to render: ${e.textContent.trim().slice(0, 200)}`);
  for (const e of root.querySelectorAll('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'))
    problems.push(`error or stderr output: ${e.textContent.trim().slice(0, 200)}`);
  if (/Traceback \\(most recent call last\\)/.test(root.textContent)) problems.push('a traceback is shown');
  // Controls of the course's widgets must not overlap one another.
  const controls = [...root.querySelectorAll(
    '.jupyter-widgets button, .jupyter-widgets input, .jupyter-widgets select, .jupyter-widgets textarea,'
    + ' .jupyter-widgets label, .jupyter-widgets .widget-label, .jupyter-widgets [role=slider],'
    + ' .jupyter-widgets .widget-readout')].filter(visible);
  const boxes = controls.map(e => e.getBoundingClientRect());
  for (let i = 0; i < controls.length; i++) for (let j = i + 1; j < controls.length; j++) {
    const a = controls[i], b = controls[j];
    if (a.contains(b) || b.contains(a)) continue;
    const A = boxes[i], B = boxes[j];
    const w = Math.min(A.right, B.right) - Math.max(A.left, B.left);
    const h = Math.min(A.bottom, B.bottom) - Math.max(A.top, B.top);
    if (w > 3 && h > 3) problems.push(`controls overlap by ${Math.round(w)}x${Math.round(h)} px: ${name(a)} and ${name(b)}`);
  }
  // Text cut off: an element that clips its content horizontally while the content is wider.
  for (const e of root.querySelectorAll('.jupyter-widgets *')) {
    if (!visible(e) || e.tagName === 'svg' || e.closest('svg')) continue;
    const style = getComputedStyle(e);
    const clips = ['hidden', 'clip'].includes(style.overflowX) || style.textOverflow === 'ellipsis';
    const isText = e.tagName === 'SELECT' || [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (clips && isText && e.scrollWidth > e.clientWidth + 2) problems.push(`text cut off (${e.scrollWidth}px in ${e.clientWidth}px): ${name(e)}`);
    if (e.tagName === 'SELECT') {
      const widest = Math.max(0, ...[...e.options].map(o => o.text.length));
      const ctx = document.createElement('canvas').getContext('2d');
      ctx.font = style.font;
      const need = Math.max(0, ...[...e.options].map(o => ctx.measureText(o.text).width));
      if (widest && need > e.clientWidth - 8) problems.push(`dropdown narrower than its options (${Math.round(need)}px text in ${e.clientWidth}px): ${name(e)}`);
    }
  }
  // Outputs running off the right edge.
  for (const o of root.querySelectorAll('.jp-OutputArea-output')) {
    if (visible(o) && o.scrollWidth > o.clientWidth + 2) problems.push(`output wider than the page (${o.scrollWidth}px in ${o.clientWidth}px): ${o.textContent.trim().slice(0, 60)}`);
  }
  return [...new Set(problems)];
}"""


LAYOUT_PROBLEMS = ("controls overlap", "text cut off", "dropdown narrower", "output wider")


def page_problems(page, layout: bool = True) -> list[str]:
    """What is wrong on the current notebook's page, as a trainee would see it (all cells laid out first).

    ``layout=False`` leaves out overlapping controls and text cut off (checked once per lesson elsewhere)."""
    with whole_notebook_in_view(page):
        page.wait_for_function(
            f"() => [...document.querySelectorAll('{CURRENT} img')].every(i => i.complete)", timeout=30_000)
        problems = page.evaluate(PAGE_PROBLEMS, CURRENT)
    return problems if layout else [p for p in problems if not p.startswith(LAYOUT_PROBLEMS)]


class whole_notebook_in_view:
    """Make the window as tall as the notebook (up to ``limit`` px), scrolled to the top, so every cell is laid
    out (JupyterLab skips rendering off-screen cells) and a screenshot shows the whole lesson."""

    def __init__(self, page, limit: int = 16_000) -> None:
        self.page, self.limit = page, limit

    def __enter__(self):
        self.size = self.page.viewport_size
        scroller = f"document.querySelector('{CURRENT} .jp-WindowedPanel-outer')"
        height = self.page.evaluate(f"() => {scroller}.scrollHeight")
        self.page.set_viewport_size({"width": self.size["width"], "height": min(height + 160, self.limit)})
        self.page.evaluate(f"() => {scroller}.scrollTo(0, 0)")
        self.page.wait_for_timeout(500)
        return self

    def __exit__(self, *exc) -> None:
        self.page.set_viewport_size(self.size)


def screenshot_notebook(page, name: str) -> Path:
    """A screenshot of the whole notebook in ``build/screenshots/<name>.png``."""
    shot = BUILD / "screenshots" / f"{name}.png"
    shot.parent.mkdir(parents=True, exist_ok=True)
    with whole_notebook_in_view(page):
        page.screenshot(path=str(shot))
    return shot


def save_close_reopen(page, lab: LabServer, notebook: str, timeout: float = 60_000) -> None:
    """Save the notebook, close its tab, shut its kernel down (as at the end of a day) and open it again."""
    page.evaluate("() => window.jupyterapp.commands.execute('docmanager:save')")
    page.wait_for_function("() => !window.jupyterapp.shell.currentWidget.context.model.dirty", timeout=timeout)
    page.evaluate("() => window.jupyterapp.commands.execute('application:close')")
    page.wait_for_function(f"() => !document.querySelector('{CURRENT}')", timeout=timeout)
    lab.shutdown_sessions()
    open_notebook(page, lab, notebook, timeout, reset=False)
