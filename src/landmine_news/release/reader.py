"""Reading a release (Parquet or CSV) back into validated models, refusing a damaged one with one
`ReleaseInvalid` (problems as `verify` reports them). Ids are checked from the id columns alone
before any row becomes a model, so a forged file of a million copies costs little.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from pydantic import ValidationError

from ..checks.report.problems import Problem
from ..errors import FolderNotFound, InvalidDataset, ReleaseInvalid, ReleaseNotFound, UnknownFolder, UnknownFormat
from ..models.base import Record
from ..models.dataset import Dataset
from ..models.rows import from_row
from ..models.tables import TABLES, TableName, columns
from ..version import SCHEMA_VERSION
from .csv_cells import parse_csv_cell
from .derived_tables import link_rows_of_records, link_tables
from .integrity import TableFile, id_problems, record_problems

Format = Literal["parquet", "csv"]
FORMATS: tuple[Format, ...] = ("parquet", "csv")
MAX_TABLE_BYTES = 1 << 30  # a larger release table is refused, not read into memory
MAX_DESCRIPTOR_BYTES = 4 << 20
MAX_LINK_BYTES = 1 << 28


def default_release() -> Path:
    """The release bundled with the package (wheel), or the repository's `build/` (editable install)."""
    bundled = resources.files("landmine_news") / "data" / "release"
    if bundled.is_dir() and (bundled / "datapackage.json").is_file():
        return Path(str(bundled))
    repo_build = Path(__file__).resolve().parents[3] / "build"
    if (repo_build / "datapackage.json").is_file():
        return repo_build
    raise ReleaseNotFound("no bundled release found; pass the path of a release folder to load()")


DESCRIPTOR = "datapackage.json"


def _refused(folder: Path, problems: list[Problem]) -> None:
    """Raise `ReleaseInvalid` with `problems`, in file and row order, if there are any."""
    if problems:
        raise ReleaseInvalid(folder, sorted(problems, key=Problem.sort_key))


def release_descriptor(folder: Path) -> dict[str, Any]:
    """The release's `datapackage.json` as an object; `ReleaseInvalid` when it cannot be one."""
    path = folder / DESCRIPTOR
    if path.is_symlink() or (path.exists() and not path.is_file()):
        raise ReleaseInvalid(folder, [Problem("release-file-not-regular", "not a regular file", file=DESCRIPTOR)])
    if not path.exists():
        raise ReleaseInvalid(folder, [Problem("release-file-missing", "missing; cannot read the release", file=DESCRIPTOR)])
    try:
        if path.stat().st_size > MAX_DESCRIPTOR_BYTES:
            message = "larger than a descriptor may be"
        elif isinstance(data := json.loads(path.read_text(encoding="utf-8")), dict):
            return data
        else:
            message = f"the top level is a {type(data).__name__}, not an object"
    except (OSError, ValueError, RecursionError) as exc:
        message = f"unreadable ({type(exc).__name__}: {str(exc)[:200]})"
    raise ReleaseInvalid(folder, [Problem("release-manifest-invalid", message, file=DESCRIPTOR)])


def _schema_problem(file: str, release_schema: str) -> list[Problem]:
    major = SCHEMA_VERSION.split(".")[0]
    if release_schema.split(".")[0] == major:
        return []
    message = (
        f"the release was built with schema {release_schema or 'unknown'}; this package reads "
        f"schema {major}.x: install a matching landmine-news version"
    )
    return [Problem("release-schema-version", message, file=file, value=release_schema or None)]


@dataclass
class _Read:
    """One table read as far as its ids: the rows themselves come when the ids hold."""

    where: TableFile
    ids: list[Any]
    rows: Callable[[], list[dict[str, Any]]]
    meta: dict[str, str]


def _table_file(folder: Path, name: str) -> Path | Problem:
    path = folder / name
    if path.is_symlink() or not path.is_file():
        return Problem("release-file-missing", "missing or not a regular file", file=name)
    if path.stat().st_size > MAX_TABLE_BYTES:
        return Problem(
            "release-table-unreadable", f"{path.stat().st_size:,} bytes is more than a release table may hold", file=name
        )
    return path


