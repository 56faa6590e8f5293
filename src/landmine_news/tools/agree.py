"""Agreement between two curations of the same articles: which records match, and how
far the two curators agree on what the matched records say.

Quotes and figures are matched within each article by span, as quotation-attribution
evaluations score them: exact matches first (same start and end), then, one to one,
the pairs that overlap most. Curation A is the reference: B's unmatched records are
`extra`, A's are `missing`. On matched pairs the fields are compared one by one, and
Krippendorff's alpha (nominal, two coders) is given for stance and qualifier.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ..models.actor import Actor
from ..models.base import Anchored
from ..models.dataset import Dataset
from ..models.figure import Figure

QUOTE_FIELDS = ("speaker", "kind", "attribution", "stance", "verb", "via", "part_of")
FIGURE_FIELDS = ("qualifier", "value", "low", "low_inclusive", "high", "high_inclusive", "point", "unit", "reported_by")
_ACTOR_FIELDS = {"speaker", "via", "reported_by"}


@dataclass(frozen=True)
class Pair:
    """A record of A and the record of B it was matched with (`exact`: the same span)."""

    a: Anchored
    b: Anchored
    exact: bool


@dataclass(frozen=True)
class Disagreement:
    """One field on which the two curators' matched records differ."""

    table: str
    a_id: str
    b_id: str
    field: str
    a: Any
    b: Any


@dataclass
class TableAgreement:
    """Matching and field agreement for one table (quotes or figures)."""

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
    coincidences: Counter[tuple[Any, Any]] = Counter()
    for a, b in pairs:
        coincidences[(a, b)] += 1
        coincidences[(b, a)] += 1
    totals: Counter[Any] = Counter()
    for (c, _), count in coincidences.items():
        totals[c] += count
    n = sum(totals.values())
    observed = sum(count for (c, k), count in coincidences.items() if c != k)
    expected = sum(totals[c] * totals[k] for c in totals for k in totals if c != k)
    if expected == 0:
        return None
    return 1.0 - (n - 1) * observed / expected


def _overlap(a: Anchored, b: Anchored) -> int:
    if a.start is None or a.end is None or b.start is None or b.end is None:
        return 0
    return max(0, min(a.end, b.end) - max(a.start, b.start))


def match_records(a: Sequence[Anchored], b: Sequence[Anchored]) -> tuple[list[Pair], list[Anchored], list[Anchored]]:
    """One-to-one pairs (exact spans first, then largest overlaps), and the unmatched of each side."""
    left, right = list(a), list(b)
    pairs: list[Pair] = []
    for x in list(left):
        same = next((y for y in right if (y.start, y.end) == (x.start, x.end) and x.start is not None), None)
        if same is not None:
            pairs.append(Pair(x, same, True))
            left.remove(x)
            right.remove(same)
    candidates = sorted(((_overlap(x, y), i, j) for i, x in enumerate(left) for j, y in enumerate(right)), reverse=True)
    used_a: set[int] = set()
    used_b: set[int] = set()
    for size, i, j in candidates:
        if size > 0 and i not in used_a and j not in used_b:
            pairs.append(Pair(left[i], right[j], False))
            used_a.add(i)
            used_b.add(j)
    rest_a = [x for i, x in enumerate(left) if i not in used_a]
    rest_b = [y for j, y in enumerate(right) if j not in used_b]
    return pairs, rest_a, rest_b


def _actor_key(actors: dict[str, Actor], actor_id: Any) -> Any:
    """An actor as both curations can name it: its name, case and spacing folded (ids may differ)."""
    actor = actors.get(actor_id) if isinstance(actor_id, str) else None
    return " ".join(actor.name.split()).casefold() if actor else actor_id


def _value(record: Anchored, name: str, actors: dict[str, Actor]) -> Any:
    value = getattr(record, name)
    if name in _ACTOR_FIELDS:
        return _actor_key(actors, value)
    if name == "part_of":
        return value is not None  # ids differ between curations: whether the record is a later clause
    return getattr(value, "value", value)


