"""Device comparison rows and roller channel density (punctures per cm²)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..facts import Fact, registry
from ..facts.kinds.science import DeviceType

MAX_PASSES = 50
MAX_NEEDLES = 2000
COLUMNS: dict[str, str] = {
    "needles": "Needles",
    "depth": "Needle length or setting",
    "energy": "Energy delivered",
    "sterility": "Sterility and safety",
}
# What an empty cell means, per column (a device type without an entry there).
EMPTY_CELLS: dict[str, str] = {"energy": "None: mechanical punctures only"}


@dataclass(frozen=True)
class DeviceRow:
    device: DeviceType
    cells: dict[str, Fact | None]  # column -> fact; None where the column does not apply

    def cell_text(self, column: str) -> str:
        """The table's wording: the fact's value, a short wording given for the cell, or the full statement."""
        fact = self.cells[column]
        if fact is None:
            return EMPTY_CELLS[column]
        short = (self.device.short or {}).get(column)
        return short or format_value(fact) or fact.statement


def format_value(fact: Fact) -> str:
    """'0.25–2.5 mm' for a [low, high] value, '192 needles' for a number, '' when the fact has no value."""
    if fact.value is None:
        return ""
    if isinstance(fact.value, tuple):
        return f"{'–'.join(f'{v:g}' for v in fact.value)} {fact.unit}".strip()
    return fact.display_value()


def device_rows() -> list[DeviceRow]:
    """Device types in table order, each cell resolved to its fact."""
    reg = registry()
    rows = sorted(reg.of_kind(DeviceType), key=lambda d: d.order)
    result = []
    for device in rows:
        missing = [c for c in COLUMNS if c not in device.cells and c not in EMPTY_CELLS]
        if missing:
            raise ValueError(f"{device.id}: no fact for column(s) {missing}")
        stray = sorted(set(device.short or {}) - set(device.cells))
        if stray:
            raise ValueError(f"{device.id}: short wording for column(s) {stray} without a fact")
        cells = {c: reg.fact(device.cells[c]) if c in device.cells else None for c in COLUMNS}
        result.append(DeviceRow(device=device, cells=cells))
    return result


def _positive(value: float, name: str, maximum: float, integer: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(f"{name} must be a number, not {value!r}")
    if integer and value != int(value):
        raise ValueError(f"{name} must be a whole number; got {value:g}")
    if not 0 < value <= maximum:
        raise ValueError(f"{name} must be more than 0 and at most {maximum:g}; got {value:g}")
    return float(value)


@dataclass(frozen=True)
class Roller:
    needles: int
    drum_diameter_cm: float
    drum_width_cm: float

    @property
    def drum_area_cm2(self) -> float:
        return math.pi * self.drum_diameter_cm * self.drum_width_cm


def standard_roller() -> Roller:
    """The standard medical roller from the cited facts."""
    reg = registry()
    return Roller(needles=int(reg.fact("devices.roller.needle_count").value),
                  drum_diameter_cm=float(reg.fact("devices.roller.drum_diameter").value),
                  drum_width_cm=float(reg.fact("devices.roller.drum_width").value))


def punctures_per_cm2(needles: int, drum_diameter_cm: float, drum_width_cm: float, passes: int = 1) -> float:
    """Punctures per cm² after ``passes`` passes: needles over the drum's surface (π·d·w), times passes.

    Assumes each pass turns the drum over fresh skin once per revolution and that holes do not overlap.
    ``ValueError`` gives the valid range for each argument.
    """
    _positive(needles, "needle count", MAX_NEEDLES, integer=True)
    _positive(drum_diameter_cm, "drum diameter (cm)", 10)
    _positive(drum_width_cm, "drum width (cm)", 10)
    _positive(passes, "passes", MAX_PASSES, integer=True)
    return needles / (math.pi * drum_diameter_cm * drum_width_cm) * passes


def density_curve(roller: Roller, max_passes: int) -> list[tuple[int, float]]:
    """(passes, punctures/cm²) for 1..max_passes."""
    _positive(max_passes, "passes", MAX_PASSES, integer=True)
    return [(p, punctures_per_cm2(roller.needles, roller.drum_diameter_cm, roller.drum_width_cm, p))
            for p in range(1, int(max_passes) + 1)]
