"""SHA-256 digests, the one way: of bytes, and of a file streamed in blocks (a base module)."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

BLOCK = 1 << 20


CHECKSUMS = "SHA256SUMS"
"""Name of a release's checksum file, in `sha256sum` format."""


def sha256_hex(data: bytes) -> str:
    """Lowercase hex SHA-256 of `data`."""
    return hashlib.sha256(data).hexdigest()


def file_digest(path: Path, *, sync: bool = False) -> tuple[int, str]:
    """(size in bytes, lowercase hex SHA-256) of a file, read in blocks; `sync` also flushes it to disk."""
    digest, size = hashlib.sha256(), 0
    with open(path, "rb") as fh:
        while block := fh.read(BLOCK):
            digest.update(block)
            size += len(block)
        if sync:
            os.fsync(fh.fileno())
    return size, digest.hexdigest()
