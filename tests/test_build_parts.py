"""The release written a part at a time: parts of any size give the same rows, and a write
that fails anywhere raises its own error with every file closed."""

from __future__ import annotations

import math
import sqlite3
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from landmine_news.models import columnar
from landmine_news.release import writer
from landmine_news.release.freshness import _sqlite_dump as _dump
from landmine_news.release.writer import build

from .conftest import DATASET, needs_sources


@needs_sources
def test_small_parts_give_the_same_rows_and_a_row_group_per_part(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    whole = tmp_path / "whole"
    assert build(DATASET, whole).report.ok
    monkeypatch.setattr(columnar, "ROW_GROUP_ROWS", 3)
    parts = tmp_path / "parts"
    assert build(DATASET, parts, cache=False).report.ok
    several = 0
    for path in sorted(whole.glob("*.parquet")):
        small = pq.ParquetFile(parts / path.name)
        rows = small.metadata.num_rows
        # Main and link tables alike: three rows a row group, the last one what is left.
        assert small.metadata.num_row_groups == max(1, math.ceil(rows / 3)), path.name
        assert [small.metadata.row_group(i).num_rows for i in range(small.metadata.num_row_groups)][:-1] == [3] * (
            small.metadata.num_row_groups - 1
        )
        assert small.read().equals(pq.read_table(path)), path.name
        several += small.metadata.num_row_groups > 1
    assert several >= 4  # the parts were really cut, in link tables too
    for path in sorted(whole.glob("*.csv")):
        assert (parts / path.name).read_bytes() == path.read_bytes(), path.name
    assert _dump(parts / "landmine-news.sqlite") == _dump(whole / "landmine-news.sqlite")


def _tracked(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Every CSV and Parquet sink the build opens, to see afterwards that each was closed."""
    made: list[object] = []
    for cls in (writer.CsvSink, writer.ParquetSink):
        real = cls.__init__

        def init(self: object, *args: object, _real=real, **kwargs: object) -> None:
            _real(self, *args, **kwargs)
            made.append(self)

        monkeypatch.setattr(cls, "__init__", init)
    return made


def _all_closed(made: list[object]) -> bool:
    return all(s._fh.closed if isinstance(s, writer.CsvSink) else not s._writer.is_open for s in made)  # type: ignore[attr-defined]


def test_a_failing_part_write_is_the_error_raised_even_when_closing_fails_too(
    tiny: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    made = _tracked(monkeypatch)

    def full(self: object, part: object) -> None:
        raise OSError(28, "No space left on device")

    def broken_abort(self: object) -> None:
        raise RuntimeError("closing failed as well")

    monkeypatch.setattr(writer.ParquetSink, "write", full)
    real_abort = writer.CsvSink.abort

    def abort_then_fail(self: writer.CsvSink) -> None:
        real_abort(self)
        broken_abort(self)

    monkeypatch.setattr(writer.CsvSink, "abort", abort_then_fail)
    with pytest.raises(OSError, match="No space left"):
        build(tiny, tmp_path / "out")
    assert made and _all_closed(made)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dataset"]


def test_a_failing_commit_is_the_error_raised_and_every_file_is_closed(
    tiny: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    made = _tracked(monkeypatch)

    def failing(self: object) -> None:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(writer.SqliteTable, "close", failing)
    with pytest.raises(sqlite3.OperationalError, match="disk I/O"):
        build(tiny, tmp_path / "out")
    assert made and _all_closed(made)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dataset"]


def test_wide_rows_become_python_values_fewer_at_a_time():
    import pyarrow as pa

    narrow = pa.table({"id": [f"a{i}" for i in range(20_000)]})
    wide = pa.table({"id": ["x" * 5_000 for _ in range(2_000)]})
    assert columnar.chunk_rows(narrow) == columnar.CHUNK_ROWS
    assert columnar.chunk_rows(wide) * 5_000 <= columnar.CHUNK_BYTES < (columnar.chunk_rows(wide) + 1) * 5_004
    assert columnar.chunk_rows(pa.table({"id": pa.array([], pa.string())})) == columnar.CHUNK_ROWS
    rows = [v for chunk in columnar.column_chunks(wide) for v in chunk[0]]
    assert len(rows) == 2_000 and set(map(len, rows)) == {5_000}
