"""Where cache entries live: one SQLite file, so a run writes thousands of entries in one transaction.

One file per entry cost a file creation and a rename each (measured: 0.3 to 1.3 ms on
this project's machine, more than checking the file again); SQLite writes a run's entries
in one transaction, atomically, and serialises concurrent runs with its own locking (WAL
journal, a 30 s busy timeout). The sealed part of an entry and its release rows are two
columns, so a validation reads no rows. Any SQLite error, a damaged database included,
makes the store read nothing and write nothing: the cache is an optimisation only.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterable
from pathlib import Path

DB = "entries.sqlite3"
# A rowid table: an entry is kilobytes, and SQLite keeps WITHOUT ROWID rows in the key's
# B-tree, where random keys scattered those kilobytes over the file. With rowids they are
# appended and only the key index takes random inserts: writing 15,000 entries took half the
# time (0.64 s, was 1.33) and reading their rows back a third (0.11 s, was 0.31).
_SCHEMA = "CREATE TABLE IF NOT EXISTS entries (key BLOB PRIMARY KEY, sealed BLOB NOT NULL, rows BLOB NOT NULL)"
# Which generation (package version and code, `cache.generation`) wrote each entry: a
# separate table, so a store written before it existed opens unchanged.
_GENERATIONS = "CREATE TABLE IF NOT EXISTS generations (key BLOB PRIMARY KEY, generation TEXT NOT NULL) WITHOUT ROWID"
# The last run's snapshot of each dataset (`run_snapshot`), keyed on the dataset and generation.
_RUNS = (
    "CREATE TABLE IF NOT EXISTS runs (dataset BLOB PRIMARY KEY, generation TEXT NOT NULL, snapshot BLOB NOT NULL) WITHOUT ROWID"
)


def _drop_old_layout(con: sqlite3.Connection) -> None:
    """Drop a store of the WITHOUT ROWID layout (before 0.2.0): its entries were written by
    other code, so they are of another generation and no run of this one could hit them."""

    def old() -> bool:
        found = con.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'entries'").fetchone()
        return found is not None and "WITHOUT ROWID" in str(found[0]).upper()

    if not old():  # the common case, answered without taking the write lock
        return
    con.execute("BEGIN IMMEDIATE")
    try:
        if old():  # still: another run may have dropped it meanwhile
            for table in ("entries", "generations", "runs"):
                con.execute(f"DROP TABLE IF EXISTS {table}")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


class EntryStore:
    """The entries table of one cache folder, opened on first use."""

    def __init__(self, folder: Path):
        self.file = folder / DB
        self._con: sqlite3.Connection | None = None
        self.broken = False

    def _connect(self, create: bool) -> sqlite3.Connection | None:
        if self._con is not None or self.broken:
            return self._con
        if not create and not self.file.exists():
            return None
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            con = sqlite3.connect(self.file, timeout=30, isolation_level=None)
            mode = con.execute("PRAGMA journal_mode=WAL").fetchone()
            if mode is not None and str(mode[0]).lower() == "wal":
                # A cache needs consistency, not durability: in WAL mode NORMAL never corrupts
                # the file, and a power cut loses at most the last transactions (misses, not
                # errors). FULL synced the log on every commit. Without WAL (a file system
                # that cannot share memory), FULL stays.
                con.execute("PRAGMA synchronous=NORMAL")
            _drop_old_layout(con)
            con.execute(_SCHEMA)
            con.execute(_GENERATIONS)
            con.execute(_RUNS)
        except (sqlite3.Error, OSError):
            self.broken = True
            return None
        self._con = con
        return con

    def get(self, key: bytes, rows: bool) -> tuple[bytes, bytes | None] | None:
        """(sealed part, rows or None) of the entry of `key`, or None."""
        con = self._connect(create=False)
        if con is None:
            return None
        try:
            if rows:
                found = con.execute("SELECT sealed, rows FROM entries WHERE key = ?", (key,)).fetchone()
                return (bytes(found[0]), bytes(found[1])) if found else None
            found = con.execute("SELECT sealed FROM entries WHERE key = ?", (key,)).fetchone()
            return (bytes(found[0]), None) if found else None
        except sqlite3.Error:
            self.broken = True
            return None

    def rows_of(self, keys: list[bytes]) -> dict[bytes, bytes]:
        """key -> rows of those of `keys` that have an entry (one query per 500 keys)."""
        con = self._connect(create=False)
        found: dict[bytes, bytes] = {}
        if con is None:
            return found
        try:
            for at in range(0, len(keys), 500):
                chunk = keys[at : at + 500]
                query = f"SELECT key, rows FROM entries WHERE key IN ({', '.join('?' * len(chunk))})"
                found.update((bytes(k), bytes(r)) for k, r in con.execute(query, chunk))
        except sqlite3.Error:
            self.broken = True
        return found

    def put(self, items: Iterable[tuple[bytes, bytes, bytes]], generation: str = "") -> None:
        """Write (key, sealed part, rows) entries of `generation` in one transaction; errors are ignored."""
        items = list(items)
        con = self._connect(create=True) if items else None
        if con is None:
            return
        try:
            con.execute("BEGIN IMMEDIATE")
            con.executemany("INSERT OR REPLACE INTO entries (key, sealed, rows) VALUES (?, ?, ?)", items)
            con.executemany("INSERT OR REPLACE INTO generations VALUES (?, ?)", ((key, generation) for key, _, _ in items))
            con.execute("COMMIT")
        except sqlite3.Error:
            if con.in_transaction:
                con.execute("ROLLBACK")

    def get_run(self, dataset: bytes) -> bytes | None:
        """The stored snapshot of `dataset` (a key that holds the generation), or None."""
        con = self._connect(create=False)
        if con is None:
            return None
        try:
            found = con.execute("SELECT snapshot FROM runs WHERE dataset = ?", (dataset,)).fetchone()
        except sqlite3.Error:
            self.broken = True
            return None
        return bytes(found[0]) if found else None

    def put_run(self, dataset: bytes, generation: str, snapshot: bytes) -> None:
        """Replace the snapshot of `dataset`; errors are ignored."""
        con = self._connect(create=True)
        if con is None:
            return
        with contextlib.suppress(sqlite3.Error):
            con.execute("INSERT OR REPLACE INTO runs VALUES (?, ?, ?)", (dataset, generation, snapshot))

    def prune(self, generation: str) -> int:
        """Delete the entries no run of `generation` wrote (older versions or code); returns how many.

        Their keys hold another version or code fingerprint, so no run of this one can ever
        hit them: kept, they would only make the file grow with every upgrade or edit.
        """
        con = self._connect(create=False)
        if con is None:
            return 0
        try:
            # The common case, nothing of another generation, is found without deleting anything.
            other = con.execute("SELECT EXISTS (SELECT 1 FROM generations WHERE generation != ?)", (generation,)).fetchone()[0]
            counts = con.execute("SELECT (SELECT count(*) FROM entries), (SELECT count(*) FROM generations)").fetchone()
            if not other and counts[0] == counts[1]:
                return 0
            con.execute("BEGIN IMMEDIATE")
            con.execute("DELETE FROM runs WHERE generation != ?", (generation,))
            gone = con.execute(
                "DELETE FROM entries WHERE key NOT IN (SELECT key FROM generations WHERE generation = ?)", (generation,)
            ).rowcount
            con.execute("DELETE FROM generations WHERE generation != ? OR key NOT IN (SELECT key FROM entries)", (generation,))
            con.execute("COMMIT")
        except sqlite3.Error:
            if con.in_transaction:
                con.execute("ROLLBACK")
            return 0
        return int(gone)

    def count(self) -> int:
        con = self._connect(create=False)
        try:
            return int(con.execute("SELECT count(*) FROM entries").fetchone()[0]) if con else 0
        except sqlite3.Error:
            return 0

    def close(self) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None


def remove(folder: Path) -> int:
    """Delete the store of `folder`; returns how many entries it held (0 if unreadable)."""
    store = EntryStore(folder)
    count = store.count()
    store.close()
    for name in (DB, f"{DB}-wal", f"{DB}-shm"):
        (folder / name).unlink(missing_ok=True)
    return count
