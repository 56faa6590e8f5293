"""Links inside one article, checked per file: a clause's `part_of` names the first clause
(no chains) of an utterance by the same speaker; a figure's span lies inside its `quote`'s."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ...models.figure import Figure
from ...models.quote import Quote
from ..reading.positions import YamlPath
from .findings import Finding, finding


def _part_of(quote: Quote, quotes: dict[str, Quote]) -> list[Finding]:
    if quote.part_of is None:
        return []
    target = quotes.get(quote.part_of)
    if target is None:
        message = f"part_of refers to quote {quote.part_of!r}, not in this article"
        hint = "Name the first clause of the same utterance, a quote of this article with no part_of of its own."
        return [finding(("part_of",), "reference-unresolved", message, hint, quote.part_of)]
    if target.part_of is not None:
        message = f"part_of names {target.id}, which is itself part of {target.part_of}"
        hint = f"Write `part_of: {target.part_of}` (the first clause)."
        return [finding(("part_of",), "field-invalid", message, hint, quote.part_of)]
    if target.speaker != quote.speaker:
        message = f"part_of names {target.id}, spoken by {target.speaker}, but this clause's speaker is {quote.speaker}"
        return [finding(("part_of",), "field-invalid", message, "Clauses of one utterance share their speaker.", quote.part_of)]
    return []


def _inside(figure: Figure, quotes: dict[str, Quote]) -> list[Finding]:
    if figure.quote is None:
        return []
    target = quotes.get(figure.quote)
    if target is None:
        message = f"quote refers to {figure.quote!r}, not a quote of this article"
        hint = "Give the id of the quote of this article that contains the figure, or leave `quote` out."
        return [finding(("quote",), "reference-unresolved", message, hint, figure.quote)]
    spans = (figure.start, figure.end, target.start, target.end)
    if None in spans:
        return []  # an unanchored record is reported already
    fs, fe, qs, qe = spans
    if fs < qs or fe > qe:  # type: ignore[operator]
        message = f"the figure spans {fs}..{fe}, outside quote {target.id} ({qs}..{qe})"
        hint = "Link a figure only to the statement whose text contains it (`quote`), or leave `quote` out."
        return [finding(("quote",), "figure-outside-quote", message, hint, figure.quote)]
    return []


def link_findings(models: Iterable[tuple[YamlPath, Any]], broken: Iterable[str] = ()) -> list[tuple[YamlPath, Finding]]:
    """(record place, finding) for every broken link among an article's quotes and figures; a
    link to a record that failed its own checks (`broken` ids) is that record's problem."""
    records = list(models)
    failed = set(broken)
    quotes = {m.id: m for _, m in records if isinstance(m, Quote)}
    found: list[tuple[YamlPath, Finding]] = []
    for prefix, model in records:
        if isinstance(model, Quote) and model.part_of not in failed:
            found += [(prefix, f) for f in _part_of(model, quotes)]
        elif isinstance(model, Figure) and model.quote not in failed:
            found += [(prefix, f) for f in _inside(model, quotes)]
    return found
