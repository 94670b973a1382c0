"""`make bench` stays runnable: every widget case builds its widget and applies its changes once."""

from __future__ import annotations

from benchmarks import bench


def test_every_benchmark_case_runs_once():
    bench.WIDGET_CASES.clear()
    bench.register_widget_cases()
    assert len(bench.WIDGET_CASES) >= 10
    for _name, factory, changes, _redraws in bench.WIDGET_CASES:
        widget = factory()
        for change in changes:
            change(widget)  # a renamed control or helper raises here, naming the case in the traceback
