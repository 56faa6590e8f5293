"""The per-file result cache: used when inputs are unchanged, never trusted when anything changed."""

from __future__ import annotations

import pickle
import sqlite3
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

import landmine_news.checks.cache as cache_module
import landmine_news.checks.cache_store as cache_store
import landmine_news.checks.worker as worker
from landmine_news.checks.cache import clear, default_dir
from landmine_news.checks.cache_entry import MAGIC
from landmine_news.checks.report_render import as_json
from landmine_news.checks.validation import check_dataset, validate
from landmine_news.cli import main
from landmine_news.release.writer import build

from .conftest import HAVE_SOURCES, SOURCE

SOURCE_BYTES = SOURCE.encode("utf-8")


@pytest.fixture
def checked_files(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The display name of every file the per-file checks actually ran on (in this process)."""
    seen: list[str] = []
    real = worker.check_file

    def counting(path, display, kind, sources=None):  # type: ignore[no-untyped-def]
        seen.append(Path(display).name)
        return real(path, display, kind, sources)

    monkeypatch.setattr(worker, "check_file", counting)
    return seen


def _db(dataset: Path) -> sqlite3.Connection:
    return sqlite3.connect(default_dir(dataset) / "entries.sqlite3", isolation_level=None)


def entries(dataset: Path) -> list[bytes]:
    """The keys of the dataset's cache entries, largest entry (the article's) first."""
    if not (default_dir(dataset) / "entries.sqlite3").exists():
        return []
    with closing(_db(dataset)) as con:
        return [k for (k,) in con.execute("SELECT key FROM entries ORDER BY length(rows) DESC, key")]


def entry(dataset: Path, key: bytes) -> tuple[bytes, bytes]:
    with closing(_db(dataset)) as con:
        sealed, rows = con.execute("SELECT sealed, rows FROM entries WHERE key = ?", (key,)).fetchone()
        return bytes(sealed), bytes(rows)


def put(dataset: Path, key: bytes, sealed: bytes, rows: bytes) -> None:
    """Write an entry as this generation's runs would."""
    with closing(_db(dataset)) as con:
        (gen,) = con.execute("SELECT id FROM generations WHERE name = ?", (cache_module.generation(),)).fetchone()
        con.execute("INSERT OR REPLACE INTO entries VALUES (?, ?, ?, ?)", (key, gen, sealed, rows))


def forget_run(dataset: Path) -> None:
    """Delete the run snapshot (`run_snapshot`): with it, a validation of unchanged files reads no entry."""
    with closing(_db(dataset)) as con:
        con.execute("DELETE FROM runs")


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_unchanged_files_are_not_checked_again_and_report_the_same(tiny: Path, checked_files: list[str]):
    (tiny / "articles/tiny-article.yaml").write_text(
        (tiny / "articles/tiny-article.yaml").read_text().replace("We will act.", "We will not act."), encoding="utf-8"
    )
    cold = validate(tiny, workers=1)
    assert len(checked_files) == 4 and len(entries(tiny)) == 4
    checked_files.clear()
    warm = validate(tiny, workers=1)
    assert checked_files == []
    assert as_json(warm) == as_json(cold) and not warm.ok  # problems come back from the cache, located
    assert as_json(validate(tiny, workers=1, cache=False)) == as_json(cold)


def test_a_changed_record_file_is_checked_again(tiny: Path, checked_files: list[str]):
    assert validate(tiny, workers=1).ok
    checked_files.clear()
    article = tiny / "articles/tiny-article.yaml"
    article.write_text(article.read_text().replace("We will act.", "We will not act."), encoding="utf-8")
    report = validate(tiny, workers=1)
    assert checked_files == ["tiny-article.yaml"]
    assert "text-not-found" in {p.code for p in report.errors}


def test_a_changed_source_is_checked_again(tiny: Path, checked_files: list[str]):
    assert validate(tiny, workers=1).ok
    checked_files.clear()
    source = tiny / "sources/tiny.txt"
    source.write_bytes(source.read_bytes() + b" ")
    report = validate(tiny, workers=1)
    assert checked_files == ["tiny-article.yaml"]
    assert {p.code for p in report.errors} == {"source-hash-mismatch"}


def test_a_removed_source_is_checked_again(tiny: Path, checked_files: list[str]):
    assert validate(tiny, workers=1).ok
    checked_files.clear()
    (tiny / "sources/tiny.txt").unlink()
    assert "source-missing" in {p.code for p in validate(tiny, workers=1).errors}
    assert checked_files == ["tiny-article.yaml"]


