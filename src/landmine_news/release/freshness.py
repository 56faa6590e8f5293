"""Is a committed release what the dataset builds to now? Compared by content, not bytes.

Parquet bytes can change with a pyarrow upgrade alone, so tables are compared by schema
and rows; CSV, JSON Schemas and datapackage.json (less Parquet hashes) by text.
`landmine-news build --check` builds afresh into a temporary folder and calls this.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..models.tables import TABLES
from .checksums import CHECKSUMS
from .writer import BuildResult, build

REBUILD = "run `landmine-news build` and commit build/"


def _package(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((path / "datapackage.json").read_text(encoding="utf-8"))
    for res in data.get("resources", []):
        res.pop("landmine_news:parquet", None)
    return data


def _table(path: Path) -> tuple[Any, list[dict[str, Any]]]:
    import pyarrow.parquet as pq

    t = pq.read_table(path)
    return t.schema, t.to_pylist()


def release_staleness(committed: str | Path, fresh: str | Path) -> list[str]:
    """Differences between two releases' contents, one line each; empty when equivalent."""
    a, b = Path(committed), Path(fresh)
    diffs = []
    for table in TABLES:
        for suffix in ("csv", "parquet"):
            name = f"{table}.{suffix}"
            if not (a / name).is_file():
                diffs.append(f"{a / name}: missing")
                continue
            same = (a / name).read_bytes() == (b / name).read_bytes() if suffix == "csv" else _table(a / name) == _table(b / name)
            if not same:
                diffs.append(f"{a / name}: content differs from a fresh build")
    schema_names = sorted(p.name for p in (b / "schema").glob("*.json"))
    for name in schema_names:
        pa, pb = a / "schema" / name, b / "schema" / name
        if not pa.is_file() or pa.read_bytes() != pb.read_bytes():
            diffs.append(f"{pa}: differs from a fresh build")
    if not (a / "datapackage.json").is_file() or _package(a) != _package(b):
        diffs.append(f"{a / 'datapackage.json'}: differs from a fresh build")
    extra = {p.relative_to(a).as_posix() for p in a.rglob("*") if p.is_file()} - {
        p.relative_to(b).as_posix() for p in b.rglob("*") if p.is_file()
    }
    diffs += [f"{a / n}: not produced by the build" for n in sorted(extra)]
    if not (a / CHECKSUMS).is_file():
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
