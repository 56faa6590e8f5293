"""Release rows in columns: what a worker hands back, and the Arrow tables the parent makes.

A worker turns a file's records into release rows and hands them back column by column:
per table, one list of values per column (`to_columns`). That compact, columnar form is
what crosses the process boundary and what the result cache keeps; it costs a few
microseconds per file, where an Arrow record batch per file cost 80 to 120 and a
header of about 2.5 KB (README, *How rows travel*). The parent gathers
the columns per table (`TableCollector`) and turns them into Arrow record batches every
`FOLD_ROWS` rows, so each row is held once, in Arrow buffers, and at most one fold's worth
as Python values; the release is sorted and written from those tables.

Columns read from the cache are checked (`columns_ok`) before they are used: an entry that
is sealed but holds values of the wrong kind is a miss, never a crash or a wrong release.

pyarrow is imported inside the functions, as in `rows`, so a worker never imports it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

from .rows import Row, arrow_schema, columns_to_arrow, parse_time
from .tables import TABLES, TableName, columns

if TYPE_CHECKING:  # pragma: no cover
    import pyarrow as pa

Columns = list[list[Any]]
"""One table's rows of one file: a list of values per column, in column order."""

FOLD_ROWS = 2000
"""Rows gathered per table before they are turned into one Arrow record batch."""
CHUNK_ROWS = 5000
"""Rows turned into Python values at a time when a table is written out as text."""
_INT64 = 1 << 63


def to_columns(data: Sequence[Row]) -> Columns:
    """Release rows (tuples in column order) as one list per column."""
    return [list(values) for values in zip(*data, strict=True)]


_PYTHON_TYPES: dict[str, frozenset[type]] = {
    "string": frozenset({str}),
    "integer": frozenset({int}),
    "number": frozenset({float, int}),
    "boolean": frozenset({bool}),
    "date": frozenset({dt.date}),
    "array": frozenset({list}),
}
"""Column type -> the exact Python types `row` gives its values."""


@cache
def _kinds(table: TableName) -> tuple[tuple[frozenset[type], str], ...]:
    """Per column of `table`: the Python types its values may have, and what else to check."""
    out = []
    for column in columns(table):
        allowed = set(_PYTHON_TYPES[column.type])
        if column.time_of_day:
            allowed = {str, dt.time}
        if not column.required or column.type == "array":
            allowed.add(type(None))
        extra = "time" if column.time_of_day else column.type if column.type in ("integer", "array") else ""
        out.append((frozenset(allowed), extra))
    return tuple(out)


def _extra_ok(extra: str, values: list[Any]) -> bool:
    if extra == "integer":
        numbers = [v for v in values if v is not None]
        return not numbers or (min(numbers) >= -_INT64 and max(numbers) < _INT64)
    if extra == "array":
        return all(type(item) is str for v in values if v is not None for item in v)
    try:
        [parse_time(v) for v in values]
    except ValueError:
        return False
    return True


def columns_ok(table: Any, cols: Any) -> bool:
    """Whether `cols` are rows of `table` as `to_columns` makes them: right count, lengths and kinds.

    Exact types (`type(v) is`, so no bool passes for an integer, no datetime for a date),
    nulls only where the column allows them, integers within int64, times that parse.
    """
    if table not in TABLES or not isinstance(cols, list):
        return False
    kinds = _kinds(table)
    if len(cols) != len(kinds) or not all(type(c) is list for c in cols) or len({len(c) for c in cols}) > 1:
        return False
    for (allowed, extra), values in zip(kinds, cols, strict=True):
        if not set(map(type, values)) <= allowed or (extra and not _extra_ok(extra, values)):
            return False
    return True


@cache
def _schema(table: TableName) -> pa.Schema:
    return arrow_schema(table)


class TableCollector:
    """The rows of one table, gathered from many files' columns, held as Arrow record batches."""

    def __init__(self, table: TableName):
        self.table = table
        self._pending: Columns = [[] for _ in columns(table)]
        self._batches: list[pa.RecordBatch] = []

    def add(self, cols: Columns) -> None:
        """One file's rows of this table (`to_columns`)."""
        for pending, values in zip(self._pending, cols, strict=True):
            pending.extend(values)
        if len(self._pending[0]) >= FOLD_ROWS:
            self._fold()

    def _fold(self) -> None:
        if not self._pending[0]:
            return
        folded = columns_to_arrow(self.table, self._pending)
        self._pending = [[] for _ in self._pending]  # the Python values go; the Arrow copy stays
        self._batches.extend(folded.to_batches())

    def finish(self) -> pa.Table:
        """Every row gathered, as one Arrow table with the release schema, in arrival order."""
        import pyarrow as pa

        self._fold()
        out = pa.Table.from_batches(self._batches, schema=_schema(self.table))
        self._batches = []
        return out


def empty_table(table: TableName) -> pa.Table:
    """A table with the release schema and no rows."""
    return _schema(table).empty_table()


def sorted_by_id(data: pa.Table) -> pa.Table:
    """The table ordered by its first column (the id), in one contiguous chunk per column.

    Arrow orders strings by their UTF-8 bytes, which is code point order: the order
    Python's `sorted` gives the same ids.
    """
    import pyarrow.compute as pc

    if data.num_rows == 0:
        return data.combine_chunks()
    order = pc.sort_indices(data, sort_keys=[(data.schema.names[0], "ascending")])
    return data.take(order).combine_chunks()


def column_chunks(data: pa.Table, size: int = CHUNK_ROWS) -> Iterator[list[list[Any]]]:
    """The table `size` rows at a time, each chunk as a list of columns of Python values."""
    for start in range(0, data.num_rows, size):
        part = data.slice(start, size)
        yield [column.to_pylist() for column in part.columns]
