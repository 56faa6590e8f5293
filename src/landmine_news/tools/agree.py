"""Agreement between two curations of the same articles: which records match, and how far
the curators agree on what the matched records say.

Nothing is matched by id, so the second curator can curate blind: articles match by the
SHA-256 of their source bytes; quotes and figures by span, as quotation-attribution
evaluations score them (exact spans first, then the largest overlaps, one to one); actors
by normalised name or alias. Curation A is the reference (B's unmatched records are
`extra`, A's `missing`). Matched pairs are compared field by field (actors by name, quotes
by span), with Krippendorff's alpha (nominal, two coders) for stance, kind and qualifier.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, TypeVar

from ..errors import UsageError
from ..models.actor import Actor
from ..models.article import Article
from ..models.base import Anchored, Record
from ..models.dataset import Dataset
from ..models.figure import Figure
from ..models.lookup import closest
from ..models.quote import Quote

QUOTE_FIELDS = ("speaker", "speaker_label", "co_speakers", "kind", "verb", "attribution", "stance", "via", "part_of")
FIGURE_FIELDS = (
    "qualifier", "value", "low", "low_inclusive", "high", "high_inclusive", "point", "unit", "base", "reported_by",
    "quote", "check_verdict", "check_reference_value",
)  # fmt: skip
ARTICLE_FIELDS = (
    "title", "published_date", "published_time", "utc_offset", "publisher", "url", "language", "reading_time_minutes",
    "image_caption", "image_credit", "image_credited_to", "attributed_to", "mentions", "section_headings",
)  # fmt: skip
ACTOR_FIELDS = ("kind", "member_of", "wikidata")
# Not compared: notes, a figure's `measures`, `check_reference` and `check_source` (free
# prose two curators never word alike, so every pair would "disagree"), and what the span
# fixes (text, mention, offsets, context, occurrence).

_ACTOR = frozenset({"speaker", "via", "reported_by", "publisher"})
_ACTORS = frozenset({"co_speakers", "image_credited_to", "attributed_to", "mentions", "member_of"})
_TARGETS = frozenset({"part_of", "quote"})
_WORDING = frozenset({"verb", "base"})
"""Short labels in the curator's words: compared with case and spacing folded."""
_A = TypeVar("_A", bound=Record)
_B = TypeVar("_B", bound=Record)


@dataclass(frozen=True)
class Pair:
    """A record of A and the record of B it was matched with; `exact`: the same span (quotes,
    figures), the same name, not only an alias (actors); always for articles (same source bytes)."""

    a: Record
    b: Record
    exact: bool


@dataclass(frozen=True)
class Disagreement:
    """One field on which the two curators' matched records differ (values as compared)."""

    table: str
    a_id: str
    b_id: str
    field: str
    a: Any
    b: Any


@dataclass(frozen=True)
class Boundary:
    """Two records matched only by overlap: both spans, for the curators to settle where it starts and ends."""

    a_id: str
    b_id: str
    a_start: int | None
    a_end: int | None
    a_text: str
    b_start: int | None
    b_end: int | None
    b_text: str


@dataclass
class TableAgreement:
    """Matching and field agreement for one table (quotes, figures, articles or actors)."""

    table: str
    pairs: list[Pair] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    """Ids in A that B has no record for."""
    extra: list[str] = field(default_factory=list)
    """Ids in B that A has no record for."""
    agreement: dict[str, tuple[int, int]] = field(default_factory=dict)
    """Field -> (matched pairs agreeing, matched pairs)."""
    disagreements: list[Disagreement] = field(default_factory=list)
    alpha: dict[str, float | None] = field(default_factory=dict)
    boundaries: list[Boundary] = field(default_factory=list)
    """The pairs matched by overlap only, with both spans."""

    def scores(self, *, exact: bool) -> dict[str, float | None]:
        """Precision, recall and F1 of B against A, counting exact matches only or any overlap."""
        hits = sum(1 for p in self.pairs if p.exact or not exact)
        n_a, n_b = len(self.pairs) + len(self.missing), len(self.pairs) + len(self.extra)
        precision = hits / n_b if n_b else None
        recall = hits / n_a if n_a else None
        f1 = 2 * precision * recall / (precision + recall) if precision and recall else (0.0 if n_a and n_b else None)
        return {"precision": precision, "recall": recall, "f1": f1}


