"""The per-file result cache: a record file whose bytes, source and code are unchanged is not checked again.

An entry is keyed on the SHA-256 of the exact bytes checked, the file's name and kind, the
SHA-256 of the dataset's own figure rule table and this package's generation (versions and
a fingerprint of its code). It holds the result's problems and the summaries the
cross-record checks read, never release rows, and the SHA-256 of the source bytes the
check anchored against: a lookup uses it only while the source on disk hashes the same.

Where: `$LANDMINE_NEWS_CACHE_DIR`, else the user's cache directory, never beside the
dataset, in one SQLite file this module creates and marks with its own application id.
Nothing else found there is trusted, emptied or overwritten: a file of that name without
the mark, or a folder that cannot be used, leaves the run without a cache. An entry that
fails its seal or its decoding is a miss and is written anew.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import pickle
import sqlite3
import stat
from functools import cache
from pathlib import Path
from typing import Any

from ...models.lineage import QuoteLink
from ...version import SCHEMA_VERSION, __version__
from ..coverage.findings import ArticleCoverage
from ..report.problems import Problem
from ..rules.cross_record import Summary
from ..rules.file_result import Claim, FileResult

ENV = "LANDMINE_NEWS_CACHE_DIR"
DB_FILE = "results.sqlite3"
TAG_FILE = "CACHEDIR.TAG"
APPLICATION_ID = 0x4C4D4E31
"""Written in the SQLite header of the file this module creates: a file without it is not ours."""
LAYOUT = 1
"""The table layout; a file of ours with another one is emptied and laid out anew."""
_TAG_TEXT = "Signature: 8a477f597d28d172789f06886806bc55\n# landmine-news per-file result cache; safe to delete.\n"
_LOOKUP_BATCH = 500
_WRITE_BATCH = 1000
"""Entries held before they are written: a large run never holds all its new entries at once."""


def default_dir() -> Path:
    """The cache folder: `$LANDMINE_NEWS_CACHE_DIR`, else the platform's user cache directory."""
    env = os.environ.get(ENV)
    if env:
        return Path(env)
    if os.name == "nt" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "landmine-news" / "Cache"
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "landmine-news"


@cache
def generation() -> str:
    """What every key of this package shares: versions, and a fingerprint of its code and data."""
    return fingerprint(Path(__file__).resolve().parent.parent.parent)


def fingerprint(package: Path) -> str:
    """The versions and the `.py` and `.toml` files of `package` (not byte code nor an editor's swap files)."""
    digest = hashlib.sha256(f"{__version__}\0{SCHEMA_VERSION}\0{LAYOUT}".encode())
    for path in sorted(p for p in package.rglob("*") if p.suffix in {".py", ".toml"} and p.is_file()):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def entry_key(display: str, kind: str, digest: str, rules: str = "") -> bytes:
    """The key of a file's entry under this generation; `rules` is the digest of the dataset's
    own figure rule table ("" when it has none), on which a figure's problems depend."""
    text = f"{generation()}\0{kind}\0{display}\0{digest}\0{rules}"
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()


def _ours(path: Path) -> bool:
    """Whether `path` is a regular file (not a link) whose SQLite header carries our application id."""
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return False
        with open(path, "rb") as fh:
            header = fh.read(100)
    except OSError:
        return False
    return len(header) == 100 and header[:16] == b"SQLite format 3\0" and int.from_bytes(header[68:72], "big") == APPLICATION_ID


