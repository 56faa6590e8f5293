"""Statements across articles: which quotes report one utterance (by `statement`, or by
`relays` to a quote that names one), where it was first published, and how faithfully each
quote renders it. A quote without first words of its own is judged against its statement's.
One pure function, `lineage`, serves the checks and the release, so the two never disagree.
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Container, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

from .fidelity import WORDED, Comparison, compare, contradiction, rendering
from .vocab import Fidelity

if TYPE_CHECKING:  # pragma: no cover
    from .article import Article
    from .quote import Quote


class QuoteLink(NamedTuple):
    """What the lineage needs of a quote that names a statement or relays another."""

    id: str
    article: str
    article_date: str | None
    article_url: str | None
    speaker: str
    direct: bool
    text: str
    statement: str | None
    relays: str | None
    first_publisher: str | None
    first_words: str | None
    first_url: str | None
    first_date: str | None
    fidelity: str | None
    """Typed, or computed from the quote's own first words; None when neither."""
    own_words: bool


class LineageProblem(NamedTuple):
    """A broken rule of the lineage, at one field of one quote."""

    quote: str
    field: str
    code: str
    message: str
    hint: str
    value: str | None


class StatementRow(NamedTuple):
    """One row of the release's statements table (`models.statement.Statement`)."""

    id: str
    speaker: str
    first_publisher: str | None
    first_words: str | None
    first_url: str | None
    first_date: str | None
    first_quote: str | None
    quotes: list[str]


class Verdict(NamedTuple):
    """A quote's verdict against its statement's first publication."""

    fidelity: str
    changes: list[str]
    edit_ratio: float | None


@dataclass
class Lineage:
    """The statements, the verdicts the lineage gives, and what is wrong with it."""

    statements: list[StatementRow] = field(default_factory=list)
    verdicts: dict[str, Verdict] = field(default_factory=dict)
    """Quote id -> verdict, for the quotes whose verdict comes from their statement."""
    statement_of: dict[str, str] = field(default_factory=dict)
    """Quote id -> its statement, for the quotes that reach one only by relaying."""
    problems: list[LineageProblem] = field(default_factory=list)


def _order(link: QuoteLink) -> tuple[str, str, str]:
    return (link.article_date or "9999-99-99", link.article, link.id)


def _published_order(members: list[QuoteLink]) -> list[QuoteLink]:
    """Each member after the quote it relays, else by date (undated last), article and id."""
    by_id = {m.id: m for m in members}
    waiting = {m.id: m.relays in by_id and m.relays != m.id for m in members}
    relays_of: dict[str, list[str]] = {}
    for m in members:
        if waiting[m.id]:
            relays_of.setdefault(m.relays or "", []).append(m.id)
    ready = sorted((m for m in members if not waiting[m.id]), key=_order)
    out: list[QuoteLink] = []
    while ready:
        here = ready.pop(0)
        out.append(here)
        for child in relays_of.get(here.id, []):
            waiting[child] = False
            ready = sorted([*ready, by_id[child]], key=_order)
    # A cycle (reported elsewhere) leaves its members waiting: they come last, by date.
    return out + sorted((m for m in members if waiting[m.id]), key=_order)


def _statement_of(link: QuoteLink, by_id: dict[str, QuoteLink], cyclic: Container[str]) -> str | None:
    """The statement a quote reports: its own, or that of the quote it relays, followed up (a walk
    that would loop stops on the cycle, every member of which is in `cyclic`)."""
    while link.statement is None and link.relays in by_id and link.id not in cyclic:
        link = by_id[link.relays]
    return link.statement


def _dated_source(link: QuoteLink, by_id: dict[str, QuoteLink]) -> QuoteLink | None:
    """The nearest quote up the relay chain whose article is dated."""
    seen = {link.id}
    at = by_id.get(link.relays or "")
    while at is not None and at.id not in seen:
        if at.article_date:
            return at
        seen.add(at.id)
        at = by_id.get(at.relays or "")
    return None