@pytest.mark.parametrize(
    ("name", "value"),
    [("__version__", "99.0.0"), ("SCHEMA_VERSION", "9.0.0"), ("FORMAT", "0"), ("code_fingerprint", lambda: "edited")],
)
def test_another_version_or_code_is_not_trusted(
    tiny: Path, checked_files: list[str], monkeypatch: pytest.MonkeyPatch, name: str, value: object
):
    validate(tiny, workers=1)
    checked_files.clear()
    monkeypatch.setattr(cache_module, name, value)
    validate(tiny, workers=1)
    assert len(checked_files) == 4


def _flip(data: bytes, offset: int) -> bytes:
    flipped = bytearray(data)
    flipped[offset] ^= 0x01
    return bytes(flipped)


@pytest.mark.parametrize("offset", [0, len(MAGIC) + 5, len(MAGIC) + 40, len(MAGIC) + 70, 200, -1])
def test_a_flipped_byte_in_an_entry_is_caught(tiny: Path, checked_files: list[str], offset: int):
    cold = validate(tiny, workers=1)
    checked_files.clear()
    key = entries(tiny)[0]
    sealed, rows = entry(tiny, key)
    put(tiny, key, _flip(sealed, offset), rows)
    forget_run(tiny)
    assert as_json(validate(tiny, workers=1)) == as_json(cold)
    assert checked_files == ["tiny-article.yaml"]
    assert entry(tiny, key) == (sealed, rows)  # and the entry was written anew


def test_a_build_whose_snapshot_holds_reads_only_rows_and_a_damaged_seal_is_caught_later(tiny: Path, checked_files: list[str]):
    cold = check_dataset(tiny, workers=1, keep="rows", cache=False)
    validate(tiny, workers=1)
    key = entries(tiny)[0]
    sealed, rows = entry(tiny, key)
    put(tiny, key, _flip(sealed, len(MAGIC) + 70), rows)
    checked_files.clear()
    warm = check_dataset(tiny, workers=1, keep="rows")  # rows checked against the snapshot's digests
    assert checked_files == []
    assert as_json(warm.report) == as_json(cold.report) and all(
        warm.tables[t].read().equals(cold.tables[t].read()) for t in cold.tables
    )
    forget_run(tiny)  # a run that reads the sealed part finds the damage
    assert as_json(validate(tiny, workers=1)) == as_json(cold.report)
    assert checked_files == ["tiny-article.yaml"]


@pytest.mark.parametrize("offset", [0, 7, -1])
def test_a_flipped_byte_in_the_rows_is_caught_by_the_build(tiny: Path, checked_files: list[str], offset: int):
    cold = check_dataset(tiny, workers=1, keep="rows", cache=False).tables
    validate(tiny, workers=1)
    key = entries(tiny)[0]
    sealed, rows = entry(tiny, key)
    put(tiny, key, sealed, _flip(rows, offset))
    checked_files.clear()
    validate(tiny, workers=1)
    assert checked_files == []  # a validation never reads the rows
    warm = check_dataset(tiny, workers=1, keep="rows").tables
    assert warm.keys() == cold.keys() and all(warm[t].read().equals(cold[t].read()) for t in cold)
    assert checked_files == ["tiny-article.yaml"]


def test_a_foreign_or_truncated_entry_is_not_trusted(tiny: Path, checked_files: list[str]):
    validate(tiny, workers=1)
    first, second, *_ = entries(tiny)
    put(tiny, first, *entry(tiny, second))  # an intact entry, but of another key
    put(tiny, second, entry(tiny, second)[0][:50], b"")
    forget_run(tiny)
    checked_files.clear()
    validate(tiny, workers=1)
    assert len(checked_files) == 2


def test_an_entry_that_would_run_code_is_refused_even_with_a_valid_digest(tiny: Path, checked_files: list[str]):
    import hashlib

    validate(tiny, workers=1)
    key = entries(tiny)[0]
    body = pickle.dumps((print, ("pwned",)))  # any global but dates is refused
    put(tiny, key, MAGIC + key + hashlib.sha256(key + body).digest() + len(body).to_bytes(8, "little") + body, b"")
    forget_run(tiny)
    checked_files.clear()
    validate(tiny, workers=1)
    assert len(checked_files) == 1


_FIELDS = ("kind", "display", "problems", "summaries", "raw_ids", "raw_refs", "records", "source_file", "parsed")


