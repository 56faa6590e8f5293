"""The per-file result cache: used only for the exact bytes, source and code it was made from;
a damaged entry is a miss; nothing in the cache folder that this program did not make is
trusted, emptied or written through."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import landmine_news.checks.engine.file_check as file_check
import landmine_news.checks.engine.result_cache as result_cache
from landmine_news.checks.engine.result_cache import APPLICATION_ID, DB_FILE, clear, default_dir, open_cache
from landmine_news.checks.engine.validation import check_dataset, validate
from landmine_news.checks.report.render import as_json

from .conftest import SOURCE, run_cli, set_source, write_tiny
from .profiles import scaled

ARTICLE = "articles/tiny-article.yaml"


@pytest.fixture
def checked_files(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The name of every file the per-file check actually ran on (in this process)."""
    seen: list[str] = []
    real = file_check.check_file

    def counting(display, kind, stem, data, sources=None, rules=None):  # type: ignore[no-untyped-def]
        seen.append(Path(display).name)
        return real(display, kind, stem, data, sources, rules)

    monkeypatch.setattr(file_check, "check_file", counting)
    return seen


def _db() -> sqlite3.Connection:
    return sqlite3.connect(default_dir() / DB_FILE, isolation_level=None)


def _entries() -> list[tuple[bytes, bytes]]:
    with closing(_db()) as con:
        return [(bytes(k), bytes(v)) for k, v in con.execute("SELECT key, value FROM entries ORDER BY length(value) DESC")]


def _edit(root: Path, old: str, new: str, relative: str = ARTICLE) -> None:
    path = root / relative
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(old, new, 1) if old else text + new, encoding="utf-8")


def test_unchanged_files_are_not_checked_again_and_report_the_same(tiny: Path, checked_files: list[str]):
    _edit(tiny, "We will act.", "We will not act.")
    cold = validate(tiny, workers=1)
    assert len(checked_files) == 4 and len(_entries()) == 4
    checked_files.clear()
    warm = validate(tiny, workers=1)
    assert checked_files == []
    assert as_json(warm) == as_json(cold) and not warm.ok  # problems come back from the cache, located
    assert as_json(validate(tiny, workers=1, cache=False)) == as_json(cold)


def test_an_edited_dataset_rule_table_makes_every_file_checked_again(tiny: Path, checked_files: list[str]):
    # A figure's problems depend on the dataset's own rows (dataset/figure_rules.toml): the
    # table's digest is in every key, so a changed table never serves results made under another.
    table = tiny / "figure_rules.toml"
    row = (
        '[[row]]\nid = "within-n-years"\nwordings = ["within N years"]\nmatch = \'^within N years\\b\'\n'
        'qualifier = "at_most"\nunit = "year"\nvalue = "n"\nhigh = "n"\nhigh_inclusive = true\npoint = "n"\n'
        'examples = ["within 10 years"]\n'
    )
    table.write_text(row, encoding="utf-8")
    assert validate(tiny, workers=1).ok and len(checked_files) == 4
    checked_files.clear()
    assert validate(tiny, workers=1).ok and checked_files == []
    table.write_text(row.replace("within 10 years", "within ten years"), encoding="utf-8")
    report = validate(tiny, workers=1)
    assert sorted(checked_files) == sorted(p.name for p in tiny.glob("*/*.yaml"))
    assert [p.code for p in report.problems] == ["rule-example-unmatched"]
    checked_files.clear()
    table.unlink()
    assert validate(tiny, workers=1).ok and len(checked_files) == 4


def test_a_build_checks_every_file_once_and_leaves_a_warm_cache(tiny: Path, checked_files: list[str]):
    checked = check_dataset(tiny, workers=1, keep="rows")
    assert sorted(checked_files) == sorted(p.name for p in tiny.glob("*/*.yaml"))  # each file once
    checked_files.clear()
    assert validate(tiny, workers=1).ok and checked_files == []
    assert checked.tables["quotes"].num_rows == 2


