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

from ..errors import InvalidDataset, NotAFolder, ReleaseError, ReleaseNotFound, UnknownFolder, UnknownFormat
from ..models.base import Record
from ..models.dataset import Dataset
from ..models.rows import from_row
from ..models.tables import TABLES, TableName, columns
from ..version import SCHEMA_VERSION
from .csv_cells import parse_csv_cell

Format = Literal["parquet", "csv"]
FORMATS: tuple[Format, ...] = ("parquet", "csv")


def default_release() -> Path:
    """The release bundled with the package (wheel), or the repository's `build/` (editable install)."""
    bundled = resources.files("landmine_news") / "data" / "release"
    if bundled.is_dir() and (bundled / "datapackage.json").is_file():
        return Path(str(bundled))
    repo_build = Path(__file__).resolve().parents[3] / "build"
    if (repo_build / "datapackage.json").is_file():
        return repo_build
    raise ReleaseNotFound("no bundled release found; pass the path of a release folder to load()")


def read_rows(path: Path, table: TableName, fmt: Format) -> tuple[list[dict[str, Any]], dict[str, str]]:
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
        raise ReleaseError(f"{table}.csv has columns this package does not know: {', '.join(unknown)}")
    rows = [{h: parse_csv_cell(cols[h], cell) for h, cell in zip(header, line, strict=False)} for line in reader]
    package = json.loads((path / "datapackage.json").read_text(encoding="utf-8"))
    meta = {
        "landmine_news.schema_version": package.get("landmine_news:schema_version", ""),
        "landmine_news.dataset_version": package.get("version", ""),
    }
    return rows, meta


def load(path: str | Path | None = None, *, format: Format = "parquet") -> Dataset:
    """Load a release folder (default: the one shipped with the package) as validated models.

    A working dataset folder (with `articles/` or `actors/`) is validated instead, and
    loaded when valid; `InvalidDataset` carries the report when it is not.
    """
    if format not in FORMATS:
        raise UnknownFormat(f"unknown format {format!r}; use one of {', '.join(FORMATS)}")
    folder = Path(path) if path is not None else default_release()
    if not folder.is_dir():
        raise NotAFolder(f"{folder} is not a folder")
    if (folder / "datapackage.json").is_file():
        return _load_release(folder, format)
    from ..checks.layout import is_dataset

    if is_dataset(folder):
        return _load_dataset(folder)
    raise UnknownFolder(f"{folder} is neither a release (no datapackage.json) nor a dataset folder (no articles/)")


def _load_release(folder: Path, format: Format) -> Dataset:
    tables: dict[TableName, list[Record]] = {}
    meta: dict[str, str] = {}
    for table in TABLES:
        rows, meta = read_rows(folder, table, format)
        release_schema = meta.get("landmine_news.schema_version", "")
        if release_schema.split(".")[0] != SCHEMA_VERSION.split(".")[0]:
            raise ReleaseError(
                f"{folder} was built with schema {release_schema or 'unknown'}; this package reads "
                f"schema {SCHEMA_VERSION.split('.')[0]}.x: install a matching landmine-news version"
            )
        tables[table] = [from_row(table, r) for r in rows]
    version, schema = meta.get("landmine_news.dataset_version"), meta.get("landmine_news.schema_version")
    return Dataset.from_tables(tables, version=version, schema_version=schema)


def _load_dataset(folder: Path) -> Dataset:
    from ..checks.report_render import text
    from ..checks.validation import check_dataset

    checked = check_dataset(folder)
    if not checked.report.ok:
        raise InvalidDataset(f"{folder} is not a valid dataset:\n{text(checked.report)}", checked.report)
    ds = checked.dataset
    # It validated against this package's schema, so say so: a diff against a release
    # then shows a schema change only when there is one. It has no dataset version yet.
    return Dataset(ds.articles, ds.quotes, ds.actors, ds.figures, version=None, schema_version=SCHEMA_VERSION)
