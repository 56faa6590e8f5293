"""`Dataset`: the four tables of validated records, with lookups and Arrow / pandas views."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .actor import Actor
from .article import Article
from .base import Record
from .figure import Figure
from .quote import Quote
from .tables import TABLES, TableName

if TYPE_CHECKING:  # pragma: no cover
    import pyarrow as pa


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

    @classmethod
    def from_tables(
        cls, tables: Mapping[TableName, Iterable[Record]], *, version: str | None = None, schema_version: str | None = None
    ) -> Dataset:
        """A Dataset from records grouped by table name (tables left out are empty)."""
        return cls(**{name: tuple(tables.get(name, ())) for name in TABLES}, version=version, schema_version=schema_version)  # type: ignore[arg-type]

    def table(self, name: TableName) -> tuple[Record, ...]:
        """All records of one table, sorted by id."""
        if name not in TABLES:
            raise KeyError(f"no table {name!r}; tables are {', '.join(TABLES)}")
        records: tuple[Record, ...] = getattr(self, name)
        return records

    def article(self, id: str) -> Article:
        """The article with this id (KeyError when there is none)."""
        found: Article = self._index["articles"][id]
        return found

    def quote(self, id: str) -> Quote:
        """The quote with this id (KeyError when there is none)."""
        found: Quote = self._index["quotes"][id]
        return found

    def actor(self, id: str) -> Actor:
        """The actor with this id (KeyError when there is none)."""
        found: Actor = self._index["actors"][id]
        return found

    def figure(self, id: str) -> Figure:
        """The figure with this id (KeyError when there is none)."""
        found: Figure = self._index["figures"][id]
        return found

    def quotes_in(self, article_id: str) -> list[Quote]:
        """Quotes of one article, in order of position in its source."""
        return sorted((q for q in self.quotes if q.article == article_id), key=lambda q: (q.start or 0, q.id))

    def figures_in(self, article_id: str) -> list[Figure]:
        """Figures of one article, in order of position in its source."""
        return sorted((f for f in self.figures if f.article == article_id), key=lambda f: (f.start or 0, f.id))

    def to_arrow(self, name: TableName) -> pa.Table:
        """One table as a `pyarrow.Table` with the release's explicit schema."""
        # Imported on use: pyarrow is loaded only by those who ask for Arrow.
        from .rows import to_arrow

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
