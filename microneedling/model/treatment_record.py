"""The treatment record (lesson 09): check a filled-in form and turn it into a record a practitioner can keep.

Public API:

* :func:`check_record` — a form (plain values as a widget or a file gives them) -> a typed record and the
  problems found, each a plain-language message naming the field; errors block export, warnings do not.
* :func:`record_markdown`, :func:`record_json`, :func:`form_from_json`, :func:`record_filename`.
* :data:`ENDPOINTS`, :data:`FORM_FIELDS`.

Nothing here raises on bad input: every problem is reported, and the form it came from is left untouched, so a
trainee never loses what they typed. The items follow the addendum's defensible minimum (no authoritative
microneedling record standard exists): device and cartridge with lot and expiry, depth, passes and endpoint per
area, anaesthetic with amount, area and times, every product applied with its lot, adverse events and actions,
follow-up, photographs and consents.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..facts import registry

__all__ = [
    "ENDPOINTS",
    "FORMAT_VERSION",
    "FORM_FIELDS",
    "AnaestheticUse",
    "AreaEntry",
    "Problem",
    "ProductEntry",
    "RecordCheck",
    "TreatmentRecord",
    "check_record",
    "empty_form",
    "form_from_json",
    "longest_needle_mm",
    "record_filename",
    "record_json",
    "record_markdown",
]

FORMAT_VERSION = 1
ENDPOINTS: tuple[str, ...] = ("uniform erythema", "pinpoint bleeding", "stopped before the endpoint")

# Form field -> label the trainee sees (messages name fields by these labels).
FORM_FIELDS: dict[str, str] = {
    "client_ref": "Client reference",
    "treatment_date": "Treatment date",
    "practitioner": "Practitioner",
    "device": "Device (make and model)",
    "cartridge_lot": "Cartridge lot number",
    "cartridge_expiry": "Cartridge expiry date",
    "areas": "Areas treated",
    "products": "Products applied to the skin",
    "anaesthetic_product": "Topical anaesthetic",
    "anaesthetic_amount_g": "Anaesthetic amount (g)",
    "anaesthetic_area": "Anaesthetic area",
    "anaesthetic_on": "Anaesthetic applied at",
    "anaesthetic_off": "Anaesthetic removed at",
    "adverse_events": "Adverse events, action taken",
    "follow_up_date": "Follow-up date",
    "follow_up_plan": "Follow-up arrangements",
    "consent_treatment": "Consent to treatment recorded",
    "photos_taken": "Standard photographs taken",
    "consent_photo_secondary": "Separate consent for teaching or marketing use of photographs",
}
NAME_PATTERN = re.compile(r"^[A-Za-z]+(?:[ '-][A-Za-z]+)+$")


@dataclass(frozen=True)
class AreaEntry:
    area: str
    depth_mm: float
    passes: int
    endpoint: str


@dataclass(frozen=True)
class ProductEntry:
    name: str
    lot: str


@dataclass(frozen=True)
class AnaestheticUse:
    product: str
    amount_g: float | None
    area: str
    applied: dt.time
    removed: dt.time

    @property
    def contact_minutes(self) -> int:
        on = self.applied.hour * 60 + self.applied.minute
        off = self.removed.hour * 60 + self.removed.minute
        return off - on


@dataclass(frozen=True)
class TreatmentRecord:
    client_ref: str
    treatment_date: dt.date
    practitioner: str
    device: str
    cartridge_lot: str
    cartridge_expiry: dt.date
    areas: tuple[AreaEntry, ...]
    products: tuple[ProductEntry, ...]
    anaesthetic: AnaestheticUse | None
    adverse_events: str
    follow_up_date: dt.date | None
    follow_up_plan: str
    consent_treatment: bool
    photos_taken: bool
    consent_photo_secondary: str  # "yes", "no" or "not asked"


@dataclass(frozen=True)
class Problem:
    field: str  # a key of FORM_FIELDS
    message: str
    severity: str = "error"  # "error" blocks export; "warning" is shown but does not


@dataclass(frozen=True)
class RecordCheck:
    record: TreatmentRecord | None  # None while there are errors
    problems: tuple[Problem, ...]

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "error")

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "warning")

    @property
    def ok(self) -> bool:
        return not self.errors


def longest_needle_mm() -> float:
    """The longest needle length the course's device facts describe (a typo check, not a clinical limit)."""
    reg = registry()
    return max(float(reg.fact(f).value[1]) for f in ("devices.roller.needle_length", "devices.pen.depth_range"))


