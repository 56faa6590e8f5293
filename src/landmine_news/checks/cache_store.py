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
from functools import cache
from pathlib import Path

DB = "entries.sqlite3"
LAYOUT = 3
"""The store's layout, kept in `PRAGMA user_version`: a store of any other (0 before it was
recorded: the WITHOUT ROWID layout and the one with a generation row per entry) is
dropped on first use. Its entries were written by other code, so no run of this one
could hit them anyway."""
PAGE_SIZE = 16384
"""Pages of a new store. An article's entry (~13 KB) fits in one, where 4 KB pages chained
it over four overflow pages: writing the 60,000 entries of the 4x benchmark set took
about half the CPU (0.34 s against 0.62 for 15,000 entries), reading them the same."""
# A rowid table: an entry is kilobytes, and SQLite keeps WITHOUT ROWID rows in the key's
# B-tree, where random keys scattered those kilobytes over the file. With rowids they are
# appended and only the key index takes random inserts. `gen` says which generation
# (package version and code, `cache.generation`) wrote the entry; its index takes appends
# only (a run writes one generation, in rowid order), and finds other generations'
# entries for `prune` without reading the table. A generation row per entry, keyed on the
# entry's random key, was a second B-tree of random inserts: a quarter of the writing.
_TABLES = (
    "CREATE TABLE IF NOT EXISTS entries (key BLOB PRIMARY KEY, gen INTEGER NOT NULL, sealed BLOB NOT NULL, rows BLOB NOT NULL)",
    "CREATE INDEX IF NOT EXISTS entries_gen ON entries (gen)",
    "CREATE TABLE IF NOT EXISTS generations (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)",
    # The last run's snapshot of each dataset (`run_snapshot`), keyed on the dataset and generation.
    "CREATE TABLE IF NOT EXISTS runs (dataset BLOB PRIMARY KEY, generation TEXT NOT NULL, snapshot BLOB NOT NULL) WITHOUT ROWID",
)


_OBJECTS = "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite^_%' ESCAPE '^'"
"""Every table, index, view and trigger of a store but SQLite's own (its automatic indexes among them)."""


@cache
def _expected() -> frozenset[tuple[str, str, str]]:
    """The objects of a store of this layout, as SQLite records them (made once, in memory)."""
    con = sqlite3.connect(":memory:")
    try:
        for statement in _TABLES:
            con.execute(statement)
        return frozenset(con.execute(_OBJECTS).fetchall())
    finally:
        con.close()


def _layout(con: sqlite3.Connection) -> None:
    """Make the store this layout (`LAYOUT`), dropping every object of any other.

    Current means the recorded version and exactly this layout's tables and indexes: a file
    that claims the version with other tables, an extra column or a trigger (damaged, or
    written by something else) is emptied and made anew, not used as it is.
    """

    def current() -> bool:
        version = con.execute("PRAGMA user_version").fetchone()[0]
        return version == LAYOUT and frozenset(con.execute(_OBJECTS).fetchall()) == _expected()

    if current():  # the common case, answered without taking the write lock
        return
    con.execute("BEGIN IMMEDIATE")
    try:
        if not current():  # still: another run may have replaced it meanwhile
            # Triggers, views and tables first; an index left without its table went with it,
            # and IF EXISTS passes over it. Kinds SQLite cannot drop stay (see below).
            order = ("trigger", "view", "table", "index")
            found = [(kind, name) for kind, name, _ in con.execute(_OBJECTS).fetchall() if kind in order]
            for kind, name in sorted(found, key=lambda o: order.index(o[0])):
                quoted = '"' + str(name).replace('"', '""') + '"'
                con.execute(f"DROP {kind.upper()} IF EXISTS {quoted}")
            for statement in _TABLES:
                con.execute(statement)
            con.execute(f"PRAGMA user_version = {LAYOUT}")
            if not current():  # an object it cannot drop (a hand-edited schema): use no cache, rather than rebuild every run
                raise sqlite3.DatabaseError("the store cannot be made this layout")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def _generation_id(con: sqlite3.Connection, generation: str) -> int:
    """The id of `generation`, added if new; call inside a write transaction."""
    con.execute("INSERT OR IGNORE INTO generations (name) VALUES (?)", (generation,))
    found = con.execute("SELECT id FROM generations WHERE name = ?", (generation,)).fetchone()
    if found is None or type(found[0]) is not int:  # only a store this code did not write can say otherwise
        raise sqlite3.DatabaseError("the generations table does not hold this generation")
    return int(found[0])


