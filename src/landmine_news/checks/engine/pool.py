"""Running the per-file check over many files: in worker processes when it pays off, or on any executor.

`check_file_safely` is what a worker runs; `map_files` maps it over the files in order, in
batches, so a task carries enough work to pay for its trip.
"""

from __future__ import annotations

import gc
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from itertools import count, repeat
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from ..report.problems import Problem
from ..rules.cross_record import Summary
from ..rules.file_result import FileKind, FileResult, Keep

if TYPE_CHECKING:  # pragma: no cover
    from concurrent.futures import Executor, Future

    from ...models.base import Record
    from ...models.rows import Row
    from ...models.tables import TableName

PARALLEL_THRESHOLD = 400
"""Below this many files, starting workers costs more than it saves (benchmarks/run.py)."""
MAX_BATCH = 64
"""Files per task at most: a task's results travel and wait as one message, so this bounds memory."""
T = TypeVar("T")


def summarize(model: Record) -> Summary:
    """The `Summary` of one validated record: what the cross-record checks read of it."""
    table, actor_refs = _refs_of(type(model))
    values = model.__dict__
    refs: list[tuple[str, int | None, str]] = []
    for name, many in actor_refs:
        if many:  # (name, index, id) made in C: most lists are empty, most records have a few
            refs.extend(zip(repeat(name), count(), values[name]))
        elif values[name] is not None:
            refs.append((name, None, values[name]))
    return Summary(table, model.id, tuple(refs), values["source_file"] if table == "articles" else None)


@cache
def _refs_of(model: type[Record]) -> tuple[TableName, tuple[tuple[str, bool], ...]]:
    """A record type's table and the fields of its actor references, looked up once."""
    from ...models.tables import REGISTRY, TABLE_OF

    return TABLE_OF[model], REGISTRY[TABLE_OF[model]].actor_refs


def check_file_safely(
    display: str, kind: FileKind, stem: str, data: bytes, sources: Path | None, keep: Keep = "models", rules: str | None = None
) -> FileResult:
    """`check_file` as a worker runs it: each model replaced by (summary, the model or None),
    the release rows in `row_columns` with `keep="rows"`, and a bug reported as a problem of
    the file rather than a crash that hides every other problem."""
    # Imported here, in the worker: a run whose results all come from the cache needs no models.
    from ...models.columnar import to_columns
    from ...models.rows import row
    from ...models.tables import TABLE_OF
    from .file_check import check_file

    try:
        result = check_file(display, kind, stem, data, sources, rules)
        kept: list[tuple[Any, Any]] = []
        rows: dict[TableName, list[Row]] = {}
        for ypath, model in result.models:
            kept.append((ypath, (summarize(model), model if keep == "models" else None)))
            if keep == "rows":
                table = TABLE_OF[type(model)]
                rows.setdefault(table, []).append(row(table, model))
        result.models = kept
        result.row_columns = {table: to_columns(data) for table, data in rows.items()}
        return result
    except Exception as exc:
        return FileResult(kind, display, problems=[Problem("internal-error", f"{type(exc).__name__}: {exc}", file=display)])


def _batch(func: Callable[..., T], jobs: Sequence[tuple[Any, ...]]) -> list[T]:
    return [func(*job) for job in jobs]


_PENDING = object()


def map_files(
    func: Callable[..., T],
    items: Iterable[tuple[Any, ...] | T],
    total: int,
    workers: int | None = None,
    executor: Executor | None = None,
) -> Iterator[T]:
    """`func(*item)` for each item that is a tuple, the item itself otherwise, in order.

    Items are drawn as the work goes, so only a window of them (and of the files' bytes) is
    held at once; `total` (how many there are) decides whether worker processes pay off. On
    `executor` when one is given (any `concurrent.futures.Executor`, such as Dask's
    `Client.get_executor()`: `func` and the jobs travel pickled, in batches).
    """
    if workers is None:
        workers = (os.cpu_count() or 1) if total >= PARALLEL_THRESHOLD or executor is not None else 1
    if executor is None and (workers <= 1 or total < 2):
        yield from (func(*item) if isinstance(item, tuple) else item for item in items)
        return
    size = max(1, min(MAX_BATCH, total // (max(workers, 1) * 8)))
    if executor is not None:
        yield from _ordered(func, items, executor, size, workers)
        return
    from concurrent.futures import ProcessPoolExecutor

    pool = ProcessPoolExecutor(max_workers=workers, initializer=_worker_started, initargs=(os.getpid(),))
    try:
        yield from _ordered(func, items, pool, size, workers)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _ordered(func: Callable[..., T], items: Iterable[Any], pool: Executor, size: int, workers: int) -> Iterator[T]:
    """The results in item order, with at most a few batches per worker in flight."""
    in_flight: deque[tuple[list[Any], Future[list[T]] | None]] = deque()
    slots: list[Any] = []
    batch: list[tuple[Any, ...]] = []

    def drain(slots: list[Any], future: Future[list[T]] | None) -> Iterator[T]:
        done = iter(future.result() if future is not None else ())
        for slot in slots:
            yield next(done) if slot is _PENDING else slot

    for item in items:
        if isinstance(item, tuple):
            batch.append(item)
            slots.append(_PENDING)
        else:
            slots.append(item)
        if len(batch) >= size or len(slots) >= 8 * size:
            in_flight.append((slots, pool.submit(_batch, func, batch) if batch else None))
            slots, batch = [], []
            while len(in_flight) > 4 * workers:
                yield from drain(*in_flight.popleft())
    in_flight.append((slots, pool.submit(_batch, func, batch) if batch else None))
    while in_flight:
        yield from drain(*in_flight.popleft())


def _worker_started(parent: int) -> None:
    # A forked worker inherits the parent's paused collector (`gc_paused`), but its per-file
    # garbage does form cycles; what it starts with is frozen, so collections skip it.
    gc.freeze()
    gc.enable()
    threading.Thread(target=_end_with, args=(parent,), daemon=True).start()


def _end_with(parent: int) -> None:
    """End this worker once its parent is gone, however it ended (a worker blocked on a dead
    queue would otherwise wait for ever, holding the parent's stdout)."""
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building large acyclic structures (millions
    of objects that never form cycles, which each full collection would walk again)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
