"""Statements across articles: which records report one utterance, where it was first
published, and how faithfully each quote renders it.

A quote joins a statement by naming it (`statement`) or by relaying a quote that does
(`relays`). The statement's first publication is the one its quotes record
(`first_publisher`, `first_words`, ...). Every quote of the statement that records no first
words of its own gets its verdict from the statement's: computed from the two wordings
as for a quote's own (`fidelity.rendering`); with no first words recorded, `not_found`
when a quote of the statement was looked for in vain, else `unchecked`. A relay is never
compared with another report: a report is not what the speaker said. One pure function,
`lineage`, serves the checks (its problems) and the release (its statements table and
verdicts), so the two never disagree.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

from .fidelity import WORDED, compare, contradiction, rendering
from .vocab import Fidelity

if TYPE_CHECKING:  # pragma: no cover
    from .article import Article
    from .quote import Quote


class QuoteLink(NamedTuple):
    """What the lineage needs of one quote that names a statement or relays another."""

    id: str
    article: str
    article_date: str | None
    """The article's `published_date` (ISO), None when it prints none."""
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
    """The verdict as typed or computed from the quote's own first words; None when neither."""
    own_words: bool
    """Whether the quote records first words of its own (its verdict is then its own)."""


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
    """A quote's verdict against its statement's first publication, and the statement."""

    fidelity: str
    changes: list[str]
    edit_ratio: float | None
    statement: str


@dataclass
class Lineage:
    """The statements, the verdicts the lineage gives, and what is wrong with it."""

    statements: list[StatementRow] = field(default_factory=list)
    verdicts: dict[str, Verdict] = field(default_factory=dict)
    """Quote id -> verdict, for the quotes whose verdict comes from their statement."""
    problems: list[LineageProblem] = field(default_factory=list)


def _order(link: QuoteLink) -> tuple[str, str, str]:
    # Publication order: undated articles last, then by article and quote id (stable).
    return (link.article_date or "9999-99-99", link.article, link.id)


def _statement_of(link: QuoteLink, by_id: dict[str, QuoteLink], cyclic: set[str]) -> str | None:
    """The statement a quote reports: its own, or that of the quote it relays, followed up."""
    seen: set[str] = set()
    while link.statement is None and link.relays in by_id and link.id not in cyclic and link.id not in seen:
        seen.add(link.id)
        link = by_id[link.relays]
    return link.statement


def _cycles(by_id: dict[str, QuoteLink]) -> dict[str, list[str]]:
    """Quote -> the cycle of relays it is on, from it (each relays at most one quote, so each path is a chain)."""
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
    link: QuoteLink, by_id: dict[str, QuoteLink], cyclic: dict[str, list[str]], broken: set[str]
) -> list[LineageProblem]:
    if link.relays is None:
        return []
    target = by_id.get(link.relays)
    if link.id in cyclic:
        ring = " → ".join([*cyclic[link.id], link.id])
        hint = "A relay passes on an earlier report: point `relays` at the quote this article took the words from."
        return [_problem(link, "relays", "relay-cycle", f"relays lead back to {link.id}: {ring}", hint)]
    if target is None:
        if link.relays in broken:
            return []  # the relayed quote failed its own checks; that problem is reported there
        return [
            _problem(
                link,
                "relays",
                "relay-invalid",
                f"relays names {link.relays!r}, which is no quote of the dataset that names a statement or relays one",
                "Correct the id, or give the relayed quote (in its own article) `statement: <id>`.",
            )
        ]
    if target.article == link.article:
        hint = "Relays cross articles; clauses of one utterance in one article use `part_of`."
        return [_problem(link, "relays", "relay-invalid", f"relays names {target.id}, a quote of the same article", hint)]
    if link.statement is not None and target.statement is not None and link.statement != target.statement:
        return [
            _problem(
                link,
                "relays",
                "relay-invalid",
                f"relays names {target.id}, of statement {target.statement}, but this quote names statement {link.statement}",
                f"Write `statement: {target.statement}`, or leave it out: a relay reports the statement it relays.",
            )
        ]
    if link.article_date and target.article_date and target.article_date > link.article_date:
        return [
            _problem(
                link,
                "relays",
                "first-published-after",
                f"relays {target.id}, published {target.article_date}, after this article ({link.article_date})",
                "A relay comes after what it relays: check both articles' published_date and the quote relayed.",
            )
        ]
    return []


def _first(members: list[QuoteLink], out: Lineage) -> QuoteLink | None:
    """The member whose record of the first publication the statement takes: the earliest,
    or a later one whose words hold its words and more (each quote records the part it
    renders); the others must agree with it."""
    recorded = [m for m in members if m.first_words is not None]
    if not recorded:
        return None
    first = recorded[0]
    for other in recorded[1:]:
        longer = len(other.first_words or "") > len(first.first_words or "")
        if longer and compare(first.first_words or "", other.first_words or "").verdict in ("verbatim", "trimmed"):
            first = other
    for other in recorded:
        if other is first:
            continue
        for name in ("first_publisher", "first_url", "first_date"):
            mine, theirs = getattr(other, name), getattr(first, name)
            if mine is not None and theirs is not None and mine != theirs:
                message = f"{name} is {mine!r}, but {first.id} of the same statement records {theirs!r}"
                hint = "The quotes of one statement record one first publication: make them agree, or name another statement."
                out.problems.append(_problem(other, name, "statement-mismatch", message, hint))
        if compare(other.first_words or "", first.first_words or "").verdict not in ("verbatim", "trimmed"):
            message = f"first_words are not part of the first words {first.id} records for the same statement"
            hint = "Copy the words from the same first publication (only the part this quote renders), or name another statement."
            out.problems.append(_problem(other, "first_words", "statement-mismatch", message, hint))
    return first


