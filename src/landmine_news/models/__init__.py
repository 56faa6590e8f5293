"""Stage 1, the models: what a record is. Record kinds, their constraints and vocabularies,
the table registry, and `Dataset`. Depends on nothing else in the package.

Names load on first use (PEP 562), so importing one light module such as
`models.vocab` does not import pydantic and every model.
"""

from __future__ import annotations

import typing as _typing
from importlib import import_module as _import_module

if _typing.TYPE_CHECKING:  # pragma: no cover
    from .actor import Actor
    from .article import Article
    from .base import Anchored, Record
    from .dataset import Dataset
    from .figure import Figure
    from .quote import Quote
    from .tables import MODELS, REGISTRY, TABLES, Column, Table, TableName, columns

_LAZY = {
    "Actor": "actor",
    "Anchored": "base",
    "Article": "article",
    "Dataset": "dataset",
    "Figure": "figure",
    "Quote": "quote",
    "Record": "base",
    **dict.fromkeys(("MODELS", "REGISTRY", "TABLES", "Column", "Table", "TableName", "columns"), "tables"),
}

__all__ = [
    "MODELS",
    "REGISTRY",
    "TABLES",
    "Actor",
    "Anchored",
    "Article",
    "Column",
    "Dataset",
    "Figure",
    "Quote",
    "Record",
    "Table",
    "TableName",
    "columns",
]


def __getattr__(name: str) -> object:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'landmine_news.models' has no attribute {name!r}")
    value = getattr(_import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
