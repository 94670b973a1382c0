"""`make bench`: headless execution time per notebook, package import time, widget update latency.

Targets (issue 4/5): median widget update ≤ 150 ms with a figure redraw, ≤ 30 ms without.
Results are printed and written to build/bench.json.
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
    code = "import time; t=time.perf_counter(); import microneedling.notebook, microneedling.widgets.study_planner; print(time.perf_counter()-t)"
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


def main() -> int:
    BUILD.mkdir(exist_ok=True)
    register_widget_cases()
    report = {"import_s": time_import(), "widgets": time_widgets(), "notebooks_s": time_notebooks()}
    print(f"package import: {report['import_s'] * 1000:.0f} ms")
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
