"""Widget latency cases for the science lessons (01-03), picked up by benchmarks/bench.py."""

from __future__ import annotations

import itertools


def cases():
    from microneedling.model.depth import indications
    from microneedling.widgets.depth_explorer import DepthExplorer
    from microneedling.model.evidence import indications as uses
    from microneedling.widgets.device_comparison import DeviceComparison
    from microneedling.widgets.evidence_explorer import EvidenceExplorer
    from microneedling.widgets.healing_timeline import HealingTimeline

    depths = (0.5, 1.0, 1.5, 2.0, 0.25, 1.25)
    regions = ("eyelid", "neck", "zygoma", "back", "forehead", "temple")
    indication_keys = list(indications())
    devices = itertools.cycle(["roller", "pen"])
    return [
        ("depth explorer: set depth (verdict + cross-section)", DepthExplorer,
         [lambda w, d=d: setattr(w.depth, "value", d) for d in depths], True),
        ("depth explorer: region (verdict + cross-section)", DepthExplorer,
         [lambda w, r=r: setattr(w.region, "value", r) for r in regions], True),
        ("depth explorer: device (verdict + cross-section)", DepthExplorer,
         [lambda w: setattr(w.device, "value", next(devices)) for _ in range(6)], True),
        ("depth explorer: indication (verdict only, figure kept)", DepthExplorer,
         [lambda w, i=i: setattr(w.indication, "value", i) for i in indication_keys], False),
        ("healing timeline: day (phase, aftercare + timeline)", HealingTimeline,
         [lambda w, d=d: setattr(w.day, "value", d) for d in (1, 3, 7, 30, 90, 200)], True),
        ("device comparison: passes (density + chart)", DeviceComparison,
         [lambda w, p=p: setattr(w.passes, "value", p) for p in (2, 5, 10, 15, 20, 30)], True),
        ("evidence explorer: use (studies, claim + chart)", EvidenceExplorer,
         [lambda w, u=u: setattr(w.indication, "value", u) for u in list(uses())[1:] + list(uses())[:1]], True),
    ]
