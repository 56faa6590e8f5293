"""What the last run of a dataset found, so the next one need not feed every file again.

The per-file cache (`cache`) spares checking a file again, but the cross-record checks
still take in every file's summaries on every run: at 215,000 records that is most of
a warm run. A snapshot holds, for each record file of the last run, its cache key, what
its result read of its source, its own problems and record count, and a digest of what
the cross-record checks read of it (`FileResult.facts`); with them, the last run's
cross-record findings and coverage results (not yet located).

A run whose files are those of the snapshot, in the same order, with the same sources
listing, reuses the snapshot when every file that changed since keeps its facts digest:
the checks are functions of those facts alone, so they would find exactly what they found
before ("early cutoff", as build systems call it). Such changes are the everyday ones:
the wording of a quote, a figure's value, a comment. A change to what the checks read
(an id, a reference, a name, a source file, a coverage finding), or a file added or
removed, runs them all again from the per-file cache. Findings are located afresh on
every run, so their lines follow edits.

A snapshot is sealed like a cache entry (SHA-256 over the dataset key and body) and read
with the same plain-values unpickler; anything that fails a check is ignored.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .cache_entry import PROBLEM_FIELDS, CoveragePlain, SourceState, coverage_from, coverage_plain, loads_plain
from .coverage_types import ArticleCoverage
from .cross_record import Finding
from .problems import Problem

MAGIC = b"landmine-news run 1\n"
_HEAD = len(MAGIC) + 32


@dataclass
class FileMark:
    """One record file as a run saw it."""

    display: str
    key: bytes
    """Its per-file cache key (`cache.ResultCache.key`): equal keys, equal file and code."""
    source: SourceState
    """What its result read of its source (name and state), or None."""
    facts: bytes
    """`FileResult.facts`: the digest of what the cross-record checks read of it."""
    problems: list[Problem] = field(default_factory=list)
    records: int = 0
    rows: bytes = b""
    """`FileResult.rows_digest`: the digest of its release rows."""


@dataclass
class Snapshot:
    """A whole run's per-file marks (one list per field, in job order) and cross-record outcome.

    Lists rather than one object per file: a snapshot of 15,000 files loads and saves in a
    few milliseconds, which is most of what a warm run does.
    """

    listing: bytes
    """`listing(displays)` of the files, in job order: which files, not one string per file."""
    keys: list[bytes]
    read: list[SourceState]
    """Per file, what its result read of its source."""
    facts: list[bytes]
    records: list[int]
    rows: list[bytes]
    """Per file, the digest of its release rows (`release_key`)."""
    problems: dict[int, list[Problem]]
    """File index -> its own problems (files with none are left out)."""
    sources: dict[str, str]
    """The sources listing (name -> display) the orphan check was given."""
    findings: list[Finding]
    """Cross-record findings as the checks returned them, before locating."""
    coverage: dict[str, ArticleCoverage]
    """`Checked.coverage` of that run."""

    @classmethod
    def of(
        cls, files: list[FileMark], sources: dict[str, str], findings: list[Finding], coverage: dict[str, ArticleCoverage]
    ) -> Snapshot:
        return cls(
            listing(f.display for f in files),
            [f.key for f in files],
            [f.source for f in files],
            [f.facts for f in files],
            [f.records for f in files],
            [f.rows for f in files],
            {i: f.problems for i, f in enumerate(files) if f.problems},
            sources,
            findings,
            coverage,
        )

    def replace(self, i: int, mark: FileMark) -> None:
        """Put `mark` in place of file `i` (the same display)."""
        self.keys[i], self.read[i], self.facts[i], self.records[i] = mark.key, mark.source, mark.facts, mark.records
        self.rows[i] = mark.rows
        if mark.problems:
            self.problems[i] = mark.problems
        else:
            self.problems.pop(i, None)


def release_key(generation: str, snapshot: Snapshot) -> bytes:
    """What a release built from the snapshot's files depends on: the code and every file's rows.

    The release is a function of the rows alone (sorted by id, written deterministically) and
    of the package that writes it, so equal keys mean byte-identical releases.
    """
    digest = hashlib.sha256(generation.encode())
    for rows in snapshot.rows:
        digest.update(rows)
    return digest.digest()


def listing(displays: Iterable[str]) -> bytes:
    """A digest of the display names of a run's files, in order (NUL cannot occur in a path)."""
    return hashlib.sha256("\0".join(displays).encode("utf-8", "surrogateescape")).digest()


def _problem_plain(problem: Problem) -> tuple[Any, ...]:
    return tuple(getattr(problem, f) for f in PROBLEM_FIELDS)


def seal_snapshot(dataset: bytes, snapshot: Snapshot) -> bytes:
    """The sealed bytes of `snapshot`, for the dataset key `dataset`."""
    body = pickle.dumps(
        (
            snapshot.listing,
            snapshot.keys,
            snapshot.read,
            snapshot.facts,
            snapshot.records,
            snapshot.rows,
            {i: [_problem_plain(p) for p in found] for i, found in snapshot.problems.items()},
            dict(snapshot.sources),
            [(_problem_plain(f.problem), f.path) for f in snapshot.findings],
            [coverage_plain(c) for c in snapshot.coverage.values()],
        ),
        protocol=5,
    )
    return MAGIC + hashlib.sha256(dataset + body).digest() + body


def unseal_snapshot(data: bytes | None, dataset: bytes) -> Snapshot | None:
    """The snapshot sealed in `data` for `dataset`, or None if it is not an intact one."""
    if data is None or not data.startswith(MAGIC):
        return None
    body = memoryview(data)[_HEAD:]
    digest = hashlib.sha256(dataset)
    digest.update(body)
    if digest.digest() != data[len(MAGIC) : _HEAD]:
        return None
    try:
        files, keys, read, facts, records, rows, problems, sources, findings, coverage = loads_plain(body)
        n = len(keys)
        # Sealed is not proof of shape: every column is checked, as cache entries' rows are.
        if not (type(files) is bytes and _all(keys, bytes, n) and _all(facts, bytes, n) and _all(records, int, n)):
            return None
        if not _all(rows, bytes, n) or any(len(r) != 32 for r in rows):
            return None
        if len(read) != n or not all(r is None or _source_state(r) for r in read) or any(len(f) != 32 for f in facts):
            return None
        return Snapshot(
            files,
            keys,
            read,
            facts,
            records,
            rows,
            {_index(i, n): [Problem(*p) for p in found] for i, found in problems.items()},
            {_str(k): _str(v) for k, v in sources.items()},
            [Finding(Problem(*p), None if path is None else tuple(path)) for p, path in findings],
            {c.article: c for c in (_coverage(c) for c in coverage)},
        )
    except Exception:  # sealed but not of this shape: ignored, as a damaged entry is
        return None


def _all(values: Any, kind: type, n: int) -> bool:
    return isinstance(values, list) and len(values) == n and all(type(v) is kind for v in values)


def _source_state(value: Any) -> bool:
    return isinstance(value, tuple) and len(value) == 2 and all(isinstance(s, str) for s in value)


def _index(value: Any, n: int) -> int:
    if type(value) is not int or not 0 <= value < n:
        raise ValueError("not a file index")
    return value


def _coverage(plain: CoveragePlain) -> ArticleCoverage:
    found = coverage_from(plain)
    if found is None:
        raise ValueError("no coverage")
    return found


def _str(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("not a string")
    return value