def _speaker(members: list[QuoteLink]) -> str:
    """The speaker most of a statement's quotes name (the earliest on a tie)."""
    counts = Counter(m.speaker for m in members)
    return max(counts, key=lambda name: (counts[name], -next(i for i, m in enumerate(members) if m.speaker == name)))


def _statement(name: str, members: list[QuoteLink], out: Lineage, flagged: set[str]) -> None:
    members.sort(key=_order)
    speaker = _speaker(members)
    reference = next(m for m in members if m.speaker == speaker)
    odd = {m.id for m in members if m.speaker != speaker}
    for m in members:
        if m.id in odd and m.id not in flagged:
            message = f"statement {name} is spoken by {speaker} ({reference.id}), but this quote's speaker is {m.speaker}"
            hint = f"A statement is one speaker's utterance: correct the speaker, or name another statement than {name}."
            out.problems.append(_problem(m, "speaker", "statement-mismatch", message, hint))
    first = _first([m for m in members if m.id not in odd], out)
    if first is not None and first.first_date:
        late = next((m for m in members if m.article_date and first.first_date > m.article_date), None)
        if late is not None:
            out.problems.append(
                _problem(
                    first,
                    "first_date",
                    "first-published-after",
                    f"first published {first.first_date}, after {late.article} ({late.article_date}) reports it",
                    "The first publication comes before every report of it: check first_date, or look for an earlier one.",
                )
            )
    words = first.first_words if first is not None else None
    at_url = next((m.id for m in members if first and first.first_url and m.article_url == first.first_url), None)
    out.statements.append(
        StatementRow(
            name,
            speaker,
            first.first_publisher if first else None,
            words,
            first.first_url if first else None,
            first.first_date if first else None,
            at_url if first else members[0].id,
            [m.id for m in members],
        )
    )
    searched_in_vain = any(m.fidelity == Fidelity.not_found.value for m in members)
    for m in members:
        if m.own_words or m.id in odd:
            continue
        if words is None:
            if m.fidelity in WORDED:
                message = f"fidelity is {m.fidelity}, but statement {name} records no first words to compare with"
                hint = "Record the first publication (first_publisher, first_words) on a quote of the statement."
                out.problems.append(_problem(m, "fidelity", "fidelity-contradicted", message, hint))
            fallback = Fidelity.not_found.value if searched_in_vain else Fidelity.unchecked.value
            out.verdicts[m.id] = Verdict(m.fidelity or fallback, [], None, name)
            continue
        found = rendering(m.text, words, m.direct)
        why = contradiction(m.fidelity, found.verdict, m.direct) if m.fidelity is not None else None
        if why is not None:
            changed = f" ({'; '.join(found.changes)})" if found.changes else ""
            hint = f"Write `fidelity: {found.verdict}`, or leave fidelity out: it is computed from the statement's first words."
            out.problems.append(_problem(m, "fidelity", "fidelity-contradicted", why + changed, hint))
        verdict = m.fidelity if m.fidelity is not None and why is None else found.verdict
        out.verdicts[m.id] = Verdict(verdict, list(found.changes), found.edit_ratio, name)


def lineage(links: Iterable[QuoteLink], broken: Iterable[str] = ()) -> Lineage:
    """The statements of `links` (quotes naming a statement or relaying one), their verdicts
    and problems; statements in id order, their quotes in publication order. A relay of a
    quote in `broken` (ids of records that failed their own checks) is not reported."""
    by_id: dict[str, QuoteLink] = {}
    for link in links:
        by_id.setdefault(link.id, link)
    out = Lineage()
    cyclic = _cycles(by_id)
    failed = set(broken)
    groups: dict[str, list[QuoteLink]] = {}
    for link in by_id.values():
        out.problems += _relay_problems(link, by_id, cyclic, failed)
        name = _statement_of(link, by_id, set(cyclic))
        if name is not None:
            groups.setdefault(name, []).append(link)
    flagged = {p.quote for p in out.problems}
    for name in sorted(groups):
        _statement(name, groups[name], out, flagged)
    return out


def link_of(quote: Quote, article: Article | None) -> QuoteLink | None:
    """The lineage's view of a quote (its article gives the date and address); None for a quote
    that names no statement and relays none."""
    if quote.statement is None and quote.relays is None:
        return None
    date = article.published_date if article is not None else None
    return QuoteLink(
        quote.id,
        quote.article,
        date.isoformat() if date is not None else None,
        article.url if article is not None else None,
        quote.speaker,
        quote.kind.value == "direct",
        quote.text,
        quote.statement,
        quote.relays,
        quote.first_publisher,
        quote.first_words,
        quote.first_url,
        quote.first_date.isoformat() if quote.first_date is not None else None,
        quote.fidelity.value if quote.fidelity is not None else None,
        quote.first_words is not None,
    )


def relayed(quotes: Iterable[Quote], articles: Iterable[Article]) -> list[Quote]:
    """The quotes, each that takes its verdict from its statement given it (`Lineage.verdicts`)."""
    quotes = list(quotes)
    pages = {a.id: a for a in articles}
    found = lineage(link for q in quotes if (link := link_of(q, pages.get(q.article))) is not None)
    if not found.verdicts:
        return quotes
    out = []
    for q in quotes:
        v = found.verdicts.get(q.id)
        fields = (
            {
                "fidelity": Fidelity(v.fidelity),
                "fidelity_changes": v.changes,
                "edit_ratio": v.edit_ratio,
                "statement": v.statement,
            }
            if v
            else None
        )
        out.append(q.model_copy(update=fields) if fields else q)
    return out
