"""Records as release rows: tuples in column order, Arrow tables, and back to models.

pyarrow is imported inside the functions that need it, so importing the models stays cheap.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

from .base import Record
from .tables import MODELS, TableName, columns
from .units import to_si
from .vocab import Unit

if TYPE_CHECKING:  # pragma: no cover
    import pyarrow as pa

Row = tuple[Any, ...]


def arrow_schema(table: TableName, metadata: dict[str, str] | None = None) -> pa.Schema:
    """The explicit Arrow schema of a release table (descriptions as field metadata)."""
    import pyarrow as pa

    types = {
        "string": pa.string(),
        "integer": pa.int64(),
        "number": pa.float64(),
        "boolean": pa.bool_(),
        "date": pa.date32(),
        "array": pa.list_(pa.string()),
    }
    fields = [
        pa.field(c.name, types[c.type], nullable=not c.required or c.type == "array", metadata={"description": c.description})
        for c in columns(table)
    ]
    return pa.schema(fields, metadata=metadata)


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


def to_arrow(table: TableName, records: Iterable[Record], metadata: dict[str, str] | None = None) -> pa.Table:
    """Records as an Arrow table with the release schema."""
    return rows_to_arrow(table, rows(table, records), metadata)


def rows_to_arrow(table: TableName, data: Sequence[Row], metadata: dict[str, str] | None = None) -> pa.Table:
    """Release rows as an Arrow table with the release schema."""
    import pyarrow as pa

    schema = arrow_schema(table, metadata)
    cols: list[tuple[Any, ...]] = list(zip(*data, strict=True)) if data else [()] * len(schema)
    arrays = [pa.array(list(values), type=f.type) for values, f in zip(cols, schema, strict=True)]
    return pa.Table.from_arrays(arrays, schema=schema)


def from_row(table: TableName, data: dict[str, Any]) -> Record:
    """A release row back to its validated model (derived columns dropped)."""
    fields = {c.name for c in columns(table) if c.model_field}
    clean = {k: v for k, v in data.items() if k in fields and v is not None}
    return MODELS[table].model_validate(clean)