def krippendorff_alpha(pairs: Sequence[tuple[Any, Any]]) -> float | None:
    """Krippendorff's alpha for nominal data from two coders who coded every unit.

    None when it is undefined: fewer than two units, or a single value throughout (no
    variation to agree on beyond chance).
    """
    if len(pairs) < 2:
        return None
    # From the coincidence matrix: each unit adds (a, b) and (b, a).
    totals = Counter(value for pair in pairs for value in pair)
    n = 2 * len(pairs)
    expected = n * n - sum(count * count for count in totals.values())
    if expected == 0:
        return None
    observed = 2 * sum(1 for a, b in pairs if a != b)
    return 1.0 - (n - 1) * observed / expected


def _overlap(a: Anchored, b: Anchored) -> int:
    if a.start is None or a.end is None or b.start is None or b.end is None:
        return 0
    return max(0, min(a.end, b.end) - max(a.start, b.start))


def _one_to_one(
    a: Sequence[_A], b: Sequence[_B], ranked: Iterable[tuple[bool, int, int]]
) -> tuple[list[Pair], list[_A], list[_B]]:
    """Pairs taken in `ranked` order ((exact, index in a, index in b)), each record once; and the unmatched of each side."""
    pairs: list[Pair] = []
    used_a: set[int] = set()
    used_b: set[int] = set()
    for exact, i, j in ranked:
        if i not in used_a and j not in used_b:
            pairs.append(Pair(a[i], b[j], exact))
            used_a.add(i)
            used_b.add(j)
    return pairs, [x for i, x in enumerate(a) if i not in used_a], [y for j, y in enumerate(b) if j not in used_b]


def match_records(a: Sequence[Anchored], b: Sequence[Anchored]) -> tuple[list[Pair], list[Anchored], list[Anchored]]:
    """One-to-one pairs (exact spans first, then largest overlaps), and the unmatched of each side."""
    same = [
        (True, i, j)
        for i, x in enumerate(a)
        for j, y in enumerate(b)
        if x.start is not None and (x.start, x.end) == (y.start, y.end)
    ]
    overlaps = sorted(((_overlap(x, y), i, j) for i, x in enumerate(a) for j, y in enumerate(b)), reverse=True)
    return _one_to_one(a, b, [*same, *((False, i, j) for size, i, j in overlaps if size > 0)])


def normalise_name(name: str) -> str:
    """A name as two curators may both write it: case folded, spacing collapsed, a leading "the" dropped."""
    return " ".join(name.split()).casefold().removeprefix("the ")


def _actor_names(actor: Actor) -> set[str]:
    return {normalise_name(x) for x in (actor.name, *actor.aliases)}


def match_actors(a: Sequence[Actor], b: Sequence[Actor]) -> tuple[list[Pair], list[Actor], list[Actor]]:
    """One-to-one pairs of actors whose normalised names or aliases meet (same names first), and the unmatched of each side."""
    names_a, names_b = [_actor_names(x) for x in a], [_actor_names(y) for y in b]
    # Same name before a shared alias, so `U.S.` (alias of `United States`) does not take
    # the place of an actor named `U.S.` on the other side.
    ranked = sorted(
        (normalise_name(x.name) != normalise_name(y.name), i, j)
        for i, x in enumerate(a)
        for j, y in enumerate(b)
        if names_a[i] & names_b[j]
    )
    return _one_to_one(a, b, [(not alias, i, j) for alias, i, j in ranked])


def match_articles(a: Sequence[Article], b: Sequence[Article]) -> tuple[list[Pair], list[Article], list[Article]]:
    """One-to-one pairs of articles curated from the same source bytes (by `sha256`), and the unmatched
    of each side; ids only break a tie, when one side curated the same source twice."""
    ranked = sorted((x.id != y.id, i, j) for i, x in enumerate(a) for j, y in enumerate(b) if x.sha256 == y.sha256)
    return _one_to_one(a, b, [(True, i, j) for _, i, j in ranked])