@pytest.mark.parametrize(
    ("edit", "code"),
    [
        (lambda root: _edit(root, "We will act.", "We will not act."), "text-not-found"),
        (
            lambda root: (root / "sources/tiny.txt").write_bytes((root / "sources/tiny.txt").read_bytes() + b" "),
            "source-hash-mismatch",
        ),
        (lambda root: (root / "sources/tiny.txt").unlink(), "source-missing"),
    ],
    ids=["record", "source", "source-removed"],
)
def test_a_changed_file_or_source_is_checked_again(tiny: Path, checked_files: list[str], edit: Callable[[Path], None], code: str):
    assert validate(tiny, workers=1).ok
    checked_files.clear()
    edit(tiny)
    report = validate(tiny, workers=1)
    assert checked_files == ["tiny-article.yaml"]
    assert code in {p.code for p in report.errors}


def test_another_version_or_code_is_not_trusted(tiny: Path, checked_files: list[str], monkeypatch: pytest.MonkeyPatch):
    validate(tiny, workers=1)
    checked_files.clear()
    monkeypatch.setattr(result_cache, "generation", lambda: "other code")
    validate(tiny, workers=1)
    assert len(checked_files) == 4
    with closing(_db()) as con:  # the run that wrote pruned the other generation's entries
        assert {g for (g,) in con.execute("SELECT generation FROM entries")} == {"other code"}


def test_a_large_run_writes_its_entries_as_it_goes_and_drops_other_generations_once(
    tiny: Path, checked_files: list[str], monkeypatch: pytest.MonkeyPatch
):
    validate(tiny, workers=1)
    with closing(_db()) as con:  # an entry of an older generation of the code
        con.execute("INSERT INTO entries VALUES (?, ?, ?)", (b"old-key", "old-generation", b"old"))
    _edit(tiny, "We will act.", "We will not act.")
    monkeypatch.setattr(result_cache, "_WRITE_BATCH", 2)
    held: list[int] = []
    real_store = result_cache.ResultCache.store

    def store(self: result_cache.ResultCache, key: bytes, result: object) -> None:
        real_store(self, key, result)  # type: ignore[arg-type]
        held.append(len(self.pending))

    monkeypatch.setattr(result_cache.ResultCache, "store", store)
    monkeypatch.setattr(result_cache, "generation", lambda: "new-generation")
    checked_files.clear()
    cold = validate(tiny, workers=1)
    assert len(held) == len(checked_files) == 4 and max(held) < 2  # never more than a batch held
    with closing(_db()) as con:
        assert {g for (g,) in con.execute("SELECT generation FROM entries")} == {"new-generation"}
    checked_files.clear()
    assert as_json(validate(tiny, workers=1)) == as_json(cold) and checked_files == []  # every entry was written


def test_the_code_fingerprint_covers_the_package_modules_and_the_rule_table(tmp_path: Path):
    import shutil

    package = tmp_path / "landmine_news"
    shutil.copytree(Path(result_cache.__file__).resolve().parents[2], package)
    before = result_cache.fingerprint(package)
    (package / "checks/engine/.file_check.py.swp").write_bytes(b"editor")
    assert result_cache.fingerprint(package) == before
    for changed in ("models/data/figure_rules.toml", "checks/rules/cross_record.py"):
        original = (package / changed).read_bytes()
        (package / changed).write_bytes(original + b"\n")
        assert result_cache.fingerprint(package) != before
        (package / changed).write_bytes(original)


@pytest.mark.parametrize("offset", [0, 31, 32, 40, -1])
def test_a_flipped_byte_in_an_entry_is_a_miss_and_is_written_anew(tiny: Path, checked_files: list[str], offset: int):
    cold = validate(tiny, workers=1)
    key, value = _entries()[0]
    flipped = bytearray(value)
    flipped[offset] ^= 0x01
    with closing(_db()) as con:
        con.execute("UPDATE entries SET value = ? WHERE key = ?", (bytes(flipped), key))
    checked_files.clear()
    assert as_json(validate(tiny, workers=1)) == as_json(cold)
    assert checked_files == ["tiny-article.yaml"]
    assert dict(_entries())[key] == value


def test_an_entry_moved_to_another_key_or_truncated_is_a_miss(tiny: Path, checked_files: list[str]):
    validate(tiny, workers=1)
    (first, value1), (second, value2), *_ = _entries()
    with closing(_db()) as con:
        con.execute("UPDATE entries SET value = ? WHERE key = ?", (value2, first))
        con.execute("UPDATE entries SET value = ? WHERE key = ?", (value1[:40], second))
    checked_files.clear()
    validate(tiny, workers=1)
    assert len(checked_files) == 2


