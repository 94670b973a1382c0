"""Lesson 08-09 widgets driven headless: the complication triage and the treatment-record form."""

from __future__ import annotations

import base64
import datetime as dt
import json
import re
from pathlib import Path

import pytest

from microneedling.model.triage import LEVEL_LABELS, practice_calls
from microneedling.widgets.complication_triage import CUSTOM, ComplicationTriage
from microneedling.widgets.treatment_record import TreatmentRecordForm

# ---- complication triage ------------------------------------------------------------------------------------


def test_triage_opens_on_a_practice_call_with_its_signs_ticked_and_locked():
    w = ComplicationTriage()
    call = practice_calls()[0]
    assert w.call.value == call.id and w.day.value == call.day and w.day.disabled
    assert w.state.signs == call.signs
    assert all(box.disabled for box in w.signs.values())
    assert call.story[:40] in w.story.value
    assert w.feedback.value == "" and w.state.decision is None


def test_checking_without_a_decision_asks_for_one():
    w = ComplicationTriage()
    w.check.click()
    assert "Choose your decision" in w.feedback.value and "Check your input" in w.feedback.value


def test_a_correct_decision_shows_why_what_to_do_and_linked_sources():
    w = ComplicationTriage()
    w.call.value = "call.day2_eye"
    w.decision.value = "emergency"
    w.check.click()
    feedback = w.feedback.value
    assert w.state.correct and "Done:" in feedback  # a word and an icon, not colour alone
    assert "The course&#x27;s decision: " + LEVEL_LABELS["emergency"] in feedback
    assert "<h4>Why</h4>" in feedback and "orbital" in feedback.lower()
    assert "<h4>What to do</h4>" in feedback and "<h4>What not to do</h4>" in feedback
    assert re.search(r'<a href="https://[^"]+"', feedback), "sources are links"
    assert "Other signs in this call" in feedback and "never lowers the decision" in feedback


def test_under_and_over_triage_are_named():
    w = ComplicationTriage()
    w.call.value = "call.day5_streaks"
    w.decision.value = "same_day_review"
    w.check.click()
    assert not w.state.correct and "less urgent than this call needs" in w.feedback.value
    w.decision.value = "emergency"
    assert w.feedback.value == "", "a changed answer hides the old feedback"
    w.check.click()
    assert "more urgent than needed" in w.feedback.value


def test_uncertain_evidence_is_said_to_be_uncertain():
    w = ComplicationTriage()
    w.call.value = "call.day10_redness"
    w.decision.value = "same_day_review"
    w.check.click()
    assert w.state.correct
    assert "evidence for this level is uncertain" in w.feedback.value
    assert "caveat: general clinical knowledge" in w.feedback.value
    w.call.value = "call.day2_eye"
    w.decision.value = "emergency"
    w.check.click()
    assert "uncertain" not in w.feedback.value


def test_building_a_call_unlocks_the_controls_and_reports_bad_input_plainly():
    w = ComplicationTriage()
    w.call.value = CUSTOM
    assert not w.day.disabled and not any(box.disabled for box in w.signs.values())
    assert w.state.signs == () and w.state.result is None
    w.decision.value = "reassure"
    w.check.click()
    assert "Tick at least one sign" in w.feedback.value
    w.signs["redness"].value = True
    w.day.value = 400
    w.check.click()
    assert "whole number from 0 (the treatment day) to 365" in w.feedback.value
    w.day.value = 2
    w.check.click()
    assert w.state.correct and w.state.result.level == "reassure"
    w.signs["anaphylaxis"].value = True  # a red flag added to a reassuring sign
    w.check.click()
    assert w.state.result.level == "emergency" and "less urgent" in w.feedback.value


def test_choosing_another_call_resets_the_answer():
    w = ComplicationTriage()
    w.decision.value = "reassure"
    w.check.click()
    w.call.value = "call.day24_lump"
    assert w.decision.value is None and w.feedback.value == "" and not w.state.checked
    assert w.state.signs == ("nodules", "grid_papules")


# ---- treatment record form ----------------------------------------------------------------------------------

def fill_valid(w: TreatmentRecordForm) -> None:
    w.client_ref.value = "MN-0142"
    w.treatment_date.value = dt.date(2026, 3, 2)
    w.practitioner.value = "A. Trainee"
    w.device.value = "Pen X, serial 123"
    w.cartridge_lot.value = "L2231"
    w.cartridge_expiry.value = dt.date(2027, 1, 31)
    row = w.area_rows[0]
    row.area.value, row.depth.value, row.passes.value, row.endpoint.value = "cheeks", "1.5", "3", "pinpoint bleeding"
    w.product_rows[0].name.value, w.product_rows[0].lot.value = "Sterile glide gel", "G-77"
    w.anaesthetic_product.value = "Lidocaine 4 % cream"
    w.anaesthetic_amount_g.value = "2.5"
    w.anaesthetic_area.value = "cheeks"
    w.anaesthetic_on.value = dt.time(9, 0)
    w.anaesthetic_off.value = dt.time(9, 40)
    w.adverse_events.value = "none"
    w.follow_up_date.value = dt.date(2026, 3, 30)
    w.follow_up_plan.value = "Review in 4 weeks; call for spreading redness, pus or fever."
    w.consent_treatment.value = True
    w.photos_taken.value = True


