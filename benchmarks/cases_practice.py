"""Widget latency cases for lessons 08-09 (complication triage, treatment-record form), picked up by
benchmarks/bench.py."""

from __future__ import annotations

import datetime as dt
import itertools
import tempfile
from pathlib import Path


def cases():
    from microneedling.model.triage import LEVELS, practice_calls
    from microneedling.widgets.complication_triage import CUSTOM, ComplicationTriage
    from microneedling.widgets.treatment_record import TreatmentRecordForm

    call_ids = [c.id for c in practice_calls()]
    levels = itertools.cycle(LEVELS)

    def pick_call_and_check(w, call_id):
        w.call.value = call_id
        w.decision.value = next(levels)
        w.check.click()

    def tick_and_check(w, sign):
        if w.call.value != CUSTOM:
            w.call.value = CUSTOM
            w.decision.value = "emergency"
        w.signs[sign].value = not w.signs[sign].value
        w.check.click()

    def fill_and_check(w, depth):
        w.client_ref.value = "MN-1"
        w.treatment_date.value = dt.date(2026, 3, 2)
        w.area_rows[0].depth.value = depth
        w.run_check()

    folder = Path(tempfile.gettempdir()) / "mn-bench-records"  # never written: the cases only check forms
    return [
        ("complication triage: practice call, decision, check (feedback)", ComplicationTriage,
         [lambda w, c=c: pick_call_and_check(w, c) for c in call_ids], False),
        ("complication triage: tick a sign, check (feedback)", ComplicationTriage,
         [lambda w, s=s: tick_and_check(w, s)
          for s in ("redness", "pus", "nodules", "red_streaks", "eye_signs", "blisters")], False),
        ("treatment record: check a form (messages)", lambda: TreatmentRecordForm(folder),
         [lambda w, d=d: fill_and_check(w, d) for d in ("1.5", "three", "0.5", "", "2", "1,0")], False),
    ]
