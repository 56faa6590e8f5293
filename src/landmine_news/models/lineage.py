"""Statements across articles: which records report one utterance, where it was first
published, and how faithfully each relay renders it.

A quote joins a statement by naming it (`statement`) or by relaying a quote that does
(`relays`). The statement's first publication is the one its quotes record
(`first_publisher`, `first_words`, ...); when none records one, it is the earliest quote the
dataset holds. Every other quote of the statement that records no first words of its own
gets its verdict from the statement's: computed from the two wordings as for a quote's own
(`fidelity.rendering`). One pure function, `lineage`, serves the checks (its problems) and
the release (its statements table and verdicts), so the two never disagree.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

from .fidelity import WORDED, contradiction, rendering
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


def _cycles(by_id: dict[str, QuoteLink]) -> set[str]:
    """Quotes on a cycle of relays (each relays at most one quote, so each path is a chain)."""
    on_cycle: set[str] = set()
    done: set[str] = set()
    for start in by_id:
        path: list[str] = []
        at: str | None = start
        while at in by_id and at not in done and at not in path:
            path.append(at)
            at = by_id[at].relays
        if at in path:
            on_cycle.update(path[path.index(at) :])
        done.update(path)
    return on_cycle


def _relay_problems(link: QuoteLink, by_id: dict[str, QuoteLink], cyclic: set[str]) -> list[LineageProblem]:
    if link.relays is None:
        return []
    target = by_id.get(link.relays)

    def bad(message: str, hint: str, code: str = "relay-invalid") -> list[LineageProblem]:
        return [LineageProblem(link.id, "relays", code, message, hint, link.relays)]

    if link.id in cyclic:
        return bad(
            f"relays leads back to {link.id}: a cycle of relays",
            "A relay passes on an earlier report: point `relays` at the quote this article took the words from.",
            "relay-cycle",
        )
    if target is None:
        return bad(
            f"relays names {link.relays!r}, no quote of the dataset with a statement",
            "Give the relayed quote (in its own article) `statement: <id>`, or correct the id.",
        )
    if target.article == link.article:
        return bad(
            f"relays names {target.id}, a quote of the same article",
            "Relays cross articles; clauses of one utterance in one article use `part_of`.",
        )
    if target.speaker != link.speaker:
        return bad(
            f"relays names {target.id}, spoken by {target.speaker}, but this quote's speaker is {link.speaker}",
            "A relay passes on the same speaker's words: correct the speaker or the quote relayed.",
        )
    if link.statement is not None and target.statement is not None and link.statement != target.statement:
        return bad(
            f"relays names {target.id}, of statement {target.statement}, but this quote names statement {link.statement}",
            f"Write `statement: {target.statement}`, or leave it out: a relay reports the statement it relays.",
        )
    if link.article_date and target.article_date and target.article_date > link.article_date:
        return bad(
            f"relays {target.id}, published {target.article_date}, after this article ({link.article_date})",
            "A relay comes after what it relays: check both articles' published_date and the quote relayed.",
            "first-published-after",
        )
    return []


def _first(members: list[QuoteLink], out: Lineage) -> QuoteLink | None:
    """The member that records the statement's first publication (the others must agree with it)."""
    recorded = [m for m in members if m.first_words is not None]
    if not recorded:
        return None
    first = recorded[0]
    for other in recorded[1:]:
        for name in ("first_publisher", "first_url", "first_date"):
            mine, theirs = getattr(other, name), getattr(first, name)
            if mine is not None and theirs is not None and mine != theirs:
                out.problems.append(
                    LineageProblem(
                        other.id,
                        name,
                        "statement-mismatch",
                        f"{name} is {mine!r}, but {first.id} of the same statement records {theirs!r}",
                        "The quotes of one statement record one first publication: make them agree, or name another statement.",
                        mine,
                    )
                )
    # The longest words recorded: each quote records the part it renders, so the longest covers most.
    words = max((m.first_words for m in recorded if m.first_words), key=len)
    return next(m for m in recorded if m.first_words == words)