def _cycles(by_id: dict[str, QuoteLink]) -> dict[str, list[str]]:
    """Quote -> the cycle of relays it is on, starting from it."""
    on_cycle: dict[str, list[str]] = {}
    done: set[str] = set()
    for start in by_id:
        path: list[str] = []
        at: str | None = start
        while at in by_id and at not in done and at not in path:
            path.append(at)
            at = by_id[at].relays
        if at is not None and at in path:
            ring = path[path.index(at) :]
            for i, member in enumerate(ring):
                on_cycle[member] = ring[i:] + ring[:i]
        done.update(path)
    return on_cycle


def _problem(link: QuoteLink, name: str, code: str, message: str, hint: str) -> LineageProblem:
    return LineageProblem(link.id, name, code, message, hint, getattr(link, name, None))


def _relay_problems(
    link: QuoteLink, by_id: dict[str, QuoteLink], cyclic: dict[str, list[str]], unknown: set[str] | None
) -> list[LineageProblem]:
    """`unknown`: ids of records that failed their own checks; None: any id may be one."""
    if link.relays is None:
        return []
    target = by_id.get(link.relays)
    code = "relay-invalid"
    if link.id in cyclic:
        code, message = "relay-cycle", f"relays lead back to {link.id}: {' → '.join([*cyclic[link.id], link.id])}"
        hint = "A relay passes on an earlier report: point `relays` at the quote this article took the words from."
    elif target is None:
        if unknown is None or link.relays in unknown:
            return []  # the relayed quote failed its own checks, or its file could not be read: reported there
        message = f"relays names {link.relays!r}, which is no quote of the dataset that names a statement or relays one"
        hint = "Correct the id, or give the relayed quote (in its own article) `statement: <id>`."
    elif target.article == link.article:
        message = f"relays names {target.id}, a quote of the same article"
        hint = "Relays cross articles; clauses of one utterance in one article use `part_of`."
    elif link.statement is not None and target.statement is not None and link.statement != target.statement:
        message = f"relays names {target.id}, of statement {target.statement}, but this quote names statement {link.statement}"
        hint = f"Write `statement: {target.statement}`, or leave it out: a relay reports the statement it relays."
    else:
        source = _dated_source(link, by_id)
        if not (link.article_date and source is not None and source.article_date and source.article_date > link.article_date):
            return []
        via = "" if source is target else f" (through {target.id}, undated)"
        code = "first-published-after"
        message = f"relays {source.id}{via}, published {source.article_date}, after this article ({link.article_date})"
        hint = "A relay comes after what it relays: check both articles' published_date and the quote relayed."
    return [_problem(link, "relays", code, message, hint)]


class _First(NamedTuple):
    """A statement's first publication, merged from its quotes' records of it."""

    publisher: str | None
    url: str | None
    date: str | None
    parts: list[str]
    """The first words recorded, none holding another."""
    dated_by: QuoteLink | None


def _first(members: list[QuoteLink], out: Lineage) -> _First | None:
    """The first publication the statement's quotes record, merged (they must agree on its fields)."""
    recorded = [m for m in members if m.first_words is not None]
    if not recorded:
        return None
    merged: dict[str, tuple[str, QuoteLink]] = {}
    for m in recorded:
        for name in ("first_publisher", "first_url", "first_date"):
            mine = getattr(m, name)
            if mine is None:
                continue
            if name not in merged:
                merged[name] = (mine, m)
            elif merged[name][0] != mine:
                theirs, by = merged[name]
                message = f"{name} is {mine!r}, but {by.id} of the same statement records {theirs!r}"
                hint = "The quotes of one statement record one first publication: make them agree, or name another statement."
                out.problems.append(_problem(m, name, "statement-mismatch", message, hint))
    parts: list[str] = []
    for words in sorted({m.first_words or "" for m in recorded}, key=lambda w: (-len(w), w)):
        if not any(compare(words, kept).verdict in ("verbatim", "trimmed") and len(kept) >= len(words) for kept in parts):
            parts.append(words)
    values = {name: kept[0] for name, kept in merged.items()}
    dated_by = merged["first_date"][1] if "first_date" in merged else None
    return _First(values.get("first_publisher"), values.get("first_url"), values.get("first_date"), parts, dated_by)


