"""The release's SQLite file: every table, keys, views with unambiguous names, identical bytes."""

from __future__ import annotations

import os
import sqlite3
from collections import Counter
from pathlib import Path

from landmine_news import build, load
from landmine_news.release.derived_tables import derived_tables
from landmine_news.release.sqlite_db import SQLITE_FILE

from .conftest import BUILD

RANKED = "SELECT speaker_id, speaker_name, utterance_count, record_count FROM speakers_ranked"


def _expected_ranking() -> list[tuple[str, str, int, int]]:
    ds = load(BUILD)
    records = Counter(q.speaker for q in ds.quotes)
    utterances = Counter(q.speaker for q in ds.quotes if q.part_of is None)
    rows = [(s, ds.actor(s).name, utterances[s], n) for s, n in records.items()]
    return sorted(rows, key=lambda r: (-r[2], -r[3], r[0]))


def test_speakers_ranked_in_sqlite3():
    db = sqlite3.connect(BUILD / SQLITE_FILE)
    assert db.execute(RANKED).fetchall() == _expected_ranking()


def test_speakers_ranked_in_duckdb():
    import duckdb
    import duckdb_extension_sqlite_scanner as extension  # from PyPI, pinned with duckdb in the test extra

    [path] = Path(extension.__file__).parent.rglob("*.duckdb_extension")
    con = duckdb.connect()
    con.execute(f"LOAD '{path}'")
    con.execute(f"ATTACH '{BUILD / SQLITE_FILE}' AS ln (TYPE sqlite)")
    assert con.sql(RANKED.replace("speakers_ranked", "ln.speakers_ranked")).fetchall() == _expected_ranking()


def test_the_release_readme_duckdb_queries_run_as_printed():
    """Each statement of the README's DuckDB block, in the release folder, offline; the counts are integers."""
    import duckdb
    import duckdb_extension_sqlite_scanner as extension

    readme = (BUILD / "README.md").read_text(encoding="utf-8")
    block = readme.split("```sql\n", 1)[1].split("```", 1)[0]
    code = "\n".join(line.split("--", 1)[0] for line in block.splitlines())
    statements = [s.strip() for s in code.split(";") if s.strip()]
    assert statements[0].startswith("ATTACH") and len(statements) == 3
    [path] = Path(extension.__file__).parent.rglob("*.duckdb_extension")
    con = duckdb.connect()
    con.execute(f"LOAD '{path}'")
    here = os.getcwd()
    os.chdir(BUILD)  # the README's paths are relative to the release folder
    try:
        con.execute(statements[0])
        ranked = con.sql(statements[1]).fetchall()
        from_parquet = con.sql(statements[2]).fetchall()
    finally:
        os.chdir(here)
    assert [(s, n, u, r) for s, n, _, u, r in ranked] == _expected_ranking()
    assert sorted(from_parquet) == sorted((n, u) for _, n, u, _ in _expected_ranking())
    assert all(type(c) is int for *_, c in ranked + from_parquet)


def test_every_table_keys_and_views():
    db = sqlite3.connect(BUILD / SQLITE_FILE)
    names = {n for (n,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert names == {"articles", "quotes", "actors", "figures", *(link.name for link in derived_tables())}
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    refs = {(r[2], r[3]) for r in db.execute("PRAGMA foreign_key_list(quote_co_speakers)")}
    assert refs == {("quotes", "quote"), ("actors", "actor")}
    assert db.execute("SELECT count(*) FROM quotes").fetchone() == (len(load(BUILD).quotes),)
    for view in ("quotes_named", "figures_named", "speakers_ranked"):
        cols = [d[0] for d in db.execute(f"SELECT * FROM {view}").description]
        assert len(cols) == len(set(cols)) and "id" not in cols and "kind" not in cols, (view, cols)
    row = db.execute("SELECT speaker_name, article_title FROM quotes_named WHERE quote_id = 'scrutiny-q01'").fetchone()
    assert row and all(row)


def test_two_builds_give_identical_bytes(tiny, tmp_path):
    assert build(tiny, tmp_path / "one").report.ok and build(tiny, tmp_path / "two").report.ok
    first, second = (tmp_path / "one" / SQLITE_FILE).read_bytes(), (tmp_path / "two" / SQLITE_FILE).read_bytes()
    assert first == second and first.startswith(b"SQLite format 3\x00")


def test_the_release_readme_lists_each_view_with_the_columns_the_file_holds():
    from landmine_news.release.sqlite_db import VIEWS

    readme = (BUILD / "README.md").read_text(encoding="utf-8")
    db = sqlite3.connect(BUILD / SQLITE_FILE)
    try:
        for view in VIEWS:
            cols = [d[0] for d in db.execute(f'SELECT * FROM "{view}" LIMIT 0').description]
            assert f"- `{view}`: " + ", ".join(f"`{c}`" for c in cols) in readme, view
    finally:
        db.close()