def _parquet_table(folder: Path, table: TableName) -> _Read | Problem:
    import pyarrow as pa
    import pyarrow.parquet as pq

    name = f"{table}.parquet"
    path = _table_file(folder, name)
    if isinstance(path, Problem):
        return path
    errors = (OSError, KeyError, UnicodeDecodeError, pa.ArrowException)

    def unreadable(exc: Exception) -> Problem:
        return Problem("release-table-unreadable", f"not a readable Parquet table of this release ({exc})", file=name)

    try:
        file = pq.ParquetFile(path)
        meta = {k.decode(): v.decode() for k, v in (file.schema_arrow.metadata or {}).items() if not k.startswith(b"ARROW")}
        ids = file.read(columns=["id"]).column("id").to_pylist()
    except errors as exc:
        return unreadable(exc)

    def rows() -> list[dict[str, Any]]:
        try:
            found: list[dict[str, Any]] = file.read().to_pylist()
            return found
        except errors as exc:
            raise ReleaseInvalid(folder, [unreadable(exc)]) from None

    return _Read(TableFile(table, name), ids, rows, meta)


def _csv_table(folder: Path, table: TableName, meta: dict[str, str]) -> _Read | Problem:
    name = f"{table}.csv"
    path = _table_file(folder, name)
    if isinstance(path, Problem):
        return path
    cols = {c.name: c for c in columns(table)}

    def unreadable(message: str, line: int | None = None) -> Problem:
        return Problem("release-table-unreadable", message, file=name, line=line)

    reader = None
    try:
        reader = csv.reader(io.StringIO(path.read_bytes().decode("utf-8"), newline=""))
        header = next(reader, None)
        if header is None:
            return unreadable("empty file, no header row")
        unknown = [h for h in header if h not in cols]
        if unknown:
            return unreadable(f"columns this package does not know: {', '.join(unknown)}", 1)
        rows, lines = [], []
        start = reader.line_num + 1
        for record in reader:
            if len(record) != len(header):
                return unreadable(f"a record of {len(record)} cells, the header {len(header)}", start)
            rows.append({h: parse_csv_cell(cols[h], cell) for h, cell in zip(header, record, strict=True)})
            lines.append(start)
            start = reader.line_num + 1
    except (UnicodeDecodeError, csv.Error, ValueError, RecursionError) as exc:
        line = reader.line_num if reader is not None and reader.line_num else None
        return unreadable(f"not a readable CSV table of this release ({exc})", line)
    return _Read(TableFile(table, name, lines), [r.get("id") for r in rows], lambda: rows, meta)


def load(path: str | Path | None = None, *, format: Format = "parquet") -> Dataset:
    """Load a release folder (default: the one shipped with the package) as validated models; a
    damaged one raises `ReleaseInvalid`. A dataset folder is validated, and loaded if valid."""
    if format not in FORMATS:
        raise UnknownFormat(f"unknown format {format!r}; use one of {', '.join(FORMATS)}")
    folder = Path(path) if path is not None else default_release()
    if not folder.is_dir():
        raise FolderNotFound(f"{folder} is not a folder")
    if (folder / DESCRIPTOR).is_file():
        return _load_release(folder, format)
    from ..checks.reading.dataset_folder import is_dataset

    if is_dataset(folder):
        return _load_dataset(folder)
    raise UnknownFolder(f"{folder} is neither a release (no datapackage.json) nor a dataset folder (no articles/)")


MAX_ROW_PROBLEMS = 100  # invalid rows named per table; the rest are counted (a forged table may have millions)


def _models(where: TableFile, rows: list[dict[str, Any]], problems: list[Problem]) -> list[tuple[int, Record]]:
    """The table's records with their rows (1-based); each invalid row is a problem instead."""
    records = []
    bad = 0
    for i, row in enumerate(rows, 1):
        try:
            records.append((i, from_row(where.table, row)))
        except ValidationError as exc:
            bad += 1
            if bad <= MAX_ROW_PROBLEMS:
                first = exc.errors(include_url=False)[0]
                field = ".".join(str(p) for p in first.get("loc", ())) or None
                message = f"record {row.get('id')!r} is not valid: {field or 'the row as a whole'}: {first['msg']}"
                problems.append(where.problem(i, "release-row-invalid", message, field=field))
    if bad > MAX_ROW_PROBLEMS:
        message = f"{bad - MAX_ROW_PROBLEMS:,} more invalid rows (not listed one by one)"
        problems.append(Problem("release-row-invalid", message, file=where.file))
    return records


