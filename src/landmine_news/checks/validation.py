"""Validate a dataset folder: every file, every record, every cross-reference, in one run.

`check_dataset()` returns the report and the validated records (as models or as release rows);
the build uses it. `validate()` returns just the report. Neither raises on bad data.

Per-file work (reading, parsing, hashing the source, anchoring, model checks) runs in
`record_file.check_file` through `worker`, in parallel for large datasets or on a given
executor, and only for files the result cache (`cache`) does not hold; this module
lists the files, feeds each file's result to the cross-record checks and locates what
they find. A run that finds every file in the cache imports neither pydantic nor the models.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from ..errors import DatasetNotFound
from .cache import Lookup, ResultCache, default_dir, generation
from .cache_entry import SourceState, attach_rows, decode
from .coverage_check import CoverageCheck
from .cross_record import Finding, payloads, standard_checks
from .files import MAX_YAML_BYTES, read_text
from .layout import ACTORS, ARTICLES, SOURCES, folder_problems, is_dataset, list_files
from .parallel import gc_paused, map_files
from .problems import Report
from .results import FileKind, FileResult
from .run_snapshot import FileMark, Snapshot, listing, release_key
from .source_state import folder_inside

if TYPE_CHECKING:  # pragma: no cover
    from concurrent.futures import Executor

    import pyarrow as pa

    from ..models.columnar import TableCollector
    from ..models.dataset import Dataset
    from ..models.tables import TableName
    from .coverage_types import ArticleCoverage

DEFAULT_DATASET = Path("dataset")

Keep = Literal["models", "rows", "none"]
SourceInfo = tuple[str, Any, Any, str]
Job = tuple[Path, str, FileKind, Path | None]


@dataclass
class Checked:
    """The outcome of `check_dataset()`: the report, and the records in the form asked for."""

    report: Report
    models: dict[str, list[Any]] | None = None
    """Validated models per table (only with `check_dataset(keep="models")`); see `dataset`."""
    tables: dict[TableName, pa.Table] = field(default_factory=dict)
    """Release rows per table as Arrow tables, in file order, unsorted (only with
    `check_dataset(keep="rows")`): gathered from the workers' columns, each row held once."""
    sources: list[SourceInfo] = field(default_factory=list)
    """(article id, title, url, source file) per article (only with `keep="rows"`)."""
    coverage: dict[str, ArticleCoverage] = field(default_factory=dict)
    """Article id -> its unreviewed coverage findings (`coverage-unreviewed`)."""
    release_key: bytes | None = None
    """What a release of these records depends on (`run_snapshot.release_key`): the code and
    every file's rows; None when some result came from no cache entry."""
    rows_skipped: bool = False
    """True when `keep="rows"` read no rows because `release_key` was `unless_release`."""

    @cached_property
    def dataset(self) -> Dataset:
        """Validated models with computed fields (empty unless `check_dataset(keep="models")`)."""
        from ..models.dataset import Dataset

        return Dataset.from_tables(self.models) if self.models is not None else Dataset()  # type: ignore[arg-type]


def validate(
    path: str | Path | None = None, *, workers: int | None = None, executor: Executor | None = None, cache: bool = True
) -> Report:
    """Check the dataset at `path` (default `./dataset`) and return the report.

    `executor`: run the per-file checks on it (any `concurrent.futures.Executor`).
    `cache=False`: check every file, reading and writing no cache entry.
    """
    return check_dataset(path, workers=workers, keep="none", executor=executor, cache=cache).report


def check_dataset(
    path: str | Path | None = None,
    *,
    workers: int | None = None,
    keep: Keep = "models",
    executor: Executor | None = None,
    cache: bool = True,
    unless_release: bytes | None = None,
) -> Checked:
    """Validate the dataset and keep its records as models, as release rows, or not at all.

    The cache serves `keep="rows"` and `keep="none"`; models are always checked afresh.
    `unless_release`: a `Checked.release_key` (of the release already built): with
    `keep="rows"`, when the records' key is still that one, no rows are read (`rows_skipped`).
    """
    root = Path(path) if path is not None else DEFAULT_DATASET
    if not root.is_dir():
        raise DatasetNotFound(f"{root} is not a folder")
    if not is_dataset(root):
        raise DatasetNotFound(f"{root} has neither {ARTICLES}/ nor {ACTORS}/: is it a dataset folder?")
    store = ResultCache(default_dir(root), root) if cache and keep != "models" else None
    with gc_paused():
        return _Validation(root).run(keep, _Runner(workers, executor, store, keep), unless_release)