def empty_form() -> dict[str, Any]:
    """A blank form with one empty area row and one empty product row."""
    return {
        "client_ref": "", "treatment_date": None, "practitioner": "", "device": "", "cartridge_lot": "",
        "cartridge_expiry": None, "areas": [{"area": "", "depth_mm": "", "passes": "", "endpoint": ""}],
        "products": [{"name": "", "lot": ""}], "anaesthetic_product": "", "anaesthetic_amount_g": "",
        "anaesthetic_area": "", "anaesthetic_on": None, "anaesthetic_off": None, "adverse_events": "",
        "follow_up_date": None, "follow_up_plan": "", "consent_treatment": False, "photos_taken": False,
        "consent_photo_secondary": "not asked",
    }


class _Checker:
    """Collects problems while reading a form; every read returns a value or None, never raises."""

    def __init__(self, form: Mapping[str, Any]) -> None:
        self.form = form
        self.problems: list[Problem] = []

    def error(self, field: str, message: str) -> None:
        self.problems.append(Problem(field, message, "error"))

    def warn(self, field: str, message: str) -> None:
        self.problems.append(Problem(field, message, "warning"))

    def text(self, field: str, required: str = "") -> str:
        value = self.form.get(field, "")
        value = "" if value is None else str(value).strip()
        if not value and required:
            self.error(field, f"{FORM_FIELDS[field]} is empty: {required}")
        return value

    def date(self, field: str, required: bool = True) -> dt.date | None:
        value = self.form.get(field)
        if value in (None, ""):
            if required:
                self.error(field, f"{FORM_FIELDS[field]} is missing: pick the date.")
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            self.error(field, f"{FORM_FIELDS[field]}: '{value}' is not a date; use the date picker.")
            return None

    def time(self, field: str) -> dt.time | None:
        value = self.form.get(field)
        if value in (None, ""):
            return None
        if isinstance(value, dt.time):
            return value
        try:
            return dt.time.fromisoformat(str(value))
        except ValueError:
            self.error(field, f"{FORM_FIELDS[field]}: '{value}' is not a time; write it as hours:minutes, "
                              "e.g. 09:30.")
            return None

    def number(self, field: str, raw: Any, what: str, example: str, whole: bool = False) -> float | None:
        text = "" if raw is None else str(raw).strip().replace(",", ".")
        if not text:
            self.error(field, f"{what} is empty: write a number, e.g. {example}.")
            return None
        try:
            value = float(text)
        except ValueError:
            value = math.nan
        # float() also accepts 'nan' and 'inf', which no clinician means as a count or a depth.
        if not math.isfinite(value):
            kind = "a whole number" if whole else "a number in digits"
            self.error(field, f"{what}: '{raw}' is not {kind}; write it like {example}.")
            return None
        if whole and value != int(value):
            self.error(field, f"{what}: '{raw}' is not a whole number; write it like {example}.")
            return None
        if value <= 0:
            self.error(field, f"{what} must be more than 0 (you wrote {raw}).")
            return None
        return int(value) if whole else value


def check_record(form: Mapping[str, Any]) -> RecordCheck:
    """Read a form and report every problem; the record is returned only when there are no errors."""
    c = _Checker(form)
    client_ref = c.text("client_ref", "give a client reference (a code such as MN-0142).")
    if client_ref and NAME_PATTERN.match(client_ref):
        c.warn("client_ref", f"'{client_ref}' looks like a name. Health data are special-category personal "
                             "data: a code that links to the client file keeps the exported record safer.")
    treated = c.date("treatment_date")
    if treated and treated > dt.date.today():
        c.warn("treatment_date", f"The treatment date {treated:%d %b %Y} is in the future; check it.")
    practitioner = c.text("practitioner", "write who performed the treatment.")
    device = c.text("device", "write the device make and model (traceability if it is recalled).")
    lot = c.text("cartridge_lot", "copy the lot number from the cartridge pack (traceability and recalls).")
    expiry = c.date("cartridge_expiry")
    if expiry and treated and expiry < treated:
        c.error("cartridge_expiry", f"The cartridge expired on {expiry:%d %b %Y}, before the treatment date: "
                                    "an expired sterile cartridge must not be used. Check the date or the pack.")
    areas = _areas(c, _rows(c, "areas"))
    products = _products(c, _rows(c, "products"))
    anaesthetic = _anaesthetic(c)
    adverse = c.text("adverse_events", "write what happened and what you did, or 'none'.")
    follow_date = c.date("follow_up_date", required=False)
    if follow_date and treated and follow_date <= treated:
        c.error("follow_up_date", f"The follow-up date {follow_date:%d %b %Y} is not after the treatment date.")
    follow_plan = c.text("follow_up_plan", "write the follow-up arranged and when the client should call.")
    consent = bool(form.get("consent_treatment"))
    if not consent:
        c.error("consent_treatment", "Consent to treatment is not recorded: treatment goes ahead only after "
                                     "informed consent, and the record must show it.")
    photos = bool(form.get("photos_taken"))
    if not photos:
        c.warn("photos_taken", "No standard photographs recorded: baseline photographs in the same set-up are "
                               "standard practice, and the only fair way to judge the result later.")
    secondary = str(form.get("consent_photo_secondary") or "not asked")
    if secondary not in ("yes", "no", "not asked"):
        c.error("consent_photo_secondary", f"'{secondary}' is not one of yes, no, not asked.")
    if c.problems and any(p.severity == "error" for p in c.problems):
        return RecordCheck(None, tuple(c.problems))
    record = TreatmentRecord(
        client_ref=client_ref, treatment_date=treated, practitioner=practitioner, device=device,
        cartridge_lot=lot, cartridge_expiry=expiry, areas=tuple(areas), products=tuple(products),
        anaesthetic=anaesthetic, adverse_events=adverse, follow_up_date=follow_date, follow_up_plan=follow_plan,
        consent_treatment=consent, photos_taken=photos, consent_photo_secondary=secondary)
    return RecordCheck(record, tuple(c.problems))