@pytest.mark.parametrize(
    ("kind", "field", "bad"),
    [
        ("article", "raw_ids", lambda v: [((), 5)]),  # an id that is no string
        ("article", "summaries", lambda v: [(v[0][0], (v[0][1][0], None, *v[0][1][2:])), *v[1:]]),
        ("article", "summaries", lambda v: [(p, (t, i, (["speaker", None, "x"],), *rest)) for p, (t, i, _r, *rest) in v]),
        ("article", "source_file", lambda v: ["tiny.txt"]),
        ("actor", "display", lambda v: 5),
    ],
)
def test_an_entry_sealed_with_values_of_the_wrong_type_is_a_miss(
    tiny: Path, checked_files: list[str], kind: str, field: str, bad: Any
):
    """Plain values, validly sealed, but not the types the cross-record checks read: a
    miss, checked again, never a crash on every later run."""
    import hashlib

    from landmine_news.checks.cache_entry import loads_plain

    cold = validate(tiny, workers=1)
    for key in entries(tiny):
        sealed, rows = entry(tiny, key)
        head = len(MAGIC) + 64 + 8
        values = list(loads_plain(sealed[head:]))
        if values[0] == kind:
            break
    at = _FIELDS.index(field)
    values[at] = bad(values[at])
    body = pickle.dumps(tuple(values), protocol=5)
    put(tiny, key, MAGIC + key + hashlib.sha256(key + body).digest() + len(body).to_bytes(8, "little") + body, rows)
    forget_run(tiny)
    checked_files.clear()
    assert as_json(validate(tiny, workers=1)) == as_json(cold)
    assert len(checked_files) == 1


def test_a_damaged_database_is_no_cache(tiny: Path, checked_files: list[str]):
    cold = validate(tiny, workers=1)
    (default_dir(tiny) / "entries.sqlite3").write_bytes(b"not a database" * 100)
    for name in ("entries.sqlite3-wal", "entries.sqlite3-shm"):
        (default_dir(tiny) / name).unlink(missing_ok=True)
    checked_files.clear()
    assert as_json(validate(tiny, workers=1)) == as_json(cold)
    assert len(checked_files) == 4


OLD_LAYOUTS = {
    "without rowid": (
        "CREATE TABLE entries (key BLOB PRIMARY KEY, sealed BLOB NOT NULL, rows BLOB NOT NULL) WITHOUT ROWID",
        "CREATE TABLE generations (key BLOB PRIMARY KEY, generation TEXT NOT NULL) WITHOUT ROWID",
    ),
    "a generation row per entry": (
        "CREATE TABLE entries (key BLOB PRIMARY KEY, sealed BLOB NOT NULL, rows BLOB NOT NULL)",
        "CREATE TABLE generations (key BLOB PRIMARY KEY, generation TEXT NOT NULL) WITHOUT ROWID",
    ),
}


@pytest.mark.parametrize("layout", sorted(OLD_LAYOUTS))
def test_a_store_of_an_old_layout_is_replaced_and_then_used(tiny: Path, checked_files: list[str], layout: str):
    # A cache of an earlier layout: its entries are of other code, so they are dropped with
    # their tables, and the run writes the new layout.
    folder = default_dir(tiny)
    folder.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(folder / "entries.sqlite3", isolation_level=None)) as con:
        for statement in OLD_LAYOUTS[layout]:
            con.execute(statement)
        con.execute("INSERT INTO entries VALUES (x'00', x'00', x'00')")
        con.execute("INSERT INTO generations VALUES (x'00', 'old')")
    cold = validate(tiny, workers=1)
    assert len(checked_files) == 4
    with closing(_db(tiny)) as con:
        columns = [row[1] for row in con.execute("PRAGMA table_info(entries)")]
        keys = [bytes(k) for (k,) in con.execute("SELECT key FROM entries")]
        version = con.execute("PRAGMA user_version").fetchone()[0]
    assert columns == ["key", "gen", "sealed", "rows"] and version == cache_store.LAYOUT
    assert b"\x00" not in keys and len(keys) == 4
    checked_files.clear()
    assert as_json(validate(tiny, workers=1)) == as_json(cold) and checked_files == []  # every file a hit now


