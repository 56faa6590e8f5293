"""What changed between two versions of the dataset, record by record and field by field.

Either side may be a release folder or a working dataset folder (`landmine_news.load`
reads both), so the same comparison serves a pull request review, a CHANGELOG entry and
release notes. `diff_render` turns the result into text, JSON or Markdown.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..models.dataset import Dataset
from ..models.tables import TABLES, TableName, columns


@dataclass(frozen=True)
class FieldChange:
    """One field of one record whose value differs; values in their JSON form."""

    field: str
    old: Any
    new: Any


@dataclass(frozen=True)
class RecordChange:
    """A record present on both sides with at least one field changed, fields in column order."""

    id: str
    fields: tuple[FieldChange, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "fields": [{"field": f.field, "old": f.old, "new": f.new} for f in self.fields]}


@dataclass(frozen=True)
class TableDiff:
    """Ids added, removed (both sorted) and records changed (sorted by id) in one table."""

    table: str
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    changed: tuple[RecordChange, ...] = ()
    content: dict[str, dict[str, Any]] = field(default_factory=dict, compare=False)
    """Id -> what a reviewer reads of each added or removed record (`CONTENT`), values in JSON form."""

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


@dataclass(frozen=True)
class RuleDiff:
    """Rows of the figure rule table added, removed or changed (by id, in the new table's
    order), which recode every figure whose wording they match."""

    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    changed: tuple[RecordChange, ...] = ()
    rows: dict[str, dict[str, Any]] = field(default_factory=dict, compare=False)
    """Id -> the row as `figure_rules.json` records it, for the rows added or removed."""

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


@dataclass(frozen=True)
class DatasetDiff:
    """The differences of every table, in the release's table order, and the versions compared."""

    tables: tuple[TableDiff, ...]
    old_version: str | None = None
    new_version: str | None = None
    old_schema_version: str | None = None
    new_schema_version: str | None = None
    rules: RuleDiff | None = None
    """The figure rule table's changes; None when a side records no table (a release made
    before releases recorded one)."""

    @property
    def empty(self) -> bool:
        """True when no record and no rule of the table was added, removed or changed (versions are not data)."""
        return all(t.empty for t in self.tables) and (self.rules is None or self.rules.empty)

    def table(self, name: str) -> TableDiff:
        for t in self.tables:
            if t.table == name:
                return t
        raise KeyError(f"no table {name!r}; tables are {', '.join(TABLES)}")

    def to_dict(self) -> dict[str, Any]:
        return {
            "old_version": self.old_version,
            "new_version": self.new_version,
            "old_schema_version": self.old_schema_version,
            "new_schema_version": self.new_schema_version,
            "empty": self.empty,
            "rules": None
            if self.rules is None
            else {
                "added": [{"id": rid, **self.rules.rows.get(rid, {})} for rid in self.rules.added],
                "removed": [{"id": rid, **self.rules.rows.get(rid, {})} for rid in self.rules.removed],
                "changed": [c.to_dict() for c in self.rules.changed],
            },
            "tables": {
                t.table: {
                    "added": list(t.added),
                    "removed": list(t.removed),
                    "added_records": [{"id": rid, **t.content.get(rid, {})} for rid in t.added],
                    "removed_records": [{"id": rid, **t.content.get(rid, {})} for rid in t.removed],
                    "changed": [c.to_dict() for c in t.changed],
                }
                for t in self.tables
            },
        }


# -- comparing ---------------------------------------------------------------------------
CONTENT: dict[str, tuple[str, ...]] = {
    "articles": ("title", "published_date", "source_file"),
    "quotes": ("article", "speaker", "kind", "verb", "stance", "text"),
    "actors": ("name", "kind", "member_of"),
    "figures": ("article", "mention", "value", "low", "high", "unit", "qualifier", "measures"),
}
"""The fields shown of an added or removed record: who said what and how, what a number is coded as."""


