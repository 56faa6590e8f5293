"""Replacing a release folder atomically: written beside it, swapped in with one rename.

An interrupted or failed build therefore never leaves a partial or mixed release.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path


def temporary_sibling(out: Path) -> Path:
    """A new, empty folder beside `out` to write the next release into."""
    tmp = out.parent / f".{out.name}.tmp-{os.getpid()}"
    tmp.mkdir()
    return tmp


def remove_leftovers(out: Path) -> None:
    """Clean up after a build killed earlier.

    It may have left its temporary folder; a killed swap may have left the previous
    release under its old name with no current one: that one is restored.
    """
    for stale in out.parent.glob(f".{out.name}.tmp-*"):
        shutil.rmtree(stale, ignore_errors=True)
    for old in sorted(out.parent.glob(f".{out.name}.old-*")):
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
    old = out.parent / f".{out.name}.old-{os.getpid()}"
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
