"""The tables of a release described alike (name, columns, keys, description) for every writer:
the main tables, one link table per list of actor ids (a Data Package cannot declare a foreign
key on a list column), and the statements table, from `models.lineage` as `validate` has it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..models.lineage import LINK_FIELDS, Lineage, lineage, link_from
from ..models.rows import Row, columns_schema
from ..models.statement import Statement
from ..models.tables import PRIMARY_KEY, REGISTRY, TABLES, Column, TableName, columns, model_columns


@dataclass(frozen=True)
class MainTable:
    """One table of records, described as the derived tables are."""

    name: TableName

    @property
    def columns(self) -> tuple[Column, ...]:
        return columns(self.name)

    @property
    def primary_key(self) -> list[str]:
        return list(PRIMARY_KEY)

    @property
    def foreign_keys(self) -> list[tuple[str, str]]:
        return REGISTRY[self.name].foreign_keys

    @property
    def description(self) -> str:
        return f"One row per record of `{self.name}`."


@dataclass(frozen=True)
class LinkTable:
    """The link table of one list-valued actor reference."""

    name: str
    owner: TableName
    field: str
    owner_column: str
    target_column: str

    @property
    def columns(self) -> tuple[Column, ...]:
        """Owner id, actor id, 1-based position in the list."""
        singular = self.owner[:-1]
        return (
            Column(self.owner_column, "string", f"Id of the {singular} whose `{self.field}` lists the actor.", True),
            Column(self.target_column, "string", f"Actor id listed in the {singular}'s `{self.field}`.", True),
            Column("position", "integer", f"Position of the actor in `{self.field}`, from 1.", True, {"minimum": 1}),
        )

    @property
    def primary_key(self) -> list[str]:
        return [self.owner_column, "position"]

    @property
    def foreign_keys(self) -> list[tuple[str, str]]:
        return [(self.owner_column, self.owner), (self.target_column, "actors")]

    @property
    def description(self) -> str:
        return (
            f"One row per actor listed in `{self.owner}.{self.field}`, in list order (derived from that "
            f"list column, which stays in `{self.owner}` for convenience). Its foreign keys let generic "
            "tools check every listed id."
        )


@cache
def link_tables() -> tuple[LinkTable, ...]:
    """Every link table, in registry order."""
    found = []
    for table in TABLES:
        owner_column = table[:-1]
        for field, many in REGISTRY[table].actor_refs:
            if many:
                target = "actor" if owner_column != "actor" else field
                found.append(LinkTable(f"{owner_column}_{field}", table, field, owner_column, target))
    return tuple(found)


def links_of(table: TableName) -> tuple[LinkTable, ...]:
    """The link tables derived from one table's list fields."""
    return tuple(link for link in link_tables() if link.owner == table)


def link_rows(link: LinkTable, data: Any) -> Any:
    """The link table (Arrow) of the owner's release table `data` (sorted by id), in (owner id, position) order."""
    import pyarrow as pa
    import pyarrow.compute as pc

    lists = data.column(link.field).combine_chunks()
    owners = pc.list_parent_indices(lists)
    offsets = lists.offsets
    # Element k of the flattened lists is at 1-based position k + 1 - offset of its list's start.
    counted = pc.cumulative_sum(pc.add(pc.multiply(owners, 0), 1))
    first = pc.subtract(pc.take(offsets, owners), offsets[0])
    position = pc.cast(pc.subtract(counted, first), pa.int64())
    ids = pc.take(data.column(0).combine_chunks(), owners)
    return pa.Table.from_arrays([ids, pc.list_flatten(lists), position], schema=columns_schema(link.columns))


def link_rows_of_records(link: LinkTable, records: Sequence[Any]) -> list[Row]:
    """Link rows from validated records (used to check a loaded release's link tables)."""
    out: list[Row] = [(r.id, ref, i) for r in records for i, ref in enumerate(getattr(r, link.field), 1)]
    return sorted(out, key=lambda r: (r[0], r[2]))


@dataclass(frozen=True)
class StatementsTable:
    """The derived statements table, described as the link tables are."""

    name: str = "statements"
    primary_key: list[str] = dataclasses.field(default_factory=lambda: ["id"])
    foreign_keys: list[tuple[str, str]] = dataclasses.field(
        default_factory=lambda: [("speaker", "actors"), ("first_quote", "quotes")]
    )
    description: str = (
        "One row per statement: an utterance that one or more quotes report, in any article (`quotes.statement`, "
        "or a relay's `relays`). Derived from the quotes table: the first publication a quote records, else the "
        "earliest quote; every quote that reports it, in order of publication."
    )

    @property
    def columns(self) -> tuple[Column, ...]:
        return model_columns(Statement, self.name)


STATEMENTS = StatementsTable()
DerivedTable = LinkTable | StatementsTable
ReleaseTable = MainTable | DerivedTable


def derived_tables() -> tuple[DerivedTable, ...]:
    """Every derived table, in release order: the link tables, then the statements table."""
    return (*link_tables(), STATEMENTS)


def release_tables() -> tuple[ReleaseTable, ...]:
    """Every table of a release, in release order: the main tables, then the derived ones."""
    return (*(MainTable(t) for t in TABLES), *derived_tables())


def lineage_of_tables(tables: Mapping[Any, Any]) -> Lineage:
    """The lineage of the release's quotes and articles tables (Arrow or as collected)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    def col(table: Any, name: str) -> Any:
        found = table.column(name)
        return found.combine_chunks() if isinstance(found, pa.ChunkedArray) else found

    quotes, articles = tables["quotes"], tables["articles"]
    mask = pc.or_(pc.is_valid(col(quotes, "statement")), pc.is_valid(col(quotes, "relays")))
    if not pc.any(mask).as_py():
        return Lineage()
    taken = {name: pc.filter(col(quotes, name), mask).to_pylist() for name in LINK_FIELDS}
    dates, urls = col(articles, "published_date").to_pylist(), col(articles, "url").to_pylist()
    facts = dict(zip(col(articles, "id").to_pylist(), zip(dates, urls, strict=True), strict=True))
    links = []
    for values in zip(*(taken[name] for name in LINK_FIELDS), strict=True):
        row = dict(zip(LINK_FIELDS, values, strict=True))
        links.append(link_from(row, *facts.get(row["article"], (None, None))))
    return lineage(links)


def statements_arrow(found: Lineage) -> Any:
    """The statements table (Arrow), sorted by id."""
    import pyarrow as pa

    rows = [
        {**row._asdict(), "first_date": dt.date.fromisoformat(row.first_date) if row.first_date else None}
        for row in found.statements
    ]
    return pa.Table.from_pylist(rows, schema=columns_schema(STATEMENTS.columns))


def with_verdicts(part: Any, found: Lineage) -> Any:
    """A part of the quotes table with the verdicts its statements give, and each relay's statement."""
    if not found.verdicts and not found.statement_of:
        return part
    import pyarrow as pa

    ids = part.column("id").to_pylist()
    if not any(i in found.verdicts or i in found.statement_of for i in ids):
        return part
    replaced: dict[str, Any] = {"statement": found.statement_of}
    for index, name in enumerate(("fidelity", "fidelity_changes", "edit_ratio")):
        replaced[name] = {q: v[index] for q, v in found.verdicts.items()}
    for name, values in replaced.items():
        old = part.column(name).to_pylist()
        new = [values.get(i, v) for i, v in zip(ids, old, strict=True)]
        at = part.schema.get_field_index(name)
        part = part.set_column(at, part.schema.field(at), pa.array(new, type=part.schema.field(at).type))
    return part
