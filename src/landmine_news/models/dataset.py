"""`Dataset`: the four tables of validated records, with lookups, Arrow / pandas views and joined rows."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

from ..errors import UnknownId
from .actor import Actor
from .article import Article
from .base import Record
from .figure import Figure
from .lookup import get, unknown
from .quote import Quote
from .tables import TABLES, TableName
from .vocab import QuoteKind, Stance

if TYPE_CHECKING:  # pragma: no cover
    import pyarrow as pa


@dataclass(frozen=True)
class Dataset:
    """Validated records, each table sorted by id."""

    articles: tuple[Article, ...] = ()
    quotes: tuple[Quote, ...] = ()
    actors: tuple[Actor, ...] = ()
    figures: tuple[Figure, ...] = ()
    version: str | None = None
    """Version of the release this was read from; None for a working dataset."""
    schema_version: str | None = None
    _index: dict[str, dict[str, Any]] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        for name in TABLES:
            object.__setattr__(self, name, tuple(sorted(getattr(self, name), key=lambda r: r.id)))
            self._index[name] = {r.id: r for r in getattr(self, name)}

    @classmethod
    def from_tables(
        cls, tables: Mapping[TableName, Iterable[Record]], *, version: str | None = None, schema_version: str | None = None
    ) -> Dataset:
        """A Dataset from records grouped by table name (tables left out are empty)."""
        return cls(**{name: tuple(tables.get(name, ())) for name in TABLES}, version=version, schema_version=schema_version)  # type: ignore[arg-type]

    def table(self, name: TableName) -> tuple[Record, ...]:
        """All records of one table, sorted by id."""
        if name not in TABLES:
            raise unknown("table", name, TABLES)
        records: tuple[Record, ...] = getattr(self, name)
        return records

    def article(self, id: str) -> Article:
        """The article with this id (`UnknownId`, a KeyError, naming the closest ids when there is none)."""
        return cast(Article, get(self._index["articles"], "article", id))

    def quote(self, id: str) -> Quote:
        """The quote with this id (`UnknownId`, a KeyError, naming the closest ids when there is none)."""
        return cast(Quote, get(self._index["quotes"], "quote", id))

    def actor(self, id: str) -> Actor:
        """The actor with this id (`UnknownId`, a KeyError, naming the closest ids when there is none)."""
        return cast(Actor, get(self._index["actors"], "actor", id))

    def figure(self, id: str) -> Figure:
        """The figure with this id (`UnknownId`, a KeyError, naming the closest ids when there is none)."""
        return cast(Figure, get(self._index["figures"], "figure", id))

    def quotes_in(self, article_id: str) -> list[Quote]:
        """Quotes of one article, in order of position in its source (`UnknownId` for an unknown article)."""
        self.article(article_id)
        return sorted((q for q in self.quotes if q.article == article_id), key=lambda q: (q.start or 0, q.id))

    def figures_in(self, article_id: str) -> list[Figure]:
        """Figures of one article, in order of position in its source (`UnknownId` for an unknown article)."""
        self.article(article_id)
        return sorted((f for f in self.figures if f.article == article_id), key=lambda f: (f.start or 0, f.id))

    def find_actor(self, name_or_alias: str) -> Actor:
        """The actor whose id, name or an alias is `name_or_alias`, case and spacing ignored, then
        punctuation (`us` for `U.S.`), then as initials (`us` for `United States`)."""

        def plain(text: str) -> str:
            return " ".join(text.casefold().split())

        def bare(text: str) -> str:
            return "".join(ch for ch in text.casefold() if ch.isalnum())

        def initials(text: str) -> str:
            return "".join(w[0] for w in text.casefold().split() if w[:1].isalnum())

        forms = [(a, n) for a in self.actors for n in (a.id, a.name, *a.aliases)]
        for key in (plain, bare):
            found = {key(n): a for a, n in forms}
            if key(name_or_alias) in found:
                return found[key(name_or_alias)]
        short = bare(name_or_alias)
        matched = {a.id: a for a, n in forms if len(short) > 1 and n != a.id and len(n.split()) > 1 and initials(n) == short}
        if len(matched) == 1:
            return next(iter(matched.values()))
        raise unknown("actor named", name_or_alias, [n for _, n in forms if n])

    def quotes_by(
        self,
        *,
        speaker: str | None = None,
        stance: str | None = None,
        kind: str | None = None,
        article: str | None = None,
        via: str | None = None,
    ) -> list[Quote]:
        """Quotes matching every filter given, sorted by id (a speaker matches co-speakers too);
        an unknown value raises `UnknownId`."""
        for actor in (speaker, via):
            if actor is not None:
                self.actor(actor)
        if article is not None:
            self.article(article)
        for name, value, vocabulary in (("stance", stance, Stance), ("kind", kind, QuoteKind)):
            allowed = [m.value for m in vocabulary]
            if value is not None and value not in allowed:
                raise UnknownId(f"no {name} {value!r}; use one of {', '.join(allowed)}")
        return [
            q
            for q in self.quotes
            if (speaker is None or speaker == q.speaker or speaker in q.co_speakers)
            and (stance is None or (q.stance is not None and q.stance.value == stance))
            and (kind is None or q.kind.value == kind)
            and (article is None or q.article == article)
            and (via is None or q.via == via)
        ]

    def __iter__(self) -> Iterator[Record]:
        """Every record: articles, quotes, actors, figures, each table sorted by id."""
        for name in TABLES:
            yield from self.table(name)

    def __repr__(self) -> str:
        counts = ", ".join(f"{len(self.table(n))} {n}" for n in TABLES)
        return f"<Dataset {self.version or 'working copy'}: {counts}>"

    def quotes_frame(self) -> Any:
        """Quotes joined with speaker and article, as a pandas DataFrame with unambiguous names."""
        return _pandas().DataFrame(quote_rows(self))

    def figures_frame(self) -> Any:
        """Figures joined with article and reporter, as a pandas DataFrame with unambiguous names."""
        return _pandas().DataFrame(figure_rows(self))

    def to_arrow(self, name: TableName) -> pa.Table:
        """One table as a `pyarrow.Table` with the release's explicit schema."""
        from .rows import to_arrow

        return to_arrow(name, self.table(name))

    def to_pandas(self, name: TableName) -> Any:
        """One table as a pandas DataFrame (needs `pip install landmine-news[pandas]`)."""
        _pandas()
        return self.to_arrow(name).to_pandas()

    def __len__(self) -> int:
        return sum(len(self.table(n)) for n in TABLES)


