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
from .parallel import gc_paused
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
    with gc_paused():
        # Workers send release rows, not models: the build never needs the models themselves.
        checked = check(dataset, workers=workers, keep="rows")
        result = BuildResult(checked.report, out)
        if not checked.report.ok:
            return result
        result.counts = {t: len(checked.rows[t]) for t in TABLES}
        write_rows(checked.rows, checked.sources, out)
    return result


def write_release(ds: Dataset, out: Path) -> None:
    """Write the release of a Dataset of models (the build itself passes rows from the workers)."""
    write_rows({t: rows(t, ds.table(t)) for t in TABLES}, [(a.id, a.title, a.url, a.source_file) for a in ds.articles], out)


def write_rows(tables: dict[str, list[tuple[Any, ...]]], sources: list[tuple[str, Any, Any, str]], out: Path) -> None:
    """Write release rows (each table sorted here by id, column 0) atomically into `out`."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    _remove_leftovers(out)
    tmp = out.parent / f".{out.name}.tmp-{os.getpid()}"
    tmp.mkdir()
    try:
        _write_files(tables, sources, tmp)
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


CSV_CHUNK = 5000  # rows formatted and encoded at a time: memory stays flat for any table size


def _write_csv(path: Path, table: str, data: list[tuple[Any, ...]]) -> tuple[int, str]:
    """Write one table as CSV, streaming in chunks; returns (bytes, sha256)."""
    cols = columns(table)
    digest, size = hashlib.sha256(), 0
    with open(path, "wb") as fh:
        for start in [None, *range(0, len(data), CSV_CHUNK)]:
            buf = io.StringIO(newline="")
            writer = csv.writer(buf, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
            if start is None:
                writer.writerow([c.name for c in cols])
            else:
                chunk = data[start : start + CSV_CHUNK]
                # Format column by column: strings and integers need nothing but null -> "".
                formatted = []
                for c, values in zip(cols, zip(*chunk)):
                    if c.type in ("string", "integer"):
                        formatted.append(["" if v is None else v for v in values])
                    else:
                        formatted.append([csv_cell(c, v) for v in values])
                writer.writerows(zip(*formatted))
            encoded = buf.getvalue().encode("utf-8")
            digest.update(encoded)
            size += len(encoded)
            fh.write(encoded)
        fh.flush()
        os.fsync(fh.fileno())
    return size, digest.hexdigest()


def _write_parquet(path: Path, table: str, data: list[tuple[Any, ...]]) -> tuple[int, str]:
    import pyarrow.parquet as pq

    metadata = {
        "landmine_news.table": table,
        "landmine_news.schema_version": SCHEMA_VERSION,
        "landmine_news.dataset_version": __version__,
    }
    arrow = rows_to_arrow(table, data, metadata)
    pq.write_table(arrow, str(path), compression=PARQUET_COMPRESSION, write_statistics=True, store_schema=True)
    del arrow
    return _file_digest(path)


def _file_digest(path: Path) -> tuple[int, str]:
    digest, size = hashlib.sha256(), 0
    with open(path, "rb") as fh:
        while block := fh.read(1 << 20):
            digest.update(block)
            size += len(block)
        os.fsync(fh.fileno())
    return size, digest.hexdigest()


def _write_small(path: Path, data: bytes) -> tuple[int, str]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    return len(data), _sha256(data)


def _write_files(tables: dict[str, list[tuple[Any, ...]]], sources: list[tuple[str, Any, Any, str]], folder: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    written: dict[str, tuple[int, str]] = {}
    resources = []
    for table in TABLES:
        data = sorted(tables.pop(table), key=lambda r: r[0])
        # Arrow releases the GIL while encoding Parquet, so it overlaps with CSV formatting.
        with ThreadPoolExecutor(max_workers=1) as pool:
            parquet_future = pool.submit(_write_parquet, folder / f"{table}.parquet", table, data)
            csv_size, csv_sha = written[f"{table}.csv"] = _write_csv(folder / f"{table}.csv", table, data)
            pq_size, pq_sha = written[f"{table}.parquet"] = parquet_future.result()
        del data  # each table's rows are freed once written: peak memory is one table
        resources.append({
            "name": table,
            "type": "table",
            "path": f"{table}.csv",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "bytes": csv_size,
            "hash": f"sha256:{csv_sha}",
            "dialect": {"delimiter": ",", "lineTerminator": "\r\n", "quoteChar": "\"", "doubleQuote": True, "header": True},
            "description": f"One row per record of `{table}`; the same rows as {table}.parquet.",
            "schema": table_schema(table),
            "landmine_news:parquet": {"path": f"{table}.parquet", "bytes": pq_size, "hash": f"sha256:{pq_sha}"},
        })
        name = f"schema/{table[:-1]}.schema.json"
        written[name] = _write_small(folder / name, dumps(json_schema(table)).encode("utf-8"))
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
            {"title": title or f"Untitled article ({source_file})", **({"path": url} if url else {})}
            for _, title, url, source_file in sorted(sources, key=lambda s: s[0])
        ],
        "resources": resources,
    }
    written["datapackage.json"] = _write_small(folder / "datapackage.json", dumps(package).encode("utf-8"))
    sums = "".join(f"{sha}  {name}\n" for name, (_, sha) in sorted(written.items()))
    _write_small(folder / CHECKSUMS, sums.encode("utf-8"))
