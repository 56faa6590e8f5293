"""Replacing a release folder safely: only a previous release, under a lock, atomically.

The new release is written into a uniquely named temporary folder beside the target and
swapped in with one rename, so an interrupted or failed build never leaves a partial or
mixed release. While a build writes, it holds an exclusive lock on the target's parent
folder: two builds into the same place take turns instead of deleting each other's work.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import secrets
import shutil
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from ..checks.files import not_a_folder_on_the_way
from ..errors import OutputRefused
from .checksums import CHECKSUMS, file_digest
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
    """Entries other than folders in a release folder that its `SHA256SUMS` (`listed`: name ->
    digest) does not list, sorted: what someone added after the build (no symlink is followed).
    An empty folder holds nothing to lose, so a folder counts only through what is in it."""
    kept = set(listed) | {CHECKSUMS}
    found = []
    for top, dirs, files in os.walk(release):
        base = Path(top).relative_to(release)
        # os.walk lists a symlink to a folder among `dirs` and does not enter it: it is an entry of its own.
        found += [(base / name).as_posix() for name in files + [d for d in dirs if (Path(top) / d).is_symlink()]]
    # The files desktops drop in every folder they show are not a user's work.
    return sorted(name for name in found if name not in kept and PurePosixPath(name).name not in _DESKTOP_LITTER)


def edited_entries(release: Path, listed: dict[str, str]) -> list[str]:
    """Listed files whose bytes are no longer those `SHA256SUMS` lists (`listed`), each as
    `name (edited)`: someone's changes (or damage) that a build would overwrite. Missing ones
    lose nothing."""
    edited = []
    for name, digest in sorted(listed.items()):
        path = release / name
        if path.is_file() and not path.is_symlink() and file_digest(path)[1] != digest:
            edited.append(f"{name} (edited)")
    return edited


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def check_target(out: Path, dataset: Path | None, *, hashed: bool = False) -> None:
    """Refuse any `out` a build must not replace; return quietly when it may.

    A build may replace only a previous release of this project that holds nothing its
    `SHA256SUMS` does not list (`unlisted_entries`), an empty folder, or nothing; never a
    file, a symlink, a folder of other things, or anything inside (or holding) the dataset.
    """
    if out.is_symlink():
        raise OutputRefused(f"{out} is a symbolic link; give the real folder to build into")
    target = out.resolve()
    if dataset is not None:
        root = dataset.resolve()
        if _inside(target, root) or _inside(root, target):
            raise OutputRefused(
                f"{out} is inside the dataset folder {dataset} or holds it; build somewhere else (default: build/)"
            )
    if not out.exists():
        # Its folder is made: the nearest thing on the way that exists must be a folder.
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
        # Every listed file is hashed once, right before the swap (`writer.write_tables`).
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


@contextlib.contextmanager
def locked(out: Path) -> Iterator[None]:
    """Hold an exclusive lock on `out`'s parent folder (waits for another build to finish)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(out.parent, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def temporary_sibling(out: Path) -> Path:
    """A new, empty folder beside `out`, named for this process, to write the next release into."""
    tmp = out.parent / f".{out.name}.tmp-{os.getpid()}-{secrets.token_hex(4)}"
    tmp.mkdir()
    return tmp


def _owner_alive(name: str) -> bool:
    """Whether the process whose pid is in a leftover's name (`.x.tmp-PID-...`) still runs."""
    try:
        pid = int(name.split("-", 2)[1])
    except (IndexError, ValueError):
        return False
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_leftovers(out: Path) -> None:
    """Clean up after builds killed earlier, leaving alone what a live process still owns.

    A killed build may have left its temporary folder; a killed swap may have left the
    previous release under its old name with no current one: that one is restored.
    """
    for stale in out.parent.glob(f".{out.name}.tmp-*"):
        if not _owner_alive(stale.name.rsplit(".tmp", 1)[1]):
            shutil.rmtree(stale, ignore_errors=True)
    for old in sorted(out.parent.glob(f".{out.name}.old-*")):
        if _owner_alive(old.name.rsplit(".old", 1)[1]):
            continue
        if not out.exists():
            old.rename(out)
        else:
            shutil.rmtree(old, ignore_errors=True)


def swap_into_place(tmp: Path, out: Path) -> None:
    """Make `tmp` the folder at `out`, removing what was there before."""
    if not out.exists():
        tmp.rename(out)
        return
    if _exchange(tmp, out):  # out now holds the new release, tmp the previous one
        shutil.rmtree(tmp)
        return
    old = out.parent / f".{out.name}.old-{os.getpid()}-{secrets.token_hex(4)}"
    out.rename(old)
    tmp.rename(out)
    shutil.rmtree(old)


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths with Linux renameat2(RENAME_EXCHANGE); False where unsupported."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    return bool(renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0)
