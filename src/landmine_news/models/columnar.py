"""Release rows in columns: a worker hands back a file's rows as lists of values per column
(`to_columns`, cheaper to send than Arrow); the parent spills them per table to a temporary
Arrow IPC file (`TableCollector`), read back a column at a time (`CollectedTable`), so a build
holds one table at a time. pyarrow is imported inside the functions: a worker never imports it.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from .rows import Row, arrow_schema, columns_to_arrow
from .tables import TableName, columns

if TYPE_CHECKING:  # pragma: no cover
    import pyarrow as pa

Columns = list[list[Any]]
"""One table's rows of one file: a list of values per column, in column order."""

FOLD_ROWS = 2000
"""Rows gathered per table before they are turned into one Arrow record batch."""
CHUNK_ROWS = 5000
"""Rows turned into Python values at a time when a table is written out as text, at most..."""
CHUNK_BYTES = 2 << 20
"""...and about this much Arrow data at most: rows of long texts and lists (an article's review
entries) come fewer at a time, since as Python values they take three to four times the room."""
ROW_GROUP_ROWS = 65_536
"""Rows per part when a table is written: one Parquet row group each, whatever the folds were."""


def to_columns(data: Sequence[Row]) -> Columns:
    """Release rows (tuples in column order) as one list per column."""
    return [list(values) for values in zip(*data, strict=True)]


class TableCollector:
    """The rows of one table, gathered from many files' columns: every `FOLD_ROWS` rows become
    one Arrow record batch in a temporary file."""

    def __init__(self, table: TableName):
        self.table = table
        self._pending: Columns = [[] for _ in columns(table)]
        self._rows = 0
        self._spill: _Spill | None = None

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
        self._pending = [[] for _ in self._pending]  # the Python values go; the file holds the rows
        if self._spill is None:
            self._spill = _Spill(arrow_schema(self.table))
        self._spill.writer.write_table(folded)
        self._rows += folded.num_rows

    def finish(self) -> CollectedTable:
        """Every row gathered, in arrival order; nothing more can be added."""
        self._fold()
        spill, self._spill = self._spill, None
        if spill is not None:
            spill.writer.close()
        return CollectedTable(self.table, self._rows, spill)


class _Spill:
    """An unnamed temporary file (gone when closed, or when the process dies) and its Arrow IPC writer."""

    def __init__(self, schema: pa.Schema):
        import tempfile

        import pyarrow as pa

        self.file = tempfile.TemporaryFile(prefix="landmine-news-rows-")  # noqa: SIM115 - closed by the finalizer
        weakref.finalize(self, self.file.close)
        self.writer = pa.ipc.new_file(self.file, schema)


class CollectedTable:
    """One release table as `TableCollector` gathered it, read back a column at a time."""

    def __init__(self, table: TableName, num_rows: int, spill: _Spill | None = None):
        self.table = table
        self.num_rows = num_rows
        self.schema = arrow_schema(table)
        self._spill = spill

    def column(self, name: str | int) -> pa.Array:
        """One column, in arrival order, as one array (only that column's buffers are read)."""
        import pyarrow as pa

        index = name if isinstance(name, int) else self.schema.get_field_index(name)
        field = self.schema.field(index)
        if self._spill is None:
            return pa.array([], type=field.type)
        options = pa.ipc.IpcReadOptions(included_fields=[index], use_threads=False)
        reader = pa.ipc.open_file(self._spill.file, options=options)
        chunks = [reader.get_batch(k).column(0) for k in range(reader.num_record_batches)]
        return pa.concat_arrays(chunks) if chunks else pa.array([], type=field.type)

    def read(self) -> pa.Table:
        """Every row, in arrival order, one chunk per column."""
        import pyarrow as pa

        return pa.Table.from_arrays([self.column(i) for i in range(len(self.schema))], schema=self.schema)

    def parts(self, size: int | None = None) -> Iterator[pa.Table]:
        """The rows in id order, as `table_parts` cuts them: streamed from the file when they arrived
        in id order (files named after their ids, as curation asks), else reordered whole."""
        import pyarrow as pa
        import pyarrow.compute as pc

        size = size or ROW_GROUP_ROWS  # read when called, so a test may make the parts small
        ids = self.column(0)
        if len(ids) > 1 and not pc.all(pc.less_equal(ids[:-1], ids[1:])).as_py():
            order = pc.sort_indices(ids)  # stable, as Table.take after sort_indices was
            # Reordered a column at a time: the table is held once, plus one column.
            arrays = [ids.take(order), *(self.column(i).take(order) for i in range(1, len(self.schema)))]
            del ids
            yield from table_parts(pa.Table.from_arrays(arrays, schema=self.schema), size)
            return
        del ids
        if self._spill is None:
            yield self.schema.empty_table()
            return
        reader = pa.ipc.open_file(self._spill.file)
        held: list[pa.RecordBatch] = []
        rows = 0
        for k in range(reader.num_record_batches):
            batch = reader.get_batch(k)
            held.append(batch)
            rows += batch.num_rows
            while rows >= size:
                joined = pa.Table.from_batches(held, schema=self.schema)
                yield joined.slice(0, size).combine_chunks()
                rest = joined.slice(size)
                held, rows = rest.to_batches(), rest.num_rows
        if rows or self.num_rows == 0:
            yield pa.Table.from_batches(held, schema=self.schema).combine_chunks()


def empty_table(table: TableName) -> CollectedTable:
    """A table with the release schema and no rows."""
    return CollectedTable(table, 0)


def sorted_by_id(data: pa.Table | CollectedTable) -> pa.Table:
    """The table ordered by its first column (the id), one chunk per column. Arrow orders strings
    by their UTF-8 bytes, which is code point order, as Python's `sorted`."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if isinstance(data, CollectedTable):
        return pa.concat_tables(data.parts(max(data.num_rows, 1))).combine_chunks()
    if data.num_rows == 0:
        return data.combine_chunks()
    order = pc.sort_indices(data, sort_keys=[(data.schema.names[0], "ascending")])
    return data.take(order).combine_chunks()


def sorted_parts(data: pa.Table | CollectedTable, size: int | None = None) -> Iterator[pa.Table]:
    """The table ordered by id, `size` rows at a time, each part one chunk per column."""
    if isinstance(data, CollectedTable):
        return data.parts(size)
    return table_parts(sorted_by_id(data), size)


def table_parts(data: pa.Table, size: int | None = None) -> Iterator[pa.Table]:
    """The table as it is ordered, `size` (default `ROW_GROUP_ROWS`) rows at a time, each part
    one chunk per column; an empty table is one empty part."""
    size = size or ROW_GROUP_ROWS
    if data.num_rows == 0:
        yield data.combine_chunks()
    for start in range(0, data.num_rows, size):
        yield data.slice(start, size).combine_chunks()


def chunk_rows(data: pa.Table) -> int:
    """Rows to turn into Python values at a time: `CHUNK_ROWS`, fewer for wide rows (`CHUNK_BYTES`)."""
    per_row = data.nbytes // data.num_rows if data.num_rows else 1
    return max(1, min(CHUNK_ROWS, CHUNK_BYTES // max(1, per_row)))


def column_chunks(data: pa.Table, size: int | None = None) -> Iterator[list[list[Any]]]:
    """The table `size` (default `chunk_rows`) rows at a time, each chunk as a list of columns of Python values."""
    size = size or chunk_rows(data)
    for start in range(0, data.num_rows, size):
        part = data.slice(start, size)
        yield [column.to_pylist() for column in part.columns]
