"""Building a release from a validated dataset, atomically and byte-for-byte reproducibly.

Validation gathers the rows per table (`models.columnar`); each table is then sorted by id
and streamed, a part at a time, to CSV, Parquet and SQLite in a temporary folder beside the
target, which `folder_swap` puts in place with the documents and `SHA256SUMS`.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..checks.engine.pool import gc_paused
from ..checks.engine.validation import DEFAULT_DATASET, SourceInfo, check_dataset
from ..checks.report.problems import Report
from ..digests import CHECKSUMS, file_digest, sha256_hex
from ..models.columnar import CollectedTable, sorted_parts, table_parts
from ..models.dataset import Dataset
from ..models.figure_rules import RuleTable, effective_table
from ..models.rows import columns_schema, to_arrow
from ..models.tables import TABLES, TableName
from ..version import __version__
from .claimreview import CLAIMREVIEW_FILE, ClaimReviews
from .csv_cells import CsvSink
from .datapackage import FileFacts, package, resource
from .derived_tables import (
    STATEMENTS,
    LinkTable,
    MainTable,
    ReleaseTable,
    lineage_of_tables,
    link_rows,
    links_of,
    release_tables,
    statements_arrow,
    with_verdicts,
)
from .documents import CardFacts, published_dates, write_documents
from .folder_swap import check_target, is_release, locked, remove_leftovers, swap_into_place, temporary_sibling
from .parquet_files import ParquetSink
from .pictures import Pictures
from .schema_export import dumps, json_schema
from .sqlite_db import SQLITE_FILE, SqliteTable, SqliteWriter
from .verification import checksums_hold

if TYPE_CHECKING:  # pragma: no cover
    import pyarrow as pa

DEFAULT_OUT = Path("build")


@dataclass
class BuildResult:
    """What a build did: the validation report, where it wrote, and the rows per table."""

    report: Report
    out: Path
    version: str = __version__
    counts: dict[str, int] = field(default_factory=dict)
    previous: dict[str, int] | None = None
    """Rows per table of the release this build replaced; None when there was none."""
    unchanged: bool = False
    """True when `out` already held exactly this release, so nothing was written."""

    def changes(self) -> list[str]:
        """One line per table: its rows, and the change against the replaced release."""
        before = self.previous or {}
        return [
            f"{t}: {n}" + (f" ({n - before[t]:+} against {before[t]})" if t in before else "") for t, n in self.counts.items()
        ]


def previous_counts(out: Path) -> dict[str, int] | None:
    """Rows per table of the release at `out`, from the Parquet footers (no rows read)."""
    if not is_release(out):
        return None
    import pyarrow.parquet as pq

    counts: dict[str, int] = {}
    for table in TABLES:
        try:
            counts[table] = int(pq.ParquetFile(out / f"{table}.parquet").metadata.num_rows)
        except Exception:  # a damaged previous release has no counts to compare with
            continue
    return counts


def build(
    dataset: str | Path | None = None,
    out: str | Path | None = None,
    *,
    workers: int | None = None,
    executor: Executor | None = None,
    cache: bool = True,
) -> BuildResult:
    """Validate `dataset` and, only if it is valid, write the release into `out` (default `build/`).

    An `out` a build may not replace is refused (`OutputRefused`) before any work. `executor`
    and `cache` are as for `validate`. An `out` that already holds exactly this release is
    left as it is (`BuildResult.unchanged`).
    """
    target = Path(out) if out is not None else DEFAULT_OUT
    root = Path(dataset) if dataset is not None else DEFAULT_DATASET
    check_target(target, root)
    with gc_paused():
        # Workers send release rows, not models: the build never needs the models themselves.
        checked = check_dataset(dataset, workers=workers, keep="rows", executor=executor, cache=cache)
        result = BuildResult(checked.report, target)
        if not checked.report.ok:
            return result
        result.previous = previous_counts(target)
        result.counts = {t: checked.tables[t].num_rows for t in TABLES}
        # The release records, and its codebook renders, the rule table its figures were coded by.
        rules = effective_table(checked.rules_text)
        result.unchanged = not write_tables(checked.tables, checked.sources, target, rules)
    return result


def write_release(ds: Dataset, out: Path) -> None:
    """Write the release of a Dataset of models."""
    tables = {t: to_arrow(t, ds.table(t)) for t in TABLES}
    write_tables(tables, [(a.id, a.title, a.url, a.source_file) for a in ds.articles], out)


def write_tables(
    tables: dict[TableName, pa.Table | CollectedTable],
    sources: Sequence[SourceInfo],
    out: Path,
    rules: RuleTable | None = None,
) -> bool:
    """Write release tables (Arrow or as collected) atomically into `out`, each taken out of `tables`
    as it is written; False when `out` already held exactly these files. `rules`: the effective
    figure rule table (by default the package's)."""
    out = Path(out)
    check_target(out, None)
    with locked(out):
        # Checked again under the lock: another build may have written there meanwhile.
        check_target(out, None)
        remove_leftovers(out)
        tmp = temporary_sibling(out)
        try:
            _write_files(tables, sources, tmp, rules)
            # And right before the swap, hashing the listed files: edits made meanwhile are not lost.
            check_target(out, None, hashed=True)
            if is_release(out) and checksums_hold(out, file_digest(tmp / CHECKSUMS)[1]):
                return False
            swap_into_place(tmp, out)
            return True
        finally:
            if tmp.exists():
                shutil.rmtree(tmp, ignore_errors=True)


def _write_small(path: Path, data: bytes) -> FileFacts:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    return len(data), sha256_hex(data)


def _stream(
    folder: Path,
    table: ReleaseTable,
    schema: Any,
    parts: Iterable[pa.Table],
    rows: SqliteTable,
    each: Callable[[pa.Table], None] | None = None,
) -> tuple[FileFacts, FileFacts, int]:
    """Write one table's CSV and Parquet files and its SQLite rows from its parts, in one pass:
    (CSV facts, Parquet facts, rows). `each` sees every part too."""
    name = table.name
    csv_sink = CsvSink(folder / f"{name}.csv", table.columns)
    sinks: list[CsvSink | ParquetSink] = [csv_sink]
    count = 0
    try:
        parquet_sink = ParquetSink(folder / f"{name}.parquet", schema, name)
        sinks.append(parquet_sink)
        with ThreadPoolExecutor(max_workers=2) as pool:
            for part in parts:
                # Arrow releases the GIL while encoding Parquet, and SQLite while it steps through
                # an insert, so both overlap with CSV formatting; each part is done before the next.
                encoded = pool.submit(parquet_sink.write, part)
                inserted = pool.submit(rows.write, part)
                csv_sink.write(part)
                if each is not None:
                    each(part)
                count += part.num_rows
                encoded.result()
                inserted.result()
        rows.close()
        return csv_sink.close(), parquet_sink.close(), count
    except BaseException:
        for sink in sinks:  # every file closed, and the error raised is the first, not a later one
            with contextlib.suppress(Exception):
                sink.abort()
        raise


def _write_files(
    tables: dict[TableName, pa.Table | CollectedTable], sources: Sequence[SourceInfo], folder: Path, rules: RuleTable | None
) -> None:
    written: dict[str, FileFacts] = {}
    resources: list[dict[str, Any]] = []
    counts: dict[str, int] = {}
    published = published_dates(tables["articles"])
    pictures, card, reviews = Pictures(), CardFacts(), ClaimReviews()
    # The statements and the verdicts they give relays: read off the quotes before they are written.
    statements = lineage_of_tables(tables)
    db = SqliteWriter(folder)

    def emit(table: ReleaseTable, parts: Iterable[pa.Table], each: Callable[[pa.Table], None] | None = None) -> None:
        schema = columns_schema(table.columns)
        csv_facts, parquet_facts, counts[table.name] = _stream(folder, table, schema, parts, db.table(table), each)
        written[f"{table.name}.csv"], written[f"{table.name}.parquet"] = csv_facts, parquet_facts
        resources.append(resource(table, csv_facts, parquet_facts))

    try:
        for table in TABLES:
            # One table at a time, a part at a time: each is freed once written.
            links: dict[LinkTable, list[pa.Table]] = {link: [] for link in links_of(table)}

            def feed(part: pa.Table, links: dict[LinkTable, list[pa.Table]] = links, table: str = table) -> None:
                pictures.feed(table, part)
                card.feed(table, part)
                reviews.feed(table, part)
                for link, made in links.items():
                    made.append(link_rows(link, part))

            parts = sorted_parts(tables.pop(table))
            if table == "quotes":
                parts = (with_verdicts(part, statements) for part in parts)
            emit(MainTable(table), parts, feed)
            for link, made in links.items():
                emit(link, table_parts(_joined(made, link)))
            if table == "quotes":
                emit(STATEMENTS, table_parts(statements_arrow(statements)))
            name = f"schema/{table[:-1]}.schema.json"
            written[name] = _write_small(folder / name, dumps(json_schema(table)).encode("utf-8"))
        written[SQLITE_FILE] = db.finish(folder / SQLITE_FILE)
    except BaseException:
        db.discard()
        raise
    order = [t.name for t in release_tables()]
    resources.sort(key=lambda r: order.index(r["name"]))
    descriptor = package(resources, sources, published)
    written["datapackage.json"] = _write_small(folder / "datapackage.json", dumps(descriptor).encode("utf-8"))
    csv_sha = {n: sha for n, (_, sha) in written.items() if n.endswith(".csv")}
    write_documents(lambda n, b: written.__setitem__(n, _write_small(folder / n, b)), counts, csv_sha, published, rules, card)
    reviews.statements = {row.id: row for row in statements.statements}
    written[CLAIMREVIEW_FILE] = _write_small(folder / CLAIMREVIEW_FILE, dumps(reviews.document()).encode("utf-8"))
    for name, data in pictures.files().items():
        written[name] = _write_small(folder / name, data)
    sums = "".join(f"{sha}  {name}\n" for name, (_, sha) in sorted(written.items()))
    _write_small(folder / CHECKSUMS, sums.encode("utf-8"))


def _joined(parts: list[pa.Table], link: LinkTable) -> pa.Table:
    """Parts of one link table as one table, one chunk per column (an empty one for no parts)."""
    import pyarrow as pa

    return pa.concat_tables(parts).combine_chunks() if parts else columns_schema(link.columns).empty_table()
