"""Lesson 09 widget: fill in a treatment record, check it, and export it as a file the learner keeps.

Bad input never clears a field: *Check* lists every problem in plain words, *Export* refuses while there are
errors, and *Save draft* keeps an unfinished form as JSON that *Open* brings back.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ipywidgets as W

from ..model.treatment_record import (
    ENDPOINTS,
    FORM_FIELDS,
    RecordCheck,
    check_record,
    empty_form,
    form_from_json,
    record_filename,
    record_json,
    record_markdown,
)
from .base import View, message_html

DEFAULT_FOLDER = "my_treatment_records"
WIDE = W.Layout(width="95%")
LABEL_STYLE = {"description_width": "240px"}
ROW_STYLE = {"description_width": "initial"}


def date_layout() -> W.Layout:
    return W.Layout(width="420px")


def row_layout() -> W.Layout:
    return W.Layout(flex_flow="row wrap", grid_gap="4px")


@dataclass(frozen=True)
class RecordState:
    form: dict[str, Any]
    check: RecordCheck | None  # the last check (None before the first)
    saved: tuple[Path, ...]  # files written by the last export or draft save
    message: str


class _AreaRow:
    def __init__(self, on_remove) -> None:
        self.area = W.Text(description="Area", placeholder="e.g. cheeks", style=ROW_STYLE,
                           layout=W.Layout(width="230px"))
        self.depth = W.Text(description="Depth (mm)", placeholder="e.g. 1.5", style=ROW_STYLE,
                            layout=W.Layout(width="190px"))
        self.passes = W.Text(description="Passes", placeholder="e.g. 3", style=ROW_STYLE,
                             layout=W.Layout(width="150px"))
        self.endpoint = W.Dropdown(description="Endpoint",
                                   options=[("choose…", "")] + [(e, e) for e in ENDPOINTS],
                                   value="", style=ROW_STYLE, layout=W.Layout(width="300px"))
        self.remove = W.Button(description="Remove area", icon="trash", layout=W.Layout(width="auto"))
        self.remove.on_click(lambda _b: on_remove(self))
        self.box = W.HBox([self.area, self.depth, self.passes, self.endpoint, self.remove], layout=row_layout())

    def value(self) -> dict[str, Any]:
        return {"area": self.area.value, "depth_mm": self.depth.value, "passes": self.passes.value,
                "endpoint": self.endpoint.value}

    def load(self, row: dict[str, Any]) -> None:
        self.area.value = str(row.get("area") or "")
        self.depth.value = str(row.get("depth_mm") or "")
        self.passes.value = str(row.get("passes") or "")
        self.endpoint.value = row.get("endpoint") if row.get("endpoint") in ENDPOINTS else ""


class _ProductRow:
    def __init__(self, on_remove) -> None:
        self.name = W.Text(description="Product", placeholder="e.g. sterile glide gel", style=ROW_STYLE,
                           layout=W.Layout(width="360px"))
        self.lot = W.Text(description="Lot", placeholder="from the pack", style=ROW_STYLE,
                          layout=W.Layout(width="240px"))
        self.remove = W.Button(description="Remove product", icon="trash", layout=W.Layout(width="auto"))
        self.remove.on_click(lambda _b: on_remove(self))
        self.box = W.HBox([self.name, self.lot, self.remove], layout=row_layout())

    def value(self) -> dict[str, Any]:
        return {"name": self.name.value, "lot": self.lot.value}

    def load(self, row: dict[str, Any]) -> None:
        self.name.value = str(row.get("name") or "")
        self.lot.value = str(row.get("lot") or "")


class TreatmentRecordForm(View):
    """A treatment record form. Controls are attributes named after :data:`FORM_FIELDS` (``client_ref``,
    ``treatment_date`` …); ``area_rows`` / ``product_rows`` hold the repeated rows; buttons ``add_area``,
    ``add_product``, ``check``, ``export``, ``save_draft``, ``open_saved``."""

    css_class = "mn-treatment-record"

    def __init__(self, folder: str | Path = DEFAULT_FOLDER) -> None:
        self.folder = Path(folder)
        text = lambda field, placeholder="": W.Text(description=FORM_FIELDS[field], placeholder=placeholder,  # noqa: E731
                                                    style=LABEL_STYLE, layout=WIDE)
        self.client_ref = text("client_ref", "a code, not the name, e.g. MN-0142")
        self.treatment_date = W.DatePicker(description=FORM_FIELDS["treatment_date"], style=LABEL_STYLE,
                                    layout=date_layout())
        self.practitioner = text("practitioner")
        self.device = text("device", "e.g. make, model and serial number")
        self.cartridge_lot = text("cartridge_lot", "from the cartridge pack")
        self.cartridge_expiry = W.DatePicker(description=FORM_FIELDS["cartridge_expiry"], style=LABEL_STYLE,
                                    layout=date_layout())
        self.area_rows: list[_AreaRow] = []
        self.areas_box = W.VBox()
        self.add_area = W.Button(description="Add area", icon="plus")
        self.product_rows: list[_ProductRow] = []
        self.products_box = W.VBox()
        self.add_product = W.Button(description="Add product", icon="plus")
        self.anaesthetic_product = text("anaesthetic_product", "product name; leave empty if none used")
        self.anaesthetic_amount_g = text("anaesthetic_amount_g", "e.g. 2.5")
        self.anaesthetic_area = text("anaesthetic_area", "e.g. full face")
        self.anaesthetic_on = W.TimePicker(description=FORM_FIELDS["anaesthetic_on"], style=LABEL_STYLE,
                                    layout=W.Layout(width="400px"))
        self.anaesthetic_off = W.TimePicker(description=FORM_FIELDS["anaesthetic_off"], style=LABEL_STYLE,
                                    layout=W.Layout(width="400px"))
        self.adverse_events = W.Textarea(description=FORM_FIELDS["adverse_events"], placeholder="or 'none'",
                                         style=LABEL_STYLE, layout=W.Layout(width="95%", height="60px"))
        self.follow_up_date = W.DatePicker(description=FORM_FIELDS["follow_up_date"], style=LABEL_STYLE,
                                    layout=date_layout())
        self.follow_up_plan = W.Textarea(description=FORM_FIELDS["follow_up_plan"],
                                         placeholder="review booked; when to call the clinic",
                                         style=LABEL_STYLE, layout=W.Layout(width="95%", height="60px"))
        self.consent_treatment = W.Checkbox(description=FORM_FIELDS["consent_treatment"], indent=False)
        self.photos_taken = W.Checkbox(description=FORM_FIELDS["photos_taken"], indent=False)
        self.consent_photo_secondary = W.Dropdown(options=["not asked", "yes", "no"], value="not asked",
                                                  description=FORM_FIELDS["consent_photo_secondary"],
                                                  style={"description_width": "initial"},
                                                  layout=W.Layout(width="640px"))
        self.check = W.Button(description="Check record", icon="check", layout=W.Layout(width="auto"))
        self.export = W.Button(description="Export record", button_style="primary", icon="download",
                               layout=W.Layout(width="auto"))
        self.save_draft = W.Button(description="Save draft", icon="save", layout=W.Layout(width="auto"))
        self.saved_list = W.Dropdown(description="Saved records", style={"description_width": "initial"},
                                     layout=W.Layout(width="420px"))
        self.open_saved = W.Button(description="Open", icon="folder-open")
        self.messages = W.HTML()
        self.messages.add_class("mn-record-messages")
        self.preview = W.Textarea(layout=W.Layout(width="95%", height="260px", display="none"))
        self.preview.add_class("mn-record-preview")
        self.download = W.HTML()
        self.add_area.on_click(lambda _b: self._add_area())
        self.add_product.on_click(lambda _b: self._add_product())
        self.check.on_click(lambda _b: self.run_check())
        self.export.on_click(lambda _b: self.run_export())
        self.save_draft.on_click(lambda _b: self.run_save_draft())
        self.open_saved.on_click(lambda _b: self.run_open())
        self.state = RecordState(form=empty_form(), check=None, saved=(), message="")
        self._add_area()
        self._add_product()
        section = lambda title: W.HTML(f"<h4>{html.escape(title)}</h4>")  # noqa: E731
        self.ui = W.VBox([
            section("Client and device"), self.client_ref, self.treatment_date, self.practitioner, self.device,
            self.cartridge_lot, self.cartridge_expiry,
            section("Areas treated: depth, passes, endpoint"), self.areas_box, self.add_area,
            section("Products applied to the skin, with lot numbers"), self.products_box, self.add_product,
            section("Topical anaesthetic"), self.anaesthetic_product, self.anaesthetic_amount_g,
            self.anaesthetic_area, W.HBox([self.anaesthetic_on, self.anaesthetic_off]),
            section("Adverse events and follow-up"), self.adverse_events, self.follow_up_date, self.follow_up_plan,
            section("Consent and photographs"), self.consent_treatment, self.photos_taken,
            self.consent_photo_secondary,
            W.HBox([self.check, self.export, self.save_draft]), self.messages, self.download, self.preview,
            W.HBox([self.saved_list, self.open_saved]),
        ])
        self.ui.add_class(self.css_class)
        self._refresh_saved()

    # --- rows -----------------------------------------------------------------------------------------

    def _add_area(self, row: dict[str, Any] | None = None) -> _AreaRow:
        entry = _AreaRow(self._remove_area)
        if row:
            entry.load(row)
        self.area_rows.append(entry)
        self.areas_box.children = [r.box for r in self.area_rows]
        return entry

    def _remove_area(self, entry: _AreaRow) -> None:
        self.area_rows.remove(entry)
        self.areas_box.children = [r.box for r in self.area_rows]

    def _add_product(self, row: dict[str, Any] | None = None) -> _ProductRow:
        entry = _ProductRow(self._remove_product)
        if row:
            entry.load(row)
        self.product_rows.append(entry)
        self.products_box.children = [r.box for r in self.product_rows]
        return entry

    def _remove_product(self, entry: _ProductRow) -> None:
        self.product_rows.remove(entry)
        self.products_box.children = [r.box for r in self.product_rows]

    # --- form <-> controls ----------------------------------------------------------------------------

    def form(self) -> dict[str, Any]:
        """The form as plain values (what :func:`check_record` reads)."""
        simple = ("client_ref", "treatment_date", "practitioner", "device", "cartridge_lot", "cartridge_expiry",
                  "anaesthetic_product", "anaesthetic_amount_g", "anaesthetic_area", "anaesthetic_on",
                  "anaesthetic_off", "adverse_events", "follow_up_date", "follow_up_plan", "consent_treatment",
                  "photos_taken", "consent_photo_secondary")
        form = {field: getattr(self, field).value for field in simple}
        form["areas"] = [r.value() for r in self.area_rows]
        form["products"] = [r.value() for r in self.product_rows]
        return form

    def load_form(self, form: dict[str, Any]) -> None:
        for field, value in form.items():
            if field in ("areas", "products"):
                continue
            control = getattr(self, field)
            if isinstance(control, W.Text | W.Textarea):
                control.value = "" if value is None else str(value)
            elif isinstance(control, W.Checkbox):
                control.value = bool(value)
            elif field == "consent_photo_secondary":
                control.value = value if value in ("yes", "no", "not asked") else "not asked"
            else:
                control.value = value
        self.area_rows, self.product_rows = [], []
        for row in form.get("areas") or [{}]:
            self._add_area(row)
        for row in form.get("products") or [{}]:
            self._add_product(row)

    # --- actions --------------------------------------------------------------------------------------

    def run_check(self) -> RecordState:
        form = self.form()
        result = check_record(form)
        self.messages.value = problems_html(result)
        self.state = RecordState(form=form, check=result, saved=(), message="")
        return self.state

    def run_export(self) -> RecordState:
        state = self.run_check()
        result = state.check
        if result is None or result.record is None:
            self.messages.value = (message_html("Not exported: fix the problems marked below first. Nothing you "
                                                "typed has been changed.", "error") + self.messages.value)
            self._show_preview("")
            self.download.value = ""
            return state
        text = record_markdown(result.record)
        stem = record_filename(result.record)
        try:
            paths = (self._write(stem, ".md", text), self._write(stem, ".json", record_json(state.form)))
        except OSError as exc:
            self.messages.value = message_html(f"Could not save the record in '{self.folder}': {exc.strerror}. "
                                               "Use the download link instead.", "error") + self.messages.value
            paths = ()
        self._show_preview(text)
        self.download.value = _download_link(f"{stem}.md", text)
        if paths:
            self.messages.value = (message_html(f"Exported to {paths[0]} (and {paths[1].name}, which 'Open' can "
                                                "bring back for editing).", "ok") + self.messages.value)
        self.state = RecordState(form=state.form, check=result, saved=paths, message="exported")
        self._refresh_saved()
        return self.state

    def run_save_draft(self) -> RecordState:
        form = self.form()
        stem = "draft_" + dt.datetime.now().strftime("%Y-%m-%d_%H%M%S")
        try:
            path = self._write(stem, ".json", record_json(form))
        except OSError as exc:
            self.messages.value = message_html(f"Could not save the draft in '{self.folder}': {exc.strerror}.",
                                               "error")
            self.state = RecordState(form=form, check=self.state.check, saved=(), message="not saved")
            return self.state
        self.messages.value = message_html(f"Draft saved to {path}. Open it later from 'Saved records'.", "ok")
        self.state = RecordState(form=form, check=self.state.check, saved=(path,), message="draft saved")
        self._refresh_saved()
        return self.state

    def run_open(self) -> RecordState:
        name = self.saved_list.value
        if not name:
            self.messages.value = message_html("There is no saved record to open yet.", "info")
            return self.state
        path = self.folder / name
        try:
            form = form_from_json(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            self.messages.value = message_html(f"Could not read {path}.", "error")
            return self.state
        except ValueError as exc:
            self.messages.value = message_html(f"Could not open {name}: {exc}.", "error")
            return self.state
        self.load_form(form)
        self.messages.value = message_html(f"Opened {name}. Check and export again when you are done.", "ok")
        self.state = RecordState(form=self.form(), check=None, saved=(), message="opened")
        return self.state

    def _show_preview(self, text: str) -> None:
        self.preview.value = text
        self.preview.layout.display = None if text else "none"

    def _write(self, stem: str, suffix: str, text: str) -> Path:
        """Write a new file; an existing export is never overwritten (a -2, -3 … suffix is added)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / f"{stem}{suffix}"
        number = 2
        while path.exists():
            path = self.folder / f"{stem}-{number}{suffix}"
            number += 1
        path.write_text(text, encoding="utf-8")
        return path

    def _refresh_saved(self) -> None:
        names = sorted((p.name for p in self.folder.glob("*.json")), reverse=True) if self.folder.is_dir() else []
        self.saved_list.options = names
        self.saved_list.value = names[0] if names else None
        # Nothing to open yet: the list and its button stay disabled (and out of the Tab order) until a save.
        self.saved_list.disabled = self.open_saved.disabled = not names


def problems_html(result: RecordCheck) -> str:
    """Errors then warnings, each naming its field, as an accessible list (icons and words, not colour)."""
    if not result.problems:
        return message_html("The record is complete: nothing is missing.", "ok")
    parts = []
    if result.errors:
        items = "".join(f"<li>{html.escape(p.message)}</li>" for p in result.errors)
        parts.append(message_html(f"{len(result.errors)} problem(s) to fix before export:", "error")
                     + f"<ul class='mn-record-errors'>{items}</ul>")
    if result.warnings:
        items = "".join(f"<li>{html.escape(p.message)}</li>" for p in result.warnings)
        parts.append(message_html(f"{len(result.warnings)} thing(s) to check (export still allowed):", "info")
                     + f"<ul class='mn-record-warnings'>{items}</ul>")
    return "".join(parts)


def _download_link(filename: str, text: str) -> str:
    data = base64.b64encode(text.encode("utf-8")).decode("ascii")
    return (f'<a class="mn-download" style="color: var(--jp-content-link-color, #0b57d0); '
            f'text-decoration: underline" download="{html.escape(filename)}" '
            f'href="data:text/markdown;charset=utf-8;base64,{data}">⬇ Download {html.escape(filename)}</a>')