def test_clearing_counts_the_entries_of_a_store_of_any_layout(tiny: Path):
    # Counted as they are: opening it as a store first would empty one of another layout.
    folder = default_dir(tiny)
    folder.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(folder / "entries.sqlite3", isolation_level=None)) as con:
        for statement in OLD_LAYOUTS["a generation row per entry"]:
            con.execute(statement)
        con.execute(f"PRAGMA user_version = {cache_store.LAYOUT}")
    assert cache_store.remove(folder) == 0  # nothing in it; counted without touching its layout
    with closing(sqlite3.connect(folder / "entries.sqlite3", isolation_level=None)) as con:
        for statement in OLD_LAYOUTS["a generation row per entry"]:
            con.execute(statement)
        con.execute("INSERT INTO entries VALUES (x'00', x'00', x'00')")
        con.execute(f"PRAGMA user_version = {cache_store.LAYOUT}")
    assert cache_store.remove(folder) == 1  # an old store's entries are counted before it goes


def test_clearing_a_store_whose_entries_is_a_view_counts_nothing_and_removes_it(tiny: Path):
    # A view could run for ever (a recursive one): only a table is counted.
    folder = default_dir(tiny)
    folder.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(folder / "entries.sqlite3", isolation_level=None)) as con:
        con.execute("CREATE VIEW entries AS SELECT 1 UNION ALL SELECT 2")
    assert cache_store.remove(folder) == 0 and not (folder / "entries.sqlite3").exists()


def test_a_store_that_cannot_be_made_this_layout_is_not_used(
    tiny: Path, checked_files: list[str], monkeypatch: pytest.MonkeyPatch
):
    # Should making the layout not give it (an object no DROP reaches, in a hand-edited
    # schema: simulated by expecting one more object), the run goes without the cache,
    # instead of emptying and rebuilding the store on every run.
    cold = validate(tiny, workers=1, cache=False)
    validate(tiny, workers=1)
    expected = cache_store._expected()
    monkeypatch.setattr(cache_store, "_expected", lambda: expected | {("table", "unreachable", "CREATE TABLE unreachable (x)")})
    store = cache_store.EntryStore(default_dir(tiny))
    try:
        assert store.get(b"k" * 32, False) is None and store.broken
    finally:
        store.close()
    checked_files.clear()
    assert as_json(validate(tiny, workers=1)) == as_json(cold) and len(checked_files) == 4
    with closing(_db(tiny)) as con:  # the failed attempt was rolled back: the store is as it was
        assert con.execute("SELECT count(*) FROM entries").fetchone()[0] == 4


HOSTILE_LAYOUTS = {
    "a generations table that refuses the insert": (
        "CREATE TABLE generations (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, extra TEXT NOT NULL)"
    ),
    "a generations table with text ids": "CREATE TABLE generations (id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE)",
    "a trigger that empties every entry": (
        "CREATE TRIGGER wipe AFTER INSERT ON entries BEGIN UPDATE entries SET sealed = x'', rows = x''; END"
    ),
    "an extra table": "CREATE TABLE notes (text TEXT)",
}


@pytest.mark.parametrize("change", sorted(HOSTILE_LAYOUTS))
def test_a_store_of_this_version_but_other_tables_is_made_anew(tiny: Path, checked_files: list[str], change: str):
    # Written by something else, or damaged: the run must neither crash nor use it as it is.
    cold = validate(tiny, workers=1, cache=False)
    folder = default_dir(tiny)
    validate(tiny, workers=1)
    with closing(_db(tiny)) as con:
        if "generations" in HOSTILE_LAYOUTS[change].split("(")[0]:
            con.execute("DROP TABLE generations")
        con.execute(HOSTILE_LAYOUTS[change])
        con.execute("DELETE FROM entries")
        con.execute("DELETE FROM runs")
    checked_files.clear()
    assert as_json(validate(tiny, workers=1)) == as_json(cold) and len(checked_files) == 4
    with closing(sqlite3.connect(folder / "entries.sqlite3")) as con:
        objects = frozenset(con.execute(cache_store._OBJECTS).fetchall())
    assert objects == cache_store._expected()
    checked_files.clear()
    assert as_json(validate(tiny, workers=1)) == as_json(cold) and checked_files == []  # its entries are used


@pytest.mark.parametrize("value", ["'text'", "12345678901234", "1.5"])
def test_an_entry_or_snapshot_of_another_type_than_blob_is_a_miss(tiny: Path, checked_files: list[str], value: str):
    cold = validate(tiny, workers=1)
    with closing(_db(tiny)) as con:
        con.execute(f"UPDATE entries SET sealed = {value}")
        con.execute(f"UPDATE runs SET snapshot = {value}")
    checked_files.clear()
    assert as_json(validate(tiny, workers=1)) == as_json(cold)
    assert len(checked_files) == 4
    store = cache_store.EntryStore(default_dir(tiny))
    try:
        keys = [bytes(k) for k in entries(tiny)]
        rows = store.rows_of(keys)
        assert all(type(k) is bytes and type(r) is bytes for k, r in rows.items())
    finally:
        store.close()


