"""Joined rows for analysts: each quote or figure with the names it refers to, columns prefixed."""

from __future__ import annotations

from typing import Any

# `ds` is a Dataset; not imported here, as dataset.py imports this module.
Dataset = Any


def _value(v: Any) -> Any:
    return getattr(v, "value", v)


def quote_rows(ds: Dataset) -> list[dict[str, Any]]:
    """One dict per quote: quote_*, speaker_*, via_* (the relaying outlet) and article_* columns;
    `quote_part_of` is null for the first record of each utterance (count utterances by it)."""
    rows = []
    for q in ds.quotes:
        speaker, article = ds.actor(q.speaker), ds.article(q.article)
        via = ds.actor(q.via) if q.via else None
        rows.append(
            {
                "quote_id": q.id,
                "quote_text": q.text,
                "quote_kind": _value(q.kind),
                "quote_verb": q.verb,
                "quote_stance": _value(q.stance),
                "quote_part_of": q.part_of,
                "speaker_id": speaker.id,
                "speaker_name": speaker.name,
                "speaker_kind": _value(speaker.kind),
                "co_speaker_ids": list(q.co_speakers),
                "via_id": via.id if via else None,
                "via_name": via.name if via else None,
                "article_id": article.id,
                "article_title": article.title,
                "article_published_date": article.published_date,
            }
        )
    return rows


def figure_rows(ds: Dataset) -> list[dict[str, Any]]:
    """One dict per figure: figure_* (with its bounds' inclusivity and point), article_* and reporter_* columns."""
    rows = []
    for f in ds.figures:
        article = ds.article(f.article)
        reporter = ds.actor(f.reported_by) if f.reported_by else None
        rows.append(
            {
                "figure_id": f.id,
                "figure_mention": f.mention,
                "figure_measures": f.measures,
                "figure_value": f.value,
                "figure_low": f.low,
                "figure_low_inclusive": f.low_inclusive,
                "figure_high": f.high,
                "figure_high_inclusive": f.high_inclusive,
                "figure_point": f.point,
                "figure_unit": _value(f.unit),
                "figure_qualifier": _value(f.qualifier),
                "figure_value_si": f.value_si,
                "figure_unit_si": f.unit_si,
                "article_id": article.id,
                "article_title": article.title,
                "article_published_date": article.published_date,
                "reporter_id": reporter.id if reporter else None,
                "reporter_name": reporter.name if reporter else None,
            }
        )
    return rows
