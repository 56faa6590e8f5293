"""Reading files safely: containment, regular files only, size limits, UTF-8 decoding.
Nothing is opened before `os.stat` says it is a regular file, and no open blocks (on a FIFO)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ...digests import sha256_hex
from ..report.problems import Problem

MAX_YAML_BYTES = 1 << 20  # a record file is a few KiB; more is a mistake or an attack
MAX_SOURCE_BYTES = 16 << 20
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)


def resolve(path: Path) -> Path | None:
    """`path` with every symlink resolved, or None when it is missing, broken or a symlink loop."""
    try:
        return path.resolve(strict=True)
    except (OSError, RuntimeError):
        return None


def within(real_root: Path, real: Path) -> bool:
    """True when the resolved path `real` is the resolved `real_root` or lies under it."""
    return real == real_root or real_root in real.parents


def resolve_inside(root: Path, path: Path) -> Path | None:
    """The resolved `path` when it exists and leads (through any symlinks) inside the resolved `root`, else None."""
    real_root, real = resolve(root), resolve(path)
    if real_root is None or real is None or not within(real_root, real):
        return None
    return real


def not_a_folder_on_the_way(path: Path) -> Path | None:
    """The nearest of `path` and its parents that exists, when it is no folder (so `path` cannot be one); else None."""
    here = next((p for p in (path, *path.parents) if p.exists() or p.is_symlink()), None)
    return here if here is not None and not here.is_dir() else None


_KINDS = {
    stat.S_IFREG: "file",
    stat.S_IFDIR: "folder",
    stat.S_IFIFO: "named pipe (FIFO)",
    stat.S_IFSOCK: "socket",
    stat.S_IFCHR: "character device",
    stat.S_IFBLK: "block device",
}


def kind_of(mode: int) -> str:
    """What a `st_mode` is, in words: 'file', 'folder', 'named pipe (FIFO)', ..."""
    return _KINDS.get(stat.S_IFMT(mode), "special file")


def open_no_wait(path: Path | str) -> int:
    """A read-only descriptor of `path`, opened without blocking (a FIFO cannot hang it)."""
    return os.open(path, _OPEN_FLAGS)


def read_at_most(fd: int, first: int, most: int) -> bytes:
    """Up to `most` bytes of `fd`, asking for `first` first (`fstat`'s size plus one, to see growth):
    a buffered `read(most)` allocated the whole limit for every file."""
    parts = []
    total = 0
    size = first
    while total < most:
        chunk = os.read(fd, size)
        if not chunk:
            break
        parts.append(chunk)
        total += len(chunk)
        size = min(most - total, 1 << 16)
    return parts[0] if len(parts) == 1 else b"".join(parts)


def read_bytes(path: Path | str, display: str, limit: int) -> tuple[bytes | None, list[Problem]]:
    """A regular file's bytes, refusing other files and files over `limit`; errors become problems."""
    try:
        st = os.stat(path)
        size = st.st_size
        if stat.S_ISREG(st.st_mode) and size <= limit:
            fd = open_no_wait(path)
            try:
                st = os.fstat(fd)  # the entry may have been swapped since the stat above
                if stat.S_ISREG(st.st_mode):
                    data = read_at_most(fd, min(st.st_size, limit) + 1, limit + 1)
                    size = len(data)
            finally:
                os.close(fd)
    except OSError as exc:
        return None, [Problem("file-unreadable", f"cannot read file: {exc.strerror or exc}", file=display)]
    if not stat.S_ISREG(st.st_mode):
        return None, [Problem("file-not-regular", f"{display} is a {kind_of(st.st_mode)}, not a regular file", file=display)]
    if size > limit:
        return None, [Problem("file-too-large", f"file is {size:,} bytes; the limit is {limit:,}", file=display)]
    return data, []


def decode(data: bytes, display: str) -> tuple[str | None, list[Problem]]:
    """UTF-8 text, or a `not-utf8` problem at the line and column of the first bad byte."""
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        # In characters, as every other column: what comes before the first bad byte decodes.
        column = len(data[data.rfind(b"\n", 0, exc.start) + 1 : exc.start].decode("utf-8")) + 1
        message = f"byte 0x{data[exc.start]:02x} at offset {exc.start} is not valid UTF-8"
        return None, [Problem("not-utf8", message, file=display, line=line, column=column)]


def read_text(path: Path, display: str, limit: int) -> tuple[str | None, list[Problem]]:
    """Read a UTF-8 text file, refusing oversized or undecodable content."""
    data, problems = read_bytes(path, display, limit)
    return (None, problems) if data is None else decode(data, display)


def read_source(sources: Path, name: str) -> tuple[bytes | None, str, list[Problem]]:
    """(bytes, state, problems) of a source; state is the bytes' SHA-256, 'missing' or 'unreadable'."""
    path = sources / name
    if path.is_symlink() or resolve_inside(sources.parent, path) is None or not path.is_file():
        return None, "missing", []
    data, problems = read_bytes(path, path.as_posix(), MAX_SOURCE_BYTES)
    return data, ("unreadable" if data is None else sha256_hex(data)), problems
