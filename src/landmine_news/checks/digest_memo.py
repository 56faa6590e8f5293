"""Digests of files whose status did not change, so a warm run need not read them again.

The cache is keyed on content (`cache`); this memo only spares re-hashing a file whose
size, modification and change times (in nanoseconds), inode and device are all the ones
recorded with its digest, the trust `git status` puts in the same fields. Any write to a
file changes its change time, which no tool can set back. As git does for "racily clean"
files, a digest is not recorded for a file modified in the last two seconds: a write in
the same clock tick could leave its times unchanged. The memo is one sealed file per
dataset, read with the same plain-values unpickler as the entries; if it fails any check
it is empty, and every file is hashed.

Each file's status and digest are held as one 72-byte string (five 64-bit fields,
then the 32 digest bytes) rather than a tuple of five ints and a hex string: ~260 bytes
a file instead of ~480 (100,000 files at the 4x benchmark scale), and a smaller file to
load on every warm run.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import struct
import time
from pathlib import Path
from typing import Any, TypeGuard

from ..digests import sha256_hex
from .cache_entry import loads_plain
from .files import read_up_to

Signature = tuple[int, int, int, int, int]
MAGIC = b"landmine-news digests 2\n"
RACY_NS = 2_000_000_000


_PACK = struct.Struct("<qqqQQ")  # size and times may be negative; inode and device are unsigned


def signature(st: os.stat_result) -> Signature:
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev)


def _packed(size: int, mtime: int, ctime: int, ino: int, dev: int) -> bytes | None:
    """A signature's fields as 40 bytes, or None if one does not fit (never remembered then).

    Fields, not a `Signature`: `digest` runs once per file on a warm run and builds no tuple."""
    try:
        return _PACK.pack(size, mtime, ctime, ino, dev)
    except struct.error:
        return None


def _shaped(known: dict[Any, Any]) -> TypeGuard[dict[str, bytes]]:
    """Every key a str and every value 72 bytes; checked in C (map, set): a warm run loads the memo."""
    values = known.values()
    return not known or (set(map(type, known)) == {str} and set(map(type, values)) == {bytes} and set(map(len, values)) == {72})


class DigestMemo:
    """path -> packed signature and SHA-256 of the files one dataset's runs have read."""

    def __init__(self, file: Path):
        self.file = file
        self.known: dict[str, bytes] = self._load()
        self.changed = False
        self.now = time.time_ns()

    def _load(self) -> dict[str, bytes]:
        try:
            data = self.file.read_bytes()
            body = data[len(MAGIC) + 32 :]
            if data.startswith(MAGIC) and hashlib.sha256(body).digest() == data[len(MAGIC) : len(MAGIC) + 32]:
                known = loads_plain(body)
                if isinstance(known, dict) and _shaped(known):
                    return known
        except Exception:  # missing, damaged or foreign: hash everything
            pass
        return {}

    def digest(self, path: Path | str, st: os.stat_result, read: int) -> str | None:
        """The SHA-256 hex of the file (at most `read` bytes of it), from the memo when its status is unchanged."""
        key, sig = str(path), _packed(st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev)
        known = self.known.get(key)
        if known is not None and known[:40] == sig:
            return known[40:].hex()
        try:
            digest = sha256_hex(read_up_to(path, read))
        except OSError:
            return None
        if sig is not None and self.now - st.st_mtime_ns > RACY_NS and self.now - st.st_ctime_ns > RACY_NS:
            self.known[key] = sig + bytes.fromhex(digest)
            self.changed = True
        return digest

    def learn(self, path: str, sig: Signature, digest: str) -> None:
        """Record a digest another process computed of `path` with status `sig` read before
        hashing (a worker checking an article's source), under the same racy-file rule."""
        _size, mtime, ctime, _ino, _dev = sig
        packed = _packed(*sig)
        if packed is None or len(digest) != 64 or not (self.now - mtime > RACY_NS and self.now - ctime > RACY_NS):
            return
        try:
            value = packed + bytes.fromhex(digest)
        except ValueError:  # not a digest: nothing to learn
            return
        if self.known.get(path) != value:
            self.known[path] = value
            self.changed = True

    def save(self) -> None:
        """Write the memo atomically if it changed; errors are ignored."""
        if not self.changed:
            return
        body = pickle.dumps(self.known, protocol=5)
        tmp = self.file.with_name(f".{self.file.name}.tmp-{os.getpid()}")
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_bytes(MAGIC + hashlib.sha256(body).digest() + body)
            os.replace(tmp, self.file)
        except OSError:
            # Also when the cache folder is a file: unlinking under it fails with ENOTDIR.
            with contextlib.suppress(OSError):
                tmp.unlink(missing_ok=True)