def _plain(value: Any) -> Any:
    """A field value as JSON can hold it and `==` compares it."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, list):
        return [_plain(x) for x in value]
    return value


@dataclass(frozen=True)
class _Side:
    """One curation's ways to turn its ids into what the other curation can also say."""

    keys: dict[str, str]
    """Actor id -> the key both sides share: its normalised name, A's for a matched actor (an
    id that names no actor stays as it is)."""
    quotes: dict[str, Quote]

    def actor(self, actor_id: str) -> str:
        return self.keys.get(actor_id, actor_id)

    def value(self, record: Record, name: str) -> Any:
        value = getattr(record, name)
        if value is None:
            return None
        if name in _ACTOR:
            return self.actor(value)
        if name in _ACTORS:
            return sorted({self.actor(x) for x in value})
        if name in _TARGETS:
            target = self.quotes.get(value)
            return [target.start, target.end] if target is not None else value
        if name in _WORDING:
            return normalise_name(value)
        return _plain(value)


def _compare(table: TableAgreement, fields: Sequence[str], side_a: _Side, side_b: _Side) -> None:
    for name in fields:
        values = [(p, side_a.value(p.a, name), side_b.value(p.b, name)) for p in table.pairs]
        table.disagreements += [Disagreement(table.table, p.a.id, p.b.id, name, va, vb) for p, va, vb in values if va != vb]
        table.agreement[name] = (sum(1 for _, va, vb in values if va == vb), len(table.pairs))


def _span_text(record: Record) -> str:
    return record.text if isinstance(record, Quote) else record.mention if isinstance(record, Figure) else ""


def _records(table: str, a: Sequence[Anchored], b: Sequence[Anchored], articles: Sequence[Pair]) -> TableAgreement:
    result = TableAgreement(table)
    for article in articles:
        pairs, rest_a, rest_b = match_records(
            [r for r in a if getattr(r, "article", None) == article.a.id],
            [r for r in b if getattr(r, "article", None) == article.b.id],
        )
        result.pairs += pairs
        result.missing += [r.id for r in rest_a]
        result.extra += [r.id for r in rest_b]
    for p in result.pairs:
        if not p.exact and isinstance(p.a, Anchored) and isinstance(p.b, Anchored):
            result.boundaries.append(
                Boundary(p.a.id, p.b.id, p.a.start, p.a.end, _span_text(p.a), p.b.start, p.b.end, _span_text(p.b))
            )
    return result


def _chosen(ds: Dataset, articles: set[str]) -> tuple[list[Quote], list[Figure], list[Actor]]:
    """The quotes and figures of the chosen articles, and the actors all those refer to with the bodies they belong to."""
    quotes = [q for q in ds.quotes if q.article in articles]
    figures = [f for f in ds.figures if f.article in articles]
    actors = {x.id: x for x in ds.actors}
    ids: set[str] = set()
    for article in (x for x in ds.articles if x.id in articles):
        ids.update(article.image_credited_to, article.attributed_to, article.mentions)
        ids.update([article.publisher] if article.publisher else [])
    for quote in quotes:
        ids.update([quote.speaker, *quote.co_speakers, *([quote.via] if quote.via else [])])
    ids.update(f.reported_by for f in figures if f.reported_by)
    todo = list(ids)
    while todo:
        actor = actors.get(todo.pop())
        for parent in actor.member_of if actor else []:
            if parent not in ids:
                ids.add(parent)
                todo.append(parent)
    return quotes, figures, [actors[x] for x in sorted(ids) if x in actors]


@dataclass
class Agreement:
    """The comparison of curation B with curation A."""

    articles: list[str]
    """A's ids of the articles compared."""
    quotes: TableAgreement
    figures: TableAgreement
    metadata: TableAgreement = field(default_factory=lambda: TableAgreement("articles"))
    """The articles' own fields; `extra`: B's articles whose source A does not have."""
    actors: TableAgreement = field(default_factory=lambda: TableAgreement("actors"))
    """The actors the compared articles refer to, matched by name or alias."""


