"""Stage 1, the models: what a record is. Record kinds, their constraints and vocabularies,
the table registry, and `Dataset`. Depends on nothing else in the package."""

from .actor import Actor
from .article import Article
from .base import Anchored, Record
from .dataset import Dataset
from .figure import Figure
from .quote import Quote
from .tables import MODELS, REGISTRY, TABLES, Column, Table, TableName, columns

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
