"""Validate a dataset folder: every file, every record, every cross-reference, in one run.

`check_dataset()` returns the report and the validated records (as models or as release rows);
the build uses it. `validate()` returns just the report. Neither raises on bad data.

Per-file work (reading, parsing, hashing the source, anchoring, model checks) runs in
`record_file.check_file` through `worker`, in parallel for large datasets or on a given
executor, and only for files the result cache (`cache`) does not hold (`runner`); this
module lists the files, feeds each file's result to the cross-record checks and locates
what they find, unless the last run's snapshot still holds (`run_snapshot`), whose
findings are then taken instead. A run that finds every file in the cache imports neither
pydantic nor the models.
"""

from __future__ import annotations

import os
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import DatasetNotFound
from .cache import ResultCache, default_dir, generation
from .coverage_check import CoverageCheck
from .cross_record import Finding, payloads, standard_checks
from .files import MAX_YAML_BYTES, read_text
from .layout import ACTORS, ARTICLES, SOURCES, folder_problems, is_dataset, list_files
from .parallel import gc_paused
from .problems import Problem, Report
from .results import FileResult, Keep
from .run_snapshot import Snapshot, listing, release_key
from .runner import Job, Runner, Stale

if TYPE_CHECKING:  # pragma: no cover
    from concurrent.futures import Executor

    from ..models.columnar import CollectedTable, TableCollector
    from ..models.dataset import Dataset
    from ..models.tables import TableName
    from .cache_entry import SourceState
    from .coverage_types import ArticleCoverage

DEFAULT_DATASET = Path("dataset")

SourceInfo = tuple[str, Any, Any, str]


@dataclass
class Checked:
    """The outcome of `check_dataset()`: the report, and the records in the form asked for."""

    report: Report
    models: dict[str, list[Any]] | None = None
    """Validated models per table (only with `check_dataset(keep="models")`); see `dataset`."""
    tables: dict[TableName, CollectedTable] = field(default_factory=dict)
    """Release rows per table, in file order, unsorted (only with `check_dataset(keep="rows")`):
    gathered from the workers' columns into temporary Arrow files, read back on demand
    (`CollectedTable.read`, `.sorted`, `.column`); each table's file goes when it is dropped."""
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
        return _Validation(root).run(keep, Runner(workers, executor, store, keep), unless_release)


