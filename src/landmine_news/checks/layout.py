"""The layout of a dataset folder: what makes a folder a dataset, and which files it holds."""

from __future__ import annotations

import os
from pathlib import Path

from .files import inside
from .problems import Problem

ARTICLES, ACTORS, SOURCES = "articles", "actors", "sources"


def is_dataset(root: Path) -> bool:
    """True for a folder with `articles/` or `actors/` in it."""
    return (root / ARTICLES).is_dir() or (root / ACTORS).is_dir()


def list_files(root: Path, folder: str, suffix: str) -> tuple[list[tuple[Path, str]], list[Problem]]:
    """(path, display name) of each `*suffix` file in `root/folder`, sorted, and problems with the rest."""
    base = root / folder
    if not base.is_dir():
        return [], []
    out: list[tuple[Path, str]] = []
    problems: list[Problem] = []
    prefix = root.as_posix()
    with os.scandir(base) as entries:
        for entry in sorted(entries, key=lambda e: e.name):
            if entry.name.startswith("."):
                continue
            p = base / entry.name
            display = f"{prefix}/{folder}/{entry.name}"
            # Only a symlink can lead outside: plain entries of a listed folder are inside it.
            if entry.is_symlink() and not inside(root, p):
                problems.append(Problem("path-escapes", f"{entry.name} points outside the dataset folder", file=display))
            elif not entry.name.endswith(suffix) or not entry.is_file():
                what = "folder" if entry.is_dir() else "file"
                problems.append(
                    Problem("file-unexpected", f"unexpected {what} {entry.name} in {folder}/", file=display, severity="warning")
                )
            else:
                out.append((p, display))
    return out, problems
