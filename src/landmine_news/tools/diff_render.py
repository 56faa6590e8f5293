"""A `DatasetDiff` as text, JSON (every value in full) or Markdown (a CHANGELOG section)."""

from __future__ import annotations

import json
from typing import Any, Literal

from ..errors import UnknownFormat
from ..release.markdown import code_span
from .diff import DatasetDiff, FieldChange, RecordChange, TableDiff

DiffFormat = Literal["text", "json", "markdown"]
FORMATS: tuple[str, ...] = ("text", "json", "markdown")
# Values longer than this are summarised as "edited" in Markdown: notes and quotes would
# swamp a CHANGELOG entry, and the JSON view has them in full.
SHORT_VALUE = 60


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


def _record(t: TableDiff, rid: str, limit: int | None = None) -> str:
    """An added or removed record in one line: its id, then its content fields."""
    parts = []
    for name, value in t.content.get(rid, {}).items():
        if value in (None, []):
            continue
        shown = _json_value(value)
        if limit is not None and len(shown) > limit:
            shown = shown[: limit - 2] + '…"' if shown.endswith('"') else shown[:limit] + "…"
        parts.append(f"{name}={shown}")
    return f"{rid}: {', '.join(parts)}" if parts else rid


def _changed_lines(changes: tuple[RecordChange, ...]) -> list[str]:
    """Each changed record (or rule row) and its fields, old -> new, for the text view."""
    lines = []
    for c in changes:
        lines.append(f"  ~ {c.id}")
        lines += [f"      {f.field}: {_json_value(f.old)} -> {_json_value(f.new)}" for f in c.fields]
    return lines


def _text(d: DatasetDiff) -> str:
    lines = []
    versions = _versions(d)
    if versions:
        lines.append(f"comparing {versions}")
    if d.empty:
        return "\n".join([*lines, "no data changes"]) + "\n"
    if d.rules is not None and not d.rules.empty:
        r = d.rules
        lines.append(f"figure rule table: {len(r.added)} rows added, {len(r.removed)} removed, {len(r.changed)} changed")
        lines += [f"  + {rid}: {_json_value(r.rows[rid].get('wordings'))} ({r.rows[rid].get('origin')})" for rid in r.added]
        lines += [f"  - {rid}" for rid in r.removed]
        lines += _changed_lines(r.changed)
    for t in d.tables:
        if t.empty:
            lines.append(f"{t.table}: no changes")
            continue
        lines.append(f"{t.table}: {_counts(t)}")
        lines += [f"  + {_record(t, rid)}" for rid in t.added]
        lines += [f"  - {_record(t, rid)}" for rid in t.removed]
        lines += _changed_lines(t.changed)
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
        return "\n".join([*lines, "No records were added, removed or changed."]) + "\n"
    if d.rules is not None and not d.rules.empty:
        r = d.rules
        lines.append(f"- **figure rule table**: {len(r.added)} rows added, {len(r.removed)} removed, {len(r.changed)} changed")
        lines += [
            f"  - added row {code_span(rid)}: " + ", ".join(code_span(w) for w in r.rows[rid].get("wordings", []))
            for rid in r.added
        ]
        lines += [f"  - removed row {code_span(rid)}" for rid in r.removed]
        lines += [f"  - changed row {code_span(c.id)}: " + "; ".join(_markdown_field(f) for f in c.fields) for c in r.changed]
    for t in d.tables:
        if t.empty:
            continue
        lines.append(f"- **{t.table}**: {_counts(t)}")
        lines += [f"  - added {code_span(_record(t, rid, SHORT_VALUE))}" for rid in t.added]
        lines += [f"  - removed {code_span(_record(t, rid, SHORT_VALUE))}" for rid in t.removed]
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
    raise UnknownFormat(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
