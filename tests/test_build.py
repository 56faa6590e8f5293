"""Releases: deterministic, atomic, fresh, verifiable, and readable by common tools."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import landmine_news as ln
from landmine_news.release.freshness import REBUILD
from landmine_news.release.freshness import release_staleness as compare
from landmine_news.release.verification import verify
from landmine_news.release.writer import build

from .conftest import BUILD, DATASET, HAVE_SOURCES, ROOT
from .test_problem_codes import CASES


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def fresh(tmp_path_factory) -> Path:
    if not HAVE_SOURCES:
        pytest.skip("the publishers' source texts are not in this copy (the sdist does not redistribute them)")
    out = tmp_path_factory.mktemp("fresh") / "build"
    result = build(DATASET, out)
    assert result.report.ok, result.report.problems
    return out


def test_two_builds_are_byte_identical(fresh, tmp_path):
    again = tmp_path / "again"
    build(DATASET, again)
    assert tree(fresh) == tree(again)


def test_committed_release_is_fresh(fresh):
    diffs = compare(BUILD, fresh)
    assert not diffs, f"build/ is stale: {REBUILD}\n" + "\n".join(diffs)


def test_freshness_detects_an_edited_table(fresh, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(fresh, copy)
    csv = copy / "quotes.csv"
    csv.write_bytes(csv.read_bytes().replace(b"stated", b"said", 1))
    assert any("quotes.csv" in d for d in compare(copy, fresh))


def test_release_contents(fresh):
    names = set(tree(fresh))
    for table in ("articles", "quotes", "actors", "figures"):
        assert {f"{table}.csv", f"{table}.parquet", f"schema/{table[:-1]}.schema.json"} <= names
    assert {"datapackage.json", "SHA256SUMS"} <= names
    package = json.loads((fresh / "datapackage.json").read_text())
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    assert package["version"] == ln.__version__
    quotes = next(r for r in package["resources"] if r["name"] == "quotes")
    assert quotes["schema"]["primaryKey"] == ["id"]
    assert {"fields": ["speaker"], "reference": {"resource": "actors", "fields": ["id"]}} in quotes["schema"]["foreignKeys"]
    text_field = next(f for f in quotes["schema"]["fields"] if f["name"] == "text")
    assert text_field["description"] == ln.Quote.model_fields["text"].description


def test_release_does_not_redistribute_source_texts(fresh):
    sentence = b"Landmines create a legacy of suffering"
    quotes = (fresh / "quotes.csv").read_bytes()
    assert sentence in quotes  # quoted words are data
    for source in (DATASET / "sources").glob("*.txt"):
        body = source.read_bytes()
        for name, data in tree(fresh).items():
            assert body[:400] not in data, f"{name} carries the text of {source.name}"


def test_parquet_metadata_carries_versions(fresh):
    import pyarrow.parquet as pq

    meta = pq.read_schema(fresh / "quotes.parquet").metadata
    assert meta[b"landmine_news.schema_version"] == ln.SCHEMA_VERSION.encode()
    assert meta[b"landmine_news.dataset_version"] == ln.__version__.encode()


def test_frictionless_validates_the_release(fresh):
    from frictionless import validate

    report = validate(str(fresh / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_frictionless_catches_a_broken_foreign_key(fresh, tmp_path):
    from frictionless import validate

    copy = tmp_path / "copy"
    shutil.copytree(fresh, copy)
    csv = copy / "quotes.csv"
    csv.write_bytes(csv.read_bytes().replace(b",mary-wareham,", b",nobody-at-all,"))
    package = json.loads((copy / "datapackage.json").read_text())
    for res in package["resources"]:
        res.pop("hash", None), res.pop("bytes", None)
    (copy / "datapackage.json").write_text(json.dumps(package))
    report = validate(str(copy / "datapackage.json"))
    assert not report.valid
    assert "foreign-key" in {row[0] for row in report.flatten(["type"])}


def test_verify_passes_and_detects_tampering(fresh, tmp_path):
    assert verify(fresh).problems == []
    copy = tmp_path / "copy"
    shutil.copytree(fresh, copy)
    (copy / "actors.csv").write_bytes((copy / "actors.csv").read_bytes() + b"\r\n")
    problems = verify(copy).problems
    assert ("release-checksum-mismatch", "actors.csv") in {(p.code, p.file) for p in problems}
    (copy / "stray.txt").write_text("x")
    assert ("release-file-unlisted", "stray.txt") in {(p.code, p.file) for p in verify(copy).problems}


def test_build_refuses_invalid_data_and_keeps_previous_release(tiny, tmp_path):
    out = tmp_path / "out"
    assert build(tiny, out).report.ok
    before = tree(out)
    CASES["text-not-found"][0](tiny)
    result = build(tiny, out)
    assert not result.report.ok
    assert tree(out) == before
    # No temporary release folder is left behind (the result cache beside the dataset is meant to stay).
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dataset", "out"]


def test_failure_while_writing_leaves_previous_release(tiny, tmp_path, monkeypatch):
    import landmine_news.release.writer as b

    out = tmp_path / "out"
    build(tiny, out)
    before = tree(out)
    real = b.ParquetSink.write
    calls = []

    def failing(self, part):
        calls.append(self.path.name)
        if len(calls) == 3:  # the third file, so some are written already
            raise OSError(28, "No space left on device")
        return real(self, part)

    monkeypatch.setattr(b.ParquetSink, "write", failing)
    (tiny / "actors" / "tiny-critics.yaml").write_text("id: tiny-critics\nname: Critics, renamed\nkind: group\n")
    with pytest.raises(OSError):
        build(tiny, out)
    assert tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dataset", "out"]


def test_killed_build_leaves_previous_release(tiny, tmp_path):
    out = tmp_path / "out"
    build(tiny, out)
    before = tree(out)
    (tiny / "actors" / "tiny-critics.yaml").write_text("id: tiny-critics\nname: Critics, renamed\nkind: group\n")
    script = textwrap.dedent(f"""
        import os, signal
        import landmine_news.release.writer as b
        real = b._write_files
        def write_then_die(*args):
            real(*args)
            os.kill(os.getpid(), signal.SIGKILL)  # killed after writing, before the swap
        b._write_files = write_then_die
        b.build({str(tiny)!r}, {str(out)!r})
    """)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.run([sys.executable, "-c", script], env=env, timeout=120)
    assert proc.returncode == -signal.SIGKILL
    assert tree(out) == before
    assert any(p.name.startswith(".out.tmp-") for p in tmp_path.iterdir())  # the debris of the kill
    assert build(tiny, out).report.ok
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dataset", "out"]
    assert b"Critics, renamed" in (out / "actors.csv").read_bytes()


def test_load_default_release():
    ds = ln.load()
    assert len(ds.articles) == len(list((ROOT / "dataset" / "articles").glob("*.yaml")))  # the repository's own
    q = ds.quotes[0]
    assert isinstance(q, ln.Quote) and ds.quote(q.id) is q
    assert ds.actor(q.speaker).id == q.speaker
    assert ds.version == ln.__version__ and ds.schema_version == ln.SCHEMA_VERSION
    with pytest.raises(KeyError):
        ds.article("no-such-article")


def test_load_csv_equals_parquet_equals_working_dataset(fresh):
    from landmine_news.checks.engine.validation import check_dataset as check

    working = check(DATASET).dataset
    parquet, csv = ln.load(fresh), ln.load(fresh, format="csv")
    for table in ("articles", "quotes", "actors", "figures"):
        assert parquet.table(table) == csv.table(table) == working.table(table)


def test_pandas_duckdb_polars_read_every_table(fresh):
    import duckdb
    import pandas as pd
    import polars as pl

    ds = ln.load(fresh)
    for table in ("articles", "quotes", "actors", "figures"):
        n = len(ds.table(table))
        assert len(pd.read_parquet(fresh / f"{table}.parquet")) == n
        assert len(pd.read_csv(fresh / f"{table}.csv")) == n
        assert len(pl.read_parquet(fresh / f"{table}.parquet")) == n
        assert len(pl.read_csv(fresh / f"{table}.csv")) == n
        con = duckdb.connect()
        assert con.execute(f"select count(*) from read_parquet('{fresh / table}.parquet')").fetchone()[0] == n
        assert con.execute(f"select count(*) from read_csv('{fresh / table}.csv')").fetchone()[0] == n
        assert len(ds.to_pandas(table)) == n


def test_chunked_csv_writing_gives_the_same_bytes(fresh, tmp_path, monkeypatch):
    import landmine_news.release.csv_cells as b

    monkeypatch.setattr(b, "CSV_CHUNK", 3)  # many chunks, including a short last one
    build(DATASET, tmp_path / "chunked")
    assert tree(tmp_path / "chunked") == tree(fresh)
