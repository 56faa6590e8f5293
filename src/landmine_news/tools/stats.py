"""Summary counts of a dataset: what is in it at a glance, for people, scripts and release notes.

`stats()` returns plain JSON-ready data; `stats_render.render_stats()` only formats it,
so the text, JSON and Markdown views always agree.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from ..models.dataset import Dataset
from ..models.tables import TABLES


def _ranked(counter: Counter[str]) -> dict[str, int]:
    # Most frequent first, ties by key: the same data always prints in the same order.
    return {key: n for key, n in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))}


def stats(ds: Dataset) -> dict[str, Any]:
    """Counts per table and per article, utterances and quote records per speaker, figures per unit
    and direct quotes per fidelity. An utterance is a quote whose `part_of` is null (said once,
    however many records split it)."""
    quotes_by_article = Counter(q.article for q in ds.quotes)
    figures_by_article = Counter(f.article for f in ds.figures)
    # An article id referenced only by quotes or figures (possible in a hand-built Dataset)
    # still gets a row, so the per-article counts always add up to the table counts.
    article_ids = sorted({a.id for a in ds.articles} | set(quotes_by_article) | set(figures_by_article))
    return {
        "dataset_version": ds.version,
        "schema_version": ds.schema_version,
        "counts": {table: len(ds.table(table)) for table in TABLES},
        "articles": {aid: {"quotes": quotes_by_article[aid], "figures": figures_by_article[aid]} for aid in article_ids},
        "utterances_per_speaker": _ranked(Counter(q.speaker for q in ds.quotes if q.part_of is None)),
        "records_per_speaker": _ranked(Counter(q.speaker for q in ds.quotes)),
        "figures_per_unit": _ranked(Counter(f.unit.value for f in ds.figures)),
        # How faithful the direct quotes are to the words first published (schema 2.1).
        "direct_quotes_per_fidelity": _ranked(
            Counter(q.fidelity.value if q.fidelity else "unchecked" for q in ds.quotes if q.kind.value == "direct")
        ),
    }
