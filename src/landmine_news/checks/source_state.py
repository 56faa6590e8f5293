"""What a cached article result depends on in its source: the source's bytes, or its absence."""

from __future__ import annotations

from pathlib import Path

from ..digests import sha256_hex
from .files import MAX_SOURCE_BYTES, resolve_inside


def source_state(sources: Path, name: str) -> str:
    """The SHA-256 hex of `sources/name`, 'missing' where `check_source` finds no source, or 'unreadable'.

    Mirrors the tests of `sources.check_source`, so a state that is unchanged means the
    source check would find exactly what it found before.
    """
    path = sources / name
    try:
        if path.is_symlink() or resolve_inside(sources.parent, path) is None or not path.is_file():
            return "missing"
        with open(path, "rb") as fh:
            data = fh.read(MAX_SOURCE_BYTES + 1)
    except (OSError, ValueError):
        return "unreadable"
    return "unreadable" if len(data) > MAX_SOURCE_BYTES else sha256_hex(data)
