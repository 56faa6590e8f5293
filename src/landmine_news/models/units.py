"""Conversion of figure units to SI, where a unit has an SI form. Counts and calendar spans have none."""

from __future__ import annotations

from .vocab import Unit

# Factor from each unit to its SI unit.
SI_UNITS: dict[Unit, tuple[str, float]] = {
    Unit.square_mile: ("m2", 2_589_988.110336),
    Unit.square_kilometre: ("m2", 1_000_000.0),
    Unit.mile: ("m", 1_609.344),
    Unit.kilometre: ("m", 1_000.0),
    Unit.minute: ("s", 60.0),
}


def to_si(unit: Unit, value: float | None) -> tuple[str | None, float | None]:
    """(SI unit, value in it); (None, None) when the unit has no SI form, value None when it is null."""
    conv = SI_UNITS.get(unit)
    if conv is None:
        return None, None
    name, factor = conv
    return name, None if value is None else value * factor
