"""Validate a dataset folder: every file, every record, every cross-reference, in one run.

One path for `validate` and `build`: each file is read once here and checked once
(`file_check`, through `pool`) unless its result is in the cache; every result is fed to the
cross-record checks, whose findings are located at the end. Bad data is reported, never raised.
"""

from __future__ import annotations

import hashlib
import os
from collections import defaultdict, deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ...digests import sha256_hex
from ...errors import DatasetNotFound
from ..coverage.unreviewed import CoverageCheck
from ..reading.dataset_folder import ACTORS, ARTICLES, SOURCES, folder_problems, is_dataset, list_files
from ..reading.files import MAX_SOURCE_BYTES, MAX_YAML_BYTES, read_bytes, read_text
from ..report.problems import Problem, Report
from ..rules.cross_record import payloads, standard_checks
from ..rules.file_result import FileKind, FileResult, Keep
from ..rules.findings import Finding
from ..rules.name_claims import NameClaims
from ..rules.rule_rows import DatasetTable, dataset_rule_table
from ..rules.statements import Statements
from .pool import check_file_safely, gc_paused, map_files
from .result_cache import ResultCache, entry_key, open_cache

if TYPE_CHECKING:  # pragma: no cover
    from concurrent.futures import Executor

    from ...models.columnar import CollectedTable, TableCollector
    from ...models.dataset import Dataset
    from ...models.tables import TableName
    from ..coverage.findings import ArticleCoverage

DEFAULT_DATASET = Path("dataset")

SourceInfo = tuple[str, Any, Any, str]

Job = tuple[str, str, FileKind]
"""(path, display name, kind) of one record file."""


@dataclass
class Checked:
    """The outcome of `check_dataset()`: the report, and the records in the form asked for."""

    report: Report
    models: dict[str, list[Any]] | None = None
    """Validated models per table (only with `keep="models"`); see `dataset`."""
    tables: dict[TableName, CollectedTable] = field(default_factory=dict)
    """Release rows per table in file order (only with `keep="rows"`), in temporary Arrow files."""
    sources: list[SourceInfo] = field(default_factory=list)
    """(article id, title, url, source file) per article (only with `keep="rows"`)."""
    coverage: dict[str, ArticleCoverage] = field(default_factory=dict)
    """Article id -> its unreviewed coverage findings (`coverage-unreviewed`)."""
    rules_text: str | None = None
    """The dataset's own `figure_rules.toml` as read, None when it has none."""

    @cached_property
    def dataset(self) -> Dataset:
        """Validated models with computed fields (empty unless `check_dataset(keep="models")`)."""
        from ...models.dataset import Dataset
        from ...models.lineage import relayed

        if self.models is None:
            return Dataset()
        # As in a release: a quote that relays a statement gets its verdict from the statement's first words.
        models = {**self.models, "quotes": relayed(self.models.get("quotes", []), self.models.get("articles", []))}
        return Dataset.from_tables(models)  # type: ignore[arg-type]


def validate(
    path: str | Path | None = None, *, workers: int | None = None, executor: Executor | None = None, cache: bool = True
) -> Report:
    """Check the dataset at `path` (default `./dataset`) and return the report; the per-file
    checks run on `executor` when given, and `cache=False` reads and writes no cache entry."""
    return check_dataset(path, workers=workers, keep="none", executor=executor, cache=cache).report


def check_dataset(
    path: str | Path | None = None,
    *,
    workers: int | None = None,
    keep: Keep = "models",
    executor: Executor | None = None,
    cache: bool = True,
) -> Checked:
    """Validate the dataset and keep its records as models, as release rows, or not at all.
    Results are taken from the cache only with `keep="none"` (it holds no records)."""
    root = Path(path) if path is not None else DEFAULT_DATASET
    if not root.is_dir():
        raise DatasetNotFound(f"{root} is not a folder (give the dataset folder with --dataset, or path= in Python)")
    if not is_dataset(root):
        raise DatasetNotFound(f"{root} has neither {ARTICLES}/ nor {ACTORS}/: is it a dataset folder?")
    store = open_cache() if cache else None
    try:
        with gc_paused():
            return _Validation(root, store).run(keep, workers, executor)
    finally:
        if store is not None:
            store.close()


_READ_AHEAD = 1024
"""Files read and looked up in the cache at a time."""