class _RunsCode:
    def __reduce__(self) -> tuple[object, ...]:
        return (print, ("an entry ran code",))


def test_a_sealed_entry_that_would_build_an_object_or_run_code_is_a_miss(
    tiny: Path, checked_files: list[str], capsys: pytest.CaptureFixture[str]
):
    import hashlib
    import pickle

    cold = validate(tiny, workers=1)
    key, _ = _entries()[0]
    for forged in (pickle.dumps(_RunsCode()), pickle.dumps(("article", Path("x"))), pickle.dumps(("too", "short"))):
        with closing(_db()) as con:
            con.execute("UPDATE entries SET value = ? WHERE key = ?", (hashlib.sha256(key + forged).digest() + forged, key))
        checked_files.clear()
        assert as_json(validate(tiny, workers=1)) == as_json(cold)
        assert checked_files == ["tiny-article.yaml"]
    assert "ran code" not in capsys.readouterr().out


def test_a_result_is_stored_under_the_bytes_that_were_checked_even_when_the_file_changes_meanwhile(
    tiny: Path, monkeypatch: pytest.MonkeyPatch
):
    # The file is invalid on disk before and after; someone makes it valid only while it is checked.
    article = tiny / ARTICLE
    _edit(tiny, "We will act.", "We will not act.")
    invalid = article.read_bytes()
    real = file_check.check_file

    def racing(display, kind, stem, data, sources=None, rules=None):  # type: ignore[no-untyped-def]
        if stem == "tiny-article":
            article.write_bytes(invalid.replace(b"We will not act.", b"We will act."))
            try:
                return real(display, kind, stem, data, sources, rules)
            finally:
                article.write_bytes(invalid)
        return real(display, kind, stem, data, sources, rules)

    monkeypatch.setattr(file_check, "check_file", racing)
    assert not validate(tiny, workers=1).ok  # the bytes read, and checked, were the invalid ones
    monkeypatch.setattr(file_check, "check_file", real)
    assert not validate(tiny, workers=1).ok
    assert as_json(validate(tiny, workers=1)) == as_json(validate(tiny, workers=1, cache=False))


def test_a_source_edited_while_its_article_is_checked_never_serves_the_old_result(tiny: Path, monkeypatch: pytest.MonkeyPatch):
    source = tiny / "sources/tiny.txt"
    good = source.read_bytes()
    real = file_check.check_file

    def racing(display, kind, stem, data, sources=None, rules=None):  # type: ignore[no-untyped-def]
        result = real(display, kind, stem, data, sources, rules)
        if stem == "tiny-article":
            source.write_bytes(good + b"edited after it was read\n")
        return result

    monkeypatch.setattr(file_check, "check_file", racing)
    assert validate(tiny, workers=1).ok  # checked against the bytes it read
    monkeypatch.setattr(file_check, "check_file", real)
    assert {p.code for p in validate(tiny, workers=1).errors} == {"source-hash-mismatch"}


def test_no_cache_neither_reads_nor_writes(tiny: Path, checked_files: list[str]):
    validate(tiny, workers=1, cache=False)
    assert not (default_dir() / DB_FILE).exists()
    validate(tiny, workers=1)
    checked_files.clear()
    validate(tiny, workers=1, cache=False)
    assert len(checked_files) == 4


def test_the_cache_is_never_written_beside_or_inside_the_dataset(tiny: Path):
    before = sorted(p.relative_to(tiny.parent) for p in tiny.parent.rglob("*"))
    validate(tiny, workers=1)
    assert sorted(p.relative_to(tiny.parent) for p in tiny.parent.rglob("*")) == before
    assert (default_dir() / DB_FILE).is_file() and (default_dir() / "CACHEDIR.TAG").is_file()


# What is found in the cache folder


