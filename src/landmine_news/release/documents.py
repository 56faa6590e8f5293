"""The release's documents: README.md, the data licence, the codebook, croissant.json, the
figure rule table the release was validated against (figure_rules.json), the dataset card
(with its generated list of articles) and the change log."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

from .citation import shipped_file
from .codebook import render_codebook
from .croissant import croissant
from .markdown import code_span
from .release_readme import CODEBOOK_FILE, CROISSANT_FILE, LICENCE_FILE, README, render_readme
from .rule_table import RULES_FILE, rule_table_record
from .schema_export import dumps

if TYPE_CHECKING:  # pragma: no cover
    from ..models.figure_rules import RuleTable

Published = tuple[str, str] | None
"""The oldest and newest `published_date` of the articles (ISO 8601), or None when none has one."""


def published_dates(articles: Any) -> Published:
    """The span of the articles' publication dates (an Arrow table): what the data covers, not
    when it changed (the records do not say, and the clock would make builds differ)."""
    import pyarrow.compute as pc

    span = pc.min_max(articles.column("published_date")).as_py()
    oldest, newest = span["min"], span["max"]
    return (oldest.isoformat(), newest.isoformat()) if oldest is not None and newest is not None else None


# The dataset card's prose is written by hand; only the block between its `articles:` markers
# is generated, alike for the release and a checkout's docs.
CARD_FILE = "dataset-card.md"
CHANGELOG_FILE = "CHANGELOG.md"
_ARTICLES = re.compile(r"(<!-- articles:start[^\n]*-->\n)(.*?)(<!-- articles:end -->)", re.S)


class CardFacts:
    """What the articles block says, gathered from records or from the release's table parts."""

    def __init__(self) -> None:
        self.articles: list[tuple[str, str | None, str]] = []
        """(id, published date or None, source file) per article."""
        self.quotes: Counter[str] = Counter()
        self.figures: Counter[str] = Counter()
        self.actors = 0

    def feed(self, table: str, part: Any) -> None:
        """Take in one part (an Arrow table) of a release table."""
        if table == "articles":
            dates = [d.isoformat() if d is not None else None for d in part.column("published_date").to_pylist()]
            self.articles += zip(part.column("id").to_pylist(), dates, part.column("source_file").to_pylist(), strict=True)
        elif table in ("quotes", "figures"):
            (self.quotes if table == "quotes" else self.figures).update(part.column("article").to_pylist())
        elif table == "actors":
            self.actors += part.num_rows

    @classmethod
    def of(cls, articles: Iterable[Any], quotes: Iterable[Any], figures: Iterable[Any], actors: int) -> CardFacts:
        """The facts of validated records (a `Dataset`'s tables)."""
        facts = cls()
        facts.articles = [(a.id, a.published_date.isoformat() if a.published_date else None, a.source_file) for a in articles]
        facts.quotes.update(q.article for q in quotes)
        facts.figures.update(f.article for f in figures)
        facts.actors = actors
        return facts

    def block(self) -> str:
        """The card's generated list: each article with its date, source and counts."""
        lines = ["| article | published | source | quotes | figures |", "|---|---|---|---:|---:|"]
        for aid, date, source in sorted(self.articles):
            lines.append(
                f"| {code_span(aid)} | {date or 'not printed'} | {code_span(source)} | {self.quotes[aid]} | {self.figures[aid]} |"
            )
        total = (
            f"{len(self.articles)} articles, {sum(self.quotes.values())} quotes, "
            f"{sum(self.figures.values())} figures, {self.actors} actors."
        )
        return "\n".join([*lines, "", total]) + "\n"


def card_text(template: str, facts: CardFacts) -> str | None:
    """The card with its articles block rendered from `facts`; None when it has no block."""
    if not _ARTICLES.search(template):
        return None
    return _ARTICLES.sub(lambda m: m.group(1) + facts.block() + m.group(3), template, count=1)


DOCUMENTS = (README, LICENCE_FILE, CODEBOOK_FILE, CROISSANT_FILE, RULES_FILE, CARD_FILE, CHANGELOG_FILE)
"""The documents every release holds beside its tables (`write_documents`)."""


def write_documents(
    write: Callable[[str, bytes], object],
    counts: Mapping[str, int],
    csv_sha256: Mapping[str, str],
    published: Published,
    rules: RuleTable | None = None,
    card: CardFacts | None = None,
) -> None:
    """Write the documents with `write(name, bytes)`; `rules` is the effective figure rule table
    (by default the package's), `card` the facts of the dataset card's list of articles."""
    write(README, render_readme(counts, published).encode("utf-8"))
    write(LICENCE_FILE, shipped_file(LICENCE_FILE).read_bytes())
    write(CODEBOOK_FILE, render_codebook(rules).encode("utf-8"))
    write(CROISSANT_FILE, dumps(croissant(csv_sha256, published)).encode("utf-8"))
    write(RULES_FILE, dumps(rule_table_record(rules)).encode("utf-8"))
    template = shipped_file(CARD_FILE, "docs/dataset-card.md").read_text(encoding="utf-8")
    write(CARD_FILE, (card_text(template, card or CardFacts()) or template).encode("utf-8"))
    write(CHANGELOG_FILE, shipped_file(CHANGELOG_FILE).read_bytes())