def _pandas() -> Any:
    try:
        import pandas
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError("this needs pandas: pip install 'landmine-news[pandas]'") from exc
    return pandas


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
                **{f"quote_{name}": _value(getattr(q, name)) for name in ("id", "text", "kind", "verb", "stance", "part_of")},
                **{f"speaker_{name}": _value(getattr(speaker, name)) for name in ("id", "name", "kind")},
                "co_speaker_ids": list(q.co_speakers),
                "via_id": via.id if via else None,
                "via_name": via.name if via else None,
                **_article_columns(article),
            }
        )
    return rows


_FIGURE_COLUMNS = (
    *("id", "mention", "measures", "value", "low", "low_inclusive", "high", "high_inclusive", "point"),
    *("unit", "qualifier", "value_si", "unit_si"),
)


def figure_rows(ds: Dataset) -> list[dict[str, Any]]:
    """One dict per figure: figure_* (with its bounds' inclusivity and point), article_* and reporter_* columns."""
    rows = []
    for f in ds.figures:
        article = ds.article(f.article)
        reporter = ds.actor(f.reported_by) if f.reported_by else None
        rows.append(
            {
                **{f"figure_{name}": _value(getattr(f, name)) for name in _FIGURE_COLUMNS},
                **_article_columns(article),
                "reporter_id": reporter.id if reporter else None,
                "reporter_name": reporter.name if reporter else None,
            }
        )
    return rows


def _article_columns(article: Article) -> dict[str, Any]:
    return {"article_id": article.id, "article_title": article.title, "article_published_date": article.published_date}
