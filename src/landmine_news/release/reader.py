"""Reading a release (Parquet or CSV) back into validated models, refusing a damaged one.

`load()` with no path reads the release shipped inside the installed package, so it
works offline right after `pip install landmine-news`. Whatever is wrong with a release
folder, the caller gets a `ReleaseError` saying what and where, never a raw exception
from a parser; and a table is checked for duplicate ids from its id column alone before
any row is turned into a model, so a forged file of a million copies costs little.
"""

from __future__ import annotations

import csv
import io
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from pydantic import ValidationError

from ..errors import InvalidDataset, NotAFolder, ReleaseError, ReleaseNotFound, UnknownFolder, UnknownFormat
from ..models.base import Record
from ..models.dataset import Dataset
from ..models.rows import from_row
from ..models.tables import TABLES, TableName, columns
from ..version import SCHEMA_VERSION
from .csv_cells import parse_csv_cell
from .descriptor import read_descriptor
from .integrity import release_problems
from .link_check import link_problems

Format = Literal["parquet", "csv"]
FORMATS: tuple[Format, ...] = ("parquet", "csv")
MAX_TABLE_BYTES = 1 << 30
"""A release table larger than this is refused rather than read into memory."""


def default_release() -> Path:
    """The release bundled with the package (wheel), or the repository's `build/` (editable install)."""
    bundled = resources.files("landmine_news") / "data" / "release"
    if bundled.is_dir() and (bundled / "datapackage.json").is_file():
        return Path(str(bundled))
    repo_build = Path(__file__).resolve().parents[3] / "build"
    if (repo_build / "datapackage.json").is_file():
        return repo_build
    raise ReleaseNotFound("no bundled release found; pass the path of a release folder to load()")


def _table_file(folder: Path, table: TableName, fmt: Format) -> Path:
    path = folder / f"{table}.{fmt}"
    if path.is_symlink() or not path.is_file():
        raise ReleaseError(f"{path}: missing or not a regular file")
    if path.stat().st_size > MAX_TABLE_BYTES:
        raise ReleaseError(f"{path}: {path.stat().st_size:,} bytes is more than a release table may hold")
    return path


def _unique_ids(path: Path, ids: list[Any]) -> None:
    seen: set[Any] = set()
    for rid in ids:
        if rid in seen:
            raise ReleaseError(f"{path}: id {rid!r} appears more than once (the release was edited or forged)")
        seen.add(rid)


def _unique_arrow_ids(path: Path, ids: Any) -> None:
    """Refuse duplicated ids from the Arrow column itself: no Python object per row."""
    import pyarrow.compute as pc

    counts = pc.value_counts(ids)
    repeated = counts.filter(pc.greater(counts.field("counts"), 1))
    if len(repeated):
        rid = repeated[0]["values"].as_py()
        raise ReleaseError(f"{path}: id {rid!r} appears more than once (the release was edited or forged)")


def _parquet_rows(path: Path) -> tuple[list[dict[str, Any]], dict[str, str]]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        file = pq.ParquetFile(path)
        meta = {k.decode(): v.decode() for k, v in (file.schema_arrow.metadata or {}).items() if not k.startswith(b"ARROW")}
        _unique_arrow_ids(path, file.read(columns=["id"]).column("id"))
        return file.read().to_pylist(), meta
    except (OSError, pa.ArrowException, KeyError, UnicodeDecodeError) as exc:
        raise ReleaseError(f"{path}: not a readable Parquet table of this release ({exc})") from None


def _csv_rows(path: Path, table: TableName) -> list[dict[str, Any]]:
    cols = {c.name: c for c in columns(table)}
    try:
        reader = csv.reader(io.StringIO(path.read_bytes().decode("utf-8"), newline=""))
        header = next(reader, None)
        if header is None:
            raise ReleaseError(f"{path}: empty file, no header row")
        unknown = [h for h in header if h not in cols]
        if unknown:
            raise ReleaseError(f"{path}: columns this package does not know: {', '.join(unknown)}")
        rows = []
        for line in reader:
            if len(line) != len(header):
                raise ReleaseError(f"{path}: record {reader.line_num} has {len(line)} cells, the header {len(header)}")
            rows.append({h: parse_csv_cell(cols[h], cell) for h, cell in zip(header, line, strict=True)})
    except (UnicodeDecodeError, csv.Error, ValueError, RecursionError) as exc:
        if isinstance(exc, ReleaseError):
            raise
        raise ReleaseError(f"{path}: not a readable CSV table of this release ({exc})") from None
    _unique_ids(path, [r.get("id") for r in rows])
    return rows