def _rows(c: _Checker, field: str) -> list[Mapping[str, Any]]:
    """The repeated rows of ``field``; anything that is not a list of rows is reported and read as none."""
    value = c.form.get(field) or []
    if not isinstance(value, (list, tuple)) or not all(isinstance(row, Mapping) for row in value):
        c.error(field, f"{FORM_FIELDS[field]}: the rows are damaged; add them again with the buttons.")
        return []
    return list(value)


def _areas(c: _Checker, rows: Sequence[Mapping[str, Any]]) -> list[AreaEntry]:
    entries = []
    longest = longest_needle_mm()
    filled = [row for row in rows if any(str(row.get(k) or "").strip() for k in ("area", "depth_mm", "passes"))]
    if not filled:
        c.error("areas", "No area recorded: add each area treated with its depth, passes and endpoint.")
    for number, row in enumerate(filled, start=1):
        name = str(row.get("area") or "").strip()
        label = f"Area {number}" + (f" ({name})" if name else "")
        if not name:
            c.error("areas", f"{label}: write which area was treated, e.g. 'cheeks'.")
        depth = c.number("areas", row.get("depth_mm"), f"{label} depth (mm)", "1.5")
        if depth is not None and depth > longest:
            c.warn("areas", f"{label}: {depth:g} mm is longer than any needle length the course describes "
                            f"(up to {longest:g} mm); check the entry.")
        passes = c.number("areas", row.get("passes"), f"{label} passes", "3", whole=True)
        endpoint = row.get("endpoint")
        if endpoint not in ENDPOINTS:
            c.error("areas", f"{label}: choose the endpoint reached ({', '.join(ENDPOINTS)}).")
        if name and depth is not None and passes is not None and endpoint in ENDPOINTS:
            entries.append(AreaEntry(name, depth, int(passes), endpoint))
    return entries


def _products(c: _Checker, rows: Sequence[Mapping[str, Any]]) -> list[ProductEntry]:
    entries = []
    for row in rows:
        name = str(row.get("name") or "").strip()
        lot = str(row.get("lot") or "").strip()
        if not name and not lot:
            continue
        if not name:
            c.error("products", f"A product row has lot '{lot}' but no product name.")
            continue
        if not lot:
            c.error("products", f"{name}: write its lot number; lot numbers let the clinic trace a batch "
                                "and recall clients if it is withdrawn.")
            continue
        entries.append(ProductEntry(name, lot))
    if not entries and not any(p.field == "products" for p in c.problems):
        c.warn("products", "No products recorded: list the glide medium and every product put on the skin, "
                           "with lot numbers.")
    return entries


def _anaesthetic(c: _Checker) -> AnaestheticUse | None:
    product = c.text("anaesthetic_product")
    on, off = c.time("anaesthetic_on"), c.time("anaesthetic_off")
    amount_raw = c.form.get("anaesthetic_amount_g")
    area = c.text("anaesthetic_area")
    if not product:
        if on or off or str(amount_raw or "").strip() or area:
            c.error("anaesthetic_product", "Anaesthetic details are filled in but the product is empty: write "
                                           "the product, or clear the other anaesthetic fields.")
        return None
    amount = None
    if str(amount_raw or "").strip():
        amount = c.number("anaesthetic_amount_g", amount_raw, FORM_FIELDS["anaesthetic_amount_g"], "2.5")
    else:
        c.error("anaesthetic_amount_g", "Anaesthetic amount is empty: toxicity depends on the amount, so write "
                                        "it in grams, e.g. 2.5.")
    if not area:
        c.error("anaesthetic_area", "Anaesthetic area is empty: write where it was applied, e.g. 'full face'.")
    if on is None:
        c.error("anaesthetic_on", "Write the time the anaesthetic was applied.")
    if off is None:
        c.error("anaesthetic_off", "Write the time the anaesthetic was removed.")
    if on and off and (off.hour * 60 + off.minute) <= (on.hour * 60 + on.minute):
        c.error("anaesthetic_off", f"The anaesthetic was removed at {off:%H:%M}, not after it was applied at "
                                   f"{on:%H:%M}; check the times.")
        return None
    if on is None or off is None or amount is None or not area:
        return None
    return AnaestheticUse(product, amount, area, on, off)


