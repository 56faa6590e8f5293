"""The per-file work as a worker runs it: check one file, hand back only what the parent keeps.

Two forms: `check_file_safely` keeps each model, or the file's release rows column by
column (`models.columnar`), or nothing (for runs without the cache, and for
`keep="models"`); `check_file_entry` hands back a sealed cache entry (`cache_entry`),
which holds those columns: the one compact form that crosses the process boundary, is
written to the cache by the parent and decoded there.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..digests import sha256_hex
from ..models.base import Record
from ..models.columnar import to_columns
from ..models.rows import Row, row
from ..models.tables import REGISTRY, TABLE_OF, TableName
from .cache_entry import SourceState, encode
from .cross_record import Summary
from .files import MAX_YAML_BYTES, read_up_to
from .problems import Problem
from .record_file import check_file
from .results import FileKind, FileResult, Keep
from .source_state import Learnt, source_state_seen


def summarize(model: Record) -> Summary:
    """The `Summary` of one validated record."""
    table = TABLE_OF[type(model)]
    refs: list[tuple[str, int | None, str]] = []
    for name, many in REGISTRY[table].actor_refs:
        value = getattr(model, name)
        if many:
            refs.extend((name, i, v) for i, v in enumerate(value))
        elif value is not None:
            refs.append((name, None, value))
    return Summary(table, model.id, tuple(refs), getattr(model, "source_file", None) if table == "articles" else None)


def check_file_safely(
    path: Path | str, display: str, kind: FileKind, sources: Path | None = None, keep: Keep = "models"
) -> FileResult:
    """`check_file` in a worker: a bug is reported as a problem of that file, not a crash.

    Each model is replaced by (summary, the model or None); with `keep="rows"` the file's
    release rows go in `result.row_columns`, a list of values per column for each table,
    so only what the caller needs crosses the process boundary.
    """
    try:
        result = check_file(Path(path), display, kind, sources)
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
    except Exception as exc:  # one bad file must not hide the other problems
        return FileResult(kind, display, problems=[Problem("internal-error", f"{type(exc).__name__}: {exc}", file=display)])


def check_file_entry(
    path: Path, display: str, kind: FileKind, sources: Path | None, key: bytes, digest: str, inside: bool | None = None
) -> tuple[bool, bytes, Learnt | None]:
    """(whether the entry may be cached, the sealed entry with its rows, what the parent's
    digest memo may learn of the source this worker hashed) of one file.

    Not cacheable when the check hit a bug, or when the file no longer has the bytes
    (`digest`) its key was computed from, or its source no longer reads as the check read
    it: either changed while it was being checked.
    `inside`: whether the sources folder resolves inside the dataset, if already known.
    """
    result = check_file_safely(path, display, kind, sources, "rows")
    source: SourceState = None
    learnt: Learnt | None = None
    if sources is not None and result.source_file is not None:
        state, learnt = source_state_seen(sources, result.source_file, inside)
        source = (result.source_file, state)
    cacheable = not any(p.code == "internal-error" for p in result.problems) and source != (result.source_file, "unreadable")
    # The source is hashed after the check: if it reads otherwise than the check read it, it
    # changed meanwhile, and the result would be stored against a state it was not made from.
    cacheable = cacheable and (source is None or result.source_seen == source[1])
    if cacheable:
        try:
            cacheable = sha256_hex(read_up_to(path, MAX_YAML_BYTES + 1)) == digest
        except OSError:
            cacheable = False
    return cacheable, encode(key, result, source), learnt
