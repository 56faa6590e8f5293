"""`stats()` output as text (aligned columns), JSON, or Markdown tables."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, Literal

from ..errors import UnknownFormat

StatsFormat = Literal["text", "json", "markdown"]
FORMATS: tuple[str, ...] = ("text", "json", "markdown")


def _title(d: dict[str, Any]) -> str:
    version = d.get("dataset_version")
    schema = d.get("schema_version")
    title = "landmine-news dataset" + (f" {version}" if version else " (working copy)")
    return title + (f", schema {schema}" if schema else "")


def _text_block(heading: str, rows: Iterable[tuple[str, ...]], header: tuple[str, ...]) -> list[str]:
    rows = [header, *rows]
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    lines = [heading]
    for r in rows:
        # First column left-aligned (names), the counts right-aligned.
        cells = [r[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(r[1:], widths[1:], strict=False)]
        lines.append("  " + "  ".join(cells).rstrip())
    return lines


def _sections(d: dict[str, Any]) -> list[tuple[str, tuple[str, ...], list[tuple[str, ...]]]]:
    """(heading, header, rows) for each part, shared by the text and Markdown views."""

    def counts(mapping: dict[str, int]) -> list[tuple[str, ...]]:
        return [(key, str(n)) for key, n in mapping.items()]

    per_article: list[tuple[str, ...]] = [(a, str(c["quotes"]), str(c["figures"])) for a, c in d["articles"].items()]
    return [
        ("Records per table", ("table", "records"), counts(d["counts"])),
        ("Per article", ("article", "quotes", "figures"), per_article),
        ("Utterances per speaker", ("speaker", "utterances"), counts(d["utterances_per_speaker"])),
        ("Quote records per speaker", ("speaker", "records"), counts(d["records_per_speaker"])),
        ("Figures per unit", ("unit", "figures"), counts(d["figures_per_unit"])),
        ("Direct quotes per fidelity", ("fidelity", "quotes"), counts(d.get("direct_quotes_per_fidelity", {}))),
    ]


def _text(d: dict[str, Any]) -> str:
    lines = [_title(d)]
    for heading, header, rows in _sections(d):
        lines.append("")
        lines += _text_block(f"{heading}:", rows, header) if rows else [f"{heading}: none"]
    return "\n".join(lines) + "\n"


def _markdown(d: dict[str, Any]) -> str:
    lines = [f"## {_title(d)}"]
    for heading, header, rows in _sections(d):
        lines += ["", f"### {heading}", ""]
        if not rows:
            lines.append("None.")
            continue
        lines.append("| " + " | ".join(header) + " |")
        # Counts right-aligned, like the text view.
        lines.append("|---|" + "---:|" * (len(header) - 1))
        for r in rows:
            lines.append(f"| `{r[0]}` | " + " | ".join(r[1:]) + " |")
    return "\n".join(lines) + "\n"


def render_stats(d: dict[str, Any], fmt: StatsFormat = "text") -> str:
    """`stats()` output as `text` (aligned columns), `json`, or `markdown` tables."""
    if fmt == "json":
        # No sort_keys: the ranked order of the per-speaker and per-unit counts is meaningful.
        return json.dumps(d, indent=2, ensure_ascii=False) + "\n"
    if fmt == "markdown":
        return _markdown(d)
    if fmt == "text":
        return _text(d)
    raise UnknownFormat(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
