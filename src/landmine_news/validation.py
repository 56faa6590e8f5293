"""Validate a dataset folder: every file, every record, every cross-reference, in one run.

`check()` returns the report and the validated `Dataset` (with computed offsets); the
build uses it. `validate()` returns just the report. Neither raises on bad data.

Per-file work (reading, parsing, hashing the source, anchoring, model checks) runs in
`loading.load_file`, in parallel for large datasets; this module lists the files and
does the checks that need every record at once.
"""

from __future__ import annotations

import os
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, NamedTuple

from .dataset import MODELS, REFERENCES, TABLES, Dataset
from .loading import Loaded, Positions, YamlPath, field_path, load_file
from .problem import Problem, Report
from .tables import columns
from .yamlfile import MAX_YAML_BYTES, inside, read_text

DEFAULT_DATASET = Path("dataset")


class DatasetNotFound(Exception):
    """The folder given is not a dataset (a usage error, not a data problem)."""


Keep = Literal["models", "rows", "none"]

_TABLE_OF = {model: table for table, model in MODELS.items()}


class Summary(NamedTuple):
    """What the cross-record checks need of a record: small enough to cross processes cheaply."""

    table: str
    id: str
    refs: tuple[tuple[str, int | None, str], ...]  # (field, index in a list or None, actor id)
    source_file: str | None = None


def summarize(model: Any) -> Summary:
    table = _TABLE_OF[type(model)]
    refs = []
    for name, many in REFERENCES[table]:
        value = getattr(model, name)
        if many:
            refs.extend((name, i, v) for i, v in enumerate(value))
        elif value is not None:
            refs.append((name, None, value))
    return Summary(table, model.id, tuple(refs), getattr(model, "source_file", None) if table == "articles" else None)


@dataclass
class Checked:
    report: Report
    dataset: Dataset
    """Validated models with computed fields (empty unless `check(keep="models")`)."""
    rows: dict[str, list[tuple[Any, ...]]] = field(default_factory=dict)
    """Release rows per table, unsorted (only with `check(keep="rows")`)."""
    sources: list[tuple[str, Any, Any, str]] = field(default_factory=list)
    """(article id, title, url, source file) per article (only with `keep="rows"`)."""


def validate(path: str | Path | None = None, *, workers: int | None = None) -> Report:
    """Check the dataset at `path` (default `./dataset`) and return the report."""
    return check(path, workers=workers, keep="none").report


def check(path: str | Path | None = None, *, workers: int | None = None, keep: Keep = "models") -> Checked:
    """Validate the dataset and keep its records as models, as release rows, or not at all."""
    from .parallel import gc_paused

    root = Path(path) if path is not None else DEFAULT_DATASET
    if not root.is_dir():
        raise DatasetNotFound(f"{root} is not a folder")
    if not (root / "articles").is_dir() and not (root / "actors").is_dir():
        raise DatasetNotFound(f"{root} has neither articles/ nor actors/: is it a dataset folder?")
    with gc_paused():
        return _Validation(root).run(workers, keep)


def safe_load_file(path: Path, display: str, kind: str, sources: Path | None = None, keep: Keep = "models") -> Loaded:
    """`load_file`, with a bug in it reported as a problem of that file rather than a crash.

    Each model is replaced by (summary, payload): the payload is the model, its release row,
    or nothing, so only what the caller needs crosses the process boundary.
    """
    from .tables import row

    try:
        loaded = load_file(path, display, kind, sources)
        loaded.models = [
            (ypath, (summarize(m), m if keep == "models" else row(_TABLE_OF[type(m)], m) if keep == "rows" else None))
            for ypath, m in loaded.models
        ]
        return loaded
    except Exception as exc:  # noqa: BLE001 - one bad file must not hide the other problems
        return Loaded(kind, display, problems=[Problem("internal-error", f"{type(exc).__name__}: {exc}", file=display)])


