"""The release tables: columns derived from the models, their Arrow types, and row conversion.

Columns come from each model's JSON Schema, so the Arrow schema, the CSV header, the
Frictionless table schema and the pydantic model can never drift apart.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Iterable

from .dataset import MODELS
from .constraints import SLUG_PATTERN
from .figure import SI_UNITS

_SLUG = re.compile(SLUG_PATTERN)


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # Frictionless type: string, integer, number, date, array
    description: str
    required: bool = False
    constraints: dict[str, Any] = field(default_factory=dict)
    model_field: bool = True


# Columns the release adds to a model's fields: derived values users would otherwise recompute.
EXTRA_COLUMNS: dict[str, list[Column]] = {
    "figures": [
        Column("value_si", "number", "`value` converted to the SI unit in `unit_si`; null when the unit has no SI form or the value is null.", model_field=False),
        Column("unit_si", "string", "SI unit of `value_si` (`m2`, `m`, `s`); null when the unit has no SI form.", model_field=False),
    ]
}

PRIMARY_KEY = ["id"]
FOREIGN_KEYS: dict[str, list[tuple[str, str]]] = {
    "articles": [("publisher", "actors")],
    "quotes": [("article", "articles"), ("speaker", "actors")],
    "figures": [("article", "articles"), ("reported_by", "actors")],
    "actors": [],
}


def _unwrap(prop: dict[str, Any]) -> tuple[dict[str, Any], bool]:
    options = prop.get("anyOf")
    if options:
        rest = [o for o in options if o.get("type") != "null"]
        return rest[0], len(rest) != len(options)
    return prop, False


@lru_cache(maxsize=None)
def columns(table: str) -> tuple[Column, ...]:
    schema = MODELS[table].model_json_schema()
    defs = schema.get("$defs", {})
    required = set(schema.get("required", []))
    out = []
    for name, prop in schema["properties"].items():
        inner, _nullable = _unwrap(prop)
        if "$ref" in inner:
            inner = defs[inner["$ref"].split("/")[-1]]
        constraints: dict[str, Any] = {}
        kind = inner.get("type")
        if "enum" in inner:
            ftype, constraints["enum"] = "string", list(inner["enum"])
        elif kind == "string" and inner.get("format") == "date":
            ftype = "date"
        elif kind == "string":
            ftype = "string"
            if "pattern" in inner:
                constraints["pattern"] = inner["pattern"].removeprefix("^").removesuffix("$")
            for key in ("minLength", "maxLength"):
                if key in inner:
                    constraints[key] = inner[key]
        elif kind == "integer":
            ftype = "integer"
            if "minimum" in inner:
                constraints["minimum"] = inner["minimum"]
        elif kind == "number":
            ftype = "number"
        elif kind == "array":
            ftype = "array"
        else:  # pragma: no cover - a new field type must be mapped here deliberately
            raise TypeError(f"{table}.{name}: no column type for {inner}")
        out.append(Column(name, ftype, prop.get("description", ""), name in required, constraints))
    return tuple(out) + tuple(EXTRA_COLUMNS.get(table, []))


def arrow_schema(table: str, metadata: dict[str, str] | None = None) -> Any:
    import pyarrow as pa

    types = {"string": pa.string(), "integer": pa.int64(), "number": pa.float64(), "date": pa.date32(), "array": pa.list_(pa.string())}
    fields = [
        pa.field(c.name, types[c.type], nullable=not c.required or c.type == "array",
                 metadata={"description": c.description})
        for c in columns(table)
    ]
    return pa.schema(fields, metadata=metadata)


@lru_cache(maxsize=None)
def _enum_columns(table: str) -> tuple[str, ...]:
    return tuple(c.name for c in columns(table) if "enum" in c.constraints)


def row(table: str, record: Any) -> tuple[Any, ...]:
    """One record as a release row in column order: enums as their values, computed columns filled in."""
    data = record.model_dump(mode="python")
    for name in _enum_columns(table):
        value = data[name]
        if value is not None:
            data[name] = value.value
    if table == "figures":
        conv = SI_UNITS.get(record.unit)
        data["unit_si"] = conv[0] if conv else None
        data["value_si"] = record.value * conv[1] if conv and record.value is not None else None
    return tuple(data[c.name] for c in columns(table))


def rows(table: str, records: Iterable[Any]) -> list[tuple[Any, ...]]:
    return [row(table, r) for r in records]


def to_arrow(table: str, records: Iterable[Any], metadata: dict[str, str] | None = None) -> Any:
    return rows_to_arrow(table, rows(table, records), metadata)


def rows_to_arrow(table: str, data: list[tuple[Any, ...]], metadata: dict[str, str] | None = None) -> Any:
    import pyarrow as pa

    schema = arrow_schema(table, metadata)
    cols = list(zip(*data)) if data else [()] * len(schema)
    arrays = [pa.array(list(values), type=field.type) for values, field in zip(cols, schema)]
    return pa.Table.from_arrays(arrays, schema=schema)


def from_row(table: str, data: dict[str, Any]) -> Any:
    """A release row back to its validated model (extra columns dropped)."""
    model = MODELS[table]
    fields = {c.name for c in columns(table) if c.model_field}
    clean = {k: v for k, v in data.items() if k in fields and v is not None}
    return model.model_validate(clean)


# -- CSV cells -------------------------------------------------------------------------
def csv_cell(column: Column, value: Any) -> str:
    """Text for one CSV cell. Null is the empty cell; arrays are JSON arrays (Frictionless `array`)."""
    if value is None:
        return ""
    if column.type == "array":
        if not value:
            return "[]"
        # Slugs need no JSON escaping; this shortcut gives exactly json.dumps' text for them.
        if all(_SLUG.fullmatch(v) for v in value):
            return '["' + '","'.join(value) + '"]'
        return json.dumps(list(value), ensure_ascii=False, separators=(",", ":"))
    if column.type == "number":
        return format_number(value)
    if column.type == "date":
        return value.isoformat()
    return str(value)


def parse_csv_cell(column: Column, text: str) -> Any:
    if text == "":
        return [] if column.type == "array" else None
    if column.type == "array":
        return json.loads(text)
    if column.type == "number":
        return float(text)
    if column.type == "integer":
        return int(text)
    if column.type == "date":
        return dt.date.fromisoformat(text)
    return text


def format_number(value: float) -> str:
    """Shortest text that reads back as the same float; integral values without '.0'."""
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)
