"""A loaded release's link tables must hold exactly what its list columns derive to.

The list columns are what `load()` turns into models, and their references are checked
there (`integrity`); the link tables are what generic tools check. A release whose two
disagree was edited by hand, and is refused (`release-link-mismatch`).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from ..checks.report.problems import Problem
from ..models.dataset import Dataset
from .derived_tables import LinkTable, link_rows_of_records, link_tables

MAX_LINK_BYTES = 1 << 28


def _read(path: Path, fmt: str) -> list[tuple[Any, ...]]:
    if path.stat().st_size > MAX_LINK_BYTES:
        raise ValueError("larger than a link table may be")
    if fmt == "parquet":
        import pyarrow.parquet as pq

        table = pq.ParquetFile(path).read()  # not read_table: it imports pyarrow.dataset, and that pandas
        return [tuple(r.values()) for r in table.to_pylist()]
    reader = csv.reader(io.StringIO(path.read_bytes().decode("utf-8"), newline=""))
    next(reader, None)
    return [(a, b, int(p)) for a, b, p in reader]


def _problem(folder: Path, link: LinkTable, fmt: str, ds: Dataset) -> Problem | None:
    name = f"{link.name}.{fmt}"
    path = folder / name
    if path.is_symlink() or not path.is_file():
        return Problem("release-file-missing", "missing or not a regular file", file=name)
    try:
        found = _read(path, fmt)
    except Exception as exc:  # any unreadable link table is the same problem, named
        message = f"not a readable link table ({type(exc).__name__}: {str(exc)[:200]})"
        return Problem("release-table-unreadable", message, file=name)
    expected = link_rows_of_records(link, ds.table(link.owner))
    if found != expected:
        message = f"does not match `{link.owner}.{link.field}` (the release was edited by hand)"
        return Problem("release-link-mismatch", message, file=name)
    return None


def link_problems(folder: Path, ds: Dataset, fmt: str) -> list[Problem]:
    """One problem per link table that is missing, unreadable or disagrees with its list column."""
    found = (_problem(folder, link, fmt, ds) for link in link_tables())
    return [p for p in found if p is not None]