def test_no_cache_neither_reads_nor_writes(tiny: Path, checked_files: list[str]):
    validate(tiny, workers=1, cache=False)
    assert entries(tiny) == []
    validate(tiny, workers=1)
    checked_files.clear()
    validate(tiny, workers=1, cache=False)
    assert len(checked_files) == 4


def test_cache_clear_command(tiny: Path, capsys: pytest.CaptureFixture[str]):
    validate(tiny)
    assert main(["cache", "path", "--dataset", str(tiny)]) == 0
    assert capsys.readouterr().out.strip() == str(default_dir())
    assert main(["cache", "clear", "--dataset", str(tiny)]) == 0
    assert "removed 4 cache entries" in capsys.readouterr().out
    assert entries(tiny) == []
    assert main(["validate", "--no-cache", "--dataset", str(tiny)]) == 0
    assert entries(tiny) == []


def test_clear_removes_only_the_cache(tmp_path: Path):
    (tmp_path / "keep.txt").write_text("mine")
    (tmp_path / "entries.sqlite3-wal").write_bytes(b"1")
    (tmp_path / "digests").mkdir()
    assert clear(tmp_path) == 0
    assert [p.name for p in tmp_path.iterdir()] == ["keep.txt"]


def test_cached_uncached_one_worker_and_executor_builds_are_byte_identical(tiny: Path, tmp_path: Path):
    outs = [tmp_path / f"out{i}" for i in range(5)]
    build(tiny, outs[0], workers=1, cache=False)
    build(tiny, outs[1], workers=1)  # writes the cache
    build(tiny, outs[2], workers=2)  # all from the cache
    with ThreadPoolExecutor(2) as pool:
        build(tiny, outs[3], executor=pool, cache=False)
    validate(tiny, cache=False)
    clear(default_dir(tiny))
    validate(tiny)  # entries written by a validate serve the build
    build(tiny, outs[4])
    assert all(tree(o) == tree(outs[0]) for o in outs[1:])


def test_a_warm_validate_does_not_import_pydantic(tiny: Path):
    validate(tiny)
    code = (
        "import sys\nfrom landmine_news import validate\n"
        f"r = validate({str(tiny)!r})\nassert r.ok, r.problems\n"
        "assert 'pydantic' not in sys.modules, 'pydantic was imported'\n"
        "from landmine_news import Quote\nassert 'pydantic' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.skipif(not HAVE_SOURCES, reason="the publishers' source texts are not in this copy")
def test_real_dataset_reports_the_same_cold_warm_and_on_workers(real_copy: Path):
    cold = as_json(validate(real_copy, cache=False, workers=1))
    assert as_json(validate(real_copy, workers=2)) == cold  # writes the cache from worker processes
    assert as_json(validate(real_copy, workers=1)) == cold


def test_the_digest_memo_never_hides_an_edit(tiny: Path, checked_files: list[str], monkeypatch: pytest.MonkeyPatch):
    import os
    import time

    import landmine_news.checks.digest_memo as memo

    monkeypatch.setattr(memo, "RACY_NS", -(10**18))  # record even just-written files, to test the signature
    assert validate(tiny, workers=1).ok
    article = tiny / "articles/tiny-article.yaml"
    before = os.stat(article)
    time.sleep(0.05)  # past the file system's timestamp tick
    article.write_text(article.read_text().replace("We will act.", "We will ACT."), encoding="utf-8")  # same size
    os.utime(article, ns=(before.st_atime_ns, before.st_mtime_ns))  # and the old modification time
    checked_files.clear()
    assert "text-not-found" in {p.code for p in validate(tiny, workers=1).errors}
    assert checked_files == ["tiny-article.yaml"]


def test_just_written_files_are_not_memoised_and_a_damaged_memo_is_ignored(tiny: Path, checked_files: list[str]):
    cold = validate(tiny, workers=1)
    assert not (default_dir(tiny) / "digests").exists() or all(
        b"tiny" not in p.read_bytes() for p in (default_dir(tiny) / "digests").iterdir()
    )
    folder = default_dir(tiny) / "digests"
    folder.mkdir(parents=True, exist_ok=True)
    for p in folder.iterdir():
        p.write_bytes(b"garbage")
    checked_files.clear()
    assert as_json(validate(tiny, workers=1)) == as_json(cold) and checked_files == []


def test_deep_errors_in_a_synthetic_set_keep_their_exact_line_cold_warm_and_on_workers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    import importlib.util

    spec = importlib.util.spec_from_file_location("generate", Path(__file__).parents[1] / "benchmarks" / "generate.py")
    assert spec is not None and spec.loader is not None
    generate = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "generate", generate)  # its dataclasses look themselves up there
    spec.loader.exec_module(generate)
    dataset = tmp_path / "synthetic"
    generate.generate(dataset, {"articles": 12, "quotes": 120, "figures": 120, "actors": 10}, seed=7, quiet=True)
    article = sorted((dataset / "articles").glob("*.yaml"))[5]
    lines = article.read_text(encoding="utf-8").split("\n")
    line = max(i for i, text in enumerate(lines) if text.strip().startswith("unit:"))  # the last figure's unit
    lines[line] = lines[line].split("unit:")[0] + "unit: furlongs"
    article.write_text("\n".join(lines), encoding="utf-8")
    reports = [validate(dataset, workers=2), validate(dataset, workers=1), validate(dataset, cache=False, workers=2)]
    assert as_json(reports[1]) == as_json(reports[0]) == as_json(reports[2])
    [problem] = reports[0].errors
    assert (problem.code, problem.file, problem.line) == ("field-enum", article.as_posix(), line + 1)


