"""Stage 1, the models: what a record is. Record kinds, their constraints and vocabularies,
the table registry, and `Dataset`; names load on first use, so `models.vocab` stays light."""

from __future__ import annotations

import typing as _typing

from ..lazy import lazy_names as _lazy_names

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

__getattr__, __dir__ = _lazy_names(globals(), _LAZY)