def _compare(table: TableAgreement, fields: Sequence[str], actors_a: dict[str, Actor], actors_b: dict[str, Actor]) -> None:
    for name in fields:
        agree = 0
        for pair in table.pairs:
            va, vb = _value(pair.a, name, actors_a), _value(pair.b, name, actors_b)
            if va == vb:
                agree += 1
            else:
                table.disagreements.append(Disagreement(table.table, pair.a.id, pair.b.id, name, va, vb))
        table.agreement[name] = (agree, len(table.pairs))


def _table(table: str, a: Sequence[Anchored], b: Sequence[Anchored], articles: Sequence[str]) -> TableAgreement:
    result = TableAgreement(table)
    for article in articles:
        pairs, rest_a, rest_b = match_records(
            [r for r in a if getattr(r, "article", None) == article], [r for r in b if getattr(r, "article", None) == article]
        )
        result.pairs += pairs
        result.missing += [r.id for r in rest_a]
        result.extra += [r.id for r in rest_b]
    return result


@dataclass
class Agreement:
    """The comparison of curation B with curation A."""

    articles: list[str]
    quotes: TableAgreement
    figures: TableAgreement


def agree(a: Dataset, b: Dataset, articles: Sequence[str] | None = None) -> Agreement:
    """Compare curation `b` with the reference curation `a` on the articles both have (or those given)."""
    shared = sorted({x.id for x in a.articles} & {x.id for x in b.articles})
    missing = [x for x in articles or [] if x not in shared]
    if missing:
        from ..errors import UsageError
        from ..models.lookup import closest

        near = closest(missing[0], shared)
        hint = f"; did you mean {near[0]!r}?" if near else f"; the articles in both are: {', '.join(shared) or 'none'}"
        raise UsageError(f"article {missing[0]!r} is not in both curations{hint}")
    chosen = [x for x in shared if articles is None or x in articles]
    # Offsets and texts compare only over the same source bytes: a BOM or converted line
    # endings shift every span, and the agreement would measure the conversion.
    source_a, source_b = {x.id: x.sha256 for x in a.articles}, {x.id: x.sha256 for x in b.articles}
    differ = [x for x in chosen if source_a[x] != source_b[x]]
    if differ:
        from ..errors import UsageError

        raise UsageError(
            f"article {differ[0]!r} was curated against different source texts (sha256 {source_a[differ[0]][:12]}… "
            f"and {source_b[differ[0]][:12]}…){f' (and {len(differ) - 1} more)' if len(differ) > 1 else ''}: "
            "compare curations of the same source bytes, or leave the article out with --article"
        )
    actors_a, actors_b = {x.id: x for x in a.actors}, {x.id: x for x in b.actors}
    quotes = _table("quotes", a.quotes, b.quotes, chosen)
    figures = _table("figures", a.figures, b.figures, chosen)
    _compare(quotes, QUOTE_FIELDS, actors_a, actors_b)
    _compare(figures, FIGURE_FIELDS, actors_a, actors_b)
    quotes.alpha["stance"] = krippendorff_alpha(
        [(_value(p.a, "stance", actors_a), _value(p.b, "stance", actors_b)) for p in quotes.pairs]
    )
    quotes.alpha["kind"] = krippendorff_alpha(
        [(_value(p.a, "kind", actors_a), _value(p.b, "kind", actors_b)) for p in quotes.pairs]
    )
    qualifiers = [
        (p.a.qualifier.value, p.b.qualifier.value) for p in figures.pairs if isinstance(p.a, Figure) and isinstance(p.b, Figure)
    ]
    figures.alpha["qualifier"] = krippendorff_alpha(qualifiers)
    return Agreement(chosen, quotes, figures)


__all__ = ["Agreement", "Disagreement", "Pair", "TableAgreement", "agree", "krippendorff_alpha", "match_records"]
