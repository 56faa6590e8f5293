"""Map a per-file function over many files: in worker processes when it pays off, or on any executor."""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:  # pragma: no cover
    from concurrent.futures import Executor

# Below this many files, starting workers costs more than it saves (measured in
# benchmarks/run.py: process start-up plus imports is ~0.3 s).
PARALLEL_THRESHOLD = 400
MAX_CHUNK = 64
"""Files per task sent to a worker at most."""
T = TypeVar("T")


def map_files(
    func: Callable[..., T], jobs: Sequence[tuple[Any, ...]], workers: int | None = None, executor: Executor | None = None
) -> Iterator[T]:
    """`func(*job)` for each job, yielded in order as results come in.

    On `executor` when one is given (any `concurrent.futures.Executor`: a process or thread
    pool, Dask's `Client.get_executor()`, ...; `func` and the jobs must then pickle if it
    runs elsewhere), else in worker processes when there are enough jobs.
    """
    if not jobs:
        return
    if executor is not None:
        yield from executor.map(func, *zip(*jobs, strict=True))
        return
    if workers is None:
        workers = os.cpu_count() or 1 if len(jobs) >= PARALLEL_THRESHOLD else 1
    if workers <= 1 or len(jobs) < 2:
        yield from (func(*job) for job in jobs)
        return
    from concurrent.futures import ProcessPoolExecutor

    # Small chunks: a chunk's results travel and wait as one message, so its size bounds memory.
    chunk = max(1, min(MAX_CHUNK, len(jobs) // (workers * 8)))
    with ProcessPoolExecutor(max_workers=workers, initializer=_worker_started) as pool:
        yield from pool.map(func, *zip(*jobs, strict=True), chunksize=chunk)


def _worker_started() -> None:
    # A forked worker inherits the parent's paused collector (`gc_paused`), but its
    # garbage is per file and does form cycles: left paused, a worker grew with every file
    # it checked. The objects it starts with (the imports) are frozen, so collections skip them.
    gc.freeze()
    gc.enable()


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building large acyclic structures.

    Loading a dataset allocates millions of objects that never form cycles; each full
    collection would walk all of them again (measured: ~25% of validation time).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
