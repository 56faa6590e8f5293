"""The curation tools' way into a dataset folder: the containment rules `validate` applies.

`new` and `migrate` may not do what `validate` refuses to: follow a symlink out of the
dataset, read a FIFO (which blocks for ever), or take `../x` for a file name. They list
and read record files as `validate` does (`checks.reading`), and write only to plain names
in the dataset's own folders, in one rename. A symlink to a regular file inside the
dataset is followed as `validate` follows it: that file is written, the link stays a link.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from ..checks.reading.dataset_folder import list_files
from ..checks.reading.files import decode as decode_text
from ..checks.reading.files import kind_of, read_bytes, resolve_inside
from ..checks.report.problems import Problem
from ..errors import ScaffoldError


def _refused(problem: Problem) -> ScaffoldError:
    where = f" (line {problem.line}, column {problem.column})" if problem.line else ""
    return ScaffoldError(f"{problem.file}: {problem.message}{where}")


def dataset_folder(root: Path, name: str) -> Path:
    """`root/name`, refused when it leads outside the dataset or is not a folder."""
    path = root / name
    if (path.exists() or path.is_symlink()) and resolve_inside(root, path) is None:
        raise ScaffoldError(f"{path} leads outside the dataset folder; the curation tools write only inside it")
    if path.exists() and not path.is_dir():
        raise ScaffoldError(f"{path} is not a folder")
    return path


def member(root: Path, folder: str, name: str) -> Path:
    """`root/folder/name` for a plain file name, refused when the name is a path or the entry is
    not a regular file; a symlink to a regular file inside the dataset gives that file."""
    if not name or name in (".", "..") or name.startswith(".") or any(c in name for c in "/\\\x00"):
        raise ScaffoldError(f"{name!r} is not a plain file name in {folder}/")
    path = dataset_folder(root, folder) / name
    if path.is_symlink():
        real = resolve_inside(root, path)
        if real is None:
            raise ScaffoldError(
                f"{path} is a symbolic link that leads outside the dataset or nowhere; the curation tools do not follow it"
            )
        path = real
    if path.exists():
        mode = path.stat().st_mode
        if not stat.S_ISREG(mode):
            raise ScaffoldError(f"{path} is a {kind_of(mode)}, not a regular file")
    return path


def read_member_bytes(path: Path, limit: int) -> bytes:
    """The bytes of a regular file (never blocking on a FIFO), or ScaffoldError saying why not."""
    data, problems = read_bytes(path, str(path), limit)
    if data is None:
        raise _refused(problems[0])
    return data


def read_member(path: Path, limit: int) -> str:
    """The UTF-8 text of a regular file, or ScaffoldError naming the first bad byte's place."""
    text, problems = decode_text(read_member_bytes(path, limit), str(path))
    if text is None:
        raise _refused(problems[0])
    return text


def record_files(root: Path, folder: str) -> list[Path]:
    """The `*.yaml` files of `root/folder` that `validate` reads (it reports the others)."""
    return listed_records(root, folder)[0]


def listed_records(root: Path, folder: str) -> tuple[list[Path], list[str]]:
    """The `*.yaml` files of `root/folder` that `validate` reads, and a sentence for each entry it refuses."""
    files, problems = list_files(root, folder, ".yaml")
    refused = [f"{p.file}: {p.message}" for p in problems if p.severity == "error"]
    return [Path(path) for path, _ in files], refused


def _new_file_mode(path: Path) -> int:
    """The mode a replaced file keeps, or what the umask gives a new file (mkstemp's is 0600)."""
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def atomic_write(path: Path, content: str | bytes) -> None:
    """Write `content` (text as UTF-8 with LF line ends) to `path` in one rename: never half written."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, _new_file_mode(path))
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
