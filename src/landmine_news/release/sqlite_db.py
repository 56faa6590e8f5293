"""The release as one SQLite file: every table, keys, indexes and views.

Fixed page size, no WAL, rows in release order, indexes last: two builds give the same bytes
with the same SQLite library. List columns are JSON text and dates ISO 8601 text, as in CSV.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from ..digests import file_digest
from ..models.columnar import column_chunks
from ..models.tables import Column
from .csv_cells import csv_cell
from .derived_tables import ReleaseTable, release_tables

SQLITE_FILE = "landmine-news.sqlite"
PAGE_SIZE = 4096
_SQL_TYPES = {"integer": "INTEGER", "number": "REAL", "boolean": "INTEGER"}  # the other types are TEXT

VIEWS = {
    "quotes_named": """
SELECT q.id AS quote_id, q.text AS quote_text, q.kind AS quote_kind, q.verb AS quote_verb,
       q.stance AS quote_stance, q.part_of AS quote_part_of, q.speaker AS speaker_id, s.name AS speaker_name,
       s.kind AS speaker_kind, q.via AS via_id, v.name AS via_name,
       q.article AS article_id, a.title AS article_title, a.published_date AS article_published_date,
       q.start AS quote_start, q."end" AS quote_end,
       a.publisher AS outlet_id, o.name AS outlet_name, q.statement AS statement_id, q.relays AS quote_relays,
       q.fidelity AS quote_fidelity, q.edit_ratio AS quote_edit_ratio,
       st.first_publisher AS statement_first_publisher, st.first_date AS statement_first_date
FROM quotes AS q JOIN actors AS s ON s.id = q.speaker JOIN articles AS a ON a.id = q.article
LEFT JOIN actors AS v ON v.id = q.via LEFT JOIN actors AS o ON o.id = a.publisher
LEFT JOIN statements AS st ON st.id = q.statement""",
    "figures_named": """
SELECT f.id AS figure_id, f.mention AS figure_mention, f.measures AS figure_measures, f.value AS figure_value,
       f.low AS figure_low, f.low_inclusive AS figure_low_inclusive, f.high AS figure_high,
       f.high_inclusive AS figure_high_inclusive, f.point AS figure_point, f.unit AS figure_unit,
       f.base AS figure_base, f.qualifier AS figure_qualifier, f.value_si AS figure_value_si, f.unit_si AS figure_unit_si,
       f.article AS article_id, a.title AS article_title, a.published_date AS article_published_date,
       f.reported_by AS reporter_id, r.name AS reporter_name, r.kind AS reporter_kind
FROM figures AS f JOIN articles AS a ON a.id = f.article LEFT JOIN actors AS r ON r.id = f.reported_by""",
    "speakers_ranked": """
SELECT s.id AS speaker_id, s.name AS speaker_name, s.kind AS speaker_kind,
       sum(q.part_of IS NULL) AS utterance_count, count(*) AS record_count
FROM quotes AS q JOIN actors AS s ON s.id = q.speaker
GROUP BY s.id, s.name, s.kind ORDER BY utterance_count DESC, record_count DESC, speaker_id""",
}
"""View name -> query; each view column is prefixed by what it describes (`speaker_name`).

`figures_named` carries the bounds' inclusivity ("over 50,000" is not an inclusive 50,000);
`speakers_ranked` counts utterances (`part_of` null) and records. A computed column has no
declared type, so DuckDB's `sqlite_scan` reads it as bytes: the README uses `ATTACH`."""


def sql_name(name: str) -> str:
    """`name` as an SQL identifier, quoted."""
    return '"' + name.replace('"', '""') + '"'


def _create(table: ReleaseTable) -> str:
    target = dict(table.foreign_keys)
    lines = []
    for c in table.columns:
        line = f"{sql_name(c.name)} {_SQL_TYPES.get(c.type, 'TEXT')}" + (" NOT NULL" if c.required else "")
        if c.name in target:
            line += f" REFERENCES {sql_name(target[c.name])}(id)"
        lines.append(line)
    lines.append(f"PRIMARY KEY ({', '.join(map(sql_name, table.primary_key))})")
    return f"CREATE TABLE {sql_name(table.name)} (\n  " + ",\n  ".join(lines) + "\n)"


