"""Records as release rows: tuples in column order, Arrow tables, and back to models
(pyarrow is imported inside the functions, so importing the models stays cheap)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

from .base import Record
from .tables import MODELS, Column, TableName, columns
from .units import to_si
from .vocab import Unit

if TYPE_CHECKING:  # pragma: no cover
    import pyarrow as pa

Row = tuple[Any, ...]


@cache
def arrow_schema(table: TableName) -> pa.Schema:
    """The explicit Arrow schema of a release table (descriptions as field metadata)."""
    return columns_schema(columns(table))


def columns_schema(cols: Sequence[Column]) -> pa.Schema:
    """The Arrow schema of release columns (descriptions as field metadata)."""
    import pyarrow as pa

    types = {
        "string": pa.string(),
        "integer": pa.int64(),
        "number": pa.float64(),
        "boolean": pa.bool_(),
        "date": pa.date32(),
        "time": pa.time32("ms"),  # what Parquet stores (it has no seconds unit)
        "array": pa.list_(pa.string()),
    }
    fields = [
        pa.field(c.name, types[c.type], nullable=not c.required or c.type == "array", metadata={"description": c.description})
        for c in cols
    ]
    return pa.schema(fields)


@cache
def _enum_columns(table: TableName) -> tuple[str, ...]:
    return tuple(c.name for c in columns(table) if "enum" in c.constraints)


def row(table: TableName, record: Record) -> Row:
    """One record as a release row in column order: enums as their values, derived columns filled in."""
    data = record.model_dump(mode="python")
    for name in _enum_columns(table):
        value = data[name]
        if value is not None:
            data[name] = value.value
    if table == "figures":
        data["unit_si"], data["value_si"] = to_si(Unit(data["unit"]), data["value"])
    return tuple(data[c.name] for c in columns(table))


def rows(table: TableName, records: Iterable[Record]) -> list[Row]:
    """Release rows of many records, in the order given."""
    return [row(table, r) for r in records]


def to_arrow(table: TableName, records: Iterable[Record]) -> pa.Table:
    """Records as an Arrow table with the release schema."""
    return rows_to_arrow(table, rows(table, records))


def rows_to_arrow(table: TableName, data: Sequence[Row]) -> pa.Table:
    """Release rows as an Arrow table with the release schema."""
    cols: list[Sequence[Any]] = list(zip(*data, strict=True)) if data else [()] * len(columns(table))
    return columns_to_arrow(table, cols)


def columns_to_arrow(table: TableName, cols: Sequence[Sequence[Any]]) -> pa.Table:
    """Release rows given column by column (values as `row` gives them) as an Arrow table."""
    import pyarrow as pa

    schema = arrow_schema(table)
    times = _time_columns(table)
    arrays = [
        pa.array([parse_time(v) for v in values] if i in times else values, type=f.type)
        for i, (values, f) in enumerate(zip(cols, schema, strict=True))
    ]
    return pa.Table.from_arrays(arrays, schema=schema)


@cache
def _time_columns(table: TableName) -> frozenset[int]:
    return frozenset(i for i, c in enumerate(columns(table)) if c.time_of_day)


def parse_time(value: Any) -> dt.time | None:
    """A record's `HH:MM[:SS]` text (or a time) as a `datetime.time`; None stays None."""
    if value is None or isinstance(value, dt.time):
        return value
    return dt.time.fromisoformat(str(value))


def from_row(table: TableName, data: dict[str, Any]) -> Record:
    """A release row back to its validated model (derived columns dropped, times back to text as
    the records write them: `HH:MM`, with `:SS` only when the seconds are not zero)."""
    fields = {c.name for c in columns(table) if c.model_field}
    clean = {k: v for k, v in data.items() if k in fields and v is not None}
    for k, v in clean.items():
        if isinstance(v, dt.time):
            clean[k] = v.strftime("%H:%M" if v.second == 0 else "%H:%M:%S")
    return MODELS[table].model_validate(clean)
