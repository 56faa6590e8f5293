"""Validate a dataset folder: every file, every record, every cross-reference, in one run.

`check()` returns the report and the validated `Dataset` (with computed offsets); the
build uses it. `validate()` returns just the report. Neither raises on bad data.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from .actor import Actor
from .anchor import closest_passage, occurrences, span_at
from .article import Article
from .dataset import Dataset
from .figure import Figure
from .loading import Loaded, Positions, YamlPath, field_path, load_file
from .problem import Problem, Report
from .quote import Quote
from .yamlfile import inside, read_text

MAX_SOURCE_BYTES = 16 << 20
DEFAULT_DATASET = Path("dataset")


class DatasetNotFound(Exception):
    """The folder given is not a dataset (a usage error, not a data problem)."""


@dataclass
class Checked:
    report: Report
    dataset: Dataset


@dataclass
class _Pending:
    """A cross-record problem whose line and column are looked up at the end, per file."""

    problem: Problem
    path: YamlPath
    key: bool = False


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


def safe_load_file(path: Path, display: str, kind: str) -> Loaded:
    """`load_file`, with a bug in it reported as a problem of that file rather than a crash."""
    try:
        return load_file(path, display, kind)
    except Exception as exc:  # noqa: BLE001 - one bad file must not hide the other problems
        return Loaded(kind, display, problems=[Problem("internal-error", f"{type(exc).__name__}: {exc}", file=display)])


def _display(root: Path, rel: str) -> str:
    return (root / rel).as_posix()


class _Validation:
    def __init__(self, root: Path):
        self.root = root
        self.report = Report()
        self.pending: dict[str, list[_Pending]] = defaultdict(list)
        self.real_paths: dict[str, Path] = {}

    # -- files ---------------------------------------------------------------------------
    def _list(self, folder: str, suffix: str) -> list[tuple[Path, str]]:
        base = self.root / folder
        if not base.is_dir():
            return []
        out = []
        for p in sorted(base.iterdir()):
            display = _display(self.root, f"{folder}/{p.name}")
            if p.name.startswith("."):
                continue
            if not inside(self.root, p):
                self.report.problems.append(Problem("path-escapes", f"{p.name} points outside the dataset folder", file=display))
            elif p.suffix != suffix or not p.is_file():
                self.report.problems.append(Problem("file-unexpected", f"unexpected {'folder' if p.is_dir() else 'file'} {p.name} in {folder}/", file=display, severity="warning"))
            else:
                out.append((p, display))
        return out

    def _load_all(self, jobs: list[tuple[Path, str, str]], workers: int | None) -> list[Loaded]:
        from .parallel import map_files

        return map_files(safe_load_file, jobs, workers)

    def run(self, workers: int | None) -> Checked:
        jobs = [(p, d, "article") for p, d in self._list("articles", ".yaml")]
        jobs += [(p, d, "actor") for p, d in self._list("actors", ".yaml")]
        sources = {p.name: (p, d) for p, d in self._list("sources", ".txt")}
        for p, d, _ in jobs:
            self.real_paths[d] = p
        loaded = self._load_all(jobs, workers)
        self.report.files_checked = len(jobs) + len(sources)

        articles: list[tuple[str, YamlPath, Article]] = []
        quotes: list[tuple[str, YamlPath, Quote]] = []
        figures: list[tuple[str, YamlPath, Figure]] = []
        actors: list[tuple[str, YamlPath, Actor]] = []
        seen: dict[str, tuple[str, YamlPath]] = {}
        broken_ids: set[str] = set()
        buckets = {Article: articles, Quote: quotes, Figure: figures, Actor: actors}
        for item in loaded:
            self.report.problems.extend(item.problems)
            self.report.records_checked += item.records
            broken_ids.update(i for _, i in item.raw_ids)
            for ypath, model in item.models:
                buckets[type(model)].append((item.display, ypath, model))
                self._unique(seen, item.display, ypath, model.id)
            for ypath, rid in item.raw_ids:
                self._unique(seen, item.display, ypath, rid)

        for display, ypath, model in articles + actors:
            stem = Path(display).stem
            if model.id != stem:
                self._later(display, ("id",), Problem("id-filename-mismatch", f"id {model.id!r} does not match the file name {stem}.yaml", file=display, field="id", value=model.id))

        known_actors = {m.id for _, _, m in actors} | broken_ids
        referenced: set[str] = set().union(*(item.raw_refs for item in loaded))

        def ref(display: str, ypath: YamlPath, field: str, values: Iterable[str | None], index: bool) -> None:
            for i, value in enumerate(values):
                if value is None:
                    continue
                referenced.add(value)
                if value not in known_actors:
                    path = ypath + ((field, i) if index else (field,))
                    self._later(display, path, Problem("reference-unresolved", f"'{field}' refers to actor {value!r}, which does not exist", file=display, field=field_path(path), value=value))

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
                self._later(d, ("id",), Problem("actor-unreferenced", f"actor {a.id!r} is not referenced by any record", file=d, field="id", severity="warning", value=a.id))

        by_article: dict[str, list[tuple[str, YamlPath, Any]]] = defaultdict(list)
        for entry in quotes + figures:
            by_article[entry[2].article].append(entry)
        used_sources: set[str] = set()
        anchored: dict[int, Any] = {}
        final_articles = []
        for d, y, a in articles:
            used_sources.add(a.source_file)
            text = self._source(d, a, sources)
            if text is None:
                final_articles.append(a)
                continue
            final_articles.append(a.model_copy(update={"length": len(text)}))
            for rd, ry, record in by_article.get(a.id, []):
                done = self._anchor(rd, ry, record, text, a.source_file)
                if done is not None:
                    anchored[id(record)] = done
        for name, (p, d) in sources.items():
            if name not in used_sources:
                self.report.problems.append(Problem("source-orphan", f"source {name} is not used by any article", file=d, severity="warning"))

        self._resolve_positions()
        self.report.sorted()
        dataset = Dataset(
            articles=final_articles,
            quotes=[anchored.get(id(q), q) for _, _, q in quotes],
            actors=[a for _, _, a in actors],
            figures=[anchored.get(id(f), f) for _, _, f in figures],
        )
        return Checked(self.report, dataset)

    # -- checks ----------------------------------------------------------------------------
    def _later(self, display: str, path: YamlPath, problem: Problem, key: bool = False) -> None:
        self.pending[display].append(_Pending(problem, path, key))

    def _unique(self, seen: dict[str, tuple[str, YamlPath]], display: str, ypath: YamlPath, rid: str) -> None:
        first = seen.get(rid)
        if first is None:
            seen[rid] = (display, ypath)
            return
        where = first[0] + (f" at {field_path(first[1])}" if first[1] else "")
        self._later(display, ypath + ("id",), Problem("id-duplicate", f"id {rid!r} is already used in {where}", file=display, field=field_path(ypath + ("id",)), value=rid))

    def _source(self, display: str, article: Article, sources: dict[str, tuple[Path, str]]) -> str | None:
        entry = sources.get(article.source_file)
        if entry is None:
            self._later(display, ("source_file",), Problem("source-missing", f"source file {article.source_file} is not in {self.root.as_posix()}/sources/", file=display, field="source_file", value=article.source_file))
            return None
        path, sdisplay = entry
        try:
            data = path.read_bytes()
        except OSError as exc:
            self.report.problems.append(Problem("file-unreadable", f"cannot read source: {exc.strerror or exc}", file=sdisplay))
            return None
        if len(data) > MAX_SOURCE_BYTES:
            self.report.problems.append(Problem("file-too-large", f"source is {len(data):,} bytes; the limit is {MAX_SOURCE_BYTES:,}", file=sdisplay))
            return None
        digest = hashlib.sha256(data).hexdigest()
        if digest != article.sha256:
            self._later(display, ("sha256",), Problem("source-hash-mismatch", f"{article.source_file} has sha256 {digest}, the record says {article.sha256}", file=display, field="sha256", value=article.sha256))
            return None
        text, problems = read_text(path, sdisplay, MAX_SOURCE_BYTES)
        self.report.problems.extend(problems)
        if text is not None and article.length is not None and article.length != len(text):
            self._later(display, ("length",), Problem("length-mismatch", f"length is {article.length} but the source has {len(text)} code points", file=display, field="length", value=article.length))
        return text

    def _anchor(self, display: str, ypath: YamlPath, record: Quote | Figure, source: str, source_name: str) -> Any:
        name = "text" if isinstance(record, Quote) else "mention"
        needle = getattr(record, name)
        starts = occurrences(source, needle)
        if not starts:
            passage, diff = closest_passage(source, needle)
            hint = f"Closest passage in the source: {passage!r}; {diff}." if passage else diff[0].upper() + diff[1:] + "."
            self._later(display, ypath + (name,), Problem("text-not-found", f"{name} not found verbatim in source {source_name}", file=display, field=field_path(ypath + (name,)), hint=hint, value=needle))
            return None
        occ = record.occurrence
        if occ is None:
            if len(starts) > 1:
                self._later(display, ypath + (name,), Problem("text-ambiguous", f"{name} occurs {len(starts)} times in the source (at offsets {', '.join(map(str, starts[:5]))})", file=display, field=field_path(ypath + (name,)), value=needle))
                return None
            occ = 1
        elif occ > len(starts):
            self._later(display, ypath + ("occurrence",), Problem("occurrence-out-of-range", f"occurrence is {occ} but {name} occurs {len(starts)} time(s)", file=display, field=field_path(ypath + ("occurrence",)), value=occ))
            return None
        span = span_at(source, starts[occ - 1], len(needle), occ)
        for attr in ("start", "end"):
            written = getattr(record, attr)
            if written is not None and written != getattr(span, attr):
                self._later(display, ypath + (attr,), Problem("offset-mismatch", f"{attr} is {written} but the text is at {span.start}..{span.end}", file=display, field=field_path(ypath + (attr,)), value=written))
                return None
        return record.model_copy(update={"start": span.start, "end": span.end, "occurrence": occ, "prefix": span.prefix, "suffix": span.suffix})

    def _resolve_positions(self) -> None:
        # Re-read only the files that have a cross-record problem, each once.
        for display, items in self.pending.items():
            path = self.real_paths.get(display)
            text, _ = read_text(path, display, 1 << 30) if path else (None, [])
            pos = Positions(text) if text is not None else None
            for item in items:
                line, column = pos.at(item.path, item.key) if pos else (None, None)
                self.report.problems.append(item.problem.at(line, column))
        self.pending.clear()