RECORD_CHANGED = 16
"""A run that reuses the snapshot rewrites it only when more files than this changed since."""


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

    def _list(self, folder: str, suffix: str) -> list[tuple[str, str]]:
        files, problems = list_files(self.root, folder, suffix)
        self.report.extend(problems)
        return files

    def run(self, keep: Keep, runner: Runner, unless_release: bytes | None = None) -> Checked:
        self.report.extend(folder_problems(self.root))
        sources_dir = self.root / SOURCES
        articles = self._list(ARTICLES, ".yaml")  # listed first: folder problems keep their order
        # Actors are fed first, so an article's name cues are matched against every actor name
        # as it arrives, rather than all held until the end (`CoverageCheck.feed`).
        jobs: list[Job] = [
            *((p, d, "actor", None) for p, d in self._list(ACTORS, ".yaml")),
            *((p, d, "article", sources_dir) for p, d in articles),
        ]
        sources = {os.path.basename(p): d for p, d in self._list(SOURCES, ".txt")}
        self.report.files_checked = len(jobs) + len(sources)
        collectors: dict[str, TableCollector] = {}
        kept: dict[str, list[Any]] = {}
        snapshot: Snapshot
        saved: Snapshot | None
        reused = runner.reusable(jobs, sources)
        skip = False
        if reused is not None:
            snapshot, changed = reused
            key: bytes | None = release_key(generation(), snapshot)
            skip = keep == "rows" and unless_release is not None and key == unless_release
            # Rewriting the snapshot (megabytes at 15,000 files) costs more than the next run's
            # re-reading of a few changed files' entries, which are hits now: only many are recorded.
            saved = snapshot if len(changed) > RECORD_CHANGED else None
            try:
                self._feed_none(snapshot, changed, "none" if skip else keep, runner, jobs, collectors)
            except Stale:  # nothing reported yet (and no rows were skipped): a full pass follows
                collectors.clear()
                reused = None
        if reused is None:
            snapshot, complete = self._feed_all(jobs, sources, keep, runner, collectors, kept)
            saved = snapshot if complete else None
            key = release_key(generation(), snapshot) if complete else None
        runner.finish(saved)
        self._locate(list(snapshot.findings), jobs)
        self.report.sorted()
        checked = self._checked(kept, collectors, "none" if skip else keep)
        checked.coverage, checked.release_key, checked.rows_skipped = snapshot.coverage, key, skip
        return checked

    def _feed_all(
        self,
        jobs: list[Job],
        sources: dict[str, str],
        keep: Keep,
        runner: Runner,
        collectors: dict[str, TableCollector],
        kept: dict[str, list[Any]],
    ) -> tuple[Snapshot, bool]:
        """Every file's result through every cross-record check: the run's snapshot, and
        whether it is complete (every result came from a cache entry) and so may be saved."""
        coverage = CoverageCheck()
        checks = [*standard_checks(sources), coverage]
        # The snapshot's columns, filled as results arrive: an object per file held them twice.
        facts: list[bytes] = []
        records: list[int] = []
        rows: list[bytes] = []
        own: dict[int, list[Problem]] = {}
        runner.marks = []
        for i, (item, job) in enumerate(zip(runner.results(jobs), jobs, strict=True)):
            if item.display == job[1]:  # the listing's string, not the result's equal copy, is kept
                item.display = job[1]
                if item.coverage is not None and item.coverage.file == job[1]:
                    item.coverage.file = job[1]
            self.report.extend(item.problems)
            self.report.records_checked += item.records
            facts.append(item.facts)
            records.append(item.records)
            rows.append(item.rows_digest)
            if item.problems:
                own[i] = item.problems
            for check in checks:
                check.feed(item)
            if keep == "models":
                for table, payload in payloads(item):
                    kept.setdefault(table, []).append(payload)
            elif keep == "rows":
                _collect(collectors, item.row_columns)
                item.row_columns = {}  # the collector holds them now
        findings = [f for check in checks for f in check.finish()]
        marks = [m for m in runner.marks if m is not None]
        complete = len(runner.marks) == len(marks) == len(jobs) and all(facts) and all(rows)
        keys = [key for key, _ in marks] if complete else [b""] * len(jobs)
        read: list[SourceState] = [source for _, source in marks] if complete else [None] * len(jobs)
        runner.marks = []
        snapshot = Snapshot(
            listing(job[1] for job in jobs), keys, read, facts, records, rows, own, sources, findings, coverage.results
        )
        return snapshot, complete

    def _feed_none(
        self,
        snapshot: Snapshot,
        changed: dict[int, FileResult],
        keep: Keep,
        runner: Runner,
        jobs: list[Job],
        collectors: dict[str, TableCollector],
    ) -> None:
        """The snapshot holds: for a build each file's rows, then each file's own problems from it.

        Rows first: if a file turns out to have changed meanwhile (`runner.Stale`), nothing is reported yet.
        """
        if keep == "rows":
            for columns in runner.rows(jobs, snapshot, changed):
                _collect(collectors, columns)
        for found in snapshot.problems.values():
            self.report.extend(found)
        self.report.records_checked += sum(snapshot.records)

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

    def _locate(self, findings: list[Finding], jobs: list[Job]) -> None:
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

        real_paths = {display: path for path, display, *_ in jobs if display in by_file}
        for display, items in by_file.items():
            path = real_paths.get(display)
            text, _ = read_text(Path(path), display, MAX_YAML_BYTES) if path else (None, [])
            pos = Positions(text) if text is not None else None
            for problem, ypath in items:
                line, column = pos.at(ypath) if pos and ypath is not None else (None, None)
                self.report.problems.append(problem.at(line, column))
