"""The per-file result cache: a file whose inputs did not change is not checked again.

An entry's key is the SHA-256 of everything a file's result depends on: the record
file's bytes, its path and display name, the sources folder, the package and schema
versions, the cache format and a fingerprint of the package's own code (so an edited
checkout never serves results of the code it replaced). What the result read of its
source (the source's SHA-256, or that it is missing) is stored in the entry and
compared with the source on disk before the entry is used.

Where: `.cache/landmine-news/` in the folder that holds the dataset (the project), like
`.pytest_cache` or `.mypy_cache`: it goes away with the project, a CI cache step can keep
it, and one user's datasets never share entries. `LANDMINE_NEWS_CACHE_DIR` puts it
elsewhere. Writes go to a temporary file renamed into place, so concurrent runs see a
whole entry or none; an entry that fails any check is a miss and is overwritten.
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
from .cache_entry import decode
from .files import MAX_YAML_BYTES
from .results import FileKind, FileResult
from .source_state import folder_inside, source_state

FORMAT = "1"
ENV = "LANDMINE_NEWS_CACHE_DIR"
TAG = "CACHEDIR.TAG"
_TAG_TEXT = "Signature: 8a477f597d28d172789f06886806bc55\n# landmine-news per-file result cache; safe to delete.\n"


def default_dir(dataset: Path) -> Path:
    """The cache folder of a dataset: `$LANDMINE_NEWS_CACHE_DIR`, else `.cache/landmine-news/` beside it."""
    env = os.environ.get(ENV)
    return Path(env) if env else dataset.resolve().parent / ".cache" / "landmine-news"


@cache
def code_fingerprint() -> str:
    """Name, size and modification time of every module of the package, hashed."""
    package = Path(__file__).resolve().parent.parent
    parts = []
    for path in sorted(package.rglob("*.py")):
        stat = path.stat()
        parts.append(f"{path.relative_to(package).as_posix()}:{stat.st_size}:{stat.st_mtime_ns}")
    return sha256_hex("\n".join(parts).encode())


@dataclass
class Lookup:
    """A file's cache key and the digest of its bytes, and its result when the cache had it."""

    key: bytes
    digest: str
    result: FileResult | None = None


class ResultCache:
    """The cache folder of one run; every operation on disk fails soft (a miss, nothing written)."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.entries = folder / "entries"
        self.ready = False
        self.hits = 0
        self.inside: dict[Path, bool] = {}
        """Per sources folder, whether it resolves inside its dataset: worked out once per run."""

    def key(self, path: Path, display: str, kind: FileKind, sources: Path | None, digest: str) -> bytes:
        """The key of one file's result: see the module docstring for what goes in."""
        parts = (FORMAT, __version__, SCHEMA_VERSION, code_fingerprint(), kind, str(path), display)
        text = "\0".join((*parts, str(sources) if sources is not None else "", digest))
        return hashlib.sha256(text.encode("utf-8", "surrogateescape")).digest()

    def _path(self, key: bytes) -> Path:
        name = key.hex()
        return self.entries / name[:2] / name

    def lookup(self, path: Path, display: str, kind: FileKind, sources: Path | None, *, rows: bool) -> Lookup | None:
        """The file's key and, if an intact entry matches it and its source, its result; None if unreadable."""
        try:
            with open(path, "rb") as fh:
                data = fh.read(MAX_YAML_BYTES + 1)
        except OSError:
            return None
        digest = sha256_hex(data)
        found = Lookup(self.key(path, display, kind, sources, digest), digest)
        try:
            entry = self._path(found.key).read_bytes()
        except OSError:
            return found
        decoded = decode(entry, found.key, rows=rows)
        if decoded is None:
            return found
        result, source = decoded
        if source is not None and sources is not None:
            if sources not in self.inside:
                self.inside[sources] = folder_inside(sources)
            if source_state(sources, source[0], self.inside[sources]) != source[1]:
                return found
        found.result = result
        self.hits += 1
        return found

    def store(self, key: bytes, entry: bytes) -> None:
        """Write one entry atomically (a temporary file renamed into place); errors are ignored."""
        target = self._path(key)
        tmp = target.with_name(f".{target.name}.tmp-{os.getpid()}-{id(entry)}")
        try:
            if not self.ready:
                self._prepare()
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(tmp, "wb") as fh:
                fh.write(entry)
            os.replace(tmp, target)
        except OSError:
            tmp.unlink(missing_ok=True)

    def _prepare(self) -> None:
        self.entries.mkdir(parents=True, exist_ok=True)
        tag = self.folder / TAG
        if not tag.exists():
            tag.write_text(_TAG_TEXT, encoding="utf-8")
        self.ready = True


def clear(folder: Path) -> int:
    """Delete the entries under `folder` (and its tag); returns how many there were.

    Only `entries/` and `CACHEDIR.TAG` are removed, never the folder's other contents:
    `LANDMINE_NEWS_CACHE_DIR` may point at a folder that holds more than the cache.
    """
    entries = folder / "entries"
    count = sum(1 for p in entries.rglob("*") if p.is_file()) if entries.is_dir() else 0
    shutil.rmtree(entries, ignore_errors=True)
    (folder / TAG).unlink(missing_ok=True)
    return count
