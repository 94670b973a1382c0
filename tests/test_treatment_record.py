"""The treatment-record model (lesson 09): every problem is reported in plain words and nothing raises."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from microneedling.model.treatment_record import (
    FORM_FIELDS,
    check_record,
    empty_form,
    form_from_json,
    longest_needle_mm,
    record_filename,
    record_json,
    record_markdown,
)


def valid_form() -> dict:
    form = empty_form()
    form.update(
        client_ref="MN-7", treatment_date=dt.date(2026, 2, 1), practitioner="P", device="D", cartridge_lot="L1",
        cartridge_expiry=dt.date(2026, 12, 1), adverse_events="none", follow_up_plan="4 weeks",
        consent_treatment=True, photos_taken=True,
        areas=[{"area": "cheeks", "depth_mm": "1.0", "passes": "4", "endpoint": "uniform erythema"}],
        products=[{"name": "gel", "lot": "G1"}],
    )
    return form


def messages(form: dict) -> list[str]:
    return [p.message for p in check_record(form).problems]


def test_a_complete_form_gives_a_record_without_problems():
    result = check_record(valid_form())
    assert result.ok and result.problems == () and result.record.areas[0].depth_mm == 1.0
    assert result.record.anaesthetic is None


def test_the_empty_form_names_every_required_field():
    result = check_record(empty_form())
    assert result.record is None and not result.ok
    text = " ".join(p.message for p in result.errors)
    for label in ("Client reference", "Treatment date", "Practitioner", "Device", "Cartridge lot number",
                  "Cartridge expiry date", "No area recorded", "Adverse events", "Follow-up arrangements",
                  "Consent to treatment"):
        assert label in text
    assert all(p.field in FORM_FIELDS for p in result.problems)


@pytest.mark.parametrize("depth, passes, expected", [
    ("three", "3", "'three' is not a number in digits; write it like 1.5"),
    ("1.5", "three", "'three' is not a whole number; write it like 3"),
    ("1.5", "2.5", "'2.5' is not a whole number"),
    ("nan", "3", "'nan' is not a number in digits"),
    ("1.5", "inf", "'inf' is not a whole number"),
    ("-1", "3", "depth (mm) must be more than 0"),
    ("", "3", "depth (mm) is empty"),
])
def test_numbers_typed_as_words_or_out_of_range_get_a_plain_message(depth, passes, expected):
    form = valid_form()
    form["areas"][0].update(depth_mm=depth, passes=passes)
    assert any(expected in m for m in messages(form)), messages(form)


def test_a_decimal_comma_is_accepted_and_an_implausible_depth_is_a_warning():
    form = valid_form()
    form["areas"][0]["depth_mm"] = "1,5"
    assert check_record(form).record.areas[0].depth_mm == 1.5
    form["areas"][0]["depth_mm"] = "15"
    result = check_record(form)
    assert result.ok and any(f"up to {longest_needle_mm():g} mm" in p.message for p in result.warnings)


def test_dates_expired_cartridge_and_follow_up_before_treatment_are_errors():
    form = valid_form()
    form["cartridge_expiry"] = dt.date(2026, 1, 31)
    form["follow_up_date"] = dt.date(2026, 2, 1)
    text = messages(form)
    assert any("expired sterile cartridge must not be used" in m for m in text)
    assert any("is not after the treatment date" in m for m in text)
    form = valid_form()
    form["treatment_date"] = "2 March"
    assert any("'2 March' is not a date" in m for m in messages(form))


def test_anaesthetic_needs_amount_area_and_times_in_order():
    form = valid_form()
    form["anaesthetic_product"] = "EMLA"
    text = " ".join(messages(form))
    assert "amount is empty" in text and "area is empty" in text and "time the anaesthetic was applied" in text
    form.update(anaesthetic_amount_g="2", anaesthetic_area="cheeks", anaesthetic_on=dt.time(10, 0),
                anaesthetic_off=dt.time(9, 30))
    assert any("not after it was applied at 10:00" in m for m in messages(form))
    form["anaesthetic_off"] = "10:45"
    result = check_record(form)
    assert result.ok and result.record.anaesthetic.contact_minutes == 45
    form = valid_form()
    form["anaesthetic_on"] = dt.time(9, 0)
    assert any("product is empty" in m for m in messages(form))


def test_products_need_lot_numbers_and_names_are_flagged_as_personal_data():
    form = valid_form()
    form["products"] = [{"name": "serum", "lot": ""}, {"name": "", "lot": "X"}]
    text = " ".join(messages(form))
    assert "serum: write its lot number" in text and "no product name" in text
    form = valid_form()
    form["client_ref"] = "Jane Smith"
    result = check_record(form)
    assert result.ok and any("looks like a name" in p.message for p in result.warnings)


def test_markdown_filename_and_json_round_trip():
    form = valid_form()
    form["client_ref"] = "MN/7 ../x"
    record = check_record(form).record
    assert record_filename(record) == "2026-02-01_MN-7-x"
    text = record_markdown(record)
    assert text.startswith("# Microneedling treatment record") and "| cheeks | 1 | 4 | uniform erythema |" in text
    back = form_from_json(record_json(form))
    assert back["treatment_date"] == dt.date(2026, 2, 1) and back["areas"] == form["areas"]
    assert check_record(back).ok


@pytest.mark.parametrize("text", ["", "[]", '{"format": 99, "form": {}}', '{"format": 1, "form": {"areas": 3}}'])
def test_files_that_are_not_records_are_refused_in_words(text):
    with pytest.raises(ValueError, match="saved treatment record|damaged"):
        form_from_json(text)


FIELD_VALUES = st.one_of(st.none(), st.text(max_size=12), st.integers(), st.booleans(), st.dates())


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from(sorted(FORM_FIELDS)), FIELD_VALUES),
       st.lists(st.dictionaries(st.sampled_from(["area", "depth_mm", "passes", "endpoint"]), FIELD_VALUES),
                max_size=3))
def test_any_input_gives_problems_or_a_record_never_an_exception(fields, areas):
    form = {**empty_form(), **fields, "areas": areas}
    result = check_record(form)
    assert (result.record is None) == bool(result.errors)
    assert all(p.message and p.field in FORM_FIELDS for p in result.problems)
