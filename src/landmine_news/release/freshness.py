"""Is a committed release what the dataset builds to now? Compared by content, not bytes.

Parquet bytes can change with a pyarrow upgrade alone, so tables are compared by schema
and rows, and the SQLite file (whose header names the SQLite version) by its SQL dump;
datapackage.json less Parquet hashes, and every other file by bytes.
`landmine-news build --check` builds afresh into a temporary folder and calls this.
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
    """Same content: Parquet by schema and rows, SQLite by its SQL dump, datapackage less Parquet hashes, else bytes."""
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
    """Build `dataset` into a temporary folder and compare the release at `committed` with it.

    Returns the build result (its report says whether the dataset was valid) and the
    differences, one line each; nothing at `committed` is written.
    """
    import tempfile

    with tempfile.TemporaryDirectory(prefix="landmine-news-fresh-") as tmp:
        result = build(dataset, Path(tmp) / "build", workers=workers, cache=cache)
        diffs = release_staleness(committed, result.out) if result.report.ok else []
    return result, diffs
