"""Checks a release's tables must pass beyond their types: ids, references, cycles, spans.

They catch what an edit with regenerated checksums slips past the hashes. Ids, actor
references and cycles go through the rules `validate` runs, each table fed as one file
(actors first), so problems carry the same codes and messages, at the release file and row.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from itertools import islice
from typing import TypeVar

from ..checks.engine.pool import summarize
from ..checks.reading.field_paths import YamlPath, field_path
from ..checks.report.problems import Problem
from ..checks.rules.cross_record import ActorReferences, CrossCheck, MemberCycles, UniqueIds
from ..checks.rules.file_result import FileKind, FileResult
from ..checks.rules.findings import Finding
from ..models.base import Anchored, Record
from ..models.tables import TableName

T = TypeVar("T")

MAX_REPEATS = 100  # rows repeating an id fed to the id rule; the rest are counted (a forgery may have millions)
MAX_FINDINGS = 1000  # findings of one shared rule listed; past them, one problem says there are more

_TEXT_FIELD: dict[TableName, str] = {"quotes": "text", "figures": "mention"}
_ARTICLE_HINT = (
    "Every quote and figure belongs to an article of the release, so the release was edited: rebuild it from the dataset."
)


@dataclass(frozen=True)
class TableFile:
    """One release table as read: its file, and for a CSV file the line each row starts at."""

    table: TableName
    file: str
    lines: Sequence[int] | None = None

    def line(self, row: int) -> int | None:
        return self.lines[row - 1] if self.lines is not None and 0 < row <= len(self.lines) else None

    def problem(
        self, row: int, code: str, message: str, *, field: str | None = None, value: object = None, hint: str | None = None
    ) -> Problem:
        """A problem of row `row` (1-based) of this file."""
        return Problem(code, f"row {row}: {message}", file=self.file, line=self.line(row), field=field, value=value, hint=hint)

    def located(self, finding: Finding) -> Problem:
        """A finding of the shared rules, at this file's row (its place is `(row_place(n), field...)`)."""
        path = finding.path or ()
        if not path:
            return replace(finding.problem, file=self.file)
        row = int(str(path[0]).removeprefix("row "))
        message = f"row {row}: {finding.problem.message}"
        return replace(finding.problem, file=self.file, line=self.line(row), field=field_path(path[1:]) or None, message=message)


def row_place(row: int) -> YamlPath:
    """The place of row `row` (1-based) as the shared rules carry it: read as `... at row 3`."""
    return (f"row {row}",)


def _kind(table: TableName) -> FileKind:
    return "actor" if table == "actors" else "article"


def _actors_first(tables: Iterable[tuple[TableFile, T]]) -> list[tuple[TableFile, T]]:
    # Actor files are fed first in a validation too: the order decides which use of an id is the second.
    return sorted(tables, key=lambda item: item[0].table != "actors")


def _run(rules: Sequence[CrossCheck], fed: list[tuple[TableFile, FileResult]]) -> list[Problem]:
    for _, result in fed:
        for rule in rules:
            rule.feed(result)
    where = {result.display: table for table, result in fed}
    problems: list[Problem] = []
    for rule in rules:
        found = iter(rule.finish())
        listed = [where[f.problem.file].located(f) if f.problem.file in where else f.problem for f in islice(found, MAX_FINDINGS)]
        problems += listed
        if next(found, None) is not None:  # a forged release may break a rule a million times
            last = listed[-1]
            more = Problem(last.code, "more problems of this kind, not listed one by one", file=last.file, hint=last.hint)
            problems.append(more)
    return problems


def id_problems(tables: Sequence[tuple[TableFile, Sequence[object]]]) -> list[Problem]:
    """`id-duplicate` for each id used twice in the release, from the id columns alone (ids that
    are not strings are left to the row's validation)."""
    fed: list[tuple[TableFile, FileResult]] = []
    counted: list[Problem] = []
    repeats = 0
    for where, ids in _actors_first(tables):
        seen: set[str] = set()
        raw: list[tuple[YamlPath, str]] = []
        skipped = 0
        for row, rid in enumerate(ids, 1):
            if not isinstance(rid, str):
                continue
            if rid in seen:
                if repeats >= MAX_REPEATS:
                    skipped += 1
                    continue
                repeats += 1
            seen.add(rid)
            raw.append((row_place(row), rid))
        fed.append((where, FileResult(_kind(where.table), where.file, raw_ids=raw, parsed=True)))
        if skipped:
            message = f"{skipped:,} more rows repeat ids used above in {where.file} (not listed one by one)"
            counted.append(Problem("id-duplicate", message, file=where.file, field="id"))
    return _run([UniqueIds()], fed) + counted


def record_problems(tables: Sequence[tuple[TableFile, Sequence[tuple[int, Record]]]]) -> list[Problem]:
    """Actor references and `member_of` cycles (the shared rules), then every quote and figure in
    an article of the release, every span as long as its text; records come with their rows."""
    fed = [
        (
            where,
            FileResult(
                _kind(where.table),
                where.file,
                models=[(row_place(row), (summarize(record), None)) for row, record in records],
                parsed=True,
            ),
        )
        for where, records in _actors_first(tables)
    ]
    problems = _run([ActorReferences(), MemberCycles()], fed)
    articles = {record.id for where, records in tables if where.table == "articles" for _, record in records}
    for where, records in tables:
        for row, record in records:
            article = getattr(record, "article", None)
            if where.table in _TEXT_FIELD and article not in articles:
                message = f"{record.id} refers to article {article!r}, which is not in the release"
                problems.append(
                    where.problem(row, "reference-unresolved", message, field="article", value=article, hint=_ARTICLE_HINT)
                )
            problems += _span_problems(where, row, record)
    return problems


def _span_problems(where: TableFile, row: int, record: Record) -> list[Problem]:
    text_field = _TEXT_FIELD.get(where.table)
    if text_field is None or not isinstance(record, Anchored):
        return []
    text = getattr(record, text_field)
    if record.start is None or record.end is None:
        return [where.problem(row, "release-span-invalid", f"{record.id} has no span (start/end)", field="start")]
    if record.end - record.start != len(text):
        message = f"{record.id} spans {record.start}..{record.end} but its {text_field} has {len(text)} code points"
        return [where.problem(row, "release-span-invalid", message, field="end", value=record.end)]
    return []