# --- output ---------------------------------------------------------------------------------------------------

def record_filename(record: TreatmentRecord) -> str:
    """A safe file stem such as '2026-03-02_MN-0142'."""
    safe = re.sub(r"[^A-Za-z0-9_-]+", "-", record.client_ref).strip("-") or "client"
    return f"{record.treatment_date:%Y-%m-%d}_{safe[:40]}"


def record_markdown(record: TreatmentRecord) -> str:
    """The record as a plain Markdown document (readable as text, printable)."""
    lines = [
        f"# Microneedling treatment record — {record.client_ref}",
        "",
        f"- **Date:** {record.treatment_date:%A %d %B %Y}",
        f"- **Practitioner:** {record.practitioner}",
        f"- **Device:** {record.device}",
        f"- **Cartridge:** lot {record.cartridge_lot}, expires {record.cartridge_expiry:%d %b %Y}",
        f"- **Consent to treatment recorded:** {'yes' if record.consent_treatment else 'no'}",
        f"- **Standard photographs taken:** {'yes' if record.photos_taken else 'no'}",
        f"- **Separate consent for teaching/marketing use of photographs:** {record.consent_photo_secondary}",
        "",
        "## Areas treated",
        "",
        "| Area | Depth (mm) | Passes | Endpoint reached |",
        "|---|---|---|---|",
        *[f"| {_cell(a.area)} | {a.depth_mm:g} | {a.passes} | {a.endpoint} |" for a in record.areas],
        "",
        "## Topical anaesthetic",
        "",
    ]
    if record.anaesthetic:
        a = record.anaesthetic
        lines.append(f"{a.product}, {a.amount_g:g} g on {a.area}; applied {a.applied:%H:%M}, removed "
                     f"{a.removed:%H:%M} ({a.contact_minutes} minutes on the skin).")
    else:
        lines.append("None used.")
    lines += ["", "## Products applied to the skin", ""]
    if record.products:
        lines += ["| Product | Lot |", "|---|---|", *[f"| {_cell(p.name)} | {_cell(p.lot)} |" for p in record.products]]
    else:
        lines.append("None recorded.")
    lines += ["", "## Adverse events and action taken", "", record.adverse_events, "", "## Follow-up", ""]
    if record.follow_up_date:
        lines.append(f"Review on {record.follow_up_date:%A %d %B %Y}.")
    lines += [record.follow_up_plan, "",
              f"*Exported from the microneedling course record form (format {FORMAT_VERSION}). A training "
              "exercise: keep real client records in your clinic's secure system.*", ""]
    return "\n".join(lines)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def record_json(form: Mapping[str, Any]) -> str:
    """The form as JSON (dates and times as ISO text), so it can be reopened and edited later."""
    def encode(value: Any) -> Any:
        if isinstance(value, (dt.date, dt.time)):
            return value.isoformat()
        if isinstance(value, Mapping):
            return {k: encode(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [encode(v) for v in value]
        return value

    return json.dumps({"format": FORMAT_VERSION, "form": encode(dict(form))}, indent=2, ensure_ascii=False)


def form_from_json(text: str) -> dict[str, Any]:
    """A form back from :func:`record_json`; ``ValueError`` in plain words for a file that is not one."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        raise ValueError("this file is not a saved treatment record (it is not valid JSON)") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT_VERSION or not isinstance(data.get("form"), dict):
        raise ValueError("this file is not a saved treatment record from this course")
    form = empty_form()
    saved = data["form"]
    for key in form:
        if key in saved:
            form[key] = saved[key]
    for key in ("treatment_date", "cartridge_expiry", "follow_up_date"):
        form[key] = _iso(form[key], dt.date.fromisoformat)
    for key in ("anaesthetic_on", "anaesthetic_off"):
        form[key] = _iso(form[key], dt.time.fromisoformat)
    if not isinstance(form["areas"], list) or not all(isinstance(r, dict) for r in form["areas"]):
        raise ValueError("this saved record's areas are damaged")
    if not isinstance(form["products"], list) or not all(isinstance(r, dict) for r in form["products"]):
        raise ValueError("this saved record's products are damaged")
    return form


def _iso(value: Any, parse) -> Any:
    if value in (None, ""):
        return None
    try:
        return parse(str(value))
    except ValueError:
        return None
