"""Reading a release (Parquet or CSV) back into validated models.

`load()` with no path reads the release shipped inside the installed package, so it
works offline right after `pip install landmine-news`.
"""

from __future__ import annotations

import csv
import io
import json
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from .dataset import TABLES, Dataset
from .tables import columns, from_row, parse_csv_cell
from .version import SCHEMA_VERSION


def default_release() -> Path:
    """The release bundled with the package (wheel), or the repository's `build/` (editable install)."""
    bundled = resources.files("landmine_news") / "release"
    if bundled.is_dir() and (bundled / "datapackage.json").is_file():
        return Path(str(bundled))
    repo_build = Path(__file__).resolve().parents[2] / "build"
    if (repo_build / "datapackage.json").is_file():
        return repo_build
    raise FileNotFoundError("no bundled release found; pass the path of a release folder to load()")


def read_rows(path: Path, table: str, fmt: Literal["parquet", "csv"]) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """Rows of one release table as plain dicts, and the file-level metadata."""
    if fmt == "parquet":
        import pyarrow.parquet as pq

        arrow = pq.read_table(path / f"{table}.parquet")
        meta = {k.decode(): v.decode() for k, v in (arrow.schema.metadata or {}).items() if not k.startswith(b"ARROW")}
        return arrow.to_pylist(), meta
    cols = {c.name: c for c in columns(table)}
    text = (path / f"{table}.csv").read_bytes().decode("utf-8")
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader)
    unknown = [h for h in header if h not in cols]
    if unknown:
        raise ValueError(f"{table}.csv has columns this package does not know: {', '.join(unknown)}")
    rows = [{h: parse_csv_cell(cols[h], cell) for h, cell in zip(header, line)} for line in reader]
    package = json.loads((path / "datapackage.json").read_text(encoding="utf-8"))
    meta = {"landmine_news.schema_version": package.get("landmine_news:schema_version", ""),
            "landmine_news.dataset_version": package.get("version", "")}
    return rows, meta


def load(path: str | Path | None = None, *, format: Literal["parquet", "csv"] = "parquet") -> Dataset:
    """Load a release folder (default: the one shipped with the package) as validated models."""
    folder = Path(path) if path is not None else default_release()
    if not folder.is_dir():
        raise FileNotFoundError(f"{folder} is not a release folder")
    tables: dict[str, list[Any]] = {}
    meta: dict[str, str] = {}
    for table in TABLES:
        rows, meta = read_rows(folder, table, format)
        release_schema = meta.get("landmine_news.schema_version", "")
        if release_schema.split(".")[0] != SCHEMA_VERSION.split(".")[0]:
            raise ValueError(
                f"{folder} was built with schema {release_schema or 'unknown'}; this package reads "
                f"schema {SCHEMA_VERSION.split('.')[0]}.x: install a matching landmine-news version"
            )
        tables[table] = [from_row(table, r) for r in rows]
    return Dataset(**tables, version=meta.get("landmine_news.dataset_version"), schema_version=meta.get("landmine_news.schema_version"))
