"""CSV readers that infer types agree with Parquet on every column of every release table."""

from __future__ import annotations

import pytest

from .conftest import BUILD

TABLE_FILES = sorted(p.stem for p in BUILD.glob("*.parquet"))


def _kind(name: str) -> str:
    """A type name of Arrow, DuckDB or Polars as one of: string, int, float, bool, date, time."""
    n = name.lower()
    for kind, words in (
        ("string", ("list", "varchar", "string", "utf8")),
        ("int", ("int",)),
        ("float", ("double", "float")),
        ("time", ("time",)),
        ("date", ("date",)),
        ("bool", ("bool",)),
    ):
        if any(w in n for w in words):
            return kind
    return n


def _parquet_kinds(table: str) -> dict[str, str]:
    import pyarrow.parquet as pq

    # Lists are JSON text in CSV, so a reader's string is their match.
    return {f.name: _kind(str(f.type)) for f in pq.read_schema(BUILD / f"{table}.parquet")}


def _valued(table: str) -> set[str]:
    """Columns with a value in some row: a reader can infer nothing but text from an empty CSV column."""
    import pyarrow.parquet as pq

    data = pq.read_table(BUILD / f"{table}.parquet")
    return {name for name in data.column_names if data.column(name).null_count < data.num_rows}


def _inferred(kinds: dict[str, str], table: str) -> dict[str, str]:
    valued = _valued(table)
    return {c: k for c, k in kinds.items() if c in valued}


def test_every_release_table_is_covered():
    from landmine_news.models.tables import TABLES
    from landmine_news.release.derived_tables import derived_tables

    assert len(TABLE_FILES) == len(TABLES) + len(derived_tables())


@pytest.mark.parametrize("table", TABLE_FILES)
def test_duckdb_infers_the_parquet_types(table):
    duckdb = pytest.importorskip("duckdb")
    rel = duckdb.sql(f"SELECT * FROM read_csv_auto('{BUILD / table}.csv')")
    kinds = {c: _kind(str(t)) for c, t in zip(rel.columns, rel.types, strict=True)}
    assert kinds.keys() == _parquet_kinds(table).keys()
    assert _inferred(kinds, table) == _inferred(_parquet_kinds(table), table)


@pytest.mark.parametrize("table", TABLE_FILES)
def test_polars_infers_the_parquet_types(table):
    pl = pytest.importorskip("polars")
    schema = pl.read_csv(BUILD / f"{table}.csv", try_parse_dates=True).schema
    kinds = {c: _kind(str(t)) for c, t in schema.items()}
    assert kinds.keys() == _parquet_kinds(table).keys()
    assert _inferred(kinds, table) == _inferred(_parquet_kinds(table), table)


def test_kind_mapping_tells_types_apart():
    assert [_kind(t) for t in ("BIGINT", "DOUBLE", "DATE", "TIME", "VARCHAR", "list<item: string>", "time32[s]")] == [
        "int", "float", "date", "time", "string", "string", "time",
    ]  # fmt: skip


# One type per column (#28): each format's own word for each kind. Arrays are JSON text in
# CSV, so Croissant, which reads the CSV files, declares them as text; SQLite has no date,
# time or list type, so it stores them as text, as its documentation advises.
_KINDS = {
    "string": {"datapackage": "string", "parquet": "string", "croissant": "sc:Text", "sqlite": "TEXT", "codebook": "string"},
    "integer": {
        "datapackage": "integer",
        "parquet": "int64",
        "croissant": "sc:Integer",
        "sqlite": "INTEGER",
        "codebook": "integer",
    },
    "number": {"datapackage": "number", "parquet": "double", "croissant": "sc:Float", "sqlite": "REAL", "codebook": "number"},
    "boolean": {
        "datapackage": "boolean",
        "parquet": "bool",
        "croissant": "sc:Boolean",
        "sqlite": "INTEGER",
        "codebook": "boolean",
    },
    "date": {"datapackage": "date", "parquet": "date32[day]", "croissant": "sc:Date", "sqlite": "TEXT", "codebook": "date"},
    "time": {"datapackage": "time", "parquet": "time32[ms]", "croissant": "sc:Time", "sqlite": "TEXT", "codebook": "time"},
    "array": {
        "datapackage": "array",
        "parquet": "list<element: string>",
        "croissant": "sc:Text",
        "sqlite": "TEXT",
        "codebook": "array of string",
    },
}


def _format_types() -> dict[str, dict[tuple[str, str], str]]:
    """(table, column) -> declared type, in each format of the committed release."""
    import json
    import sqlite3

    import pyarrow.parquet as pq

    found: dict[str, dict[tuple[str, str], str]] = {f: {} for f in ("datapackage", "parquet", "croissant", "sqlite", "codebook")}
    package = json.loads((BUILD / "datapackage.json").read_text(encoding="utf-8"))
    for resource in package["resources"]:
        for f in resource["schema"]["fields"]:
            found["datapackage"][(resource["name"], f["name"])] = f["type"]
        for f in pq.read_schema(BUILD / f"{resource['name']}.parquet"):
            found["parquet"][(resource["name"], f.name)] = str(f.type).replace("item:", "element:")
    croissant = json.loads((BUILD / "croissant.json").read_text(encoding="utf-8"))
    for record_set in croissant["recordSet"]:
        for f in record_set["field"]:
            found["croissant"][(record_set["name"], f["name"])] = f["dataType"]
    with sqlite3.connect(BUILD / "landmine-news.sqlite") as db:
        for (table,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall():
            for _, name, declared, *_ in db.execute(f'PRAGMA table_info("{table}")'):
                found["sqlite"][(table, name)] = declared
    table = None
    for line in (BUILD / "codebook.md").read_text(encoding="utf-8").splitlines():
        if line.startswith("### `") or line.startswith("## "):
            table = line.split("`")[1] if "`" in line else ("statements" if "Statements" in line else None)
        elif table and line.startswith("| `"):
            cells = [c.strip() for c in line.split("|")[1:-1]]
            found["codebook"][(table, cells[0].strip("`"))] = cells[1]
    return found


def test_every_column_has_one_type_in_every_format():
    found = _format_types()
    columns = found["datapackage"]
    assert columns, "the release lists its columns in datapackage.json"
    for fmt, types in found.items():
        assert set(types) >= set(columns) if fmt == "codebook" else set(types) == set(columns), fmt
    for (table, column), kind in columns.items():
        for fmt, types in found.items():
            assert types[(table, column)] == _KINDS[kind][fmt], (table, column, fmt, types[(table, column)])
