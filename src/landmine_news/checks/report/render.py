"""Rendering a validation `Report` for people (text), machines (JSON) and CI (GitHub annotations)."""

from __future__ import annotations

import json
import re

from .escaping import printable
from .problems import Problem, Report

DEFAULT_LIMIT = 100


def _where(p: Problem) -> str:
    parts = [printable(p.file or "<dataset>")]
    if p.line is not None:
        parts.append(str(p.line))
        if p.column is not None:
            parts.append(str(p.column))
    return ":".join(parts)


def _summary(report: Report) -> str:
    e, w = len(report.errors), len(report.warnings)
    verdict = "valid" if report.ok else "INVALID"
    return (
        f"{verdict}: {e} error{'s' * (e != 1)}, {w} warning{'s' * (w != 1)} "
        f"in {report.files_checked} files, {report.records_checked} records"
    )


def _capped(report: Report, limit: int | None) -> tuple[list[Problem], int]:
    shown = report.problems if limit is None or limit <= 0 else report.problems[:limit]
    return shown, len(report.problems) - len(shown)


def text(report: Report, limit: int | None = DEFAULT_LIMIT) -> str:
    """`file:line:col: error[code] message` lines, each followed by its field and hint."""
    shown, more = _capped(report, limit)
    lines = []
    for p in shown:
        lines.append(f"{_where(p)}: {p.severity}[{printable(p.code)}] {printable(p.message)}")
        if p.field:
            lines.append(f"    field: {printable(p.field)}")
        if p.hint:
            lines.append("    hint: " + "\n          ".join(printable(line) for line in p.hint.split("\n")))
    if more:
        lines.append(f"... and {more} more problem{'s' * (more != 1)} not shown (use --max-problems 0 to see all)")
    lines.append(_summary(report))
    return "\n".join(lines) + "\n"


def as_json(report: Report) -> str:
    """The full report as JSON: exactly `Report.to_dict()`, never capped."""
    dumped = json.dumps(report.to_dict(), ensure_ascii=False, indent=2, sort_keys=True)
    # json.dumps escapes C0 controls only: escape the rest too (same JSON value, safe to print).
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", dumped) + "\n"


_JSON_UNSAFE = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\ud800-\udfff]")


def escape_data(s: str) -> str:
    """Escape a GitHub workflow command's message: its lines made printable first, so
    nothing in them can end the command early."""
    return "%0A".join(printable(line).replace("%", "%25") for line in s.split("\n"))


def escape_property(s: str) -> str:
    """Escape a GitHub workflow command's property (file, title)."""
    return printable(s).replace("%", "%25").replace(":", "%3A").replace(",", "%2C")


def github(report: Report, limit: int | None = DEFAULT_LIMIT) -> str:
    """GitHub Actions workflow commands (`::error file=...,line=...::message`)."""
    shown, more = _capped(report, limit)
    lines = []
    for p in shown:
        props = []
        if p.file:
            props.append(f"file={escape_property(p.file)}")
        if p.line is not None:
            props.append(f"line={p.line}")
        if p.column is not None:
            props.append(f"col={p.column}")
        props.append(f"title={escape_property(p.code)}")
        body = p.message + (f" [{p.field}]" if p.field else "") + (f"\nHint: {p.hint}" if p.hint else "")
        lines.append(f"::{p.severity} {','.join(props)}::{escape_data(body)}")
    if more:
        lines.append(f"::warning::{more} more problems not annotated; run landmine-news validate locally to see all")
    lines.append(_summary(report))
    return "\n".join(lines) + "\n"