def _indexes(table: ReleaseTable) -> list[str]:
    name = sql_name(table.name)
    return [f"CREATE INDEX {sql_name(f'{table.name}_{field}')} ON {name}({sql_name(field)})" for field, _ in table.foreign_keys]


def _view(name: str, query: str) -> str:
    return f"CREATE VIEW {sql_name(name)} AS {query.strip()}"


def schema_sql() -> list[str]:
    """Every statement that makes the file's tables, indexes and views, as `SqliteWriter` runs
    them: what `sqlite_check` compares a release's `sqlite_master` with."""
    tables = release_tables()
    indexes = [sql for t in tables for sql in _indexes(t)]
    return [_create(t) for t in tables] + indexes + [_view(name, query) for name, query in VIEWS.items()]


def empty_copy() -> sqlite3.Connection:
    """An in-memory database with the file's schema and no rows."""
    db = sqlite3.connect(":memory:")
    for sql in schema_sql():
        db.execute(sql)
    return db


def _as_is(column: Column) -> bool:
    """Whether the column's Python values are already what SQLite stores."""
    return column.type in ("string", "integer", "number") and not column.time_of_day


def _cell(column: Column, value: Any) -> Any:
    if value is None:
        return value
    if column.type == "boolean":
        return int(value)  # SQLite has no boolean: 0 and 1, as its own comparisons give
    return csv_cell(column, value)


def sqlite_chunks(cols: Sequence[Column], data: Any) -> Iterator[Iterator[tuple[Any, ...]]]:
    """The rows of one Arrow table as the SQLite file stores them, a chunk at a time."""
    for chunk in column_chunks(data):
        # Column by column, as for CSV: most columns go in as they are, only the rest is converted.
        converted = [values if _as_is(c) else [_cell(c, v) for v in values] for c, values in zip(cols, chunk, strict=True)]
        yield zip(*converted, strict=True)


class SqliteTable:
    """One table being filled, a part (an Arrow table) at a time, in one transaction."""

    def __init__(self, db: sqlite3.Connection, name: str, cols: tuple[Column, ...]):
        self._db, self.cols = db, cols
        self._insert = f"INSERT INTO {sql_name(name)} VALUES ({', '.join('?' * len(cols))})"
        db.execute("BEGIN")

    def write(self, data: Any) -> None:
        """Insert the rows of one Arrow table."""
        for rows in sqlite_chunks(self.cols, data):
            self._db.executemany(self._insert, rows)

    def close(self) -> None:
        """Commit the table's rows."""
        self._db.execute("COMMIT")


class SqliteWriter:
    """Fills the tables in release order, then adds indexes and views; the file keeps a partial
    name in the release's folder until it is finished."""

    def __init__(self, folder: Path) -> None:
        self._path = folder / f".{SQLITE_FILE}.part"
        # One thread at a time uses it, but not always the one that opened it (`writer._stream`).
        self._db = sqlite3.connect(self._path, isolation_level=None, check_same_thread=False)
        self._db.execute(f"PRAGMA page_size = {PAGE_SIZE}")
        self._db.execute("PRAGMA journal_mode = DELETE")
        self._indexes: list[str] = []

    def table(self, table: ReleaseTable) -> SqliteTable:
        """Start one table: its primary key, single-valued references as foreign keys."""
        self._db.execute(_create(table))
        self._indexes += _indexes(table)
        return SqliteTable(self._db, table.name, table.columns)

    def finish(self, out: Path) -> tuple[int, str]:
        """Indexes and views; the file moved to `out` (in the same folder); returns its (size, SHA-256).
        No VACUUM: the bytes are stable without it, and it cost 0.7 s a 1x build to save 1%."""
        for sql in self._indexes:
            self._db.execute(sql)
        for name, query in VIEWS.items():
            self._db.execute(_view(name, query))
        self._db.close()
        os.replace(self._path, out)
        return file_digest(out, sync=True)

    def discard(self) -> None:
        """Close and remove the partial file (after a failed build)."""
        self._db.close()
        for leftover in (self._path, self._path.with_name(self._path.name + "-journal")):
            leftover.unlink(missing_ok=True)