def read_rows(path: Path, table: TableName, fmt: Format) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """Rows of one release table as plain dicts, and the file-level metadata."""
    if fmt == "parquet":
        return _parquet_rows(_table_file(path, table, fmt))
    descriptor = read_descriptor(path)
    meta = {
        "landmine_news.schema_version": str(descriptor.get("landmine_news:schema_version", "")),
        "landmine_news.dataset_version": str(descriptor.get("version", "")),
    }
    return _csv_rows(_table_file(path, table, fmt), table), meta


def load(path: str | Path | None = None, *, format: Format = "parquet") -> Dataset:
    """Load a release folder (default: the one shipped with the package) as validated models.

    A working dataset folder (with `articles/` or `actors/`) is validated instead, and
    loaded when valid; `InvalidDataset` carries the report when it is not. A damaged or
    forged release raises `ReleaseError`.
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


def _check_schema_version(folder: Path, release_schema: str) -> None:
    if release_schema.split(".")[0] != SCHEMA_VERSION.split(".")[0]:
        raise ReleaseError(
            f"{folder} was built with schema {release_schema or 'unknown'}; this package reads "
            f"schema {SCHEMA_VERSION.split('.')[0]}.x: install a matching landmine-news version"
        )


MAX_ROW_PROBLEMS = 100
"""Invalid rows named per table before the rest are counted only: a forged table may have millions."""


def _models(path: Path, table: TableName, rows: list[dict[str, Any]], problems: list[str]) -> list[Record]:
    """The table's records; each invalid row is a sentence in `problems` instead."""
    records = []
    bad = 0
    for i, row in enumerate(rows, 1):
        try:
            records.append(from_row(table, row))
        except ValidationError as exc:
            bad += 1
            if bad <= MAX_ROW_PROBLEMS:
                first = exc.errors(include_url=False)[0]
                where = ".".join(str(p) for p in first.get("loc", ())) or "the row as a whole"
                problems.append(
                    f"{path.parent / table}: row {i} (id {row.get('id')!r}) is not a valid record: {where}: {first['msg']}"
                )
    if bad > MAX_ROW_PROBLEMS:
        problems.append(f"{path.parent / table}: {bad - MAX_ROW_PROBLEMS:,} more invalid rows")
    return records


def _load_release(folder: Path, format: Format) -> Dataset:
    # The descriptor's version is checked before any table: a release of another major
    # schema version has other columns, and should be refused for its version, not them.
    _check_schema_version(folder, str(read_descriptor(folder).get("landmine_news:schema_version", "")))
    tables: dict[TableName, list[Record]] = {}
    meta: dict[str, str] = {}
    invalid: list[str] = []
    for table in TABLES:
        rows, meta = read_rows(folder, table, format)
        _check_schema_version(folder, meta.get("landmine_news.schema_version", ""))
        tables[table] = _models(folder / table, table, rows, invalid)
    if invalid:  # every table's invalid rows at once; references between them would only add noise
        heading = f"{folder} has rows that are not valid records:\n"
        raise ReleaseError(heading + "\n".join(f"  {p}" for p in invalid), tuple(invalid))
    version, schema = meta.get("landmine_news.dataset_version"), meta.get("landmine_news.schema_version")
    ds = Dataset.from_tables(tables, version=version, schema_version=schema)
    problems = release_problems(ds) or link_problems(folder, ds, format)
    if problems:
        heading = f"{folder} is not a consistent release:\n"
        raise ReleaseError(heading + "\n".join(f"  {p}" for p in problems), tuple(problems))
    return ds


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