class _Validation:
    def __init__(self, root: Path):
        self.root = root
        self.report = Report()
        self.pending: dict[str, list[tuple[Problem, YamlPath]]] = defaultdict(list)
        self.real_paths: dict[str, Path] = {}

    def _list(self, folder: str, suffix: str) -> list[tuple[Path, str]]:
        base = self.root / folder
        if not base.is_dir():
            return []
        out = []
        prefix = self.root.as_posix()
        with os.scandir(base) as entries:
            for entry in sorted(entries, key=lambda e: e.name):
                if entry.name.startswith("."):
                    continue
                p = base / entry.name
                display = f"{prefix}/{folder}/{entry.name}"
                # Only a symlink can lead outside: plain entries of a listed folder are inside it.
                if entry.is_symlink() and not inside(self.root, p):
                    self.report.problems.append(Problem("path-escapes", f"{entry.name} points outside the dataset folder", file=display))
                elif not entry.name.endswith(suffix) or not entry.is_file():
                    what = "folder" if entry.is_dir() else "file"
                    self.report.problems.append(Problem("file-unexpected", f"unexpected {what} {entry.name} in {folder}/", file=display, severity="warning"))
                else:
                    out.append((p, display))
        return out

    def run(self, workers: int | None, keep: Keep) -> Checked:
        from .parallel import map_files

        sources_dir = self.root / "sources"
        jobs = [(p, d, "article", sources_dir, keep) for p, d in self._list("articles", ".yaml")]
        jobs += [(p, d, "actor", None, keep) for p, d in self._list("actors", ".yaml")]
        sources = {p.name: d for p, d in self._list("sources", ".txt")}
        for p, d, *_ in jobs:
            self.real_paths[d] = p
        loaded = map_files(safe_load_file, jobs, workers)
        self.report.files_checked = len(jobs) + len(sources)

        records: list[tuple[str, YamlPath, Summary]] = []
        payloads: dict[str, list[Any]] = {t: [] for t in TABLES}
        seen: dict[str, tuple[str, YamlPath]] = {}
        known_actors: set[str] = set()
        referenced: set[str] = set()
        used_sources: set[str] = set()
        unparsed_articles = 0
        for item in loaded:
            if not item.parsed:
                # An unreadable actor file still names its actor: references to it are not the
                # problem. An unreadable article hides its references: orphan warnings would lie.
                if item.kind == "actor":
                    known_actors.add(Path(item.display).stem)
                else:
                    unparsed_articles += 1
            self.report.problems.extend(item.problems)
            self.report.records_checked += item.records
            referenced |= item.raw_refs
            if item.source_file:
                used_sources.add(item.source_file)
            for ypath, rid in item.raw_ids:
                known_actors.add(rid)  # a broken record's id: references to it are not noise
                self._unique(seen, item.display, ypath, rid)
            for ypath, (summary, payload) in item.models:
                records.append((item.display, ypath, summary))
                if payload is not None:
                    payloads[summary.table].append(payload)
                if summary.table == "actors":
                    known_actors.add(summary.id)
                self._unique(seen, item.display, ypath, summary.id)
        loaded.clear()

        for display, ypath, summary in records:
            for name, index, value in summary.refs:
                referenced.add(value)
                if value not in known_actors:
                    path = ypath + ((name, index) if index is not None else (name,))
                    self._later(display, path, Problem("reference-unresolved", f"'{name}' refers to actor {value!r}, which does not exist",
                                                       file=display, field=field_path(path), value=value))
        for display, ypath, summary in records:
            if summary.table == "actors" and summary.id not in referenced and not unparsed_articles:
                self._later(display, ypath + ("id",), Problem("actor-unreferenced", f"actor {summary.id!r} is not referenced by any record",
                                                              file=display, field="id", severity="warning", value=summary.id))
        for name, display in sources.items():
            if name not in used_sources and not unparsed_articles:
                self.report.problems.append(Problem("source-orphan", f"source {name} is not used by any article", file=display, severity="warning"))

        self._resolve_positions()
        self.report.sorted()
        if keep == "models":
            return Checked(self.report, Dataset(**payloads))
        checked = Checked(self.report, Dataset())
        if keep == "rows":
            checked.rows = payloads
            index = {c.name: i for i, c in enumerate(columns("articles"))}
            checked.sources = [(r[0], r[index["title"]], r[index["url"]], r[index["source_file"]]) for r in payloads["articles"]]
        return checked

    def _later(self, display: str, path: YamlPath, problem: Problem) -> None:
        self.pending[display].append((problem, path))

    def _unique(self, seen: dict[str, tuple[str, YamlPath]], display: str, ypath: YamlPath, rid: str) -> None:
        first = seen.setdefault(rid, (display, ypath))
        if first == (display, ypath):
            return
        where = first[0] + (f" at {field_path(first[1])}" if first[1] else "")
        self._later(display, ypath + ("id",), Problem("id-duplicate", f"id {rid!r} is already used in {where}",
                                                      file=display, field=field_path(ypath + ("id",)), value=rid))

    def _resolve_positions(self) -> None:
        # Cross-record problems are located at the end, re-reading each affected file once.
        for display, items in self.pending.items():
            path = self.real_paths.get(display)
            text, _ = read_text(path, display, MAX_YAML_BYTES) if path else (None, [])
            pos = Positions(text) if text is not None else None
            for problem, ypath in items:
                line, column = pos.at(ypath) if pos else (None, None)
                self.report.problems.append(problem.at(line, column))
        self.pending.clear()
