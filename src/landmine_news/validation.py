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
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from .actor import Actor
from .article import Article
from .dataset import Dataset
from .figure import Figure
from .loading import Loaded, Positions, YamlPath, field_path, load_file
from .problem import Problem, Report
from .quote import Quote
from .yamlfile import MAX_YAML_BYTES, inside, read_text

DEFAULT_DATASET = Path("dataset")


class DatasetNotFound(Exception):
    """The folder given is not a dataset (a usage error, not a data problem)."""


@dataclass
class Checked:
    report: Report
    dataset: Dataset


def validate(path: str | Path | None = None, *, workers: int | None = None) -> Report:
    """Check the dataset at `path` (default `./dataset`) and return the report."""
    return check(path, workers=workers).report


def check(path: str | Path | None = None, *, workers: int | None = None) -> Checked:
    root = Path(path) if path is not None else DEFAULT_DATASET
    if not root.is_dir():
        raise DatasetNotFound(f"{root} is not a folder")
    if not (root / "articles").is_dir() and not (root / "actors").is_dir():
        raise DatasetNotFound(f"{root} has neither articles/ nor actors/: is it a dataset folder?")
    return _Validation(root).run(workers)


def safe_load_file(path: Path, display: str, kind: str, sources: Path | None = None) -> Loaded:
    """`load_file`, with a bug in it reported as a problem of that file rather than a crash."""
    try:
        return load_file(path, display, kind, sources)
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

    def run(self, workers: int | None) -> Checked:
        from .parallel import map_files

        sources_dir = self.root / "sources"
        jobs = [(p, d, "article", sources_dir) for p, d in self._list("articles", ".yaml")]
        jobs += [(p, d, "actor", None) for p, d in self._list("actors", ".yaml")]
        sources = {p.name: d for p, d in self._list("sources", ".txt")}
        for p, d, _, _ in jobs:
            self.real_paths[d] = p
        loaded = map_files(safe_load_file, jobs, workers)
        self.report.files_checked = len(jobs) + len(sources)

        tables: dict[type, list[tuple[str, YamlPath, Any]]] = {Article: [], Quote: [], Figure: [], Actor: []}
        seen: dict[str, tuple[str, YamlPath]] = {}
        broken_ids: set[str] = set()
        referenced: set[str] = set()
        used_sources: set[str] = set()
        for item in loaded:
            self.report.problems.extend(item.problems)
            self.report.records_checked += item.records
            referenced |= item.raw_refs
            if item.source_file:
                used_sources.add(item.source_file)
            for ypath, rid in item.raw_ids:
                broken_ids.add(rid)
                self._unique(seen, item.display, ypath, rid)
            for ypath, model in item.models:
                tables[type(model)].append((item.display, ypath, model))
                self._unique(seen, item.display, ypath, model.id)

        articles, quotes, figures, actors = tables[Article], tables[Quote], tables[Figure], tables[Actor]
        known_actors = {m.id for _, _, m in actors} | broken_ids

        def ref(display: str, ypath: YamlPath, field: str, values: Iterable[str | None], index: bool) -> None:
            for i, value in enumerate(values):
                if value is None:
                    continue
                referenced.add(value)
                if value not in known_actors:
                    path = ypath + ((field, i) if index else (field,))
                    self._later(display, path, Problem("reference-unresolved", f"'{field}' refers to actor {value!r}, which does not exist",
                                                       file=display, field=field_path(path), value=value))

        for d, y, a in articles:
            ref(d, y, "publisher", [a.publisher], False)
            for name in ("attributed_to", "mentions", "image_credited_to"):
                ref(d, y, name, getattr(a, name), True)
        for d, y, q in quotes:
            ref(d, y, "speaker", [q.speaker], False)
            ref(d, y, "co_speakers", q.co_speakers, True)
        for d, y, f in figures:
            ref(d, y, "reported_by", [f.reported_by], False)
        for d, y, a in actors:
            ref(d, y, "member_of", a.member_of, True)
        for d, y, a in actors:
            if a.id not in referenced:
                self._later(d, ("id",), Problem("actor-unreferenced", f"actor {a.id!r} is not referenced by any record",
                                                file=d, field="id", severity="warning", value=a.id))
        for name, display in sources.items():
            if name not in used_sources:
                self.report.problems.append(Problem("source-orphan", f"source {name} is not used by any article", file=display, severity="warning"))

        self._resolve_positions()
        self.report.sorted()
        dataset = Dataset(
            articles=[m for _, _, m in articles],
            quotes=[m for _, _, m in quotes],
            actors=[m for _, _, m in actors],
            figures=[m for _, _, m in figures],
        )
        return Checked(self.report, dataset)

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
