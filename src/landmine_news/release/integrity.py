"""Checks a release's tables must pass beyond their types: keys, references, spans.

A release whose checksums were regenerated after an edit passes every hash check; these
are what still catch a duplicated id (which `Dataset.quote(id)` would silently resolve
to one of the copies), a reference to an actor that does not exist (in a list as well
as in a single field), or a span whose length is not its text's.
"""

from __future__ import annotations

from collections import Counter

from ..models.base import Anchored
from ..models.dataset import Dataset
from ..models.tables import REGISTRY, TABLES

MAX_LISTED = 20
"""Problems listed in full; the rest are counted."""

_TEXT_FIELD = {"quotes": "text", "figures": "mention"}


def _duplicate_ids(ds: Dataset) -> list[str]:
    problems = []
    for table in TABLES:
        counts = Counter(r.id for r in ds.table(table))
        problems += [f"{table}: id {rid!r} appears {n} times" for rid, n in sorted(counts.items()) if n > 1]
    return problems


def _dangling(ds: Dataset) -> list[str]:
    actors = {a.id for a in ds.actors}
    articles = {a.id for a in ds.articles}
    problems = []
    for table in TABLES:
        spec = REGISTRY[table]
        for record in ds.table(table):
            if spec.in_article and getattr(record, "article", None) not in articles:
                problems.append(
                    f"{table}: {record.id} refers to article {getattr(record, 'article', None)!r}, which is not in the release"
                )
            for name, many in spec.actor_refs:
                value = getattr(record, name)
                for ref in value if many else [value] if value is not None else []:
                    if ref not in actors:
                        problems.append(f"{table}: {record.id}.{name} refers to actor {ref!r}, which is not in the release")
    return problems


def _spans(ds: Dataset) -> list[str]:
    problems = []
    for table, text_field in _TEXT_FIELD.items():
        for record in ds.table(table):  # type: ignore[arg-type]
            assert isinstance(record, Anchored)
            text = getattr(record, text_field)
            if record.start is None or record.end is None:
                problems.append(f"{table}: {record.id} has no span (start/end)")
            elif record.end - record.start != len(text):
                problems.append(
                    f"{table}: {record.id} spans {record.start}..{record.end} but its {text_field} has {len(text)} code points"
                )
    return problems


def release_problems(ds: Dataset) -> list[str]:
    """Every key, reference and span problem of a loaded release, one line each (capped)."""
    problems = _duplicate_ids(ds) + _dangling(ds) + _spans(ds)
    if len(problems) > MAX_LISTED:
        return [*problems[:MAX_LISTED], f"... and {len(problems) - MAX_LISTED} more"]
    return problems