class _Validation:
    def __init__(self, root: Path, store: ResultCache | None):
        self.root = root
        self.store = store
        self.report = Report()
        self.sources: dict[str, str] = {}  # source file name -> its path, as listed
        self.rules = DatasetTable(None, "")

    def _list(self, folder: str, suffix: str) -> list[tuple[str, str]]:
        files, problems = list_files(self.root, folder, suffix)
        self.report.extend(problems)
        return files

    def run(self, keep: Keep, workers: int | None, executor: Executor | None) -> Checked:
        self.report.extend(folder_problems(self.root))
        # The dataset's figure rule table: checked once, handed (as text) to every file's check.
        self.rules = dataset_rule_table(self.root)
        self.report.extend(self.rules.problems)
        articles = self._list(ARTICLES, ".yaml")  # listed first: folder problems keep their order
        # Actors are fed first, so an article's name cues are matched against every actor name
        # as it arrives, rather than all held until the end (`CoverageCheck.feed`).
        jobs: list[Job] = [*((p, d, "actor") for p, d in self._list(ACTORS, ".yaml")), *((p, d, "article") for p, d in articles)]
        listed = self._list(SOURCES, ".txt")
        sources = {os.path.basename(p): d for p, d in listed}
        self.sources = {os.path.basename(p): p for p, _ in listed}
        self.report.files_checked = len(jobs) + len(sources) + (1 if self.rules.digest else 0)
        coverage = CoverageCheck(self.root / SOURCES)
        checks = [*standard_checks(sources), Statements(), NameClaims(self.root / SOURCES), coverage]
        collectors: dict[str, TableCollector] = {}
        kept: dict[str, list[Any]] = {}
        for result in self._results(jobs, keep, workers, executor):
            self.report.extend(result.problems)
            self.report.records_checked += result.records
            for check in checks:
                check.feed(result)
            if keep == "models":
                for table, payload in payloads(result):
                    kept.setdefault(table, []).append(payload)
            elif keep == "rows":
                for name, columns in result.row_columns.items():
                    if name not in collectors:
                        from ...models.columnar import TableCollector

                        collectors[name] = TableCollector(name)  # type: ignore[arg-type]
                    collectors[name].add(columns)
                result.row_columns = {}  # the collector holds them now
        self._locate([f for check in checks for f in check.finish()], jobs)
        self.report.sorted()
        checked = self._checked(kept, collectors, keep)
        checked.coverage = coverage.results
        checked.rules_text = self.rules.text
        return checked

    def _results(self, jobs: list[Job], keep: Keep, workers: int | None, executor: Executor | None) -> Iterator[FileResult]:
        """Each file's result, in job order: read here once, then taken from the cache or checked."""
        keys: deque[bytes | None] = deque()
        for result in map_files(check_file_safely, self._work(jobs, keep, keys), len(jobs), workers, executor):
            key = keys.popleft()
            if key is not None and self.store is not None and not any(p.code == "internal-error" for p in result.problems):
                self.store.store(key, result)
            yield result

    def _work(self, jobs: list[Job], keep: Keep, keys: deque[bytes | None]) -> Iterator[FileResult | tuple[Any, ...]]:
        """Per file, in order: a result (unreadable, or cached) or the arguments of its check;
        the key to store a checked result under goes into `keys` (None: not stored)."""
        sources = self.root / SOURCES
        for at in range(0, len(jobs), _READ_AHEAD):
            read: list[tuple[Job, bytes | None, list[Problem], bytes | None]] = []
            for path, display, kind in jobs[at : at + _READ_AHEAD]:
                data, problems = read_bytes(path, display, MAX_YAML_BYTES)
                key = None
                if data is not None and self.store is not None:
                    key = entry_key(display, kind, hashlib.sha256(data).hexdigest(), self.rules.digest)
                read.append(((path, display, kind), data, problems, key))
            hits = self._hits([key for *_, key in read]) if keep == "none" else {}
            for i, ((path, display, kind), data, problems, key) in enumerate(read):
                keys.append(None if i in hits else key)  # None too when `data` is None
                if data is None:
                    yield FileResult(kind, display, problems=problems)
                elif i in hits:
                    yield hits[i]
                else:
                    stem = os.path.splitext(os.path.basename(path))[0]
                    yield (display, kind, stem, data, sources if kind == "article" else None, keep, self.rules.text)

    def _hits(self, keys: list[bytes | None]) -> dict[int, FileResult]:
        """The cached results by index, each only while its source reads as when it was made."""
        if self.store is None:
            return {}
        found = self.store.lookup([k for k in keys if k is not None])
        states: dict[str, str] = {}
        hits: dict[int, FileResult] = {}
        for i, key in enumerate(keys):
            result = found.get(key) if key is not None else None
            if result is None:
                continue
            name = result.source_file
            if name is not None and name not in states:
                # The listing already refused what is not a regular file inside the dataset, so
                # a listed source is read as it is; one the check read otherwise never matches.
                listed = self.sources.get(name)
                data = read_bytes(listed, listed, MAX_SOURCE_BYTES)[0] if listed is not None else None
                states[name] = "missing" if listed is None else "unreadable" if data is None else sha256_hex(data)
            if name is None or states[name] == result.source_state:
                hits[i] = result
        return hits

    def _checked(self, kept: dict[str, list[Any]], collectors: dict[str, TableCollector], keep: Keep) -> Checked:
        if keep == "none":
            return Checked(self.report)
        from ...models.tables import TABLES

        if keep == "models":
            return Checked(self.report, models={t: kept.get(t, []) for t in TABLES})
        from ...models.columnar import empty_table

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
        from ..reading.positions import Positions

        real_paths = {display: path for path, display, _ in jobs if display in by_file}
        for display, items in by_file.items():
            path = real_paths.get(display)
            text, _ = read_text(Path(path), display, MAX_YAML_BYTES) if path else (None, [])
            pos = Positions(text) if text is not None else None
            for problem, ypath in items:
                line, column = pos.at(ypath) if pos and ypath is not None else (None, None)
                self.report.problems.append(problem.at(line, column))