def _best(text: str, parts: list[str], direct: bool) -> Comparison:
    """The closest rendering of any part: verbatim, then trimmed, then the least altered."""
    rank = {"verbatim": 0, "trimmed": 1}
    found = [rendering(text, part, direct) for part in parts]
    return min(found, key=lambda c: (rank.get(c.verdict, 2), c.edit_ratio))


def _speaker(members: list[QuoteLink]) -> str:
    """The speaker most of a statement's quotes name (the earliest on a tie)."""
    counts = Counter(m.speaker for m in members)
    return max(counts, key=lambda name: (counts[name], -next(i for i, m in enumerate(members) if m.speaker == name)))


def _statement(name: str, members: list[QuoteLink], out: Lineage, flagged: set[str]) -> None:
    members = _published_order(members)
    speaker = _speaker(members)
    reference = next(m for m in members if m.speaker == speaker)
    odd = {m.id for m in members if m.speaker != speaker}
    for m in members:
        if m.id in odd and m.id not in flagged:
            message = f"statement {name} is spoken by {speaker} ({reference.id}), but this quote's speaker is {m.speaker}"
            hint = f"A statement is one speaker's utterance: correct the speaker, or name another statement than {name}."
            out.problems.append(_problem(m, "speaker", "statement-mismatch", message, hint))
    first = _first([m for m in members if m.id not in odd], out)
    if first is not None and first.date and first.dated_by is not None:
        late = next((m for m in members if m.article_date and first.date > m.article_date), None)
        if late is not None:
            message = f"first published {first.date}, after {late.article} ({late.article_date}) reports it"
            hint = "The first publication comes before every report of it: check first_date, or look for an earlier one."
            out.problems.append(_problem(first.dated_by, "first_date", "first-published-after", message, hint))
    at_url = next((m for m in members if first and first.url and m.article_url == first.url), None)
    if at_url is not None and at_url.relays is not None:
        message = f"this quote's article is the statement's first publication, yet it relays {at_url.relays}"
        hint = "The first publication relays nothing: remove `relays`, or correct first_url."
        out.problems.append(_problem(at_url, "relays", "relay-invalid", message, hint))
    ids = [m.id for m in members]
    if first is None:
        out.statements.append(StatementRow(name, speaker, None, None, None, None, members[0].id, ids))
    else:
        first_quote = at_url.id if at_url is not None else None
        words = " … ".join(first.parts)
        out.statements.append(StatementRow(name, speaker, first.publisher, words, first.url, first.date, first_quote, ids))
    _verdicts(name, members, first, odd, out)


def _verdicts(name: str, members: list[QuoteLink], first: _First | None, odd: set[str], out: Lineage) -> None:
    """Each quote's statement, and the verdict of each without first words of its own."""
    searched_in_vain = any(m.fidelity == Fidelity.not_found.value for m in members)
    for m in members:
        if m.statement is None:
            out.statement_of[m.id] = name
        if m.own_words or m.id in odd:
            continue
        if first is None:
            if m.fidelity in WORDED:
                message = f"fidelity is {m.fidelity}, but statement {name} records no first words to compare with"
                hint = "Record the first publication (first_publisher, first_words) on a quote of the statement."
                out.problems.append(_problem(m, "fidelity", "fidelity-contradicted", message, hint))
            fallback = Fidelity.not_found.value if searched_in_vain else Fidelity.unchecked.value
            out.verdicts[m.id] = Verdict(m.fidelity or fallback, [], None)
            continue
        found = _best(m.text, first.parts, m.direct)
        why = contradiction(m.fidelity, found.verdict, m.direct) if m.fidelity is not None else None
        if why is not None:
            changed = f" ({'; '.join(found.changes)})" if found.changes else ""
            hint = f"Write `fidelity: {found.verdict}`, or leave fidelity out: it is computed from the statement's first words."
            out.problems.append(_problem(m, "fidelity", "fidelity-contradicted", why + changed, hint))
        verdict = m.fidelity if m.fidelity is not None and why is None else found.verdict
        out.verdicts[m.id] = Verdict(verdict, list(found.changes), found.edit_ratio)