def _choose(pairs: list[Pair], conflicts: dict[str, tuple[str, str]], articles: Sequence[str] | None) -> list[Pair]:
    """The article pairs to compare; a usage error for an article not in both, or curated against other bytes."""
    known = {x: p for p in pairs for x in (p.a.id, p.b.id)}
    absent = [x for x in articles or [] if x not in known and x not in conflicts]
    if absent:
        shared = sorted({p.a.id for p in pairs})
        near = closest(absent[0], sorted(known))
        hint = f"; did you mean {near[0]!r}?" if near else f"; the articles in both are: {', '.join(shared) or 'none'}"
        raise UsageError(f"article {absent[0]!r} is not in both curations{hint}")
    # Offsets and texts compare only over the same source bytes: a BOM or converted line
    # endings shift every span, and the agreement would measure the conversion. An article
    # both name alike but curated against other bytes is most likely such a conversion.
    differ = [x for x in conflicts if articles is None or x in articles]
    if differ:
        raise UsageError(
            f"article {differ[0]!r} was curated against different source texts (sha256 {conflicts[differ[0]][0][:12]}… "
            f"and {conflicts[differ[0]][1][:12]}…){f' (and {len(differ) - 1} more)' if len(differ) > 1 else ''}: "
            "compare curations of the same source bytes, or leave the article out with --article"
        )
    return [p for p in pairs if articles is None or p.a.id in articles or p.b.id in articles]


def agree(a: Dataset, b: Dataset, articles: Sequence[str] | None = None) -> Agreement:
    """Compare curation `b` with the reference curation `a` on the articles both have (or those given,
    by either's id); `UsageError` for one not in both, or curated against different source bytes."""
    pairs, _, unmatched_b = match_articles(a.articles, b.articles)
    sha_a, sha_b = {x.id: x.sha256 for x in a.articles}, {x.id: x.sha256 for x in b.articles}
    conflicts = {x: (sha_a[x], sha_b[x]) for x in sorted(sha_a.keys() & sha_b.keys()) if sha_a[x] != sha_b[x]}
    chosen = sorted(_choose(pairs, conflicts, articles), key=lambda p: p.a.id)
    quotes_a, figures_a, actors_a = _chosen(a, {p.a.id for p in chosen})
    quotes_b, figures_b, actors_b = _chosen(b, {p.b.id for p in chosen})
    actor_pairs, rest_a, rest_b = match_actors(actors_a, actors_b)
    keys_a = {x.id: normalise_name(x.name) for x in a.actors}
    # B's actors take the key of the A actor they matched, so differently chosen ids (and a
    # name on one side that is an alias on the other) compare equal.
    keys_b = {x.id: normalise_name(x.name) for x in b.actors} | {p.b.id: keys_a[p.a.id] for p in actor_pairs}
    side_a = _Side(keys_a, {q.id: q for q in a.quotes})
    side_b = _Side(keys_b, {q.id: q for q in b.quotes})

    metadata = TableAgreement("articles", chosen, extra=[x.id for x in unmatched_b] if articles is None else [])
    actors = TableAgreement("actors", actor_pairs, [x.id for x in rest_a], [x.id for x in rest_b])
    quotes = _records("quotes", quotes_a, quotes_b, chosen)
    figures = _records("figures", figures_a, figures_b, chosen)
    for table, fields in ((metadata, ARTICLE_FIELDS), (actors, ACTOR_FIELDS), (quotes, QUOTE_FIELDS), (figures, FIGURE_FIELDS)):
        _compare(table, fields, side_a, side_b)
    for table, name in ((quotes, "stance"), (quotes, "kind"), (figures, "qualifier")):
        table.alpha[name] = krippendorff_alpha([(side_a.value(p.a, name), side_b.value(p.b, name)) for p in table.pairs])
    return Agreement([p.a.id for p in chosen], quotes, figures, metadata, actors)
