"""The per-file result cache: a file whose inputs did not change is not checked again.

An entry's key is the SHA-256 of everything a file's result depends on: the record
file's bytes, its path and display name, the sources folder, the package and schema
versions, the cache format and a fingerprint of the package's own code (so an edited
checkout never serves results of the code it replaced). What the result read of its
source (the source's SHA-256, or that it is missing) is stored in the entry and
compared with the source on disk before the entry is used.

Where: the user's cache directory (`$XDG_CACHE_HOME/landmine-news`, by default
`~/.cache/landmine-news`; `%LOCALAPPDATA%` on Windows), never beside or inside the dataset:
validating a folder writes nothing outside the cache directory, and entries can be shared
safely because a key holds everything a result depends on. `LANDMINE_NEWS_CACHE_DIR` puts
it elsewhere (a CI cache step can point it at a kept folder). Entries are written in one SQLite transaction per run (`cache_store`), so
concurrent runs see a whole entry or none; an entry that fails any check is a miss and
is overwritten. A run that writes entries also deletes those of other generations (another
package version or code: `generation`), which no run of this one can hit, so the file does
not grow with every upgrade.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..digests import sha256_hex
from ..version import SCHEMA_VERSION, __version__
from .cache_entry import SourceState, attach_rows, decode, peek
from .cache_store import EntryStore, remove
from .digest_memo import DigestMemo
from .files import MAX_YAML_BYTES, not_a_folder_on_the_way
from .results import FileKind, FileResult
from .run_snapshot import Snapshot, seal_snapshot, unseal_snapshot
from .source_state import folder_inside, source_state

FORMAT = "1"
ENV = "LANDMINE_NEWS_CACHE_DIR"
TAG = "CACHEDIR.TAG"
BATCH = 200
"""Entries written per transaction: 200 of the benchmark's (~6 KB each, held twice while
split) are ~2 MB waiting; 1,000 were a fifth of a cold run's peak heap at 1x."""
_TAG_TEXT = "Signature: 8a477f597d28d172789f06886806bc55\n# landmine-news per-file result cache; safe to delete.\n"


def default_dir(dataset: Path | None = None) -> Path:
    """The cache folder: `$LANDMINE_NEWS_CACHE_DIR`, else the platform's user cache directory.

    `dataset` is accepted for callers that name it; the folder is the same for every dataset.
    """
    env = os.environ.get(ENV)
    if env:
        return Path(env)
    if os.name == "nt" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "landmine-news" / "Cache"
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "landmine-news"


def generation() -> str:
    """What every key of this package's runs shares: cache format, versions and code fingerprint.

    Read at each call (the fingerprint itself is computed once); a `ResultCache` reads it
    once, when a run opens it, and keys every file of that run with it.
    """
    return sha256_hex("\0".join((FORMAT, __version__, SCHEMA_VERSION, code_fingerprint())).encode())


FINGERPRINTED = frozenset({".py", ".toml", ".json", ".yaml", ".txt", ".md", ".cff"})
"""Suffixes of the package files results can depend on: its modules and its data (the figure
rule table, shipped documents). Not byte code, and not an editor's swap or backup files,
which come and go while someone edits a checkout."""


def fingerprinted_files(package: Path | None = None) -> list[Path]:
    """Every module and data file of the package (`FINGERPRINTED`), sorted; `package` for tests."""
    package = package or Path(__file__).resolve().parent.parent
    return sorted(
        p
        for p in package.rglob("*")
        if p.suffix in FINGERPRINTED and not p.name.startswith(".") and "__pycache__" not in p.parts and p.is_file()
    )


@cache
def code_fingerprint() -> str:
    """Name, size and modification time of every module and data file of the package, hashed."""
    package = Path(__file__).resolve().parent.parent
    parts = []
    for path in fingerprinted_files():
        try:
            stat = path.stat()
        except OSError:  # gone since it was listed: as if it had not been there
            continue
        parts.append(f"{path.relative_to(package).as_posix()}:{stat.st_size}:{stat.st_mtime_ns}")
    return sha256_hex("\n".join(parts).encode())