def test_a_users_own_file_of_the_cache_name_is_neither_used_nor_emptied(
    tiny: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
):
    folder = tmp_path / "cache"
    folder.mkdir()
    monkeypatch.setenv(result_cache.ENV, str(folder))
    with closing(sqlite3.connect(folder / DB_FILE)) as con, con:
        con.execute("CREATE TABLE entries (note TEXT)")
        con.execute("INSERT INTO entries VALUES ('mine')")
    before = (folder / DB_FILE).read_bytes()
    assert validate(tiny, workers=1).ok
    assert (folder / DB_FILE).read_bytes() == before
    assert open_cache() is None and clear() is None and (folder / DB_FILE).read_bytes() == before
    assert "left alone" in str(result_cache.unusable())


@pytest.mark.skipif(not hasattr(os, "symlink") or os.name == "nt", reason="symlinks need privileges on Windows")
@pytest.mark.parametrize("name", [DB_FILE, "CACHEDIR.TAG"])
def test_links_in_the_cache_folder_are_never_followed(tiny: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, name: str):
    folder, elsewhere = tmp_path / "cache", tmp_path / "elsewhere"
    folder.mkdir()
    elsewhere.mkdir()
    os.symlink(elsewhere / "target", folder / name)  # dangling
    monkeypatch.setenv(result_cache.ENV, str(folder))
    assert validate(tiny, workers=1).ok
    assert list(elsewhere.iterdir()) == []  # nothing appeared outside the cache folder
    with closing(sqlite3.connect(elsewhere / "db.sqlite3")) as con, con:
        con.execute("CREATE TABLE entries (note TEXT)")
    if name == DB_FILE:
        (folder / name).unlink()
        os.symlink(elsewhere / "db.sqlite3", folder / name)  # a link to another database
        assert validate(tiny, workers=1).ok and open_cache() is None
        with closing(sqlite3.connect(elsewhere / "db.sqlite3")) as con:
            assert [r[0] for r in con.execute("SELECT name FROM sqlite_master")] == ["entries"]


def test_a_cache_file_of_ours_with_an_old_layout_is_laid_out_anew(tiny: Path, checked_files: list[str]):
    validate(tiny, workers=1)
    with closing(_db()) as con:
        con.execute("PRAGMA user_version = 0")
    checked_files.clear()
    assert validate(tiny, workers=1).ok and len(checked_files) == 4
    with closing(_db()) as con:
        assert con.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert con.execute("PRAGMA user_version").fetchone()[0] == result_cache.LAYOUT


@pytest.mark.parametrize("what", ["file", "file-above"])
def test_a_cache_folder_that_cannot_be_one_is_named_and_the_run_goes_on(tiny: Path, tmp_path: Path, what: str):
    blocker = tmp_path / "cache.txt"
    blocker.write_text("not a folder\n")
    folder = blocker if what == "file" else blocker / "sub" / "cache"
    env = {"LANDMINE_NEWS_CACHE_DIR": str(folder)}
    for args in (["validate", "--dataset", str(tiny)], ["build", "--dataset", str(tiny), "--out", str(tmp_path / "out")]):
        done = run_cli(*args, **env)
        assert done.returncode == 0, done.stderr
        assert "cannot be used" in done.stderr and "nothing is cached" in done.stderr and "Traceback" not in done.stderr
    done = run_cli("validate", "--dataset", str(tiny), "--no-cache", **env)
    assert done.returncode == 0 and "nothing is cached" not in done.stderr
    done = run_cli("cache", "clear", **env)
    assert done.returncode == 0 and "no cache file" in done.stdout
    assert blocker.read_text() == "not a folder\n"


@pytest.mark.skipif(os.name == "nt" or getattr(os, "geteuid", lambda: 0)() == 0, reason="root reads any folder")
def test_an_unreadable_cache_folder_slows_the_run_and_never_stops_it(tiny: Path, tmp_path: Path):
    folder = tmp_path / "locked"
    folder.mkdir(mode=0o000)
    try:
        done = run_cli("validate", "--dataset", str(tiny), LANDMINE_NEWS_CACHE_DIR=str(folder))
        assert done.returncode == 0 and "cannot be used" in done.stderr
    finally:
        folder.chmod(0o700)


def test_a_cache_folder_of_another_owner_the_run_cannot_write_is_no_cache(tiny: Path, monkeypatch: pytest.MonkeyPatch):
    def refuse(*args: object, **kwargs: object) -> object:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(result_cache.sqlite3, "connect", refuse)
    assert open_cache() is None and "Permission denied" in str(result_cache.unusable())
    assert validate(tiny, workers=1).ok