def _statement(name: str, members: list[QuoteLink], out: Lineage) -> None:
    members.sort(key=_order)
    # The speaker most of its quotes name (the earliest on a tie): the odd one out is the one to fix.
    counts = Counter(m.speaker for m in members)
    speaker = max(counts, key=lambda name: (counts[name], -next(i for i, m in enumerate(members) if m.speaker == name)))
    reference = next(m for m in members if m.speaker == speaker)
    for m in members:
        if m.speaker != speaker:
            out.problems.append(
                LineageProblem(
                    m.id,
                    "statement" if m.statement is not None else "relays",
                    "statement-mismatch",
                    f"statement {name} is spoken by {speaker} ({reference.id}), but this quote's speaker is {m.speaker}",
                    "A statement is one speaker's utterance: correct the speaker, or name another statement.",
                    m.statement or m.relays,
                )
            )
    first = _first(members, out)
    earliest = members[0]
    if first is not None:
        for m in members:
            if first.first_date and m.article_date and first.first_date > m.article_date:
                out.problems.append(
                    LineageProblem(
                        first.id,
                        "first_date",
                        "first-published-after",
                        f"first published {first.first_date}, after {m.article} ({m.article_date}) reports it",
                        "The first publication comes before every report of it: check first_date, or look for an earlier one.",
                        first.first_date,
                    )
                )
                break
        words = first.first_words
        first_quote = next((m.id for m in members if first.first_url and m.article_url == first.first_url), None)
    else:
        words, first_quote = earliest.text, earliest.id
    row = StatementRow(
        name,
        speaker,
        first.first_publisher if first else None,
        first.first_words if first else None,
        first.first_url if first else None,
        first.first_date if first else None,
        first_quote,
        [m.id for m in members],
    )
    out.statements.append(row)
    for m in members:
        if m.own_words or m.id == first_quote:
            continue
        found = rendering(m.text, words or "", m.direct) if words else None
        if found is None:
            if m.fidelity in WORDED:
                out.problems.append(
                    LineageProblem(
                        m.id,
                        "fidelity",
                        "fidelity-contradicted",
                        f"fidelity is {m.fidelity}, but statement {name} records no first words to compare with",
                        "Record the first publication (first_publisher, first_words) on a quote of the statement.",
                        m.fidelity,
                    )
                )
            out.verdicts[m.id] = Verdict(m.fidelity or "unchecked", [], None)
            continue
        why = contradiction(m.fidelity, found.verdict) if m.fidelity is not None else None
        if why is not None:
            hint = f"Write `fidelity: {found.verdict}`, or leave fidelity out: it is computed from the statement's first words."
            out.problems.append(LineageProblem(m.id, "fidelity", "fidelity-contradicted", why, hint, m.fidelity))
        verdict = m.fidelity if m.fidelity is not None and why is None else found.verdict
        out.verdicts[m.id] = Verdict(verdict, list(found.changes), found.edit_ratio)


def lineage(links: Iterable[QuoteLink]) -> Lineage:
    """The statements of `links` (quotes naming a statement or relaying one), their verdicts
    and problems; statements in id order, their quotes in publication order."""
    by_id: dict[str, QuoteLink] = {}
    for link in links:
        by_id.setdefault(link.id, link)
    out = Lineage()
    cyclic = _cycles(by_id)
    groups: dict[str, list[QuoteLink]] = {}
    for link in by_id.values():
        out.problems += _relay_problems(link, by_id, cyclic)
        name = _statement_of(link, by_id, cyclic)
        if name is not None:
            groups.setdefault(name, []).append(link)
    for name in sorted(groups):
        _statement(name, groups[name], out)
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
        fields = {"fidelity": Fidelity(v.fidelity), "fidelity_changes": v.changes, "edit_ratio": v.edit_ratio} if v else None
        out.append(q.model_copy(update=fields) if fields else q)
    return out
