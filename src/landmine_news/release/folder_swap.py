"""Replacing a release folder safely: only a previous release, under a lock, never half done. The
new release is written beside the target and moved into place once complete; portable throughout.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import time
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from filelock import BaseFileLock, FileLock, UnixFileLock

from ..checks.reading.files import not_a_folder_on_the_way
from ..digests import CHECKSUMS, file_digest
from ..errors import OutputRefused
from .verification import listed_digests

PACKAGE_NAME = "landmine-news"
_DESKTOP_LITTER = frozenset({".DS_Store", "Thumbs.db", "desktop.ini"})


def is_release(folder: Path) -> bool:
    """True for a folder holding a `datapackage.json` written by this project."""
    try:
        package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return False
    return isinstance(package, dict) and package.get("name") == PACKAGE_NAME and "landmine_news:schema_version" in package


def unlisted_entries(release: Path, listed: dict[str, str]) -> list[str]:
    """Entries added to a release after the build (not in `listed`), sorted; no symlink is followed."""
    kept = set(listed) | {CHECKSUMS}
    found = []
    for top, dirs, files in os.walk(release):
        base = Path(top).relative_to(release)
        # os.walk lists a symlink to a folder among `dirs` and does not enter it: it is an entry of its own.
        found += [(base / name).as_posix() for name in files + [d for d in dirs if (Path(top) / d).is_symlink()]]
    # The files desktops drop in every folder they show are not a user's work.
    return sorted(name for name in found if name not in kept and PurePosixPath(name).name not in _DESKTOP_LITTER)


def edited_entries(release: Path, listed: dict[str, str]) -> list[str]:
    """Listed files whose bytes are no longer those `SHA256SUMS` lists, as `name (edited)`."""
    return [
        f"{name} (edited)"
        for name, digest in sorted(listed.items())
        if (path := release / name).is_file() and not path.is_symlink() and file_digest(path)[1] != digest
    ]


def check_target(out: Path, dataset: Path | None, *, hashed: bool = False) -> None:
    """Refuse (`OutputRefused`) any `out` but a previous release holding nothing unlisted (nor,
    when `hashed`, edited), an empty folder, or nothing; never inside or holding the dataset."""
    try:
        str(out).encode("utf-8")
    except UnicodeEncodeError:
        # Undecodable bytes (or non-ASCII under a POSIX locale): the Parquet writer takes UTF-8 paths only.
        shown = str(out).encode("utf-8", "backslashreplace").decode("ascii", "backslashreplace")
        raise OutputRefused(
            f"{shown} is not a path the writer can use (it is not valid UTF-8 in this locale); give a folder "
            "name in UTF-8, or run with a UTF-8 locale (PYTHONUTF8=1)"
        ) from None
    if out.is_symlink():
        raise OutputRefused(f"{out} is a symbolic link; give the real folder to build into")
    target = out.resolve()
    if dataset is not None:
        root = dataset.resolve()
        if target.is_relative_to(root) or root.is_relative_to(target):
            raise OutputRefused(
                f"{out} is inside the dataset folder {dataset} or holds it; build somewhere else (default: build/)"
            )
    if not out.exists():
        above = not_a_folder_on_the_way(out)
        if above is not None:
            raise OutputRefused(f"{out} cannot be made: {above} is a file, not a folder; give another --out")
        return
    if not out.is_dir():
        raise OutputRefused(f"{out} exists and is not a folder; refusing to replace it")
    if not any(out.iterdir()):
        return
    if is_release(out):
        listed = listed_digests(out)
        added = unlisted_entries(out, listed) + (edited_entries(out, listed) if hashed else [])
        if not added:
            return
        shown = ", ".join(added[:5]) + (f" and {len(added) - 5} more" if len(added) > 5 else "")
        what = (
            f"what its {CHECKSUMS} does not list or lists otherwise" if listed else f"no readable {CHECKSUMS}, and so cannot tell"
        )
        raise OutputRefused(
            f"{out} is a release, but holds {what}: {shown}. A build replaces the whole folder, so these "
            "would be lost: move them out (or delete them, or the folder), or build into another folder"
        )
    raise OutputRefused(
        f"{out} holds files that are not a landmine-news release (no datapackage.json of this project); "
        "refusing to replace it: give an empty or new folder"
    )


def lock_path(out: Path) -> Path:
    """The lock file of builds into `out`: beside it, since Windows cannot rename a folder holding an open file."""
    return out.parent / f".{out.name}.lock"


@contextlib.contextmanager
def locked(out: Path, *, timeout: float = -1) -> Iterator[None]:
    """Hold the lock on building into `out`: wait for ever, or at most a non-negative `timeout` (`filelock.Timeout`)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    path = lock_path(out)
    lock: BaseFileLock = FileLock(path, timeout=timeout)
    with lock:
        try:
            yield
        finally:
            if isinstance(lock, UnixFileLock):
                # filelock's Unix lock keeps its file (litter beside every release). Deleting it while
                # held is safe: a waiting build finds it nameless once locked, and retries on a new one.
                with contextlib.suppress(OSError):
                    path.unlink()


