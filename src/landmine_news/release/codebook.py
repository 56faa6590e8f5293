"""The codebook: a Markdown description of every release table, generated from the models
(and committed as `docs/codebook.md`, checked against `render_codebook()`)."""

from __future__ import annotations

import inspect
import typing
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..models.tables import MODELS, PRIMARY_KEY, REGISTRY, TABLES, Column, TableName, columns
from ..version import SCHEMA_VERSION
from .derived_tables import STATEMENTS, DerivedTable, link_tables
from .markdown import code_span, table_cell
from .rule_table import render_rule_table

if TYPE_CHECKING:  # pragma: no cover
    from ..models.figure_rules import RuleTable

DEFAULT_PATH = "docs/codebook.md"
REGENERATE = "landmine-news codebook"


def _item_schema(table: TableName, name: str) -> dict[str, Any]:
    """JSON Schema of one array column's items (Column keeps only the array type)."""
    prop = MODELS[table].model_json_schema()["properties"][name]
    items: list[dict[str, Any]] = [o.get("items", {}) for o in prop.get("anyOf", [prop]) if o.get("type") == "array"]
    return items[0] if items else {}


def _length(c: dict[str, Any]) -> str:
    low, high = c.get("minLength"), c.get("maxLength")
    if low is not None and high is not None:
        return f"{low}–{high}"
    if high is not None:
        return f"≤ {high}"
    return f"≥ {low}" if low is not None else ""


def _constraints(table: TableName, col: Column) -> str:
    c = col.constraints
    parts = []
    if col.name in PRIMARY_KEY:
        parts.append("unique")
    if "pattern" in c:
        parts.append(f"pattern {code_span(c['pattern'])}")
    if _length(c):
        parts.append(f"length {_length(c)}")
    if "minimum" in c:
        parts.append(f"≥ {c['minimum']}")
    if col.type == "array":
        items = _item_schema(table, col.name)
        if "pattern" in items:
            # Array items (actor ids, labels) are constrained too, though the column type is not.
            parts.append(f"items match {code_span(items['pattern'].removeprefix('^').removesuffix('$'))}")
        if _length(items):
            parts.append(f"item length {_length(items)}")
    return "; ".join(parts)


def _type(col: Column) -> str:
    # Arrays are lists of strings in Arrow/Parquet and JSON arrays in CSV cells.
    return "array of string" if col.type == "array" else col.type


def _refs(foreign_keys: list[tuple[str, str]]) -> str:
    return ", ".join(f"{code_span(field)} → {code_span(f'{target}.id')}" for field, target in foreign_keys)


def _table_section(table: TableName) -> list[str]:
    model = MODELS[table]
    lines = [f"## `{table}`", "", inspect.cleandoc(model.__doc__ or ""), ""]
    lines.append(f"One row per `{model.__name__}` record; primary key `{', '.join(PRIMARY_KEY)}`.")
    if REGISTRY[table].foreign_keys:
        lines.append(f"References: {_refs(REGISTRY[table].foreign_keys)}.")
    lines += [
        "",
        "| Field | Type | Required | Constraints | Allowed values | Description |",
        "|---|---|---|---|---|---|",
    ]
    for col in columns(table):
        allowed = ", ".join(code_span(v) for v in col.constraints.get("enum", []))
        required = "derived" if not col.model_field else "yes" if col.required else "no"
        lines.append(
            f"| {code_span(col.name)} | {_type(col)} | {required} | {table_cell(_constraints(table, col))} "
            f"| {table_cell(allowed)} | {table_cell(col.description)} |"
        )
    return [*lines, ""]


def _derived_section(table: DerivedTable, heading: str, also: str = "") -> list[str]:
    """A derived table: what it lists, its key, references and columns."""
    return [
        heading,
        "",
        table.description,
        "",
        f"Primary key `{', '.join(table.primary_key)}`. References: {_refs(table.foreign_keys)}{also}.",
        "",
        "| Field | Type | Required | Description |",
        "|---|---|---|---|",
        *(
            f"| {code_span(c.name)} | {_type(c)} | {'yes' if c.required else 'no'} | {table_cell(c.description)} |"
            for c in table.columns
        ),
        "",
    ]


def _link_sections() -> list[str]:
    lines = [
        "## Link tables",
        "",
        "Each list of actor ids in a table also comes as a table of its own, one row per listed id, so "
        "that a generic tool (Frictionless, a database) checks every id and a join needs no list parsing.",
        "",
    ]
    for link in link_tables():
        lines += _derived_section(link, f"### `{link.name}`")
    return lines + _derived_section(STATEMENTS, "## Statements table", "; `quotes.statement` → `statements.id`")


def _enums_in(annotation: Any) -> list[type[Enum]]:
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return [annotation]
    return [e for arg in typing.get_args(annotation) for e in _enums_in(arg)]


def vocabularies() -> list[type[Enum]]:
    """The enums the models use, in order of first use, so a new vocabulary is listed by itself."""
    found: list[type[Enum]] = []
    for table in TABLES:
        for info in MODELS[table].model_fields.values():
            found += [e for e in _enums_in(info.annotation) if e not in found]
    return found


def render_codebook(rules: RuleTable | None = None) -> str:
    """The codebook as Markdown, rendering `rules` (by default the package's figure rule table)."""
    lines = [
        "# landmine-news codebook",
        "",
        f"Schema version **{SCHEMA_VERSION}**. Generated from the record models by `{REGENERATE}`; do not edit by hand.",
        "",
        "A release has four tables, each as Parquet and CSV with the same rows sorted by `id`: "
        + ", ".join(f"`{t}`" for t in TABLES)
        + f", {len(link_tables())} link tables, one per list of actor ids (below), sorted by owner and "
        "position, and the statements table, derived from the quotes; the SQLite file holds them all. The JSON Schemas of this version are in a release's "
        "`schema/`, its Frictionless table schemas in `datapackage.json`, and both in the repository's "
        f"`schema/{SCHEMA_VERSION}/`.",
        "",
        "Conventions: *Required* `yes` means the value may not be null; `derived` columns exist only "
        "in the release and are computed from other columns. Empty lists are `[]` in Parquet and JSON "
        "arrays in CSV. Offsets (`start`, `end`) count Unicode code points from 0, end exclusive.",
        "",
    ]
    for table in TABLES:
        lines += _table_section(table)
    lines += _link_sections()
    lines += [
        "## Figure rule table",
        "",
        "How each wording of a number is coded (`src/landmine_news/models/data/figure_rules.toml`; "
        "`landmine-news validate` enforces it). `low` and `high` are what the wording entails, with their "
        "inclusivity; `point` is a conservative point value in ACLED's manner.",
        "",
        render_rule_table(rules),
    ]
    lines += ["## Vocabularies", "", "The closed lists of allowed values used above.", ""]
    for enum in vocabularies():
        doc = inspect.cleandoc(enum.__doc__ or "")
        lines += [f"### `{enum.__name__}`", "", doc, "", ", ".join(code_span(m.value) for m in enum), ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def write_codebook(path: str | Path = DEFAULT_PATH) -> Path:
    """Write the codebook to `path` (default `docs/codebook.md`) and return the path."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(render_codebook(), encoding="utf-8", newline="\n")
    return target


def codebook_staleness(path: str | Path = DEFAULT_PATH) -> list[str]:
    """Differences between the file at `path` and what the models generate now, one line each."""
    target = Path(path)
    if not target.is_file():
        return [f"{target}: missing"]
    if target.read_text(encoding="utf-8") != render_codebook():
        return [f"{target}: differs from what the models generate"]
    return []
