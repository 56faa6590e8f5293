"""What changed between two versions of the dataset, record by record and field by field.

Either side may be a release folder or a working dataset folder (`landmine_news.load`
reads both), so the same comparison serves a pull request review, a CHANGELOG entry and
release notes. `diff_render` turns the result into text, JSON or Markdown.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..models.base import Record
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
class DatasetDiff:
    """The differences of every table, in the release's table order, and the versions compared."""

    tables: tuple[TableDiff, ...]
    old_version: str | None = None
    new_version: str | None = None
    old_schema_version: str | None = None
    new_schema_version: str | None = None

    @property
    def empty(self) -> bool:
        """True when no record was added, removed or changed (versions are not data)."""
        return all(t.empty for t in self.tables)

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
            "tables": {
                t.table: {
                    "added": list(t.added),
                    "removed": list(t.removed),
                    "added_records": [{"id": rid, **t.content.get(rid, {})} for rid in t.added],
                    "removed_records": [{"id": rid, **t.content.get(rid, {})} for rid in t.removed],
                    "changed": [
                        {"id": c.id, "fields": [{"field": f.field, "old": f.old, "new": f.new} for f in c.fields]}
                        for c in t.changed
                    ],
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


def _content(table: TableName, record: Record) -> dict[str, Any]:
    data = record.model_dump(mode="json")
    return {name: data.get(name) for name in CONTENT.get(table, ())}


def _values(table: TableName, record: Record) -> dict[str, Any]:
    # Model fields only: derived release columns (value_si, unit_si) follow from them and
    # would report one edit twice. JSON mode turns enums and dates into comparable plain values.
    data = record.model_dump(mode="json")
    return {c.name: data.get(c.name) for c in columns(table) if c.model_field}


def _table_diff(table: TableName, old: Dataset, new: Dataset) -> TableDiff:
    before = {r.id: r for r in old.table(table)}
    after = {r.id: r for r in new.table(table)}
    changed = []
    for rid in sorted(before.keys() & after.keys()):
        a, b = _values(table, before[rid]), _values(table, after[rid])
        fields = tuple(FieldChange(name, a[name], b[name]) for name in a if a[name] != b[name])
        if fields:
            changed.append(RecordChange(rid, fields))
    added, removed = sorted(after.keys() - before.keys()), sorted(before.keys() - after.keys())
    content = {rid: _content(table, after[rid]) for rid in added} | {rid: _content(table, before[rid]) for rid in removed}
    return TableDiff(table, added=tuple(added), removed=tuple(removed), changed=tuple(changed), content=content)


def diff_datasets(old: Dataset, new: Dataset) -> DatasetDiff:
    """Per table: ids added, ids removed, and changed records with each field's old and new value."""
    return DatasetDiff(
        tables=tuple(_table_diff(t, old, new) for t in TABLES),
        old_version=old.version,
        new_version=new.version,
        old_schema_version=old.schema_version,
        new_schema_version=new.schema_version,
    )
