"""The evidence addendum (shared/reference/microneedling-evidence-addendum.md §A-§G) is entered in full.

Every one of its 150 numbered facts is entered by at least one record (``addendum`` field), each record keeps the
addendum's status (the weakest of the numbers it enters), the §F findings reach the consultation screener, and the
addendum references link to originals.
"""

from __future__ import annotations

import re

import pytest

from microneedling.facts import Status, registry
from microneedling.facts.kinds.protocol import Contraindication
from microneedling.facts.registry import addendum_numbers
from microneedling.model import screening
from tests.conftest import ROOT

# Number + status of every addendum fact (c confirmed, s secondary, u general knowledge - unverified), copied from
# the addendum; test_status_table_matches_the_addendum re-reads the file where it is available.
ADDENDUM_STATUS = """
A1c A2c A3u A4c A5c A6c A7s A8c A9c A10c A11u A12c A13c A14s A15c A16c A17c A18c A19c A20c A21s A22u A23c A24c
A25c A26s A27c A28u A29c A30u A31c A32c A33c A34s A35c B1c B2s B3c B4c B5c B6u B7c B8c B9s B10s B11s B12c B13c
B14s B15s B16c B17c B18c B19c B20c B21s B22c B23s C1c C2c C3c C4s C5c C6c C7c C8u C9c C10u C11s C12c C13s C14c
C15s C16c C17c C18s C19c C20c C21c C22s C23c C24u D1c D2c D3c D4c D5c D6u D7u D8s D9c D10s D11s D12c D13s D14u
D15c D16s D17c D18c D19s D20s D21s D22c D23c D24c E1c E2c E3c E4c E5c E6c E7s E8s E9c E10s E11c E12c E13c E14c
E15u E16c E17s E18c E19s E20u E21c E22s E23u F1c F2c F3s F4s F5u F6c F7u F8c F9u F10c F11c F12c G1c G2c G3c
G4s G5s G6s G7u G8c G9c
"""
CODES = {"c": Status.CONFIRMED, "s": Status.SECONDARY, "u": Status.UNVERIFIED}
EXPECTED = {token[:-1]: CODES[token[-1]] for token in ADDENDUM_STATUS.split()}
WEAKNESS = [Status.CONFIRMED, Status.SECONDARY, Status.UNVERIFIED]
ADDENDUM_FILES = ("complications", "emergencies", "infection_prevention", "professional_practice",
                  "patient_selection", "cautions", "contraindications_extra", "illustrations")
ADDENDUM_PATHS = [base / "shared/reference/microneedling-evidence-addendum.md" for base in (ROOT.parent, ROOT.parents[1])]


def test_status_table_has_the_addendum_counts():
    assert len(EXPECTED) == 150
    counts = {s: sum(1 for v in EXPECTED.values() if v is s) for s in Status}
    assert counts == {Status.CONFIRMED: 93, Status.SECONDARY: 38, Status.UNVERIFIED: 19}
    per_section = {letter: sum(1 for n in EXPECTED if n[0] == letter) for letter in "ABCDEFG"}
    assert per_section == {"A": 35, "B": 23, "C": 24, "D": 24, "E": 23, "F": 12, "G": 9}


def test_status_table_matches_the_addendum():
    path = next((p for p in ADDENDUM_PATHS if p.exists()), None)
    if path is None:
        pytest.skip("shared/reference is not beside this checkout")
    body = path.read_text(encoding="utf-8").split("## H. References")[0]
    parsed = {}
    for number, text in re.findall(r"^([A-G]\d+)\. (.*)$", body, re.M):
        label = re.search(r"\((confirmed|secondary|general knowledge[^)]*)\)\s*$", text).group(1)
        parsed[number] = CODES[label[0] if label[0] != "g" else "u"]
    assert parsed == EXPECTED


def test_every_addendum_fact_is_entered():
    entered = {n for record in registry().records.values() for n in addendum_numbers(record)}
    assert set(EXPECTED) - entered == set(), "addendum facts with no record"
    assert entered - set(EXPECTED) == set(), "records naming numbers the addendum does not have"


def test_records_keep_the_weakest_addendum_status():
    for record in registry().records.values():
        numbers = addendum_numbers(record)
        if numbers:
            weakest = max((EXPECTED[n] for n in numbers), key=WEAKNESS.index)
            assert record.status is weakest, f"{record.id} ({record.addendum}) is {record.status.value}"


def test_addendum_files_hold_only_addendum_records():
    reg = registry()
    for topic in ADDENDUM_FILES:
        records = reg.in_topics([topic])
        assert records, topic
        for record in records:
            assert addendum_numbers(record), f"{record.id} in {topic}.toml names no addendum fact"


def test_lookup_by_addendum_number_finds_records_in_other_files():
    reg = registry()
    assert {r.id for r in reg.addendum("C12")} >= {"infection.sharps", "infection_prevention.sharps.no_recapping"}
    assert reg.addendum("A19") == reg.addendum("G8")
    assert reg.addendum("Z99") == []


def test_sharps_rule_is_the_law_and_confirmed():
    sharps = registry().fact("infection.sharps")
    assert sharps.gradeable and "osha_1910_1030" in sharps.refs


def test_inferences_stay_ungradeable():
    reg = registry()
    for fact_id in ("complications.ntm.late_nodule_plan", "emergencies.last.clinic_response",
                    "selection.txa.prescriber_led", "infection_prevention.no_tap_water"):
        assert not reg.record(fact_id).gradeable, fact_id


def test_extra_contraindications_reach_the_screener():
    extra = [r for r in registry().in_topics(["contraindications_extra"]) if isinstance(r, Contraindication)]
    assert {r.id for r in extra} <= set(screening.contraindication_ids())
    assert {"koebner_psoriasis_vitiligo", "under_22", "antiplatelet_or_nsaid", "tattoo_pmu_area"} <= {r.id for r in extra}
    result = screening.screen(["antiplatelet_or_nsaid"])
    assert result.decision == "precaution"
    assert "Never advise stopping" in result.reasons[0].explanation


def test_clinic_list_intervals_are_flagged_as_conventions():
    for finding in ("recent_filler_area", "recent_toxin_area", "recent_deep_peel_area"):
        record = screening.contraindication(finding)
        assert record.wait_days and record.wait_is_protocol and not record.gradeable, finding
