"""What changed between two versions of the dataset, record by record and field by field.

Either side may be a release folder or a working dataset folder (`load_any`), so the same
comparison serves a pull request review, a CHANGELOG entry and release notes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from .codebook import code_span
from .dataset import TABLES, Dataset
from .problem import Report
from .tables import columns
from .version import SCHEMA_VERSION

DiffFormat = Literal["text", "json", "markdown"]
FORMATS: tuple[str, ...] = ("text", "json", "markdown")
# Values longer than this are summarised as "edited" in Markdown: notes and quotes would
# swamp a CHANGELOG entry, and the JSON view has them in full.
SHORT_VALUE = 60


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


class InvalidDataset(ValueError):
    """A working dataset folder that does not validate; `report` holds every problem."""

    def __init__(self, message: str, report: Report) -> None:
        super().__init__(message)
        self.report = report


# -- loading either kind of folder -------------------------------------------------------
def load_any(path: str | Path, *, format: Literal["parquet", "csv"] = "parquet") -> Dataset:
    """A release folder (has `datapackage.json`) or a working dataset folder (has `articles/`).

    A working dataset is validated first; when it is invalid this raises `InvalidDataset`
    (a `ValueError`) whose message is the validation report as text.
    """
    folder = Path(path)
    if not folder.is_dir():
        raise NotADirectoryError(f"{folder} is not a folder")
    if (folder / "datapackage.json").is_file():
        from .release import load

        return load(folder, format=format)
    if (folder / "articles").is_dir() or (folder / "actors").is_dir():
        from . import render
        from .validation import check

        checked = check(folder)
        if not checked.report.ok:
            raise InvalidDataset(f"{folder} is not a valid dataset:\n{render.text(checked.report)}", checked.report)
        ds = checked.dataset
        # It validated against this package's schema, so say so: a diff against a release
        # then shows a schema change only when there is one. It has no dataset version yet.
        return Dataset(ds.articles, ds.quotes, ds.actors, ds.figures, version=None, schema_version=SCHEMA_VERSION)
    raise ValueError(f"{folder} is neither a release (no datapackage.json) nor a dataset folder (no articles/)")


# -- comparing ---------------------------------------------------------------------------
def _values(table: str, record: Any) -> dict[str, Any]:
    # Model fields only: derived release columns (value_si, unit_si) follow from them and
    # would report one edit twice. JSON mode turns enums and dates into comparable plain values.
    data = record.model_dump(mode="json")
    return {c.name: data.get(c.name) for c in columns(table) if c.model_field}


def _table_diff(table: str, old: Dataset, new: Dataset) -> TableDiff:
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


# -- rendering ---------------------------------------------------------------------------
def _json_value(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _versions(d: DatasetDiff) -> str | None:
    if d.old_version is None and d.new_version is None:
        return None
    text = f"{d.old_version or 'working copy'} → {d.new_version or 'working copy'}"
    if None not in (d.old_schema_version, d.new_schema_version) and d.old_schema_version != d.new_schema_version:
        text += f" (schema {d.old_schema_version} → {d.new_schema_version})"
    return text


def _counts(t: TableDiff) -> str:
    return f"{len(t.added)} added, {len(t.removed)} removed, {len(t.changed)} changed"


def _text(d: DatasetDiff) -> str:
    lines = []
    versions = _versions(d)
    if versions:
        lines.append(f"comparing {versions}")
    if d.empty:
        return "\n".join(lines + ["no data changes"]) + "\n"
    for t in d.tables:
        if t.empty:
            lines.append(f"{t.table}: no changes")
            continue
        lines.append(f"{t.table}: {_counts(t)}")
        lines += [f"  + {rid}" for rid in t.added]
        lines += [f"  - {rid}" for rid in t.removed]
        for c in t.changed:
            lines.append(f"  ~ {c.id}")
            lines += [f"      {f.field}: {_json_value(f.old)} -> {_json_value(f.new)}" for f in c.fields]
    return "\n".join(lines) + "\n"


def _markdown_field(f: FieldChange) -> str:
    old, new = _json_value(f.old), _json_value(f.new)
    if len(old) <= SHORT_VALUE and len(new) <= SHORT_VALUE:
        return f"{code_span(f.field)} {code_span(old)} → {code_span(new)}"
    return f"{code_span(f.field)} edited"


def _markdown(d: DatasetDiff) -> str:
    lines = ["### Data changes", ""]
    versions = _versions(d)
    if versions:
        lines += [f"Compared: {versions}.", ""]
    if d.empty:
        return "\n".join(lines + ["No records were added, removed or changed."]) + "\n"
    for t in d.tables:
        if t.empty:
            continue
        lines.append(f"- **{t.table}**: {_counts(t)}")
        if t.added:
            lines.append("  - added: " + ", ".join(code_span(rid) for rid in t.added))
        if t.removed:
            lines.append("  - removed: " + ", ".join(code_span(rid) for rid in t.removed))
        for c in t.changed:
            lines.append(f"  - changed {code_span(c.id)}: " + "; ".join(_markdown_field(f) for f in c.fields))
    return "\n".join(lines) + "\n"


def render_diff(d: DatasetDiff, fmt: DiffFormat = "text") -> str:
    """The diff as `text`, `json` (every value in full) or `markdown` (a `### Data changes` section)."""
    if fmt == "json":
        return json.dumps(d.to_dict(), indent=2, ensure_ascii=False) + "\n"
    if fmt == "markdown":
        return _markdown(d)
    if fmt == "text":
        return _text(d)
    raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
