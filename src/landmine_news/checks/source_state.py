"""What a cached article result depends on in its source: the source's bytes, or its absence."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import TYPE_CHECKING

from ..digests import sha256_hex
from .digest_memo import Signature, signature
from .files import MAX_SOURCE_BYTES, read_up_to, resolve_inside

if TYPE_CHECKING:  # pragma: no cover
    from .digest_memo import DigestMemo


def folder_inside(sources: Path) -> bool:
    """Whether the sources folder resolves inside the dataset (then so does each regular file in it)."""
    return resolve_inside(sources.parent, sources) is not None


def source_state(sources: Path, name: str, inside: bool | None = None, memo: DigestMemo | None = None) -> str:
    """The SHA-256 hex of `sources/name`, 'missing' where `check_source` finds no source, or 'unreadable'.

    Mirrors the tests of `sources.check_source`, so a state that is unchanged means the
    source check would find exactly what it found before. `inside`: `folder_inside(sources)`,
    when the caller has worked it out once for many files; `memo` spares re-hashing.
    """
    return source_state_seen(sources, name, inside, memo)[0]


Learnt = tuple[str, Signature, str]
"""(path, status signature read before hashing, SHA-256 hex): a digest another process may memoise."""


def source_state_seen(
    sources: Path, name: str, inside: bool | None = None, memo: DigestMemo | None = None
) -> tuple[str, Learnt | None]:
    """`source_state`, and when the source was hashed here, what a digest memo may learn of it."""
    path = os.path.join(sources, name)  # a str: this runs once per source on every warm run
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return "missing", None
    except (OSError, ValueError):
        return "unreadable", None
    if stat.S_ISLNK(st.st_mode) or not stat.S_ISREG(st.st_mode) or not (folder_inside(sources) if inside is None else inside):
        return "missing", None
    if st.st_size > MAX_SOURCE_BYTES:
        return "unreadable", None
    if memo is not None:
        return memo.digest(path, st, MAX_SOURCE_BYTES + 1) or "unreadable", None
    try:
        data = read_up_to(path, MAX_SOURCE_BYTES + 1)
    except OSError:
        return "unreadable", None
    if len(data) > MAX_SOURCE_BYTES:
        return "unreadable", None
    digest = sha256_hex(data)
    # The status was read before the bytes: if the file changed in between, its status
    # changed too, and the memo will not match it again.
    return digest, (path, signature(st), digest)