def _field_changes(old: dict[str, Any], new: dict[str, Any]) -> tuple[FieldChange, ...]:
    """The fields of one record (or rule row) whose values differ, in the new one's order."""
    return tuple(FieldChange(name, old.get(name), new[name]) for name in new if name != "id" and old.get(name) != new[name])


def _compare(
    before: dict[str, dict[str, Any]], after: dict[str, dict[str, Any]]
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[RecordChange, ...]]:
    """Ids added and removed, each in its side's order, and the records (or rule rows) changed, in the new side's order."""
    added = tuple(rid for rid in after if rid not in before)
    removed = tuple(rid for rid in before if rid not in after)
    changes = ((rid, _field_changes(before[rid], row)) for rid, row in after.items() if rid in before)
    return added, removed, tuple(RecordChange(rid, fields) for rid, fields in changes if fields)


def _only(records: dict[str, dict[str, Any]], names: Iterable[str]) -> dict[str, dict[str, Any]]:
    return {rid: {name: data.get(name) for name in names} for rid, data in records.items()}


def _table_diff(table: TableName, old: Dataset, new: Dataset) -> TableDiff:
    # JSON mode turns enums and dates into comparable plain values.
    before = {r.id: r.model_dump(mode="json") for r in sorted(old.table(table), key=lambda r: r.id)}
    after = {r.id: r.model_dump(mode="json") for r in sorted(new.table(table), key=lambda r: r.id)}
    # Model fields only: derived release columns (value_si, unit_si) follow from them and would report one edit twice.
    names = [c.name for c in columns(table) if c.model_field]
    added, removed, changed = _compare(_only(before, names), _only(after, names))
    content = {rid: after[rid] for rid in added} | {rid: before[rid] for rid in removed}
    return TableDiff(table, added, removed, changed, _only(content, CONTENT.get(table, ())))


def diff_datasets(
    old: Dataset, new: Dataset, rules: tuple[list[dict[str, Any]] | None, list[dict[str, Any]] | None] = (None, None)
) -> DatasetDiff:
    """Per table: ids added, ids removed, and changed records with each field's old and new value;
    and the rule table's changes when both sides' rows are given (`rule_rows`)."""
    old_rules, new_rules = rules
    return DatasetDiff(
        tables=tuple(_table_diff(t, old, new) for t in TABLES),
        old_version=old.version,
        new_version=new.version,
        old_schema_version=old.schema_version,
        new_schema_version=new.schema_version,
        rules=_rule_diff(old_rules, new_rules) if old_rules is not None and new_rules is not None else None,
    )


def _rule_diff(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> RuleDiff:
    before, after = {r["id"]: r for r in old}, {r["id"]: r for r in new}
    added, removed, changed = _compare(before, after)
    rows = {rid: after[rid] for rid in added} | {rid: before[rid] for rid in removed}
    return RuleDiff(added, removed, changed, {k: {n: v for n, v in r.items() if n != "id"} for k, r in rows.items()})


def rule_rows(path: Path | None) -> list[dict[str, Any]] | None:
    """The figure rule table's rows that the release or dataset folder at `path` is coded by (the
    package's release when None): a release's `figure_rules.json`, or the package's rows and a
    dataset's own `figure_rules.toml`; None for a release that records no table."""
    from ..models.figure_rules import effective_table
    from ..release.reader import default_release
    from ..release.rule_table import RULES_FILE, rule_table_record

    folder = default_release() if path is None else path
    recorded = folder / RULES_FILE
    if (folder / "datapackage.json").is_file():
        if not recorded.is_file():
            return None
        rows: list[dict[str, Any]] = json.loads(recorded.read_text(encoding="utf-8"))["rows"]
        return rows
    own = folder / "figure_rules.toml"
    text = own.read_text(encoding="utf-8") if own.is_file() else None
    rows = rule_table_record(effective_table(text))["rows"]
    return rows
