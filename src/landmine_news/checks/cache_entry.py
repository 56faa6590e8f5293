"""One cache entry: a file's result as plain data, sealed with its key and a digest.

Layout: magic, the 32-byte key, the SHA-256 of key and body, the body's length, the body
(a pickle of plain values, which holds the SHA-256 of the rows), then the file's release
rows (a second pickle: table name -> a list of values per column, `models.columnar`),
which only a build unpickles and checks. Pickles are read by a restricted
unpickler that builds nothing but plain values and dates, so even an entry that a
hostile process wrote with a valid digest cannot run code; anything that fails a check
is a miss, and the file is checked again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import pickle
from typing import Any, NamedTuple

from .coverage_types import ArticleCoverage, CoverageFinding
from .problems import Problem
from .results import FileResult

MAGIC = b"landmine-news cache 6\n"
_HEAD = len(MAGIC) + 64
PROBLEM_FIELDS = ("code", "message", "file", "line", "column", "field", "severity", "hint", "value")
_SAFE = {("datetime", name) for name in ("date", "datetime", "time", "timedelta", "timezone")}

SourceState = tuple[str, str] | None
"""(source file name, its state: the SHA-256 hex of its bytes or 'missing'), or None for no source."""


class _PlainUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in _SAFE:
            return getattr(dt, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a cache entry")


def loads_plain(data: bytes | memoryview) -> Any:
    """Unpickle plain values and dates only (see the module docstring)."""
    return _PlainUnpickler(io.BytesIO(data)).load()


def canonical(value: Any) -> bytes:
    """A pickle of plain values that depends on the values alone, never on which are shared objects.

    The memo is off (`fast`), so equal values always give equal bytes: what a digest of
    them needs, where an ordinary pickle would write back-references for shared ones.
    """
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=5)
    pickler.fast = True
    pickler.dump(value)
    return buffer.getvalue()


def encode(key: bytes, result: FileResult, source: SourceState) -> bytes:
    """The entry of one file's result; `result.models` holds (place, (summary, None)) pairs.

    The rows follow the sealed part, which holds their SHA-256: only a build reads and checks them.
    """
    rows = pickle.dumps(result.row_columns, protocol=5)
    summaries = [(ypath, tuple(summary)) for ypath, (summary, _) in result.models]
    raw_refs, names, coverage = list(result.raw_refs), list(result.names), coverage_plain(result.coverage)
    # Everything the cross-record checks read of a file (`cross_record.CrossCheck`), digested:
    # a run whose changed files all keep theirs can reuse the last run's findings (`run_snapshot`).
    facts = (result.kind, result.display, summaries, result.raw_ids, raw_refs, result.source_file, result.parsed, names, coverage)
    meta = (
        result.kind,
        result.display,
        [tuple(getattr(p, f) for f in PROBLEM_FIELDS) for p in result.problems],
        summaries,
        result.raw_ids,
        raw_refs,
        result.records,
        result.source_file,
        result.parsed,
        source,
        hashlib.sha256(rows).digest(),
        names,
        coverage,
        hashlib.sha256(canonical(facts)).digest(),
    )
    body = pickle.dumps(meta, protocol=5)
    return MAGIC + key + hashlib.sha256(key + body).digest() + len(body).to_bytes(8, "little") + body + rows


class Decoded(NamedTuple):
    """An intact entry: the result (each model as (place, (summary, None))), its source state, its rows' digest."""

    result: FileResult
    source: SourceState
    rows_digest: bytes
    rows_at: int
    """Where in the entry the rows start."""


def _sealed_body(data: bytes, key: bytes) -> memoryview | None:
    """The body of an intact entry for `key`, or None."""
    if len(data) < _HEAD + 8 or not data.startswith(MAGIC) or data[len(MAGIC) : len(MAGIC) + 32] != key:
        return None
    end = _HEAD + 8 + int.from_bytes(data[_HEAD : _HEAD + 8], "little")
    if end > len(data):
        return None
    body = memoryview(data)[_HEAD + 8 : end]
    digest = hashlib.sha256(key)
    digest.update(body)
    return body if digest.digest() == data[len(MAGIC) + 32 : _HEAD] else None


def decode(data: bytes, key: bytes) -> Decoded | None:
    """The result sealed in `data`, or None when it is not an intact entry for `key`."""
    body = _sealed_body(data, key)
    if body is None:
        return None
    try:
        return _unpack(body, _HEAD + 8 + len(body))
    except Exception:  # an intact digest over a body this version cannot read: still a miss
        return None


class Peeked(NamedTuple):
    """What deciding whether an entry is a hit needs: that it is intact, and its source state."""

    source: SourceState