def test_export_is_refused_with_plain_messages_and_nothing_typed_is_lost(tmp_path: Path):
    w = TreatmentRecordForm(folder=tmp_path)
    fill_valid(w)
    w.area_rows[0].passes.value = "three"
    w.cartridge_expiry.value = dt.date(2026, 1, 1)
    w.consent_treatment.value = False
    state = w.run_export()
    assert state.saved == () and not list(tmp_path.iterdir())
    messages = w.messages.value
    assert "Not exported" in messages and "Nothing you typed has been changed" in messages
    assert "&#x27;three&#x27; is not a whole number" in messages
    assert "expired on 01 Jan 2026" in messages and "Consent to treatment is not recorded" in messages
    assert w.area_rows[0].passes.value == "three" and w.client_ref.value == "MN-0142"
    assert w.preview.value == "" and w.download.value == ""


def test_a_valid_record_exports_a_readable_file_a_copy_to_reopen_and_a_download_link(tmp_path: Path):
    w = TreatmentRecordForm(folder=tmp_path)
    fill_valid(w)
    state = w.run_export()
    md, js = state.saved
    assert md.name == "2026-03-02_MN-0142.md" and js.name == "2026-03-02_MN-0142.json"
    text = md.read_text()
    assert "| cheeks | 1.5 | 3 | pinpoint bleeding |" in text
    assert "applied 09:00, removed 09:40 (40 minutes on the skin)" in text
    assert "| Sterile glide gel | G-77 |" in text and "lot L2231, expires 31 Jan 2027" in text
    assert w.preview.value == text
    link = re.search(r'download="([^"]+)" href="data:text/markdown;charset=utf-8;base64,([^"]+)"', w.download.value)
    assert link and link[1] == md.name and base64.b64decode(link[2]).decode() == text
    assert "Exported to" in w.messages.value and "Done:" in w.messages.value
    assert json.loads(js.read_text())["form"]["client_ref"] == "MN-0142"
    again = w.run_export()
    assert again.saved[0].name == "2026-03-02_MN-0142-2.md", "an earlier export is never overwritten"
    assert md.read_text() == text


def test_a_saved_record_or_draft_reopens_into_the_form(tmp_path: Path):
    w = TreatmentRecordForm(folder=tmp_path)
    fill_valid(w)
    w._add_area({"area": "forehead", "depth_mm": "0.5", "passes": "2", "endpoint": "uniform erythema"})
    w.area_rows[0].depth.value = "abc"  # a draft may hold bad input; it is kept as typed
    assert w.saved_list.disabled and w.open_saved.disabled, "nothing to open yet"
    draft = w.run_save_draft().saved[0]
    assert not w.saved_list.disabled and not w.open_saved.disabled
    assert draft.name.startswith("draft_") and "Draft saved" in w.messages.value
    fresh = TreatmentRecordForm(folder=tmp_path)
    assert fresh.saved_list.value == draft.name
    fresh.run_open()
    assert fresh.client_ref.value == "MN-0142" and fresh.anaesthetic_on.value == dt.time(9, 0)
    assert [r.area.value for r in fresh.area_rows] == ["cheeks", "forehead"]
    assert fresh.area_rows[0].depth.value == "abc" and fresh.area_rows[1].endpoint.value == "uniform erythema"
    assert fresh.treatment_date.value == dt.date(2026, 3, 2) and fresh.consent_treatment.value is True


def test_a_damaged_saved_file_gets_a_plain_message(tmp_path: Path):
    (tmp_path / "broken.json").write_text("{not json")
    (tmp_path / "other.json").write_text(json.dumps({"something": "else"}))
    w = TreatmentRecordForm(folder=tmp_path)
    w.saved_list.value = "broken.json"
    w.run_open()
    assert "not a saved treatment record" in w.messages.value and "Check your input" in w.messages.value
    w.saved_list.value = "other.json"
    w.run_open()
    assert "not a saved treatment record from this course" in w.messages.value
    assert w.client_ref.value == ""


def test_rows_can_be_added_and_removed(tmp_path: Path):
    w = TreatmentRecordForm(folder=tmp_path)
    w.add_area.click()
    w.add_product.click()
    assert len(w.area_rows) == 2 and len(w.areas_box.children) == 2 and len(w.product_rows) == 2
    w.area_rows[0].remove.click()
    w.product_rows[1].remove.click()
    assert len(w.area_rows) == 1 and len(w.areas_box.children) == 1 and len(w.product_rows) == 1


def test_an_unwritable_folder_is_reported_and_the_download_still_works(tmp_path: Path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    w = TreatmentRecordForm(folder=blocker / "records")
    fill_valid(w)
    state = w.run_export()
    assert state.saved == () and "Could not save the record" in w.messages.value
    assert "Download" in w.download.value


@pytest.mark.parametrize("control", ["check", "export", "save_draft", "open_saved", "add_area", "add_product"])
def test_every_action_is_a_button_with_a_text_label(tmp_path: Path, control: str):
    w = TreatmentRecordForm(folder=tmp_path)
    assert getattr(w, control).description  # keyboard-reachable buttons named in words
