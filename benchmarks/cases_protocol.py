"""Widget latency cases for the protocol lessons (04-07), picked up by benchmarks/bench.py."""

from __future__ import annotations

import datetime as dt
import itertools


def cases():
    from microneedling.model.procedure import step_ids
    from microneedling.model.screening import case_actions, client_cases
    from microneedling.widgets.aftercare_planner import AftercarePlanner
    from microneedling.widgets.case_screener import CaseScreener
    from microneedling.widgets.procedure_builder import ProcedureBuilder
    from microneedling.widgets.series_planner import SeriesPlanner

    visit = dt.date(2026, 3, 2)
    case_ids = [c.id for c in client_cases()]

    def pick_case_and_check(w, case_id):
        w.case.value = case_id
        for action in case_actions(case_id, visit):
            w.actions[action].value = True
        w.check.click()

    def build_and_check(w):
        w.start_again()
        for step_id in step_ids():
            w.place(step_id)
        w.move(0, +1)
        w.check.click()

    start = dt.datetime(2026, 3, 2, 15, 0)
    days = itertools.count(3)
    return [
        ("case screener: new case, actions, check (feedback)", lambda: CaseScreener(visit),
         [lambda w, c=c: pick_case_and_check(w, c) for c in case_ids], False),
        ("procedure builder: place a step", ProcedureBuilder,
         [lambda w, s=s: w.place(s) for s in step_ids()], False),
        ("procedure builder: build, move, check (feedback)", ProcedureBuilder, [build_and_check] * 6, False),
        ("aftercare planner: treatment date (table by window)", lambda: AftercarePlanner(start),
         [lambda w: setattr(w.date, "value", dt.date(2026, 3, next(days) % 28 + 1)) for _ in range(8)], False),
        ("aftercare planner: make the handout", lambda: AftercarePlanner(start),
         [lambda w: w.export.click()] * 6, False),
        ("series planner: interval (table + calendar)", lambda: SeriesPlanner(dt.date(2026, 1, 5)),
         [lambda w, n=n: setattr(w.interval, "value", n) for n in (14, 21, 28, 35, 42, 30)], True),
        ("series planner: indication (table + calendar)", lambda: SeriesPlanner(dt.date(2026, 1, 5)),
         [lambda w, i=i: setattr(w.indication, "value", i)
          for i in ("wrinkles", "striae", "acne_scars", "wrinkles", "striae", "acne_scars")], True),
    ]
