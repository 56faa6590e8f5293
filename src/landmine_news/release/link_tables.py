"""Link tables: one row per element of every list-valued actor reference.

A Data Package cannot declare a foreign key on a list column, so `frictionless validate`
never checked `co_speakers`, `member_of` and the like. Each such list becomes a table of
(owner id, actor id, position) with a primary key and two foreign keys, which generic
tools do check. The tables are derived from the registry (`actor_refs` with many=True),
so a list field added or renamed in the models gets its link table without a change here.
The list columns stay in the main tables as a convenience, derived alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..models.rows import Row
from ..models.tables import REGISTRY, TABLES, Column, TableName


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
    def foreign_keys(self) -> list[tuple[str, TableName]]:
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
    """The link table (Arrow) of the owner's release table `data`, which is sorted by id.

    Computed column-wise with Arrow: each element of the list column, its owner's id, and
    its 1-based place in the list. `data` is sorted by id and each list is in order, so the
    result is already in (owner id, position) order.
    """
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
    return pa.Table.from_arrays([ids, pc.list_flatten(lists), position], schema=link_schema(link))


def link_rows_of_records(link: LinkTable, records: Sequence[Any]) -> list[Row]:
    """Link rows from validated records (used to check a loaded release's link tables)."""
    out: list[Row] = [(r.id, ref, i) for r in records for i, ref in enumerate(getattr(r, link.field), 1)]
    return sorted(out, key=lambda r: (r[0], r[2]))


def link_schema(link: LinkTable) -> Any:
    """The Arrow schema of a link table (ids as strings, position as int64), descriptions as field metadata."""
    import pyarrow as pa

    types = {"string": pa.string(), "integer": pa.int64()}
    return pa.schema(
        [pa.field(c.name, types[c.type], nullable=False, metadata={"description": c.description}) for c in link.columns]
    )
