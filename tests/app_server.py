"""Start the course app exactly as `make app` does, on a free loopback port, for browser tests and the benchmark."""

from __future__ import annotations

import os
import re
import subprocess
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import BUILD, ROOT
from tests.lab_server import free_port, start_make, stop_make, wait_until_answering

# Widgets rendered and no kernel busy: Voilà has finished executing the page and the widget manager has drawn it.
SELF_CHECK = ".mn-self-check .mn-question"


@dataclass
class AppServer:
    process: subprocess.Popen
    port: int
    log: Path
    store: Path

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, notebook: str) -> str:
        return f"{self.base}/voila/render/{notebook}"

    def stop(self) -> int:
        return stop_make(self.process)


def start_app(store: Path, startup_timeout: float = 120, preheat_timeout: float = 400) -> AppServer:
    """`make app` on a free port; returns once every notebook's kernel has been prepared (as a learner would find
    it a minute after starting the app)."""
    port = free_port()
    log = BUILD / "app-server.log"
    env = {**os.environ, "MICRONEEDLING_PROGRESS": str(store)}
    process = start_make("app", [f"APP_PORT={port}", "APP_ARGS=--no-browser"], env, log)
    server = AppServer(process, port, log, store)

    def tree_answers() -> bool:
        with urllib.request.urlopen(f"{server.base}/voila/tree", timeout=10) as response:
            return response.status == 200

    wait_until_answering(process, log, tree_answers, startup_timeout, "make app")
    notebooks = {p.name for p in (ROOT / "notebooks").glob("*.ipynb")}
    deadline = time.monotonic() + preheat_timeout
    while time.monotonic() < deadline:
        filled = set(re.findall(r"Kernel pool of (\S+) is filled", log.read_text()))
        if notebooks <= filled:
            return server
        time.sleep(1)
    server.stop()
    raise RuntimeError(f"the app did not prepare {sorted(notebooks - filled)} within {preheat_timeout} s")


def wait_for_page(page, selector: str, timeout: float = 120_000) -> None:
    """Wait until ``selector`` is shown and every image on the page has loaded."""
    page.wait_for_selector(selector, timeout=timeout)
    page.wait_for_function("() => [...document.images].every(img => img.complete)", timeout=timeout)


def serious_axe_violations(page, exclude: tuple[str, ...] = ()) -> list[str]:
    """axe-core (bundled by axe-playwright-python) on the current page: serious and critical violations, outside
    the elements matching the ``exclude`` selectors."""
    from axe_playwright_python.sync_playwright import Axe

    context = {"include": [["body"]], "exclude": [[selector] for selector in exclude]} if exclude else None
    results = Axe().run(page, context=context)
    return [f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:5]}"
            for v in results.response["violations"] if v["impact"] in {"serious", "critical"}]