@dataclass
class Lookup:
    """A file's cache key and the digest of its bytes, and its result when the cache had it."""

    key: bytes
    digest: str
    hit: bool = False
    """Whether an intact entry matches the file and its source (its result is read by `result`)."""
    source: SourceState = None
    """What that entry read of its source."""


def unusable(folder: Path) -> bool:
    """Whether `folder` cannot be a folder: it is something else (a file, say), or what exists
    on the way to it is. Then nothing can be cached there."""
    return not_a_folder_on_the_way(folder) is not None


class ResultCache:
    """The cache folder of one run; every operation on disk fails soft (a miss, nothing written)."""

    def __init__(self, folder: Path, dataset: Path):
        self.folder = folder
        self.store = EntryStore(folder)
        self.hits = 0
        self.inside: dict[Path, bool] = {}
        """Per sources folder, whether it resolves inside its dataset: worked out once per run."""
        self.memo = DigestMemo(folder / "digests" / sha256_hex(str(dataset.resolve()).encode("utf-8", "surrogateescape")))
        self.pending: list[tuple[bytes, bytes, bytes]] = []
        self.wrote = False
        self.generation = generation()
        self.run_key = _slot("run", self.generation, dataset)
        """Which snapshot (`run_snapshot`) is this dataset's under this generation."""
        self.states: dict[tuple[Path, str], str] = {}

    def key(self, path: Path | str, display: str, kind: FileKind, sources: Path | None, digest: str) -> bytes:
        """The key of one file's result: see the module docstring for what goes in."""
        parts = (self.generation, kind, str(path), display)
        text = "\0".join((*parts, str(sources) if sources is not None else "", digest))
        return hashlib.sha256(text.encode("utf-8", "surrogateescape")).digest()

    def keyed(self, path: Path | str, display: str, kind: FileKind, sources: Path | None) -> Lookup | None:
        """The file's key (its entry not looked at), or None if it cannot be read."""
        name = str(path)  # a str, not a Path: measurably cheaper across 15,000 stats
        try:
            digest = self.memo.digest(name, os.stat(name), MAX_YAML_BYTES + 1)
        except OSError:
            return None
        return None if digest is None else Lookup(self.key(path, display, kind, sources, digest), digest)

    def source_same(self, sources: Path | None, source: SourceState) -> bool:
        """Whether the source a result read (`source`) is still in that state; each worked out once per run."""
        if source is None or sources is None:
            return source is None
        name, state = source
        if (sources, name) not in self.states:
            self.states[sources, name] = source_state(sources, name, self.inside_of(sources), self.memo)
        return self.states[sources, name] == state

    def inside_of(self, sources: Path | None) -> bool | None:
        """`source_state.folder_inside(sources)`, worked out once per run (None for no sources folder)."""
        if sources is None:
            return None
        if sources not in self.inside:
            self.inside[sources] = folder_inside(sources)
        return self.inside[sources]

    def snapshot(self) -> Snapshot | None:
        """This dataset's last run (`run_snapshot`), if one is stored intact."""
        return unseal_snapshot(self.store.get_run(self.run_key), self.run_key)

    def save_snapshot(self, snapshot: Snapshot) -> None:
        self._prepare()
        self.store.put_run(self.run_key, self.generation, seal_snapshot(self.run_key, snapshot))

    def lookup(self, path: Path | str, display: str, kind: FileKind, sources: Path | None) -> Lookup | None:
        """The file's key, and whether an intact entry matches it and its source; None if unreadable.

        No result is built here (`result` does, as each is fed): a run looks up every file
        first, to know which to check, and must not hold every result at once to do so.
        """
        found = self.keyed(path, display, kind, sources)
        if found is None:
            return None
        stored = self.store.get(found.key, False)
        peeked = peek(stored[0], found.key) if stored is not None else None
        if peeked is None:
            return found
        if peeked.source is not None and sources is not None and not self.source_same(sources, peeked.source):
            return found
        found.hit, found.source = True, peeked.source
        self.hits += 1
        return found

    def rows_of(self, keys: list[bytes]) -> dict[bytes, bytes]:
        """key -> the stored rows of each of `keys` the store holds (unchecked: see `cache_entry.rows_checked`)."""
        return self.store.rows_of(keys)

    def result(self, found: Lookup, rows: bool) -> FileResult | None:
        """The result of a hit (`lookup`), with its release rows if `rows`; None if the entry
        is no longer the one looked up (another run replaced it) or its rows are not intact."""
        stored = self.store.get(found.key, rows)
        decoded = decode(stored[0], found.key) if stored is not None else None
        if decoded is None or decoded.source != found.source:
            return None
        if rows and (stored is None or stored[1] is None or not attach_rows(decoded, stored[1])):
            return None
        return decoded.result

    def store_later(self, key: bytes, entry: bytes, rows_at: int) -> None:
        """Queue one entry (its sealed part and its rows); written a batch per transaction, so memory stays flat."""
        self.pending.append((key, entry[:rows_at], entry[rows_at:]))
        if len(self.pending) >= BATCH:
            self.flush()

    def flush(self) -> None:
        """Write the queued entries now."""
        if self.pending:
            self._prepare()
            self.store.put(self.pending, self.generation)
            self.pending = []
            self.wrote = True

    def finish(self) -> None:
        """Write the queued entries, prune other generations' entries, save what this run learnt of digests.

        Only a run that wrote entries prunes: a run served wholly from the cache writes nothing.
        """
        self.flush()
        if self.wrote:
            self.store.prune(self.generation)
        self.store.close()
        self.memo.save()

    def _prepare(self) -> None:
        tag = self.folder / TAG
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            if not tag.exists():
                tag.write_text(_TAG_TEXT, encoding="utf-8")
        except OSError:
            pass


