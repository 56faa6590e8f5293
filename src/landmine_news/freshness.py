"""Is a committed release what the dataset builds to now? Compared by content, not bytes.

Parquet bytes can change with a pyarrow upgrade alone, so tables are compared by schema
and rows; CSV, JSON Schemas and datapackage.json (less Parquet hashes) by text.

    python -m landmine_news.freshness COMMITTED FRESH
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from .builder import CHECKSUMS
from .dataset import TABLES

REBUILD = "run `landmine-news build` and commit build/"


def _package(path: Path) -> dict:
    data = json.loads((path / "datapackage.json").read_text(encoding="utf-8"))
    for res in data.get("resources", []):
        res.pop("landmine_news:parquet", None)
    return data


def _table(path: Path) -> tuple:
    import pyarrow.parquet as pq

    t = pq.read_table(path)
    return t.schema, t.to_pylist()


def compare(committed: str | Path, fresh: str | Path) -> list[str]:
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
        p.relative_to(b).as_posix() for p in b.rglob("*") if p.is_file()}
    diffs += [f"{a / n}: not produced by the build" for n in sorted(extra)]
    if not (a / CHECKSUMS).is_file():
        diffs.append(f"{a / CHECKSUMS}: missing")
    return diffs


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        sys.stderr.write("usage: python -m landmine_news.freshness COMMITTED FRESH\n")
        return 2
    diffs = compare(*args)
    for d in diffs:
        print(d)
    if diffs:
        print(f"the committed release is stale: {REBUILD}")
        return 1
    print("the committed release matches a fresh build")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
