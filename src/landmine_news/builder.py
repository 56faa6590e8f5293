"""Building a release from a validated dataset, atomically and byte-for-byte reproducibly.

The release is written into a temporary sibling folder and swapped into place in one
rename, so an interrupted or failed build never leaves a partial or mixed release.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .dataset import TABLES, Dataset
from .problem import Report
from .schemagen import dumps, json_schema, table_schema
from .tables import columns, csv_cell, rows, rows_to_arrow
from .version import SCHEMA_VERSION, __version__

PARQUET_COMPRESSION = "zstd"
CHECKSUMS = "SHA256SUMS"
DATA_LICENSE = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0 International",
}
TITLE = "landmine-news: news coverage of the 2024 US decision to send anti-personnel landmines to Ukraine"
DESCRIPTION = (
    "Hand-curated records of what news articles reported about the November 2024 US decision to "
    "transfer anti-personnel landmines to Ukraine: articles, verbatim quotes with their speakers, the "
    "actors involved, and the numeric figures cited. Every quote and figure is anchored to its exact "
    "span (Unicode code points) in the source text; the source texts themselves are not redistributed."
)


@dataclass
class BuildResult:
    report: Report
    out: Path
    version: str = __version__
    counts: dict[str, int] = field(default_factory=dict)


def build(dataset: str | Path | None = None, out: str | Path | None = None, *, workers: int | None = None) -> BuildResult:
    """Validate `dataset` and, only if it is valid, write the release into `out` (default `build/`)."""
    from .validation import check

    out = Path(out) if out is not None else Path("build")
    checked = check(dataset, workers=workers)
    result = BuildResult(checked.report, out)
    if not checked.report.ok:
        return result
    result.counts = {t: len(checked.dataset.table(t)) for t in TABLES}
    write_release(checked.dataset, out)
    return result


def write_release(ds: Dataset, out: Path) -> None:
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    _remove_leftovers(out)
    tmp = out.parent / f".{out.name}.tmp-{os.getpid()}"
    tmp.mkdir()
    try:
        _write_files(ds, tmp)
        _swap_into_place(tmp, out)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


def _remove_leftovers(out: Path) -> None:
    # A build killed earlier may have left its temporary folder; a killed swap may have
    # left the previous release under its old name with no current one: restore it.
    for stale in out.parent.glob(f".{out.name}.tmp-*"):
        shutil.rmtree(stale, ignore_errors=True)
    for old in sorted(out.parent.glob(f".{out.name}.old-*")):
        if not out.exists():
            old.rename(out)
        else:
            shutil.rmtree(old, ignore_errors=True)


def _swap_into_place(tmp: Path, out: Path) -> None:
    if not out.exists():
        tmp.rename(out)
        return
    if _exchange(tmp, out):  # out now holds the new release, tmp the previous one
        shutil.rmtree(tmp)
        return
    old = out.parent / f".{out.name}.old-{os.getpid()}"
    out.rename(old)
    tmp.rename(out)
    shutil.rmtree(old)


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths with Linux renameat2(RENAME_EXCHANGE); False where unsupported."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _csv_bytes(table: str, data: list[dict[str, Any]]) -> bytes:
    cols = columns(table)
    # One formatter per column, so the common case (a string or null) costs one lookup.
    plain = {"string", "integer"}
    formats = [(c.name, None if c.type in plain else c) for c in cols]
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([c.name for c in cols])
    writer.writerows(
        [("" if (v := r[name]) is None else v) if col is None else csv_cell(col, r[name]) for name, col in formats]
        for r in data
    )
    return buf.getvalue().encode("utf-8")


def _parquet_bytes(table: str, data: list[dict[str, Any]]) -> bytes:
    import pyarrow as pa
    import pyarrow.parquet as pq

    metadata = {
        "landmine_news.table": table,
        "landmine_news.schema_version": SCHEMA_VERSION,
        "landmine_news.dataset_version": __version__,
    }
    arrow = rows_to_arrow(table, data, metadata)
    sink = pa.BufferOutputStream()
    pq.write_table(arrow, sink, compression=PARQUET_COMPRESSION, write_statistics=True, store_schema=True)
    return sink.getvalue().to_pybytes()


def _write_files(ds: Dataset, folder: Path) -> None:
    files: dict[str, bytes] = {}
    resources = []
    for table in TABLES:
        data = rows(table, ds.table(table))
        csv_data = _csv_bytes(table, data)
        parquet_data = _parquet_bytes(table, data)
        del data
        files[f"{table}.csv"] = csv_data
        files[f"{table}.parquet"] = parquet_data
        resources.append({
            "name": table,
            "type": "table",
            "path": f"{table}.csv",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "bytes": len(csv_data),
            "hash": f"sha256:{_sha256(csv_data)}",
            "dialect": {"delimiter": ",", "lineTerminator": "\r\n", "quoteChar": "\"", "doubleQuote": True, "header": True},
            "description": f"One row per record of `{table}`; the same rows as {table}.parquet.",
            "schema": table_schema(table),
            "landmine_news:parquet": {"path": f"{table}.parquet", "bytes": len(parquet_data), "hash": f"sha256:{_sha256(parquet_data)}"},
        })
        files[f"schema/{table[:-1]}.schema.json"] = dumps(json_schema(table)).encode("utf-8")
    package = {
        "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
        "name": "landmine-news",
        "title": TITLE,
        "description": DESCRIPTION,
        "version": __version__,
        "landmine_news:schema_version": SCHEMA_VERSION,
        "keywords": ["landmines", "Ukraine", "news", "quotes", "arms control"],
        "licenses": [DATA_LICENSE],
        "sources": [
            {"title": a.title or f"Untitled article ({a.source_file})", **({"path": a.url} if a.url else {})}
            for a in ds.articles
        ],
        "resources": resources,
    }
    files["datapackage.json"] = dumps(package).encode("utf-8")
    sums = "".join(f"{_sha256(data)}  {name}\n" for name, data in sorted(files.items()))
    files[CHECKSUMS] = sums.encode("utf-8")
    for name, data in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
