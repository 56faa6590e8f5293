"""Validate a dataset folder: every file, every record, every cross-reference, in one run.

`check_dataset()` returns the report and the validated records (as models or as release rows);
the build uses it. `validate()` returns just the report. Neither raises on bad data.

Per-file work (reading, parsing, hashing the source, anchoring, model checks) runs in
`record_file.check_file`, in parallel for large datasets; this module lists the files,
feeds each file's result to the cross-record checks and locates what they find.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from ..errors import DatasetNotFound
from ..models.dataset import Dataset
from ..models.rows import Row, row
from ..models.tables import TABLE_OF, TABLES, TableName, columns
from .coverage import ArticleCoverage
from .coverage_check import CoverageCheck
from .cross_record import Finding, payloads, standard_checks, summarize
from .files import MAX_YAML_BYTES, read_text
from .layout import ACTORS, ARTICLES, SOURCES, folder_problems, is_dataset, list_files
from .parallel import gc_paused, map_files
from .positions import Positions
from .problems import Problem, Report
from .record_file import FileKind, FileResult, check_file

DEFAULT_DATASET = Path("dataset")

Keep = Literal["models", "rows", "none"]
SourceInfo = tuple[str, Any, Any, str]


@dataclass
class Checked:
    """The outcome of `check_dataset()`: the report, and the records in the form asked for."""

    report: Report
    dataset: Dataset
    """Validated models with computed fields (empty unless `check_dataset(keep="models")`)."""
    rows: dict[TableName, list[Row]] = field(default_factory=dict)
    """Release rows per table, unsorted (only with `check_dataset(keep="rows")`)."""
    sources: list[SourceInfo] = field(default_factory=list)
    """(article id, title, url, source file) per article (only with `keep="rows"`)."""
    coverage: dict[str, ArticleCoverage] = field(default_factory=dict)
    """Article id -> its unreviewed coverage findings (`coverage-unreviewed`)."""


def validate(path: str | Path | None = None, *, workers: int | None = None) -> Report:
    """Check the dataset at `path` (default `./dataset`) and return the report."""
    return check_dataset(path, workers=workers, keep="none").report


def check_dataset(path: str | Path | None = None, *, workers: int | None = None, keep: Keep = "models") -> Checked:
    """Validate the dataset and keep its records as models, as release rows, or not at all."""
    root = Path(path) if path is not None else DEFAULT_DATASET
    if not root.is_dir():
        raise DatasetNotFound(f"{root} is not a folder")
    if not is_dataset(root):
        raise DatasetNotFound(f"{root} has neither {ARTICLES}/ nor {ACTORS}/: is it a dataset folder?")
    with gc_paused():
        return _Validation(root).run(workers, keep)


def check_file_safely(path: Path, display: str, kind: FileKind, sources: Path | None = None, keep: Keep = "models") -> FileResult:
    """`check_file` in a worker: a bug is reported as a problem of that file, not a crash.

    Each model is replaced by (summary, payload): the payload is the model, its release row,
    or nothing, so only what the caller needs crosses the process boundary.
    """
    try:
        result = check_file(path, display, kind, sources)
        kept: list[tuple[Any, Any]] = []
        for ypath, model in result.models:
            payload = model if keep == "models" else row(TABLE_OF[type(model)], model) if keep == "rows" else None
            kept.append((ypath, (summarize(model), payload)))
        result.models = kept
        return result
    except Exception as exc:  # one bad file must not hide the other problems
        return FileResult(kind, display, problems=[Problem("internal-error", f"{type(exc).__name__}: {exc}", file=display)])


class _Validation:
    def __init__(self, root: Path):
        self.root = root
        self.report = Report()

    def _list(self, folder: str, suffix: str) -> list[tuple[Path, str]]:
        files, problems = list_files(self.root, folder, suffix)
        self.report.extend(problems)
        return files

    def run(self, workers: int | None, keep: Keep) -> Checked:
        self.report.extend(folder_problems(self.root))
        sources_dir = self.root / SOURCES
        jobs: list[tuple[Path, str, FileKind, Path | None, Keep]] = [
            *((p, d, "article", sources_dir, keep) for p, d in self._list(ARTICLES, ".yaml")),
            *((p, d, "actor", None, keep) for p, d in self._list(ACTORS, ".yaml")),
        ]
        sources = {p.name: d for p, d in self._list(SOURCES, ".txt")}
        real_paths = {d: p for p, d, *_ in jobs}
        self.report.files_checked = len(jobs) + len(sources)
        coverage = CoverageCheck()
        checks = [*standard_checks(sources), coverage]
        kept: dict[TableName, list[Any]] = {t: [] for t in TABLES}
        for item in map_files(check_file_safely, jobs, workers):
            self.report.extend(item.problems)
            self.report.records_checked += item.records
            for check in checks:
                check.feed(item)
            for table, payload in payloads(item):
                kept[table].append(payload)
        self._locate([f for check in checks for f in check.finish()], real_paths)
        self.report.sorted()
        checked = self._checked(kept, keep)
        checked.coverage = coverage.results
        return checked

    def _checked(self, kept: dict[TableName, list[Any]], keep: Keep) -> Checked:
        if keep == "models":
            return Checked(self.report, Dataset.from_tables(kept))
        checked = Checked(self.report, Dataset())
        if keep == "rows":
            checked.rows = kept
            index = {c.name: i for i, c in enumerate(columns("articles"))}
            checked.sources = [(r[0], r[index["title"]], r[index["url"]], r[index["source_file"]]) for r in kept["articles"]]
        return checked

    def _locate(self, findings: list[Finding], real_paths: dict[str, Path]) -> None:
        # Cross-record problems are located at the end, re-reading each affected file once.
        by_file: dict[str, list[Finding]] = defaultdict(list)
        for finding in findings:
            if finding.path is None or finding.problem.file is None:
                self.report.problems.append(finding.problem)
            else:
                by_file[finding.problem.file].append(finding)
        for display, items in by_file.items():
            path = real_paths.get(display)
            text, _ = read_text(path, display, MAX_YAML_BYTES) if path else (None, [])
            pos = Positions(text) if text is not None else None
            for problem, ypath in items:
                line, column = pos.at(ypath) if pos and ypath is not None else (None, None)
                self.report.problems.append(problem.at(line, column))