def _blobs(*values: object) -> bool:
    """Whether every value read is a BLOB: a column of a store written by something else may hold any type."""
    return all(type(v) is bytes for v in values)


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
            con.execute(f"PRAGMA page_size = {PAGE_SIZE}")  # only a new, empty file takes it; before WAL, which fixes it
            mode = con.execute("PRAGMA journal_mode=WAL").fetchone()
            if mode is not None and str(mode[0]).lower() == "wal":
                # A cache needs consistency, not durability: in WAL mode NORMAL never corrupts
                # the file, and a power cut loses at most the last transactions (misses, not
                # errors). FULL synced the log on every commit. Without WAL (a file system
                # that cannot share memory), FULL stays.
                con.execute("PRAGMA synchronous=NORMAL")
            _layout(con)
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
                return (found[0], found[1]) if found and _blobs(*found) else None
            found = con.execute("SELECT sealed FROM entries WHERE key = ?", (key,)).fetchone()
            return (found[0], None) if found and _blobs(found[0]) else None
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
                found.update((k, r) for k, r in con.execute(query, chunk) if _blobs(k, r))
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
            gen = _generation_id(con, generation)
            con.executemany(
                "INSERT OR REPLACE INTO entries (key, gen, sealed, rows) VALUES (?, ?, ?, ?)",
                ((key, gen, sealed, rows) for key, sealed, rows in items),
            )
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
        return found[0] if found and _blobs(found[0]) else None

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
            # The common case, nothing of another generation, is found in the indexes without deleting anything.
            found = con.execute("SELECT id FROM generations WHERE name = ?", (generation,)).fetchone()
            if found is not None and not _others(con, int(found[0]), generation):
                return 0
            con.execute("BEGIN IMMEDIATE")
            gen = _generation_id(con, generation)
            con.execute("DELETE FROM runs WHERE generation != ?", (generation,))
            gone = con.execute("DELETE FROM entries WHERE gen != ?", (gen,)).rowcount
            con.execute("DELETE FROM generations WHERE id != ?", (gen,))
            con.execute("COMMIT")
        except sqlite3.Error:
            if con.in_transaction:
                con.execute("ROLLBACK")
            return 0
        return int(gone)

    def close(self) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None


def _others(con: sqlite3.Connection, gen: int, generation: str) -> bool:
    """Whether the store holds anything of a generation other than `gen` (named `generation`)."""
    query = (
        # Two ranges of the gen index, not `!=`, which SQLite answers by scanning it.
        "SELECT EXISTS (SELECT 1 FROM entries WHERE gen < ?) OR EXISTS (SELECT 1 FROM entries WHERE gen > ?)"
        " OR EXISTS (SELECT 1 FROM generations WHERE id != ?) OR EXISTS (SELECT 1 FROM runs WHERE generation != ?)"
    )
    return bool(con.execute(query, (gen, gen, gen, generation)).fetchone()[0])


def remove(folder: Path) -> int:
    """Delete the store of `folder`; returns how many entries it held (0 if unreadable).

    Counted on a plain connection: opening it as a store would first empty one of another layout.
    """
    count = 0
    if (folder / DB).is_file():
        try:
            with contextlib.closing(sqlite3.connect(folder / DB, timeout=30)) as con:
                # Only a table is counted: a view of that name could run for ever.
                if con.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'entries'").fetchone():
                    found = con.execute("SELECT count(*) FROM entries").fetchone()
                    count = int(found[0]) if found and type(found[0]) is int else 0
        except sqlite3.Error:
            pass
    for name in (DB, f"{DB}-wal", f"{DB}-shm"):
        (folder / name).unlink(missing_ok=True)
    return count
