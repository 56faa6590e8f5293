"""Is a committed release what the dataset builds to now (`build --check`)? Compared by content:
Parquet by schema and rows and SQLite by its SQL dump (library upgrades change their bytes),
datapackage.json less Parquet hashes, every other file by bytes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..digests import CHECKSUMS
from .writer import BuildResult, build

REBUILD = "run `landmine-news build` and commit build/"


def _package(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((path / "datapackage.json").read_text(encoding="utf-8"))
    for res in data.get("resources", []):
        res.pop("landmine_news:parquet", None)
    return data


def _table(path: Path) -> tuple[Any, list[dict[str, Any]]]:
    import pyarrow.parquet as pq

    t = pq.ParquetFile(path).read()
    return t.schema, t.to_pylist()


def _sqlite_dump(path: Path) -> list[str]:
    import sqlite3

    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return list(db.iterdump())
    finally:
        db.close()


def _same(a: Path, b: Path) -> bool:
    if a.suffix == ".parquet":
        return _table(a) == _table(b)
    if a.suffix == ".sqlite":
        return _sqlite_dump(a) == _sqlite_dump(b)
    if a.name == "datapackage.json":
        return _package(a.parent) == _package(b.parent)
    return a.read_bytes() == b.read_bytes()


def release_staleness(committed: str | Path, fresh: str | Path) -> list[str]:
    """Differences between two releases' contents, one line each; empty when equivalent."""
    a, b = Path(committed), Path(fresh)
    names_a = {p.relative_to(a).as_posix() for p in a.rglob("*") if p.is_file()}
    names_b = {p.relative_to(b).as_posix() for p in b.rglob("*") if p.is_file()}
    diffs = []
    for name in sorted(names_b - {CHECKSUMS}):
        if name not in names_a:
            diffs.append(f"{a / name}: missing")
        elif not _same(a / name, b / name):
            diffs.append(f"{a / name}: content differs from a fresh build")
    diffs += [f"{a / n}: not produced by the build" for n in sorted(names_a - names_b)]
    if CHECKSUMS not in names_a:
        diffs.append(f"{a / CHECKSUMS}: missing")
    return diffs


def check_fresh(
    dataset: str | Path | None, committed: str | Path, *, workers: int | None = None, cache: bool = True
) -> tuple[BuildResult, list[str]]:
    """Build `dataset` into a temporary folder and compare the release at `committed` with it:
    the build result and the differences, one line each."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="landmine-news-fresh-") as tmp:
        result = build(dataset, Path(tmp) / "build", workers=workers, cache=cache)
        diffs = release_staleness(committed, result.out) if result.report.ok else []
    return result, diffs
