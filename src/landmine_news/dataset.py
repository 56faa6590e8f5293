"""`Dataset`: the four tables of validated records, with lookups and Arrow / pandas views."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Iterable, Literal

from .actor import Actor
from .article import Article
from .figure import Figure
from .quote import Quote

if TYPE_CHECKING:  # pragma: no cover
    import pyarrow as pa

TableName = Literal["articles", "quotes", "actors", "figures"]
TABLES: tuple[TableName, ...] = ("articles", "quotes", "actors", "figures")
MODELS = {"articles": Article, "quotes": Quote, "actors": Actor, "figures": Figure}
# Fields holding actor ids, per table: (field, holds a list?).
REFERENCES: dict[str, tuple[tuple[str, bool], ...]] = {
    "articles": (("publisher", False), ("attributed_to", True), ("mentions", True), ("image_credited_to", True)),
    "quotes": (("speaker", False), ("co_speakers", True)),
    "figures": (("reported_by", False),),
    "actors": (("member_of", True),),
}


def _sorted(records: Iterable[Any]) -> tuple[Any, ...]:
    return tuple(sorted(records, key=lambda r: r.id))


@dataclass(frozen=True)
class Dataset:
    """Validated records, each table sorted by id."""

    articles: tuple[Article, ...] = ()
    quotes: tuple[Quote, ...] = ()
    actors: tuple[Actor, ...] = ()
    figures: tuple[Figure, ...] = ()
    version: str | None = None
    """Dataset (package) version of the release this was read from; None for a working dataset."""
    schema_version: str | None = None
    _index: dict[str, dict[str, Any]] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        for name in TABLES:
            object.__setattr__(self, name, _sorted(getattr(self, name)))
            self._index[name] = {r.id: r for r in getattr(self, name)}

    def table(self, name: TableName) -> tuple[Any, ...]:
        if name not in TABLES:
            raise KeyError(f"no table {name!r}; tables are {', '.join(TABLES)}")
        return getattr(self, name)

    def article(self, id: str) -> Article:
        """The article with this id (KeyError when there is none)."""
        return self._index["articles"][id]

    def quote(self, id: str) -> Quote:
        return self._index["quotes"][id]

    def actor(self, id: str) -> Actor:
        return self._index["actors"][id]

    def figure(self, id: str) -> Figure:
        return self._index["figures"][id]

    def quotes_in(self, article_id: str) -> list[Quote]:
        """Quotes of one article, in order of position in its source."""
        return sorted((q for q in self.quotes if q.article == article_id), key=lambda q: (q.start or 0, q.id))

    def figures_in(self, article_id: str) -> list[Figure]:
        return sorted((f for f in self.figures if f.article == article_id), key=lambda f: (f.start or 0, f.id))

    def to_arrow(self, name: TableName) -> "pa.Table":
        """One table as a `pyarrow.Table` with the release's explicit schema."""
        from .tables import to_arrow

        return to_arrow(name, self.table(name))

    def to_pandas(self, name: TableName) -> Any:
        """One table as a pandas DataFrame (needs `pip install landmine-news[pandas]`)."""
        try:
            import pandas  # noqa: F401
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise ImportError("to_pandas needs pandas: pip install 'landmine-news[pandas]'") from exc
        return self.to_arrow(name).to_pandas()

    def __len__(self) -> int:
        return sum(len(self.table(n)) for n in TABLES)
