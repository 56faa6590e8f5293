"""Whether a release's SQLite file is the one a build writes: its schema, and the rows of
its Parquet files.

Its `sqlite_master` must be exactly what `sqlite_db.schema_sql` makes (so a forged view,
trigger or column is a problem), and each table must hold its Parquet file's rows as a
build writes them, as a multiset. The untrusted file must be in rollback-journal mode, and
is opened read-only and immutable with `trusted_schema` off, so reading it writes nothing.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Sequence
from contextlib import closing
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from ..checks.report.problems import Problem
from ..models.tables import Column
from .derived_tables import release_tables
from .descriptor import safe_member
from .sqlite_db import SQLITE_FILE, empty_copy, sql_name, sqlite_chunks

_HEADER = b"SQLite format 3\x00"
_MASTER = "SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_master"


def _mismatch(message: str) -> Problem:
    return Problem("release-sqlite-mismatch", message, file=SQLITE_FILE)


def _unreadable(message: str) -> Problem:
    return Problem("release-sqlite-unreadable", message, file=SQLITE_FILE)


def _table_problems(db: sqlite3.Connection, folder: Path, name: str, cols: Sequence[Column]) -> list[Problem]:
    names = [row[1] for row in db.execute(f"PRAGMA table_info({sql_name(name)})")]
    if names != [c.name for c in cols]:
        return [_mismatch(f"table {name} has the columns {names}, not those of {name}.parquet")]
    parquet = f"{name}.parquet"
    parquet_path = safe_member(folder, parquet)
    if parquet_path is None or not parquet_path.is_file():
        return [Problem("release-file-missing", f"missing; the SQLite table {name} cannot be compared", file=parquet)]
    try:
        data = pq.ParquetFile(parquet_path).read(columns=[c.name for c in cols])
    except (OSError, pa.ArrowException) as exc:
        message = f"unreadable ({exc}); the SQLite table {name} cannot be compared"
        return [Problem("release-table-unreadable", message, file=parquet)]
    want = Counter(row for rows in sqlite_chunks(cols, data) for row in rows)
    got = Counter(db.execute(f"SELECT * FROM {sql_name(name)}"))
    if got == want:
        return []
    only_sqlite, only_parquet = sum((got - want).values()), sum((want - got).values())
    return [
        _mismatch(
            f"table {name} differs from {name}.parquet "
            f"({only_sqlite} row(s) only in the SQLite file, {only_parquet} only in the Parquet file)"
        )
    ]


def _schema_problems(db: sqlite3.Connection) -> list[Problem]:
    with closing(empty_copy()) as empty:
        got, want = Counter(db.execute(_MASTER)), Counter(empty.execute(_MASTER))
    extra = sorted(f"{kind} {name}" for kind, name, _, _ in got - want)
    missing = sorted(f"{kind} {name}" for kind, name, _, _ in want - got)
    if not extra and not missing:
        return []
    said = [f"not as a build writes it: {', '.join(extra)}" if extra else "", f"missing: {', '.join(missing)}" if missing else ""]
    return [_mismatch(f"its schema differs from a release's ({'; '.join(s for s in said if s)})")]


def _header_problem(path: Path) -> Problem | None:
    with path.open("rb") as fh:
        header = fh.read(100)
    if len(header) < 100 or not header.startswith(_HEADER):
        return _unreadable("not a readable SQLite database (no SQLite header)")
    if header[18] == 2 or header[19] == 2:
        return _unreadable("in WAL mode, which a release's SQLite file never is (opening it would write beside it)")
    if header[18] != 1 or header[19] != 1:  # a build writes a rollback-journal file: 1 and 1
        return _unreadable(f"file format version {header[18]}/{header[19]}, not the rollback-journal format a build writes")
    return None


def sqlite_problems(folder: Path) -> list[Problem]:
    """Problems of the release's SQLite file against its Parquet files; empty when they agree."""
    path = safe_member(folder, SQLITE_FILE)
    if path is None or not path.is_file():
        return [Problem("release-file-missing", "missing or not a regular file", file=SQLITE_FILE)]
    try:
        refused = _header_problem(path)
        if refused is not None:
            return [refused]
        with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)) as db:
            db.execute("PRAGMA trusted_schema = OFF")
            problems = _schema_problems(db)
            kinds = dict(db.execute("SELECT name, type FROM sqlite_master"))
            for table in release_tables():
                if kinds.get(table.name) != "table":
                    problems.append(_mismatch(f"no table {table.name}"))
                else:
                    problems += _table_problems(db, folder, table.name, table.columns)
            return problems
    except (sqlite3.Error, OSError) as exc:
        return [_unreadable(f"not a readable SQLite database ({exc})")]