MAX_CHANGED = 256
"""Most files changed since the last run for which its snapshot is still tried: their results
are held until the snapshot is known to hold, and past this a full pass is as cheap."""

ROWS_BATCH = 500
"""Files whose rows a build reads per query when the snapshot holds."""

RECORD_CHANGED = 16
"""A run that reuses the snapshot rewrites it only when more files than this changed since."""

Mark = tuple[bytes, SourceState] | None
"""A result's cache key and what it read of its source; None when it was not cacheable."""


@dataclass
class _Runner:
    """How the per-file results are obtained: from the cache, then workers for the rest."""

    workers: int | None
    executor: Executor | None
    store: ResultCache | None
    keep: Keep
    marks: list[Mark] = field(default_factory=list)
    """Per result yielded by `results`, in order: what a snapshot records of its file."""

    def results(self, jobs: list[Job]) -> Iterator[FileResult]:
        """Each job's result, in job order, as they come: misses stream from the workers."""
        if self.store is None:
            from .worker import check_file_safely

            yield from map_files(check_file_safely, [(*job, self.keep) for job in jobs], self.workers, self.executor)
            return
        looked = [self.store.lookup(*job) for job in jobs]
        checked = self._check(jobs, [(i, found) for i, found in enumerate(looked) if found is None or not found.hit])
        for i, found in enumerate(looked):
            if found is None or not found.hit:
                yield next(checked)
                continue
            # A hit's result (and rows) is decoded only now, as it is fed: never all held at once.
            result = self.store.result(found, rows=self.keep == "rows")
            if result is not None:
                self.marks.append((found.key, found.source))
                yield result
            else:  # replaced meanwhile, or its rows are damaged: checked again here, its entry written anew
                yield from self._check([jobs[i]], [(0, Lookup(found.key, found.digest))], workers=1)

    def _check(
        self, jobs: list[Job], misses: list[tuple[int, Lookup | None]], workers: int | None = None
    ) -> Iterator[FileResult]:
        """The results of the files the cache did not have (`misses`: index and lookup), in job order."""
        from .worker import check_file_entry, check_file_safely

        assert self.store is not None
        inside: dict[Path | None, bool] = {s: folder_inside(s) for s in {job[3] for job in jobs} if s is not None}
        args = [(*jobs[i], found.key, found.digest, inside.get(jobs[i][3])) for i, found in misses if found is not None]
        entries = map_files(check_file_entry, args, workers or self.workers, None if workers else self.executor)
        for i, found in misses:
            if found is None:  # unreadable now: checked without the cache, reporting why
                self.marks.append(None)
                yield check_file_safely(*jobs[i], self.keep)
                continue
            cacheable, entry = next(entries)
            decoded = decode(entry, found.key)
            assert decoded is not None  # just sealed by the worker
            if cacheable:
                self.store.store_later(found.key, entry, decoded.rows_at)
            self.marks.append((found.key, decoded.source) if cacheable else None)
            if self.keep == "rows":
                attach_rows(decoded, memoryview(entry)[decoded.rows_at :])
            yield decoded.result

    def reusable(self, jobs: list[Job], sources: dict[str, str]) -> tuple[Snapshot, dict[int, FileResult]] | None:
        """The last run's snapshot and the results of the files changed since, if it still holds.

        It holds when the files and sources listing are the same and each changed file kept
        its cross-record facts (`run_snapshot`). Otherwise None, and the changed files'
        entries are written, so the full pass that follows finds them in the cache.
        """
        snapshot = self.store.snapshot() if self.store is not None else None
        if self.store is None or snapshot is None or snapshot.sources != sources:
            return None
        if len(snapshot.keys) != len(jobs) or snapshot.listing != listing(job[1] for job in jobs):
            return None
        changed: list[int] = []
        for i, (job, key, read) in enumerate(zip(jobs, snapshot.keys, snapshot.read, strict=True)):
            found = self.store.keyed(*job)
            if found is None:
                return None
            if found.key != key or not self.store.source_same(job[3], read):
                changed.append(i)
                if len(changed) > MAX_CHANGED:
                    return None
        self.marks = []
        results = dict(zip(changed, self.results([jobs[i] for i in changed]), strict=True))
        self.store.flush()  # the full pass or the build's reading of rows that follows finds them cached
        for i, mark in zip(changed, self.marks, strict=True):
            if mark is None or results[i].facts != snapshot.facts[i]:
                return None
            result = results[i]
            snapshot.replace(i, FileMark(jobs[i][1], *mark, result.facts, result.problems, result.records, result.rows_digest))
        return snapshot, results

    def rows(self, jobs: list[Job], snapshot: Snapshot, changed: dict[int, FileResult]) -> Iterator[dict[str, Any]]:
        """Each file's release rows (table -> columns), in job order, when the snapshot holds.

        The changed files' come from their results; the others are read straight from their
        entries' rows, 500 files per query, and used only if they hash to the snapshot's rows
        digest and pass the column checks; otherwise that file is checked again.
        """
        from .cache_entry import rows_checked

        assert self.store is not None
        for at in range(0, len(jobs), ROWS_BATCH):
            span = range(at, min(at + ROWS_BATCH, len(jobs)))
            blobs = self.store.rows_of([snapshot.keys[i] for i in span if i not in changed])
            for i in span:
                if i in changed:
                    yield changed[i].row_columns
                    continue
                blob = blobs.pop(snapshot.keys[i], None)
                tables = rows_checked(blob, snapshot.rows[i]) if blob is not None else None
                if tables is None:  # gone or damaged: checked again, its entry written anew
                    again = next(self._check([jobs[i]], [(0, self.store.keyed(*jobs[i]))], workers=1))
                    tables = again.row_columns
                yield tables

    def finish(self, snapshot: Snapshot | None) -> None:
        """Save the run's snapshot (if any) and write what the cache learnt."""
        if self.store is None:
            return
        if snapshot is not None:
            self.store.save_snapshot(snapshot)
        self.store.finish()


