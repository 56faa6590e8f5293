"""Names a release lists (in `SHA256SUMS` or `datapackage.json`) are untrusted input: the
paths handed out are relative, without `..`, and resolve inside the release folder."""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import Any


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
