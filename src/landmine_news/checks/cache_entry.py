"""One cache entry: a file's result as plain data, sealed with its key and a digest.

Layout: magic, the 32-byte key, the SHA-256 of key and body, then the body: the length
of the result part, the result part and the rows part (two pickles). A validation reads
only the result part; a build also unpickles the rows. Pickles are read by a restricted
unpickler that builds nothing but plain values and dates, so even an entry that a
hostile process wrote with a valid digest cannot run code; anything that fails a check
is a miss, and the file is checked again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import pickle
from typing import Any

from .problems import Problem
from .results import FileResult

MAGIC = b"landmine-news cache 1\n"
_HEAD = len(MAGIC) + 64
_PROBLEM_FIELDS = ("code", "message", "file", "line", "column", "field", "severity", "hint", "value")
_SAFE = {("datetime", name) for name in ("date", "datetime", "time", "timedelta", "timezone")}

SourceState = tuple[str, str] | None
"""(source file name, its state: the SHA-256 hex of its bytes or 'missing'), or None for no source."""


class _PlainUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in _SAFE:
            return getattr(dt, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a cache entry")


def _loads(data: bytes | memoryview) -> Any:
    return _PlainUnpickler(io.BytesIO(data)).load()


def encode(key: bytes, result: FileResult, source: SourceState) -> bytes:
    """The entry of one file's result; `result.models` holds (place, (summary, row)) pairs."""
    problems = [tuple(getattr(p, f) for f in _PROBLEM_FIELDS) for p in result.problems]
    summaries = [(ypath, tuple(summary)) for ypath, (summary, _) in result.models]
    meta = (
        result.kind,
        result.display,
        problems,
        summaries,
        result.raw_ids,
        sorted(result.raw_refs),
        result.records,
        result.source_file,
        result.parsed,
        source,
    )
    head = pickle.dumps(meta, protocol=5)
    rows = pickle.dumps([row for _, (_, row) in result.models], protocol=5)
    body = len(head).to_bytes(8, "little") + head + rows
    return MAGIC + key + hashlib.sha256(key + body).digest() + body


def decode(data: bytes, key: bytes, *, rows: bool) -> tuple[FileResult, SourceState] | None:
    """The result sealed in `data`, or None when it is not an intact entry for `key`.

    With `rows`, each model is (place, (summary, release row)); otherwise (place, (summary, None)).
    """
    if len(data) < _HEAD + 8 or not data.startswith(MAGIC) or data[len(MAGIC) : len(MAGIC) + 32] != key:
        return None
    view = memoryview(data)
    digest = hashlib.sha256(key)
    digest.update(view[_HEAD:])
    if digest.digest() != data[len(MAGIC) + 32 : _HEAD]:
        return None
    try:
        return _unpack(view[_HEAD:], rows)
    except Exception:  # an intact digest over a body this version cannot read: still a miss
        return None


def _unpack(body: memoryview, rows: bool) -> tuple[FileResult, SourceState]:
    from .cross_record import Summary

    size = int.from_bytes(body[:8], "little")
    kind, display, problems, summaries, raw_ids, raw_refs, records, source_file, parsed, source = _loads(body[8 : 8 + size])
    payloads = _loads(body[8 + size :]) if rows else [None] * len(summaries)
    result = FileResult(
        kind,
        display,
        models=[(ypath, (Summary(*summary), payload)) for (ypath, summary), payload in zip(summaries, payloads, strict=True)],
        raw_ids=raw_ids,
        raw_refs=set(raw_refs),
        problems=[Problem(*p) for p in problems],
        records=records,
        source_file=source_file,
        parsed=parsed,
    )
    return result, source
