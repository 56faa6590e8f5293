"""Whether a release's SQLite file holds exactly the rows of its Parquet files.

`verify` compares the CSV files with the Parquet files through the models; the SQLite
file is a third copy of the same rows, so it is compared with the Parquet files as the
build wrote it (`sqlite_db.sqlite_chunks`): every table and link table, its columns in
order, and its rows as a multiset (SQL promises no row order). The file is untrusted: it
is opened read-only, with `trusted_schema` off, and only objects that are tables are read,
so a view or trigger a forger put in cannot run a query of its choosing.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Sequence
from contextlib import closing
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from ..models.tables import TABLES, Column, columns
from .descriptor import safe_member
from .link_tables import link_tables
from .sqlite_db import SQLITE_FILE, sql_name, sqlite_chunks


def _expected() -> dict[str, tuple[Column, ...]]:
    """Every table the file must hold, with its columns in order."""
    tables = {table: tuple(columns(table)) for table in TABLES}
    return tables | {link.name: link.columns for link in link_tables()}


def _table_problems(db: sqlite3.Connection, folder: Path, path: Path, name: str, cols: Sequence[Column]) -> list[str]:
    names = [row[1] for row in db.execute(f"PRAGMA table_info({sql_name(name)})")]
    if names != [c.name for c in cols]:
        return [f"{path}: table {name} has the columns {names}, not those of {name}.parquet"]
    parquet_path = safe_member(folder, f"{name}.parquet")
    if parquet_path is None or not parquet_path.is_file():
        return [f"{folder / name}.parquet: missing; the SQLite table {name} cannot be compared"]
    try:
        data = pq.read_table(parquet_path, columns=[c.name for c in cols])
    except (OSError, pa.ArrowException) as exc:
        return [f"{parquet_path}: unreadable ({exc}); the SQLite table {name} cannot be compared"]
    want = Counter(row for rows in sqlite_chunks(cols, data) for row in rows)
    got = Counter(db.execute(f"SELECT * FROM {sql_name(name)}"))
    if got == want:
        return []
    only_sqlite, only_parquet = sum((got - want).values()), sum((want - got).values())
    return [
        f"{path}: table {name} differs from {name}.parquet "
        f"({only_sqlite} row(s) only in the SQLite file, {only_parquet} only in the Parquet file)"
    ]


def sqlite_problems(folder: Path) -> list[str]:
    """Problems of the release's SQLite file against its Parquet files; empty when they agree."""
    path = safe_member(folder, SQLITE_FILE)
    if path is None or not path.is_file():
        return [f"{folder / SQLITE_FILE}: missing or not a regular file"]
    try:
        with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as db:
            db.execute("PRAGMA trusted_schema = OFF")
            kinds = dict(db.execute("SELECT name, type FROM sqlite_master"))
            problems = []
            for name, cols in _expected().items():
                if kinds.get(name) != "table":
                    problems.append(f"{path}: no table {name}")
                else:
                    problems += _table_problems(db, folder, path, name, cols)
            return problems
    except sqlite3.Error as exc:
        return [f"{path}: not a readable SQLite database ({exc})"]
