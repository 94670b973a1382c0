"""`make bench`: time to first widget in the browser per lesson, package import time, widget update latency,
headless execution time per notebook.

Targets: in Chromium, lesson URL → first widget drawn after Run All, median over lessons ≤ 5 s on 2 cores
(issue 12); median widget update ≤ 150 ms with a figure redraw, ≤ 30 ms without (issues 4/5).
Results are printed and written to build/bench.json. ``python benchmarks/bench.py --browser`` times the browser only.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
BUILD = ROOT / "build"

# Widget benchmarks: (name, factory, list of control changes, redraws_figure). Each change is a
# callable applied to the widget; the timed span is the change through update() and redraw.
WIDGET_CASES: list[tuple[str, Callable[[], object], list[Callable[[object], None]], bool]] = []


def register_widget_cases() -> None:
    import datetime as dt

    from microneedling.widgets.study_planner import StudyPlanner

    WIDGET_CASES.append((
        "study planner: hours change (table + figure)",
        lambda: StudyPlanner(start=dt.date(2026, 1, 5)),
        [lambda w, h=h: setattr(w.hours, "value", h) for h in (1.0, 2.5, 4.0, 8.0, 1.5, 3.0)],
        True,
    ))
    # Each benchmarks/cases_<topic>.py defines cases() -> list of (name, factory, changes, redraws).
    import importlib

    for path in sorted(Path(__file__).parent.glob("cases_*.py")):
        WIDGET_CASES.extend(importlib.import_module(f"benchmarks.{path.stem}").cases())


def time_import() -> float:
    code = "import time; t=time.perf_counter(); import microneedling.lesson; print(time.perf_counter()-t)"
    runs = [float(subprocess.check_output([sys.executable, "-c", code], cwd=ROOT)) for _ in range(3)]
    return statistics.median(runs)


def time_notebooks() -> dict[str, float]:
    import nbformat
    from nbclient import NotebookClient

    times = {}
    for path in sorted([*(ROOT / "notebooks").glob("*.ipynb"), *(ROOT / "source").rglob("*.ipynb")]):
        if ".ipynb_checkpoints" in path.parts:
            continue
        nb = nbformat.read(path, as_version=4)
        start = time.perf_counter()
        NotebookClient(nb, timeout=300, kernel_name="python3",
                       resources={"metadata": {"path": str(path.parent)}}).execute()
        times[str(path.relative_to(ROOT))] = time.perf_counter() - start
    return times


def time_widgets(rounds: int = 5) -> dict[str, dict[str, float]]:
    results = {}
    for name, factory, changes, redraws in WIDGET_CASES:
        widget = factory()
        samples = []
        for _ in range(rounds):
            for change in changes:
                start = time.perf_counter()
                change(widget)
                samples.append((time.perf_counter() - start) * 1000)
        target = 150.0 if redraws else 30.0
        median = statistics.median(samples)
        results[name] = {"median_ms": median, "p90_ms": sorted(samples)[int(0.9 * len(samples)) - 1],
                         "target_ms": target, "meets_target": median <= target, "samples": len(samples)}
    return results


FIRST_WIDGET_TARGET_S = 5.0
# The first widget of the notebook on show has been drawn (a widget view output with its widget inside).


def time_first_widget(runs: int = 3, lessons=None) -> dict[str, dict[str, float]]:
    """Per lesson, in headless Chromium against `make lab`: open the lesson's URL, Run All as soon as its kernel
    is ready, and stop the clock when the first widget is drawn. Each run starts from a fresh workspace and kernel."""
    import tempfile

    from playwright.sync_api import sync_playwright

    from microneedling.course import LESSONS
    from tests.conftest import CHROMIUM, CHROMIUM_FLAGS
    from tests.lab_server import FIRST_WIDGET_DRAWN, KERNEL_IDLE, start_lab

    results: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as settings:
        server = start_lab(Path(settings))
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                                     args=CHROMIUM_FLAGS)
                for lesson in lessons or LESSONS:
                    samples = []
                    for _ in range(runs):
                        server.shutdown_sessions()
                        context = browser.new_context(viewport={"width": 1400, "height": 1000})
                        page = context.new_page()
                        page.goto(f"{server.base}/lab?reset&token={server.token}")  # login and reset, untimed
                        page.wait_for_function("() => window.jupyterapp && !location.search.includes('reset')",
                                               timeout=120_000)
                        page.goto("about:blank")
                        start = time.perf_counter()
                        page.goto(f"{server.base}/lab/tree/{lesson.path}?token={server.token}")
                        page.wait_for_function(KERNEL_IDLE, timeout=120_000, polling=50)
                        page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
                        page.wait_for_function(FIRST_WIDGET_DRAWN, timeout=120_000, polling=50)
                        samples.append(time.perf_counter() - start)
                        context.close()
                    results[lesson.id] = {"median_s": statistics.median(samples), "min_s": min(samples),
                                          "max_s": max(samples), "runs": len(samples)}
                browser.close()
        finally:
            server.shutdown_sessions()
            server.stop()
    return results


def print_first_widget(results: dict[str, dict[str, float]]) -> float:
    print("\nlesson URL -> first widget drawn after Run All (Chromium, `make lab`):")
    for name, r in results.items():
        print(f"  {name:40s} median {r['median_s']:5.2f} s  (min {r['min_s']:.2f}, max {r['max_s']:.2f},"
              f" {r['runs']} runs)")
    overall = statistics.median(r["median_s"] for r in results.values())
    flag = "ok" if overall <= FIRST_WIDGET_TARGET_S else "SLOW"
    print(f"  {'median over lessons':40s} {overall:5.2f} s  target ≤{FIRST_WIDGET_TARGET_S:.0f} s  {flag}")
    return overall


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    BUILD.mkdir(exist_ok=True)
    if "--browser" in argv:
        results = time_first_widget()
        overall = print_first_widget(results)
        (BUILD / "bench-browser.json").write_text(json.dumps({"first_widget": results, "median_s": overall},
                                                             indent=2))
        return 0
    register_widget_cases()
    first_widget = time_first_widget()
    report = {"first_widget": first_widget, "import_s": time_import(), "widgets": time_widgets(),
              "notebooks_s": time_notebooks()}
    report["first_widget_median_s"] = print_first_widget(first_widget)
    print(f"\npackage import: {report['import_s'] * 1000:.0f} ms")
    print("\nwidget update latency (control change -> verdict/figure):")
    for name, r in report["widgets"].items():
        flag = "ok" if r["meets_target"] else "SLOW"
        print(f"  {name:60s} median {r['median_ms']:7.1f} ms  p90 {r['p90_ms']:7.1f} ms  target ≤{r['target_ms']:.0f} ms  {flag}")
    print("\nheadless notebook execution:")
    for name, seconds in report["notebooks_s"].items():
        print(f"  {name:70s} {seconds:6.2f} s")
    (BUILD / "bench.json").write_text(json.dumps(report, indent=2))
    print(f"\nwritten to {BUILD / 'bench.json'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