def test_the_cache_is_never_written_beside_or_inside_the_dataset(tiny: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    home = tmp_path.parent / f"{tmp_path.name}-home"
    monkeypatch.delenv("LANDMINE_NEWS_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    before = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*"))
    validate(tiny)
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == before
    assert default_dir() == home / "landmine-news" and (home / "landmine-news" / "entries.sqlite3").is_file()


def test_forged_rows_with_a_valid_seal_are_checked_again_not_trusted(tiny: Path, checked_files: list[str]):
    # A process that can write the cache can seal anything: rows whose values are not of
    # their columns' kinds must make the entry a miss, not crash the build or reach the release.
    from landmine_news.checks.cache_entry import attach_rows, decode, encode

    cold = check_dataset(tiny, workers=1, keep="rows", cache=False).tables
    validate(tiny, workers=1)
    for key in entries(tiny):
        sealed, rows = entry(tiny, key)
        decoded = decode(sealed + rows, key)
        assert decoded is not None
        assert attach_rows(decoded, rows) and decoded.result.row_columns
        for cols in decoded.result.row_columns.values():
            cols[0][0] = 12345  # an id that is a number: sealed anew below, but no row
        forged = encode(key, decoded.result, decoded.source)
        at = decode(forged, key)
        assert at is not None  # the seal is intact: only the rows betray it
        put(tiny, key, forged[: at.rows_at], forged[at.rows_at :])
    checked_files.clear()
    warm = check_dataset(tiny, workers=1, keep="rows").tables
    assert all(warm[t].read().equals(cold[t].read()) for t in cold)
    assert sorted(checked_files) == sorted(p.name for p in tiny.glob("*/*.yaml"))


def test_entries_of_other_versions_or_code_are_pruned_by_a_run_that_writes(tiny: Path, checked_files: list[str]):
    # Keys hold the version and code: entries of another generation can never hit again.
    validate(tiny, workers=1)
    ours = set(entries(tiny))
    sealed, rows = entry(tiny, next(iter(ours)))
    stale, orphan = b"s" * 32, b"o" * 32
    with closing(_db(tiny)) as con:
        con.execute("INSERT INTO generations (id, name) VALUES (77, 'an older version')")
        con.execute("INSERT INTO entries VALUES (?, 77, ?, ?)", (stale, sealed, rows))
        con.execute("INSERT INTO entries VALUES (?, 99, ?, ?)", (orphan, sealed, rows))  # of a generation no row names
    validate(tiny, workers=1)  # served from the cache: writes nothing, so prunes nothing
    assert {stale, orphan} <= set(entries(tiny))
    article = tiny / "articles" / "tiny-article.yaml"
    article.write_text(article.read_text(encoding="utf-8") + "# touched\n", encoding="utf-8")
    checked_files.clear()
    validate(tiny, workers=1)
    assert checked_files == ["tiny-article.yaml"]
    left = set(entries(tiny))
    assert stale not in left and orphan not in left
    # This generation's entries stay, the touched file's earlier one included (a revert hits it).
    assert ours < left and len(left) == len(ours) + 1
    with closing(_db(tiny)) as con:
        names = [name for (name,) in con.execute("SELECT name FROM generations")]
        gens = {gen for (gen,) in con.execute("SELECT DISTINCT gen FROM entries")}
        (ours_id,) = con.execute("SELECT id FROM generations").fetchone()
    assert names == [cache_module.generation()] and gens == {ours_id}