def _collect(collectors: dict[str, TableCollector], columns: dict[str, Any]) -> None:
    """Hand a file's row columns (table -> columns) to the collector of each table (made on first use)."""
    if not columns:
        return
    from ..models.columnar import TableCollector

    for table, cols in columns.items():
        if table not in collectors:
            collectors[table] = TableCollector(table)  # type: ignore[arg-type]
        collectors[table].add(cols)


class _Validation:
    def __init__(self, root: Path):
        self.root = root
        self.report = Report()

    def _list(self, folder: str, suffix: str) -> list[tuple[Path, str]]:
        files, problems = list_files(self.root, folder, suffix)
        self.report.extend(problems)
        return files

    def run(self, keep: Keep, runner: _Runner, unless_release: bytes | None = None) -> Checked:
        self.report.extend(folder_problems(self.root))
        sources_dir = self.root / SOURCES
        articles = self._list(ARTICLES, ".yaml")  # listed first: folder problems keep their order
        # Actors are fed first, so an article's name cues are matched against every actor name
        # as it arrives, rather than all held until the end (`CoverageCheck.feed`).
        jobs: list[Job] = [
            *((p, d, "actor", None) for p, d in self._list(ACTORS, ".yaml")),
            *((p, d, "article", sources_dir) for p, d in articles),
        ]
        sources = {p.name: d for p, d in self._list(SOURCES, ".txt")}
        real_paths = {d: p for p, d, *_ in jobs}
        self.report.files_checked = len(jobs) + len(sources)
        collectors: dict[str, TableCollector] = {}
        kept: dict[str, list[Any]] = {}
        snapshot: Snapshot
        saved: Snapshot | None
        reused = runner.reusable(jobs, sources)
        skip = False
        if reused is None:
            snapshot, complete = self._feed_all(jobs, sources, keep, runner, collectors, kept)
            saved = snapshot if complete else None
            key = release_key(generation(), snapshot) if complete else None
        else:
            snapshot, changed = reused
            key = release_key(generation(), snapshot)
            skip = keep == "rows" and unless_release is not None and key == unless_release
            self._feed_none(snapshot, changed, "none" if skip else keep, runner, jobs, collectors)
            # Rewriting the snapshot (megabytes at 15,000 files) costs more than the next run's
            # re-reading of a few changed files' entries, which are hits now: only many are recorded.
            saved = snapshot if len(changed) > RECORD_CHANGED else None
        runner.finish(saved)
        self._locate(list(snapshot.findings), real_paths)
        self.report.sorted()
        checked = self._checked(kept, collectors, "none" if skip else keep)
        checked.coverage, checked.release_key, checked.rows_skipped = snapshot.coverage, key, skip
        return checked

    def _feed_all(
        self,
        jobs: list[Job],
        sources: dict[str, str],
        keep: Keep,
        runner: _Runner,
        collectors: dict[str, TableCollector],
        kept: dict[str, list[Any]],
    ) -> tuple[Snapshot, bool]:
        """Every file's result through every cross-record check: the run's snapshot, and
        whether it is complete (every result came from a cache entry) and so may be saved."""
        coverage = CoverageCheck()
        checks = [*standard_checks(sources), coverage]
        files: list[FileMark] = []
        runner.marks = []
        for item, job in zip(runner.results(jobs), jobs, strict=True):
            self.report.extend(item.problems)
            self.report.records_checked += item.records
            files.append(FileMark(job[1], b"", None, item.facts, item.problems, item.records, item.rows_digest))
            for check in checks:
                check.feed(item)
            if keep == "models":
                for table, payload in payloads(item):
                    kept.setdefault(table, []).append(payload)
            elif keep == "rows":
                _collect(collectors, item.row_columns)
                item.row_columns = {}  # the collector holds them now
        findings = [f for check in checks for f in check.finish()]
        complete = (
            len(runner.marks) == len(jobs) and all(m is not None for m in runner.marks) and all(f.facts and f.rows for f in files)
        )
        if complete:
            for file, mark in zip(files, runner.marks, strict=True):
                assert mark is not None
                file.key, file.source = mark
        return Snapshot.of(files, sources, findings, coverage.results), complete

    def _feed_none(
        self,
        snapshot: Snapshot,
        changed: dict[int, FileResult],
        keep: Keep,
        runner: _Runner,
        jobs: list[Job],
        collectors: dict[str, TableCollector],
    ) -> None:
        """The snapshot holds: each file's own problems from it, and for a build each file's rows."""
        for found in snapshot.problems.values():
            self.report.extend(found)
        self.report.records_checked += sum(snapshot.records)
        if keep == "rows":
            for columns in runner.rows(jobs, snapshot, changed):
                _collect(collectors, columns)

    def _checked(self, kept: dict[str, list[Any]], collectors: dict[str, TableCollector], keep: Keep) -> Checked:
        if keep == "none":
            return Checked(self.report)
        from ..models.tables import TABLES

        if keep == "models":
            return Checked(self.report, models={t: kept.get(t, []) for t in TABLES})
        from ..models.columnar import empty_table

        tables = {t: collectors.pop(t).finish() if t in collectors else empty_table(t) for t in TABLES}
        articles = tables["articles"]
        columns = [articles.column(name).to_pylist() for name in ("id", "title", "url", "source_file")]
        return Checked(self.report, tables=tables, sources=list(zip(*columns, strict=True)))

    def _locate(self, findings: list[Finding], real_paths: dict[str, Path]) -> None:
        # Cross-record problems are located at the end, re-reading each affected file once.
        by_file: dict[str, list[Finding]] = defaultdict(list)
        for finding in findings:
            if finding.path is None or finding.problem.file is None:
                self.report.problems.append(finding.problem)
            else:
                by_file[finding.problem.file].append(finding)
        if not by_file:
            return
        from .positions import Positions

        for display, items in by_file.items():
            path = real_paths.get(display)
            text, _ = read_text(path, display, MAX_YAML_BYTES) if path else (None, [])
            pos = Positions(text) if text is not None else None
            for problem, ypath in items:
                line, column = pos.at(ypath) if pos and ypath is not None else (None, None)
                self.report.problems.append(problem.at(line, column))