NEAR = 0.85
"""How alike (difflib's ratio) a statement id one quote names must be to another to seem misspelt."""


def _near_misses(groups: dict[str, list[QuoteLink]], out: Lineage) -> None:
    """`statement-unmatched` (warning): a statement only one quote names, spelled almost as another."""
    names = sorted(groups)
    for name in names:
        if len(groups[name]) != 1 or groups[name][0].statement != name:
            continue
        near = [o for o in names if o != name and difflib.SequenceMatcher(a=name, b=o).ratio() >= NEAR]
        if near:
            message = f"statement {name} is named by this quote alone, and spelled almost as {', '.join(near)}"
            hint = f"If it is the same utterance, write `statement: {near[0]}`; otherwise give it an id less alike."
            out.problems.append(_problem(groups[name][0], "statement", "statement-unmatched", message, hint))


def lineage(links: Iterable[QuoteLink], broken: Iterable[str] | None = ()) -> Lineage:
    """The statements of `links`, in id order (their quotes in publication order), their verdicts
    and problems. A relay of a quote in `broken` (failed records; None: any) is not reported."""
    by_id: dict[str, QuoteLink] = {}
    for link in links:
        by_id.setdefault(link.id, link)
    out = Lineage()
    cyclic = _cycles(by_id)
    unknown = set(broken) if broken is not None else None
    groups: dict[str, list[QuoteLink]] = {}
    for link in by_id.values():
        out.problems += _relay_problems(link, by_id, cyclic, unknown)
        name = _statement_of(link, by_id, cyclic)
        if name is not None:
            groups.setdefault(name, []).append(link)
    flagged = {p.quote for p in out.problems}
    for name in sorted(groups):
        _statement(name, groups[name], out, flagged)
    _near_misses(groups, out)
    return out


LINK_FIELDS = (
    "kind",
    *(name for name in QuoteLink._fields if name not in ("article_date", "article_url", "direct", "own_words")),
)
"""The fields of a quote the lineage reads (`direct` and `own_words` follow from them)."""


def _iso(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def link_from(row: Mapping[str, Any], article_date: Any, article_url: str | None) -> QuoteLink:
    """The lineage's view of a quote as plain values (`LINK_FIELDS`), with its article's date and address."""
    return QuoteLink(
        row["id"],
        row["article"],
        _iso(article_date),
        article_url,
        row["speaker"],
        row["kind"] == "direct",
        row["text"],
        row["statement"],
        row["relays"],
        row["first_publisher"],
        row["first_words"],
        row["first_url"],
        _iso(row["first_date"]),
        row["fidelity"],
        row["first_words"] is not None,
    )


def link_of(quote: Quote, article: Article | None) -> QuoteLink | None:
    """The lineage's view of a quote; None for one that names no statement and relays none."""
    if quote.statement is None and quote.relays is None:
        return None
    row = quote.model_dump(mode="json", include=set(LINK_FIELDS))
    return link_from(row, article.published_date if article else None, article.url if article else None)


def relayed(quotes: Iterable[Quote], articles: Iterable[Article]) -> list[Quote]:
    """The quotes with the verdicts and statements their lineage gives, as a release has them."""
    quotes = list(quotes)
    pages = {a.id: a for a in articles}
    found = lineage(link for q in quotes if (link := link_of(q, pages.get(q.article))) is not None)
    if not found.verdicts and not found.statement_of:
        return quotes
    out = []
    for q in quotes:
        v, statement = found.verdicts.get(q.id), found.statement_of.get(q.id)
        fields: dict[str, object] = {"statement": statement} if statement else {}
        if v is not None:
            fields |= {"fidelity": Fidelity(v.fidelity), "fidelity_changes": v.changes, "edit_ratio": v.edit_ratio}
        out.append(q.model_copy(update=fields) if fields else q)
    return out
