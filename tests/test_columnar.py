"""The columnar transfer: rows as columns from the workers, Arrow tables to the release files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

from landmine_news.checks.engine.validation import check_dataset
from landmine_news.models import columnar
from landmine_news.models.columnar import TableCollector, column_chunks, sorted_by_id, to_columns
from landmine_news.models.rows import rows, rows_to_arrow
from landmine_news.models.tables import TABLES, columns
from landmine_news.release.derived_tables import link_rows, link_rows_of_records, links_of

from .conftest import DATASET, needs_sources
from .profiles import scaled


def table_rows(data: pa.Table, size: int = columnar.CHUNK_ROWS) -> list[tuple[object, ...]]:
    """The table's rows as tuples, read back through `column_chunks` as the writers read them."""
    return [row for chunk in column_chunks(data, size) for row in zip(*chunk, strict=True)]


ids = st.from_regex(r"[a-z][a-z0-9-]{0,8}", fullmatch=True)
texts = st.none() | st.text(max_size=12)


@st.composite
def actor_rows(draw: st.DrawFn) -> list[tuple[object, ...]]:
    """Release rows of the actors table, with values of every column type it has."""
    cols = columns("actors")
    out = []
    for rid in draw(st.lists(ids, unique=True, max_size=15)):
        values: list[object] = []
        for c in cols:
            if c.name == "id":
                values.append(rid)
            elif c.type == "array":
                values.append(draw(st.lists(ids, max_size=3)))
            elif c.type == "boolean":
                values.append(draw(st.booleans()))
            elif c.type == "integer":
                values.append(draw(st.none() | st.integers(-5, 5)))
            elif c.type == "number":
                values.append(draw(st.none() | st.floats(allow_nan=False)))
            elif c.type == "date":
                values.append(draw(st.none() | st.dates(dt.date(1900, 1, 1), dt.date(2100, 1, 1))))
            elif c.required:
                values.append(draw(st.text(min_size=1, max_size=12)))
            else:
                values.append(draw(texts))
        out.append(tuple(values))
    return out


@settings(max_examples=scaled(100), deadline=None)
@given(actor_rows())
def test_columns_are_accepted_and_make_the_rows_table(data: list[tuple[object, ...]]):
    cols = to_columns(data)
    collector = TableCollector("actors")
    if data:
        collector.add(cols)
    got = collector.finish().read()
    assert got.equals(rows_to_arrow("actors", data))
    assert list(table_rows(got, size=4)) == data


@settings(max_examples=scaled(60), deadline=None)
@given(st.lists(actor_rows(), max_size=6), st.integers(1, 40))
def test_collected_tables_hold_every_row_in_arrival_order(files: list[list[tuple[object, ...]]], fold: int):
    # Folding into Arrow batches (at any threshold) must lose and reorder nothing.
    original = columnar.FOLD_ROWS
    columnar.FOLD_ROWS = fold
    try:
        collector = TableCollector("actors")
        for data in files:
            if data:
                collector.add(to_columns(data))
        got = collector.finish()
    finally:
        columnar.FOLD_ROWS = original
    every = [r for data in files for r in data]
    expected = rows_to_arrow("actors", every)
    assert got.num_rows == len(every) and got.read().equals(expected)
    # Read back sorted a column at a time, as the release writer reads it: as a table sorts.
    ordered = sorted_by_id(got)
    assert ordered.equals(sorted_by_id(expected)) and all(c.num_chunks == 1 for c in ordered.columns)
    assert got.column("name").equals(expected.column("name").combine_chunks())


@settings(max_examples=scaled(40), deadline=None)
@given(st.lists(ids, unique=True, min_size=2, max_size=40), st.integers(1, 7), st.booleans())
def test_collected_rows_in_id_order_or_not_come_back_sorted(values: list[str], fold: int, in_order: bool):
    # Rows arriving in id order skip the reordering; any other order must be sorted all the same.
    values = sorted(values) if in_order else values
    rows_ = [_bare_actor(v) for v in values]
    original = columnar.FOLD_ROWS
    columnar.FOLD_ROWS = fold
    try:
        collector = TableCollector("actors")
        for start in range(0, len(rows_), 3):
            collector.add(to_columns(rows_[start : start + 3]))
        collected = collector.finish()
        got = sorted_by_id(collected)
        parts = list(collected.parts(2))
    finally:
        columnar.FOLD_ROWS = original
    assert got.column("id").to_pylist() == sorted(values)
    assert list(table_rows(got)) == sorted(rows_)
    # In parts of two rows (the last may hold one), each one chunk per column, the same rows.
    assert [p.num_rows for p in parts][:-1] == [2] * (len(parts) - 1) and 1 <= parts[-1].num_rows <= 2
    assert all(c.num_chunks == 1 for p in parts for c in p.columns)
    assert pa.concat_tables(parts).equals(got)