def peek(data: bytes, key: bytes) -> Peeked | None:
    """Whether `data` is an intact entry for `key` and what it read of its source; builds no result.

    A run first peeks at every file's entry to learn which files must be checked, then
    decodes each hit only as it is fed (`decode`): results are never all held at once.
    """
    body = _sealed_body(data, key)
    if body is None:
        return None
    try:
        meta = loads_plain(body)
        source = meta[9]
        if source is not None and not (isinstance(source, tuple) and len(source) == 2):
            return None
        return Peeked(source)
    except Exception:
        return None


def attach_rows(decoded: Decoded, rows: bytes | memoryview) -> bool:
    """Put the entry's release rows (`entry[decoded.rows_at:]`) into the result's `row_columns`.

    False (nothing changed) unless they are the rows the entry was sealed with.
    """
    tables = rows_checked(rows, decoded.rows_digest)
    if tables is None:
        return False
    decoded.result.row_columns = tables
    return True


def rows_checked(rows: bytes | memoryview, digest: bytes) -> dict[str, list[list[Any]]] | None:
    """The release rows an entry holds (table -> columns), if they hash to `digest` (sealed in
    the entry) and every column is of its table's types; else None."""
    if hashlib.sha256(rows).digest() != digest:
        return None
    from ..models.columnar import columns_ok  # only a build reads rows, and it has the models

    try:
        tables = loads_plain(rows)
    except Exception:
        return None
    # Sealed is not proof: values of the wrong kind make a miss here, never a crash or a wrong release later.
    if not isinstance(tables, dict) or not all(columns_ok(t, cols) for t, cols in tables.items()):
        return None
    return tables


def _unpack(body: memoryview, rows_at: int) -> Decoded:
    from .cross_record import Summary

    unpacked = loads_plain(body)
    kind, display, problems, summaries, raw_ids, raw_refs, records, source_file, parsed, source, rows, names, coverage, facts = (
        unpacked
    )
    _cross_record_shapes(display, summaries, raw_ids, raw_refs, source_file, names)
    result = FileResult(
        kind,
        display,
        models=[(ypath, (Summary(*summary), None)) for ypath, summary in summaries],
        raw_ids=raw_ids,
        raw_refs=raw_refs,
        problems=[Problem(*p) for p in problems],
        records=records,
        source_file=source_file,
        parsed=parsed,
        names=list(names),
        coverage=coverage_from(coverage),
        facts=_digest(facts),
        rows_digest=_digest(rows),
    )
    return Decoded(result, source, rows, rows_at)


def _ref_ok(ref: Any) -> bool:
    return (
        type(ref) is tuple
        and len(ref) == 3
        and type(ref[0]) is str
        and type(ref[2]) is str
        and (ref[1] is None or type(ref[1]) is int)
    )


def _raw_ref_ok(ref: Any) -> bool:
    """(record's place, field, index or None, actor id), as `FileResult.raw_refs` holds them."""
    return type(ref) is tuple and len(ref) == 4 and type(ref[0]) is tuple and _ref_ok(ref[1:])


def _cross_record_shapes(display: Any, summaries: Any, raw_ids: Any, raw_refs: Any, source_file: Any, names: Any) -> None:
    """Raise unless what the cross-record checks read has the types they assume.

    A sealed entry holds plain values only, but not necessarily of the right types: one a
    hostile or buggy writer sealed with an id that is no string would otherwise crash every
    run that hits it, where it must be a miss like any other entry that fails a check.
    """
    ok = type(display) is str and (source_file is None or type(source_file) is str)
    ok = ok and all(type(n) is str for n in names) and all(type(rid) is str for _, rid in raw_ids)
    ok = ok and type(raw_refs) is list and all(_raw_ref_ok(r) for r in raw_refs)
    for _, summary in summaries:
        table, rid, refs = summary[:3]
        ok = ok and type(table) is str and type(rid) is str and type(refs) is tuple and all(_ref_ok(r) for r in refs)
        ok = ok and (len(summary) < 4 or summary[3] is None or type(summary[3]) is str)
    if not ok:
        raise ValueError("a cross-record value of the wrong type")


def _digest(value: Any) -> bytes:
    if not isinstance(value, bytes) or len(value) != 32:
        raise ValueError("not a SHA-256 digest")
    return value


CoveragePlain = tuple[str, str, str, list[tuple[Any, ...]], tuple[int | None, int | None]]


def coverage_plain(coverage: ArticleCoverage | None) -> CoveragePlain | None:
    """An article's coverage findings as plain tuples (the restricted unpickler builds no classes)."""
    if coverage is None:
        return None
    return coverage.article, coverage.file, coverage.source_file, [tuple(f) for f in coverage.findings], coverage.at


def coverage_from(plain: Any) -> ArticleCoverage | None:
    if plain is None:
        return None
    article, file, source_file, findings, (line, column) = plain
    return ArticleCoverage(str(article), str(file), str(source_file), [CoverageFinding(*f) for f in findings], (line, column))