def test_cache_clear_deletes_only_its_own_file(tiny: Path, capsys: pytest.CaptureFixture[str]):
    validate(tiny, workers=1)
    (default_dir() / "notes.txt").write_text("mine\n")
    assert clear() == default_dir() / DB_FILE
    assert sorted(p.name for p in default_dir().iterdir()) == ["notes.txt"]
    assert clear() is None


def test_a_warm_validate_does_not_import_pydantic(tiny: Path):
    code = (
        "import sys, landmine_news as ln; report = ln.validate(sys.argv[1], workers=1); "
        "assert report.ok; print('pydantic' in sys.modules)"
    )
    runs = [subprocess.run([sys.executable, "-c", code, str(tiny)], capture_output=True, text=True, env=os.environ, check=False)]
    runs.append(
        subprocess.run([sys.executable, "-c", code, str(tiny)], capture_output=True, text=True, env=os.environ, check=False)
    )
    assert all(done.returncode == 0 for done in runs), [done.stderr for done in runs]
    assert [done.stdout.strip() for done in runs] == ["True", "False"]  # cold: checked; warm: from the cache


# Any sequence of edits reports, and builds, what a run without the cache does.


def _replace(relative: str, old: str, new: str) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        if (root / relative).exists():  # it may be deleted by an earlier edit of the sequence
            _edit(root, old, new, relative)

    edit.__name__ = f"{relative}: {old!r} -> {new!r}"
    return edit


def _delete(relative: str) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        (root / relative).unlink(missing_ok=True)

    return edit


def _write(relative: str, text: str) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        (root / relative).write_text(text, encoding="utf-8")

    return edit


def _restore(root: Path) -> None:
    with tempfile.TemporaryDirectory() as fresh:
        original = write_tiny(Path(fresh) / "d")
        for path in original.rglob("*"):
            if path.is_file():
                (root / path.relative_to(original)).write_bytes(path.read_bytes())


EDITS: list[Callable[[Path], None]] = [
    _replace(ARTICLE, "", "# a comment\n"),
    _replace(ARTICLE, "measures: area needing clearance", "measures: area to clear"),
    _replace(ARTICLE, "value: 5000", "value: 5001"),
    _replace(ARTICLE, "We will act.", "We will not act."),
    _replace(ARTICLE, "speaker: tiny-critics", "speaker: tiny-nobody"),
    _replace(ARTICLE, "id: tiny-q2", "id: tiny-q1"),
    _replace(ARTICLE, "quotes:", "quotes"),
    _replace("actors/tiny-critics.yaml", "id: tiny-critics", "id: tiny-critic"),
    _replace("actors/tiny-state.yaml", "  - TL\n", "  - TL\n  - Officials\n"),
    _replace("actors/tiny-spokesperson.yaml", "member_of:\n  - tiny-state", "member_of:\n  - tiny-spokesperson"),
    _delete("actors/tiny-state.yaml"),
    _write("actors/tiny-extra.yaml", "id: tiny-extra\nname: Extra\nkind: group\n"),
    _write("sources/orphan.txt", "Nobody uses this.\n"),
    lambda root: set_source(root, (SOURCE + "Officials said more.\n").encode("utf-8")),
    lambda root: (root / "sources/tiny.txt").write_bytes(SOURCE.encode("utf-8") + b"\n"),
    _restore,
]


@settings(max_examples=scaled(20), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(EDITS), min_size=1, max_size=4))
def test_any_edits_report_and_build_what_a_run_without_cache_does(edits: list[Callable[[Path], None]]):
    with tempfile.TemporaryDirectory() as tmp:
        root = write_tiny(Path(tmp) / "dataset")
        validate(root, workers=1)
        for edit in edits:
            edit(root)
            assert as_json(validate(root, workers=1)) == as_json(validate(root, workers=1, cache=False))
            built = check_dataset(root, workers=1, keep="rows")
            fresh = check_dataset(root, workers=1, keep="rows", cache=False)
            assert as_json(built.report) == as_json(fresh.report)
            assert all(built.tables[t].read().equals(fresh.tables[t].read()) for t in fresh.tables)