@pytest.mark.parametrize("what", ["an entry", "a generation", "a run"])
def test_a_run_that_writes_prunes_any_one_thing_of_another_generation(tiny: Path, what: str):
    validate(tiny, workers=1)
    with closing(_db(tiny)) as con:
        (gen,) = con.execute("SELECT id FROM generations").fetchone()
        sealed, rows = con.execute("SELECT sealed, rows FROM entries LIMIT 1").fetchone()
        if what == "an entry":  # ids on both sides of ours: the check looks at both ranges
            con.execute("INSERT INTO entries VALUES (x'01', ?, ?, ?)", (gen - 1, sealed, rows))
            con.execute("INSERT INTO entries VALUES (x'02', ?, ?, ?)", (gen + 1, sealed, rows))
        elif what == "a generation":
            con.execute("INSERT INTO generations (name) VALUES ('another')")
        else:
            con.execute("INSERT INTO runs VALUES (x'03', 'another', x'')")
    article = tiny / "articles" / "tiny-article.yaml"
    article.write_text(article.read_text(encoding="utf-8") + "# touched\n", encoding="utf-8")
    validate(tiny, workers=1)
    with closing(_db(tiny)) as con:
        assert con.execute("SELECT count(*) FROM entries WHERE gen != ?", (gen,)).fetchone()[0] == 0
        assert con.execute("SELECT count(*) FROM generations WHERE id != ?", (gen,)).fetchone()[0] == 0
        assert con.execute("SELECT count(*) FROM runs WHERE generation != ?", (cache_module.generation(),)).fetchone()[0] == 0


def test_a_new_store_has_large_pages(tiny: Path):
    validate(tiny, workers=1)
    with closing(_db(tiny)) as con:
        assert con.execute("PRAGMA page_size").fetchone()[0] == cache_store.PAGE_SIZE


def test_a_build_whose_snapshot_holds_but_whose_entries_are_gone_checks_the_files_again(tiny: Path, checked_files: list[str]):
    cold = check_dataset(tiny, workers=1, keep="rows", cache=False)
    validate(tiny, workers=1)
    with closing(_db(tiny)) as con:
        con.execute("DELETE FROM entries")
    checked_files.clear()
    warm = check_dataset(tiny, workers=1, keep="rows")
    assert sorted(checked_files) == sorted(
        ["tiny-article.yaml", "tiny-critics.yaml", "tiny-spokesperson.yaml", "tiny-state.yaml"]
    )
    assert all(warm.tables[t].read().equals(cold.tables[t].read()) for t in cold.tables) and len(entries(tiny)) == 4


