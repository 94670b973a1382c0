"""Widget latency cases for the protocol lessons (04-07), picked up by benchmarks/bench.py."""

from __future__ import annotations

import datetime as dt
import itertools


def cases():
    from microneedling.model.screening import client_cases
    from microneedling.widgets.aftercare_planner import AftercarePlanner, _timeline_svg
    from microneedling.widgets.case_screener import CaseScreener
    from microneedling.widgets.procedure_builder import ProcedureBuilder
    from microneedling.widgets.series_planner import SeriesPlanner

    case_ids = [c.id for c in client_cases()]
    decisions = itertools.cycle(["refer", "defer", "precaution", "proceed"])

    def pick_case_and_check(w, case_id):
        w.case.value = case_id
        w.decision.value = next(decisions)
        w.check.click()

    start = dt.datetime(2026, 3, 2, 15, 0)
    return [
        ("case screener: new case, decision, check (feedback)", lambda: CaseScreener(dt.date(2026, 3, 2)),
         [lambda w, c=c: pick_case_and_check(w, c) for c in case_ids], False),
        ("procedure builder: move a card", ProcedureBuilder,
         [lambda w, i=i: w.move(i, +1) for i in range(11)], False),
        ("procedure builder: check the order (feedback)", ProcedureBuilder,
         [lambda w: (w.move(3, -1), w.check.click())] * 6, False),
        ("aftercare planner: treatment date (table; figure unchanged)", lambda: AftercarePlanner(start),
         [lambda w, d=d: setattr(w.date, "value", dt.date(2026, 3, d)) for d in range(2, 10)], False),
        # The timeline depends only on the horizon and is cached per value: time both the first draw
        # (cache cleared before each change) and a revisit (cache warm after the first round).
        ("aftercare planner: days to plan, first draw (table + figure)", lambda: AftercarePlanner(start),
         [lambda w, n=n: (_timeline_svg.cache_clear(), setattr(w.days, "value", n))
          for n in (5, 9, 12, 16, 20, 25)], True),
        ("aftercare planner: days to plan, revisited (table + cached figure)", lambda: AftercarePlanner(start),
         [lambda w, n=n: setattr(w.days, "value", n) for n in (5, 9, 12, 16, 20, 25)], True),
        ("series planner: interval (table + calendar)", lambda: SeriesPlanner(dt.date(2026, 1, 5)),
         [lambda w, n=n: setattr(w.interval, "value", n) for n in (14, 21, 28, 35, 42, 30)], True),
        ("series planner: indication (table + calendar)", lambda: SeriesPlanner(dt.date(2026, 1, 5)),
         [lambda w, i=i: setattr(w.indication, "value", i)
          for i in ("wrinkles", "striae", "melasma_txa", "alopecia", "acne_scars", "wrinkles")], True),
    ]
