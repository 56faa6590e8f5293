"""The one table registry: which model each release table holds, its keys, references and
columns (from the model's JSON Schema, so no format of the release can drift from it)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any, Literal

from .actor import Actor
from .article import Article
from .base import Record
from .constraints import TIME_PATTERN
from .figure import Figure
from .quote import Quote

TableName = Literal["articles", "quotes", "actors", "figures"]
FrictionlessType = Literal["string", "integer", "number", "boolean", "date", "time", "array"]


@dataclass(frozen=True)
class Column:
    """One release column: its Frictionless type, description and constraints."""

    name: str
    type: FrictionlessType
    description: str
    required: bool = False
    constraints: dict[str, Any] = field(default_factory=dict)
    model_field: bool = True
    """False for derived columns the release adds to the model's fields."""

    @property
    def time_of_day(self) -> bool:
        """A local time, held as `HH:MM[:SS]` text in the records: typed `time` in every release
        format (Frictionless, Parquet, Croissant), written `HH:MM:SS` in CSV and SQLite."""
        return self.type == "time"


@dataclass(frozen=True)
class Table:
    """What the release and the checks need to know about one table."""

    name: TableName
    model: type[Record]
    actor_refs: tuple[tuple[str, bool], ...]
    """Fields holding actor ids: (field, holds a list?)."""
    in_article: bool = False
    """Records live inside an article file and carry its id in `article`."""
    derived: tuple[Column, ...] = ()
    """Columns the release adds to the model's fields: values users would otherwise recompute."""
    quote_refs: tuple[str, ...] = ()
    """Fields holding the id of a quote (`part_of`, a figure's `quote`, a relay's `relays`)."""
    statement_refs: tuple[str, ...] = ()
    """Fields holding the id of a statement (the derived `statements` table)."""

    @property
    def foreign_keys(self) -> list[tuple[str, str]]:
        """Single-valued references a table schema can declare: (field, target table)."""
        keys: list[tuple[str, str]] = [("article", "articles")] if self.in_article else []
        keys += [(name, "actors") for name, many in self.actor_refs if not many]
        keys += [(name, "quotes") for name in self.quote_refs]
        return keys + [(name, "statements") for name in self.statement_refs]


_SI_COLUMNS = (
    Column(
        "value_si",
        "number",
        "`value` converted to the SI unit in `unit_si`; null when the unit has no SI form or the value is null.",
        model_field=False,
    ),
    Column("unit_si", "string", "SI unit of `value_si` (`m2`, `m`, `s`); null when the unit has no SI form.", model_field=False),
)

REGISTRY: dict[TableName, Table] = {
    "articles": Table(
        "articles", Article, (("publisher", False), ("attributed_to", True), ("mentions", True), ("image_credited_to", True))
    ),
    "quotes": Table(
        "quotes",
        Quote,
        (("speaker", False), ("co_speakers", True), ("via", False)),
        in_article=True,
        quote_refs=("part_of", "relays"),
        statement_refs=("statement",),
    ),
    "actors": Table("actors", Actor, (("member_of", True),)),
    "figures": Table("figures", Figure, (("reported_by", False),), in_article=True, derived=_SI_COLUMNS, quote_refs=("quote",)),
}
TABLES: tuple[TableName, ...] = tuple(REGISTRY)
MODELS: dict[TableName, type[Record]] = {name: t.model for name, t in REGISTRY.items()}
TABLE_OF: dict[type[Record], TableName] = {t.model: name for name, t in REGISTRY.items()}
PRIMARY_KEY = ["id"]
ACTOR_FIELDS = frozenset(name for t in REGISTRY.values() for name, _ in t.actor_refs)
"""Every field name, in any table, that holds actor ids."""


_PLAIN_TYPES: dict[str, FrictionlessType] = {"number": "number", "boolean": "boolean", "array": "array"}


def _column(name: str, prop: dict[str, Any], defs: dict[str, Any], required: bool, where: str) -> Column:
    inner = next((o for o in prop.get("anyOf", ()) if o.get("type") != "null"), prop)  # `X | None`: X
    if "$ref" in inner:
        inner = defs[inner["$ref"].split("/")[-1]]
    constraints: dict[str, Any] = {}
    kind = inner.get("type")
    ftype: FrictionlessType
    if "enum" in inner:
        ftype, constraints["enum"] = "string", list(inner["enum"])
    elif kind == "string" and inner.get("pattern") == TIME_PATTERN:
        ftype = "time"  # since schema 2.1: one type in every format (before, a string with a pattern)
    elif kind == "string" and inner.get("format") == "date":
        ftype = "date"
    elif kind == "string":
        ftype = "string"
        if "pattern" in inner:
            constraints["pattern"] = inner["pattern"].removeprefix("^").removesuffix("$")
        constraints.update({key: inner[key] for key in ("minLength", "maxLength") if key in inner})
    elif kind == "integer":
        ftype = "integer"
        constraints = {"minimum": inner["minimum"]} if "minimum" in inner else {}
    elif kind in _PLAIN_TYPES:
        ftype = _PLAIN_TYPES[kind]
    else:  # pragma: no cover - a new field type must be mapped here deliberately
        raise TypeError(f"{where}.{name}: no column type for {inner}")
    return Column(name, ftype, prop.get("description", ""), required, constraints)


def model_columns(model: type[Record], where: str) -> tuple[Column, ...]:
    """The columns of a model's fields, in order, from its JSON Schema."""
    schema = model.model_json_schema()
    defs = schema.get("$defs", {})
    required = set(schema.get("required", []))
    return tuple(_column(name, prop, defs, name in required, where) for name, prop in schema["properties"].items())


@cache
def columns(table: TableName) -> tuple[Column, ...]:
    """The release columns of `table`, in order: the model's fields, then derived columns."""
    spec = REGISTRY[table]
    return model_columns(spec.model, table) + spec.derived