def _bare_actor(rid: str) -> tuple[object, ...]:
    """An actors row with only its id and required text: "x" in those, nulls elsewhere."""
    cols = columns("actors")
    return tuple(rid if c.name == "id" else "x" if c.required else None for c in cols)


def test_a_collected_tables_file_goes_with_it():
    collector = TableCollector("actors")
    collector.add(to_columns([_bare_actor("a1")]))
    got = collector.finish()
    file = got._spill.file  # type: ignore[union-attr]
    assert not file.closed and got.read().num_rows == 1
    del got
    assert file.closed  # closing an unnamed temporary file removes it


def test_an_empty_collected_table_has_the_release_schema():
    got = columnar.empty_table("quotes")
    assert got.num_rows == 0 and got.read().schema == got.schema and sorted_by_id(got).num_rows == 0


@settings(max_examples=scaled(100), deadline=None)
@given(st.lists(st.text(max_size=6), unique=True, max_size=30))
def test_arrow_sorts_ids_as_python_sorts_them(values: list[str]):
    table = pa.table({"id": pa.array(values, pa.string()), "n": pa.array(range(len(values)), pa.int64())})
    got = sorted_by_id(table)
    assert got.column("id").to_pylist() == sorted(values)
    assert all(c.num_chunks <= 1 for c in got.columns)


def test_column_chunks_cover_the_table_in_order():
    table = pa.table({"id": [f"a{i:03d}" for i in range(23)], "n": list(range(23))})
    chunks = list(column_chunks(table, 5))
    assert [len(c[0]) for c in chunks] == [5, 5, 5, 5, 3]
    assert [v for c in chunks for v in c[1]] == list(range(23))


@needs_sources
def test_the_workers_tables_equal_the_models_rows_and_the_link_tables_equal_the_lists():
    # The columnar path (rows made in the workers, shipped as columns) against rows made from models.
    tables = check_dataset(DATASET, workers=1, keep="rows", cache=False).tables
    models = check_dataset(DATASET, workers=1, keep="models").dataset
    for table in TABLES:
        expected = sorted_by_id(rows_to_arrow(table, rows(table, models.table(table))))
        got = sorted_by_id(tables[table])
        assert got.equals(expected), table
        for link in links_of(table):
            made = link_rows(link, got)
            assert list(table_rows(made)) == link_rows_of_records(link, models.table(table)), link.name


def test_link_rows_number_positions_within_each_list_even_for_a_slice():
    owner = next(t for t in TABLES if links_of(t))
    link = links_of(owner)[0]
    blank = [None] * (len(columns(owner)) - 1)
    names = [c.name for c in columns(owner)]
    at = names.index(link.field)

    def row(rid: str, refs: list[str]) -> tuple[object, ...]:
        values: list[object] = [rid, *blank]
        values[at] = refs
        return tuple(values)

    schema = rows_to_arrow(owner, []).schema
    data = [row("a", ["x", "y"]), row("b", []), row("c", ["z"]), row("d", ["u", "v", "w"])]
    arrays = [pa.array([r[i] for r in data], type=f.type) for i, f in enumerate(schema)]
    table = pa.Table.from_arrays(arrays, schema=schema).slice(1)  # list offsets no longer start at 0
    assert list(table_rows(link_rows(link, table))) == [("c", "z", 1), ("d", "u", 1), ("d", "v", 2), ("d", "w", 3)]


def test_build_outputs_are_the_same_from_rows_and_from_batches(tmp_path: Path, tiny: Path):
    # write_release (models -> Arrow in one go) and build (per-file columns) give the same bytes.
    from landmine_news.release.writer import build, write_release

    build(tiny, tmp_path / "built", workers=1, cache=False)
    ds = check_dataset(tiny, workers=1, keep="models").dataset
    write_release(ds, tmp_path / "written")
    for path in sorted((tmp_path / "built").rglob("*")):
        if path.is_file():
            assert path.read_bytes() == (tmp_path / "written" / path.relative_to(tmp_path / "built")).read_bytes(), path
