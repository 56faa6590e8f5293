"""Summary counts of a dataset: what is in it at a glance, for people, scripts and release notes.

`stats()` returns plain JSON-ready data; `render_stats()` only formats it, so the text,
JSON and Markdown views always agree.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any, Iterable, Literal

from .dataset import TABLES, Dataset

StatsFormat = Literal["text", "json", "markdown"]
FORMATS: tuple[str, ...] = ("text", "json", "markdown")


def _ranked(counter: Counter[str]) -> dict[str, int]:
    # Most frequent first, ties by key: the same data always prints in the same order.
    return {key: n for key, n in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))}


def stats(ds: Dataset) -> dict[str, Any]:
    """Counts per table, per article (quotes, figures), quotes per speaker and figures per unit."""
    quotes_by_article = Counter(q.article for q in ds.quotes)
    figures_by_article = Counter(f.article for f in ds.figures)
    # An article id referenced only by quotes or figures (possible in a hand-built Dataset)
    # still gets a row, so the per-article counts always add up to the table counts.
    article_ids = sorted({a.id for a in ds.articles} | set(quotes_by_article) | set(figures_by_article))
    return {
        "dataset_version": ds.version,
        "schema_version": ds.schema_version,
        "counts": {table: len(ds.table(table)) for table in TABLES},
        "articles": {
            aid: {"quotes": quotes_by_article[aid], "figures": figures_by_article[aid]} for aid in article_ids
        },
        "quotes_per_speaker": _ranked(Counter(q.speaker for q in ds.quotes)),
        "figures_per_unit": _ranked(Counter(f.unit.value for f in ds.figures)),
    }


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
        cells = [r[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(r[1:], widths[1:])]
        lines.append("  " + "  ".join(cells).rstrip())
    return lines


def _sections(d: dict[str, Any]) -> list[tuple[str, tuple[str, ...], list[tuple[str, ...]]]]:
    """(heading, header, rows) for each part, shared by the text and Markdown views."""
    return [
        ("Records per table", ("table", "records"), [(t, str(n)) for t, n in d["counts"].items()]),
        ("Per article", ("article", "quotes", "figures"),
         [(a, str(c["quotes"]), str(c["figures"])) for a, c in d["articles"].items()]),
        ("Quotes per speaker", ("speaker", "quotes"), [(s, str(n)) for s, n in d["quotes_per_speaker"].items()]),
        ("Figures per unit", ("unit", "figures"), [(u, str(n)) for u, n in d["figures_per_unit"].items()]),
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
    raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
