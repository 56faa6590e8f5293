"""Reading files safely: size limits, UTF-8 decoding with a located problem, containment.

Every read of a contributor's file goes through here, so a limit or a refusal is applied
the same way everywhere.
"""

from __future__ import annotations

import os
from pathlib import Path

from .problems import Problem

MAX_YAML_BYTES = 1 << 20  # 1 MiB: a record file is a few KiB; more is a mistake or an attack.
MAX_SOURCE_BYTES = 16 << 20


def read_bytes(path: Path, display: str, limit: int) -> tuple[bytes | None, list[Problem]]:
    """A file's bytes, refusing files over `limit` and reporting read errors as problems."""
    try:
        size = path.stat().st_size
        if size > limit:
            return None, [Problem("file-too-large", f"file is {size:,} bytes; the limit is {limit:,}", file=display)]
        return path.read_bytes(), []
    except OSError as exc:
        return None, [Problem("file-unreadable", f"cannot read file: {exc.strerror or exc}", file=display)]


def decode(data: bytes, display: str) -> tuple[str | None, list[Problem]]:
    """UTF-8 text, or a `not-utf8` problem at the line and column of the first bad byte."""
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [
            Problem(
                "not-utf8",
                f"byte 0x{data[exc.start]:02x} at offset {exc.start} is not valid UTF-8",
                file=display,
                line=line,
                column=column,
            )
        ]


def read_text(path: Path, display: str, limit: int) -> tuple[str | None, list[Problem]]:
    """Read a UTF-8 text file, refusing oversized or undecodable content."""
    data, problems = read_bytes(path, display, limit)
    return (None, problems) if data is None else decode(data, display)


def inside(root: Path, path: Path) -> bool:
    """True when `path`, after resolving symlinks, lies within `root`."""
    try:
        return os.path.commonpath([root.resolve(), path.resolve()]) == str(root.resolve())
    except (OSError, ValueError):
        return False