def test_the_code_fingerprint_covers_the_package_data_the_checks_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from landmine_news.checks.cache import fingerprinted_files

    names = {p.name for p in fingerprinted_files()}
    assert {"figure_rules.toml", "cache.py", "validation.py"} <= names
    assert not any(p.suffix == ".pyc" or "__pycache__" in p.parts for p in fingerprinted_files())
    # Not an editor's probe, swap or backup files, which come and go while someone edits.
    for name in ("a.py", "data/b.toml", ".a.py.swp", "4913", "a.py~", "x.pyc", "__pycache__/y.py", "data/.b.toml.un~"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    assert [p.relative_to(tmp_path).as_posix() for p in fingerprinted_files(tmp_path)] == ["a.py", "data/b.toml"]
    # A file that vanishes between the listing and its stat is left out, not a crash.
    package = Path(cache_module.__file__).resolve().parent.parent
    monkeypatch.setattr(cache_module, "fingerprinted_files", lambda: [package / "gone-meanwhile.py", package / "version.py"])
    assert len(cache_module.code_fingerprint.__wrapped__()) == 64


def test_a_file_changed_while_a_build_reads_its_rows_is_reported_as_a_fresh_run_would(
    tiny: Path, monkeypatch: pytest.MonkeyPatch
):
    validate(tiny, workers=1)
    state = tiny / "actors/tiny-state.yaml"
    real = cache_module.ResultCache.rows_of

    def gone_and_edited(self, keys):  # type: ignore[no-untyped-def]
        # Another run pruned the entries, and a contributor broke a file, while this build read rows.
        state.write_text(state.read_text(encoding="utf-8").replace("kind: state", "kind: stat"), encoding="utf-8")
        return {}

    monkeypatch.setattr(cache_module.ResultCache, "rows_of", gone_and_edited)
    warm = check_dataset(tiny, workers=1, keep="rows")
    monkeypatch.setattr(cache_module.ResultCache, "rows_of", real)
    fresh = check_dataset(tiny, workers=1, keep="rows", cache=False)
    assert not fresh.report.ok
    assert as_json(warm.report) == as_json(fresh.report)
    assert all(warm.tables[t].read().equals(fresh.tables[t].read()) for t in fresh.tables)


def test_a_source_the_checks_hashed_is_not_hashed_again_by_the_next_run(tiny: Path, monkeypatch: pytest.MonkeyPatch):
    import landmine_news.checks.digest_memo as digest_memo

    monkeypatch.setattr(digest_memo, "RACY_NS", -1)  # as if every file had been written long ago
    cold = validate(tiny, workers=1)  # the source is hashed once, by the per-file check
    hashed: list[int] = []
    real = digest_memo.sha256_hex
    monkeypatch.setattr(digest_memo, "sha256_hex", lambda data: hashed.append(len(data)) or real(data))
    assert as_json(validate(tiny, workers=1)) == as_json(cold)
    assert hashed == []  # neither the record files nor the source: the memo learnt the worker's digest
    (tiny / "sources/tiny.txt").write_bytes(SOURCE_BYTES + b"\n")  # a changed source is hashed again
    assert any(p.code == "source-hash-mismatch" for p in validate(tiny, workers=1).problems)
    assert hashed == [len(SOURCE_BYTES) + 1]


def test_a_source_written_while_its_article_is_checked_is_not_cached_against_the_new_bytes(
    tiny: Path, monkeypatch: pytest.MonkeyPatch
):
    real = worker.source_state_seen

    def written_meanwhile(sources, name, inside=None, memo=None):  # type: ignore[no-untyped-def]
        # A contributor saves the source after the check read it, before the worker hashes it.
        (tiny / "sources/tiny.txt").write_bytes(SOURCE_BYTES + b"more\n")
        return real(sources, name, inside, memo)

    monkeypatch.setattr(worker, "source_state_seen", written_meanwhile)
    validate(tiny, workers=1)
    monkeypatch.setattr(worker, "source_state_seen", real)
    fresh = validate(tiny, workers=1, cache=False)
    assert any(p.code == "source-hash-mismatch" for p in fresh.problems)
    assert as_json(validate(tiny, workers=1)) == as_json(fresh)


def test_the_digest_memo_packs_what_it_remembers_and_refuses_a_sealed_memo_of_another_shape(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    import hashlib
    import os
    import pickle

    import landmine_news.checks.digest_memo as memo

    monkeypatch.setattr(memo, "RACY_NS", -(10**18))  # remember even just-written files
    data = tmp_path / "f.txt"
    data.write_bytes(b"hello")
    old = 10**9
    os.utime(data, ns=(old, old))
    st = os.stat(data)
    store = memo.DigestMemo(tmp_path / "memo")
    expected = hashlib.sha256(b"hello").hexdigest()
    assert store.digest(str(data), st, 100) == expected
    store.save()
    again = memo.DigestMemo(tmp_path / "memo")
    assert again.known == {str(data): memo._PACK.pack(*memo.signature(st)) + bytes.fromhex(expected)}
    data.write_bytes(b"HELLO")  # a new ctime, whatever the mtime: hashed again
    os.utime(data, ns=(old, old))
    assert again.digest(str(data), os.stat(data), 100) == hashlib.sha256(b"HELLO").hexdigest()
    # A signature that does not fit 64 bits is never remembered (hashed every time, still right).
    before = dict(again.known)
    again.learn(str(tmp_path / "other"), (5, old, old, 2**64, 1), expected)
    again.learn(str(tmp_path / "other"), (5, old, old, 1, 1), "not a digest")
    assert again.known == before
    # Correctly sealed, but values of the old shape (a tuple and a hex string): ignored, not trusted.
    body = pickle.dumps({str(data): ((5, old, old, 1, 1), expected)}, protocol=5)
    (tmp_path / "memo").write_bytes(memo.MAGIC + hashlib.sha256(body).digest() + body)
    assert memo.DigestMemo(tmp_path / "memo").known == {}
