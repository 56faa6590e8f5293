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


def test_every_release_table_is_covered():
    assert len(TABLE_FILES) == 9


@pytest.mark.parametrize("table", TABLE_FILES)
def test_duckdb_infers_the_parquet_types(table):
    duckdb = pytest.importorskip("duckdb")
    rel = duckdb.sql(f"SELECT * FROM read_csv_auto('{BUILD / table}.csv')")
    assert {c: _kind(str(t)) for c, t in zip(rel.columns, rel.types, strict=True)} == _parquet_kinds(table)


@pytest.mark.parametrize("table", TABLE_FILES)
def test_polars_infers_the_parquet_types(table):
    pl = pytest.importorskip("polars")
    schema = pl.read_csv(BUILD / f"{table}.csv", try_parse_dates=True).schema
    assert {c: _kind(str(t)) for c, t in schema.items()} == _parquet_kinds(table)


def test_kind_mapping_tells_types_apart():
    assert [_kind(t) for t in ("BIGINT", "DOUBLE", "DATE", "TIME", "VARCHAR", "list<item: string>", "time32[s]")] == [
        "int", "float", "date", "time", "string", "string", "time",
    ]  # fmt: skip