class ResultCache:
    """An open cache file; `open_cache` returns None where there can be none."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self.pending: list[tuple[bytes, str, bytes]] = []
        self.pruned = False
        """Whether this run has dropped the entries of other generations."""

    def lookup(self, keys: list[bytes]) -> dict[bytes, FileResult]:
        """The decoded results of the keys that have an intact entry."""
        found: dict[bytes, FileResult] = {}
        for at in range(0, len(keys), _LOOKUP_BATCH):
            batch = keys[at : at + _LOOKUP_BATCH]
            marks = ",".join("?" * len(batch))
            try:
                rows = self.db.execute(f"SELECT key, value FROM entries WHERE key IN ({marks})", batch).fetchall()
            except sqlite3.Error:
                return found
            for key, value in rows:
                result = decode(bytes(key), bytes(value))
                if result is not None:
                    found[bytes(key)] = result
        return found

    def store(self, key: bytes, result: FileResult) -> None:
        """Keep `result` under `key`, written with the next batch or at `close`."""
        self.pending.append((key, generation(), encode(key, result)))
        if len(self.pending) >= _WRITE_BATCH:
            self._write()

    def _write(self) -> None:
        """Write the held entries in one transaction, the first one dropping other generations'
        entries; a failure to write loses only these entries."""
        try:
            if self.pending:
                with self.db:
                    if not self.pruned:
                        self.db.execute("DELETE FROM entries WHERE generation != ?", (generation(),))
                        self.pruned = True
                    self.db.executemany("INSERT OR REPLACE INTO entries VALUES (?, ?, ?)", self.pending)
        except sqlite3.Error:
            pass
        finally:
            self.pending.clear()

    def close(self) -> None:
        """Write what is still held, then close the file."""
        try:
            self._write()
        finally:
            self.db.close()


def open_cache(folder: Path | None = None) -> ResultCache | None:
    """The cache in `folder` (default `default_dir()`), created if absent; None when it cannot be used."""
    return _open(folder or default_dir())[0]


def unusable(folder: Path | None = None) -> str | None:
    """Why the cache in `folder` cannot be used, or None when it can."""
    found, why = _open(folder or default_dir())
    if found is not None:
        found.db.close()
    return why


def _open(folder: Path) -> tuple[ResultCache | None, str | None]:
    path = folder / DB_FILE
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(FileExistsError), open(folder / TAG_FILE, "x", encoding="ascii") as tag:
            tag.write(_TAG_TEXT)  # exclusive creation: never through a link, never over a file
        if not os.path.lexists(path):
            _create(path)
        if not _ours(path):
            return None, f"{path} is not a cache file this program made, so it is left alone"
        db = sqlite3.connect(path, timeout=5)
        if db.execute("PRAGMA user_version").fetchone()[0] != LAYOUT:
            with db:
                db.execute("DROP TABLE IF EXISTS entries")
                db.execute("CREATE TABLE entries (key BLOB PRIMARY KEY, generation TEXT NOT NULL, value BLOB NOT NULL)")
                db.execute(f"PRAGMA user_version = {LAYOUT}")
        return ResultCache(db), None
    except (OSError, sqlite3.Error) as exc:
        return None, f"the cache folder {folder} cannot be used ({getattr(exc, 'strerror', None) or exc})"


def _create(path: Path) -> None:
    """Create the cache file exclusively (never through a dangling link) and mark it as ours, or remove it again."""
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600))
    try:
        with contextlib.closing(sqlite3.connect(path, timeout=5, isolation_level=None)) as db:
            db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    except BaseException:
        path.unlink()
        raise


def clear(folder: Path | None = None) -> Path | None:
    """Delete the cache file, only if this program made it; the file deleted, if any."""
    folder = folder or default_dir()
    path = folder / DB_FILE
    gone = None
    if _ours(path):
        path.unlink()
        gone = path
    tag = folder / TAG_FILE
    with contextlib.suppress(OSError):
        if stat.S_ISREG(os.lstat(tag).st_mode) and tag.read_text(encoding="ascii") == _TAG_TEXT:
            tag.unlink()
    with contextlib.suppress(OSError):
        folder.rmdir()  # only when nothing else is in it
    return gone


# Entries: pickles of plain values only, read by an unpickler that refuses every class, so
# nothing but plain values can come out of one; pickle loads tuples at about twice JSON's speed.
_PLAIN = ("kind", "display", "raw_ids", "raw_refs", "records", "source_file", "parsed", "names", "source_state")
"""The fields of a `FileResult` that are plain values already."""


class _PlainValues(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        raise pickle.UnpicklingError(f"a cache entry names {module}.{name}: not plain values")


def encode(key: bytes, result: FileResult) -> bytes:
    """The entry of `result`: its seal (SHA-256 of key and payload), then the payload."""
    cov = result.coverage
    payload = pickle.dumps(
        (
            [getattr(result, name) for name in _PLAIN],
            [(path, tuple(s)) for path, (s, _) in result.models],
            [tuple(p.to_dict().values()) for p in result.problems],
            [tuple(c) for c in result.claims],
            [(path, tuple(link)) for path, link in result.quote_links],
            None if cov is None else (cov.article, cov.file, cov.source_file, [tuple(f) for f in cov.findings], cov.at),
        ),
        protocol=5,
    )
    return hashlib.sha256(key + payload).digest() + payload


def decode(key: bytes, entry: bytes) -> FileResult | None:
    """The result an entry holds, or None when it is damaged or not one of ours."""
    seal, payload = entry[:32], entry[32:]
    if hashlib.sha256(key + payload).digest() != seal:
        return None
    try:
        plain, models, problems, claims, links, cov = _PlainValues(io.BytesIO(payload)).load()
        return FileResult(
            **dict(zip(_PLAIN, plain, strict=True)),
            models=[(path, (Summary(*s), None)) for path, s in models],
            problems=[Problem(*p) for p in problems],
            claims=[Claim(*c) for c in claims],
            quote_links=[(path, QuoteLink(*link)) for path, link in links],
            # The findings stay tuples: `CoverageCheck` makes `CoverageFinding`s of the few it keeps.
            coverage=None if cov is None else ArticleCoverage(*cov),
        )
    except (pickle.UnpicklingError, ValueError, TypeError, KeyError, EOFError, IndexError, AttributeError):
        return None
