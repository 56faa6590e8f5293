"""How a run obtains each record file's result: from the cache, the run snapshot, or the workers.

`Runner.results` looks every file up in the per-file cache (`cache`) and checks the rest in
worker processes (`worker`, on `parallel.map_files` or a given executor), writing their
entries; `Runner.reusable` decides whether the last run's snapshot (`run_snapshot`) still
holds; `Runner.rows` reads a build's rows straight from the entries when it does.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .cache import Lookup, ResultCache
from .cache_entry import SourceState, attach_rows, decode
from .parallel import map_files
from .results import FileKind, FileResult, Keep
from .run_snapshot import FileMark, Snapshot, listing

if TYPE_CHECKING:  # pragma: no cover
    from concurrent.futures import Executor

Job = tuple[str, str, FileKind, Path | None]
"""(path, display name, kind, sources folder or None) of one record file."""

MAX_CHANGED = 256
"""Most files changed since the last run for which its snapshot is still tried: their results
are held until the snapshot is known to hold, and past this a full pass is as cheap."""

ROWS_BATCH = 500
"""Files whose rows a build reads per query when the snapshot holds."""

Mark = tuple[bytes, SourceState] | None
"""A result's cache key and what it read of its source; None when it was not cacheable."""


class Stale(Exception):
    """A file changed while a build read the rows of a snapshot that held when the run began."""


@dataclass
class Runner:
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
        args = [(*jobs[i], found.key, found.digest, self.store.inside_of(jobs[i][3])) for i, found in misses if found is not None]
        entries = map_files(check_file_entry, args, workers or self.workers, None if workers else self.executor)
        for i, found in misses:
            if found is None:  # unreadable now: checked without the cache, reporting why
                self.marks.append(None)
                yield check_file_safely(*jobs[i], self.keep)
                continue
            cacheable, entry, learnt = next(entries)
            if learnt is not None:  # so the next run need not hash this source again to trust the entry
                self.store.memo.learn(*learnt)
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
                    found = self.store.keyed(*jobs[i])
                    again = next(self._check([jobs[i]], [(0, found)], workers=1))
                    same = found is not None and found.key == snapshot.keys[i] and again.facts == snapshot.facts[i]
                    if not (same and again.rows_digest == snapshot.rows[i] and again.problems == snapshot.problems.get(i, [])):
                        raise Stale(jobs[i][1])  # the file changed meanwhile: the snapshot no longer speaks for it
                    tables = again.row_columns
                yield tables

    def finish(self, snapshot: Snapshot | None) -> None:
        """Save the run's snapshot (if any) and write what the cache learnt."""
        if self.store is None:
            return
        if snapshot is not None:
            self.store.save_snapshot(snapshot)
        self.store.finish()
