"""What changed between two versions of the dataset, record by record and field by field.

Either side may be a release folder or a working dataset folder (`landmine_news.load`
reads both), so the same comparison serves a pull request review, a CHANGELOG entry and
release notes. `diff_render` turns the result into text, JSON or Markdown.
"""

from __future__ import annotations

from dataclasses import dataclass
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
                    "changed": [
                        {"id": c.id, "fields": [{"field": f.field, "old": f.old, "new": f.new} for f in c.fields]}
                        for c in t.changed
                    ],
                }
                for t in self.tables
            },
        }


# -- comparing ---------------------------------------------------------------------------
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
    return TableDiff(
        table,
        added=tuple(sorted(after.keys() - before.keys())),
        removed=tuple(sorted(before.keys() - after.keys())),
        changed=tuple(changed),
    )


def diff_datasets(old: Dataset, new: Dataset) -> DatasetDiff:
    """Per table: ids added, ids removed, and changed records with each field's old and new value."""
    return DatasetDiff(
        tables=tuple(_table_diff(t, old, new) for t in TABLES),
        old_version=old.version,
        new_version=new.version,
        old_schema_version=old.schema_version,
        new_schema_version=new.schema_version,
    )