_RELEASE = b"landmine-news release 2\n"


def _slot(kind: str, generation: str, folder: Path) -> bytes:
    """The `runs` key of what the cache keeps about a folder (a dataset's snapshot, an output's release)."""
    text = "\0".join((kind, generation, str(folder.resolve())))
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).digest()


def built_release(folder: Path, out: Path) -> tuple[bytes, str, str] | None:
    """(release key, writer inputs, SHA-256 hex of its `SHA256SUMS`) of the last release this
    code built into `out` (`record_release`), if recorded."""
    store = EntryStore(folder)
    try:
        data = store.get_run(_slot("release", generation(), out))
    finally:
        store.close()
    if data is None or len(data) != len(_RELEASE) + 32 + 128 or not data.startswith(_RELEASE):
        return None
    hexes = data[len(_RELEASE) + 32 :]
    if not all(c in b"0123456789abcdef" for c in hexes):
        return None
    return data[len(_RELEASE) : len(_RELEASE) + 32], hexes[:64].decode("ascii"), hexes[64:].decode("ascii")


def record_release(folder: Path, out: Path, key: bytes, inputs: str, sums_sha: str) -> None:
    """Remember that `out` now holds the release of `key` (rows and code) written with `inputs`
    (what else the writer read: `release.writer.writer_inputs`), whose `SHA256SUMS` hashes to `sums_sha`."""
    if len(key) != 32 or len(inputs) != 64 or len(sums_sha) != 64:
        return
    store = EntryStore(folder)
    try:
        now = generation()
        store.put_run(_slot("release", now, out), now, _RELEASE + key + (inputs + sums_sha).encode("ascii"))
    finally:
        store.close()


def clear(folder: Path) -> int:
    """Delete the entries under `folder` (and its digest memos and tag); returns how many entries there were.

    Only the entry store, `digests/` and `CACHEDIR.TAG` are removed, never the folder's other
    contents: `LANDMINE_NEWS_CACHE_DIR` may point at a folder that holds more than the cache.
    """
    if not folder.is_dir():  # nothing, or a file where the folder should be: no cache to clear
        return 0
    count = remove(folder)
    shutil.rmtree(folder / "digests", ignore_errors=True)
    (folder / TAG).unlink(missing_ok=True)
    return count
