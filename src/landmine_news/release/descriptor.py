"""Reading a release's `datapackage.json` defensively: a descriptor is untrusted input.

Whatever its shape (a list at the top, a string for `resources`, a number as a path, deep
nesting), the reader returns a plain dict or raises `ReleaseError`, and the paths it
hands out are relative, without `..`, and resolve inside the release folder.
"""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath
from typing import Any

from ..errors import ReleaseError

MAX_DESCRIPTOR_BYTES = 4 << 20


def read_descriptor(folder: Path) -> dict[str, Any]:
    """The top-level object of `folder/datapackage.json`."""
    path = folder / "datapackage.json"
    try:
        if path.is_symlink() or not path.is_file():
            raise ReleaseError(f"{path}: missing or not a regular file")
        if path.stat().st_size > MAX_DESCRIPTOR_BYTES:
            raise ReleaseError(f"{path}: larger than a descriptor may be")
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError) as exc:
        if isinstance(exc, ReleaseError):
            raise
        raise ReleaseError(f"{path}: unreadable ({type(exc).__name__}: {str(exc)[:200]})") from None
    if not isinstance(data, dict):
        raise ReleaseError(f"{path}: the top level is a {type(data).__name__}, not an object")
    return data


def safe_member(folder: Path, name: object) -> Path | None:
    """`folder/name` when `name` is a relative path inside `folder` with no symlink on the way; else None."""
    if not isinstance(name, str) or not name or "\\" in name or "\x00" in name:
        return None
    pure = PurePosixPath(name)
    if pure.is_absolute() or ".." in pure.parts:
        return None
    path = folder.joinpath(*pure.parts)
    current = folder
    for part in pure.parts:
        current = current / part
        if current.is_symlink():
            return None
    try:
        if not path.resolve().is_relative_to(folder.resolve()):
            return None
    except (OSError, RuntimeError):
        return None
    return path


def resource_files(descriptor: dict[str, Any]) -> tuple[list[dict[str, Any]], list[str]]:
    """The file entries (each a resource or its Parquet twin) and the problems of the shape."""
    resources = descriptor.get("resources", [])
    if not isinstance(resources, list):
        return [], [f"'resources' is a {type(resources).__name__}, not a list"]
    entries, problems = [], []
    for i, res in enumerate(resources):
        if not isinstance(res, dict):
            problems.append(f"resources[{i}] is a {type(res).__name__}, not an object")
            continue
        twin = res.get("landmine_news:parquet")
        for where, entry in ((f"resources[{i}]", res), (f"resources[{i}].landmine_news:parquet", twin)):
            if entry is None:
                continue
            if not isinstance(entry, dict) or not isinstance(entry.get("path"), str):
                problems.append(f"{where}: 'path' must be a string naming one file")
                continue
            entries.append(entry)
    return entries, problems