def _load_release(folder: Path, format: Format) -> Dataset:
    # The descriptor's version is checked before any table: a release of another major
    # schema version has other columns, and should be refused for its version, not them.
    descriptor = release_descriptor(folder)
    schema = str(descriptor.get("landmine_news:schema_version", ""))
    _refused(folder, _schema_problem(DESCRIPTOR, schema))
    meta = {"landmine_news.schema_version": schema, "landmine_news.dataset_version": str(descriptor.get("version", ""))}
    reads: list[_Read] = []
    problems: list[Problem] = []
    for table in TABLES:
        read = _parquet_table(folder, table) if format == "parquet" else _csv_table(folder, table, meta)
        if isinstance(read, Problem):
            problems.append(read)
        else:
            problems += _schema_problem(read.where.file, read.meta.get("landmine_news.schema_version", ""))
            reads.append(read)
    _refused(folder, problems)
    # One id rule for the whole release, as for a dataset; from the id columns, before any model.
    _refused(folder, id_problems([(read.where, read.ids) for read in reads]))
    tables = [(read.where, _models(read.where, read.rows(), problems)) for read in reads]
    _refused(folder, problems)  # every table's invalid rows at once; references between them would only add noise
    _refused(folder, record_problems(tables))
    meta = reads[-1].meta if reads else meta
    records = {where.table: [record for _, record in rows] for where, rows in tables}
    version, schema_version = meta.get("landmine_news.dataset_version"), meta.get("landmine_news.schema_version")
    ds = Dataset.from_tables(records, version=version, schema_version=schema_version)
    _refused(folder, _link_problems(folder, ds, format))
    return ds


def _link_rows(path: Path, format: Format) -> list[tuple[Any, ...]]:
    if path.stat().st_size > MAX_LINK_BYTES:
        raise ValueError("larger than a link table may be")
    if format == "parquet":
        import pyarrow.parquet as pq

        table = pq.ParquetFile(path).read()  # not read_table: it imports pyarrow.dataset, and that pandas
        return [tuple(r.values()) for r in table.to_pylist()]
    reader = csv.reader(io.StringIO(path.read_bytes().decode("utf-8"), newline=""))
    next(reader, None)
    return [(a, b, int(p)) for a, b, p in reader]


def _link_problems(folder: Path, ds: Dataset, format: Format) -> list[Problem]:
    """The link tables must hold what the list columns (the models' source) derive to: if not, they were edited."""
    problems = []
    for link in link_tables():
        name = f"{link.name}.{format}"
        path = folder / name
        if path.is_symlink() or not path.is_file():
            problems.append(Problem("release-file-missing", "missing or not a regular file", file=name))
            continue
        try:
            found = _link_rows(path, format)
        except Exception as exc:  # any unreadable link table is the same problem, named
            message = f"not a readable link table ({type(exc).__name__}: {str(exc)[:200]})"
            problems.append(Problem("release-table-unreadable", message, file=name))
            continue
        if found != link_rows_of_records(link, ds.table(link.owner)):
            message = f"does not match `{link.owner}.{link.field}` (the release was edited by hand)"
            problems.append(Problem("release-link-mismatch", message, file=name))
    return problems


def _load_dataset(folder: Path) -> Dataset:
    from ..checks.engine.validation import check_dataset
    from ..checks.report.render import text

    checked = check_dataset(folder)
    if not checked.report.ok:
        raise InvalidDataset(f"{folder} is not a valid dataset:\n{text(checked.report)}", checked.report)
    ds = checked.dataset
    # It validated against this schema: so a diff against a release shows only a real schema change.
    return Dataset(ds.articles, ds.quotes, ds.actors, ds.figures, version=None, schema_version=SCHEMA_VERSION)