def temporary_sibling(out: Path) -> Path:
    """A new, empty folder beside `out`, named for this process, to write the next release into."""
    tmp = out.parent / f".{out.name}.tmp-{os.getpid()}-{secrets.token_hex(4)}"
    tmp.mkdir()
    return tmp


def _leftover_pid(name: str, prefix: str) -> int | None:
    """The process id in a leftover's name (`<prefix>PID-TOKEN`); None for any other name."""
    if not name.startswith(prefix):
        return None
    pid, _, token = name[len(prefix) :].partition("-")
    return int(pid) if pid.isascii() and pid.isdigit() and token else None


def _owner_alive(pid: int) -> bool:
    """Whether the process that made a leftover may still work on it. POSIX only: on Windows
    `os.kill` would end that process, so the lock alone decides."""
    if pid == os.getpid() or os.name != "posix":
        return False
    try:
        with contextlib.suppress(PermissionError):  # alive, but another user's
            os.kill(pid, 0)
    except (ProcessLookupError, OverflowError):
        return False
    return True


def remove_leftovers(out: Path) -> None:
    """Clean up after builds killed earlier, with the lock held: delete their temporary folders,
    and put back a previous release a killed swap left under its `.old-` name."""
    temporary, replaced = f".{out.name}.tmp-", f".{out.name}.old-"
    # Listed rather than globbed: a folder name may hold characters glob reads as patterns.
    named = (p for p in out.parent.iterdir() if p.name.startswith((temporary, replaced)))
    for folder in sorted(p for p in named if p.is_dir() and not p.is_symlink()):
        pid = _leftover_pid(folder.name, temporary)
        if pid is not None:
            if not _owner_alive(pid):
                shutil.rmtree(folder, ignore_errors=True)
            continue
        pid = _leftover_pid(folder.name, replaced)
        if pid is None or _owner_alive(pid):
            continue
        # Only a whole previous release (or an empty folder) is put back: `_discard` deletes the descriptor first.
        if not out.exists() and (is_release(folder) or not any(folder.iterdir())):
            _rename(folder, out)
        else:
            _discard(folder)


def swap_into_place(tmp: Path, out: Path) -> None:
    """Make `tmp` the folder at `out`: the previous release moves aside to a `.old-` sibling, then
    `tmp` takes its name; if that fails the previous one is put back. Every file must be closed."""
    if not out.exists():
        _rename(tmp, out)
        return
    old = out.parent / f".{out.name}.old-{os.getpid()}-{secrets.token_hex(4)}"
    try:
        _rename(out, old)
    except PermissionError as exc:
        reason = (
            f"cannot move {out.name} aside to replace it ({exc.strerror}); it was left as it was. "
            "A program may have one of its files open (close it and build again), or the folder "
            "that holds it may not be writable"
        )
        raise PermissionError(exc.errno, reason, str(out)) from exc
    try:
        _rename(tmp, out)
    except BaseException as exc:
        try:
            _rename(old, out)
        except OSError:
            exc.add_note(f"The previous release is at {old}; the next build into {out} puts it back.")
        raise
    _discard(old)


def _discard(folder: Path) -> None:
    """Delete a replaced release, its descriptor first (a deletion cut short is no release to put
    back); what cannot be deleted now is left to the next build's `remove_leftovers`."""
    with contextlib.suppress(OSError):
        (folder / "datapackage.json").unlink()
    shutil.rmtree(folder, ignore_errors=True)


_RENAME_TRIES = 6


def _rename(src: Path, dst: Path) -> None:
    """`os.rename`, tried again for a moment when refused (on Windows a scanner may hold a new file open)."""
    for attempt in range(_RENAME_TRIES):
        try:
            os.rename(src, dst)
            return
        except PermissionError:
            if attempt == _RENAME_TRIES - 1:
                raise
            time.sleep(0.02 * 2**attempt)
